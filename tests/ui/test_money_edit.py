"""MoneyEdit: what may be typed, what it is worth in cents, and what the clerk is told."""

from __future__ import annotations

from typing import NamedTuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QApplication, QFormLayout, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from workstation.domain.money import MAX_CENTS, format_cents
from workstation.ui.widgets.money_edit import MoneyEdit

CTRL = Qt.KeyboardModifier.ControlModifier
GENERIC = "Type an amount such as 125.00 (digits, one decimal point)."
TWO_DECIMALS = "Use at most two digits after the decimal point."


@pytest.fixture
def edit(qtbot: QtBot) -> MoneyEdit:
    field = MoneyEdit()
    qtbot.addWidget(field)
    return field


@pytest.fixture
def signed(qtbot: QtBot) -> MoneyEdit:
    field = MoneyEdit(allow_negative=True)
    qtbot.addWidget(field)
    return field


class Form(NamedTuple):
    page: QWidget
    amount: MoneyEdit
    memo: QLineEdit


@pytest.fixture
def form(qtbot: QtBot) -> Form:
    """A shown, active form: the amount field (focused) and a next field to tab to."""
    page = QWidget()
    layout = QFormLayout(page)
    amount, memo = MoneyEdit(), QLineEdit()
    layout.addRow("&Amount", amount)
    layout.addRow("&Memo", memo)
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    amount.setFocus()
    qtbot.waitUntil(amount.hasFocus)
    return Form(page, amount, memo)


@pytest.mark.parametrize(("typed", "cents"), [
    ("0", 0),
    ("5", 500),
    (".5", 50),
    ("0.01", 1),
    ("12.", 1200),
    ("$12", 1200),
    ("1234.5", 123450),
    ("1,234.50", 123450),
    ("$1,234.50", 123450),
    ("1,234,567.89", 123456789),
])
def test_typed_amounts_read_as_cents(qtbot: QtBot, edit: MoneyEdit, typed: str,
                                     cents: int) -> None:
    qtbot.keyClicks(edit, typed)
    assert edit.text() == typed
    assert edit.cents() == cents
    assert edit.error() is None
    assert edit.hasAcceptableInput()


@pytest.mark.parametrize(("typed", "kept"), [
    ("1e", "1"),
    ("1e3", "13"),  # each refused key is dropped; the keys after it still count
    ("12.345", "12.34"),
    ("1.2.3", "1.23"),
    ("1,2345", "1,234"),
    ("12$", "12"),
    ("abc", ""),
    ("-5", "5"),  # no negatives unless the field allows them
    (" 5", "5"),
    ("nan", ""),
])
def test_keys_outside_the_shape_are_not_inserted(qtbot: QtBot, edit: MoneyEdit, typed: str,
                                                 kept: str) -> None:
    qtbot.keyClicks(edit, typed)
    assert edit.text() == kept


