"""The crash dialog: an unexpected exception, shown with the log tail, for the helpdesk.

Only bugs come here (errors.py: a UserError or EnvironmentFailure is shown in words where it
happened). The clerk gets a plain explanation, the traceback and the last log lines in one
text they can copy into a ticket, and can carry on: a bug in one screen should not throw away
the rest of the session.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation import APP_NAME, __version__

log = logging.getLogger("workstation.crash")

LogLines = Callable[[], list[str]]


def crash_details(exc_type: type[BaseException], exc: BaseException,
                  tb: TracebackType | None, log_lines: list[str]) -> str:
    """The text a helpdesk needs: version, traceback, then the most recent log lines."""
    trace = "".join(traceback.format_exception(exc_type, exc, tb))
    tail = "\n".join(log_lines[-200:]) or "(no log lines)"
    return f"{APP_NAME} {__version__}\n\n{trace}\nLast log lines:\n{tail}\n"


class CrashDialog(QDialog):
    """The details in a read-only box, with "Copy details" and "Close"."""

    def __init__(self, details: str, parent: QWidget | None = None, *,
                 heading: str = "Something went wrong that the program did not expect."):
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle(f"{APP_NAME} — unexpected error")
        intro = QLabel(f"<b>{heading}</b><br>What you were doing last may not have been saved. "
                       "Copy the details below into a helpdesk ticket, then close this window "
                       "and check your last entry.")
        intro.setWordWrap(True)
        self.details = QPlainTextEdit(details)
        self.details.setObjectName("crashDetails")
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))

        buttons = QDialogButtonBox()
        self.copy_button = QPushButton("&Copy details")
        self.copy_button.setObjectName("copyDetails")
        self.copy_button.clicked.connect(self.copy_details)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText("C&lose")
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 110, metrics.height() * 30)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())


class CrashHandler:
    """``sys.excepthook``: log the exception, then show it in a CrashDialog on the GUI thread."""

    def __init__(self, log_lines: LogLines):
        self.log_lines = log_lines
        self._showing = False

    def __call__(self, exc_type: type[BaseException], exc: BaseException,
                 tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.critical("unexpected error", exc_info=(exc_type, exc, tb))
        app = QApplication.instance()
        on_gui = threading.current_thread() is threading.main_thread()
        if app is None or not on_gui or self._showing:
            # No GUI to show it on, or the dialog itself failed: the log has it; never recurse.
            sys.__excepthook__(exc_type, exc, tb)
            return
        self._showing = True
        try:
            CrashDialog(crash_details(exc_type, exc, tb, self.log_lines())).exec()
        finally:
            self._showing = False


def install(log_lines: LogLines) -> CrashHandler:
    handler = CrashHandler(log_lines)
    sys.excepthook = handler
    return handler
