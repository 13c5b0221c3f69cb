"""The sign-in dialog: refusals at their field, the Actor on success, the demo help line."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from tests.helpers import demo_password, make_settings
from tests.ui.conftest import wait_idle
from workstation.paths import Locations
from workstation.services import demo
from workstation.startup import Backend, open_backend
from workstation.ui.login_dialog import LoginDialog
from workstation.ui.tasks import TaskRunner


def make_dialog(qtbot: QtBot, backend: Backend, tasks: TaskRunner) -> LoginDialog:
    dialog = LoginDialog(backend, tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, tasks)  # the demo check
    return dialog


def sign_in(qtbot: QtBot, dialog: LoginDialog, tasks: TaskRunner, user: str, pw: str) -> None:
    dialog.username_edit.setText(user)
    dialog.password_edit.setText(pw)
    dialog.sign_in_button.click()
    wait_idle(qtbot, tasks)


def test_title_and_fields(qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner) -> None:
    dialog = make_dialog(qtbot, sqlite_backend, tasks)
    assert dialog.windowTitle() == "Sign in — Counter Workstation"
    assert dialog.password_edit.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.sign_in_button.isDefault()
    assert dialog.quit_button.text() == "&Quit"


def test_wrong_password_is_shown_at_the_password_field_and_the_name_is_kept(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner) -> None:
    dialog = make_dialog(qtbot, sqlite_backend, tasks)
    sign_in(qtbot, dialog, tasks, "clerk", "not the password at all")
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.actor is None
    assert not dialog.password_error.isHidden()
    assert dialog.password_error.text() == "Wrong user name or password."
    assert dialog.username_error.isHidden()
    assert dialog.username_edit.text() == "clerk"
    assert dialog.password_edit.text() == ""
    assert dialog.password_edit.hasFocus()
    assert dialog.sign_in_button.isEnabled()
    # the message gets its own room; the fields keep their height (seen squeezed on a real X)
    assert dialog.password_edit.height() >= dialog.password_edit.sizeHint().height()


def test_correct_sign_in_returns_the_actor(qtbot: QtBot, sqlite_backend: Backend,
                                           tasks: TaskRunner) -> None:
    dialog = make_dialog(qtbot, sqlite_backend, tasks)
    with qtbot.waitSignal(dialog.accepted):
        sign_in(qtbot, dialog, tasks, "senior", demo_password("senior"))
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor is not None
    assert (dialog.actor.username, dialog.actor.full_name) == ("senior", "Sam Senior")
    assert dialog.actor.role.label == "Senior clerk"


def test_enter_in_the_password_field_signs_in(qtbot: QtBot, sqlite_backend: Backend,
                                              tasks: TaskRunner) -> None:
    dialog = make_dialog(qtbot, sqlite_backend, tasks)
    qtbot.keyClicks(dialog.username_edit, "lead")
    qtbot.keyClicks(dialog.password_edit, demo_password("lead"))
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.password_edit, "\r")
    assert dialog.actor is not None and dialog.actor.username == "lead"


def test_a_blank_user_name_is_refused_at_its_field_without_asking_the_database(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner) -> None:
    dialog = make_dialog(qtbot, sqlite_backend, tasks)
    dialog.password_edit.setText("something")
    dialog.sign_in_button.click()
    assert not tasks.busy
    assert dialog.username_error.text() == "Enter your user name."
    assert dialog.password_error.isHidden()


def test_a_locked_account_says_so_at_the_user_name(qtbot: QtBot, sqlite_backend: Backend,
                                                   tasks: TaskRunner) -> None:
    strict = dataclasses.replace(
        sqlite_backend, policy=dataclasses.replace(sqlite_backend.policy, lockout_threshold=2))
    dialog = make_dialog(qtbot, strict, tasks)
    sign_in(qtbot, dialog, tasks, "clerk", "wrong once")
    sign_in(qtbot, dialog, tasks, "clerk", "wrong twice")
    assert "now locked for 30 minutes" in dialog.password_error.text()
    sign_in(qtbot, dialog, tasks, "clerk", demo_password("clerk"))
    assert dialog.actor is None
    assert "locked after too many failed sign-ins" in dialog.username_error.text()
    assert dialog.username_edit.text() == "clerk"


def test_help_line_names_the_database_and_lists_the_demo_users(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner) -> None:
    dialog = make_dialog(qtbot, sqlite_backend, tasks)
    text = dialog.help_label.text()
    assert sqlite_backend.db.target.describe() in text
    assert "Demo users — clerk: counter clerk demo · senior: senior clerk demo" in text
    for person in demo.DEMO_USERS:
        assert f"{person.username}: {person.password}" in text


def test_quit_rejects(qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner) -> None:
    dialog = make_dialog(qtbot, sqlite_backend, tasks)
    with qtbot.waitSignal(dialog.rejected):
        dialog.quit_button.click()
    assert dialog.actor is None



@pytest.fixture
def plain_backend(home: Locations, tmp_path: Path, sqlite_template: Path) -> Iterator[Backend]:
    """A migrated database with no demo mark (and no users)."""
    path = tmp_path / "plain.sqlite3"
    shutil.copyfile(sqlite_template, path)
    backend = open_backend(home, make_settings(db_url=f"sqlite+pysqlite:///{path}"))
    yield backend
    backend.close()


def test_no_demo_line_on_a_database_that_is_not_a_demo(qtbot: QtBot,
                                                      plain_backend: Backend) -> None:
    runner = TaskRunner()
    try:
        dialog = make_dialog(qtbot, plain_backend, runner)
        wait_idle(qtbot, runner)
        assert dialog.help_label.text().startswith(
            f"Database: {plain_backend.db.target.describe()}")
        assert "Demo users" not in dialog.help_label.text()
    finally:
        runner.shutdown()


def test_a_database_without_an_administrator_says_how_to_make_one(
        qtbot: QtBot, plain_backend: Backend) -> None:
    runner = TaskRunner()
    try:
        dialog = make_dialog(qtbot, plain_backend, runner)
        wait_idle(qtbot, runner)
        assert "no administrator yet" in dialog.help_label.text()
        assert "workstation user add" in dialog.help_label.text()
    finally:
        runner.shutdown()


def test_no_setup_hint_when_accounts_exist(qtbot: QtBot, sqlite_backend: Backend,
                                           tasks: TaskRunner) -> None:
    dialog = make_dialog(qtbot, sqlite_backend, tasks)
    wait_idle(qtbot, tasks)
    assert "no administrator" not in dialog.help_label.text()


def test_enter_after_a_wrong_password_signs_in_rather_than_quits(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner) -> None:
    """Keystrokes are what is under test: the clerk retypes the password and presses Enter."""
    dialog = make_dialog(qtbot, sqlite_backend, tasks)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.username_edit, "clerk")
    qtbot.keyClicks(dialog.password_edit, "not it at all")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, tasks)
    assert not dialog.password_error.isHidden()
    qtbot.keyClicks(dialog.password_edit, demo_password("clerk"))
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, tasks)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.username == "clerk"
