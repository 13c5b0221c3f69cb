"""The window that works one inquiry: claim, clocks, notes, links, status, the answer composer
(templates, sending once, new entries meanwhile, mailing), attachments, presence and closing."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot
from shiboken6 import isValid
from sqlalchemy import select

from tests.helpers import demo_password
from tests.ui.conftest import wait_idle
from workstation.domain.inquiry_clocks import ClockState
from workstation.domain.mail_import import Attachment, ImportedMail
from workstation.models import Entity, Filing
from workstation.services import auth, inquiries, inquiry_queue, inquiry_read, profile
from workstation.services.dto import Actor
from workstation.services.inquiry_dto import NewInquiry
from workstation.startup import Backend
from workstation.ui.inquiry import case, composer, thread
from workstation.ui.inquiry.clocks import clock_text, span_words
from workstation.ui.inquiry.composer import DRAFTS
from workstation.ui.inquiry.detail import InquiryWindow
from workstation.ui.main_window import MainWindow
from workstation.ui.tasks import TaskRunner

P = profile.load()
RECENT = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
ENTITY, FILING = "4400001", "202633000123"
CTRL = Qt.KeyboardModifier.ControlModifier
Opener = Callable[..., InquiryWindow]


def person(backend: Backend, who: str) -> Actor:
    return auth.sign_in(backend.db, backend.policy, who, demo_password(who))


@pytest.fixture
def records(sqlite_backend: Backend) -> tuple[int, int]:
    """An entity and a filing of it on the register: (entity id, filing id)."""
    with sqlite_backend.db.uow() as uow:
        entity = Entity(number=ENTITY, name="Maple Ridge Orchards LLC",
                        name_key=P.entity_name_key("Maple Ridge Orchards LLC"),
                        name_sort="maple ridge orchards llc", entity_type="llc", status="active")
        uow.session.add(entity)
        uow.session.flush()
        filing = Filing(document_number=FILING, filing_type="OH-610", entity_id=entity.id,
                        received_at=RECENT - timedelta(days=3), status="in_review")
        uow.session.add(filing)
        uow.session.flush()
        ids = (entity.id, filing.id)
        uow.commit()
    return ids


@pytest.fixture
def inquiry(sqlite_backend: Backend, lead: Actor, records: tuple[int, int]) -> int:
    """Jane Public's letter about her filing, the entity linked."""
    inquiry_id, _ = inquiries.log_contact(sqlite_backend.db, P, lead, NewInquiry(
        channel="mail", requester="Jane Public", category="status_of_filing",
        text="Were my articles of organization filed?", contact="jane@example.org",
        address="12 Elm Street\nColumbus, OH 43215", arrived_at=RECENT,
        links=(("entity", records[0]),)))
    return inquiry_id


@pytest.fixture
def open_window(qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner,
                lead: Actor) -> Iterator[Opener]:
    """Opens inquiry windows (as the lead unless told); those still open are closed after."""
    opened: list[InquiryWindow] = []
    DRAFTS.clear()

    def make(inquiry_id: int, actor: Actor | None = None, **options: object) -> InquiryWindow:
        win = InquiryWindow(sqlite_backend, tasks, actor or lead, inquiry_id,
                            **options)  # type: ignore[arg-type]
        opened.append(win)
        win.show()
        wait_idle(qtbot, tasks)
        assert win.detail is not None
        return win

    yield make
    for win in opened:
        if isValid(win) and win.isVisible():
            win.reject()
    wait_idle(qtbot, tasks)
    DRAFTS.clear()


def read(backend: Backend, inquiry_id: int, who: str = "senior"):  # type: ignore[no-untyped-def]
    return inquiry_read.detail(backend.db, P, person(backend, who), inquiry_id)


def pick(combo: QComboBox, data: object) -> None:
    """Choose an item as the clerk does (``activated``, not a programmatic change)."""
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def type_answer(win: InquiryWindow, text: str) -> None:
    win.body_edit.setFocus()
    win.body_edit.selectAll()
    win.body_edit.insertPlainText(text)  # as typed: the composer sees the clerk's edit


def send_letter(qtbot: QtBot, tasks: TaskRunner, win: InquiryWindow, text: str) -> None:
    type_answer(win, text)
    win.letter_button.click()
    wait_idle(qtbot, tasks)


# ---------------------------------------------------------------------- header and claim

