"""Business calendar: the rules' own examples, holidays, received-at, DST, promises, data errors.

Every date is a real 2026 date; the test ids name them. Ohio's 2026 state holidays include
Thanksgiving Thu 26 Nov, Independence Day observed Fri 3 Jul and Christmas Fri 25 Dec.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest

from tests.unit.calendar_support import CONNECTICUT, LUNCH, LUNCH_TOML, NY, OHIO, at
from workstation.domain.calendar import CalendarDataError, NotABusinessDayError, OfficeCalendar


def same_instant_and_wall_clock(actual: datetime, expected: datetime) -> None:
    assert actual == expected
    assert actual.tzinfo == NY
    assert actual.utcoffset() == expected.utcoffset()
    assert (actual.date(), actual.time()) == (expected.date(), expected.time())


# ---------------------------------------------------------------- Ohio clocks (OAC 111:1-2-01(C))
OHIO_DUE = [
    # the rule's own examples
    ("expedite_2", at(2026, 3, 3, 11, 30), at(2026, 3, 4, 11, 30), "rule-L2-Tue-2026-03-03-1130"),
    ("expedite_3", at(2026, 3, 2, 12, 15), at(2026, 3, 2, 16, 15), "rule-L3-Mon-2026-03-02-1215"),
    ("expedite_3", at(2026, 10, 23, 16, 20), at(2026, 10, 26, 11, 20),
     "rule-L3-Fri-2026-10-23-1620"),
    ("expedite_1", at(2026, 3, 3, 11, 30), at(2026, 3, 5, 11, 30), "L1-Tue-2026-03-03-to-Thu"),
    # Thanksgiving Thu 26 Nov (the Friday after is a working day in Ohio)
    ("expedite_2", at(2026, 11, 25, 10), at(2026, 11, 27, 10), "L2-Wed-2026-11-25-thanksgiving"),
    ("expedite_3", at(2026, 11, 25, 15), at(2026, 11, 27, 10), "L3-Wed-2026-11-25-thanksgiving"),
    ("expedite_1", at(2026, 11, 24, 9), at(2026, 11, 27, 9), "L1-Tue-2026-11-24-thanksgiving"),
    # Independence Day on Saturday 4 Jul, observed Friday 3 Jul
    ("expedite_2", at(2026, 7, 2, 9), at(2026, 7, 6, 9), "L2-Thu-2026-07-02-july3-observed"),
    ("expedite_3", at(2026, 7, 2, 14), at(2026, 7, 6, 9), "L3-Thu-2026-07-02-july3-observed"),
    ("expedite_1", at(2026, 7, 1, 15), at(2026, 7, 6, 15), "L1-Wed-2026-07-01-july3-observed"),
    # Christmas Fri 25 Dec; New Year's Day Fri 1 Jan 2027
    ("expedite_3", at(2026, 12, 24, 15), at(2026, 12, 28, 10), "L3-Thu-2026-12-24-christmas"),
    ("expedite_2", at(2026, 12, 24, 11), at(2026, 12, 28, 11), "L2-Thu-2026-12-24-christmas"),
    ("expedite_2", at(2026, 12, 31, 10), at(2027, 1, 4, 10), "L2-Thu-2026-12-31-new-year"),
    # arrivals outside business hours start at the next opening
    ("expedite_3", at(2026, 3, 2, 17, 30), at(2026, 3, 3, 12), "L3-Mon-2026-03-02-after-close"),
    ("expedite_3", at(2026, 3, 2, 7), at(2026, 3, 2, 12), "L3-Mon-2026-03-02-before-opening"),
    ("expedite_3", at(2026, 3, 2, 17), at(2026, 3, 3, 12), "L3-Mon-2026-03-02-at-closing"),
    ("expedite_2", at(2026, 3, 7, 10), at(2026, 3, 10, 8), "L2-Sat-2026-03-07-weekend"),
    ("expedite_3", at(2026, 11, 26, 10), at(2026, 11, 27, 12), "L3-Thu-2026-11-26-on-holiday"),
    # DST: 8-5 stays 8-5 local across Sun 8 Mar (spring forward) and Sun 1 Nov (fall back)
    ("expedite_3", at(2026, 3, 6, 16, 20), at(2026, 3, 9, 11, 20), "L3-Fri-2026-03-06-dst-start"),
    ("expedite_2", at(2026, 3, 6, 11, 30), at(2026, 3, 9, 11, 30), "L2-Fri-2026-03-06-dst-start"),
    ("expedite_3", at(2026, 10, 30, 16, 20), at(2026, 11, 2, 11, 20), "L3-Fri-2026-10-30-dst-end"),
    ("expedite_2", at(2026, 10, 30, 11, 30), at(2026, 11, 2, 11, 30), "L2-Fri-2026-10-30-dst-end"),
    # UCC refusal notice: by close of the 2nd business day after receipt (ORC 1309.520(B))
    ("ucc_refusal_notice", at(2026, 11, 25, 10), at(2026, 11, 30, 17),
     "ucc-refusal-Wed-2026-11-25"),
    ("ucc_refusal_notice", at(2026, 10, 23, 16, 20), at(2026, 10, 27, 17),
     "ucc-refusal-Fri-2026-10-23"),
    ("ucc_refusal_notice", at(2026, 3, 2, 18), at(2026, 3, 5, 17), "ucc-refusal-Mon-after-close"),
    # regular service: a 7-business-day target, not a deadline
    ("regular", at(2026, 3, 2, 10), at(2026, 3, 11, 10), "regular-Mon-2026-03-02"),
]


@pytest.mark.parametrize(("level", "received", "expected"),
                         [case[:3] for case in OHIO_DUE], ids=[case[3] for case in OHIO_DUE])
def test_ohio_due(level: str, received: datetime, expected: datetime) -> None:
    due = OHIO.due(level, received)
    assert due is not None
    same_instant_and_wall_clock(due.at, expected)
    assert "\n" not in due.explanation


@pytest.mark.parametrize(
    ("level", "received", "explanation"),
    [
        ("expedite_3", at(2026, 10, 23, 16, 20),
         "4 business hours from Fri 23 Oct 4:20 p.m. (OAC 111:1-2-01(C)(3)); "
         "skipping Sat 24 Oct–Sun 25 Oct"),
        ("expedite_3", at(2026, 3, 2, 12, 15),
         "4 business hours from Mon 2 Mar 12:15 p.m. (OAC 111:1-2-01(C)(3))"),
        ("expedite_2", at(2026, 11, 25, 10),
         "1 business day from Wed 25 Nov 10:00 a.m. (OAC 111:1-2-01(C)(2)); "
         "skipping Thu 26 Nov Thanksgiving Day"),
        ("expedite_2", at(2026, 7, 2, 9),
         "1 business day from Thu 2 Jul 9:00 a.m. (OAC 111:1-2-01(C)(2)); "
         "skipping Fri 3 Jul Independence Day (observed), Sat 4 Jul–Sun 5 Jul"),
        ("expedite_3", at(2026, 3, 2, 17, 30),
         "4 business hours from Tue 3 Mar 8:00 a.m., the next opening after arrival "
         "Mon 2 Mar 5:30 p.m. (OAC 111:1-2-01(C)(3))"),
        ("ucc_refusal_notice", at(2026, 11, 25, 10),
         "2 business days from Wed 25 Nov 10:00 a.m., by close of business (ORC 1309.520(B)); "
         "skipping Thu 26 Nov Thanksgiving Day, Sat 28 Nov–Sun 29 Nov"),
        ("regular", at(2026, 3, 2, 10),
         "Target, not a deadline: 7 business days from Mon 2 Mar 10:00 a.m. (Ohio form cover "
         "sheet, e.g. Form 532B rev 10/2024: about 3–7 business days); "
         "skipping Sat 7 Mar–Sun 8 Mar"),
    ],
    ids=["L3-Fri-2026-10-23", "L3-Mon-2026-03-02", "L2-thanksgiving", "L2-july3",
         "L3-after-close", "ucc-refusal-thanksgiving", "regular-target"],
)
def test_ohio_explanations(level: str, received: datetime, explanation: str) -> None:
    due = OHIO.due(level, received)
    assert due is not None
    assert due.explanation == explanation


def test_due_accepts_any_zone_and_answers_in_office_time() -> None:
    received = datetime(2026, 10, 23, 20, 20, tzinfo=UTC)  # 4:20 p.m. in Columbus
    due = OHIO.due("expedite_3", received)
    assert due is not None
    same_instant_and_wall_clock(due.at, at(2026, 10, 26, 11, 20))
    assert "from Fri 23 Oct 4:20 p.m." in due.explanation


def test_due_refuses_unknown_levels_and_naive_times() -> None:
    with pytest.raises(ValueError, match="no service-level clock 'expedite_9'"):
        OHIO.due("expedite_9", at(2026, 3, 2, 10))
    with pytest.raises(ValueError, match="time-zone-aware"):
        OHIO.due("expedite_3", datetime(2026, 3, 2, 10))


# ---------------------------------------------------------------- the walk-in promise (forms)
@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (at(2026, 3, 2, 13, 30), at(2026, 3, 3, 12)),
        (at(2026, 10, 23, 13, 5), at(2026, 10, 26, 12)),
        (at(2026, 11, 25, 14), at(2026, 11, 27, 12)),
        (at(2026, 12, 24, 16, 59), at(2026, 12, 28, 12)),
        (at(2026, 3, 2, 13), None),
        (at(2026, 3, 2, 12, 59), None),
        (at(2026, 3, 2, 17, 30), None),  # received Tue 8:00 a.m.: the 4-hour clock applies
    ],
    ids=["Mon-2026-03-02-1330", "Fri-2026-10-23-1305", "Wed-2026-11-25-thanksgiving",
         "Thu-2026-12-24-christmas", "Mon-1300-exactly", "Mon-1259", "Mon-after-close"],
)
def test_level3_walk_in_promise(received: datetime, expected: datetime | None) -> None:
    promise = OHIO.promise("expedite_3", received)
    if expected is None:
        assert promise is None
    else:
        assert promise is not None
        same_instant_and_wall_clock(promise.at, expected)


def test_promise_is_separate_from_the_statutory_clock() -> None:
    received = at(2026, 3, 2, 13, 30)
    statutory, promise = OHIO.due("expedite_3", received), OHIO.promise("expedite_3", received)
    assert statutory is not None and promise is not None
    assert statutory.at == at(2026, 3, 3, 8, 30)  # 3h30 on Monday, 30 minutes on Tuesday
    assert promise.at == at(2026, 3, 3, 12)
    assert promise.explanation == (
        "Received Mon 2 Mar 1:30 p.m., after the 1:00 p.m. cut-off: by 12:00 noon the next "
        "business day (Ohio form cover sheets, Forms 525B/530A/532B rev 10/2024)")
    assert OHIO.promise("expedite_2", received) is None
    assert OHIO.cutoffs["expedite_3"].at.hour == 13


# ---------------------------------------------------------------- received-at
@pytest.mark.parametrize(
    ("arrived", "received"),
    [
        (at(2026, 3, 2, 10), at(2026, 3, 2, 10)),
        (at(2026, 3, 2, 7, 15), at(2026, 3, 2, 8)),
        (at(2026, 3, 2, 16, 59, 59), at(2026, 3, 2, 16, 59, 59)),
        (at(2026, 3, 2, 17), at(2026, 3, 3, 8)),
        (at(2026, 3, 6, 18), at(2026, 3, 9, 8)),
        (at(2026, 3, 7, 10), at(2026, 3, 9, 8)),
        (at(2026, 11, 26, 10), at(2026, 11, 27, 8)),
        (at(2026, 12, 24, 17, 1), at(2026, 12, 28, 8)),
        (at(2026, 7, 3, 9), at(2026, 7, 6, 8)),
        (datetime(2026, 3, 2, 15, tzinfo=UTC), at(2026, 3, 2, 10)),
        (datetime(2026, 3, 2, 12, 30, tzinfo=ZoneInfo("Europe/London")), at(2026, 3, 2, 8)),
    ],
    ids=["Mon-2026-03-02-open", "Mon-before-opening", "Mon-just-before-closing",
         "Mon-at-closing", "Fri-2026-03-06-evening-dst", "Sat-2026-03-07",
         "Thu-2026-11-26-thanksgiving", "Thu-2026-12-24-evening-christmas",
         "Fri-2026-07-03-observed", "utc-input", "london-input"],
)
def test_ohio_normalise_received(arrived: datetime, received: datetime) -> None:
    same_instant_and_wall_clock(OHIO.normalise_received(arrived), received)


@pytest.mark.parametrize(
    ("channel", "arrived", "received"),
    [
        ("usps", at(2026, 3, 3, 10, 15), at(2026, 3, 3, 8, 30)),
        ("usps", at(2026, 3, 3, 7, 50), at(2026, 3, 3, 8, 30)),
        ("usps", at(2026, 3, 3, 16, 45), at(2026, 3, 4, 8, 30)),
        ("usps", at(2026, 3, 7, 11), at(2026, 3, 9, 8, 30)),
        ("usps", at(2026, 4, 3, 10), at(2026, 4, 6, 8, 30)),
        ("hand", at(2026, 3, 3, 10, 15), at(2026, 3, 3, 10, 15)),
        ("hand", at(2026, 3, 3, 16, 45), at(2026, 3, 4, 8, 30)),
        ("fax", at(2026, 3, 3, 12, 1), at(2026, 3, 3, 12, 1)),
        (None, at(2026, 3, 3, 7, 50), at(2026, 3, 3, 8, 30)),
    ],
    ids=["usps-Tue-2026-03-03-1015", "usps-Tue-before-opening", "usps-Tue-after-close",
         "usps-Sat-2026-03-07", "usps-Good-Friday-2026-04-03", "hand-Tue-1015",
         "hand-Tue-after-close", "fax-Tue-1201", "default-Tue-before-opening"],
)
def test_connecticut_received_at(channel: str | None, arrived: datetime,
                                 received: datetime) -> None:
    """Regs. Conn. State Agencies 42a-9-2: USPS at 8:30 a.m. on the day of receipt; personal
    delivery when accepted; after hours 8:30 a.m. the next business day."""
    same_instant_and_wall_clock(CONNECTICUT.normalise_received(arrived, channel), received)


def test_ohio_has_no_fixed_mail_stamp() -> None:
    assert OHIO.normalise_received(at(2026, 3, 3, 10, 15), "usps") == at(2026, 3, 3, 10, 15)


# ---------------------------------------------------------------- Connecticut clocks
@pytest.mark.parametrize(
    ("level", "received", "expected"),
    [
        ("expedite", at(2026, 3, 3, 11, 30), at(2026, 3, 4, 11, 30)),
        ("expedite", at(2026, 4, 2, 10), at(2026, 4, 6, 10)),
        ("expedite", at(2026, 2, 11, 10), at(2026, 2, 13, 10)),
        ("expedite", at(2026, 10, 23, 16, 20), at(2026, 10, 26, 16, 20)),
        ("ucc_refusal_notice", at(2026, 3, 2, 10), at(2026, 3, 9, 16, 30)),
        ("ucc_refusal_notice", at(2026, 4, 1, 10), at(2026, 4, 9, 16, 30)),
        ("ucc_indexing", at(2026, 11, 25, 9), at(2026, 12, 3, 16, 30)),
    ],
    ids=["expedite-Tue-2026-03-03", "expedite-Thu-2026-04-02-good-friday",
         "expedite-Wed-2026-02-11-lincoln", "expedite-Fri-2026-10-23",
         "refusal-Mon-2026-03-02", "refusal-Wed-2026-04-01-good-friday",
         "indexing-Wed-2026-11-25-thanksgiving"],
)
def test_connecticut_due(level: str, received: datetime, expected: datetime) -> None:
    due = CONNECTICUT.due(level, received)
    assert due is not None
    same_instant_and_wall_clock(due.at, expected)


def test_connecticut_regular_has_no_clock_and_good_friday_is_closed() -> None:
    assert CONNECTICUT.due("regular", at(2026, 3, 2, 10)) is None
    assert CONNECTICUT.promise("expedite", at(2026, 3, 2, 15)) is None
    due = CONNECTICUT.due("expedite", at(2026, 4, 2, 10))
    assert due is not None and "skipping Fri 3 Apr Good Friday, Sat 4 Apr–Sun 5 Apr" in (
        due.explanation)
    ohio = OHIO.due("expedite_2", at(2026, 4, 2, 10))
    assert ohio is not None and ohio.at == at(2026, 4, 3, 10)  # Ohio works Good Friday


# ---------------------------------------------------------------- days, openings, DST
OHIO_CLOSED_2026 = [date(2026, 1, 1), date(2026, 1, 19), date(2026, 2, 16), date(2026, 5, 25),
                    date(2026, 6, 19), date(2026, 7, 3), date(2026, 9, 7), date(2026, 10, 12),
                    date(2026, 11, 11), date(2026, 11, 26), date(2026, 12, 25)]


def test_ohio_business_days_2026() -> None:
    weekdays = [date(2026, 1, 1) + timedelta(days=i) for i in range(365)]
    closed = [d for d in weekdays if d.weekday() < 5 and not OHIO.is_business_day(d)]
    assert closed == OHIO_CLOSED_2026
    assert OHIO.holiday_name(date(2026, 11, 26)) == "Thanksgiving Day"
    assert OHIO.holiday_name(date(2026, 7, 3)) == "Independence Day (observed)"
    for open_day in (date(2026, 4, 3), date(2026, 11, 27), date(2026, 12, 24)):
        assert OHIO.is_business_day(open_day)
    assert not CONNECTICUT.is_business_day(date(2026, 2, 12))  # Lincoln's Birthday


@pytest.mark.parametrize(
    ("day", "following"),
    [(date(2026, 11, 25), date(2026, 11, 27)), (date(2026, 7, 2), date(2026, 7, 6)),
     (date(2026, 12, 31), date(2027, 1, 4)), (date(2026, 3, 7), date(2026, 3, 9))],
    ids=["Wed-before-thanksgiving", "Thu-before-july3", "new-year-2027", "Sat-2026-03-07"],
)
def test_next_business_day(day: date, following: date) -> None:
    assert OHIO.next_business_day(day) == following


def test_opening_and_closing_stay_local_across_dst() -> None:
    before, after = OHIO.opening(date(2026, 3, 6)), OHIO.opening(date(2026, 3, 9))
    assert (before.hour, before.utcoffset()) == (8, timedelta(hours=-5))
    assert (after.hour, after.utcoffset()) == (8, timedelta(hours=-4))
    closing = OHIO.closing(date(2026, 11, 2))
    assert (closing.hour, closing.utcoffset()) == (17, timedelta(hours=-5))
    assert OHIO.closing(date(2026, 10, 30)).utcoffset() == timedelta(hours=-4)
    assert OHIO.add_business_hours(at(2026, 3, 6, 16, 30), 60) == at(2026, 3, 9, 8, 30)
    # The weekend lost an hour of wall-clock time, not of business time.
    assert OHIO.business_time_between(at(2026, 3, 6, 8), at(2026, 3, 9, 17)) == timedelta(hours=18)


def test_opening_of_a_closed_day_says_why() -> None:
    with pytest.raises(NotABusinessDayError, match=r"Thu 26 Nov 2026 .*Thanksgiving Day"):
        OHIO.opening(date(2026, 11, 26))
    with pytest.raises(NotABusinessDayError, match="no business hours"):
        OHIO.closing(date(2026, 3, 7))
    assert OHIO.frames(date(2026, 3, 7)) == ()


def test_negative_amounts_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        OHIO.add_business_hours(at(2026, 3, 2, 10), -1)
    with pytest.raises(ValueError, match="negative"):
        OHIO.add_business_days(at(2026, 3, 2, 10), -1)


# ---------------------------------------------------------------- several frames a day
@pytest.mark.parametrize(
    ("start", "minutes", "expected"),
    [
        (at(2026, 3, 2, 9), 180, at(2026, 3, 2, 12)),  # lands on the lunch closing: stays there
        (at(2026, 3, 2, 9), 240, at(2026, 3, 2, 14)),
        (at(2026, 3, 2, 12, 30), 60, at(2026, 3, 2, 14)),  # starts in the lunch gap
        (at(2026, 3, 2, 12), 0, at(2026, 3, 2, 12)),
        (at(2026, 3, 2, 12, 30), 0, at(2026, 3, 2, 13)),
        (at(2026, 3, 5, 16), 120, at(2026, 3, 6, 9)),
        (at(2026, 3, 6, 15), 120, at(2026, 3, 9, 9)),  # Friday closes at 4:00
        (at(2026, 3, 4, 11), 120, at(2026, 3, 4, 13)),  # no lunch on Wednesdays
    ],
    ids=["Mon-0900+3h", "Mon-0900+4h", "Mon-gap+1h", "Mon-lunch-close+0", "Mon-gap+0",
         "Thu-1600+2h", "Fri-1500+2h", "Wed-1100+2h"],
)
def test_add_business_hours_with_a_lunch_closure(start: datetime, minutes: int,
                                                 expected: datetime) -> None:
    same_instant_and_wall_clock(LUNCH.add_business_hours(start, minutes), expected)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (at(2026, 3, 2, 9), 1, at(2026, 3, 3, 9)),
        (at(2026, 3, 2, 12, 30), 1, at(2026, 3, 3, 13)),  # normalised to 1:00 p.m. first
        (at(2026, 3, 4, 12, 30), 1, at(2026, 3, 5, 12)),  # Thursday's lunch: earlier frame's end
        (at(2026, 3, 5, 16, 30), 1, at(2026, 3, 6, 16)),  # Friday closes at 4:00
        (at(2026, 3, 2, 18), 0, at(2026, 3, 3, 8)),
        (at(2026, 1, 26, 10), 1, at(2026, 1, 28, 10)),  # snow day Tue 27 Jan
    ],
    ids=["Mon-0900+1", "Mon-gap+1", "Wed-1230+1-into-lunch", "Thu-1630+1-early-Friday",
         "Mon-evening+0", "Mon-2026-01-26-snow-day"],
)
def test_add_business_days_with_a_lunch_closure(start: datetime, n: int,
                                                expected: datetime) -> None:
    same_instant_and_wall_clock(LUNCH.add_business_days(start, n), expected)


def test_lunch_office_closures_exclusions_and_additions() -> None:
    assert LUNCH.holiday_name(date(2026, 1, 27)) == "office closed: snow emergency"
    assert LUNCH.is_business_day(date(2026, 10, 12))  # Columbus Day excluded
    assert LUNCH.is_business_day(date(2026, 7, 3))  # "Independence Day" excludes the observed day
    assert LUNCH.holiday_name(date(2026, 12, 24)) == "Christmas Eve"
    assert not LUNCH.is_business_day(date(2026, 12, 24))
    assert LUNCH.normalise_received(at(2026, 3, 2, 12)) == at(2026, 3, 2, 13)
    due = LUNCH.due("one_day", at(2026, 1, 26, 10))
    assert due is not None
    assert due.explanation == ("1 business day from Mon 26 Jan 10:00 a.m. (test rule 1d); "
                               "skipping Tue 27 Jan office closed: snow emergency")
    promise = LUNCH.promise("four_hours", at(2026, 3, 6, 11, 30))
    assert promise is not None and promise.at == at(2026, 3, 9, 10)
    assert [(a.hour, b.hour) for a, b in LUNCH.frames(date(2026, 3, 2))] == [(8, 12), (13, 17)]


# ---------------------------------------------------------------- holiday lookups are cached
def test_holidays_are_computed_once_per_year(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    real = holidays.country_holidays

    def counting(*args: object, **kwargs: object) -> holidays.HolidayBase:
        calls.append(kwargs.get("years"))
        return real(*args, **kwargs)

    monkeypatch.setattr(holidays, "country_holidays", counting)
    calendar = OfficeCalendar.from_toml(LUNCH_TOML)
    calls.clear()
    for i in range(365 * 3):
        calendar.is_business_day(date(2031, 1, 1) + timedelta(days=i))
    assert sorted(y for y in calls if y is not None) == [2031, 2031, 2032, 2032, 2033, 2033]
    # twice a year: the public list, and the other categories for the "add" names


# ---------------------------------------------------------------- bad data is refused by name
@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('timezone = "America/New_York"', 'timezone = "Mars/Olympus"', "timezone"),
        ('wednesday = ["08:00-17:00"]', 'wednesday = ["08:00-12:00", "11:00-17:00"]',
         "wednesday: frames must be in order"),
        ('wednesday = ["08:00-17:00"]', 'wednesday = ["8:00-17:00"]', "HH:MM"),
        ('wednesday = ["08:00-17:00"]', 'wendesday = ["08:00-17:00"]', "unknown keys"),
        ('wednesday = ["08:00-17:00"]', 'wednesday = ["17:00-08:00"]', "frames must be"),
        ('unit = "business_hours"', 'unit = "fortnights"', "unit: one of"),
        ("amount = 4", "amount = 0", "amount"),
        ('unit = "business_hours"', 'unit = "business_hours"\nends = "closing"', "closing"),
        ('cutoff = "rush"', 'cutoff = "rash"', "cutoff"),
        ('subdivision = "OH"', 'subdivision = "ZZ"', r"\[holidays\]"),
        ("date = 2026-01-27", 'date = "2026-02-30"', "closures"),
        ('citation = "test rule 1d"', "", "citation"),
        ("[office]", "[office", "calendar.toml"),
        ('exclude = ["Columbus Day", ', 'exclude = ["Columbus day", ', "exclude: no holiday"),
        ('add = ["Christmas Eve"]', 'add = ["Boxing Day"]', "add: no holiday"),
        ("[clocks.one_day]\n", "[clocks]\nbroken = 1\n[clocks.one_day]\n",
         "each entry must be a table"),
    ],
    ids=["timezone", "overlap", "time-format", "weekday-typo", "backwards-frame", "unit",
         "amount", "closing-with-hours", "unknown-cutoff", "subdivision", "closure-date",
         "missing-citation", "toml-syntax", "exclude-typo", "add-unknown",
         "clock-not-table"],
)
def test_bad_calendar_data_is_refused(old: str, new: str, message: str) -> None:
    assert old in LUNCH_TOML
    with pytest.raises(CalendarDataError, match=message):
        OfficeCalendar.from_toml(LUNCH_TOML.replace(old, new, 1))


def test_a_calendar_needs_business_hours() -> None:
    text = LUNCH_TOML
    for day in ("monday", "tuesday", "wednesday", "thursday", "friday"):
        start = text.index(f"{day} = ")
        text = text[:start] + text[text.index("\n", start) + 1:]
    with pytest.raises(CalendarDataError, match="at least one weekday"):
        OfficeCalendar.from_toml(text)
