"""Item models of the envelope form: the exception pick list and the filing-type completions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from workstation.domain.filing_types import FilingType

ROOT = QModelIndex()
Index = QModelIndex | QPersistentModelIndex


class ExceptionModel(QAbstractListModel):
    """The profile's envelope exceptions (code -> label), each with a check box."""

    def __init__(self, exceptions: dict[str, str], parent: QObject | None = None):
        super().__init__(parent)
        self._rows = list(exceptions.items())
        self._checked: set[str] = set()

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        code, label = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return label
        if role == Qt.ItemDataRole.CheckStateRole:
            return (Qt.CheckState.Checked if code in self._checked
                    else Qt.CheckState.Unchecked)
        if role == Qt.ItemDataRole.UserRole:
            return code
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        code = self._rows[index.row()][0]
        # The view hands back the check state as an int, a script as the enum.
        state = value.value if isinstance(value, Qt.CheckState) else int(value)
        if state == Qt.CheckState.Checked.value:
            self._checked.add(code)
        else:
            self._checked.discard(code)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def checked(self) -> tuple[str, ...]:
        """The ticked codes, in the profile's order (as the slip prints them)."""
        return tuple(code for code, _ in self._rows if code in self._checked)

    def set_checked(self, codes: Iterable[str]) -> None:
        self._checked = set(codes)
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1),
                                  [Qt.ItemDataRole.CheckStateRole])


class FilingTypeModel(QAbstractListModel):
    """Filing types matching what is typed, best first: the title is shown, the code inserted."""

    LIMIT = 12  # a completer popup, not a catalogue

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[FilingType] = []

    def set_types(self, found: Sequence[FilingType]) -> None:
        self.beginResetModel()
        self._rows = list(found[: self.LIMIT])
        self.endResetModel()

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        kind = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return kind.title
        if role == Qt.ItemDataRole.EditRole:
            return kind.code
        if role == Qt.ItemDataRole.ToolTipRole:
            return kind.note or kind.title
        return None