def test_the_header_and_claiming(qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner,
                                 inquiry: int, open_window: Opener) -> None:
    win = open_window(inquiry)
    assert win.objectName() == "inquiryWindow" and not win.isModal()
    number = win.detail.number if win.detail else ""
    assert win.windowTitle() == f"{number} — Jane Public — Counter Workstation"
    facts = win.header.facts_label.text()
    assert "jane@example.org" in facts and "12 Elm Street Columbus, OH 43215" in facts
    assert "Mail" in facts and "received " in facts
    assert win.header.owner_label.text() == "Owner: nobody"
    assert win.claim_button.isVisible() and not win.release_button.isVisible()
    assert not win.header.presence_label.isVisible()
    with qtbot.waitSignal(win.changed) as changed:
        win.claim_button.click()
        wait_idle(qtbot, tasks)
    assert changed.args == [inquiry]
    assert win.header.owner_label.text() == "Owner: you"
    assert win.release_button.isVisible() and not win.claim_button.isVisible()
    assert read(sqlite_backend, inquiry).owner == "lead"
    win.release_button.click()
    wait_idle(qtbot, tasks)
    assert read(sqlite_backend, inquiry).owner is None and win.claim_button.isVisible()


def test_a_lost_claim_says_who_won(qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner,
                                   inquiry: int, open_window: Opener) -> None:
    win = open_window(inquiry)
    assert inquiry_queue.claim(sqlite_backend.db, person(sqlite_backend, "senior"), inquiry).won
    win.claim_button.click()  # the window still offers it: the senior was quicker
    wait_idle(qtbot, tasks)
    assert win.message.isVisible() and win.message.text().endswith("is already senior's.")
    assert win.header.owner_label.text() == "Owner: senior"
    assert not win.claim_button.isVisible() and not win.release_button.isVisible()


# ---------------------------------------------------------------------- clocks

def test_the_clocks_count_down_and_explain_themselves(inquiry: int,
                                                      open_window: Opener) -> None:
    win = open_window(inquiry)
    assert win.detail is not None
    states = {c.role: c for c in win.detail.clocks}
    assert set(win.clocks.labels) == set(states) and "first_response" in states
    label = win.clocks.labels["first_response"]
    assert label.text().startswith("First response · due ")
    assert " · in " in label.text() and "business day" in label.text()
    assert states["first_response"].explanation in label.toolTip()
    assert label.property("state") == "running"


def test_clock_words_for_every_state() -> None:
    calendar = P.calendar
    due = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)  # Tue 1 Dec 10:00 a.m. in Columbus
    base = ClockState("first_response", "First response", "target", "c", due, None, False,
                      False, "why")
    monday = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
    assert clock_text(base, monday, calendar) == \
        "First response · due Tue 1 Dec 10:00 a.m. · in 5 business days"
    late = replace(base, breached=True)
    assert clock_text(late, due + timedelta(hours=2), calendar) == \
        "First response · due Tue 1 Dec 10:00 a.m. · overdue by 2 h"
    paused = replace(base, paused=True)
    assert clock_text(paused, due - timedelta(hours=1), calendar) == \
        "First response · paused · 1 h left"
    met = replace(base, stopped_at=due - timedelta(days=1))
    assert clock_text(met, due, calendar) == "First response · met Mon 30 Nov 10:00 a.m."
    assert span_words(timedelta(minutes=45), timedelta(hours=9)) == "45 min"
    assert span_words(timedelta(hours=9), timedelta(hours=9)) == "1 business day"


# ---------------------------------------------------------------------- notes and thread

def test_a_note_is_added_with_ctrl_enter_and_shown_as_text(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, inquiry: int,
        open_window: Opener) -> None:
    win = open_window(inquiry)
    changed: list[int] = []
    win.changed.connect(changed.append)
    win.note_edit.setPlainText("Called back: <b>not</b> filed yet & will be")
    qtbot.keyClick(win.note_edit, Qt.Key.Key_Return, CTRL)
    wait_idle(qtbot, tasks)
    assert changed == [inquiry] and win.note_edit.toPlainText() == ""
    assert [e.kind for e in read(sqlite_backend, inquiry).entries] == ["inbound", "note"]
    text = win.thread_view.toPlainText()
    assert "Called back: <b>not</b> filed yet & will be" in text  # escaped, not rendered
    assert "Internal note" in text and "Were my articles of organization filed?" in text
    win.note_box.kind_combo.setCurrentIndex(win.note_box.kind_combo.findData("inbound"))
    win.note_edit.setPlainText("She wrote again with the document number.")
    win.note_box.add_button.click()
    wait_idle(qtbot, tasks)
    entry = read(sqlite_backend, inquiry).entries[-1]
    assert (entry.kind, entry.channel) == ("inbound", "mail")
    win.note_box.add_button.click()  # nothing typed: said at the note, nothing sent
    assert win.note_box.error.isVisible()
    assert len(read(sqlite_backend, inquiry).entries) == 3


