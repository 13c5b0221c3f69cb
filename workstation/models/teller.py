"""The teller drawer: drawers and their change funds, one clerk's session on a drawer, receipts
with their fee lines and tenders, the drawer's running totals per tender, cash moves (drops to the
safe, paid in/out), blind counts, sign-offs and the adjustments appended after a close, and the
office's close of day with its deposit.

Receipts, lines, tenders, moves, counts, sign-offs and adjustments are appended, never edited: a
void is a reversing receipt pointing at the one it reverses (at most one). A session's
``live_drawer`` / ``live_clerk`` hold the drawer and the clerk while the session is not closed;
their unique indexes make a second open session on one drawer, or for one clerk, impossible on
both databases (NULLs never collide).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from workstation.models.base import Base, Versioned
from workstation.models.types import Cents, UTCDateTime


class Drawer(Versioned, Base):
    __tablename__ = "drawers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    change_fund_cents: Mapped[int] = mapped_column(Cents, nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class DrawerSession(Versioned, Base):
    """One clerk's day on one drawer: open -> counted (blind count submitted) -> closed."""

    __tablename__ = "drawer_sessions"
    __table_args__ = (Index("ix_drawer_sessions_day", "business_date", "drawer_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    drawer_id: Mapped[int] = mapped_column(ForeignKey("drawers.id"), nullable=False)
    clerk_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    business_date: Mapped[date] = mapped_column(Date, nullable=False)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="open")
    live_drawer: Mapped[int | None] = mapped_column(Integer, nullable=True, unique=True)
    live_clerk: Mapped[int | None] = mapped_column(Integer, nullable=True, unique=True)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    change_fund_cents: Mapped[int] = mapped_column(Cents, nullable=False)  # assigned
    opening_cents: Mapped[int] = mapped_column(Cents, nullable=False)  # counted
    opening_count: Mapped[str] = mapped_column(Text, nullable=False, default="{}")  # JSON
    opening_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class DrawerTotal(Base):
    """A session's running expected total of one tender, changed only by atomic
    ``SET cents = cents + :d`` in the same transaction as the posting that moves it."""

    __tablename__ = "drawer_totals"

    session_id: Mapped[int] = mapped_column(ForeignKey("drawer_sessions.id"), primary_key=True)
    tender: Mapped[str] = mapped_column(String(12), primary_key=True)
    cents: Mapped[int] = mapped_column(Cents, nullable=False, default=0)
    items: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class Receipt(Base):
    __tablename__ = "receipts"
    __table_args__ = (Index("ix_receipts_session", "session_id", "id"),
                      Index("ix_receipts_day", "business_date", "id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)
    session_id: Mapped[int] = mapped_column(ForeignKey("drawer_sessions.id"), nullable=False)
    clerk_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    business_date: Mapped[date] = mapped_column(Date, nullable=False)
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    customer_name: Mapped[str] = mapped_column(String(200), nullable=False)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), nullable=True)
    total_cents: Mapped[int] = mapped_column(Cents, nullable=False)  # fee lines, signed
    change_cents: Mapped[int] = mapped_column(Cents, nullable=False, default=0)
    kind: Mapped[str] = mapped_column(String(10), nullable=False, default="sale")  # / reversal
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("receipts.id"), nullable=True,
                                                    unique=True)
    reason_code: Mapped[str | None] = mapped_column(String(12), nullable=True)
    reason_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)


