"""The calendar of due dates (issue 9): what is due, when, and recurring office work, in business
time from the office calendar. Pure: the services gather the records, this module says what is
due.

Definitions every function keeps:

* A *due item* is one thing due at one instant (``due_at``, UTC) and listed under one office day
  (``due_day``). A clock (an inquiry's, an expedite filing's) is due at its own instant. A date
  (a hold's follow-up, an expiry, an occurrence of recurring work) is due at the *end of its
  office day*: the close of business when the office is open that day, else 23:59 office time;
  so a follow-up set for today is not overdue until the office closes. A window that *opens* on
  a day (a UCC continuation window) is listed at the start of that day instead.
* *Overdue* is said only of work the records can show as still outstanding (``TRACKED``: a
  running inquiry clock, an undecided expedite filing, a filing still on hold, an occurrence of
  recurring work not marked done) whose due instant is before ``now``. A deadline whose meeting
  the program cannot see (a deposit made at the bank, a refusal notice mailed) and an event
  (a lapse, an expiry) are listed on their day but never called overdue: calling them so for ever
  after would bury the real backlog.
* Recurring work: ``weekly`` falls on ``weekday`` (0 = Monday) of every week; ``monthly`` on
  ``day_of_month``; ``first_business_day`` and ``last_business_day`` on those days of every
  month. A weekly or monthly occurrence whose day is not a business day (a holiday, a closure)
  moves to the next business day; a day the month lacks (31 in April, 30 in February) moves to
  the first business day after that month's last day (31 April -> 1 May, or later if 1 May is
  closed). Moves only go forward, so two occurrences can meet on one day (a closed week moves
  Monday's occurrence onto the next Monday): they are one occurrence. An occurrence belongs to
  the task when the day it falls due is within ``starts_on`` .. ``ends_on``.
"""

from __future__ import annotations

import calendar as month_calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType

from workstation.domain.calendar import OfficeCalendar

KINDS = MappingProxyType({
    "inquiry_clock": "Inquiry clock",
    "expedite": "Expedite filing",
    "hold_follow_up": "Hold follow-up",
    "rejection_letter": "UCC refusal notice",
    "deposit": "Deposit deadline",
    "ucc_lapse": "UCC lapse",
    "ucc_continuation": "UCC continuation window opens",
    "reservation_expiry": "Name reservation expires",
    "licence_end": "Temporary foreign licence ends",
    "trade_name_renewal": "Trade-name renewal",
    "recurring": "Office work",
})
TRACKED = frozenset({"inquiry_clock", "expedite", "hold_follow_up", "recurring"})
# The record a due item is about, as the record lookup opens it (its ``source_id`` is the row).
RECORD_OF = MappingProxyType({
    "expedite": "filing", "hold_follow_up": "filing", "rejection_letter": "filing",
    "ucc_lapse": "ucc", "ucc_continuation": "ucc", "reservation_expiry": "entity",
    "licence_end": "entity", "trade_name_renewal": "entity",
})
RULES = ("weekly", "monthly", "first_business_day", "last_business_day")
WEEKDAY_NAMES = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays",
                 "Sundays")
NEXT_DAYS = 5  # "next 5 business days"
_SCAN = timedelta(days=40)  # a move by a holiday or a short month never reaches this far
_SEARCH_DAYS = 400


@dataclass(frozen=True)
class DueItem:
    """One thing due. ``reference``: a number the clerk can look up (inquiry, document, deposit,
    UCC file, entity number, or the task's title); ``owner``: a username, "" for the team;
    ``source_id``: the row it comes from; ``part`` tells items of one row apart (an inquiry's
    clock, a recurring task's occurrence)."""

    kind: str
    title: str
    due_at: datetime  # UTC
    due_day: date  # the office day it is listed under
    reference: str
    owner: str
    overdue: bool
    source_id: int
    part: str = ""
    detail: str = ""

    @property
    def label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def uid(self) -> str:
        """Stable for one item and occurrence: the same thing exported twice is one event."""
        tail = f"-{self.part}" if self.part else ""
        return f"{self.kind}-{self.source_id}{tail}"


