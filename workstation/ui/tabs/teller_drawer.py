"""Teller Drawer: the clerk's cash drawer from the opening float to the close of day.

Three pages on the left: with no drawer open, the empty state beside the panel that opens one
(the drawer, its float counted by denomination, a note); with a drawer open, the NEW RECEIPT form;
and the blind count. On the right, this drawer's receipts (Void…, Reprint) and, for a lead or a
supervisor only, the drawers waiting for a sign-off and the close of day.

Keys (each shown on its button; alive only while this tab is shown): Ctrl+Enter does the page's
one thing (Open the drawer, Post the receipt, Submit the count); Ctrl+Shift+E applies a mail
envelope's documents and checks; Ctrl+Shift+V voids and Ctrl+Shift+P reprints the receipt under
the cursor; Ctrl+Shift+D drops cash to the safe; Ctrl+Shift+C counts the drawer (Esc goes back
while counting); Ctrl+Shift+O goes back to opening a drawer after a close; for leads
Ctrl+Shift+A / Ctrl+Shift+R approve / reject the count under the cursor and Ctrl+Shift+K closes
the day; F5 reads everything again. Every service call runs on the database worker.

Blind count: the clerk's screen never shows what their drawer should hold until the count is
submitted; the service sends no expected figures for the clerk's own open session, and none of
the pages here would show them if it did.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.money import format_cents
from workstation.domain.roles import Role
from workstation.errors import UserError
from workstation.services import profile, registry, teller, teller_close, teller_read
from workstation.services.dto import Actor
from workstation.services.registry_dto import LookupResult
from workstation.services.teller_dto import CountResult, ReceiptView, SessionView
from workstation.services.teller_read import MailPayment
from workstation.startup import Backend
from workstation.ui.desk import Desk
from workstation.ui.inquiry.case import push_button
from workstation.ui.tabs import WorkTab
from workstation.ui.tasks import TaskRunner
from workstation.ui.teller import dialogs, papers, reading
from workstation.ui.teller.count_page import CountPage
from workstation.ui.teller.dialogs import DropDialog
from workstation.ui.teller.lead import LeadPanel
from workstation.ui.teller.open_panel import OpenDrawerPanel
from workstation.ui.teller.receipt_form import ReceiptForm
from workstation.ui.teller.receipts_panel import ReceiptsPanel
from workstation.ui.widgets.field_error import FieldError

OPEN_PAGE, RECEIPT_PAGE, COUNT_PAGE = 0, 1, 2
APPROVERS = (Role.LEAD, Role.SUPERVISOR)
REFRESH_MS = 15_000
T = TypeVar("T")


def open_drop(parent: QWidget, desk: Desk) -> DropDialog:
    dialog = DropDialog(desk, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


class TellerDrawerTab(WorkTab):
    OBJECT_NAME = "tellerDrawerTab"
    ICON = "teller-drawer"
    EMPTY_TITLE = "No drawer is open at this workstation"
    EMPTY_LINES = (
        "A drawer is opened here with a counted float; fees are then taken in cash, check or "
        "card, each payment tied to the receipt and the documents it pays for.",
        "At the end of the shift the clerk counts the drawer blind, a lead approves any over or "
        "short, and the drawers are balanced for the close of day and the deposit.",
    )

    drawer_state = Signal(str)  # the header's words, for a status bar

    def __init__(self, backend: Backend, tasks: TaskRunner, actor: Actor,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.tasks, self.actor = backend, tasks, actor
        self.profile = profile.load()
        self.desk = Desk(backend, tasks, self.profile, actor)
        self.may_approve = actor.role in APPROVERS
        self.session: SessionView | None = None
        self.drop_dialog: DropDialog | None = None
        self._busy = False  # an open, a post or a count is on its way
        self._sized = False
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)  # WorkTab's
        layout.setContentsMargins(6, 6, 6, 6)
        layout.removeWidget(self.empty_state)
        layout.addLayout(self._build_header())
        self.message = FieldError("tellerMessage")
        layout.addWidget(self.message)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("tellerSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._build_pages())
        self.splitter.addWidget(self._build_side())
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 1)
        layout.addWidget(self.splitter, 1)
        self._build_actions()
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self._show_pages()

    # ------------------------------------------------------------------ building

    def _build_header(self) -> QHBoxLayout:
        self.state_label = QLabel(reading.state_text(None, None))
        self.state_label.setObjectName("drawerState")
        font = self.state_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.state_label.setFont(font)
        self.mail_button = push_button("Apply mail… (Ctrl+Shift+E)", "applyMail")
        self.mail_button.clicked.connect(self.apply_mail)
        self.drop_button = push_button("Drop to safe… (Ctrl+Shift+D)", "dropToSafe")
        self.drop_button.clicked.connect(self.drop)
        self.count_button = push_button("Count drawer… (Ctrl+Shift+C)", "countDrawer")
        self.count_button.clicked.connect(self.count_drawer)
        row = QHBoxLayout()
        row.addWidget(self.state_label, 1)
        for button in (self.mail_button, self.drop_button, self.count_button):
            row.addWidget(button)
        return row

    def _build_pages(self) -> QStackedWidget:
        self.open_panel = OpenDrawerPanel(self.profile)
        self.open_panel.open_requested.connect(self.open_drawer)
        opening = QWidget()
        row = QHBoxLayout(opening)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.empty_state, 1)
        row.addWidget(self.open_panel, 0)
        self.form = ReceiptForm(self.profile)
        self.form.post_button.clicked.connect(self.post)
        self.form.filing_wanted.connect(self._look_up_filing)
        self.count_page = CountPage(self.profile)
        self.count_page.submit_requested.connect(self.submit_count)
        self.count_page.explain_requested.connect(self.explain)
        self.count_page.back_requested.connect(self.back_to_receipts)
        back = QAction(self.count_page)
        back.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        back.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.triggered.connect(self.back_to_receipts)
        self.count_page.addAction(back)
        self.stack = QStackedWidget()
        self.stack.setObjectName("tellerPages")
        for page in (opening, self.form, self.count_page):
            self.stack.addWidget(page)
        return self.stack

    def _build_side(self) -> QSplitter:
        self.side = QSplitter(Qt.Orientation.Vertical)
        self.side.setObjectName("tellerSide")
        self.side.setChildrenCollapsible(False)
        self.receipts = ReceiptsPanel(self.desk)
        self.receipts.changed.connect(self.refresh)
        self.lead_panel = LeadPanel(self.desk)
        self.side.addWidget(self.receipts)
        self.side.addWidget(self.lead_panel)
        self.lead_panel.setVisible(self.may_approve)
        return self.side

    def _build_actions(self) -> None:
        primary = self.shortcut("primaryAction", "Ctrl+Return", self.primary)
        primary.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        for name, keys, slot in (("applyMailAction", "Ctrl+Shift+E", self.apply_mail),
                                 ("voidAction", "Ctrl+Shift+V", self.receipts.void),
                                 ("reprintAction", "Ctrl+Shift+P", self.receipts.reprint),
                                 ("dropAction", "Ctrl+Shift+D", self.drop),
                                 ("countAction", "Ctrl+Shift+C", self.count_drawer),
                                 ("openPageAction", "Ctrl+Shift+O", self.to_open_page),
                                 ("refreshAction", "F5", self.refresh)):
            self.shortcut(name, keys, slot)
        if self.may_approve:  # the services refuse anyone else; a clerk has no such keys
            lead = self.lead_panel
            for name, keys, slot in (("approveAction", "Ctrl+Shift+A", lead.approve),
                                     ("rejectAction", "Ctrl+Shift+R", lead.reject),
                                     ("closeDayAction", "Ctrl+Shift+K", lead.close_day)):
                self.shortcut(name, keys, slot)

    # ------------------------------------------------------------------ reading

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:  # the form gets the room; the lists at its side, 2 to 1 (3 to 2
            self._sized = True  # for a lead, whose side has the drawers to sign off too)
            width = self.splitter.width()
            form = width * 3 // 5 if self.may_approve else width * 2 // 3
            self.splitter.setSizes([form, width - form])
        self.refresh()
        self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        super().hideEvent(event)

    def refresh(self) -> None:
        """The clerk's session, its receipts (or the drawers to open), its count if in."""
        b, actor = self.backend, self.actor
        self.tasks.run(lambda: reading.read(b, actor), self._show_reading, self._refused,
                       owner=self)
        if self.may_approve:
            self.lead_panel.refresh()

    def _show_reading(self, found: reading.Reading) -> None:
        self.session = found.session
        self.receipts.show_receipts(found.receipts)
        if found.session is None:
            self.open_panel.set_drawers(found.drawers)
        elif found.result is not None and not self._recounting():
            self.count_page.show_result(found.session.drawer, found.result)
        self._show_pages()

    def _recounting(self) -> bool:
        return self.stack.currentIndex() == COUNT_PAGE and self.count_page.counting()

    def _show_pages(self) -> None:
        view, page = self.session, self.stack.currentIndex()
        if view is None:
            closed_result = page == COUNT_PAGE and self.count_page.result is not None
            self.stack.setCurrentIndex(COUNT_PAGE if closed_result else OPEN_PAGE)
        elif view.status != "open":
            self.stack.setCurrentIndex(COUNT_PAGE)
        elif page == OPEN_PAGE:
            self.stack.setCurrentIndex(RECEIPT_PAGE)
            self.form.customer_edit.setFocus()
        self.receipts.setVisible(view is not None)
        self.receipts.void_button.setEnabled(view is not None and view.status == "open")
        self.side.setVisible(view is not None or self.may_approve)
        open_ = view is not None and view.status == "open"
        for button in (self.mail_button, self.drop_button, self.count_button):
            button.setEnabled(open_ or (button is self.count_button and view is not None))
        text = reading.state_text(view, self.profile.calendar.zone)
        self.state_label.setText(text)
        self.drawer_state.emit(text)

    def _refused(self, error: UserError) -> None:
        self.message.show_message(error.message)

    def _say(self, text: str) -> None:
        self.message.clear_message()
        self.receipts.papers_label.setText(text)

    # ------------------------------------------------------------------ opening

    def primary(self) -> None:
        """Ctrl+Enter: the page's one thing."""
        page = self.stack.currentIndex()
        if page == OPEN_PAGE:
            self.open_drawer()
        elif page == RECEIPT_PAGE:
            self.post()
        elif self.count_page.counting():
            self.submit_count()

    def to_open_page(self) -> None:
        """Ctrl+Shift+O: back to opening a drawer, once the last one is closed."""
        if self.session is None:
            self.count_page.result = None
            self.stack.setCurrentIndex(OPEN_PAGE)
            self.open_panel.count.focus_first()

    def open_drawer(self) -> None:
        if self._busy or self.session is not None:
            return
        panel = self.open_panel
        panel.clear_errors()
        code, count, note = panel.drawer_code(), panel.count.value(), panel.note_edit.text()
        b, found, actor = self.backend, self.profile, self.actor
        self._run(lambda: teller.open_session(b.db, found, actor, code, count, note),
                  lambda _id: self._opened(), panel.show_refusal)

    def _opened(self) -> None:
        self.open_panel.reset()
        self.stack.setCurrentIndex(RECEIPT_PAGE)
        self.form.customer_edit.setFocus()
        self.refresh()

    def _run(self, work: Callable[[], T], on_done: Callable[[T], None],
             on_error: Callable[[UserError], None]) -> None:
        """One open, post or count at a time: a second Ctrl+Enter is ignored meanwhile."""
        self._busy = True

        def settle() -> None:
            self._busy = False

        self.tasks.run(work, on_done, on_error, on_finally=settle, owner=self)

    # ------------------------------------------------------------------ receipts

    def post(self) -> None:
        """Ctrl+Enter on the form: posted once (its key), its PDF written; or refused at its
        field with everything still typed."""
        if self._busy or self.session is None:
            return
        self.message.clear_message()
        self.form.clear_errors()
        given = self.form.receipt_input()
        b, found, actor = self.backend, self.profile, self.actor

        def work() -> tuple[ReceiptView, list[Path]]:
            view = teller.post_receipt(b.db, found, actor, given)
            return view, papers.write_receipt(b.locations, found, view)

        self._run(work, self._posted, self.form.show_refusal)

    def _posted(self, done: tuple[ReceiptView, list[Path]]) -> None:
        view, paths = done
        self.form.posted()
        change = f" Change {format_cents(view.change_cents)}." if view.change_cents else ""
        self.receipts.show_printed(f"Receipt {view.number} posted: "
                                   f"{format_cents(view.total_cents)}.{change}", paths)
        self.refresh()

    def _look_up_filing(self, number: str) -> None:
        b, found, actor = self.backend, self.profile, self.actor

        def found_it(result: LookupResult) -> None:
            compact = number.replace(" ", "").replace("-", "").upper()
            match = next((f for f in result.filings if f.document_number.upper() == compact),
                         None)
            if match is None:
                self.form.refuse_line(f"No document has the number {number}.")
            else:
                self.form.add_filing(match.document_number, match.type_label,
                                     match.fee_due_cents)

        self.tasks.run(lambda: registry.lookup(b.db, found, actor, number), found_it,
                       lambda error: self.form.refuse_line(error.message), owner=self)

    def apply_mail(self) -> None:
        """Ctrl+Shift+E: an envelope's unpaid documents and its mail-logged checks."""
        if self.stack.currentIndex() != RECEIPT_PAGE:
            self.message.show_message("Open your drawer first: mail is applied on a receipt.")
            return
        control = dialogs.ask_control(self)
        if control is None:
            return
        b, found, actor = self.backend, self.profile, self.actor
        self.tasks.run(lambda: teller_read.mail_payment(b.db, found, actor, control),
                       self._mail_found, self._refused, owner=self)

    def _mail_found(self, payment: MailPayment) -> None:
        documents, checks = self.form.apply_mail(payment)
        if not documents and not checks:
            self.message.show_message(f"Envelope {payment.control_number} has nothing left to "
                                      "pay or apply.")
            return
        self._say(f"Envelope {payment.control_number}: {documents} document"
                  f"{'' if documents == 1 else 's'} and {checks} mail check"
                  f"{'' if checks == 1 else 's'} added to the receipt.")
        self.form.payment.cash_edit.setFocus()

    # ------------------------------------------------------------------ drops

    def drop(self) -> DropDialog | None:
        """Ctrl+Shift+D: cash to the safe, counted, a lead witnessing on this screen."""
        if self.session is None or self.session.status != "open":
            self.message.show_message("Open your drawer first.")
            return None
        dialog = self.drop_dialog = open_drop(self, self.desk)
        dialog.approved.connect(self._dropped)
        dialog.finished.connect(self._drop_closed)
        return dialog

    def _drop_closed(self, _result: int) -> None:
        self.drop_dialog = None

    def _dropped(self, cents: object) -> None:
        assert isinstance(cents, int)
        self._say(f"{format_cents(cents)} dropped to the safe, witnessed.")
        self.refresh()

    # ------------------------------------------------------------------ the count

    def count_drawer(self) -> None:
        """Ctrl+Shift+C: the blind count (again, after a lead rejected the last one)."""
        if self.session is None:
            self.message.show_message("Open your drawer first.")
            return
        self.message.clear_message()
        self.count_page.start(self.session.drawer)
        self.stack.setCurrentIndex(COUNT_PAGE)
        self.count_page.cash.focus_first()

    def back_to_receipts(self) -> None:
        if self.session is not None and self.session.status == "open":
            self.count_page.result = None
            self.stack.setCurrentIndex(RECEIPT_PAGE)
            self.form.customer_edit.setFocus()

    def submit_count(self) -> None:
        if self._busy or self.session is None:
            return
        self.count_page.count_error.clear_message()
        count, view = self.count_page.count(), self.session
        b, found, actor = self.backend, self.profile, self.actor
        self._run(lambda: teller_close.submit_count(b.db, found, actor, view.id, count),
                  lambda result: self._counted(view.drawer, result), self.count_page.refuse)

    def _counted(self, drawer: str, result: CountResult) -> None:
        self.count_page.show_result(drawer, result)
        self.refresh()

    def explain(self) -> None:
        """Give reason: the clerk's reason for the difference."""
        result = self.count_page.result
        if result is None or self._busy:
            return
        self.count_page.reason_error.clear_message()
        reason = self.count_page.reason_edit.text()
        b, found, actor = self.backend, self.profile, self.actor
        self._run(lambda: teller_close.explain(b.db, found, actor, result.session_id, reason),
                  self._explained, self.count_page.refuse)

    def _explained(self, status: str) -> None:
        self.count_page.show_status(status, explained=True)
        self.refresh()
