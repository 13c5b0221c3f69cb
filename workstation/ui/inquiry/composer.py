"""The answer composer of an inquiry's window: a template filled from the record, edited by the
clerk, sent as a letter PDF or an e-mail draft.

Picking a template asks ``inquiry_answers.draft`` (on the worker) and fills the subject and the
body; the salutation, closing and signature are the office's and show read-only around the body.
Merge fields the record could not fill stay in the text as ``[entity.status?]`` and are listed
above the body until the clerk has replaced them. Sending passes the last entry the clerk has
seen (a reply that came in meanwhile stops it) and an idempotency key made once per composed
answer, so a double click or a retry posts one answer. The document is written to the outbox
folder and its path shown with an "Open" link.

Nothing typed is lost: an error leaves the text as it is, and closing the window keeps the
answer in ``DRAFTS`` (this process's memory, by inquiry id) for when it is opened again.
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from workstation.domain import templates
from workstation.errors import UserError
from workstation.paths import Locations
from workstation.services import inquiry_answers
from workstation.services.dto import Actor
from workstation.services.inquiry_dto import Draft, InquiryDetail, UnseenEntries
from workstation.services.profile import Profile
from workstation.startup import Backend
from workstation.ui import theme
from workstation.ui.inquiry.case import plain_label, push_button
from workstation.ui.inquiry.thread import write_file
from workstation.ui.print_folder import print_dir
from workstation.ui.tasks import TaskRunner
from workstation.ui.widgets.field_error import FieldError

BLANK = "(blank)"
EMAIL_TIP = "Write the answer as an e-mail draft for the mail program (Ctrl+Shift+E)"
NO_EMAIL_TIP = "There is no e-mail address for the requester: answer by letter."
CHANNEL_WORDS = {"mail": "Letter", "email": "E-mail draft"}


@dataclass(frozen=True)
class Memory:
    """A half-written answer kept when its window closed."""

    draft: Draft  # the template's parts; subject and body as the clerk left them
    key: str


DRAFTS: dict[int, Memory] = {}  # inquiry id -> the answer being written (this process only)


def outbox_dir(locations: Locations) -> Path:
    """Where answers are written: the print folder's outbox (letters to print, e-mail drafts
    to open in the mail program)."""
    return print_dir(locations) / "outbox"


def ask_replace(parent: QWidget) -> bool:
    """Before a template replaces text the clerk typed (tests patch this)."""
    answer = QMessageBox.question(
        parent, "Replace the answer?", "Replace the text you typed with the template's?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def new_key() -> str:
    return uuid.uuid4().hex


class Composer(QWidget):
    """The answer being written. ``sent(path)`` after an answer went out; ``unseen(message)``
    when new entries stopped it; ``composing_changed(bool)`` when the clerk starts typing."""

    sent = Signal(object)  # Path of the document written
    unseen = Signal(str)
    composing_changed = Signal(bool)

    def __init__(self, backend: Backend, tasks: TaskRunner, actor: Actor, profile: Profile,
                 inquiry_id: int, open_file: Callable[[Path], None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.backend, self.tasks, self.actor, self.profile = backend, tasks, actor, profile
        self.inquiry_id, self.open_file = inquiry_id, open_file
        self.detail: InquiryDetail | None = None
        self.base = Draft(None, "", "", "", "", ())
        self.key = new_key()
        self.composing = False  # the clerk has typed in the body since it was filled
        self.last_sent_path: Path | None = None
        self._filling = False
        self._busy = False
        self._category: str | None = None
        self._build()

    def _build(self) -> None:
        self.template_combo = QComboBox()
        self.template_combo.setObjectName("templateCombo")
        self.template_combo.activated.connect(self._template_activated)
        self.subject_edit = QLineEdit()
        self.subject_edit.setObjectName("subjectEdit")
        self.salutation = plain_label("answerSalutation", f"color: {theme.MUTED_TEXT};")
        self.body_edit = QPlainTextEdit()
        self.body_edit.setObjectName("bodyEdit")
        self.body_edit.setTabChangesFocus(True)
        self.body_edit.setPlaceholderText("Pick a template, or type the answer.")
        self.body_edit.textChanged.connect(self._body_changed)
        self.subject_edit.textChanged.connect(self._show_missing)
        self.closing = plain_label("answerClosing", f"color: {theme.MUTED_TEXT};")
        self.missing_label = plain_label("missingFields",
                                         f"color: {theme.URGENT_TEXT}; font-weight: bold;")
        self.missing_label.setWordWrap(True)
        self.missing_label.hide()
        self.error = FieldError("composerError")
        self.letter_button = push_button("&Letter (PDF)", "letterButton", "Ctrl+Shift+P")
        self.letter_button.setToolTip("Write the answer as a letter on letterhead (Ctrl+Shift+P)")
        self.letter_button.clicked.connect(lambda: self.send("mail"))
        self.email_button = push_button("&E-mail draft", "emailButton", "Ctrl+Shift+E")
        self.email_button.clicked.connect(lambda: self.send("email"))
        self.sent_label = QLabel()
        self.sent_label.setObjectName("sentPath")
        self.sent_label.setWordWrap(True)
        self.sent_label.setTextFormat(Qt.TextFormat.RichText)
        self.sent_label.linkActivated.connect(self._open_sent)
        self.sent_label.hide()
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Template", self.template_combo)
        form.addRow("S&ubject", self.subject_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sent_label, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.letter_button)
        buttons.addWidget(self.email_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(form)
        layout.addWidget(self.missing_label)
        layout.addWidget(self.salutation)
        layout.addWidget(self.body_edit, 1)
        layout.addWidget(self.closing)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    # ------------------------------------------------------------------ the inquiry shown

    def show_detail(self, detail: InquiryDetail) -> None:
        """The window (re)loaded the inquiry: templates follow its category; the text stays."""
        first = self.detail is None
        self.detail = detail
        if detail.category != self._category:
            self._category = detail.category
            self._list_templates()
        self.set_busy(self._busy)
        if first:
            memory = DRAFTS.get(self.inquiry_id)
            if memory is not None:
                self.key = memory.key
                self._fill(memory.draft, composing=True)
            else:
                self._fill(self._blank(detail))

    def _list_templates(self) -> None:
        current = self.template_combo.currentData()
        self.template_combo.clear()
        self.template_combo.addItem(BLANK, None)
        for template in self.profile.answer_templates.for_category(self._category or ""):
            self.template_combo.addItem(template.label, template.code)
            if template.citation:
                self.template_combo.setItemData(self.template_combo.count() - 1,
                                                template.citation, Qt.ItemDataRole.ToolTipRole)
        self.template_combo.setCurrentIndex(max(0, self.template_combo.findData(current)))

    def _blank(self, detail: InquiryDetail) -> Draft:
        facts = {"requester.name": detail.requester, "clerk.name": self.actor.full_name,
                 "inquiry.number": detail.number}
        answers = self.profile.answer_templates
        signature = tuple(templates.render(line, facts).text for line in answers.signature)
        return Draft(None, f"Your inquiry {detail.number}",
                     templates.render(answers.salutation, facts).text, "",
                     templates.render(answers.closing, facts).text, signature)

    # ------------------------------------------------------------------ templates

    def _template_activated(self, index: int) -> None:
        code = self.template_combo.itemData(index)
        if code == self.base.template or self.detail is None:
            return
        if self.composing and self.body_edit.toPlainText().strip() and not ask_replace(self):
            self.template_combo.setCurrentIndex(
                max(0, self.template_combo.findData(self.base.template)))
            return
        self.error.clear_message()
        if code is None:
            self.key = new_key()
            self._fill(self._blank(self.detail))
            return
        b, found, actor, inquiry_id = self.backend, self.profile, self.actor, self.inquiry_id
        self.set_busy(True)
        self.tasks.run(lambda: inquiry_answers.draft(b.db, found, actor, inquiry_id, code),
                       self._drafted, self._refused, on_finally=lambda: self.set_busy(False),
                       owner=self)

    def _drafted(self, draft: Draft) -> None:
        self.key = new_key()  # a new composed answer: a new sending key
        self._fill(draft)

    def _fill(self, draft: Draft, *, composing: bool = False) -> None:
        self.base = draft
        self._filling = True
        try:
            self.template_combo.setCurrentIndex(
                max(0, self.template_combo.findData(draft.template)))
            self.subject_edit.setText(draft.subject)
            self.salutation.setText(draft.salutation)
            self.body_edit.setPlainText(draft.body)
            self.closing.setText("\n".join([draft.closing, *draft.signature]).strip())
        finally:
            self._filling = False
        self._set_composing(composing)
        self._show_missing()

    def missing_now(self) -> list[str]:
        """The template's fields still shown as ``[field?]`` in the subject or the body."""
        text = self.subject_edit.text() + "\n" + self.body_edit.toPlainText()
        return [f for f in self.base.missing if templates.missing_marker(f) in text]

    def _show_missing(self) -> None:
        missing = self.missing_now()
        self.missing_label.setText(f"Fill in: {', '.join(missing)}")
        self.missing_label.setVisible(bool(missing))

    def _body_changed(self) -> None:
        if not self._filling:
            self._set_composing(True)
            self._show_missing()

    def _set_composing(self, composing: bool) -> None:
        if composing != self.composing:
            self.composing = composing
            self.composing_changed.emit(composing)

    # ------------------------------------------------------------------ sending

    def current(self) -> Draft:
        """The answer as it stands: the template's parts with the clerk's subject and body."""
        b = self.base
        return Draft(b.template, self.subject_edit.text().strip(), b.salutation,
                     self.body_edit.toPlainText(), b.closing, b.signature, b.missing)

    def send(self, channel: str) -> None:
        if self._busy or self.detail is None:
            return
        self.error.clear_message()
        self.sent_label.hide()
        b, found, actor, inquiry_id = self.backend, self.profile, self.actor, self.inquiry_id
        answer, key, seen = self.current(), self.key, self.detail.last_entry_id
        folder = outbox_dir(b.locations)

        def work() -> tuple[Path, str]:  # on the worker: post the answer, write its document
            done = inquiry_answers.send(b.db, found, actor, inquiry_id, answer, channel=channel,
                                        seen_entry_id=seen, idempotency_key=key)
            return write_file(folder, done.filename, done.document), channel

        self.set_busy(True)
        self.tasks.run(work, self._sent, self._refused, on_finally=lambda: self.set_busy(False),
                       owner=self)

    def _sent(self, result: tuple[Path, str]) -> None:
        path, channel = result
        self.last_sent_path = path
        DRAFTS.pop(self.inquiry_id, None)
        self.key = new_key()
        if self.detail is not None:
            self._fill(self._blank(self.detail))
        self.sent_label.setText(f"{CHANNEL_WORDS[channel]} written: {html.escape(str(path))} "
                                f"<a href='open'>Open</a>")
        self.sent_label.show()
        self.sent.emit(path)

    def _open_sent(self, _link: str) -> None:
        if self.last_sent_path is not None:
            self.open_file(self.last_sent_path)

    def _refused(self, error: UserError) -> None:
        """Said under the answer; the text stays as typed."""
        self.error.show_message(error.message)
        if isinstance(error, UnseenEntries):
            self.unseen.emit(error.message)
        elif error.field in ("body", "subject"):
            self.body_edit.setFocus()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.letter_button.setEnabled(not busy)
        has_email = self.detail is not None and "@" in self.detail.contact
        self.email_button.setEnabled(not busy and has_email)
        self.email_button.setToolTip(EMAIL_TIP if has_email else NO_EMAIL_TIP)
        self.template_combo.setEnabled(not busy)

    # ------------------------------------------------------------------ memory

    def remember(self) -> None:
        """The window is closing: keep a half-written answer for when it opens again."""
        if self.composing and self.body_edit.toPlainText().strip():
            DRAFTS[self.inquiry_id] = Memory(self.current(), self.key)
        else:
            DRAFTS.pop(self.inquiry_id, None)
