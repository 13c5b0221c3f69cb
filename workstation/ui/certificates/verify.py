"""Verify a certificate (Ctrl+Shift+V in the certificates window): the code a caller reads out or
scans, optionally the facts they read off their copy and the PDF file they were sent. The answer
says in words whether the office issued it, and shows what the certificate really stated, so the
clerk can read it back to the caller.

Facts are typed one per line as ``label = value`` (the label printed on the certificate, e.g.
``Charter number = 4419203``); a line without ``=`` is pointed out at the field, not ignored.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from workstation.errors import UserError
from workstation.services import certificates
from workstation.services.certificate_dto import ALTERED, DIFFERENT_FACTS, VALID, Verification
from workstation.ui import theme
from workstation.ui.desk import Desk
from workstation.ui.service_form import ServiceForm

HEADLINES = {VALID: "Valid", DIFFERENT_FACTS: "Issued, for different facts",
             ALTERED: "Altered file", "not_issued": "Not issued by this office"}
GOOD = "#1e7b34"


def parse_facts(text: str) -> dict[str, str]:
    """``label = value`` lines into a mapping; UserError (field "facts") naming a bad line."""
    facts: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        label, sep, value = line.partition("=")
        if not sep or not label.strip() or not value.strip():
            raise UserError(f"Line {n} is not 'label = value' (for example "
                            "'Entity name = Maple Orchard LLC').", field="facts")
        facts[label.strip()] = value.strip()
    return facts


def read_pdf(path: str) -> bytes:
    """The caller's file; UserError at the field "pdf" when it cannot be read."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UserError(f"The file could not be read: {exc.strerror or exc}.",
                        field="pdf") from exc


class VerifyDialog(ServiceForm):
    """The look-up form above, the answer below; it stays open for the next caller."""

    def __init__(self, parent: QWidget | None, desk: Desk):
        super().__init__(parent, desk, "verifyDialog", "Verify a certificate", "&Verify")
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("verifyCode")
        self.code_edit.setPlaceholderText("4821-5539-217, as printed or scanned")
        self.pdf_edit = QLineEdit()
        self.pdf_edit.setObjectName("verifyPdf")
        self.pdf_edit.setPlaceholderText("optional: the PDF the caller was sent")
        browse = QPushButton("&Browse…")
        browse.setAutoDefault(False)
        browse.clicked.connect(self._browse)
        pdf_row = QWidget()
        row = QHBoxLayout(pdf_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.pdf_edit, 1)
        row.addWidget(browse)
        self.facts_edit = QPlainTextEdit()
        self.facts_edit.setObjectName("verifyFacts")
        self.facts_edit.setPlaceholderText("optional, one per line: Charter number = 4419203")
        self.facts_edit.setTabChangesFocus(True)
        self.facts_edit.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        self.add_field("Verification &code", self.code_edit, "code")
        self.add_field("&PDF file", pdf_row, "pdf")
        self.focus_of["pdf"] = self.pdf_edit
        self.add_field("&Facts to check", self.facts_edit, "facts")
        self.headline = QLabel()
        self.headline.setObjectName("verifyOutcome")
        self.answer = QLabel()
        self.answer.setObjectName("verifyAnswer")
        self.answer.setWordWrap(True)
        self.stated = QTableWidget(0, 2)
        self.stated.setObjectName("verifyFactsTable")
        self.stated.setHorizontalHeaderLabels(("Stated on the certificate", "Value"))
        self.stated.horizontalHeader().setStretchLastSection(True)
        self.stated.verticalHeader().hide()
        self.stated.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for widget in (self.headline, self.answer, self.stated):
            self.add_below(widget, 1 if widget is self.stated else 0)
        self._show(None)
        self.finish()
        self.resize(self.width(), self.fontMetrics().lineSpacing() * 34)
        self.verification: Verification | None = None

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "The certificate's PDF", "", "PDF (*.pdf)")
        if chosen:
            self.pdf_edit.setText(chosen)

    def work(self) -> Callable[[], Any] | None:
        code, path = self.code_edit.text(), self.pdf_edit.text().strip()
        try:
            facts = parse_facts(self.facts_edit.toPlainText())
        except UserError as error:
            self.refused(error)
            return None
        db, found, actor = self.desk.backend.db, self.desk.profile, self.desk.actor

        def look_up() -> Verification:  # on the worker: the file is read there too
            return certificates.verify(db, found, actor, code, facts=facts,
                                       pdf=read_pdf(path) if path else None)

        return look_up

    def _recorded(self, result: object) -> None:  # a look-up: show it, stay open
        assert isinstance(result, Verification)
        self.verification = result
        self._show(result)

    def _show(self, found: Verification | None) -> None:
        shown = found is not None
        for widget in (self.headline, self.answer, self.stated):
            widget.setVisible(shown)
        if found is None:
            return
        colour = GOOD if found.valid else theme.ERROR_TEXT
        self.headline.setText(f"{HEADLINES.get(found.outcome, found.outcome)} · {found.code}")
        self.headline.setStyleSheet(f"color: {colour}; font-weight: bold; font-size: 120%;")
        differences = "".join(f"\n• {d}" for d in found.differences)
        self.answer.setText(found.message + differences)
        self.stated.setRowCount(len(found.facts))
        for row, fact in enumerate(found.facts):
            self.stated.setItem(row, 0, QTableWidgetItem(fact.label))
            self.stated.setItem(row, 1, QTableWidgetItem(fact.value))
        self.stated.resizeColumnToContents(0)
        self.stated.setVisible(bool(found.facts))

    def refused(self, error: UserError) -> None:
        self._show(None)
        super().refused(error)
