"""Recurring office work expanded over the office calendar, and the due lists: properties over
Ohio, Connecticut and an office with a lunch closure and a snow day (hypothesis), plus the cases
a lead would check by hand (holidays, short months, a closed week)."""

from __future__ import annotations

import calendar as month_calendar
import itertools
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tests.unit.calendar_support import CONNECTICUT, LUNCH, LUNCH_TOML, NY, OHIO
from workstation.domain import due_dates as dd
from workstation.domain.calendar import OfficeCalendar

calendars = st.sampled_from([OHIO, CONNECTICUT, LUNCH])
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))
spans = st.integers(min_value=0, max_value=200)
open_weekdays = st.integers(min_value=0, max_value=4)  # every test office is open Mon-Fri


def _rules() -> st.SearchStrategy[dd.Recurrence]:
    weekly = st.builds(lambda w, s: dd.Recurrence("weekly", w, None, s), open_weekdays, days)
    monthly = st.builds(lambda d, s: dd.Recurrence("monthly", None, d, s),
                        st.integers(min_value=1, max_value=31), days)
    firsts = st.builds(lambda s: dd.Recurrence("first_business_day", None, None, s), days)
    lasts = st.builds(lambda s: dd.Recurrence("last_business_day", None, None, s), days)
    return st.one_of(weekly, monthly, firsts, lasts)


def _first_business_on_or_after(cal: OfficeCalendar, day: date) -> date:
    return day if cal.is_business_day(day) else cal.next_business_day(day)


def _month_days(year: int, month: int) -> list[date]:
    return [date(year, month, d) for d in range(1, month_calendar.monthrange(year, month)[1] + 1)]


# ---------------------------------------------------------------------- properties

@given(calendars, _rules(), days, spans)
def test_every_occurrence_is_a_business_day_in_range_sorted_once(
        cal: OfficeCalendar, rule: dd.Recurrence, first: date, length: int) -> None:
    last = first + timedelta(days=length)
    found = dd.occurrences(rule, cal, first, last)
    assert list(found) == sorted(set(found))
    for day in found:
        assert cal.is_business_day(day)
        assert max(first, rule.starts_on) <= day <= last


@given(calendars, days, spans)
def test_first_business_day_is_the_first_of_its_month(cal: OfficeCalendar, first: date,
                                                      length: int) -> None:
    rule = dd.Recurrence("first_business_day", None, None, date(2020, 1, 1))
    last = first + timedelta(days=length)
    found = dd.occurrences(rule, cal, first, last)
    for day in found:
        assert cal.is_business_day(day)
        assert not any(cal.is_business_day(d) for d in _month_days(day.year, day.month)
                       if d < day)
    # and every month's first business day inside the range is there
    expected = {min(d for d in _month_days(y, m) if cal.is_business_day(d))
                for y, m in {(d.year, d.month) for d in
                             (first + timedelta(days=n) for n in range(length + 1))}}
    assert set(found) == {d for d in expected if first <= d <= last}


@given(calendars, days, spans)
def test_last_business_day_is_the_last_of_its_month(cal: OfficeCalendar, first: date,
                                                    length: int) -> None:
    rule = dd.Recurrence("last_business_day", None, None, date(2020, 1, 1))
    found = dd.occurrences(rule, cal, first, first + timedelta(days=length))
    months = [(d.year, d.month) for d in found]
    assert len(months) == len(set(months))  # one a month
    for day in found:
        assert cal.is_business_day(day)
        assert not any(cal.is_business_day(d) for d in _month_days(day.year, day.month)
                       if d > day)


