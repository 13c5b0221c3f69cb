"""What the production and backlog reports ask the database, and the business clock they time
items with.

The database counts (GROUP BY office day, filing type, speed, clerk, queue, age bucket); Python
only sees the totals, plus, for turnaround and the expedite clock, two timestamps per decided
filing. An office day is a day in the office's zone: a range of days becomes two UTC instants
once and the SQL compares timestamps; rows are grouped by office day in the database
(``OfficeDays``: PostgreSQL converts with the zone, SQLite groups by UTC hour).

Without an index on ``filings.received_at`` and ``filings.status`` both reports read the whole
filings table once (about 1 s for 5 million rows on SQLite): that, not Python, is their cost.

``BusinessClock`` measures business time the way ``OfficeCalendar`` does, but precomputes the
frames of the days involved once, so an item costs two binary searches instead of a walk over
every day between its two instants (about 0.5 ms for two months: a year of filings would take
minutes).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, case, func, literal, select
from sqlalchemy.sql.expression import cast
from sqlalchemy.types import Date

from workstation.db.uow import UnitOfWork
from workstation.domain.calendar import OfficeCalendar, ServiceClock
from workstation.domain.fees import REGULAR
from workstation.errors import UserError
from workstation.models import Batch, BatchItem, Filing, FilingEvent, Inquiry, User
from workstation.services.profile import Profile
from workstation.services.report_time import MICROSECOND, instant, micros, midnight

OPEN_FILING = ("received", "in_review", "hold")  # not yet decided: Batch Review's open statuses
FINAL = ("accepted", "rejected", "returned")  # a decision that finishes the filing
DECIDED = (*FINAL, "hold")  # every decision Batch Review records (a hold is "held")
OPEN_INQUIRY = ("open", "paused")  # status kinds that are not done
Query = Select[*tuple[Any, ...]]  # a SELECT of any columns










# ---------------------------------------------------------------------- the office day in SQL

class OfficeDays:
    """Grouping rows by office day in SQL, and the day each group's key stands for.

    PostgreSQL converts a timestamp with the office's zone itself. SQLite stores naive UTC text
    ("2026-11-20 16:00:00.000000"): rows are grouped by their UTC hour (the text's first 13
    characters; by the minute when the office's offset is not a whole number of hours), and
    each such group (at most 24 a day) is given its office day here. A group never straddles an
    office midnight, and grouping by a prefix of the text is much cheaper for SQLite than
    shifting every row by its offset."""

    def __init__(self, zone: ZoneInfo, low: datetime, high: datetime, dialect: str) -> None:
        self.zone, self.postgresql = zone, dialect == "postgresql"
        whole_hours = all(offset % 3600 == 0 for offset in _offsets(zone, low, high))
        self.width, self.suffix = (13, ":00:00") if whole_hours else (16, ":00")
        self._days: dict[str, date] = {}

    def of(self, column: Any) -> ColumnElement[Any]:
        if self.postgresql:
            return cast(func.timezone(self.zone.key, column), Date)
        return func.substr(column, 1, self.width)

    def day(self, value: Any) -> date:
        if not isinstance(value, str):
            return as_day(value)
        found = self._days.get(value)
        if found is None:
            moment = datetime.fromisoformat(value + self.suffix).replace(tzinfo=UTC)
            found = self._days[value] = moment.astimezone(self.zone).date()
        return found


def _offsets(zone: ZoneInfo, low: datetime, high: datetime) -> set[int]:
    """The office's UTC offsets (seconds) in force between ``low`` and ``high`` (daily)."""
    found, at = set(), low
    while at <= high:
        offset = at.astimezone(zone).utcoffset()
        found.add(int(offset.total_seconds()) if offset is not None else 0)
        at += timedelta(hours=23)  # never skips a day's offset
    return found


def as_day(value: Any) -> date:
    """A day as the database gives it back (SQLite: text; PostgreSQL: a date)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


# ---------------------------------------------------------------------- production

def user_name(uow: UnitOfWork, typed: str | None) -> str | None:
    """The user name a typed clerk filter means (case does not matter); None for none."""
    if not typed or not typed.strip():
        return None
    wanted = typed.strip()
    names = uow.session.connection().execute(select(User.username)).scalars().all()
    found = next((n for n in names if n == wanted), None) or next(
        (n for n in names if n.casefold() == wanted.casefold()), None)
    if found is None:
        raise UserError(f"No one has the user name {wanted!r}.", field="clerk")
    return str(found)


def expedite_clocks(profile: Profile) -> dict[str, ServiceClock]:
    """The paid speeds whose clock is a deadline (the expedite levels), with their clocks."""
    clocks = {}
    for level in profile.fees.levels:
        clock = profile.calendar.clocks.get(level.code)
        if level.code != REGULAR and clock is not None and clock.kind == "deadline":
            clocks[level.code] = clock
    return clocks


def received_counts(key: ColumnElement[Any] | None, low: datetime, high: datetime,
                    narrowing: Sequence[ColumnElement[bool]]) -> Query:
    """Documents received in [low, high) per ``key`` (None: one total)."""
    where = (Filing.received_at >= low, Filing.received_at < high, *narrowing)
    if key is None:
        return select(literal("all"), func.count()).select_from(Filing).where(*where)
    return select(key, func.count()).select_from(Filing).where(*where).group_by(key)


def decision_counts(key: ColumnElement[Any], low: datetime, high: datetime,
                    narrowing: Sequence[ColumnElement[bool]]) -> Query:
    """Decisions made in [low, high) per ``key`` and decision. Each decision Batch Review posts
    appends one filing event with the filing's new status (a money correction appends none, so
    nothing is counted twice)."""
    return (select(key, FilingEvent.status, func.count())
            .select_from(FilingEvent).join(Filing, Filing.id == FilingEvent.filing_id)
            .where(FilingEvent.status.in_(DECIDED), FilingEvent.at >= low,
                   FilingEvent.at < high, *narrowing)
            .group_by(key, FilingEvent.status))


def final_decisions(key: ColumnElement[Any], low: datetime, high: datetime,
                    narrowing: Sequence[ColumnElement[bool]]) -> Query:
    """Each filing finished in [low, high): its key, speed, received and decided instants."""
    return (select(key, Filing.service_level, Filing.received_at, FilingEvent.at)
            .select_from(FilingEvent).join(Filing, Filing.id == FilingEvent.filing_id)
            .where(FilingEvent.status.in_(FINAL), FilingEvent.at >= low,
                   FilingEvent.at < high, *narrowing))


# ---------------------------------------------------------------------- backlog

def age_bucket(column: Any, limits: Sequence[datetime]) -> ColumnElement[int]:
    """0, 1, 2 or 3 for 0-2, 3-5, 6-10 and over 10 business days: ``limits`` are the office
    midnights starting the oldest day of each younger bucket."""
    return case(*[(column >= limit, n) for n, limit in enumerate(limits)], else_=len(limits))


def open_filings(service_of_type: Mapping[str, str], limits: Sequence[datetime],
                 until: datetime | None, service: str | None, speed: str | None) -> Any:
    """Open filings classified: number, received_at, queue (service type and speed of the
    batch each sits in now, else of its filing type and paid speed) and age bucket."""
    newest_batch = (select(BatchItem.batch_id).where(BatchItem.filing_id == Filing.id)
                    .order_by(BatchItem.id.desc()).limit(1).correlate(Filing)
                    .scalar_subquery())
    where: list[ColumnElement[bool]] = [Filing.status.in_(OPEN_FILING)]
    if until is not None:
        where.append(Filing.received_at < until)
    found = (select(Filing.document_number.label("number"), Filing.received_at,
                    Filing.filing_type, Filing.service_level, newest_batch.label("batch_id"))
             .where(*where).subquery())
    by_type = case(dict(service_of_type), value=found.c.filing_type, else_="other") \
        if service_of_type else literal("other")
    service_col = func.coalesce(Batch.service_type, by_type)
    speed_col = func.coalesce(Batch.service_level, found.c.service_level)
    classified = (select(found.c.number, found.c.received_at, service_col.label("service"),
                         speed_col.label("speed"),
                         age_bucket(found.c.received_at, limits).label("bucket"))
                  .select_from(found.outerjoin(Batch, Batch.id == found.c.batch_id)))
    if service is not None:
        classified = classified.where(service_col == service)
    if speed is not None:
        classified = classified.where(speed_col == speed)
    return classified.subquery()


def queue_summary(classified: Any, buckets: int) -> Query:
    """One row per queue in one pass: its oldest item (the lowest number among equally old
    ones), when received, and how many items fall in each age bucket."""
    c = classified.c
    queue = (c.service, c.speed)
    ranked = select(c.service, c.speed, c.number, c.received_at,
                    func.row_number().over(partition_by=queue,
                                           order_by=(c.received_at, c.number)).label("rank"),
                    *(func.sum(case((c.bucket == n, 1), else_=0)).over(partition_by=queue)
                      .label(f"b{n}") for n in range(buckets))).subquery()
    r = ranked.c
    return (select(r.service, r.speed, r.number, r.received_at,
                   *(r[f"b{n}"] for n in range(buckets))).where(r.rank == 1))


def inquiry_counts(limits: Sequence[datetime], until: datetime | None) -> Query:
    """Open inquiries per age bucket, with each bucket's earliest received time (read from
    the queue's index: no table rows)."""
    bucket = age_bucket(Inquiry.received_at, limits)
    return (select(bucket, func.count(), func.min(Inquiry.received_at))
            .where(*_open_inquiry(until)).group_by(bucket))


