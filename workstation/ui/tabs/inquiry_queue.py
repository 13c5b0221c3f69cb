"""Inquiry Queue: the questions, complaints and requests the division must answer, on the clock.

The queue (one page at a time, sorted and filtered by the database) with its views — all open
work, my items, nobody's, breached, finished — and the day's actions: Get next (Ctrl+G) claims
the most urgent unowned item and opens it; Log contact (Ctrl+Shift+P) records a phone call or a
walk-in; Import e-mail (Ctrl+I, or drop .eml files on the list) files saved messages; Enter
opens the inquiry under the cursor in its own window. The page refreshes every few seconds
while shown, so who else has an item open appears within the presence interval.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QHideEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation.errors import UserError
from workstation.services import inquiries, inquiry_queue, profile
from workstation.services.dto import Actor
from workstation.services.inquiry_dto import (
    ClaimResult,
    ImportResult,
    QueueFilter,
    QueuePage,
)
from workstation.startup import Backend
from workstation.ui import theme
from workstation.ui.inquiry.detail import InquiryWindow
from workstation.ui.inquiry.log_contact import LogContactDialog
from workstation.ui.inquiry.queue_model import QueueModel
from workstation.ui.tabs import WorkTab
from workstation.ui.tasks import TaskRunner
from workstation.ui.widgets.field_error import FieldError

VIEWS = (("open", "All &open"), ("mine", "&My items"), ("unassigned", "&Unassigned"),
         ("breached", "&Breached"), ("done", "&Finished"))
REFRESH_MS = 8_000  # within the 10 s in which presence must show
STALE_CHECK_MS = 300_000
PAGE = 100
MAIL_SUFFIXES = (".eml", ".msg")  # .msg needs the optional extract-msg package


def choose_mail_files(parent: QWidget) -> list[str]:
    """The file dialog for Import e-mail (tests patch this)."""
    files, _ = QFileDialog.getOpenFileNames(parent, "Import e-mail", "",
                                            "Saved e-mail (*.eml *.msg);;All files (*)")
    return files


class InquiryQueueTab(WorkTab):
    OBJECT_NAME = "inquiryQueueTab"
    ICON = "inquiry-queue"
    EMPTY_TITLE = "No inquiries are waiting"
    EMPTY_LINES = (
        "Questions, complaints and requests that come in by mail, e-mail, phone, fax or in "
        "person are queued here, each linked to the receipt, filing or business it is about.",
        "Each inquiry runs on its clocks (acknowledge, first response, resolve, and any "
        "statutory deadline), counted in business days; the most overdue come first, and one "
        "inquiry is worked by one clerk at a time.",
    )

    def __init__(self, backend: Backend, tasks: TaskRunner, actor: Actor,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.tasks, self.actor = backend, tasks, actor
        self.profile = profile.load()
        self.filter = QueueFilter(limit=PAGE)
        self.windows: dict[int, InquiryWindow] = {}
        self.last_import: list[ImportResult] = []
        self._loading = False
        self.model = QueueModel(self.profile.calendar, self.profile.inquiry, self)
        self.empty_state.hide()
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)  # WorkTab's
        layout.addLayout(self._build_bar())
        self.table = self._build_table()
        self.model.sort_requested.connect(self._sort)  # after the header's first sort call
        layout.addWidget(self.table, 1)
        layout.addLayout(self._build_footer())
        self.setAcceptDrops(True)
        self._build_actions()
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        # Any workstation may hand idle claims back; every few minutes is often enough for a
        # rule counted in business hours, and the audit says which workstation did it.
        self.stale_timer = QTimer(self)
        self.stale_timer.setInterval(STALE_CHECK_MS)
        self.stale_timer.timeout.connect(self.return_stale)

    # ------------------------------------------------------------------ building

    def _build_bar(self) -> QHBoxLayout:
        self.view_combo = QComboBox()
        self.view_combo.setObjectName("view")
        for code, label in VIEWS:
            self.view_combo.addItem(label.replace("&", ""), code)
        self.view_combo.currentIndexChanged.connect(self._filters_changed)
        self.category_combo = self._combo("categoryFilter", "All categories",
                                          [(c.code, c.label)
                                           for c in self.profile.inquiry.categories])
        self.channel_combo = self._combo("channelFilter", "All channels",
                                         [(c.code, c.label)
                                          for c in self.profile.inquiry.channels])
        self.status_combo = self._combo("statusFilter", "Any status",
                                        [(st.code, st.label)
                                         for st in self.profile.inquiry.statuses])
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("queueSearch")
        self.search_edit.setPlaceholderText("Number, requester or subject")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.returnPressed.connect(self._filters_changed)
        self.next_button = QPushButton("&Get next (Ctrl+G)")
        self.next_button.setObjectName("getNext")
        self.next_button.clicked.connect(self.get_next)
        self.log_button = QPushButton("&Log contact… (Ctrl+Shift+P)")
        self.log_button.setObjectName("logContact")
        self.log_button.clicked.connect(self.log_contact)
        self.import_button = QPushButton("&Import e-mail… (Ctrl+I)")
        self.import_button.setObjectName("importMail")
        self.import_button.clicked.connect(self.import_mail)
        bar = QHBoxLayout()
        view_label = QLabel("&View")
        view_label.setBuddy(self.view_combo)
        for widget in (view_label, self.view_combo, self.category_combo, self.channel_combo,
                       self.status_combo):
            bar.addWidget(widget)
        bar.addWidget(self.search_edit, 1)
        for button in (self.next_button, self.log_button, self.import_button):
            bar.addWidget(button)
        return bar

    def _combo(self, name: str, everything: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.addItem(everything, None)
        for code, label in items:
            combo.addItem(label, code)
        combo.currentIndexChanged.connect(self._filters_changed)
        return combo

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("queueTable")
        table.setAccessibleName("Inquiry queue")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setSortingEnabled(True)
        table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        chars = self.fontMetrics().averageCharWidth()
        # Due, No., Category, Channel, From, Subject, Status, Owner, Open by, Received: the
        # countdown and the number never cut off; the subject takes what is left.
        for column, width in enumerate((26, 12, 22, 10, 22, 24, 16, 10, 12, 28)):
            table.setColumnWidth(column, chars * width)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        table.activated.connect(self._activated)
        return table

    def _build_footer(self) -> QHBoxLayout:
        self.count_label = QLabel()
        self.count_label.setObjectName("queueCount")
        self.count_label.setStyleSheet(f"color: {theme.MUTED_TEXT};")
        self.message = FieldError("queueMessage")
        self.import_label = QLabel()  # what the last import filed, and what it could not read
        self.import_label.setObjectName("importResult")
        self.import_label.setWordWrap(True)
        self.import_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.more_button = QPushButton("Mor&e…")
        self.more_button.setObjectName("queueMore")
        self.more_button.clicked.connect(self.fetch_more)
        self.more_button.hide()
        footer = QHBoxLayout()
        footer.addWidget(self.count_label)
        footer.addWidget(self.message, 1)
        footer.addWidget(self.import_label, 2)
        footer.addWidget(self.more_button)
        return footer

    def _build_actions(self) -> None:
        for name, keys, slot in (("getNextAction", "Ctrl+G", self.get_next),
                                 ("logContactAction", "Ctrl+Shift+P", self.log_contact),
                                 ("importMailAction", "Ctrl+I", self.import_mail),
                                 ("refreshAction", "F5", self.refresh)):
            self.shortcut(name, keys, slot)

    # ------------------------------------------------------------------ the page

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
        self.timer.start()
        self.stale_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        self.stale_timer.stop()
        super().hideEvent(event)

    def return_stale(self) -> None:
        b, actor, found = self.backend, self.actor, self.profile
        self.tasks.run(lambda: inquiry_queue.return_stale(b.db, found, actor),
                       lambda numbers: self.refresh() if numbers else None, self._refused,
                       owner=self)

    def _filters_changed(self) -> None:
        self.filter = QueueFilter(
            view=str(self.view_combo.currentData()), category=self.category_combo.currentData(),
            channel=self.channel_combo.currentData(), status=self.status_combo.currentData(),
            text=self.search_edit.text(),
            sort=self.filter.sort, descending=self.filter.descending, limit=PAGE)
        self.refresh()

    def _sort(self, key: str, descending: bool) -> None:
        self.filter = QueueFilter(**{**self.filter.__dict__, "sort": key,
                                     "descending": descending, "offset": 0})
        self.refresh()

    def refresh(self) -> None:
        """The first pages again (as many rows as are shown now), the selection kept."""
        if self._loading:
            return
        self._loading = True
        shown = max(PAGE, len(self.model.rows))
        wanted = QueueFilter(**{**self.filter.__dict__, "limit": shown, "offset": 0})
        b, actor, found = self.backend, self.actor, self.profile
        self.tasks.run(lambda: inquiry_queue.queue(b.db, found, actor, wanted),
                       lambda page: self._show(page, append=False), self._refused,
                       on_finally=self._loaded, owner=self)

    def fetch_more(self) -> None:
        wanted = QueueFilter(**{**self.filter.__dict__, "offset": len(self.model.rows)})
        b, actor, found = self.backend, self.actor, self.profile
        self.tasks.run(lambda: inquiry_queue.queue(b.db, found, actor, wanted),
                       lambda page: self._show(page, append=True), self._refused, owner=self)

    def _loaded(self) -> None:
        self._loading = False

    def _show(self, page: QueuePage, *, append: bool) -> None:
        keep = self.selected_id()
        self.model.set_rows(page.rows, page.now, append=append)
        ids = [r.id for r in self.model.rows]
        if keep in ids:
            self.table.selectRow(ids.index(keep))
        elif ids and not append:
            self.table.selectRow(0)
        total = len(ids)
        self.count_label.setText(f"{total} shown{' · more below' if page.more else ''}")
        self.more_button.setVisible(page.more)

    def _refused(self, error: UserError) -> None:
        self.message.show_message(error.message)

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() \
            else []
        row = self.model.row_at(rows[0]) if rows else None
        return row.id if row else None

    # ------------------------------------------------------------------ actions

    def _activated(self, index: QModelIndex) -> None:
        row = self.model.row_at(index)
        if row is not None:
            self.open_inquiry(row.id)

    def open_inquiry(self, inquiry_id: int) -> InquiryWindow:
        """The inquiry's window: one per inquiry, brought forward when open already."""
        window = self.windows.get(inquiry_id)
        if window is None:
            window = InquiryWindow(self.backend, self.tasks, self.actor, inquiry_id, self)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.changed.connect(lambda _id: self.refresh())
            window.finished.connect(lambda _r, i=inquiry_id: self.windows.pop(i, None))
            self.windows[inquiry_id] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def get_next(self) -> None:
        """Claim the most urgent unowned inquiry and open it."""
        self.message.clear_message()
        b, actor, found = self.backend, self.actor, self.profile
        self.tasks.run(lambda: inquiry_queue.get_next(b.db, found, actor), self._got_next,
                       self._refused, owner=self)

    def _got_next(self, result: ClaimResult | None) -> None:
        if result is None:
            self.message.show_message("Nothing is waiting: every open inquiry has an owner.")
            return
        self.refresh()
        self.open_inquiry(result.inquiry_id)

    def log_contact(self) -> LogContactDialog:
        dialog = LogContactDialog(self.backend, self.tasks, self.actor, self.profile, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.logged.connect(lambda _id, _number: self.refresh())
        dialog.open()
        return dialog

    def import_mail(self) -> None:
        files = choose_mail_files(self)
        if files:
            self.import_files([Path(f) for f in files])

    def import_files(self, paths: list[Path]) -> None:
        """Read each saved e-mail and file it as an inquiry; what could not be read is said."""
        self.message.clear_message()
        b, actor, found = self.backend, self.actor, self.profile

        def work() -> list[ImportResult]:
            # The e-mail reader (the email package) is loaded on first use, not at start-up.
            from workstation.domain.mail_import import (
                MailImportError,
                read_eml_file,
                read_msg_file,
            )

            done = []
            for path in paths:
                try:
                    original = path.read_bytes()
                    mail = (read_msg_file(path) if path.suffix.lower() == ".msg"
                            else read_eml_file(path))
                except (OSError, MailImportError) as exc:
                    raise UserError(f"{path.name}: {exc}", field="file") from exc
                done.append(inquiries.import_mail(b.db, found, actor, mail, original=original))
            return done

        self.tasks.run(work, self._imported, self._refused, owner=self)

    def _imported(self, results: list[ImportResult]) -> None:
        self.last_import = results
        parts = []
        for r in results:
            state = "imported before" if r.duplicate else "imported"
            notes = f": {' '.join(r.notes)}" if r.notes and not r.duplicate else ""
            parts.append(f"{r.number} {state}{notes}")
        self.import_label.setText("\n".join(parts))
        self.refresh()

    # ------------------------------------------------------------------ drag and drop

    @staticmethod
    def _mail_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
        data = event.mimeData()
        if data is None or not data.hasUrls():
            return []
        paths = [Path(url.toLocalFile()) for url in data.urls() if url.isLocalFile()]
        return [p for p in paths if p.suffix.lower() in MAIL_SUFFIXES]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._mail_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._mail_paths(event)
        if paths:
            event.acceptProposedAction()
            self.import_files(paths)
