"""Time arithmetic every report shares: a range of office days as UTC instants, instants as
whole microseconds (integers from there on: no float), tenths of an hour, and the nearest-rank
percentile. One place, so two reports never count a day's edge or a median differently."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from workstation.errors import UserError

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
NAIVE_EPOCH = datetime(1970, 1, 1)
MICROSECOND = timedelta(microseconds=1)
HOUR_US = 3_600_000_000


def check_range(first: date, last: date) -> None:
    """Refuse a range that ends before it starts (field ``range``)."""
    if last < first:
        raise UserError(f"The range ends ({last.isoformat()}) before it starts "
                        f"({first.isoformat()}).", field="range")


def midnight(zone: ZoneInfo, day: date) -> datetime:
    """The office's midnight starting ``day``, as a UTC instant."""
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def office_window(zone: ZoneInfo, first: date, last: date) -> tuple[datetime, datetime]:
    """The office days [first, last] as the UTC instants [start, end): the office's midnight
    before ``first`` and after ``last`` (a day of 23 or 25 hours at a clock change included)."""
    return midnight(zone, first), midnight(zone, last + timedelta(days=1))


def micros(moment: datetime) -> int:
    """An instant as whole microseconds since 1970; a naive one is UTC (as SQLite gives a
    timestamp read without the program's column type)."""
    if moment.tzinfo is None:
        return (moment - NAIVE_EPOCH) // MICROSECOND
    return (moment - EPOCH) // MICROSECOND


def instant(us: int) -> datetime:
    return EPOCH + us * MICROSECOND


def tenths_of_hour(us: int) -> int:
    """Microseconds as tenths of an hour, rounded half up (integers only)."""
    return (us + HOUR_US // 20) // (HOUR_US // 10)


def nearest_rank(ordered: Sequence[int], percent: int) -> int | None:
    """The nearest-rank percentile of values already in order: the value at place
    ceil(n x percent / 100), at least the first; None for no values."""
    if not ordered:
        return None
    rank = max(1, -(-percent * len(ordered) // 100))
    return ordered[rank - 1]
