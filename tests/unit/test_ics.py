"""The .ics export read back by a small RFC 5545 reader written here: CRLF lines of at most 75
octets, folding that never splits a UTF-8 character, escaped text, UTC times, one stable UID per
item and occurrence."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workstation.domain.due_dates import DueItem
from workstation.printing import ics

NOW = datetime(2026, 11, 30, 14, 5, 9, tzinfo=UTC)
NY = ZoneInfo("America/New_York")


def _unfold(data: bytes) -> list[str]:
    """Physical lines -> logical lines (3.1): a CRLF followed by a space or tab is removed."""
    text = data.decode("utf-8")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")  # no bare LF, no bare CR
    return re.sub(r"\r\n[ \t]", "", text).split("\r\n")[:-1]


def _unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])",
                  lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _events(data: bytes) -> list[dict[str, str]]:
    """Each VEVENT's properties, name -> unescaped value (no parameters are used)."""
    events: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in _unfold(data):
        name, _, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            events.append(current)
            current = None
        elif current is not None:
            assert name not in current
            current[name] = _unescape(value) if name in (
                "SUMMARY", "DESCRIPTION", "CATEGORIES") else value
    return events


def _item(title: str = "Weekly cash count", *, kind: str = "recurring", part: str = "2026-11-30",
          detail: str = "", owner: str = "clerk", overdue: bool = False) -> DueItem:
    due = datetime(2026, 11, 30, 17, tzinfo=NY)
    return DueItem(kind, title, due.astimezone(UTC), date(2026, 11, 30), "T-7", owner, overdue,
                   7, part, detail)


def test_calendar_envelope_and_one_event_per_item() -> None:
    data = ics.build_ics([_item(), _item(kind="deposit", part="", title="Deposit D0000001")],
                         now=NOW, name="Due dates: clerk")
    lines = _unfold(data)
    assert lines[:5] == ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{ics.PRODID}",
                         "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    assert lines[-1] == "END:VCALENDAR"
    assert "X-WR-CALNAME:Due dates: clerk" in lines
    first, second = _events(data)
    assert first["UID"] == "recurring-7-2026-11-30@counter-workstation.invalid"
    assert second["UID"] == "deposit-7@counter-workstation.invalid"
    assert first["DTSTAMP"] == "20261130T140509Z"
    assert first["DTSTART"] == "20261130T220000Z"  # 5:00 p.m. New York is 22:00 UTC in winter
    assert first["SUMMARY"] == "Weekly cash count"
    assert first["DESCRIPTION"].splitlines() == ["Office work: T-7", "For: clerk",
                                                 "Due: Mon 30 Nov 2026"]
    assert first["CATEGORIES"] == "Office work"


def test_the_same_item_exported_again_keeps_its_uid() -> None:
    once = _events(ics.build_ics([_item()], now=NOW))[0]["UID"]
    again = _events(ics.build_ics([_item()], now=NOW + timedelta(days=3)))[0]["UID"]
    other = _events(ics.build_ics([_item(part="2026-12-07")], now=NOW))[0]["UID"]
    assert once == again != other


def test_text_is_escaped_and_read_back_whole() -> None:
    title = 'Refusal notice; UCC-1, "Smith\\Jones"\nsecond line'
    detail = "Reasons: UCC-R02; UCC-R05,\r\nsee the letter"
    data = ics.build_ics([_item(title, detail=detail, owner="", overdue=True)], now=NOW)
    raw = data.decode("utf-8")
    assert "Refusal notice\\; UCC-1\\, \"Smith\\\\Jones\"\\nsecond line" in raw.replace(
        "\r\n ", "")
    event = _events(data)[0]
    assert event["SUMMARY"] == title
    assert event["DESCRIPTION"].split("\n") == [
        "Office work: T-7", "For: the team", "Due: Mon 30 Nov 2026 (overdue)",
        "Reasons: UCC-R02; UCC-R05,", "see the letter"]


def test_a_long_non_ascii_summary_is_folded_at_75_octets_between_characters() -> None:
    title = "Renouvellement du nom commercial « Crème Brûlée Café » — Zoë's Ünïcödé 東京 " * 4
    data = ics.build_ics([_item(title)], now=NOW)
    physical = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in physical) <= 75
    assert any(len(line) > 70 for line in physical)  # it was long enough to fold
    for line in physical:
        line.decode("utf-8")  # every physical line is whole UTF-8: no character split
    start = next(n for n, line in enumerate(physical) if line.startswith(b"SUMMARY:"))
    continued = 0
    while physical[start + 1 + continued].startswith(b" "):
        continued += 1
    assert continued >= len(title.encode("utf-8")) // 75  # folded, several times
    assert _events(data)[0]["SUMMARY"] == title


@given(st.text(min_size=0, max_size=400))
def test_fold_keeps_every_line_short_and_unfolds_to_the_original(text: str) -> None:
    line = "SUMMARY:" + ics.escape_text(text)
    folded = ics.fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0], *(p[1:] for p in parts[1:])]) == line
    assert _unescape(ics.escape_text(text).replace("\r", "")) == text.replace(
        "\r\n", "\n").replace("\r", "\n")


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="time-zone-aware"):
        ics.stamp(datetime(2026, 11, 30, 12))
