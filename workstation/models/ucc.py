"""UCC Article 9 records: the initial financing statement, every record linked to it, parties."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from workstation.models.base import Base
from workstation.models.types import UTCDateTime

UCC_RECORD_TYPES = ("initial", "amendment", "assignment", "continuation", "termination",
                    "information")
LAPSE_KINDS = ("standard", "public_finance", "manufactured_home", "transmitting_utility")


class UccRecord(Base):
    """A filed record. Filed records are never edited: a change is a new linked record."""

    __tablename__ = "ucc_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_number: Mapped[str] = mapped_column(String(24), unique=True, nullable=False)
    record_type: Mapped[str] = mapped_column(String(16), nullable=False)
    # Every record after the first points at its initial financing statement (9-519(c)).
    initial_id: Mapped[int | None] = mapped_column(ForeignKey("ucc_records.id"), nullable=True,
                                                   index=True)
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    lapse_kind: Mapped[str] = mapped_column(String(24), nullable=False, default="standard")
    # The initial statement's current lapse date (moved by continuations); None: never lapses.
    lapse_date: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    pages: Mapped[int] = mapped_column(Integer, nullable=False, default=1)


class UccParty(Base):
    __tablename__ = "ucc_parties"
    __table_args__ = (
        Index("ix_ucc_parties_search", "role", "search_key"),
        Index("ix_ucc_parties_individual", "role", "last_key", "first_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("ucc_records.id"), nullable=False,
                                           index=True)
    role: Mapped[str] = mapped_column(String(16), nullable=False)  # debtor, secured_party
    kind: Mapped[str] = mapped_column(String(16), nullable=False)  # organization, individual
    organization: Mapped[str | None] = mapped_column(String(300), nullable=True)
    last_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    first_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    middle_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    suffix: Mapped[str | None] = mapped_column(String(10), nullable=True)
    # Standard search logic key (organisations) or the last-name key (individuals).
    search_key: Mapped[str] = mapped_column(String(300), nullable=False)
    last_key: Mapped[str | None] = mapped_column(String(100), nullable=True)
    first_key: Mapped[str | None] = mapped_column(String(100), nullable=True)
    street: Mapped[str | None] = mapped_column(String(200), nullable=True)
    city: Mapped[str | None] = mapped_column(String(100), nullable=True)
    state: Mapped[str | None] = mapped_column(String(2), nullable=True)
    zip: Mapped[str | None] = mapped_column(String(10), nullable=True)
