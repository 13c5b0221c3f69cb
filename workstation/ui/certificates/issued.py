"""What the clerk sees right after issuing: each certificate's number and what the customer pays
at the drawer (the charge references the teller types, C17), with Specimen… to check the wording
and Print… once paid. Print before payment is refused at the message line, in the service's
words; nothing is lost, the certificate waits in Records > Certificates."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation import APP_NAME
from workstation.domain.money import format_cents
from workstation.errors import UserError
from workstation.services.certificate_dto import IssuedCertificate
from workstation.ui.certificates.papers import preview_specimen, print_certificate
from workstation.ui.desk import Desk
from workstation.ui.widgets.field_error import FieldError


def pay_line(issued: Sequence[IssuedCertificate]) -> str:
    """"Pay $9.00 at the drawer: C12 $5.00, C13 $4.00." for the clerk to read out."""
    lines = [line for cert in issued for line in cert.fee_lines]
    total = sum(cert.amount_cents for cert in issued)
    refs = ", ".join(f"{line.reference} {format_cents(line.amount_cents)}" for line in lines)
    return f"The customer pays {format_cents(total)} at the drawer: {refs}."


class IssuedDialog(QDialog):
    """The certificates just issued; Print… and Specimen… act on the current row."""

    def __init__(self, parent: QWidget | None, desk: Desk,
                 issued: Sequence[IssuedCertificate]):
        super().__init__(parent)
        self.setObjectName("issuedDialog")
        self.setWindowTitle(f"Issued — {APP_NAME}")
        self.desk, self.issued = desk, tuple(issued)
        words = "certificate" if len(self.issued) == 1 else f"{len(self.issued)} certificates"
        intro = QLabel(f"Issued {words}. {pay_line(self.issued)} Each prints once paid.")
        intro.setObjectName("issuedIntro")
        intro.setWordWrap(True)
        self.table = QTableWidget(len(self.issued), 4)
        self.table.setObjectName("issuedTable")
        self.table.setHorizontalHeaderLabels(("Number", "Certificate", "Fee lines", "Amount"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        for row, cert in enumerate(self.issued):
            refs = ", ".join(line.reference for line in cert.fee_lines) or cert.charge_reference
            for column, text in enumerate((cert.number, cert.title, refs,
                                           format_cents(cert.amount_cents))):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectRow(0)
        self.message = FieldError("issuedMessage")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button = QPushButton("&Print…")
        self.print_button.setObjectName("printIssued")
        self.print_button.clicked.connect(self.print_current)
        self.specimen_button = QPushButton("&Specimen…")
        self.specimen_button.setObjectName("specimenIssued")
        self.specimen_button.clicked.connect(self.specimen_current)
        for button in (self.specimen_button, self.print_button):
            button.setAutoDefault(False)
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 90,
                    self.fontMetrics().lineSpacing() * (10 + len(self.issued)))

    def current(self) -> IssuedCertificate:
        return self.issued[max(self.table.currentRow(), 0)]

    def print_current(self) -> None:
        self.message.clear_message()
        print_certificate(self, self.desk, self.current().number, self._refused)

    def specimen_current(self) -> None:
        self.message.clear_message()
        preview_specimen(self, self.desk, self.current().number, self._refused)

    def _refused(self, error: UserError) -> None:
        self.message.show_message(error.message)
