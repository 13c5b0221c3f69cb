"""New apostille… (Ctrl+Shift+A in the certificates window): one document, the public official who
signed it (picked from the signatures on file), the country where it will be used, and whether
the cover letter naming that country came with it.

While the country is typed the form says what the office will issue: an apostille for a party to
the Convention, a certificate of authentication for any other country (then legalized by the US
Department of State), or why nothing can be issued (a country in the United States). The rule is
the service's own (``apostilles.destination_of``, no database), so the screen and the service
never disagree; the service checks it again when the clerk presses Issue.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QCompleter, QLabel, QLineEdit, QWidget

from workstation.domain.fees import FeeError
from workstation.domain.money import format_cents
from workstation.errors import UserError
from workstation.services import apostilles, officials
from workstation.services.officials import OfficialView
from workstation.ui import theme
from workstation.ui.desk import Desk
from workstation.ui.service_form import ServiceForm


def official_text(official: OfficialView) -> str:
    return (f"{official.name} — {official.title}, {official.jurisdiction} "
            f"(specimen {official.specimen_on.isoformat()})")


class ApostilleDialog(ServiceForm):
    """``recorded`` carries the one certificate issued (an apostille or an authentication)."""

    officials_loaded = Signal()

    def __init__(self, parent: QWidget | None, desk: Desk, document: str = ""):
        super().__init__(parent, desk, "apostilleDialog", "New apostille or authentication",
                         "&Issue")
        self.officials: tuple[OfficialView, ...] = ()
        self.official_combo = QComboBox()
        self.official_combo.setObjectName("apostilleOfficial")
        self.official_combo.setEditable(True)
        self.official_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        finder = self.official_combo.completer()
        if finder is not None:
            finder.setFilterMode(Qt.MatchFlag.MatchContains)
            finder.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.document_edit = QLineEdit(document)
        self.document_edit.setObjectName("apostilleDocument")
        self.document_edit.setPlaceholderText("What it is: Birth certificate of Ana Lopez")
        self.country_edit = QLineEdit()
        self.country_edit.setObjectName("apostilleCountry")
        names = sorted({name for c in apostilles.countries() for name in c.names})
        completer = QCompleter(names, self.country_edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchStartsWith)
        self.country_edit.setCompleter(completer)
        self.country_edit.textChanged.connect(self._show_destination)
        self.destination = QLabel()
        self.destination.setObjectName("apostilleDestination")
        self.destination.setWordWrap(True)
        self.cover_box = QCheckBox("A cover &letter naming the country came with it")
        self.cover_box.setObjectName("apostilleCoverLetter")
        self.requester_edit = QLineEdit()
        self.requester_edit.setObjectName("apostilleRequester")
        self.add_field("Signed &by", self.official_combo, "official")
        self.add_field("&Document", self.document_edit, "document")
        self.add_field("&Country of use", self.country_edit, "country")
        self.form.addRow("", self.destination)
        self.add_field("", self.cover_box, "cover_letter")
        self.add_field("&Requested by", self.requester_edit, "requester")
        self._show_destination("")
        self.finish()
        self._load_officials()

    def _load_officials(self) -> None:
        db, actor = self.desk.backend.db, self.desk.actor
        self.desk.tasks.run(lambda: officials.list_officials(db, actor), self._show_officials,
                            self.refused, owner=self)

    def _show_officials(self, found: tuple[OfficialView, ...]) -> None:
        self.officials = found
        self.official_combo.clear()
        for official in found:
            self.official_combo.addItem(official_text(official), official.id)
        self.official_combo.setCurrentIndex(-1)
        self.official_combo.setEditText("")
        if not found:
            self.errors["official"].show_message(
                "No signatures are on file: a lead adds the official first (Officials…).")
        self.officials_loaded.emit()

    def choose_official(self, official_id: int) -> None:
        self.official_combo.setCurrentIndex(self.official_combo.findData(official_id))

    def _show_destination(self, text: str) -> None:
        if not text.strip():
            self.destination.setText("Type the country the cover letter names.")
            self.destination.setStyleSheet(f"color: {theme.MUTED_TEXT};")
            return
        try:
            found = apostilles.destination_of(self.desk.profile, text)
        except UserError as error:
            self.destination.setText(error.message)
            self.destination.setStyleSheet(f"color: {theme.ERROR_TEXT};")
            return
        product = self.desk.profile.certificates.product(found.kind)
        what = ("an apostille: it is a party to the Apostille Convention"
                if found.kind == "apostille" else
                "a certificate of authentication: it is not a party to the Convention, so the "
                "document is then legalized by the US Department of State and its embassy")
        fee = self._fee(product.fee_code)
        note = f" {found.note}" if found.note else ""
        self.destination.setText(f"{found.name}: {what}.{fee}{note}")
        self.destination.setStyleSheet("")

    def _fee(self, code: str) -> str:
        try:
            return f" Fee {format_cents(self.desk.profile.fee_amount(code))}."
        except FeeError:
            return ""

    def work(self) -> Callable[[], Any] | None:
        chosen = self.official_combo.currentData()
        if chosen is None or self.official_combo.currentText() != self.official_combo.itemText(
                self.official_combo.currentIndex()):
            self.refused(UserError("Pick the official who signed the document from the "
                                   "signatures on file.", field="official"))
            return None
        request = apostilles.ApostilleRequest(
            official_id=int(chosen), document=self.document_edit.text(),
            country=self.country_edit.text(), cover_letter=self.cover_box.isChecked(),
            requester=self.requester_edit.text())
        db, found, actor = self.desk.backend.db, self.desk.profile, self.desk.actor
        return lambda: (apostilles.issue_apostille(db, found, actor, request),)
