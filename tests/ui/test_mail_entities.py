"""Mail Sort: a document line's entity is typed as a charter number or picked by name."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.conftest import wait_idle
from tests.ui.mail_helpers import (
    CTRL_SHIFT,
    QT_LOG_IGNORE,
    document,
    fill,
    mail_tab,
    open_tray,
    save_and_wait,
)
from workstation.models import Entity
from workstation.services import profile
from workstation.startup import Backend
from workstation.ui.mail.entities import EntityCompleter
from workstation.ui.main_window import MainWindow
from workstation.ui.tabs.mail_sort import MailSortTab
from workstation.ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore(*QT_LOG_IGNORE, extend=True)
P = profile.load()


@pytest.fixture
def tab(window: MainWindow, sqlite_backend: Backend) -> MailSortTab:
    with sqlite_backend.db.uow() as uow:
        for number, name in (("4400001", "Maple Ridge Orchards LLC"),
                             ("4400002", "Maple Street Bakery LLC")):
            uow.session.add(Entity(number=number, name=name, name_key=P.entity_name_key(name),
                                   name_sort=name.casefold(), entity_type="llc",
                                   status="active"))
        uow.commit()
    return mail_tab(window)


def test_the_entity_is_picked_by_name_and_logged_by_number(qtbot: QtBot, tab: MailSortTab,
                                                           tasks: TaskRunner) -> None:
    open_tray(qtbot, tab, tasks)
    fill(tab, amount="50.00", filing_type="123-AMDD")
    edit = document(tab).entity
    completer = edit.completer()
    assert isinstance(completer, EntityCompleter)
    edit.setFocus()
    qtbot.keyClicks(edit, "maple r")
    popup = completer.popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    wait_idle(qtbot, tasks)
    assert completer.shown() == ["Maple Ridge Orchards LLC · 4400001 · Active"]
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not popup.isVisible())
    assert edit.text() == "4400001"  # the number goes in; the name was only shown
    save_and_wait(qtbot, tab, tasks)
    assert tab.last_slip is not None
    [doc] = tab.last_slip.documents
    assert (doc.entity_number, doc.entity_name) == ("4400001", "Maple Ridge Orchards LLC")


def test_a_name_that_names_nobody_is_refused_at_the_field(qtbot: QtBot, tab: MailSortTab,
                                                          tasks: TaskRunner) -> None:
    open_tray(qtbot, tab, tasks)
    fill(tab, amount="50.00", filing_type="123-AMDD")
    document(tab).entity.setText("Maple Leaf Nobody LLC")
    save_and_wait(qtbot, tab, tasks)
    assert tab.last_slip is None
    assert "No entity is named" in tab.page.form.refusals.error_for(document(tab).entity).text()
    assert document(tab).entity.text() == "Maple Leaf Nobody LLC"  # nothing typed is lost
    qtbot.keyClick(tab.window(), Qt.Key.Key_D, CTRL_SHIFT)  # a second document line ...
    assert isinstance(document(tab, 1).entity.completer(), EntityCompleter)  # ... has the list