def inquiry_oldest(received: datetime, until: datetime | None) -> Query:
    """The open inquiry received at ``received`` (the lowest number among equally old ones)."""
    return (select(Inquiry.number).where(*_open_inquiry(until), Inquiry.received_at == received)
            .order_by(Inquiry.number).limit(1))


def _open_inquiry(until: datetime | None) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [Inquiry.status_kind.in_(OPEN_INQUIRY)]
    if until is not None:
        where.append(Inquiry.received_at < until)
    return where


# ---------------------------------------------------------------------- business time

class OutOfSpan(Exception):
    """An instant outside the days a ``BusinessClock`` prepared: the caller asks the calendar."""


class BusinessClock:
    """Business time over the office days [first, last], precomputed (module notes).

    Gives the same answers as ``OfficeCalendar.business_time_between`` and
    ``OfficeCalendar.due`` (the tests compare them), in microseconds; an instant outside the
    prepared days falls back to the calendar itself."""

    def __init__(self, calendar: OfficeCalendar, first: date, last: date) -> None:
        self.calendar = calendar
        self.days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        self.starts = [micros(midnight(calendar.zone, d)) for d in self.days]
        self.starts.append(micros(midnight(calendar.zone, last + timedelta(days=1))))
        self.frames = [tuple((micros(a), micros(b)) for a, b in calendar.frames(d))
                       for d in self.days]
        self.before = [0]  # business microseconds before each day
        for frames in self.frames:
            self.before.append(self.before[-1] + sum(b - a for a, b in frames))
        self.business = [n for n, frames in enumerate(self.frames) if frames]

    def _day(self, us: int) -> int:
        n = bisect_right(self.starts, us) - 1
        if n < 0 or n >= len(self.days):
            raise OutOfSpan(us)
        return n

    def _so_far(self, us: int) -> int:
        """Business microseconds from the first day's midnight to ``us``."""
        n = self._day(us)
        total = self.before[n]
        for a, b in self.frames[n]:
            if us <= a:
                break
            total += min(us, b) - a
        return total

    def between(self, start: datetime, end: datetime) -> int:
        """Business microseconds from ``start`` to ``end`` (0 if ``end`` is not after it)."""
        try:
            return max(0, self._so_far(micros(end)) - self._so_far(micros(start)))
        except OutOfSpan:
            return self.calendar.business_time_between(start, end) // MICROSECOND

    def due(self, clock: ServiceClock, received: datetime) -> datetime | None:
        """When ``clock`` runs out for an item received at ``received`` (None: no clock)."""
        if clock.kind == "none":
            return None
        try:
            return instant(self._due(clock, micros(received)))
        except OutOfSpan:
            found = self.calendar.due(clock.level, received)
            return found.at if found is not None else None

    def _due(self, clock: ServiceClock, received: int) -> int:
        begin, day = self._first_open(received)
        if clock.unit == "business_hours":
            return self._add_hours(begin, clock.amount * 60)
        later = self._later_business_day(day, clock.amount)
        if clock.ends == "closing":
            return self.frames[later][-1][1]
        return self._same_time(begin, later)

    def _first_open(self, us: int) -> tuple[int, int]:
        """The first open instant at or after ``us`` and its day's index."""
        for n in range(self._day(us), len(self.days)):
            for a, b in self.frames[n]:
                if b > us:
                    return max(a, us), n
        raise OutOfSpan(us)

    def _add_hours(self, begin: int, minutes: int) -> int:
        target = self._so_far(begin) + minutes * 60_000_000
        n = bisect_left(self.before, target, lo=1) - 1  # the day the target is reached in
        if n >= len(self.days):
            raise OutOfSpan(target)
        remaining = target - self.before[n]
        for a, b in self.frames[n]:
            if remaining <= b - a:
                return a + remaining
            remaining -= b - a
        raise OutOfSpan(target)  # unreachable: the day's frames add up to at least remaining

    def _later_business_day(self, day: int, count: int) -> int:
        at = bisect_right(self.business, day) + count - 1
        if count == 0:
            return day
        if at >= len(self.business):
            raise OutOfSpan(day)
        return self.business[at]

    def _same_time(self, begin: int, day: int) -> int:
        """The clock time of ``begin`` on ``day``, kept inside that day's hours as
        ``OfficeCalendar.add_business_days`` keeps it."""
        zone = self.calendar.zone
        clock = instant(begin).astimezone(zone).time()
        on = self.days[day]
        frames = self.calendar.hours[on.weekday()]
        chosen = frames[0].start
        for frame in frames:
            if frame.start <= clock:
                chosen = min(clock, frame.end)
        return micros(datetime.combine(on, chosen, tzinfo=zone))


