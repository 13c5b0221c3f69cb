"""The reports' business clock: business time between two instants, and when a service clock
runs out, in integer microseconds, with the office calendar laid out once.

``OfficeCalendar`` walks day by day (``business_time_between``, ``due``): right for one item,
too slow for a year of them (a year of finished filings would take minutes). ``BusinessClock``
prepares the frames of every office day in [first, last] once, end to end in one sorted list,
with the business time before each (a prefix sum). Then:

* ``upto(us)``: business microseconds from the first prepared midnight to ``us``: one binary
  search and two list reads. ``between`` is the difference of two of them (0 when the end is not
  after the start), the same figure as ``OfficeCalendar.business_time_between``.
* ``due_us(clock, received_us)``: when a ``ServiceClock`` of the calendar runs out, the same
  instant as ``OfficeCalendar.due``: the first open instant (a binary search over the frames'
  ends); business hours added by a binary search over the prefix sums; business days counted on
  a list of the business days, the clock time on the target day found from the frames' wall-clock
  starts (integers: no time-zone conversion per item).

Instants outside the prepared days still get the calendar's exact answer, from the calendar's
own (slow) walk: ``upto`` before the first day is minus the business time up to it, after the
last day the total plus the business time since; a due time that the prepared days cannot reach
is the calendar's ``due``. So the span only decides the speed, never a figure: prepare it to
cover the instants measured (``spanning``), and a clock started near its end a while beyond.

A frame that a daylight-saving change falls inside (the calendar advises against it: frames keep
clear of 1-3 a.m.) has a wall-clock length unlike its real length; for such a frame the clock
time is converted with the zone, as the calendar does, so the answer stays the same.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, type_coerce
from sqlalchemy.types import NULLTYPE

from workstation.domain.calendar import OfficeCalendar, ServiceClock
from workstation.services.report_time import MICROSECOND, NAIVE_EPOCH, instant, micros, midnight

_DAY = timedelta(days=1)
_from_text = datetime.fromisoformat


def as_driven(column: Any) -> ColumnElement[Any]:
    """A timestamp selected as the database driver gives it, with no column type's processing:
    naive UTC text on SQLite, an aware datetime on PostgreSQL. For a query that hands many
    instants to ``stamp_us``: reading SQLite's text with ``fromisoformat`` is cheaper than the
    column type's conversion, and cheaper than converting in SQL."""
    return type_coerce(column, NULLTYPE)


def stamp_us(value: str | datetime) -> int:
    """An instant as ``as_driven`` gives it, in microseconds since 1970 (naive: UTC)."""
    if isinstance(value, str):
        return (_from_text(value) - NAIVE_EPOCH) // MICROSECOND
    return micros(value)


def _of_day(moment: time) -> int:
    """A wall-clock time as microseconds after midnight."""
    return ((moment.hour * 60 + moment.minute) * 60 + moment.second) * 1_000_000 \
        + moment.microsecond


