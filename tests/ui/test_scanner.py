"""ScanFilter: a wedge scanner's keystrokes become one ``scanned`` signal; a person's do not.

Keystrokes are what is under test here, so the tests type into a real, focused line edit with
QTest and move a fake clock between keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import NamedTuple

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QFormLayout, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from workstation.ui.widgets.money_edit import MoneyEdit
from workstation.ui.widgets.scanner import ScanConfig, ScanFilter, install, installed

CODE = "ABC-123456"
SCANNER_GAP_MS = 8
HUMAN_GAP_MS = 60


class FakeClock:
    def __init__(self) -> None:
        self.ms = 1_000_000

    def __call__(self) -> int:
        return self.ms


class Form(NamedTuple):
    page: QWidget
    edit: QLineEdit
    amount: MoneyEdit
    returns: list[str]  # the edit's text each time Enter reached it


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_scanner(qapp: QApplication, clock: FakeClock) -> Iterator[Callable[..., ScanFilter]]:
    made: list[ScanFilter] = []

    def make(**config: object) -> ScanFilter:
        scan_filter = install(qapp, ScanConfig(**config), clock=clock)  # type: ignore[arg-type]
        made.append(scan_filter)
        return scan_filter

    yield make
    for scan_filter in made:
        scan_filter.uninstall()


@pytest.fixture
def scanner(make_scanner: Callable[..., ScanFilter]) -> ScanFilter:
    return make_scanner()


@pytest.fixture
def scans(scanner: ScanFilter) -> list[str]:
    seen: list[str] = []
    scanner.scanned.connect(seen.append)
    return seen


@pytest.fixture
def form(qtbot: QtBot) -> Form:
    page = QWidget()
    layout = QFormLayout(page)
    edit, amount = QLineEdit(), MoneyEdit()
    layout.addRow("&Filing number", edit)
    layout.addRow("&Amount", amount)
    returns: list[str] = []
    edit.returnPressed.connect(lambda: returns.append(edit.text()))
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    return Form(page, edit, amount, returns)


def type_keys(qtbot: QtBot, widget: QWidget, clock: FakeClock, text: str, gap_ms: int, *,
              enter: bool = True) -> None:
    """Type ``text`` one key every ``gap_ms`` (then Enter), as a scanner or a person would."""
    for char in text:
        clock.ms += gap_ms
        qtbot.keyClick(widget, char)
    if enter:
        clock.ms += gap_ms
        qtbot.keyClick(widget, Qt.Key.Key_Return)


# ---------------------------------------------------------------------- prefix mode

def test_prefixed_scan_is_emitted_once_and_typed_nowhere(qtbot: QtBot, form: Form,
                                                         scans: list[str]) -> None:
    form.edit.setText("Smith")
    qtbot.keyClick(form.edit, Qt.Key.Key_F12)
    qtbot.keyClicks(form.edit, CODE)
    qtbot.keyClick(form.edit, Qt.Key.Key_Return)
    assert scans == [CODE]
    assert form.edit.text() == "Smith"
    assert form.returns == []  # the scanner's Enter did not submit the form


def test_prefixed_scan_into_an_empty_field(qtbot: QtBot, form: Form, clock: FakeClock,
                                           scans: list[str]) -> None:
    qtbot.keyClick(form.edit, Qt.Key.Key_F12)
    type_keys(qtbot, form.edit, clock, CODE, SCANNER_GAP_MS)
    assert scans == [CODE]
    assert form.edit.text() == ""


def test_scanner_shift_presses_inside_a_prefixed_code_are_ignored(
        qtbot: QtBot, form: Form, scans: list[str]) -> None:
    qtbot.keyClick(form.edit, Qt.Key.Key_F12)
    for char in "AB-1234":
        qtbot.keyPress(form.edit, Qt.Key.Key_Shift)
        qtbot.keyClick(form.edit, char)
        qtbot.keyRelease(form.edit, Qt.Key.Key_Shift)
    qtbot.keyClick(form.edit, Qt.Key.Key_Enter)  # the keypad's Enter ends a code as well
    assert scans == ["AB-1234"]
    assert form.edit.text() == ""


def test_prefix_key_does_not_fire_a_shortcut_on_the_same_key(
        qtbot: QtBot, form: Form, scans: list[str]) -> None:
    fired: list[bool] = []
    action = QAction("Help", form.page)
    action.setShortcut(QKeySequence(Qt.Key.Key_F12))
    action.triggered.connect(fired.append)
    form.page.addAction(action)
    qtbot.keyClick(form.edit, Qt.Key.Key_F12)
    qtbot.keyClicks(form.edit, CODE)
    qtbot.keyClick(form.edit, Qt.Key.Key_Return)
    assert scans == [CODE]
    assert fired == []


def test_configured_prefix_key_and_prefix_character(
        qtbot: QtBot, form: Form, make_scanner: Callable[..., ScanFilter]) -> None:
    scanner = make_scanner(prefix_key="Ctrl+]", prefix_char="\x02", suffix_char="\x03")
    seen: list[str] = []
    scanner.scanned.connect(seen.append)
    qtbot.keyClick(form.edit, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(form.edit, "CTRL-000001")
    qtbot.keyClick(form.edit, Qt.Key.Key_Return)
    send_char(form.edit, "\x02")  # STX ... ETX, as the scanner sends them
    qtbot.keyClicks(form.edit, "STX-000002")
    send_char(form.edit, "\x03")
    assert seen == ["CTRL-000001", "STX-000002"]
    assert form.edit.text() == ""


def send_char(widget: QWidget, char: str) -> None:
    """A control character as the wedge sends it (QTest cannot type one)."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def test_prefix_pressed_by_a_person_loses_no_typing(qtbot: QtBot, form: Form, clock: FakeClock,
                                                    scans: list[str]) -> None:
    qtbot.keyClick(form.edit, Qt.Key.Key_F12)
    type_keys(qtbot, form.edit, clock, "Acme", 150, enter=False)
    assert form.edit.text() == "Acme"
    assert scans == []


