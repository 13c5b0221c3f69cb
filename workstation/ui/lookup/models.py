"""Table models of the record lookup: one row per DTO the registry services hand back.

Every model is a ``RecordTableModel``: a list of frozen DTOs and a column list of (heading,
text-of-row) pairs, so a model is only its columns. The DTOs carry codes (status, record type,
service level); ``Labels`` turns them into the office's words from the profile.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from workstation.services.profile import Profile
from workstation.services.registry_dto import (
    EntitySummary,
    FilingEventInfo,
    FilingSummary,
    NameConflict,
    UccPartyInfo,
    UccSummary,
)
from workstation.ui.users_dialog import local_time

NO_VALUE = "—"
ROOT = QModelIndex()
T = TypeVar("T")
Column = tuple[str, Callable[[T], str]]


def day(value: date | None) -> str:
    return value.isoformat() if value is not None else NO_VALUE


def humanise(code: str) -> str:
    """A code the profile has no label for, readable: ``secured_party`` -> "Secured party"."""
    return code.replace("_", " ").replace("-", " ").capitalize() if code else NO_VALUE


class Labels:
    """The profile's words for the codes in the DTOs (a code it does not know stays readable)."""

    def __init__(self, profile: Profile):
        self._statuses = dict(profile.entity_types.statuses)
        self._ucc_types = {kind.code: kind.label for kind in profile.ucc.record_types}

    def entity_status(self, code: str) -> str:
        return self._statuses.get(code, humanise(code))

    def ucc_type(self, code: str) -> str:
        return self._ucc_types.get(code, humanise(code))

    def status_since(self, entity: EntitySummary) -> str:
        status = self.entity_status(entity.status)
        return f"{status} since {day(entity.status_date)}" if entity.status_date else status


class RecordTableModel(QAbstractTableModel, Generic[T]):
    """Rows of one DTO type; ``stretch`` is the column that takes the table's spare width."""

    stretch = 1
    alignment = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

    def __init__(self, columns: Sequence[Column[T]], parent: QObject | None = None):
        super().__init__(parent)
        self._columns = tuple(columns)
        self._rows: list[T] = []

    @property
    def rows(self) -> list[T]:
        return list(self._rows)

    def set_rows(self, rows: Iterable[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def append_rows(self, rows: Iterable[T]) -> int:
        """Add rows at the end (a next page), skipping any already listed; returns how many."""
        new = [row for row in rows if row not in self._rows]
        if new:
            first = len(self._rows)
            self.beginInsertRows(ROOT, first, first + len(new) - 1)
            self._rows.extend(new)
            self.endInsertRows()
        return len(new)

    def row_at(self, row: int) -> T:
        return self._rows[row]

    def headings(self) -> list[str]:
        return [heading for heading, _ in self._columns]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) \
                or index.column() >= len(self._columns):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            # The tooltip repeats the cell: a long form title is cut off at the column edge.
            return self._columns[index.column()][1](self._rows[index.row()])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self._columns)):
            return self._columns[section][0]
        return None


class EntityTableModel(RecordTableModel[EntitySummary]):
    def __init__(self, labels: Labels, parent: QObject | None = None):
        super().__init__((
            ("Number", lambda e: e.number),
            ("Name", lambda e: e.name),
            ("Type", lambda e: e.type_label),
            ("Status", lambda e: labels.entity_status(e.status)),
            ("Since", lambda e: day(e.status_date)),
        ), parent)


class FilingTableModel(RecordTableModel[FilingSummary]):
    def __init__(self, parent: QObject | None = None):
        super().__init__((
            ("Document no.", lambda f: f.document_number),
            ("Type", lambda f: f.type_label),
            ("Received", lambda f: local_time(f.received_at)),
            ("Status", lambda f: humanise(f.status)),
            ("Level", lambda f: humanise(f.service_level)),
            ("Pages", lambda f: str(f.pages)),
        ), parent)


class UccTableModel(RecordTableModel[UccSummary]):
    stretch = 4

    def __init__(self, labels: Labels, parent: QObject | None = None):
        super().__init__((
            ("File no.", lambda u: u.file_number),
            ("Type", lambda u: labels.ucc_type(u.record_type)),
            ("Filed", lambda u: local_time(u.filed_at)),
            ("Lapse", lambda u: day(u.lapse_date)),
            ("Debtor", lambda u: u.debtor or NO_VALUE),
        ), parent)


class FilingEventModel(RecordTableModel[FilingEventInfo]):
    stretch = 3

    def __init__(self, parent: QObject | None = None):
        super().__init__((
            ("Status", lambda e: humanise(e.status)),
            ("When", lambda e: local_time(e.at)),
            ("By", lambda e: e.by_user),
            ("Note", lambda e: e.note or ""),
        ), parent)


class UccPartyModel(RecordTableModel[UccPartyInfo]):
    stretch = 2

    def __init__(self, parent: QObject | None = None):
        super().__init__((
            ("Role", lambda p: humanise(p.role)),
            ("Name", lambda p: p.name or NO_VALUE),
            ("Address", lambda p: p.address),
        ), parent)


class ConflictTableModel(RecordTableModel[NameConflict]):
    """Each record a proposed name conflicts with, and the rules that made the names the same."""

    stretch = 4
    alignment = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop  # rows of several lines

    def __init__(self, labels: Labels, parent: QObject | None = None):
        super().__init__((
            ("Number", lambda c: c.entity.number),
            ("Name", lambda c: c.entity.name),
            ("Type", lambda c: c.entity.type_label),
            ("Status", lambda c: labels.entity_status(c.entity.status)),
            ("Why the names count as the same", lambda c: "\n".join(c.rules)),
        ), parent)
