"""Bugs reach the crash dialog with the log tail; Qt's own messages reach Python logging."""

from __future__ import annotations

import logging
import sys
from unittest.mock import patch

import pytest
from PySide6.QtCore import QtMsgType, qCritical, qInfo, qWarning
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from workstation.ui import crash, logbridge


def raised() -> tuple[type[BaseException], BaseException, object]:
    try:
        {}["receipt"]
    except KeyError:
        return sys.exc_info()  # type: ignore[return-value]
    raise AssertionError("unreachable")


def test_details_hold_version_traceback_and_log_tail() -> None:
    exc_type, exc, tb = raised()
    text = crash.crash_details(exc_type, exc, tb, ["line one", "line two"])  # type: ignore[arg-type]
    assert text.startswith("Counter Workstation ")
    assert "Traceback (most recent call last)" in text
    assert "KeyError: 'receipt'" in text
    assert text.rstrip().endswith("Last log lines:\nline one\nline two")


def test_copy_details_puts_them_on_the_clipboard(qtbot: QtBot) -> None:
    dialog = crash.CrashDialog("Traceback ... KeyError")
    qtbot.addWidget(dialog)
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == "Traceback ... KeyError"
    assert dialog.details.isReadOnly()
    with qtbot.waitSignal(dialog.rejected):
        dialog.reject()


def test_the_hook_logs_the_bug_and_shows_the_dialog(caplog: pytest.LogCaptureFixture) -> None:
    shown: list[str] = []

    def fake_exec(self: crash.CrashDialog) -> int:
        shown.append(self.details.toPlainText())
        return 0

    handler = crash.CrashHandler(lambda: ["INFO workstation.auth: signed in"])
    exc_type, exc, tb = raised()
    with patch.object(crash.CrashDialog, "exec", fake_exec), caplog.at_level(logging.CRITICAL):
        handler(exc_type, exc, tb)  # type: ignore[arg-type]
    assert len(shown) == 1
    assert "KeyError: 'receipt'" in shown[0]
    assert "INFO workstation.auth: signed in" in shown[0]
    assert [r.name for r in caplog.records] == ["workstation.crash"]


def test_install_sets_the_excepthook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    handler = crash.install(lambda: [])
    assert sys.excepthook is handler


def test_qt_messages_go_to_the_workstation_qt_logger(caplog: pytest.LogCaptureFixture) -> None:
    previous = logbridge.install()
    try:
        with caplog.at_level(logging.DEBUG, logger="workstation.qt"):
            qInfo("an info")
            qWarning("a warning")
            qCritical("a critical")
            qWarning("This plugin does not support propagateSizeHints()")
    finally:
        logbridge.uninstall(previous)
    found = [(r.name, r.levelno, r.getMessage().split(" [")[0]) for r in caplog.records]
    assert found == [
        ("workstation.qt", logging.INFO, "an info"),
        ("workstation.qt", logging.WARNING, "a warning"),
        ("workstation.qt", logging.ERROR, "a critical"),
        ("workstation.qt", logging.DEBUG, "This plugin does not support propagateSizeHints()"),
    ]


def test_every_qt_message_type_has_a_level() -> None:
    assert set(logbridge.LEVELS) == {QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg,
                                     QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg,
                                     QtMsgType.QtFatalMsg}
