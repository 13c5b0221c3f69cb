"""Mail Sort: opening a tray, logging envelopes in one keyboard flow with a live balance,
refusals at their fields, the control slip and the cash list.

Keystrokes are sent with ``keyClicks`` / ``keyClick`` only where keystrokes are what is under
test (the keystroke budget, shortcuts, leaving a field); elsewhere fields are filled directly.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from unittest.mock import patch

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from tests.ui.conftest import wait_idle
from tests.ui.mail_helpers import (
    CTRL,
    CTRL_SHIFT,
    NONE,
    QT_LOG_IGNORE,
    document,
    fill,
    focused,
    mail_tab,
    open_dialog,
    open_tray,
    outcome,
    remittance,
    save_and_wait,
)
from workstation.services import intake, profile
from workstation.services.dto import Actor
from workstation.services.intake_rules import rules
from workstation.startup import Backend
from workstation.ui.mail.fields import parse_postmark
from workstation.ui.mail.models import ExceptionModel, FilingTypeModel
from workstation.ui.main_window import MainWindow
from workstation.ui.tabs.mail_sort import MailSortTab
from workstation.ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore(*QT_LOG_IGNORE, extend=True)


@pytest.fixture
def tab(window: MainWindow) -> MailSortTab:
    return mail_tab(window)


@pytest.fixture
def confirm_yes() -> Iterator[None]:
    with patch("workstation.ui.tabs.mail_sort.confirm", return_value=True):
        yield


def totals(backend: Backend, actor: Actor, tab: MailSortTab) -> dict[str, int]:
    assert tab.tray is not None
    return intake.session_totals(backend.db, actor, tab.tray.id)


# ---------------------------------------------------------------------- the tray


def test_empty_state_until_a_tray_is_open(tab: MailSortTab) -> None:
    assert tab.stack.currentWidget() is tab.empty_state
    assert tab.open_button.isVisible()
    assert tab.open_action.isEnabled()
    assert not any(action.isEnabled() for action in tab.tray_actions)


def test_money_tray_refuses_without_a_verifier_at_the_verifier_field(
        qtbot: QtBot, tab: MailSortTab, tasks: TaskRunner) -> None:
    dialog = open_dialog(qtbot, tab)
    assert dialog.source_combo.currentData() == "usps"
    assert "second person" in dialog.verifier_hint.text()
    dialog.submit()
    wait_idle(qtbot, tasks)
    error = dialog.errors["verifier"]
    assert error.isVisible() and "second person who verifies" in error.text()
    assert dialog.isVisible() and tab.tray is None
    dialog.verifier_edit.setText("lead")  # the opener cannot verify their own tray
    dialog.submit()
    wait_idle(qtbot, tasks)
    assert "second person, not the opener" in error.text()
    dialog.verifier_edit.setText("Clerk")
    with qtbot.waitSignal(dialog.opened):
        dialog.submit()
    wait_idle(qtbot, tasks)
    assert tab.tray is not None and tab.tray.verifier == "clerk"
    assert tab.stack.currentWidget() is tab.page
    bar = tab.page.bar
    assert bar.tray_label.text() == f"Tray {tab.tray.number} · USPS mail"
    assert bar.verifier_label.text() == "verified by clerk"
    assert bar.totals_label.text() == "0 envelopes · 0 documents · 0 payments · $0.00"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.page.form.arrived)


def test_walk_in_tray_opens_without_a_verifier(qtbot: QtBot, tab: MailSortTab,
                                               tasks: TaskRunner) -> None:
    dialog = open_dialog(qtbot, tab)
    dialog.source_combo.setCurrentIndex(dialog.source_combo.findData("walk_in"))
    assert "optional" in dialog.verifier_hint.text()
    dialog.submit()
    wait_idle(qtbot, tasks)
    assert tab.tray is not None and tab.tray.verifier is None
    assert "no verifier" in tab.page.bar.verifier_label.text()


def test_dialog_offers_the_profiles_sources(qtbot: QtBot, tab: MailSortTab) -> None:
    dialog = open_dialog(qtbot, tab)
    codes = [dialog.source_combo.itemData(i) for i in range(dialog.source_combo.count())]
    assert codes == list(rules(profile.load().code).sources)
    dialog.reject()


def test_shortcuts_belong_to_the_tab_when_it_is_shown(qtbot: QtBot, window: MainWindow,
                                                      tab: MailSortTab) -> None:
    window.tabs.setCurrentIndex(2)
    qtbot.keyClick(window, Qt.Key.Key_O, CTRL_SHIFT)
    assert tab.open_dialog is None


def test_close_tray_writes_the_cash_list_and_the_empty_state_returns(
        qtbot: QtBot, tab: MailSortTab, tasks: TaskRunner, confirm_yes: None) -> None:
    open_tray(qtbot, tab, tasks)
    fill(tab)
    qtbot.keyClick(focused(), Qt.Key.Key_S, CTRL)
    wait_idle(qtbot, tasks)
    number = tab.tray.number if tab.tray else ""
    qtbot.keyClick(focused(), Qt.Key.Key_W, CTRL_SHIFT)
    wait_idle(qtbot, tasks)
    assert tab.tray is None
    assert tab.stack.currentWidget() is tab.empty_state
    path = tab.cash_list_path
    assert path is not None
    assert path.name == f"cash-list-{number}.pdf"
    assert path.read_bytes().startswith(b"%PDF")
    assert str(path) in tab.closed_label.text()
    assert "1 envelope, 1 payment, $99.00" in tab.closed_label.text()
    assert tab.open_action.isEnabled()


def test_close_tray_asks_first_and_warns_of_an_unsaved_envelope(
        qtbot: QtBot, tab: MailSortTab, tasks: TaskRunner) -> None:
    open_tray(qtbot, tab, tasks)
    tab.page.form.customer.setText("Someone")
    with patch("workstation.ui.tabs.mail_sort.confirm", return_value=False) as ask:
        tab.close_action.trigger()
    assert "not saved" in ask.call_args.args[2]
    wait_idle(qtbot, tasks)
    assert tab.tray is not None
    assert tab.page.form.customer.text() == "Someone"


# ---------------------------------------------------------------------- keystrokes


def test_one_check_one_document_takes_at_most_twelve_keystrokes(
        qtbot: QtBot, sqlite_backend: Backend, lead: Actor, tab: MailSortTab,
        tasks: TaskRunner) -> None:
    open_tray(qtbot, tab, tasks)
    keys = 0

    def key(code: Qt.Key, modifiers: Qt.KeyboardModifier = NONE) -> None:
        nonlocal keys
        qtbot.keyClick(focused(), code, modifiers)
        keys += 1

    def value(text: str) -> None:  # the values themselves are not counted
        qtbot.keyClicks(focused(), text)

    assert focused() is tab.page.form.arrived
    key(Qt.Key.Key_Tab)  # postmark
    key(Qt.Key.Key_Tab)  # customer
    value("Buckeye Holdings LLC")
    key(Qt.Key.Key_Tab)  # instrument (check)
    key(Qt.Key.Key_Tab)  # check number
    value("1042")
    key(Qt.Key.Key_Tab)  # payer (the customer)
    key(Qt.Key.Key_Tab)  # bank
    key(Qt.Key.Key_Tab)  # amount
    value("99.00")
    key(Qt.Key.Key_Tab)  # payable OK
    key(Qt.Key.Key_Tab)  # endorsed
    key(Qt.Key.Key_Tab)  # filing type
    value("610")
    key(Qt.Key.Key_S, CTRL)
    wait_idle(qtbot, tasks)
    assert keys <= 12
    assert totals(sqlite_backend, lead, tab) == {"envelopes": 1, "documents": 1,
                                                 "remittances": 1, "amount_cents": 9900}
    slip = tab.last_slip
    assert slip is not None
    assert slip.customer == "Buckeye Holdings LLC" and slip.outcome == "exact"
    assert slip.remittances[0].payer == "Buckeye Holdings LLC"
    assert slip.documents[0].filing_type == "OH-610"
    assert focused() is tab.page.form.arrived  # ready for the next envelope


def test_saved_envelope_shows_its_control_number_large_and_writes_the_slip(
        qtbot: QtBot, tab: MailSortTab, tasks: TaskRunner) -> None:
    open_tray(qtbot, tab, tasks)
    fill(tab)
    save_and_wait(qtbot, tab, tasks)
    last, slip, path = tab.page.last, tab.last_slip, tab.slip_path
    assert slip is not None and path is not None
    assert last.isVisible()
    assert last.number.text() == slip.control_number
    assert last.number.text().startswith("M") and len(last.number.text()) == 9
    assert last.number.font().pointSizeF() > 2 * tab.font().pointSizeF()
    assert "Exact" in last.details.text() and "received" in last.details.text()
    assert path.read_bytes().startswith(b"%PDF")
    assert path.parent == tab.backend.locations.data_dir / "print"
    assert str(path) in last.slip.text()
    assert tab.page.bar.totals_label.text() == "1 envelope · 1 document · 1 payment · $99.00"
    form = tab.page.form
    assert form.customer.text() == "" and len(form.documents.lines) == 1
    assert document(tab).filing_type.text() == ""


def test_lines_are_added_and_removed_by_keyboard_in_reading_order(
        qtbot: QtBot, tab: MailSortTab, tasks: TaskRunner) -> None:
    open_tray(qtbot, tab, tasks)
    form = tab.page.form
    qtbot.keyClick(focused(), Qt.Key.Key_M, CTRL_SHIFT)
    assert len(form.remittances.lines) == 2
    assert focused() is remittance(tab, 1).instrument
    remittance(tab, 0).endorsed.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is remittance(tab, 1).instrument  # the new line comes next, not last
    qtbot.keyClick(focused(), Qt.Key.Key_D, CTRL_SHIFT)
    assert len(form.documents.lines) == 2
    assert focused() is document(tab, 1).filing_type
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is document(tab, 1).entity
    qtbot.keyClick(focused(), Qt.Key.Key_Delete, CTRL_SHIFT)
    assert len(form.documents.lines) == 1
    assert "Document 1" in document(tab).filing_type.accessibleName()


def test_ctrl_s_reaches_save_while_the_completer_list_is_open(
        qtbot: QtBot, sqlite_backend: Backend, lead: Actor, tab: MailSortTab,
        tasks: TaskRunner) -> None:
    open_tray(qtbot, tab, tasks)
    fill(tab, filing_type="")
    edit = document(tab).filing_type
    edit.setFocus()
    qtbot.keyClicks(edit, "articles of organization")
    popup = edit.completer().popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    assert edit.matches.rowCount() >= 1
    qtbot.keyClick(popup, Qt.Key.Key_S, CTRL)
    wait_idle(qtbot, tasks)
    assert QApplication.activePopupWidget() is None
    assert totals(sqlite_backend, lead, tab)["envelopes"] == 1


# ---------------------------------------------------------------------- the live balance


def test_balance_is_short_then_exact_as_the_amount_is_typed(
        qtbot: QtBot, tab: MailSortTab, tasks: TaskRunner) -> None:
    open_tray(qtbot, tab, tasks)
    fill(tab, amount="")
    balance = tab.page.balance
    amount = remittance(tab).amount
    amount.setFocus()
    qtbot.keyClicks(amount, "9")
    qtbot.waitUntil(lambda: outcome(tab).startswith("Short"))
    assert balance.due.text() == "$99.00" and balance.tendered.text() == "$9.00"
    assert balance.difference.text() == "-$90.00"
    qtbot.keyClicks(amount, "9")
    qtbot.waitUntil(lambda: outcome(tab) == "Exact")
    assert balance.difference.text() == "$0.00"
    qtbot.keyClicks(amount, "0")
    qtbot.waitUntil(lambda: outcome(tab).startswith("Over"))


def test_expedite_without_its_fee_is_regular_service(qtbot: QtBot, tab: MailSortTab,
                                                     tasks: TaskRunner) -> None:
    open_tray(qtbot, tab, tasks)
    fill(tab)
    speed = document(tab).requested_level
    speed.setFocus()
    qtbot.keyClick(speed, Qt.Key.Key_1)
    assert speed.code() == "expedite_1"
    qtbot.waitUntil(lambda: "regular service" in tab.page.balance.documents.text())
    assert outcome(tab) == "Exact"
    assert "Document 1: Expedite level 1" in tab.page.balance.documents.text()
    assert "gets regular service" in document(tab).note.text()
    remittance(tab).amount.setText("199.00")
    qtbot.waitUntil(lambda: not tab.page.balance.documents.isVisibleTo(tab.page.balance))
    assert tab.page.balance.due.text() == "$199.00"


def test_a_certificate_cannot_be_expedited(qtbot: QtBot, tab: MailSortTab,
                                           tasks: TaskRunner) -> None:
    open_tray(qtbot, tab, tasks)
    fill(tab, amount="5.00", filing_type="OH-CGS")
    document(tab).requested_level.setCurrentIndex(2)
    qtbot.waitUntil(lambda: "cannot be expedited" in tab.page.balance.documents.text())
    assert "Certificate of Good Standing (OH-CGS)" in document(tab).note.text()


def test_balance_waits_for_unreadable_lines_and_shows_the_money_so_far(
        qtbot: QtBot, tab: MailSortTab, tasks: TaskRunner) -> None:
    open_tray(qtbot, tab, tasks)
    fill(tab, amount="40.00", filing_type="no such thing")
    tab.page.refresh()
    assert tab.page.balance.due.text() == "—"
    assert tab.page.balance.tendered.text() == "$40.00"
    assert "every line can be read" in tab.page.balance.note.text()


def test_received_time_is_shown_before_saving(qtbot: QtBot, tab: MailSortTab,
                                              tasks: TaskRunner) -> None:
    open_tray(qtbot, tab, tasks)
    fill(tab)
    tab.page.refresh()
    assert tab.page.balance.received.text().startswith("Received ")


# ---------------------------------------------------------------------- refusals


def test_refusals_wait_until_the_clerk_leaves_the_field(qtbot: QtBot, tab: MailSortTab,
                                                        tasks: TaskRunner) -> None:
    open_tray(qtbot, tab, tasks)
    fill(tab, filing_type="")
    pages = document(tab).pages
    pages.setFocus()
    pages.selectAll()
    qtbot.keyClicks(pages, "0")
    tab.page.refresh()
    error = document(tab).errors["pages"]
    assert not error.isVisible()  # still typing there: nothing is said yet
    qtbot.keyClick(pages, Qt.Key.Key_Tab)
    assert error.isVisible() and error.text() == "A document has at least one page."
    assert not document(tab).errors["filing_type"].isVisible()  # never left: not yet


def test_bad_amount_unknown_form_and_no_pages_are_shown_at_their_fields_after_save(
        qtbot: QtBot, sqlite_backend: Backend, lead: Actor, tab: MailSortTab,
        tasks: TaskRunner) -> None:
    open_tray(qtbot, tab, tasks)
    fill(tab, amount="0.00", filing_type="Form 999Z")
    document(tab).pages.setText("0")
    save_and_wait(qtbot, tab, tasks)
    errors = remittance(tab).errors, document(tab).errors
    assert errors[0]["amount"].isVisible()
    assert errors[0]["amount"].text() == "The amount must be more than zero."
    assert errors[1]["filing_type"].isVisible()
    assert "No filing type matches 'Form 999Z'" in errors[1]["filing_type"].text()
    assert errors[1]["pages"].text() == "A document has at least one page."
    # Nothing typed is lost, nothing was logged.
    assert remittance(tab).amount.text() == "0.00"
    assert document(tab).filing_type.text() == "Form 999Z"
    assert document(tab).pages.text() == "0"
    assert tab.page.form.customer.text() == "Buckeye Holdings LLC"
    assert totals(sqlite_backend, lead, tab)["envelopes"] == 0
    # Fixed one by one, each refusal goes as its field is put right.
    remittance(tab).amount.setText("99.00")
    tab.page.refresh()
    assert not errors[0]["amount"].isVisible()
    assert errors[1]["pages"].isVisible()


def test_a_refusal_the_preview_cannot_see_stays_until_its_field_is_edited(
        qtbot: QtBot, tab: MailSortTab, tasks: TaskRunner) -> None:
    open_tray(qtbot, tab, tasks)
    fill(tab)
    document(tab).entity.setText("9999999")
    save_and_wait(qtbot, tab, tasks)
    error = document(tab).errors["entity"]
    assert error.isVisible() and error.text() == "No entity has the number 9999999."
    assert focused() is document(tab).entity
    tab.page.refresh()
    assert error.isVisible()  # the preview knows nothing of the register
    document(tab).entity.clear()
    assert not error.isVisible()
    save_and_wait(qtbot, tab, tasks)
    assert tab.page.last.isVisible()


def test_a_check_already_logged_is_refused_at_its_number(qtbot: QtBot, tab: MailSortTab,
                                                         tasks: TaskRunner) -> None:
    open_tray(qtbot, tab, tasks)
    fill(tab)
    save_and_wait(qtbot, tab, tasks)
    assert tab.last_slip is not None
    first = tab.last_slip.control_number
    fill(tab)
    save_and_wait(qtbot, tab, tasks)
    error = remittance(tab).errors["check_number"]
    assert error.isVisible() and first in error.text()
    assert remittance(tab).check_number.text() == "1042"


def test_an_unreadable_postmark_is_refused_by_the_form(qtbot: QtBot, tab: MailSortTab,
                                                       tasks: TaskRunner) -> None:
    open_tray(qtbot, tab, tasks)
    fill(tab)
    tab.page.form.postmark.setText("yesterday")
    save_and_wait(qtbot, tab, tasks)
    error = tab.page.form.refusals.error_for(tab.page.form.postmark)
    assert error.isVisible() and "month/day" in error.text()
    assert focused() is tab.page.form.postmark


def test_correspondence_only(qtbot: QtBot, sqlite_backend: Backend, lead: Actor,
                             tab: MailSortTab, tasks: TaskRunner) -> None:
    open_tray(qtbot, tab, tasks)
    form = tab.page.form
    form.customer.setText("Jane Public")
    assert not form.summary.isEnabled()
    form.correspondence.setChecked(True)
    assert form.summary.isEnabled()
    save_and_wait(qtbot, tab, tasks)
    assert form.refusals.error_for(form.summary).text() == "Say in a line what the letter asks."
    form.summary.setText("Asks whether her LLC is in good standing")
    qtbot.waitUntil(lambda: outcome(tab) == "Nothing due")
    save_and_wait(qtbot, tab, tasks)
    assert tab.last_slip is not None and tab.last_slip.correspondence_only
    assert tab.last_slip.outcome == "nothing_due"
    assert totals(sqlite_backend, lead, tab) == {"envelopes": 1, "documents": 0,
                                                 "remittances": 0, "amount_cents": 0}
    assert not form.correspondence.isChecked()


def test_exceptions_are_ticked_with_the_keyboard_and_logged(
        qtbot: QtBot, tab: MailSortTab, tasks: TaskRunner) -> None:
    open_tray(qtbot, tab, tasks)
    fill(tab)
    view = tab.page.form.exception_list
    view.setFocus()
    view.setCurrentIndex(view.model().index(1, 0))
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert tab.page.form.exception_model.checked() == ("unsigned_check",)
    save_and_wait(qtbot, tab, tasks)
    assert tab.last_slip is not None
    assert tab.last_slip.exceptions == ("unsigned_check",)
    assert tab.page.form.exception_model.checked() == ()


# ---------------------------------------------------------------------- pieces


def test_models(qtmodeltester: ModelTester) -> None:
    exceptions = ExceptionModel(rules("ohio").exceptions)
    qtmodeltester.check(exceptions)
    exceptions.setData(exceptions.index(0), Qt.CheckState.Checked.value,
                       Qt.ItemDataRole.CheckStateRole)
    assert exceptions.checked() == ("no_payment",)
    qtmodeltester.check(exceptions)
    matches = FilingTypeModel()
    matches.set_types(profile.load().filing_types.find("dissolution"))
    assert matches.rowCount() > 1
    qtmodeltester.check(matches)


def test_filing_type_completions_insert_the_code(qtbot: QtBot, tab: MailSortTab,
                                                 tasks: TaskRunner) -> None:
    open_tray(qtbot, tab, tasks)
    edit = document(tab).filing_type
    edit.setFocus()
    qtbot.keyClicks(edit, "532")
    first = edit.matches.index(0, 0)
    assert "Form 532" in first.data(Qt.ItemDataRole.DisplayRole)
    assert first.data(Qt.ItemDataRole.EditRole) in ("OH-532A", "114-ARN")


def test_arrival_follows_the_clock_until_edited_and_tab_leaves_it(
        qtbot: QtBot, tab: MailSortTab, tasks: TaskRunner) -> None:
    open_tray(qtbot, tab, tasks)
    arrived = tab.page.form.arrived
    assert arrived.following_clock
    arrived.setDateTime(arrived.dateTime().addSecs(-3600))
    assert not arrived.following_clock
    arrived.setFocus()
    qtbot.keyClick(arrived, Qt.Key.Key_Tab)
    assert focused() is tab.page.form.postmark


@pytest.mark.parametrize(("text", "expected"), [
    ("", None), ("10/28/2026", date(2026, 10, 28)), ("10/28/26", date(2026, 10, 28)),
    ("2026-10-28", date(2026, 10, 28)), ("10/28", date(2026, 10, 28)),
    ("12/31", date(2025, 12, 31)),  # not after today: last year's
])
def test_postmark_readings(text: str, expected: date | None) -> None:
    assert parse_postmark(text, date(2026, 11, 2)) == expected


@pytest.mark.parametrize("text", ["13/40", "tomorrow", "2026-02-30", "1/2/3/4"])
def test_postmark_refusals(text: str) -> None:
    with pytest.raises(ValueError, match="month/day"):
        parse_postmark(text, date(2026, 11, 2))


def test_the_slip_path_is_under_the_data_directory(sqlite_backend: Backend) -> None:
    from workstation.ui.print_folder import print_dir
    assert print_dir(sqlite_backend.locations) == Path(sqlite_backend.locations.data_dir,
                                                       "print")