@dataclass(frozen=True)
class DueSummary:
    """Overdue work (any day before now), then what is due today and in the next business
    days; an overdue item is listed only under ``overdue``."""

    day: date
    through: date  # the 5th business day after ``day``
    overdue: tuple[DueItem, ...]
    today: tuple[DueItem, ...]
    next_5_business_days: tuple[DueItem, ...]


@dataclass(frozen=True)
class Recurrence:
    rule: str
    weekday: int | None
    day_of_month: int | None
    starts_on: date
    ends_on: date | None = None

    def describe(self) -> str:
        """"Every Monday", "Monthly on day 15", "First business day of the month"."""
        if self.rule == "weekly" and self.weekday is not None:
            return f"Weekly on {WEEKDAY_NAMES[self.weekday]}"
        if self.rule == "monthly":
            return f"Monthly on day {self.day_of_month}"
        return {"first_business_day": "First business day of the month",
                "last_business_day": "Last business day of the month"}.get(self.rule, self.rule)


@dataclass(frozen=True)
class Occurrence:
    nominal: date  # the day the rule names (a month's last day when it lacks day_of_month)
    due: date  # the business day it falls due


class RecurrenceError(ValueError):
    """A recurrence that cannot be set up; ``field`` and ``code`` name the rule broken."""

    def __init__(self, message: str, *, field: str, code: str):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


# ---------------------------------------------------------------------- instants

def day_end(calendar: OfficeCalendar, day: date) -> datetime:
    """When something due on ``day`` is due: the close of business, or 23:59 on a closed day."""
    if calendar.is_business_day(day):
        return calendar.closing(day)
    return datetime.combine(day, time(23, 59), tzinfo=calendar.zone)


def day_start(calendar: OfficeCalendar, day: date) -> datetime:
    """When something opening on ``day`` opens: the office's opening, or midnight."""
    if calendar.is_business_day(day):
        return calendar.opening(day)
    return datetime.combine(day, time(0), tzinfo=calendar.zone)


def office_day(calendar: OfficeCalendar, moment: datetime) -> date:
    return moment.astimezone(calendar.zone).date()


def day_bounds(calendar: OfficeCalendar, first: date, last: date) -> tuple[datetime, datetime]:
    """[midnight starting ``first``, midnight ending ``last``) in the office zone, as UTC."""
    low = datetime.combine(first, time(0), tzinfo=calendar.zone)
    high = datetime.combine(last + timedelta(days=1), time(0), tzinfo=calendar.zone)
    return low.astimezone(UTC), high.astimezone(UTC)


def is_overdue(kind: str, due_at: datetime, now: datetime) -> bool:
    return kind in TRACKED and due_at < now


def through_day(calendar: OfficeCalendar, day: date, n: int = NEXT_DAYS) -> date:
    """The ``n``-th business day after ``day``."""
    for _ in range(n):
        day = calendar.next_business_day(day)
    return day


# ---------------------------------------------------------------------- lists

def sort_key(item: DueItem) -> tuple[datetime, str, str, str]:
    return (item.due_at, item.kind, item.reference, item.part)


def for_owner(items: Iterable[DueItem], owner: str | None) -> list[DueItem]:
    """``None``: everyone's; "": the team's (no one named); a username: that person's."""
    return [i for i in items if owner is None or i.owner == owner]


def summarise(items: Iterable[DueItem], calendar: OfficeCalendar, now: datetime) -> DueSummary:
    """Split ``items`` into overdue, due today and due in the next 5 business days."""
    today = office_day(calendar, now)
    through = through_day(calendar, today)
    ordered = sorted(set(items), key=sort_key)
    return DueSummary(
        day=today, through=through,
        overdue=tuple(i for i in ordered if i.overdue),
        today=tuple(i for i in ordered if not i.overdue and i.due_day == today),
        next_5_business_days=tuple(i for i in ordered
                                   if not i.overdue and today < i.due_day <= through))


# ---------------------------------------------------------------------- recurring work

