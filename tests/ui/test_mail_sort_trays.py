"""Mail Sort around the envelopes: resuming a tray left open, the open batches under the form
and their cover sheets, and the verifier's sign-off of a closed tray."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from unittest.mock import patch

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from tests.helpers import demo_password
from tests.ui.conftest import LONG_IDLE_MS, wait_idle
from tests.ui.mail_helpers import (
    CTRL,
    CTRL_SHIFT,
    QT_LOG_IGNORE,
    document,
    fill,
    focused,
    mail_tab,
    open_tray,
    pdf_text,
    save_and_wait,
)
from workstation.services import auth, intake, profile
from workstation.services.dto import Actor
from workstation.services.intake_dto import BatchRow
from workstation.services.intake_rules import EnvelopeInput, RemittanceInput
from workstation.startup import Backend
from workstation.ui import theme
from workstation.ui.mail.batches import BatchModel
from workstation.ui.mail.sign_off import SignOffDialog
from workstation.ui.main_window import MainWindow
from workstation.ui.tabs.mail_sort import MailSortTab
from workstation.ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore(*QT_LOG_IGNORE, extend=True)


@pytest.fixture
def tab(window: MainWindow) -> MailSortTab:
    return mail_tab(window)


@pytest.fixture
def confirm_yes() -> Iterator[None]:
    with patch("workstation.ui.tabs.mail_sort.confirm", return_value=True):
        yield


# ---------------------------------------------------------------------- resuming a tray


@pytest.fixture
def left_open(sqlite_backend: Backend, lead: Actor) -> tuple[int, str]:
    """Before the lead signs in: a tray of theirs with one envelope, and a clerk's tray that
    the lead only verifies."""
    db, found = sqlite_backend.db, profile.load()
    clerk = auth.sign_in(db, sqlite_backend.policy, "clerk", demo_password("clerk"))
    intake.open_session(db, found, clerk, "courier", "lead")
    opened = intake.open_session(db, found, lead, "usps", "senior")
    intake.log_envelope(db, found, lead, opened[0], EnvelopeInput(
        arrived_at=datetime.now().astimezone(), customer_name="Jane Public",
        remittances=(RemittanceInput(amount="25.00", payer="Jane Public", check_number="77"),)))
    return opened


@pytest.fixture
def signed_in(qtbot: QtBot, left_open: tuple[int, str], sqlite_backend: Backend,
              tasks: TaskRunner, lead: Actor) -> MailSortTab:
    """The lead's window, made (as at sign-in) after the trays were left open."""
    win = MainWindow(sqlite_backend, tasks, lead, idle_interval_ms=LONG_IDLE_MS)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitActive(win)
    wait_idle(qtbot, tasks)
    return mail_tab(win)


def test_the_clerks_open_tray_is_offered_to_resume(
        qtbot: QtBot, signed_in: MailSortTab, left_open: tuple[int, str],
        tasks: TaskRunner) -> None:
    tab, number = signed_in, left_open[1]
    buttons = tab.no_tray.resume_buttons
    assert len(buttons) == 1  # the clerk's tray is the lead's to verify, not to log in
    assert buttons[0].isVisible()
    assert buttons[0].text().startswith(f"&Resume tray {number} (USPS mail, opened ")
    buttons[0].click()
    wait_idle(qtbot, tasks)
    assert tab.tray is not None and tab.tray.number == number
    assert tab.stack.currentWidget() is tab.page
    assert tab.page.bar.tray_label.text() == f"Tray {number} · USPS mail"
    assert tab.page.bar.verifier_label.text() == "verified by Sam Senior"
    assert tab.page.bar.totals_label.text() == "1 envelope · 0 documents · 1 payment · $25.00"
    assert focused() is tab.page.form.arrived
    fill(tab)
    save_and_wait(qtbot, tab, tasks)
    assert tab.last_slip is not None and tab.last_slip.session_number == number


def test_a_closed_tray_is_no_longer_offered(qtbot: QtBot, signed_in: MailSortTab,
                                            tasks: TaskRunner, confirm_yes: None) -> None:
    tab = signed_in
    tab.no_tray.resume_buttons[0].click()
    wait_idle(qtbot, tasks)
    tab.close_action.trigger()
    wait_idle(qtbot, tasks)
    assert tab.tray is None
    assert tab.no_tray.resume_buttons == []
    assert "closed: 1 envelope, 1 payment, $25.00" in tab.closed_label.text()


def test_no_resume_buttons_without_open_trays(qtbot: QtBot, tab: MailSortTab,
                                              tasks: TaskRunner) -> None:
    wait_idle(qtbot, tasks)
    assert tab.no_tray.resume_buttons == []
    assert tab.open_button.isVisible()


