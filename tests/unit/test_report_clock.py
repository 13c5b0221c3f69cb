"""The reports' fast business clock against the office calendar's own walk.

Every answer of ``BusinessClock`` (business time between two instants, the running total
``upto``, the due time of each service clock) must be the calendar's to the microsecond:
``OfficeCalendar.business_time_between`` and ``OfficeCalendar.due``. Instants are drawn as UTC
over late 2025 to early 2027 while the clocks are prepared for 2026 only, so some fall outside
the prepared days (where the clock must still give the calendar's answer, by asking it); the
drawn range holds weekends, the Ohio holidays, and both daylight-saving changes of America/New_York
(8 March and 1 November 2026), and one office below keeps hours across the changes themselves.

Due times are compared as instants (microseconds since 1970): an aware datetime in the repeated
hour of the autumn change never compares equal to one in another zone, even for the same instant.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.unit.calendar_support import CONNECTICUT, LUNCH, LUNCH_TOML, NY, OHIO, at
from workstation.domain.calendar import OfficeCalendar
from workstation.services.report_clock import BusinessClock, stamp_us
from workstation.services.report_time import micros

US = timedelta(microseconds=1)
FIRST, LAST = date(2026, 1, 1), date(2026, 12, 31)  # the prepared days

# An office open on weekends through the small hours, so frames hold the clock changes
# (02:00 on 8 March is skipped, 01:00-02:00 on 1 November happens twice).
NIGHT = OfficeCalendar.from_toml(LUNCH_TOML.replace(
    'friday = ["08:00-12:00", "13:00-16:00"]',
    'friday = ["08:00-12:00", "13:00-16:00"]\nsaturday = ["00:00-23:59"]\n'
    'sunday = ["00:30-01:30", "01:45-03:15", "22:00-23:00"]'))
CALENDARS = {"ohio": OHIO, "connecticut": CONNECTICUT, "lunch": LUNCH, "night": NIGHT}
CLOCKS = {name: BusinessClock(calendar, FIRST, LAST) for name, calendar in CALENDARS.items()}

calendars = st.sampled_from(sorted(CALENDARS))
instants = st.datetimes(min_value=datetime(2025, 11, 15), max_value=datetime(2027, 2, 15),
                        timezones=st.just(UTC))
# Near a clock change, where a mistake would hide: a week either side of each.
changes = st.builds(lambda base, minutes, micro: base + timedelta(minutes=minutes,
                                                                  microseconds=micro),
                    st.sampled_from([datetime(2026, 3, 8, 7, tzinfo=UTC),
                                     datetime(2026, 11, 1, 6, tzinfo=UTC)]),
                    st.integers(-7 * 24 * 60, 7 * 24 * 60), st.integers(0, 999_999))
moments = st.one_of(instants, changes)


def slow_between(calendar: OfficeCalendar, start: datetime, end: datetime) -> int:
    return calendar.business_time_between(start, end) // US


def slow_due(calendar: OfficeCalendar, level: str, received: datetime) -> int | None:
    found = calendar.due(level, received)
    return None if found is None else micros(found.at)


@given(calendars, moments, moments)
def test_between_is_the_calendars(name: str, start: datetime, end: datetime) -> None:
    calendar, clock = CALENDARS[name], CLOCKS[name]
    assert clock.between(start, end) == slow_between(calendar, start, end)
    assert clock.between(end, start) == slow_between(calendar, end, start)


@given(calendars, moments, st.integers(min_value=0, max_value=60 * 24 * 40))
def test_a_span_of_weeks_is_the_calendars(name: str, start: datetime, minutes: int) -> None:
    """The inquiry report's use: a clock prepared just for the instants it measures."""
    calendar = CALENDARS[name]
    end = start + timedelta(minutes=minutes, microseconds=start.microsecond % 997)
    clock = BusinessClock.spanning(calendar, start, end)
    assert clock.between(start, end) == slow_between(calendar, start, end)
    assert clock.between(end, start) == 0


@given(calendars, moments, moments)
def test_upto_is_a_running_total(name: str, a: datetime, b: datetime) -> None:
    """``upto`` never decreases, and its differences are the business time between."""
    calendar, clock = CALENDARS[name], CLOCKS[name]
    early, late = sorted((micros(a), micros(b)))
    assert clock.upto(early) <= clock.upto(late)
    assert clock.upto(late) - clock.upto(early) == slow_between(calendar, min(a, b), max(a, b))


@given(calendars, moments)
def test_due_is_the_calendars(name: str, received: datetime) -> None:
    calendar, clock = CALENDARS[name], CLOCKS[name]
    for level, service in calendar.clocks.items():
        expected = slow_due(calendar, level, received)
        assert clock.due_us(service, micros(received)) == expected, level
        found = clock.due(service, received)
        assert (None if found is None else micros(found)) == expected, level


