"""The envelope's remittance and document lines: one grid per kind, a heading row, a line per
check or document, and under each line the refusals of its fields.

A line nobody typed in is not logged (the form starts with one of each, so an envelope without
money or without documents costs no keystrokes). Each line's fields are in reading order; the
form chains them into its tab order.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)

from workstation.domain.filing_types import FilingCatalogue
from workstation.services.intake_rules import DocumentInput, RemittanceInput
from workstation.ui import theme
from workstation.ui.mail.fields import FilingTypeEdit, SpeedCombo
from workstation.ui.widgets.field_error import FieldError
from workstation.ui.widgets.money_edit import MoneyEdit

INSTRUMENTS = (("check", "Check"), ("money_order", "Money order"), ("cash", "Cash"))
Column = tuple[str, str, int, int]  # field key, heading, stretch, narrowest (characters)


class Line(QObject):
    """One line's widgets (in reading order), keyed by the service's field names."""

    remove_requested = Signal(object)
    COLUMNS: tuple[Column, ...] = ()
    is_blank: Callable[[], bool]  # nothing typed on the line: each kind of line's own method
    KIND = ""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self._host = parent
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, FieldError] = {}
        self.remove_button = QToolButton(parent)
        self.remove_button.setText("✕")
        self.remove_button.setAutoRaise(True)
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Ctrl+Shift+Del by keyboard
        self.remove_button.setToolTip(f"Remove this {self.KIND} line (Ctrl+Shift+Del)")
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))

    def _add(self, key: str, widget: QWidget) -> None:
        self.fields[key] = widget
        chars = next(c for k, _, _, c in self.COLUMNS if k == key)
        if chars:  # narrower than this, what is typed can no longer be read
            widget.setMinimumWidth(widget.fontMetrics().averageCharWidth() * chars)
        self.errors[key] = FieldError(f"{self.KIND}_{key}Error", self._host)

    def number(self, ordinal: int) -> None:
        """Accessible names say which line a field is on ("Remittance 2 amount")."""
        for key, heading, _, _ in self.COLUMNS:
            self.fields[key].setAccessibleName(f"{self.KIND.capitalize()} {ordinal} {heading}")

    def focus_widgets(self) -> list[QWidget]:
        return [w for w in self.fields.values() if w.isEnabled()]

    def widgets(self) -> list[QWidget]:
        return [*self.fields.values(), self.remove_button, *self.errors.values()]

    def place(self, grid: QGridLayout, row: int) -> int:
        """Put the line at ``row``; returns the next free row. Each error starts under its
        field and runs to the right edge (hidden rows take no room)."""
        last = len(self.COLUMNS)
        for col, (key, _, _, _) in enumerate(self.COLUMNS):
            grid.addWidget(self.fields[key], row, col)
        grid.addWidget(self.remove_button, row, last)
        for widget in (*self.fields.values(), self.remove_button):
            widget.show()  # not left to the layout's queued show: Tab must reach it at once
        row += 1
        for col, (key, _, _, _) in enumerate(self.COLUMNS):
            grid.addWidget(self.errors[key], row, col, 1, last - col + 1)
            row += 1
        return row

    def clear_errors(self) -> None:
        for error in self.errors.values():
            error.clear_message()

    def dispose(self) -> None:
        for widget in self.widgets():
            widget.hide()
            widget.deleteLater()
        self.deleteLater()


class RemittanceLine(Line):
    KIND = "remittance"
    COLUMNS = (("instrument", "Instrument", 2, 0), ("check_number", "Check no.", 2, 7),
               ("payer", "Payer", 4, 12), ("bank", "Bank", 3, 8), ("amount", "Amount", 2, 9),
               ("payable_to_ok", "Payable", 0, 0), ("endorsed", "Endorsed", 0, 0))

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.instrument = QComboBox(parent)
        for code, label in INSTRUMENTS:
            self.instrument.addItem(label, code)
        self.check_number = QLineEdit(parent)
        self.payer = QLineEdit(parent)
        self.bank = QLineEdit(parent)
        self.amount = MoneyEdit(parent)
        # No text of their own: the column heading says what they are.
        self.payable_to_ok = QCheckBox(parent)
        self.payable_to_ok.setToolTip("Payable to the Secretary of State as made out")
        self.endorsed = QCheckBox(parent)
        self.endorsed.setToolTip("Signed by the drawer")
        for box in (self.payable_to_ok, self.endorsed):
            box.setChecked(True)
        for key, _, _, _ in self.COLUMNS:
            self._add(key, getattr(self, key))
        self.amount.refused.connect(self.errors["amount"].show_message)
        self.instrument.currentIndexChanged.connect(self._instrument_changed)
        self.set_customer("")

    def set_customer(self, name: str) -> None:
        """A blank payer is the customer: shown as the field's placeholder."""
        self._customer = name.strip()
        self.payer.setPlaceholderText(self._customer or "Same as the customer")

    def _instrument_changed(self) -> None:
        paper = self.instrument.currentData() != "cash"
        for widget in (self.check_number, self.payable_to_ok, self.endorsed):
            widget.setEnabled(paper)

    def is_blank(self) -> bool:
        return not any(w.text().strip() for w in (self.check_number, self.payer, self.bank,
                                                   self.amount))

    def value(self) -> RemittanceInput:
        paper = self.instrument.currentData() != "cash"
        return RemittanceInput(
            amount=self.amount.text(), payer=self.payer.text().strip() or self._customer,
            instrument=str(self.instrument.currentData()),
            check_number=self.check_number.text() if paper else "",
            bank=self.bank.text(), payable_to_ok=self.payable_to_ok.isChecked() or not paper,
            endorsed=self.endorsed.isChecked() or not paper)


