"""The money reports about drawers and deposits (issue 9): over and short per drawer session with
who signed it off, and each day's deposit against its deadline. ``report_money`` has the receipts
and the voids, and re-exports these two (the catalogue names that module).

Drawer sessions and office days are few (a few a day), so the table is one row per session or
day; what is summed across rows (over, short, deposits) is summed from those rows. The sessions
chosen, their last counts, the adjustments and the sign-offs are each one query, never one per
session.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, func, select

from workstation.db.uow import Database, UnitOfWork
from workstation.domain import drawer as arithmetic
from workstation.domain.money import format_cents
from workstation.errors import UserError
from workstation.models import (
    Drawer,
    DrawerAdjustment,
    DrawerCount,
    DrawerSession,
    DrawerSignOff,
    OfficeDay,
    Receipt,
    User,
)
from workstation.models.types import utcnow
from workstation.services.authz import authorize
from workstation.services.dto import Actor
from workstation.services.profile import Profile
from workstation.services.report_dto import (
    Cell,
    Cents,
    Chart,
    Column,
    Figure,
    Report,
    ReportRange,
    share_text,
)
from workstation.services.report_time import check_range

_S, _C = DrawerSession, DrawerCount
SIGN_OFF_WORDS = {"close": "none (exact)", "reason": "clerk's reason", "lead": "lead",
                  "supervisor": "supervisor"}

DRAWER_NOTES = (
    "One row per drawer session of the days chosen, its last blind count compared with what "
    "the drawer should have held, with the corrections appended after the close.",
    "Over and short are counted tender by tender, so a cash overage does not hide a missing "
    "check: a session can be both over and short. The difference is over less short.",
    "Balanced: every tender counted exactly as expected, after any corrections. The share is of "
    "the sessions counted.",
    "Approved by: the lead or supervisor who approved the difference; a session counted exact, "
    "or closed on the clerk's reason within the small-difference line, needs no one.",
)
DEPOSIT_NOTES = (
    "One row per business day with receipts or a close. A deposit is made when the day is "
    "closed and its deposit slip prepared (the day's close is the deposit's record; the bank's "
    "own date is not kept here).",
    "Due: the profile's deposit rule (teller.toml [deposit]), as worked out at the close; for a "
    "day not closed yet, what it would be.",
    "The deposit is the cash above the drawers' floats with the safe drops, and every check; "
    "card payments settle through the terminal and are not on the slip.",
)


# ---------------------------------------------------------------------- narrowing

def narrowing(uow: UnitOfWork, drawer: str | None, clerk: str | None,
              session_id: Any, clerk_id: Any) -> tuple[list[ColumnElement[bool]],
                                                       tuple[tuple[str, str], ...]]:
    """Conditions on a session id and a clerk id column for the drawer and clerk filters, and
    the filters worded. Refused: a drawer or clerk the office does not have."""
    where: list[ColumnElement[bool]] = []
    words: list[tuple[str, str]] = []
    code = (drawer or "").strip().upper()
    if code:
        found = uow.session.execute(select(Drawer.id).where(Drawer.code == code)).scalar()
        if found is None:
            raise UserError(f"There is no drawer {code}.", field="drawer")
        where.append(session_id.in_(select(_S.id).where(_S.drawer_id == found)))
        words.append(("Drawer", code))
    name = (clerk or "").strip()
    if name:
        person = uow.session.execute(select(User.id, User.username).where(
            func.lower(User.username) == name.lower())).first()
        if person is None:
            raise UserError(f"No one has the user name {name!r}.", field="clerk")
        where.append(clerk_id == person[0])
        words.append(("Clerk", str(person[1])))
    return where, tuple(words)


# ---------------------------------------------------------------------- over and short

@dataclass(frozen=True)
class _Session:
    id: int
    day: date
    drawer: str
    clerk: str
    status: str


def drawer_report(db: Database, profile: Profile, actor: Actor, first: date, last: date, *,
                  drawer: str | None = None, clerk: str | None = None) -> Report:
    """Over and short of every drawer session on the business days [first, last], narrowed to
    a drawer (its code) or a clerk (a user name). Refused: an unknown drawer or clerk."""
    check_range(first, last)

    def work(uow: UnitOfWork) -> Report:
        authorize(uow, actor, "report.read")
        where, words = narrowing(uow, drawer, clerk, _S.id, _S.clerk_id)
        chosen = select(_S.id).where(_S.business_date >= first, _S.business_date <= last,
                                     *where)
        sessions = [_Session(int(i), d, str(code), str(name), str(status))
                    for i, d, code, name, status in uow.session.execute(
                        select(_S.id, _S.business_date, Drawer.code, User.username, _S.status)
                        .join(Drawer, Drawer.id == _S.drawer_id)
                        .join(User, User.id == _S.clerk_id).where(_S.id.in_(chosen))
                        .order_by(_S.business_date, Drawer.code, _S.id)).all()]
        last_ids = select(func.max(_C.id)).where(_C.session_id.in_(chosen)).group_by(
            _C.session_id)
        counts = {int(s): (str(comparison), str(needs)) for s, comparison, needs in
                  uow.session.execute(select(_C.session_id, _C.comparison, _C.sign_off)
                                      .where(_C.id.in_(last_ids))).all()}
        times = {int(s): int(n) for s, n in uow.session.execute(
            select(_C.session_id, func.count()).where(_C.session_id.in_(chosen))
            .group_by(_C.session_id)).all()}
        adjusted: dict[int, dict[str, int]] = defaultdict(dict)
        for s, tender, cents in uow.session.execute(
                select(DrawerAdjustment.session_id, DrawerAdjustment.tender,
                       func.sum(DrawerAdjustment.cents))
                .where(DrawerAdjustment.session_id.in_(chosen))
                .group_by(DrawerAdjustment.session_id, DrawerAdjustment.tender)).all():
            adjusted[int(s)][str(tender)] = int(cents or 0)
        decided: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
        for s, decision, note, name in uow.session.execute(
                select(_C.session_id, DrawerSignOff.decision, DrawerSignOff.note, User.username)
                .join(_C, _C.id == DrawerSignOff.count_id)
                .join(User, User.id == DrawerSignOff.by_user)
                .where(DrawerSignOff.count_id.in_(last_ids)).order_by(DrawerSignOff.id)).all():
            decided[int(s)].append((str(decision), str(note), str(name)))
        rows = tuple(_session_row(s, counts.get(s.id), times.get(s.id, 0), adjusted[s.id],
                                  decided[s.id]) for s in sessions)
        return _drawer_report(actor, first, last, words, rows)

    return db.run(work, read_only=True)


def _session_row(session: _Session, count: tuple[str, str] | None, counts: int,
                 adjusted: dict[str, int], decided: list[tuple[str, str, str]]
                 ) -> tuple[Cell, ...]:
    head: tuple[Cell, ...] = (session.day, session.drawer, session.clerk, session.status)
    if count is None:
        return (*head, 0, None, None, None, None, None, None, "", "")
    comparison: dict[str, list[int]] = json.loads(count[0])
    expected = sum(v[0] for v in comparison.values())
    counted = sum(v[2] for v in comparison.values()) + sum(adjusted.values())
    differences = [v[2] + adjusted.get(t, 0) - v[0] for t, v in comparison.items()]
    over = sum(d for d in differences if d > 0)
    short = -sum(d for d in differences if d < 0)
    approver = next((name for decision, _n, name in reversed(decided)
                     if decision == "approved"), None)
    if approver is None:
        approver = "none needed" if session.status == "closed" else "waiting"
    note = "; ".join(n for decision, n, _name in decided
                     if n and decision in ("explained", "approved"))
    return (*head, counts, Cents(expected), Cents(counted), Cents(over), Cents(short),
            Cents(over - short), SIGN_OFF_WORDS.get(count[1], count[1]), approver, note)


def _drawer_report(actor: Actor, first: date, last: date, words: tuple[tuple[str, str], ...],
                   rows: tuple[tuple[Cell, ...], ...]) -> Report:
    columns = (Column("day", "Day", numeric=False), Column("drawer", "Drawer", numeric=False),
               Column("clerk", "Clerk", numeric=False), Column("status", "Status", numeric=False),
               Column("counts", "Counts", total=True), Column("expected", "Expected", total=True),
               Column("counted", "Counted", total=True), Column("over", "Over", total=True),
               Column("short", "Short", total=True),
               Column("difference", "Difference", total=True),
               Column("sign_off", "Sign-off needed", numeric=False),
               Column("approved_by", "Approved by", numeric=False),
               Column("note", "Note", numeric=False))
    counted = [r for r in rows if r[5] is not None]
    sums = [sum(_cents(r[n]) for r in counted) for n in range(5, 10)]
    balanced = sum(1 for r in counted if _cents(r[7]) == 0 and _cents(r[8]) == 0)
    totals = (None, None, None, None, sum(int(r[4] or 0) for r in rows if isinstance(r[4], int)),
              *(Cents(v) for v in sums), None, None, None)
    waiting = sum(1 for r in rows if r[3] == "counted")
    return Report(
        name="drawers", title="Over and short by drawer and clerk",
        range=ReportRange(first, last), filters=words, columns=columns, rows=rows,
        totals=totals,
        charts=(Chart("Over and short by session", "bar", "day", ("over", "short")),),
        figures=(Figure("Total over", format_cents(sums[2])),
                 Figure("Total short", format_cents(sums[3])),
                 Figure("Sessions balanced", f"{share_text(balanced, len(counted))} "
                                             f"({balanced:,} of {len(counted):,} counted)"),
                 Figure("Waiting for a sign-off", f"{waiting:,}"),
                 Figure("Not counted yet", f"{len(rows) - len(counted):,}")),
        notes=DRAWER_NOTES, made_at=utcnow(), made_by=actor.username)


def _cents(cell: Cell) -> int:
    return cell.value if isinstance(cell, Cents) else 0


# ---------------------------------------------------------------------- deposits

def deposit_report(db: Database, profile: Profile, actor: Actor, first: date,
                   last: date) -> Report:
    """Each business day's deposit in [first, last] and whether it was made by its deadline;
    days with receipts not closed yet show what is due and whether it is overdue."""
    check_range(first, last)

    def work(uow: UnitOfWork) -> Report:
        authorize(uow, actor, "report.read")
        now = utcnow()
        in_range = (OfficeDay.business_date >= first, OfficeDay.business_date <= last)
        newest = select(func.max(OfficeDay.id)).where(*in_range).group_by(
            OfficeDay.business_date)
        closed = {row.business_date: row for row in uow.session.execute(
            select(OfficeDay).where(OfficeDay.id.in_(newest))).scalars()}
        taken = {d: int(c or 0) for d, c in uow.session.execute(
            select(Receipt.business_date, func.sum(Receipt.total_cents))
            .where(Receipt.business_date >= first, Receipt.business_date <= last)
            .group_by(Receipt.business_date)).all()}
        rows = tuple(_deposit_row(profile, day, taken.get(day, 0), closed.get(day), now)
                     for day in sorted(set(closed) | set(taken)))
        return _deposit_report(actor, first, last, rows, now)

    return db.run(work, read_only=True)


def _deposit_row(profile: Profile, day: date, receipts: int, office: OfficeDay | None,
                 now: datetime) -> tuple[Cell, ...]:
    zone = profile.calendar.zone
    if office is not None:
        made = office.closed_at
        due = office.deposit_due_at
        status = "made by the deadline" if made <= due else "made late"
        return (day, office.deposit_number, Cents(receipts), Cents(office.cash_cents),
                Cents(office.checks_cents), office.check_count,
                Cents(office.cash_cents + office.checks_cents), Cents(office.card_cents),
                _moment(made, zone), _moment(due, zone), status)
    calendar = profile.calendar
    reference = (calendar.closing(day) if calendar.is_business_day(day)
                 else datetime.combine(day, time(23, 59), tzinfo=zone))
    due = arithmetic.deposit_due(profile.teller.deposit, calendar, day, receipts, reference)
    status = "overdue" if now > due else "not made yet"
    return (day, "", Cents(receipts), None, None, None, None, None, "", _moment(due, zone),
            status)


def _deposit_report(actor: Actor, first: date, last: date, rows: tuple[tuple[Cell, ...], ...],
                    now: datetime) -> Report:
    columns = (Column("day", "Business day", numeric=False),
               Column("deposit", "Deposit", numeric=False),
               Column("receipts", "Receipts", total=True), Column("cash", "Cash", total=True),
               Column("checks", "Checks", total=True),
               Column("check_count", "Checks (items)", total=True),
               Column("total", "Deposited", total=True),
               Column("card", "Card (settled)", total=True),
               Column("made", "Made", numeric=False), Column("due", "Due", numeric=False),
               Column("status", "Status", numeric=False))
    made = [r for r in rows if r[1]]
    on_time = sum(1 for r in made if r[10] == "made by the deadline")
    overdue = sum(1 for r in rows if r[10] == "overdue")
    totals = (None, None, *(_total(rows, n) for n in range(2, 8)), None, None, None)
    deposited = _cents(totals[6])
    return Report(
        name="deposits", title="Deposits and deadlines", range=ReportRange(first, last),
        filters=(), columns=columns, rows=rows, totals=totals,
        charts=(Chart("Deposited by day", "bar", "day", ("total",)),),
        figures=(Figure("Deposits made", f"{len(made):,}"),
                 Figure("Made by the deadline", f"{share_text(on_time, len(made))} "
                                                f"({on_time:,} of {len(made):,})"),
                 Figure("Made late", f"{len(made) - on_time:,}"),
                 Figure("Deposited", format_cents(deposited)),
                 Figure("Days waiting for their deposit", f"{len(rows) - len(made):,}"),
                 Figure("Of them overdue", f"{overdue:,}")),
        notes=DEPOSIT_NOTES, made_at=now, made_by=actor.username)


def _total(rows: tuple[tuple[Cell, ...], ...], n: int) -> Cell:
    cells = [r[n] for r in rows]
    if any(isinstance(c, Cents) for c in cells):
        return Cents(sum(_cents(c) for c in cells))
    return sum(c for c in cells if isinstance(c, int))


def _moment(moment: datetime, zone: Any) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")
