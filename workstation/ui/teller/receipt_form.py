"""The NEW RECEIPT form: the customer, the fee lines, how they pay, and the running total.

The form holds what the clerk typed and turns it into a ``ReceiptInput``; the tab posts it on the
worker. A receipt on screen has one idempotency key from its first Post until it is posted, so a
double press or a retry after a lost reply posts it once; only a posted receipt clears the form
and makes a new key. A refusal shows at its field (``show_refusal``) and nothing typed is lost.

Fee lines are added from one entry row: a document by its number (the tab looks its fee up), a
charge by its number (C12; priced when the receipt posts), or a deposit held in suspense with its
fee code and amount. Enter in the entry row adds the line; Delete in the table takes one out.
The payment is ``tenders.PaymentBox``. The line under both adds up due, tendered and change in
whole cents.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.money import format_cents
from workstation.errors import UserError
from workstation.services.profile import Profile
from workstation.services.teller_dto import LineInput, ReceiptInput
from workstation.services.teller_read import MailPayment
from workstation.ui.inquiry.case import push_button
from workstation.ui.teller.fields import line_edit, money_edit, row_table
from workstation.ui.teller.keys import on_enter
from workstation.ui.teller.models import FormLine, LinesModel
from workstation.ui.teller.tenders import PaymentBox, Slot
from workstation.ui.widgets.field_error import FieldError

LINE_KINDS = (("filing", "Document"), ("charge", "Charge"), ("suspense", "Deposit (suspense)"))
REFERENCE_HINTS = {"filing": "Document number, then Enter", "charge": "Charge number (C12)",
                   "suspense": "Reference (optional)"}
CHARGE = re.compile(r"C?\d+", re.IGNORECASE)


@dataclass(frozen=True)
class Totals:
    due_cents: int
    unpriced: int  # lines the service prices at posting (charges)
    tendered_cents: int
    cash_cents: int

    @property
    def change_cents(self) -> int:
        """Change comes out of cash only (checks and cards never pay more than the fees)."""
        return max(0, min(self.cash_cents, self.tendered_cents - self.due_cents))


def totals_text(totals: Totals) -> str:
    due = format_cents(totals.due_cents)
    if totals.unpriced:
        due += f" + {totals.unpriced} charge{'s' if totals.unpriced > 1 else ''} priced at posting"
    text = f"Total due {due} · Tendered {format_cents(totals.tendered_cents)}"
    short = totals.due_cents - totals.tendered_cents
    if short > 0:
        return f"{text} · Still due {format_cents(short)}"
    return f"{text} · Change {format_cents(totals.change_cents)}"


class ReceiptForm(QWidget):
    """What one customer pays for and how; ``receipt_input()`` for the service."""

    filing_wanted = Signal(str)  # a document number to look up; add_filing or refuse_line

    def __init__(self, profile: Profile, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("receiptForm")
        self.key = uuid.uuid4().hex
        self.slots: list[Slot] = []  # the tenders of the last input, in the service's order
        self.customer_edit = line_edit("customerName", "Customer's name")
        self.customer_error = FieldError("customerError")
        self.error = FieldError("receiptError")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        customer = QHBoxLayout()
        label = QLabel("C&ustomer")
        label.setBuddy(self.customer_edit)
        customer.addWidget(label)
        customer.addWidget(self.customer_edit, 1)
        layout.addLayout(customer)
        layout.addWidget(self.customer_error)
        layout.addWidget(self._build_lines(), 1)
        self.payment = PaymentBox(profile)
        self.payment.changed.connect(self._show_totals)
        layout.addWidget(self.payment, 1)
        layout.addLayout(self._build_totals())
        layout.addWidget(self.error)
        self._kind_changed()
        self._show_totals()

    # ------------------------------------------------------------------ building

    def _build_lines(self) -> QGroupBox:
        box = QGroupBox("Fee lines")
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("lineKind")
        self.kind_combo.setAccessibleName("Pays for")
        for code, text in LINE_KINDS:
            self.kind_combo.addItem(text, code)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.reference_edit = line_edit("lineReference", REFERENCE_HINTS["filing"])
        self.fee_edit = line_edit("lineFeeCode", "Fee code", 14)
        self.amount_edit = money_edit("lineAmount", "Deposit amount")
        for edit in (self.reference_edit, self.fee_edit, self.amount_edit):
            on_enter(edit, self.add_line_from_entry)
        self.add_line_button = push_button("Add &line (Enter)", "addLine")
        self.add_line_button.clicked.connect(self.add_line_from_entry)
        entry = QHBoxLayout()
        for widget in (self.kind_combo, self.reference_edit, self.fee_edit, self.amount_edit,
                       self.add_line_button):
            entry.addWidget(widget, 1 if widget is self.reference_edit else 0)
        self.lines_model = LinesModel(self)
        self.lines_table = row_table(self.lines_model, "linesTable", 3)
        self.lines_table.installEventFilter(self)
        self.lines_error = FieldError("linesError")
        column = QVBoxLayout(box)
        column.setSpacing(4)
        column.addLayout(entry)
        column.addWidget(self.lines_error)
        column.addWidget(self.lines_table, 1)
        return box

    def _build_totals(self) -> QHBoxLayout:
        self.totals_label = QLabel()
        self.totals_label.setObjectName("receiptTotals")
        font = self.totals_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.totals_label.setFont(font)
        self.tenders_error = FieldError("tendersError")
        self.post_button = push_button("&Post receipt (Ctrl+Enter)", "postReceipt")
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(self.totals_label)
        column.addWidget(self.tenders_error)
        row = QHBoxLayout()
        row.addLayout(column, 1)
        row.addWidget(self.post_button, 0, Qt.AlignmentFlag.AlignTop)
        return row

    # ------------------------------------------------------------------ fee lines

    def _kind_changed(self) -> None:
        kind = self.kind_combo.currentData()
        self.reference_edit.setPlaceholderText(REFERENCE_HINTS[kind])
        for edit in (self.fee_edit, self.amount_edit):
            edit.setEnabled(kind == "suspense")

    def add_line_from_entry(self) -> None:
        """Enter in the entry row: a charge or deposit at once, a document once looked up."""
        self.lines_error.clear_message()
        kind, reference = self.kind_combo.currentData(), self.reference_edit.text().strip()
        if kind == "filing":
            if not reference:
                self.refuse_line("Type the document number.")
            elif any(line.reference == reference for line in self.lines_model.rows):
                self.refuse_line(f"Document {reference} is on this receipt already.")
            else:
                self.filing_wanted.emit(reference)
            return
        if kind == "charge":
            if not CHARGE.fullmatch(reference):
                self.refuse_line("A charge number is C followed by digits (C12).")
                return
            self._add_line(FormLine("charge", "C" + reference.upper().removeprefix("C")))
            return
        cents = self.amount_edit.cents()
        if cents is None or cents <= 0:
            self.refuse_line(self.amount_edit.error() or "Type the amount of the deposit.")
            self.amount_edit.setFocus()
            return
        self._add_line(FormLine("suspense", reference, self.fee_edit.text().strip(), cents,
                                "Deposit in suspense"))

    def add_filing(self, number: str, label: str, fee_cents: int) -> None:
        """The tab found the document: its line, with its fee."""
        self._add_line(FormLine("filing", number, "", fee_cents, label))

    def refuse_line(self, message: str) -> None:
        self.lines_error.show_message(message)
        self.reference_edit.setFocus()

    def _add_line(self, line: FormLine) -> None:
        self.lines_model.set_rows([*self.lines_model.rows, line])
        for edit in (self.reference_edit, self.fee_edit, self.amount_edit):
            edit.clear()
        self.reference_edit.setFocus()
        self._show_totals()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.lines_table and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Delete):
            row = self.lines_table.currentIndex().row()
            rows = list(self.lines_model.rows)
            if 0 <= row < len(rows):
                del rows[row]
                self.lines_model.set_rows(rows)
                self.lines_table.selectRow(min(row, len(rows) - 1))
                self._show_totals()
            return True
        return super().eventFilter(watched, event)

    def apply_mail(self, payment: MailPayment) -> tuple[int, int]:
        """An envelope's unpaid documents and unapplied checks onto the receipt; returns how
        many of each were added."""
        if not self.customer_edit.text().strip():
            self.customer_edit.setText(payment.customer_name)
        on_form = {line.reference for line in self.lines_model.rows}
        documents = [d for d in payment.documents
                     if not d.paid and d.document_number not in on_form]
        for doc in documents:
            self._add_line(FormLine("filing", doc.document_number, "", doc.fee_due_cents,
                                    doc.label))
        return len(documents), self.payment.apply_mail_checks(payment.checks)

    # ------------------------------------------------------------------ the receipt

    def totals(self) -> Totals:
        lines = self.lines_model.rows
        return Totals(sum(li.amount_cents or 0 for li in lines),
                      sum(1 for li in lines if li.amount_cents is None),
                      self.payment.tendered_cents(), self.payment.cash_cents())

    def _show_totals(self) -> None:
        self.totals_label.setText(totals_text(self.totals()))

    def receipt_input(self) -> ReceiptInput:
        """What is typed, as the service takes it; remembers which tender is which."""
        lines = tuple(LineInput(li.applies_to, li.reference, li.fee_code,
                                format_cents(li.amount_cents, symbol="")
                                if li.applies_to == "suspense" and li.amount_cents else "",
                                li.description if li.applies_to == "suspense" else "")
                      for li in self.lines_model.rows)
        tenders, self.slots = self.payment.inputs()
        return ReceiptInput(self.customer_edit.text(), lines, tenders, self.key)

    # ------------------------------------------------------------------ refusals

    def clear_errors(self) -> None:
        for error in (self.customer_error, self.lines_error, self.tenders_error, self.error):
            error.clear_message()
        self.payment.clear_errors()

    def show_refusal(self, error: UserError) -> None:
        """The service's refusal at its field; the field gets the focus."""
        field = error.field or ""
        parts = field.split(".")
        if field == "customer":
            self.customer_error.show_message(error.message)
            self.customer_edit.setFocus()
        elif field == "lines" or parts[0] == "line":
            self._refuse_line_at(parts, error.message)
        elif field == "tenders":
            self.tenders_error.show_message(error.message)
            self.payment.cash_edit.setFocus()
        elif parts[0] == "tender" and len(parts) > 1 and parts[1].isdigit() \
                and int(parts[1]) < len(self.slots):
            self.payment.refuse(self.slots[int(parts[1])], parts[2] if len(parts) > 2 else "",
                                error.message)
        else:
            self.error.show_message(error.message)

    def _refuse_line_at(self, parts: list[str], message: str) -> None:
        if len(parts) > 1 and parts[1].isdigit():
            row = int(parts[1])
            message = f"Line {row + 1}: {message}" if not message.startswith("Line") else message
            self.lines_table.selectRow(row)
        self.lines_error.show_message(message)
        self.lines_table.setFocus()

    # ------------------------------------------------------------------ the next customer

    def posted(self) -> None:
        """The receipt is posted: an empty form and a new key for the next customer."""
        self.key = uuid.uuid4().hex
        self.clear_errors()
        for edit in (self.customer_edit, self.reference_edit, self.fee_edit, self.amount_edit):
            edit.clear()
        self.kind_combo.setCurrentIndex(0)
        self.lines_model.set_rows([])
        self.payment.clear()
        self._show_totals()
        self.customer_edit.setFocus()
