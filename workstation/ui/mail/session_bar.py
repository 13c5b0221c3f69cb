"""The open tray across the top of Mail Sort: which tray, who verifies it, and its running
totals; and under it the envelope just saved, its control number large enough to copy from
arm's length onto the documents."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from workstation.domain.money import format_cents
from workstation.services.intake_dto import EnvelopeSlip
from workstation.ui import theme
from workstation.ui.mail.balance_panel import outcome_words, received_text


@dataclass(frozen=True)
class Tray:
    """An open mail session as this screen knows it (``intake.open_session``'s answer)."""

    id: int
    number: str
    source: str
    source_label: str
    verifier: str | None


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def totals_text(totals: dict[str, int]) -> str:
    return " · ".join((plural(totals.get("envelopes", 0), "envelope"),
                       plural(totals.get("documents", 0), "document"),
                       plural(totals.get("remittances", 0), "payment"),
                       format_cents(totals.get("amount_cents", 0))))


class SessionBar(QFrame):
    """Tray number, source, verifier | totals | Close tray."""

    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sessionBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.tray_label = QLabel()
        self.tray_label.setObjectName("trayLabel")
        bold = self.tray_label.font()
        bold.setBold(True)
        self.tray_label.setFont(bold)
        self.verifier_label = QLabel()
        self.verifier_label.setObjectName("verifierLabel")
        self.totals_label = QLabel(totals_text({}))
        self.totals_label.setObjectName("totalsLabel")
        self.totals_label.setToolTip("Envelopes logged in this tray so far, and their money")
        self.close_button = QPushButton("Close tra&y (Ctrl+Shift+W)")
        self.close_button.setObjectName("closeTray")
        self.close_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.close_button.clicked.connect(self.close_requested)
        layout = QHBoxLayout(self)
        layout.addWidget(self.tray_label)
        layout.addWidget(self.verifier_label)
        layout.addStretch(1)
        layout.addWidget(self.totals_label)
        layout.addSpacing(self.fontMetrics().averageCharWidth() * 2)
        layout.addWidget(self.close_button)

    def show_tray(self, tray: Tray) -> None:
        self.tray_label.setText(f"Tray {tray.number} · {tray.source_label}")
        self.verifier_label.setText(f"verified by {tray.verifier}" if tray.verifier
                                    else "no verifier (no money expected)")
        self.totals_label.setText(totals_text({}))

    def show_totals(self, totals: dict[str, int]) -> None:
        self.totals_label.setText(totals_text(totals))


class LastEnvelope(QFrame):
    """The envelope just saved: control number (large), received time, outcome, slip file."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lastEnvelope")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.number = QLabel()
        self.number.setObjectName("controlNumber")
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        big = self.number.font()
        big.setPointSizeF(big.pointSizeF() * 2.6)
        big.setBold(True)
        big.setLetterSpacing(big.SpacingType.PercentageSpacing, 108)
        self.number.setFont(big)
        self.details = QLabel()
        self.details.setObjectName("lastDetails")
        self.details.setWordWrap(True)
        self.slip = QLabel()
        self.slip.setObjectName("slipPath")
        self.slip.setWordWrap(True)
        self.slip.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.slip.setStyleSheet(f"color: {theme.MUTED_TEXT};")
        column = QVBoxLayout()
        column.addWidget(self.details)
        column.addWidget(self.slip)
        layout = QHBoxLayout(self)
        layout.addWidget(self.number)
        layout.addSpacing(self.fontMetrics().averageCharWidth() * 3)
        layout.addLayout(column, 1)
        self.hide()

    def show_slip(self, slip: EnvelopeSlip) -> None:
        self.number.setText(slip.control_number)
        outcome = outcome_words(slip.outcome)
        note = f" — {slip.outcome_note}" if slip.outcome_note else ""
        self.details.setText(f"Saved {slip.customer} · received "
                             f"{received_text(slip.received_at)}\n{outcome}{note}")
        self.slip.setText("Writing the control slip…")
        self.show()

    def show_slip_file(self, path: Path) -> None:
        self.slip.setText(f"Control slip: {path}")

    def show_slip_problem(self, message: str) -> None:
        self.slip.setText(message)
