"""The whole life of an e-mailed inquiry through the screens: imported from a saved .eml,
claimed, researched (the linked filing opened in the record lookup), answered by a letter from
a template, marked mailed (the response clock stops) and resolved."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from tests.ui.conftest import wait_idle
from tests.ui.mail_helpers import QT_LOG_IGNORE
from workstation.models import Entity, Filing
from workstation.services import inquiry_read, profile
from workstation.services.dto import Actor
from workstation.startup import Backend
from workstation.ui.inquiry import thread
from workstation.ui.inquiry.detail import InquiryWindow
from workstation.ui.main_window import MainWindow
from workstation.ui.tabs.inquiry_queue import InquiryQueueTab
from workstation.ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore(*QT_LOG_IGNORE, "propagateSizeHints", "raise()",
                                       extend=True)
P = profile.load()
EML = Path(__file__).resolve().parents[1] / "fixtures" / "mail" / "law_firm_status_request.eml"
DOCUMENT = "202412345678"  # the filing the law firm asks about


def pick(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


@pytest.fixture
def register(sqlite_backend: Backend) -> None:
    with sqlite_backend.db.uow() as uow:
        name = "Buckeye Orchard Holdings LLC"
        entity = Entity(number="4400077", name=name, name_key=P.entity_name_key(name),
                        name_sort=name.casefold(), entity_type="llc", status="active")
        uow.session.add(entity)
        uow.session.flush()
        uow.session.add(Filing(document_number=DOCUMENT, filing_type="OH-610",
                               entity_id=entity.id, status="in_review",
                               received_at=datetime(2024, 4, 29, 15, 0, tzinfo=UTC)))
        uow.commit()


def test_an_emailed_question_from_import_to_resolved(
        qtbot: QtBot, register: None, window: MainWindow, tasks: TaskRunner, lead: Actor,
        sqlite_backend: Backend, monkeypatch: pytest.MonkeyPatch) -> None:
    db = sqlite_backend.db
    window.tabs.setCurrentIndex(1)
    tab = window.tabs.currentWidget()
    assert isinstance(tab, InquiryQueueTab)
    wait_idle(qtbot, tasks)

    # 1. Import the saved e-mail.
    tab.import_files([EML])
    wait_idle(qtbot, tasks)
    [imported] = tab.last_import
    [row] = tab.model.rows
    assert (row.number, row.channel, row.owner) == (imported.number, "email", None)
    assert row.requester == "Margaret O'Neil, Esq."

    # 2. Open it from the list with Enter and claim it.
    tab.table.setFocus()
    tab.table.selectRow(0)
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    win = tab.windows[row.id]
    assert isinstance(win, InquiryWindow)
    wait_idle(qtbot, tasks)
    assert win.detail is not None and "202412345678" in win.detail.subject
    win.claim_button.click()
    wait_idle(qtbot, tasks)
    assert win.detail.owner == "lead"

    # 3. Research: sort it, link the filing it names, open that filing in the lookup.
    pick(win.category_combo, "status_of_filing")
    wait_idle(qtbot, tasks)
    pick(win.case.link_kind, "filing")
    win.case.link_edit.setText(DOCUMENT)
    win.case.link_button.click()
    wait_idle(qtbot, tasks)
    assert win.links_list.count() == 1
    win.links_list.itemActivated.emit(win.links_list.item(0))
    wait_idle(qtbot, tasks)
    panel = window.lookup_panel
    assert panel is not None and panel.isVisible()
    assert panel.search_edit.text() == DOCUMENT
    assert panel.stack.currentWidget() is panel.entity_page  # the filing's entity card
    assert panel.entity_page.card is not None
    assert panel.entity_page.card.summary.name == "Buckeye Orchard Holdings LLC"
    panel.close()

    # 4. Answer from the record: the filing status template, as a letter.
    pick(win.template_combo, "filing_status")
    wait_idle(qtbot, tasks)
    body = win.body_edit.toPlainText()
    assert DOCUMENT in body and "Buckeye Orchard Holdings LLC" in body
    win.letter_button.click()
    wait_idle(qtbot, tasks)
    letter = win.last_sent_path
    assert letter is not None and letter.suffix == ".pdf"
    text = " ".join((p.extract_text() or "") for p in PdfReader(
        io.BytesIO(letter.read_bytes())).pages)
    assert DOCUMENT in text and "Margaret O'Neil" in text and imported.number in text

    # 5. It goes in the mail today: the first-response clock stops.
    today = datetime.now(UTC).astimezone(P.calendar.zone).date()
    monkeypatch.setattr(thread, "ask_mailed_on", lambda _p, _w, t: t)
    win.mark_mailed_button.click()
    wait_idle(qtbot, tasks)
    found = inquiry_read.detail(db, P, lead, row.id)
    first = next(c for c in found.clocks if c.role == "first_response")
    assert first.stopped_at is not None
    assert found.entries[-1].mailed_on == today and found.entries[-1].kind == "outbound"

    # 6. Resolved: it leaves the open queue and is among the finished.
    pick(win.status_combo, "resolved")
    wait_idle(qtbot, tasks)
    assert inquiry_read.detail(db, P, lead, row.id).status == "resolved"
    win.close()
    tab.refresh()
    wait_idle(qtbot, tasks)
    assert tab.model.rows == []
    tab.view_combo.setCurrentIndex(tab.view_combo.findData("done"))
    wait_idle(qtbot, tasks)
    assert [r.number for r in tab.model.rows] == [imported.number]
