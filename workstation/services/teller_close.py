"""Closing a drawer: the clerk's blind count, the reason for any difference, a second person's
sign-off when the difference needs one, and corrections appended after the close.

Blind: the clerk counts bills and coins by denomination, lists each check and money order, and
types the card terminal's settlement total, without seeing what was expected; only the submitted
count is compared (``CountResult``). Any difference needs the clerk's reason; how large it is
decides (teller.toml [variance]) whether that reason closes the drawer or a lead, or a
supervisor, who is not the counter, must approve it. A rejected count is counted again. A closed
session is never edited: an adjustment is appended, and the session goes back to be signed off.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import select

from workstation.db.uow import Database, UnitOfWork
from workstation.domain import drawer as arithmetic
from workstation.domain.drawer import Count, DrawerError, Total
from workstation.domain.teller_rules import TENDERS
from workstation.errors import PermissionDenied, UserError
from workstation.models import (
    DrawerAdjustment,
    DrawerCount,
    DrawerSession,
    DrawerSignOff,
    Receipt,
    ReceiptTender,
    User,
)
from workstation.models.types import utcnow
from workstation.services import audit
from workstation.services.authz import authorize
from workstation.services.dto import Actor
from workstation.services.profile import Profile
from workstation.services.teller_dto import CountLine, CountResult
from workstation.services.teller_journal import checked_expected
from workstation.services.teller_read import checks_of

APPROVAL = {"lead": "teller.approve", "supervisor": "teller.approve_large"}


def _session(uow: UnitOfWork, session_id: int) -> DrawerSession:
    row = uow.session.get(DrawerSession, session_id)
    if row is None:
        raise UserError(f"No drawer session has the id {session_id}.", field="session")
    return row


def last_count(uow: UnitOfWork, session_id: int) -> DrawerCount | None:
    return uow.session.execute(select(DrawerCount).where(DrawerCount.session_id == session_id)
                               .order_by(DrawerCount.id.desc()).limit(1)).scalar_one_or_none()


def sign_offs(uow: UnitOfWork, count_id: int) -> list[DrawerSignOff]:
    return list(uow.session.execute(select(DrawerSignOff).where(
        DrawerSignOff.count_id == count_id).order_by(DrawerSignOff.id)).scalars())


# ---------------------------------------------------------------------- the blind count

def submit_count(db: Database, profile: Profile, actor: Actor, session_id: int,
                 count: Count) -> CountResult:
    """The clerk's blind count of their own drawer; the comparison comes back only now."""
    try:
        counted = arithmetic.counted(profile.teller, count)
    except DrawerError as exc:
        raise UserError(str(exc).capitalize() + ".", field="count") from exc

    def work(uow: UnitOfWork) -> CountResult:
        authorize(uow, actor, "teller.receipt")
        session = _session(uow, session_id)
        if session.clerk_id != actor.user_id:
            raise UserError("Each clerk counts their own drawer.", field="session")
        _may_count(uow, session)
        expected = checked_expected(uow, session)
        lines = arithmetic.compare(expected, counted)
        needs = arithmetic.sign_off(profile.teller, lines)
        row = DrawerCount(
            session_id=session.id, counted_by=actor.user_id, at=utcnow(),
            cash_count=json.dumps(dict(count.cash), sort_keys=True),
            checks=json.dumps(list(count.checks)),
            money_orders=json.dumps(list(count.money_orders)),
            card_cents=count.card_cents, card_items=count.card_items,
            comparison=comparison_json(lines), off_by_cents=arithmetic.off_by(lines),
            sign_off=needs)
        uow.session.add(row)
        session.status = "counted"
        uow.session.flush()
        if needs == "close":
            _close(session)
        audit.record(uow, actor, "teller.count", "drawer_session", session.id,
                     after={"off_by": row.off_by_cents, "sign_off": needs,
                            "status": session.status})
        uow.commit()
        return _result(uow, session, row, list(count.checks))

    return db.run(work)


def _may_count(uow: UnitOfWork, session: DrawerSession) -> None:
    if session.status == "open":
        return
    last = last_count(uow, session.id)
    rejected = last is not None and any(s.decision == "rejected" for s in sign_offs(uow, last.id))
    if session.status == "counted" and rejected:
        return  # counted again after a lead rejected the count
    raise UserError("This drawer is counted already.", field="session")


