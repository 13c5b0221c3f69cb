"""The Batch Review tab through the keyboard: a Corporate batch from taking its documents to its
close (an acceptance onto the register, a rejection with its refund and letter, a second
person's quality check whose mismatch blocks the close, a lead's reopening), a UCC batch (a
UCC-1 indexed, a hold with its follow-up, the status search), a lost take, a stale screen and a
refusal at its field with nothing typed lost, the empty state, and EXPEDITE said in words."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.helpers import demo_password
from tests.ui.conftest import wait_idle
from tests.ui.mail_helpers import QT_LOG_IGNORE
from workstation.domain.money import format_cents
from workstation.services import auth, batch_review, intake, profile, registry
from workstation.services.batch_read import BatchSummary
from workstation.services.dto import Actor
from workstation.services.intake_rules import DocumentInput, EnvelopeInput, RemittanceInput
from workstation.startup import Backend
from workstation.ui.batch import dialogs
from workstation.ui.batch.close import QualityCheckDialog
from workstation.ui.batch.models import BatchesModel
from workstation.ui.main_window import MainWindow
from workstation.ui.tabs.batch_review import BatchReviewTab
from workstation.ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore(*QT_LOG_IGNORE, "propagateSizeHints", extend=True)
P = profile.load()
ARRIVED = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
NAME = "Cobble Creek Bakery LLC"


def person(backend: Backend, who: str) -> Actor:
    return auth.sign_in(backend.db, backend.policy, who, demo_password(who))


def log_documents(backend: Backend, form: str, amount: str, count: int) -> list[int]:
    """``count`` envelopes of one document each, logged in one tray: one batch."""
    clerk = person(backend, "clerk")
    session_id, _ = intake.open_session(backend.db, P, clerk, "usps", "senior")
    ids = []
    for n in range(1, count + 1):
        slip = intake.log_envelope(backend.db, P, clerk, session_id, EnvelopeInput(
            arrived_at=ARRIVED, customer_name=f"Filer {n}",
            remittances=(RemittanceInput(amount, f"Filer {n}", "check", f"70{n}", "Chase"),),
            documents=(DocumentInput(form, str(n + 1)),)))
        ids.append(slip.documents[0].id)
    return ids


def open_tab(qtbot: QtBot, window: MainWindow, tasks: TaskRunner) -> BatchReviewTab:
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    tab = window.tabs.currentWidget()
    assert isinstance(tab, BatchReviewTab)
    wait_idle(qtbot, tasks)
    return tab


def own_screen(qtbot: QtBot, backend: Backend, tasks: TaskRunner, actor: Actor
               ) -> BatchReviewTab:
    """The tab on its own, as this person's screen (shown and active, for its shortcuts)."""
    tab = BatchReviewTab(backend, tasks, actor)
    qtbot.addWidget(tab)
    tab.resize(1280, 760)
    tab.show()
    tab.activateWindow()
    qtbot.waitActive(tab)
    wait_idle(qtbot, tasks)
    return tab


def open_batch(qtbot: QtBot, tab: BatchReviewTab, tasks: TaskRunner, service: str) -> None:
    """Enter on the batch of this service type in the list."""
    [at] = [n for n, row in enumerate(tab.batches_model.rows) if row.service_type == service]
    tab.batches_table.setFocus()
    tab.batches_table.selectRow(at)
    qtbot.keyClick(tab.batches_table, Qt.Key.Key_Return)
    wait_idle(qtbot, tasks)
    assert tab.detail is not None and tab.detail.summary.service_type == service
    assert QApplication.focusWidget() is tab.items_table


def take(qtbot: QtBot, tab: BatchReviewTab, tasks: TaskRunner, row: int) -> None:
    tab.items_table.setFocus()
    tab.items_table.selectRow(row)
    qtbot.keyClick(tab.items_table, Qt.Key.Key_Return)
    wait_idle(qtbot, tasks)


