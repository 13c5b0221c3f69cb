"""The calendar of due dates (issue 9): everything due in a range of office days, the "overdue /
due today / next 5 business days" lists of a clerk or the team, and the recurring office work a
lead sets up, each occurrence marked done by its assignee or a lead.

What is due is read from the records as they stand (``calendar_sources``), never copied into a
table of its own that could drift from them; only recurring work is stored, as rules. Times are
UTC on the items and office days in the lists (``domain.due_dates`` says which instant a date is
due at and what "overdue" means).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from workstation import resources
from workstation.db.uow import Database, UnitOfWork
from workstation.domain import due_dates as dd
from workstation.domain.roles import Role
from workstation.errors import PermissionDenied, UserError
from workstation.models import RecurringTask, RecurringTaskDone, User
from workstation.models.types import utcnow
from workstation.services import audit
from workstation.services import calendar_sources as sources
from workstation.services.authz import authorize
from workstation.services.dto import Actor
from workstation.services.profile import Profile

MAX_RANGE_DAYS = 366  # a year at a time: the month view needs 42 days, a report a year
TITLE_MAX = 200
NOTE_MAX = 2000
Source = Callable[[UnitOfWork, Profile, sources.Span], list[dd.DueItem]]
_SOURCES: tuple[tuple[frozenset[str], Source], ...] = (
    (frozenset({"expedite"}), sources.expedite_due),
    (frozenset({"hold_follow_up"}), sources.hold_follow_ups),
    (frozenset({"rejection_letter"}), sources.refusal_notices),
    (frozenset({"deposit"}), sources.deposits_due),
    (frozenset({"ucc_lapse", "ucc_continuation"}), sources.ucc_watched),
    (frozenset({"reservation_expiry", "licence_end", "trade_name_renewal"}),
     sources.register_expiries),
)


@dataclass(frozen=True)
class RecurringTaskInfo:
    id: int
    title: str
    rule: str
    weekday: int | None
    day_of_month: int | None
    assignee: str | None  # None: the whole office
    starts_on: date
    ends_on: date | None
    active: bool
    created_by: str
    version: int
    description: str  # "Weekly on Mondays"


# ---------------------------------------------------------------------- reading

def due_items(db: Database, profile: Profile, actor: Actor, first: date, last: date, *,
              owner: str | None = None, kinds: frozenset[str] | None = None,
              now: datetime | None = None) -> tuple[dd.DueItem, ...]:
    """Everything due from ``first`` to ``last`` (office days, both included), soonest first.

    ``owner``: None for everyone's, "" for the team's (no one named), a username for that
    person's; ``kinds``: some of ``due_dates.KINDS`` (None: all); ``now`` (default: the clock)
    decides what is overdue."""
    if last < first:
        raise UserError("The range ends before it starts.", field="last", code="range")
    if (last - first).days >= MAX_RANGE_DAYS:
        raise UserError(f"Ask for at most {MAX_RANGE_DAYS} days at a time.", field="last",
                        code="range_too_long")
    wanted = _kinds(kinds)

    def work(uow: UnitOfWork) -> tuple[dd.DueItem, ...]:
        authorize(uow, actor, "calendar.read")
        span = sources.Span.of(profile, first, last, now or utcnow())
        return tuple(_gather(uow, profile, span, owner, wanted))

    return db.run(work, read_only=True)


def due_summary(db: Database, profile: Profile, actor: Actor, now: datetime, *,
                owner: str | None = None) -> dd.DueSummary:
    """Overdue work (from any day), what is due today and in the next 5 business days."""

    def work(uow: UnitOfWork) -> dd.DueSummary:
        authorize(uow, actor, "calendar.read")
        today = dd.office_day(profile.calendar, now)
        through = dd.through_day(profile.calendar, today)
        late = _gather(uow, profile, sources.Span.of(profile, None, today, now), owner,
                       dd.TRACKED)
        coming = _gather(uow, profile, sources.Span.of(profile, today, through, now), owner,
                         frozenset(dd.KINDS))
        return dd.summarise([*(i for i in late if i.overdue), *coming], profile.calendar, now)

    return db.run(work, read_only=True)


def people(db: Database, actor: Actor) -> tuple[tuple[str, str], ...]:
    """(username, full name) of everyone active, by name: whose calendar to show, and to whom
    a lead may give recurring work (the user list itself is an administrator's)."""

    def work(uow: UnitOfWork) -> tuple[tuple[str, str], ...]:
        authorize(uow, actor, "calendar.read")
        rows = uow.session.execute(select(User.username, User.full_name)
                                   .where(User.active.is_(True))
                                   .order_by(User.full_name, User.username))
        return tuple((str(u), str(n)) for u, n in rows)

    return db.run(work, read_only=True)


def _kinds(kinds: frozenset[str] | None) -> frozenset[str]:
    if kinds is None:
        return frozenset(dd.KINDS)
    unknown = sorted(kinds - set(dd.KINDS))
    if unknown:
        raise UserError(f"Unknown kinds of due item: {', '.join(unknown)}.", field="kinds",
                        code="unknown_kind")
    return kinds


def _gather(uow: UnitOfWork, profile: Profile, span: sources.Span, who: str | None,
            wanted: frozenset[str]) -> list[dd.DueItem]:
    owner = who.strip().casefold() if who is not None else None  # usernames are case-folded
    items: list[dd.DueItem] = []
    if "inquiry_clock" in wanted:
        owner_id = _user_id(uow, owner) if owner else None
        if not owner or owner_id is not None:  # a username no one has owns no inquiry
            items += sources.inquiry_clocks_due(uow, profile, span, owner_id, owner)
    for kinds, source in _SOURCES:
        if kinds & wanted:
            items += source(uow, profile, span)
    if "recurring" in wanted:
        items += _recurring_due(uow, profile, span)
    chosen = [i for i in dd.for_owner(items, owner) if i.kind in wanted]
    return sorted(chosen, key=dd.sort_key)


def _recurring_due(uow: UnitOfWork, profile: Profile,
                   span: sources.Span) -> list[dd.DueItem]:
    """Occurrences of active recurring tasks in the range, less those marked done (one read
    of the tasks, one of the marks; a retired task has none)."""
    tasks = list(uow.session.execute(
        select(RecurringTask).where(RecurringTask.active.is_(True),
                                    RecurringTask.starts_on <= span.last)
        .order_by(RecurringTask.id)).scalars())
    done: set[tuple[int, date]] = set()
    for part in sources.chunks([t.id for t in tasks]):
        query = select(RecurringTaskDone.task_id, RecurringTaskDone.occurrence).where(
            RecurringTaskDone.task_id.in_(part), RecurringTaskDone.occurrence <= span.last)
        if span.first is not None:
            query = query.where(RecurringTaskDone.occurrence >= span.first)
        done.update((int(t), d) for t, d in uow.session.execute(query))
    items = []
    for task in tasks:
        rule = _recurrence_of(task)
        for day in dd.occurrences(rule, profile.calendar, span.first or task.starts_on,
                                  span.last):
            if (task.id, day) not in done:
                items.append(sources.item(
                    profile, "recurring", task.title, dd.day_end(profile.calendar, day),
                    task.title, task.assignee, task.id, span.now, part=day.isoformat(),
                    day=day, detail=rule.describe()))
    return items


def _recurrence_of(task: RecurringTask) -> dd.Recurrence:
    return dd.Recurrence(task.rule, task.weekday, task.day_of_month, task.starts_on,
                         task.ends_on)


def _user_id(uow: UnitOfWork, username: str) -> int | None:
    found = uow.session.execute(select(User.id).where(
        User.username == username)).scalar_one_or_none()
    return int(found) if found is not None else None


def recurring_tasks(db: Database, actor: Actor, *,
                    include_retired: bool = False) -> tuple[RecurringTaskInfo, ...]:
    """The recurring work set up, in the order it was added."""

    def work(uow: UnitOfWork) -> tuple[RecurringTaskInfo, ...]:
        authorize(uow, actor, "calendar.read")
        query = select(RecurringTask).order_by(RecurringTask.id)
        if not include_retired:
            query = query.where(RecurringTask.active.is_(True))
        return tuple(_info(uow, t) for t in uow.session.execute(query).scalars())

    return db.run(work, read_only=True)


def _info(uow: UnitOfWork, task: RecurringTask) -> RecurringTaskInfo:
    creator = uow.session.execute(select(User.username).where(
        User.id == task.created_by)).scalar_one_or_none()
    return RecurringTaskInfo(
        task.id, task.title, task.rule, task.weekday, task.day_of_month, task.assignee,
        task.starts_on, task.ends_on, task.active, creator or "?", task.version,
        _recurrence_of(task).describe())


# ---------------------------------------------------------------------- recurring work

def add_recurring(db: Database, profile: Profile, actor: Actor, *, title: str, rule: str,
                  starts_on: date, weekday: int | None = None, day_of_month: int | None = None,
                  assignee: str | None = None, ends_on: date | None = None
                  ) -> RecurringTaskInfo:
    """Put recurring work on the calendar (a lead's). ``assignee``: a username, or None / ""
    for the whole office."""
    name = " ".join(title.split())
    if not name:
        raise UserError("Say what the work is.", field="title", code="required")
    if len(name) > TITLE_MAX:
        raise UserError(f"A title is at most {TITLE_MAX} characters.", field="title",
                        code="too_long")
    recurrence = dd.Recurrence(rule, weekday, day_of_month, starts_on, ends_on)
    try:
        dd.check_recurrence(recurrence, profile.calendar)
    except dd.RecurrenceError as exc:
        raise UserError(exc.message, field=exc.field, code=exc.code) from exc
    who = (assignee or "").strip().casefold() or None

    def work(uow: UnitOfWork) -> RecurringTaskInfo:
        authorize(uow, actor, "calendar.manage")
        if who is not None:
            active = uow.session.execute(select(User.active).where(
                User.username == who)).scalar_one_or_none()
            if not active:
                raise UserError(f"No active user is called {who!r}.", field="assignee",
                                code="unknown_user")
        task = RecurringTask(title=name, rule=rule, weekday=weekday, day_of_month=day_of_month,
                             assignee=who, starts_on=starts_on, ends_on=ends_on, active=True,
                             created_by=actor.user_id)
        uow.session.add(task)
        uow.session.flush()
        audit.record(uow, actor, "calendar.add_recurring", "recurring_task", task.id,
                     after={"title": name, "rule": recurrence.describe(), "assignee": who,
                            "starts_on": starts_on.isoformat(),
                            "ends_on": ends_on.isoformat() if ends_on else None})
        uow.commit()
        return _info(uow, task)

    return db.run(work)


def retire_recurring(db: Database, profile: Profile, actor: Actor, task_id: int, version: int,
                     *, reason: str = "") -> RecurringTaskInfo:
    """Take recurring work off the calendar from today (a lead's); what was done stays on
    record. ``version``: the task's version as the screen showed it."""

    def work(uow: UnitOfWork) -> RecurringTaskInfo:
        authorize(uow, actor, "calendar.manage")
        task = _task(uow, task_id)
        uow.expect_version(task.version, version)
        today = dd.office_day(profile.calendar, utcnow())
        before = {"active": True, "ends_on": task.ends_on.isoformat() if task.ends_on else None}
        task.active = False
        if task.ends_on is None or task.ends_on > today:
            task.ends_on = max(today, task.starts_on - timedelta(days=1))
        uow.session.flush()
        audit.record(uow, actor, "calendar.retire_recurring", "recurring_task", task.id,
                     before=before, after={"active": False, "ends_on": task.ends_on.isoformat()},
                     reason=reason.strip() or None)
        uow.commit()
        return _info(uow, task)

    return db.run(work)


def mark_done(db: Database, profile: Profile, actor: Actor, task_id: int, occurrence: date,
              note: str = "") -> int:
    """Mark one occurrence of recurring work done; its assignee or a lead may (team work:
    anyone who reads the calendar). Returns the record's id."""
    text = note.strip()
    if len(text) > NOTE_MAX:
        raise UserError(f"A note is at most {NOTE_MAX} characters.", field="note",
                        code="too_long")

    def work(uow: UnitOfWork) -> int:
        authorize(uow, actor, "calendar.read")
        task = _task(uow, task_id)
        _may_mark(uow, actor, task)
        rule = _recurrence_of(task)
        if dd.occurrences(rule, profile.calendar, occurrence, occurrence) != (occurrence,):
            raise UserError(f"{task.title!r} does not fall due on {occurrence:%a %d %b %Y} "
                            f"({rule.describe().lower()}, moved to the next business day "
                            "when the office is closed).", field="occurrence",
                            code="not_an_occurrence")
        _not_done_yet(uow, task, occurrence)
        row = RecurringTaskDone(task_id=task.id, occurrence=occurrence, done_at=utcnow(),
                                done_by=actor.user_id, note=text)
        uow.session.add(row)
        try:
            uow.session.flush()
        except IntegrityError as exc:  # another workstation marked it a moment ago
            raise UserError(f"{task.title!r} of {occurrence:%a %d %b %Y} was just marked done "
                            "by someone else.", field="occurrence", code="already_done") from exc
        audit.record(uow, actor, "calendar.mark_done", "recurring_task", task.id,
                     after={"occurrence": occurrence.isoformat(), "note": text})
        uow.commit()
        return row.id

    return db.run(work)


def _task(uow: UnitOfWork, task_id: int) -> RecurringTask:
    task = uow.session.get(RecurringTask, task_id)
    if task is None:
        raise UserError(f"No recurring work has the id {task_id}.", field="task",
                        code="not_found")
    if not task.active:
        raise UserError(f"{task.title!r} was retired; it is no longer on the calendar.",
                        field="task", code="retired")
    return task


def _may_mark(uow: UnitOfWork, actor: Actor, task: RecurringTask) -> None:
    """The assignee, or anyone who may manage the calendar (a lead), may mark work done."""
    if task.assignee is None or task.assignee == actor.username:
        return
    role = uow.session.execute(select(User.role).where(User.id == actor.user_id)).scalar_one()
    if not resources.permissions().allows(Role(role), "calendar.manage"):
        raise PermissionDenied(f"{task.title!r} is {task.assignee}'s: only they or a lead may "
                               "mark it done.", field="task", code="not_assignee")


def _not_done_yet(uow: UnitOfWork, task: RecurringTask, occurrence: date) -> None:
    done = uow.session.execute(
        select(RecurringTaskDone.done_at, User.username)
        .join(User, User.id == RecurringTaskDone.done_by)
        .where(RecurringTaskDone.task_id == task.id,
               RecurringTaskDone.occurrence == occurrence)).first()
    if done is not None:
        raise UserError(f"{task.title!r} of {occurrence:%a %d %b %Y} was marked done by "
                        f"{done.username} already.", field="occurrence", code="already_done")
