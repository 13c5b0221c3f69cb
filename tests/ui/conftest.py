"""Fixtures for the UI tests: the database worker, a signed-in lead, and a main window."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from tests.helpers import demo_password
from workstation.services import auth
from workstation.services.dto import Actor
from workstation.startup import Backend
from workstation.ui.main_window import MainWindow
from workstation.ui.tasks import TaskRunner

LONG_IDLE_MS = 3_600_000  # an hour: the idle lock never fires in a test that is not about it


@pytest.fixture
def tasks(qtbot: QtBot, sqlite_backend: Backend) -> Iterator[TaskRunner]:
    """The worker; shut down (its last task finished) before the database is closed."""
    runner = TaskRunner()
    yield runner
    runner.shutdown()


def wait_idle(qtbot: QtBot, tasks: TaskRunner, timeout: int = 10_000) -> None:
    qtbot.waitUntil(lambda: not tasks.busy, timeout=timeout)


@pytest.fixture
def lead(sqlite_backend: Backend) -> Actor:
    b = sqlite_backend
    return auth.sign_in(b.db, b.policy, "lead", demo_password("lead"))


@pytest.fixture
def window(qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner,
           lead: Actor) -> MainWindow:
    """The lead's main window, shown and active (shortcuts only reach an active window)."""
    win = MainWindow(sqlite_backend, tasks, lead, idle_interval_ms=LONG_IDLE_MS)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitActive(win)
    return win
