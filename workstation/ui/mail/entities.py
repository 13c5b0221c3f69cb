"""A document line's Entity field: a charter number is typed as it is; a name offers the
entities whose names start with it, shown with number and status, and picking one puts its
charter number in the field (the service also accepts a name that points at one entity)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QLineEdit

from workstation.services import intake
from workstation.services.dto import Actor
from workstation.services.intake_entities import is_number
from workstation.startup import Backend
from workstation.ui.mail.fields import KeyRelay
from workstation.ui.mail.remote_completer import RemoteCompleter, Row
from workstation.ui.tasks import TaskRunner


class EntityCompleter(RemoteCompleter):
    def __init__(self, edit: QLineEdit, backend: Backend, tasks: TaskRunner, actor: Actor,
                 status_label: Callable[[str], str], relay: KeyRelay | None = None):
        super().__init__(edit, tasks, relay)
        self.setObjectName("entityCompleter")
        self.backend, self.actor, self.status_label = backend, actor, status_label
        self.activated.connect(lambda _number: self.timer.stop())

    def job(self, text: str) -> Callable[[], Sequence[Row]] | None:
        if is_number(text) or len(text.strip()) < 2:
            return None
        b, actor, label = self.backend, self.actor, self.status_label

        def look_up() -> Sequence[Row]:
            return [(f"{e.name} · {e.number} · {label(e.status)}", e.number)
                    for e in intake.find_entities(b.db, actor, text)]

        return look_up
