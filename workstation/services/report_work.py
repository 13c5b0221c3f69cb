"""The lead's work reports (issue 9): daily production (what came in, what the examiners
decided, how fast, whether expedited filings met their clock) and backlog ageing (what is still
open, per queue, in business days).

Both count in the database (report_work_sql.py); Python only arranges the totals into the
report's table, and times each finished filing from its two timestamps with a business clock
prepared once (``report_clock.BusinessClock``). Each row is a day (or a filing type, speed or
clerk: ``group``); the totals row and the headline figures cover the whole range.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Connection

from workstation.db.uow import Database, UnitOfWork
from workstation.domain.calendar import OfficeCalendar
from workstation.domain.fees import REGULAR
from workstation.errors import UserError
from workstation.models import Filing, FilingEvent
from workstation.models.types import utcnow
from workstation.services import report_work_sql as sql
from workstation.services.authz import authorize
from workstation.services.dto import Actor
from workstation.services.profile import Profile
from workstation.services.report_clock import BusinessClock, stamp_us
from workstation.services.report_dto import (
    Cell,
    Chart,
    Column,
    Figure,
    Report,
    ReportRange,
    Tenths,
    share_text,
    tenths_text,
)
from workstation.services.report_time import (
    check_range,
    instant,
    midnight,
    nearest_rank,
    office_window,
    tenths_of_hour,
)
from workstation.services.reports import SERVICE_TYPES, SPEEDS

GROUPS = {"day": "Day", "type": "Filing type", "speed": "Speed", "clerk": "Clerk"}
SERVICE_LABELS = {**dict(SERVICE_TYPES), "records": "Records", "other": "Other"}
SPEED_LABELS = dict(SPEEDS)
DECISIONS = (("accepted", "Accepted"), ("rejected", "Rejected"), ("returned", "Returned"),
             ("held", "Held"))
STATUS_COLUMN = {"accepted": "accepted", "rejected": "rejected", "returned": "returned",
                 "hold": "held"}
CLOCK_AHEAD = 60  # days the business clock runs past the range: room for a clock started late


# ---------------------------------------------------------------------- daily production

@dataclass
class _Tally:
    """One row's counts, and the business time each of its finished filings took."""

    received: int = 0
    decided: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUS_COLUMN, 0))
    expedite: int = 0
    on_time: int = 0
    took: list[int] = field(default_factory=list)  # microseconds of business time


def production_report(db: Database, profile: Profile, actor: Actor, first: date, last: date,
                      *, clerk: str | None = None, service_type: str | None = None,
                      speed: str | None = None, group: str = "day") -> Report:
    """Documents received and decided per office day in [first, last] (or per filing type,
    speed or clerk: ``group``), with the expedite clock's hit rate and the turnaround in
    business hours. Leads and supervisors ("report.read"). Refused: a range ending before it
    starts, an unknown grouping, service type, speed or clerk."""
    check_range(first, last)
    if group not in GROUPS:
        raise UserError(f"Rows are by {', '.join(GROUPS)}, not {group!r}.", field="group")
    codes = _service_codes(profile, service_type)
    speed = _speed(profile, speed)
    zone = profile.calendar.zone
    low, high = office_window(zone, first, last)

    def work(uow: UnitOfWork) -> Report:
        authorize(uow, actor, "report.read")
        who = sql.user_name(uow, clerk)
        conn = uow.session.connection()
        narrowing: list[ColumnElement[bool]] = []
        if codes is not None:
            narrowing.append(Filing.filing_type.in_(codes))
        if speed is not None:
            narrowing.append(Filing.service_level == speed)
        by_clerk = [*narrowing, FilingEvent.by_user == who] if who else narrowing
        days = sql.OfficeDays(zone, low, high, conn.dialect.name)
        tallies: dict[Any, _Tally] = defaultdict(_Tally)
        received_total: int | None = None
        if who is None:  # received documents belong to no clerk
            received_total = _count_received(conn, zone, (first, last), group, days,
                                             narrowing, tallies)
        decided_key: ColumnElement[Any] = {
            "day": days.of(FilingEvent.at), "type": Filing.__table__.c.filing_type,
            "speed": Filing.__table__.c.service_level,
            "clerk": FilingEvent.__table__.c.by_user}[group]
        for key, status, count in conn.execute(
                sql.decision_counts(decided_key, low, high, by_clerk)):
            tallies[_key(days, group, key)].decided[str(status)] += int(count)
        finished = conn.execute(sql.final_decisions(decided_key, low, high, by_clerk)).all()
        _time_finished(profile, last, finished, group, days, tallies)
        return _production(profile, actor, first, last, group, tallies, received_total,
                           _production_filters(profile, group, who, service_type, speed))

    return db.run(work, read_only=True)


