"""Pictures of every screen, for reviews and the user guide (``workstation screenshot``).

Each screen is built for real on the real database, given a fixed size so pictures compare
from one version to the next, and grabbed once the database worker has gone quiet.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from workstation.services.dto import Actor
from workstation.startup import Backend
from workstation.ui.login_dialog import LoginDialog
from workstation.ui.main_window import MainWindow
from workstation.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from workstation.ui.calendar.window import CalendarWindow
    from workstation.ui.reports.window import ReportsWindow

WINDOW_SIZE = (1280, 800)
LOOKUP_EXAMPLE = "Holdings"  # a word every register has many of


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.replace("&", "").lower()).strip("-")


def wait_until_idle(tasks: TaskRunner, timeout_ms: int = 60_000) -> None:
    """Run the event loop until every database task has reported back (or the timeout)."""
    if not tasks.busy:
        return
    loop = QEventLoop()
    tasks.idle.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    tasks.idle.disconnect(loop.quit)


def settle(widget: QWidget) -> None:
    """Let layouts and pending paints finish before a grab."""
    QApplication.processEvents()
    widget.repaint()
    QApplication.processEvents()


def save(widget: QWidget, path: Path) -> Path:
    settle(widget)
    if not widget.grab().save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    return path


def dispose(widget: QWidget) -> None:
    widget.hide()
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def capture_all(backend: Backend, tasks: TaskRunner, actor: Actor, outdir: Path) -> list[Path]:
    """00 the sign-in dialog, 01-04 the tabs, 05 the record lookup, 06 a record card and 07 its
    Issue certificate… dialog (when the register has entities), the Certificates window, the
    Reports window (this month's production), the calendar's month, then the locked screen;
    returns the files written (numbered in that order)."""
    outdir.mkdir(parents=True, exist_ok=True)
    written = [capture_login(backend, tasks, outdir / "00-sign-in.png")]
    window = MainWindow(backend, tasks, actor)
    window.idle_watcher.stop()  # a slow machine must not lock half-way through the pictures
    window.resize(*WINDOW_SIZE)
    window.show()
    try:
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            wait_until_idle(tasks)  # a tab reads its lists when it is shown
            name = f"{index + 1:02d}-{slug(window.tabs.tabText(index))}.png"
            written.append(save(window, outdir / name))
        written += capture_lookup(window, tasks, outdir, len(written))
        for name, prepare in (("certificates", None), ("reports", _this_months_production),
                              ("calendar", _everyones_month)):
            path = outdir / f"{len(written):02d}-{name}.png"
            written.append(capture_records_window(window, tasks, name, path, prepare))
        window.lock()
        wait_until_idle(tasks)
        written.append(save(window, outdir / f"{len(written):02d}-locked.png"))
    finally:
        window.idle_watcher.stop()
        dispose(window)
    return written


def capture_lookup(window: MainWindow, tasks: TaskRunner, outdir: Path, first: int
                   ) -> list[Path]:
    """The lookup panel with a name search, and the first entity's record card."""
    window.show_lookup()
    panel = window.lookup_panel
    assert panel is not None
    panel.search_edit.setText(LOOKUP_EXAMPLE)
    panel.search_page.search_now()
    wait_until_idle(tasks)
    panel.search_page.focus_results()
    shots = [save(panel, outdir / f"{first:02d}-record-lookup.png")]
    entities = panel.search_page.entities.rows
    if entities:
        panel.open_entity(entities[0].id)
        wait_until_idle(tasks)
        shots.append(save(panel, outdir / f"{first + 1:02d}-record-card.png"))
        dialog = panel.issue_certificate()
        if dialog is not None:
            wait_until_idle(tasks)
            shots.append(save(dialog, outdir / f"{first + 2:02d}-issue-certificate.png"))
            dialog.close()
    panel.close()
    return shots


def capture_records_window(window: MainWindow, tasks: TaskRunner, name: str, path: Path,
                           prepare: Callable[[Any], object] | None = None) -> Path:
    """Records > ``name`` (certificates, reports, calendar) once its reads are in: ``prepare``
    sizes it and sets what it shows first."""
    getattr(window, f"show_{name}")()
    shown = window.side_windows[name]
    wait_until_idle(tasks)
    if prepare is not None:
        prepare(shown)
    wait_until_idle(tasks)
    wait_until_idle(tasks)  # a current row's detail is read after its list
    try:
        return save(shown, path)
    finally:
        shown.close()


def _this_months_production(reports: ReportsWindow) -> None:
    reports.resize(*WINDOW_SIZE)
    reports.run()


def _everyones_month(calendar: CalendarWindow) -> None:
    calendar.resize(*WINDOW_SIZE)
    calendar.show_view("month")


def capture_login(backend: Backend, tasks: TaskRunner, path: Path) -> Path:
    dialog = LoginDialog(backend, tasks)
    dialog.show()
    try:
        wait_until_idle(tasks)  # the demo users line arrives from the worker
        dialog.fit_height()
        return save(dialog, path)
    finally:
        dispose(dialog)
