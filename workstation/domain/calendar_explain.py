"""One-line explanations of due times, for the "why is this due then?" tooltip.

osTicket keeps a timeline of each due-date computation and Zammad shows its schedule; the
counter needs one line a clerk can read: what the clock is, where it started, the rule, and which
days it skipped ("skipping Thu 26 Nov Thanksgiving Day"). Nights are not listed: every hour clock
skips them. Names of days and months are spelled here, not by ``strftime``, which follows the
process locale (Qt sets it from the desktop) and would print "Do 26 Nov." on a German Windows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# A skipped date and why: the holiday or closure name, or None for a day without business hours
# (a weekend). Runs of unnamed days are shown as a range: "Sat 24 Oct–Sun 25 Oct".
Skipped = tuple[date, str | None]


def format_day(day: date) -> str:
    """``date(2026, 11, 26)`` -> ``Thu 26 Nov``."""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


def format_clock(moment: time) -> str:
    """``16:20`` -> ``4:20 p.m.``; ``12:00`` -> ``12:00 noon``; ``00:05`` -> ``12:05 a.m.``."""
    if (moment.hour, moment.minute) == (12, 0):
        return "12:00 noon"
    hour = moment.hour % 12 or 12
    half = "a.m." if moment.hour < 12 else "p.m."
    return f"{hour}:{moment.minute:02d} {half}"


def format_moment(moment: datetime) -> str:
    """An aware datetime in the office zone -> ``Fri 23 Oct 4:20 p.m.`` (its own wall clock)."""
    return f"{format_day(moment.date())} {format_clock(moment.time())}"


def describe_skipped(days: Sequence[Skipped]) -> str:
    """``"; skipping Fri 3 Jul Independence Day (observed), Sat 4 Jul–Sun 5 Jul"`` or ``""``."""
    parts: list[str] = []
    run: list[date] = []

    def close_run() -> None:
        if run:
            last = f"–{format_day(run[-1])}" if len(run) > 1 else ""
            parts.append(f"{format_day(run[0])}{last}")
            run.clear()

    for day, name in days:
        if name is None and (not run or (day - run[-1]).days == 1):
            run.append(day)
            continue
        close_run()
        if name is None:
            run.append(day)
        else:
            parts.append(f"{format_day(day)} {name}")
    close_run()
    return f"; skipping {', '.join(parts)}" if parts else ""


def explain_clock(
    *,
    amount: int,
    unit: str,
    target: bool,
    by_closing: bool,
    citation: str,
    received: datetime,
    start: datetime,
    skipped: Sequence[Skipped],
) -> str:
    """``4 business hours from Fri 23 Oct 4:20 p.m. (OAC 111:1-2-01(C)(3)); skipping ...``.

    ``unit`` is ``"day"`` or ``"hour"``; ``start`` is where the clock started, which is
    ``received`` unless that was outside business hours.
    """
    plural = "" if amount == 1 else "s"
    text = f"{amount} business {unit}{plural} from {format_moment(start)}"
    if start != received:
        text += f", the next opening after arrival {format_moment(received)}"
    if by_closing:
        text += ", by close of business"
    if target:
        text = f"Target, not a deadline: {text}"
    return f"{text} ({citation}){describe_skipped(skipped)}"


def explain_promise(
    *, received: datetime, cutoff: time, by: time, citation: str, skipped: Sequence[Skipped]
) -> str:
    """``Received Mon 2 Mar 1:30 p.m., after the 1:00 p.m. cut-off: by 12:00 noon ...``."""
    return (
        f"Received {format_moment(received)}, after the {format_clock(cutoff)} cut-off: "
        f"by {format_clock(by)} the next business day ({citation}){describe_skipped(skipped)}"
    )
