"""The lead's part of the Teller Drawer, shown only to those who may approve (lead, supervisor):
the drawers counted and waiting for a sign-off, each with what its count found, approved
(Ctrl+Shift+A) or rejected with a note for a recount (Ctrl+Shift+R); and the close of the
office's day (Ctrl+Shift+K), whose refusal lists every problem at once and whose success lists
the papers written to the print folder.

The services decide who may sign what (never the counter, a supervisor above the lead's line);
this panel only saves a lead from looking for the buttons."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.calendar_explain import format_day
from workstation.errors import UserError
from workstation.services import teller_close, teller_day, teller_read
from workstation.ui import theme
from workstation.ui.desk import Desk
from workstation.ui.inquiry.case import plain_label, push_button
from workstation.ui.teller import dialogs, papers
from workstation.ui.teller.models import SignOffModel, SignOffRow
from workstation.ui.widgets.field_error import FieldError


def problem_lines(message: str) -> list[str]:
    """A refused close of day, one problem a line (the service lists them as sentences)."""
    body = message.split(": ", 1)[1] if message.startswith("The day cannot close") else message
    return [part.strip() for part in re.split(r"(?<=\.)\s+(?=[A-Z])", body) if part.strip()]


class LeadPanel(QGroupBox):
    """Drawers to sign off, and the close of day, each calling its service on the worker."""

    def __init__(self, desk: Desk, parent: QWidget | None = None):
        super().__init__("Lead: drawers to sign off and the close of day", parent)
        self.setObjectName("leadPanel")
        self.desk = desk
        self.papers: list[Path] = []  # the last close of day's papers
        self.model = SignOffModel(self)
        self.table = QTableView()
        self.table.setObjectName("drawersToSign")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setMinimumHeight(self.fontMetrics().height() * 5)
        self.empty_label = QLabel("No drawer is waiting for a sign-off.")
        self.empty_label.setObjectName("noDrawersToSign")
        self.empty_label.setStyleSheet(f"color: {theme.MUTED_TEXT};")
        self.approve_button = push_button("Approve (Ctrl+Shift+A)", "approveCount")
        self.approve_button.clicked.connect(self.approve)
        self.reject_button = push_button("Reject… (Ctrl+Shift+R)", "rejectCount")
        self.reject_button.clicked.connect(self.reject)
        self.close_day_button = push_button("Close the day… (Ctrl+Shift+K)", "closeDay")
        self.close_day_button.clicked.connect(self.close_day)
        self.message = FieldError("leadMessage")
        self.papers_label = plain_label("dayPapers")
        self.papers_label.setWordWrap(True)
        self.table.setWordWrap(False)
        buttons = QHBoxLayout()
        for button in (self.approve_button, self.reject_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        day = QHBoxLayout()
        day.addStretch(1)
        day.addWidget(self.close_day_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)
        layout.addSpacing(self.fontMetrics().height())
        layout.addLayout(day)
        layout.addWidget(self.message)
        layout.addWidget(self.papers_label)
        layout.addStretch(1)
        self.show_rows([])

    # ------------------------------------------------------------------ the list

    def refresh(self) -> None:
        d = self.desk
        db, actor = d.backend.db, d.actor

        def read() -> list[SignOffRow]:
            return [SignOffRow(teller_read.session(db, actor, i),
                               teller_close.count_result(db, actor, i))
                    for i in teller_close.drawers_to_sign(db, actor)]

        d.tasks.run(read, self.show_rows, self._refused, owner=self)

    def show_rows(self, rows: list[SignOffRow]) -> None:
        chosen = self.current()
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        self.empty_label.setVisible(not rows)
        at = next((n for n, r in enumerate(rows)
                   if chosen is not None and r.session.id == chosen.session.id), 0)
        if rows:
            self.table.selectRow(at)
        for button in (self.approve_button, self.reject_button):
            button.setEnabled(bool(rows))

    def current(self) -> SignOffRow | None:
        return self.model.row_at(self.table.currentIndex())

    def _refused(self, error: UserError) -> None:
        self.message.show_message(error.message)

    # ------------------------------------------------------------------ signing off

    def approve(self) -> None:
        """Ctrl+Shift+A: the count under the cursor approved; the drawer closes."""
        self._decide(True, "")

    def reject(self) -> None:
        """Ctrl+Shift+R: rejected with a note; the clerk counts again."""
        row = self.current()
        if row is None:
            self._nothing_chosen()
            return
        note = dialogs.ask_reject_note(self, row.session.drawer)
        if note is not None:
            self._decide(False, note)

    def _nothing_chosen(self) -> None:
        self.message.show_message("Put the cursor on a drawer waiting for its sign-off.")

    def _decide(self, approve: bool, note: str) -> None:
        self.message.clear_message()
        row = self.current()
        if row is None:
            self._nothing_chosen()
            return
        d, session = self.desk, row.session
        words = "approved: the drawer is closed" if approve else "rejected: it is counted again"

        def done(_status: str) -> None:
            self.papers_label.setText(f"The count of drawer {session.drawer} "
                                      f"({session.clerk}) is {words}.")
            self.refresh()

        d.tasks.run(lambda: teller_close.decide(d.backend.db, d.profile, d.actor, session.id,
                                                approve, note),
                    done, self._refused, owner=self)

    # ------------------------------------------------------------------ the day

    def close_day(self) -> None:
        """Ctrl+Shift+K: today's business day closed; its papers written, or every problem."""
        self.message.clear_message()
        d = self.desk
        day = datetime.now(d.profile.calendar.zone).date()
        if not dialogs.confirm_close_day(self, format_day(day)):
            return
        self.papers_label.setText(f"Closing {format_day(day)}…")

        def work() -> list[Path]:
            closed = teller_day.close_day(d.backend.db, d.profile, d.actor, day)
            return papers.write_day(d.backend.locations, d.profile, closed)

        d.tasks.run(work, lambda paths: self._closed(format_day(day), paths), self._day_refused,
                    owner=self)

    def _closed(self, day: str, paths: list[Path]) -> None:
        self.papers = paths
        self.message.clear_message()
        self.papers_label.setText(f"The day {day} is closed. Papers written:\n"
                                  + "\n".join(str(path) for path in paths))
        self.refresh()

    def _day_refused(self, error: UserError) -> None:
        self.papers_label.clear()
        lines = problem_lines(error.message)
        self.message.show_message("The day cannot close:\n"
                                  + "\n".join(f"• {line}" for line in lines))