def test_an_attachment_opens_from_the_thread(qtbot: QtBot, sqlite_backend: Backend,
                                             tasks: TaskRunner, lead: Actor,
                                             open_window: Opener) -> None:
    mail = ImportedMail(
        sender_address="pat@bakerlaw.example", sender_name="Pat Paralegal",
        subject="Status of filing", sent_at=RECENT, body="<script>alert(1)</script> please",
        attachments=(Attachment("../../cover<1>.pdf", "application/pdf", b"%PDF-1.4 cover"),),
        message_id="<abc@bakerlaw.example>", notes=("No Date header",), raw_size=900)
    done = inquiries.import_mail(sqlite_backend.db, P, lead, mail)
    opened: list[Path] = []
    win = open_window(done.inquiry_id, open_file=opened.append)
    text = win.thread_view.toPlainText()
    assert "<script>alert(1)</script> please" in text
    assert "Import notes: No Date header" in text and "Open" in text
    [att] = read(sqlite_backend, done.inquiry_id).entries[0].attachments
    win.thread_view.anchorClicked.emit(QUrl(f"attachment:{att.id}"))
    wait_idle(qtbot, tasks)
    [path] = opened
    assert path.read_bytes() == b"%PDF-1.4 cover"
    assert path.name == f"{att.id}-cover_1_.pdf" and path.parent.name == "attachments"


# ---------------------------------------------------------------------- category, status, links

def test_status_changes_ask_for_a_reason_when_needed(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, inquiry: int,
        open_window: Opener, monkeypatch: pytest.MonkeyPatch) -> None:
    win = open_window(inquiry)
    reasons: list[str | None] = [None, "asked for the document number", "she wrote back"]
    monkeypatch.setattr(case, "ask_reason", lambda *_args: reasons.pop(0))
    pick(win.status_combo, "waiting_on_customer")  # cancelled: nothing changes
    wait_idle(qtbot, tasks)
    assert win.status_combo.currentData() == "new"
    assert read(sqlite_backend, inquiry).status == "new"
    pick(win.status_combo, "waiting_on_customer")
    wait_idle(qtbot, tasks)
    assert read(sqlite_backend, inquiry).statuses[-1].reason == "asked for the document number"
    assert win.clocks.labels["first_response"].text().startswith("First response · paused · ")
    pick(win.status_combo, "resolved")  # done: no reason asked
    wait_idle(qtbot, tasks)
    assert read(sqlite_backend, inquiry).status == "resolved"
    assert win.clocks.labels["resolve"].property("state") == "met"
    assert not win.claim_button.isVisible()  # nothing to claim on a finished inquiry
    pick(win.status_combo, "open")  # reopening asks why
    wait_idle(qtbot, tasks)
    found = read(sqlite_backend, inquiry)
    assert (found.status, found.statuses[-1].reason) == ("open", "she wrote back")
    assert reasons == []
    assert win.status_combo.findData("merged") < 0  # merging is not a status to pick


def test_the_category_is_changed_and_the_templates_follow(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, inquiry: int,
        open_window: Opener) -> None:
    win = open_window(inquiry)
    codes = [win.template_combo.itemData(i) for i in range(win.template_combo.count())]
    assert codes == [None, *(t.code for t in P.answer_templates.for_category(
        "status_of_filing"))]
    pick(win.category_combo, "complaint")
    wait_idle(qtbot, tasks)
    assert read(sqlite_backend, inquiry).category == "complaint"
    codes = [win.template_combo.itemData(i) for i in range(win.template_combo.count())]
    assert codes == [None, *(t.code for t in P.answer_templates.for_category("complaint"))]


