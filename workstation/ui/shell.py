"""The session loop: sign in, work, sign out, sign in again (maybe as someone else), quit.

It is event-driven inside one ``app.exec()``: no nested event loops, so a modal sign-in
dialog can never be left waiting under a window that no longer exists.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from workstation.services.dto import Actor
from workstation.startup import Backend
from workstation.ui.login_dialog import LoginDialog
from workstation.ui.main_window import MainWindow
from workstation.ui.tasks import TaskRunner


class Shell(QObject):
    """Owns whichever of the sign-in dialog and the main window is showing."""

    finished = Signal()  # the clerk quit: the application may end

    def __init__(self, backend: Backend, tasks: TaskRunner, *,
                 idle_interval_ms: int | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.backend = backend
        self.tasks = tasks
        self.idle_interval_ms = idle_interval_ms
        self.login: LoginDialog | None = None
        self.window: MainWindow | None = None

    def start(self) -> None:
        self.show_login()

    def show_login(self) -> None:
        dialog = LoginDialog(self.backend, self.tasks)
        dialog.accepted.connect(self._signed_in)
        dialog.rejected.connect(self._quit)
        self.login = dialog
        dialog.show()

    def _signed_in(self) -> None:
        assert self.login is not None and self.login.actor is not None
        actor: Actor = self.login.actor
        self.login.deleteLater()
        self.login = None
        window = MainWindow(self.backend, self.tasks, actor,
                            idle_interval_ms=self.idle_interval_ms)
        window.signed_out.connect(self._signed_out)
        window.quit_requested.connect(self._quit)
        self.window = window
        window.show()

    def _signed_out(self) -> None:
        self._drop_window()
        self.show_login()

    def _quit(self) -> None:
        self._drop_window()
        if self.login is not None:
            self.login.deleteLater()
            self.login = None
        self.finished.emit()

    def _drop_window(self) -> None:
        if self.window is not None:
            self.window.deleteLater()
            self.window = None
