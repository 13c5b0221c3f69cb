"""The lookup's first page: the search field and the results in three sections.

Typing searches after a short pause, Enter at once; an empty field clears the results without
asking. Answers come back for the text they were asked for, and one for text the clerk has
since changed is dropped. Down moves from the field into the results, Up from the first row
back to the field; Enter on a row asks the panel to open that record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workstation.errors import UserError
from workstation.services.registry_dto import LookupResult
from workstation.ui.lookup.models import (
    EntityTableModel,
    FilingTableModel,
    Labels,
    RecordTableModel,
    UccTableModel,
)
from workstation.ui.lookup.tables import fit_columns, muted, record_table, select_first
from workstation.ui.widgets.field_error import FieldError

DEBOUNCE_MS = 250  # a pause in typing this long starts the search
SECTIONS: tuple[str, ...] = ("&Entities", "&Filings", "&UCC")
TABLE_NAMES: tuple[str, ...] = ("entityTable", "filingTable", "uccTable")
Lookup = Callable[[str, int], LookupResult]  # (text, offset) -> one page; runs on the worker
Run = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[UserError], None]], None]


def button(text: str, name: str, slot: Callable[[], None]) -> QPushButton:
    push = QPushButton(text)
    push.setObjectName(name)
    push.setAutoDefault(False)  # Enter belongs to the field or the row, never a button
    push.clicked.connect(slot)
    return push


class SearchPage(QWidget):
    """Search field, refusal line, note, result sections and More…."""

    entity_chosen = Signal(int)  # entity id
    filing_chosen = Signal(object)  # FilingSummary
    ucc_chosen = Signal(int)  # UCC record id
    availability_requested = Signal()

    def __init__(self, labels: Labels, lookup: Lookup, run: Run,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("searchPage")
        self._lookup, self._run = lookup, run
        self.shown_query: str | None = None  # the text whose results are on screen
        self._fetched = 0  # entities the service has sent for that text (the next offset)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.search_now)
        row = self._build_field()
        self.search_error = FieldError("searchError")
        self.note = muted(name="lookupNote")
        self.note.hide()
        self.entities = EntityTableModel(labels, self)
        self.filings = FilingTableModel(self)
        self.ucc = UccTableModel(labels, self)
        self.models: list[RecordTableModel[Any]] = [self.entities, self.filings, self.ucc]
        self.result_tabs = QTabWidget()
        self.result_tabs.setObjectName("resultTabs")
        self.tables: list[QTableView] = []
        for index, model in enumerate(self.models):
            title = SECTIONS[index]
            table = record_table(model, TABLE_NAMES[index])
            table.setAccessibleName(title.replace("&", ""))
            table.activated.connect(self._open_row)
            table.installEventFilter(self)
            self.result_tabs.addTab(table, title)
            self.tables.append(table)
        self.entity_table, self.filing_table, self.ucc_table = self.tables
        self.more_button = button("&More…", "more", self.fetch_more)
        self.more_button.setToolTip("The next page of entities (or Page Down on the last row)")
        self.more_button.hide()
        bottom = QHBoxLayout()
        bottom.addWidget(muted("↓ moves into the results, Enter opens a record, "
                               "Esc closes this window."), 1)
        bottom.addWidget(self.more_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.search_error)
        layout.addWidget(self.note)
        layout.addWidget(self.result_tabs, 1)
        layout.addLayout(bottom)
        self._set_counts()

    def _build_field(self) -> QHBoxLayout:
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("search")
        self.search_edit.setPlaceholderText("A name, an entity or document number, "
                                            "or a UCC file number")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName("Search")
        self.search_edit.textChanged.connect(self._text_changed)
        self.search_edit.returnPressed.connect(self.search_now)
        self.search_edit.installEventFilter(self)
        label = QLabel("&Search")
        label.setBuddy(self.search_edit)
        self.availability_button = button("Name &availability…", "availability",
                                          self.availability_requested.emit)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.search_edit, 1)
        row.addWidget(self.availability_button)
        return row

    def current_table(self) -> QTableView:
        return self.tables[self.result_tabs.currentIndex()]

    # ------------------------------------------------------------------ searching

    def _text_changed(self, text: str) -> None:
        self.search_error.clear_message()
        if text.strip():
            self._debounce.start()
        else:  # nothing to look for: nothing shown, nothing asked
            self._debounce.stop()
            self._show_results(None)

    def search_now(self) -> None:
        """Search for the field's text at once (Enter, or the pause after typing)."""
        self._debounce.stop()
        text = self.search_edit.text()
        if text.strip():
            self._ask(text, 0)

    def fetch_more(self) -> None:
        """The next page of entities for the text on screen."""
        if self.shown_query is not None and self.more_button.isVisible():
            self.more_button.setEnabled(False)
            self._ask(self.shown_query, self._fetched)

    def _ask(self, text: str, offset: int) -> None:
        lookup = self._lookup
        self._run(lambda: lookup(text, offset),
                  lambda result: self._answered(text, offset, result),
                  lambda error: self._refused(text, error))

    def _answered(self, text: str, offset: int, result: LookupResult) -> None:
        if text != self.search_edit.text():
            return  # the clerk has typed on since: a newer answer is coming
        if not offset:
            self._show_results(result)
            self.shown_query = text
        elif text == self.shown_query:  # else a page of an earlier search of the same text
            self._add_page(result)

    def _add_page(self, result: LookupResult) -> None:
        self._fetched += len(result.entities)
        reading = self.focusWidget() in (self.entity_table, self.more_button)
        added = self.entities.append_rows(result.entities)
        if reading and added:  # on to the first row of the new page
            self.entity_table.setCurrentIndex(
                self.entities.index(self.entities.rowCount() - added, 0))
            self.entity_table.setFocus()
        self.more_button.setEnabled(True)
        self.more_button.setVisible(result.more_entities)
        self._set_counts(result.more_entities)

    def _refused(self, text: str, error: UserError) -> None:
        if text == self.search_edit.text():
            self._show_results(None)
            self.search_error.show_message(error.message)  # the text stays, to be corrected

    def _show_results(self, result: LookupResult | None) -> None:
        self.shown_query = None
        self._fetched = len(result.entities) if result else 0
        self.entities.set_rows(result.entities if result else ())
        self.filings.set_rows(result.filings if result else ())
        self.ucc.set_rows(result.ucc if result else ())
        for table in self.tables:
            fit_columns(table)
        more = bool(result and result.more_entities)
        self.more_button.setEnabled(True)
        self.more_button.setVisible(more)
        self._set_counts(more)
        self.note.setText(result.note if result and result.empty else "")
        self.note.setVisible(bool(self.note.text()))
        if result and not result.empty:  # the first section that found something
            counts = [model.rowCount() for model in self.models]
            self.result_tabs.setCurrentIndex(next(i for i, n in enumerate(counts) if n))

    def _set_counts(self, more: bool = False) -> None:
        for index, (title, model) in enumerate(zip(SECTIONS, self.models, strict=True)):
            plus = "+" if more and index == 0 else ""
            self.result_tabs.setTabText(index, f"{title} ({model.rowCount()}{plus})")

    # ------------------------------------------------------------------ keys and rows

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.search_edit and key == Qt.Key.Key_Down:
                return self.focus_results()
            if watched in self.tables and isinstance(watched, QTableView):
                return self._table_key(watched, key)
        return super().eventFilter(watched, event)

    def _table_key(self, table: QTableView, key: int) -> bool:
        row, last = table.currentIndex().row(), table.model().rowCount() - 1
        if key == Qt.Key.Key_Up and row <= 0:
            self.search_edit.setFocus()  # up past the first row: back to the text
            return True
        if (key == Qt.Key.Key_PageDown and table is self.entity_table and row == last
                and self.more_button.isVisible()):
            self.fetch_more()
            return True
        return False

    def focus_results(self) -> bool:
        """Into the shown section's rows, if it has any."""
        table = self.current_table()
        if not table.model().rowCount():
            return False
        select_first(table)
        return True

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def restore_focus(self) -> None:
        """Coming back from a card: the row the clerk left, else the field."""
        table = self.current_table()
        (table if table.currentIndex().isValid() else self.search_edit).setFocus()

    def _open_row(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        table = self.current_table()
        if table is self.entity_table:
            self.entity_chosen.emit(self.entities.row_at(index.row()).id)
        elif table is self.filing_table:
            self.filing_chosen.emit(self.filings.row_at(index.row()))
        else:
            self.ucc_chosen.emit(self.ucc.row_at(index.row()).id)
