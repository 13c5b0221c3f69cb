"""The mailroom: a tray's mail session, each envelope (the receipt of the spine), the money and
documents in it, and voids appended against them (nothing posted is edited)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workstation.models.base import Base, Versioned
from workstation.models.types import Cents, UTCDateTime


class Customer(Versioned, Base):
    """Who sends mail: law firms and service companies recur, so they are picked, not retyped."""

    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    name_sort: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    address: Mapped[str | None] = mapped_column(String(300), nullable=True)
    email: Mapped[str | None] = mapped_column(String(200), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)


class MailSession(Versioned, Base):
    """One tray opened by a clerk, with a second person verifying when money is expected."""

    __tablename__ = "mail_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)
    source: Mapped[str] = mapped_column(String(20), nullable=False)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    opened_by: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    verifier_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="open")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Envelope(Base):
    """One envelope (or walk-in visit): the control number ties its money and paper together.
    Posted once; corrections are voids appended in ``line_voids``."""

    __tablename__ = "envelopes"
    __table_args__ = (Index("ix_envelopes_session", "session_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    control_number: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)
    session_id: Mapped[int] = mapped_column(ForeignKey("mail_sessions.id"), nullable=False)
    arrived_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    postmark: Mapped[date | None] = mapped_column(Date, nullable=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), nullable=True)
    customer_name: Mapped[str] = mapped_column(String(200), nullable=False)
    correspondence_only: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    exceptions: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    outcome: Mapped[str] = mapped_column(String(20), nullable=False)
    outcome_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    logged_by: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)


class Remittance(Base):
    """Money found in an envelope. Card data beyond brand/last 4 is never stored."""

    __tablename__ = "remittances"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    envelope_id: Mapped[int] = mapped_column(ForeignKey("envelopes.id"), nullable=False,
                                             index=True)
    instrument: Mapped[str] = mapped_column(String(16), nullable=False)
    check_number: Mapped[str | None] = mapped_column(String(20), nullable=True)
    payer: Mapped[str] = mapped_column(String(200), nullable=False)
    payer_key: Mapped[str] = mapped_column(String(200), nullable=False)
    bank: Mapped[str | None] = mapped_column(String(100), nullable=True)
    amount_cents: Mapped[int] = mapped_column(Cents, nullable=False)
    payable_to_ok: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    endorsed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)

    __table_args__ = (Index("ix_remittances_payer_check", "payer_key", "check_number"),)


class EnvelopeDocument(Base):
    """A document found in an envelope: the filing it became, and the speed asked and given."""

    __tablename__ = "envelope_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    envelope_id: Mapped[int] = mapped_column(ForeignKey("envelopes.id"), nullable=False,
                                             index=True)
    filing_id: Mapped[int] = mapped_column(ForeignKey("filings.id"), nullable=False,
                                           unique=True)
    requested_level: Mapped[str] = mapped_column(String(20), nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class LineVoid(Base):
    """A correction: an envelope line voided with its reason (money lines: and a lead)."""

    __tablename__ = "line_voids"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    envelope_id: Mapped[int] = mapped_column(ForeignKey("envelopes.id"), nullable=False,
                                             index=True)
    line_kind: Mapped[str] = mapped_column(String(16), nullable=False)  # remittance, document
    line_id: Mapped[int] = mapped_column(Integer, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    voided_by: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
