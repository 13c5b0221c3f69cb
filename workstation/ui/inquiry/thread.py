"""The thread of an inquiry's window, oldest first, and the box that adds a note to it.

Each entry is a coloured band with its heading (what it is, the channel, when, who), the
subject and the body. Customer text is plain text: every piece is escaped before it goes into
the browser's HTML, so a letter containing ``<b>`` or a link shows those characters and nothing
else. An imported e-mail's reading notes show muted under it; attachments (and the document of
an answer) are listed with an "Open" link, reached by Tab. Status changes are the muted lines
between entries. A letter printed but not yet mailed says so: the clock stops when it is mailed.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime, tzinfo
from pathlib import Path

from PySide6.QtCore import QDate, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workstation import APP_NAME
from workstation.domain.calendar_explain import format_day, format_moment
from workstation.domain.inquiry_rules import InquiryRules
from workstation.errors import UserError
from workstation.services.inquiry_dto import AttachmentInfo, EntryInfo, InquiryDetail
from workstation.ui import theme
from workstation.ui.widgets.buttons import ok_cancel
from workstation.ui.widgets.field_error import FieldError

# (kind, what the clerk picks, the entry's channel: None is the inquiry's own channel)
NOTE_KINDS = (("note", "Internal note", "internal"), ("phone", "Phone note", "phone"),
              ("inbound", "Customer wrote back", None))
# kind -> (heading, band colour, background)
KINDS = {
    "inbound": ("Received", "#4a7fc1", "#f3f7fc"),
    "outbound": ("Answer sent", "#3f8f55", "#f2f9f3"),
    "note": ("Internal note", "#c9a227", "#fffbea"),
    "phone": ("Phone", "#8a63b8", "#f7f3fc"),
}
ATTACHMENT_SCHEME = "attachment"


def pending_letter(detail: InquiryDetail) -> EntryInfo | None:
    """The newest letter printed but not marked mailed: what "Mark mailed" acts on."""
    letters = [e for e in detail.entries
               if e.kind == "outbound" and e.channel == "mail" and e.mailed_on is None]
    return letters[-1] if letters else None


def safe_name(filename: str) -> str:
    """A customer's attachment name made safe to write: no folders, no odd characters."""
    name = re.sub(r"[^\w.\- ]+", "_", Path(filename.replace("\\", "/")).name).strip(" .")
    return name[:120] or "attachment"


