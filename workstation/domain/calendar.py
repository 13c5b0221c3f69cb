"""The office's business calendar: hours, holidays, received-at rules and service-level clocks.

DESIGN.md section 3 ("Time"): every business-day and business-hour computation lives here, driven
by the office profile's ``calendar.toml`` (the caller reads the file; ``OfficeCalendar.from_toml``
parses its text) and the ``holidays`` library. Inputs are aware datetimes in any zone; outputs are
aware datetimes in the office zone. A naive datetime is refused.

Definitions every function keeps:

* A *frame* is one stretch of business hours on a weekday in office wall-clock time; a day may have
  several (08:00-12:00 and 13:00-17:00). A *business day* has frames on its weekday and is neither
  a holiday the office observes nor an office closure. Frames should keep clear of 1-3 a.m., where
  daylight saving time changes the clock.
* *Open*: inside a frame, its start included and its end excluded: at 5:00 p.m. the office is
  closed.
* ``normalise_received``: the first open instant at or after arrival, unless the channel has a fixed
  stamp in the data (Connecticut: USPS mail is received at 8:30 a.m. on the day of receipt).
* ``add_business_hours(start, m)``: the earliest instant by which m minutes of frame time have
  passed since ``start``. When the minutes run out exactly at a frame's end the result is that end
  (a 4-hour clock from 1:00 p.m. is due 5:00 p.m. the same day), so a result is always inside a
  frame or exactly at its end. ``m = 0`` gives ``start`` itself when it is inside a frame or at its
  end, else the next frame's start. Hence add(a, x + y) == add(add(a, x), y) for every a.
* ``add_business_days(start, n)``: start is first normalised as an arrival (the next opening if
  outside hours); the result is the same wall-clock time n business days later (DST does not move
  it). When the target day's hours do not contain that clock time, it is the latest business instant
  at or before it that day (a frame's end), or the day's opening if the time is before it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from workstation.domain import calendar_explain as explain

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SEARCH_DAYS = 400  # more days than this without business hours means the data is wrong
_OBSERVED = re.compile(r"\s*\(observed[^)]*\)$")
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
Interval = tuple[datetime, datetime]


class CalendarDataError(ValueError):
    """``calendar.toml`` is not usable; the message names the key and the rule."""


class NotABusinessDayError(ValueError):
    """``opening``/``closing`` was asked for a day the office is closed."""


@dataclass(frozen=True)
class Frame:
    start: time
    end: time


@dataclass(frozen=True)
class ServiceClock:
    """A clock from ``[clocks.<level>]``.

    ``kind``: deadline, target (a published standard) or none; ``unit``: business_days or
    business_hours; ``ends``: same_time or closing (the close of the last day; days only).
    """

    level: str
    kind: str
    amount: int
    unit: str
    ends: str
    citation: str


@dataclass(frozen=True)
class Cutoff:
    name: str
    at: time
    label: str
    source: str


@dataclass(frozen=True)
class CustomerPromise:
    """Office data, not the statutory clock: received after ``cutoff.at`` -> by ``by`` next day."""

    level: str
    cutoff: Cutoff
    by: time
    citation: str


@dataclass(frozen=True)
class ReceivedRule:
    """A channel whose items are received at a fixed time on the business day they arrive."""

    channel: str
    at: time
    source: str


@dataclass(frozen=True)
class Due:
    at: datetime
    explanation: str


@dataclass(frozen=True, eq=False)
class OfficeCalendar:
    name: str
    zone: ZoneInfo
    hours: tuple[tuple[Frame, ...], ...]  # Monday first
    country: str
    subdivision: str | None
    exclude: frozenset[str] = frozenset()
    add: frozenset[str] = frozenset()
    closures: Mapping[date, str] = field(default_factory=dict)
    cutoffs: Mapping[str, Cutoff] = field(default_factory=dict)
    clocks: Mapping[str, ServiceClock] = field(default_factory=dict)
    promises: Mapping[str, CustomerPromise] = field(default_factory=dict)
    received_rules: Mapping[str, ReceivedRule] = field(default_factory=dict)
    _years: dict[int, Mapping[date, str]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        if len(self.hours) != 7 or not any(self.hours):
            raise CalendarDataError("[hours] needs at least one weekday with business hours")
        for name, frames in zip(_WEEKDAYS, self.hours, strict=True):
            bounds = [t for frame in frames for t in (frame.start, frame.end)]
            if bounds != sorted(bounds) or any(f.start >= f.end for f in frames):
                raise CalendarDataError(f"[hours] {name}: frames must be in order, not overlap")
        try:
            self._holiday_year(date.today().year)
            self._check_names()
        except NotImplementedError as exc:
            raise CalendarDataError(f"[holidays] {exc}") from exc

    @classmethod
    def from_toml(cls, text: str) -> OfficeCalendar:
        """The calendar described by the text of a profile's ``calendar.toml``."""
        return _parse(text)

    # ------------------------------------------------------------------ days
    def holiday_name(self, day: date) -> str | None:
        """The holiday or closure that shuts the office on ``day``, else None (weekends too)."""
        return self._holiday_year(day.year).get(day)

    def is_business_day(self, day: date) -> bool:
        return bool(self.hours[day.weekday()]) and day not in self._holiday_year(day.year)

    def next_business_day(self, day: date) -> date:
        """The first business day strictly after ``day``."""
        for _ in range(_SEARCH_DAYS):
            day += timedelta(days=1)
            if self.is_business_day(day):
                return day
        raise CalendarDataError(f"no business day in the {_SEARCH_DAYS} days before {day}")

    def frames(self, day: date) -> tuple[Interval, ...]:
        """The business-hour frames of ``day`` as aware office-zone datetimes; () if closed."""
        return tuple((a.astimezone(self.zone), b.astimezone(self.zone)) for a, b in self._utc(day))

    def opening(self, day: date) -> datetime:
        return self._frames_or_raise(day)[0][0]

    def closing(self, day: date) -> datetime:
        return self._frames_or_raise(day)[-1][1]

    # ------------------------------------------------------------------ instants
    def normalise_received(self, arrived: datetime, channel: str | None = None) -> datetime:
        """``received_at`` for an item that arrived at ``arrived`` through ``channel``.

        Default (any channel without a rule in ``[received.channels]``): the arrival itself when
        the office is open, the next frame's start when before it or between frames, else the next
        business day's opening; never earlier than the arrival. A channel with ``at`` (CT USPS
        mail, 8:30) is stamped at that time of the business day it arrived, or of the next business
        day when it arrived at or after closing or on a closed day: deliberately earlier than an
        arrival later in the day, as the rule says.
        """
        moment = _utc(arrived)
        rule = self.received_rules.get(channel) if channel is not None else None
        if rule is None:
            return self._first_open(moment)
        day = moment.astimezone(self.zone).date()
        if not self.is_business_day(day) or moment >= self._utc(day)[-1][1]:
            day = self.next_business_day(day)
        return datetime.combine(day, rule.at, tzinfo=self.zone)

    def add_business_hours(self, start: datetime, minutes: int) -> datetime:
        """``minutes`` business minutes after ``start`` (see the module notes for the edges)."""
        if minutes < 0:
            raise ValueError("business minutes to add cannot be negative")
        moment, remaining = _utc(start), timedelta(minutes=minutes)
        for opens, end in self._frames_from(moment.astimezone(self.zone).date()):
            if end < moment:
                continue
            begin = max(opens, moment)
            if begin + remaining <= end:
                return (begin + remaining).astimezone(self.zone)
            remaining -= end - begin
        raise AssertionError("unreachable: _frames_from raises first")

    def add_business_days(self, start: datetime, n: int) -> datetime:
        """The same clock time ``n`` business days after the normalised ``start`` (module notes)."""
        if n < 0:
            raise ValueError("business days to add cannot be negative")
        begin = self._first_open(_utc(start))
        day = begin.date()
        for _ in range(n):
            day = self.next_business_day(day)
        clock = begin.time()
        frames = self.hours[day.weekday()]
        chosen = frames[0].start
        for frame in frames:
            if frame.start <= clock:
                chosen = min(clock, frame.end)
        return datetime.combine(day, chosen, tzinfo=self.zone)

    def business_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Frame time between two instants (zero if ``end`` is not after ``start``)."""
        low, high, total = _utc(start), _utc(end), timedelta()
        for begin, finish in self._frames_from(low.astimezone(self.zone).date()):
            if begin >= high:
                return total
            total += max(timedelta(), min(finish, high) - max(begin, low))
        raise AssertionError("unreachable: _frames_from raises first")

    # ------------------------------------------------------------------ clocks
    def due(self, level: str, received: datetime) -> Due | None:
        """When the clock of ``level`` runs out for an item received at ``received``.

        None when the level has no clock (``kind = "none"``); ValueError for an unknown level.
        """
        clock = self.clocks.get(level)
        if clock is None:
            raise ValueError(f"no service-level clock {level!r}; known: {sorted(self.clocks)}")
        if clock.kind == "none":
            return None
        begin = self._first_open(_utc(received))
        if clock.unit == "business_hours":
            at = self.add_business_hours(begin, clock.amount * 60)
        elif clock.ends == "closing":
            day = begin.date()
            for _ in range(clock.amount):
                day = self.next_business_day(day)
            at = self.closing(day)
        else:
            at = self.add_business_days(begin, clock.amount)
        text = explain.explain_clock(
            amount=clock.amount,
            unit="hour" if clock.unit == "business_hours" else "day",
            target=clock.kind == "target",
            by_closing=clock.ends == "closing",
            citation=clock.citation,
            received=received.astimezone(self.zone),
            start=begin,
            skipped=self._skipped(begin.date(), at.date()),
        )
        return Due(at, text)

    def promise(self, level: str, received: datetime) -> Due | None:
        """The counter's promise for ``level`` (office data, not the statutory clock), or None when
        the level has none or the item was received (normalised) at or before the cut-off."""
        promise = self.promises.get(level)
        begin = self._first_open(_utc(received))
        if promise is None or begin.time() <= promise.cutoff.at:
            return None
        day = self.next_business_day(begin.date())
        at = datetime.combine(day, promise.by, tzinfo=self.zone)
        text = explain.explain_promise(
            received=begin,
            cutoff=promise.cutoff.at,
            by=promise.by,
            citation=promise.citation,
            skipped=self._skipped(begin.date(), day),
        )
        return Due(at, text)

    # ------------------------------------------------------------------ internals
    def _holiday_year(self, year: int) -> Mapping[date, str]:
        found = self._years.get(year)
        if found is None:
            found = self._years[year] = self._build_year(year)
        return found

    def _build_year(self, year: int) -> Mapping[date, str]:
        """Closed dates of ``year``: the library's public holidays for the state minus ``exclude``,
        plus ``add`` names found in its other categories, plus the office's own closures."""
        names: dict[date, list[str]] = {}

        def take(categories: tuple[str, ...], wanted: Callable[[str], bool]) -> None:
            table = holidays.country_holidays(
                self.country, subdiv=self.subdivision, years=year, language="en_US",
                categories=categories,
            )
            for day in table:
                chosen = [n for n in table.get_list(day) if wanted(_base(n))]
                if day.year == year and chosen:
                    names.setdefault(day, []).extend(chosen)

        take(("public",), lambda name: name not in self.exclude)
        if self.add:
            every = holidays.country_holidays(self.country).supported_categories
            take(tuple(c for c in every if c != "public"), lambda name: name in self.add)
        closed = {day: "; ".join(dict.fromkeys(found)) for day, found in names.items()}
        closed.update((d, f"office closed: {why}") for d, why in self.closures.items()
                      if d.year == year)
        return MappingProxyType(closed)

    def _check_names(self) -> None:
        """A misspelt ``exclude``/``add`` name would silently change nothing: refuse it."""
        for key, names, public in (("exclude", self.exclude, True), ("add", self.add, False)):
            if not names:
                continue
            every = holidays.country_holidays(self.country).supported_categories
            known = {_base(n) for n in holidays.country_holidays(
                self.country, subdiv=self.subdivision, years=range(2000, 2041), language="en_US",
                categories=tuple(c for c in every if (c == "public") is public),
            ).values() for n in n.split("; ")}
            if unknown := sorted(names - known):
                raise CalendarDataError(f"[holidays] {key}: no holiday named {unknown}")

    def _utc(self, day: date) -> tuple[Interval, ...]:
        if not self.is_business_day(day):
            return ()
        return tuple(
            (datetime.combine(day, f.start, tzinfo=self.zone).astimezone(UTC),
             datetime.combine(day, f.end, tzinfo=self.zone).astimezone(UTC))
            for f in self.hours[day.weekday()]
        )

    def _frames_from(self, day: date) -> Iterator[Interval]:
        """Every frame from ``day`` on, in UTC; raises after a year without business hours."""
        idle = 0
        while idle < _SEARCH_DAYS:
            frames = self._utc(day)
            idle = 0 if frames else idle + 1
            yield from frames
            day += timedelta(days=1)
        raise CalendarDataError(f"no business day in the {_SEARCH_DAYS} days before {day}")

    def _frames_or_raise(self, day: date) -> tuple[Interval, ...]:
        frames = self.frames(day)
        if not frames:
            when = f"{explain.format_day(day)} {day.year}"
            why = self.holiday_name(day) or "no business hours on that weekday"
            raise NotABusinessDayError(f"{when} is not a business day: {why}")
        return frames

    def _first_open(self, moment: datetime) -> datetime:
        for begin, end in self._frames_from(moment.astimezone(self.zone).date()):
            if end > moment:
                return max(begin, moment).astimezone(self.zone)
        raise AssertionError("unreachable: _frames_from raises first")

    def _skipped(self, first: date, last: date) -> list[explain.Skipped]:
        """Closed days strictly between two dates, named when a holiday or closure is the reason."""
        days: list[explain.Skipped] = []
        day = first + timedelta(days=1)
        while day < last:
            if not self.is_business_day(day):
                days.append((day, self.holiday_name(day) if self.hours[day.weekday()] else None))
            day += timedelta(days=1)
        return days


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a time-zone-aware datetime is required, not {moment!r}")
    return moment.astimezone(UTC)