class BusinessClock:
    """Business time over the office days [first, last], precomputed (module notes)."""

    def __init__(self, calendar: OfficeCalendar, first: date, last: date) -> None:
        if last < first:
            raise ValueError(f"a clock's days run forwards, not {first} to {last}")
        self.calendar, self.first, self.last = calendar, first, last
        self.low = micros(midnight(calendar.zone, first))
        self.high = micros(midnight(calendar.zone, last + _DAY))
        # One entry per frame, in time order: UTC start and end, the business time before it
        # minus its start (so inside it, business time so far = us + offset), the business time
        # at its end, its wall-clock start and end, and the business day it belongs to.
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._offsets: list[int] = []
        self._afters: list[int] = []
        self._walls: list[int] = []
        self._wall_ends: list[int] = []
        self._day_of: list[int] = []
        self._irregular: set[int] = set()  # frames a clock change falls inside
        self._dates: list[date] = []  # the business days, in order
        self._spans: list[tuple[int, int]] = []  # each business day's frames [from, to)
        total, on = 0, first
        while on <= last:
            frames = calendar.frames(on)
            if frames:
                begin = len(self._starts)
                for (opens, closes), frame in zip(frames, calendar.hours[on.weekday()],
                                                  strict=True):
                    a, b = micros(opens), micros(closes)
                    wall, wall_end = _of_day(frame.start), _of_day(frame.end)
                    if b - a != wall_end - wall:
                        self._irregular.add(len(self._starts))
                    self._starts.append(a)
                    self._ends.append(b)
                    self._offsets.append(total - a)
                    total += b - a
                    self._afters.append(total)
                    self._walls.append(wall)
                    self._wall_ends.append(wall_end)
                    self._day_of.append(len(self._dates))
                self._spans.append((begin, len(self._starts)))
                self._dates.append(on)
            on += _DAY
        self.total = total  # business microseconds in the prepared days

    @classmethod
    def spanning(cls, calendar: OfficeCalendar, earliest: datetime, latest: datetime, *,
                 ahead_days: int = 0) -> BusinessClock:
        """A clock over the office days from ``earliest``'s to ``latest``'s, and ``ahead_days``
        more (room for a clock started near the end). Naive instants are UTC."""
        zone = calendar.zone
        first = instant(micros(earliest)).astimezone(zone).date()
        last = instant(micros(latest)).astimezone(zone).date()
        return cls(calendar, min(first, last), max(first, last) + ahead_days * _DAY)

    # ------------------------------------------------------------------ business time

    def upto(self, us: int) -> int:
        """Business microseconds from the first prepared midnight to ``us`` (microseconds
        since 1970, UTC); negative before it. Never decreases as ``us`` grows."""
        if self.low <= us < self.high:
            at = bisect_right(self._starts, us) - 1
            if at < 0:
                return 0
            found, after = us + self._offsets[at], self._afters[at]
            return found if found < after else after
        return self._outside(us)

    def between(self, start: datetime, end: datetime) -> int:
        """Business microseconds from ``start`` to ``end`` (0 if ``end`` is not after it);
        naive instants are UTC."""
        return max(0, self.upto(micros(end)) - self.upto(micros(start)))

    def _outside(self, us: int) -> int:
        calendar = self.calendar
        if us < self.low:
            return -(calendar.business_time_between(instant(us), instant(self.low)) // MICROSECOND)
        return self.total + calendar.business_time_between(instant(self.high),
                                                           instant(us)) // MICROSECOND

    # ------------------------------------------------------------------ service clocks

    def due(self, clock: ServiceClock, received: datetime) -> datetime | None:
        """When ``clock`` (one of the calendar's) runs out for an item received at
        ``received`` (UTC); None for a clock of kind "none"."""
        found = self.due_us(clock, micros(received))
        return None if found is None else instant(found)

    def due_us(self, clock: ServiceClock, received: int) -> int | None:
        """``due`` in microseconds since 1970 (UTC), for a loop over many items."""
        if clock.kind == "none":
            return None
        found = self._due(clock, received) if self.low <= received < self.high else None
        if found is None:
            slow = self.calendar.due(clock.level, instant(received))
            return None if slow is None else micros(slow.at)
        return found

    def _due(self, clock: ServiceClock, received: int) -> int | None:
        """The due instant from the prepared days, or None where they do not reach."""
        at = bisect_right(self._ends, received)  # the first frame still open after arrival
        if at >= len(self._ends):
            return None
        begin = max(self._starts[at], received)
        if clock.unit == "business_hours":
            target = begin + self._offsets[at] + clock.amount * 60 * 60_000_000
            end = bisect_left(self._afters, target, lo=at)
            return None if end >= len(self._afters) else target - self._offsets[end]
        day = self._day_of[at] + clock.amount
        if day >= len(self._dates):
            return None
        if clock.ends == "closing":
            return self._ends[self._spans[day][1] - 1]
        return self._same_time(self._clock_time(at, begin), day)

    def _clock_time(self, frame: int, us: int) -> int:
        """The office's wall-clock time of ``us`` (inside ``frame``), microseconds after
        midnight."""
        if frame in self._irregular:
            return _of_day(instant(us).astimezone(self.calendar.zone).time())
        return self._walls[frame] + us - self._starts[frame]

    def _same_time(self, clock: int, day: int) -> int:
        """The instant of wall-clock time ``clock`` on business day ``day``, kept inside that
        day's hours as ``OfficeCalendar.add_business_days`` keeps it (a frame's end when the
        time falls after it, the day's opening when before)."""
        begin, end = self._spans[day]
        chosen, wall = begin, self._walls[begin]
        for frame in range(begin, end):
            if self._walls[frame] <= clock:
                chosen, wall = frame, min(clock, self._wall_ends[frame])
        if chosen in self._irregular:
            at = datetime.combine(self._dates[day], _time_of(wall), tzinfo=self.calendar.zone)
            return micros(at)
        return self._starts[chosen] + wall - self._walls[chosen]



def _time_of(us: int) -> time:
    seconds, micro = divmod(us, 1_000_000)
    return time(seconds // 3600, seconds // 60 % 60, seconds % 60, micro)