def test_links_open_the_record_and_are_added_by_number(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, inquiry: int,
        records: tuple[int, int], open_window: Opener) -> None:
    calls: list[tuple[str, int, str]] = []
    win = open_window(inquiry, open_record=lambda *args: calls.append(args))
    assert win.links_list.count() == 1
    assert win.links_list.item(0).text() == \
        f"Entity {ENTITY} · Maple Ridge Orchards LLC · Active"
    win.links_list.setFocus()
    win.links_list.setCurrentRow(0)
    qtbot.keyClick(win.links_list, Qt.Key.Key_Return)
    assert calls == [("entity", records[0], ENTITY)]
    pick(win.case.link_kind, "filing")
    win.case.link_edit.setText("999")
    qtbot.keyClick(win.case.link_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, tasks)
    assert win.case.link_error.text() == "No filing has the number 999."
    assert win.case.link_edit.text() == "999"  # kept, to be corrected
    win.case.link_edit.setText(FILING)
    win.case.link_button.click()
    wait_idle(qtbot, tasks)
    assert win.links_list.count() == 2 and win.case.link_edit.text() == ""
    assert not win.case.link_error.isVisible()
    win.links_list.itemActivated.emit(win.links_list.item(1))  # a double click
    assert calls[-1] == ("filing", records[1], FILING)


def test_without_an_opener_the_main_window_shows_the_record(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, inquiry: int,
        records: tuple[int, int], window: MainWindow, open_window: Opener,
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, int, str]] = []
    monkeypatch.setattr(window, "show_record", lambda *args: calls.append(args))
    win = open_window(inquiry, parent=window)
    win.links_list.itemActivated.emit(win.links_list.item(0))
    assert calls == [("entity", records[0], ENTITY)]


# ---------------------------------------------------------------------- the composer

def test_a_template_is_filled_from_the_record(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, inquiry: int,
        open_window: Opener, monkeypatch: pytest.MonkeyPatch) -> None:
    win = open_window(inquiry)
    assert win.template_combo.currentText() == "(blank)"
    pick(win.template_combo, "filing_status")  # the filing is not linked yet
    wait_idle(qtbot, tasks)
    assert "Maple Ridge Orchards LLC" in win.body_edit.toPlainText()
    assert win.composer.salutation.text() == "Dear Jane Public:"
    assert "Lee Lead" in win.composer.closing.text()
    missing = win.composer.missing_label
    assert missing.isVisible() and missing.text().startswith("Fill in: ")
    assert "filing.document_number" in missing.text()
    assert "[filing.document_number?]" in win.subject_edit.text()
    key = win.composer.key
    assert not win.composer.composing
    win.case.link_kind.setCurrentIndex(win.case.link_kind.findData("filing"))
    win.case.link_edit.setText(FILING)
    win.case.link_button.click()
    wait_idle(qtbot, tasks)
    pick(win.template_combo, None)
    pick(win.template_combo, "filing_status")  # again, with the filing linked
    wait_idle(qtbot, tasks)
    assert FILING in win.body_edit.toPlainText() and FILING in win.subject_edit.text()
    assert not missing.isVisible() and win.composer.key != key
    type_answer(win, "My own words")
    assert win.composer.composing
    wait_idle(qtbot, tasks)  # "composing" is reported at once
    assert read(sqlite_backend, inquiry).composing == ("lead",)
    monkeypatch.setattr(composer, "ask_replace", lambda _parent: False)
    pick(win.template_combo, "filing_completed")  # would replace typed text: declined
    wait_idle(qtbot, tasks)
    assert win.body_edit.toPlainText() == "My own words"
    assert win.template_combo.currentData() == "filing_status"


def test_a_letter_is_sent_written_and_opened(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, inquiry: int,
        open_window: Opener) -> None:
    opened: list[Path] = []
    win = open_window(inquiry, open_file=opened.append)
    changed: list[int] = []
    win.changed.connect(changed.append)
    send_letter(qtbot, tasks, win, "Your articles were received and are being examined.")
    path = win.last_sent_path
    assert path is not None and path.is_file() and path.parent.name == "outbox"
    assert path.name.endswith(".pdf") and win.detail is not None
    assert path.name.startswith(win.detail.number)
    text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(path.read_bytes())).pages)
    for expected in ("Your articles were received", "12 Elm Street", "Dear Jane Public"):
        assert expected in text
    assert changed == [inquiry]
    assert win.body_edit.toPlainText() == "" and not win.composer.composing
    assert win.composer.sent_label.isVisible() and str(path) in win.composer.sent_label.text()
    win.composer.sent_label.linkActivated.emit("open")
    assert opened == [path]
    found = read(sqlite_backend, inquiry)
    assert [e.kind for e in found.entries] == ["inbound", "outbound"]
    assert found.status == "answered"
    assert "not mailed yet" in win.thread_view.toPlainText()
    assert win.mark_mailed_button.isEnabled()
    send_letter(qtbot, tasks, win, "A second letter.")  # a new answer, a new sending key
    assert [e.kind for e in read(sqlite_backend, inquiry).entries].count("outbound") == 2
    assert win.last_sent_path != path


