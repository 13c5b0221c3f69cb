"""THE COUNT WIDGET: bills and coins counted by denomination, all from the keyboard; and the list
a clerk types checks or money orders into, one amount a line.

Counting a busy drawer is keystrokes, not clicks: each denomination's quantity is a digits-only
field; Enter, Tab or Down moves to the next row and Up to the previous, and arriving in a row
selects its quantity, so typing replaces it. Each row shows its amount and the widget a running
total, all in integer cents. The checks list takes an amount, Enter adds it and leaves the field
empty for the next; Enter on the empty field moves on. Delete in the list takes a line out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QEvent, QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.money import format_cents
from workstation.domain.teller_rules import Denomination
from workstation.ui import theme
from workstation.ui.teller.keys import on_enter, plain
from workstation.ui.widgets.field_error import FieldError
from workstation.ui.widgets.money_edit import MoneyEdit

NEXT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down)
QUANTITY_DIGITS = 5  # 99,999 of one coin is more than any drawer holds


def _right(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return label


class CountWidget(QWidget):
    """One row per denomination: label, quantity, amount; the running total under them."""

    changed = Signal(int)  # the total, in cents
    finished = Signal()  # Enter (or Down) on the last row: the owner moves on

    def __init__(self, denominations: Sequence[Denomination], name: str = "cashCount",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.denominations = tuple(denominations)
        self.edits: list[QLineEdit] = []
        self.amount_labels: list[QLabel] = []
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        digits = QRegularExpressionValidator(QRegularExpression(f"[0-9]{{0,{QUANTITY_DIGITS}}}"),
                                             self)
        width = self.fontMetrics().averageCharWidth() * (QUANTITY_DIGITS + 4)
        # Room for the largest amount from the start: a column that grows as the clerk types
        # would move the figures under their eyes.
        widest = self.fontMetrics().horizontalAdvance(format_cents(9_999_999_99)) + 4
        for row, denomination in enumerate(self.denominations):
            edit = QLineEdit()
            edit.setObjectName(f"{name}_{denomination.code}")
            edit.setValidator(digits)
            edit.setMaxLength(QUANTITY_DIGITS)
            edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            edit.setPlaceholderText("0")
            edit.setFixedWidth(width)
            edit.setAccessibleName(denomination.label)
            edit.textChanged.connect(lambda _t, r=row: self._row_changed(r))
            edit.installEventFilter(self)
            label = QLabel(denomination.label)
            label.setBuddy(edit)
            amount = _right(format_cents(0))
            amount.setStyleSheet(f"color: {theme.MUTED_TEXT};")
            amount.setMinimumWidth(widest)
            grid.addWidget(label, row, 0)
            grid.addWidget(edit, row, 1)
            grid.addWidget(amount, row, 2)
            self.edits.append(edit)
            self.amount_labels.append(amount)
        for first, second in zip(self.edits, self.edits[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self.total_label = _right()
        self.total_label.setObjectName(f"{name}Total")
        font = self.total_label.font()
        font.setBold(True)
        self.total_label.setFont(font)
        grid.addWidget(QLabel("Total"), len(self.edits), 0)
        grid.addWidget(self.total_label, len(self.edits), 1, 1, 2)
        # As wide as its rows and no wider: the amounts stay next to their quantities.
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Maximum)
        grid.setHorizontalSpacing(self.fontMetrics().averageCharWidth() * 2)
        self._show_total()

    # ------------------------------------------------------------------ values

    def quantity(self, row: int) -> int:
        text = self.edits[row].text()
        return int(text) if text else 0

    def value(self) -> dict[str, int]:
        """Denomination code -> how many, for the rows counted (never a zero)."""
        return {d.code: self.quantity(n) for n, d in enumerate(self.denominations)
                if self.quantity(n)}

    def total_cents(self) -> int:
        return sum(d.cents * self.quantity(n) for n, d in enumerate(self.denominations))

    def set_value(self, quantities: Mapping[str, int]) -> None:
        for n, denomination in enumerate(self.denominations):
            quantity = quantities.get(denomination.code, 0)
            self.edits[n].setText(str(quantity) if quantity else "")

    def clear(self) -> None:
        self.set_value({})

    def focus_first(self) -> None:
        self.focus_row(0)

    def focus_row(self, row: int) -> None:
        edit = self.edits[row]
        edit.setFocus(Qt.FocusReason.OtherFocusReason)
        edit.selectAll()  # typing replaces what is there

    # ------------------------------------------------------------------ keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        row = next((n for n, edit in enumerate(self.edits) if edit is watched), -1)
        if event.type() == QEvent.Type.KeyPress and row >= 0:
            assert isinstance(event, QKeyEvent)
            if plain(event) and event.key() in NEXT_KEYS:
                self._move(row, +1)
                return True
            if plain(event) and event.key() == Qt.Key.Key_Up:
                self._move(row, -1)
                return True
        return super().eventFilter(watched, event)

    def _move(self, row: int, step: int) -> None:
        target = row + step
        if target >= len(self.edits):
            self.finished.emit()
        elif target >= 0:
            self.focus_row(target)

    def _row_changed(self, row: int) -> None:
        cents = self.denominations[row].cents * self.quantity(row)
        self.amount_labels[row].setText(format_cents(cents))
        self._show_total()

    def _show_total(self) -> None:
        total = self.total_cents()
        self.total_label.setText(format_cents(total))
        self.changed.emit(total)


class AmountList(QWidget):
    """Checks (or money orders) typed one amount a line, with their count and total."""

    changed = Signal()
    finished = Signal()  # Enter on the empty field: the owner moves on

    def __init__(self, noun: str, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.noun = noun
        self.entry = MoneyEdit()
        self.entry.setObjectName(f"{name}Entry")
        self.entry.setPlaceholderText(f"{noun.capitalize()} amount, then Enter")
        self.entry.setAccessibleName(f"{noun.capitalize()} amount")
        on_enter(self.entry, self._enter)
        self.list = QListWidget()
        self.list.setObjectName(f"{name}List")
        self.list.installEventFilter(self)
        lines = self.fontMetrics().height() * 6
        self.list.setMinimumHeight(lines)
        self.summary = QLabel()
        self.summary.setObjectName(f"{name}Summary")
        self.error = FieldError(f"{name}Error")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.entry)
        layout.addWidget(self.error)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.summary)
        self._show_summary()

    def amounts(self) -> list[int]:
        return [int(self.list.item(n).data(Qt.ItemDataRole.UserRole))
                for n in range(self.list.count())]

    def total_cents(self) -> int:
        return sum(self.amounts())

    def add(self, cents: int) -> None:
        item = QListWidgetItem(f"{self.list.count() + 1}.  {format_cents(cents)}")
        item.setData(Qt.ItemDataRole.UserRole, cents)
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.list.addItem(item)
        self.list.scrollToItem(item)
        self._show_summary()

    def clear(self) -> None:
        self.list.clear()
        self.entry.clear()
        self.error.clear_message()
        self._show_summary()

    def _enter(self) -> None:
        self.error.clear_message()
        if not self.entry.text().strip():
            self.finished.emit()
            return
        cents = self.entry.cents()
        if cents is None or cents <= 0:
            self.error.show_message(self.entry.error() or "Type an amount more than nothing.")
            return
        self.add(cents)
        self.entry.clear()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.list and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Delete):
            self._remove(self.list.currentRow())
            return True
        return super().eventFilter(watched, event)

    def _remove(self, row: int) -> None:
        if row < 0:
            return
        amounts = self.amounts()
        del amounts[row]
        self.list.clear()
        for cents in amounts:
            self.add(cents)
        self._show_summary()

    def _show_summary(self) -> None:
        count = self.list.count()
        noun = self.noun if count == 1 else f"{self.noun}s"
        self.summary.setText(f"{count} {noun} · {format_cents(self.total_cents())}")
        self.changed.emit()
