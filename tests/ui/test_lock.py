"""The screen lock: Ctrl+L, the idle timer, unlocking, and signing out from the lock page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.helpers import demo_password
from tests.ui.conftest import wait_idle
from workstation.services import audit
from workstation.services.dto import Actor
from workstation.startup import Backend
from workstation.ui.main_window import MainWindow
from workstation.ui.tasks import TaskRunner


def audited(backend: Backend, actor: Actor) -> list[str]:
    return [entry.action for entry in audit.recent(backend.db, actor, limit=20)]


def lock_with_keyboard(qtbot: QtBot, window: MainWindow, tasks: TaskRunner) -> None:
    with qtbot.waitSignal(window.locked_changed):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, tasks)


def unlock(qtbot: QtBot, window: MainWindow, tasks: TaskRunner, password: str) -> None:
    window.lock_page.password_edit.setText(password)
    window.lock_page.unlock_button.click()
    wait_idle(qtbot, tasks)


def test_ctrl_l_locks_hides_the_work_and_disables_everything_but_unlock_sign_out_quit(
        qtbot: QtBot, window: MainWindow, tasks: TaskRunner, sqlite_backend: Backend,
        lead: Actor) -> None:
    lock_with_keyboard(qtbot, window, tasks)
    assert window.locked
    assert not window.tabs.isVisible()
    assert window.lock_page.isVisible()
    assert window.lock_page.title.text() == "Locked — Lee Lead"
    assert not window.lock_action.isEnabled()
    assert not window.about_action.isEnabled()
    assert not any(action.isEnabled() for action in window.tab_actions)
    assert window.sign_out_action.isEnabled()
    assert window.quit_action.isEnabled()
    assert window.lock_page.password_edit.hasFocus()
    assert audited(sqlite_backend, lead)[0] == "auth.screen_lock"


def test_tab_shortcuts_do_nothing_while_locked(qtbot: QtBot, window: MainWindow,
                                               tasks: TaskRunner) -> None:
    lock_with_keyboard(qtbot, window, tasks)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.lock_page.password_edit, Qt.Key.Key_3,
                   Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 0
    assert window.locked


def test_a_wrong_password_is_shown_at_the_field_and_the_screen_stays_locked(
        qtbot: QtBot, window: MainWindow, tasks: TaskRunner) -> None:
    lock_with_keyboard(qtbot, window, tasks)
    unlock(qtbot, window, tasks, "somebody else's password")
    assert window.locked
    assert window.lock_page.error.text() == "Wrong user name or password."
    assert not window.lock_page.error.isHidden()
    assert window.lock_page.password_edit.text() == ""
    assert window.lock_page.password_edit.hasFocus()
    assert not window.tabs.isVisible()


def test_the_right_password_unlocks_and_everything_comes_back(
        qtbot: QtBot, window: MainWindow, tasks: TaskRunner, sqlite_backend: Backend,
        lead: Actor) -> None:
    window.tabs.setCurrentIndex(2)
    lock_with_keyboard(qtbot, window, tasks)
    unlock(qtbot, window, tasks, "wrong first")
    with qtbot.waitSignal(window.locked_changed):
        unlock(qtbot, window, tasks, demo_password("lead"))
    assert not window.locked
    assert window.tabs.isVisible()
    assert window.tabs.currentIndex() == 2  # back where the clerk was
    assert window.lock_page.error.isHidden()
    assert all(action.isEnabled() for action in window.tab_actions)
    assert window.lock_action.isEnabled()
    assert window.idle_watcher.active
    assert audited(sqlite_backend, lead)[:3] == ["auth.unlock", "auth.unlock", "auth.screen_lock"]
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 3


def test_enter_in_the_lock_password_field_unlocks(qtbot: QtBot, window: MainWindow,
                                                  tasks: TaskRunner) -> None:
    lock_with_keyboard(qtbot, window, tasks)
    qtbot.keyClicks(window.lock_page.password_edit, demo_password("lead"))
    with qtbot.waitSignal(window.locked_changed):
        qtbot.keyClick(window.lock_page.password_edit, Qt.Key.Key_Return)
    assert not window.locked


def test_idle_timer_locks_after_the_interval_without_input(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, lead: Actor) -> None:
    window = MainWindow(sqlite_backend, tasks, lead, idle_interval_ms=150)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.locked_changed, timeout=5_000):
        pass
    assert window.locked
    assert not window.idle_watcher.active
    wait_idle(qtbot, tasks)


def test_input_resets_the_idle_timer(qtbot: QtBot, sqlite_backend: Backend,
                                     tasks: TaskRunner, lead: Actor) -> None:
    window = MainWindow(sqlite_backend, tasks, lead, idle_interval_ms=1_000)
    qtbot.addWidget(window)
    window.show()
    qtbot.wait(500)
    qtbot.keyClick(window.tabs, Qt.Key.Key_Shift)  # the clerk is still there
    qtbot.wait(600)  # 1.1 s since sign-in, but only 0.6 s since the last key
    assert not window.locked
    qtbot.waitUntil(lambda: window.locked, timeout=5_000)
    wait_idle(qtbot, tasks)


def test_sign_out_from_the_lock_page_audits_closes_and_tells_the_shell(
        qtbot: QtBot, window: MainWindow, tasks: TaskRunner, sqlite_backend: Backend,
        lead: Actor) -> None:
    lock_with_keyboard(qtbot, window, tasks)
    with qtbot.waitSignal(window.signed_out), qtbot.assertNotEmitted(window.quit_requested):
        window.lock_page.sign_out_button.click()
    assert not window.isVisible()
    assert audited(sqlite_backend, lead)[:2] == ["auth.sign_out", "auth.screen_lock"]


def test_sign_out_from_the_menu(qtbot: QtBot, window: MainWindow,
                                sqlite_backend: Backend, lead: Actor) -> None:
    with qtbot.waitSignal(window.signed_out):
        window.sign_out_action.trigger()
    assert not window.isVisible()
    assert audited(sqlite_backend, lead)[0] == "auth.sign_out"


def test_quit_while_locked_audits_the_sign_out_and_asks_to_quit(
        qtbot: QtBot, window: MainWindow, tasks: TaskRunner, sqlite_backend: Backend,
        lead: Actor) -> None:
    lock_with_keyboard(qtbot, window, tasks)
    with qtbot.waitSignal(window.quit_requested), qtbot.assertNotEmitted(window.signed_out):
        qtbot.keyClick(window.lock_page.password_edit, Qt.Key.Key_Q,
                       Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()
    assert audited(sqlite_backend, lead)[0] == "auth.sign_out"


def test_closing_the_window_is_quit(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.quit_requested):
        window.close()
    assert not window.isVisible()