def test_a_double_click_sends_once(qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner,
                                   inquiry: int, open_window: Opener) -> None:
    win = open_window(inquiry)
    type_answer(win, "Your articles were received.")
    qtbot.mouseDClick(win.email_button, Qt.MouseButton.LeftButton)
    win.email_button.click()
    win.composer.send("email")
    assert not win.email_button.isEnabled() and not win.letter_button.isEnabled()
    wait_idle(qtbot, tasks)
    entries = read(sqlite_backend, inquiry).entries
    assert [e.kind for e in entries].count("outbound") == 1
    assert win.last_sent_path is not None and win.last_sent_path.suffix == ".eml"
    assert win.email_button.isEnabled()


def test_new_entries_stop_the_send_and_keep_the_text(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, inquiry: int,
        open_window: Opener) -> None:
    win = open_window(inquiry)
    type_answer(win, "Your filing is in examination.")
    inquiries.add_note(sqlite_backend.db, P, person(sqlite_backend, "senior"), inquiry,
                       "She called again: it is urgent.", kind="phone", channel="phone")
    win.letter_button.click()
    wait_idle(qtbot, tasks)
    assert win.composer.error.isVisible() and "1 new entry" in win.composer.error.text()
    assert win.body_edit.toPlainText() == "Your filing is in examination."
    assert "She called again: it is urgent." in win.thread_view.toPlainText()
    assert [e.kind for e in read(sqlite_backend, inquiry).entries] == ["inbound", "phone"]
    win.letter_button.click()  # read now: sent
    wait_idle(qtbot, tasks)
    assert [e.kind for e in read(sqlite_backend, inquiry).entries] == \
        ["inbound", "phone", "outbound"]
    assert not win.composer.error.isVisible()


def test_marking_the_letter_mailed_meets_the_first_response_clock(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, inquiry: int,
        open_window: Opener, monkeypatch: pytest.MonkeyPatch) -> None:
    win = open_window(inquiry)
    assert not win.mark_mailed_button.isEnabled()
    send_letter(qtbot, tasks, win, "Your articles were filed.")
    assert win.clocks.labels["first_response"].property("state") == "running"
    asked: list[tuple[date, date]] = []

    def answer(_parent: object, written: date, today: date) -> date:
        asked.append((written, today))
        return today

    monkeypatch.setattr(thread, "ask_mailed_on", answer)
    win.mark_mailed_button.click()
    wait_idle(qtbot, tasks)
    today = datetime.now(UTC).astimezone(P.calendar.zone).date()
    assert asked == [(today, today)]
    label = win.clocks.labels["first_response"]
    assert label.text().startswith("First response · met ") and label.property("state") == "met"
    assert "not mailed yet" not in win.thread_view.toPlainText()
    assert not win.mark_mailed_button.isEnabled()
    assert read(sqlite_backend, inquiry).entries[-1].mailed_on == today


# ---------------------------------------------------------------------- presence and closing

def test_others_are_shown_while_they_have_it_open(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, inquiry: int,
        open_window: Opener) -> None:
    win = open_window(inquiry)
    assert read(sqlite_backend, inquiry).viewing == ("lead",)  # the window's own heartbeat
    db = sqlite_backend.db
    inquiry_queue.heartbeat(db, person(sqlite_backend, "senior"), inquiry, "composing")
    inquiry_queue.heartbeat(db, person(sqlite_backend, "clerk"), inquiry, "viewing")
    win.timer.timeout.emit()  # the next heartbeat
    wait_idle(qtbot, tasks)
    line = win.header.presence_label
    assert line.isVisible()
    assert line.text() == "Also open: clerk (viewing) · senior (writing an answer)"
    assert win.timer.isActive()
    assert win.timer.interval() == P.inquiry.queue.heartbeat_seconds * 1000