def _count_received(conn: Connection, zone: ZoneInfo, span: tuple[date, date], group: str,
                    days: sql.OfficeDays, narrowing: Sequence[ColumnElement[bool]],
                    tallies: dict[Any, _Tally]) -> int:
    """Documents received in the range, into each row's tally; returns the total."""
    first, last = span
    if group == "day" and conn.dialect.name == "sqlite" and \
            (last - first).days < sql.PER_DAY_MOST:
        keyed: Iterable[tuple[Any, Any]] = (
            (date.fromisoformat(day), count)
            for day, count in conn.execute(sql.received_per_day(zone, first, last, narrowing)))
    else:
        key: ColumnElement[Any] | None = {
            "day": days.of(Filing.received_at), "type": Filing.__table__.c.filing_type,
            "speed": Filing.__table__.c.service_level, "clerk": None}[group]
        low, high = office_window(zone, first, last)
        keyed = ((None if key is None else _key(days, group, value), count)
                 for value, count in conn.execute(sql.received_counts(key, low, high,
                                                                      narrowing)))
    total = 0
    for row_key, count in keyed:
        total += int(count)
        if row_key is not None and count:
            tallies[row_key].received += int(count)
    return total


def _time_finished(profile: Profile, last: date, finished: Sequence[Any], group: str,
                   days: sql.OfficeDays, tallies: dict[Any, _Tally]) -> None:
    """Each finished filing's business time from received to decision, and whether an
    expedited one beat its clock (the clock of the speed it paid for, from received): integer
    microseconds throughout, on one business clock prepared for the days involved."""
    if not finished:
        return
    rows = [(key, str(level), stamp_us(received), stamp_us(decided))
            for key, level, received, decided in finished]
    clock = BusinessClock.spanning(profile.calendar, instant(min(row[2] for row in rows)),
                                   midnight(profile.calendar.zone, last), ahead_days=CLOCK_AHEAD)
    upto, due_us = clock.upto, clock.due_us
    clocks = sql.expedite_clocks(profile)
    for key, level, received, decided in rows:
        tally = tallies[_key(days, group, key)]
        tally.took.append(max(0, upto(decided) - upto(received)))
        level_clock = clocks.get(level)
        if level_clock is not None:
            due = due_us(level_clock, received)
            tally.expedite += 1
            tally.on_time += int(due is not None and decided <= due)


def _production(profile: Profile, actor: Actor, first: date, last: date, group: str,
                tallies: dict[Any, _Tally], received_total: int | None,
                filters: tuple[tuple[str, str], ...]) -> Report:
    keys = sorted(tallies, key=lambda k: _order(profile, group, k))
    rows = tuple(_production_row(_label(profile, group, k), tallies[k],
                                 None if received_total is None or group == "clerk"
                                 else tallies[k].received) for k in keys)
    whole = _Tally(received=received_total or 0)
    for tally in tallies.values():
        for status, count in tally.decided.items():
            whole.decided[status] += count
        whole.expedite += tally.expedite
        whole.on_time += tally.on_time
        whole.took.extend(tally.took)
    totals = _production_row("Total", whole, received_total)
    category = group
    charts = [Chart(f"Decided by {GROUPS[group].lower()}", "stacked", category,
                    tuple(key for key, _ in DECISIONS))]
    if received_total is not None and group != "clerk":
        charts.append(Chart(f"Received by {GROUPS[group].lower()}", "bar", category,
                            ("received",)))
    return Report(
        name="production", title="Daily production", range=ReportRange(first, last),
        filters=filters, columns=_production_columns(group), rows=rows, charts=tuple(charts),
        figures=_production_figures(whole, received_total), notes=_production_notes(group,
                                                                                   filters),
        made_at=utcnow(), made_by=actor.username, totals=totals)


