"""The database worker (Anki's ``taskman``): one thread for all database work, results on the GUI.

A single-thread executor serialises every unit of work, which suits SQLite (one writer) and keeps
a slow shared server from freezing the window. The worker never touches a widget: it hands a
closure back through a queued Qt signal and the GUI thread runs it.

Outcomes are sorted the way errors.py sorts them:

* a ``UserError`` goes to the caller's ``on_error``, which shows ``.message`` at its field;
* an ``EnvironmentFailure`` is shown in words (``show_environment``) and the program carries on;
* anything else is a bug and goes to the crash handler (``sys.excepthook`` by default, which
  ``app.py`` points at the crash dialog).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget
from shiboken6 import isValid

from workstation import APP_NAME
from workstation.errors import EnvironmentFailure, UserError

log = logging.getLogger("workstation.ui.tasks")

T = TypeVar("T")
Done = Callable[[T], None]
Failed = Callable[[UserError], None]
Finally = Callable[[], None]


def _show_environment(parent: QWidget | None, message: str) -> None:
    QMessageBox.warning(parent, APP_NAME, message)


def _crash(exc: BaseException) -> None:
    sys.excepthook(type(exc), exc, exc.__traceback__)


class TaskRunner(QObject):
    """Runs database work on one worker thread and reports back on the GUI thread."""

    # Emitted from the worker; Qt queues it to this object's (the GUI) thread.
    _deliver = Signal(object)
    busy_changed = Signal(bool)
    idle = Signal()  # every submitted task has finished and its callbacks have run

    def __init__(self, parent: QObject | None = None, *,
                 show_environment: Callable[[QWidget | None, str], None] = _show_environment,
                 crash: Callable[[BaseException], None] = _crash):
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db-worker")
        self._pending = 0
        self._show_environment = show_environment
        self._crash = crash
        # Queued even when emitted on the GUI thread: a task that finished before its callback
        # was attached calls back from run() itself, and on_done must never run inside run()
        # (the caller has not finished setting up; shutdown's cancellations would re-enter).
        self._deliver.connect(self._run_on_gui, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def run(self, fn: Callable[[], T], on_done: Done[T] | None = None,
            on_error: Failed | None = None, *, on_finally: Finally | None = None,
            owner: QWidget | None = None) -> Future[T]:
        """Run ``fn`` on the worker; then ``on_done(result)`` or ``on_error(user_error)``.

        ``on_finally`` runs after either, and after an environment failure or a bug too, so a
        screen can always re-enable the button it disabled. ``owner`` is the screen that asked:
        it parents any message box, and if it has been deleted meanwhile its callbacks are
        dropped (the answer has nobody left to go to; the work itself is done or rolled back).
        """
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        future = self._executor.submit(fn)
        future.add_done_callback(
            lambda fut: self._deliver.emit(
                lambda: self._settle(fut, on_done, on_error, on_finally, owner)))
        return future

    def _run_on_gui(self, closure: Callable[[], None]) -> None:
        closure()

    def _settle(self, future: Future[Any], on_done: Done[Any] | None, on_error: Failed | None,
                on_finally: Finally | None, owner: QWidget | None) -> None:
        gone = owner is not None and not isValid(owner)
        try:
            if not gone:
                self._dispatch(future, on_done, on_error, owner)
        finally:
            try:
                if on_finally is not None and not gone:
                    on_finally()
            finally:
                self._pending -= 1
                if self._pending == 0:
                    self.busy_changed.emit(False)
                    self.idle.emit()

    def _dispatch(self, future: Future[Any], on_done: Done[Any] | None, on_error: Failed | None,
                  parent: QWidget | None) -> None:
        if future.cancelled():  # only at shutdown: nobody is waiting for the answer any more
            return
        exc = future.exception()
        if exc is None:
            if on_done is not None:
                on_done(future.result())
        elif isinstance(exc, UserError) and on_error is not None:
            on_error(exc)
        elif isinstance(exc, EnvironmentFailure):
            log.warning("environment failure: %s", exc.message)
            self._show_environment(parent, exc.message)
        else:
            # A UserError nobody asked to handle is a bug in the screen, like any other.
            self._crash(exc)

    def shutdown(self) -> None:
        """Wait for the running task (a half-written unit of work must finish or roll back)."""
        self._executor.shutdown(wait=True, cancel_futures=True)
