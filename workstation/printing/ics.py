"""The calendar of due dates as an iCalendar file (RFC 5545), for Outlook or a phone.

Each due item is one VEVENT: its UID is the item's own (kind, row and part: an inquiry's clock,
a recurring task's occurrence), so exporting the same calendar again updates the events instead
of doubling them; DTSTART is the due instant in UTC; SUMMARY the item's title; DESCRIPTION what
kind of item it is, the reference to look up, whose it is and why it is due then. Text values are
escaped (backslash, semicolon, comma, newline: 3.3.11), lines end in CRLF and are folded so no
line is longer than 75 octets (3.1), never inside a UTF-8 character.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from workstation.domain.due_dates import DueItem

PRODID = "-//Counter Workstation//Calendar of due dates//EN"
UID_DOMAIN = "counter-workstation.invalid"
LINE_OCTETS = 75


def escape_text(value: str) -> str:
    """A TEXT value escaped: ``\\`` ``;`` ``,`` and line breaks (CRLF, CR or LF -> ``\\n``)."""
    out = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return out.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """``line`` folded into physical lines of at most 75 octets each (CRLF + space between)."""
    pieces: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = LINE_OCTETS if not pieces else LINE_OCTETS - 1  # a continuation starts " "
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def stamp(moment: datetime) -> str:
    """A UTC DATE-TIME: ``20261130T140000Z``. A naive datetime is refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a time-zone-aware datetime is required, not {moment!r}")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _description(item: DueItem) -> str:
    lines = [f"{item.label}: {item.reference}",
             f"For: {item.owner or 'the team'}",
             f"Due: {item.due_day:%a %d %b %Y}" + (" (overdue)" if item.overdue else "")]
    if item.detail:
        lines.append(item.detail)
    return "\n".join(lines)


def _event(item: DueItem, now: datetime) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{escape_text(item.uid)}@{UID_DOMAIN}",
        f"DTSTAMP:{stamp(now)}",
        f"DTSTART:{stamp(item.due_at)}",
        f"SUMMARY:{escape_text(item.title)}",
        f"DESCRIPTION:{escape_text(_description(item))}",
        f"CATEGORIES:{escape_text(item.label)}",
        "TRANSP:TRANSPARENT",  # a due date does not make anyone busy
        "END:VEVENT",
    ]


def build_ics(items: Iterable[DueItem], *, now: datetime, name: str = "Due dates") -> bytes:
    """The VCALENDAR of ``items`` as UTF-8 bytes; ``now`` is every event's DTSTAMP."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{escape_text(name)}"]
    for item in items:
        lines.extend(_event(item, now))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines).encode("utf-8")
