"""The main window: four work tabs, the session menu, the status bar, and the screen lock.

The central area is a stack: page 0 holds the tabs, page 1 the lock page. Locking swaps the
page and disables every action that could reach the work (the tab shortcuts included), so a
locked screen shows nothing of the last clerk's work and does nothing but unlock or sign out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from workstation import APP_NAME, __version__
from workstation.domain.due_dates import RECORD_OF, DueItem
from workstation.errors import UserError
from workstation.services import auth, profile
from workstation.services.dto import Actor
from workstation.startup import Backend
from workstation.ui import about, theme, window_state
from workstation.ui.desk import Desk
from workstation.ui.lock import IdleWatcher, LockPage
from workstation.ui.lookup import LookupPanel
from workstation.ui.mail.scans import ScanDesk
from workstation.ui.tabs import WorkTab
from workstation.ui.tabs.batch_review import BatchReviewTab
from workstation.ui.tabs.inquiry_queue import InquiryQueueTab
from workstation.ui.tabs.mail_sort import MailSortTab
from workstation.ui.tabs.teller_drawer import TellerDrawerTab
from workstation.ui.tasks import TaskRunner
from workstation.ui.users_dialog import UsersDialog

if TYPE_CHECKING:
    from workstation.ui.calendar.window import CalendarWindow
    from workstation.ui.certificates.window import CertificatesWindow
    from workstation.ui.reports.window import ReportsWindow

Side = TypeVar("Side", bound=QDialog)
Tab = TypeVar("Tab", bound=QWidget)
TABS: tuple[tuple[str, type[WorkTab]], ...] = (
    ("&Mail Sort", MailSortTab),
    ("&Inquiry Queue", InquiryQueueTab),
    ("&Batch Review", BatchReviewTab),
    ("&Teller Drawer", TellerDrawerTab),
)
WORK_PAGE, LOCK_PAGE = 0, 1


def separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.VLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


class MainWindow(QMainWindow):
    """One signed-in clerk's window. It ends by emitting ``signed_out`` or ``quit_requested``."""

    signed_out = Signal()
    quit_requested = Signal()
    locked_changed = Signal(bool)

    def __init__(self, backend: Backend, tasks: TaskRunner, actor: Actor, *,
                 idle_interval_ms: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.backend = backend
        self.tasks = tasks
        self.actor = actor
        self._ending = False  # sign-out or quit has begun
        self._ended = False  # ... and its audit row is written: the window may close
        self.users_dialog: UsersDialog | None = None
        self.lookup_panel: LookupPanel | None = None
        self.side_windows: dict[str, QDialog] = {}  # Records > Certificates, Reports, Calendar
        self.setWindowTitle(f"{APP_NAME} — {actor.full_name} ({actor.role.label})")
        self.setWindowIcon(theme.icon("app"))

        self.tabs = QTabWidget()
        self.tabs.setObjectName("workTabs")
        self.tabs.setDocumentMode(True)
        for text, tab_class in TABS:
            # Each tab works for the signed-in person (a tab not built yet: its empty state).
            tab = (tab_class(backend, tasks, actor) if tab_class in (
                MailSortTab, InquiryQueueTab, BatchReviewTab, TellerDrawerTab) else tab_class())
            self.tabs.addTab(tab, theme.icon(tab.ICON), text)
        self.lock_page = LockPage(actor)
        self.lock_page.unlock_requested.connect(self._unlock)
        self.lock_page.sign_out_requested.connect(self.sign_out)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(self.lock_page)
        self.setCentralWidget(self.stack)

        self._build_actions()
        self._build_menus()
        self._build_status_bar()
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            if isinstance(page, TellerDrawerTab):  # the drawer's state follows the clerk
                page.drawer_state.connect(self.status_labels["drawer"].setText)
                page.refresh()
        self.scan_desk = ScanDesk(self)  # a scanned slip or cover sheet, on any tab
        minutes = backend.settings.idle_lock_minutes
        self.idle_watcher = IdleWatcher(idle_interval_ms or minutes * 60_000, self)
        self.idle_watcher.idle.connect(self.lock)
        self.idle_watcher.start()
        window_state.restore(self, backend.locations)

    # ------------------------------------------------------------------ building

    def _action(self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
                slot: Callable[[], None],
                name: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.users_action = self._action("&Users…", "Ctrl+Shift+U", self.show_users,
                                         "usersAction")
        self.find_action = self._action("&Find record…", QKeySequence.StandardKey.Find,
                                        self.show_lookup, "findAction")
        self.certificates_action = self._action("&Certificates…", "Ctrl+E",
                                                self.show_certificates, "certificatesAction")
        self.reports_action = self._action("&Reports…", "Ctrl+R", self.show_reports,
                                           "reportsAction")
        self.calendar_action = self._action("Calendar of &due dates…", "Ctrl+D",
                                            self.show_calendar, "calendarAction")
        self.lock_action = self._action("&Lock", "Ctrl+L", self.lock, "lockAction")
        self.sign_out_action = self._action("Sign &out", None, self.sign_out, "signOutAction")
        self.quit_action = self._action("&Quit", QKeySequence.StandardKey.Quit, self.quit,
                                        "quitAction")
        if not self.quit_action.shortcut().toString():  # no platform Quit key (Windows)
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.about_action = self._action(f"&About {APP_NAME}", None, self.show_about,
                                         "aboutAction")
        self.tab_actions: list[QAction] = []
        for index in range(self.tabs.count()):
            action = self._action(f"Go to {self.tabs.tabText(index).replace('&', '')}",
                                  f"Ctrl+{index + 1}", self._tab_switcher(index),
                                  f"tabAction{index + 1}")
            self.addAction(action)  # a window shortcut; no menu of its own
            self.tab_actions.append(action)

    def _tab_switcher(self, index: int) -> Callable[[], None]:
        return lambda: self.tabs.setCurrentIndex(index)

    def _build_menus(self) -> None:
        session = self.menuBar().addMenu("&Session")
        session.addAction(self.users_action)
        session.addSeparator()
        session.addAction(self.lock_action)
        session.addAction(self.sign_out_action)
        session.addSeparator()
        session.addAction(self.quit_action)
        records = self.menuBar().addMenu("&Records")
        records.addAction(self.find_action)
        records.addAction(self.certificates_action)
        records.addAction(self.reports_action)
        records.addAction(self.calendar_action)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self.about_action)

    def _build_status_bar(self) -> None:
        a, b = self.actor, self.backend
        self.status_labels: dict[str, QLabel] = {}
        pad = self.fontMetrics().averageCharWidth()
        for key, text, tip in (
            ("user", f"{a.full_name} ({a.username})", "Signed in"),
            ("role", a.role.label, "Role"),
            ("workstation", f"Workstation {b.settings.workstation}", "Workstation name"),
            ("database", b.db.target.describe(), "Database"),
            ("drawer", "No drawer open", "Teller drawer"),
            ("version", f"v{__version__}", f"{APP_NAME} version"),
        ):
            if self.status_labels:
                self.statusBar().addPermanentWidget(separator())
            label = QLabel(text)
            label.setObjectName(f"status_{key}")
            label.setToolTip(tip)
            label.setContentsMargins(pad, 0, pad, 0)
            self.statusBar().addPermanentWidget(label)
            self.status_labels[key] = label

    # ------------------------------------------------------------------ locking

    @property
    def locked(self) -> bool:
        return self.stack.currentIndex() == LOCK_PAGE

    def _guarded_actions(self) -> list[QAction]:
        """Everything that reaches the work; Sign out and Quit stay available while locked."""
        return [self.users_action, self.find_action, self.certificates_action,
                self.reports_action, self.calendar_action, self.lock_action, self.about_action,
                *self.tab_actions]

    def lock(self) -> None:
        """Hide the work behind the lock page and audit it (Ctrl+L, or the idle timer)."""
        if self.locked or self._ending:
            return
        self.idle_watcher.stop()
        self._close_users()  # the account list is work too: it must not stay over the lock
        self._close_lookup()  # ... and so is a record on screen
        self._close_dialogs()  # ... and a tray's sign-off, a void, a question left open
        self.lock_page.reset()
        self.stack.setCurrentIndex(LOCK_PAGE)
        for action in self._guarded_actions():
            action.setEnabled(False)
        self.lock_page.password_edit.setFocus()
        db, actor = self.backend.db, self.actor
        self.tasks.run(lambda: auth.record_session_event(db, actor, "auth.screen_lock"),
                       owner=self)
        self.locked_changed.emit(True)

    def _unlock(self, password: str) -> None:
        b, actor = self.backend, self.actor
        self.lock_page.set_busy(True)
        self.tasks.run(lambda: auth.unlock(b.db, b.policy, actor, password),
                       self._unlocked, self._unlock_refused,
                       on_finally=lambda: self.lock_page.set_busy(False), owner=self)

    def _unlock_refused(self, error: UserError) -> None:
        self.lock_page.refuse(error.message)

    def _unlocked(self, actor: Actor) -> None:
        if actor.user_id != self.actor.user_id or self._ending:
            return  # auth.unlock only checks this user; anything else stays locked
        self.lock_page.reset()
        self.stack.setCurrentIndex(WORK_PAGE)
        for action in self._guarded_actions():
            action.setEnabled(True)
        self.tabs.currentWidget().setFocus()
        self.idle_watcher.start()
        self.locked_changed.emit(False)

    # ------------------------------------------------------------------ ending the session

    def sign_out(self) -> None:
        self._end(self.signed_out)

    def quit(self) -> None:
        self._end(self.quit_requested)

    def _end(self, then: SignalInstance) -> None:
        """Audit the sign-out on the worker, then close and tell the shell what comes next."""
        if self._ending:
            return
        self._ending = True
        self.idle_watcher.stop()
        self._close_users()
        self._close_lookup()
        self._close_dialogs()
        for action in (*self._guarded_actions(), self.sign_out_action, self.quit_action):
            action.setEnabled(False)
        db, actor = self.backend.db, self.actor

        def finish() -> None:
            window_state.save(self, self.backend.locations)
            self._ended = True
            self.close()
            then.emit()

        self.tasks.run(lambda: auth.record_session_event(db, actor, "auth.sign_out"),
                       on_finally=finish, owner=self)

    def closeEvent(self, event: QCloseEvent) -> None:
        # The window's close button is Quit: the sign-out is audited before the window goes.
        if self._ended:
            event.accept()
            return
        event.ignore()
        self.quit()

    def show_about(self) -> None:
        about.show_about(self, self.backend)

    def show_users(self) -> None:
        """Session > Users: the account list. Open for every role; the services decide."""
        if self.users_dialog is None:
            dialog = self.users_dialog = UsersDialog(self.backend, self.tasks, self.actor, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.finished.connect(self._users_closed)
        self.users_dialog.show()
        self.users_dialog.activateWindow()

    def _users_closed(self, _result: int) -> None:
        self.users_dialog = None

    def _close_dialogs(self) -> None:
        """Reject every dialog this window (or one of its dialogs) opened: a dialog is a window
        of its own and would stay over the lock page, showing the work and taking input."""
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible() and self._owns(widget):
                widget.reject()

    def _owns(self, widget: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None:
            if parent is self:
                return True
            parent = parent.parentWidget()
        return False

    def _close_users(self) -> None:
        if self.users_dialog is not None:
            self.users_dialog.close()

    def show_lookup(self) -> None:
        """Records > Find record (Ctrl+F): one lookup window, brought forward with the search
        field ready for new text when it is open already."""
        if self.lookup_panel is None:
            panel = self.lookup_panel = LookupPanel(self.backend, self.tasks, self.actor, self)
            panel.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            panel.finished.connect(self._lookup_closed)
        self.lookup_panel.show()
        self.lookup_panel.activateWindow()
        self.lookup_panel.focus_search()

    def _lookup_closed(self, _result: int) -> None:
        self.lookup_panel = None

    def show_record(self, kind: str, target_id: int, key: str = "") -> None:
        """Open a linked record in the lookup window (research from an inquiry): an entity's or
        UCC record's card directly, a filing on its entity's card with its history; anything
        else by searching its number."""
        self.show_lookup()
        panel = self.lookup_panel
        assert panel is not None  # show_lookup made it
        if kind == "entity":
            panel.open_entity(target_id)
        elif kind == "ucc":
            panel.open_ucc(target_id)
        elif kind == "filing" and key:
            panel.open_filing_number(key)
        elif key:
            panel.search_edit.setText(key)
            panel.search_page.search_now()

    def _close_lookup(self) -> None:
        if self.lookup_panel is not None:
            self.lookup_panel.close()
        for window in list(self.side_windows.values()):
            window.close()

    def show_certificates(self) -> None:
        """Records > Certificates (Ctrl+E): one window, brought forward when open already."""
        # Imported when first opened: QtPdf and the certificate modules stay off start-up.
        from workstation.ui.certificates.window import CertificatesWindow

        window = self._side_window("certificates", CertificatesWindow)
        window.search_edit.setFocus()

    def show_reports(self) -> None:
        """Records > Reports (Ctrl+R): the lead's reports; the service refuses other roles."""
        # Imported when first opened: QtCharts and ReportLab's charts stay off start-up.
        from workstation.ui.reports.window import ReportsWindow

        self._side_window("reports", ReportsWindow)

    def show_calendar(self) -> None:
        """Records > Calendar (Ctrl+D): the calendar of due dates."""
        from workstation.ui.calendar.window import CalendarWindow

        opened = "calendar" in self.side_windows
        window = self._side_window("calendar", CalendarWindow)
        if not opened:
            window.open_wanted.connect(self.open_due_item)

    def open_due_item(self, item: DueItem) -> None:
        """What a due item on the calendar is about, where it is worked."""
        if item.kind == "inquiry_clock":
            queue = self._tab_of(InquiryQueueTab)
            self.tabs.setCurrentWidget(queue)
            queue.open_inquiry(item.source_id)
        elif item.kind == "deposit":
            self.tabs.setCurrentWidget(self._tab_of(TellerDrawerTab))
            self.statusBar().showMessage(f"Deposit {item.reference}: the lead's day close in "
                                         "the Teller Drawer.", 10_000)
        elif item.kind in RECORD_OF:
            self.show_record(RECORD_OF[item.kind], item.source_id, item.reference)

    def _tab_of(self, kind: type[Tab]) -> Tab:
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            if isinstance(page, kind):
                return page
        raise LookupError(kind.__name__)

    def _side_window(self, name: str, make: Callable[[Desk, QWidget], Side]) -> Side:
        """The Records window ``name``: one of each, brought forward when open already, forgotten
        when closed (it deletes itself)."""
        window = self.side_windows.get(name)
        if window is None:
            desk = Desk(self.backend, self.tasks, profile.load(), self.actor)
            window = self.side_windows[name] = make(desk, self)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.finished.connect(lambda _result: self.side_windows.pop(name, None))
        window.show()
        window.activateWindow()
        return cast(Side, window)

    @property
    def certificates_window(self) -> CertificatesWindow | None:
        return cast("CertificatesWindow | None", self.side_windows.get("certificates"))

    @property
    def reports_window(self) -> ReportsWindow | None:
        return cast("ReportsWindow | None", self.side_windows.get("reports"))

    @property
    def calendar_window(self) -> CalendarWindow | None:
        return cast("CalendarWindow | None", self.side_windows.get("calendar"))
