"""Log a contact (Ctrl+Shift+P): a phone call, a walk-in, a voicemail, in three keystrokes
plus the text: the shortcut, the name, Tab, what was asked, Ctrl+Return. "Answered at the
counter, no follow-up" (Alt+A) closes it at once; it still counts in the reports.

Opened from the queue, or from a record card with the record already linked. Refusals show at
their fields and nothing typed is lost; the dialog stays open until the service says yes.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from workstation import APP_NAME
from workstation.errors import UserError, ValidationErrors
from workstation.services import inquiries
from workstation.services.dto import Actor
from workstation.services.inquiry_dto import NewInquiry
from workstation.services.profile import Profile
from workstation.startup import Backend
from workstation.ui import theme
from workstation.ui.tasks import TaskRunner
from workstation.ui.widgets.buttons import ok_cancel
from workstation.ui.widgets.field_error import FieldError

FIELDS = ("requester", "text", "channel", "category", "contact", "arrived_at", "links")


class LogContactDialog(QDialog):
    logged = Signal(int, str)  # inquiry id, number

    def __init__(self, backend: Backend, tasks: TaskRunner, actor: Actor, profile: Profile,
                 parent: QWidget | None = None, *, channel: str = "phone",
                 links: Sequence[tuple[str, int]] = (), about: str = ""):
        super().__init__(parent)
        self.setObjectName("logContactDialog")
        self.setWindowTitle(f"Log a contact — {APP_NAME}")
        self.backend, self.tasks, self.actor, self.profile = backend, tasks, actor, profile
        self.links = tuple(links)
        self._build_fields(channel)
        self.errors = {name: FieldError(f"{name}Error") for name in FIELDS}
        self.general_error = FieldError("logContactError")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._row(form, "&From", self.requester_edit, "requester")
        self._row(form, "&What", self.text_edit, "text")
        self._row(form, "C&hannel", self.channel_combo, "channel")
        self._row(form, "Cate&gory", self.category_combo, "category")
        self._row(form, "&Contact", self.contact_edit, "contact")
        if about:
            note = QLabel(f"About: {about}")
            note.setObjectName("about")
            note.setStyleSheet(f"color: {theme.MUTED_TEXT};")
            form.addRow("", note)
        form.addRow("", self.answered_box)
        buttons, self.ok_button = ok_cancel("&Log", self.submit, self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        save = QAction(self)  # Ctrl+Return from anywhere, the text box included
        save.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        save.triggered.connect(self.submit)
        self.addAction(save)
        for first, second in itertools.pairwise(
                (self.requester_edit, self.text_edit, self.channel_combo, self.category_combo,
                 self.contact_edit, self.answered_box)):
            QWidget.setTabOrder(first, second)
        self.resize(self.fontMetrics().averageCharWidth() * 80, self.sizeHint().height())
        self.requester_edit.setFocus()

    def _build_fields(self, channel: str) -> None:
        rules = self.profile.inquiry
        self.requester_edit = QLineEdit()
        self.requester_edit.setObjectName("requester")
        self.requester_edit.setPlaceholderText("Caller or visitor (a firm, a person)")
        self.text_edit = QPlainTextEdit()
        self.text_edit.setObjectName("text")
        self.text_edit.setTabChangesFocus(True)  # Tab leaves the text; it never types a tab
        self.text_edit.setPlaceholderText("What was asked, and what was answered")
        self.channel_combo = QComboBox()
        self.channel_combo.setObjectName("channel")
        for ch in rules.channels:
            self.channel_combo.addItem(ch.label, ch.code)
        self.channel_combo.setCurrentIndex(max(0, self.channel_combo.findData(channel)))
        self.category_combo = QComboBox()
        self.category_combo.setObjectName("category")
        for cat in rules.categories:
            self.category_combo.addItem(cat.label, cat.code)
        self.category_combo.setCurrentIndex(max(0, self.category_combo.findData("other")))
        self.contact_edit = QLineEdit()
        self.contact_edit.setObjectName("contact")
        self.contact_edit.setPlaceholderText("Phone or e-mail to answer (optional)")
        self.answered_box = QCheckBox("&Answered at the counter, no follow-up")
        self.answered_box.setObjectName("answered")

    def _row(self, form: QFormLayout, label: str, widget: QWidget, name: str) -> None:
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(self.errors[name])
        form.addRow(label, column)

    def value(self) -> NewInquiry:
        return NewInquiry(channel=str(self.channel_combo.currentData()),
                          requester=self.requester_edit.text(),
                          text=self.text_edit.toPlainText(),
                          category=str(self.category_combo.currentData()),
                          contact=self.contact_edit.text(),
                          answered_at_counter=self.answered_box.isChecked(), links=self.links)

    def submit(self) -> None:
        if not self.ok_button.isEnabled():
            return  # already on its way: a second Ctrl+Return logs nothing twice
        for error in (*self.errors.values(), self.general_error):
            error.clear_message()
        self.ok_button.setEnabled(False)
        b, actor, found, new = self.backend, self.actor, self.profile, self.value()
        self.tasks.run(lambda: inquiries.log_contact(b.db, found, actor, new), self._logged,
                       self._refused, on_finally=lambda: self.ok_button.setEnabled(True),
                       owner=self)

    def _logged(self, result: tuple[int, str]) -> None:
        self.logged.emit(*result)
        self.accept()

    def _refused(self, error: UserError) -> None:
        problems = (error.problems if isinstance(error, ValidationErrors)
                    else [(error.field or "", error.message)])
        first: QWidget | None = None
        for field, message in problems:
            target = self.errors.get(field, self.general_error)
            target.show_message(message)
            widget = {"requester": self.requester_edit, "text": self.text_edit,
                      "channel": self.channel_combo, "category": self.category_combo,
                      "contact": self.contact_edit}.get(field)
            first = first or widget
        (first or self.requester_edit).setFocus()
