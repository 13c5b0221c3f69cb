"""Inquiry clocks: due times from the office calendar, pauses added back in business time, sticky
breaches, stop events; each edge case worked out by hand in its comment.

Ohio hours are 8:00 a.m.-5:00 p.m. Monday to Friday. The Ohio inquiry clocks: acknowledge 2
business days, first response 10, resolve 20 (same clock time), complaint acknowledgment 3 business
days and rejection letter 5 business days (both by the close of business). 2026 dates used: Mon 2
Mar; DST starts Sun 8 Mar and ends Sun 1 Nov; Independence Day observed Fri 3 Jul; Veterans Day
Wed 11 Nov; Christmas Fri 25 Dec.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.calendar_support import NY, OHIO, at
from workstation.domain.calendar import OfficeCalendar
from workstation.domain.inquiry_clocks import (
    ClockState,
    History,
    StatusChange,
    clocks,
    earliest_due,
)
from workstation.domain.inquiry_rules import InquiryRules
from workstation.paths import resources_dir

RULES = InquiryRules.from_toml(
    (resources_dir() / "profiles/ohio/inquiry.toml").read_text(encoding="utf-8"), OHIO)
WAIT = "waiting_on_customer"


def history(received: datetime, *changes: tuple[datetime, str],
            outbound: datetime | None = None, response: datetime | None = None,
            done: datetime | None = None) -> History:
    """An inquiry received (status "new") at ``received``, then the status ``changes``."""
    statuses = [StatusChange(received, "new"), *(StatusChange(t, s) for t, s in changes)]
    return History(received, statuses, outbound, response, done)


def clock(states: tuple[ClockState, ...], role: str) -> ClockState:
    (found,) = (s for s in states if s.role == role)
    return found


def exactly(actual: datetime, expected: datetime) -> None:
    """The same instant, shown at the same office wall-clock time."""
    assert actual == expected
    assert actual.tzinfo == NY
    assert actual.utcoffset() == expected.utcoffset()


# ---------------------------------------------------------------- the edge cases
def test_holiday_on_a_friday() -> None:
    # Received Thu 2 Jul 2026 10:00. Fri 3 Jul is Independence Day (observed), then the weekend.
    # acknowledge, 2 business days: Mon 6 Jul (1), Tue 7 Jul (2) -> Tue 7 Jul 10:00.
    # first response, 10: Mon 6, Tue 7, Wed 8, Thu 9, Fri 10, Mon 13, Tue 14, Wed 15, Thu 16,
    # Fri 17 Jul -> Fri 17 Jul 10:00.
    states = clocks(OHIO, RULES, "status_of_filing", history(at(2026, 7, 2, 10)),
                    at(2026, 7, 2, 11))
    exactly(clock(states, "acknowledge").due_at, at(2026, 7, 7, 10))
    exactly(clock(states, "first_response").due_at, at(2026, 7, 17, 10))
    assert "skipping Fri 3 Jul Independence Day (observed), Sat 4 Jul–Sun 5 Jul" in clock(
        states, "acknowledge").explanation
    # A complaint received Wed 23 Dec 2026 2:00 p.m.: Thu 24 (1), Fri 25 Christmas skipped,
    # Mon 28 (2), Tue 29 (3) -> by the close of Tue 29 Dec, 5:00 p.m.
    states = clocks(OHIO, RULES, "complaint", history(at(2026, 12, 23, 14)), at(2026, 12, 23, 15))
    exactly(clock(states, "acknowledge").due_at, at(2026, 12, 29, 17))


def test_arrival_on_a_saturday() -> None:
    # Arrived Sat 7 Mar 2026 10:00: received at the next opening, Mon 9 Mar 8:00 (after the DST
    # switch of Sun 8 Mar, still 8:00 local).
    # acknowledge: Tue 10 (1), Wed 11 (2) -> Wed 11 Mar 8:00.
    # complaint acknowledgment: Tue 10, Wed 11, Thu 12 -> Thu 12 Mar 5:00 p.m.
    arrived = at(2026, 3, 7, 10)
    received = OHIO.normalise_received(arrived)
    exactly(received, at(2026, 3, 9, 8))
    states = clocks(OHIO, RULES, "other", history(received), at(2026, 3, 9, 9))
    exactly(clock(states, "acknowledge").due_at, at(2026, 3, 11, 8))
    complaint = clocks(OHIO, RULES, "complaint", history(received), at(2026, 3, 9, 9))
    exactly(clock(complaint, "acknowledge").due_at, at(2026, 3, 12, 17))
    # Handing over the raw Saturday arrival gives the same due times: the calendar starts every
    # clock at the next opening.
    raw = clocks(OHIO, RULES, "other", history(arrived), at(2026, 3, 9, 9))
    assert [s.due_at for s in raw] == [s.due_at for s in states]


def test_after_hours_arrival() -> None:
    # Arrived Mon 2 Mar 2026 5:30 p.m., after the 5:00 p.m. close: the clocks start Tue 3 Mar 8:00.
    # acknowledge: Wed 4 (1), Thu 5 (2) -> Thu 5 Mar 8:00.
    # first response: Wed 4, Thu 5, Fri 6, Mon 9, Tue 10, Wed 11, Thu 12, Fri 13, Mon 16, Tue 17
    # -> Tue 17 Mar 8:00.
    states = clocks(OHIO, RULES, "status_of_filing", history(at(2026, 3, 2, 17, 30)),
                    at(2026, 3, 3, 9))
    exactly(clock(states, "acknowledge").due_at, at(2026, 3, 5, 8))
    exactly(clock(states, "first_response").due_at, at(2026, 3, 17, 8))
    assert ("2 business days from Tue 3 Mar 8:00 a.m., the next opening after arrival "
            "Mon 2 Mar 5:30 p.m.") in clock(states, "acknowledge").explanation


def test_dst_switch_during_a_pause() -> None:
    # A complaint received Fri 30 Oct 2026 11:30 (EDT, UTC-4); waiting on the customer from Fri
    # 3:00 p.m. to Mon 2 Nov 10:00 (EST, UTC-5), across the 25-hour Sunday of 1 Nov.
    # complaint acknowledgment, 3 business days by close: Mon 2, Tue 3, Wed 4 -> Wed 4 Nov 5:00 p.m.
    # The pause covers Fri 3:00-5:00 p.m. (2 h) and Mon 8:00-10:00 a.m. (2 h) of business time:
    # 240 minutes. From Wed 5:00 p.m. (a close): Thu 5 Nov 8:00 + 4 h -> Thu 5 Nov 12:00 noon EST.
    # first response, 10 business days from Fri 30 Oct 11:30: Mon 2, Tue 3, Wed 4, Thu 5, Fri 6,
    # Mon 9, Tue 10, (Wed 11 Veterans Day), Thu 12, Fri 13, Mon 16 -> Mon 16 Nov 11:30; + 4 h ->
    # Mon 16 Nov 3:30 p.m.
    inquiry = history(at(2026, 10, 30, 11, 30), (at(2026, 10, 30, 15), WAIT),
                      (at(2026, 11, 2, 10), "open"))
    states = clocks(OHIO, RULES, "complaint", inquiry, at(2026, 11, 3, 9))
    acknowledge = clock(states, "acknowledge")
    exactly(acknowledge.due_at, at(2026, 11, 5, 12))
    assert acknowledge.due_at.utcoffset() == timedelta(hours=-5)
    assert acknowledge.paused_minutes == 240
    exactly(clock(states, "first_response").due_at, at(2026, 11, 16, 15, 30))
    assert "paused 4 h of business time waiting on customer (Fri 30 Oct 3:00 p.m.–Mon 2 Nov " \
           "10:00 a.m.); due Thu 5 Nov 12:00 noon" in acknowledge.explanation


def test_pause_across_a_weekend() -> None:
    # Received Mon 2 Mar 2026 10:00; first response due 10 business days later, Mon 16 Mar 10:00.
    # Waiting on the customer Fri 6 Mar 4:00 p.m. to Mon 9 Mar 9:30 a.m.: business time is
    # Fri 4:00-5:00 p.m. (60 min) + Mon 8:00-9:30 a.m. (90 min) = 150 min; the weekend counts
    # nothing. Mon 16 Mar 10:00 + 2 h 30 min -> Mon 16 Mar 12:30 p.m.
    inquiry = history(at(2026, 3, 2, 10), (at(2026, 3, 6, 16), WAIT),
                      (at(2026, 3, 9, 9, 30), "open"))
    first = clock(clocks(OHIO, RULES, "status_of_filing", inquiry, at(2026, 3, 10, 9)),
                  "first_response")
    exactly(first.due_at, at(2026, 3, 16, 12, 30))
    assert first.paused_minutes == 150
    assert (first.running, first.paused, first.breached) == (True, False, False)
    assert first.explanation == (
        "Target, not a deadline: 10 business days from Mon 2 Mar 10:00 a.m. (Companies House "
        "correspondence target: 10 working days); skipping Sat 7 Mar–Sun 8 Mar, Sat 14 Mar–Sun "
        "15 Mar; paused 2 h 30 min of business time waiting on customer (Fri 6 Mar 4:00 p.m.–"
        "Mon 9 Mar 9:30 a.m.); due Mon 16 Mar 12:30 p.m.")


LUNCH_CALENDAR = OfficeCalendar.from_toml("""
[office]
name = "Test office closed for lunch"
timezone = "America/New_York"

