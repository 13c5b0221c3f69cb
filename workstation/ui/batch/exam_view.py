"""What the examination panel shows and keeps: the taken document's header, the fields typed
from its paper, its checklist and reason list, the message line; taking a document, loading and
re-checking its examination, and the memory of what was typed, answered and ticked on each
document (kept while the panel lives, so nothing typed is lost on switching or on an error).

The decisions themselves are examine.py's ``ExaminePanel``, built on this.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from workstation.domain.money import format_cents
from workstation.errors import ConflictError, UserError
from workstation.services import batch_read, batch_review
from workstation.services.batch_read import ExaminationView, ItemRow
from workstation.services.batch_review import OPEN_FILING, Taken
from workstation.services.dto import Actor
from workstation.services.profile import Profile
from workstation.startup import Backend
from workstation.ui import theme
from workstation.ui.batch import dialogs
from workstation.ui.batch.checklist import (
    ChecklistTable,
    ReasonList,
    answerable,
    finding_text,
)
from workstation.ui.batch.fields import PaperFields
from workstation.ui.batch.models import decision_text
from workstation.ui.inquiry.case import plain_label, push_button
from workstation.ui.tasks import TaskRunner
from workstation.ui.widgets.field_error import FieldError


@dataclass
class Memory:
    """What the examiner typed, answered and ticked on one document."""

    values: dict[str, str] = field(default_factory=dict)
    typed: dict[str, str] | None = None  # the same, as the checklist reads it
    answers: dict[str, bool] = field(default_factory=dict)
    ticks: dict[str, bool] = field(default_factory=dict)
    money: dialogs.MoneyChoice | None = None
    hold: dialogs.HoldChoice | None = None


class ExamView(QFrame):
    decided = Signal(int)  # filing id, after a decision was recorded

    def __init__(self, backend: Backend, tasks: TaskRunner, actor: Actor, profile: Profile,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("examinePanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.backend, self.tasks, self.actor, self.profile = backend, tasks, actor, profile
        self.view: ExaminationView | None = None
        self.version: int | None = None  # the taken filing's version: None means read-only
        self.memory: dict[int, Memory] = {}
        self.last_letter: Path | None = None
        self._build()
        self._show_buttons()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.title = plain_label("examTitle", "font-size: 12pt; font-weight: bold;")
        self.title.setText("No document taken")
        self.title.setWordWrap(True)
        self.facts = plain_label("examFacts", f"color: {theme.MUTED_TEXT};")
        self.facts.setText("Enter on a document in the batch takes it and examines it here.")
        self.facts.setWordWrap(True)
        self.message = FieldError("examMessage")
        self.note = plain_label("examNote", f"color: {theme.MUTED_TEXT};")
        self.note.setWordWrap(True)
        self.fields = PaperFields(self.profile)
        self.fields.edited.connect(self._edited)
        paper = QGroupBox("From the paper")
        QVBoxLayout(paper).addWidget(self.fields)
        self.checklist = ChecklistTable()
        self.checklist.answered.connect(self._answered)
        self.checklist.refused.connect(self.message.show_message)
        self.reasons = ReasonList()
        self.reasons.setMaximumHeight(self.fontMetrics().lineSpacing() * 7)
        self.reasons_error = FieldError("reasonsError")
        buttons = self._build_buttons()
        checks = QLabel("Checklist — Y yes · N no · Space turns over · Delete clears")
        checks_row = QHBoxLayout()
        checks_row.addWidget(checks, 1)
        checks_row.addWidget(self.recheck_button)
        self.check_detail = plain_label("checkDetail")
        self.check_detail.setWordWrap(True)
        self.checklist.currentCellChanged.connect(self._show_check_detail)
        reasons = self.reasons_label = QLabel()
        self.reasons.itemChanged.connect(self._show_ticked)
        self._show_ticked()
        for label in (checks, reasons):
            label.setStyleSheet(f"color: {theme.MUTED_TEXT};")
        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        for widget in (self.title, self.facts, self.message, self.note, paper):
            layout.addWidget(widget)
        layout.addLayout(checks_row)
        layout.addWidget(self.checklist, 3)
        layout.addWidget(self.check_detail)
        layout.addWidget(reasons)
        layout.addWidget(self.reasons, 1)
        layout.addWidget(self.reasons_error)
        layout.addLayout(buttons)

    def _build_buttons(self) -> QHBoxLayout:
        self.accept_button = push_button("&Accept (Ctrl+Return)", "acceptButton")
        self.reject_button = push_button("Re&ject…", "rejectButton")
        self.hold_button = push_button("H&old…", "holdButton")
        self.return_button = push_button("Ret&urn…", "returnButton")
        self.recheck_button = push_button("Re-check (F5)", "recheckButton")
        self.recheck_button.clicked.connect(self.recheck)
        self.letter_button = push_button("&Letter (PDF)", "letterButton")
        buttons = QHBoxLayout()
        for button in (self.accept_button, self.reject_button, self.hold_button,
                       self.return_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.letter_button)
        return buttons

    def _show_check_detail(self, row: int) -> None:
        findings = self.checklist.findings
        self.check_detail.setText(f"{findings[row].label} — {finding_text(findings[row])}"
                                  if 0 <= row < len(findings) else "")

    def _show_ticked(self) -> None:
        ticked = self.reasons.checked()
        self.reasons_label.setText("Reasons (the catalogue; Space ticks)"
                                   + (f" — ticked: {', '.join(ticked)}" if ticked else ""))

    def _show_buttons(self) -> None:
        editable = self.version is not None
        for button in (self.accept_button, self.reject_button, self.hold_button,
                       self.return_button):
            button.setEnabled(editable)
        self.recheck_button.setEnabled(self.view is not None)
        item = self.view.item if self.view else None
        self.letter_button.setEnabled(item is not None and item.status in ("rejected",
                                                                           "returned"))

    # ------------------------------------------------------------------ taking and loading

    def run(self, fn: Callable[[], Any], done: Callable[[Any], None],
             failed: Callable[[UserError], None] | None = None) -> None:
        self.tasks.run(fn, done, failed or self._refused, owner=self)

    def clear_messages(self) -> None:
        for label in (self.message, self.reasons_error):
            label.clear_message()
        self.fields.clear_errors()
        self.note.clear()

    def take(self, item: ItemRow) -> None:
        """Enter on a document: take it and examine it (read-only when someone has it)."""
        self.remember()
        self.clear_messages()
        b, actor = self.backend, self.actor
        self.run(lambda: batch_review.take(b.db, actor, item.filing_id),
                 lambda taken: self._taken(item, taken),
                 lambda error: self._take_refused(item, error))

    def _taken(self, item: ItemRow, taken: Taken) -> None:
        if taken.won:
            self.version = taken.version
        else:
            self.version = None
            who = (f"is being examined by {taken.examiner}" if taken.examiner
                   else f"is {decision_text(item)}; there is nothing to take")
            self.message.show_message(f"{taken.document_number} {who}. It shows read-only.")
        self.load(item.filing_id, focus=taken.won)

    def _take_refused(self, item: ItemRow, error: UserError) -> None:
        self.version = None
        self.message.show_message(f"{error.message} It shows read-only.")
        self.load(item.filing_id)

    def load(self, filing_id: int, *, focus: bool = False) -> None:
        kept = self.memory.get(filing_id)
        answers = dict(kept.answers) if kept else None
        typed = dict(kept.typed) if kept and kept.typed is not None else None
        b, found, actor = self.backend, self.profile, self.actor
        self.run(lambda: batch_read.examination(b.db, found, actor, filing_id, answers, typed),
                 lambda view: self._show(view, focus=focus))

    def recheck(self, then: Callable[[], None] | None = None) -> None:
        """F5: the examination again with what is typed and answered now."""
        if self.view is None:
            return
        self.remember()
        self.fields.mark_checked()
        filing_id, answers = self.view.item.filing_id, dict(self.memo().answers)
        typed = self.fields.typed()
        b, found, actor = self.backend, self.profile, self.actor

        def shown(view: ExaminationView) -> None:
            self._show(view)
            if then is not None and self.view is view:
                then()

        self.run(lambda: batch_read.examination(b.db, found, actor, filing_id, answers, typed),
                 shown)

    def _show(self, view: ExaminationView, *, focus: bool = False) -> None:
        new = self.view is None or self.view.item.filing_id != view.item.filing_id
        first = view.item.filing_id not in self.memory
        self.view = view
        memo = self.memo()
        if first:
            memo.answers = {f.check: bool(f.passed) for f in view.findings
                            if answerable(f) and f.passed is not None}
        editable = self.version is not None and view.item.status in OPEN_FILING
        if new:
            self.fields.configure(view, memo.values)
            self.reasons.show_reasons(view.reasons, view.failed, memo.ticks)
            self._chain_tabs()
        else:
            self.reasons.show_reasons(view.reasons, view.failed)
        self.fields.set_editable(editable)
        self.checklist.show_findings(view.findings, editable, fresh=new)
        self._show_header(view)
        self._show_buttons()
        if focus:
            target = self.fields.first_field() or self.checklist
            target.show()  # a field just built is shown by its layout only later
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _chain_tabs(self) -> None:
        """Tab goes from the typed fields to the checklist, the reasons and the buttons."""
        chain = [*self.fields.widgets(), self.checklist, self.reasons, self.accept_button,
                 self.reject_button, self.hold_button, self.return_button,
                 self.recheck_button, self.letter_button]
        for first, then in pairwise(chain):
            QWidget.setTabOrder(first, then)

    def _show_header(self, view: ExaminationView) -> None:
        item = view.item
        self.title.setText(f"{item.document_number} · {item.type_label}")
        state = ("taken by you" if self.version is not None else decision_text(item))
        entity = item.entity or ("new entity" if view.creates_entity else "")
        self.facts.setText(" · ".join(part for part in (
            entity, f"{item.pages} page{'s' if item.pages != 1 else ''}",
            f"fee {format_cents(item.fee_due_cents)}",
            f"received {view.received_on:%a %d %b %Y}", state) if part))

    # ------------------------------------------------------------------ what the clerk does

    def memo(self) -> Memory:
        assert self.view is not None
        return self.memory.setdefault(self.view.item.filing_id, Memory())

    def remember(self) -> None:
        if self.view is not None:
            memo = self.memo()
            memo.values = self.fields.values()
            memo.typed = self.fields.typed()
            memo.ticks = dict(self.reasons.manual)

    def _edited(self) -> None:
        if self.isVisible():  # not as the window closes and takes the focus away
            self.recheck()

    def _answered(self, code: str, answer: bool | None) -> None:
        memo = self.memo()
        if answer is None:
            memo.answers.pop(code, None)
        else:
            memo.answers[code] = answer
        self.checklist.show_answer(code, answer)
        self.recheck()

    def _refused(self, error: UserError) -> None:
        """At its field, else on the message line; a stale screen is read again."""
        field_name = error.field or ""
        if self.fields.show_error(field_name, error.message):
            return
        if field_name == "reasons":
            self.reasons_error.show_message(error.message)
            self.reasons.setFocus()
            return
        if isinstance(error, ConflictError) and self.view is not None:
            self.version = None
            self.message.show_message(f"{error.message} Enter on it in the list takes it "
                                      "again; what you typed is kept.")
            self.load(self.view.item.filing_id)
            return
        self.message.show_message(error.message)

    def forget_view(self) -> None:
        """Another batch: the panel empties (what was typed stays remembered)."""
        self.remember()
        self.view, self.version = None, None
        self.clear_messages()
        self.title.setText("No document taken")
        self.facts.setText("Enter on a document in the batch takes it and examines it here.")
        self.checklist.show_findings((), False)
        self._show_buttons()

    @property
    def editable(self) -> bool:
        return self.version is not None
