"""The Inquiry Queue tab: the queue page, logging a contact by keyboard, Get next, importing
saved e-mail (file dialog and drag and drop), and who else has an item open."""

from __future__ import annotations

from pathlib import Path
from unittest.mock import patch

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.helpers import demo_password
from tests.ui.conftest import wait_idle
from tests.ui.mail_helpers import QT_LOG_IGNORE
from workstation.services import auth, inquiries, inquiry_queue, inquiry_read, profile
from workstation.services.inquiry_dto import NewInquiry
from workstation.startup import Backend
from workstation.ui.inquiry.detail import InquiryWindow
from workstation.ui.inquiry.log_contact import LogContactDialog
from workstation.ui.main_window import MainWindow
from workstation.ui.tabs.inquiry_queue import InquiryQueueTab
from workstation.ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore(*QT_LOG_IGNORE, "propagateSizeHints", extend=True)
MAIL = Path(__file__).resolve().parents[1] / "fixtures" / "mail"
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
P = profile.load()


@pytest.fixture
def tab(qtbot: QtBot, window: MainWindow, tasks: TaskRunner) -> InquiryQueueTab:
    window.tabs.setCurrentIndex(1)
    found = window.tabs.currentWidget()
    assert isinstance(found, InquiryQueueTab)
    wait_idle(qtbot, tasks)
    return found


