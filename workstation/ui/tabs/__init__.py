"""The four work tabs of the main window, one module each (DESIGN.md section 5)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QVBoxLayout, QWidget

from workstation.ui import theme
from workstation.ui.widgets.empty_state import EmptyState


class WorkTab(QWidget):
    """A tab of the main window. Until its workflow is built it shows only its empty state.

    Subclasses say who they are in four class attributes; the tab's real screens will sit
    beside the empty state and replace it once there is work to show.
    """

    OBJECT_NAME = ""
    ICON = ""
    EMPTY_TITLE = ""
    EMPTY_LINES: Sequence[str] = ()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(self.OBJECT_NAME)
        self.empty_state = EmptyState(theme.icon(self.ICON), self.EMPTY_TITLE, self.EMPTY_LINES)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_state)

    def shortcut(self, name: str, keys: str, slot: Callable[[], object]) -> QAction:
        """A keyboard action of this tab: a window shortcut, alive only while the tab is shown."""
        act = QAction(self)
        act.setObjectName(name)
        act.setShortcut(QKeySequence(keys))
        act.triggered.connect(slot)
        self.addAction(act)
        return act
