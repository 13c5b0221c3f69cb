"""One inquiry's window, opened from the Inquiry Queue: who asked what, its clocks, its category
and status, the records it is about, the thread, a note, and the answer being written.

Non-modal; it deletes itself when closed. Every service call runs on the database worker, and
after each change the window reloads the inquiry and emits ``changed(id)`` so the queue follows.
While open it reports its viewer every ``queue.heartbeat_seconds`` ("composing" once the clerk
types an answer) and reloads, which shows who else has it open; closing it (Escape, the main
window's lock) says so at once (``inquiry_queue.leave``) and keeps a half-written answer.

A linked record opens with ``open_record(kind, target_id, key)``: given to the constructor, or
else the ``show_record`` of the first ancestor widget that has one (the main window). Files
(attachments, the answer just written) open with ``open_file(path)``: the desktop's program
unless the constructor is given another.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QGroupBox, QHBoxLayout, QSplitter, QVBoxLayout, QWidget

from workstation import APP_NAME
from workstation.errors import UserError
from workstation.services import inquiries, inquiry_answers, inquiry_queue, inquiry_read, profile
from workstation.services.dto import Actor
from workstation.services.inquiry_dto import ClaimResult, InquiryDetail
from workstation.startup import Backend
from workstation.ui import theme
from workstation.ui.inquiry import thread
from workstation.ui.inquiry.actions import ActionsRow
from workstation.ui.inquiry.case import CaseBox, Header, push_button
from workstation.ui.inquiry.clocks import ClocksStrip
from workstation.ui.inquiry.composer import Composer
from workstation.ui.inquiry.thread import (
    NOTE_KINDS,
    NoteBox,
    ThreadView,
    open_with_desktop,
    pending_letter,
    safe_name,
    write_file,
)
from workstation.ui.print_folder import print_dir
from workstation.ui.tasks import TaskRunner
from workstation.ui.widgets.field_error import FieldError

RecordOpener = Callable[[str, int, str], None]


class InquiryWindow(QDialog):
    """The window of one inquiry; ``changed(id)`` after every change it made."""

    changed = Signal(int)

    def __init__(self, backend: Backend, tasks: TaskRunner, actor: Actor, inquiry_id: int,
                 parent: QWidget | None = None, *, open_record: RecordOpener | None = None,
                 open_file: Callable[[Path], None] = open_with_desktop):
        super().__init__(parent)
        self.setObjectName("inquiryWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowIcon(theme.icon("inquiry-queue"))
        self.setWindowTitle(f"Inquiry — {APP_NAME}")
        self.backend, self.tasks, self.actor, self.inquiry_id = backend, tasks, actor, inquiry_id
        self.profile = profile.load()
        self.rules = self.profile.inquiry
        self._open_record, self.open_file = open_record, open_file
        self.detail: InquiryDetail | None = None
        self._closed = False
        self._build()
        self.timer = QTimer(self)
        self.timer.setInterval(self.rules.queue.heartbeat_seconds * 1000)
        self.timer.timeout.connect(self.beat)
        self.timer.start()
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 190, metrics.lineSpacing() * 54)
        self.beat()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.header = Header()
        self.claim_button, self.release_button = (self.header.claim_button,
                                                  self.header.release_button)
        self.claim_button.clicked.connect(self.claim)
        self.release_button.clicked.connect(self.release)
        self.clocks = ClocksStrip(self.profile.calendar)
        self.message = FieldError("inquiryMessage")  # a refusal that belongs to no field
        self.case = CaseBox(self.rules)
        self.category_combo, self.status_combo = self.case.category_combo, self.case.status_combo
        self.links_list = self.case.links_list
        self.case.category_chosen.connect(self.set_category)
        self.case.status_chosen.connect(self.set_status)
        self.case.link_requested.connect(self.add_link)
        self.case.record_requested.connect(self.open_record)
        self.more_actions = ActionsRow(self.rules, self.actor.role)
        self.more_actions.reassign_requested.connect(self.reassign)
        self.more_actions.merge_requested.connect(self.merge_into)
        self.more_actions.charge_requested.connect(self.charge)
        self.composer = Composer(self.backend, self.tasks, self.actor, self.profile,
                                 self.inquiry_id, self.open_file)
        self.composer.sent.connect(lambda _path: self._mutated(None))
        self.composer.unseen.connect(lambda _message: self.reload())
        self.composer.composing_changed.connect(lambda _composing: self.beat())
        c = self.composer
        self.template_combo, self.subject_edit, self.body_edit = (
            c.template_combo, c.subject_edit, c.body_edit)
        self.letter_button, self.email_button = c.letter_button, c.email_button
        answer = QGroupBox("Answer")
        QVBoxLayout(answer).addWidget(c)
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.case)
        column.addWidget(self.more_actions)
        column.addWidget(answer, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("inquirySplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._thread_group())
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        layout.addWidget(self.header)
        layout.addWidget(self.clocks)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)
        QShortcut(QKeySequence("F5"), self, self.reload)
        chain: list[QWidget] = [
            self.claim_button, self.release_button, self.category_combo, self.status_combo,
            self.links_list, self.case.link_kind, self.case.link_edit, self.case.link_button,
            self.thread_view, self.mark_mailed_button, self.note_edit, self.note_box.kind_combo,
            self.note_box.add_button, self.template_combo, self.subject_edit, self.body_edit,
            self.letter_button, self.email_button]
        for first, then in pairwise(chain):
            QWidget.setTabOrder(first, then)

    def _thread_group(self) -> QGroupBox:
        group = QGroupBox("T&hread")
        self.thread_view = ThreadView(self.rules, self.profile.calendar.zone)
        self.thread_view.attachment_requested.connect(self.open_attachment)
        self.mark_mailed_button = push_button("&Mark letter mailed…", "markMailed",
                                              "Ctrl+Shift+M")
        self.mark_mailed_button.clicked.connect(self.mark_mailed)
        self.mark_mailed_button.setEnabled(False)
        self.note_box = NoteBox()
        self.note_box.add_requested.connect(self.add_note)
        self.note_edit = self.note_box.edit
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.mark_mailed_button)
        layout = QVBoxLayout(group)
        layout.addWidget(self.thread_view, 1)
        layout.addLayout(row)
        layout.addWidget(self.note_box)
        return group

    @property
    def last_sent_path(self) -> Path | None:
        return self.composer.last_sent_path

    # ------------------------------------------------------------------ loading

    def _run(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
             on_error: Callable[[UserError], None] | None = None) -> None:
        self.tasks.run(fn, on_done, on_error or self._refused, owner=self)

    def reload(self) -> None:
        b, found, actor, inquiry_id = self.backend, self.profile, self.actor, self.inquiry_id
        self._run(lambda: inquiry_read.detail(b.db, found, actor, inquiry_id), self._show,
                  lambda error: self.message.show_message(error.message))

    def beat(self) -> None:
        """Report this viewer (composing once the clerk types an answer) and reload."""
        if self._closed:
            return
        b, found, actor, inquiry_id = self.backend, self.profile, self.actor, self.inquiry_id
        state = "composing" if self.composer.composing else "viewing"

        def work() -> InquiryDetail:
            inquiry_queue.heartbeat(b.db, actor, inquiry_id, state)
            return inquiry_read.detail(b.db, found, actor, inquiry_id)

        self._run(work, self._show, lambda error: self.message.show_message(error.message))

    def _show(self, detail: InquiryDetail) -> None:
        if self._closed:
            return
        self.detail = detail
        self.setWindowTitle(f"{detail.number} — {detail.requester} — {APP_NAME}")
        self.header.show_detail(detail, self.actor.user_id,
                                self.thread_view.channel_label(detail.channel),
                                self.thread_view.moment(detail.received_at))
        self.clocks.show_clocks(detail.clocks, datetime.now(UTC))
        self.case.show_detail(detail)
        self.more_actions.show_detail(detail)
        self.thread_view.show_thread(detail)
        self.mark_mailed_button.setEnabled(pending_letter(detail) is not None)
        self.composer.show_detail(detail)

    # ------------------------------------------------------------------ changes

    def _change(self, fn: Callable[[], Any], then: Callable[[Any], None] | None = None,
                error: FieldError | None = None) -> None:
        """Run a change; on success ``then(result)``, reload and tell the queue."""
        for label in (self.message, self.case.error, self.case.link_error, self.note_box.error):
            label.clear_message()
        self._run(fn, lambda result: self._mutated(result, then),
                  lambda problem: self._refused(problem, error))

    def _mutated(self, result: Any, then: Callable[[Any], None] | None = None) -> None:
        if then is not None:
            then(result)
        self.changed.emit(self.inquiry_id)
        self.reload()

    def _refused(self, error: UserError, where: FieldError | None = None) -> None:
        """At the part of the window it concerns (else at the top); then reloaded, so a stale
        screen shows what is on record now."""
        fields = {"text": self.note_box.error, "kind": self.case.link_error,
                  "key": self.case.link_error, "links": self.case.link_error,
                  "status": self.case.error, "reason": self.case.error,
                  "category": self.case.error}
        (where or fields.get(error.field or "", self.message)).show_message(error.message)
        self.reload()

    def claim(self) -> None:
        b, actor, inquiry_id = self.backend, self.actor, self.inquiry_id
        self._change(lambda: inquiry_queue.claim(b.db, actor, inquiry_id), self._claimed)

    def _claimed(self, result: ClaimResult) -> None:
        if not result.won:  # someone was quicker: who, in words
            self.message.show_message(result.message)

    def release(self) -> None:
        b, actor, inquiry_id = self.backend, self.actor, self.inquiry_id
        self._change(lambda: inquiry_queue.release(b.db, actor, inquiry_id))

    def reassign(self, owner: str | None, reason: str) -> None:
        if self.detail is None:
            return
        b, actor, inquiry_id, seen = self.backend, self.actor, self.inquiry_id, self.detail.owner_id
        self._change(lambda: inquiry_queue.reassign(b.db, actor, inquiry_id, seen, owner, reason))

    def merge_into(self, number: str) -> None:
        b, found, actor, inquiry_id = self.backend, self.profile, self.actor, self.inquiry_id
        self._change(lambda: inquiries.merge_into(b.db, found, actor, inquiry_id, number))

    def charge(self, quantity: int) -> None:
        b, found, actor, inquiry_id = self.backend, self.profile, self.actor, self.inquiry_id
        self._change(lambda: inquiries.add_charge(b.db, found, actor, inquiry_id, quantity))

    def set_category(self, code: str) -> None:
        b, found, actor, inquiry_id = self.backend, self.profile, self.actor, self.inquiry_id
        self._change(lambda: inquiries.set_category(b.db, found, actor, inquiry_id, code),
                     error=self.case.error)

    def set_status(self, code: str, reason: str) -> None:
        if self.detail is None:
            return
        b, found, actor, inquiry_id = self.backend, self.profile, self.actor, self.inquiry_id
        version = self.detail.version
        self._change(lambda: inquiries.set_status(b.db, found, actor, inquiry_id, code, reason,
                                                  version=version), error=self.case.error)

    def add_link(self, kind: str, key: str) -> None:
        b, actor, inquiry_id = self.backend, self.actor, self.inquiry_id
        self._change(lambda: inquiries.link(b.db, actor, inquiry_id, kind, key),
                     lambda _none: self.case.link_edit.clear(), self.case.link_error)

    def open_record(self, kind: str, target_id: int, key: str) -> None:
        """Research: the linked record's card in the lookup window."""
        opener = self._open_record or self._ancestor_opener()
        if opener is None:
            self.message.show_message("Open the record from Records > Find record.")
        else:
            opener(kind, target_id, key)

    def _ancestor_opener(self) -> RecordOpener | None:
        widget = self.parentWidget()
        while widget is not None:
            found = getattr(widget, "show_record", None)
            if callable(found):
                return found  # type: ignore[no-any-return]
            widget = widget.parentWidget()
        return None

    def add_note(self, text: str, kind: str) -> None:
        if self.detail is None:
            return
        channel = next(c for k, _, c in NOTE_KINDS if k == kind) or self.detail.channel
        b, found, actor, inquiry_id = self.backend, self.profile, self.actor, self.inquiry_id
        self.note_box.set_busy(True)
        self.tasks.run(lambda: inquiries.add_note(b.db, found, actor, inquiry_id, text,
                                                  kind=kind, channel=channel),
                       lambda _id: self._mutated(None, lambda _r: self.note_box.added()),
                       lambda error: self._refused(error, self.note_box.error),
                       on_finally=lambda: self.note_box.set_busy(False), owner=self)

    def mark_mailed(self) -> None:
        """The newest letter not yet mailed went into the mail: on which day (today)?"""
        letter = pending_letter(self.detail) if self.detail else None
        if letter is None:
            return
        zone = self.profile.calendar.zone
        picked = thread.ask_mailed_on(self, letter.at.astimezone(zone).date(),
                               datetime.now(UTC).astimezone(zone).date())
        if picked is None:
            return
        b, found, actor, entry_id = self.backend, self.profile, self.actor, letter.id
        self._change(lambda: inquiry_answers.mark_mailed(b.db, found, actor, entry_id, picked))

    def open_attachment(self, attachment_id: int) -> None:
        """Write the attachment to the print folder (on the worker), then open it."""
        b, actor = self.backend, self.actor
        folder = print_dir(b.locations) / "attachments"

        def work() -> Path:
            name, _kind, data = inquiry_read.attachment(b.db, actor, attachment_id)
            return write_file(folder, f"{attachment_id}-{safe_name(name)}", data)

        self._run(work, self.open_file, lambda error: self.message.show_message(error.message))

    # ------------------------------------------------------------------ closing and keys

    def done(self, result: int) -> None:
        """Escape, the close button, the main window's lock: stop beating, say we left, keep a
        half-written answer."""
        if not self._closed:
            self._closed = True
            self.timer.stop()
            self.composer.remember()
            b, actor, inquiry_id = self.backend, self.actor, self.inquiry_id
            self.tasks.run(lambda: inquiry_queue.leave(b.db, actor, inquiry_id),
                           on_error=lambda _error: None)
        super().done(result)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return  # never "press the default button": there is none here
        super().keyPressEvent(event)