def test_a_phone_call_is_logged_in_three_keystrokes_plus_the_text(
        qtbot: QtBot, tab: InquiryQueueTab, tasks: TaskRunner) -> None:
    keystrokes = 0

    def key(widget: object, k: Qt.Key, mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
            ) -> None:
        nonlocal keystrokes
        keystrokes += 1
        qtbot.keyClick(widget, k, mods)  # type: ignore[arg-type]

    key(tab.window(), Qt.Key.Key_P, CTRL_SHIFT)
    dialog = tab.findChild(LogContactDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.requester_edit)
    qtbot.keyClicks(dialog.requester_edit, "Jane Public")
    key(dialog.requester_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.text_edit
    qtbot.keyClicks(dialog.text_edit, "Asked the fee for a certificate of good standing.")
    key(dialog.text_edit, Qt.Key.Key_Return, CTRL)
    wait_idle(qtbot, tasks)
    assert keystrokes == 3
    qtbot.waitUntil(lambda: tab.findChild(LogContactDialog) is None)  # closed and gone
    wait_idle(qtbot, tasks)
    [row] = tab.model.rows
    assert (row.requester, row.channel, row.status) == ("Jane Public", "phone", "new")
    assert tab.model.text(row, "due").startswith(("in ", "OVERDUE"))


def test_bad_input_stays_in_the_dialog_with_the_message_at_the_field(
        qtbot: QtBot, tab: InquiryQueueTab, tasks: TaskRunner) -> None:
    dialog = tab.log_contact()
    dialog.text_edit.setPlainText("Something was asked")
    dialog.submit()
    wait_idle(qtbot, tasks)
    assert dialog.isVisible() and dialog.errors["requester"].isVisible()
    assert dialog.text_edit.toPlainText() == "Something was asked"  # nothing lost
    dialog.requester_edit.setText("Walk-in visitor")
    dialog.answered_box.setChecked(True)
    dialog.submit()
    wait_idle(qtbot, tasks)
    qtbot.waitUntil(lambda: tab.findChild(LogContactDialog) is None)
    wait_idle(qtbot, tasks)
    assert tab.model.rows == []  # answered at the counter: finished, not in the open queue
    tab.view_combo.setCurrentIndex(tab.view_combo.findData("done"))
    wait_idle(qtbot, tasks)
    assert [r.requester for r in tab.model.rows] == ["Walk-in visitor"]


def test_get_next_claims_the_most_urgent_and_opens_it(
        qtbot: QtBot, tab: InquiryQueueTab, tasks: TaskRunner, sqlite_backend: Backend) -> None:
    clerk = auth.sign_in(sqlite_backend.db, sqlite_backend.policy, "clerk",
                         demo_password("clerk"))
    db = sqlite_backend.db
    inquiries.log_contact(db, P, clerk, NewInquiry("phone", "A Caller", "Status please"))
    urgent, number = inquiries.log_contact(db, P, clerk, NewInquiry(
        "mail", "Angry Writer", "This is a complaint.", category="complaint"))
    qtbot.keyClick(tab.window(), Qt.Key.Key_G, CTRL)
    wait_idle(qtbot, tasks)
    window = tab.windows.get(urgent)
    assert isinstance(window, InquiryWindow) and window.isVisible()
    assert inquiry_read.detail(db, P, clerk, urgent).owner == "lead"
    row = next(r for r in tab.model.rows if r.id == urgent)
    assert row.owner == "lead" and row.number == number
    window.close()
    wait_idle(qtbot, tasks)
    inquiry_queue.claim(db, clerk, next(r.id for r in tab.model.rows if r.id != urgent))
    tab.next_button.click()
    wait_idle(qtbot, tasks)
    assert "Nothing is waiting" in tab.message.text()


def test_saved_email_is_imported_from_the_dialog_and_by_dropping(
        qtbot: QtBot, tab: InquiryQueueTab, tasks: TaskRunner) -> None:
    first = MAIL / "law_firm_status_request.eml"
    with patch("workstation.ui.tabs.inquiry_queue.choose_mail_files",
               return_value=[str(first)]):
        qtbot.keyClick(tab.window(), Qt.Key.Key_I, CTRL)
        wait_idle(qtbot, tasks)
    [done] = tab.last_import
    assert not done.duplicate and done.number in tab.import_label.text()
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(first)),
                  QUrl.fromLocalFile(str(MAIL / "webmail_html_complaint.eml"))])
    drop = QDropEvent(QPoint(5, 5), Qt.DropAction.CopyAction, data,
                      Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    tab.dropEvent(drop)
    wait_idle(qtbot, tasks)
    again, html = tab.last_import
    assert again.duplicate and again.inquiry_id == done.inquiry_id
    assert not html.duplicate
    assert {r.channel for r in tab.model.rows} == {"email"} and len(tab.model.rows) == 2


def test_who_else_has_an_item_open_shows_in_the_list(
        qtbot: QtBot, tab: InquiryQueueTab, tasks: TaskRunner, sqlite_backend: Backend) -> None:
    db = sqlite_backend.db
    senior = auth.sign_in(db, sqlite_backend.policy, "senior", demo_password("senior"))
    inquiry_id, _ = inquiries.log_contact(db, P, senior, NewInquiry("phone", "Caller", "Hi"))
    inquiry_queue.heartbeat(db, senior, inquiry_id, "composing")
    tab.refresh()
    wait_idle(qtbot, tasks)
    [row] = tab.model.rows
    assert tab.model.text(row, "presence") == "✎ senior"
    assert tab.timer.isActive() and tab.timer.interval() <= 10_000


def test_the_status_filter_and_an_outlook_file_without_its_package(
        qtbot: QtBot, tab: InquiryQueueTab, tasks: TaskRunner, sqlite_backend: Backend,
        tmp_path: Path) -> None:
    db = sqlite_backend.db
    clerk = auth.sign_in(db, sqlite_backend.policy, "clerk", demo_password("clerk"))
    waiting, _ = inquiries.log_contact(db, P, clerk, NewInquiry("phone", "Waiting", "Hi"))
    inquiries.log_contact(db, P, clerk, NewInquiry("phone", "Fresh", "Hello"))
    inquiries.set_status(db, P, clerk, waiting, "waiting_on_customer", "asked for the number")
    tab.status_combo.setCurrentIndex(tab.status_combo.findData("waiting_on_customer"))
    wait_idle(qtbot, tasks)
    assert [r.id for r in tab.model.rows] == [waiting]
    assert tab.model.text(tab.model.rows[0], "due") == "paused (waiting)"
    outlook = tmp_path / "letter.msg"
    outlook.write_bytes(b"\xd0\xcf\x11\xe0 not really")
    try:
        import extract_msg  # type: ignore[import-not-found]  # noqa: F401
        pytest.skip("extract-msg is installed here")
    except ImportError:
        pass
    tab.import_files([outlook])
    wait_idle(qtbot, tasks)
    assert "extract-msg" in tab.message.text()