def _production_columns(group: str) -> tuple[Column, ...]:
    return (Column(group, GROUPS[group], numeric=False),
            Column("received", "Received", total=True),
            *(Column(key, label, total=True) for key, label in DECISIONS),
            Column("decided", "Decided", total=True),
            Column("expedite", "Expedite finished", total=True),
            Column("on_time", "Expedite on time", total=True),
            Column("median_h", "Median turnaround"),
            Column("p90_h", "90th percentile turnaround"))


def _production_row(label: Cell, tally: _Tally, received: int | None) -> tuple[Cell, ...]:
    took = sorted(tally.took)
    return (label, received, *(tally.decided[s] for s in STATUS_COLUMN),
            sum(tally.decided.values()), tally.expedite, tally.on_time,
            _hours(nearest_rank(took, 50)), _hours(nearest_rank(took, 90)))


def _production_figures(whole: _Tally, received: int | None) -> tuple[Figure, ...]:
    took = sorted(whole.took)
    decided = sum(whole.decided.values())
    parts = ", ".join(f"{label.lower()} {whole.decided[status]:,}"
                      for (_, label), status in zip(DECISIONS, STATUS_COLUMN, strict=True))
    met = (f"{share_text(whole.on_time, whole.expedite)} ({whole.on_time:,} of "
           f"{whole.expedite:,})") if whole.expedite else "no expedited filing finished"
    figures = [Figure("Received", f"{received:,}")] if received is not None else []
    return (*figures,
            Figure("Decided", f"{decided:,} ({parts})"),
            Figure("Expedite SLA met", met),
            Figure("Median turnaround", _hours_text(nearest_rank(took, 50))),
            Figure("90th percentile turnaround", _hours_text(nearest_rank(took, 90))))


