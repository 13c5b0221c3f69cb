"""The session loop: sign in, sign out, sign in as someone else, quit."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.helpers import demo_password
from tests.ui.conftest import LONG_IDLE_MS, wait_idle
from workstation.startup import Backend
from workstation.ui.login_dialog import LoginDialog
from workstation.ui.shell import Shell
from workstation.ui.tasks import TaskRunner


def sign_in(qtbot: QtBot, dialog: LoginDialog, tasks: TaskRunner, username: str) -> None:
    qtbot.addWidget(dialog)
    dialog.username_edit.setText(username)
    dialog.password_edit.setText(demo_password(username))
    dialog.sign_in_button.click()
    wait_idle(qtbot, tasks)


def test_sign_in_sign_out_and_back_as_someone_else(qtbot: QtBot, sqlite_backend: Backend,
                                                    tasks: TaskRunner) -> None:
    shell = Shell(sqlite_backend, tasks, idle_interval_ms=LONG_IDLE_MS)
    shell.start()
    assert shell.login is not None and shell.login.isVisible()
    assert shell.window is None

    sign_in(qtbot, shell.login, tasks, "clerk")
    assert shell.login is None
    assert shell.window is not None
    first = shell.window
    qtbot.addWidget(first)
    assert first.isVisible()
    assert first.windowTitle() == "Counter Workstation — Casey Clerk (Clerk)"

    first.sign_out_action.trigger()
    wait_idle(qtbot, tasks)
    assert shell.window is None
    assert shell.login is not None and shell.login.isVisible()
    assert shell.login.username_edit.text() == ""  # the next person types their own name

    sign_in(qtbot, shell.login, tasks, "supervisor")
    assert shell.window is not None
    qtbot.addWidget(shell.window)
    assert shell.window.actor.username == "supervisor"


def test_quit_at_the_sign_in_dialog_finishes(qtbot: QtBot, sqlite_backend: Backend,
                                             tasks: TaskRunner) -> None:
    shell = Shell(sqlite_backend, tasks)
    shell.start()
    assert shell.login is not None
    qtbot.addWidget(shell.login)
    with qtbot.waitSignal(shell.finished):
        shell.login.quit_button.click()
    assert shell.login is None


def test_quit_from_the_main_window_finishes(qtbot: QtBot, sqlite_backend: Backend,
                                            tasks: TaskRunner) -> None:
    shell = Shell(sqlite_backend, tasks, idle_interval_ms=LONG_IDLE_MS)
    shell.start()
    assert shell.login is not None
    sign_in(qtbot, shell.login, tasks, "lead")
    assert shell.window is not None
    qtbot.addWidget(shell.window)
    with qtbot.waitSignal(shell.finished):
        shell.window.quit_action.trigger()
    assert shell.window is None and shell.login is None
