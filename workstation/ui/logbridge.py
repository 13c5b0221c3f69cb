"""Qt's own messages (qWarning and friends) into Python logging, logger ``workstation.qt``.

Without this, Qt writes to stderr, which a Windows GUI program does not have: the warnings that
explain a blank widget or a failed plugin load would be lost. Routed here they reach the log
file and the ring buffer the crash dialog shows (qutebrowser's ``utils/qtlog.py``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger("workstation.qt")

LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}

# Messages that say nothing about this program: logged at DEBUG, not as warnings.
HARMLESS = (
    "This plugin does not support propagateSizeHints()",  # offscreen platform (tests, screenshots)
)

Handler = Callable[[QtMsgType, QMessageLogContext, str], Any]


def qt_message_handler(msg_type: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Log one Qt message at the matching level, naming its category and source if Qt gave them."""
    level = LEVELS.get(msg_type, logging.WARNING)
    if message.startswith(HARMLESS):
        level = min(level, logging.DEBUG)
    where = []
    if context.category and context.category != "default":
        where.append(context.category)
    if context.file:
        where.append(f"{context.file}:{context.line}")
    suffix = f" [{' '.join(where)}]" if where else ""
    log.log(level, "%s%s", message, suffix)


def install() -> Handler | None:
    """Route Qt messages into logging; returns the handler it replaced (tests put it back)."""
    return qInstallMessageHandler(qt_message_handler)


def uninstall(previous: Handler | None) -> None:
    qInstallMessageHandler(previous)