class DocumentLine(Line):
    KIND = "document"
    COLUMNS = (("filing_type", "Filing type", 6, 24), ("entity", "Entity", 3, 14),
               ("pages", "Pages", 1, 4), ("requested_level", "Speed", 2, 0))

    def __init__(self, parent: QWidget, catalogue: FilingCatalogue):
        super().__init__(parent)
        self._catalogue = catalogue
        self.filing_type = FilingTypeEdit(catalogue, parent)
        self.entity = QLineEdit(parent)
        self.entity.setPlaceholderText("Charter no. or name")
        self.pages = QLineEdit("1", parent)
        self.requested_level = SpeedCombo(parent)
        for key, _, _, _ in self.COLUMNS:
            self._add(key, getattr(self, key))
        self.note = QLabel(parent)  # what the type resolved to, and the balance's note on it
        self.note.setObjectName("documentNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {theme.MUTED_TEXT};")
        self.note.hide()

    def widgets(self) -> list[QWidget]:
        return [*super().widgets(), self.note]

    def place(self, grid: QGridLayout, row: int) -> int:
        row = super().place(grid, row)
        grid.addWidget(self.note, row, 0, 1, len(self.COLUMNS) + 1)
        return row + 1

    def set_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def is_blank(self) -> bool:
        return (not self.filing_type.text().strip() and not self.entity.text().strip()
                and self.pages.text().strip() in ("", "1")
                and self.requested_level.code() == "regular")

    def value(self) -> DocumentInput:
        return DocumentInput(filing_type=self.filing_type.text(), pages=self.pages.text(),
                             requested_level=self.requested_level.code(),
                             entity=self.entity.text())


class LineSection(QWidget):
    """The lines of one kind under a heading row, in one grid so their columns line up."""

    lines_changed = Signal()  # a line added or removed: the form redoes its tab order

    def __init__(self, name: str, columns: tuple[Column, ...],
                 factory: Callable[[QWidget], Line], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self._factory = factory
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setVerticalSpacing(2)
        self.headings = []
        for col, (_, heading, stretch, _) in enumerate(columns):
            label = QLabel(heading, self)
            label.setStyleSheet(f"color: {theme.MUTED_TEXT};")
            self.headings.append(label)
            self.grid.setColumnStretch(col, stretch)
        self.lines: list[Line] = []
        self.add_line()

    def add_line(self) -> Line:
        line = self._factory(self)
        line.remove_requested.connect(self.remove_line)
        self.lines.append(line)
        self._relayout()
        return line

    def remove_line(self, line: Line) -> None:
        """Take a line away; the last one left is emptied instead (there is always one)."""
        if line not in self.lines:
            return
        self.lines.remove(line)
        line.dispose()
        if not self.lines:
            self.lines.append(self._factory(self))
            self.lines[0].remove_requested.connect(self.remove_line)
        self._relayout()

    def reset(self) -> None:
        """One empty line (the next envelope)."""
        for line in self.lines:
            line.dispose()
        self.lines = []
        self.add_line()

    def line_of(self, widget: QWidget | None) -> Line | None:
        return next((line for line in self.lines if widget in line.fields.values()), None)

    def _relayout(self) -> None:
        while self.grid.count():
            self.grid.takeAt(0)
        for col, label in enumerate(self.headings):
            self.grid.addWidget(label, 0, col)
        row = 1
        for ordinal, line in enumerate(self.lines, 1):
            line.number(ordinal)
            row = line.place(self.grid, row)
        self.lines_changed.emit()
