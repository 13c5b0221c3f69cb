"""Where the main window was, kept between runs (QSettings in an INI file: Picard's choice).

Only window geometry lives here; everything else is in the typed settings. A first run, or a
saved position on a monitor that is gone, gets a window of most of the screen instead.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, QSize
from PySide6.QtWidgets import QMainWindow

from workstation.paths import Locations

_KEY = "main_window/geometry"
MIN_SIZE = QSize(1024, 700)


def _store(locations: Locations) -> QSettings:
    return QSettings(str(locations.config_dir / "window-state.ini"), QSettings.Format.IniFormat)


def restore(window: QMainWindow, locations: Locations) -> None:
    saved = _store(locations).value(_KEY)
    if isinstance(saved, QByteArray) and window.restoreGeometry(saved):
        return
    screen = window.screen().availableGeometry()
    size = QSize(max(MIN_SIZE.width(), screen.width() * 85 // 100),
                 max(MIN_SIZE.height(), screen.height() * 85 // 100))
    window.resize(size.boundedTo(screen.size()))
    frame = window.frameGeometry()
    frame.moveCenter(screen.center())
    window.move(frame.topLeft())


def save(window: QMainWindow, locations: Locations) -> None:
    store = _store(locations)
    store.setValue(_KEY, window.saveGeometry())
    store.sync()
