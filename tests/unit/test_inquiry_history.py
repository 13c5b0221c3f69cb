"""``inquiry_clocks.history_of``: the one reading of an inquiry's rows into clock inputs that the
queue (one inquiry) and the calendar (many) share. A letter answers when mailed, not printed;
only a channel that counts as a response stops the response clock (Ohio: not voicemail); the
inquiry is done the first time it reaches a done status; statuses keep the order given."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.unit.calendar_support import OHIO
from workstation.domain.inquiry_clocks import History, StatusChange, history_of
from workstation.domain.inquiry_rules import InquiryRules
from workstation.paths import resources_dir

RULES = InquiryRules.from_toml(
    (resources_dir() / "profiles/ohio/inquiry.toml").read_text(encoding="utf-8"), OHIO)
RECEIVED = datetime(2026, 3, 2, 14, tzinfo=UTC)


def t(day: int, hour: int) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def test_nothing_sent_and_nothing_done() -> None:
    got = history_of(RULES, RECEIVED, [(RECEIVED, "new")], [])
    assert got == History(received_at=RECEIVED, statuses=(StatusChange(RECEIVED, "new"),))


def test_a_letter_counts_when_mailed_and_not_before() -> None:
    printed, mailed = t(3, 15), t(5, 13)
    unmailed = history_of(RULES, RECEIVED, [(RECEIVED, "new")], [("mail", printed, None)])
    assert unmailed.first_outbound_at is None and unmailed.first_response_at is None
    sent = history_of(RULES, RECEIVED, [(RECEIVED, "new")], [("mail", printed, mailed)])
    assert sent.first_outbound_at == mailed and sent.first_response_at == mailed


def test_only_a_responding_channel_stops_the_response_clock() -> None:
    assert not RULES.channel("voicemail").counts_as_response
    assert RULES.channel("email").counts_as_response
    got = history_of(RULES, RECEIVED, [(RECEIVED, "new")],
                     [("email", t(6, 15), None), ("voicemail", t(3, 15), None),
                      ("phone", t(4, 16), t(9, 9))])  # mailed_at means nothing off the mail
    assert got.first_outbound_at == t(3, 15)  # the voicemail left was the first thing sent
    assert got.first_response_at == t(4, 16)


def test_done_is_the_first_done_status_and_the_order_is_kept() -> None:
    changes = [(RECEIVED, "new"), (t(3, 15), "waiting_on_customer"), (t(4, 15), "resolved"),
               (t(5, 15), "open"), (t(6, 15), "closed_no_follow_up")]
    got = history_of(RULES, RECEIVED, changes, [])
    assert got.done_at == t(4, 15)
    assert [(c.at, c.status) for c in got.statuses] == changes
    same_instant = [(RECEIVED, "new"), (t(3, 15), "open"), (t(3, 15), "answered")]
    assert [c.status for c in history_of(RULES, RECEIVED, same_instant, []).statuses] == [
        "new", "open", "answered"]  # ties stay in the order recorded


def test_unknown_codes_are_programming_errors() -> None:
    with pytest.raises(KeyError):
        history_of(RULES, RECEIVED, [(RECEIVED, "no_such_status")], [])
    with pytest.raises(KeyError):
        history_of(RULES, RECEIVED, [(RECEIVED, "new")], [("pigeon", t(3, 15), None)])
