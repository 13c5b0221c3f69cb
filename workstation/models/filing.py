"""A document submitted for filing, and its status history (who moved it, when)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workstation.models.base import Base, Versioned
from workstation.models.types import Cents, UTCDateTime

FILING_STATUSES = ("received", "in_review", "hold", "accepted", "rejected", "returned",
                   "completed")


class Filing(Versioned, Base):
    __tablename__ = "filings"
    __table_args__ = (Index("ix_filings_entity_received", "entity_id", "received_at"),
                      # The calendar's and the backlog's cuts: undecided, on hold, refused.
                      Index("ix_filings_status_received", "status", "received_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_number: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)
    filing_type: Mapped[str] = mapped_column(String(20), nullable=False)
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"), nullable=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    filed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    effective_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    pages: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    fee_due_cents: Mapped[int] = mapped_column(Cents, nullable=False, default=0)
    service_level: Mapped[str] = mapped_column(String(20), nullable=False, default="regular")
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="received")
    # Added with Batch Review (0005): the examiner who has taken the document and since when
    # (the status search says "with senior since 10:20"; two examiners never hold one item).
    examiner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class FilingEvent(Base):
    """One step of a filing's history. Appended, never changed."""

    __tablename__ = "filing_events"
    __table_args__ = (Index("ix_filing_events_filing_at", "filing_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    filing_id: Mapped[int] = mapped_column(ForeignKey("filings.id"), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    by_user: Mapped[str] = mapped_column(String(64), nullable=False)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