def _base(name: str) -> str:
    """``Independence Day (observed)`` -> ``Independence Day``: exclude/add match either."""
    return _OBSERVED.sub("", name)


# ---------------------------------------------------------------------- calendar.toml
def _parse(text: str) -> OfficeCalendar:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CalendarDataError(f"calendar.toml: {exc}") from exc
    office, hours, hol = (_table(doc, key) for key in ("office", "hours", "holidays"))
    try:
        zone = ZoneInfo(_text(office, "timezone", "[office]"))
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise CalendarDataError(f"[office] timezone: no time zone {office['timezone']!r}") from exc
    if unknown := set(hours) - {*_WEEKDAYS, "source", "verified"}:
        raise CalendarDataError(f"[hours]: unknown keys {sorted(unknown)}")
    week = tuple(tuple(_frame(v, f"[hours] {d}") for v in _list(hours, d)) for d in _WEEKDAYS)
    closures = {_day(row.get("date"), "[[closures]] date"): _text(row, "reason", "[[closures]]")
                for row in _rows(doc, "closures")}
    cutoffs = {name: Cutoff(name, _time(row.get("at"), f"[cutoffs.{name}] at"),
                            _text(row, "label", f"[cutoffs.{name}]"), str(row.get("source", "")))
               for name, row in _tables(doc, "cutoffs", {}).items()}
    clocks = {level: _clock(level, row) for level, row in _tables(doc, "clocks").items()}
    promises = {}
    for level, row in _tables(doc, "promises", {}).items():
        where = f"[promises.{level}]"
        if level not in clocks or row.get("cutoff") not in cutoffs:
            raise CalendarDataError(f"{where}: needs a known level and cutoff")
        promises[level] = CustomerPromise(level, cutoffs[row["cutoff"]],
                                          _time(row.get("by"), f"{where} by"),
                                          _text(row, "citation", where))
    channels = _tables(_table(doc, "received", {}), "channels", {})
    rules = {ch: ReceivedRule(ch, _time(row.get("at"), f"[received.channels.{ch}] at"),
                              str(row.get("source", ""))) for ch, row in channels.items()}
    return OfficeCalendar(
        name=_text(office, "name", "[office]"), zone=zone, hours=week,
        country=_text(hol, "country", "[holidays]"),
        subdivision=str(hol["subdivision"]) if "subdivision" in hol else None,
        exclude=frozenset(_list(hol, "exclude")), add=frozenset(_list(hol, "add")),
        closures=MappingProxyType(closures), cutoffs=MappingProxyType(cutoffs),
        clocks=MappingProxyType(clocks), promises=MappingProxyType(promises),
        received_rules=MappingProxyType(rules),
    )


