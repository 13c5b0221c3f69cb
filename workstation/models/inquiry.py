"""Inquiries (questions, requests, complaints) and what hangs on them: the thread of entries,
attachments, status changes (the clocks are recomputed from these), links to the register and
the money, who is looking at one right now, and fees a records request will be charged.

Mail Sort creates inquiries for correspondence-only envelopes; the Inquiry Queue works them.
Entries, status changes and links are appended, never edited (a correction is a new entry).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from workstation.models.base import Base, Versioned
from workstation.models.types import Cents, UTCDateTime, utcnow


class Inquiry(Versioned, Base):
    __tablename__ = "inquiries"
    __table_args__ = (
        Index("ix_inquiries_status_received", "status", "received_at"),
        # The queue's pages: open work by due time, a clerk's own by due time, "get next".
        Index("ix_inquiries_queue", "status_kind", "due_at", "id"),
        Index("ix_inquiries_owner_queue", "owner_id", "status_kind", "due_at"),
        Index("ix_inquiries_next", "status_kind", "owner_id", "priority", "received_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)
    channel: Mapped[str] = mapped_column(String(20), nullable=False)
    arrived_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    requester: Mapped[str] = mapped_column(String(200), nullable=False)
    category: Mapped[str] = mapped_column(String(30), nullable=False, default="other")
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="new")
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="")
    envelope_id: Mapped[int | None] = mapped_column(ForeignKey("envelopes.id"), nullable=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    # Added with the Inquiry Queue (0004).
    subject: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    requester_contact: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    requester_address: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # open / paused / done: the status's kind, kept beside it so the queue's index can use it.
    status_kind: Mapped[str] = mapped_column(String(8), nullable=False, default="open")
    priority: Mapped[int] = mapped_column(Integer, nullable=False, default=5)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False,
                                                       default=utcnow)
    # The earliest running clock's due time and whether any clock is breached: both recomputed
    # from the history at every change (never counted up), stored so the queue sorts in SQL.
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    breached: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("inquiries.id"),
                                                       nullable=True)
    # An imported e-mail's Message-ID: the same message is not imported twice.
    message_id: Mapped[str | None] = mapped_column(String(300), unique=True, nullable=True)


class InquiryEntry(Base):
    """One entry in an inquiry's thread: inbound, outbound, internal note or phone note."""

    __tablename__ = "inquiry_entries"
    __table_args__ = (
        Index("ix_inquiry_entries_inquiry", "inquiry_id", "id"),
        # The inquiry report's answers, read from the index alone (migration 0009).
        Index("ix_inquiry_entries_outbound", "inquiry_id", "kind", "channel", "at", "mailed_at",
              "template", sqlite_where=text("kind = 'outbound'"),
              postgresql_where=text("kind = 'outbound'")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id"), nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)  # inbound/outbound/note/phone
    channel: Mapped[str] = mapped_column(String(20), nullable=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    subject: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    body: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # Outbound: the clerk's window made this key once; a double click or retry finds it taken.
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    template: Mapped[str | None] = mapped_column(String(40), nullable=True)
    # A letter stops the response clock when it is mailed, not when it is printed.
    mailed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # What had to be said about reading it (an imported e-mail's problems), for the record.
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")


class InquiryAttachment(Base):
    __tablename__ = "inquiry_attachments"
    __table_args__ = (Index("ix_inquiry_attachments_entry", "entry_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("inquiry_entries.id"), nullable=False)
    filename: Mapped[str] = mapped_column(String(255), nullable=False)
    content_type: Mapped[str] = mapped_column(String(100), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


class InquiryStatusChange(Base):
    """Each status an inquiry had and when: the clocks' pauses are read from these."""

    __tablename__ = "inquiry_status_changes"
    __table_args__ = (Index("ix_inquiry_status_changes_inquiry", "inquiry_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id"), nullable=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    changed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")


class InquiryLink(Base):
    """An inquiry tied to a record: entity, filing, UCC record, remittance or envelope."""

    __tablename__ = "inquiry_links"
    __table_args__ = (
        UniqueConstraint("inquiry_id", "kind", "target_id", name="uq_inquiry_links_target"),
        Index("ix_inquiry_links_target", "kind", "target_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id"), nullable=False)
    kind: Mapped[str] = mapped_column(String(12), nullable=False)
    target_id: Mapped[int] = mapped_column(Integer, nullable=False)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    added_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class InquiryPresence(Base):
    """Who has an inquiry open (viewing) or is writing an answer (composing): a heartbeat row
    per person, renewed every few seconds; a row older than the profile's presence seconds is
    ignored, so a crashed workstation's presence fades by itself."""

    __tablename__ = "inquiry_presence"

    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    state: Mapped[str] = mapped_column(String(10), nullable=False)  # viewing / composing
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class Charge(Base):
    """A fee the counter is to collect, made by the work that needs it (a records request's
    copies or certificate); the teller's receipt settles it. Appended; a void is a status the
    teller's reversing receipt sets, with the amount never changed."""

    __tablename__ = "charges"
    __table_args__ = (Index("ix_charges_source", "source_kind", "source_id"),
                      Index("ix_charges_status", "status"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_kind: Mapped[str] = mapped_column(String(12), nullable=False)  # "inquiry", ...
    source_id: Mapped[int] = mapped_column(Integer, nullable=False)
    fee_code: Mapped[str] = mapped_column(String(40), nullable=False)
    description: Mapped[str] = mapped_column(String(300), nullable=False)
    quantity: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    amount_cents: Mapped[int] = mapped_column(Cents, nullable=False)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="due")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
