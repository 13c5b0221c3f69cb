"""The Teller Drawer's dialogs where a lead signs on the clerk's screen: voiding a receipt (a
reason from the profile, a note, the approving lead) and dropping cash to the safe (counted by
denomination, the witnessing lead). The lead types their own user name and password; they are
signed in on the worker (``auth.sign_in``) and handed to the service, which decides who may
approve. Each refusal shows at its field (the approver, the password, the reason, the count),
the password is typed again, and the dialog stays open until the service has said yes.

The small prompts (an envelope's control number, a rejection's note, "close the day?") are
module-level functions the tests patch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from workstation import APP_NAME
from workstation.domain.money import format_cents
from workstation.errors import UserError
from workstation.services import auth, teller, teller_voids
from workstation.services.dto import Actor
from workstation.services.teller_dto import ReceiptView
from workstation.ui import theme
from workstation.ui.desk import Desk
from workstation.ui.login_dialog import field_row
from workstation.ui.teller.count import CountWidget
from workstation.ui.widgets.buttons import ok_cancel
from workstation.ui.widgets.field_error import FieldError

APPROVER_FIELDS = ("approver", "username")


class ApprovedDialog(QDialog):
    """A form a lead approves by signing in on it; subclasses add their fields and work."""

    approved = Signal(object)  # what the service returned
    WHO = "Approving lead"
    # Each kind's own: read the fields now (GUI thread); the callable runs on the worker.
    work: Callable[[Actor], Callable[[], Any]]

    def __init__(self, desk: Desk, title: str, intro: str, ok_text: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"{title} — {APP_NAME}")
        self.desk = desk
        self._busy = False
        about = QLabel(intro)
        about.setWordWrap(True)
        about.setStyleSheet(f"color: {theme.MUTED_TEXT};")
        self.approver_edit = QLineEdit()
        self.approver_edit.setObjectName("approverUsername")
        self.approver_error = FieldError("approverError")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("approverPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_error = FieldError("approverPasswordError")
        self.general_error = FieldError("dialogError")
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.build(self.form)
        field_row(self.form, f"{self.WHO}'s &user name", self.approver_edit, self.approver_error)
        field_row(self.form, f"{self.WHO}'s pass&word", self.password_edit, self.password_error)
        buttons, self.ok_button = ok_cancel(ok_text, self.submit, self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        save = QAction(self)
        save.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        save.triggered.connect(self.submit)
        self.addAction(save)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 76)

    def build(self, form: QFormLayout) -> None:
        """The dialog's own fields, above the approver's."""

    def check(self) -> UserError | None:
        """What the dialog refuses before asking anyone (a field left empty)."""
        return None

    def refuse_own(self, error: UserError) -> bool:
        """Show a refusal at one of the dialog's own fields; False if it has none for it."""
        return False

    def submit(self) -> None:
        if self._busy:
            return
        for error in self.findChildren(FieldError):
            error.clear_message()
        username, password = self.approver_edit.text().strip(), self.password_edit.text()
        refusal = self.check()
        if refusal is None and not username:
            refusal = UserError(f"Type the {self.WHO.lower()}'s user name.", field="approver")
        if refusal is None and not password:
            refusal = UserError("The lead types their own password.", field="password")
        if refusal is not None:
            self._refused(refusal)
            return
        b = self.desk.backend
        job = self.work  # the subclass reads its fields now, on the GUI thread

        def run() -> Any:
            approver = auth.sign_in(b.db, b.policy, username, password)
            return job(approver)()

        self._set_busy(True)
        self.desk.tasks.run(run, self._done, self._refused,
                            on_finally=lambda: self._set_busy(False), owner=self)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.ok_button.setEnabled(not busy)

    def _done(self, result: object) -> None:
        self.password_edit.clear()
        self.approved.emit(result)
        self.accept()

    def _refused(self, error: UserError) -> None:
        self.password_edit.clear()
        if error.field in APPROVER_FIELDS:
            self.approver_error.show_message(error.message)
            self.approver_edit.setFocus()
            self.approver_edit.selectAll()
        elif error.field == "password":
            self.password_error.show_message(error.message)
            self.password_edit.setFocus()
        elif not self.refuse_own(error):
            self.general_error.show_message(error.message)