class ReceiptLine(Base):
    """A fee line: its fee code and amount, and what it pays for (a filing, a charge made by
    other work, a certificate) or ``suspense`` (a deposit applied later)."""

    __tablename__ = "receipt_lines"
    __table_args__ = (Index("ix_receipt_lines_target", "applies_to", "target_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    receipt_id: Mapped[int] = mapped_column(ForeignKey("receipts.id"), nullable=False,
                                            index=True)
    fee_code: Mapped[str] = mapped_column(String(40), nullable=False)
    description: Mapped[str] = mapped_column(String(300), nullable=False)
    quantity: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    amount_cents: Mapped[int] = mapped_column(Cents, nullable=False)
    applies_to: Mapped[str] = mapped_column(String(12), nullable=False)
    target_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reference: Mapped[str] = mapped_column(String(60), nullable=False, default="")


class ReceiptTender(Base):
    """Money on a receipt. Card: brand, last 4, authorization code and terminal reference only
    (never a card number). A mail-logged check is applied by its remittance, once."""

    __tablename__ = "receipt_tenders"
    __table_args__ = (
        Index("uq_receipt_tenders_remittance", "remittance_id", unique=True,
              sqlite_where=text("amount_cents > 0 AND remittance_id IS NOT NULL"),
              postgresql_where=text("amount_cents > 0 AND remittance_id IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    receipt_id: Mapped[int] = mapped_column(ForeignKey("receipts.id"), nullable=False,
                                            index=True)
    tender: Mapped[str] = mapped_column(String(12), nullable=False)
    amount_cents: Mapped[int] = mapped_column(Cents, nullable=False)  # signed
    check_number: Mapped[str | None] = mapped_column(String(20), nullable=True)
    payer: Mapped[str | None] = mapped_column(String(200), nullable=True)
    bank: Mapped[str | None] = mapped_column(String(100), nullable=True)
    remittance_id: Mapped[int | None] = mapped_column(ForeignKey("remittances.id"),
                                                      nullable=True)
    card_brand: Mapped[str | None] = mapped_column(String(20), nullable=True)
    card_last4: Mapped[str | None] = mapped_column(String(4), nullable=True)
    auth_code: Mapped[str | None] = mapped_column(String(12), nullable=True)
    terminal_ref: Mapped[str | None] = mapped_column(String(40), nullable=True)


class DrawerMove(Base):
    """Cash moved without a receipt: a drop to the safe (witnessed), paid in, paid out."""

    __tablename__ = "drawer_moves"
    __table_args__ = (Index("ix_drawer_moves_session", "session_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("drawer_sessions.id"), nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    cents: Mapped[int] = mapped_column(Cents, nullable=False)
    count: Mapped[str] = mapped_column(Text, nullable=False, default="{}")  # JSON denominations
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    by_user: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    witness_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class DrawerCount(Base):
    """A blind count as submitted, with the expected totals it was compared with (a snapshot)
    and who must sign it off. A recount after a rejection is another row."""

    __tablename__ = "drawer_counts"
    __table_args__ = (Index("ix_drawer_counts_session", "session_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("drawer_sessions.id"), nullable=False)
    counted_by: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    cash_count: Mapped[str] = mapped_column(Text, nullable=False)  # JSON denominations
    checks: Mapped[str] = mapped_column(Text, nullable=False, default="[]")  # JSON
    money_orders: Mapped[str] = mapped_column(Text, nullable=False, default="[]")  # JSON
    card_cents: Mapped[int] = mapped_column(Cents, nullable=False, default=0)
    card_items: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    comparison: Mapped[str] = mapped_column(Text, nullable=False)  # JSON per tender
    off_by_cents: Mapped[int] = mapped_column(Cents, nullable=False)
    sign_off: Mapped[str] = mapped_column(String(12), nullable=False)


class DrawerSignOff(Base):
    """What happened to a count, appended: the clerk's reason for a difference (``explained``),
    then, when the difference needs one, a second person's ``approved`` (the session closes) or
    ``rejected`` (the clerk counts again). The approver is never the counter."""

    __tablename__ = "drawer_sign_offs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    count_id: Mapped[int] = mapped_column(ForeignKey("drawer_counts.id"), nullable=False,
                                          index=True)
    decision: Mapped[str] = mapped_column(String(10), nullable=False)
    by_user: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class DrawerAdjustment(Base):
    """A correction to a closed session's counted money (a recount found a $20 bill), appended
    with its reason: the session goes back to counted and is signed off again."""

    __tablename__ = "drawer_adjustments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("drawer_sessions.id"), nullable=False,
                                            index=True)
    tender: Mapped[str] = mapped_column(String(12), nullable=False)
    cents: Mapped[int] = mapped_column(Cents, nullable=False)  # signed, on the counted side
    items: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    by_user: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class OfficeDay(Base):
    """The office's close of one business day, with its deposit. Appended: a day reopened
    and closed again is another row; the newest stands."""

    __tablename__ = "office_days"
    __table_args__ = (Index("ix_office_days_date", "business_date", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    business_date: Mapped[date] = mapped_column(Date, nullable=False)
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    closed_by: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    deposit_number: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)
    cash_cents: Mapped[int] = mapped_column(Cents, nullable=False)
    checks_cents: Mapped[int] = mapped_column(Cents, nullable=False)
    check_count: Mapped[int] = mapped_column(Integer, nullable=False)
    card_cents: Mapped[int] = mapped_column(Cents, nullable=False)
    deposit_due_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    summary_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
