"""The page of an open tray: the tray bar, the envelope just saved, the envelope form and its
live balance, and under them (a splitter between) the open batches. The balance is
``intake.preview`` (pure, no database) run on the GUI thread a moment after the clerk stops
typing, and at once when they leave a field."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.envelope_balance import DocumentBalance, EnvelopeBalance
from workstation.errors import UserError, ValidationErrors
from workstation.services import intake
from workstation.services.intake_rules import EnvelopeInput, resolve_filing_type
from workstation.services.profile import Profile
from workstation.ui.mail.balance_panel import BalancePanel
from workstation.ui.mail.batches import BatchesPanel
from workstation.ui.mail.envelope_form import EnvelopeForm
from workstation.ui.mail.fields import SPEEDS
from workstation.ui.mail.lines import DocumentLine, RemittanceLine
from workstation.ui.mail.refusals import Problems
from workstation.ui.mail.session_bar import LastEnvelope, SessionBar

SPEED_WORDS = {code: label.lower() for code, label in SPEEDS}
DEBOUNCE_MS = 200
CLOCK_MS = 20_000  # the arrival time shown follows the clock this closely
# Problems that do not stop the money being balanced (the preview is run again without them).
NOT_MONEY = ("customer_name", "correspondence_summary", "postmark", "exceptions")


class TrayPage(QWidget):
    def __init__(self, profile: Profile, exceptions: dict[str, str], batches: BatchesPanel,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("trayPage")
        self.profile = profile
        self.source: str | None = None  # the open tray's source
        self.problems: Problems = []  # the latest preview's, with the form's own
        self.bar = SessionBar()
        self.last = LastEnvelope()
        self.form = EnvelopeForm(profile, exceptions)
        self.balance = BalancePanel()
        self.batches = batches
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("envelopeScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setWidget(self.form)
        work = QWidget()
        row = QHBoxLayout(work)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.scroll_area, 3)
        row.addWidget(self.balance, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("trayPageSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(work)
        self.splitter.addWidget(batches)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.last)
        layout.addWidget(self.splitter, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh)
        self.form.changed.connect(self.timer.start)
        self.form.left_field.connect(self.refresh)
        self.clock = QTimer(self)
        self.clock.setInterval(CLOCK_MS)
        self.clock.timeout.connect(self.form.arrived.tick)
        self.clock.start()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self.form.isAncestorOf(new):
            self.scroll_area.ensureWidgetVisible(new)

    def refresh(self) -> None:
        """Work the balance out again and show the refusals the clerk may see now."""
        self.timer.stop()
        envelope, problems = self.form.read()
        received = intake.received_today(self.profile, envelope.arrived_at)
        result, found = self._preview(envelope, received.date())
        problems += found
        if result is None and all(path in NOT_MONEY for path, _ in found):
            fillers = replace(envelope, customer_name=envelope.customer_name or "-",
                              correspondence_summary=envelope.correspondence_summary or "-",
                              exceptions=())
            result, _ = self._preview(fillers, received.date())
        self.problems = problems
        self.form.refusals.show_preview(problems)
        self._show_lines(result.documents if result else ())
        if not self.form.has_typing():
            self.balance.clear()
        elif result is None:
            tendered = [line.amount.cents() for line in self.form.remittances.lines
                        if isinstance(line, RemittanceLine)]
            self.balance.show_incomplete(sum(c or 0 for c in tendered),
                                         "The outcome appears when every line can be read.")
        else:
            notes = [f"Document {n}: {doc.note}" for n, doc in enumerate(result.documents, 1)
                     if doc.note and doc.service_level != doc.requested_level]
            self.balance.show_balance(result, notes)
        self.balance.show_received(received, envelope.arrived_at)

    def _preview(self, envelope: EnvelopeInput, on: date
                 ) -> tuple[EnvelopeBalance | None, Problems]:
        try:
            return intake.preview(self.profile, envelope, on, self.source), []
        except ValidationErrors as exc:
            return None, list(exc.problems)
        except UserError as exc:
            return None, [(exc.field or "", exc.message)]

    def _show_lines(self, priced: Sequence[DocumentBalance]) -> None:
        """Under each document line: what its text resolved to, and the balance's note."""
        for index, line in enumerate(self.form.documents_read):
            kind = resolve_filing_type(self.profile, line.filing_type.text())
            parts = [kind.title] if kind else []
            got = priced[index] if index < len(priced) else None
            if got is not None and got.service_level != got.requested_level:
                parts.append(f"gets {SPEED_WORDS.get(got.service_level, '?')} service "
                             "(see the balance)")
            line.set_note(" — ".join(parts))
        for other in self.form.documents.lines:
            if isinstance(other, DocumentLine) and other not in self.form.documents_read:
                other.set_note("")
