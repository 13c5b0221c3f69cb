"""Who works, where: what every dialog needs to call its service (the database and its worker,
the office profile, the signed-in person). One value handed from the tab to its dialogs."""

from __future__ import annotations

from dataclasses import dataclass

from workstation.services.dto import Actor
from workstation.services.profile import Profile
from workstation.startup import Backend
from workstation.ui.tasks import TaskRunner


@dataclass(frozen=True)
class Desk:
    backend: Backend
    tasks: TaskRunner
    profile: Profile
    actor: Actor