def clock_span(zone: ZoneInfo, moments: Iterable[datetime], last: date,
               ahead_days: int = 60) -> tuple[date, date]:
    """The days a ``BusinessClock`` should cover: from the earliest of ``moments`` to well past
    ``last`` (a clock started near the end runs on beyond it)."""
    earliest = min((m for m in moments), default=None)
    first = earliest.astimezone(zone).date() if earliest is not None else last
    return min(first, last), last + timedelta(days=ahead_days)


def bucket_starts(calendar: OfficeCalendar, day: date, limits: Sequence[int]) -> list[date]:
    """The oldest day of each age bucket but the last (``limits``: each bucket's oldest age in
    business days): an item received on or after the (n+1)th business day counting back from
    ``day`` is at most n business days old."""
    wanted = [limit + 1 for limit in limits]
    found: list[date] = []
    count, on = 0, day
    while len(found) < len(wanted):
        if calendar.is_business_day(on):
            count += 1
            if count == wanted[len(found)]:
                found.append(on)
        on -= timedelta(days=1)
    return found


def business_days_after(calendar: OfficeCalendar, received: datetime, day: date) -> int:
    """An item's age: business days after the day ``received``, up to and including ``day``."""
    on = received.astimezone(calendar.zone).date() + timedelta(days=1)
    count = 0
    while on <= day:
        count += calendar.is_business_day(on)
        on += timedelta(days=1)
    return count



