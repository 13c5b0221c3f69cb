"""Records > Certificates (Ctrl+Shift+C): every certificate the office issued, newest first, with
what each waits for (the fee at the drawer, then its print), and the work of the certificate desk:

* Print… (Ctrl+P) releases a paid certificate, or prints it again marked REPRINT;
* Specimen… (Ctrl+Shift+S) shows it marked SPECIMEN before the customer pays;
* Verify… (Ctrl+Shift+V) answers a caller who reads out a code;
* New apostille… (Ctrl+Shift+A) and New minister licence… (Ctrl+Shift+L): the products that are
  not about an entity on the register (the record card issues the others);
* Officials… (Ctrl+Shift+O): the signatures on file, kept by leads.

One non-modal window; the list is read on the worker and refreshed after every action (F5 too).
The search matches a certificate number, an entity's number or name, a minister's name or a
charge reference (C17).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation import APP_NAME
from workstation.domain.money import format_cents
from workstation.errors import UserError
from workstation.services import certificate_read
from workstation.services.certificate_dto import IssuedCertificate
from workstation.services.certificate_read_dto import CertificateDetail, CertificateRow
from workstation.ui import theme
from workstation.ui.certificates.apostille import ApostilleDialog
from workstation.ui.certificates.issued import IssuedDialog
from workstation.ui.certificates.minister import MinisterDialog
from workstation.ui.certificates.officials import OfficialsDialog
from workstation.ui.certificates.papers import preview_specimen, print_certificate
from workstation.ui.certificates.verify import VerifyDialog
from workstation.ui.desk import Desk
from workstation.ui.service_form import ServiceForm
from workstation.ui.users_dialog import local_time
from workstation.ui.widgets.field_error import FieldError
from workstation.ui.widgets.rows_model import RowsModel

STATE_WORDS = {"unpaid": "Fee due at the drawer", "paid": "Paid: ready to print",
               "released": "Released", "void": "Fee voided: not issued"}
SEARCH_PAUSE_MS = 250
COLUMN_CHARS = 34  # the widest a list column grows
Form = TypeVar("Form", bound=ServiceForm)  # typing pauses this long before the list is read again


class CertificateModel(RowsModel[CertificateRow]):
    # What the certificate waits for comes first: the desk works from it.
    HEADINGS = ("Number", "Certificate", "State", "Amount", "Fee lines", "About", "Issued",
                "By", "Prints")
    NUMBERS = (3, 8)
    STATE = 2

    def texts(self, row: CertificateRow) -> tuple[str, ...]:
        return (row.number, row.title, STATE_WORDS.get(row.state, row.state),
                format_cents(row.amount_cents), ", ".join(row.fee_refs), row.subject,
                local_time(row.issued_at), row.issued_by, str(row.prints))

    def style(self, row: CertificateRow, column: int, role: int) -> Any:
        if (role == Qt.ItemDataRole.ForegroundRole and column == self.STATE
                and row.state == "void"):
            return QColor(theme.ERROR_TEXT)
        return None


def detail_text(detail: CertificateDetail) -> str:
    """The certificate's facts, fee lines and prints as the clerk reads them."""
    lines = [f"{detail.row.title} {detail.row.number} · verification code {detail.code}", ""]
    lines += [f"{fact.label}: {fact.value}" for fact in detail.facts]
    lines += ["", "Fee lines:"]
    lines += [f"  {fee.reference} {fee.description} — {format_cents(fee.amount_cents)} "
              f"({fee.status})" for fee in detail.fee_lines]
    lines += ["", "Prints:" if detail.prints else "Not printed yet."]
    lines += [f"  {local_time(p.printed_at)} by {p.printed_by}"
              f"{' (reprint)' if p.reprint else ' (release)'}" for p in detail.prints]
    if not detail.reprints_allowed:
        lines.append("Printed once only: no duplicates are issued.")
    return "\n".join(lines)


