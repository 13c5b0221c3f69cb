"""The envelope form's Customer field offers the customers already on file (law firms and
service companies recur). Picking one remembers its id, so the envelope is logged against that
customer; typing anything else forgets the id again (a new or other name)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QLineEdit

from workstation.services import intake
from workstation.services.dto import Actor
from workstation.startup import Backend
from workstation.ui.mail.fields import KeyRelay
from workstation.ui.mail.remote_completer import RemoteCompleter, Row
from workstation.ui.tasks import TaskRunner


class CustomerCompleter(RemoteCompleter):
    """``customer_id`` is the customer picked, None for a typed name."""

    def __init__(self, edit: QLineEdit, backend: Backend, tasks: TaskRunner, actor: Actor,
                 relay: KeyRelay | None = None):
        super().__init__(edit, tasks, relay)
        self.setObjectName("customerCompleter")
        self.backend, self.actor = backend, actor
        self.customer_id: int | None = None
        self.picked = ""  # the name of the customer picked
        self.found: dict[str, int] = {}  # name -> id, from the last answer
        edit.textChanged.connect(self._changed)
        self.activated.connect(self._picked)

    def job(self, text: str) -> Callable[[], Sequence[Row]] | None:
        if self.customer_id is not None:
            return None
        b, actor = self.backend, self.actor

        def look_up() -> Sequence[Row]:
            rows = intake.find_customers(b.db, actor, text)
            self.found = {name: customer_id for customer_id, name in rows}
            return [(name, name) for _, name in rows]

        return look_up

    def _changed(self, text: str) -> None:
        if text != self.picked:  # typed over, cleared for the next envelope: not that one
            self.customer_id, self.picked = None, ""

    def _picked(self, name: str) -> None:
        if name in self.found:
            self.customer_id, self.picked = self.found[name], name
            self.timer.stop()
