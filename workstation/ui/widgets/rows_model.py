"""A read-only Qt table model over a list of frozen rows (the services' DTOs): each screen's model
says only its headings, which columns are numbers (right-aligned), a row's cells, their tooltips
and any style. Shared by the Batch Review and Teller Drawer tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QWidget

ROOT = QModelIndex()
Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")


class RowsModel(QAbstractTableModel, Generic[Row]):
    """A read-only table of frozen rows; each subclass says its headings and cells."""

    HEADINGS: tuple[str, ...] = ()
    NUMBERS: tuple[int, ...] = ()  # right-aligned columns

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, index: Index) -> Row | None:
        ok = index.isValid() and 0 <= index.row() < len(self.rows)
        return self.rows[index.row()] if ok else None

    def texts(self, row: Row) -> tuple[str, ...]:
        return ()

    def tips(self, row: Row) -> tuple[str, ...]:
        """The whole of what a cell may cut short."""
        return self.texts(row)

    def style(self, row: Row, column: int, role: int) -> Any:
        return None

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
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.texts(row)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tips(row)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.NUMBERS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return self.style(row, column, role)