def test_prefixed_keys_that_stop_coming_are_typed_after_all(
        qtbot: QtBot, form: Form, clock: FakeClock, scans: list[str]) -> None:
    qtbot.keyClick(form.edit, Qt.Key.Key_F12)
    type_keys(qtbot, form.edit, clock, "AB", SCANNER_GAP_MS, enter=False)
    assert form.edit.text() == ""  # held back while it might be a scan
    type_keys(qtbot, form.edit, clock, "c", 500, enter=False)
    assert form.edit.text() == "ABc"
    assert scans == []


def test_prefixed_input_that_is_not_a_code_goes_to_the_field(
        qtbot: QtBot, form: Form, scans: list[str]) -> None:
    qtbot.keyClick(form.edit, Qt.Key.Key_F12)
    qtbot.keyClicks(form.edit, "acme corp")
    qtbot.keyClick(form.edit, Qt.Key.Key_Return)
    assert scans == []
    assert form.edit.text() == "acme corp"
    assert form.returns == ["acme corp"]  # and the Enter after it, as typed


def test_escape_after_the_prefix_gives_the_keys_back(qtbot: QtBot, form: Form,
                                                     scans: list[str]) -> None:
    qtbot.keyClick(form.edit, Qt.Key.Key_F12)
    qtbot.keyClicks(form.edit, "AB1")
    qtbot.keyClick(form.edit, Qt.Key.Key_Escape)
    assert form.edit.text() == "AB1"
    assert scans == []


# ---------------------------------------------------------------------- timing fallback

