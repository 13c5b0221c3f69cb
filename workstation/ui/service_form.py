"""A small form whose OK (or Ctrl+Enter) calls one service on the database worker: the button
is disabled while the service answers, a refusal lands at its field (``errors``) or on the message
line under the form with the field focused, and nothing typed is lost. On success ``recorded``
carries what the service returned and the dialog closes.

Each kind of form provides ``work``: it reads the fields on the GUI thread and returns the call
for the worker, or None when the form refused the entry itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from workstation import APP_NAME
from workstation.errors import UserError
from workstation.ui.desk import Desk
from workstation.ui.widgets.buttons import ok_cancel
from workstation.ui.widgets.field_error import FieldError


class ServiceForm(QDialog):
    """A small form whose OK calls a service; refusals land at their field (``errors``) or on
    the message line under the form."""

    recorded = Signal(object)  # what the service returned
    # The service call with what is typed, or None when the form refused it itself: each kind
    # of dialog below provides it.
    work: Callable[[], Callable[[], Any] | None]

    def __init__(self, parent: QWidget | None, desk: Desk, name: str, title: str, ok: str):
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(f"{title} — {APP_NAME}")
        self.desk = desk
        self.form = QFormLayout()
        self.errors: dict[str, FieldError] = {}
        self.focus_of: dict[str, QWidget] = {}
        self.error = FieldError(f"{name}Error")
        buttons, self.ok_button = ok_cancel(ok, self.submit, self.reject)
        layout = self.main_layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        save = QAction(self)
        save.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        save.triggered.connect(self.submit)
        self.addAction(save)

    def add_field(self, text: str, widget: QWidget, field: str | None = None) -> None:
        """A labelled row (its mnemonic reaches the widget) with the field's error under it."""
        label = QLabel(text)
        label.setBuddy(widget)
        if field is None:
            self.form.addRow(label, widget)
            return
        column = QVBoxLayout()
        column.setSpacing(0)
        column.addWidget(widget)
        column.addWidget(self.field_error(field, widget))
        self.form.addRow(label, column)

    def add_below(self, widget: QWidget, stretch: int = 0) -> None:
        """``widget`` under the form and its message line, above the buttons."""
        self.main_layout.insertWidget(self.main_layout.count() - 1, widget, stretch)

    def field_error(self, field: str, focus: QWidget) -> FieldError:
        error = self.errors[field] = FieldError(f"{focus.objectName()}Error")
        self.focus_of[field] = focus
        return error

    def finish(self) -> None:
        self.resize(self.fontMetrics().averageCharWidth() * 72, self.sizeHint().height())

    def submit(self) -> None:
        if not self.ok_button.isEnabled():
            return  # the service is still answering the last press
        for label in (*self.errors.values(), self.error):
            label.clear_message()
        call = self.work()
        if call is None:
            return
        self.ok_button.setEnabled(False)
        self.desk.tasks.run(call, self._recorded, self.refused,
                            on_finally=lambda: self.ok_button.setEnabled(True), owner=self)

    def _recorded(self, result: object) -> None:
        self.recorded.emit(result)
        self.accept()

    def refused(self, error: UserError) -> None:
        shown = self.errors.get(error.field or "")
        if shown is None:
            self.error.show_message(error.message)
        else:
            shown.show_message(error.message)
            self.focus_of[error.field or ""].setFocus(Qt.FocusReason.OtherFocusReason)
        self._fit_message()

    def _fit_message(self) -> None:
        """Grow to show a message's every line (the form was sized before it had one)."""
        self.main_layout.activate()
        wanted = self.main_layout.totalHeightForWidth(self.width())
        if wanted > self.height():
            self.resize(self.width(), wanted)
