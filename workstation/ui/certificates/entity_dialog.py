"""Issue certificate… from an entity's record card (Ctrl+Shift+I): a certificate of good standing,
a certificate of status, or certified copies of documents on file, ticked in the entity's list.

Good standing is offered first when the card shows it; otherwise status is. When the service
refuses good standing it names every reason at the choice and moves the choice to a certificate
of status, so Enter again issues that. The documents are loaded on the worker when the dialog
opens; those that cannot be certified (not filed) are shown greyed with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QLabel,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.fees import FeeError
from workstation.domain.money import format_cents
from workstation.errors import UserError
from workstation.services import certificates, certified_copies
from workstation.services.certified_copies import CopyableDocument
from workstation.services.registry_dto import EntityCard
from workstation.ui.desk import Desk
from workstation.ui.lookup.models import day
from workstation.ui.service_form import ServiceForm

KINDS = (("good_standing", "Certificate of &good standing"), ("status", "Certificate of &status"),
         ("certified_copy", "Certified &copies of documents on file"))
COLUMNS = ("Document", "Filing", "Filed", "Pages", "Fee")


class EntityCertificateDialog(ServiceForm):
    """Which certificate for this entity; ``recorded`` carries the issued certificates."""

    documents_loaded = Signal()

    def __init__(self, parent: QWidget | None, desk: Desk, card: EntityCard):
        entity = card.summary
        super().__init__(parent, desk, "entityCertificateDialog",
                         f"Issue a certificate for {entity.number}", "&Issue")
        self.card, self.number = card, entity.number
        self.documents: tuple[CopyableDocument, ...] = ()
        about = QLabel(f"{entity.name} · {entity.number} · {entity.type_label}")
        about.setObjectName("certificateEntity")
        about.setWordWrap(True)
        self.form.addRow(about)
        self.group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        choices = QWidget()
        column = QVBoxLayout(choices)
        column.setContentsMargins(0, 0, 0, 0)
        for kind, text in KINDS:
            if not desk.profile.certificates.issues(kind):
                continue
            radio = self.radios[kind] = QRadioButton(f"{text}{self._fee_text(kind)}")
            radio.setObjectName(f"kind_{kind}")
            radio.toggled.connect(self._kind_changed)
            self.group.addButton(radio)
            column.addWidget(radio)
        self.add_field("Certificate", choices, "entity")
        self.focus_of["entity"] = next(iter(self.radios.values()))
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("copyDocuments")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.itemChanged.connect(lambda _item: self._show_total())
        self.add_below(self.table, 1)
        self.documents_error = self.field_error("documents", self.table)
        self.add_below(self.documents_error)
        self.total = QLabel()
        self.total.setObjectName("copyTotal")
        self.add_below(self.total)
        first = "good_standing" if card.in_good_standing else "status"
        self.radios.get(first, next(iter(self.radios.values()))).setChecked(True)
        self._kind_changed()
        self.finish()
        self.resize(self.fontMetrics().averageCharWidth() * 96,
                    self.fontMetrics().lineSpacing() * 30)
        self._load_documents()

    def _fee_text(self, kind: str) -> str:
        product = self.desk.profile.certificates.product(kind)
        try:
            cents = self.desk.profile.fee_amount(product.fee_code)
        except FeeError:
            return ""
        each = " per document, plus copies" if kind == "certified_copy" else ""
        return f" — {format_cents(cents)}{each}"

    def kind(self) -> str:
        return next((k for k, radio in self.radios.items() if radio.isChecked()), "status")

    def _kind_changed(self) -> None:
        copies = self.kind() == "certified_copy"
        self.table.setEnabled(copies)
        self.total.setVisible(copies)
        self._show_total()

    # ------------------------------------------------------------------ documents

    def _load_documents(self) -> None:
        if "certified_copy" not in self.radios:
            return
        db, found, actor, number = (self.desk.backend.db, self.desk.profile, self.desk.actor,
                                    self.number)
        self.desk.tasks.run(
            lambda: certified_copies.copyable_documents(db, found, actor, number),
            self._show_documents, self.refused, owner=self)

    def _show_documents(self, documents: tuple[CopyableDocument, ...]) -> None:
        self.documents = documents
        self.table.blockSignals(True)
        self.table.setRowCount(len(documents))
        for row, doc in enumerate(documents):
            texts = (doc.document_number, doc.title, day(doc.filed_on), str(doc.pages),
                     format_cents(doc.fee_cents) if doc.copyable else doc.why_not)
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                flags = Qt.ItemFlag.ItemIsSelectable
                if doc.copyable:
                    flags |= Qt.ItemFlag.ItemIsEnabled
                if column == 0 and doc.copyable:
                    flags |= Qt.ItemFlag.ItemIsUserCheckable
                    item.setCheckState(Qt.CheckState.Unchecked)
                item.setFlags(flags)
                item.setToolTip(doc.why_not or text)
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self._show_total()
        self.documents_loaded.emit()

    def picked(self) -> list[CopyableDocument]:
        return [doc for row, doc in enumerate(self.documents)
                if (item := self.table.item(row, 0)) is not None
                and item.checkState() == Qt.CheckState.Checked]

    def pick(self, document_number: str) -> None:
        """Tick a document (the keyboard: Space on the row does the same)."""
        for row, doc in enumerate(self.documents):
            item = self.table.item(row, 0)
            if doc.document_number == document_number and item is not None:
                item.setCheckState(Qt.CheckState.Checked)

    def _show_total(self) -> None:
        picked = self.picked()
        total = sum(doc.fee_cents for doc in picked)
        pages = sum(doc.pages for doc in picked)
        self.total.setText(f"{len(picked)} document(s) ticked, {pages} page(s): "
                           f"{format_cents(total)} to pay" if picked else
                           "Tick each document to certify (Space on a row).")

    # ------------------------------------------------------------------ issuing

    def work(self) -> Callable[[], Any] | None:
        db, found, actor, number, kind = (self.desk.backend.db, self.desk.profile,
                                          self.desk.actor, self.number, self.kind())
        if kind == "good_standing":
            return lambda: (certificates.issue_good_standing(db, found, actor, number),)
        if kind == "status":
            return lambda: (certificates.issue_status(db, found, actor, number),)
        chosen = [doc.document_number for doc in self.picked()]
        return lambda: certified_copies.issue_certified_copies(db, found, actor, number, chosen)

    def refused(self, error: UserError) -> None:
        super().refused(error)
        if error.code == "not_in_good_standing" and "status" in self.radios:
            self.radios["status"].setChecked(True)  # what can be issued instead: Enter again
