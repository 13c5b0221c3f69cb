"""Batch Review: the senior clerk's screen for working batches of sorted filings.

Left, the batches (expedite first, saying EXPEDITE in words) over the open batch's documents;
right, the examination panel of the document taken. Enter on a batch opens it; Enter on a
document takes it and examines it. Ctrl+Shift+Q checks the accepted document under the cursor
(a second person's Match / Mismatch), Ctrl+Shift+K closes the batch (its report PDF and
imaging manifest CSV written to the print folder, or every problem listed), Ctrl+Shift+R
reopens a closed batch (leads, with a reason). Batches are arranged by hand, each with a
reason (arrange.py's dialogs): Ctrl+Shift+N opens a new batch and shows it, Ctrl+Shift+M moves
the waiting document under the cursor to another batch, Ctrl+Shift+Y corrects a rejected or
returned document's money. The status search on top (Ctrl+Shift+F) says where any document
is, in words; Ctrl+Shift+B goes back to the batches. F5 reads everything again and re-checks
the document. The lists follow other examiners' work every few seconds while the tab is shown.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from workstation.errors import UserError
from workstation.services import batch_closing, batch_read, batch_review, profile
from workstation.services.batch_admin import NewBatch
from workstation.services.batch_read import BatchDetail, BatchSummary, ItemRow
from workstation.services.batch_review import FilingStatus
from workstation.services.dto import Actor
from workstation.startup import Backend
from workstation.ui.batch import arrange, dialogs
from workstation.ui.batch.close import QualityCheckDialog, problem_lines, write_close
from workstation.ui.batch.examine import ExaminePanel
from workstation.ui.batch.lists import CORRECTABLE, BatchLists
from workstation.ui.batch.status import status_words
from workstation.ui.desk import Desk
from workstation.ui.inquiry.case import plain_label, push_button
from workstation.ui.tabs import WorkTab
from workstation.ui.tasks import TaskRunner
from workstation.ui.widgets.field_error import FieldError

REFRESH_MS = 15_000


class BatchReviewTab(WorkTab):
    OBJECT_NAME = "batchReviewTab"
    ICON = "batch-review"
    EMPTY_TITLE = "No batch is open for review"
    EMPTY_LINES = (
        "Batches of sorted filings (one service type, speed and work level each) are examined "
        "here against the statutes and the filing type's checklist.",
        "Each document is accepted, rejected with coded reasons, or put on hold; then the "
        "batch is quality-checked, balanced against its fees and closed for imaging.",
    )

    def __init__(self, backend: Backend, tasks: TaskRunner, actor: Actor,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.tasks, self.actor = backend, tasks, actor
        self.profile = profile.load()
        self.detail: BatchDetail | None = None
        self.batch_id: int | None = None
        self.papers: tuple[Path, Path] | None = None  # the last close's report and manifest
        self.qc_dialog: QualityCheckDialog | None = None
        self.arrange_dialog: arrange.ArrangeDialog | None = None
        self.desk = Desk(backend, tasks, self.profile, actor)
        self._after: int | None = None  # the document just decided: the cursor moves on
        self._focus_items = False
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)  # WorkTab's
        layout.setContentsMargins(6, 6, 6, 6)
        self.panel = ExaminePanel(backend, tasks, actor, self.profile)
        self.panel.decided.connect(self._decided)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("batchSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.lists = lists = BatchLists(self.profile, actor.role)
        lists.batch_chosen.connect(lambda batch_id: self.open_batch(batch_id, focus=True))
        lists.item_chosen.connect(self._item_chosen)
        lists.closed_box.toggled.connect(self.refresh)
        lists.qc_button.clicked.connect(self.quality_check)
        lists.close_button.clicked.connect(self.close_batch)
        lists.reopen_button.clicked.connect(self.reopen_batch)
        lists.move_button.clicked.connect(self.move_to_batch)
        lists.money_button.clicked.connect(self.correct_money)
        self.batches_model, self.batches_table = lists.batches_model, lists.batches_table
        self.items_model, self.items_table = lists.items_model, lists.items_table
        self.message, self.papers_label = lists.message, lists.papers_label
        self.closed_box = lists.closed_box
        layout.insertLayout(0, self._build_status_row())
        self.splitter.addWidget(lists)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 6)
        self.splitter.setStretchFactor(1, 5)
        layout.addWidget(self.splitter, 1)
        self.empty_state.hide()
        self._build_actions()
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)

    # ------------------------------------------------------------------ building

    def _build_status_row(self) -> QVBoxLayout:
        self.status_edit = QLineEdit()
        self.status_edit.setObjectName("statusSearch")
        self.status_edit.setPlaceholderText("Document number, then Enter")
        self.status_edit.setClearButtonEnabled(True)
        self.status_edit.setMaximumWidth(self.fontMetrics().averageCharWidth() * 30)
        self.status_edit.returnPressed.connect(self.search_status)
        label = QLabel("Status of &document (Ctrl+Shift+F)")
        label.setBuddy(self.status_edit)
        self.status_label = plain_label("statusResult")
        self.status_label.setWordWrap(True)
        self.status_error = FieldError("statusError")
        self.new_button = push_button("New batch… (Ctrl+Shift+N)", "newBatchButton")
        self.new_button.clicked.connect(self.new_batch)
        row = QHBoxLayout()
        for widget in (label, self.status_edit):
            row.addWidget(widget)
        row.addWidget(self.status_label, 1)
        row.addWidget(self.new_button)
        row.addWidget(self.closed_box)  # on top: a closed batch is reached with no open one
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.status_error)
        return column

    def _build_actions(self) -> None:
        for name, keys, slot in (("refreshAction", "F5", self.refresh_all),
                                 ("qcAction", "Ctrl+Shift+Q", self.quality_check),
                                 ("closeBatchAction", "Ctrl+Shift+K", self.close_batch),
                                 ("reopenAction", "Ctrl+Shift+R", self.reopen_batch),
                                 ("newBatchAction", "Ctrl+Shift+N", self.new_batch),
                                 ("moveAction", "Ctrl+Shift+M", self.move_to_batch),
                                 ("correctMoneyAction", "Ctrl+Shift+Y", self.correct_money),
                                 ("statusAction", "Ctrl+Shift+F", self.focus_status),
                                 ("batchesAction", "Ctrl+Shift+B", self.focus_batches)):
            self.shortcut(name, keys, slot)

    # ------------------------------------------------------------------ reading

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
        self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        super().hideEvent(event)

    def refresh_all(self) -> None:
        """F5: the lists again, and the document's checks with what is typed."""
        self.refresh()
        self.panel.recheck()

    def refresh(self) -> None:
        self._read_batches()
        if self.batch_id is not None:
            self.open_batch(self.batch_id, focus=False)

    def _read_batches(self) -> None:
        b, actor, closed = self.backend, self.actor, self.closed_box.isChecked()
        self.tasks.run(lambda: batch_read.batches(b.db, actor, include_closed=closed),
                       self._show_batches, self._refused, owner=self)

    def _show_batches(self, rows: list[BatchSummary]) -> None:
        self.lists.show_batches(rows, self.batch_id)
        empty = not rows and self.batch_id is None and not self.closed_box.isChecked()
        self.empty_state.setVisible(empty)
        self.splitter.setVisible(not empty)

    def current_item(self) -> ItemRow | None:
        return self.lists.current_item()

    def open_batch(self, batch_id: int, *, focus: bool = False) -> None:
        """The batch's documents in the middle (Enter on a batch)."""
        if batch_id != self.batch_id:
            self.lists.clear_notes()
            self.panel.forget_view()
        self.batch_id = batch_id
        self._focus_items = self._focus_items or focus
        b, found, actor = self.backend, self.profile, self.actor
        self.tasks.run(lambda: batch_read.batch_detail(b.db, found, actor, batch_id),
                       self._show_detail, self._refused, owner=self)

    def _show_detail(self, detail: BatchDetail) -> None:
        if detail.summary.id != self.batch_id:
            return  # another batch was opened meanwhile
        self.detail = detail
        if self.lists.show_detail(detail, self._after):
            self._after, self._focus_items = None, True
        if self._focus_items:
            self._focus_items = False
            self.items_table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _refused(self, error: UserError) -> None:
        self.message.show_message(error.message)

    # ------------------------------------------------------------------ examining

    def _item_chosen(self, row: ItemRow) -> None:
        self.message.clear_message()
        self.panel.take(row)

    def _decided(self, filing_id: int) -> None:
        self._after = filing_id
        self.refresh()

    # ------------------------------------------------------------------ checking and closing

    def quality_check(self) -> QualityCheckDialog | None:
        """Ctrl+Shift+Q: the accepted document under the cursor, checked by a second person."""
        self.message.clear_message()
        item = self.current_item()
        if item is None or item.status != "accepted":
            self.message.show_message("Put the cursor on an accepted document in the batch: "
                                      "only accepted documents are checked.")
            return None
        dialog = self.qc_dialog = QualityCheckDialog(self.backend, self.tasks, self.actor,
                                                     item, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.checked.connect(lambda _id: self.refresh())
        dialog.finished.connect(self._qc_closed)
        dialog.open()
        return dialog

    def _qc_closed(self, _result: int) -> None:
        self.qc_dialog = None
        self.items_table.setFocus()

    def close_batch(self) -> None:
        """Ctrl+Shift+K: close for imaging; the papers are written, or every problem listed."""
        self.message.clear_message()
        if self.detail is None:
            self.message.show_message("Open a batch first (Enter on it in the list).")
            return
        summary = self.detail.summary
        b, found, actor = self.backend, self.profile, self.actor
        self.papers_label.setText(f"Closing {summary.number}…")

        def work() -> tuple[Path, Path]:
            closed = batch_closing.close(b.db, found, actor, summary.id, summary.version)
            return write_close(b.locations, closed)

        self.tasks.run(work, lambda paths: self._closed(summary.number, paths),
                       lambda error: self._close_refused(summary.number, error), owner=self)

    def _closed(self, number: str, paths: tuple[Path, Path]) -> None:
        self.papers = paths
        self.papers_label.setText(f"Batch {number} is closed. Report: {paths[0]}\n"
                                  f"Imaging manifest: {paths[1]}")
        self.refresh()

    def _close_refused(self, number: str, error: UserError) -> None:
        self.papers_label.clear()
        lines = problem_lines(error.message)
        self.message.show_message(f"Batch {number} cannot close:\n"
                                  + "\n".join(f"• {line}" for line in lines))
        self.refresh()

    def reopen_batch(self) -> None:
        """Ctrl+Shift+R: a lead reopens a closed batch, saying why."""
        self.message.clear_message()
        if self.detail is None:
            self.message.show_message("Open a batch first (Enter on it in the list).")
            return
        summary = self.detail.summary
        reason = dialogs.ask_reason(self, f"Reopen {summary.number}",
                                    "Why is the closed batch reopened?")
        if reason is None:
            return
        b, actor = self.backend, self.actor
        self.tasks.run(lambda: batch_closing.reopen(b.db, actor, summary.id, reason),
                       lambda _none: self._reopened(summary.number), self._refused, owner=self)

    def _reopened(self, number: str) -> None:
        self.papers_label.setText(f"Batch {number} is reopened: it must be closed again.")
        self.refresh()

    # ------------------------------------------------------------------ arranging by hand

    def new_batch(self) -> None:
        """Ctrl+Shift+N: a batch opened by hand, saying why; once made it is opened."""
        self.message.clear_message()
        self._arranging(arrange.open_new_batch(self, self.desk, self._batch_made))

    def _batch_made(self, made: NewBatch) -> None:
        self.batches_table.setCurrentIndex(QModelIndex())  # the list's cursor goes to it
        self.open_batch(made.id, focus=True)
        self._read_batches()
        self.papers_label.setText(f"Batch {made.number} is opened by hand.")

    def move_to_batch(self) -> None:
        """Ctrl+Shift+M: the document under the cursor to another batch, saying why."""
        self.message.clear_message()
        item, detail = self.current_item(), self.detail
        if item is None or detail is None:
            self.message.show_message("Put the cursor on a document of the open batch first.")
            return
        choices = arrange.targets(self.batches_model.rows, detail.summary)
        if not choices:
            self.message.show_message("No other batch is open to take it: New batch… "
                                      "(Ctrl+Shift+N) opens one.")
            return
        self._arranging(arrange.open_move(self, self.desk, item, detail.summary.number,
                                          choices, self._moved))

    def _moved(self, moved: arrange.Moved) -> None:
        view = self.panel.view
        if view is not None and view.item.filing_id == moved.filing_id:
            self.panel.forget_view()  # it is examined from its new batch
        self.papers_label.setText(f"{moved.document_number} moved from batch {moved.left} to "
                                  f"{moved.went_to}.")
        self.refresh()

    def correct_money(self) -> None:
        """Ctrl+Shift+Y: a rejected or returned document's refund, credit and held, again."""
        self.message.clear_message()
        item = self.current_item()
        if item is None or item.status not in CORRECTABLE:
            self.message.show_message("Put the cursor on a rejected or returned document: only "
                                      "their money is corrected.")
            return
        self._arranging(arrange.open_money_correction(
            self, self.desk, item, lambda _id: self._money_corrected(item.document_number)))

    def _money_corrected(self, document_number: str) -> None:
        self.papers_label.setText(f"The money of {document_number} is corrected.")
        self.refresh()

    def _arranging(self, dialog: arrange.ArrangeDialog) -> None:
        self.arrange_dialog = dialog
        dialog.finished.connect(self._arranged)

    def _arranged(self, _result: int) -> None:
        self.arrange_dialog = None
        self.items_table.setFocus()

    # ------------------------------------------------------------------ status search

    def focus_status(self) -> None:
        self.status_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.status_edit.selectAll()

    def focus_batches(self) -> None:
        self.batches_table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def search_status(self) -> None:
        self.status_error.clear_message()
        number = self.status_edit.text()
        b, actor = self.backend, self.actor
        self.tasks.run(lambda: batch_review.status_of(b.db, actor, number), self._status_found,
                       self._status_refused, owner=self)

    def _status_found(self, found: FilingStatus) -> None:
        self.status_label.setText(status_words(found, self.profile))

    def _status_refused(self, error: UserError) -> None:
        self.status_label.clear()
        self.status_error.show_message(error.message)
