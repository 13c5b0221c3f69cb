"""A completer whose list comes from the database: typing waits a moment (debounced), the
lookup runs on the worker, and its rows drop down under the field. Each row is shown one way
and inserted another (a name and status shown, a charter number inserted). A late answer,
for text the clerk has since typed over or a field already left, is never shown.

Shortcuts pressed while the list is open are handed to ``relay``, as the filing type field
does (an open popup would otherwise swallow Ctrl+S).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from workstation.ui.mail.fields import KeyRelay
from workstation.ui.tasks import TaskRunner

DEBOUNCE_MS = 250
INSERTED = Qt.ItemDataRole.UserRole + 1  # the text a picked row puts into the field

Row = tuple[str, str]  # (shown, inserted)


class RemoteCompleter(QCompleter):
    """Attached to ``edit``; subclasses say what to look up (``job``)."""

    # The lookup for a text (run on the worker), or None when there is nothing to ask:
    # each kind of list defines it as a method.
    job: Callable[[str], Callable[[], Sequence[Row]] | None]

    def __init__(self, edit: QLineEdit, tasks: TaskRunner, relay: KeyRelay | None = None):
        super().__init__(edit)
        self.edit, self.tasks, self.relay = edit, tasks, relay
        self.rows = QStandardItemModel(self)
        self.setModel(self.rows)
        self.setCompletionRole(INSERTED)
        # The database already chose the rows; the completer shows them as they are.
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        edit.setCompleter(self)
        popup = self.popup()
        assert popup is not None  # a completer always has its list
        popup.installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self._look_up)
        edit.textEdited.connect(lambda _t: self.timer.start())

    def shown(self) -> list[str]:
        """The rows of the last answer as the clerk sees them."""
        return [self.rows.item(i).text() for i in range(self.rows.rowCount())]

    def _look_up(self) -> None:
        text = self.edit.text()
        job = self.job(text) if text.strip() else None
        if job is None:
            return
        owner: QWidget = self.edit
        self.tasks.run(job, lambda rows: self._found(text, rows), owner=owner)

    def _found(self, asked: str, rows: Sequence[Row]) -> None:
        self.rows.clear()
        for shown, inserted in rows:
            item = QStandardItem(shown)
            item.setData(inserted, INSERTED)
            item.setEditable(False)
            self.rows.appendRow(item)
        text = self.edit.text()
        if text != asked or not self.edit.hasFocus() or self.job(text) is None:
            return  # the answer is late: the clerk typed on, left the field or picked a row
        if not rows or (len(rows) == 1 and rows[0][1].casefold() == text.casefold()):
            self.popup_hide()
            return
        self.setCompletionPrefix(text)
        self.complete()

    def popup_hide(self) -> None:
        popup = self.popup()
        if popup is not None:
            popup.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier
                and self.relay is not None and self.relay(event)):
            self.popup_hide()
            return True
        return super().eventFilter(watched, event)
