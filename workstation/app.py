"""Composition root: the QApplication, logging, crash hook, database and the session loop.

Three entry points, called by the CLI (``workstation.__main__``):

* ``main_gui``: the program a clerk starts;
* ``screenshot``: pictures of every screen on a demo database, for reviews and the guide;
* ``startup_probe``: the start-up benchmark's stopwatch (prints ``PAINTED`` at first paint).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import cast

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from workstation import APP_NAME, ORG_NAME, __version__
from workstation.errors import EnvironmentFailure, UserError
from workstation.logging_setup import previous_crash, ring_buffer, setup_logging
from workstation.paths import Locations
from workstation.services import auth, demo
from workstation.services.dto import Actor
from workstation.settings import Settings
from workstation.startup import Backend, open_backend
from workstation.ui import crash, logbridge, screenshots, theme
from workstation.ui.main_window import MainWindow
from workstation.ui.shell import Shell
from workstation.ui.tasks import TaskRunner
from workstation.ui.widgets import scanner

DEMO_SIGN_IN = "lead"  # screenshots and the probe show what a lead sees: every tab


def _application() -> QApplication:
    """The running QApplication (pytest-qt's, say) or a new one, named and themed."""
    existing = QApplication.instance()
    app = cast(QApplication, existing) if existing is not None else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(theme.icon("app"))
    theme.apply(app)
    return app


def main_gui(locations: Locations, settings: Settings) -> int:
    """Run the desktop program until the clerk quits: 0, or 2 if the database is unusable."""
    setup_logging(locations, settings.log_level)
    app = _application()
    logbridge.install()
    crash.install(ring_buffer().lines)
    _report_previous_crash(locations)
    try:
        backend = open_backend(locations, settings)
    except EnvironmentFailure as exc:
        QMessageBox.critical(None, APP_NAME, exc.message)
        return 2
    tasks = TaskRunner()
    # One scan filter for the whole program, before any window: screens connect to it.
    scan_filter = scanner.install(app)
    shell = Shell(backend, tasks)
    shell.finished.connect(app.quit)
    # Between a sign-out and the next sign-in no window is open; that is not the end.
    app.setQuitOnLastWindowClosed(False)
    shell.start()
    try:
        app.exec()
    finally:
        scan_filter.uninstall()
        tasks.shutdown()
        backend.close()
    return 0


def _report_previous_crash(locations: Locations) -> None:
    """A hard crash last time (faulthandler's file) is shown once, so it reaches the helpdesk."""
    text = previous_crash(locations)
    if text:
        crash.CrashDialog(text, heading="The program stopped unexpectedly last time.").exec()


def _sign_in_demo_lead(backend: Backend) -> Actor:
    person = next(u for u in demo.DEMO_USERS if u.username == DEMO_SIGN_IN)
    return auth.sign_in(backend.db, backend.policy, person.username, person.password)


def screenshot(locations: Locations, settings: Settings, outdir: Path) -> list[Path]:
    """Write a PNG of every screen into ``outdir`` (``screenshots.capture_all`` lists them).

    Works with or without a running QApplication; with none and no platform chosen it draws
    offscreen, so it runs on a build server. The database must be new or a demo database
    (demo.refresh refuses one with real accounts).
    """
    standalone = QApplication.instance() is None
    if standalone and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = _application()  # noqa: F841 - must stay alive while the screens exist
    if standalone:  # inside a test run the test framework's Qt message handler stays
        logbridge.install()
    backend = open_backend(locations, settings)
    tasks = TaskRunner()
    try:
        demo.refresh(backend.db, backend.policy)
        demo.build_registry(backend.db, "small")  # no-op when the register has records
        actor = _sign_in_demo_lead(backend)
        return screenshots.capture_all(backend, tasks, actor, Path(outdir))
    finally:
        tasks.shutdown()
        backend.close()


class _FirstPaint(QObject):
    """Prints PAINTED at the window's first paint, then ends the event loop."""

    def __init__(self, app: QApplication):
        super().__init__()
        self.app = app
        self.seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            print("PAINTED", flush=True)
            QTimer.singleShot(0, self.app.quit)
        return False


def startup_probe(locations: Locations, settings: Settings) -> int:
    """Start as far as the first painted main window (signed in as the demo lead), then quit."""
    app = _application()
    try:
        backend = open_backend(locations, settings)
    except EnvironmentFailure as exc:
        print(exc.message, file=sys.stderr)
        return 2
    tasks = TaskRunner()
    try:
        if not demo.demo_database(backend.db):
            demo.refresh(backend.db, backend.policy)  # a new database; refuses a real one
        window = MainWindow(backend, tasks, _sign_in_demo_lead(backend))
        probe = _FirstPaint(app)
        window.installEventFilter(probe)
        window.show()
        app.exec()
        window.idle_watcher.stop()
        screenshots.dispose(window)
    except UserError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    finally:
        tasks.shutdown()
        backend.close()
    return 0