[hours]
monday = ["08:00-12:00", "13:00-17:00"]
tuesday = ["08:00-12:00", "13:00-17:00"]
wednesday = ["08:00-12:00", "13:00-17:00"]
thursday = ["08:00-12:00", "13:00-17:00"]
friday = ["08:00-12:00", "13:00-17:00"]

[holidays]
country = "US"
subdivision = "OH"

[clocks.four_hours]
kind = "deadline"
amount = 4
unit = "business_hours"
citation = "test rule 4h"

[clocks.two_days]
kind = "target"
amount = 2
unit = "business_days"
citation = "test target 2d"

[clocks.switched_off]
kind = "none"
citation = "no clock"
""")

LUNCH_RULES = InquiryRules.from_toml("""
[clock_roles.acknowledge]
label = "Acknowledge"
stops = "any_outbound"

[clock_roles.resolve]
label = "Resolve"
stops = "done"

[[channel]]
code = "phone"
label = "Phone"
counts_as_response = true

[[category]]
code = "general"
label = "General"
priority = 1
[category.clocks]
acknowledge = "four_hours"
resolve = "two_days"

[[category]]
code = "quiet"
label = "No acknowledgment clock"
priority = 2
[category.clocks]
acknowledge = "switched_off"
resolve = "two_days"

