"""Work batches: one service type x speed x work level; filings go in as Mail Sort routes them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workstation.models.base import Base, Versioned
from workstation.models.types import UTCDateTime

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
