"""Void one line of a logged envelope, from the envelope window a scan opened.

The clerk says why. A money line also needs a lead's approval: the lead signs in here with
their own user name and password (``auth.sign_in``, on the worker), as the verifier does for
a cash list. Then ``intake.void_line`` decides; its refusals show at their fields (the reason;
the approver: someone else, a lead; the password), anything about the line under the form.
On success the envelope's slip is read again and handed back (``voided``).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation import APP_NAME
from workstation.errors import UserError
from workstation.services import auth, intake
from workstation.services.dto import Actor
from workstation.services.intake_dto import EnvelopeSlip
from workstation.services.profile import Profile
from workstation.startup import Backend
from workstation.ui import theme
from workstation.ui.login_dialog import field_row
from workstation.ui.tasks import TaskRunner
from workstation.ui.widgets.buttons import ok_cancel
from workstation.ui.widgets.field_error import FieldError

APPROVER_FIELDS = ("username", "approver")


@dataclass(frozen=True)
class Voiding:
    """What voiding needs besides the line: who is signed in, and where."""

    backend: Backend
    profile: Profile
    actor: Actor


class LineList(QWidget):
    """An envelope's money or document lines, one a row, each with Void… unless voided."""

    void_requested = Signal(str, int, str)  # line kind, line id, the line in words

    def __init__(self, kind: str, name: str, can_void: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.kind, self.can_void = kind, can_void
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(0, 1)
        self.labels: dict[int, QLabel] = {}
        self.buttons: dict[int, QPushButton] = {}

    def set_lines(self, lines: list[tuple[int, str, bool]], empty: str) -> None:
        """(id, the line in words, voided) each; ``empty`` when there are none."""
        while (item := self.grid.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        self.labels, self.buttons = {}, {}
        for row, (line_id, text, voided) in enumerate(lines or [(0, empty, True)]):
            label = QLabel(f"{text}{' (voided)' if voided and lines else ''}")
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.grid.addWidget(label, row, 0)
            if not lines:
                break
            self.labels[line_id] = label
            if self.can_void and not voided:
                button = self.buttons[line_id] = QPushButton("&Void…")
                button.setObjectName(f"void{self.kind.title()}{line_id}")
                button.setAutoDefault(False)
                button.clicked.connect(lambda _c=False, i=line_id, t=text:
                                       self.void_requested.emit(self.kind, i, t))
                self.grid.addWidget(button, row, 1)

    def text(self) -> str:
        return "\n".join(label.text() for label in self.labels.values()) or (
            self._first_text())

    def _first_text(self) -> str:
        item = self.grid.itemAtPosition(0, 0)
        widget = item.widget() if item is not None else None
        return widget.text() if isinstance(widget, QLabel) else ""


class VoidLineDialog(QDialog):
    voided = Signal(object)  # the envelope's EnvelopeSlip, read again

    def __init__(self, tasks: TaskRunner, voiding: Voiding, control: str, line_kind: str,
                 line_id: int, description: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("voidLineDialog")
        self.setWindowTitle(f"Void a line of {control} — {APP_NAME}")
        self.tasks, self.voiding = tasks, voiding
        self.control, self.line_kind, self.line_id = control, line_kind, line_id
        self.money = line_kind == "remittance"
        self._busy = False
        intro = QLabel(f"Void {description}? The line stays on the envelope, marked voided, "
                       "with the reason." + (" Voiding money needs a lead's approval: the lead "
                                             "signs in here." if self.money else ""))
        intro.setWordWrap(True)
        intro.setStyleSheet(f"color: {theme.MUTED_TEXT};")
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("voidReason")
        self.reason_error = FieldError("voidReasonError")
        self.approver_edit = QLineEdit()
        self.approver_edit.setObjectName("approverUsername")
        self.approver_error = FieldError("approverUsernameError")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("approverPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_error = FieldError("approverPasswordError")
        self.general_error = FieldError("voidError")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        field_row(form, "&Reason", self.reason_edit, self.reason_error)
        if self.money:
            field_row(form, "Approving lead's &user name", self.approver_edit,
                      self.approver_error)
            field_row(form, "Approving lead's &password", self.password_edit,
                      self.password_error)
        else:  # kept (the dialog reads them) but owned and never shown
            for widget in (self.approver_edit, self.approver_error, self.password_edit,
                           self.password_error):
                widget.setParent(self)
                widget.hide()
        buttons, self.ok_button = ok_cancel("&Void the line", self.submit, self.reject)
        layout = self.main_layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        self.reason_edit.setFocus()

    def submit(self) -> None:
        """Sign the approver in (a money line), void, read the slip again: on the worker."""
        if self._busy:
            return
        for error in (self.reason_error, self.approver_error, self.password_error,
                      self.general_error):
            error.clear_message()
        reason = self.reason_edit.text().strip()
        username, password = self.approver_edit.text().strip(), self.password_edit.text()
        if not reason:
            self._refused(UserError("Say why the line is voided.", field="reason"))
            return
        if self.money and not username:
            self._refused(UserError("Type the approving lead's user name.", field="approver"))
            return
        if self.money and not password:
            self._refused(UserError("The lead types their own password.", field="password"))
            return
        v, control, kind, line_id, money = (self.voiding, self.control, self.line_kind,
                                            self.line_id, self.money)

        def work() -> EnvelopeSlip:
            b = v.backend
            approver = auth.sign_in(b.db, b.policy, username, password) if money else None
            intake.void_line(b.db, v.actor, control, kind, line_id, reason, approver)
            return intake.envelope_slip(b.db, v.profile, v.actor, control)

        self._set_busy(True)
        self.tasks.run(work, self._voided, self._refused,
                       on_finally=lambda: self._set_busy(False), owner=self)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.ok_button.setEnabled(not busy)

    def _voided(self, slip: EnvelopeSlip) -> None:
        self.password_edit.clear()
        self.voided.emit(slip)
        self.accept()

    def _refused(self, error: UserError) -> None:
        """At its field; the password is typed again."""
        self.password_edit.clear()
        if error.field == "reason":
            self.reason_error.show_message(error.message)
            self.reason_edit.setFocus()
        elif error.field in APPROVER_FIELDS and self.money:
            self.approver_error.show_message(error.message)
            self.approver_edit.setFocus()
            self.approver_edit.selectAll()
        elif error.field == "password" and self.money:
            self.password_error.show_message(error.message)
            self.password_edit.setFocus()
        else:
            self.general_error.show_message(error.message)
        self.fit_height()

    def fit_height(self) -> None:
        layout = self.main_layout
        layout.activate()
        width = self.width()
        self.resize(width, max(layout.heightForWidth(width), self.minimumSizeHint().height()))
