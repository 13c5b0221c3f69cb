"""The main window as a clerk first sees it: title, four tabs, menus, status bar, About."""

from __future__ import annotations

from unittest.mock import patch

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from workstation import __version__
from workstation.services.dto import Actor
from workstation.startup import Backend
from workstation.ui import window_state
from workstation.ui.main_window import MainWindow
from workstation.ui.tabs import WorkTab
from workstation.ui.tasks import TaskRunner

EXPECTED_TABS = [
    ("&Mail Sort", "mailSortTab", "No mail session is open"),
    ("&Inquiry Queue", "inquiryQueueTab", "No inquiries are waiting"),
    ("&Batch Review", "batchReviewTab", "No batch is open for review"),
    ("&Teller Drawer", "tellerDrawerTab", "No drawer is open at this workstation"),
]


def test_title_names_the_clerk_and_role(window: MainWindow) -> None:
    assert window.windowTitle() == "Counter Workstation — Lee Lead (Lead)"


def test_four_tabs_in_order_each_with_its_empty_state(window: MainWindow) -> None:
    found = []
    for index in range(window.tabs.count()):
        tab = window.tabs.widget(index)
        assert isinstance(tab, WorkTab)
        found.append((window.tabs.tabText(index), tab.objectName(), tab.empty_state.title))
        assert len(tab.empty_state.line_labels) >= 2
        assert all(len(label.text()) > 60 for label in tab.empty_state.line_labels)
    assert found == EXPECTED_TABS


def test_mail_sort_empty_state_speaks_the_office_language(window: MainWindow) -> None:
    text = " ".join(label.text() for label in window.tabs.widget(0).empty_state.line_labels)
    for word in ("USPS", "courier", "drop box", "walk-in", "Corporate", "UCC", "Certification",
                 "Expedite 1/2/3"):
        assert word in text


def test_ctrl_number_switches_tabs(qtbot: QtBot, window: MainWindow) -> None:
    for index in (3, 1, 2, 0):
        qtbot.keyClick(window, Qt.Key.Key_1 + index, Qt.KeyboardModifier.ControlModifier)
        assert window.tabs.currentIndex() == index


def test_status_bar_shows_user_role_workstation_database_version(
        window: MainWindow, sqlite_backend: Backend) -> None:
    texts = {key: label.text() for key, label in window.status_labels.items()}
    assert texts["user"] == "Lee Lead (lead)"
    assert texts["role"] == "Lead"
    assert "TEST-WS-01" in texts["workstation"]
    assert texts["database"] == sqlite_backend.db.target.describe()
    assert texts["version"] == f"v{__version__}"
    assert texts["drawer"] == "No drawer open"
    for label in window.status_labels.values():
        assert label.isVisible()


def test_menus(window: MainWindow) -> None:
    menus = {action.text(): action.menu() for action in window.menuBar().actions()}
    assert list(menus) == ["&Session", "&Records", "&Help"]
    session = [a.text() for a in menus["&Session"].actions()]
    assert session == ["&Users…", "", "&Lock", "Sign &out", "", "&Quit"]
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    assert [a.text() for a in menus["&Help"].actions()] == ["&About Counter Workstation"]


def test_about_names_version_database_workstation_qt_and_licence(
        window: MainWindow, sqlite_backend: Backend) -> None:
    with patch("workstation.ui.about.QMessageBox.about") as about:
        window.about_action.trigger()
    parent, title, text = about.call_args.args
    assert parent is window
    assert title == "About Counter Workstation"
    for needle in (__version__, sqlite_backend.db.target.describe(), "TEST-WS-01",
                   "Qt / PySide", "Licence", "Proprietary"):
        assert needle in text


def test_opens_at_a_working_size_and_remembers_its_place(qtbot: QtBot, sqlite_backend: Backend,
                                                         tasks: TaskRunner, lead: Actor) -> None:
    first = MainWindow(sqlite_backend, tasks, lead)
    qtbot.addWidget(first)
    screen = first.screen().availableGeometry()
    assert first.width() >= min(1024, screen.width())
    assert first.height() >= min(700, screen.height())
    first.resize(760, 560)  # within the offscreen screen (800x600), which restore clamps to
    window_state.save(first, sqlite_backend.locations)
    second = MainWindow(sqlite_backend, tasks, lead)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (760, 560)
