"""The Teller Drawer through the keyboard: a whole counter day on two clerks' screens and the
lead's (drawers opened by a counted float, receipts in every tender with a mail check applied,
a void a lead approves, a witnessed drop, blind counts with one drawer short, its reason, the
lead's sign-off and the close of day with its papers read back); the count widget at the speed
a busy drawer needs; what the clerk may not see or do; a refused receipt that keeps everything
typed; and the item models under the model tester."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from tests.helpers import demo_password
from tests.ui.conftest import wait_idle
from tests.ui.mail_helpers import QT_LOG_IGNORE
from tests.ui.teller_helpers import (
    CTRL,
    FLOAT,
    P,
    activate,
    add_drawers,
    log_mail,
    own_screen,
    pdf_text,
    person,
    press,
    type_amounts,
    type_count,
    visible_texts,
)
from workstation.domain.money import format_cents
from workstation.services import teller, teller_read
from workstation.services.teller_dto import (
    CountLine,
    CountResult,
    LineInput,
    ReceiptInput,
    ReceiptView,
    SessionView,
    TenderInput,
)
from workstation.startup import Backend
from workstation.ui.main_window import MainWindow
from workstation.ui.tabs.teller_drawer import COUNT_PAGE, OPEN_PAGE, RECEIPT_PAGE, TellerDrawerTab
from workstation.ui.tasks import TaskRunner
from workstation.ui.teller import dialogs
from workstation.ui.teller.count import AmountList, CountWidget
from workstation.ui.teller.dialogs import DropDialog, VoidDialog
from workstation.ui.teller.models import (
    ChecksModel,
    CountModel,
    FormCheck,
    FormLine,
    LinesModel,
    ReceiptsModel,
    SignOffModel,
    SignOffRow,
)

pytestmark = pytest.mark.qt_log_ignore(*QT_LOG_IGNORE, extend=True)


# ---------------------------------------------------------------------- driving the screens

def open_drawer(qtbot: QtBot, tab: TellerDrawerTab, tasks: TaskRunner, code: str,
                quantities: dict[str, int], note: str = "") -> None:
    panel = tab.open_panel
    panel.drawer_combo.setCurrentIndex(panel.drawer_combo.findData(code))
    type_count(qtbot, panel.count, quantities)
    assert QApplication.focusWidget() is panel.note_edit  # Enter on the last row moves on
    if note:
        qtbot.keyClicks(panel.note_edit, note)
    qtbot.keyClick(panel.note_edit, Qt.Key.Key_Return, CTRL)
    wait_idle(qtbot, tasks)


def deposit_line(qtbot: QtBot, tab: TellerDrawerTab, amount: str, fee: str = "OH-CGS") -> None:
    form = tab.form
    form.kind_combo.setCurrentIndex(form.kind_combo.findData("suspense"))
    qtbot.keyClicks(form.fee_edit, fee)
    qtbot.keyClicks(form.amount_edit, amount)
    qtbot.keyClick(form.amount_edit, Qt.Key.Key_Return)


def customer(qtbot: QtBot, tab: TellerDrawerTab, name: str) -> None:
    tab.form.customer_edit.setFocus()
    qtbot.keyClicks(tab.form.customer_edit, name)


def post(qtbot: QtBot, tab: TellerDrawerTab, tasks: TaskRunner) -> None:
    press(qtbot, tab, tasks, Qt.Key.Key_Return, CTRL)


def last_receipt(tab: TellerDrawerTab) -> ReceiptView:
    rows = tab.receipts.model.rows
    assert rows, tab.form.findChildren(object)
    return rows[-1]


def approve_with(qtbot: QtBot, tasks: TaskRunner, dialog: VoidDialog | DropDialog, who: str,
                 password: str | None = None) -> None:
    dialog.approver_edit.setText(who)
    dialog.password_edit.setText(password if password is not None else demo_password(who))
    dialog.ok_button.click()  # a dialog is driven directly (offscreen, it never activates)
    wait_idle(qtbot, tasks)


# ---------------------------------------------------------------------- 1. the whole day

def test_the_whole_counter_day(qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner,
                               window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    b = sqlite_backend
    add_drawers(b, "D1", "D2")
    mail = log_mail(b)
    [document] = mail.documents
    [mail_check] = mail.checks
    clerk, senior = person(b, "clerk"), person(b, "senior")

    # The clerk opens D1: a float $10.00 short of the change fund needs a note.
    tab = own_screen(qtbot, b, tasks, clerk)
    assert tab.stack.currentIndex() == OPEN_PAGE and tab.empty_state.isVisible()
    assert "held by" not in tab.open_panel.drawer_combo.itemText(0)
    assert not tab.lead_panel.isVisible()
    open_drawer(qtbot, tab, tasks, "D1", {**FLOAT, "bill_10": 3})
    assert tab.open_panel.note_error.isVisible()
    assert "say why they differ" in tab.open_panel.note_error.text()
    assert tab.open_panel.count.total_cents() == 19000  # the count is kept
    open_drawer(qtbot, tab, tasks, "D1", FLOAT)
    assert tab.stack.currentIndex() == RECEIPT_PAGE and tab.session is not None
    assert tab.state_label.text().startswith("Drawer D1 · clerk · opened ")
    assert tab.state_label.text().endswith(" · 0 receipts")
    assert QApplication.focusWidget() is tab.form.customer_edit

    # Cash with change.
    customer(qtbot, tab, "Pat Doe")
    deposit_line(qtbot, tab, "25.00")
    qtbot.keyClicks(tab.form.payment.cash_edit, "40")
    assert tab.form.totals_label.text() == ("Total due $25.00 · Tendered $40.00 · "
                                            "Change $15.00")
    key = tab.form.key
    post(qtbot, tab, tasks)
    cash_receipt = last_receipt(tab)
    assert (cash_receipt.total_cents, cash_receipt.change_cents) == (2500, 1500)
    assert tab.form.key != key and tab.form.lines_model.rows == []
    assert "Change $15.00" in tab.receipts.papers_label.text()
    [cash_pdf] = tab.receipts.printed
    assert cash_pdf.name == f"receipt-{cash_receipt.number}.pdf"
    assert cash_receipt.number in pdf_text(cash_pdf) and "$25.00" in pdf_text(cash_pdf)

    # A check.
    customer(qtbot, tab, "Harrowgate Law")
    deposit_line(qtbot, tab, "50.00")
    form, pay = tab.form, tab.form.payment
    for edit, text in ((pay.check_number, "2002"), (pay.check_payer, "Harrowgate Law"),
                       (pay.check_bank, "Chase"), (pay.check_amount, "50.00")):
        qtbot.keyClicks(edit, text)
    qtbot.keyClick(pay.check_amount, Qt.Key.Key_Return)
    assert [c.number for c in pay.checks_model.rows] == ["2002"]
    post(qtbot, tab, tasks)
    check_receipt = last_receipt(tab)
    assert "check" in check_receipt.tenders[0].tender

    # A card: the last-4 field takes four digits and no more.
    customer(qtbot, tab, "Quarry Ridge Stone Co.")
    deposit_line(qtbot, tab, "30.00")
    pay.card_brand.setCurrentIndex(pay.card_brand.findData("Visa"))
    qtbot.keyClicks(pay.card_last4, "42421")
    assert pay.card_last4.text() == "4242"
    for edit, text in ((pay.card_auth, "0A1B2C"), (pay.card_ref, "T1-000123"),
                       (pay.card_amount, "30.00")):
        qtbot.keyClicks(edit, text)
    post(qtbot, tab, tasks)
    card_receipt = last_receipt(tab)
    assert card_receipt.tenders[0].detail == "Visa ending 4242, auth 0A1B2C"

    # The mail envelope: its document and its logged check, applied.
    monkeypatch.setattr(dialogs, "ask_control", lambda _parent: mail.control_number)
    press(qtbot, tab, tasks, Qt.Key.Key_E)
    assert [(li.reference, li.amount_cents) for li in form.lines_model.rows] == [
        (document.document_number, document.fee_due_cents)]
    assert [(c.remittance_id, c.amount_cents) for c in pay.checks_model.rows] == [
        (mail_check.remittance_id, 9900)]
    assert form.customer_edit.text() == "Harrowgate Law"
    assert form.totals_label.text() == "Total due $99.00 · Tendered $99.00 · Change $0.00"
    post(qtbot, tab, tasks)
    mail_receipt = last_receipt(tab)
    assert mail_receipt.lines[0].reference == document.document_number
    assert "logged in Mail Sort" in mail_receipt.tenders[0].detail

    # The cash receipt voided: the clerk cannot approve it, the lead does.
    tab.receipts.table.selectRow(0)
    tab.receipts.table.setFocus()
    press(qtbot, tab, tasks, Qt.Key.Key_V)
    void = tab.receipts.void_dialog
    assert isinstance(void, VoidDialog) and void.receipt.number == cash_receipt.number
    void.reason_combo.setCurrentIndex(void.reason_combo.findData("KEY"))
    void.note_edit.setText("wrong fee code")
    approve_with(qtbot, tasks, void, "clerk")
    assert void.isVisible() and "neither the clerk voiding" in void.approver_error.text()
    approve_with(qtbot, tasks, void, "lead")
    qtbot.waitUntil(lambda: tab.receipts.void_dialog is None)
    wait_idle(qtbot, tasks)
    reversal = last_receipt(tab)
    assert reversal.reverses == cash_receipt.number and reversal.total_cents == -2500
    assert f"voided by {reversal.number}" in tab.receipts.model.texts(
        tab.receipts.model.rows[0])[0]
    [reversal_pdf] = tab.receipts.printed
    assert reversal.number in pdf_text(reversal_pdf)

    # A reprint of the card receipt, marked so, in both sizes.
    tab.receipts.table.selectRow(2)
    press(qtbot, tab, tasks, Qt.Key.Key_P)
    full, narrow = tab.receipts.printed
    assert "REPRINT" in pdf_text(full) and card_receipt.number in pdf_text(narrow)
    assert narrow.name.endswith("-80mm.pdf")

    # $60.00 dropped to the safe, the lead witnessing.
    activate(qtbot, tab)
    press(qtbot, tab, tasks, Qt.Key.Key_D)
    drop = tab.drop_dialog
    assert isinstance(drop, DropDialog)
    type_count(qtbot, drop.count, {"bill_20": 2, "bill_10": 2})
    assert drop.focusWidget() is drop.reason_edit
    approve_with(qtbot, tasks, drop, "lead")
    qtbot.waitUntil(lambda: tab.drop_dialog is None)
    wait_idle(qtbot, tasks)
    assert "$60.00 dropped to the safe" in tab.receipts.papers_label.text()

    # The blind count: nothing on the clerk's screen says what the drawer should hold
    # ($200 + $40 - $15 - $25 - $60 = $140.00 cash). Counted $130.00: short $10.00.
    activate(qtbot, tab)
    press(qtbot, tab, tasks, Qt.Key.Key_C)
    assert tab.stack.currentIndex() == COUNT_PAGE
    assert tab.session is not None and tab.session.expected is None
    page = tab.count_page
    assert not any(word in text for text in visible_texts(tab)
                   for word in ("$140.00", "140.00", "Expected"))
    type_count(qtbot, page.cash, {**FLOAT, "bill_20": 2, "bill_10": 1, "bill_1": 15,
                                  "bill_5": 9})
    assert page.cash.total_cents() == 13000
    assert QApplication.focusWidget() is page.checks.entry
    type_amounts(qtbot, page.checks, ["50", "99.00", ""])
    assert QApplication.focusWidget() is page.money_orders.entry
    qtbot.keyClick(page.money_orders.entry, Qt.Key.Key_Return)
    qtbot.keyClicks(page.card_total, "30.00")
    qtbot.keyClick(page.card_total, Qt.Key.Key_Return)
    qtbot.keyClicks(page.card_items, "1")
    assert not any("140.00" in text for text in visible_texts(tab))
    press(qtbot, tab, tasks, Qt.Key.Key_Return, CTRL)
    result = page.result
    assert result is not None and result.sign_off == "lead"
    cash_line = next(line for line in page.result_model.rows if line.tender == "cash")
    assert (cash_line.expected_cents, cash_line.counted_cents) == (14000, 13000)
    assert page.result_model.texts(cash_line)[3] == "SHORT $10.00"
    assert "SHORT $10.00" in page.heading.text()
    assert "a lead signs the count off" in page.needs_label.text()
    assert page.reason_row.isVisible()
    qtbot.keyClicks(page.reason_edit, "gave $10 too much change on a $40 payment")
    qtbot.keyClick(page.reason_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, tasks)
    assert not page.reason_row.isVisible()
    assert "waits for its sign-off" in page.status_label.text()
    assert "counted, waiting for its sign-off" in tab.state_label.text()
    # Counting again before a lead rejected the count: refused, the count stands.
    press(qtbot, tab, tasks, Qt.Key.Key_C)
    assert page.result is None and page.entry.isVisible()
    press(qtbot, tab, tasks, Qt.Key.Key_Return, CTRL)
    assert page.result is not None and page.result.count_id == result.count_id
    assert "counted already" in page.reason_error.text()

    # The senior opens D2 on their screen, takes cash and counts exactly: closed at once.
    senior_tab = own_screen(qtbot, b, tasks, senior)
    assert "held by clerk" in senior_tab.open_panel.drawer_combo.itemText(0)
    assert senior_tab.open_panel.drawer_code() == "D2"  # the first free drawer
    open_drawer(qtbot, senior_tab, tasks, "D2", FLOAT)
    customer(qtbot, senior_tab, "Cobble Creek Bakery LLC")
    deposit_line(qtbot, senior_tab, "35.00")
    qtbot.keyClicks(senior_tab.form.payment.cash_edit, "35")
    post(qtbot, senior_tab, tasks)
    press(qtbot, senior_tab, tasks, Qt.Key.Key_C)
    type_count(qtbot, senior_tab.count_page.cash, {**FLOAT, "bill_20": 5, "bill_10": 5,
                                                  "bill_5": 9})
    press(qtbot, senior_tab, tasks, Qt.Key.Key_Return, CTRL)
    assert senior_tab.count_page.result is not None
    assert senior_tab.count_page.result.status == "closed"
    assert "closed" in senior_tab.count_page.status_label.text()
    assert senior_tab.state_label.text() == "No drawer open"

    # The lead, in the main window: D1 waits; approved; the day closes.
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_4, CTRL)
    lead_tab = window.tabs.currentWidget()
    assert isinstance(lead_tab, TellerDrawerTab)
    wait_idle(qtbot, tasks)
    panel = lead_tab.lead_panel
    assert panel.isVisible()
    [waiting] = panel.model.rows
    assert (waiting.session.drawer, waiting.session.clerk) == ("D1", "clerk")
    assert panel.model.texts(waiting)[4] == "SHORT $10.00"
    assert panel.model.texts(waiting)[6] == "gave $10 too much change on a $40 payment"
    monkeypatch.setattr(dialogs, "confirm_close_day", lambda _parent, _day: True)
    press(qtbot, lead_tab, tasks, Qt.Key.Key_K)  # too soon: D1 is not signed off
    assert "Drawer D1 (clerk) waits for its sign-off." in panel.message.text()
    press(qtbot, lead_tab, tasks, Qt.Key.Key_A)
    wait_idle(qtbot, tasks)
    assert panel.model.rows == [] and "approved" in panel.papers_label.text()
    press(qtbot, lead_tab, tasks, Qt.Key.Key_K)
    assert not panel.message.isVisible(), panel.message.text()
    paths = panel.papers
    assert all(str(path) in panel.papers_label.text() for path in paths)
    names = [path.name for path in paths]
    day = datetime.now(P.calendar.zone).date().isoformat()
    assert names[:3] == [f"drawer-slip-D1-{day}.pdf", f"drawer-slip-D2-{day}.pdf",
                         f"day-summary-{day}.pdf"]
    assert names[3].startswith("deposit-D") and names[4] == f"finance-{day}.csv"

    # The papers say what happened.
    d1 = pdf_text(paths[0])
    assert "DRAWER CLOSE SLIP · D1" in d1 and "Cash $140.00 $130.00 SHORT $10.00" in d1
    assert "Signed off by lead" in d1 and "gave $10 too much change" in d1
    assert f"{reversal.number} {cash_receipt.number} KEY wrong fee code clerk lead" in d1
    assert "lead $60.00" in d1  # the drop and its witness
    assert "Cash $235.00 $235.00 $0.00" in pdf_text(paths[1])
    summary = pdf_text(paths[2])
    assert "D1 clerk 5 $319.00 $309.00 SHORT $10.00 lead" in summary
    assert "Money RECONCILED" in summary and "Deposit total $174.00" in summary
    deposit = pdf_text(paths[3])
    # Cash: $130 + $235 counted less the two floats, plus the $60 dropped = $25.00; checks
    # $50.00 and the mail check's $99.00.
    assert "$25.00" in deposit and "$149.00" in deposit and "$174.00" in deposit
    assert "2002" in deposit and mail_check.check_number in deposit
    rows = list(csv.DictReader(io.StringIO(paths[4].read_text("utf-8"))))
    by_receipt = {row["receipt_number"]: row for row in rows}
    assert by_receipt[mail_receipt.number]["revenue_code"] == mail_receipt.lines[0].fee_code
    assert by_receipt[mail_receipt.number]["amount"] == "99.00"
    assert by_receipt[reversal.number]["amount"] == "-25.00"
    assert {row["deposit_number"] for row in rows} == {names[3].removeprefix(
        "deposit-").removesuffix(".pdf")}
    assert sum(int(row["amount"].replace(".", "")) for row in rows) == (
        2500 + 5000 + 3000 + 9900 - 2500 + 3500)


# ---------------------------------------------------------------------- 2. the count widget

def test_a_busy_drawer_is_counted_from_the_keyboard_alone(qtbot: QtBot) -> None:
    """Thirteen denominations and forty checks: digits and one Enter a line, nothing else;
    the running totals follow every key and add up in whole cents."""
    holder = QWidget()
    column = QVBoxLayout(holder)
    count = CountWidget(P.teller.denominations)
    checks = AmountList("check", "checks")
    column.addWidget(count)
    column.addWidget(checks)
    count.finished.connect(checks.entry.setFocus)
    qtbot.addWidget(holder)
    holder.show()
    activate(qtbot, holder)
    quantities = [3, 2, 41, 17, 23, 1, 58, 4, 6, 121, 87, 64, 309]  # largest to smallest
    assert len(quantities) == len(count.denominations) == 13
    count.focus_first()
    running, keys = 0, 0
    for denomination, quantity in zip(count.denominations, quantities, strict=True):
        edit = QApplication.focusWidget()
        assert edit is count.edits[count.denominations.index(denomination)]
        qtbot.keyClicks(edit, str(quantity))
        running += denomination.cents * quantity
        assert count.total_cents() == running
        assert count.total_label.text() == format_cents(running)
        qtbot.keyClick(edit, Qt.Key.Key_Return)
        keys += len(str(quantity)) + 1
    assert QApplication.focusWidget() is checks.entry  # Enter on the last row moved on
    assert count.value() == {d.code: q for d, q in zip(count.denominations, quantities,
                                                       strict=True)}
    # Up goes back a row; arriving selects the quantity, so typing replaces it.
    count.focus_row(12)
    qtbot.keyClick(count.edits[12], Qt.Key.Key_Up)
    assert QApplication.focusWidget() is count.edits[11]
    qtbot.keyClicks(count.edits[11], "60")
    assert count.value()["coin_5"] == 60
    running -= 4 * 5
    assert count.total_cents() == running
    qtbot.keyClick(count.edits[11], Qt.Key.Key_Down)
    assert QApplication.focusWidget() is count.edits[12]

    texts = [f"{n * 37 % 400 + 5}" if n % 3 else f"{n * 11 + 20}.{n * 7 % 100:02d}"
             for n in range(1, 41)]
    checks.entry.setFocus()
    total = 0
    for n, text in enumerate(texts, start=1):
        keys += type_amounts(qtbot, checks, [text])
        total += int(text.replace(".", "")) if "." in text else int(text) * 100
        assert checks.total_cents() == total
        assert checks.summary.text() == (f"{n} check{'s' if n > 1 else ''} · "
                                         f"{format_cents(total)}")
        assert checks.entry.text() == ""  # a fresh line for the next
    assert checks.amounts()[0] == int(texts[0]) * 100  # "74" is $74.00
    assert keys == sum(len(str(q)) + 1 for q in quantities) + sum(len(t) + 1 for t in texts)
    # Delete takes a mistyped check out again.
    checks.list.setFocus()
    checks.list.setCurrentRow(0)
    qtbot.keyClick(checks.list, Qt.Key.Key_Delete)
    assert checks.total_cents() == total - int(texts[0]) * 100 and len(checks.amounts()) == 39


# ---------------------------------------------------------------------- 3. what a clerk may not

def test_the_clerk_never_sees_what_the_drawer_should_hold_nor_the_leads_panel(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner) -> None:
    b = sqlite_backend
    add_drawers(b, "D1")
    clerk = person(b, "clerk")
    session_id = teller.open_session(b.db, P, clerk, "D1", FLOAT)
    teller.post_receipt(b.db, P, clerk, ReceiptInput(
        "Pat Doe", (LineInput("suspense", fee_code="OH-CGS", amount="25.00"),),
        (TenderInput("cash", "25.00"),), "security-1"))
    tab = own_screen(qtbot, b, tasks, clerk)
    assert tab.stack.currentIndex() == RECEIPT_PAGE
    assert tab.session is not None and tab.session.expected is None
    assert tab.state_label.text().endswith(" · 1 receipt")
    expected_cash = "225.00"  # the float and the fee: never on the clerk's screen
    assert not any(expected_cash in text for text in visible_texts(tab))
    press(qtbot, tab, tasks, Qt.Key.Key_C)
    assert tab.stack.currentIndex() == COUNT_PAGE and not tab.count_page.result_box.isVisible()
    assert not any(expected_cash in text or "Expected" in text for text in visible_texts(tab))
    # A lead's screen would list it once counted; the clerk has no such panel and no keys.
    assert not tab.lead_panel.isVisible() and not tab.may_approve
    names = {action.objectName() for action in tab.actions()}
    assert {"approveAction", "rejectAction", "closeDayAction"}.isdisjoint(names)
    press(qtbot, tab, tasks, Qt.Key.Key_K)
    assert not tab.lead_panel.papers_label.text() and not tab.lead_panel.message.text()
    assert teller_read.session(b.db, clerk, session_id).status == "open"

    # The card's last 4: a fifth digit, or a whole card number pasted, does not go in.
    press(qtbot, tab, tasks, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
    assert tab.stack.currentIndex() == RECEIPT_PAGE
    last4 = tab.form.payment.card_last4
    qtbot.keyClicks(last4, "12345")
    assert last4.text() == "1234"
    last4.clear()
    QApplication.clipboard().setText("4111111111111111")
    last4.paste()
    assert last4.text() == ""


def test_a_clerk_cannot_approve_their_own_void(qtbot: QtBot, sqlite_backend: Backend,
                                                tasks: TaskRunner) -> None:
    b = sqlite_backend
    add_drawers(b, "D1")
    clerk = person(b, "clerk")
    teller.open_session(b.db, P, clerk, "D1", FLOAT)
    posted = teller.post_receipt(b.db, P, clerk, ReceiptInput(
        "Pat Doe", (LineInput("suspense", fee_code="OH-CGS", amount="25.00"),),
        (TenderInput("cash", "25.00"),), "void-1"))
    tab = own_screen(qtbot, b, tasks, clerk)
    tab.receipts.table.selectRow(0)
    press(qtbot, tab, tasks, Qt.Key.Key_V)
    dialog = tab.receipts.void_dialog
    assert isinstance(dialog, VoidDialog)
    approve_with(qtbot, tasks, dialog, "lead")  # no reason picked: refused at the reason
    assert "Pick a reason" in dialog.reason_error.text()
    dialog.reason_combo.setCurrentIndex(dialog.reason_combo.findData("DUP"))
    approve_with(qtbot, tasks, dialog, "clerk")
    assert dialog.approver_error.text() == ("The approver is neither the clerk voiding nor "
                                            "the one who took the money.")
    assert dialog.password_edit.text() == "" and dialog.isVisible()
    approve_with(qtbot, tasks, dialog, "senior")  # not a lead
    assert dialog.approver_error.isVisible() and not dialog.general_error.isVisible()
    approve_with(qtbot, tasks, dialog, "lead", "not the password")
    assert dialog.password_error.isVisible() and not dialog.approver_error.isVisible()
    assert teller_read.find_receipt(b.db, clerk, posted.number).reversed_by is None
    approve_with(qtbot, tasks, dialog, "lead")
    qtbot.waitUntil(lambda: tab.receipts.void_dialog is None)
    wait_idle(qtbot, tasks)
    assert teller_read.find_receipt(b.db, clerk, posted.number).reversed_by is not None


# ---------------------------------------------------------------------- 4. refusals keep it all

def test_a_refused_receipt_keeps_everything_typed_and_posts_once(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner) -> None:
    b = sqlite_backend
    add_drawers(b, "D1")
    clerk = person(b, "clerk")
    teller.open_session(b.db, P, clerk, "D1", FLOAT)
    tab = own_screen(qtbot, b, tasks, clerk)
    form, pay = tab.form, tab.form.payment
    customer(qtbot, tab, "Pat Doe")
    deposit_line(qtbot, tab, "50.00")
    qtbot.keyClicks(pay.cash_edit, "20.00")
    assert "Still due $30.00" in form.totals_label.text()
    key = form.key
    post(qtbot, tab, tasks)
    assert form.tenders_error.text() == "The customer pays $20.00 of $50.00."
    assert form.customer_edit.text() == "Pat Doe" and pay.cash_edit.text() == "20.00"
    assert [(li.applies_to, li.amount_cents) for li in form.lines_model.rows] == [
        ("suspense", 5000)]
    assert form.key == key and tab.receipts.model.rows == []
    # A card with no brand: refused at the card, the brand in focus.
    pay.cash_edit.clear()
    for edit, text in ((pay.card_last4, "4242"), (pay.card_auth, "0A1B2C"),
                       (pay.card_ref, "T1-1"), (pay.card_amount, "50.00")):
        qtbot.keyClicks(edit, text)
    post(qtbot, tab, tasks)
    assert "Pick the card brand" in pay.card_error.text()
    assert QApplication.focusWidget() is pay.card_brand
    assert pay.card_last4.text() == "4242" and len(form.lines_model.rows) == 1
    # A document that does not exist is refused at the lines, before anything is posted.
    form.kind_combo.setCurrentIndex(form.kind_combo.findData("filing"))
    qtbot.keyClicks(form.reference_edit, "999999999")
    qtbot.keyClick(form.reference_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, tasks)
    assert "No document has the number 999999999" in form.lines_error.text()
    assert len(form.lines_model.rows) == 1
    # One that does is added with its fee, and Delete takes it out again.
    [document] = log_mail(b).documents
    form.reference_edit.clear()
    qtbot.keyClicks(form.reference_edit, document.document_number)
    qtbot.keyClick(form.reference_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, tasks)
    assert not form.lines_error.isVisible()
    added = form.lines_model.rows[1]
    assert (added.applies_to, added.reference, added.amount_cents) == (
        "filing", document.document_number, document.fee_due_cents)
    assert document.label in added.description
    assert form.totals_label.text().startswith("Total due $149.00 ")
    form.lines_table.setFocus()
    form.lines_table.selectRow(1)
    qtbot.keyClick(form.lines_table, Qt.Key.Key_Delete)
    assert len(form.lines_model.rows) == 1
    # A charge is priced by the service: one that does not exist is refused at its line.
    pay.card_brand.setCurrentIndex(pay.card_brand.findData("Visa"))
    form.kind_combo.setCurrentIndex(form.kind_combo.findData("charge"))
    qtbot.keyClicks(form.reference_edit, "c999")
    qtbot.keyClick(form.reference_edit, Qt.Key.Key_Return)
    assert form.totals_label.text().startswith(
        "Total due $50.00 + 1 charge priced at posting · ")
    post(qtbot, tab, tasks)
    assert form.lines_error.text() == "Line 2: No charge has the number C999."
    assert form.lines_table.currentIndex().row() == 1
    qtbot.keyClick(form.lines_table, Qt.Key.Key_Delete)
    # Posted; a second Ctrl+Enter before the answer does not post it again.
    activate(qtbot, tab)
    qtbot.keyClick(pay.card_amount, Qt.Key.Key_Return, CTRL)
    qtbot.keyClick(pay.card_amount, Qt.Key.Key_Return, CTRL)
    wait_idle(qtbot, tasks)
    [posted] = tab.receipts.model.rows
    assert posted.customer_name == "Pat Doe" and posted.total_cents == 5000
    assert form.key != key and form.customer_edit.text() == ""
    # The same key posted again (a retry after a lost reply) gives the same receipt.
    again = teller.post_receipt(b.db, P, clerk, ReceiptInput(
        "Pat Doe", (LineInput("suspense", fee_code="OH-CGS", amount="50.00"),),
        (TenderInput("card", "50.00", card_brand="Visa", card_last4="4242",
                     auth_code="0A1B2C", terminal_ref="T1-1"),), key))
    assert again.number == posted.number


# ---------------------------------------------------------------------- the models

def test_the_item_models_pass_the_model_tester(qtmodeltester: ModelTester) -> None:
    zone = P.calendar.zone
    now = datetime.now(zone)
    receipt = ReceiptView(1, "R00000001", "sale", now.date(), now, "clerk", "D1", "Pat Doe",
                          2500, 1500, (), (), reversed_by="R00000002")
    line = CountLine("cash", 14000, 0, 13000, 0)
    session = SessionView(1, "D1", "clerk", now.date(), "counted", now, 20000, 20000, 5, 1)
    result = CountResult(1, 1, (line,), 1000, "lead", "counted")
    for model, rows in (
            (LinesModel(), [FormLine("suspense", "", "OH-CGS", 2500, "Deposit"),
                            FormLine("charge", "C12")]),
            (ChecksModel(), [FormCheck("check", 5000, "2002", "Harrowgate Law", "Chase"),
                             FormCheck("money_order", 9900, "77", "Pat Doe", "", 4)]),
            (ReceiptsModel(zone), [receipt]),
            (CountModel(), [line]),
            (SignOffModel(), [SignOffRow(session, result)])):
        model.set_rows(rows)  # type: ignore[attr-defined]
        qtmodeltester.check(model)
    lines = LinesModel()
    lines.set_rows([FormLine("charge", "C12")])
    assert lines.texts(lines.rows[0])[3] == "priced at posting"
    counts = CountModel()
    counts.set_rows([line])
    assert counts.texts(line)[3] == "SHORT $10.00"
    assert counts.data(counts.index(0, 3), Qt.ItemDataRole.ForegroundRole) is not None
    receipts = ReceiptsModel(zone)
    receipts.set_rows([receipt])
    assert receipts.texts(receipt)[0] == "R00000001 (voided by R00000002)"