class CertificatesWindow(QDialog):
    """The certificate desk of one signed-in clerk; the main window closes it on lock."""

    def __init__(self, desk: Desk, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("certificatesWindow")
        self.setWindowTitle(f"Certificates — {APP_NAME}")
        self.setWindowIcon(theme.icon("app"))
        self.desk = desk
        self._token = 0  # bumped on every read asked for: older answers are dropped
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("certificateSearch")
        self.search_edit.setPlaceholderText("Certificate number, entity, minister or C17")
        self.search_edit.setClearButtonEnabled(True)
        self._pause = QTimer(self, singleShot=True, interval=SEARCH_PAUSE_MS)
        self._pause.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda _text: self._pause.start())
        self.model = CertificateModel(self)
        self.table = self._build_table()
        self.detail = QLabel("Choose a certificate.")
        self.detail.setObjectName("certificateDetail")
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = FieldError("certificatesMessage")
        self.shortcuts: dict[str, QAction] = {}
        buttons = self._build_buttons()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([600, 400])  # in proportion: the detail gets two fifths
        layout = QVBoxLayout(self)
        layout.addWidget(self.search_edit)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 180, metrics.lineSpacing() * 40)
        self.verify_dialog: VerifyDialog | None = None
        self.refresh()

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("certificateTable")
        table.setModel(self.model)
        table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        return table

    def _build_buttons(self) -> QHBoxLayout:
        buttons = QHBoxLayout()
        for name, text, keys, slot in self._action_list():
            action = self.shortcuts[name] = QAction(text.replace("&", ""), self)
            action.setShortcut(QKeySequence(keys))
            # Called without the signal's "checked": refresh() and new_apostille() take options.
            action.triggered.connect(lambda _checked=False, run=slot: run())
            self.addAction(action)
            button = QPushButton(f"{text} ({keys})")
            button.setObjectName(f"{name}Button")
            button.setAutoDefault(False)
            button.clicked.connect(action.trigger)
            buttons.addWidget(button)
        buttons.addStretch(1)
        return buttons

    def _action_list(self) -> list[tuple[str, str, str, Callable[[], object]]]:
        found: list[tuple[str, str, str, Callable[[], object]]] = [
                 ("print", "&Print…", "Ctrl+P", self.print_current),
                 ("specimen", "&Specimen…", "Ctrl+Shift+S", self.specimen_current),
                 ("verify", "&Verify…", "Ctrl+Shift+V", self.open_verify),
                 ("apostille", "New &apostille…", "Ctrl+Shift+A", self.new_apostille),
                 ("minister", "New minister &licence…", "Ctrl+Shift+L", self.new_minister),
                 ("officials", "&Officials…", "Ctrl+Shift+O", self.open_officials),
                 ("refresh", "&Refresh", "F5", self.refresh)]
        if not self.desk.profile.certificates.issues("minister_licence"):
            found = [a for a in found if a[0] != "minister"]  # Connecticut licenses none
        return found

    # ------------------------------------------------------------------ the list

    def refresh(self, then: Callable[[], None] | None = None) -> None:
        self._token += 1
        token, db, found, actor = (self._token, self.desk.backend.db, self.desk.profile,
                                   self.desk.actor)
        search, keep = self.search_edit.text(), self.current_number()

        def done(rows: tuple[CertificateRow, ...]) -> None:
            if token != self._token:
                return
            self.model.set_rows(rows)
            self._fit_columns()
            self.select(keep or (rows[0].number if rows else ""))
            if then is not None:
                then()

        self.desk.tasks.run(
            lambda: certificate_read.list_certificates(db, found, actor, search=search),
            done, self._refused, owner=self)

    def _fit_columns(self) -> None:
        """Each column as wide as its text, none wider than a long entity name: the detail
        beside the list says the rest."""
        self.table.resizeColumnsToContents()
        widest = self.fontMetrics().averageCharWidth() * COLUMN_CHARS
        for column in range(self.model.columnCount()):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), widest))

    def select(self, number: str) -> None:
        for row, cert in enumerate(self.model.rows):
            if cert.number == number:
                self.table.setCurrentIndex(self.model.index(row, 0))
                return
        if self.model.rows:
            self.table.setCurrentIndex(self.model.index(0, 0))
        else:
            self.detail.setText("No certificate matches." if self.search_edit.text() else
                                "No certificates have been issued yet.")

    def current_number(self) -> str:
        row = self.model.row_at(self.table.currentIndex())
        return row.number if row is not None else ""

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row_at(current)
        if row is None:
            return
        db, found, actor, number = (self.desk.backend.db, self.desk.profile, self.desk.actor,
                                    row.number)

        def done(detail: CertificateDetail) -> None:
            if self.current_number() == detail.row.number:
                self.detail.setText(detail_text(detail))

        self.desk.tasks.run(
            lambda: certificate_read.certificate_detail(db, found, actor, number), done,
            self._refused, owner=self)

    # ------------------------------------------------------------------ actions

    def print_current(self) -> None:
        number = self.current_number()
        if not number:
            self.message.show_message("Choose a certificate to print.")
            return
        self.message.clear_message()
        print_certificate(self, self.desk, number, self._refused,
                          then=lambda _printed: self.refresh())

    def specimen_current(self) -> None:
        number = self.current_number()
        if number:
            self.message.clear_message()
            preview_specimen(self, self.desk, number, self._refused)

    def open_verify(self) -> VerifyDialog:
        if self.verify_dialog is None:
            self.verify_dialog = VerifyDialog(self, self.desk)
            self.verify_dialog.finished.connect(self._verify_closed)
        self.verify_dialog.show()
        self.verify_dialog.activateWindow()
        self.verify_dialog.code_edit.setFocus()
        return self.verify_dialog

    def _verify_closed(self, _result: int) -> None:
        self.verify_dialog = None

    def new_apostille(self, document: str = "") -> ApostilleDialog:
        return self._issue_with(ApostilleDialog(self, self.desk, document))

    def new_minister(self) -> MinisterDialog:
        return self._issue_with(MinisterDialog(self, self.desk))

    def open_officials(self) -> OfficialsDialog:
        dialog = OfficialsDialog(self, self.desk)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _issue_with(self, form: Form) -> Form:
        """Open a product's form; what it issues is shown with its fee, then listed."""
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.recorded.connect(self._issued)
        form.open()
        return form

    def _issued(self, issued: tuple[IssuedCertificate, ...]) -> None:
        self.search_edit.clear()
        self._pause.stop()
        self.refresh(then=lambda: self.select(issued[0].number))
        shown = IssuedDialog(self, self.desk, issued)
        shown.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        shown.open()

    def _refused(self, error: UserError) -> None:
        self.message.show_message(error.message)