def _clock(level: str, row: dict[str, Any]) -> ServiceClock:
    where = f"[clocks.{level}]"
    kind = _choice(row, "kind", ("deadline", "target", "none"), where)
    citation = _text(row, "citation", where)
    if kind == "none":
        return ServiceClock(level, kind, 0, "business_days", "same_time", citation)
    amount = row.get("amount")
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 1:
        raise CalendarDataError(f"{where} amount: a whole number of at least 1")
    unit = _choice(row, "unit", ("business_days", "business_hours"), where)
    ends = _choice(row, "ends", ("same_time", "closing"), where, "same_time")
    if ends == "closing" and unit != "business_days":
        raise CalendarDataError(f"{where} ends: \"closing\" goes with business_days only")
    return ServiceClock(level, kind, amount, unit, ends, citation)


def _table(doc: dict[str, Any], key: str, default: dict[str, Any] | None = None) -> dict[str, Any]:
    value = doc.get(key, default)
    if not isinstance(value, dict):
        raise CalendarDataError(f"[{key}]: a table is required")
    return value


def _tables(doc: dict[str, Any], key: str,
            default: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """A table of tables, such as ``[clocks.expedite_1]``, ``[clocks.expedite_2]``."""
    value = _table(doc, key, default)
    if not all(isinstance(row, dict) for row in value.values()):
        raise CalendarDataError(f"[{key}]: each entry must be a table, as [{key}.<name>]")
    return value


def _rows(doc: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = doc.get(key, [])
    if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
        raise CalendarDataError(f"[[{key}]]: an array of tables is required")
    return value


def _list(table: dict[str, Any], key: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CalendarDataError(f"{key}: a list of strings is required")
    return value


def _text(table: dict[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CalendarDataError(f"{where} {key}: a non-empty string is required")
    return value


def _choice(row: dict[str, Any], key: str, allowed: tuple[str, ...], where: str,
            default: str | None = None) -> str:
    value = row.get(key, default)
    if value not in allowed:
        raise CalendarDataError(f"{where} {key}: one of {', '.join(allowed)}, not {value!r}")
    return str(value)


def _time(value: object, where: str) -> time:
    match = _HHMM.match(value) if isinstance(value, str) else None
    if match is None:
        raise CalendarDataError(f"{where}: a time as \"HH:MM\" (24-hour), not {value!r}")
    return time(int(match[1]), int(match[2]))


def _frame(value: str, where: str) -> Frame:
    start, _, end = value.partition("-")
    return Frame(_time(start.strip(), where), _time(end.strip(), where))


def _day(value: object, where: str) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise CalendarDataError(f"{where}: a date such as 2026-01-26, not {value!r}") from exc
