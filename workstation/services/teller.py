"""Teller Drawer: a clerk opens a drawer by counting its float, takes fees on receipts in cash,
check, money order and card, and drops cash to the safe with a lead as witness.

Every posting changes the session's running totals (``drawer_totals``) by atomic
``SET cents = cents + :d`` in the same transaction as the receipt, so two postings never lose
each other's money; ``teller_journal.recomputed`` folds the journal again and the count refuses
to go on if the two disagree. Receipt numbers are gapless (allocated in the transaction). A
receipt carries the key its screen made for it: posting the same key again returns the receipt
already posted instead of taking the money twice (a double click, a retry after a lost reply).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from workstation.db.uow import Database, UnitOfWork
from workstation.domain import drawer as arithmetic
from workstation.domain.drawer import DrawerError
from workstation.domain.money import format_cents
from workstation.domain.teller_rules import TENDERS
from workstation.errors import PermissionDenied, UserError
from workstation.models import (
    Drawer,
    DrawerMove,
    DrawerSession,
    DrawerTotal,
    Receipt,
)
from workstation.models.types import utcnow
from workstation.printing.teller_data import ReceiptPrint
from workstation.services import audit, numbering, teller_lines
from workstation.services.authz import authorize
from workstation.services.dto import Actor
from workstation.services.profile import Profile
from workstation.services.teller_dto import ReceiptInput, ReceiptView
from workstation.services.teller_papers import receipt_print
from workstation.services.teller_read import receipt_view


def receipt_number(n: int) -> str:
    return f"R{n:08d}"


# ---------------------------------------------------------------------- drawers

def add_drawer(db: Database, profile: Profile, actor: Actor, code: str, name: str,
               change_fund_cents: int | None = None) -> int:
    """A lead sets up a drawer with its change fund (the profile's unless given)."""
    code = code.strip().upper()
    if not code or len(code) > 12:
        raise UserError("A drawer code is 1 to 12 letters or digits.", field="code")
    fund = profile.teller.change_fund_cents if change_fund_cents is None else change_fund_cents
    if fund < 0:
        raise UserError("The change fund is never negative.", field="change_fund")

    def work(uow: UnitOfWork) -> int:
        authorize(uow, actor, "teller.drawers")
        if uow.session.execute(select(Drawer.id).where(Drawer.code == code)).first():
            raise UserError(f"There is a drawer {code} already.", field="code")
        row = Drawer(code=code, name=name.strip() or code, change_fund_cents=fund)
        uow.session.add(row)
        uow.session.flush()
        audit.record(uow, actor, "teller.add_drawer", "drawer", row.id,
                     after={"code": code, "change_fund": fund})
        uow.commit()
        return row.id

    return db.run(work)


# ---------------------------------------------------------------------- opening

def open_session(db: Database, profile: Profile, actor: Actor, drawer_code: str,
                 count: Mapping[str, int], note: str = "") -> int:
    """Open ``drawer_code`` for the clerk with the float counted by denomination. A float that
    differs from the drawer's change fund is recorded with the clerk's note, never hidden."""
    try:
        opening = arithmetic.cash_of(profile.teller, count)
    except DrawerError as exc:
        raise UserError(str(exc).capitalize() + ".", field="count") from exc

    def work(uow: UnitOfWork) -> int:
        authorize(uow, actor, "teller.receipt")
        drawer = uow.session.execute(select(Drawer).where(
            Drawer.code == drawer_code.strip().upper(), Drawer.active)).scalar_one_or_none()
        if drawer is None:
            raise UserError(f"There is no drawer {drawer_code.strip()}.", field="drawer")
        difference = opening - drawer.change_fund_cents
        if difference and not note.strip():
            raise UserError(
                f"The float counted is {format_cents(opening)}, the change fund is "
                f"{format_cents(drawer.change_fund_cents)}: say why they differ.", field="note")
        _refuse_second_session(uow, drawer, actor)
        now = utcnow()
        row = DrawerSession(
            drawer_id=drawer.id, clerk_id=actor.user_id, status="open",
            business_date=now.astimezone(profile.calendar.zone).date(),
            live_drawer=drawer.id, live_clerk=actor.user_id, opened_at=now,
            change_fund_cents=drawer.change_fund_cents, opening_cents=opening,
            opening_count=json.dumps(dict(count), sort_keys=True), opening_note=note.strip())
        uow.session.add(row)
        uow.session.flush()
        for tender in TENDERS:
            uow.session.add(DrawerTotal(session_id=row.id, tender=tender,
                                        cents=opening if tender == "cash" else 0, items=0))
        audit.record(uow, actor, "teller.open", "drawer_session", row.id,
                     after={"drawer": drawer.code, "opening": opening,
                            "difference": difference}, reason=note.strip() or None)
        uow.commit()
        return row.id

    try:
        return db.run(work)
    except IntegrityError:  # another workstation opened the same drawer at the same moment
        raise UserError(f"Drawer {drawer_code.strip().upper()} was opened by someone else "
                        "just now.", field="drawer") from None


def _refuse_second_session(uow: UnitOfWork, drawer: Drawer, actor: Actor) -> None:
    held = uow.session.execute(select(DrawerSession).where(
        (DrawerSession.live_drawer == drawer.id) | (DrawerSession.live_clerk == actor.user_id))
    ).scalars().all()
    for other in held:
        if other.live_clerk == actor.user_id:
            mine = uow.session.get(Drawer, other.drawer_id)
            raise UserError(f"You have drawer {mine.code if mine else '?'} open; close it "
                            "first.", field="drawer")
        raise UserError(f"Drawer {drawer.code} is open by someone else.", field="drawer")


def own_session(uow: UnitOfWork, actor: Actor) -> DrawerSession:
    found = uow.session.execute(select(DrawerSession).where(
        DrawerSession.live_clerk == actor.user_id)).scalar_one_or_none()
    if found is None or found.status != "open":
        raise UserError("Open your drawer first.", field="drawer")
    return found


def move_totals(uow: UnitOfWork, session_id: int, movements: list[arithmetic.Movement]) -> None:
    """Add the movements' effects to the session's running totals, atomically per tender."""
    sums: dict[str, arithmetic.Total] = {}
    for movement in movements:
        sums[movement.tender] = sums.get(movement.tender, arithmetic.Total()) + \
            arithmetic.effect(movement)
    for tender, total in sums.items():
        uow.session.execute(update(DrawerTotal).where(
            DrawerTotal.session_id == session_id, DrawerTotal.tender == tender)
            .values(cents=DrawerTotal.cents + total.cents, items=DrawerTotal.items + total.items))


def cash_on_hand(uow: UnitOfWork, session_id: int) -> int:
    return int(uow.session.execute(select(DrawerTotal.cents).where(
        DrawerTotal.session_id == session_id, DrawerTotal.tender == "cash")).scalar_one())


# ---------------------------------------------------------------------- receipts

def post_receipt(db: Database, profile: Profile, actor: Actor, given: ReceiptInput
                 ) -> ReceiptView:
    """Post a receipt in the clerk's open drawer; the same key twice posts once."""
    key = given.idempotency_key.strip()
    if not key:
        raise UserError("The receipt has no key; start it again.", field="receipt")
    checked = teller_lines.check_input(profile, given)

    def work(uow: UnitOfWork) -> ReceiptView:
        authorize(uow, actor, "teller.receipt")
        done = uow.session.execute(select(Receipt).where(
            Receipt.idempotency_key == key)).scalar_one_or_none()
        if done is not None:
            return receipt_view(uow, done)
        session = own_session(uow, actor)
        lines = teller_lines.resolve_lines(uow, profile, given.lines)
        tenders = teller_lines.resolve_tenders(uow, checked.tenders)
        total = sum(line.amount_cents for line in lines)
        change = teller_lines.change_due(total, tenders)
        now = utcnow()
        row = Receipt(number=receipt_number(numbering.next_number(uow, "receipt")),
                      session_id=session.id, clerk_id=actor.user_id,
                      business_date=session.business_date, posted_at=now,
                      customer_name=checked.customer_name, customer_id=given.customer_id,
                      total_cents=total, change_cents=change, kind="sale",
                      idempotency_key=key)
        uow.session.add(row)
        uow.session.flush()
        teller_lines.add_rows(uow, row, lines, tenders)
        move_totals(uow, session.id, teller_lines.movements(tenders, change))
        audit.record(uow, actor, "teller.receipt", "receipt", row.id,
                     after={"number": row.number, "total": total, "change": change,
                            "tenders": sorted({t.tender for t in tenders})})
        uow.commit()
        return receipt_view(uow, row)

    try:
        return db.run(work)
    except IntegrityError:  # the same key posted by a retry at the same moment: read it back
        return db.run(lambda uow: receipt_view(uow, uow.session.execute(select(Receipt).where(
            Receipt.idempotency_key == key)).scalar_one()), read_only=True)


# ---------------------------------------------------------------------- drops

def drop(db: Database, profile: Profile, actor: Actor, count: Mapping[str, int],
         witness: Actor | None, reason: str = "") -> int:
    """Cash taken from the drawer to the safe, counted by denomination, with a lead as
    witness (money never changes hands uncounted: WA SAO "double count", teller.md 5)."""
    try:
        cents = arithmetic.cash_of(profile.teller, count)
    except DrawerError as exc:
        raise UserError(str(exc).capitalize() + ".", field="count") from exc
    if cents <= 0:
        raise UserError("Count the cash being dropped.", field="count")

    def work(uow: UnitOfWork) -> int:
        authorize(uow, actor, "teller.receipt")
        _check_witness(uow, actor, witness)
        assert witness is not None
        session = own_session(uow, actor)
        if cents > cash_on_hand(uow, session.id):
            raise UserError("That is more cash than the drawer should hold: count again.",
                            field="count")
        row = DrawerMove(session_id=session.id, kind="drop", cents=cents,
                         count=json.dumps(dict(count), sort_keys=True), reason=reason.strip(),
                         by_user=actor.user_id, witness_id=witness.user_id, at=utcnow())
        uow.session.add(row)
        uow.session.flush()
        move_totals(uow, session.id, [arithmetic.Movement("drop", "cash", cents)])
        audit.record(uow, actor, "teller.drop", "drawer_session", session.id,
                     after={"cents": cents}, approver=witness.username,
                     reason=reason.strip() or None)
        uow.commit()
        return row.id

    return db.run(work)


def _check_witness(uow: UnitOfWork, actor: Actor, witness: Actor | None) -> None:
    if witness is None:
        raise UserError("A lead witnesses the drop.", field="approver")
    if witness.user_id == actor.user_id:
        raise UserError("The witness must be someone else.", field="approver")
    try:
        authorize(uow, witness, "teller.approve")
    except PermissionDenied as exc:
        raise PermissionDenied(exc.message, field="approver", code=exc.code) from exc


# ---------------------------------------------------------------------- reprints

def reprint(db: Database, profile: Profile, actor: Actor, number: str) -> ReceiptPrint:
    """A receipt printed again: marked REPRINT, and the reprint is on the audit trail (who
    printed which receipt again, when), so a second copy never passes for an original."""
    def work(uow: UnitOfWork) -> ReceiptPrint:
        authorize(uow, actor, "teller.read")
        row = uow.session.execute(select(Receipt).where(
            Receipt.number == number.strip().upper())).scalar_one_or_none()
        if row is None:
            raise UserError(f"No receipt has the number {number.strip()}.", field="receipt")
        audit.record(uow, actor, "teller.reprint", "receipt", row.id,
                     after={"number": row.number})
        view = receipt_view(uow, row)
        uow.commit()
        return receipt_print(profile, view, reprint=True)

    return db.run(work)
