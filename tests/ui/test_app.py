"""The composition root's three entry points: the GUI loop, screenshots, the start-up probe."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from unittest.mock import MagicMock, patch

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from workstation import app
from workstation.errors import EnvironmentFailure
from workstation.startup import Backend
from workstation.ui.shell import Shell
from workstation.ui.widgets import scanner

EXPECTED_SHOTS = ["00-sign-in.png", "01-mail-sort.png", "02-inquiry-queue.png",
                  "03-batch-review.png", "04-teller-drawer.png", "05-record-lookup.png",
                  "06-record-card.png", "07-issue-certificate.png", "08-certificates.png",
                  "09-reports.png", "10-calendar.png", "11-locked.png"]


def distinct_colours(image: QImage, samples: int = 40) -> int:
    colours = set()
    for i in range(samples):
        for j in range(samples):
            x = image.width() * i // samples
            y = image.height() * j // samples
            colours.add(image.pixel(x, y))
    return len(colours)


def test_screenshot_writes_every_picture(qtbot: QtBot, sqlite_backend: Backend,
                                            tmp_path: Path) -> None:
    outdir = tmp_path / "shots"
    written = app.screenshot(sqlite_backend.locations, sqlite_backend.settings, outdir)
    assert [p.name for p in written] == EXPECTED_SHOTS
    for path in written:
        image = QImage(str(path))
        assert not image.isNull(), path.name
        assert distinct_colours(image) >= 4, f"{path.name} looks blank"
        if path.name not in ("00-sign-in.png", "05-record-lookup.png", "06-record-card.png",
                             "07-issue-certificate.png", "08-certificates.png"):
            assert (image.width(), image.height()) == (1280, 800), path.name
    sign_in = QImage(str(outdir / "00-sign-in.png"))
    assert sign_in.width() >= 300 and sign_in.height() >= 150


def test_the_startup_probe_prints_painted_once(qtbot: QtBot, sqlite_backend: Backend,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert app.startup_probe(sqlite_backend.locations, sqlite_backend.settings) == 0
    assert capsys.readouterr().out == "PAINTED\n"


@pytest.fixture
def quiet_main_gui() -> Iterator[None]:
    """main_gui without replacing the test run's logging, Qt message handler or excepthook."""
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    quit_on_close = qapp.quitOnLastWindowClosed()
    with patch.object(app, "setup_logging"), patch.object(app.logbridge, "install"), \
            patch.object(app.crash, "install"), \
            patch.object(app, "previous_crash", return_value=""):
        yield
    qapp.setQuitOnLastWindowClosed(quit_on_close)


@pytest.mark.usefixtures("quiet_main_gui")
def test_main_gui_explains_an_unusable_database_and_returns_2(
        qtbot: QtBot, sqlite_backend: Backend) -> None:
    failure = EnvironmentFailure("The database file is read-only. Ask IT to check it.")
    with patch.object(app, "open_backend", side_effect=failure), \
            patch.object(app.QMessageBox, "critical") as critical:
        assert app.main_gui(sqlite_backend.locations, sqlite_backend.settings) == 2
    assert critical.call_args.args[1:] == ("Counter Workstation", failure.message)


@pytest.mark.usefixtures("quiet_main_gui")
def test_main_gui_runs_the_session_loop_until_quit(qtbot: QtBot,
                                                   sqlite_backend: Backend) -> None:
    started: list[Shell] = []

    class QuitAtOnce(Shell):
        def start(self) -> None:
            super().start()
            started.append(self)
            assert self.login is not None
            QTimer.singleShot(0, self.login.quit_button.click)

    opened = MagicMock(wraps=app.open_backend)
    with patch.object(app, "Shell", QuitAtOnce), patch.object(app, "open_backend", opened):
        assert app.main_gui(sqlite_backend.locations, sqlite_backend.settings) == 0
    assert len(started) == 1
    assert started[0].login is None
    opened.assert_called_once()


@pytest.mark.usefixtures("quiet_main_gui")
def test_main_gui_installs_one_scan_filter_for_its_run(qtbot: QtBot,
                                                       sqlite_backend: Backend) -> None:
    qapp = QApplication.instance()
    assert qapp is not None and scanner.installed(qapp) is None
    seen: list[scanner.ScanFilter | None] = []

    class QuitAtOnce(Shell):
        def start(self) -> None:
            super().start()
            seen.append(scanner.installed(qapp))  # there before the first window
            assert self.login is not None
            QTimer.singleShot(0, self.login.quit_button.click)

    with patch.object(app, "Shell", QuitAtOnce):
        assert app.main_gui(sqlite_backend.locations, sqlite_backend.settings) == 0
    assert len(seen) == 1 and isinstance(seen[0], scanner.ScanFilter)
    assert scanner.installed(qapp) is None  # gone with the run: the next one installs its own
