"""A red line under a form field that says why the entry was refused (errors.UserError.field)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from workstation.ui import theme


class FieldError(QLabel):
    """Hidden while there is nothing to say; shows one message in the error colour."""

    def __init__(self, object_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {theme.ERROR_TEXT};")
        self.hide()

    def show_message(self, message: str) -> None:
        self.setText(message)
        self.show()

    def clear_message(self) -> None:
        self.clear()
        self.hide()