def test_closing_says_we_left_and_keeps_the_answer(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, inquiry: int,
        open_window: Opener) -> None:
    win = open_window(inquiry)
    type_answer(win, "Half an answer")
    wait_idle(qtbot, tasks)
    assert read(sqlite_backend, inquiry).composing == ("lead",)
    qtbot.keyClick(win, Qt.Key.Key_Escape)
    assert not win.timer.isActive() and not win.isVisible()
    wait_idle(qtbot, tasks)
    found = read(sqlite_backend, inquiry)
    assert (found.viewing, found.composing) == ((), ())
    again = open_window(inquiry)
    assert again.body_edit.toPlainText() == "Half an answer" and again.composer.composing


def test_the_screen_lock_closes_the_window(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, inquiry: int,
        window: MainWindow, open_window: Opener) -> None:
    win = open_window(inquiry, parent=window)
    type_answer(win, "Typed before the lock")
    window.lock()
    assert not win.isVisible()
    wait_idle(qtbot, tasks)
    assert read(sqlite_backend, inquiry).viewing == ()
    assert DRAFTS[inquiry].draft.body == "Typed before the lock"
    with sqlite_backend.db.uow(read_only=True) as uow:  # the lock changed nothing on record
        assert uow.session.execute(select(Entity.number)).scalars().all() == [ENTITY]


def test_the_keyboard_reaches_everything_in_order(qtbot: QtBot, inquiry: int,
                                                   open_window: Opener) -> None:
    win = open_window(inquiry)
    win.activateWindow()
    qtbot.waitActive(win)
    win.category_combo.setFocus()
    expected = [win.status_combo, win.links_list, win.case.link_kind, win.case.link_edit,
                win.case.link_button, win.thread_view]
    for widget in expected:
        qtbot.keyClick(win.focusWidget(), Qt.Key.Key_Tab)
        assert win.focusWidget() is widget, widget.objectName()
    win.note_edit.setFocus()
    for widget in (win.note_box.kind_combo, win.note_box.add_button, win.template_combo,
                   win.subject_edit, win.body_edit, win.letter_button):
        qtbot.keyClick(win.focusWidget(), Qt.Key.Key_Tab)
        assert win.focusWidget() is widget, widget.objectName()
    assert win.body_edit.toPlainText() == ""  # Tab moved on, it typed nothing


# ---------------------------------------------------------------------- less frequent actions

def test_a_lead_reassigns_merges_and_charges_from_the_window(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, inquiry: int,
        open_window: Opener, monkeypatch: pytest.MonkeyPatch) -> None:
    from workstation.ui.inquiry import actions

    clerk = person(sqlite_backend, "clerk")
    inquiry_queue.claim(sqlite_backend.db, clerk, inquiry)
    win = open_window(inquiry)
    row = win.more_actions
    assert row.reassign_button.isVisible()  # the lead's window
    assert not row.charge_button.isVisible()  # a status question has no fee
    answers = iter(["senior", "clerk is on leave"])
    monkeypatch.setattr(actions, "ask", lambda *_a, **_k: next(answers))
    row.reassign_button.click()
    wait_idle(qtbot, tasks)
    assert read(sqlite_backend, inquiry).owner == "senior"
    pick(win.category_combo, "copy_request")
    wait_idle(qtbot, tasks)
    assert row.charge_button.isVisible()
    monkeypatch.setattr(actions, "ask", lambda *_a, **_k: "12")
    row.charge_button.click()
    wait_idle(qtbot, tasks)
    [charge] = read(sqlite_backend, inquiry).charges
    assert charge.quantity == 12 and charge.status == "due"
    keeper, number = inquiries.log_contact(sqlite_backend.db, P, clerk, NewInquiry(
        "phone", "Jane Public", "Calling about my letter."))
    monkeypatch.setattr(actions, "ask", lambda *_a, **_k: "Q9999999")
    row.merge_button.click()
    wait_idle(qtbot, tasks)
    assert "No inquiry has the number Q9999999" in win.message.text()
    monkeypatch.setattr(actions, "ask", lambda *_a, **_k: number.lower())
    row.merge_button.click()
    wait_idle(qtbot, tasks)
    assert read(sqlite_backend, inquiry).merged_into == number
    assert len(read(sqlite_backend, keeper).entries) == 2
    assert not row.merge_button.isEnabled()


def test_a_clerk_sees_no_reassign(inquiry: int, sqlite_backend: Backend,
                                  open_window: Opener) -> None:
    win = open_window(inquiry, person(sqlite_backend, "clerk"))
    assert not win.more_actions.reassign_button.isVisible()
