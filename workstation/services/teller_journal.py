"""A drawer session's expected totals recomputed from its journal (the opening count, every
receipt's tenders and change, every cash move), independently of the running totals the
postings keep. The count compares the two and stops if they differ: a disagreement is a bug
in the program, never a clerk's shortage (the bug class of teller.md 3 #1-#6)."""

from __future__ import annotations

from sqlalchemy import case, func, select

from workstation.db.uow import UnitOfWork
from workstation.domain import drawer as arithmetic
from workstation.domain.drawer import Movement, Total
from workstation.domain.teller_rules import TENDERS
from workstation.models import DrawerMove, DrawerSession, Receipt, ReceiptTender
from workstation.services.teller_read import expected_totals


class JournalMismatch(RuntimeError):
    """The running totals and the journal disagree: a program error, reported as such."""


def journal(uow: UnitOfWork, session: DrawerSession) -> list[Movement]:
    """The session's movements, summed per kind and tender by the database."""
    found = [Movement("opening", "cash", session.opening_cents)]
    sign = case((ReceiptTender.amount_cents > 0, "received"), else_="returned")
    rows = uow.session.execute(
        select(ReceiptTender.tender, sign, func.sum(func.abs(ReceiptTender.amount_cents)),
               func.count())
        .join(Receipt, Receipt.id == ReceiptTender.receipt_id)
        .where(Receipt.session_id == session.id, ReceiptTender.tender.in_(TENDERS))
        .group_by(ReceiptTender.tender, sign)).all()
    for tender, kind, cents, count in rows:
        found.extend(_per_item(str(kind), str(tender), int(cents), int(count)))
    change = uow.session.execute(select(func.coalesce(func.sum(Receipt.change_cents), 0))
                                 .where(Receipt.session_id == session.id)).scalar_one()
    if change:
        found.append(Movement("change", "cash", int(change)))
    moves = uow.session.execute(select(DrawerMove.kind, func.sum(DrawerMove.cents))
                                .where(DrawerMove.session_id == session.id)
                                .group_by(DrawerMove.kind)).all()
    found.extend(Movement(str(kind), "cash", int(cents)) for kind, cents in moves)
    return found


def _per_item(kind: str, tender: str, cents: int, count: int) -> list[Movement]:
    """The sum as one movement, and one empty movement for each further row (each row is an
    item of an itemised tender; for cash the items do not count)."""
    return [Movement(kind, tender, cents)] + [Movement(kind, tender, 0)] * (count - 1)


def recomputed(uow: UnitOfWork, session: DrawerSession) -> dict[str, Total]:
    return arithmetic.expected(journal(uow, session))


def checked_expected(uow: UnitOfWork, session: DrawerSession) -> dict[str, Total]:
    """The stored running totals, after proving they equal the journal's recomputation."""
    stored = {t: Total(c, i) for t, (c, i) in expected_totals(uow, session.id).items()}
    again = recomputed(uow, session)
    if stored != again:
        raise JournalMismatch(f"drawer session {session.id}: running totals {stored} differ "
                              f"from the journal {again}")
    return stored