def test_a_tray_closed_by_someone_else_waits_for_the_verifiers_sign_off(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, lead: Actor) -> None:
    """The clerk closed the tray and went home; the lead, its verifier, signs it off later."""
    db, found = sqlite_backend.db, profile.load()
    clerk = auth.sign_in(db, sqlite_backend.policy, "clerk", demo_password("clerk"))
    session_id, number = intake.open_session(db, found, clerk, "usps", "lead")
    intake.log_envelope(db, found, clerk, session_id, EnvelopeInput(
        arrived_at=datetime.now().astimezone(), customer_name="Jane Public",
        remittances=(RemittanceInput(amount="40.00", payer="Jane Public", check_number="78"),)))
    intake.close_session(db, found, clerk, session_id)
    win = MainWindow(sqlite_backend, tasks, lead, idle_interval_ms=LONG_IDLE_MS)
    qtbot.addWidget(win)
    win.show()
    wait_idle(qtbot, tasks)
    tab = mail_tab(win)
    [button] = tab.no_tray.pending_buttons
    assert button.isVisible() and tab.no_tray.resume_buttons == []
    assert button.text().startswith(f"Sign off tray {number} (USPS mail, closed ")
    assert button.text().endswith("verifier Lee Lead)…")
    button.click()
    dialog = tab.no_tray.findChild(SignOffDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.username_edit.text() == "lead"
    dialog.password_edit.setText(demo_password("lead"))
    dialog.ok_button.click()
    wait_idle(qtbot, tasks)
    assert f"Tray {number} verified by" in tab.no_tray.verified_label.text()
    assert tab.no_tray.pending_buttons == []  # signed off: no longer waiting
    verified = tab.no_tray.verified_path
    assert verified is not None and "$40.00" in pdf_text(verified.read_bytes())
    assert intake.awaiting_sign_off(db, clerk) == []


# ---------------------------------------------------------------------- the open batches


def row_of(tab: MailSortTab, number: str) -> int:
    return [row.number for row in tab.batches.model.rows].index(number)


def test_batches_refresh_after_each_save_expedite_marked_in_words(
        qtbot: QtBot, tab: MailSortTab, tasks: TaskRunner) -> None:
    open_tray(qtbot, tab, tasks)
    panel = tab.batches
    assert panel.model.rowCount() == 0 and "none yet" in panel.summary.text()
    fill(tab, amount="299.00")
    document(tab).requested_level.setCurrentIndex(2)
    save_and_wait(qtbot, tab, tasks)
    fill(tab, check="1043")
    save_and_wait(qtbot, tab, tasks)
    model = panel.model
    assert model.rowCount() == 2
    urgent, regular = (model.index(r, c) for r, c in ((0, 0), (1, 0)))  # expedite first
    texts = [[model.index(r, c).data() for c in range(6)] for r in range(2)]
    assert texts[0][1:5] == ["Corporate · Expedite 2 · level 2", "1", "1", "$299.00"]
    assert texts[0][5].startswith("EXPEDITE — due ")
    assert texts[1][1:] == ["Corporate · Regular · level 2", "1", "1", "$99.00", "Regular"]
    font = urgent.data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()
    assert urgent.data(Qt.ItemDataRole.ForegroundRole) == QColor(theme.URGENT_TEXT)
    assert regular.data(Qt.ItemDataRole.FontRole) is None
    assert panel.summary.text() == "2 open · 1 expedite · 2 documents"


def test_ctrl_p_on_the_batches_list_writes_the_cover_sheet(
        qtbot: QtBot, tab: MailSortTab, tasks: TaskRunner) -> None:
    open_tray(qtbot, tab, tasks)
    fill(tab)
    save_and_wait(qtbot, tab, tasks)
    assert tab.last_slip is not None
    number = tab.last_slip.documents[0].batch_number
    assert number is not None
    qtbot.keyClick(focused(), Qt.Key.Key_P, CTRL)  # not on the list: nothing
    wait_idle(qtbot, tasks)
    assert tab.batches.cover_path is None
    qtbot.keyClick(focused(), Qt.Key.Key_B, CTRL_SHIFT)
    assert focused() is tab.batches.table
    assert tab.batches.selected_number() == number
    qtbot.keyClick(focused(), Qt.Key.Key_P, CTRL)
    wait_idle(qtbot, tasks)
    path = tab.batches.cover_path
    assert path == tab.backend.locations.data_dir / "print" / f"cover-{number}.pdf"
    assert path.read_bytes().startswith(b"%PDF")
    assert tab.batches.cover_label.text() == f"Cover sheet {number}: {path}"


def test_print_without_a_batch_says_so_at_the_list(qtbot: QtBot, tab: MailSortTab,
                                                   tasks: TaskRunner) -> None:
    open_tray(qtbot, tab, tasks)
    tab.batches.print_button.click()
    assert tab.batches.error.isVisible()
    assert tab.batches.error.text() == "Choose a batch in the list first."
    assert not tasks.busy


def batch(number: str, level: str = "regular") -> BatchRow:
    due = datetime.now().astimezone() if level != "regular" else None
    return BatchRow(1, number, "ucc", level, 1, "open", 2, 5, 1000, due)


def test_the_batch_under_the_cursor_stays_under_it(qtbot: QtBot, tab: MailSortTab,
                                                   qtmodeltester: ModelTester) -> None:
    panel = tab.batches
    panel.show_rows([batch("B0000011"), batch("B0000022")])
    qtmodeltester.check(panel.model)
    panel.select("B0000022")
    panel.show_rows([batch("B0000033", "expedite_1"), batch("B0000011"), batch("B0000022")])
    assert panel.selected_number() == "B0000022"
    assert panel.model.index(0, 1).data() == "UCC · Expedite 1 · level 1"
    qtmodeltester.check(BatchModel())


# ---------------------------------------------------------------------- verifier sign-off


def close_a_money_tray(qtbot: QtBot, tab: MailSortTab, tasks: TaskRunner,
                       verifier: str = "senior") -> SignOffDialog:
    open_tray(qtbot, tab, tasks, verifier=verifier)
    fill(tab)
    save_and_wait(qtbot, tab, tasks)
    tab.close_action.trigger()
    wait_idle(qtbot, tasks)
    assert tab.no_tray.sign_off_button.isVisible()
    tab.no_tray.sign_off_button.click()
    dialog = tab.no_tray.findChild(SignOffDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: focused() is dialog.password_edit)  # the name is filled in
    return dialog


def test_a_wrong_password_shows_at_the_password(qtbot: QtBot, tab: MailSortTab,
                                                tasks: TaskRunner, confirm_yes: None) -> None:
    dialog = close_a_money_tray(qtbot, tab, tasks)
    assert dialog.username_edit.text() == "senior"
    dialog.password_edit.setText("not the password")
    dialog.ok_button.click()
    wait_idle(qtbot, tasks)
    assert dialog.isVisible() and dialog.password_error.isVisible()
    assert not dialog.username_error.isVisible()
    assert dialog.password_edit.text() == "" and focused() is dialog.password_edit
    assert tab.no_tray.verified_path is None


def test_only_the_named_verifier_signs_off(qtbot: QtBot, tab: MailSortTab, tasks: TaskRunner,
                                           confirm_yes: None) -> None:
    dialog = close_a_money_tray(qtbot, tab, tasks)
    dialog.username_edit.setText("clerk")
    dialog.password_edit.setText(demo_password("clerk"))
    dialog.ok_button.click()
    wait_idle(qtbot, tasks)
    assert dialog.username_error.isVisible()
    assert "Only the second person named" in dialog.username_error.text()
    assert focused() is dialog.username_edit
    dialog.username_edit.setText("senior")
    dialog.password_edit.setText(demo_password("senior"))
    dialog.ok_button.click()
    wait_idle(qtbot, tasks)
    qtbot.waitUntil(lambda: tab.no_tray.findChild(SignOffDialog) is None)  # accepted, gone
    path = tab.no_tray.verified_path
    assert path is not None and path.name.endswith("-verified.pdf")
    assert "verified by Sam Senior (senior)" in tab.no_tray.verified_label.text()


def test_a_tray_still_open_is_not_signed_off(qtbot: QtBot, tab: MailSortTab,
                                             tasks: TaskRunner) -> None:
    open_tray(qtbot, tab, tasks, verifier="senior")
    assert tab.tray is not None
    dialog = SignOffDialog(tab.backend, tasks, tab.profile, tab.tray.id, tab.tray.number,
                           "senior", tab)
    qtbot.addWidget(dialog)
    dialog.password_edit.setText(demo_password("senior"))
    dialog.submit()
    wait_idle(qtbot, tasks)
    assert dialog.general_error.text() == "Close the tray before its cash list is verified."
    assert not dialog.username_error.isVisible() and not dialog.password_error.isVisible()


def test_a_tray_without_money_has_no_sign_off(qtbot: QtBot, tab: MailSortTab,
                                              tasks: TaskRunner, confirm_yes: None) -> None:
    open_tray(qtbot, tab, tasks, source="walk_in", verifier="")
    tab.close_action.trigger()
    wait_idle(qtbot, tasks)
    assert tab.cash_list_path is not None
    assert not tab.no_tray.sign_off_button.isVisible()


def test_locking_closes_the_tray_dialogs_and_their_passwords(
        qtbot: QtBot, tab: MailSortTab, tasks: TaskRunner, window: MainWindow,
        confirm_yes: None) -> None:
    dialog = close_a_money_tray(qtbot, tab, tasks)
    dialog.password_edit.setText("half typed")
    window.lock()  # the idle timer's lock: the dialog has the keyboard, not the window
    assert window.locked
    assert not dialog.isVisible()  # no verifier's password waits over the lock page
    window.lock_page.password_edit.setText(demo_password("lead"))
    window.lock_page.password_edit.returnPressed.emit()
    qtbot.waitUntil(lambda: not window.locked)
    assert tab.no_tray.sign_off_button.isVisible()  # the sign-off is still to do
    tab.open_tray()
    opening = tab.open_dialog
    assert opening is not None and opening.isVisible()
    window.lock()
    assert not opening.isVisible() and tab.open_dialog is None
