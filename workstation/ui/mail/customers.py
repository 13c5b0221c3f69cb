"""The envelope form's Customer field offers the customers already on file (law firms and
service companies recur): typing waits a moment (debounced), ``intake.find_customers`` runs on
the worker, and its names drop down. Picking one remembers its id, so the envelope is logged
against that customer; typing anything else forgets the id again (a new or other name).

Shortcuts pressed while the list is open are handed to ``relay``, as the filing type field
does (an open popup would otherwise swallow Ctrl+S).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from workstation.services import intake
from workstation.services.dto import Actor
from workstation.startup import Backend
from workstation.ui.mail.fields import KeyRelay
from workstation.ui.tasks import TaskRunner

DEBOUNCE_MS = 250


class CustomerCompleter(QCompleter):
    """Attached to ``edit``; ``customer_id`` is the customer picked, None for a typed name."""

    def __init__(self, edit: QLineEdit, backend: Backend, tasks: TaskRunner, actor: Actor,
                 relay: KeyRelay | None = None):
        super().__init__(edit)
        self.setObjectName("customerCompleter")
        self.edit, self.backend, self.tasks, self.actor = edit, backend, tasks, actor
        self.relay = relay
        self.customer_id: int | None = None
        self.picked = ""  # the name of the customer picked
        self.found: dict[str, int] = {}  # name -> id, from the last answer
        self.names = QStringListModel(self)
        self.setModel(self.names)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        edit.setCompleter(self)
        popup = self.popup()
        assert popup is not None  # a completer always has its list
        popup.installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self._look_up)
        edit.textEdited.connect(lambda _t: self.timer.start())
        edit.textChanged.connect(self._changed)
        self.activated.connect(self._picked)

    def _changed(self, text: str) -> None:
        if text != self.picked:  # typed over, cleared for the next envelope: not that one
            self.customer_id, self.picked = None, ""

    def _picked(self, name: str) -> None:
        if name in self.found:
            self.customer_id, self.picked = self.found[name], name
            self.timer.stop()

    def _look_up(self) -> None:
        text = self.edit.text()
        if not text.strip() or self.customer_id is not None:
            return
        b, actor = self.backend, self.actor
        owner: QWidget = self.edit
        self.tasks.run(lambda: intake.find_customers(b.db, actor, text),
                       lambda rows: self._found(text, rows), owner=owner)

    def _found(self, asked: str, rows: list[tuple[int, str]]) -> None:
        self.found = {name: customer_id for customer_id, name in rows}
        self.names.setStringList([name for _, name in rows])
        text = self.edit.text()
        if text != asked or not self.edit.hasFocus() or self.customer_id is not None:
            return  # the answer is late: the clerk typed on or left the field
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
