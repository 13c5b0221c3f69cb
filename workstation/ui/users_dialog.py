"""Session > Users: the office's accounts, and (for administrators) adding, disabling, enabling
and resetting them.

The services decide who may do what (``resources/permissions.toml``); the dialog only greys out
what the matrix says the signed-in role may not do, and shows every refusal the service sends
back: at its field when it is about something typed in a form, otherwise in the red line under
the table. Every service call runs on the database worker, and every change reloads the list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation import APP_NAME, resources
from workstation.domain.roles import Role
from workstation.errors import UserError
from workstation.services import users
from workstation.services.dto import Actor, UserInfo
from workstation.startup import Backend
from workstation.ui import theme
from workstation.ui.tasks import TaskRunner
from workstation.ui.widgets.field_error import FieldError

NO_DATE = "—"
ROOT = QModelIndex()  # the invisible root: a table's rows have no parent
STAMP = "%Y-%m-%d %H:%M"


def local_time(stamp: datetime, fmt: str = STAMP) -> str:
    """A UTC timestamp from the database in this workstation's local time."""
    return stamp.astimezone().strftime(fmt)


def state_text(user: UserInfo, now: datetime) -> str:
    if not user.active:
        return "Disabled"
    if user.locked_until is not None and user.locked_until > now:
        return f"Locked until {local_time(user.locked_until, '%H:%M')}"
    return "Active"


def fit_height(dialog: QDialog, layout: QVBoxLayout) -> None:
    """Grow or shrink to the layout at the current width, so a shown error line gets its own
    room instead of squeezing the fields (a top-level window does not do this by itself)."""
    layout.activate()
    width = dialog.width() if dialog.isVisible() else max(dialog.minimumWidth(),
                                                          dialog.sizeHint().width())
    dialog.resize(width, max(layout.heightForWidth(width), dialog.minimumSizeHint().height()))


class UserTableModel(QAbstractTableModel):
    """The account list as read from ``users.list_users``: one row per ``UserInfo``."""

    COLUMNS = ("User", "Name", "Role", "State", "Last sign-in")

    def __init__(self, parent: QObject | None = None, *,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)):
        super().__init__(parent)
        self._users: list[UserInfo] = []
        self._clock = clock

    def set_users(self, found: Sequence[UserInfo]) -> None:
        self.beginResetModel()
        self._users = list(found)
        self.endResetModel()

    def user_at(self, row: int) -> UserInfo:
        return self._users[row]

    def row_of(self, username: str) -> int | None:
        return next((row for row, user in enumerate(self._users) if user.username == username),
                    None)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._users)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._users):
            return None
        user = self._users[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(user, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3 and user.active \
                and user.locked_until is not None and user.locked_until > self._clock():
            return (f"Locked after failed sign-ins until {local_time(user.locked_until)}; "
                    "Reset password clears the lockout.")
        return None

    def _text(self, user: UserInfo, column: int) -> str | None:
        if column == 0:
            return user.username
        if column == 1:
            return user.full_name
        if column == 2:
            return user.role.label
        if column == 3:
            return state_text(user, self._clock())
        if column == 4:
            return local_time(user.last_login_at) if user.last_login_at else NO_DATE
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.COLUMNS)):
            return self.COLUMNS[section]
        return None


# ---------------------------------------------------------------------- the small forms


