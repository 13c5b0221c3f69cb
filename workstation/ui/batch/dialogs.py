"""The small prompts of a decision: what happens to the money of a rejected or returned document
(refund prefilled with the document's fee), a hold's reason and follow-up date, and a lead's
reason for reopening a batch. Each is a function the tests patch; each dialog refuses at its
field what it can check itself and keeps what was typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from workstation import APP_NAME
from workstation.domain.money import format_cents
from workstation.ui import theme
from workstation.ui.widgets.buttons import ok_cancel
from workstation.ui.widgets.field_error import FieldError
from workstation.ui.widgets.money_edit import MoneyEdit

MONEY_CHOICES = (("refund", "Refund it (a check is mailed)"),
                 ("credit", "Credit the customer's account"),
                 ("hold", "Hold it for the corrected document"))


@dataclass(frozen=True)
class MoneyChoice:
    """A rejection's or return's money: where the fee goes and how much of it."""

    money: str
    cents: int
    note: str = ""

    def amount(self, money: str) -> int:
        """The Decision's refund_cents (``refund``), credit_cents or held_cents (``hold``)."""
        return self.cents if self.money == money else 0


@dataclass(frozen=True)
class HoldChoice:
    note: str
    follow_up_on: date


def _muted(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {theme.MUTED_TEXT};")
    return label


def _buddy(text: str, widget: QWidget) -> QLabel:
    """A row's label whose mnemonic reaches its field (a row of a field and its error line)."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label


class MoneyDialog(QDialog):
    """Reject… / Return…: the reasons being sent, the money, an optional note."""

    def __init__(self, parent: QWidget | None, verb: str, document: str, reasons: list[str],
                 fee_cents: int, last: MoneyChoice):
        super().__init__(parent)
        self.setObjectName("moneyDialog")
        self.setWindowTitle(f"{verb} {document} — {APP_NAME}")
        self.fee_cents = fee_cents
        self.money_combo = QComboBox()
        self.money_combo.setObjectName("moneyChoice")
        for code, words in MONEY_CHOICES:
            self.money_combo.addItem(words, code)
        self.money_combo.setCurrentIndex(max(0, self.money_combo.findData(last.money)))
        self.amount_edit = MoneyEdit()
        self.amount_edit.setObjectName("moneyAmount")
        self.amount_edit.set_cents(last.cents)
        self.amount_error = FieldError("moneyAmountError")
        self.amount_edit.refused.connect(self.amount_error.show_message)
        self.note_edit = QLineEdit(last.note)
        self.note_edit.setObjectName("decisionNote")
        self.note_edit.setPlaceholderText("For the letter and the record (optional)")
        form = QFormLayout()
        form.addRow(_muted(f"{document}: {', '.join(reasons)} — the letter lists each reason "
                           f"with its cure. Fee {format_cents(fee_cents)}."))
        form.addRow("&Money", self.money_combo)
        amount = QVBoxLayout()
        amount.setSpacing(0)
        amount.addWidget(self.amount_edit)
        amount.addWidget(self.amount_error)
        form.addRow(_buddy("&Amount", self.amount_edit), amount)
        form.addRow("&Note", self.note_edit)
        buttons, self.ok_button = ok_cancel(f"&{verb}", self.submit, self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 70, self.sizeHint().height())
        self.money_combo.setFocus()

    def submit(self) -> None:
        self.amount_error.clear_message()
        problem = self.amount_edit.error()
        cents = self.amount_edit.cents()
        if problem is None and cents is None:
            problem = "Type the amount (0.00 when nothing is paid back)."
        if problem is None and cents is not None and cents > self.fee_cents:
            problem = f"At most the document's fee, {format_cents(self.fee_cents)}."
        if problem:
            self.amount_error.show_message(problem)
            self.amount_edit.setFocus()
            return
        self.accept()

    def choice(self) -> MoneyChoice:
        return MoneyChoice(str(self.money_combo.currentData()), self.amount_edit.cents() or 0,
                           self.note_edit.text().strip())


def ask_money(parent: QWidget, verb: str, document: str, reasons: list[str], fee_cents: int,
              last: MoneyChoice) -> MoneyChoice | None:
    """Reject… / Return…'s prompt; None when cancelled (tests patch this)."""
    dialog = MoneyDialog(parent, verb, document, reasons, fee_cents, last)
    return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None


class HoldDialog(QDialog):
    """Hold…: what the document waits for, and the day to look at it again."""

    def __init__(self, parent: QWidget | None, document: str, earliest: date, default: date,
                 last: HoldChoice | None):
        super().__init__(parent)
        self.setObjectName("holdDialog")
        self.setWindowTitle(f"Hold {document} — {APP_NAME}")
        self.note_edit = QLineEdit(last.note if last else "")
        self.note_edit.setObjectName("holdNote")
        self.note_edit.setPlaceholderText("What it waits for (a signature, the agent's consent…)")
        self.note_error = FieldError("holdNoteError")
        picked = last.follow_up_on if last and last.follow_up_on >= earliest else default
        self.date_edit = QDateEdit(QDate(picked.year, picked.month, picked.day))
        self.date_edit.setObjectName("followUpOn")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.date_edit.setMinimumDate(QDate(earliest.year, earliest.month, earliest.day))
        note = QVBoxLayout()
        note.setSpacing(0)
        note.addWidget(self.note_edit)
        note.addWidget(self.note_error)
        form = QFormLayout()
        form.addRow(_buddy("&Waiting for", self.note_edit), note)
        form.addRow("&Follow up on", self.date_edit)
        buttons, self.ok_button = ok_cancel("H&old", self.submit, self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 70, self.sizeHint().height())
        self.note_edit.setFocus()

    def submit(self) -> None:
        if not self.note_edit.text().strip():
            self.note_error.show_message("Say what the document waits for.")
            self.note_edit.setFocus()
            return
        self.accept()

    def choice(self) -> HoldChoice:
        picked = self.date_edit.date().toPython()
        assert isinstance(picked, date)
        return HoldChoice(self.note_edit.text().strip(), picked)


def ask_hold(parent: QWidget, document: str, earliest: date, default: date,
             last: HoldChoice | None) -> HoldChoice | None:
    """Hold…'s prompt; None when cancelled (tests patch this)."""
    dialog = HoldDialog(parent, document, earliest, default, last)
    return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_reason(parent: QWidget, title: str, prompt: str) -> str | None:
    """One line: a lead's reason to reopen; None when cancelled (tests patch this)."""
    text, ok = QInputDialog.getText(parent, title, prompt)
    return text.strip() if ok else None