def _production_notes(group: str, filters: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    notes = [
        "Received: documents whose received time (the business-hours stamp Mail Sort gives) "
        "falls on the office day.",
        "Decided: each decision an examiner posted (accepted, rejected, returned, held); a "
        "document held and later decided counts once for each decision.",
        "Turnaround: business hours (office hours only: no nights, weekends or holidays) from "
        "received to the decision that finished the document (accepted, rejected or "
        "returned); median and 90th percentile by nearest rank.",
        "Expedite on time: an expedited document finished by its due time, the clock of the "
        "speed it paid for started at received (as its batch's due time is), counted on the "
        "day it was finished.",
    ]
    if group == "clerk" or any(label == "Clerk" for label, _ in filters):
        notes.append("Received documents belong to no clerk: by clerk, only decisions count.")
    return tuple(notes)


def _production_filters(profile: Profile, group: str, who: str | None,
                        service_type: str | None, speed: str | None
                        ) -> tuple[tuple[str, str], ...]:
    filters = []
    if group != "day":
        filters.append(("Rows by", GROUPS[group]))
    if who:
        filters.append(("Clerk", who))
    if service_type:
        filters.append(("Service type", SERVICE_LABELS.get(service_type, service_type)))
    if speed:
        filters.append(("Speed", _speed_label(profile, speed)))
    return tuple(filters)


def _key(days: sql.OfficeDays, group: str, value: Any) -> Any:
    return days.day(value) if group == "day" else str(value)


def _order(profile: Profile, group: str, key: Any) -> tuple[Any, ...]:
    if group == "speed":
        return (list(SPEED_LABELS).index(key) if key in SPEED_LABELS else len(SPEED_LABELS),
                key)
    if group == "type":
        return (_label(profile, group, key),)
    return (key,)


def _label(profile: Profile, group: str, key: Any) -> Cell:
    if group == "type":
        return f"{profile.filing_types.get(key).label} ({key})" \
            if key in profile.filing_types else str(key)
    if group == "speed":
        return _speed_label(profile, key)
    found: date | str = key  # a day, or a clerk's user name
    return found


def _hours(us: int | None) -> Tenths | None:
    return Tenths(tenths_of_hour(us), "h") if us is not None else None


def _hours_text(us: int | None) -> str:
    return "—" if us is None else f"{tenths_text(tenths_of_hour(us))} business hours"


def _service_codes(profile: Profile, service_type: str | None) -> list[str] | None:
    """The filing types of ``service_type`` (None: every type)."""
    if not service_type:
        return None
    known = {t.service.value for t in profile.filing_types}
    if service_type not in known:
        raise UserError(f"Service type is one of {', '.join(sorted(known))}, not "
                        f"{service_type!r}.", field="service_type")
    return [t.code for t in profile.filing_types if t.service.value == service_type]


def _speed(profile: Profile, speed: str | None) -> str | None:
    if not speed:
        return None
    known = list(dict.fromkeys(level.code for level in profile.fees.levels))
    if speed not in known:
        raise UserError(f"Speed is one of {', '.join(known)}, not {speed!r}.", field="speed")
    return speed


def _speed_label(profile: Profile, code: str) -> str:
    if code in SPEED_LABELS:
        return SPEED_LABELS[code]
    found = next((level.label for level in profile.fees.levels if level.code == code), None)
    return found or code


# ---------------------------------------------------------------------- backlog ageing

BUCKETS = (("d0_2", "0-2 days"), ("d3_5", "3-5 days"), ("d6_10", "6-10 days"),
           ("d11", "Over 10 days"))
AGE_LIMITS = (2, 5, 10)  # the oldest age (business days) of each bucket but the last
INQUIRIES = "Inquiries"


@dataclass
class _Queue:
    label: str
    order: tuple[int, int]
    buckets: list[int] = field(default_factory=lambda: [0] * len(BUCKETS))
    oldest: tuple[datetime, str] | None = None


def backlog_report(db: Database, profile: Profile, actor: Actor, as_of: date | None = None,
                   *, queue: str | None = None) -> Report:
    """Everything not yet done, aged in business days since received (0-2, 3-5, 6-10, over
    10), per queue (the batch categories: service type and speed; and the inquiries), with each
    queue's oldest item. Leads and supervisors ("report.read"). Refused: a day still to come,
    an unknown queue."""
    calendar = profile.calendar
    today = utcnow().astimezone(calendar.zone).date()
    day = as_of or today
    if day > today:
        raise UserError(f"The backlog is counted for today or an earlier day, not "
                        f"{day.isoformat()}.", field="as_of", code="future")
    kind, service, speed = _queue_wanted(profile, queue)
    limits = [midnight(calendar.zone, d) for d in sql.bucket_starts(calendar, day, AGE_LIMITS)]
    until = None if day == today else midnight(calendar.zone, day + timedelta(days=1))

    def work(uow: UnitOfWork) -> Report:
        authorize(uow, actor, "report.read")
        conn = uow.session.connection()
        queues: dict[Any, _Queue] = {}
        if kind in (None, "filings"):
            mapping = {t.code: t.service.value for t in profile.filing_types}
            found = sql.open_filings(mapping, limits, until, service, speed)
            for svc, spd, number, received, *counts in conn.execute(
                    sql.queue_summary(found, len(BUCKETS))):
                row = _queue_of(profile, queues, svc, spd)
                row.buckets, row.oldest = [int(n) for n in counts], (received, str(number))
        if kind in (None, "inquiries"):
            found_inquiries = conn.execute(sql.inquiry_counts(limits, until)).all()
            if found_inquiries:
                row = _queue_of(profile, queues, None, None)
                for bucket, count, _earliest in found_inquiries:
                    row.buckets[int(bucket)] += int(count)
                earliest = min(r[2] for r in found_inquiries)
                number = conn.execute(sql.inquiry_oldest(earliest, until)).scalar_one()
                row.oldest = (earliest, str(number))
        return _backlog(profile, actor, day, today, queues.values(), queue)

    return db.run(work, read_only=True)


def _backlog(profile: Profile, actor: Actor, day: date, today: date,
             queues: Iterable[_Queue], queue: str | None) -> Report:
    ordered = sorted(queues, key=lambda q: q.order)
    calendar = profile.calendar
    rows = tuple(_backlog_row(calendar, day, q) for q in ordered)
    everything = _Queue("All queues", (0, 0))
    for q in ordered:
        everything.buckets = [a + b for a, b in zip(everything.buckets, q.buckets, strict=True)]
        if q.oldest is not None and (everything.oldest is None or q.oldest < everything.oldest):
            everything.oldest = q.oldest
    totals = _backlog_row(calendar, day, everything)
    open_items, over = sum(everything.buckets), everything.buckets[-1]
    oldest = "—" if everything.oldest is None else (
        f"{everything.oldest[1]}, "
        f"{sql.business_days_after(calendar, everything.oldest[0], day)} business days")
    notes = [
        "Open: documents received and not yet decided (received, in review or on hold) and "
        "inquiries not yet resolved or closed (those waiting on the customer included).",
        f"Age: business days from the day received to {day.isoformat()}; received that day "
        "is 0.",
        "Queue: the batch a document sits in (service type and speed); a document in no batch "
        "goes by its filing type's service and the speed paid for.",
    ]
    if day < today:
        notes.append(f"Counted from the work open now: items finished since "
                     f"{day.isoformat()} are not in it, those received after it are left out.")
    return Report(
        name="backlog", title="Backlog ageing", range=ReportRange(day, day),
        filters=(("Queue", queue.strip()),) if queue and queue.strip() else (),
        columns=(Column("queue", "Queue", numeric=False),
                 *(Column(key, label, total=True) for key, label in BUCKETS),
                 Column("open", "Open", total=True),
                 Column("oldest", "Oldest item", numeric=False),
                 Column("oldest_days", "Oldest, business days")),
        rows=rows, totals=totals,
        charts=(Chart("Backlog by age", "stacked", "queue", tuple(k for k, _ in BUCKETS)),),
        figures=(Figure("Open items", f"{open_items:,}"),
                 Figure("Over 10 business days",
                        f"{over:,} ({share_text(over, open_items)})" if open_items else "0"),
                 Figure("Oldest item", oldest)),
        notes=tuple(notes), made_at=utcnow(), made_by=actor.username)


def _backlog_row(calendar: OfficeCalendar, day: date, q: _Queue) -> tuple[Cell, ...]:
    oldest: tuple[Cell, Cell] = (None, None) if q.oldest is None else (
        q.oldest[1], sql.business_days_after(calendar, q.oldest[0], day))
    return (q.label, *q.buckets, sum(q.buckets), *oldest)


def _queue_of(profile: Profile, queues: dict[Any, _Queue], service: str | None,
              speed: str | None) -> _Queue:
    """The row of a queue: a batch category (service type and speed), or the inquiries."""
    key = (service, speed)
    if key not in queues:
        if service is None or speed is None:
            queues[key] = _Queue(INQUIRIES, (len(SERVICE_LABELS) + 1, 0))
        else:
            services, speeds = list(SERVICE_LABELS), [lv.code for lv in profile.fees.levels]
            queues[key] = _Queue(
                _queue_label(profile, service, speed),
                (services.index(service) if service in services else len(services),
                 speeds.index(speed) if speed in speeds else len(speeds)))
    return queues[key]


def _queue_label(profile: Profile, service: str, speed: str) -> str:
    return f"{SERVICE_LABELS.get(service, service)} · {_speed_label(profile, speed)}"


def _queue_wanted(profile: Profile, queue: str | None
                  ) -> tuple[str | None, str | None, str | None]:
    """What a typed queue means: (kind, service type, speed); all None for every queue.
    Accepted: "Inquiries", a service type ("corporate" or "Corporate") or a row's label
    ("Corporate · Expedite 1")."""
    if not queue or not queue.strip():
        return None, None, None
    typed = " ".join(queue.split()).casefold()
    if typed in ("inquiries", "inquiry"):
        return "inquiries", None, None
    for service, label in SERVICE_LABELS.items():
        if typed in (service, label.casefold()):
            return "filings", service, None
        for level in profile.fees.levels:
            if typed == _queue_label(profile, service, level.code).casefold():
                return "filings", service, level.code
    raise UserError(f"No queue is called {queue.strip()!r}: type Inquiries, a service type "
                    f"({', '.join(SERVICE_LABELS.values())}) or a row's name such as "
                    f"{_queue_label(profile, 'corporate', REGULAR)!r}.", field="queue")