class VoidDialog(ApprovedDialog):
    """Ctrl+Shift+V: a reversing receipt for the one selected, with a reason and a lead."""

    def __init__(self, desk: Desk, receipt: ReceiptView, parent: QWidget | None = None):
        super().__init__(
            desk, f"Void {receipt.number}",
            f"Void receipt {receipt.number} ({receipt.customer_name}, "
            f"{format_cents(receipt.total_cents)})? Nothing posted is changed: a reversing "
            "receipt hands the money back. A lead who neither took the money nor voids it "
            "approves, signing in here.", "&Void the receipt", parent)
        self.setObjectName("voidReceiptDialog")
        self.receipt = receipt
        self.reason_combo.setFocus()

    def build(self, form: QFormLayout) -> None:
        self.reason_combo = QComboBox()
        self.reason_combo.setObjectName("voidReason")
        self.reason_combo.addItem("Pick a reason…", "")
        for reason in self.desk.profile.teller.void_reasons:
            self.reason_combo.addItem(f"{reason.code} — {reason.label}", reason.code)
        self.reason_error = FieldError("voidReasonError")
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("voidNote")
        self.note_error = FieldError("voidNoteError")
        label = QLabel("&Reason")
        label.setBuddy(self.reason_combo)
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(self.reason_combo)
        column.addWidget(self.reason_error)
        form.addRow(label, column)
        field_row(form, "&Note", self.note_edit, self.note_error)

    def check(self) -> UserError | None:
        if not self.reason_combo.currentData():
            return UserError("Pick a reason for the void.", field="reason")
        return None

    def work(self, approver: Actor) -> Callable[[], ReceiptView]:
        d, number = self.desk, self.receipt.number
        code, note = str(self.reason_combo.currentData()), self.note_edit.text()
        return lambda: teller_voids.void_receipt(d.backend.db, d.profile, d.actor, number, code,
                                                 note, approver)

    def refuse_own(self, error: UserError) -> bool:
        if error.field == "reason":
            self.reason_error.show_message(error.message)
            self.reason_combo.setFocus()
            return True
        if error.field == "note":
            self.note_error.show_message(error.message)
            self.note_edit.setFocus()
            return True
        return False


class DropDialog(ApprovedDialog):
    """Ctrl+Shift+D: cash to the safe, counted by denomination, a lead witnessing."""

    WHO = "Witness (lead)"

    def __init__(self, desk: Desk, parent: QWidget | None = None):
        super().__init__(
            desk, "Drop cash to the safe",
            "Count the cash going to the safe by denomination. A lead witnesses the count and "
            "signs in here.", "&Drop to the safe", parent)
        self.setObjectName("dropDialog")
        self.count.focus_first()

    def build(self, form: QFormLayout) -> None:
        self.count = CountWidget(self.desk.profile.teller.denominations, "dropCount")
        self.count_error = FieldError("dropCountError")
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("dropReason")
        self.reason_edit.setPlaceholderText("Why (optional): too much cash in the drawer")
        self.reason_error = FieldError("dropReasonError")
        self.count.finished.connect(self.reason_edit.setFocus)
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(self.count)
        column.addWidget(self.count_error)
        form.addRow("Cash counted", column)
        field_row(form, "&Reason", self.reason_edit, self.reason_error)

    def check(self) -> UserError | None:
        if not self.count.total_cents():
            return UserError("Count the cash being dropped.", field="count")
        return None

    def work(self, approver: Actor) -> Callable[[], int]:
        d, count, reason = self.desk, self.count.value(), self.reason_edit.text()
        cents = self.count.total_cents()

        def drop() -> int:
            teller.drop(d.backend.db, d.profile, d.actor, count, approver, reason)
            return cents

        return drop

    def refuse_own(self, error: UserError) -> bool:
        if error.field == "count":
            self.count_error.show_message(error.message)
            self.count.focus_first()
            return True
        if error.field == "reason":
            self.reason_error.show_message(error.message)
            self.reason_edit.setFocus()
            return True
        return False


# ---------------------------------------------------------------------- prompts (tests patch)

def ask_control(parent: QWidget) -> str | None:
    """Apply mail…: the envelope's control number (its slip, typed or scanned)."""
    text, ok = QInputDialog.getText(parent, f"Apply mail — {APP_NAME}",
                                    "Envelope control number:")
    return text.strip() if ok and text.strip() else None


def ask_reject_note(parent: QWidget, drawer: str) -> str | None:
    text, ok = QInputDialog.getText(parent, f"Reject the count of {drawer} — {APP_NAME}",
                                    "Why is the count rejected? (the clerk counts again)")
    return text.strip() if ok else None


def confirm_close_day(parent: QWidget, day: str) -> bool:
    answer = QMessageBox.question(
        parent, f"Close the day — {APP_NAME}",
        f"Close {day}? Every drawer must be closed and signed off; the deposit is prepared.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
