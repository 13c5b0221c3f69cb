"""Voiding a line from the envelope window a scanned slip opened: a document with a reason, a
money line only with a lead's approval (signed in on the clerk's screen)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.helpers import demo_password
from tests.ui.conftest import LONG_IDLE_MS, wait_idle
from tests.ui.mail_helpers import QT_LOG_IGNORE
from workstation.services import auth, intake, profile
from workstation.services.dto import Actor
from workstation.services.intake_dto import EnvelopeSlip
from workstation.services.intake_rules import DocumentInput, EnvelopeInput, RemittanceInput
from workstation.startup import Backend
from workstation.ui.mail.scan_dialogs import EnvelopeDialog
from workstation.ui.mail.void_line import VoidLineDialog
from workstation.ui.main_window import MainWindow
from workstation.ui.tasks import TaskRunner
from workstation.ui.widgets.scanner import ScanFilter, install

pytestmark = pytest.mark.qt_log_ignore(*QT_LOG_IGNORE, extend=True)


@pytest.fixture
def scan_filter(qapp: QApplication) -> Iterator[ScanFilter]:
    found = install(qapp)
    yield found
    found.uninstall()


@pytest.fixture
def logged(sqlite_backend: Backend, lead: Actor) -> EnvelopeSlip:
    db, found = sqlite_backend.db, profile.load()
    session_id, _ = intake.open_session(db, found, lead, "usps", "clerk")
    return intake.log_envelope(db, found, lead, session_id, EnvelopeInput(
        arrived_at=datetime.now().astimezone(), customer_name="Buckeye Holdings LLC",
        remittances=(RemittanceInput(amount="99.00", payer="Buckeye Holdings LLC",
                                     check_number="1042"),),
        documents=(DocumentInput(filing_type="610"),)))


def envelope_window(qtbot: QtBot, backend: Backend, tasks: TaskRunner, actor: Actor,
                    scan_filter: ScanFilter, control: str) -> EnvelopeDialog:
    win = MainWindow(backend, tasks, actor, idle_interval_ms=LONG_IDLE_MS)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitActive(win)
    scan_filter.scanned.emit(control)
    wait_idle(qtbot, tasks)
    dialog = win.scan_desk.dialog
    assert isinstance(dialog, EnvelopeDialog) and dialog.isVisible()
    return dialog


def void_dialog(qtbot: QtBot, dialog: EnvelopeDialog, kind: str, line_id: int
                ) -> VoidLineDialog:
    lines = dialog.money if kind == "remittance" else dialog.documents
    lines.buttons[line_id].click()
    found = dialog.void_dialog
    assert isinstance(found, VoidLineDialog) and found.isVisible()
    return found


def submit(qtbot: QtBot, tasks: TaskRunner, dialog: VoidLineDialog) -> None:
    dialog.ok_button.click()
    wait_idle(qtbot, tasks)


def test_a_document_line_is_voided_with_a_reason(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, lead: Actor,
        scan_filter: ScanFilter, logged: EnvelopeSlip) -> None:
    window = envelope_window(qtbot, sqlite_backend, tasks, lead, scan_filter,
                             logged.control_number)
    line_id = logged.documents[0].id
    dialog = void_dialog(qtbot, window, "document", line_id)
    assert not dialog.approver_edit.isVisible()  # a document needs no approval
    submit(qtbot, tasks, dialog)
    assert dialog.reason_error.isVisible() and dialog.isVisible()  # no reason: refused there
    dialog.reason_edit.setText("Customer withdrew the filing")
    submit(qtbot, tasks, dialog)
    qtbot.waitUntil(lambda: window.void_dialog is None)
    assert window.slip.documents[0].voided
    assert window.documents.labels[line_id].text().endswith("(voided)")
    assert line_id not in window.documents.buttons  # nothing left to void
    assert logged.remittances[0].id in window.money.buttons
    slip = intake.envelope_slip(sqlite_backend.db, profile.load(), lead, logged.control_number)
    assert slip.documents[0].voided and not slip.remittances[0].voided


def test_a_money_line_is_voided_with_the_leads_approval(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, scan_filter: ScanFilter,
        logged: EnvelopeSlip) -> None:
    b = sqlite_backend
    clerk = auth.sign_in(b.db, b.policy, "clerk", demo_password("clerk"))
    window = envelope_window(qtbot, b, tasks, clerk, scan_filter, logged.control_number)
    line_id = logged.remittances[0].id
    dialog = void_dialog(qtbot, window, "remittance", line_id)
    dialog.reason_edit.setText("Check returned to the sender")
    dialog.approver_edit.setText("lead")
    dialog.password_edit.setText("not the password")
    submit(qtbot, tasks, dialog)
    assert dialog.password_error.isVisible() and not dialog.approver_error.isVisible()
    assert dialog.password_edit.text() == ""
    assert not window.slip.remittances[0].voided
    dialog.password_edit.setText(demo_password("lead"))
    submit(qtbot, tasks, dialog)
    qtbot.waitUntil(lambda: window.void_dialog is None)
    assert window.slip.remittances[0].voided
    assert window.money.labels[line_id].text().endswith("(voided)")
    assert line_id not in window.money.buttons


def test_a_clerk_cannot_approve_voiding_money(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, lead: Actor,
        scan_filter: ScanFilter, logged: EnvelopeSlip) -> None:
    window = envelope_window(qtbot, sqlite_backend, tasks, lead, scan_filter,
                             logged.control_number)
    dialog = void_dialog(qtbot, window, "remittance", logged.remittances[0].id)
    dialog.reason_edit.setText("Check returned to the sender")
    dialog.approver_edit.setText("lead")
    dialog.password_edit.setText(demo_password("lead"))
    submit(qtbot, tasks, dialog)
    assert dialog.approver_error.isVisible()
    assert "someone else" in dialog.approver_error.text()
    dialog.approver_edit.setText("clerk")
    dialog.password_edit.setText(demo_password("clerk"))
    submit(qtbot, tasks, dialog)
    assert dialog.approver_error.isVisible() and not dialog.general_error.isVisible()
    assert "clerk" in dialog.approver_error.text().lower()
    assert dialog.isVisible() and not window.slip.remittances[0].voided
