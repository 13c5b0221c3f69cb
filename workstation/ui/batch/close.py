"""The end of a batch on screen: a second person's quality check of an accepted document (Match,
or Mismatch naming the fields and what is wrong), the papers the close writes (the report PDF
and the imaging manifest CSV, in the print folder) and a rejection letter's PDF.

The check's dialog calls the service itself and stays open, with the refusal at its field,
until the check is recorded. Files are never overwritten: a batch closed again after a reopen
gets ``-2`` on its report, so the first report stays as it was signed.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from workstation import APP_NAME
from workstation.errors import UserError
from workstation.paths import Locations
from workstation.services import batch_closing, profile
from workstation.services.batch_closing import QC_FIELDS, Closed
from workstation.services.batch_read import ItemRow
from workstation.services.dto import Actor
from workstation.startup import Backend
from workstation.ui import theme
from workstation.ui.print_folder import fresh_path, print_dir, write_paper
from workstation.ui.tasks import TaskRunner
from workstation.ui.widgets.buttons import ok_cancel
from workstation.ui.widgets.field_error import FieldError

QC_WORDS = {"certificate": "Certificate", "check": "Check (payment)", "address": "Address",
            "name": "Name", "agent": "Agent"}


def problem_lines(message: str) -> list[str]:
    """A refused close's message, one problem a line."""
    return [part.strip() for part in re.split(r"(?<=\.)\s+(?=[A-Z0-9])", message)
            if part.strip()]


def write_close(locations: Locations, closed: Closed) -> tuple[Path, Path]:
    """The close report and the imaging manifest, in the print folder."""
    folder, number = print_dir(locations), closed.batch_number
    done = f"Batch {number} is closed"
    report = write_paper(fresh_path(folder, f"batch-close-{number}", ".pdf"), closed.report_pdf,
                    "close report", done)
    manifest = write_paper(fresh_path(folder, f"imaging-manifest-{number}", ".csv"),
                      closed.manifest, "imaging manifest", done)
    return report, manifest


def write_letter(locations: Locations, document_number: str, pdf: bytes) -> Path:
    return write_paper(fresh_path(print_dir(locations), f"rejection-{document_number}", ".pdf"),
                  pdf, "rejection letter", "The decision is recorded")


class QualityCheckDialog(QDialog):
    """Ctrl+Shift+Q: the accepted document's key fields against the paper."""

    checked = Signal(int)  # filing id

    def __init__(self, backend: Backend, tasks: TaskRunner, actor: Actor, item: ItemRow,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("qualityCheckDialog")
        self.setWindowTitle(f"Quality check {item.document_number} — {APP_NAME}")
        self.backend, self.tasks, self.actor, self.item = backend, tasks, actor, item
        self.match_radio = QRadioButton("&Match: the record says what the paper says")
        self.match_radio.setObjectName("qcMatch")
        self.mismatch_radio = QRadioButton("Mi&smatch")
        self.mismatch_radio.setObjectName("qcMismatch")
        self.match_radio.setChecked(True)
        self.mismatch_radio.toggled.connect(self._kind_changed)
        self.field_boxes: dict[str, QCheckBox] = {}
        boxes = QHBoxLayout()
        for code in QC_FIELDS:
            box = self.field_boxes[code] = QCheckBox(QC_WORDS.get(code, code.capitalize()))
            box.setObjectName(f"qc_{code}")
            boxes.addWidget(box)
        boxes.addStretch(1)
        self.fields_error = FieldError("qcFieldsError")
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("qcNote")
        self.note_edit.setPlaceholderText("What is wrong (a mismatch must say)")
        self.note_error = FieldError("qcNoteError")
        self.error = FieldError("qcError")
        about = QLabel(f"{item.document_number} · {item.type_label} · {item.entity or '—'} · "
                       f"examined by {item.examiner or '?'}")
        about.setWordWrap(True)
        about.setStyleSheet(f"color: {theme.MUTED_TEXT};")
        form = QFormLayout()
        form.addRow(about)
        form.addRow(self.match_radio)
        form.addRow(self.mismatch_radio)
        form.addRow("Fields", boxes)
        form.addRow("", self.fields_error)
        form.addRow("&Note", self.note_edit)
        form.addRow("", self.note_error)
        buttons, self.ok_button = ok_cancel("&Record check", self.submit, self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        save = QAction(self)
        save.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        save.triggered.connect(self.submit)
        self.addAction(save)
        self._kind_changed()
        self.resize(self.fontMetrics().averageCharWidth() * 80, self.sizeHint().height())
        self.match_radio.setFocus()

    def _kind_changed(self) -> None:
        for box in self.field_boxes.values():
            box.setEnabled(self.mismatch_radio.isChecked())

    def submit(self) -> None:
        if not self.ok_button.isEnabled():
            return
        for label in (self.fields_error, self.note_error, self.error):
            label.clear_message()
        matches = self.match_radio.isChecked()
        fields = () if matches else tuple(c for c, b in self.field_boxes.items()
                                          if b.isChecked())
        note, filing_id = self.note_edit.text(), self.item.filing_id
        b, actor = self.backend, self.actor
        self.ok_button.setEnabled(False)
        self.tasks.run(
            lambda: batch_closing.quality_check(b.db, profile.load(), actor, filing_id, matches,
                                                fields, note),
            lambda _id: self._recorded(), self._refused,
            on_finally=lambda: self.ok_button.setEnabled(True), owner=self)

    def _recorded(self) -> None:
        self.checked.emit(self.item.filing_id)
        self.accept()

    def _refused(self, error: UserError) -> None:
        if error.field == "fields" or (error.field == "note" and not any(
                b.isChecked() for b in self.field_boxes.values())):
            self.fields_error.show_message(error.message)
            next(iter(self.field_boxes.values())).setFocus()
        elif error.field == "note":
            self.note_error.show_message(error.message)
            self.note_edit.setFocus()
        else:
            self.error.show_message(error.message)
