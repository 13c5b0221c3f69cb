"""Done when: one whole USPS tray driven through the Mail Sort screens, from Open tray to the
verifier's sign-off, and every paper it printed read back.

Fields are filled directly; keystrokes are sent where they are the clerk's way of doing it
(adding lines, ticking an exception, saving, Ctrl+P on the batches list, closing the tray).
The PDFs are read back with pypdf; what the register holds is asked of the services.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from unittest.mock import patch

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.helpers import demo_password
from tests.ui.conftest import wait_idle
from tests.ui.mail_helpers import (
    CTRL,
    CTRL_SHIFT,
    QT_LOG_IGNORE,
    document,
    focused,
    mail_tab,
    open_tray,
    outcome,
    pdf_text,
    remittance,
    save_and_wait,
)
from workstation.domain.money import format_cents
from workstation.printing.control_slip import outcome_label
from workstation.services import intake, profile
from workstation.services.dto import Actor
from workstation.services.intake_dto import EnvelopeSlip
from workstation.startup import Backend
from workstation.ui.mail.sign_off import SignOffDialog
from workstation.ui.main_window import MainWindow
from workstation.ui.tabs.mail_sort import MailSortTab
from workstation.ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore(*QT_LOG_IGNORE, extend=True)

CHECKS = {"5001": 9_900, "5002": 29_900, "7001": 500, "5003": 9_900, "5004": 9_900}


@pytest.fixture
def confirm_yes() -> Iterator[None]:
    with patch("workstation.ui.tabs.mail_sort.confirm", return_value=True):
        yield


class Session:
    """The tab, and what each saved envelope left behind."""

    def __init__(self, qtbot: QtBot, tab: MailSortTab, tasks: TaskRunner):
        self.qtbot, self.tab, self.tasks = qtbot, tab, tasks
        self.slips: dict[str, tuple[EnvelopeSlip, Path]] = {}  # letter -> slip, its PDF

    def check(self, index: int, number: str, amount: str, payer: str = "") -> None:
        line = remittance(self.tab, index)
        line.check_number.setText(number)
        line.payer.setText(payer)
        line.amount.setText(amount)

    def expect(self, words: str, *documents_say: str) -> None:
        """The balance panel's outcome before Save (and what it says of the documents)."""
        balance = self.tab.page.balance
        self.qtbot.waitUntil(lambda: outcome(self.tab) == words)
        for text in documents_say:
            assert text in balance.documents.text()

    def save(self, letter: str) -> EnvelopeSlip:
        save_and_wait(self.qtbot, self.tab, self.tasks)
        slip, path = self.tab.last_slip, self.tab.slip_path
        assert slip is not None and path is not None, f"envelope ({letter}) was not saved"
        assert path.name == f"slip-{slip.control_number}.pdf"
        self.slips[letter] = (slip, path)
        return slip


def log_the_tray(session: Session) -> None:
    qtbot, tab = session.qtbot, session.tab
    form = tab.page.form
    # (a) one check, an LLC's articles of organization (form 610)
    form.customer.setText("Buckeye Holdings LLC")
    session.check(0, "5001", "99.00")
    document(tab).filing_type.setText("610")
    session.expect("Exact")
    session.save("a")
    # (b) two checks, two documents: the articles at Expedite 2 with its fee, a certificate
    form.customer.setText("Lakeview Ventures LLC")
    session.check(0, "5002", "299.00")
    qtbot.keyClick(focused(), Qt.Key.Key_M, CTRL_SHIFT)  # another remittance line
    session.check(1, "7001", "5.00", payer="Jane Lakeview")
    document(tab).filing_type.setText("610")
    document(tab).requested_level.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_2)  # Expedite 2
    qtbot.keyClick(focused(), Qt.Key.Key_D, CTRL_SHIFT)  # another document line
    document(tab, 1).filing_type.setText("OH-CGS")
    session.expect("Exact")
    assert tab.page.balance.due.text() == "$304.00"
    session.save("b")
    # (c) an expedite asked for without its fee: regular service, not a rejection
    form.customer.setText("Maple Street Bakery LLC")
    session.check(0, "5003", "99.00")
    document(tab).filing_type.setText("610")
    document(tab).requested_level.setCurrentIndex(1)
    session.expect("Exact", "without its $100.00 fee", "regular service")
    assert "gets regular service" in document(tab).note.text()
    session.save("c")
    # (d) the check is not signed: the exception is ticked with the keyboard
    form.customer.setText("Riverside Partners LLC")
    session.check(0, "5004", "99.00")
    remittance(tab).endorsed.setChecked(False)
    document(tab).filing_type.setText("610")
    view = form.exception_list
    view.setFocus()
    view.setCurrentIndex(form.exception_model.index(1, 0))  # Check not signed
    qtbot.keyClick(view, Qt.Key.Key_Space)
    session.expect("Exact")
    assert session.save("d").exceptions == ("unsigned_check",)
    # (e) a letter and nothing to file
    form.customer.setText("Jane Public")
    form.correspondence.setChecked(True)
    form.summary.setText("Asks whether her LLC is in good standing")
    session.expect("Nothing due")
    session.save("e")


