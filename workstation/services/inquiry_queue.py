"""The queue: pages of inquiries sorted and filtered in SQL, atomic claims, "get next", leads'
reassignment, stale claims returned, and presence heartbeats (inquiry.md 2a).

A claim is one conditional UPDATE (``owner_id IS NULL``): exactly one of any number of racing
clerks changes the row, on SQLite and PostgreSQL alike, without SELECT ... FOR UPDATE; the losers
are told who won. A lead's reassignment is its own right and names the owner it expects, so a
reassignment made from a stale screen fails instead of silently taking from someone else.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import (
    BindParameter,
    Executable,
    Integer,
    String,
    and_,
    bindparam,
    delete,
    func,
    or_,
    select,
    union_all,
    update,
)

from workstation.db.uow import Database, UnitOfWork
from workstation.errors import UserError
from workstation.models import Inquiry, InquiryPresence, User
from workstation.models.types import UTCDateTime, utcnow
from workstation.services import audit
from workstation.services.authz import authorize
from workstation.services.dto import Actor
from workstation.services.inquiries import load
from workstation.services.inquiry_dto import (
    SORTS,
    VIEWS,
    ClaimResult,
    QueueFilter,
    QueuePage,
    QueueRow,
)
from workstation.services.profile import Profile

PAGE_MAX = 500
NEXT_CANDIDATES = 20  # "get next" gives up after losing this many picks in a row
PRESENCE_STATES = ("viewing", "composing")

_I = Inquiry.__table__.c
_COLUMNS = (_I.id, _I.number, _I.received_at, _I.due_at, _I.breached, _I.category, _I.channel,
            _I.requester, _I.subject, _I.status, _I.status_kind, _I.owner_id, _I.priority)


def _changed(uow: UnitOfWork, statement: Executable) -> int:
    """Rows an UPDATE or DELETE changed (on the connection: the ORM's result hides it)."""
    return int(uow.session.connection().execute(statement).rowcount)


# ---------------------------------------------------------------------- the list

def queue(db: Database, profile: Profile, actor: Actor, wanted: QueueFilter) -> QueuePage:
    """One page of the queue (``limit`` rows from ``offset``), with who is looking at them."""
    if wanted.view not in VIEWS:
        raise UserError(f"Unknown view {wanted.view!r}.", field="view")
    if wanted.sort not in SORTS:
        raise UserError(f"Unknown sort {wanted.sort!r}.", field="sort")
    limit = max(1, min(wanted.limit, PAGE_MAX))

    def work(uow: UnitOfWork) -> QueuePage:
        authorize(uow, actor, "inquiry.read")
        now = utcnow()
        rows = uow.session.connection().execute(_page_query(wanted, actor, now, limit)).all()
        shown = rows[:limit]
        presence = _presence(uow, profile, [r.id for r in shown], actor, now)
        return QueuePage(tuple(_row(r, presence.get(r.id, ((), ()))) for r in shown),
                         more=len(rows) > limit, now=now)

    return db.run(work, read_only=True)


def _kinds(wanted: QueueFilter) -> tuple[str, ...]:
    return ("done",) if wanted.view == "done" else ("open", "paused")


def _page_query(wanted: QueueFilter, actor: Actor, now: datetime, limit: int) -> Any:
    """The page's SELECT with its values bound. The statement is built once per shape of
    filter (which filters are set, the sort) and kept: building a four-part UNION costs more
    than running it."""
    text = wanted.text.strip()
    shape = _Shape(wanted.view, wanted.category is not None, wanted.channel is not None,
                   wanted.status is not None, wanted.owner_id is not None, bool(text),
                   wanted.sort, wanted.descending)
    values = {"uid": actor.user_id, "now": now, "category": wanted.category,
              "channel": wanted.channel, "status": wanted.status, "owner": wanted.owner_id,
              "number": text.upper(), "low": text.casefold(),
              "enough": wanted.offset + limit + 1, "limit": limit + 1, "skip": wanted.offset}
    return _statement(shape).params(**values)


class _Shape(NamedTuple):
    view: str
    category: bool
    channel: bool
    status: bool
    owner: bool
    text: bool
    sort: str
    descending: bool


@lru_cache(maxsize=256)
def _statement(shape: _Shape) -> Any:
    """Sorted by due time (the default), each status kind and "has a due time or not" is its
    own index range (ix_inquiries_queue) read in order and cut at the page's end, and only
    those few rows are merged and sorted: asking for two kinds at once would make the database
    sort every open item (100 ms at 75,000 open items) for a page of 100."""
    where = _conditions(shape)
    kinds = ("done",) if shape.view == "done" else ("open", "paused")
    if shape.sort != "due":
        return (select(*_COLUMNS, User.username).outerjoin(User, User.id == _I.owner_id)
                .where(_I.status_kind.in_(kinds), *where).order_by(*_order(shape))
                .limit(bindparam("limit")).offset(bindparam("skip")))
    due = _I.due_at.desc() if shape.descending else _I.due_at.asc()
    by_id = _I.id.desc() if shape.descending else _I.id.asc()
    enough: BindParameter[int] = bindparam("enough", type_=Integer())
    parts = []
    for kind in kinds:
        parts.append(select(*_COLUMNS).where(_I.status_kind == kind, _I.due_at.is_not(None),
                                             *where).order_by(due, by_id).limit(enough))
        parts.append(select(*_COLUMNS).where(_I.status_kind == kind, _I.due_at.is_(None),
                                             *where).order_by(by_id).limit(enough))
    merged = union_all(*(select(part.subquery()) for part in parts)).subquery()
    c = merged.c
    first = (c.due_at.desc() if shape.descending else c.due_at.asc()).nulls_last()
    return (select(merged, User.username).outerjoin(User, User.id == c.owner_id)
            .order_by(first, c.id.desc() if shape.descending else c.id.asc())
            .limit(bindparam("limit")).offset(bindparam("skip")))


def _conditions(shape: _Shape) -> list[Any]:
    """The view's and the filters' conditions, values as bound parameters (the status kinds
    are the query's to add)."""
    where: list[Any] = []
    if shape.view == "mine":
        where.append(_I.owner_id == bindparam("uid"))
    elif shape.view == "unassigned":
        where.append(_I.owner_id.is_(None))
    elif shape.view == "breached":
        where.append(or_(_I.breached.is_(True), _I.due_at < bindparam("now", type_=UTCDateTime())))
    for column, name, wanted in ((_I.category, "category", shape.category),
                                 (_I.channel, "channel", shape.channel),
                                 (_I.status, "status", shape.status),
                                 (_I.owner_id, "owner", shape.owner)):
        if wanted:
            where.append(column == bindparam(name))
    if shape.text:
        low: BindParameter[str] = bindparam("low", type_=String())
        where.append(or_(_I.number == bindparam("number"), func.lower(_I.requester).startswith(low),
                         func.lower(_I.subject).startswith(low)))
    return where


def _order(shape: _Shape) -> list[Any]:
    column = {"due": _I.due_at, "received": _I.received_at, "priority": _I.priority,
              "number": _I.number, "requester": _I.requester, "owner": _I.owner_id}[shape.sort]
    first = column.desc() if shape.descending else column.asc()
    return [first, _I.id.desc() if shape.descending else _I.id.asc()]


def _row(r: Any, presence: tuple[tuple[str, ...], tuple[str, ...]]) -> QueueRow:
    return QueueRow(r.id, r.number, r.received_at, r.due_at, bool(r.breached), r.category,
                    r.channel, r.requester, r.subject, r.status, r.status_kind, r.username,
                    r.owner_id, r.priority, presence[0], presence[1])


# ---------------------------------------------------------------------- claiming

def claim(db: Database, actor: Actor, inquiry_id: int) -> ClaimResult:
    """Take an unowned inquiry. Lost races are answered with who won, never an error."""

    def work(uow: UnitOfWork) -> ClaimResult:
        authorize(uow, actor, "inquiry.work")
        return _claim(uow, actor, inquiry_id)

    return db.run(work)


def _claim(uow: UnitOfWork, actor: Actor, inquiry_id: int) -> ClaimResult:
    now = utcnow()
    won = _changed(uow,
        update(Inquiry)
        .where(_I.id == inquiry_id, _I.owner_id.is_(None), _I.status_kind != "done")
        .values(owner_id=actor.user_id, claimed_at=now, last_activity_at=now,
                version=_I.version + 1, updated_at=now)) == 1
    number, owner = _owner_now(uow, inquiry_id)
    if won:
        audit.record(uow, actor, "inquiry.claim", "inquiry", inquiry_id,
                     after={"number": number})
        uow.commit()
        return ClaimResult(True, inquiry_id, number, actor.username, f"{number} is yours.")
    uow.session.rollback()
    message = (f"{number} is already {owner}'s." if owner else
               f"{number} is finished; there is nothing to claim.")
    return ClaimResult(False, inquiry_id, number, owner, message)


def _owner_now(uow: UnitOfWork, inquiry_id: int) -> tuple[str, str | None]:
    found = uow.session.execute(select(_I.number, User.username).outerjoin(
        User, User.id == _I.owner_id).where(_I.id == inquiry_id)).first()
    if found is None:
        raise UserError(f"No inquiry has the id {inquiry_id}.", field="inquiry")
    return str(found[0]), found[1]


def get_next(db: Database, profile: Profile, actor: Actor) -> ClaimResult | None:
    """Claim the most urgent unowned item (priority, then received first: processing order
    by date of receipt, 1 TAC 79.22), unless the clerk already holds the per-clerk cap. None:
    nothing is waiting.

    One transaction picks and claims. On PostgreSQL the pick skips rows another clerk's "get
    next" has locked (FOR UPDATE SKIP LOCKED), so twenty clerks pressing it at once take twenty
    different items instead of queueing on the oldest; SQLite runs write transactions one at a
    time, so the pick is already alone. The claim keeps its ``owner_id IS NULL`` condition
    either way: a plain Claim from the list may have taken the row first.
    """
    cap = profile.inquiry.queue.per_clerk_cap

    def work(uow: UnitOfWork) -> ClaimResult | None:
        authorize(uow, actor, "inquiry.work")
        held = uow.session.execute(select(func.count()).select_from(Inquiry.__table__).where(
            _I.owner_id == actor.user_id, _I.status_kind.in_(("open", "paused")))).scalar_one()
        if held >= cap:
            raise UserError(f"You hold {held} open inquiries, the most one clerk holds at a "
                            f"time ({cap}): finish or hand one back first.", field="cap")
        for _ in range(NEXT_CANDIDATES):
            candidate = uow.session.execute(
                select(_I.id).where(_I.status_kind == "open", _I.owner_id.is_(None))
                .order_by(_I.priority, _I.received_at, _I.id).limit(1)
                .with_for_update(skip_locked=True)).scalar()
            if candidate is None:
                return None
            result = _claim(uow, actor, int(candidate))
            if result.won:
                return result
        return None

    return db.run(work)


def release(db: Database, actor: Actor, inquiry_id: int) -> None:
    """Hand one's own inquiry back to the queue."""

    def work(uow: UnitOfWork) -> None:
        authorize(uow, actor, "inquiry.work")
        now = utcnow()
        done = _changed(uow,
            update(Inquiry).where(_I.id == inquiry_id, _I.owner_id == actor.user_id)
            .values(owner_id=None, claimed_at=None, last_activity_at=now,
                    version=_I.version + 1, updated_at=now))
        if done != 1:
            raise UserError("Only the inquiry's owner hands it back.", field="owner")
        audit.record(uow, actor, "inquiry.release", "inquiry", inquiry_id)
        uow.commit()

    db.run(work)


def reassign(db: Database, actor: Actor, inquiry_id: int, expected_owner_id: int | None,
             new_owner: str | None, reason: str) -> None:
    """A lead gives an inquiry to ``new_owner`` (a user name; None: back to the queue). The
    owner the lead saw must still be the owner."""
    if not reason.strip():
        raise UserError("Say why the inquiry is reassigned.", field="reason")

    def work(uow: UnitOfWork) -> None:
        authorize(uow, actor, "inquiry.reassign")
        target: int | None = None
        if new_owner:
            found = uow.session.execute(select(User.id, User.active).where(
                User.username == new_owner.strip())).first()
            if found is None or not found[1]:
                raise UserError(f"No active user is called {new_owner!r}.", field="owner")
            target = int(found[0])
        now = utcnow()
        same_owner = (_I.owner_id.is_(None) if expected_owner_id is None
                      else _I.owner_id == expected_owner_id)
        done = _changed(uow,
            update(Inquiry).where(_I.id == inquiry_id, same_owner)
            .values(owner_id=target, claimed_at=now if target else None, last_activity_at=now,
                    version=_I.version + 1, updated_at=now))
        if done != 1:
            number, owner = _owner_now(uow, inquiry_id)
            raise UserError(f"{number} changed hands meanwhile (now {owner or 'nobody'}'s); "
                            "look again before reassigning.", field="owner", code="stale")
        audit.record(uow, actor, "inquiry.reassign", "inquiry", inquiry_id,
                     before={"owner_id": expected_owner_id}, after={"owner_id": target},
                     reason=reason.strip())
        uow.commit()

    db.run(work)


def return_stale(db: Database, profile: Profile, actor: Actor,
                 now: datetime | None = None) -> list[str]:
    """Claims idle for the profile's business hours go back to the queue (Zammad's
    assignment timeout). Idle is counted in business time: a weekend does not make a claim
    stale. Returns the numbers returned. Any worker may run it; leads see it in the audit."""
    hours = profile.inquiry.queue.stale_claim_hours
    calendar = profile.calendar

    def work(uow: UnitOfWork) -> list[str]:
        authorize(uow, actor, "inquiry.work")
        moment = now or utcnow()
        # Only rows idle for at least that many wall-clock hours can be idle that long in
        # business time: the index narrows, the calendar decides.
        rows = uow.session.execute(select(_I.id, _I.number, _I.last_activity_at, _I.owner_id)
                                   .where(_I.owner_id.is_not(None),
                                          _I.status_kind.in_(("open", "paused")),
                                          _I.last_activity_at <= moment - timedelta(hours=hours))
                                   ).all()
        returned = []
        for inquiry_id, number, last, owner in rows:
            if calendar.business_time_between(last, moment) < timedelta(hours=hours):
                continue
            done = _changed(uow,
                update(Inquiry).where(_I.id == inquiry_id, _I.owner_id == owner,
                                                _I.last_activity_at == last)
                .values(owner_id=None, claimed_at=None, version=_I.version + 1,
                        updated_at=moment))
            if done == 1:
                audit.record(uow, actor, "inquiry.return_stale", "inquiry", inquiry_id,
                             before={"owner_id": owner}, reason=f"idle {hours} business hours")
                returned.append(str(number))
        uow.commit()
        return returned

    return db.run(work)


# ---------------------------------------------------------------------- presence

def heartbeat(db: Database, actor: Actor, inquiry_id: int, state: str = "viewing") -> None:
    """I have this inquiry open (viewing) or am writing an answer (composing): one upsert,
    renewed by the open window every few seconds. Not audited: it changes nothing on record."""
    if state not in PRESENCE_STATES:
        raise UserError(f"Unknown presence {state!r}.", field="state")

    def work(uow: UnitOfWork) -> None:
        authorize(uow, actor, "inquiry.read")
        now = utcnow()
        row = uow.session.get(InquiryPresence, (inquiry_id, actor.user_id))
        if row is None:
            load(uow, inquiry_id)
            uow.session.add(InquiryPresence(inquiry_id=inquiry_id, user_id=actor.user_id,
                                            state=state, heartbeat_at=now))
        else:
            row.state, row.heartbeat_at = state, now
        uow.commit()

    db.run(work)


def leave(db: Database, actor: Actor, inquiry_id: int) -> None:
    """The window was closed: the presence goes at once instead of fading."""

    def work(uow: UnitOfWork) -> None:
        authorize(uow, actor, "inquiry.read")
        uow.session.execute(delete(InquiryPresence).where(
            InquiryPresence.inquiry_id == inquiry_id, InquiryPresence.user_id == actor.user_id))
        uow.commit()

    db.run(work)


def presence(uow: UnitOfWork, profile: Profile, inquiry_id: int, actor: Actor,
             now: datetime) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return _presence(uow, profile, [inquiry_id], actor, now).get(inquiry_id, ((), ()))


def _presence(uow: UnitOfWork, profile: Profile, ids: list[int], actor: Actor,
              now: datetime) -> dict[int, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Others with these inquiries open: (viewing, composing) user names, fresh rows only."""
    if not ids:
        return {}
    fresh = now - timedelta(seconds=profile.inquiry.queue.presence_seconds)
    rows = uow.session.connection().execute(
        select(InquiryPresence.inquiry_id, InquiryPresence.state, User.username)
        .join(User, User.id == InquiryPresence.user_id)
        .where(InquiryPresence.inquiry_id.in_(ids), InquiryPresence.user_id != actor.user_id,
               InquiryPresence.heartbeat_at >= fresh)
        .order_by(User.username)).all()
    found: dict[int, tuple[list[str], list[str]]] = {}
    for inquiry_id, state, name in rows:
        viewing, composing = found.setdefault(inquiry_id, ([], []))
        (composing if state == "composing" else viewing).append(name)
    return {k: (tuple(v), tuple(c)) for k, (v, c) in found.items()}


def clear_stale_presence(db: Database, profile: Profile, actor: Actor) -> int:
    """Delete presence rows nobody has renewed (they are ignored anyway; this keeps the table
    small). Returns how many went."""

    def work(uow: UnitOfWork) -> int:
        authorize(uow, actor, "inquiry.read")
        fresh = utcnow() - timedelta(seconds=profile.inquiry.queue.presence_seconds)
        gone = _changed(uow, delete(InquiryPresence).where(
            and_(InquiryPresence.heartbeat_at < fresh)))
        uow.commit()
        return int(gone)

    return db.run(work)
