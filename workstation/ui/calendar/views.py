"""What the calendar window shows: which days a day, week or month view covers, the grid of days
(a week is one row of seven, a month six) with each day's work in its cell, and the list of due
items under it. Weeks start on Monday, as the reports' quick ranges do."""

from __future__ import annotations

import calendar as month_calendar
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QWidget

from workstation.domain.calendar import OfficeCalendar
from workstation.domain.due_dates import DueItem
from workstation.ui import theme
from workstation.ui.widgets.rows_model import RowsModel

DAY, WEEK, MONTH = "day", "week", "month"
VIEWS = (DAY, WEEK, MONTH)
MONTH_WEEKS = 6  # every month fits in six Monday-to-Sunday rows
CELL_LINES = {WEEK: 12, MONTH: 2}  # items written out in a cell; the rest are "+n more"
DAY_ROLE = Qt.ItemDataRole.UserRole + 1
TODAY_BACKGROUND = "#e8f0fe"
CLOSED_BACKGROUND = "#f1f3f4"
ROOT = QModelIndex()
Index = QModelIndex | QPersistentModelIndex


def view_range(view: str, anchor: date) -> tuple[date, date]:
    """The first and last day a view of ``anchor`` shows."""
    if view == DAY:
        return anchor, anchor
    if view == WEEK:
        monday = anchor - timedelta(days=anchor.weekday())
        return monday, monday + timedelta(days=6)
    first = anchor.replace(day=1)
    monday = first - timedelta(days=first.weekday())
    return monday, monday + timedelta(days=7 * MONTH_WEEKS - 1)


def step(view: str, anchor: date, direction: int) -> date:
    """The anchor one view earlier (-1) or later (+1); a month keeps its day where it can
    (31 January -> 28 February)."""
    if view == DAY:
        return anchor + timedelta(days=direction)
    if view == WEEK:
        return anchor + timedelta(days=7 * direction)
    month = anchor.month - 1 + direction
    year, month = anchor.year + month // 12, month % 12 + 1
    last = month_calendar.monthrange(year, month)[1]
    return anchor.replace(year=year, month=month, day=min(anchor.day, last))


def heading(view: str, anchor: date) -> str:
    if view == DAY:
        return f"{anchor:%A %d %B %Y}"
    if view == WEEK:
        first, last = view_range(WEEK, anchor)
        return f"Week of {first:%d %B} to {last:%d %B %Y}"
    return f"{anchor:%B %Y}"


def time_text(item: DueItem, calendar: OfficeCalendar) -> str:
    """The office time an item falls due (a date is due at the close of its day)."""
    return f"{item.due_at.astimezone(calendar.zone):%H:%M}"


class DayGridModel(QAbstractTableModel):
    """Days in rows of seven (Monday first): each cell the day's number, the holiday or closure
    that shuts the office, then its items, overdue first; the tooltip lists them all."""

    NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

    def __init__(self, calendar: OfficeCalendar, parent: QWidget | None = None):
        super().__init__(parent)
        self.calendar = calendar
        self.first = date.today()
        self.weeks = 0
        self.month: int | None = None  # the month view greys days of its neighbours
        self.today = date.today()
        self.lines = CELL_LINES[MONTH]
        self.by_day: dict[date, list[DueItem]] = {}

    def show(self, view: str, anchor: date, items: Sequence[DueItem], today: date) -> None:
        self.beginResetModel()
        self.first, last = view_range(view, anchor)
        self.weeks = ((last - self.first).days + 1) // 7
        self.month = anchor.month if view == MONTH else None
        self.lines = CELL_LINES.get(view, CELL_LINES[MONTH])
        self.today = today
        grouped: dict[date, list[DueItem]] = defaultdict(list)
        for item in items:
            grouped[item.due_day].append(item)
        self.by_day = {day: sorted(found, key=lambda i: (not i.overdue, i.due_at))
                       for day, found in grouped.items()}
        self.endResetModel()

    def day_at(self, index: Index) -> date | None:
        if not index.isValid():
            return None
        return self.first + timedelta(days=index.row() * 7 + index.column())

    def index_of(self, day: date) -> QModelIndex:
        offset = (day - self.first).days
        if not 0 <= offset < self.weeks * 7:
            return QModelIndex()
        return self.index(offset // 7, offset % 7)

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else self.weeks

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else 7

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.NAMES[section] if 0 <= section < 7 else None
        return f"{self.first + timedelta(days=section * 7):%d %b}"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        day = self.day_at(index)
        if day is None:
            return None
        items = self.by_day.get(day, [])
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(day, items)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(day, items)
        if role == DAY_ROLE:
            return day
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft
        return self._style(day, items, role)

    def _text(self, day: date, items: Sequence[DueItem]) -> str:
        first = f"{day.day}" if day.day != 1 else f"{day:%d %b}"
        closed = self._closed(day)
        lines = [f"{first}  {closed}".rstrip()]
        overdue = sum(1 for i in items if i.overdue)
        if overdue:
            lines.append(f"OVERDUE {overdue}")
        shown = items[:self.lines]
        lines += [self._line(i) for i in shown]
        if len(items) > len(shown):
            lines.append(f"+{len(items) - len(shown)} more")
        return "\n".join(lines)

    def _line(self, item: DueItem) -> str:
        return f"{time_text(item, self.calendar)} {item.title}"

    def _tip(self, day: date, items: Sequence[DueItem]) -> str:
        head = f"{day:%A %d %B %Y}"
        closed = self._closed(day)
        lines = [f"{head} ({closed})" if closed else head]
        lines += [f"{'OVERDUE ' if i.overdue else ''}{self._line(i)} [{i.label}, {i.reference}]"
                  for i in items]
        return "\n".join(lines) if items else f"{lines[0]}\nNothing due."

    def _closed(self, day: date) -> str:
        if self.calendar.is_business_day(day):
            return ""
        return self.calendar.holiday_name(day) or "closed"

    def _style(self, day: date, items: Sequence[DueItem], role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole:
            if day == self.today:
                return QColor(TODAY_BACKGROUND)
            if not self.calendar.is_business_day(day):
                return QColor(CLOSED_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            if any(i.overdue for i in items):
                return QColor(theme.ERROR_TEXT)
            if self.month is not None and day.month != self.month:
                return QColor(theme.MUTED_TEXT)
        if role == Qt.ItemDataRole.FontRole and day == self.today:
            bold = QFont()
            bold.setBold(True)
            return bold
        return None


class DueItemsModel(RowsModel[DueItem]):
    """The due items of a day, a week or a list: when, what, the number to look up, whose."""

    HEADINGS = ("Due", "Kind", "What", "Reference", "Whose", "Why")

    def __init__(self, calendar: OfficeCalendar, parent: QWidget | None = None):
        super().__init__(parent)
        self.calendar = calendar

    def texts(self, row: DueItem) -> tuple[str, ...]:
        when = f"{row.due_day:%a %d %b} {time_text(row, self.calendar)}"
        if row.overdue:
            when = f"OVERDUE {when}"
        return (when, row.label, row.title, row.reference, row.owner or "team", row.detail)

    def style(self, row: DueItem, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and row.overdue:
            return QColor(theme.ERROR_TEXT)
        return None
