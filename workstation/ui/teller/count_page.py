"""The blind count of the clerk's own drawer, and what it found once submitted.

Blind: while the clerk counts, nothing on this page (or anywhere on their screen) says what the
drawer should hold; the service does not even send it (``SessionView.expected`` is None for the
clerk until the count is in). The clerk counts bills and coins by denomination, types each check
and money order, and the card terminal's settlement total and number of approvals; Submit
(Ctrl+Enter) hands the count in, and only the ``CountResult`` that comes back shows expected,
counted and the difference per tender (SHORT in words and in red), the checks that do not match
by amount, and who must sign off. A difference needs the clerk's reason (Give reason).
"""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.drawer import Count
from workstation.domain.money import format_cents
from workstation.errors import UserError
from workstation.services.profile import Profile
from workstation.services.teller_dto import CountResult
from workstation.ui import theme
from workstation.ui.inquiry.case import push_button
from workstation.ui.teller.count import AmountList, CountWidget
from workstation.ui.teller.keys import on_enter
from workstation.ui.teller.models import CountModel, difference_words
from workstation.ui.widgets.field_error import FieldError
from workstation.ui.widgets.money_edit import MoneyEdit

NEEDS_WORDS = {
    "close": "It balanced: the drawer is closed.",
    "reason": "Give the reason for the difference: that closes the drawer.",
    "lead": "Give the reason for the difference; then a lead signs the count off.",
    "supervisor": "Give the reason for the difference; then a supervisor signs the count off.",
}


def amounts_text(cents: tuple[int, ...]) -> str:
    return ", ".join(format_cents(c) for c in cents)


def checks_words(result: CountResult) -> str:
    parts = []
    if result.missing_checks:
        parts.append(f"Checks on receipts but not counted: {amounts_text(result.missing_checks)}.")
    if result.extra_checks:
        parts.append(f"Checks counted but on no receipt: {amounts_text(result.extra_checks)}.")
    return " ".join(parts)


def _muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {theme.MUTED_TEXT};")
    return label


def _group(title: str, widget: QWidget, stretch: bool = False) -> QGroupBox:
    """A titled box; ``stretch``: the widget sits at the top, the room left under it."""
    box = QGroupBox(title)
    column = QVBoxLayout(box)
    column.addWidget(widget, 0 if stretch else 1)
    if stretch:
        column.addStretch(1)
    return box


