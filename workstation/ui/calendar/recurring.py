"""Recurring office work on the calendar: the lead's list of it (Add…, Retire…), and the form
that marks one occurrence done. Each form calls its service on the worker; the service enforces
who may (a clerk's Add… is refused in words at the top of the form)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation import APP_NAME
from workstation.domain import due_dates as dd
from workstation.domain.due_dates import DueItem
from workstation.errors import UserError
from workstation.services import calendar as calendar_service
from workstation.services.calendar import RecurringTaskInfo
from workstation.ui.desk import Desk
from workstation.ui.inquiry.case import push_button
from workstation.ui.service_form import ServiceForm
from workstation.ui.widgets.field_error import FieldError
from workstation.ui.widgets.rows_model import RowsModel

RULE_NAMES = {"weekly": "Weekly, on a weekday", "monthly": "Monthly, on a day of the month",
              "first_business_day": "First business day of the month",
              "last_business_day": "Last business day of the month"}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(name: str, day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class TasksModel(RowsModel[RecurringTaskInfo]):
    HEADINGS = ("Work", "When", "Whose", "From", "Until", "Set up by")

    def texts(self, row: RecurringTaskInfo) -> tuple[str, ...]:
        until = f"{row.ends_on:%Y-%m-%d}" if row.ends_on else ""
        if not row.active:
            until = f"retired {until}".strip()
        return (row.title, row.description, row.assignee or "team", f"{row.starts_on:%Y-%m-%d}",
                until, row.created_by)


class AddRecurringForm(ServiceForm):
    """A lead puts recurring work on the calendar: what, how often, whose, from when."""

    def __init__(self, parent: QWidget | None, desk: Desk,
                 people: Sequence[tuple[str, str]], today: date):
        super().__init__(parent, desk, "addRecurringForm", "Add recurring work", "&Add")
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("recurringTitle")
        self.title_edit.setMaxLength(calendar_service.TITLE_MAX)
        self.rule_box = QComboBox()
        self.rule_box.setObjectName("recurringRule")
        for rule in dd.RULES:
            self.rule_box.addItem(RULE_NAMES[rule], rule)
        self.weekday_box = QComboBox()
        self.weekday_box.setObjectName("recurringWeekday")
        self.weekday_box.addItems(WEEKDAYS)
        self.day_spin = QSpinBox()
        self.day_spin.setObjectName("recurringDay")
        self.day_spin.setRange(1, 31)
        self.assignee_box = QComboBox()
        self.assignee_box.setObjectName("recurringAssignee")
        self.assignee_box.addItem("The team (no one named)", "")
        for username, name in people:
            self.assignee_box.addItem(f"{name} ({username})", username)
        self.starts_edit = date_edit("recurringStarts", today)
        self.ends_edit = date_edit("recurringEnds", today)
        self.ends_edit.setEnabled(False)
        self.open_ended = QComboBox()
        self.open_ended.setObjectName("recurringOpenEnded")
        self.open_ended.addItems(["Until retired", "Until a date"])
        self.open_ended.currentIndexChanged.connect(
            lambda i: self.ends_edit.setEnabled(i == 1))
        self.add_field("&What", self.title_edit, "title")
        self.add_field("&How often", self.rule_box, "rule")
        self.add_field("Week&day", self.weekday_box, "weekday")
        self.add_field("&Day of month", self.day_spin, "day_of_month")
        self.add_field("Wh&ose", self.assignee_box, "assignee")
        self.add_field("&Starts on", self.starts_edit, "starts_on")
        ends = QHBoxLayout()
        ends.setContentsMargins(0, 0, 0, 0)
        ends.addWidget(self.open_ended)
        ends.addWidget(self.ends_edit)
        holder = QWidget()
        holder.setLayout(ends)
        self.add_field("&Ends", holder, "ends_on")
        self.focus_of["ends_on"] = self.ends_edit
        self.rule_box.currentIndexChanged.connect(self._rule_changed)
        self._rule_changed()
        self.finish()

    def _rule_changed(self, _index: int = 0) -> None:
        rule = self.rule_box.currentData()
        self.weekday_box.setEnabled(rule == "weekly")
        self.day_spin.setEnabled(rule == "monthly")

    def work(self) -> Callable[[], Any] | None:
        desk, rule = self.desk, str(self.rule_box.currentData())
        values: dict[str, Any] = {
            "title": self.title_edit.text(), "rule": rule,
            "starts_on": to_date(self.starts_edit.date()),
            "weekday": self.weekday_box.currentIndex() if rule == "weekly" else None,
            "day_of_month": self.day_spin.value() if rule == "monthly" else None,
            "assignee": self.assignee_box.currentData() or None,
            "ends_on": (to_date(self.ends_edit.date())
                        if self.open_ended.currentIndex() == 1 else None)}
        return lambda: calendar_service.add_recurring(desk.backend.db, desk.profile, desk.actor,
                                                      **values)


class RetireRecurringForm(ServiceForm):
    """Take recurring work off the calendar from today, with the reason on the audit trail."""

    def __init__(self, parent: QWidget | None, desk: Desk, task: RecurringTaskInfo):
        super().__init__(parent, desk, "retireRecurringForm", "Retire recurring work",
                         "&Retire")
        self.task = task
        what = QLabel(f"{task.title}: {task.description.lower()}, "
                      f"{task.assignee or 'the team'}'s. What was done stays on record.")
        what.setWordWrap(True)
        self.form.addRow(what)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("retireReason")
        self.add_field("&Reason", self.reason_edit, "reason")
        self.finish()

    def work(self) -> Callable[[], Any] | None:
        desk, task, reason = self.desk, self.task, self.reason_edit.text()
        return lambda: calendar_service.retire_recurring(
            desk.backend.db, desk.profile, desk.actor, task.id, task.version, reason=reason)


class MarkDoneForm(ServiceForm):
    """Mark one occurrence of recurring work done, with an optional note."""

    def __init__(self, parent: QWidget | None, desk: Desk, item: DueItem):
        super().__init__(parent, desk, "markDoneForm", "Mark done", "&Mark done")
        self.item = item
        what = QLabel(f"{item.title}, due {item.due_day:%A %d %B %Y} ({item.detail.lower()}).")
        what.setWordWrap(True)
        self.form.addRow(what)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("doneNote")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        self.add_field("&Note", self.note_edit, "note")
        self.focus_of["occurrence"] = self.note_edit
        self.finish()

    def work(self) -> Callable[[], Any] | None:
        desk, item, note = self.desk, self.item, self.note_edit.toPlainText()
        return lambda: calendar_service.mark_done(desk.backend.db, desk.profile, desk.actor,
                                                  item.source_id, item.due_day, note)


class RecurringDialog(QDialog):
    """The recurring work set up (retired work too, when asked), with Add… and Retire…."""

    def __init__(self, desk: Desk, people: Sequence[tuple[str, str]], today: date,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("recurringDialog")
        self.setWindowTitle(f"Recurring work — {APP_NAME}")
        self.desk, self.people, self.today = desk, people, today
        self.changed = False
        self.model = TasksModel(self)
        self.table = QTableView()
        self.table.setObjectName("recurringTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.show_retired = QComboBox()
        self.show_retired.setObjectName("recurringShow")
        self.show_retired.addItems(["On the calendar", "Retired too"])
        self.show_retired.currentIndexChanged.connect(lambda _i: self.reload())
        self.message = FieldError("recurringMessage")
        buttons = QHBoxLayout()
        self.add_button = self._button(buttons, "&Add… (Ctrl+N)", "addRecurring", self.add)
        self.retire_button = self._button(buttons, "&Retire…", "retireRecurring", self.retire)
        buttons.addStretch(1)
        buttons.addWidget(self.show_retired)
        self._button(buttons, "Close", "closeRecurring", self.accept)
        self.add_button.setShortcut("Ctrl+N")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 120,
                    self.fontMetrics().lineSpacing() * 24)
        self.reload()

    def _button(self, row: QHBoxLayout, text: str, name: str,
                slot: Callable[[], object]) -> QPushButton:
        button = push_button(text, name)
        button.clicked.connect(lambda _checked=False: slot())
        row.addWidget(button)
        return button

    def reload(self) -> None:
        db, actor, retired = (self.desk.backend.db, self.desk.actor,
                              self.show_retired.currentIndex() == 1)
        self.desk.tasks.run(
            lambda: calendar_service.recurring_tasks(db, actor, include_retired=retired),
            self._show, self._refused, owner=self)

    def _show(self, tasks: Sequence[RecurringTaskInfo]) -> None:
        self.model.set_rows(tasks)
        self.table.resizeColumnsToContents()
        if tasks:
            self.table.selectRow(0)

    def selected(self) -> RecurringTaskInfo | None:
        return self.model.row_at(self.table.currentIndex())

    def add(self) -> AddRecurringForm:
        form = AddRecurringForm(self, self.desk, self.people, self.today)
        form.recorded.connect(self._recorded)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.open()
        return form

    def retire(self) -> RetireRecurringForm | None:
        task = self.selected()
        if task is None or not task.active:
            self.message.show_message("Pick work that is still on the calendar to retire.")
            return None
        form = RetireRecurringForm(self, self.desk, task)
        form.recorded.connect(self._recorded)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.open()
        return form

    def _recorded(self, info: RecurringTaskInfo) -> None:
        self.changed = True
        verb = "retired" if not info.active else "added"
        self.message.show_message(f"{info.title!r} {verb}: {info.description.lower()}.")
        self.reload()

    def _refused(self, error: UserError) -> None:
        self.message.show_message(error.message)
