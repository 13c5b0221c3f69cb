"""Calendars and helpers shared by the business-calendar tests."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from workstation.domain.calendar import OfficeCalendar
from workstation.paths import resources_dir

NY = ZoneInfo("America/New_York")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0,
       second: int = 0) -> datetime:
    """An aware New York wall-clock time."""
    return datetime(year, month, day, hour, minute, second, tzinfo=NY)


def profile(name: str) -> OfficeCalendar:
    text = (resources_dir() / f"profiles/{name}/calendar.toml").read_text(encoding="utf-8")
    return OfficeCalendar.from_toml(text)


# A made-up office with a lunch closure Mon/Tue/Thu, no lunch on Wednesday, an early Friday close,
# a snow day, one library holiday worked and one extra closed.
LUNCH_TOML = """
[office]
name = "Test office with a lunch closure"
timezone = "America/New_York"

[hours]
monday = ["08:00-12:00", "13:00-17:00"]
tuesday = ["08:00-12:00", "13:00-17:00"]
wednesday = ["08:00-17:00"]
thursday = ["08:00-12:00", "13:00-17:00"]
friday = ["08:00-12:00", "13:00-16:00"]

[holidays]
country = "US"
subdivision = "OH"
exclude = ["Columbus Day", "Independence Day"]
add = ["Christmas Eve"]

[[closures]]
date = 2026-01-27
reason = "snow emergency"

[cutoffs.rush]
at = "11:00"
label = "Rush received after 11:00 a.m."

[clocks.four_hours]
kind = "deadline"
amount = 4
unit = "business_hours"
citation = "test rule 4h"

[clocks.one_day]
kind = "deadline"
amount = 1
unit = "business_days"
citation = "test rule 1d"

[promises.four_hours]
cutoff = "rush"
by = "10:00"
citation = "test promise"
"""

OHIO = profile("ohio")
CONNECTICUT = profile("connecticut")
LUNCH = OfficeCalendar.from_toml(LUNCH_TOML)


def in_business_time(calendar: OfficeCalendar, moment: datetime) -> bool:
    """Inside a frame of a business day, or exactly at a frame's end."""
    return any(start <= moment <= end for start, end in calendar.frames(moment.date()))


def is_open(calendar: OfficeCalendar, moment: datetime) -> bool:
    """Inside a frame, its end excluded."""
    return any(start <= moment < end for start, end in calendar.frames(moment.date()))
