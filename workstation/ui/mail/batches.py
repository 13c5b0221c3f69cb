"""Where today's paper went: the open batches under the envelope form, expedite first.

Each row is one batch (``intake.open_batches``): its number, class, items, pages, fees and due
time. Expedite batches are bold and coloured and say EXPEDITE in words. Ctrl+P (while the table
has the focus) or the button writes the selected batch's cover sheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.money import format_cents
from workstation.errors import UserError
from workstation.printing.common import level_label, service_type_label
from workstation.services import intake
from workstation.services.dto import Actor
from workstation.services.intake_dto import BatchRow
from workstation.services.profile import Profile
from workstation.startup import Backend
from workstation.ui import theme
from workstation.ui.mail import printouts
from workstation.ui.tasks import TaskRunner
from workstation.ui.widgets.field_error import FieldError

ROOT = QModelIndex()
Index = QModelIndex | QPersistentModelIndex
NUMBERS = (2, 3, 4)  # items, pages, fees: right-aligned
VISIBLE_ROWS = 5  # a morning's batches at a glance; more scroll


def class_text(row: BatchRow) -> str:
    """``Corporate · Expedite 2 · level 2``."""
    return (f"{service_type_label(row.service_type)} · {level_label(row.service_level)} · "
            f"level {row.work_level}")


def due_text(row: BatchRow, zone: tzinfo | None = None) -> str:
    """Expedite rows say EXPEDITE in words (colour is never the only sign) and when."""
    if row.service_level == "regular":
        return "Regular"
    when = f"due {local_time(row.due_at, zone)}" if row.due_at else "no due time"
    return f"EXPEDITE — {when}"


def local_time(moment: datetime, zone: tzinfo | None = None) -> str:
    """On the office clock (the profile calendar's zone; the printed papers use it too), or
    this computer's when no zone is given."""
    return moment.astimezone(zone).strftime("%a %d %b, %H:%M")


class BatchModel(QAbstractTableModel):
    HEADINGS = ("Batch", "Class", "Items", "Pages", "Fees", "Due")

    def __init__(self, parent: QWidget | None = None, zone: tzinfo | None = None):
        super().__init__(parent)
        self.rows: list[BatchRow] = []
        self.zone = zone

    def set_rows(self, rows: Sequence[BatchRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADINGS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.HEADINGS)):
            return self.HEADINGS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = self.rows[index.row()], index.column()
        urgent = row.service_level != "regular"
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.number, class_text(row), str(row.items), str(row.pages),
                    format_cents(row.fees_cents), due_text(row, self.zone))[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMBERS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.FontRole and urgent:
            bold = QFont()
            bold.setBold(True)
            return bold
        if role == Qt.ItemDataRole.ForegroundRole and urgent:
            return QColor(theme.URGENT_TEXT)
        if role == Qt.ItemDataRole.UserRole:
            return row.number
        return None


class BatchesPanel(QFrame):
    """The open batches table, its Print cover sheet button and where the last sheet went."""

    def __init__(self, backend: Backend, tasks: TaskRunner, actor: Actor, profile: Profile,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("batchesPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.backend, self.tasks, self.actor, self.profile = backend, tasks, actor, profile
        self.cover_path: Path | None = None  # the cover sheet written last
        title = QLabel("Open batches (Ctrl+Shift+B)")
        bold = title.font()
        bold.setBold(True)
        title.setFont(bold)
        self.summary = QLabel()
        self.summary.setObjectName("batchesSummary")
        self.summary.setStyleSheet(f"color: {theme.MUTED_TEXT};")
        self.model = BatchModel(self, profile.calendar.zone)
        self.table = self._table()
        self.print_button = QPushButton("Print cover s&heet (Ctrl+P)")
        self.print_button.setObjectName("printCover")
        self.print_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.print_button.clicked.connect(self.print_cover)
        self.print_action = QAction("Print cover sheet", self.table)
        self.print_action.setObjectName("printCoverAction")
        self.print_action.setShortcut(QKeySequence("Ctrl+P"))
        self.print_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.print_action.triggered.connect(self.print_cover)
        self.table.addAction(self.print_action)
        self.cover_label = QLabel()
        self.cover_label.setObjectName("coverPath")
        self.cover_label.setWordWrap(True)
        self.cover_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cover_label.setStyleSheet(f"color: {theme.MUTED_TEXT};")
        self.error = FieldError("coverError")
        heading = QHBoxLayout()
        heading.addWidget(title)
        heading.addWidget(self.summary, 1)
        heading.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.cover_label)
        self._show_summary()

    def _table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("batchesTable")
        table.setModel(self.model)
        table.setAccessibleName("Open batches")
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)  # the due time, the widest when it says EXPEDITE
        rows = table.verticalHeader().defaultSectionSize()
        table.setMinimumHeight(header.sizeHint().height() + rows * VISIBLE_ROWS
                               + 2 * table.frameWidth())
        table.setToolTip("Ctrl+P writes the cover sheet of the batch under the cursor.")
        return table

    # ------------------------------------------------------------------ the list

    def clear_notes(self) -> None:
        """Another tray: the last cover sheet written and any refusal are the old tray's."""
        self.cover_path = None
        self.cover_label.clear()
        self.error.clear_message()

    def refresh(self) -> None:
        db, actor = self.backend.db, self.actor
        self.tasks.run(lambda: intake.open_batches(db, actor), self.show_rows, self._refused,
                       owner=self)

    def show_rows(self, rows: Sequence[BatchRow]) -> None:
        """The batches as they are now; the batch under the cursor stays under it."""
        keep = self.selected_number()
        self.model.set_rows(rows)
        numbers = [row.number for row in self.model.rows]
        if numbers:
            at = numbers.index(keep) if keep in numbers else 0
            self.table.selectRow(at)
        self._show_summary()

    def _show_summary(self) -> None:
        rows = self.model.rows
        urgent = sum(1 for row in rows if row.service_level != "regular")
        if not rows:
            self.summary.setText("none yet: each saved envelope's documents are sorted here")
        else:
            self.summary.setText(f"{len(rows)} open · {urgent} expedite · "
                                 f"{sum(row.items for row in rows)} documents")

    def focus_table(self) -> None:
        """Ctrl+Shift+B: the keyboard goes to the list, on a batch (Ctrl+P then prints it)."""
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.table.currentIndex().isValid() and self.model.rows:
            self.table.selectRow(0)

    def selected_number(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return str(self.model.index(index.row(), 0).data(Qt.ItemDataRole.UserRole))

    def select(self, number: str) -> bool:
        numbers = [row.number for row in self.model.rows]
        if number not in numbers:
            return False
        self.table.selectRow(numbers.index(number))
        return True

    # ------------------------------------------------------------------ cover sheets

    def print_cover(self) -> None:
        """Ctrl+P / the button: write the selected batch's cover sheet (on the worker)."""
        self.error.clear_message()
        number = self.selected_number()
        if number is None:
            self.error.show_message("Choose a batch in the list first.")
            self.table.setFocus()
            return
        b, found, actor = self.backend, self.profile, self.actor
        self.cover_label.setText(f"Writing the cover sheet of {number}…")
        self.tasks.run(
            lambda: printouts.write_cover(b.locations,
                                          intake.batch_cover(b.db, found, actor, number)),
            lambda path: self._written(number, path), self._refused, owner=self)

    def _written(self, number: str, path: Path) -> None:
        self.cover_path = path
        self.cover_label.setText(f"Cover sheet {number}: {path}")

    def _refused(self, error: UserError) -> None:
        self.cover_label.clear()
        self.error.show_message(error.message)
