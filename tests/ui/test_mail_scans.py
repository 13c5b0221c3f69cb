"""A scanned control slip or batch cover sheet opens what it names, wherever the clerk is.

The scanner itself is tested in test_scanner.py; here ``scanned`` is emitted on an installed
filter, as a recognised scan would.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import LONG_IDLE_MS, wait_idle
from tests.ui.mail_helpers import QT_LOG_IGNORE, pdf_text
from workstation.services import intake, profile
from workstation.services.dto import Actor
from workstation.services.intake_dto import EnvelopeSlip
from workstation.services.intake_rules import DocumentInput, EnvelopeInput, RemittanceInput
from workstation.startup import Backend
from workstation.ui.mail.scan_dialogs import BatchDialog, EnvelopeDialog
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
def scan_window(qtbot: QtBot, scan_filter: ScanFilter, sqlite_backend: Backend,
                tasks: TaskRunner, lead: Actor) -> MainWindow:
    """The lead's window, made after the filter is installed (as main_gui does)."""
    win = MainWindow(sqlite_backend, tasks, lead, idle_interval_ms=LONG_IDLE_MS)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitActive(win)
    return win


@pytest.fixture
def logged(sqlite_backend: Backend, lead: Actor) -> EnvelopeSlip:
    """One envelope logged through the services: a check and an LLC's articles at Expedite 1."""
    db, found = sqlite_backend.db, profile.load()
    session_id, _ = intake.open_session(db, found, lead, "usps", "clerk")
    envelope = EnvelopeInput(
        arrived_at=datetime.now().astimezone(), customer_name="Buckeye Holdings LLC",
        remittances=(RemittanceInput(amount="199.00", payer="Buckeye Holdings LLC",
                                     check_number="1042"),),
        documents=(DocumentInput(filing_type="610", requested_level="expedite_1"),))
    return intake.log_envelope(db, found, lead, session_id, envelope)


def scan(qtbot: QtBot, scan_filter: ScanFilter, tasks: TaskRunner, code: str) -> None:
    scan_filter.scanned.emit(code)
    wait_idle(qtbot, tasks)


def test_a_scanned_control_slip_shows_the_envelope_and_prints_its_slip(
        qtbot: QtBot, scan_window: MainWindow, scan_filter: ScanFilter, tasks: TaskRunner,
        logged: EnvelopeSlip) -> None:
    scan(qtbot, scan_filter, tasks, logged.control_number.lower())  # a scanner's lower case
    dialog = scan_window.scan_desk.dialog
    assert isinstance(dialog, EnvelopeDialog) and dialog.isVisible()
    assert dialog.number.text() == logged.control_number
    assert dialog.slip.customer == "Buckeye Holdings LLC"
    assert dialog.outcome.text().startswith("Exact")
    batch = logged.documents[0].batch_number
    assert batch is not None and f"Expedite 1 · batch {batch}" in dialog.documents.text()
    dialog.print_button.click()
    wait_idle(qtbot, tasks)
    assert dialog.path is not None and dialog.path.name == f"slip-{logged.control_number}.pdf"
    assert logged.control_number in pdf_text(dialog.path.read_bytes())
    assert str(dialog.path) in dialog.path_label.text()


def test_a_scanned_cover_sheet_shows_the_batch_and_prints_it_again(
        qtbot: QtBot, scan_window: MainWindow, scan_filter: ScanFilter, tasks: TaskRunner,
        logged: EnvelopeSlip) -> None:
    batch = logged.documents[0].batch_number
    assert batch is not None
    scan(qtbot, scan_filter, tasks, batch)
    dialog = scan_window.scan_desk.dialog
    assert isinstance(dialog, BatchDialog) and dialog.isVisible()
    assert dialog.number.text() == batch
    assert dialog.items.rowCount() == 1
    first = dialog.items.item(0, 0)
    assert first is not None and first.text() == logged.control_number
    dialog.print_button.click()
    wait_idle(qtbot, tasks)
    assert dialog.path is not None and dialog.path.name == f"cover-{batch}.pdf"
    text = pdf_text(dialog.path.read_bytes())
    assert batch in text and logged.control_number in text
    # A second scan replaces the window the first one opened.
    scan(qtbot, scan_filter, tasks, logged.control_number)
    assert isinstance(scan_window.scan_desk.dialog, EnvelopeDialog)
    qtbot.waitUntil(lambda: len(scan_window.findChildren(BatchDialog)) == 0)


@pytest.mark.parametrize("code", ["X1234567", "M99999990", "B9999990"])
def test_an_unknown_number_is_said_on_the_status_bar(
        qtbot: QtBot, scan_window: MainWindow, scan_filter: ScanFilter, tasks: TaskRunner,
        code: str) -> None:
    scan(qtbot, scan_filter, tasks, code)
    assert scan_window.scan_desk.dialog is None
    assert scan_window.statusBar().currentMessage() == \
        f"No envelope or batch has the number {code}."


def test_nothing_happens_while_the_screen_is_locked(
        qtbot: QtBot, scan_window: MainWindow, scan_filter: ScanFilter, tasks: TaskRunner,
        logged: EnvelopeSlip) -> None:
    scan(qtbot, scan_filter, tasks, logged.control_number)
    assert scan_window.scan_desk.dialog is not None
    scan_window.lock()
    wait_idle(qtbot, tasks)
    assert scan_window.scan_desk.dialog is None  # it showed work: it went with the lock
    qtbot.waitUntil(lambda: len(scan_window.findChildren(EnvelopeDialog)) == 0)
    scan_filter.scanned.emit(logged.control_number)
    scan_filter.scanned.emit("X1234567")
    assert not tasks.busy
    assert scan_window.scan_desk.dialog is None
    assert scan_window.statusBar().currentMessage() == ""


def test_a_window_without_a_scan_filter_still_works(window: MainWindow) -> None:
    assert window.scan_desk.dialog is None  # nothing installed, nothing connected
