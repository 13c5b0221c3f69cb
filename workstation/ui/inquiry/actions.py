"""The less frequent things done to an inquiry, in one row under its case box: a lead's
Reassign…, Merge into… (the same question asked twice), and Charge fee… for a records request
(the fee line the teller will collect). Each asks in a small prompt (tests patch ``ask``) and
says what was asked for in a signal; the window calls the services."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QWidget

from workstation.domain.inquiry_rules import InquiryRules
from workstation.domain.roles import Role
from workstation.services.inquiry_dto import InquiryDetail
from workstation.ui.inquiry.case import push_button

LEADS = (Role.LEAD, Role.SUPERVISOR)


def ask(parent: QWidget, title: str, prompt: str, default: str = "") -> str | None:
    """One line of text, or None when cancelled (tests patch this)."""
    text, ok = QInputDialog.getText(parent, title, prompt, text=default)
    return text.strip() if ok else None


class ActionsRow(QWidget):
    reassign_requested = Signal(object, str)  # new owner's user name (None: the queue), reason
    merge_requested = Signal(str)  # the keeper's number
    charge_requested = Signal(int)  # quantity

    def __init__(self, rules: InquiryRules, role: Role, parent: QWidget | None = None):
        super().__init__(parent)
        self.rules, self.role = rules, role
        self.detail: InquiryDetail | None = None
        self.reassign_button = push_button("Reassi&gn…", "reassignButton")
        self.reassign_button.setToolTip("Leads: give the inquiry to another clerk, or back to "
                                        "the queue")
        self.reassign_button.clicked.connect(self._reassign)
        self.reassign_button.setVisible(role in LEADS)
        self.merge_button = push_button("Mer&ge into…", "mergeButton")
        self.merge_button.setToolTip("The same requester asked the same thing again: move "
                                     "this inquiry's entries to the other one and close this")
        self.merge_button.clicked.connect(self._merge)
        self.charge_button = push_button("Charge &fee…", "chargeButton")
        self.charge_button.setToolTip("Add the fee of this records request for the teller")
        self.charge_button.clicked.connect(self._charge)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        for button in (self.charge_button, self.merge_button, self.reassign_button):
            row.addWidget(button)

    def show_detail(self, detail: InquiryDetail) -> None:
        self.detail = detail
        open_ = detail.status_kind != "done"
        self.merge_button.setEnabled(open_)
        self.reassign_button.setEnabled(open_)
        category = self.rules.category(detail.category)
        self.charge_button.setVisible(category.fee_code is not None)

    def _reassign(self) -> None:
        who = ask(self, "Reassign", "Give it to (a user name; empty: back to the queue):")
        if who is None:
            return
        reason = ask(self, "Reassign", "Why?")
        if reason:
            self.reassign_requested.emit(who or None, reason)

    def _merge(self) -> None:
        number = ask(self, "Merge into", "The inquiry to keep (its number, e.g. Q0000123):")
        if number:
            self.merge_requested.emit(number)

    def _charge(self) -> None:
        quantity = ask(self, "Charge fee", "How many (copies, pages or certificates)?", "1")
        if quantity is None:
            return
        self.charge_requested.emit(int(quantity) if quantity.isdigit() else 0)
