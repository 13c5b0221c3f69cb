"""Mail Sort: opening the day's trays, logging each envelope and its money, sorting the paper.

Two pages: the empty state (no tray shown) with Open tray…, Resume for the trays this clerk
left open, and the verifier's sign-off of the tray just closed; and the open tray's page (the
envelope form, its live balance, the open batches). Every service call runs on the database
worker; the balance preview is pure and runs here. Shortcuts belong to this tab and work only
while it is the one shown: Ctrl+Shift+O opens a tray, Ctrl+S saves the envelope, Ctrl+Shift+M
/ D add a remittance / document line, Ctrl+Shift+Del removes the line in focus, Ctrl+Shift+B
goes to the open batches (where Ctrl+P writes a cover sheet), Ctrl+Shift+W closes the tray.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from workstation.errors import UserError, ValidationErrors
from workstation.services import intake, profile
from workstation.services.dto import Actor
from workstation.services.intake_dto import CashList, EnvelopeSlip, SessionInfo
from workstation.services.intake_rules import rules
from workstation.startup import Backend
from workstation.ui.mail import printouts
from workstation.ui.mail.batches import BatchesPanel
from workstation.ui.mail.customers import CustomerCompleter
from workstation.ui.mail.entities import EntityCompleter
from workstation.ui.mail.lines import DocumentLine
from workstation.ui.mail.no_tray import NoTrayPanel
from workstation.ui.mail.open_tray import OpenTrayDialog
from workstation.ui.mail.session_bar import Tray
from workstation.ui.mail.tray_page import TrayPage
from workstation.ui.tabs import WorkTab
from workstation.ui.tasks import TaskRunner


def confirm(parent: QWidget, title: str, text: str) -> bool:
    """Ask before something that cannot be undone (tests patch this)."""
    answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes
                                  | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


class MailSortTab(WorkTab):
    OBJECT_NAME = "mailSortTab"
    ICON = "mail-sort"
    EMPTY_TITLE = "No mail session is open"
    EMPTY_LINES = (
        "Trays from USPS, courier, drop box and walk-in intake are opened here: each envelope "
        "is date-stamped, its checks logged, and its documents sorted by service type "
        "(Corporate, UCC, Certification) and speed (Regular, Expedite 1/2/3).",
        "Every envelope gets a control number and keeps the time it arrived; mail that arrives "
        "after hours counts as received on the next business day.",
    )

    def __init__(self, backend: Backend, tasks: TaskRunner, actor: Actor,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.tasks, self.actor = backend, tasks, actor
        self.profile = profile.load()
        self.rules = rules(self.profile.code)
        self.tray: Tray | None = None
        self.open_dialog: OpenTrayDialog | None = None
        self._saving = False
        self.last_slip: EnvelopeSlip | None = None  # the envelope just saved
        self.slip_path: Path | None = None  # ... its control slip
        self._build_empty_page()
        self.batches = BatchesPanel(backend, tasks, actor, self.profile)
        self.page = TrayPage(self.profile, self.rules.exceptions, self.batches)
        self.page.bar.close_requested.connect(self.close_tray)
        self.page.form.save_requested.connect(self.save)
        self.page.form.set_relay(self._relay)
        self.customers = CustomerCompleter(self.page.form.customer, backend, tasks, actor,
                                           self._relay)
        self.page.form.set_document_hook(self._equip_document)
        layout = self.layout()
        assert layout is not None  # WorkTab's
        layout.removeWidget(self.empty_state)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(self.page)
        layout.addWidget(self.stack)
        self._build_actions()
        self._show_state()

    def _build_empty_page(self) -> None:
        panel = self.no_tray = NoTrayPanel(self.backend, self.tasks, self.actor, self.profile,
                                           self.rules.sources)
        panel.open_requested.connect(self.open_tray)
        panel.resume_requested.connect(self.resume)
        self.open_button, self.closed_label = panel.open_button, panel.closed_label
        holder = self.empty_state.title_label.parentWidget()
        column = holder.layout() if holder is not None else None
        assert isinstance(column, QVBoxLayout)  # EmptyState's text column
        column.addSpacing(self.fontMetrics().height())
        column.addWidget(panel)

    def _build_actions(self) -> None:
        action = self.shortcut

        form = self.page.form
        self.open_action = action("openTrayAction", "Ctrl+Shift+O", self.open_tray)
        self.save_action = action("saveEnvelopeAction", "Ctrl+S", self.save)
        self.add_remittance_action = action("addRemittanceAction", "Ctrl+Shift+M",
                                            form.add_remittance)
        self.add_document_action = action("addDocumentAction", "Ctrl+Shift+D",
                                          form.add_document)
        self.remove_line_action = action(
            "removeLineAction", "Ctrl+Shift+Del",
            lambda: form.remove_line_at(QApplication.focusWidget()))
        self.close_action = action("closeTrayAction", "Ctrl+Shift+W", self.close_tray)
        self.batches_action = action("batchesAction", "Ctrl+Shift+B",
                                     self.batches.focus_table)
        self.tray_actions = [self.save_action, self.add_remittance_action,
                             self.add_document_action, self.remove_line_action,
                             self.close_action, self.batches_action]

    def _show_state(self) -> None:
        open_tray = self.tray is not None
        self.stack.setCurrentWidget(self.page if open_tray else self.empty_state)
        self.open_action.setEnabled(not open_tray)
        for act in self.tray_actions:
            act.setEnabled(open_tray)

    def _equip_document(self, line: DocumentLine) -> None:
        EntityCompleter(line.entity, self.backend, self.tasks, self.actor,
                        self.profile.entity_types.status_label, self._relay)

    # ------------------------------------------------------------------ keys

    def _relay(self, event: QKeyEvent) -> bool:
        """A shortcut of this tab typed where Qt did not deliver it (an open completer list)."""
        pressed = QKeySequence(event.keyCombination())
        for act in (self.open_action, *self.tray_actions):
            if act.isEnabled() and act.shortcut().matches(pressed) == \
                    QKeySequence.SequenceMatch.ExactMatch:
                act.trigger()
                return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._relay(event):
            super().keyPressEvent(event)

    # ------------------------------------------------------------------ the tray

    def open_tray(self) -> None:
        """Open tray… (Ctrl+Shift+O): the source and verifier dialog."""
        if self.tray is not None:
            return
        if self.open_dialog is None:
            dialog = self.open_dialog = OpenTrayDialog(
                self.backend, self.tasks, self.actor, self.profile, self.rules.sources, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.opened.connect(self._opened)
            dialog.finished.connect(self._dialog_closed)
        self.open_dialog.open()

    def _dialog_closed(self, _result: int) -> None:
        self.open_dialog = None
        self.window().activateWindow()  # the keyboard comes back to the form at once
        if self.tray is not None:
            self.page.form.arrived.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.find_open_trays()

    def find_open_trays(self) -> None:
        if self.tray is None:
            self.no_tray.find_open_trays()

    @property
    def cash_list_path(self) -> Path | None:
        """The cash list of the tray just closed."""
        return self.no_tray.cash_list_path

    def resume(self, info: SessionInfo) -> None:
        if self.tray is None:
            source = self.rules.sources.get(info.source)
            self._opened(Tray(info.id, info.number, info.source,
                              source.label if source else info.source, info.verifier))
            self._refresh_totals()
            self.page.form.arrived.setFocus()

    def _opened(self, tray: Tray) -> None:
        self.tray = tray
        self.page.source = tray.source  # the balance needs it: in-person-only speeds
        self.no_tray.clear_closed()
        self.no_tray.show_resumable([])
        self.page.bar.show_tray(tray)
        self.page.last.hide()
        self._show_state()
        self.page.form.clear_for_next()
        self.page.refresh()
        self.batches.clear_notes()
        self.batches.refresh()

    def _refresh_totals(self) -> None:
        b, actor, tray = self.backend, self.actor, self.tray
        if tray is not None:
            self.tasks.run(lambda: intake.session_totals(b.db, actor, tray.id),
                           self.page.bar.show_totals, self._refused, owner=self)

    def close_tray(self) -> None:
        """Close tray (Ctrl+Shift+W): no more envelopes; the cash list is written."""
        tray = self.tray
        if tray is None or self._saving:
            return
        text = (f"Close tray {tray.number}? No more envelopes can be logged in it, and its "
                "cash list is written for the verifier.")
        if self.page.form.has_typing():
            text += "\n\nThe envelope on the form is not saved: what is typed will be lost."
        if not confirm(self, "Close tray", text):
            return
        b, found, actor = self.backend, self.profile, self.actor
        self.tasks.run(lambda: intake.close_session(b.db, found, actor, tray.id),
                       lambda cash: self._closed(tray.id, cash), self._refused, owner=self)

    def _refused(self, error: UserError) -> None:
        """A refusal about the tray rather than a field (closed elsewhere, no permission)."""
        self.page.form.general_error.show_message(error.message)

    def _closed(self, session_id: int, cash: CashList) -> None:
        self.tray = None
        self.page.form.clear_for_next()
        self._show_state()
        self.no_tray.show_closed(session_id, cash)
        self.open_button.setFocus()
        self.find_open_trays()

    # ------------------------------------------------------------------ envelopes

    def save(self) -> None:
        """Save (Ctrl+S): log the envelope on the worker. A refusal shows at its fields and
        keeps everything typed; a success shows the control number and clears the form."""
        tray = self.tray
        if tray is None or self._saving:
            return
        form = self.page.form
        form.refusals.save_tried = True
        self.page.refresh()  # every refusal the preview knows of shows now, not only left ones
        envelope, local = form.read()
        envelope = replace(envelope, customer_id=self.customers.customer_id)
        if local:
            self._focus(form.refusals.show_save(local, set()))
            return
        self._saving = True
        form.save_button.setEnabled(False)
        b, found, actor = self.backend, self.profile, self.actor
        self.tasks.run(lambda: intake.log_envelope(b.db, found, actor, tray.id, envelope),
                       self._saved, self._save_refused, on_finally=self._save_finished,
                       owner=self)

    def _save_finished(self) -> None:
        self._saving = False
        self.page.form.save_button.setEnabled(True)

    def _save_refused(self, error: UserError) -> None:
        problems = (list(error.problems) if isinstance(error, ValidationErrors)
                    else [(error.field or "", error.message)])
        seen = {path for path, _ in self.page.problems}
        sticky = {path for path, _ in problems if path not in seen}
        self._focus(self.page.form.refusals.show_save(problems, sticky))

    @staticmethod
    def _focus(widget: QWidget | None) -> None:
        if widget is not None:
            (widget.focusProxy() or widget).setFocus()

    def _saved(self, slip: EnvelopeSlip) -> None:
        self.last_slip = slip
        self.page.last.show_slip(slip)
        self.page.form.clear_for_next()
        self.page.refresh()
        self._refresh_totals()
        self.batches.refresh()
        b = self.backend
        self.tasks.run(lambda: printouts.write_slip(b.locations, slip),
                       self._slip_written,
                       lambda error: self.page.last.show_slip_problem(error.message), owner=self)

    def _slip_written(self, path: Path) -> None:
        self.slip_path = path
        self.page.last.show_slip_file(path)
