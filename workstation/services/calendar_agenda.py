"""The calendar's shown range as an agenda to print: one ``Report`` (the value every report
renders from), so the calendar prints with the reports' PDF layout and no second one. A row per
due item, soonest first, with the overdue ones marked in words."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from workstation.domain.calendar import OfficeCalendar
from workstation.domain.due_dates import DueItem
from workstation.services.report_dto import Column, Figure, Report, ReportRange

COLUMNS = (Column("day", "Day", numeric=False), Column("time", "Due", numeric=False),
           Column("kind", "Kind", numeric=False), Column("what", "What", numeric=False),
           Column("reference", "Reference", numeric=False),
           Column("whose", "Whose", numeric=False), Column("why", "Why", numeric=False))
NOTES = ("Times are office time. A date (a follow-up, an expiry, office work) is due at the "
         "close of business of its day; a window that opens on a day, at its opening.",
         "Overdue is said only of work the records show as still outstanding: a running "
         "inquiry clock, an undecided expedite filing, a filing on hold, office work not marked "
         "done.")


def agenda(items: Sequence[DueItem], calendar: OfficeCalendar, first: date, last: date, *,
           whose: str, kinds: str, made_at: datetime, made_by: str) -> Report:
    """``items`` (already narrowed to whose and which kinds, worded for the page) as a report."""
    rows = tuple(
        (item.due_day, f"{item.due_at.astimezone(calendar.zone):%H:%M}",
         f"OVERDUE {item.label}" if item.overdue else item.label, item.title, item.reference,
         item.owner or "team", item.detail)
        for item in items)
    overdue = sum(1 for item in items if item.overdue)
    return Report(
        name="calendar", title="Calendar of due dates", range=ReportRange(first, last),
        filters=(("Whose", whose), ("Kinds", kinds)), columns=COLUMNS, rows=rows,
        figures=(Figure("Due in the range", f"{len(rows):,}"),
                 Figure("Overdue among them", f"{overdue:,}")),
        notes=NOTES, made_at=made_at, made_by=made_by)