def check_recurrence(rule: Recurrence, calendar: OfficeCalendar) -> None:
    """RecurrenceError naming the field when ``rule`` cannot be set up."""
    if rule.rule not in RULES:
        raise RecurrenceError("Pick how the work recurs: weekly, monthly, first or last "
                              "business day of the month.", field="rule", code="rule")
    if rule.rule == "weekly":
        if rule.weekday is None or not 0 <= rule.weekday <= 6:
            raise RecurrenceError("Pick the weekday of weekly work.", field="weekday",
                                  code="required")
        if not calendar.hours[rule.weekday]:
            raise RecurrenceError(f"The office is closed on {WEEKDAY_NAMES[rule.weekday]}: "
                                  "pick a weekday it is open.", field="weekday",
                                  code="closed_weekday")
    elif rule.weekday is not None:
        raise RecurrenceError("Only weekly work has a weekday.", field="weekday",
                              code="not_for_rule")
    if rule.rule == "monthly":
        if rule.day_of_month is None or not 1 <= rule.day_of_month <= 31:
            raise RecurrenceError("Pick the day of the month (1 to 31) of monthly work.",
                                  field="day_of_month", code="required")
    elif rule.day_of_month is not None:
        raise RecurrenceError("Only monthly work has a day of the month.",
                              field="day_of_month", code="not_for_rule")
    if rule.ends_on is not None and rule.ends_on < rule.starts_on:
        raise RecurrenceError("The last day cannot be before the first.", field="ends_on",
                              code="before_start")


def schedule(rule: Recurrence, calendar: OfficeCalendar, first: date,
             last: date) -> tuple[Occurrence, ...]:
    """The occurrences of ``rule`` falling due from ``first`` to ``last`` (both included), in
    order, one per due day (see the module notes). ValueError for an unknown rule."""
    low = max(first, rule.starts_on)
    high = last if rule.ends_on is None else min(last, rule.ends_on)
    if low > high:
        return ()
    found: dict[date, Occurrence] = {}
    for nominal, lacks in _nominal_days(rule, low - _SCAN, high + _SCAN):
        due = _due(rule.rule, nominal, lacks, calendar)
        if low <= due <= high and due not in found:
            found[due] = Occurrence(nominal, due)
    return tuple(found[d] for d in sorted(found))


def occurrences(rule: Recurrence, calendar: OfficeCalendar, first: date,
                last: date) -> tuple[date, ...]:
    """The days ``rule`` falls due from ``first`` to ``last``."""
    return tuple(o.due for o in schedule(rule, calendar, first, last))


def _nominal_days(rule: Recurrence, first: date, last: date) -> list[tuple[date, bool]]:
    """(day the rule names, whether the month lacks the day) from ``first`` to ``last``."""
    if rule.rule == "weekly":
        if rule.weekday is None:
            raise ValueError("weekly work needs a weekday")
        day = first + timedelta(days=(rule.weekday - first.weekday()) % 7)
        return [(day + timedelta(weeks=n), False) for n in range((last - day).days // 7 + 1)]
    if rule.rule not in RULES:
        raise ValueError(f"unknown recurrence rule {rule.rule!r}; one of {RULES}")
    if rule.rule == "monthly" and rule.day_of_month is None:
        raise ValueError("monthly work needs a day of the month")
    days = []
    year, month = first.year, first.month
    while date(year, month, 1) <= last:
        length = month_calendar.monthrange(year, month)[1]
        if rule.rule == "monthly":
            assert rule.day_of_month is not None
            wanted = rule.day_of_month
            days.append((date(year, month, min(wanted, length)), wanted > length))
        elif rule.rule == "first_business_day":
            days.append((date(year, month, 1), False))
        else:
            days.append((date(year, month, length), False))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def _due(rule: str, nominal: date, lacks: bool, calendar: OfficeCalendar) -> date:
    if rule == "last_business_day":
        day = nominal
        for _ in range(_SEARCH_DAYS):
            if calendar.is_business_day(day):
                return day
            day -= timedelta(days=1)
        raise ValueError(f"no business day in the {_SEARCH_DAYS} days before {nominal}")
    if lacks:
        return calendar.next_business_day(nominal)  # the first business day after month end
    if calendar.is_business_day(nominal):
        return nominal
    return calendar.next_business_day(nominal)