@given(calendars, open_weekdays, days, spans)
def test_weekly_is_seven_days_apart_unless_a_closure_moved_it(
        cal: OfficeCalendar, weekday: int, first: date, length: int) -> None:
    rule = dd.Recurrence("weekly", weekday, None, date(2020, 1, 1))
    found = dd.schedule(rule, cal, first, first + timedelta(days=length))
    for occurrence in found:
        assert occurrence.nominal.weekday() == weekday
        # on its weekday when the office is open then, else the next business day
        assert occurrence.due == _first_business_on_or_after(cal, occurrence.nominal)
    for a, b in itertools.pairwise(found):
        if a.due == a.nominal and b.due == b.nominal:
            assert (b.due - a.due).days % 7 == 0 and b.due > a.due
            if (b.nominal - a.nominal).days == 7:
                assert (b.due - a.due).days == 7
        else:  # moved by a holiday or closure: the nominal day was closed
            assert not cal.is_business_day(a.nominal if a.due != a.nominal else b.nominal)


@given(calendars, st.integers(min_value=1, max_value=31), days, spans)
def test_monthly_falls_on_its_day_or_the_next_business_day(
        cal: OfficeCalendar, dom: int, first: date, length: int) -> None:
    rule = dd.Recurrence("monthly", None, dom, date(2020, 1, 1))
    for occurrence in dd.schedule(rule, cal, first, first + timedelta(days=length)):
        month_length = month_calendar.monthrange(occurrence.nominal.year,
                                                 occurrence.nominal.month)[1]
        if dom <= month_length:
            assert occurrence.nominal.day == dom
            assert occurrence.due == _first_business_on_or_after(cal, occurrence.nominal)
        else:  # the month lacks the day: the first business day after its last day
            assert occurrence.nominal.day == month_length
            assert occurrence.due == cal.next_business_day(occurrence.nominal)


@given(calendars, _rules(), days, spans, spans)
def test_a_range_split_in_two_gives_the_same_occurrences(
        cal: OfficeCalendar, rule: dd.Recurrence, first: date, a: int, b: int) -> None:
    middle = first + timedelta(days=a)
    last = middle + timedelta(days=b + 1)
    whole = dd.occurrences(rule, cal, first, last)
    assert whole == (dd.occurrences(rule, cal, first, middle)
                     + dd.occurrences(rule, cal, middle + timedelta(days=1), last))


@given(calendars, _rules(), days, spans, spans)
def test_a_task_only_falls_due_within_its_life(cal: OfficeCalendar, rule: dd.Recurrence,
                                               first: date, a: int, b: int) -> None:
    ends = rule.starts_on + timedelta(days=a)
    bounded = dd.Recurrence(rule.rule, rule.weekday, rule.day_of_month, rule.starts_on, ends)
    last = first + timedelta(days=b)
    unbounded = dd.occurrences(rule, cal, first, last)
    assert dd.occurrences(bounded, cal, first, last) == tuple(
        d for d in unbounded if d <= ends)
    assert all(d >= rule.starts_on for d in unbounded)


@given(calendars, days)
def test_through_day_is_five_business_days_on(cal: OfficeCalendar, day: date) -> None:
    through = dd.through_day(cal, day)
    between = [day + timedelta(days=n) for n in range(1, (through - day).days + 1)]
    assert sum(cal.is_business_day(d) for d in between) == 5
    assert cal.is_business_day(through)


# ---------------------------------------------------------------------- by hand

def test_weekly_monday_moves_off_a_holiday() -> None:
    # Ohio: Labor Day, Monday 7 September 2026; Thanksgiving Thursday 26 November.
    monday = dd.Recurrence("weekly", 0, None, date(2026, 8, 1))
    assert dd.occurrences(monday, OHIO, date(2026, 8, 31), date(2026, 9, 21)) == (
        date(2026, 8, 31), date(2026, 9, 8), date(2026, 9, 14), date(2026, 9, 21))
    thursday = dd.Recurrence("weekly", 3, None, date(2026, 8, 1))
    assert dd.occurrences(thursday, OHIO, date(2026, 11, 19), date(2026, 12, 3)) == (
        date(2026, 11, 19), date(2026, 11, 27), date(2026, 12, 3))