[[status]]
code = "new"
label = "New"
kind = "open"
initial = true

[[status]]
code = "on_hold"
label = "On hold"
kind = "paused"

[[status]]
code = "resolved"
label = "Resolved"
kind = "done"

[queue]
per_clerk_cap = 10
stale_claim_hours = 8
presence_seconds = 25
heartbeat_seconds = 8
""", LUNCH_CALENDAR)


def test_lunch_gap_in_business_hours() -> None:
    # Frames 8:00-12:00 and 13:00-17:00. Received Mon 2 Mar 2026 10:00; 4 business hours:
    # 10:00-12:00 (2 h) + 13:00-15:00 (2 h) -> 3:00 p.m.
    # On hold 11:30 a.m.-1:30 p.m.: business time 11:30-12:00 + 13:00-13:30 = 60 min, the lunch
    # hour not counted; 3:00 p.m. + 1 h -> 4:00 p.m.
    received = at(2026, 3, 2, 10)
    plain = clock(clocks(LUNCH_CALENDAR, LUNCH_RULES, "general", history(received),
                         at(2026, 3, 2, 11)), "acknowledge")
    exactly(plain.due_at, at(2026, 3, 2, 15))
    paused = history(received, (at(2026, 3, 2, 11, 30), "on_hold"), (at(2026, 3, 2, 13, 30), "new"))
    state = clock(clocks(LUNCH_CALENDAR, LUNCH_RULES, "general", paused, at(2026, 3, 2, 14)),
                  "acknowledge")
    exactly(state.due_at, at(2026, 3, 2, 16))
    assert state.paused_minutes == 60
    assert "paused 1 h of business time on hold (Mon 2 Mar 11:30 a.m.–Mon 2 Mar 1:30 p.m.)" in \
        state.explanation
    # On hold only during lunch, 12:10-12:50: no business time, the due time stays 3:00 p.m.
    lunch = history(received, (at(2026, 3, 2, 12, 10), "on_hold"), (at(2026, 3, 2, 12, 50), "new"))
    state = clock(clocks(LUNCH_CALENDAR, LUNCH_RULES, "general", lunch, at(2026, 3, 2, 14)),
                  "acknowledge")
    exactly(state.due_at, at(2026, 3, 2, 15))
    assert state.paused_minutes == 0


def test_pause_starting_after_the_due_time_keeps_the_breach() -> None:
    # Received Mon 2 Mar 2026 10:00; acknowledge due Wed 4 Mar 10:00. Nothing sent. Waiting on
    # the customer from Wed 4 Mar 11:00, after that due time: the acknowledge clock is breached
    # and stays so, due Wed 4 Mar 10:00, even while paused.
    received = at(2026, 3, 2, 10)
    waiting = history(received, (at(2026, 3, 4, 11), WAIT))
    states = clocks(OHIO, RULES, "status_of_filing", waiting, at(2026, 3, 4, 15))
    acknowledge = clock(states, "acknowledge")
    exactly(acknowledge.due_at, at(2026, 3, 4, 10))
    assert (acknowledge.breached, acknowledge.paused, acknowledge.paused_minutes) == (True, True, 0)
    assert acknowledge.explanation.endswith(
        "; waiting on customer (Wed 4 Mar 11:00 a.m.–Wed 4 Mar 3:00 p.m.) not counted: it began "
        "after the clock ran out; breached")
    # The first-response clock (due Mon 16 Mar 10:00) was running when the pause began: it is
    # paused, not breached. Back to open Thu 5 Mar 9:00: Wed 11:00-5:00 p.m. (6 h) + Thu
    # 8:00-9:00 (1 h) = 7 h; Mon 16 Mar 10:00 + 7 h -> Mon 16 Mar 5:00 p.m.
    first = clock(states, "first_response")
    assert (first.breached, first.paused) == (False, True)
    back = history(received, (at(2026, 3, 4, 11), WAIT), (at(2026, 3, 5, 9), "open"))
    states = clocks(OHIO, RULES, "status_of_filing", back, at(2026, 3, 5, 12))
    exactly(clock(states, "acknowledge").due_at, at(2026, 3, 4, 10))
    assert clock(states, "acknowledge").breached
    exactly(clock(states, "first_response").due_at, at(2026, 3, 16, 17))
    # An acknowledgment sent later does not clear the breach.
    late = History(received, back.statuses, first_outbound_at=at(2026, 3, 5, 10))
    acknowledge = clock(clocks(OHIO, RULES, "status_of_filing", late, at(2026, 3, 5, 12)),
                        "acknowledge")
    assert acknowledge.breached
    exactly(acknowledge.stopped_at or at(2000, 1, 1), at(2026, 3, 5, 10))
    assert acknowledge.explanation.endswith("; breached, met late Thu 5 Mar 10:00 a.m.")


def test_clock_stopped_exactly_at_the_due_time_is_met() -> None:
    # Received Mon 2 Mar 2026 10:00: acknowledge due Wed 4 Mar 10:00. A voicemail left exactly
    # then stops it (any outbound entry); it is met, not breached.
    received = at(2026, 3, 2, 10)
    on_time = history(received, outbound=at(2026, 3, 4, 10))
    acknowledge = clock(clocks(OHIO, RULES, "other", on_time, at(2026, 3, 6, 9)), "acknowledge")
    exactly(acknowledge.due_at, at(2026, 3, 4, 10))
    assert acknowledge.stopped_at == acknowledge.due_at
    assert not acknowledge.breached
    assert acknowledge.remaining(at(2026, 3, 6, 9)) == timedelta(0)
    assert acknowledge.explanation.endswith("; met Wed 4 Mar 10:00 a.m.")
    # One second later is late.
    late = history(received, outbound=at(2026, 3, 4, 10, 0, 1))
    acknowledge = clock(clocks(OHIO, RULES, "other", late, at(2026, 3, 6, 9)), "acknowledge")
    assert acknowledge.breached
    assert acknowledge.remaining(at(2026, 3, 6, 9)) == timedelta(seconds=-1)


# ---------------------------------------------------------------- more rules
def test_pauses_extend_the_current_due_time_in_order() -> None:
    # Received Mon 2 Mar 2026 10:00; acknowledge base due Wed 4 Mar 10:00.
    # Pause 1, Tue 3 Mar 9:00-12:00 (3 h) -> due Wed 4 Mar 1:00 p.m.
    # Pause 2, Wed 4 Mar 11:00-12:00: after the base due time but before the current one, so it
    # counts: + 1 h -> Wed 4 Mar 2:00 p.m.
    inquiry = history(at(2026, 3, 2, 10), (at(2026, 3, 3, 9), WAIT), (at(2026, 3, 3, 12), "open"),
                      (at(2026, 3, 4, 11), WAIT), (at(2026, 3, 4, 12), "open"))
    acknowledge = clock(clocks(OHIO, RULES, "other", inquiry, at(2026, 3, 4, 13, 30)),
                        "acknowledge")
    exactly(acknowledge.due_at, at(2026, 3, 4, 14))
    assert acknowledge.paused_minutes == 240
    assert not acknowledge.breached


def test_a_pause_begun_after_hours_freezes_the_clock() -> None:
    # Received Mon 2 Mar 2026 8:00: acknowledge due Wed 4 Mar 8:00. Waiting on the customer from
    # Tue 3 Mar 5:30 p.m. (after the close, before the due time) to Thu 5 Mar 5:30 p.m.: business
    # time Wed 8:00-5:00 p.m. + Thu 8:00-5:00 p.m. = 18 h. Added to Wed 8:00 that lands on Thu
    # 5 Mar 5:00 p.m., before the pause ended; the clock had no business time left when it was
    # paused, so it resumes at the next opening: due Fri 6 Mar 8:00. Not breached at Thu 5:45 p.m.
    received = at(2026, 3, 2, 8)
    waiting = history(received, (at(2026, 3, 3, 17, 30), WAIT))
    ongoing = clock(clocks(OHIO, RULES, "other", waiting, at(2026, 3, 5, 17, 30)), "acknowledge")
    exactly(ongoing.due_at, at(2026, 3, 6, 8))
    assert (ongoing.paused, ongoing.breached, ongoing.paused_minutes) == (True, False, 1080)
    ended = history(received, (at(2026, 3, 3, 17, 30), WAIT), (at(2026, 3, 5, 17, 30), "open"))
    acknowledge = clock(clocks(OHIO, RULES, "other", ended, at(2026, 3, 5, 17, 45)), "acknowledge")
    exactly(acknowledge.due_at, at(2026, 3, 6, 8))
    assert (acknowledge.paused, acknowledge.breached) == (False, False)
    # Nothing sent by Fri 6 Mar 8:01: breached.
    assert clock(clocks(OHIO, RULES, "other", ended, at(2026, 3, 6, 8, 1)), "acknowledge").breached


def test_pause_is_counted_only_up_to_the_stop() -> None:
    # Received Mon 2 Mar 2026 10:00; waiting on the customer from Tue 3 Mar 9:00, never ended; a
    # reply by phone Tue 3 Mar 11:00 stops acknowledge and first response: 2 h of pause for
    # them. The resolve clock keeps running and keeps pausing up to now, Wed 4 Mar 10:00:
    # Tue 9:00-5:00 p.m. (8 h) + Wed 8:00-10:00 (2 h) = 10 h.
    # resolve base: 20 business days from Mon 2 Mar 10:00 -> Mon 30 Mar 10:00; + 10 h: Mon
    # 10:00-5:00 p.m. (7 h), Tue 31 Mar 8:00-11:00 (3 h) -> Tue 31 Mar 11:00.
    inquiry = history(at(2026, 3, 2, 10), (at(2026, 3, 3, 9), WAIT),
                      outbound=at(2026, 3, 3, 11), response=at(2026, 3, 3, 11))
    states = clocks(OHIO, RULES, "other", inquiry, at(2026, 3, 4, 10))
    for role, due in (("acknowledge", at(2026, 3, 4, 12)), ("first_response", at(2026, 3, 16, 12))):
        state = clock(states, role)
        exactly(state.due_at, due)
        assert (state.paused_minutes, state.paused, state.running) == (120, False, False)
    resolve = clock(states, "resolve")
    exactly(resolve.due_at, at(2026, 3, 31, 11))
    assert (resolve.paused_minutes, resolve.paused, resolve.running) == (600, True, True)
    assert "paused 10 h of business time so far waiting on customer (since Tue 3 Mar 9:00 a.m.)" \
        in resolve.explanation


def test_voicemail_acknowledges_but_does_not_respond() -> None:
    # A voicemail left Tue 3 Mar is an outbound entry that does not count as a response: the
    # caller's History has first_outbound_at but no first_response_at.
    inquiry = history(at(2026, 3, 2, 10), outbound=at(2026, 3, 3, 9))
    states = clocks(OHIO, RULES, "other", inquiry, at(2026, 3, 3, 10))
    assert not clock(states, "acknowledge").running
    assert clock(states, "first_response").running
    assert clock(states, "resolve").running


def test_rejection_question_has_the_statutory_clock() -> None:
    # Received Mon 2 Mar 2026 10:00; the rejection letter is due by the close of the 5th business
    # day: Tue 3, Wed 4, Thu 5, Fri 6, Mon 9 -> Mon 9 Mar 5:00 p.m.; a letter mailed Fri 6 Mar
    # 2:00 p.m. stops it and the first-response clock.
    inquiry = history(at(2026, 3, 2, 10), outbound=at(2026, 3, 6, 14), response=at(2026, 3, 6, 14))
    states = clocks(OHIO, RULES, "rejection_question", inquiry, at(2026, 3, 10, 9))
    assert [s.role for s in states] == ["acknowledge", "first_response", "resolve", "statutory"]
    statutory = clock(states, "statutory")
    exactly(statutory.due_at, at(2026, 3, 9, 17))
    assert (statutory.kind, statutory.clock, statutory.breached) == (
        "deadline", "rejection_letter", False)
    exactly(statutory.stopped_at or at(2000, 1, 1), at(2026, 3, 6, 14))
    assert statutory.explanation.startswith("5 business days from Mon 2 Mar 10:00 a.m., by close "
                                            "of business (Office rule after Miss. Code")
    other = clocks(OHIO, RULES, "status_of_filing", inquiry, at(2026, 3, 10, 9))
    assert [s.role for s in other] == ["acknowledge", "first_response", "resolve"]


def test_a_done_status_stops_every_clock() -> None:
    # Merged Tue 3 Mar 9:00 with nothing sent: every clock stops then; none is breached.
    inquiry = history(at(2026, 3, 2, 10), (at(2026, 3, 3, 9), "merged"), done=at(2026, 3, 3, 9))
    states = clocks(OHIO, RULES, "complaint", inquiry, at(2026, 4, 30, 9))
    for state in states:
        exactly(state.stopped_at or at(2000, 1, 1), at(2026, 3, 3, 9))
        assert not state.breached
    assert clock(states, "acknowledge").explanation.endswith(
        "; stopped Tue 3 Mar 9:00 a.m. when the inquiry was closed")
    assert clock(states, "resolve").explanation.endswith("; met Tue 3 Mar 9:00 a.m.")
    assert earliest_due(states) is None


def test_events_after_now_are_not_seen() -> None:
    inquiry = history(at(2026, 3, 2, 10), (at(2026, 3, 5, 9), WAIT), outbound=at(2026, 3, 5, 9),
                      response=at(2026, 3, 5, 9), done=at(2026, 3, 6, 9))
    states = clocks(OHIO, RULES, "other", inquiry, at(2026, 3, 3, 9))
    assert all(s.running and not s.paused and s.paused_minutes == 0 for s in states)


def test_unordered_statuses_are_put_in_time_order() -> None:
    received = at(2026, 3, 2, 10)
    changes = [StatusChange(at(2026, 3, 3, 12), "open"), StatusChange(received, "new"),
               StatusChange(at(2026, 3, 3, 9), WAIT)]
    states = clocks(OHIO, RULES, "other", History(received, changes), at(2026, 3, 3, 13))
    assert clock(states, "acknowledge").paused_minutes == 180


def test_a_clock_switched_off_in_the_calendar_is_left_out() -> None:
    states = clocks(LUNCH_CALENDAR, LUNCH_RULES, "quiet", history(at(2026, 3, 2, 10)),
                    at(2026, 3, 2, 11))
    assert [s.role for s in states] == ["resolve"]


def test_earliest_due_is_among_running_clocks() -> None:
    # acknowledge (Wed 4 Mar 10:00) is stopped by a voicemail; first response is due next.
    inquiry = history(at(2026, 3, 2, 10), outbound=at(2026, 3, 2, 11))
    states = clocks(OHIO, RULES, "other", inquiry, at(2026, 3, 2, 12))
    first = earliest_due(states)
    assert first is not None
    assert first.role == "first_response"
    assert earliest_due([]) is None


def test_answers_in_office_time_from_any_zone() -> None:
    received = datetime(2026, 3, 2, 15, tzinfo=UTC)  # 10:00 in Columbus
    inquiry = History(received, [StatusChange(received, "new")],
                      first_outbound_at=datetime(2026, 3, 3, 14, tzinfo=UTC))
    acknowledge = clock(clocks(OHIO, RULES, "other", inquiry, at(2026, 3, 3, 12)), "acknowledge")
    exactly(acknowledge.due_at, at(2026, 3, 4, 10))
    exactly(acknowledge.stopped_at or at(2000, 1, 1), at(2026, 3, 3, 9))


def test_refuses_naive_times_and_unknown_codes() -> None:
    inquiry = history(at(2026, 3, 2, 10))
    with pytest.raises(ValueError, match="time-zone-aware"):
        clocks(OHIO, RULES, "other", inquiry, datetime(2026, 3, 3, 9))
    with pytest.raises(ValueError, match="time-zone-aware"):
        clocks(OHIO, RULES, "other", History(at(2026, 3, 2, 10), [],
                                             first_outbound_at=datetime(2026, 3, 3, 9)),
               at(2026, 3, 3, 10))
    with pytest.raises(KeyError, match="no inquiry category 'gossip'"):
        clocks(OHIO, RULES, "gossip", inquiry, at(2026, 3, 3, 9))
    with pytest.raises(KeyError, match="no inquiry status 'limbo'"):
        clocks(OHIO, RULES, "other", history(at(2026, 3, 2, 10), (at(2026, 3, 2, 11), "limbo")),
               at(2026, 3, 3, 9))


# ---------------------------------------------------------------- properties
CATEGORIES = st.sampled_from([c.code for c in RULES.categories])
RECEIVED = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31),
                        timezones=st.just(NY)).map(lambda d: d.replace(second=0, microsecond=0))
# (minutes after the previous change, minutes paused) for up to four pauses
PAUSES = st.lists(st.tuples(st.integers(0, 6 * 1440), st.integers(0, 4 * 1440)), max_size=4)
LATER = st.integers(0, 60 * 1440)


def paused_history(received: datetime, pauses: list[tuple[int, int]],
                   **events: datetime | None) -> History:
    changes = [StatusChange(received, "new")]
    moment = received
    for gap, length in pauses:
        moment += timedelta(minutes=gap)
        changes.append(StatusChange(moment, WAIT))
        moment += timedelta(minutes=length)
        if length:
            changes.append(StatusChange(moment, "open"))
    return History(received, changes, events.get("outbound"), events.get("response"),
                   events.get("done"))


def base_due(category: str, role: str, received: datetime) -> datetime:
    due = OHIO.due(RULES.category(category).clocks[role], received)
    assert due is not None
    return due.at


@settings(deadline=None)
@given(CATEGORIES, RECEIVED, PAUSES, LATER)
def test_pausing_never_makes_a_due_time_earlier(category: str, received: datetime,
                                                pauses: list[tuple[int, int]], later: int) -> None:
    now = received + timedelta(minutes=later)
    for state in clocks(OHIO, RULES, category, paused_history(received, pauses), now):
        assert state.due_at >= base_due(category, state.role, received)
        assert state.paused_minutes >= 0
        assert (state.paused_minutes == 0) == (state.due_at == base_due(category, state.role,
                                                                         received))


@settings(deadline=None)
@given(CATEGORIES, RECEIVED, PAUSES, LATER, st.floats(0, 1))
def test_a_clock_stopped_before_its_due_time_is_never_breached(
        category: str, received: datetime, pauses: list[tuple[int, int]], later: int,
        fraction: float) -> None:
    for role in RULES.category(category).clocks:
        stop = received + (base_due(category, role, received) - received) * fraction
        events = {"outbound": stop, "response": stop, "done": stop}
        states = clocks(OHIO, RULES, category, paused_history(received, pauses, **events),
                        max(stop, received + timedelta(minutes=later)))
        state = clock(states, role)
        assert state.stopped_at == stop
        assert not state.breached


@settings(deadline=None)
@given(CATEGORIES, RECEIVED, PAUSES, LATER, st.integers(0, 5 * 1440), st.integers(0, 10 * 1440))
def test_a_breach_is_sticky(category: str, received: datetime, pauses: list[tuple[int, int]],
                            later: int, wait: int, length: int) -> None:
    inquiry = paused_history(received, pauses)
    now = max(received + timedelta(minutes=later), inquiry.statuses[-1].at)
    before = {s.role: s for s in clocks(OHIO, RULES, category, inquiry, now)}
    # More time passes and the inquiry waits on the customer again.
    start = now + timedelta(minutes=wait)
    longer = History(received, [*inquiry.statuses, StatusChange(start, WAIT)])
    after = {s.role: s for s in clocks(OHIO, RULES, category, longer,
                                       start + timedelta(minutes=length))}
    for role, state in before.items():
        if state.breached:
            assert after[role].breached
            assert after[role].due_at == state.due_at


@settings(deadline=None)
@given(CATEGORIES, RECEIVED, PAUSES, LATER)
def test_a_clock_paused_now_and_paused_in_time_is_not_breached(
        category: str, received: datetime, pauses: list[tuple[int, int]], later: int) -> None:
    # While the inquiry waits on the customer the due time moves with the clock: a clock whose
    # current pause began before it ran out cannot run out during that pause.
    inquiry = paused_history(received, [*pauses, (later, 0)])
    start = inquiry.statuses[-1].at
    for state in clocks(OHIO, RULES, category, inquiry, start):
        if state.due_at > start:
            for now in (start + timedelta(hours=5), start + timedelta(days=9)):
                assert not clock(clocks(OHIO, RULES, category, inquiry, now), state.role).breached
