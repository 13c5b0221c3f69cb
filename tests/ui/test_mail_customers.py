"""Mail Sort: the Customer field offers the customers already on file; picking one logs the
envelope against that customer."""

from __future__ import annotations

from unittest.mock import patch

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.conftest import wait_idle
from tests.ui.mail_helpers import (
    QT_LOG_IGNORE,
    document,
    fill,
    mail_tab,
    open_tray,
    remittance,
    save_and_wait,
)
from workstation.services import intake, profile
from workstation.startup import Backend
from workstation.ui.main_window import MainWindow
from workstation.ui.tabs.mail_sort import MailSortTab
from workstation.ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore(*QT_LOG_IGNORE, extend=True)
NAME = "Baker & Hostetler LLP"


@pytest.fixture
def tab(window: MainWindow) -> MailSortTab:
    return mail_tab(window)


def test_a_customer_on_file_is_picked_from_the_list(qtbot: QtBot, tab: MailSortTab,
                                                    tasks: TaskRunner,
                                                    sqlite_backend: Backend) -> None:
    open_tray(qtbot, tab, tasks)
    fill(tab, customer=NAME)
    save_and_wait(qtbot, tab, tasks)
    assert tab.last_slip is not None
    edit, completer = tab.page.form.customer, tab.customers
    edit.setFocus()
    qtbot.keyClicks(edit, "bak")
    popup = completer.popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)  # after the pause, from the worker
    wait_idle(qtbot, tasks)
    assert completer.shown() == [NAME]
    assert completer.customer_id is None
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not popup.isVisible())
    assert edit.text() == NAME and completer.customer_id is not None
    picked = completer.customer_id
    qtbot.keyClicks(edit, "x")  # typing on: another name, not that customer
    assert completer.customer_id is None
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert completer.customer_id is None
    completer.activated.emit(NAME)  # picked again
    assert completer.customer_id == picked
    remittance(tab).check_number.setText("2001")
    remittance(tab).amount.setText("99.00")
    document(tab).filing_type.setText("610")
    first = tab.last_slip.control_number
    with patch.object(intake, "log_envelope", wraps=intake.log_envelope) as logged:
        save_and_wait(qtbot, tab, tasks)
    assert logged.call_args.args[4].customer_id == picked  # the id is sent, not only the name
    assert tab.last_slip is not None and tab.last_slip.control_number != first
    assert edit.text() == "" and completer.customer_id is None  # cleared for the next one
    slip = intake.envelope_slip(sqlite_backend.db, profile.load(), tab.actor,
                                tab.last_slip.control_number)
    assert slip.customer == NAME