def comparison_json(lines: Sequence[arithmetic.Line]) -> str:
    return json.dumps({line.tender: [line.expected.cents, line.expected.items,
                                     line.counted.cents, line.counted.items]
                       for line in lines}, sort_keys=True)


def _lines(row: DrawerCount, adjustments: Sequence[DrawerAdjustment]) -> tuple[CountLine, ...]:
    """The count's comparison, with the adjustments appended since added to the counted side."""
    data = json.loads(row.comparison)
    extra = {t: Total() for t in TENDERS}
    for adjustment in adjustments:
        extra[adjustment.tender] = extra[adjustment.tender] + Total(adjustment.cents,
                                                                     adjustment.items)
    return tuple(CountLine(t, data[t][0], data[t][1], data[t][2] + extra[t].cents,
                           data[t][3] + extra[t].items) for t in TENDERS)


def _result(uow: UnitOfWork, session: DrawerSession, row: DrawerCount,
            counted_checks: list[int]) -> CountResult:
    lines = _lines(row, adjustments_of(uow, session.id))
    expected_checks = [c.cents for c in checks_of(uow, Receipt.session_id == session.id,
                                                  ReceiptTender.tender == "check")]
    missing, extra = arithmetic.unmatched(expected_checks, counted_checks)
    decided = sign_offs(uow, row.id)
    last = decided[-1] if decided else None
    approver = uow.session.get(User, last.by_user) if last and last.decision == "approved" \
        else None
    return CountResult(
        session.id, row.id, lines, sum(abs(li.difference_cents) for li in lines),
        row.sign_off, session.status, tuple(missing), tuple(extra),
        reason="; ".join(s.note for s in decided if s.decision == "explained"),
        rejected_note=last.note if last and last.decision == "rejected" else "",
        approved_by=approver.username if approver else None)


def adjustments_of(uow: UnitOfWork, session_id: int) -> list[DrawerAdjustment]:
    return list(uow.session.execute(select(DrawerAdjustment).where(
        DrawerAdjustment.session_id == session_id).order_by(DrawerAdjustment.id)).scalars())


def _close(session: DrawerSession) -> None:
    session.status = "closed"
    session.closed_at = utcnow()
    session.live_drawer = None
    session.live_clerk = None


# ---------------------------------------------------------------------- reasons and sign-offs

def explain(db: Database, profile: Profile, actor: Actor, session_id: int,
            reason: str) -> str:
    """The clerk's reason for the difference; closes the drawer when a reason is enough.
    Returns the session's status."""
    if not reason.strip():
        raise UserError("Say what you think caused the difference.", field="reason")

    def work(uow: UnitOfWork) -> str:
        authorize(uow, actor, "teller.receipt")
        session = _session(uow, session_id)
        if session.clerk_id != actor.user_id:
            raise UserError("The clerk who counted gives the reason.", field="session")
        row = _waiting_count(uow, session)
        uow.session.add(DrawerSignOff(count_id=row.id, decision="explained",
                                      by_user=actor.user_id, at=utcnow(), note=reason.strip()))
        if row.sign_off == "reason":
            _close(session)
        audit.record(uow, actor, "teller.explain", "drawer_session", session.id,
                     after={"status": session.status}, reason=reason.strip())
        uow.commit()
        return session.status

    return db.run(work)


def _waiting_count(uow: UnitOfWork, session: DrawerSession) -> DrawerCount:
    row = last_count(uow, session.id)
    if session.status != "counted" or row is None:
        raise UserError("This drawer is not waiting for a sign-off.", field="session")
    if any(s.decision == "rejected" for s in sign_offs(uow, row.id)):
        raise UserError("The count was rejected: the clerk counts again.", field="session")
    return row


