"""Records > Find record (Ctrl+F): look up entities, filings and UCC records; open a record card;
check whether a name is available.

One non-modal window whose pages are a stack: the search with its results, the entity card,
the UCC card and the name availability form. Escape goes back a page, and from the search page
closes the window. Every service call runs on the database worker; an answer for a card the
clerk has left, or for a name they have changed since, is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QLineEdit, QStackedWidget, QVBoxLayout, QWidget

from workstation import APP_NAME
from workstation.errors import UserError
from workstation.services import profile, registry
from workstation.services.certificate_dto import IssuedCertificate
from workstation.services.dto import Actor
from workstation.services.registry_dto import (
    Availability,
    EntityCard,
    FilingEventInfo,
    FilingSummary,
    LookupResult,
    UccCard,
)
from workstation.startup import Backend
from workstation.ui import theme
from workstation.ui.desk import Desk

if TYPE_CHECKING:
    from workstation.ui.certificates.entity_dialog import EntityCertificateDialog
from workstation.ui.inquiry.log_contact import LogContactDialog
from workstation.ui.lookup.availability import AvailabilityPage
from workstation.ui.lookup.cards import EntityCardPage, UccCardPage
from workstation.ui.lookup.models import Labels
from workstation.ui.lookup.results import SearchPage
from workstation.ui.tasks import TaskRunner
from workstation.ui.widgets.field_error import FieldError


class LookupPanel(QDialog):
    """The record lookup of one signed-in clerk. The main window closes it on lock."""

    def __init__(self, backend: Backend, tasks: TaskRunner, actor: Actor,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lookupPanel")
        self.setWindowTitle(f"Find a record — {APP_NAME}")
        self.setWindowIcon(theme.icon("app"))
        self.backend, self.tasks, self.actor = backend, tasks, actor
        self.profile = profile.load()
        self.labels = Labels(self.profile)
        self._card_token = 0  # bumped on every card asked for or left: older answers drop
        self._trail: list[QWidget] = []  # the pages Escape goes back through

        db, found = backend.db, self.profile

        def lookup(text: str, offset: int) -> LookupResult:  # on the worker
            return registry.lookup(db, found, actor, text, offset=offset)

        self.search_page = SearchPage(self.labels, lookup, self._run)
        self.search_page.entity_chosen.connect(self.open_entity)
        self.search_page.filing_chosen.connect(self.open_filing)
        self.search_page.ucc_chosen.connect(self.open_ucc)
        self.search_page.availability_requested.connect(self.open_availability)
        self.entity_page = EntityCardPage(self.labels)
        self.entity_page.back_requested.connect(self.back)
        self.entity_page.filing_chosen.connect(self.open_history)
        self.entity_page.certificate_requested.connect(self.issue_certificate)
        self.ucc_page = UccCardPage(self.labels)
        self.ucc_page.back_requested.connect(self.back)
        self.ucc_page.record_chosen.connect(lambda record: self.open_ucc(record.id))
        self.availability_page = AvailabilityPage(self.profile, self.labels)
        self.availability_page.back_requested.connect(self.back)
        self.availability_page.check_requested.connect(self.check_name)
        self.availability_page.entity_chosen.connect(lambda entity: self.open_entity(entity.id))
        self.stack = QStackedWidget()
        for page in (self.search_page, self.entity_page, self.ucc_page,
                     self.availability_page):
            self.stack.addWidget(page)
        self.message = FieldError("lookupMessage")  # a refusal that belongs to no field
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.message)

        contact = QAction(self)  # a phone call about the record on screen, linked to it
        contact.setObjectName("logContactAction")
        contact.setShortcut(QKeySequence("Ctrl+Shift+P"))
        contact.triggered.connect(self.log_contact)
        self.addAction(contact)
        certificate = QAction(self)  # Issue certificate… for the entity on screen
        certificate.setObjectName("issueCertificateAction")
        certificate.setShortcut(QKeySequence("Ctrl+Shift+I"))
        certificate.triggered.connect(self.issue_certificate)
        self.addAction(certificate)
        find = QAction(self)  # Ctrl+F in this window too: a new search
        find.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        find.triggered.connect(self.focus_search)
        self.addAction(find)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 160, metrics.lineSpacing() * 46)
        self.search_page.search_edit.setFocus()

    @property
    def search_edit(self) -> QLineEdit:
        return self.search_page.search_edit

    def _run(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
             on_error: Callable[[UserError], None]) -> None:
        self.tasks.run(fn, on_done, on_error, owner=self)

    # ------------------------------------------------------------------ pages and keys

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.stack.currentWidget() is not self.search_page:
            self.back()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.focusWidget() is self.availability_page.type_combo:
                self.availability_page.submit()
            return  # never "press the default button": there is none here
        super().keyPressEvent(event)

    def _go_to(self, page: QWidget) -> None:
        self.message.clear_message()
        current = self.stack.currentWidget()
        if current is not None and current is not page:
            self._trail.append(current)
            self.stack.setCurrentWidget(page)

    def back(self) -> None:
        """Escape on a card or the availability form: the page the clerk came from."""
        self._card_token += 1
        self.message.clear_message()
        page = self._trail.pop() if self._trail else self.search_page
        self.stack.setCurrentWidget(page)
        if page is self.search_page:
            self.search_page.restore_focus()
        elif page is self.availability_page:
            self.availability_page.conflict_table.setFocus()

    def log_contact(self) -> LogContactDialog:
        """Ctrl+Shift+P: log a phone call or a visit about the record card on screen (linked to
        it), or about nothing in particular from the search page."""
        links: tuple[tuple[str, int], ...] = ()
        about = ""
        page = self.stack.currentWidget()
        if page is self.entity_page and self.entity_page.card is not None:
            entity = self.entity_page.card.summary
            links, about = (("entity", entity.id),), f"{entity.number} · {entity.name}"
        elif page is self.ucc_page and self.ucc_page.card is not None:
            record = self.ucc_page.card.record
            links, about = (("ucc", record.id),), f"UCC {record.file_number}"
        dialog = LogContactDialog(self.backend, self.tasks, self.actor, self.profile, self,
                                  links=links, about=about)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.logged.connect(lambda _id, number: self.message.show_message(
            f"Logged as inquiry {number}."))
        dialog.open()
        return dialog

    def issue_certificate(self) -> EntityCertificateDialog | None:
        """Ctrl+Shift+I on an entity's card: good standing, status or certified copies; then
        what the customer pays at the drawer, and Print… once paid."""
        card = self.entity_page.card
        if self.stack.currentWidget() is not self.entity_page or card is None:
            self.message.show_message("Open an entity's card first: certificates are issued "
                                      "from the record card.")
            return None
        # Imported when first asked for: QtPdf and the certificate services stay off start-up.
        from workstation.ui.certificates.entity_dialog import EntityCertificateDialog

        desk = Desk(self.backend, self.tasks, self.profile, self.actor)
        dialog = EntityCertificateDialog(self, desk, card)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.recorded.connect(lambda issued: self._issued(desk, issued))
        dialog.open()
        return dialog

    def _issued(self, desk: Desk, issued: tuple[IssuedCertificate, ...]) -> None:
        from workstation.ui.certificates.issued import IssuedDialog, pay_line

        self.message.show_message(f"Issued {', '.join(c.number for c in issued)}. "
                                  f"{pay_line(issued)}")
        shown = IssuedDialog(self, desk, issued)
        shown.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        shown.open()

    def focus_search(self) -> None:
        """Ctrl+F again: back to the search field, its text selected for a new search."""
        self._card_token += 1
        self._trail.clear()
        self.message.clear_message()
        self.stack.setCurrentWidget(self.search_page)
        self.search_page.focus_search()

    # ------------------------------------------------------------------ cards

    def open_entity(self, entity_id: int, filing: FilingSummary | None = None) -> None:
        """The entity's card; coming from a filing, that filing's history too."""
        self._card_token += 1
        token, db, found, actor = self._card_token, self.backend.db, self.profile, self.actor

        def done(card: EntityCard) -> None:
            if token != self._card_token:
                return
            self._go_to(self.entity_page)
            self.entity_page.show_card(card)
            chosen = self.entity_page.select_filing(filing.id) if filing else None
            if chosen is not None:
                self.open_history(chosen)

        self._run(lambda: registry.entity_card(db, found, actor, entity_id), done,
                  lambda error: self._card_refused(token, error))

    def open_filing(self, filing: FilingSummary) -> None:
        if filing.entity_id is None:
            self.message.show_message(f"Filing {filing.document_number} is not filed against "
                                      "an entity on the register.")
        else:
            self.open_entity(filing.entity_id, filing)

    def open_filing_number(self, number: str) -> None:
        """A filing named by its document number (research from an inquiry): its entity's
        card with the filing's history, or the search page when it is not on the register."""
        self.search_edit.setText(number)
        db, found, actor = self.backend.db, self.profile, self.actor

        def done(result: LookupResult) -> None:
            if len(result.filings) == 1:
                self.open_filing(result.filings[0])
            else:
                self.search_page.search_now()

        self._run(lambda: registry.lookup(db, found, actor, number), done,
                  lambda error: self.message.show_message(error.message))

    def open_ucc(self, record_id: int) -> None:
        self._card_token += 1
        token, db, found, actor = self._card_token, self.backend.db, self.profile, self.actor

        def done(card: UccCard) -> None:
            if token == self._card_token:
                self._go_to(self.ucc_page)
                self.ucc_page.show_card(card)

        self._run(lambda: registry.ucc_card(db, found, actor, record_id), done,
                  lambda error: self._card_refused(token, error))

    def open_history(self, filing: FilingSummary) -> None:
        token, db, actor = self._card_token, self.backend.db, self.actor

        def done(events: tuple[FilingEventInfo, ...]) -> None:
            if token == self._card_token:
                self.entity_page.show_history(filing, events)

        self._run(lambda: registry.filing_history(db, actor, filing.id), done,
                  lambda error: self._card_refused(token, error))

    def _card_refused(self, token: int, error: UserError) -> None:
        if token == self._card_token:
            self.message.show_message(error.message)

    # ------------------------------------------------------------------ name availability

    def open_availability(self) -> None:
        page = self.availability_page
        if not page.name_edit.text():  # most often the name just looked up
            page.name_edit.setText(self.search_edit.text().strip())
        self._go_to(page)
        page.focus_name()

    def check_name(self, name: str, entity_type: str) -> None:
        db, found, actor, page = self.backend.db, self.profile, self.actor, self.availability_page

        def current() -> bool:
            return (name, entity_type) == (page.name_edit.text(), page.entity_type())

        def done(answer: Availability) -> None:
            if current():
                page.show_availability(answer)

        def refused(error: UserError) -> None:
            if current():
                page.show_refusal(error)

        self._run(lambda: registry.name_availability(db, found, actor, name, entity_type),
                  done, refused)
