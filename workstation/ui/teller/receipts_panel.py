"""This session's receipts beside the form: number, time, customer, total and tenders, a voided
receipt and its reversal greyed and naming each other. On the receipt under the cursor: Void…
(Ctrl+Shift+V, a reversing receipt approved by a lead signing in on the dialog; the reversal's
PDF is written) and Reprint (Ctrl+Shift+P, marked REPRINT, full page and 80 mm)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation.errors import UserError
from workstation.services import teller_read
from workstation.services.teller_dto import ReceiptView
from workstation.ui.desk import Desk
from workstation.ui.inquiry.case import plain_label, push_button
from workstation.ui.teller import papers
from workstation.ui.teller.dialogs import VoidDialog
from workstation.ui.teller.models import ReceiptsModel
from workstation.ui.widgets.field_error import FieldError


def open_void(parent: QWidget, desk: Desk, receipt: ReceiptView) -> VoidDialog:
    """The void dialog, opened (window-modal) over the tab."""
    dialog = VoidDialog(desk, receipt, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def paths_text(paths: list[Path]) -> str:
    return "\n".join(str(path) for path in paths)


class ReceiptsPanel(QGroupBox):
    """The receipts of the clerk's open session; ``changed`` when a void posted."""

    changed = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None):
        super().__init__("This drawer's receipts", parent)
        self.setObjectName("receiptsPanel")
        self.desk = desk
        self.void_dialog: VoidDialog | None = None
        self.printed: list[Path] = []  # the last receipt papers written
        self.model = ReceiptsModel(desk.profile.calendar.zone, self)
        self.table = QTableView()
        self.table.setObjectName("sessionReceipts")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.void_button = push_button("Void… (Ctrl+Shift+V)", "voidReceipt")
        self.void_button.clicked.connect(self.void)
        self.reprint_button = push_button("Reprint (Ctrl+Shift+P)", "reprintReceipt")
        self.reprint_button.clicked.connect(self.reprint)
        self.message = FieldError("receiptsMessage")
        self.papers_label = plain_label("receiptPapers")
        self.papers_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.void_button)
        buttons.addWidget(self.reprint_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.papers_label)

    def show_receipts(self, rows: list[ReceiptView]) -> None:
        """Newest at the bottom, the cursor kept on its receipt (else on the newest)."""
        chosen = self.current()
        self.model.set_rows(rows)
        at = next((n for n, r in enumerate(rows) if chosen and r.id == chosen.id),
                  len(rows) - 1)
        if rows:
            self.table.selectRow(at)

    def current(self) -> ReceiptView | None:
        return self.model.row_at(self.table.currentIndex())

    def show_printed(self, text: str, paths: list[Path]) -> None:
        self.printed = paths
        self.message.clear_message()
        self.papers_label.setText(f"{text}\n{paths_text(paths)}" if paths else text)

    # ------------------------------------------------------------------ voiding

    def void(self) -> VoidDialog | None:
        """Ctrl+Shift+V: the receipt under the cursor reversed, with a lead's approval."""
        self.message.clear_message()
        view = self.current()
        if view is None or view.kind != "sale" or view.reversed_by:
            self.message.show_message("Put the cursor on a receipt that is not voided: a "
                                      "reversal is never voided again.")
            return None
        dialog = self.void_dialog = open_void(self, self.desk, view)
        dialog.approved.connect(self._voided)
        dialog.finished.connect(self._void_closed)
        return dialog

    def _void_closed(self, _result: int) -> None:
        self.void_dialog = None
        self.table.setFocus()

    def _voided(self, reversal: object) -> None:
        assert isinstance(reversal, ReceiptView)
        d = self.desk
        self.changed.emit()
        words = f"Receipt {reversal.reverses} is voided by {reversal.number}."
        self.papers_label.setText(words)
        d.tasks.run(lambda: papers.write_receipt(d.backend.locations, d.profile, reversal),
                    lambda paths: self.show_printed(words, paths), self._refused, owner=self)

    # ------------------------------------------------------------------ reprinting

    def reprint(self) -> None:
        """Ctrl+Shift+P: the receipt under the cursor again, marked REPRINT, both sizes."""
        self.message.clear_message()
        view = self.current()
        if view is None:
            self.message.show_message("Put the cursor on the receipt to print again.")
            return
        d, number = self.desk, view.number

        def work() -> list[Path]:
            fresh = teller_read.find_receipt(d.backend.db, d.actor, number)
            return papers.write_receipt(d.backend.locations, d.profile, fresh, reprint=True)

        d.tasks.run(work, lambda paths: self.show_printed(f"Receipt {number} printed again:",
                                                          paths),
                    self._refused, owner=self)

    def _refused(self, error: UserError) -> None:
        self.message.show_message(error.message)
