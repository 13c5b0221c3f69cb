"""Voiding a receipt: never an edit. A reversing receipt with a reason code from teller.toml,
posted in the voiding clerk's open drawer and approved by a lead who is neither that clerk nor
the one who took the money (Tyler's complaint of a supervisor's void landing in the supervisor's
batch is avoided: the reversal goes where the money goes back out).

What goes back, tender by tender: cash out of the drawer; a card refunded on the terminal; a
check handed back while its drawer is still open, else a refund by check requested from finance
(it leaves no drawer and is listed in the finance export), as is a mail-logged check. A filing or
charge the receipt paid for is unpaid again; a receipt is reversed at most once.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from workstation.db.uow import Database, UnitOfWork
from workstation.domain.drawer import Movement
from workstation.errors import PermissionDenied, UserError
from workstation.models import Charge, DrawerSession, Receipt, ReceiptLine, ReceiptTender
from workstation.models.types import utcnow
from workstation.services import audit, numbering
from workstation.services.authz import authorize
from workstation.services.dto import Actor
from workstation.services.profile import Profile
from workstation.services.teller import cash_on_hand, move_totals, own_session, receipt_number
from workstation.services.teller_dto import REFUND_CHECK, ReceiptView
from workstation.services.teller_read import receipt_view


def void_receipt(db: Database, profile: Profile, actor: Actor, number: str, reason_code: str,
                 note: str, approver: Actor | None) -> ReceiptView:
    """Reverse receipt ``number``; returns the reversing receipt."""
    try:
        reason = profile.teller.void_reason(reason_code)
    except KeyError:
        raise UserError("Pick a reason for the void.", field="reason") from None

    def work(uow: UnitOfWork) -> ReceiptView:
        authorize(uow, actor, "teller.receipt")
        original = uow.session.execute(select(Receipt).where(
            Receipt.number == number.strip().upper())).scalar_one_or_none()
        if original is None:
            raise UserError(f"No receipt has the number {number.strip()}.", field="receipt")
        _check_original(uow, original)
        _check_approver(uow, actor, approver, original)
        assert approver is not None
        session = own_session(uow, actor)
        tenders = _reversed_tenders(uow, original, session)
        cash_back = sum(-t.amount_cents for t in tenders if t.tender == "cash")
        if cash_back > cash_on_hand(uow, session.id):
            raise UserError("Your drawer does not hold the cash to hand back.", field="receipt")
        row = Receipt(
            number=receipt_number(numbering.next_number(uow, "receipt")),
            session_id=session.id, clerk_id=actor.user_id, business_date=session.business_date,
            posted_at=utcnow(), customer_name=original.customer_name,
            customer_id=original.customer_id, total_cents=-original.total_cents,
            change_cents=0, kind="reversal", reverses_id=original.id,
            reason_code=reason.code, reason_note=note.strip(), approved_by=approver.user_id,
            idempotency_key=f"void:{original.number}")
        uow.session.add(row)
        uow.session.flush()
        _reverse_lines(uow, original, row)
        for tender in tenders:
            tender.receipt_id = row.id
            uow.session.add(tender)
        move_totals(uow, session.id, [Movement("returned", t.tender, -t.amount_cents)
                                      for t in tenders if t.tender != REFUND_CHECK])
        audit.record(uow, actor, "teller.void", "receipt", original.id,
                     after={"reversal": row.number, "reason": reason.code},
                     reason=note.strip() or reason.label, approver=approver.username)
        uow.commit()
        return receipt_view(uow, row)

    try:
        return db.run(work)
    except IntegrityError:  # voided at the same moment elsewhere
        raise UserError(f"Receipt {number.strip()} was voided just now.",
                        field="receipt") from None


def _check_original(uow: UnitOfWork, original: Receipt) -> None:
    if original.kind != "sale":
        raise UserError(f"{original.number} is itself a reversal.", field="receipt")
    done = uow.session.execute(select(Receipt.number).where(
        Receipt.reverses_id == original.id)).scalar_one_or_none()
    if done is not None:
        raise UserError(f"{original.number} is voided already, by {done}.", field="receipt")


def _check_approver(uow: UnitOfWork, actor: Actor, approver: Actor | None,
                    original: Receipt) -> None:
    if approver is None:
        raise UserError("A lead approves the void.", field="approver")
    if approver.user_id in (actor.user_id, original.clerk_id):
        raise UserError("The approver is neither the clerk voiding nor the one who took the "
                        "money.", field="approver")
    try:
        authorize(uow, approver, "teller.approve")
    except PermissionDenied as exc:
        raise PermissionDenied(exc.message, field="approver", code=exc.code) from exc


def _reversed_tenders(uow: UnitOfWork, original: Receipt,
                      session: DrawerSession) -> list[ReceiptTender]:
    """The original's tenders handed back, change netted out of the cash."""
    rows = uow.session.execute(select(ReceiptTender).where(
        ReceiptTender.receipt_id == original.id).order_by(ReceiptTender.id)).scalars().all()
    same_drawer_open = original.session_id == session.id
    out: list[ReceiptTender] = []
    change = original.change_cents
    for row in rows:
        amount = row.amount_cents
        tender = row.tender
        if tender == "cash":
            amount, change = amount - change, 0  # the change went back already
            if amount <= 0:
                continue
        elif tender in ("check", "money_order") and (row.remittance_id or not same_drawer_open):
            tender = REFUND_CHECK  # the check is deposited or leaving: finance refunds it
        out.append(ReceiptTender(
            tender=tender, amount_cents=-amount, check_number=row.check_number,
            payer=row.payer, bank=row.bank, remittance_id=row.remittance_id,
            card_brand=row.card_brand, card_last4=row.card_last4, auth_code=row.auth_code,
            terminal_ref=row.terminal_ref))
    return out


def _reverse_lines(uow: UnitOfWork, original: Receipt, reversal: Receipt) -> None:
    lines = uow.session.execute(select(ReceiptLine).where(
        ReceiptLine.receipt_id == original.id).order_by(ReceiptLine.id)).scalars().all()
    for line in lines:
        uow.session.add(ReceiptLine(
            receipt_id=reversal.id, fee_code=line.fee_code, description=line.description,
            quantity=line.quantity, amount_cents=-line.amount_cents, applies_to=line.applies_to,
            target_id=line.target_id, reference=line.reference))
        if line.applies_to == "charge" and line.target_id is not None:
            charge = uow.session.get(Charge, line.target_id)
            if charge is not None:
                charge.status = "due"
