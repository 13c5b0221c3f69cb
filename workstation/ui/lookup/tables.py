"""The lookup's tables: read-only, whole rows selected, Enter or double-click opens the row."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from workstation.ui import theme
from workstation.ui.lookup.models import RecordTableModel


def record_table(model: RecordTableModel[Any], name: str, *, wrap: bool = False) -> QTableView:
    """A table over ``model``; ``wrap`` lets a cell run over several lines (rule explanations)."""
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(wrap)
    table.setTabKeyNavigation(False)  # Tab leaves the table, as in every other form
    table.verticalHeader().hide()
    # Rows a little taller than the text (as in the users list); a wrapped row grows from there.
    row_height = round(table.fontMetrics().lineSpacing() * 1.6)
    table.verticalHeader().setDefaultSectionSize(row_height)
    if wrap:
        table.verticalHeader().setMinimumSectionSize(row_height)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = table.horizontalHeader()
    header.setHighlightSections(False)  # headings stay as they are whatever row is current
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setStretchLastSection(False)
    if model.columnCount():
        header.setSectionResizeMode(model.stretch, QHeaderView.ResizeMode.Stretch)
    return table


def fit_columns(table: QTableView) -> None:
    """Each column as wide as its longest entry plus a little air; the stretch column takes the
    rest. Capped, so one very long entry does not push the others out of sight."""
    model = table.model()
    if not isinstance(model, RecordTableModel):
        return
    pad = table.fontMetrics().averageCharWidth() * 2
    cap = table.fontMetrics().averageCharWidth() * 48
    for col in range(model.columnCount()):
        if col != model.stretch:
            table.resizeColumnToContents(col)
            table.setColumnWidth(col, min(table.columnWidth(col) + pad, cap))


def fit_rows(table: QTableView, most: int) -> None:
    """As tall as its rows (at least one, at most ``most``, then it scrolls): a short list such
    as a record's parties does not take room from the longer one under it."""
    rows = min(max(table.model().rowCount(), 1), most)
    table.setFixedHeight(table.horizontalHeader().sizeHint().height()
                         + rows * table.verticalHeader().defaultSectionSize()
                         + 2 * table.frameWidth() + 2)


def select_first(table: QTableView) -> None:
    """Make a row current (the first, unless one already is) and give the table the focus."""
    model = table.model()
    if model.rowCount() and not table.currentIndex().isValid():
        table.setCurrentIndex(model.index(0, 0))
    table.setFocus()


def heading(text: str, buddy: QWidget | None = None) -> QLabel:
    """A bold section heading over a table; with a buddy its mnemonic moves into the table."""
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    if buddy is not None:
        label.setBuddy(buddy)
        buddy.setAccessibleName(text.replace("&", ""))
    return label


def muted(text: str = "", name: str = "") -> QLabel:
    """A word-wrapped explanation line in the muted colour."""
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {theme.MUTED_TEXT};")
    return label


def title_label(text: str = "") -> QLabel:
    """A page's title: the record's name or number, large and bold, selectable for copying."""
    label = QLabel(text)
    label.setObjectName("pageTitle")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.4)
    font.setBold(True)
    label.setFont(font)
    return label


def back_button(tooltip: str) -> QPushButton:
    button = QPushButton("← &Back")
    button.setObjectName("back")
    button.setAutoDefault(False)
    button.setToolTip(tooltip)
    return button
