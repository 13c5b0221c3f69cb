"""The OK / Cancel row every small form dialog has, built one way.

Cancel is never a default button: while OK is disabled during a worker call, focus passes to
Cancel, and an auto-default Cancel would turn the clerk's next Enter into "throw the form away".
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialogButtonBox, QPushButton


def ok_cancel(ok_text: str, on_ok: Callable[[], None], on_cancel: Callable[[], None]
              ) -> tuple[QDialogButtonBox, QPushButton]:
    """The button row and its OK button (object name "ok", the default)."""
    ok = QPushButton(ok_text)
    ok.setObjectName("ok")
    ok.setDefault(True)
    cancel = QPushButton("Cancel")
    cancel.setAutoDefault(False)
    buttons = QDialogButtonBox()
    buttons.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(on_cancel)
    return buttons, ok