@pytest.mark.parametrize("digits", ["١٢٣", "１２", "۴"])  # Arabic-Indic, full-width, Persian
def test_digits_of_other_scripts_are_not_inserted(edit: MoneyEdit, digits: str) -> None:
    # QTest.keyClicks only types Latin-1, so these keys are sent as a keyboard layout would.
    for char in digits:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(edit, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
    assert edit.text() == ""


def test_a_third_decimal_cannot_be_added(qtbot: QtBot, edit: MoneyEdit) -> None:
    qtbot.keyClicks(edit, "12.34")
    qtbot.keyClicks(edit, "5")
    assert edit.text() == "12.34"
    assert edit.cents() == 1234


@pytest.mark.parametrize(("text", "message"), [
    ("12.345", TWO_DECIMALS),
    ("1e3", GENERIC),
    ("-5", "The amount cannot be negative here."),
    ("١٢٣", GENERIC),
    ("$", GENERIC),
    (".", GENERIC),
    ("1,", GENERIC),
    ("1,23", GENERIC),
    ("1000000000", "The amount is too large."),
])
def test_error_gives_the_parsers_reason(edit: MoneyEdit, text: str, message: str) -> None:
    edit.setText(text)  # setText is not validated: this is what a form may be handed
    assert edit.error() == message
    assert edit.cents() is None
    assert not edit.hasAcceptableInput()


@pytest.mark.parametrize("typed", ["$", ".", "1,", "1,23", "$1,2"])
def test_partial_amounts_may_stay_while_typing_but_are_not_amounts(
        qtbot: QtBot, edit: MoneyEdit, typed: str) -> None:
    qtbot.keyClicks(edit, typed)
    assert edit.text() == typed
    assert edit.error() == GENERIC
    assert edit.cents() is None
    assert not edit.hasAcceptableInput()


def test_empty_field_is_no_amount_and_no_error(edit: MoneyEdit) -> None:
    assert edit.cents() is None
    assert edit.error() is None


def test_too_large_amount_can_be_typed_but_is_not_acceptable(qtbot: QtBot,
                                                             edit: MoneyEdit) -> None:
    qtbot.keyClicks(edit, "1000000000")
    assert edit.text() == "1000000000"
    assert edit.error() == "The amount is too large."
    assert not edit.hasAcceptableInput()


def test_focus_out_formats_a_valid_amount(qtbot: QtBot, form: Form) -> None:
    _page, amount, memo = form
    qtbot.keyClicks(amount, "$1234.5")
    qtbot.keyClick(amount, Qt.Key.Key_Tab)
    qtbot.waitUntil(memo.hasFocus)
    assert amount.text() == "1,234.50"
    assert amount.cents() == 123450


def test_focus_out_leaves_a_partial_amount_for_the_clerk(
        qtbot: QtBot, form: Form) -> None:
    _page, amount, memo = form
    qtbot.keyClicks(amount, "1,23")
    qtbot.keyClick(amount, Qt.Key.Key_Tab)
    qtbot.waitUntil(memo.hasFocus)
    assert amount.text() == "1,23"
    assert amount.error() == GENERIC


def test_field_is_right_aligned_without_a_dollar_sign(edit: MoneyEdit) -> None:
    edit.set_cents(123450)
    assert edit.text() == "1,234.50"
    assert edit.alignment() & Qt.AlignmentFlag.AlignRight


def test_cents_changed_follows_the_typing_with_ints(qtbot: QtBot, edit: MoneyEdit) -> None:
    seen: list[object] = []
    edit.centsChanged.connect(seen.append)
    qtbot.keyClicks(edit, "12.5")
    assert seen == [100, 1200, 1250]  # "12." is still 1200: no second signal
    assert all(type(value) is int for value in seen)
    edit.set_cents(None)
    assert seen[-1] is None
    with qtbot.waitSignal(edit.centsChanged) as blocker:
        edit.set_cents(7)
    assert blocker.args == [7]


def test_refused_paste_keeps_the_text_and_says_why(qtbot: QtBot, edit: MoneyEdit) -> None:
    edit.setText("5")
    QGuiApplication.clipboard().setText("12abc")
    with qtbot.waitSignal(edit.refused) as blocker:
        qtbot.keyClick(edit, Qt.Key.Key_V, CTRL)
    assert edit.text() == "5"
    assert blocker.args == [f"“12abc” was not pasted. {GENERIC}"]


def test_refused_paste_of_an_amount_suggests_replacing(qtbot: QtBot, edit: MoneyEdit) -> None:
    edit.setText("7.5")
    QGuiApplication.clipboard().setText("12.50")
    with qtbot.waitSignal(edit.refused) as blocker:
        qtbot.keyClick(edit, Qt.Key.Key_V, CTRL)
    assert edit.text() == "7.5"
    assert "select the amount in the field to replace it" in blocker.args[0]


def test_pasted_amount_loses_surrounding_whitespace(qtbot: QtBot, edit: MoneyEdit) -> None:
    QGuiApplication.clipboard().setText("  $1,234.50\n")
    with qtbot.assertNotEmitted(edit.refused):
        qtbot.keyClick(edit, Qt.Key.Key_V, CTRL)
    assert edit.text() == "$1,234.50"
    assert edit.cents() == 123450


def test_typed_refusals_are_not_reported(qtbot: QtBot, edit: MoneyEdit) -> None:
    with qtbot.assertNotEmitted(edit.refused):
        qtbot.keyClicks(edit, "1e3")


def test_context_menu_paste_is_checked_too(qtbot: QtBot, edit: MoneyEdit) -> None:
    edit.setText("5")
    QGuiApplication.clipboard().setText("1e3")
    menu = edit.standard_menu()
    paste = next(a for a in menu.actions() if a.objectName() == "edit-paste")
    with qtbot.waitSignal(edit.refused) as blocker:
        paste.trigger()
    menu.deleteLater()
    assert edit.text() == "5"
    assert blocker.args == [f"“1e3” was not pasted. {GENERIC}"]


def test_long_refused_paste_is_quoted_short(qtbot: QtBot, edit: MoneyEdit) -> None:
    QGuiApplication.clipboard().setText("Invoice total\nwas forty-two dollars and fifty cents")
    with qtbot.waitSignal(edit.refused) as blocker:
        qtbot.keyClick(edit, Qt.Key.Key_V, CTRL)
    assert blocker.args[0].startswith("“Invoice total was forty…” was not pasted.")
    assert edit.text() == ""


def test_refused_drop_is_reported(qtbot: QtBot, edit: MoneyEdit) -> None:
    edit.setText("5")
    mime = QMimeData()
    mime.setText("ten dollars")
    drop = QDropEvent(QPointF(1, 1), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(edit.refused):
        edit.dropEvent(drop)
    assert edit.text() == "5"


def test_negative_amounts_only_where_allowed(qtbot: QtBot, edit: MoneyEdit,
                                             signed: MoneyEdit) -> None:
    qtbot.keyClicks(signed, "-$12.50")
    assert signed.cents() == -1250
    signed.set_cents(-123456)
    assert signed.text() == "-1,234.56"
    assert signed.cents() == -123456

    qtbot.keyClicks(edit, "-12.50")
    assert edit.text() == "12.50"
    with pytest.raises(ValueError, match="negative"):
        edit.set_cents(-1)


def test_set_cents_refuses_amounts_past_the_largest(edit: MoneyEdit) -> None:
    with pytest.raises(ValueError, match="largest"):
        edit.set_cents(MAX_CENTS + 1)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.integers(min_value=-MAX_CENTS, max_value=MAX_CENTS))
def test_any_cents_round_trip(signed: MoneyEdit, value: int) -> None:
    signed.set_cents(value)
    assert signed.cents() == value
    assert signed.text() == format_cents(value, symbol="")
    assert signed.hasAcceptableInput()
    assert signed.error() is None