def write_file(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` as ``folder/name`` (on the worker); a disk problem said in words."""
    path = folder / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise UserError(f"{path} could not be written: {exc.strerror or exc}. The inquiry is "
                        "unchanged; tell the lead.", field="file") from exc
    return path


def open_with_desktop(path: Path) -> None:
    """The default file opener: the program the desktop uses for the file's type."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def ask_mailed_on(parent: QWidget, written: date, today: date) -> date | None:
    """The day a letter went into the mail (today unless changed); None: cancelled. Tests
    patch this."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(f"Mark the letter mailed — {APP_NAME}")
    edit = QDateEdit(QDate(today.year, today.month, today.day))
    edit.setObjectName("mailedOnEdit")
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd d MMM yyyy")
    edit.setDateRange(QDate(written.year, written.month, written.day), edit.date())
    form = QFormLayout(dialog)
    form.addRow(QLabel("The response clock stops on the day the letter is mailed."))
    form.addRow("&Mailed on", edit)
    buttons, _ = ok_cancel("&Mark mailed", dialog.accept, dialog.reject)
    form.addRow(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    picked = edit.date().toPython()
    return picked if isinstance(picked, date) else None


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1048576:.1f} MB"


class ThreadView(QTextBrowser):
    """The entries as read-only rich text; ``attachment_requested(id)`` when "Open" is used."""

    attachment_requested = Signal(int)

    def __init__(self, rules: InquiryRules, zone: tzinfo, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("inquiryThread")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.rules, self.zone = rules, zone
        self._shown: object = None
        self.anchorClicked.connect(self._clicked)
        self.document().setDefaultStyleSheet("p { margin: 0; } td { vertical-align: top; }")

    def moment(self, at: datetime) -> str:
        return format_moment(at.astimezone(self.zone))

    def channel_label(self, code: str) -> str:
        return next((c.label for c in self.rules.channels if c.code == code), code)

    def status_label(self, code: str) -> str:
        return next((s.label for s in self.rules.statuses if s.code == code), code)

    def _clicked(self, url: QUrl) -> None:
        if url.scheme() == ATTACHMENT_SCHEME and url.path().isdigit():
            self.attachment_requested.emit(int(url.path()))

    def show_thread(self, detail: InquiryDetail) -> None:
        """Render the thread when it changed (a heartbeat's reload keeps the scroll place)."""
        key = (detail.entries, detail.statuses)
        if key == self._shown:
            return
        self._shown = key
        items: list[tuple[datetime, int, str]] = [
            (s.at, 1, self._status_html(s.status, s.by, s.reason, s.at))
            for s in detail.statuses]
        items += [(e.at, 0, self._entry_html(e)) for e in detail.entries]
        items.sort(key=lambda item: (item[0], item[1]))
        self.setHtml("".join(text for _, _, text in items))
        self.moveCursor(QTextCursor.MoveOperation.End)
        self.ensureCursorVisible()

    def _status_html(self, status: str, by: str | None, reason: str, at: datetime) -> str:
        parts = [f"Status: {html.escape(self.status_label(status))}", html.escape(self.moment(at))]
        if by:
            parts.append(html.escape(by))
        if reason:
            parts.append(f"“{html.escape(reason)}”")
        return (f'<p style="color: {theme.MUTED_TEXT}; margin: 2px 0 6px 10px;">'
                f'{" · ".join(parts)}</p>')

    def _entry_html(self, entry: EntryInfo) -> str:
        heading, band, back = KINDS.get(entry.kind, (entry.kind, "#9aa0a6", "#ffffff"))
        channel = self.channel_label(entry.channel)
        what = f"{heading} · {channel}" if entry.kind in ("inbound", "outbound") else heading
        meta = [self.moment(entry.at)]
        if entry.author:
            meta.append(entry.author if entry.kind != "inbound" else f"typed in by {entry.author}")
        head = (f"<b>{html.escape(what)}</b> <span style='color: {theme.MUTED_TEXT};'>· "
                f"{html.escape(' · '.join(meta))}</span>")
        if entry.kind == "outbound" and entry.channel == "mail":
            head += (f" · <span style='color: {theme.URGENT_TEXT};'><b>not mailed yet</b></span>"
                     if entry.mailed_on is None else f" · mailed {format_day(entry.mailed_on)}")
        lines = [f"<p>{head}</p>"]
        if entry.subject and not entry.body.startswith(entry.subject.rstrip("…")):
            lines.append(f"<p><b>{html.escape(entry.subject)}</b></p>")
        lines.append(f'<p style="white-space: pre-wrap;">{html.escape(entry.body)}</p>')
        if entry.notes:
            lines.append(f'<p style="color: {theme.MUTED_TEXT}; white-space: pre-wrap;">'
                         f'<i>Import notes: {html.escape(entry.notes)}</i></p>')
        lines += [self._attachment_html(a) for a in entry.attachments]
        return (f'<table width="100%" cellspacing="0" cellpadding="0" style="margin: 0 0 6px 0;">'
                f'<tr><td width="4" bgcolor="{band}"></td>'
                f'<td bgcolor="{back}" style="padding: 5px 8px;">{"".join(lines)}</td></tr>'
                f'</table>')

    @staticmethod
    def _attachment_html(att: AttachmentInfo) -> str:
        return (f"<p>Attached: {html.escape(att.filename)} "
                f"<span style='color: {theme.MUTED_TEXT};'>({_size(att.size)})</span> "
                f"<a href='{ATTACHMENT_SCHEME}:{att.id}'>Open</a></p>")


class NoteBox(QWidget):
    """A note for the thread: text, what kind of note, Add (Ctrl+Enter)."""

    add_requested = Signal(str, str)  # text, kind

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = QPlainTextEdit()
        self.edit.setObjectName("noteEdit")
        self.edit.setTabChangesFocus(True)
        self.edit.setPlaceholderText("Add to the thread: a note, a phone call, what the customer "
                                     "said… (Ctrl+Enter adds it)")
        self.edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("noteKind")
        for kind, words, _ in NOTE_KINDS:
            self.kind_combo.addItem(words, kind)
        self.add_button = QPushButton("A&dd note")
        self.add_button.setObjectName("addNote")
        self.add_button.setAutoDefault(False)
        self.add_button.setToolTip("Add it to the thread (Ctrl+Enter)")
        self.add_button.clicked.connect(self.submit)
        self.error = FieldError("noteError")
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self.edit, self.submit)
        label = QLabel("&Note")
        label.setBuddy(self.edit)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addStretch(1)
        row.addWidget(self.kind_combo)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(row)
        layout.addWidget(self.edit)
        layout.addWidget(self.error)

    def submit(self) -> None:
        self.error.clear_message()
        if not self.edit.toPlainText().strip():
            self.error.show_message("Type the note first.")
            self.edit.setFocus()
            return
        self.add_requested.emit(self.edit.toPlainText(), str(self.kind_combo.currentData()))

    def set_busy(self, busy: bool) -> None:
        self.add_button.setEnabled(not busy)

    def added(self) -> None:
        self.edit.clear()
        self.kind_combo.setCurrentIndex(0)

