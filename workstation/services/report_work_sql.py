"""What the production and backlog reports ask the database.

The database counts (GROUP BY office day, filing type, speed, clerk, queue, age bucket); Python
only sees the totals, plus, for turnaround and the expedite clock, two timestamps per decided
filing. An office day is a day in the office's zone: a range of days becomes two UTC instants
once and the SQL compares timestamps; rows are grouped by office day in the database
(``OfficeDays``: PostgreSQL converts with the zone, SQLite groups by UTC hour).

Documents received are counted from the index on (status, received_at) alone (SQLite skips
through its few statuses; no table row is read), by day on SQLite one count per office day
(``received_per_day``). Decisions are read from ``filing_events``, joined
to ``filings`` only when a filter or the grouping needs a filing's column.

Turnaround and the expedite clocks are measured with ``report_clock.BusinessClock``, from the
two instants of each finished filing as the driver gives them (``final_decisions``: no
timestamp type, so no per-value conversion beyond one ``fromisoformat`` on SQLite).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, String, case, column, func, literal, select, values
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import cast
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.util import find_tables
from sqlalchemy.types import NULLTYPE, Date

from workstation.db.uow import UnitOfWork
from workstation.domain.calendar import OfficeCalendar, ServiceClock
from workstation.domain.fees import REGULAR
from workstation.errors import UserError
from workstation.models import Batch, BatchItem, Filing, FilingEvent, Inquiry, User
from workstation.models.types import UTCDateTime
from workstation.services.profile import Profile
from workstation.services.report_clock import as_driven
from workstation.services.report_time import midnight

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


PER_DAY_MOST = 3_000  # days ``received_per_day`` takes: 3 values a day, within SQLite's 32,766


def received_per_day(zone: ZoneInfo, first: date, last: date,
                     narrowing: Sequence[ColumnElement[bool]]) -> Query:
    """SQLite: documents received on each office day in [first, last] (at most
    ``PER_DAY_MOST`` days), as (ISO day, count): a table of the days' bounds (each day exactly
    as the zone has it) and, per day, a count over the (status, received_at) index. No table
    row is read without a narrowing, and no sort of the year's rows: 35 ms for a year of the
    large demo, against 250 ms for grouping its 657,000 rows by hour. PostgreSQL has no skip
    scan for that index and groups instead (``received_counts``)."""
    bounds = [midnight(zone, first + timedelta(days=n)) for n in range((last - first).days + 2)]
    days = values(column("day", String()), column("low", UTCDateTime()),
                  column("high", UTCDateTime()), name="days").data(
        [((first + timedelta(days=n)).isoformat(), bounds[n], bounds[n + 1])
         for n in range(len(bounds) - 1)]).cte("days")
    count = (select(func.count()).select_from(Filing)
             .where(Filing.received_at >= days.c.low, Filing.received_at < days.c.high,
                    *narrowing).scalar_subquery())
    return select(days.c.day, count)


def decision_counts(key: ColumnElement[Any], low: datetime, high: datetime,
                    narrowing: Sequence[ColumnElement[bool]]) -> Query:
    """Decisions made in [low, high) per ``key`` and decision. Each decision Batch Review posts
    appends one filing event with the filing's new status (a money correction appends none, so
    nothing is counted twice). The events are joined to their filings only when ``key`` or a
    narrowing reads a filing's column (every event has its filing: a foreign key)."""
    events = FilingEvent.__table__
    source = events.join(Filing, Filing.id == FilingEvent.filing_id) \
        if _reads_filings(key, *narrowing) else events
    return (select(key, FilingEvent.status, func.count()).select_from(source)
            .where(FilingEvent.status.in_(DECIDED), FilingEvent.at >= low,
                   FilingEvent.at < high, *narrowing)
            .group_by(key, FilingEvent.status))


def _reads_filings(*clauses: ColumnElement[Any]) -> bool:
    return any(Filing.__table__ in find_tables(c, check_columns=True) for c in clauses)


def final_decisions(key: ColumnElement[Any], low: datetime, high: datetime,
                    narrowing: Sequence[ColumnElement[bool]]) -> Query:
    """Each filing finished in [low, high): its key, speed, and received and decided instants
    as the driver gives them (``report_clock.stamp_us`` reads them)."""
    return (select(key, Filing.service_level, as_driven(Filing.received_at),
                   as_driven(FilingEvent.at))
            .select_from(FilingEvent).join(Filing, Filing.id == FilingEvent.filing_id)
            .where(FilingEvent.status.in_(FINAL), FilingEvent.at >= low,
                   FilingEvent.at < high, *narrowing))


# ---------------------------------------------------------------------- backlog

class Rare(FunctionElement[Any]):
    """A condition few rows meet, such as "not yet decided" among every filing ever received.

    SQLite's statistics keep only an average per index prefix (a million rows a status, for 5
    million filings and few statuses), so it would read the whole filings table rather than the
    (status, received_at) index for the 1 % still open: ``likelihood`` tells it (1.5 s against
    0.3 s on the large demo). Other databases see the condition as it is."""

    name = "rare"
    type = NULLTYPE  # no "= 1" appended on SQLite: the planner must see the condition
    inherit_cache = True


@compiles(Rare)
def _rare(element: Rare, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(Rare, "sqlite")
def _rare_sqlite(element: Rare, compiler: Any, **kw: Any) -> str:
    return f"likelihood({compiler.process(element.clauses, **kw)}, 0.01)"


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
    where: list[ColumnElement[Any]] = [Rare(Filing.status.in_(OPEN_FILING))]
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


# ---------------------------------------------------------------------- ageing

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
