"""The left side of Batch Review: the batches over the open batch's documents, the batch's
buttons (Quality check…, Close batch, Reopen…; Move to batch… and Correct money… for the
document under the cursor), its message line (a refusal, every problem of a close on its own
line) and where the close's papers went.

These widgets only show and say what was chosen (``batch_chosen(id)`` for Enter on a batch,
``item_chosen(row)`` for Enter on a document); the tab calls the services.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.roles import Role
from workstation.services.batch_read import BatchDetail, BatchSummary, ItemRow
from workstation.services.profile import Profile
from workstation.ui import theme
from workstation.ui.batch.models import BATCH_STATUS, BatchesModel, ItemsModel, class_text
from workstation.ui.inquiry.case import plain_label, push_button
from workstation.ui.widgets.field_error import FieldError

LEADS = (Role.LEAD, Role.SUPERVISOR)
EXAMINERS = (Role.SENIOR_CLERK, Role.LEAD, Role.SUPERVISOR)
CORRECTABLE = ("rejected", "returned")  # the documents whose money may be said again
UNDECIDED = ("received", "in_review")


def table(name: str, accessible: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setAccessibleName(accessible)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 6)
    return view


def heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class BatchLists(QSplitter):
    batch_chosen = Signal(int)  # batch id
    item_chosen = Signal(object)  # ItemRow

    def __init__(self, profile: Profile, role: Role, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setObjectName("batchLists")
        self.setChildrenCollapsible(False)
        self.batches_model = BatchesModel(profile.calendar.zone, self)
        self.batches_table = table("batchesTable", "Batches")
        self.batches_table.setModel(self.batches_model)
        self.batches_table.activated.connect(self._batch_activated)
        self.closed_box = QCheckBox("Include &closed batches")  # shown by the tab, on top
        self.closed_box.setObjectName("includeClosed")
        filing_types = profile.filing_types
        self.items_model = ItemsModel(lambda code: filing_types.get(code).label, self)
        self.items_table = table("itemsTable", "Documents of the batch")
        self.items_table.setModel(self.items_model)
        self.items_table.activated.connect(self._item_activated)
        self.batch_title = plain_label("batchTitle")
        self.batch_title.setText("Enter on a batch opens it.")
        self.batch_title.setWordWrap(True)
        self.qc_button = push_button("&Quality check… (Ctrl+Shift+Q)", "qcButton")
        self.close_button = push_button("Close batch (Ctrl+Shift+K)", "closeBatchButton")
        self.reopen_button = push_button("Reopen… (Ctrl+Shift+R)", "reopenButton")
        self.reopen_button.setVisible(role in LEADS)
        self.move_button = push_button("Move to batch… (Ctrl+Shift+M)", "moveButton")
        self.money_button = push_button("Correct money… (Ctrl+Shift+Y)", "correctMoneyButton")
        self.money_button.setVisible(role in EXAMINERS)
        self.items_table.selectionModel().currentRowChanged.connect(self._show_item_buttons)
        self.items_model.modelReset.connect(self._show_item_buttons)
        self._show_item_buttons()
        self.message = FieldError("batchMessage")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.papers_label = plain_label("closePapers", f"color: {theme.MUTED_TEXT};")
        self.papers_label.setWordWrap(True)
        self._arrange()
        self._size_columns()

    def _arrange(self) -> None:
        top = QHBoxLayout()
        top.addWidget(heading("Batches"))
        top.addStretch(1)
        title = QHBoxLayout()
        title.addWidget(heading("Documents"))
        title.addWidget(self.batch_title, 1)
        buttons = QHBoxLayout()
        for button in (self.qc_button, self.close_button, self.reopen_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        # The document's own actions on a row of their own: one row of five buttons would
        # make the window wider than a 1280-pixel screen.
        document = QHBoxLayout()
        for button in (self.move_button, self.money_button):
            document.addWidget(button)
        document.addStretch(1)
        upper, lower = QWidget(), QWidget()
        column = QVBoxLayout(upper)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addWidget(self.batches_table)
        column = QVBoxLayout(lower)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(title)
        column.addWidget(self.items_table, 1)
        column.addLayout(buttons)
        column.addLayout(document)
        column.addWidget(self.message)
        column.addWidget(self.papers_label)
        self.addWidget(upper)
        self.addWidget(lower)
        self.setStretchFactor(0, 1)
        self.setStretchFactor(1, 2)

    def _size_columns(self) -> None:
        """Numbers and statuses never cut off; the class and the type take what is left, the
        entity, the decision and the check a fixed share (the whole text is the tooltip)."""
        chars = self.fontMetrics().averageCharWidth()
        for view, fixed in ((self.batches_table, {}),
                            (self.items_table, {2: 18, 4: 18, 6: 12})):
            header = view.horizontalHeader()
            header.setStretchLastSection(False)
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
            for at, width in fixed.items():
                header.setSectionResizeMode(at, QHeaderView.ResizeMode.Interactive)
                view.setColumnWidth(at, chars * width)

    # ------------------------------------------------------------------ showing

    def show_batches(self, rows: Sequence[BatchSummary], open_id: int | None) -> None:
        """The batches as they are now; the clerk's place in the list stays."""
        keep = self.selected_batch() or open_id
        self.batches_model.set_rows(rows)
        ids = [row.id for row in rows]
        if ids:
            self.batches_table.selectRow(ids.index(keep) if keep in ids else 0)

    def show_detail(self, detail: BatchDetail, after: int | None) -> bool:
        """The batch's documents, the cursor kept; after a decision (``after``) it moves on to
        the next undecided document, and True says so."""
        keep = self.current_item()
        summary = detail.summary
        self.batch_title.setText(
            f"{summary.number} · {class_text(summary)} · {summary.items} documents, "
            f"{summary.undecided} to decide · {BATCH_STATUS.get(summary.status, summary.status)}")
        self.items_model.set_rows(detail.items)
        ids = [item.filing_id for item in detail.items]
        at = ids.index(keep.filing_id) if keep and keep.filing_id in ids else 0
        moved = after in ids
        if after is not None and moved:
            at = self._next_undecided(ids.index(after))
        if ids:
            self.items_table.selectRow(at)
        return moved

    def _next_undecided(self, after: int) -> int:
        items = self.items_model.rows
        for step in range(1, len(items) + 1):
            n = (after + step) % len(items)
            if items[n].status in UNDECIDED:
                return n
        return after

    def selected_batch(self) -> int | None:
        row = self.batches_model.row_at(self.batches_table.currentIndex())
        return row.id if row else None

    def current_item(self) -> ItemRow | None:
        return self.items_model.row_at(self.items_table.currentIndex())

    def _show_item_buttons(self) -> None:
        item = self.current_item()
        self.move_button.setEnabled(item is not None)
        self.money_button.setEnabled(item is not None and item.status in CORRECTABLE)

    def _batch_activated(self, index: QModelIndex) -> None:
        row = self.batches_model.row_at(index)
        if row is not None:
            self.batch_chosen.emit(row.id)

    def _item_activated(self, index: QModelIndex) -> None:
        row = self.items_model.row_at(index)
        if row is not None:
            self.item_chosen.emit(row)

    def clear_notes(self) -> None:
        self.message.clear_message()
        self.papers_label.clear()
