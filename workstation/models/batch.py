"""Work batches: one service type x speed x work level; filings go in as Mail Sort routes them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workstation.models.base import Base, Versioned
from workstation.models.types import Cents, UTCDateTime

BATCH_STATUSES = ("open", "in_review", "qc", "balanced", "closed", "reopened")


class Batch(Versioned, Base):
    __tablename__ = "batches"
    __table_args__ = (
        Index("ix_batches_class_status", "service_type", "service_level", "work_level",
              "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)
    service_type: Mapped[str] = mapped_column(String(20), nullable=False)
    service_level: Mapped[str] = mapped_column(String(20), nullable=False)
    work_level: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="open")
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class BatchItem(Base):
    """A filing's place in a batch. A move to another batch appends a row with its reason."""

    __tablename__ = "batch_items"
    __table_args__ = (Index("ix_batch_items_batch", "batch_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"), nullable=False)
    filing_id: Mapped[int] = mapped_column(ForeignKey("filings.id"), nullable=False, index=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    added_by: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)  # an override of routing


class Examination(Base):
    """An examiner's decision on a filing in a batch: accepted, rejected, returned or held.
    Appended, never edited: a held filing's later decision is a new row, and the newest row is
    the filing's standing decision. ``started_at`` is when the examiner took the item, so
    productivity (time per item) is measured, not guessed."""

    __tablename__ = "examinations"
    __table_args__ = (Index("ix_examinations_filing", "filing_id", "id"),
                      Index("ix_examinations_batch", "batch_id", "id"),
                      Index("ix_examinations_examiner", "decided_by", "decided_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    filing_id: Mapped[int] = mapped_column(ForeignKey("filings.id"), nullable=False)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"), nullable=False)
    decision: Mapped[str] = mapped_column(String(10), nullable=False)
    reasons: Mapped[str] = mapped_column(String(400), nullable=False, default="")  # codes, ","
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    follow_up_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # holds
    would_be_filed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    money: Mapped[str | None] = mapped_column(String(8), nullable=True)  # refund/hold/credit
    refund_cents: Mapped[int] = mapped_column(Cents, nullable=False, default=0)
    credit_cents: Mapped[int] = mapped_column(Cents, nullable=False, default=0)
    held_cents: Mapped[int] = mapped_column(Cents, nullable=False, default=0)
    answers: Mapped[str] = mapped_column(Text, nullable=False, default="")  # checklist, JSON
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    decided_by: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class QualityCheck(Base):
    """A second person's check of an examined item's key fields against the paper."""

    __tablename__ = "quality_checks"
    __table_args__ = (Index("ix_quality_checks_batch", "batch_id", "filing_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"), nullable=False)
    filing_id: Mapped[int] = mapped_column(ForeignKey("filings.id"), nullable=False)
    result: Mapped[str] = mapped_column(String(10), nullable=False)  # match / mismatch
    fields: Mapped[str] = mapped_column(String(200), nullable=False, default="")  # mismatched
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    checked_by: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class BatchEvent(Base):
    """A batch's history: closed (with its pages and balance), reopened (with the lead's
    reason), moved items. The batch row carries the current status; this carries why."""

    __tablename__ = "batch_events"
    __table_args__ = (Index("ix_batch_events_batch", "batch_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"), nullable=False)
    kind: Mapped[str] = mapped_column(String(12), nullable=False)  # closed / reopened / ...
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    by_user: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    pages: Mapped[int | None] = mapped_column(Integer, nullable=True)
    totals: Mapped[str] = mapped_column(Text, nullable=False, default="")  # JSON, by tender
    # SHA-256 of the close report's facts (canonical JSON), not of one drawing of the PDF.
    report_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
