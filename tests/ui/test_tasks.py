"""The database worker: answers come back on the GUI thread, sorted by kind of failure."""

from __future__ import annotations

import threading
from unittest.mock import MagicMock

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from workstation.errors import EnvironmentFailure, UserError
from workstation.ui.tasks import TaskRunner


def make_runner() -> tuple[TaskRunner, MagicMock, MagicMock]:
    show_environment, crash = MagicMock(), MagicMock()
    return TaskRunner(show_environment=show_environment, crash=crash), show_environment, crash


def test_work_runs_off_the_gui_thread_and_the_answer_comes_back_on_it(qtbot: QtBot) -> None:
    runner, _, _ = make_runner()
    seen: dict[str, str] = {}

    def work() -> int:
        seen["work"] = threading.current_thread().name
        return 42

    def done(result: int) -> None:
        seen["done"] = threading.current_thread().name
        seen["result"] = str(result)

    with qtbot.waitSignal(runner.idle):
        runner.run(work, done)
    runner.shutdown()
    assert seen["work"].startswith("db-worker")
    assert seen["done"] == threading.main_thread().name
    assert seen["result"] == "42"


def test_a_user_error_goes_to_on_error_and_on_finally_still_runs(qtbot: QtBot) -> None:
    runner, show_environment, crash = make_runner()
    errors: list[UserError] = []
    finished: list[bool] = []

    def refuse() -> None:
        raise UserError("Wrong user name or password.", field="password")

    with qtbot.waitSignal(runner.idle):
        runner.run(refuse, MagicMock(), errors.append, on_finally=lambda: finished.append(True))
    runner.shutdown()
    assert [(e.message, e.field) for e in errors] == [("Wrong user name or password.", "password")]
    assert finished == [True]
    show_environment.assert_not_called()
    crash.assert_not_called()


def test_an_environment_failure_is_shown_in_words_not_as_a_crash(qtbot: QtBot) -> None:
    runner, show_environment, crash = make_runner()
    on_error = MagicMock()

    def fail() -> None:
        raise EnvironmentFailure("The disk is full. Free some space and try again.")

    with qtbot.waitSignal(runner.idle):
        runner.run(fail, MagicMock(), on_error)
    runner.shutdown()
    show_environment.assert_called_once_with(
        None, "The disk is full. Free some space and try again.")
    on_error.assert_not_called()
    crash.assert_not_called()


def test_any_other_exception_goes_to_the_crash_handler(qtbot: QtBot) -> None:
    runner, show_environment, crash = make_runner()
    on_error = MagicMock()

    def bug() -> None:
        raise KeyError("a bug")

    with qtbot.waitSignal(runner.idle):
        runner.run(bug, MagicMock(), on_error)
    runner.shutdown()
    assert isinstance(crash.call_args.args[0], KeyError)
    on_error.assert_not_called()
    show_environment.assert_not_called()


def test_busy_until_the_last_task_reports(qtbot: QtBot) -> None:
    runner, _, _ = make_runner()
    gate = threading.Event()
    with qtbot.waitSignal(runner.busy_changed) as became_busy:
        runner.run(gate.wait)
    assert became_busy.args == [True]
    runner.run(lambda: None)
    assert runner.busy
    gate.set()
    with qtbot.waitSignal(runner.idle):
        pass
    assert not runner.busy
    runner.shutdown()


def test_answers_for_a_screen_that_is_gone_are_dropped(qtbot: QtBot) -> None:
    runner, _, crash = make_runner()
    gate = threading.Event()
    screen = QWidget()
    done = MagicMock()
    runner.run(gate.wait, done, on_finally=done, owner=screen)
    screen.deleteLater()
    qtbot.wait(10)  # the screen is deleted while the work is still running
    gate.set()
    with qtbot.waitSignal(runner.idle):
        pass
    runner.shutdown()
    done.assert_not_called()
    crash.assert_not_called()
