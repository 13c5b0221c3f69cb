"""Enter in a field does the field's next thing, whatever the field holds.

``QLineEdit.returnPressed`` only fires when the validator accepts the text, and a ``MoneyEdit``
never accepts an empty field: Enter on an empty amount would do nothing, where the counter
means "no more of these, move on". This filter hears Enter (either key, no modifier but the
keypad's) before the field does, and calls the slot.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def plain(event: QKeyEvent) -> bool:
    """No modifier held, other than the keypad's own."""
    return not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier


class _EnterFilter(QObject):
    def __init__(self, slot: Callable[[], object], parent: QObject):
        super().__init__(parent)
        self.slot = slot

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in ENTER and plain(event)):
            self.slot()
            return True
        return super().eventFilter(watched, event)


def on_enter(widget: QWidget, slot: Callable[[], object]) -> None:
    """Enter (or keypad Enter) in ``widget`` calls ``slot``."""
    widget.installEventFilter(_EnterFilter(slot, widget))