def test_fast_burst_is_a_scan_and_leaves_the_field_as_it_was(
        qtbot: QtBot, form: Form, clock: FakeClock, scans: list[str]) -> None:
    form.edit.setText("Smith")
    form.edit.setCursorPosition(2)
    form.edit.setModified(False)
    type_keys(qtbot, form.edit, clock, CODE, SCANNER_GAP_MS)
    assert scans == [CODE]
    assert form.edit.text() == "Smith"
    assert form.edit.cursorPosition() == 2
    assert not form.edit.isModified()
    assert form.returns == []


def test_burst_over_a_selection_restores_the_selection(
        qtbot: QtBot, form: Form, clock: FakeClock, scans: list[str]) -> None:
    form.edit.setText("Smith & Sons")
    form.edit.setSelection(0, 5)
    type_keys(qtbot, form.edit, clock, CODE, SCANNER_GAP_MS)
    assert scans == [CODE]
    assert form.edit.text() == "Smith & Sons"
    assert form.edit.selectedText() == "Smith"


def test_burst_with_scanner_shift_presses_is_still_a_scan(
        qtbot: QtBot, form: Form, clock: FakeClock, scans: list[str]) -> None:
    for char in CODE:
        clock.ms += SCANNER_GAP_MS // 2
        qtbot.keyPress(form.edit, Qt.Key.Key_Shift)
        clock.ms += SCANNER_GAP_MS // 2
        qtbot.keyClick(form.edit, char)
        qtbot.keyRelease(form.edit, Qt.Key.Key_Shift)
    clock.ms += SCANNER_GAP_MS
    qtbot.keyClick(form.edit, Qt.Key.Key_Return)
    assert scans == [CODE]
    assert form.edit.text() == ""


def test_burst_into_a_money_field_is_taken_out_again(
        qtbot: QtBot, form: Form, clock: FakeClock, scans: list[str]) -> None:
    form.amount.setFocus()
    qtbot.waitUntil(form.amount.hasFocus)
    form.amount.setText("12.50")
    form.amount.setCursorPosition(0)
    type_keys(qtbot, form.amount, clock, "2024-000123", SCANNER_GAP_MS)
    assert scans == ["2024-000123"]
    assert form.amount.text() == "12.50"


def test_burst_at_a_button_is_a_scan_with_nothing_to_undo(
        qtbot: QtBot, form: Form, clock: FakeClock, scans: list[str]) -> None:
    button = QPushButton("Save", form.page)
    button.show()
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    type_keys(qtbot, button, clock, CODE, SCANNER_GAP_MS)
    assert scans == [CODE]


@pytest.mark.parametrize("gap_ms", [HUMAN_GAP_MS, 50, 31])
def test_typing_at_a_persons_pace_is_never_a_scan(qtbot: QtBot, form: Form, clock: FakeClock,
                                                  scans: list[str], gap_ms: int) -> None:
    type_keys(qtbot, form.edit, clock, CODE, gap_ms)
    assert scans == []
    assert form.edit.text() == CODE
    assert form.returns == [CODE]


def test_one_slow_key_in_the_burst_is_not_a_scan(qtbot: QtBot, form: Form, clock: FakeClock,
                                                 scans: list[str]) -> None:
    type_keys(qtbot, form.edit, clock, "ABC-12", SCANNER_GAP_MS, enter=False)
    type_keys(qtbot, form.edit, clock, "3", HUMAN_GAP_MS, enter=False)
    type_keys(qtbot, form.edit, clock, "456", SCANNER_GAP_MS)  # only 4 fast keys before Enter
    assert scans == []
    assert form.edit.text() == CODE


def test_slow_enter_after_a_burst_is_not_a_scan(qtbot: QtBot, form: Form, clock: FakeClock,
                                                scans: list[str]) -> None:
    type_keys(qtbot, form.edit, clock, CODE, SCANNER_GAP_MS, enter=False)
    clock.ms += HUMAN_GAP_MS
    qtbot.keyClick(form.edit, Qt.Key.Key_Return)
    assert scans == []
    assert form.returns == [CODE]