class CountPage(QWidget):
    """Counting (``entry``), then the result (``result_box``); the tab calls the services."""

    submit_requested = Signal()
    explain_requested = Signal()
    back_requested = Signal()

    def __init__(self, profile: Profile, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("countPage")
        self.result: CountResult | None = None
        self.explained: int | None = None  # the count whose reason this screen gave
        self.previous: CountResult | None = None  # the result a recount started from
        self.drawer = ""
        self.heading = QLabel()
        self.heading.setObjectName("countHeading")
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.entry = self._build_entry(profile)
        self.result_box = self._build_result()
        self.result_box.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.entry, 1)
        layout.addWidget(self.result_box, 1)

    # ------------------------------------------------------------------ building

    def _build_entry(self, profile: Profile) -> QWidget:
        self.cash = CountWidget(profile.teller.denominations, "countCash")
        self.checks = AmountList("check", "countChecks")
        self.money_orders = AmountList("money order", "countMoneyOrders")
        self.card_total = MoneyEdit()
        self.card_total.setObjectName("countCardTotal")
        self.card_items = QLineEdit()
        self.card_items.setObjectName("countCardItems")
        self.card_items.setValidator(QRegularExpressionValidator(QRegularExpression("[0-9]{0,4}"),
                                                                 self.card_items))
        self.cash.finished.connect(self.checks.entry.setFocus)
        self.checks.finished.connect(self.money_orders.entry.setFocus)
        self.money_orders.finished.connect(self.card_total.setFocus)
        on_enter(self.card_total, self.card_items.setFocus)
        self.count_error = FieldError("countError")
        self.back_button = push_button("Back to receipts (Esc)", "countBack")
        self.back_button.clicked.connect(self.back_requested)
        self.submit_button = push_button("Submit count (Ctrl+Enter)", "submitCount")
        self.submit_button.clicked.connect(self.submit_requested)
        on_enter(self.card_items, self.submit_button.setFocus)
        card = QFormLayout()
        card.addRow("Settlement t&otal", self.card_total)
        card.addRow("A&pprovals", self.card_items)
        card_box = QGroupBox("Card terminal")
        card_box.setLayout(card)
        columns = QHBoxLayout()
        columns.addWidget(_group("Cash by denomination", self.cash, stretch=True), 3)
        columns.addWidget(_group("Checks", self.checks), 2)
        right = QVBoxLayout()
        right.addWidget(_group("Money orders", self.money_orders), 1)
        right.addWidget(card_box)
        columns.addLayout(right, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_error, 1)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.submit_button)
        entry = QWidget()
        column = QVBoxLayout(entry)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(_muted("Count what is in the drawer. What it should hold is shown "
                                "only once the count is submitted."))
        column.addLayout(columns, 1)
        column.addLayout(buttons)
        return entry

    def _build_result(self) -> QWidget:
        self.result_model = CountModel(self)
        self.result_table = QTableView()
        self.result_table.setObjectName("countResult")
        self.result_table.setModel(self.result_model)
        self.result_table.verticalHeader().hide()
        self.result_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.result_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.result_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.checks_label = QLabel()
        self.checks_label.setObjectName("countChecksMismatch")
        self.checks_label.setWordWrap(True)
        self.needs_label = QLabel()
        self.needs_label.setObjectName("countSignOff")
        self.needs_label.setWordWrap(True)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("countReason")
        self.reason_edit.setPlaceholderText("What you think caused the difference")
        self.reason_edit.returnPressed.connect(self.explain_requested)
        self.reason_error = FieldError("countReasonError")
        self.reason_button = push_button("&Give reason (Enter)", "giveReason")
        self.reason_button.clicked.connect(self.explain_requested)
        reason = QHBoxLayout()
        label = QLabel("Reaso&n")
        label.setBuddy(self.reason_edit)
        for widget in (label, self.reason_edit, self.reason_button):
            reason.addWidget(widget, 1 if widget is self.reason_edit else 0)
        self.reason_row = QWidget()
        self.reason_row.setLayout(reason)
        self.status_label = _muted()
        self.status_label.setObjectName("countStatus")
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        parts: tuple[QWidget, ...] = (self.result_table, self.checks_label, self.needs_label,
                                      self.reason_row, self.reason_error, self.status_label)
        for part in parts:
            column.addWidget(part)
        column.addStretch(1)
        return box

    # ------------------------------------------------------------------ counting

    def start(self, drawer: str) -> None:
        """A fresh blind count: every field empty, no result on screen."""
        self.previous, self.drawer = self.result, drawer
        self.result = None
        self.result_model.set_rows([])
        self.result_box.hide()
        self.entry.show()
        for widget in (self.cash, self.checks, self.money_orders, self.card_total,
                       self.card_items, self.reason_edit):
            widget.clear()
        for error in (self.count_error, self.reason_error):
            error.clear_message()
        self.heading.setText(f"Count drawer {drawer} (blind)")
        self.cash.focus_first()

    def counting(self) -> bool:
        return self.result is None

    def count(self) -> Count:
        items = self.card_items.text()
        return Count(self.cash.value(), tuple(self.checks.amounts()),
                     tuple(self.money_orders.amounts()), self.card_total.cents() or 0,
                     int(items) if items else 0)

    def refuse(self, error: UserError) -> None:
        if error.field == "session" and self.result is None and self.previous is not None:
            self.show_result(self.drawer, self.previous)  # no recount: the count stands
            self.reason_error.show_message(error.message)
        elif error.field == "reason" and self.result is not None:
            self.reason_error.show_message(error.message)
            self.reason_edit.setFocus()
        else:
            self.count_error.show_message(error.message)

    # ------------------------------------------------------------------ the result

    def show_result(self, drawer: str, result: CountResult) -> None:
        """Only now: expected, counted and the difference, tender by tender."""
        self.result = result
        self.entry.hide()
        self.result_model.set_rows(result.lines)
        self._fit_table()
        net = sum(line.difference_cents for line in result.lines)
        off = "" if abs(net) == result.off_by_cents else \
            f" (off by {format_cents(result.off_by_cents)} across tenders)"
        self.heading.setText(f"Count of drawer {drawer}: {difference_words(net)}{off}")
        words = checks_words(result)
        self.checks_label.setText(words)
        self.checks_label.setVisible(bool(words))
        self.checks_label.setStyleSheet(f"color: {theme.ERROR_TEXT};")
        self.needs_label.setText(NEEDS_WORDS.get(result.sign_off, result.sign_off))
        self.show_status(result.status, self.explained == result.count_id)
        self.result_box.show()
        if not self.reason_row.isHidden():
            self.reason_edit.setFocus()

    def _fit_table(self) -> None:
        """Every tender's row on show, no scroll bar: the table is as tall as its rows."""
        table = self.result_table
        table.resizeRowsToContents()
        rows = sum(table.rowHeight(n) for n in range(self.result_model.rowCount()))
        table.setFixedHeight(table.horizontalHeader().sizeHint().height() + rows
                             + 2 * table.frameWidth())

    def show_status(self, status: str, explained: bool = False) -> None:
        if explained and self.result is not None:
            self.explained = self.result.count_id
        closed = status == "closed"
        needs_reason = (self.result is not None and self.result.off_by_cents > 0
                        and not closed and not explained)
        self.reason_row.setVisible(needs_reason)
        if closed:
            self.status_label.setText("The drawer is closed. Open a drawer again for the next "
                                      "shift (Ctrl+Shift+O).")
        elif explained:
            self.status_label.setText("Your reason is recorded; the count waits for its "
                                      "sign-off.")
        else:
            self.status_label.setText("The count waits for its sign-off; the drawer takes no "
                                      "more receipts.")
