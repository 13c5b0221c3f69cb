"""The words of the due-time tooltip: clock times, days, skipped runs."""

from __future__ import annotations

from datetime import date, time

import pytest

from workstation.domain.calendar_explain import describe_skipped, format_clock, format_day


@pytest.mark.parametrize(
    ("moment", "text"),
    [(time(16, 20), "4:20 p.m."), (time(8, 0), "8:00 a.m."), (time(12, 0), "12:00 noon"),
     (time(12, 30), "12:30 p.m."), (time(0, 5), "12:05 a.m."), (time(23, 59), "11:59 p.m.")],
)
def test_format_clock(moment: time, text: str) -> None:
    assert format_clock(moment) == text


def test_format_day_ignores_the_process_locale() -> None:
    assert format_day(date(2026, 11, 26)) == "Thu 26 Nov"
    assert format_day(date(2027, 1, 1)) == "Fri 1 Jan"


@pytest.mark.parametrize(
    ("days", "text"),
    [
        ([], ""),
        ([(date(2026, 10, 24), None), (date(2026, 10, 25), None)],
         "; skipping Sat 24 Oct–Sun 25 Oct"),
        ([(date(2026, 10, 24), None), (date(2026, 10, 25), None),
          (date(2026, 10, 31), None), (date(2026, 11, 1), None)],
         "; skipping Sat 24 Oct–Sun 25 Oct, Sat 31 Oct–Sun 1 Nov"),
        ([(date(2026, 7, 3), "Independence Day (observed)"), (date(2026, 7, 4), None),
          (date(2026, 7, 5), None)],
         "; skipping Fri 3 Jul Independence Day (observed), Sat 4 Jul–Sun 5 Jul"),
        ([(date(2026, 1, 10), None), (date(2026, 1, 11), None),
          (date(2026, 1, 12), "office closed: snow"), (date(2026, 1, 17), None)],
         "; skipping Sat 10 Jan–Sun 11 Jan, Mon 12 Jan office closed: snow, Sat 17 Jan"),
    ],
    ids=["nothing", "weekend", "two-weekends", "holiday-then-weekend", "weekend-closure-single"],
)
def test_describe_skipped(days: list[tuple[date, str | None]], text: str) -> None:
    assert describe_skipped(days) == text