def test_a_closed_week_makes_two_occurrences_one() -> None:
    closed = OfficeCalendar.from_toml(LUNCH_TOML + "".join(
        f"[[closures]]\ndate = 2026-03-{d:02d}\nreason = \"office move\"\n"
        for d in range(9, 14)))
    monday = dd.Recurrence("weekly", 0, None, date(2026, 1, 1))
    found = dd.schedule(monday, closed, date(2026, 3, 2), date(2026, 3, 23))
    assert [o.due for o in found] == [date(2026, 3, 2), date(2026, 3, 16), date(2026, 3, 23)]
    assert found[1].nominal == date(2026, 3, 9)  # the closed week's occurrence, moved on


def test_monthly_31st_in_short_months_and_on_weekends() -> None:
    rule = dd.Recurrence("monthly", None, 31, date(2026, 1, 1))
    assert dd.occurrences(rule, OHIO, date(2026, 1, 1), date(2026, 6, 30)) == (
        date(2026, 2, 2),  # 31 January is a Saturday
        date(2026, 3, 2),  # February lacks the 31st: first business day after the 28th
        # 31 March is a Tuesday; April lacks it: Friday 1 May
        date(2026, 3, 31), date(2026, 5, 1),
        # 31 May is a Sunday: Monday 1 June; June lacks it: 1 July is outside the range
        date(2026, 6, 1))


def test_first_and_last_business_days_around_new_year() -> None:
    first = dd.Recurrence("first_business_day", None, None, date(2026, 1, 1))
    last = dd.Recurrence("last_business_day", None, None, date(2026, 1, 1))
    # 1 January 2027 is a Friday and a holiday; 31 December 2026 a Thursday.
    assert dd.occurrences(first, OHIO, date(2026, 12, 1), date(2027, 1, 31)) == (
        date(2026, 12, 1), date(2027, 1, 4))
    assert dd.occurrences(last, OHIO, date(2026, 12, 1), date(2027, 1, 31)) == (
        date(2026, 12, 31), date(2027, 1, 29))
    # a range ending before the month's last day still sees a last business day inside it
    assert dd.occurrences(last, OHIO, date(2027, 1, 29), date(2027, 1, 29)) == (
        date(2027, 1, 29),)


@pytest.mark.parametrize(("rule", "field", "code"), [
    (dd.Recurrence("daily", None, None, date(2026, 1, 1)), "rule", "rule"),
    (dd.Recurrence("weekly", None, None, date(2026, 1, 1)), "weekday", "required"),
    (dd.Recurrence("weekly", 5, None, date(2026, 1, 1)), "weekday", "closed_weekday"),
    (dd.Recurrence("weekly", 1, 3, date(2026, 1, 1)), "day_of_month", "not_for_rule"),
    (dd.Recurrence("monthly", None, 0, date(2026, 1, 1)), "day_of_month", "required"),
    (dd.Recurrence("monthly", None, 32, date(2026, 1, 1)), "day_of_month", "required"),
    (dd.Recurrence("monthly", 2, 15, date(2026, 1, 1)), "weekday", "not_for_rule"),
    (dd.Recurrence("first_business_day", None, 1, date(2026, 1, 1)), "day_of_month",
     "not_for_rule"),
    (dd.Recurrence("last_business_day", None, None, date(2026, 2, 1), date(2026, 1, 31)),
     "ends_on", "before_start"),
])
def test_recurrences_that_cannot_be_set_up(rule: dd.Recurrence, field: str, code: str) -> None:
    with pytest.raises(dd.RecurrenceError) as refused:
        dd.check_recurrence(rule, OHIO)
    assert (refused.value.field, refused.value.code) == (field, code)


def test_a_good_recurrence_passes_and_describes_itself() -> None:
    rule = dd.Recurrence("weekly", 0, None, date(2026, 1, 1))
    dd.check_recurrence(rule, OHIO)
    assert rule.describe() == "Weekly on Mondays"
    assert dd.Recurrence("monthly", None, 15, date(2026, 1, 1)).describe() == "Monthly on day 15"


# ---------------------------------------------------------------------- instants and lists

