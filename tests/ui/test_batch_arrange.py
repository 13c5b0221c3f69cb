"""Batches arranged by hand on the Batch Review tab, through the keyboard: a lead opens a batch
(Ctrl+Shift+N) and it is shown; a waiting document moves to it (Ctrl+Shift+M) while a decided
one is refused; a rejected document's money is corrected (Ctrl+Shift+Y) and the batch's stage
follows. Every refusal shows at its field, in the dialog, with what was typed kept."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from tests.ui.conftest import wait_idle
from tests.ui.mail_helpers import QT_LOG_IGNORE
from tests.ui.test_batch_review import CTRL_SHIFT, P, log_documents, own_screen, person
from workstation.services import batch_admin, batch_items, batch_read, batch_review
from workstation.services.batch_review import Decision
from workstation.services.dto import Actor
from workstation.startup import Backend
from workstation.ui.batch.arrange import MoneyCorrectionDialog, MoveDialog, NewBatchDialog
from workstation.ui.tabs.batch_review import BatchReviewTab
from workstation.ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore(*QT_LOG_IGNORE, "propagateSizeHints", extend=True)
CTRL = Qt.KeyboardModifier.ControlModifier


def reject(backend: Backend, who: Actor, filing_id: int, refund_cents: int) -> None:
    """An examiner rejects the document on its first catalogue reason, refunding this much."""
    taken = batch_review.take(backend.db, who, filing_id)
    codes = tuple(r.code for r in P.examination.reasons_for("OH-610"))[:1]
    batch_review.decide(backend.db, P, who, filing_id, taken.version, Decision(
        "rejected", reasons=codes, money="refund", refund_cents=refund_cents))


def batch_number_of(backend: Backend, filing_id: int) -> str:
    with backend.db.uow(read_only=True) as uow:
        return batch_items.current_batch(uow, filing_id).number


def open_number(qtbot: QtBot, tab: BatchReviewTab, tasks: TaskRunner, number: str) -> None:
    """Enter on the batch with this number in the list."""
    [at] = [n for n, row in enumerate(tab.batches_model.rows) if row.number == number]
    tab.batches_table.setFocus()
    tab.batches_table.selectRow(at)
    qtbot.keyClick(tab.batches_table, Qt.Key.Key_Return)
    wait_idle(qtbot, tasks)
    assert tab.detail is not None and tab.detail.summary.number == number


def press_enter(qtbot: QtBot, widget: object, tasks: TaskRunner) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return)  # the dialog's default button: record it
    wait_idle(qtbot, tasks)


def step(qtbot: QtBot, combo: QComboBox, key: Qt.Key, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(combo, key)


def batch_status_words(tab: BatchReviewTab, number: str) -> str:
    [row] = [r for r in tab.batches_model.rows if r.number == number]
    return tab.batches_model.texts(row)[5]


def test_a_lead_opens_a_batch_by_hand_through_the_keyboard(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, lead: Actor) -> None:
    tab = own_screen(qtbot, sqlite_backend, tasks, lead)
    assert tab.empty_state.isVisible() and tab.new_button.isVisible()  # no batch yet
    qtbot.keyClick(tab.window(), Qt.Key.Key_N, CTRL_SHIFT)
    dialog = tab.arrange_dialog
    assert isinstance(dialog, NewBatchDialog) and dialog.isVisible()
    assert [dialog.service_combo.itemText(n) for n in range(dialog.service_combo.count())] == [
        "Corporate", "UCC", "Certification", "Records"]
    assert [dialog.speed_combo.itemData(n) for n in range(dialog.speed_combo.count())] == [
        "regular", "expedite_1", "expedite_2", "expedite_3"]
    step(qtbot, dialog.speed_combo, Qt.Key.Key_Down, 2)  # Expedite 2
    step(qtbot, dialog.level_combo, Qt.Key.Key_Down)  # level 2
    press_enter(qtbot, dialog.reason_edit, tasks)  # no reason: refused at its field
    reason_error = dialog.errors["reason"]
    assert dialog.isVisible() and tab.arrange_dialog is dialog
    assert reason_error.isVisible() and "Say why this batch is made by hand" in reason_error.text()
    assert QApplication.focusWidget() is dialog.reason_edit  # the cursor goes to the field
    assert (dialog.service_combo.currentData(), dialog.speed_combo.currentData(),
            dialog.level_combo.currentData()) == ("corporate", "expedite_2", 2)  # kept
    assert batch_read.batches(sqlite_backend.db, lead) == []

    qtbot.keyClicks(dialog.reason_edit, "walk-in rush for the governor's office")
    press_enter(qtbot, dialog.reason_edit, tasks)
    assert tab.arrange_dialog is None  # recorded, closed and gone
    [made] = batch_read.batches(sqlite_backend.db, lead)
    assert (made.service_type, made.service_level, made.work_level, made.status) == (
        "corporate", "expedite_2", 2, "open")
    assert made.due_at is not None  # an expedite batch is due by its clock
    assert tab.detail is not None and tab.detail.summary.number == made.number  # opened
    assert not tab.empty_state.isVisible() and tab.splitter.isVisible()
    [row] = tab.batches_model.rows
    assert tab.batches_model.texts(row)[:2] == (made.number, "Corporate · Expedite 2 · level 2")
    assert tab.batches_model.texts(row)[5] == "open"
    assert tab.lists.selected_batch() == made.id
    assert made.number in tab.lists.batch_title.text()
    assert f"Batch {made.number} is opened by hand" in tab.papers_label.text()


def test_a_waiting_document_moves_to_another_batch_with_its_reason(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, lead: Actor) -> None:
    db = sqlite_backend.db
    waiting, decided = log_documents(sqlite_backend, "610", "99.00", 2)
    reject(sqlite_backend, person(sqlite_backend, "senior"), decided, 9900)
    source = batch_number_of(sqlite_backend, waiting)
    target = batch_admin.create_batch(db, P, lead, "corporate", "regular", 2, "overflow")
    ucc = batch_admin.create_batch(db, P, lead, "ucc", "expedite_1", 1, "a rush kept apart")
    tab = own_screen(qtbot, sqlite_backend, tasks, lead)
    assert tab.batches_model.rows[0].number == ucc.number  # expedite first in the list
    open_number(qtbot, tab, tasks, source)
    assert [i.filing_id for i in tab.items_model.rows] == [waiting, decided]
    tab.items_table.selectRow(0)
    assert tab.lists.move_button.isEnabled() and not tab.lists.money_button.isEnabled()

    qtbot.keyClick(tab.window(), Qt.Key.Key_M, CTRL_SHIFT)
    dialog = tab.arrange_dialog
    assert isinstance(dialog, MoveDialog) and dialog.item.filing_id == waiting
    combo = dialog.batch_combo
    # Its own service type first, whatever the list's order; each says number and class.
    assert [combo.itemData(n) for n in range(combo.count())] == [target.number, ucc.number]
    assert combo.itemText(0) == f"{target.number} · Corporate · Regular · level 2"
    press_enter(qtbot, dialog.reason_edit, tasks)  # no reason
    assert dialog.isVisible() and "Say why the document goes" in dialog.errors["reason"].text()
    step(qtbot, combo, Qt.Key.Key_Down)  # the UCC batch: the service refuses it
    qtbot.keyClicks(dialog.reason_edit, "misrouted: the afternoon batch")
    press_enter(qtbot, dialog.reason_edit, tasks)
    batch_error = dialog.errors["batch"]
    assert dialog.isVisible() and batch_error.isVisible()
    assert "is a Corporate document" in batch_error.text() and "UCC batch" in batch_error.text()
    assert QApplication.focusWidget() is combo
    assert not dialog.errors["reason"].isVisible()
    assert dialog.reason_edit.text() == "misrouted: the afternoon batch"  # kept
    assert batch_number_of(sqlite_backend, waiting) == source
    step(qtbot, combo, Qt.Key.Key_Up)
    press_enter(qtbot, dialog.reason_edit, tasks)
    assert tab.arrange_dialog is None  # recorded, closed and gone
    assert batch_number_of(sqlite_backend, waiting) == target.number
    assert [i.filing_id for i in tab.items_model.rows] == [decided]  # it left this batch
    assert f"moved from batch {source} to {target.number}" in tab.papers_label.text()

    # The decided document stays with the batch that accounts for its money.
    with qtbot.waitActive(tab):  # the window manager's part: the tab's window is active again
        tab.activateWindow()
    tab.items_table.selectRow(0)
    qtbot.keyClick(tab.window(), Qt.Key.Key_M, CTRL_SHIFT)
    refused = tab.arrange_dialog
    assert isinstance(refused, MoveDialog) and refused.item.filing_id == decided
    qtbot.keyClicks(refused.reason_edit, "wrong batch")
    press_enter(qtbot, refused.reason_edit, tasks)
    assert refused.isVisible() and refused.error.isVisible()
    assert "is decided (rejected): it stays in the batch" in refused.error.text()
    assert not any(e.isVisible() for e in refused.errors.values())
    assert refused.reason_edit.text() == "wrong batch"
    assert batch_number_of(sqlite_backend, decided) == source
    refused.reject()

    open_number(qtbot, tab, tasks, target.number)
    assert [i.filing_id for i in tab.items_model.rows] == [waiting]  # and is in the new one


def test_a_rejected_documents_money_is_corrected_and_the_batch_balances(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, lead: Actor) -> None:
    [filing_id] = log_documents(sqlite_backend, "610", "99.00", 1)
    reject(sqlite_backend, person(sqlite_backend, "senior"), filing_id, 0)  # refund left at 0
    number = batch_number_of(sqlite_backend, filing_id)
    tab = own_screen(qtbot, sqlite_backend, tasks, lead)
    assert batch_status_words(tab, number) == "QC"  # all decided, the money short
    open_number(qtbot, tab, tasks, number)
    tab.items_table.selectRow(0)
    assert tab.lists.money_button.isEnabled()

    qtbot.keyClick(tab.window(), Qt.Key.Key_Y, CTRL_SHIFT)
    dialog = tab.arrange_dialog
    assert isinstance(dialog, MoneyCorrectionDialog) and dialog.item.filing_id == filing_id
    assert dialog.fee_label.text() == "The document's fee: $99.00"
    refund, credit, held = (dialog.amounts[k] for k in ("refund", "credit", "held"))
    assert (refund.cents(), credit.cents(), held.cents()) == (9900, 0, 0)  # the fee offered
    qtbot.keyClick(refund, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(refund, "150.00")
    press_enter(qtbot, dialog.note_edit, tasks)  # no note
    assert dialog.isVisible() and "Say why the amounts" in dialog.errors["note"].text()
    qtbot.keyClicks(dialog.note_edit, "the refund was left at nothing")
    press_enter(qtbot, dialog.note_edit, tasks)  # more than the fee
    money_error = dialog.errors["money"]
    assert dialog.isVisible() and money_error.isVisible()
    assert "at most the document's fee, $99.00" in money_error.text()
    assert QApplication.focusWidget() is refund
    assert not dialog.errors["note"].isVisible()
    assert refund.text() == "150.00" and dialog.note_edit.text() == "the refund was left at nothing"
    assert batch_status_words(tab, number) == "QC"  # nothing recorded

    qtbot.keyClick(refund, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(refund, "99.00")
    press_enter(qtbot, refund, tasks)
    assert tab.arrange_dialog is None  # recorded, closed and gone
    with sqlite_backend.db.uow(read_only=True) as uow:
        last = batch_items.standing(uow, [filing_id])[filing_id]
        assert (last.decision, last.refund_cents, last.credit_cents, last.held_cents) == (
            "rejected", 9900, 0, 0)
        assert last.note == "correction: the refund was left at nothing"
    [summary] = batch_read.batches(sqlite_backend.db, lead)
    assert summary.status == "balanced"
    assert batch_status_words(tab, number) == "balanced, ready to close"
    assert tab.detail is not None and tab.detail.summary.status == "balanced"
    assert "balanced, ready to close" in tab.lists.batch_title.text()
