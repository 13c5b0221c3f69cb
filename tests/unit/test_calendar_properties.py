"""Properties of the business-calendar arithmetic, for Ohio, Connecticut and a lunch-closure office.

Start times are drawn as UTC instants over 2024-2028 (several DST switches, every holiday kind)
and handed over in assorted zones: the calendar must convert them itself.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.unit.calendar_support import CONNECTICUT, LUNCH, NY, OHIO, in_business_time, is_open
from workstation.domain.calendar import OfficeCalendar

calendars = st.sampled_from([OHIO, CONNECTICUT, LUNCH])
instants = st.builds(
    lambda moment, zone: moment.astimezone(zone),
    st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2028, 12, 31),
                 timezones=st.just(UTC)),
    st.sampled_from([UTC, NY, ZoneInfo("Asia/Tokyo"), ZoneInfo("America/Los_Angeles")]),
)
minutes = st.integers(min_value=0, max_value=60 * 60)  # up to ~7 business days of hours
days = st.integers(min_value=0, max_value=30)


def in_office_zone(calendar: OfficeCalendar, moment: datetime) -> bool:
    return moment.tzinfo == calendar.zone


@given(calendars, instants, minutes, minutes)
def test_add_business_hours_is_monotone_in_minutes(cal: OfficeCalendar, start: datetime,
                                                   a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert cal.add_business_hours(start, low) <= cal.add_business_hours(start, high)


@given(calendars, instants, instants, minutes)
def test_add_business_hours_is_monotone_in_start(cal: OfficeCalendar, a: datetime, b: datetime,
                                                 m: int) -> None:
    early, late = sorted((a, b))
    assert cal.add_business_hours(early, m) <= cal.add_business_hours(late, m)


@given(calendars, instants, minutes)
def test_add_business_hours_lands_in_business_time(cal: OfficeCalendar, start: datetime,
                                                   m: int) -> None:
    result = cal.add_business_hours(start, m)
    assert in_office_zone(cal, result)
    assert cal.is_business_day(result.date())
    assert in_business_time(cal, result)  # inside a frame, or exactly at a frame's end
    assert result >= start


@given(calendars, instants, minutes, minutes)
def test_add_business_hours_composes(cal: OfficeCalendar, start: datetime, x: int, y: int) -> None:
    # Holds from any start; the brief asks it for starts inside hours, which this includes.
    assert cal.add_business_hours(start, x + y) == cal.add_business_hours(
        cal.add_business_hours(start, x), y)


@given(calendars, instants, minutes)
def test_business_time_between_inverts_add_business_hours(cal: OfficeCalendar, start: datetime,
                                                          m: int) -> None:
    end = cal.add_business_hours(start, m)
    assert cal.business_time_between(start, end) == timedelta(minutes=m)


@given(calendars, instants, days, days)
def test_add_business_days_is_monotone_in_n(cal: OfficeCalendar, start: datetime,
                                            a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert cal.add_business_days(start, low) <= cal.add_business_days(start, high)
    if low < high:
        assert cal.add_business_days(start, low).date() < cal.add_business_days(start, high).date()


@given(calendars, instants, instants, days)
def test_add_business_days_is_monotone_in_start(cal: OfficeCalendar, a: datetime, b: datetime,
                                                n: int) -> None:
    early, late = sorted((a, b))
    assert cal.add_business_days(early, n) <= cal.add_business_days(late, n)


@given(calendars, instants, days)
def test_add_business_days_lands_in_business_time(cal: OfficeCalendar, start: datetime,
                                                  n: int) -> None:
    result = cal.add_business_days(start, n)
    assert in_office_zone(cal, result)
    assert cal.is_business_day(result.date())
    assert in_business_time(cal, result)
    assert cal.add_business_days(start, 0) == cal.normalise_received(start)


@given(st.sampled_from([OHIO, CONNECTICUT]), instants, days)
def test_add_business_days_keeps_the_wall_clock(cal: OfficeCalendar, start: datetime,
                                                n: int) -> None:
    """With the same hours every weekday the clock time never moves, DST or not."""
    begin, result = cal.normalise_received(start), cal.add_business_days(start, n)
    assert result.time() == begin.time()


@given(calendars, instants)
def test_normalise_received_is_idempotent_and_never_early(cal: OfficeCalendar,
                                                          arrived: datetime) -> None:
    received = cal.normalise_received(arrived)
    assert in_office_zone(cal, received)
    assert received >= arrived
    assert is_open(cal, received)
    assert cal.normalise_received(received) == received
    if is_open(cal, arrived.astimezone(cal.zone)):
        assert received == arrived


@given(instants)
def test_connecticut_mail_stamp(arrived: datetime) -> None:
    received = CONNECTICUT.normalise_received(arrived, "usps")
    assert (received.hour, received.minute) == (8, 30)
    assert CONNECTICUT.is_business_day(received.date())
    assert received.date() >= arrived.astimezone(NY).date()
    assert CONNECTICUT.normalise_received(received, "usps") == received


# Most random instants are outside office hours; filtering them is the point of the test, so
# Hypothesis' "filtered too much" health check must not fail it at random.
@settings(suppress_health_check=[HealthCheck.filter_too_much])
@given(instants)
def test_connecticut_expedite_is_the_regulations_24_hours(arrived: datetime) -> None:
    """Regs. Conn. State Agencies 3-99a-2(b): 24 hours from receipt; a period ending on a closed
    day runs to the same hour of the next business day. From a receipt in business hours that is
    1 business day at the same clock time."""
    received = arrived.astimezone(NY)
    assume(is_open(CONNECTICUT, received))
    local_end = (received.replace(tzinfo=None) + timedelta(hours=24)).replace(tzinfo=NY)
    day = local_end.date()
    if not CONNECTICUT.is_business_day(day):
        day = CONNECTICUT.next_business_day(day)
    due = CONNECTICUT.due("expedite", received)
    assert due is not None
    assert due.at == datetime.combine(day, received.time(), tzinfo=NY)


@given(calendars, instants)
def test_no_clock_runs_out_before_receipt(cal: OfficeCalendar, received: datetime) -> None:
    for level in cal.clocks:
        due = cal.due(level, received)
        if due is not None:
            assert due.at > received
            assert in_business_time(cal, due.at)
            assert "\n" not in due.explanation
        promise = cal.promise(level, received)
        if promise is not None:
            assert promise.at > received
            assert cal.is_business_day(promise.at.date())
