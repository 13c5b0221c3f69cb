"""The examination panel: one taken document, what is typed from its paper, its checklist, the
reasons it may be rejected for, and the decision (what it shows and keeps is exam_view.py).

Enter on a document in the list takes it; a lost take says who has it and the document shows
read-only. Typing a field and leaving it, or answering a check, re-runs the examination with
what is typed and answered (F5 does too), so the system's checks follow the paper.
Accept (Ctrl+Return, in the panel) checks once more and wants every check answered and none
failed; Reject… and Return… send the ticked catalogue reasons with the money (a refund of the
document's fee prefilled); Hold… a reason and a follow-up day. After a rejection, Letter (PDF)
writes the letter to the print folder. A refusal shows at its field or on the message line.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from workstation.services import batch_letters, batch_review
from workstation.services.batch_review import Decision
from workstation.services.dto import Actor
from workstation.services.profile import Profile
from workstation.startup import Backend
from workstation.ui.batch import dialogs
from workstation.ui.batch.checklist import money_default
from workstation.ui.batch.close import write_letter
from workstation.ui.batch.exam_view import ExamView
from workstation.ui.tasks import TaskRunner

HOLD_DAYS = 5  # business days to the default follow-up


class ExaminePanel(ExamView):
    """The panel with its decision buttons at work."""

    def __init__(self, backend: Backend, tasks: TaskRunner, actor: Actor, profile: Profile,
                 parent: QWidget | None = None):
        super().__init__(backend, tasks, actor, profile, parent)
        self.accept_button.clicked.connect(self.accept_document)
        self.reject_button.clicked.connect(lambda: self.reject_document("rejected"))
        self.hold_button.clicked.connect(self.hold_document)
        self.return_button.clicked.connect(lambda: self.reject_document("returned"))
        self.letter_button.clicked.connect(self.write_letter)
        accept = QAction(self)
        accept.setObjectName("acceptAction")
        accept.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        accept.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        accept.triggered.connect(self.accept_document)
        self.addAction(accept)

    def accept_document(self) -> None:
        """Ctrl+Return: checked again with what is typed now, then accepted if all is well."""
        if self.view is None or self.version is None:
            return
        self.clear_messages()
        self.recheck(self._accept_checked)

    def _accept_checked(self) -> None:
        if self.view is None or self.version is None:
            return
        failed = [f.label for f in self.view.findings if f.passed is False]
        open_ = [f.label for f in self.view.findings if f.passed is None]
        if failed:
            self.message.show_message(f"Failed: {'; '.join(failed)} — reject or hold it, or "
                                      "correct what was typed (F5 re-checks).")
            return
        if open_:
            self.message.show_message(f"Answer every check first (Y / N): {'; '.join(open_)}")
            self.checklist.setFocus()
            return
        self._decide(Decision("accepted", fields=self.fields.decision_fields(),
                              answers=dict(self.memo().answers)), "Accepted")

    def reject_document(self, decision: str) -> None:
        if self.view is None or self.version is None:
            return
        self.clear_messages()
        self.remember()
        ticked = list(self.reasons.checked())
        verb = "Reject" if decision == "rejected" else "Return"
        if not ticked:
            self.reasons_error.show_message(f"Tick the reasons to {verb.lower()} it for "
                                            "(Space in the list).")
            self.reasons.setFocus()
            return
        item, memo = self.view.item, self.memo()
        last = memo.money or dialogs.MoneyChoice(
            money_default(self.view.reasons, ticked), item.fee_due_cents)
        picked = dialogs.ask_money(self, verb, item.document_number, ticked,
                                   item.fee_due_cents, last)
        if picked is None:
            return
        memo.money = picked
        self._decide(Decision(decision, reasons=tuple(ticked), note=picked.note,
                              money=picked.money, answers=dict(memo.answers),
                              refund_cents=picked.amount("refund"),
                              credit_cents=picked.amount("credit"),
                              held_cents=picked.amount("hold")), f"{verb}ed")

    def hold_document(self) -> None:
        if self.view is None or self.version is None:
            return
        self.clear_messages()
        memo, calendar = self.memo(), self.profile.calendar
        now = datetime.now(UTC)
        today = now.astimezone(calendar.zone).date()
        default = calendar.add_business_days(now, HOLD_DAYS).astimezone(calendar.zone).date()
        picked = dialogs.ask_hold(self, self.view.item.document_number,
                                  today + timedelta(days=1), default, memo.hold)
        if picked is None:
            return
        memo.hold = picked
        self._decide(Decision("held", note=picked.note, follow_up_on=picked.follow_up_on,
                              answers=dict(memo.answers)), "Held")

    def _decide(self, choice: Decision, done: str) -> None:
        assert self.view is not None and self.version is not None
        self.remember()
        filing_id, version = self.view.item.filing_id, self.version
        b, found, actor = self.backend, self.profile, self.actor
        number = self.view.item.document_number
        self.run(lambda: batch_review.decide(b.db, found, actor, filing_id, version, choice),
                 lambda _id: self._decided(filing_id, f"{done}: {number}."))

    def _decided(self, filing_id: int, words: str) -> None:
        self.version = None
        self.note.setText(words)
        self.load(filing_id)
        self.decided.emit(filing_id)

    def write_letter(self) -> None:
        """The rejection letter PDF, written to the print folder."""
        if self.view is None:
            return
        self.clear_messages()
        item = self.view.item
        b, found, actor = self.backend, self.profile, self.actor

        def work() -> Path:
            pdf = batch_letters.rejection_letter(b.db, found, actor, item.filing_id)
            return write_letter(b.locations, item.document_number, pdf)

        self.run(work, self._letter_written)

    def _letter_written(self, path: Path) -> None:
        self.last_letter = path
        self.note.setText(f"Letter written: {path}")