@pytest.mark.parametrize("burst", ["abc-123456", "ABC 123456", "ABC12", "A" * 33])
def test_burst_that_is_not_a_code_passes_through(qtbot: QtBot, form: Form, clock: FakeClock,
                                                 scans: list[str], burst: str) -> None:
    type_keys(qtbot, form.edit, clock, burst, SCANNER_GAP_MS)
    assert scans == []
    assert form.edit.text() == burst
    assert form.returns == [burst]


def test_enter_alone_does_nothing(qtbot: QtBot, form: Form, clock: FakeClock,
                                  scans: list[str]) -> None:
    form.edit.setText("ABC-123456")
    clock.ms += SCANNER_GAP_MS
    qtbot.keyClick(form.edit, Qt.Key.Key_Return)
    assert scans == []
    assert form.edit.text() == "ABC-123456"
    assert form.returns == ["ABC-123456"]


def test_timing_fallback_can_be_switched_off(qtbot: QtBot, form: Form, clock: FakeClock,
                                             make_scanner: Callable[..., ScanFilter]) -> None:
    scanner = make_scanner(timing_fallback=False)
    with qtbot.assertNotEmitted(scanner.scanned):
        type_keys(qtbot, form.edit, clock, CODE, SCANNER_GAP_MS)
    assert form.edit.text() == CODE


def test_configured_pattern_decides_what_is_a_code(
        qtbot: QtBot, form: Form, clock: FakeClock,
        make_scanner: Callable[..., ScanFilter]) -> None:
    scanner = make_scanner(pattern=r"^R\d{8}$")
    seen: list[str] = []
    scanner.scanned.connect(seen.append)
    type_keys(qtbot, form.edit, clock, CODE, SCANNER_GAP_MS)
    type_keys(qtbot, form.edit, clock, "R20240001", SCANNER_GAP_MS)
    assert seen == ["R20240001"]
    assert form.edit.text() == CODE


# ---------------------------------------------------------------------- the window system's path

def test_keys_through_the_window_are_counted_once(qtbot: QtBot, form: Form, clock: FakeClock,
                                                  scans: list[str]) -> None:
    """Real key events reach the window first, then the focused field, then its parents."""
    window = form.page.windowHandle()
    assert window is not None
    qtbot.keyClick(window, Qt.Key.Key_F12)
    for char in CODE:
        qtbot.keyClick(window, char)
    qtbot.keyClick(window, Qt.Key.Key_Return)
    for char in CODE:
        clock.ms += SCANNER_GAP_MS
        qtbot.keyClick(window, char)
    clock.ms += SCANNER_GAP_MS
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert scans == [CODE, CODE]
    assert form.edit.text() == ""
    assert form.returns == []


# ---------------------------------------------------------------------- installing

def test_one_filter_per_application(qapp: QApplication, scanner: ScanFilter) -> None:
    assert installed(qapp) is scanner
    with pytest.raises(RuntimeError, match="already installed"):
        install(qapp)


def test_uninstalled_filter_sees_nothing(qtbot: QtBot, qapp: QApplication, form: Form,
                                         clock: FakeClock) -> None:
    scanner = install(qapp, clock=clock)
    scanner.uninstall()
    assert installed(qapp) is None
    with qtbot.assertNotEmitted(scanner.scanned):
        qtbot.keyClick(form.edit, Qt.Key.Key_F12)
        type_keys(qtbot, form.edit, clock, CODE, SCANNER_GAP_MS)
    assert form.edit.text() == CODE


@pytest.mark.parametrize("config", [
    {"prefix_key": "NoSuchKey"},
    {"prefix_key": "F11, F12"},
    {"prefix_key": "Ctrl+Shift"},
    {"min_burst": 1},
    {"burst_gap_ms": 0},
    {"pattern": "("},
])
def test_bad_configuration_is_refused(config: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        ScanConfig(**config)  # type: ignore[arg-type]
