"""Screen lock: the idle timer (PCI DSS 8.2.8) and the page that replaces the work while locked.

``IdleWatcher`` is one application-level event filter: any key, click, wheel or mouse movement
anywhere in the program counts as the clerk being there. It only notes the time; a single
timer then checks how long it has been, so a busy mouse does not restart a timer per event.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation.services.dto import Actor
from workstation.ui import theme
from workstation.ui.widgets.centred import centred_page
from workstation.ui.widgets.field_error import FieldError

INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
})


class IdleWatcher(QObject):
    """Emits ``idle`` once the program has had no input for ``interval_ms``; then stops."""

    idle = Signal()

    def __init__(self, interval_ms: int, parent: QObject | None = None, *,
                 clock: Callable[[], float] = time.monotonic):
        super().__init__(parent)
        self.interval_ms = interval_ms
        self._clock = clock
        self._last_input = clock()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._check)

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        """Watch from now on (at sign-in and after an unlock)."""
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._last_input = self._clock()
        self._timer.start(self.interval_ms)

    def stop(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self._last_input = self._clock()
        return False  # only watching: the event goes on to whoever it was for

    def _check(self) -> None:
        remaining_ms = self.interval_ms - int((self._clock() - self._last_input) * 1000)
        if remaining_ms > 0:
            self._timer.start(remaining_ms)
            return
        self.stop()
        self.idle.emit()


class LockPage(QWidget):
    """Shown instead of the tabs while locked: only the same user's password opens it again."""

    unlock_requested = Signal(str)
    sign_out_requested = Signal()

    def __init__(self, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lockPage")
        icon = QLabel()
        icon.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        side = self.fontMetrics().height() * 4
        icon.setPixmap(theme.icon("locked").pixmap(side, side))
        self.title = QLabel(f"Locked — {actor.full_name}")
        self.title.setObjectName("lockTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        note = QLabel(f"The screen is locked. {actor.full_name} ({actor.username}) can unlock it "
                      "with their password; anyone else signs out first.")
        note.setWordWrap(True)
        note.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        note.setStyleSheet(f"color: {theme.MUTED_TEXT};")

        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("unlockPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName("Password")
        self.password_edit.returnPressed.connect(self._unlock)
        self.error = FieldError("unlockError")
        password_label = QLabel("&Password")
        password_label.setBuddy(self.password_edit)
        column = QVBoxLayout()
        column.addWidget(self.password_edit)
        column.addWidget(self.error)
        form = QFormLayout()
        form.addRow(password_label, column)

        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setObjectName("unlock")
        self.unlock_button.clicked.connect(self._unlock)
        self.sign_out_button = QPushButton("Sign &out")
        self.sign_out_button.setObjectName("lockSignOut")
        self.sign_out_button.clicked.connect(self.sign_out_requested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        buttons.addWidget(self.sign_out_button)

        self._layout(icon, note, form, buttons)

    def _layout(self, icon: QLabel, note: QLabel, form: QFormLayout, buttons: QHBoxLayout) -> None:
        column = QWidget()
        inner = QVBoxLayout(column)
        inner.addWidget(icon)
        inner.addWidget(self.title)
        inner.addWidget(note)
        inner.addSpacing(self.fontMetrics().height())
        inner.addLayout(form)
        inner.addLayout(buttons)
        centred_page(self, column, measure_chars=70)

    def _unlock(self) -> None:
        if self.unlock_button.isEnabled():
            self.error.clear_message()
            self.unlock_requested.emit(self.password_edit.text())

    def set_busy(self, busy: bool) -> None:
        for widget in (self.password_edit, self.unlock_button, self.sign_out_button):
            widget.setEnabled(not busy)
        if not busy:
            self.password_edit.setFocus()

    def refuse(self, message: str) -> None:
        self.error.show_message(message)
        self.password_edit.clear()
        self.password_edit.setFocus()

    def reset(self) -> None:
        """Forget the last attempt: the next lock starts with an empty field and no error."""
        self.error.clear_message()
        self.password_edit.clear()