def print_every_cover(qtbot: QtBot, tab: MailSortTab, tasks: TaskRunner) -> dict[str, Path]:
    panel = tab.batches
    qtbot.waitUntil(lambda: len(panel.model.rows) == 3)
    qtbot.keyClick(focused(), Qt.Key.Key_B, CTRL_SHIFT)  # to the batches list
    assert focused() is panel.table
    covers: dict[str, Path] = {}
    for row in range(panel.model.rowCount()):
        panel.table.selectRow(row)
        number = panel.selected_number()
        assert number is not None
        qtbot.keyClick(panel.table, Qt.Key.Key_P, CTRL)
        wait_idle(qtbot, tasks)
        assert panel.cover_path is not None and panel.cover_path.name == f"cover-{number}.pdf"
        assert str(panel.cover_path) in panel.cover_label.text()
        covers[number] = panel.cover_path
    return covers


def sign_off_as_senior(qtbot: QtBot, tab: MailSortTab, tasks: TaskRunner) -> None:
    panel = tab.no_tray
    qtbot.waitUntil(panel.sign_off_button.isVisible)
    panel.sign_off_button.click()
    dialog = panel.findChild(SignOffDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.username_edit.text() == "senior"  # the verifier named at Open tray
    dialog.password_edit.setText(demo_password("senior"))
    dialog.ok_button.click()
    wait_idle(qtbot, tasks)
    assert "verified by Sam Senior (senior)" in panel.verified_label.text()
    assert not panel.sign_off_button.isVisible()


def test_a_whole_usps_tray_from_opening_to_the_verifiers_sign_off(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, lead: Actor,
        window: MainWindow, confirm_yes: None) -> None:
    tab = mail_tab(window)
    open_tray(qtbot, tab, tasks, verifier="senior")
    assert tab.page.bar.verifier_label.text() == "verified by senior"
    session = Session(qtbot, tab, tasks)
    log_the_tray(session)
    wait_idle(qtbot, tasks)
    covers = print_every_cover(qtbot, tab, tasks)
    qtbot.keyClick(focused(), Qt.Key.Key_W, CTRL_SHIFT)  # Close tray
    wait_idle(qtbot, tasks)
    assert tab.tray is None and tab.cash_list_path is not None
    sign_off_as_senior(qtbot, tab, tasks)
    verified = tab.no_tray.verified_path
    assert verified is not None and str(verified) in tab.no_tray.verified_label.text()

    # The papers, read back.
    control = {letter: slip.control_number for letter, (slip, _) in session.slips.items()}
    for slip, path in session.slips.values():
        text = pdf_text(path.read_bytes())
        assert slip.control_number in text
        assert outcome_label(slip.outcome) in text
    db, found = sqlite_backend.db, profile.load()
    for number, path in covers.items():
        text = pdf_text(path.read_bytes())
        assert number in text
        for item in intake.batch_cover(db, found, lead, number).items:
            assert item.control_number in text
    total = format_cents(sum(CHECKS.values()))
    assert total == "$601.00"
    for path in (tab.cash_list_path, verified):
        assert path is not None
        text = pdf_text(path.read_bytes())
        assert all(number in text for number in CHECKS)
        assert total in text
    assert verified.name.endswith("-verified.pdf")

    # What the register holds: a batch per class, the expedite one apart.
    held = {}
    for row in intake.open_batches(db, lead):
        items = intake.batch_cover(db, found, lead, row.number).items
        held[(row.service_type, row.service_level, row.work_level)] = sorted(
            (item.control_number, item.document_label) for item in items)
    articles, certificate = found.filing_type_label("OH-610"), found.filing_type_label("OH-CGS")
    assert held == {
        ("corporate", "regular", 2): sorted((control[x], articles) for x in "acd"),
        ("corporate", "expedite_2", 2): [(control["b"], articles)],
        ("certification", "regular", 1): [(control["b"], certificate)],
    }
    # The letter filed nothing and became an inquiry (no service reads inquiries back yet).
    letter = intake.envelope_slip(db, found, lead, control["e"])
    assert letter.correspondence_only and letter.documents == ()
    assert letter.outcome == "nothing_due"
