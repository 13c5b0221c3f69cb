"""Helpers shared by the Mail Sort UI tests (plain functions; fixtures stay in the modules)."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.conftest import wait_idle
from workstation.ui.mail.lines import DocumentLine, RemittanceLine
from workstation.ui.mail.open_tray import OpenTrayDialog
from workstation.ui.main_window import MainWindow
from workstation.ui.tabs.mail_sort import MailSortTab
from workstation.ui.tasks import TaskRunner

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier
# The completer's list is a popup, a dialog is raised: on the offscreen platform that is said.
QT_LOG_IGNORE = ("This plugin does not support raise",
                 "This plugin does not support grabbing the keyboard")


def mail_tab(window: MainWindow) -> MailSortTab:
    found = window.tabs.widget(0)
    assert isinstance(found, MailSortTab)
    return found


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def open_dialog(qtbot: QtBot, tab: MailSortTab) -> OpenTrayDialog:
    qtbot.keyClick(tab.window(), Qt.Key.Key_O, CTRL_SHIFT)
    dialog = tab.open_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def open_tray(qtbot: QtBot, tab: MailSortTab, tasks: TaskRunner, source: str = "usps",
              verifier: str = "clerk") -> None:
    dialog = open_dialog(qtbot, tab)
    dialog.source_combo.setCurrentIndex(dialog.source_combo.findData(source))
    dialog.verifier_edit.setText(verifier)
    dialog.submit()
    wait_idle(qtbot, tasks)
    assert tab.tray is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.page.form.arrived)


def remittance(tab: MailSortTab, index: int = 0) -> RemittanceLine:
    line = tab.page.form.remittances.lines[index]
    assert isinstance(line, RemittanceLine)
    return line


def document(tab: MailSortTab, index: int = 0) -> DocumentLine:
    line = tab.page.form.documents.lines[index]
    assert isinstance(line, DocumentLine)
    return line


def fill(tab: MailSortTab, customer: str = "Buckeye Holdings LLC", amount: str = "99.00",
         check: str = "1042", filing_type: str = "610") -> None:
    tab.page.form.customer.setText(customer)
    remittance(tab).check_number.setText(check)
    remittance(tab).amount.setText(amount)
    document(tab).filing_type.setText(filing_type)


def save_and_wait(qtbot: QtBot, tab: MailSortTab, tasks: TaskRunner) -> None:
    qtbot.keyClick(focused(), Qt.Key.Key_S, CTRL)
    wait_idle(qtbot, tasks)


def outcome(tab: MailSortTab) -> str:
    return tab.page.balance.outcome_text


def pdf_text(data: bytes) -> str:
    """Every page's text, runs of white space made one space (cells wrap at any word)."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
