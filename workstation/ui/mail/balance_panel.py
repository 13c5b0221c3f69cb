"""The live balance beside the envelope form: what is due, what came, and what that means.

It only shows what ``intake.preview`` worked out (or why there is nothing to show yet); it
decides nothing itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QVBoxLayout, QWidget

from workstation.domain.envelope_balance import EnvelopeBalance
from workstation.domain.money import format_cents
from workstation.ui import theme

NO_VALUE = "—"
# The outcome in the words a clerk acts on, and whether it stops the envelope (shown in red).
OUTCOMES = {
    "exact": ("Exact", False),
    "short": ("Short: hold, send a letter", True),
    "no_payment": ("No payment: hold, send a letter", True),
    "over_kept": ("Over: kept", False),
    "over_refund": ("Over: refund", False),
    "nothing_due": ("Nothing due", False),
    "hold": ("Money cannot be deposited: hold, send a letter", True),
}


def outcome_words(code: str) -> str:
    return OUTCOMES.get(code, (code.replace("_", " ").capitalize(), False))[0]


def received_text(received: datetime) -> str:
    return received.strftime("%a %d %b %Y, %H:%M")


class BalancePanel(QFrame):
    """Due, tendered, difference, the outcome, each document's note, the received stamp."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("balancePanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        title = QLabel("Balance")
        bold = title.font()
        bold.setBold(True)
        title.setFont(bold)
        self.due = self._amount("balanceDue")
        self.tendered = self._amount("balanceTendered")
        self.difference = self._amount("balanceDifference")
        self.outcome = QLabel()
        self.outcome.setObjectName("balanceOutcome")
        self.outcome.setWordWrap(True)
        big = self.outcome.font()
        big.setBold(True)
        big.setPointSizeF(big.pointSizeF() * 1.4)
        self.outcome.setFont(big)
        self.note = self._text("balanceNote")
        self.documents = self._text("balanceDocuments")
        self.received = self._text("balanceReceived")
        self.received.setStyleSheet(f"color: {theme.MUTED_TEXT};")
        figures = QFormLayout()
        figures.addRow("Due", self.due)
        figures.addRow("Tendered", self.tendered)
        figures.addRow("Difference", self.difference)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(figures)
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addWidget(self.outcome)
        layout.addWidget(self.note)
        layout.addWidget(self.documents)
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addWidget(self.received)
        layout.addStretch(1)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 30)
        self.clear()

    def _amount(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        label.setFont(font)
        return label

    @staticmethod
    def _text(name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        return label

    def clear(self) -> None:
        self.show_incomplete(None, "The balance appears as the envelope is typed.")
        self.received.clear()

    @property
    def outcome_text(self) -> str:
        return self.outcome.text()

    def show_balance(self, result: EnvelopeBalance, notes: Sequence[str]) -> None:
        """``notes``: one line per document that has something to say, already numbered."""
        words, stops = OUTCOMES.get(result.outcome, (outcome_words(result.outcome), False))
        self.due.setText(format_cents(result.due_cents))
        self.tendered.setText(format_cents(result.tendered_cents))
        self.difference.setText(format_cents(result.difference_cents))
        self.outcome.setText(words)
        self.outcome.setStyleSheet(f"color: {theme.ERROR_TEXT};" if stops else "")
        self.note.setText(result.note)
        self.note.setStyleSheet("")
        self.documents.setText("\n".join(notes))
        self.documents.setVisible(bool(notes))

    def show_incomplete(self, tendered_cents: int | None, reason: str) -> None:
        """Not every line can be read yet: the money so far, and why there is no outcome."""
        self.due.setText(NO_VALUE)
        self.tendered.setText(NO_VALUE if tendered_cents is None
                              else format_cents(tendered_cents))
        self.difference.setText(NO_VALUE)
        self.outcome.setText("")
        self.outcome.setStyleSheet("")
        self.note.setText(reason)
        self.note.setStyleSheet(f"color: {theme.MUTED_TEXT};")
        self.documents.clear()
        self.documents.hide()

    def show_received(self, received: datetime | None, arrived: datetime | None) -> None:
        """The stamp the envelope will get; said plainly when it is not the arrival time."""
        if received is None or arrived is None:
            self.received.clear()
            return
        text = f"Received {received_text(received)}"
        if abs((received - arrived).total_seconds()) >= 60:
            text += " (arrived outside office hours: the next opening counts)"
        self.received.setText(text)