def password_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class ServiceForm(QDialog):
    """A small form whose OK runs one user service on the worker.

    A refusal about one of this form's fields is shown under that field and everything typed
    stays. Any other refusal (about the account chosen in the table, or about the actor) is
    handed to the users dialog with ``refused`` and the form closes.
    """

    # The service this form runs, as a call for the worker: each form's own method.
    service_call: Callable[[], Callable[[], UserInfo]]

    saved = Signal(object)  # the UserInfo the service returned
    refused = Signal(str)

    def __init__(self, tasks: TaskRunner, title: str, name: str, ok_text: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(f"{title} — {APP_NAME}")
        self.tasks = tasks
        self._busy = False
        self.fields: dict[str, tuple[QWidget, FieldError]] = {}
        self.form = QFormLayout()
        self.ok_button = QPushButton(ok_text)
        self.ok_button.setObjectName("ok")
        self.ok_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancel")
        # Never the default: it would become so on taking focus while OK is disabled, and
        # Enter in a field after a refusal would then throw the form away.
        self.cancel_button.setAutoDefault(False)
        buttons = QDialogButtonBox()
        buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self.main_layout = QVBoxLayout(self)
        self.main_layout.addLayout(self.form)
        self.main_layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 72)

    def add_field(self, key: str, text: str, widget: QWidget) -> None:
        """A labelled field with its error line underneath; the mnemonic focuses the field."""
        label = QLabel(text)
        label.setBuddy(widget)
        widget.setAccessibleName(label.text().replace("&", ""))
        error = FieldError(f"{key}Error")
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        self.form.addRow(label, column)
        self.fields[key] = (widget, error)

    def add_note(self, text: str) -> None:
        """A line across the form saying what OK will do, with a little room before the fields."""
        note = QLabel(text)
        note.setWordWrap(True)
        note.setContentsMargins(0, 0, 0, self.fontMetrics().height() // 2)
        self.form.addRow(note)

    def fit_height(self) -> None:
        fit_height(self, self.main_layout)

    def error(self, key: str) -> FieldError:
        return self.fields[key][1]

    def check(self) -> UserError | None:
        """What can be refused without asking the service (nothing, unless overridden)."""
        return None

    def submit(self) -> None:
        if self._busy:
            return
        for _, error in self.fields.values():
            error.clear_message()
        problem = self.check()
        if problem is not None:
            self.show_refusal(problem)
            return
        self._set_busy(True)
        self.tasks.run(self.service_call(), self._saved, self.show_refusal,
                       on_finally=lambda: self._set_busy(False), owner=self)

    def show_refusal(self, error: UserError) -> None:
        if error.field not in self.fields:
            self.refused.emit(error.message)
            self.done(QDialog.DialogCode.Rejected)  # past reject(): the answer is in
            return
        widget, label = self.fields[error.field]
        label.show_message(error.message)
        self.fit_height()
        widget.setFocus()

    def _saved(self, user: UserInfo) -> None:
        self.saved.emit(user)
        self.accept()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.ok_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
        if not busy:
            self.ok_button.setDefault(True)

    def reject(self) -> None:
        # Cancelling while the service is working would hide whether the change was made.
        if not self._busy:
            super().reject()


def mismatch(first: QLineEdit, second: QLineEdit, key: str) -> UserError | None:
    if first.text() != second.text():
        return UserError("The two passwords differ; type the same password twice.", field=key)
    return None


class AddUserForm(ServiceForm):
    """Add… : a new account, created by ``users.add_user``."""

    def __init__(self, backend: Backend, tasks: TaskRunner, actor: Actor,
                 parent: QWidget | None = None):
        super().__init__(tasks, "Add a user", "addUserForm", "&Add user", parent)
        self.backend = backend
        self.actor = actor
        self.username_edit = QLineEdit()
        self.username_edit.setObjectName("username")
        self.full_name_edit = QLineEdit()
        self.full_name_edit.setObjectName("fullName")
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("role")
        for role in Role:
            self.role_combo.addItem(role.label, role.value)
        self.password_edit = password_edit("password")
        self.again_edit = password_edit("passwordAgain")
        self.add_field("username", "&User name", self.username_edit)
        self.add_field("full_name", "&Full name", self.full_name_edit)
        self.add_field("role", "&Role", self.role_combo)
        self.add_field("password", "&Password", self.password_edit)
        self.add_field("password_again", "Password &again", self.again_edit)
        self.fit_height()

    def check(self) -> UserError | None:
        return mismatch(self.password_edit, self.again_edit, "password_again")

    def service_call(self) -> Callable[[], UserInfo]:
        b, actor = self.backend, self.actor
        username, full_name = self.username_edit.text(), self.full_name_edit.text()
        role, password = str(self.role_combo.currentData()), self.password_edit.text()
        return lambda: users.add_user(b.db, b.policy, actor, username, full_name, role,
                                      password)


class DisableUserForm(ServiceForm):
    """Disable… : why the account is disabled goes into the audit trail."""

    def __init__(self, backend: Backend, tasks: TaskRunner, actor: Actor, user: UserInfo,
                 parent: QWidget | None = None):
        super().__init__(tasks, f"Disable {user.username}", "disableUserForm", "&Disable",
                         parent)
        self.backend = backend
        self.actor = actor
        self.username = user.username
        self.add_note(f"{user.full_name} ({user.username}) will not be able to sign in until an "
                      "administrator enables the account again. The reason is kept in the "
                      "audit log.")
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("reason")
        self.add_field("reason", "&Reason", self.reason_edit)
        self.fit_height()

    def service_call(self) -> Callable[[], UserInfo]:
        db, actor, username, reason = (self.backend.db, self.actor, self.username,
                                       self.reason_edit.text())
        return lambda: users.disable_user(db, actor, username, reason)


class ResetPasswordForm(ServiceForm):
    """Reset password… : a new password, typed twice; the service also clears a lockout."""

    def __init__(self, backend: Backend, tasks: TaskRunner, actor: Actor, user: UserInfo,
                 parent: QWidget | None = None):
        super().__init__(tasks, f"Reset the password of {user.username}", "resetPasswordForm",
                         "&Set password", parent)
        self.backend = backend
        self.actor = actor
        self.username = user.username
        self.add_note(f"A new password for {user.full_name} ({user.username}). Give it to them "
                      "in person; a lockout after failed sign-ins is cleared too.")
        self.password_edit = password_edit("password")
        self.again_edit = password_edit("passwordAgain")
        self.add_field("password", "New &password", self.password_edit)
        self.add_field("password_again", "Password &again", self.again_edit)
        self.fit_height()

    def check(self) -> UserError | None:
        return mismatch(self.password_edit, self.again_edit, "password_again")

    def service_call(self) -> Callable[[], UserInfo]:
        b, actor, username, password = (self.backend, self.actor, self.username,
                                        self.password_edit.text())
        return lambda: users.reset_password(b.db, b.policy, actor, username, password)


# ---------------------------------------------------------------------- the dialog


class UsersDialog(QDialog):
    """The account list with its buttons. Non-modal; the main window closes it on lock."""

    def __init__(self, backend: Backend, tasks: TaskRunner, actor: Actor,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("usersDialog")
        self.setWindowTitle(f"Users — {APP_NAME}")
        self.setWindowIcon(theme.icon("app"))
        self.backend = backend
        self.tasks = tasks
        self.actor = actor
        self.form: ServiceForm | None = None
        self._working = 0  # tasks of this dialog still on the worker
        self._loaded = False

        self.model = UserTableModel(self)
        self.table = self._build_table()
        self.message = FieldError("usersMessage")
        self.add_button = self._button("&Add…", "addUser", self.open_add)
        self.disable_button = self._button("&Disable…", "disableUser", self.open_disable)
        self.enable_button = self._button("&Enable", "enableUser", self.enable_selected)
        self.reset_button = self._button("&Reset password…", "resetPassword", self.open_reset)
        self.close_button = self._button("&Close", "close", self.reject)

        buttons = QHBoxLayout()
        for button in (self.add_button, self.disable_button, self.enable_button,
                       self.reset_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 110, metrics.height() * 24)
        self._update_buttons()
        self.reload()

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("usersTable")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        # Rows a little taller than the text, not Fusion's roomy default: more of a large
        # office's roster fits without scrolling.
        table.verticalHeader().setDefaultSectionSize(round(self.fontMetrics().lineSpacing() * 1.6))
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        return table

    def _button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # ------------------------------------------------------------------ state

    def _may(self, action: str) -> bool:
        # Only a hint for greying out buttons: the service checks the role as stored now.
        return resources.permissions().allows(self.actor.role, action)

    def selected_user(self) -> UserInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.user_at(rows[0].row()) if rows else None

    def select_user(self, username: str) -> bool:
        row = self.model.row_of(username)
        if row is None:
            return False
        self.table.selectionModel().select(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.setCurrentIndex(self.model.index(row, 0))
        return True

    def _update_buttons(self) -> None:
        user = self.selected_user()
        idle = self._working == 0 and self._loaded
        self.add_button.setEnabled(idle and self._may("user.add"))
        self.disable_button.setEnabled(
            idle and user is not None and user.active and self._may("user.disable"))
        self.enable_button.setEnabled(
            idle and user is not None and not user.active and self._may("user.enable"))
        self.reset_button.setEnabled(
            idle and user is not None and self._may("user.reset_password"))

    def _run(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
             on_error: Callable[[UserError], None]) -> None:
        """Run a service call for this dialog; the buttons wait until every one has answered."""
        self._working += 1
        self._update_buttons()
        self.tasks.run(fn, on_done, on_error, on_finally=self._task_finished, owner=self)

    def _task_finished(self) -> None:
        self._working -= 1
        self._update_buttons()

    def show_message(self, message: str) -> None:
        """A refusal from the service that belongs to no form field: red, under the table."""
        self.message.show_message(message)

    # ------------------------------------------------------------------ loading

    def reload(self, select: str | None = None) -> None:
        """Read the list again on the worker, keeping (or moving) the selection."""
        current = self.selected_user()
        keep = select or (current.username if current else None)
        db, actor = self.backend.db, self.actor
        self._run(lambda: users.list_users(db, actor),
                  lambda found: self._show_users(found, keep), self._list_refused)

    def _show_users(self, found: list[UserInfo], select: str | None) -> None:
        self._loaded = True
        self.model.set_users(found)
        self._fit_columns()
        if not (select and self.select_user(select)) and found:
            self.table.setCurrentIndex(self.model.index(0, 0))
        self.table.setFocus()

    def _fit_columns(self) -> None:
        """Each column as wide as its longest entry plus a little air (Name takes the rest)."""
        pad = self.fontMetrics().averageCharWidth() * 2
        for col in range(self.model.columnCount()):
            if col != 1:
                self.table.resizeColumnToContents(col)
                self.table.setColumnWidth(col, self.table.columnWidth(col) + pad)

    def _list_refused(self, error: UserError) -> None:
        self._loaded = False
        self.model.set_users([])
        self.show_message(error.message)

    # ------------------------------------------------------------------ changes

    def _open(self, form: ServiceForm) -> None:
        self.message.clear_message()
        if self.form is not None:
            self.form.deleteLater()
        self.form = form
        form.saved.connect(lambda user: self.reload(select=user.username))
        form.refused.connect(self._refused)
        form.finished.connect(lambda _result: self._forget(form))
        form.open()

    def _forget(self, form: ServiceForm) -> None:
        if self.form is form:
            self.form = None
        form.deleteLater()  # nothing typed (a password least of all) outlives the form

    def _refused(self, message: str) -> None:
        self.show_message(message)
        self.reload()  # the refusal may mean the list is out of date

    def open_add(self) -> None:
        self._open(AddUserForm(self.backend, self.tasks, self.actor, self))

    def open_disable(self) -> None:
        user = self.selected_user()
        if user is not None:
            self._open(DisableUserForm(self.backend, self.tasks, self.actor, user, self))

    def open_reset(self) -> None:
        user = self.selected_user()
        if user is not None:
            self._open(ResetPasswordForm(self.backend, self.tasks, self.actor, user, self))

    def enable_selected(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        self.message.clear_message()
        db, actor, username = self.backend.db, self.actor, user.username
        self._run(lambda: users.enable_user(db, actor, username, ""),
                  lambda _user: self.reload(select=username),
                  lambda error: self._refused(error.message))
