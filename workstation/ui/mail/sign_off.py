"""Verifier sign-off: the second person named for a closed tray signs in here, on the opener's
screen, and signs its cash list off (two-person mail opening).

The verifier's own password is checked (``auth.sign_in``, on the worker); then
``intake.verify_session`` decides whether this person may sign. A wrong password shows at the
password field, "not the named verifier" at the user name, anything about the tray under the
form. The opener stays signed in: the verifier's session is only this one sign-off.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from workstation import APP_NAME
from workstation.errors import UserError
from workstation.services import auth, intake
from workstation.services.dto import Actor
from workstation.services.intake_dto import CashList
from workstation.services.profile import Profile
from workstation.startup import Backend
from workstation.ui import theme
from workstation.ui.login_dialog import field_row
from workstation.ui.tasks import TaskRunner
from workstation.ui.widgets.buttons import ok_cancel
from workstation.ui.widgets.field_error import FieldError

USER_FIELDS = ("username", "verifier")


class SignOffDialog(QDialog):
    """User name (pre-filled with the named verifier) and password; OK signs the list off."""

    verified = Signal(object, object)  # CashList, the verifier's Actor

    def __init__(self, backend: Backend, tasks: TaskRunner, profile: Profile, session_id: int,
                 session_number: str, verifier: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("signOffDialog")
        self.setWindowTitle(f"Verifier sign-off — {APP_NAME}")
        self.backend, self.tasks, self.profile = backend, tasks, profile
        self.session_id = session_id
        self._busy = False
        intro = QLabel(f"Tray {session_number} is closed. The verifier checks every line of its "
                       "cash list against the checks and money orders, then signs it off here "
                       "with their own password.")
        intro.setWordWrap(True)
        intro.setStyleSheet(f"color: {theme.MUTED_TEXT};")
        self.username_edit = QLineEdit(verifier)
        self.username_edit.setObjectName("verifierUsername")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("verifierPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.username_error = FieldError("verifierUsernameError")
        self.password_error = FieldError("verifierPasswordError")
        self.general_error = FieldError("signOffError")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        field_row(form, "Verifier's &user name", self.username_edit, self.username_error)
        field_row(form, "Verifier's &password", self.password_edit, self.password_error)
        buttons, self.ok_button = ok_cancel("&Sign off the cash list", self.submit, self.reject)
        layout = self.main_layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        (self.password_edit if verifier else self.username_edit).setFocus()

    def submit(self) -> None:
        """Check the verifier's password, then sign off, both on the worker."""
        if self._busy:
            return
        for error in (self.username_error, self.password_error, self.general_error):
            error.clear_message()
        username, password = self.username_edit.text().strip(), self.password_edit.text()
        if not username:
            self._refused(UserError("Type the verifier's user name.", field="username"))
            return
        if not password:
            self._refused(UserError("The verifier types their own password.",
                                    field="password"))
            return
        b, found, session_id = self.backend, self.profile, self.session_id

        def work() -> tuple[CashList, Actor]:
            verifier = auth.sign_in(b.db, b.policy, username, password)
            return intake.verify_session(b.db, found, verifier, session_id), verifier

        self._set_busy(True)
        self.tasks.run(work, self._signed, self._refused,
                       on_finally=lambda: self._set_busy(False), owner=self)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.ok_button.setEnabled(not busy)

    def _signed(self, result: tuple[CashList, Actor]) -> None:
        self.password_edit.clear()
        self.verified.emit(*result)
        self.accept()

    def _refused(self, error: UserError) -> None:
        """At the user name (unknown, not the named verifier), the password (wrong), or under
        the form (the tray is not closed, already verified). The password is typed again."""
        self.password_edit.clear()
        if error.field in USER_FIELDS:
            self.username_error.show_message(error.message)
            self.username_edit.setFocus()
            self.username_edit.selectAll()
        elif error.field == "password":
            self.password_error.show_message(error.message)
            self.password_edit.setFocus()
        else:
            self.general_error.show_message(error.message)
            self.password_edit.setFocus()
        self.fit_height()

    def fit_height(self) -> None:
        """Grow to the refusal's wrapped lines (a window does not follow its layout's
        height-for-width by itself)."""
        layout = self.main_layout
        layout.activate()
        width = self.width()
        self.resize(width, max(layout.heightForWidth(width), self.minimumSizeHint().height()))