def _item(kind: str, due: datetime, day: date, owner: str = "", ref: str = "X",
          now: datetime = datetime(2026, 11, 30, 15, tzinfo=UTC)) -> dd.DueItem:
    return dd.DueItem(kind, f"{kind} {ref}", due.astimezone(UTC), day, ref, owner,
                      dd.is_overdue(kind, due, now), 1, ref)


def test_a_date_is_due_at_the_close_of_business_or_the_end_of_a_closed_day() -> None:
    assert dd.day_end(OHIO, date(2026, 11, 30)) == datetime(2026, 11, 30, 17, tzinfo=NY)
    assert dd.day_end(OHIO, date(2026, 11, 28)) == datetime(2026, 11, 28, 23, 59, tzinfo=NY)
    assert dd.day_start(OHIO, date(2026, 11, 30)) == datetime(2026, 11, 30, 8, tzinfo=NY)
    assert dd.day_start(OHIO, date(2026, 11, 28)) == datetime(2026, 11, 28, 0, tzinfo=NY)
    low, high = dd.day_bounds(OHIO, date(2026, 11, 30), date(2026, 12, 1))
    assert (low, high) == (datetime(2026, 11, 30, 5, tzinfo=UTC),
                           datetime(2026, 12, 2, 5, tzinfo=UTC))


def test_only_tracked_work_is_ever_overdue() -> None:
    now = datetime(2026, 11, 30, 15, tzinfo=UTC)
    before = now - timedelta(seconds=1)
    assert dd.is_overdue("recurring", before, now) and dd.is_overdue("expedite", before, now)
    assert not dd.is_overdue("recurring", now, now)  # due this instant: not yet late
    for kind in ("deposit", "ucc_lapse", "reservation_expiry", "rejection_letter"):
        assert not dd.is_overdue(kind, before, now)


def test_summary_splits_overdue_today_and_the_next_five_business_days() -> None:
    now = datetime(2026, 11, 25, 15, tzinfo=UTC)  # Wednesday before Thanksgiving, 10:00 NY
    late = _item("expedite", datetime(2026, 11, 25, 9, tzinfo=NY), date(2026, 11, 25), now=now,
                 ref="late")
    today = _item("hold_follow_up", dd.day_end(OHIO, date(2026, 11, 25)), date(2026, 11, 25),
                  now=now, ref="today")
    # the 5th business day after, Thanksgiving (Thursday 26th) not counted
    through = dd.through_day(OHIO, date(2026, 11, 25))
    soon = _item("deposit", dd.day_end(OHIO, through), through, now=now, ref="soon")
    after = through + timedelta(days=1)
    later = _item("recurring", dd.day_end(OHIO, after), after, now=now, ref="later")
    old_deposit = _item("deposit", datetime(2026, 11, 2, 17, tzinfo=NY), date(2026, 11, 2),
                        now=now, ref="old")
    summary = dd.summarise([later, soon, today, late, old_deposit, late], OHIO, now)
    assert summary.day == date(2026, 11, 25)
    assert summary.overdue == (late,)
    assert summary.today == (today,)
    assert summary.next_5_business_days == (soon,)
    assert sum(OHIO.is_business_day(date(2026, 11, 25) + timedelta(days=n))
               for n in range(1, (through - date(2026, 11, 25)).days + 1)) == 5


def test_owner_filter_and_uid() -> None:
    day = date(2026, 11, 30)
    mine = _item("recurring", datetime.combine(day, time(17), NY), day, owner="clerk")
    team = _item("recurring", datetime.combine(day, time(17), NY), day, ref="Y")
    assert dd.for_owner([mine, team], None) == [mine, team]
    assert dd.for_owner([mine, team], "clerk") == [mine]
    assert dd.for_owner([mine, team], "") == [team]
    assert mine.uid == "recurring-1-X" and mine.label == "Office work"


@given(calendars, days)
def test_day_end_is_on_its_own_day(cal: OfficeCalendar, day: date) -> None:
    assume(day.year < 2028)
    assert dd.office_day(cal, dd.day_end(cal, day)) == day
    assert dd.office_day(cal, dd.day_start(cal, day)) == day
