"""Session > Users: the account list, and the administrator's add / disable / enable / reset.

Every refusal comes from the service and is shown where it belongs: under the form field it is
about, or in the red line under the table when it is about the account or the person asking.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from tests.helpers import demo_password
from tests.ui.conftest import LONG_IDLE_MS, wait_idle
from workstation.domain.roles import Role
from workstation.errors import AuthenticationFailed
from workstation.services import auth, users
from workstation.services.dto import Actor, UserInfo
from workstation.startup import Backend
from workstation.ui.main_window import MainWindow
from workstation.ui.tasks import TaskRunner
from workstation.ui.users_dialog import (
    AddUserForm,
    DisableUserForm,
    ResetPasswordForm,
    ServiceForm,
    UsersDialog,
    UserTableModel,
)

DEMO_USERNAMES = ["admin", "clerk", "lead", "senior", "supervisor"]
NEW_PASSWORD = "amber lantern orchard"
LOCAL_STAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d$")
F = TypeVar("F", bound=ServiceForm)


def sign_in(backend: Backend, username: str) -> Actor:
    return auth.sign_in(backend.db, backend.policy, username, demo_password(username))


@pytest.fixture
def admin(sqlite_backend: Backend) -> Actor:
    return sign_in(sqlite_backend, "admin")


def open_dialog(qtbot: QtBot, backend: Backend, tasks: TaskRunner, actor: Actor) -> UsersDialog:
    dialog = UsersDialog(backend, tasks, actor)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, tasks)
    return dialog


@pytest.fixture
def dialog(qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner,
           admin: Actor) -> UsersDialog:
    return open_dialog(qtbot, sqlite_backend, tasks, admin)


def column(dialog: UsersDialog, col: int) -> list[str]:
    model = dialog.model
    return [model.data(model.index(row, col)) for row in range(model.rowCount())]


def cell(dialog: UsersDialog, username: str, heading: str) -> str:
    row = dialog.model.row_of(username)
    assert row is not None, f"{username} is not listed"
    value = dialog.model.data(dialog.model.index(row, UserTableModel.COLUMNS.index(heading)))
    assert isinstance(value, str)
    return value


def the_form(dialog: UsersDialog, kind: type[F]) -> F:
    form = dialog.form
    assert isinstance(form, kind)
    assert form.isVisible()
    return form


def submit(qtbot: QtBot, form: ServiceForm, tasks: TaskRunner) -> None:
    form.ok_button.click()
    wait_idle(qtbot, tasks)


def fill_add_form(form: AddUserForm, username: str, full_name: str, role: Role,
                  password: str, again: str | None = None) -> None:
    form.username_edit.setText(username)
    form.full_name_edit.setText(full_name)
    form.role_combo.setCurrentIndex(form.role_combo.findData(role.value))
    form.password_edit.setText(password)
    form.again_edit.setText(password if again is None else again)


def disable(qtbot: QtBot, dialog: UsersDialog, tasks: TaskRunner, username: str,
            reason: str) -> None:
    assert dialog.select_user(username)
    dialog.disable_button.click()
    form = the_form(dialog, DisableUserForm)
    form.reason_edit.setText(reason)
    submit(qtbot, form, tasks)


# ---------------------------------------------------------------------- the list


def test_admin_sees_the_five_demo_users(dialog: UsersDialog) -> None:
    assert dialog.windowTitle() == "Users — Counter Workstation"
    assert column(dialog, 0) == DEMO_USERNAMES
    assert column(dialog, 1) == ["Ada Admin", "Casey Clerk", "Lee Lead", "Sam Senior",
                                 "Sue Supervisor"]
    assert column(dialog, 2) == ["Administrator", "Clerk", "Lead", "Senior clerk",
                                 "Supervisor"]
    assert column(dialog, 3) == ["Active"] * 5
    assert LOCAL_STAMP.match(cell(dialog, "admin", "Last sign-in"))  # signed in for the test
    assert cell(dialog, "senior", "Last sign-in") == "—"
    assert dialog.message.isHidden()
    assert dialog.add_button.isEnabled()
    assert dialog.selected_user() is not None  # the first row, so the keyboard can start


def test_headers_and_buttons(dialog: UsersDialog) -> None:
    model = dialog.model
    headings = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headings == ["User", "Name", "Role", "State", "Last sign-in"]
    assert [b.text() for b in (dialog.add_button, dialog.disable_button, dialog.enable_button,
                               dialog.reset_button, dialog.close_button)] == [
        "&Add…", "&Disable…", "&Enable", "&Reset password…", "&Close"]


def test_the_table_model_passes_the_model_tester(dialog: UsersDialog,
                                                 qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(dialog.model)


def test_an_empty_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(UserTableModel())


def test_a_clerk_is_told_why_and_sees_no_rows(qtbot: QtBot, sqlite_backend: Backend,
                                              tasks: TaskRunner) -> None:
    dialog = open_dialog(qtbot, sqlite_backend, tasks, sign_in(sqlite_backend, "clerk"))
    assert dialog.model.rowCount() == 0
    assert not dialog.message.isHidden()
    assert dialog.message.text() == "A clerk may not see the list of user accounts."
    for button in (dialog.add_button, dialog.disable_button, dialog.enable_button,
                   dialog.reset_button):
        assert not button.isEnabled()
    assert dialog.close_button.isEnabled()


def test_a_lead_may_list_but_not_change(qtbot: QtBot, sqlite_backend: Backend,
                                        tasks: TaskRunner, lead: Actor) -> None:
    dialog = open_dialog(qtbot, sqlite_backend, tasks, lead)
    assert column(dialog, 0) == DEMO_USERNAMES
    assert dialog.message.isHidden()
    assert dialog.select_user("clerk")
    for button in (dialog.add_button, dialog.disable_button, dialog.enable_button,
                   dialog.reset_button):
        assert not button.isEnabled()


def test_state_and_last_sign_in_in_local_time() -> None:
    now = datetime(2025, 3, 14, 15, 0, tzinfo=UTC)
    later = now + timedelta(minutes=25)
    signed_in = datetime(2025, 3, 1, 9, 5, tzinfo=UTC)

    def user(name: str, *, active: bool = True, locked: datetime | None = None,
             last: datetime | None = None) -> UserInfo:
        return UserInfo(1, name, name.title(), Role.CLERK, active, locked, last, 1)

    model = UserTableModel(clock=lambda: now)
    model.set_users([user("locked", locked=later), user("expired", locked=now - timedelta(1)),
                     user("gone", active=False, locked=later), user("seen", last=signed_in)])
    states = [model.data(model.index(row, 3)) for row in range(4)]
    assert states == [f"Locked until {later.astimezone():%H:%M}", "Active", "Disabled", "Active"]
    assert model.data(model.index(3, 4)) == f"{signed_in.astimezone():%Y-%m-%d %H:%M}"
    assert model.data(model.index(0, 4)) == "—"
    assert "Reset password" in model.data(model.index(0, 3), Qt.ItemDataRole.ToolTipRole)


# ---------------------------------------------------------------------- adding


def test_admin_adds_a_user_and_the_row_appears(qtbot: QtBot, dialog: UsersDialog,
                                               tasks: TaskRunner,
                                               sqlite_backend: Backend) -> None:
    dialog.add_button.click()
    form = the_form(dialog, AddUserForm)
    assert [form.role_combo.itemText(i) for i in range(form.role_combo.count())] == [
        "Clerk", "Senior clerk", "Lead", "Supervisor", "Administrator"]
    fill_add_form(form, "nora", "Nora Newhire", Role.SENIOR_CLERK, NEW_PASSWORD)
    submit(qtbot, form, tasks)
    assert dialog.form is None  # closed and gone, the password with it
    assert column(dialog, 0) == ["admin", "clerk", "lead", "nora", "senior", "supervisor"]
    assert cell(dialog, "nora", "Role") == "Senior clerk"
    assert cell(dialog, "nora", "State") == "Active"
    selected = dialog.selected_user()
    assert selected is not None and selected.username == "nora"
    assert auth.sign_in(sqlite_backend.db, sqlite_backend.policy, "nora", NEW_PASSWORD)


def test_a_short_password_is_refused_at_the_password_field_and_the_form_keeps_everything(
        qtbot: QtBot, dialog: UsersDialog, tasks: TaskRunner) -> None:
    dialog.add_button.click()
    form = the_form(dialog, AddUserForm)
    fill_add_form(form, "nora", "Nora Newhire", Role.LEAD, "short")
    submit(qtbot, form, tasks)
    assert form.isVisible()
    assert not form.error("password").isHidden()
    assert form.error("password").text().startswith("Use at least 15 characters")
    assert all(form.error(key).isHidden()
               for key in ("username", "full_name", "role", "password_again"))
    assert (form.username_edit.text(), form.full_name_edit.text()) == ("nora", "Nora Newhire")
    assert form.role_combo.currentData() == Role.LEAD.value
    assert form.password_edit.text() == "short"
    assert form.focusWidget() is form.password_edit
    assert form.ok_button.isEnabled()
    assert form.password_edit.height() >= form.password_edit.sizeHint().height()
    assert "nora" not in column(dialog, 0)
    assert dialog.message.isHidden()
    # Enter after the refusal submits again (Cancel must not have become the default button)
    assert form.ok_button.isDefault()
    assert not form.cancel_button.isDefault()
    form.password_edit.setText(NEW_PASSWORD)
    form.again_edit.setText(NEW_PASSWORD)
    qtbot.keyClick(form.again_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, tasks)
    assert dialog.form is None
    assert cell(dialog, "nora", "Role") == "Lead"


def test_a_taken_user_name_is_refused_at_the_user_name_field(
        qtbot: QtBot, dialog: UsersDialog, tasks: TaskRunner) -> None:
    dialog.add_button.click()
    form = the_form(dialog, AddUserForm)
    fill_add_form(form, "clerk", "Another Clerk", Role.CLERK, NEW_PASSWORD)
    submit(qtbot, form, tasks)
    assert form.error("username").text() == "The user name clerk is taken."
    assert form.error("password").isHidden()
    assert form.focusWidget() is form.username_edit


def test_passwords_that_differ_are_refused_before_the_service_is_asked(
        qtbot: QtBot, dialog: UsersDialog, tasks: TaskRunner,
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    monkeypatch.setattr(users, "add_user", lambda *args: calls.append(args))
    dialog.add_button.click()
    form = the_form(dialog, AddUserForm)
    fill_add_form(form, "nora", "Nora Newhire", Role.CLERK, NEW_PASSWORD, "amber lantern orchid")
    submit(qtbot, form, tasks)
    assert calls == []
    assert form.error("password_again").text().startswith("The two passwords differ")
    assert form.error("password").isHidden()
    assert form.focusWidget() is form.again_edit


# ---------------------------------------------------------------------- disabling, enabling


def test_admin_disables_clerk_with_a_reason_and_enables_it_again(
        qtbot: QtBot, dialog: UsersDialog, tasks: TaskRunner, sqlite_backend: Backend) -> None:
    disable(qtbot, dialog, tasks, "clerk", "Left the division")
    assert dialog.form is None
    assert dialog.message.isHidden()
    assert cell(dialog, "clerk", "State") == "Disabled"
    selected = dialog.selected_user()
    assert selected is not None and selected.username == "clerk"
    assert dialog.enable_button.isEnabled()
    assert not dialog.disable_button.isEnabled()
    with pytest.raises(AuthenticationFailed):
        sign_in(sqlite_backend, "clerk")

    dialog.enable_button.click()
    wait_idle(qtbot, tasks)
    assert cell(dialog, "clerk", "State") == "Active"
    assert dialog.disable_button.isEnabled()
    assert not dialog.enable_button.isEnabled()
    assert sign_in(sqlite_backend, "clerk").username == "clerk"


def test_a_disable_without_a_reason_is_refused_at_the_reason_field(
        qtbot: QtBot, dialog: UsersDialog, tasks: TaskRunner) -> None:
    disable(qtbot, dialog, tasks, "clerk", "   ")
    form = the_form(dialog, DisableUserForm)
    assert form.error("reason").text() == "Say why the account is disabled."
    assert form.focusWidget() is form.reason_edit
    assert cell(dialog, "clerk", "State") == "Active"


def test_admin_cannot_disable_themselves_and_is_told_under_the_table(
        qtbot: QtBot, dialog: UsersDialog, tasks: TaskRunner) -> None:
    disable(qtbot, dialog, tasks, "admin", "Testing")
    assert dialog.form is None
    assert not dialog.message.isHidden()
    assert dialog.message.text() == "You cannot disable your own account."
    assert cell(dialog, "admin", "State") == "Active"
    # the next action starts with a clean message line
    assert dialog.select_user("clerk")
    dialog.disable_button.click()
    assert dialog.message.isHidden()


def test_a_refusal_about_the_actor_is_shown_under_the_table(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, admin: Actor) -> None:
    """Whatever the buttons said when the dialog opened, the service has the last word."""
    b = sqlite_backend
    users.add_user(b.db, b.policy, admin, "deputy", "Dee Deputy", "admin", NEW_PASSWORD)
    deputy = auth.sign_in(b.db, b.policy, "deputy", NEW_PASSWORD)
    dialog = open_dialog(qtbot, b, tasks, deputy)
    users.disable_user(b.db, admin, "deputy", "Second admin no longer needed")
    dialog.add_button.click()
    form = the_form(dialog, AddUserForm)
    fill_add_form(form, "nora", "Nora Newhire", Role.CLERK, NEW_PASSWORD)
    submit(qtbot, form, tasks)
    assert dialog.form is None
    assert dialog.message.text().startswith("Your account is disabled.")


# ---------------------------------------------------------------------- resetting a password


def test_a_reset_with_passwords_that_differ_never_reaches_the_service(
        qtbot: QtBot, dialog: UsersDialog, tasks: TaskRunner,
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    monkeypatch.setattr(users, "reset_password", lambda *args: calls.append(args))
    assert dialog.select_user("clerk")
    dialog.reset_button.click()
    form = the_form(dialog, ResetPasswordForm)
    form.password_edit.setText(NEW_PASSWORD)
    form.again_edit.setText(NEW_PASSWORD + "!")
    submit(qtbot, form, tasks)
    assert calls == []
    assert form.isVisible()
    assert form.error("password_again").text().startswith("The two passwords differ")
    assert form.error("password").isHidden()
    assert form.focusWidget() is form.again_edit


def test_a_reset_to_a_weak_password_shows_the_policy_at_the_password_field(
        qtbot: QtBot, dialog: UsersDialog, tasks: TaskRunner) -> None:
    assert dialog.select_user("clerk")
    dialog.reset_button.click()
    form = the_form(dialog, ResetPasswordForm)
    form.password_edit.setText("password")
    form.again_edit.setText("password")
    submit(qtbot, form, tasks)
    assert form.isVisible()
    assert "too common" in form.error("password").text()
    assert form.password_edit.text() == "password"
    assert form.focusWidget() is form.password_edit


def test_a_reset_sets_the_password_and_clears_a_lockout(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, admin: Actor) -> None:
    b = sqlite_backend
    for _ in range(b.policy.lockout_threshold):
        with pytest.raises(AuthenticationFailed):
            auth.sign_in(b.db, b.policy, "clerk", "not the clerk's password")
    dialog = open_dialog(qtbot, b, tasks, admin)
    assert cell(dialog, "clerk", "State").startswith("Locked until ")
    assert dialog.select_user("clerk")
    dialog.reset_button.click()
    form = the_form(dialog, ResetPasswordForm)
    form.password_edit.setText(NEW_PASSWORD)
    form.again_edit.setText(NEW_PASSWORD)
    submit(qtbot, form, tasks)
    assert dialog.form is None
    assert cell(dialog, "clerk", "State") == "Active"
    assert auth.sign_in(b.db, b.policy, "clerk", NEW_PASSWORD).username == "clerk"


# ---------------------------------------------------------------------- the main window


def test_session_users_opens_the_dialog(qtbot: QtBot, window: MainWindow,
                                        tasks: TaskRunner) -> None:
    session = window.menuBar().actions()[0].menu()
    assert window.users_action in session.actions()
    assert window.users_action.text() == "&Users…"
    assert window.users_action.shortcut().toString() == "Ctrl+Shift+U"
    qtbot.keyClick(window, Qt.Key.Key_U,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    wait_idle(qtbot, tasks)
    dialog = window.users_dialog
    assert dialog is not None and dialog.isVisible()
    assert column(dialog, 0) == DEMO_USERNAMES  # the window's actor is the lead
    window.show_users()  # a second time: the same dialog, not another one
    assert window.users_dialog is dialog
    wait_idle(qtbot, tasks)


def test_a_clerk_opening_users_from_the_menu_is_told_why(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner) -> None:
    win = MainWindow(sqlite_backend, tasks, sign_in(sqlite_backend, "clerk"),
                     idle_interval_ms=LONG_IDLE_MS)
    qtbot.addWidget(win)
    win.show()
    assert win.users_action.isEnabled()  # shown for every role: the service decides
    win.users_action.trigger()
    wait_idle(qtbot, tasks)
    dialog = win.users_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.model.rowCount() == 0
    assert dialog.message.text() == "A clerk may not see the list of user accounts."


def test_users_is_disabled_while_locked_and_locking_closes_the_dialog(
        qtbot: QtBot, window: MainWindow, tasks: TaskRunner) -> None:
    window.users_action.trigger()
    wait_idle(qtbot, tasks)
    assert window.users_dialog is not None
    assert window.users_action.isEnabled()
    window.lock()
    wait_idle(qtbot, tasks)
    assert not window.users_action.isEnabled()
    assert window.users_dialog is None  # the account list does not stay over the lock
    window.users_action.trigger()
    assert window.users_dialog is None