def type_fields(qtbot: QtBot, tab: BatchReviewTab, tasks: TaskRunner,
                values: dict[str, str]) -> None:
    for key, text in values.items():
        qtbot.keyClicks(tab.panel.fields.edits[key], text)
    qtbot.keyClick(tab.window(), Qt.Key.Key_F5)  # re-check with what was typed
    wait_idle(qtbot, tasks)


def answer_yes_to_everything(qtbot: QtBot, tab: BatchReviewTab, tasks: TaskRunner) -> int:
    """Y on each open question, as the cursor moves from one to the next."""
    checklist = tab.panel.checklist
    checklist.setFocus()
    checklist.setCurrentCell(0, 0)
    answered = 0
    assert tab.panel.view is not None
    while any(f.passed is None for f in tab.panel.view.findings):
        row = next(n for n, f in enumerate(tab.panel.view.findings) if f.passed is None)
        checklist.setCurrentCell(row, 0)
        qtbot.keyClick(checklist, Qt.Key.Key_Y)
        wait_idle(qtbot, tasks)
        answered += 1
        assert answered < 30
    return answered


def pdf_text(path: Path) -> str:
    return " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(
        path.read_bytes())).pages)


def test_a_corporate_batch_from_taking_to_its_close(
        qtbot: QtBot, sqlite_backend: Backend, window: MainWindow, tasks: TaskRunner,
        lead: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    accepted_id, rejected_id = log_documents(sqlite_backend, "610", "99.00", 2)
    tab = open_tab(qtbot, window, tasks)
    assert not tab.empty_state.isVisible()
    open_batch(qtbot, tab, tasks, "corporate")
    assert [i.filing_id for i in tab.items_model.rows] == [accepted_id, rejected_id]
    assert tab.items_model.texts(tab.items_model.rows[0])[4] == "to examine"

    # 1. Take the first; type the name and agent from the paper; the system checks follow.
    take(qtbot, tab, tasks, 0)
    panel = tab.panel
    assert panel.editable and QApplication.focusWidget() is panel.fields.edits["name"]
    assert panel.view is not None and "INFO-01" in panel.reasons.checked()  # nothing typed
    type_fields(qtbot, tab, tasks, {"name": NAME, "agent_name": "Ann Agent",
                                    "agent_street": "1 Main St", "agent_city": "Columbus",
                                    "agent_zip": "43215"})
    found = {f.check: f.passed for f in panel.view.findings}
    assert found["required"] and found["name-available"] and found["designator"]
    assert panel.reasons.checked() == ()  # the pre-tick went with the failure
    zip_edit = panel.fields.edits["agent_zip"]
    zip_edit.setFocus()
    qtbot.keyClick(zip_edit, Qt.Key.Key_Tab)  # from the paper to the checklist
    assert QApplication.focusWidget() is panel.checklist
    assert answer_yes_to_everything(qtbot, tab, tasks) >= 5
    qtbot.keyClick(panel.checklist, Qt.Key.Key_Return, CTRL)  # accept
    wait_idle(qtbot, tasks)
    first = tab.items_model.rows[0]
    assert (first.status, first.entity, first.examiner) == ("accepted", NAME, "lead")
    assert "Accepted" in panel.note.text() and not panel.editable
    assert tab.items_table.currentIndex().row() == 1  # the cursor moved on to the next
    assert QApplication.focusWidget() is tab.items_table

    # 2. The second: accepting with nothing typed is refused; rejected with a catalogue reason.
    qtbot.keyClick(tab.items_table, Qt.Key.Key_Return)
    wait_idle(qtbot, tasks)
    panel.accept_button.click()
    wait_idle(qtbot, tasks)
    assert panel.message.isVisible() and "Required information" in panel.message.text()
    reasons = panel.reasons
    reasons.setFocus()
    reasons.setCurrentRow(reasons.codes.index("FORM-01"))
    qtbot.keyClick(reasons, Qt.Key.Key_Space)
    assert reasons.checked() == ("FORM-01", "INFO-01")  # the clerk's tick and the failure's
    seen: dict[str, object] = {}

    def ask_money(parent: object, verb: str, document: str, codes: list[str], fee: int,
                  last: dialogs.MoneyChoice) -> dialogs.MoneyChoice | None:
        dialog = dialogs.MoneyDialog(None, verb, document, codes, fee, last)
        seen.update(money=dialog.money_combo.currentData(), cents=dialog.amount_edit.cents())
        dialog.amount_edit.setText("150.00")
        dialog.submit()  # more than the fee: refused at the field
        seen["refused"] = dialog.amount_error.text()
        dialog.amount_edit.set_cents(fee)
        dialog.submit()
        return dialog.choice() if dialog.result() else None

    monkeypatch.setattr(dialogs, "ask_money", ask_money)
    panel.reject_button.click()
    wait_idle(qtbot, tasks)
    assert seen["money"] == "refund" and seen["cents"] == 9900  # prefilled: the whole fee
    assert "At most the document's fee, $99.00" in str(seen["refused"])
    second = tab.items_model.rows[1]
    assert second.status == "rejected" and set(second.reasons) == {"FORM-01", "INFO-01"}
    assert panel.letter_button.isEnabled()
    panel.letter_button.click()
    wait_idle(qtbot, tasks)
    assert panel.last_letter is not None and panel.last_letter.parent.name == "print"
    letter = " ".join(pdf_text(panel.last_letter).split())
    assert "Filer 2" in letter and "Rejection of Articles of Organization" in letter
    assert "FORM-01" in letter and "INFO-01" in letter and "outdated form revision" in letter
    assert "Your payment of $99.00 will be refunded" in letter

    # 3. The lead examined both: their own check is refused in the dialog, which stays open.
    tab.items_table.setFocus()
    tab.items_table.selectRow(0)
    qtbot.keyClick(tab.window(), Qt.Key.Key_Q, CTRL_SHIFT)
    own = tab.qc_dialog
    assert isinstance(own, QualityCheckDialog) and own.isVisible()
    own.submit()
    wait_idle(qtbot, tasks)
    assert own.isVisible() and "own work" in own.error.text()
    own.reject()

    # 4. A second person (the senior, on their own screen) finds a mismatch: the close is held.
    senior_tab = own_screen(qtbot, sqlite_backend, tasks, person(sqlite_backend, "senior"))
    senior_tab.open_batch(tab.detail.summary.id if tab.detail else 0)
    wait_idle(qtbot, tasks)
    senior_tab.items_table.selectRow(0)
    check = senior_tab.quality_check()
    assert check is not None
    check.mismatch_radio.setChecked(True)
    check.submit()  # a mismatch must name the fields
    wait_idle(qtbot, tasks)
    assert check.isVisible() and check.fields_error.isVisible()
    check.field_boxes["address"].setChecked(True)
    check.note_edit.setText("agent zip is 43251 on the paper")
    check.submit()
    wait_idle(qtbot, tasks)
    assert senior_tab.qc_dialog is None  # recorded, closed and gone
    window.activateWindow()  # back at the lead's screen (shortcuts reach the active window)
    qtbot.waitActive(window)
    tab.refresh()
    wait_idle(qtbot, tasks)
    assert "MISMATCH" in tab.items_model.texts(tab.items_model.rows[0])[6]
    qtbot.keyClick(tab.window(), Qt.Key.Key_K, CTRL_SHIFT)
    wait_idle(qtbot, tasks)
    refusal = tab.message.text()
    assert "cannot close" in refusal and "matching quality check" in refusal
    assert tab.papers is None

    # 5. Checked again and matching: the batch closes, its papers written.
    senior_tab.items_table.selectRow(0)
    again = senior_tab.quality_check()
    assert again is not None
    again.submit()  # Match is the default
    wait_idle(qtbot, tasks)
    window.activateWindow()
    qtbot.waitActive(window)
    tab.refresh()
    wait_idle(qtbot, tasks)
    qtbot.keyClick(tab.window(), Qt.Key.Key_K, CTRL_SHIFT)
    wait_idle(qtbot, tasks)
    assert tab.papers is not None, tab.message.text()
    report, manifest = tab.papers
    number = tab.detail.summary.number if tab.detail else "?"
    assert number in pdf_text(report) and NAME in pdf_text(report)
    rows = list(csv.reader(io.StringIO(manifest.read_text("utf-8"))))
    assert rows[0][:4] == ["batch", "item", "document_number", "pages"] and len(rows) == 2
    assert str(report) in tab.papers_label.text() and str(manifest) in tab.papers_label.text()
    assert tab.detail is not None and tab.detail.summary.status == "closed"
    [entity] = registry.lookup(sqlite_backend.db, P, lead, "Cobble Creek Bakery").entities
    assert entity.name == NAME

    # 6. A lead reopens it, saying why.
    monkeypatch.setattr(dialogs, "ask_reason", lambda *_a: "page count of item 1 was wrong")
    qtbot.keyClick(tab.window(), Qt.Key.Key_R, CTRL_SHIFT)
    wait_idle(qtbot, tasks)
    assert tab.detail.summary.status == "reopened"


def test_a_ucc_batch_with_an_acceptance_a_hold_and_the_status_search(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, lead: Actor,
        monkeypatch: pytest.MonkeyPatch) -> None:
    accepted_id, held_id, refused_id = log_documents(sqlite_backend, "OH-UCC1", "20.00", 3)
    tab = own_screen(qtbot, sqlite_backend, tasks, lead)
    open_batch(qtbot, tab, tasks, "ucc")
    take(qtbot, tab, tasks, 0)
    panel = tab.panel
    assert set(panel.fields.edits) >= {"debtor_name", "secured_party"}
    assert not panel.fields.edits["debtor_last"].isEnabled()  # an organisation by default
    type_fields(qtbot, tab, tasks, {
        "debtor_name": "Quarry Ridge Stone Co.", "debtor_address": "5 Quarry Rd, Marion OH",
        "secured_party": "Lender Bank", "secured_party_address": "1 Bank Plaza, Columbus OH"})
    assert panel.view is not None
    assert all(f.passed for f in panel.view.findings if f.decided_by == "system")
    answer_yes_to_everything(qtbot, tab, tasks)
    qtbot.keyClick(panel.checklist, Qt.Key.Key_Return, CTRL)
    wait_idle(qtbot, tasks)
    assert tab.items_model.rows[0].status == "accepted"
    [record] = registry.lookup(sqlite_backend.db, P, lead, "Quarry Ridge Stone").ucc
    assert record.file_number

    # The second waits for the debtor's address: a hold with its follow-up day.
    qtbot.keyClick(tab.items_table, Qt.Key.Key_Return)
    wait_idle(qtbot, tasks)
    assert panel.view is not None and panel.view.item.filing_id == held_id
    follow_up = date.today() + timedelta(days=10)

    def ask_hold(parent: object, document: str, earliest: date, default: date,
                 last: dialogs.HoldChoice | None) -> dialogs.HoldChoice | None:
        dialog = dialogs.HoldDialog(None, document, earliest, default, last)
        dialog.submit()  # no reason: refused at its field
        assert dialog.note_error.text() and not dialog.result()
        dialog.note_edit.setText("waiting for the debtor's mailing address")
        dialog.date_edit.setDate(follow_up)
        dialog.submit()
        return dialog.choice() if dialog.result() else None

    monkeypatch.setattr(dialogs, "ask_hold", ask_hold)
    qtbot.keyClick(panel.checklist, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)  # H&old…
    qtbot.waitUntil(lambda: tab.items_model.rows[1].status == "hold")  # a mnemonic animates
    wait_idle(qtbot, tasks)
    held = tab.items_model.rows[1]
    assert held.status == "hold" and tab.items_model.texts(held)[4] == "on hold"

    # The counter's status search, in words.
    qtbot.keyClick(tab.window(), Qt.Key.Key_F, CTRL_SHIFT)
    assert QApplication.focusWidget() is tab.status_edit
    qtbot.keyClicks(tab.status_edit, held.document_number)
    qtbot.keyClick(tab.status_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, tasks)
    words = tab.status_label.text()
    assert f"on hold until {follow_up.strftime('%a')} {follow_up.day} " in words
    assert "(lead)" in words and tab.detail is not None and tab.detail.summary.number in words
    tab.status_edit.setText("1")
    qtbot.keyClick(tab.status_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, tasks)
    assert "No document has the number 1" in tab.status_error.text()
    accepted = tab.items_model.rows[0]
    assert accepted.filing_id == accepted_id
    tab.status_edit.setText(accepted.document_number)
    qtbot.keyClick(tab.status_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, tasks)
    assert "): completed by lead on " in tab.status_label.text()
    assert not tab.status_error.isVisible()

    # The third is refused on a 9-516(b) ground; its letter says when it would have been filed.
    tab.items_table.setFocus()
    tab.items_table.selectRow(2)
    qtbot.keyClick(tab.items_table, Qt.Key.Key_Return)
    wait_idle(qtbot, tasks)
    assert panel.view is not None and panel.view.item.filing_id == refused_id
    reasons = panel.reasons
    ground = next(code for code in reasons.codes if code.startswith("UCC-"))
    reasons.setFocus()
    reasons.setCurrentRow(reasons.codes.index(ground))
    qtbot.keyClick(reasons, Qt.Key.Key_Space)

    def ask_money(parent: object, verb: str, document: str, codes: list[str], fee: int,
                  last: dialogs.MoneyChoice) -> dialogs.MoneyChoice | None:
        dialog = dialogs.MoneyDialog(None, verb, document, codes, fee, last)
        dialog.submit()  # the prefilled refund of the whole fee
        return dialog.choice() if dialog.result() else None

    monkeypatch.setattr(dialogs, "ask_money", ask_money)
    panel.reject_button.click()
    wait_idle(qtbot, tasks)
    assert tab.items_model.rows[2].status == "rejected"
    panel.letter_button.click()
    wait_idle(qtbot, tasks)
    assert panel.last_letter is not None
    letter = " ".join(pdf_text(panel.last_letter).split())
    fee = format_cents(tab.items_model.rows[2].fee_due_cents)
    assert ground in letter and "would have been" in letter.lower()
    assert f"Your payment of {fee} will be refunded" in letter

    # A second person checks the accepted statement; then the batch closes and balances
    # (the accepted fee applied, the refused one refunded, the held one held).
    senior_tab = own_screen(qtbot, sqlite_backend, tasks, person(sqlite_backend, "senior"))
    senior_tab.open_batch(tab.detail.summary.id if tab.detail else 0)
    wait_idle(qtbot, tasks)
    senior_tab.items_table.selectRow(0)
    check = senior_tab.quality_check()
    assert check is not None
    check.submit()  # Match
    wait_idle(qtbot, tasks)
    tab.refresh()
    wait_idle(qtbot, tasks)
    tab.close_batch()
    wait_idle(qtbot, tasks)
    assert tab.papers is not None, tab.message.text()
    report, manifest = tab.papers
    text = pdf_text(report)
    assert tab.detail is not None and tab.detail.summary.number in text
    assert all(row.document_number in text for row in tab.items_model.rows)
    assert tab.detail is not None and tab.detail.summary.status == "closed"
    rows = list(csv.reader(io.StringIO(manifest.read_text("utf-8"))))
    assert len(rows) == 2  # only the accepted statement is imaged


def test_a_lost_take_says_who_has_the_document(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, lead: Actor) -> None:
    [filing_id] = log_documents(sqlite_backend, "610", "99.00", 1)
    batch_review.take(sqlite_backend.db, person(sqlite_backend, "senior"), filing_id)
    tab = own_screen(qtbot, sqlite_backend, tasks, lead)
    open_batch(qtbot, tab, tasks, "corporate")
    assert tab.items_model.texts(tab.items_model.rows[0])[4:6] == ("being examined", "senior")
    take(qtbot, tab, tasks, 0)
    panel = tab.panel
    assert "is being examined by senior" in panel.message.text()
    assert not panel.editable and not panel.accept_button.isEnabled()
    assert panel.fields.edits["name"].isReadOnly()
    tab.status_edit.setText(tab.items_model.rows[0].document_number)
    qtbot.keyClick(tab.status_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, tasks)
    words = tab.status_label.text()
    assert "Articles of Organization" in words and "in process, batch B" in words
    assert ", with senior since " in words


def test_a_refusal_shows_at_its_field_and_nothing_typed_is_lost(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, lead: Actor) -> None:
    [filing_id] = log_documents(sqlite_backend, "OH-UCC3", "20.00", 1)
    tab = own_screen(qtbot, sqlite_backend, tasks, lead)
    open_batch(qtbot, tab, tasks, "ucc")
    take(qtbot, tab, tasks, 0)
    panel = tab.panel
    kind = panel.fields.combos["record_type"]
    kind.setCurrentIndex(kind.findData("amendment"))
    type_fields(qtbot, tab, tasks, {"initial_file_number": "OH00000001"})
    answer_yes_to_everything(qtbot, tab, tasks)
    # Meanwhile the same document was taken again elsewhere: this screen is stale.
    batch_review.take(sqlite_backend.db, lead, filing_id)
    qtbot.keyClick(panel.checklist, Qt.Key.Key_Return, CTRL)
    wait_idle(qtbot, tasks)
    assert "changed since you opened it" in panel.message.text() and not panel.editable
    number = panel.fields.edits["initial_file_number"]
    assert number.text() == "OH00000001"  # kept
    # Taken afresh, what was typed and answered is all there; the register refuses the number
    # at its field.
    take(qtbot, tab, tasks, 0)
    assert panel.editable and number.text() == "OH00000001"
    assert panel.view is not None and all(f.passed for f in panel.view.findings)
    qtbot.keyClick(panel.checklist, Qt.Key.Key_Return, CTRL)
    wait_idle(qtbot, tasks)
    error = panel.fields.errors["initial_file_number"]
    assert error.isVisible() and "No initial financing statement" in error.text()
    assert QApplication.focusWidget() is number and number.text() == "OH00000001"
    assert tab.items_model.rows[0].status == "received"


def test_with_no_open_batch_the_tab_says_what_it_is_for(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, lead: Actor) -> None:
    tab = own_screen(qtbot, sqlite_backend, tasks, lead)
    assert tab.empty_state.isVisible() and not tab.splitter.isVisible()
    assert tab.status_edit.isVisible() and tab.closed_box.isVisible()  # still there on top
    tab.closed_box.setChecked(True)  # a lead looking for a closed batch to reopen
    wait_idle(qtbot, tasks)
    assert tab.splitter.isVisible() and not tab.empty_state.isVisible()


def test_expedite_batches_say_so_in_words_and_in_bold(qtbot: QtBot) -> None:
    due = datetime(2026, 11, 20, 21, 0, tzinfo=UTC)
    model = BatchesModel(P.calendar.zone)
    model.set_rows([BatchSummary(1, "B0000031", "corporate", "expedite_2", 2, "open", 1, due,
                                 3, 3),
                    BatchSummary(2, "B0000032", "ucc", "regular", 1, "open", 1, None, 1, 1)])
    urgent, regular = model.rows
    assert model.texts(urgent)[1] == "Corporate · Expedite 2 · level 2"
    assert model.texts(urgent)[4] == "EXPEDITE — due Fri 20 Nov 4:00 p.m."
    assert model.data(model.index(0, 0), Qt.ItemDataRole.FontRole).bold()
    assert model.texts(regular)[4] == "Regular"
    assert model.data(model.index(1, 0), Qt.ItemDataRole.FontRole) is None
