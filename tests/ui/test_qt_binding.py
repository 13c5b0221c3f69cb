"""The Qt binding keeps Python's reference counts right.

PySide6 6.12.0 on Python 3.11 returned None/True/False without a reference: each signal emit or
void call cost one, and a long session aborted with "bool_dealloc". pyproject excludes it; this
test fails on any binding with the same fault.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot


class _Emitter(QObject):
    fired = Signal(bool)


def test_signal_emit_and_void_calls_keep_reference_counts(qtbot: QtBot) -> None:
    emitter = _Emitter()
    emitter.fired.connect(lambda _value: None)
    widget = QWidget()
    qtbot.addWidget(widget)
    true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(500):
        emitter.fired.emit(True)
        widget.setObjectName("probe")
    assert abs(sys.getrefcount(True) - true_before) < 50
    assert abs(sys.getrefcount(None) - none_before) < 50
