"""Reading the Teller Drawer: a receipt as printed, a session as its screen shows it (blind for
its own clerk until the count is in), the receipts of a session, and the open mail checks a
teller may apply."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select

from workstation.db.uow import Database, UnitOfWork
from workstation.errors import UserError
from workstation.models import (
    Drawer,
    DrawerSession,
    DrawerTotal,
    Envelope,
    EnvelopeDocument,
    Filing,
    LineVoid,
    Receipt,
    ReceiptLine,
    ReceiptTender,
    Remittance,
    User,
)
from workstation.printing.teller_data import CheckPrint
from workstation.services.authz import authorize
from workstation.services.dto import Actor
from workstation.services.profile import Profile
from workstation.services.teller_dto import LineView, ReceiptView, SessionView, TenderView
from workstation.services.teller_lines import paid_cents


def _name(uow: UnitOfWork, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    user = uow.session.get(User, user_id)
    return user.username if user else "?"


def tender_detail(row: ReceiptTender) -> str:
    if row.tender == "card":
        return f"{row.card_brand} ending {row.card_last4}, auth {row.auth_code}"
    if row.tender in ("check", "money_order"):
        kind = "check" if row.tender == "check" else "money order"
        bank = f" ({row.bank})" if row.bank else ""
        mail = ", logged in Mail Sort" if row.remittance_id else ""
        return f"{kind} {row.check_number or ''}, {row.payer or ''}{bank}{mail}".strip()
    if row.tender == "refund_check":
        return "refund by check, requested from finance"
    return "cash"


def receipt_view(uow: UnitOfWork, row: Receipt) -> ReceiptView:
    lines = uow.session.execute(select(ReceiptLine).where(
        ReceiptLine.receipt_id == row.id).order_by(ReceiptLine.id)).scalars()
    tenders = uow.session.execute(select(ReceiptTender).where(
        ReceiptTender.receipt_id == row.id).order_by(ReceiptTender.id)).scalars()
    session = uow.session.get(DrawerSession, row.session_id)
    drawer = uow.session.get(Drawer, session.drawer_id) if session else None
    reverses = uow.session.get(Receipt, row.reverses_id) if row.reverses_id else None
    reversed_by = uow.session.execute(select(Receipt.number).where(
        Receipt.reverses_id == row.id)).scalar_one_or_none()
    return ReceiptView(
        id=row.id, number=row.number, kind=row.kind, business_date=row.business_date,
        posted_at=row.posted_at, clerk=_name(uow, row.clerk_id) or "?",
        drawer=drawer.code if drawer else "?", customer_name=row.customer_name,
        total_cents=row.total_cents, change_cents=row.change_cents,
        lines=tuple(LineView(li.fee_code, li.description, li.quantity, li.amount_cents,
                             li.applies_to, li.reference) for li in lines),
        tenders=tuple(TenderView(t.tender, t.amount_cents, tender_detail(t)) for t in tenders),
        reverses=reverses.number if reverses else None, reversed_by=reversed_by,
        reason=" ".join(p for p in (row.reason_code or "", row.reason_note) if p),
        approved_by=_name(uow, row.approved_by))


def checks_of(uow: UnitOfWork, *where: ColumnElement[bool]) -> tuple[CheckPrint, ...]:
    """Checks and money orders taken and still held: a check handed back on the reversal of
    its own receipt is out (matched to that receipt, not by number and amount alone, so two
    customers' identical checks are never confused)."""
    rows = uow.session.execute(
        select(ReceiptTender, Receipt.reverses_id)
        .join(Receipt, Receipt.id == ReceiptTender.receipt_id)
        .where(ReceiptTender.tender.in_(("check", "money_order")), *where)
        .order_by(ReceiptTender.id)).all()
    handed_back = Counter((reverses, t.check_number, -t.amount_cents)
                          for t, reverses in rows if t.amount_cents < 0)
    held = []
    for t, _ in rows:
        key = (t.receipt_id, t.check_number, t.amount_cents)
        if t.amount_cents <= 0:
            continue
        if handed_back[key]:
            handed_back[key] -= 1
            continue
        held.append(CheckPrint(t.check_number or "", t.payer or "", t.bank or "",
                               t.amount_cents, t.remittance_id is not None))
    return tuple(held)


def find_receipt(db: Database, actor: Actor, number: str) -> ReceiptView:
    def work(uow: UnitOfWork) -> ReceiptView:
        authorize(uow, actor, "teller.read")
        row = uow.session.execute(select(Receipt).where(
            Receipt.number == number.strip().upper())).scalar_one_or_none()
        if row is None:
            raise UserError(f"No receipt has the number {number.strip()}.", field="receipt")
        return receipt_view(uow, row)

    return db.run(work, read_only=True)


def expected_totals(uow: UnitOfWork, session_id: int) -> dict[str, tuple[int, int]]:
    rows = uow.session.execute(select(DrawerTotal.tender, DrawerTotal.cents, DrawerTotal.items)
                               .where(DrawerTotal.session_id == session_id))
    return {str(t): (int(c), int(i)) for t, c, i in rows}


def may_see_expected(uow: UnitOfWork, actor: Actor, session: DrawerSession) -> bool:
    """The session's own clerk sees the expected figures only once the count is in; leads
    (anyone who may sign off) see them for other clerks' drawers."""
    if session.clerk_id == actor.user_id:
        return session.status != "open"
    try:
        authorize(uow, actor, "teller.approve")
    except UserError:
        return False
    return True


def session_view(uow: UnitOfWork, actor: Actor, session: DrawerSession) -> SessionView:
    drawer = uow.session.get(Drawer, session.drawer_id)
    receipts = int(uow.session.execute(select(func.count()).select_from(Receipt).where(
        Receipt.session_id == session.id)).scalar_one())
    return SessionView(
        id=session.id, drawer=drawer.code if drawer else "?",
        clerk=_name(uow, session.clerk_id) or "?", business_date=session.business_date,
        status=session.status, opened_at=session.opened_at,
        change_fund_cents=session.change_fund_cents, opening_cents=session.opening_cents,
        receipts=receipts, version=session.version,
        expected=expected_totals(uow, session.id)
        if may_see_expected(uow, actor, session) else None)


def my_session(db: Database, actor: Actor) -> SessionView | None:
    """The clerk's drawer session that is not closed yet, if any."""
    def work(uow: UnitOfWork) -> SessionView | None:
        authorize(uow, actor, "teller.read")
        row = uow.session.execute(select(DrawerSession).where(
            DrawerSession.live_clerk == actor.user_id)).scalar_one_or_none()
        return session_view(uow, actor, row) if row else None

    return db.run(work, read_only=True)


def session(db: Database, actor: Actor, session_id: int) -> SessionView:
    def work(uow: UnitOfWork) -> SessionView:
        authorize(uow, actor, "teller.read")
        row = uow.session.get(DrawerSession, session_id)
        if row is None:
            raise UserError(f"No drawer session has the id {session_id}.", field="session")
        return session_view(uow, actor, row)

    return db.run(work, read_only=True)


def session_receipts(db: Database, actor: Actor, session_id: int) -> list[ReceiptView]:
    def work(uow: UnitOfWork) -> list[ReceiptView]:
        authorize(uow, actor, "teller.read")
        rows = uow.session.execute(select(Receipt).where(Receipt.session_id == session_id)
                                   .order_by(Receipt.id)).scalars().all()
        return [receipt_view(uow, row) for row in rows]

    return db.run(work, read_only=True)


# ---------------------------------------------------------------------- what a receipt can take

@dataclass(frozen=True)
class DrawerRow:
    code: str
    name: str
    change_fund_cents: int
    held_by: str | None  # the clerk whose session holds it, if any


@dataclass(frozen=True)
class MailDocument:
    document_number: str
    label: str
    fee_due_cents: int
    paid: bool


@dataclass(frozen=True)
class MailCheck:
    remittance_id: int
    instrument: str
    check_number: str
    payer: str
    amount_cents: int
    applied_on: str | None  # the receipt that applied it


@dataclass(frozen=True)
class MailPayment:
    """An envelope logged in Mail Sort, as the teller applies its checks to its documents."""

    control_number: str
    customer_name: str
    documents: tuple[MailDocument, ...]
    checks: tuple[MailCheck, ...]


def drawers(db: Database, actor: Actor) -> list[DrawerRow]:
    def work(uow: UnitOfWork) -> list[DrawerRow]:
        authorize(uow, actor, "teller.read")
        rows = uow.session.execute(
            select(Drawer, User.username).outerjoin(
                DrawerSession, DrawerSession.live_drawer == Drawer.id)
            .outerjoin(User, User.id == DrawerSession.clerk_id)
            .where(Drawer.active).order_by(Drawer.code)).all()
        return [DrawerRow(d.code, d.name, d.change_fund_cents, who) for d, who in rows]

    return db.run(work, read_only=True)


def mail_payment(db: Database, profile: Profile, actor: Actor, control: str) -> MailPayment:
    """The documents and checks of envelope ``control`` (its slip's number or barcode)."""
    def work(uow: UnitOfWork) -> MailPayment:
        authorize(uow, actor, "teller.read")
        envelope = uow.session.execute(select(Envelope).where(
            Envelope.control_number == control.strip().upper())).scalar_one_or_none()
        if envelope is None:
            raise UserError(f"No envelope has the control number {control.strip()}.",
                            field="control")
        voided = {(str(kind), int(line)) for kind, line in uow.session.execute(
            select(LineVoid.line_kind, LineVoid.line_id).where(
                LineVoid.envelope_id == envelope.id))}
        return MailPayment(envelope.control_number, envelope.customer_name,
                           tuple(_mail_documents(uow, profile, envelope.id, voided)),
                           tuple(_mail_checks(uow, envelope.id, voided)))

    return db.run(work, read_only=True)


def _mail_documents(uow: UnitOfWork, profile: Profile, envelope_id: int,
                    voided: set[tuple[str, int]]) -> list[MailDocument]:
    rows = uow.session.execute(
        select(EnvelopeDocument.id, Filing).join(Filing, Filing.id == EnvelopeDocument.filing_id)
        .where(EnvelopeDocument.envelope_id == envelope_id).order_by(EnvelopeDocument.id)).all()
    return [MailDocument(f.document_number, profile.filing_types.get(f.filing_type).label,
                         f.fee_due_cents, paid_cents(uow, "filing", f.id) > 0)
            for line_id, f in rows if ("document", line_id) not in voided]


def _mail_checks(uow: UnitOfWork, envelope_id: int,
                 voided: set[tuple[str, int]]) -> list[MailCheck]:
    rows = uow.session.execute(select(Remittance).where(
        Remittance.envelope_id == envelope_id,
        Remittance.instrument.in_(("check", "money_order"))).order_by(Remittance.id)).scalars()
    out = []
    for r in rows:
        if ("remittance", r.id) in voided:
            continue
        applied = uow.session.execute(select(Receipt.number).join(
            ReceiptTender, ReceiptTender.receipt_id == Receipt.id).where(
            ReceiptTender.remittance_id == r.id, ReceiptTender.amount_cents > 0)).scalar()
        out.append(MailCheck(r.id, r.instrument, r.check_number or "", r.payer,
                             r.amount_cents, applied))
    return out
