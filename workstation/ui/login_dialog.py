"""The sign-in dialog: who is at the counter. Returns the signed-in ``Actor``.

The password check runs on the database worker (Argon2 takes a noticeable fraction of a
second on purpose), so the dialog stays responsive and cannot be signed in twice at once.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation import APP_NAME
from workstation.errors import UserError
from workstation.services import auth, demo, users
from workstation.services.dto import Actor
from workstation.startup import Backend
from workstation.ui import theme
from workstation.ui.tasks import TaskRunner
from workstation.ui.widgets.field_error import FieldError

SETUP_HINT = ("This database has no administrator yet. IT creates the first account with: "
              "workstation user add NAME --name \"Full Name\" --role admin")


def demo_users_line() -> str:
    """The demo accounts and their passwords, for the help line of a demo database only."""
    people = " · ".join(f"{u.username}: {u.password}" for u in demo.DEMO_USERS)
    return f"Demo users — {people}"


def field_row(form: QFormLayout, text: str, edit: QLineEdit, error: FieldError) -> None:
    """A labelled field with its error line underneath; the label's mnemonic focuses the field."""
    label = QLabel(text)
    label.setBuddy(edit)
    edit.setAccessibleName(label.text().replace("&", ""))
    column = QVBoxLayout()
    column.setSpacing(2)
    column.addWidget(edit)
    column.addWidget(error)
    form.addRow(label, column)


class LoginDialog(QDialog):
    """``exec()`` returns Accepted with ``self.actor`` set, or Rejected when the clerk quits."""

    def __init__(self, backend: Backend, tasks: TaskRunner, parent: QWidget | None = None, *,
                 username: str = ""):
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.setWindowTitle(f"Sign in — {APP_NAME}")
        self.setWindowIcon(theme.icon("app"))
        self.backend = backend
        self.tasks = tasks
        self.actor: Actor | None = None
        self._signing_in = False

        self.username_edit = QLineEdit(username)
        self.username_edit.setObjectName("username")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.username_error = FieldError("usernameError")
        self.password_error = FieldError("passwordError")
        form = QFormLayout()
        field_row(form, "&User name", self.username_edit, self.username_error)
        field_row(form, "&Password", self.password_edit, self.password_error)

        buttons = QDialogButtonBox()
        self.sign_in_button = QPushButton("&Sign in")
        self.sign_in_button.setObjectName("signIn")
        self.sign_in_button.setDefault(True)
        self.quit_button = QPushButton("&Quit")
        self.quit_button.setObjectName("quit")
        # Never the default: while Sign in is disabled for the check, focus passes to Quit, and an
        # auto-default Quit would turn the next Enter into "quit" instead of "sign in".
        self.quit_button.setAutoDefault(False)
        buttons.addButton(self.sign_in_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)

        self.help_label = QLabel(f"Database: {backend.db.target.describe()}")
        self.help_label.setObjectName("loginHelp")
        self.help_label.setWordWrap(True)
        self.help_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.help_label.setStyleSheet(f"color: {theme.MUTED_TEXT};")

        layout = self.main_layout = QVBoxLayout(self)
        layout.addLayout(self._header())
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addLayout(form)
        layout.addWidget(buttons)
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addWidget(self.help_label)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        self.fit_height()
        (self.password_edit if username else self.username_edit).setFocus()
        self._ask_if_demo()

    def _header(self) -> QHBoxLayout:
        side = self.fontMetrics().height() * 3
        icon = QLabel()
        icon.setPixmap(theme.icon("app").pixmap(side, side))
        title = QLabel(f"<b>{html.escape(APP_NAME)}</b><br>Sign in to work at "
                       f"{html.escape(self.backend.settings.workstation)}.")
        title.setTextFormat(Qt.TextFormat.RichText)
        row = QHBoxLayout()
        row.addWidget(icon)
        row.addWidget(title, 1)
        return row

    def _ask_if_demo(self) -> None:
        db = self.backend.db
        self.tasks.run(lambda: demo.demo_database(db), self._show_demo_users, owner=self)
        self.tasks.run(lambda: users.setup_needed(db), self._show_setup_hint, owner=self)

    def _show_setup_hint(self, needed: bool) -> None:
        if needed:
            self.help_label.setText(f"{self.help_label.text()}\n{SETUP_HINT}")
            self.fit_height()

    def _show_demo_users(self, is_demo: bool) -> None:
        if is_demo:
            self.help_label.setText(f"{self.help_label.text()}\n{demo_users_line()}")
            self.fit_height()

    def fit_height(self) -> None:
        """Grow or shrink to the wrapped help text at the current width, leaving no gaps.

        (A top-level window does not follow its layout's height-for-width by itself.)
        """
        layout = self.main_layout
        layout.activate()
        width = self.width() if self.isVisible() else max(self.minimumWidth(),
                                                          self.sizeHint().width())
        self.resize(width, max(layout.heightForWidth(width), self.minimumSizeHint().height()))

    def submit(self) -> None:
        """Check the name and password on the worker; the answer comes back to this dialog."""
        if self._signing_in:
            return
        username = self.username_edit.text().strip()
        password = self.password_edit.text()
        self.username_error.clear_message()
        self.password_error.clear_message()
        if not username:
            self._refuse(UserError("Enter your user name.", field="username"))
            return
        if not password:
            self._refuse(UserError("Enter your password.", field="password"))
            return
        self._set_signing_in(True)
        b = self.backend
        self.tasks.run(lambda: auth.sign_in(b.db, b.policy, username, password),
                       self._signed_in, self._refuse,
                       on_finally=lambda: self._set_signing_in(False), owner=self)

    def _signed_in(self, actor: Actor) -> None:
        self.actor = actor
        self.password_edit.clear()
        self.accept()

    def _refuse(self, error: UserError) -> None:
        """Show the refusal under its field; keep the user name, clear and focus the password."""
        label = self.username_error if error.field == "username" else self.password_error
        label.show_message(error.message)
        self.fit_height()  # room for the message: never squeeze the fields to make it
        self.password_edit.clear()
        if not self.username_edit.text().strip():
            self.username_edit.setFocus()
        else:
            self.password_edit.setFocus()

    def _set_signing_in(self, busy: bool) -> None:
        self._signing_in = busy
        for widget in (self.username_edit, self.password_edit, self.sign_in_button):
            widget.setEnabled(not busy)
        if not busy:
            self.sign_in_button.setDefault(True)
        if not busy and not self.password_edit.text():
            self.password_edit.setFocus()

    def reject(self) -> None:
        # Quitting while the answer is on its way would let it sign someone in behind our back.
        if not self._signing_in:
            super().reject()
