"""The queue table's model: one page of QueueRows, due countdowns in business time, and who
else has each item open. Sorting is the database's (a header click asks for a new page)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QWidget

from workstation.domain.calendar import OfficeCalendar
from workstation.domain.calendar_explain import format_moment
from workstation.domain.inquiry_rules import InquiryRules
from workstation.services.inquiry_dto import QueueRow
from workstation.ui import theme

ROOT = QModelIndex()
Index = QModelIndex | QPersistentModelIndex
# (key, heading, the server's sort for the column or None)
COLUMNS = (("due", "Due", "due"), ("number", "No.", "number"),
           ("category", "Category", None), ("channel", "Channel", None),
           ("requester", "From", "requester"), ("subject", "Subject", None),
           ("status", "Status", None), ("owner", "Owner", "owner"),
           ("presence", "Open by", None), ("received", "Received", "received"))
DAY_FALLBACK = timedelta(hours=8)


def business_span(calendar: OfficeCalendar, span: timedelta, on: datetime) -> str:
    """``2 d 3 h``, ``4 h 20 min`` or ``35 min`` of business time; a business day is the
    office's hours on the day of ``on`` (nights and weekends never count)."""
    day = on.astimezone(calendar.zone).date()
    try:
        length = calendar.closing(day) - calendar.opening(day)
    except ValueError:  # not a business day: any day's length will do for a rough figure
        length = DAY_FALLBACK
    minutes = int(span.total_seconds() // 60)
    day_minutes = max(1, int(length.total_seconds() // 60))
    days, rest = divmod(minutes, day_minutes)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {mins} min" if mins else f"{hours} h"
    return f"{mins} min"


def countdown(calendar: OfficeCalendar, row: QueueRow, now: datetime) -> str:
    """What the Due column says: a countdown in business time, OVERDUE, paused or done."""
    if row.status_kind == "done":
        return "done"
    if row.status_kind == "paused":
        return "paused (waiting)"
    if row.due_at is None:
        return "—"
    if row.due_at <= now:
        late = calendar.business_time_between(row.due_at, now)
        return f"OVERDUE {business_span(calendar, late, now)}"
    left = calendar.business_time_between(now, row.due_at)
    return f"in {business_span(calendar, left, now)}"


def presence_text(row: QueueRow) -> str:
    """Who else has it open: "✎ senior" for someone writing, "👁 lead" for someone looking."""
    parts = [f"✎ {name}" for name in row.composing] + [f"👁 {name}" for name in row.viewing]
    return ", ".join(parts)


class QueueModel(QAbstractTableModel):
    sort_requested = Signal(str, bool)  # the server's sort key, descending

    def __init__(self, calendar: OfficeCalendar, rules: InquiryRules,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.calendar, self.rules = calendar, rules
        self.rows: list[QueueRow] = []
        self.now: datetime | None = None
        self._categories = {c.code: c.label for c in rules.categories}
        self._channels = {c.code: c.label for c in rules.channels}
        self._statuses = {s.code: s.label for s in rules.statuses}

    def set_rows(self, rows: Sequence[QueueRow], now: datetime, *, append: bool = False) -> None:
        self.beginResetModel()
        self.rows = [*self.rows, *rows] if append else list(rows)
        self.now = now
        self.endResetModel()

    def row_at(self, index: Index) -> QueueRow | None:
        return self.rows[index.row()] if index.isValid() and index.row() < len(self.rows) \
            else None

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(COLUMNS)):
            return COLUMNS[section][1]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][2] if 0 <= column < len(COLUMNS) else None
        if key is not None:
            self.sort_requested.emit(key, order == Qt.SortOrder.DescendingOrder)

    def text(self, row: QueueRow, key: str) -> str:
        now = self.now or row.received_at
        values = {
            "due": lambda: countdown(self.calendar, row, now),
            "number": lambda: row.number,
            "category": lambda: self._categories.get(row.category, row.category),
            "channel": lambda: self._channels.get(row.channel, row.channel),
            "requester": lambda: row.requester,
            "subject": lambda: row.subject,
            "status": lambda: self._statuses.get(row.status, row.status),
            "owner": lambda: row.owner or "—",
            "presence": lambda: presence_text(row),
            "received": lambda: format_moment(row.received_at.astimezone(self.calendar.zone)),
        }
        return values[key]()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        key = COLUMNS[index.column()][0]
        late = row.breached or (row.due_at is not None and self.now is not None
                                and row.due_at <= self.now and row.status_kind == "open")
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, key)
        if role == Qt.ItemDataRole.ToolTipRole and key == "due" and row.due_at is not None:
            return (f"Due {format_moment(row.due_at.astimezone(self.calendar.zone))} "
                    "(open the inquiry for why)")
        if role == Qt.ItemDataRole.ForegroundRole and key == "due" and late:
            return QColor(theme.ERROR_TEXT)
        if role == Qt.ItemDataRole.FontRole and key == "due" and late:
            bold = QFont()
            bold.setBold(True)
            return bold
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None
