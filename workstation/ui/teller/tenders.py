"""How the customer pays, on the receipt form: cash, any number of checks or money orders, and
one card.

A check is typed on one row (number, who it is from, bank, amount) and Enter adds it to the list
under it; Delete in the list takes one out. A check logged in Mail Sort comes in through Apply
mail with its remittance id and is applied, not typed again. The card keeps only what the office
may keep: the brand, the last 4 digits (the field takes 4 digits and no more, and refuses a
pasted card number whole rather than keep its first four), the authorization code and the
terminal's reference. ``inputs()`` gives the tenders in the order the service numbers them, so
its refusal ("tender.2.card_last4") comes back to the right field.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QWidget

from workstation.domain.money import format_cents
from workstation.services.profile import Profile
from workstation.services.teller_dto import TenderInput
from workstation.services.teller_read import MailCheck
from workstation.ui.inquiry.case import push_button
from workstation.ui.teller.fields import line_edit, money_edit, row_table
from workstation.ui.teller.keys import on_enter
from workstation.ui.teller.models import ChecksModel, FormCheck
from workstation.ui.widgets.field_error import FieldError

CARD_FIELDS = ("card_brand", "card_last4", "auth_code", "terminal_ref", "amount")
Slot = tuple[str, int]  # a tender as the form holds it: ("cash" | "check" | "card", row)


class PaymentBox(QGroupBox):
    """Cash, checks and a card; ``changed`` whenever what is tendered may have changed."""

    changed = Signal()

    def __init__(self, profile: Profile, parent: QWidget | None = None):
        super().__init__("Payment", parent)
        self.setObjectName("paymentBox")
        grid = QGridLayout(self)
        grid.setVerticalSpacing(4)
        self.cash_edit = money_edit("cashAmount", "Cash amount")
        self.cash_error = FieldError("cashError")
        cash_label = QLabel("C&ash")
        cash_label.setBuddy(self.cash_edit)
        grid.addWidget(cash_label, 0, 0)
        grid.addWidget(self.cash_edit, 0, 1, Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(self.cash_error, 1, 1)
        checks_label = QLabel("Chec&ks")
        grid.addWidget(checks_label, 2, 0)
        grid.addLayout(self._build_check_entry(), 2, 1)
        checks_label.setBuddy(self.check_number)
        self.checks_model = ChecksModel(self)
        self.checks_table = row_table(self.checks_model, "checksTable", 2)
        self.checks_table.installEventFilter(self)
        self.checks_error = FieldError("checksError")
        grid.addWidget(self.checks_error, 3, 1)
        grid.addWidget(self.checks_table, 4, 1)
        card_label = QLabel("Car&d")
        grid.addWidget(card_label, 5, 0)
        grid.addLayout(self._build_card(profile), 5, 1)
        card_label.setBuddy(self.card_brand)
        self.card_error = FieldError("cardError")
        grid.addWidget(self.card_error, 6, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(4, 1)
        for edit in (self.cash_edit, self.card_amount):
            edit.centsChanged.connect(lambda _cents: self.changed.emit())

    def _build_check_entry(self) -> QHBoxLayout:
        self.check_kind = QComboBox()
        self.check_kind.setObjectName("checkKind")
        self.check_kind.setAccessibleName("Check or money order")
        self.check_kind.addItem("Check", "check")
        self.check_kind.addItem("Money order", "money_order")
        self.check_number = line_edit("checkNumber", "Number", 10)
        self.check_payer = line_edit("checkPayer", "From (payer)")
        self.check_bank = line_edit("checkBank", "Bank", 14)
        self.check_amount = money_edit("checkAmount", "Check amount")
        on_enter(self.check_amount, self.add_check_from_entry)
        self.add_check_button = push_button("Add check (Enter)", "addCheck")
        self.add_check_button.clicked.connect(self.add_check_from_entry)
        row = QHBoxLayout()
        for widget in (self.check_kind, self.check_number, self.check_payer, self.check_bank,
                       self.check_amount, self.add_check_button):
            row.addWidget(widget, 1 if widget is self.check_payer else 0)
        return row

    def _build_card(self, profile: Profile) -> QHBoxLayout:
        self.card_brand = QComboBox()
        self.card_brand.setObjectName("cardBrand")
        self.card_brand.setAccessibleName("Card brand")
        self.card_brand.addItem("Brand…", "")
        for brand in profile.teller.card_brands:
            self.card_brand.addItem(brand, brand)
        self.card_last4 = line_edit("cardLast4", "Last 4", 8)
        # The last 4 digits and never one more. No maxLength: it would cut a pasted card
        # number to its first four (the issuer's, not the last 4); the validator refuses it.
        self.card_last4.setValidator(QRegularExpressionValidator(
            QRegularExpression("[0-9]{0,4}"), self.card_last4))
        self.card_auth = line_edit("cardAuth", "Auth code", 12)
        self.card_auth.setMaxLength(12)
        self.card_ref = line_edit("cardTerminalRef", "Terminal reference")
        self.card_amount = money_edit("cardAmount", "Card amount")
        row = QHBoxLayout()
        for widget in (self.card_brand, self.card_last4, self.card_auth, self.card_ref,
                       self.card_amount):
            row.addWidget(widget, 1 if widget is self.card_ref else 0)
        return row

    # ------------------------------------------------------------------ checks

    def add_check_from_entry(self) -> None:
        """Enter in the check's amount: the check onto the list, the row empty for the next."""
        self.checks_error.clear_message()
        number, payer = self.check_number.text().strip(), self.check_payer.text().strip()
        cents = self.check_amount.cents()
        if cents is None or cents <= 0:
            self.checks_error.show_message(self.check_amount.error() or "Type the amount.")
            self.check_amount.setFocus()
            return
        if not number or not payer:
            self.checks_error.show_message("Type the check's number and who it is from.")
            (self.check_payer if number else self.check_number).setFocus()
            return
        self.add_check(FormCheck(self.check_kind.currentData(), cents, number, payer,
                                 self.check_bank.text().strip()))
        for edit in (self.check_number, self.check_payer, self.check_bank, self.check_amount):
            edit.clear()
        self.check_number.setFocus()

    def add_check(self, check: FormCheck) -> None:
        self.checks_model.set_rows([*self.checks_model.rows, check])
        self.changed.emit()

    def apply_mail_checks(self, checks: tuple[MailCheck, ...]) -> int:
        """An envelope's logged checks not applied yet (nor on this receipt); how many."""
        on_form = {c.remittance_id for c in self.checks_model.rows}
        fresh = [c for c in checks if c.applied_on is None and c.remittance_id not in on_form]
        for check in fresh:
            self.add_check(FormCheck(check.instrument, check.amount_cents, check.check_number,
                                     check.payer, "", check.remittance_id))
        return len(fresh)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.checks_table and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Delete):
            row = self.checks_table.currentIndex().row()
            rows = list(self.checks_model.rows)
            if 0 <= row < len(rows):
                del rows[row]
                self.checks_model.set_rows(rows)
                self.checks_table.selectRow(min(row, len(rows) - 1))
                self.changed.emit()
            return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ the tenders

    def cash_cents(self) -> int:
        return self.cash_edit.cents() or 0

    def tendered_cents(self) -> int:
        return (self.cash_cents() + sum(c.amount_cents for c in self.checks_model.rows)
                + (self.card_amount.cents() or 0))

    def _card_typed(self) -> bool:
        return bool(self.card_brand.currentData() or self.card_last4.text()
                    or self.card_auth.text().strip() or self.card_ref.text().strip()
                    or self.card_amount.text().strip())

    def inputs(self) -> tuple[tuple[TenderInput, ...], list[Slot]]:
        """The tenders as the service takes them, and which field each came from."""
        tenders: list[TenderInput] = []
        slots: list[Slot] = []
        if self.cash_edit.text().strip():
            tenders.append(TenderInput("cash", self.cash_edit.text()))
            slots.append(("cash", 0))
        for n, check in enumerate(self.checks_model.rows):
            tenders.append(TenderInput(check.tender, format_cents(check.amount_cents, symbol=""),
                                       check.number, check.payer, check.bank,
                                       check.remittance_id))
            slots.append(("check", n))
        if self._card_typed():
            tenders.append(TenderInput(
                "card", self.card_amount.text(), card_brand=self.card_brand.currentData(),
                card_last4=self.card_last4.text(), auth_code=self.card_auth.text().strip(),
                terminal_ref=self.card_ref.text().strip()))
            slots.append(("card", 0))
        return tuple(tenders), slots

    def refuse(self, slot: Slot, part: str, message: str) -> None:
        """A tender's refusal at its field: the cash, the check's row, the card's field."""
        kind, row = slot
        if kind == "cash":
            self.cash_error.show_message(message)
            self.cash_edit.setFocus()
        elif kind == "check":
            self.checks_error.show_message(f"Check {row + 1}: {message}")
            self.checks_table.selectRow(row)
            self.checks_table.setFocus()
        else:
            self.card_error.show_message(message)
            widgets = dict(zip(CARD_FIELDS, (self.card_brand, self.card_last4, self.card_auth,
                                             self.card_ref, self.card_amount), strict=True))
            widgets.get(part, self.card_brand).setFocus()

    def clear_errors(self) -> None:
        for error in (self.cash_error, self.checks_error, self.card_error):
            error.clear_message()

    def clear(self) -> None:
        self.clear_errors()
        for edit in (self.cash_edit, self.check_number, self.check_payer, self.check_bank,
                     self.check_amount, self.card_last4, self.card_auth, self.card_ref,
                     self.card_amount):
            edit.clear()
        for combo in (self.check_kind, self.card_brand):
            combo.setCurrentIndex(0)
        self.checks_model.set_rows([])
        self.changed.emit()