def decide(db: Database, profile: Profile, actor: Actor, session_id: int, approve: bool,
           note: str = "") -> str:
    """A lead (or supervisor, above the lead's line) approves the count, closing the drawer,
    or rejects it for a recount. Never the counter. Returns the session's status."""
    if not approve and not note.strip():
        raise UserError("Say why the count is rejected.", field="note")

    def work(uow: UnitOfWork) -> str:
        session = _session(uow, session_id)
        row = _waiting_count(uow, session)
        needs = _needs(uow, row, session)
        try:
            authorize(uow, actor, APPROVAL.get(needs, "teller.approve"))
        except PermissionDenied as exc:
            raise PermissionDenied(exc.message, field="approver", code=exc.code) from exc
        adjusters = {a.by_user for a in adjustments_of(uow, session.id)}
        if actor.user_id in {row.counted_by, session.clerk_id, *adjusters}:
            raise UserError("Someone other than the counter (or the one who corrected the "
                            "drawer) signs the count off.", field="approver")
        if row.off_by_cents and not any(s.decision == "explained"
                                        for s in sign_offs(uow, row.id)):
            raise UserError("The clerk gives the reason for the difference first.",
                            field="reason")
        decision = "approved" if approve else "rejected"
        uow.session.add(DrawerSignOff(count_id=row.id, decision=decision, by_user=actor.user_id,
                                      at=utcnow(), note=note.strip()))
        if approve:
            _close(session)
        audit.record(uow, actor, f"teller.{decision}", "drawer_session", session.id,
                     after={"status": session.status, "off_by": row.off_by_cents},
                     reason=note.strip() or None)
        uow.commit()
        return session.status

    return db.run(work)


def _needs(uow: UnitOfWork, row: DrawerCount, session: DrawerSession) -> str:
    """Who must sign off now: the count's own line, or after adjustments the line their new
    difference falls on (never less than a lead once a closed drawer was corrected)."""
    if not adjustments_of(uow, session.id):
        return row.sign_off
    return "lead" if row.sign_off in ("close", "reason") else row.sign_off


# ---------------------------------------------------------------------- corrections

def adjust(db: Database, profile: Profile, actor: Actor, session_id: int, tender: str,
           cents: int, items: int, reason: str) -> int:
    """Append a correction to a closed drawer's counted money; it goes back to be signed off
    (by someone other than the one correcting it)."""
    if tender not in TENDERS:
        raise UserError(f"Unknown tender {tender!r}.", field="tender")
    if cents == 0 and items == 0:
        raise UserError("An adjustment changes an amount or a number of items.", field="amount")
    if not reason.strip():
        raise UserError("Say why the closed drawer is corrected.", field="reason")

    def work(uow: UnitOfWork) -> int:
        authorize(uow, actor, "teller.approve")
        session = _session(uow, session_id)
        if session.status != "closed":
            raise UserError("Only a closed drawer is adjusted; sign this one off first.",
                            field="session")
        row = DrawerAdjustment(session_id=session.id, tender=tender, cents=cents, items=items,
                               reason=reason.strip(), by_user=actor.user_id, at=utcnow())
        uow.session.add(row)
        session.status = "counted"
        session.closed_at = None
        count = last_count(uow, session.id)
        assert count is not None  # a closed session was counted
        uow.session.add(DrawerSignOff(count_id=count.id, decision="explained",
                                      by_user=actor.user_id, at=utcnow(),
                                      note=f"adjusted: {reason.strip()}"))
        uow.session.flush()
        audit.record(uow, actor, "teller.adjust", "drawer_session", session.id,
                     after={"tender": tender, "cents": cents, "items": items},
                     reason=reason.strip())
        uow.commit()
        return row.id

    return db.run(work)


def count_result(db: Database, actor: Actor, session_id: int) -> CountResult:
    """The last count's comparison (with adjustments): for its clerk once submitted, and for
    anyone who signs drawers off."""
    def work(uow: UnitOfWork) -> CountResult:
        authorize(uow, actor, "teller.read")
        session = _session(uow, session_id)
        if session.clerk_id != actor.user_id:
            authorize(uow, actor, "teller.approve")
        row = last_count(uow, session.id)
        if row is None:
            raise UserError("This drawer is not counted yet.", field="session")
        return _result(uow, session, row, [int(a) for a in json.loads(row.checks)])

    return db.run(work, read_only=True)


def drawers_to_sign(db: Database, actor: Actor) -> list[int]:
    """Sessions counted and waiting for someone's sign-off, oldest first (ids)."""
    def work(uow: UnitOfWork) -> list[int]:
        authorize(uow, actor, "teller.approve")
        return [int(i) for i in uow.session.execute(
            select(DrawerSession.id).where(DrawerSession.status == "counted")
            .order_by(DrawerSession.id)).scalars()]

    return db.run(work, read_only=True)