def test_ohio_clocks_at_their_edges() -> None:
    clock, clocks = CLOCKS["ohio"], OHIO.clocks
    four = clocks["expedite_3"]
    assert clock.due(four, at(2026, 11, 2, 15)) == at(2026, 11, 3, 10)  # 2 h, then 2 h
    assert clock.due(four, at(2026, 11, 2, 13)) == at(2026, 11, 2, 17)  # runs out at closing
    assert clock.due(four, at(2026, 11, 2, 7)) == at(2026, 11, 2, 12)  # from the opening
    # Friday evening: the clock starts Monday 8:00; two business days on is Thursday, since
    # Veterans Day (Wednesday 11 November) is a holiday.
    assert clock.due(clocks["expedite_1"], at(2026, 11, 6, 18)) == at(2026, 11, 12, 8)
    assert clock.due(clocks["expedite_1"], at(2026, 11, 9, 16, 30)) == at(2026, 11, 12, 16, 30)
    # Thanksgiving (26 November): a day from Wednesday 10:15 is Friday 10:15.
    assert clock.due(clocks["expedite_2"], at(2026, 11, 25, 10, 15)) == at(2026, 11, 27, 10, 15)
    assert clock.due(clocks["ucc_refusal_notice"], at(2026, 11, 25, 10)) == \
        at(2026, 11, 30, 17)  # by the close of the second business day
    assert clock.due(clocks["regular"], at(2026, 3, 6, 9)) == at(2026, 3, 17, 9)  # across DST


def test_business_time_at_frame_edges() -> None:
    clock = CLOCKS["lunch"]  # Monday 8-12 and 13-17
    hour = 3_600_000_000
    assert clock.between(at(2026, 2, 2, 8), at(2026, 2, 2, 17)) == 8 * hour
    assert clock.between(at(2026, 2, 2, 12), at(2026, 2, 2, 13)) == 0  # lunch
    assert clock.between(at(2026, 2, 2, 11, 30), at(2026, 2, 2, 13, 30)) == hour
    assert clock.between(at(2026, 2, 2, 17), at(2026, 2, 3, 8)) == 0  # the night
    assert clock.between(at(2026, 2, 6, 16), at(2026, 2, 9, 8)) == 0  # Friday closes at 4
    naive = datetime(2026, 2, 2, 14)  # naive instants are UTC: 9 a.m. in New York
    assert clock.between(naive, at(2026, 2, 2, 10)) == hour


def test_start_after_end_is_no_time() -> None:
    clock = CLOCKS["ohio"]
    assert clock.between(at(2026, 5, 5, 12), at(2026, 5, 5, 10)) == 0
    assert clock.between(at(2026, 5, 5, 12), at(2026, 5, 5, 12)) == 0


def test_outside_the_prepared_days_the_calendar_answers() -> None:
    """Before the first day ``upto`` is negative, after the last it keeps counting: the span
    decides only the speed, never the figure."""
    clock = CLOCKS["ohio"]
    before, inside = at(2025, 12, 30, 9), at(2026, 1, 5, 9)  # 1 January is a holiday
    after = at(2027, 1, 4, 12)
    assert clock.upto(micros(at(2026, 1, 1))) == 0
    assert clock.upto(micros(before)) == -slow_between(OHIO, before, at(2026, 1, 1))
    assert clock.between(before, inside) == slow_between(OHIO, before, inside)
    assert clock.between(inside, after) == slow_between(OHIO, inside, after)
    assert clock.upto(micros(at(2027, 1, 1))) == clock.total  # the last prepared midnight
    late = at(2026, 12, 31, 15)  # a clock that runs past the prepared days
    for level, service in OHIO.clocks.items():
        assert clock.due_us(service, micros(late)) == slow_due(OHIO, level, late), level
        assert clock.due_us(service, micros(before)) == slow_due(OHIO, level, before), level


def test_a_clock_that_does_not_run_has_no_due_time() -> None:
    text = LUNCH_TOML + '\n[clocks.none]\nkind = "none"\ncitation = "no clock"\n'
    calendar = OfficeCalendar.from_toml(text)
    clock = BusinessClock(calendar, FIRST, FIRST + timedelta(days=10))
    assert clock.due(calendar.clocks["none"], at(2026, 1, 5, 9)) is None


def test_spanning_covers_both_instants_and_the_days_ahead() -> None:
    late, early = at(2026, 4, 3, 23, 30), datetime(2026, 3, 2, 3, 0)  # 2 March 10 p.m. in NY
    clock = BusinessClock.spanning(OHIO, late, early, ahead_days=60)
    assert (clock.first, clock.last) == (date(2026, 3, 1), date(2026, 6, 2))
    assert clock.calendar is OHIO


def test_a_span_must_run_forwards() -> None:
    with pytest.raises(ValueError, match="forwards"):
        BusinessClock(OHIO, LAST, FIRST)


def test_the_clock_changes_are_in_the_night_office() -> None:
    """The fixture is what it claims: two frames hold a clock change (so the zone conversion
    path is taken), and NY is the zone."""
    assert NIGHT.zone == NY
    assert len(CLOCKS["night"]._irregular) == 2


def test_instants_as_the_drivers_give_them() -> None:
    """SQLite's naive UTC text (with or without the fraction) and PostgreSQL's aware
    datetimes are the same microseconds."""
    expected = micros(datetime(2026, 11, 1, 6, 30, 0, 250, tzinfo=UTC))
    assert stamp_us("2026-11-01 06:30:00.000250") == expected
    assert stamp_us("2026-11-01 06:30:00") == expected - 250
    assert stamp_us(datetime(2026, 11, 1, 1, 30, 0, 250, tzinfo=NY, fold=1)) == expected  # EST
    assert stamp_us(datetime(2026, 11, 1, 6, 30, 0, 250)) == expected  # naive: UTC
