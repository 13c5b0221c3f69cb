"""Records > Calendar (Ctrl+D): the calendar of due dates. A day, week or month of what is
due (Previous / Today / Next move it), whose (mine, the team's, everyone's or one person's) and
which kinds; beside it the "overdue / due today / next 5 business days" lists of the same person.
A day's items are listed under the grid; Enter on a day opens it in the day view, Enter on an
item opens what it is about (the inquiry, the filing, the record). Mark done…
(Ctrl+M) marks recurring office work done, Recurring work… is the lead's list of it, Print…
(Ctrl+P) prints the shown range as an agenda, and Export .ics… (Ctrl+Shift+E) writes it for
Outlook or a phone.

Everything is read on the worker from ``services.calendar``; the window keeps no due dates of
its own, so F5 (or any change) shows the records as they stand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation import APP_NAME, resources
from workstation.domain import due_dates as dd
from workstation.domain.due_dates import DueItem, DueSummary
from workstation.errors import UserError
from workstation.printing.ics import build_ics
from workstation.services import calendar as calendar_service
from workstation.services import calendar_agenda
from workstation.services.report_dto import Report
from workstation.ui import theme
from workstation.ui.calendar import views
from workstation.ui.calendar.recurring import MarkDoneForm, RecurringDialog
from workstation.ui.desk import Desk
from workstation.ui.inquiry.case import push_button
from workstation.ui.reports.preview import print_report
from workstation.ui.widgets.field_error import FieldError
from workstation.ui.widgets.save_file import choose_path, write_chosen

EVERYONE = "*"  # the owner choice's data for everyone's work ("" is the team's)
ITEM_ROLE = Qt.ItemDataRole.UserRole + 2


class CalendarWindow(QDialog):
    # Enter on an item that is not office work: the main window opens what it is about.
    open_wanted = Signal(object)  # a DueItem

    def __init__(self, desk: Desk, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("calendarWindow")
        self.setWindowTitle(f"Calendar of due dates — {APP_NAME}")
        self.setWindowIcon(theme.icon("app"))
        self.desk = desk
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)  # tests set "now"
        self.today = dd.office_day(desk.profile.calendar, self.clock())
        self.view, self.anchor, self.day = views.WEEK, self.today, self.today
        self.items: tuple[DueItem, ...] = ()
        self.picked: DueItem | None = None  # in the day's list or the due-soon lists
        self.people: tuple[tuple[str, str], ...] = ()
        self._token = 0
        self.heading = QLabel()
        self.heading.setObjectName("calendarHeading")
        self.view_buttons = QButtonGroup(self)
        self.owner_box = self._owner_box()
        self.kind_box = self._kind_box()
        self.summary = self._summary_tree()
        self.grid_model = views.DayGridModel(desk.profile.calendar, self)
        self.grid = self._grid()
        self.items_model = views.DueItemsModel(desk.profile.calendar, self)
        self.list = self._items_table()
        self.list_heading = QLabel()
        self.list_heading.setObjectName("calendarListHeading")
        self.message = FieldError("calendarMessage")
        self._layout()
        self._shortcuts()
        self.resize(self.fontMetrics().averageCharWidth() * 180,
                    self.fontMetrics().lineSpacing() * 46)
        self._load_people()
        self.refresh()

    # ------------------------------------------------------------------ building

    def _owner_box(self) -> QComboBox:
        box = QComboBox()
        box.setObjectName("calendarOwner")
        box.addItem(f"Mine ({self.desk.actor.username})", self.desk.actor.username)
        box.addItem("The team's (no one named)", "")
        box.addItem("Everyone's", EVERYONE)
        lead = resources.permissions().allows(self.desk.actor.role, "calendar.manage")
        box.setCurrentIndex(2 if lead else 0)
        box.currentIndexChanged.connect(lambda _i: self.refresh())
        return box

    def _kind_box(self) -> QComboBox:
        box = QComboBox()
        box.setObjectName("calendarKind")
        box.addItem("All kinds", "")
        for kind, label in dd.KINDS.items():
            box.addItem(label, kind)
        box.currentIndexChanged.connect(lambda _i: self.refresh())
        return box

    def _summary_tree(self) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setObjectName("dueSummary")
        tree.setHeaderLabels(["Due", "What", "Reference", "Whose"])
        tree.setRootIsDecorated(True)
        tree.itemActivated.connect(self._summary_activated)
        tree.currentItemChanged.connect(self._summary_picked)
        return tree

    def _grid(self) -> QTableView:
        grid = QTableView()
        grid.setObjectName("dueGrid")
        grid.setModel(self.grid_model)
        grid.setWordWrap(False)  # a month: a line per item, cut short with "…" (tooltip: all)
        grid.setTextElideMode(Qt.TextElideMode.ElideRight)
        grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        grid.activated.connect(self._open_day)
        grid.selectionModel().currentChanged.connect(self._day_picked)
        return grid

    def _items_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("dueItems")
        table.setModel(self.items_model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        table.activated.connect(self._item_activated)
        table.selectionModel().currentRowChanged.connect(self._list_picked)
        return table

    def _layout(self) -> None:
        moves = QHBoxLayout()
        moving: tuple[tuple[str, str, Callable[[], object]], ...] = (
            ("◀ &Previous (PgUp)", "calendarPrevious", self.previous),
            ("&Today (Ctrl+T)", "calendarToday", self.go_today),
            ("&Next (PgDn) ▶", "calendarNext", self.next))
        for text, name, slot in moving:
            moves.addWidget(self._button(text, name, slot))
        moves.addWidget(self.heading, 1)
        for text, view in (("&Day", views.DAY), ("&Week", views.WEEK), ("&Month", views.MONTH)):
            button = self._button(text, f"view_{view}", partial(self.show_view, view))
            button.setCheckable(True)
            button.setChecked(view == self.view)
            self.view_buttons.addButton(button)
            moves.addWidget(button)
        choices = QHBoxLayout()
        for text, widget in (("Wh&ose", self.owner_box), ("&Kind", self.kind_box)):
            label = QLabel(text)
            label.setBuddy(widget)
            choices.addWidget(label)
            choices.addWidget(widget)
        choices.addStretch(1)
        acting: tuple[tuple[str, str, Callable[[], object]], ...] = (
            ("Mark done… (Ctrl+M)", "markDone", self.mark_done),
            ("&Recurring work…", "recurringWork", self.show_recurring),
            ("&Print… (Ctrl+P)", "printCalendar", self.print_calendar),
            ("&Export .ics… (Ctrl+Shift+E)", "exportIcs", self.export_ics),
            ("Refresh (F5)", "calendarRefresh", self.refresh))
        for text, name, slot in acting:
            choices.addWidget(self._button(text, name, slot))
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.grid)
        below = QWidget()
        column = QVBoxLayout(below)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.list_heading)
        column.addWidget(self.list)
        right.addWidget(below)
        right.setSizes([600, 300])
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.summary)
        split.addWidget(right)
        split.setSizes([420, 1000])
        layout = QVBoxLayout(self)
        layout.addLayout(moves)
        layout.addLayout(choices)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)

    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = push_button(text, name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _shortcuts(self) -> None:
        keys_of: tuple[tuple[str, Callable[[], object]], ...] = (
            ("PgUp", self.previous), ("PgDown", self.next), ("Ctrl+T", self.go_today),
            ("Ctrl+M", self.mark_done), ("Ctrl+P", self.print_calendar),
            ("Ctrl+Shift+E", self.export_ics), ("F5", self.refresh))
        for keys, slot in keys_of:
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(lambda _checked=False, run=slot: run())
            self.addAction(action)

    # ------------------------------------------------------------------ choosing

    def owner(self) -> str | None:
        chosen = str(self.owner_box.currentData())
        return None if chosen == EVERYONE else chosen

    def kinds(self) -> frozenset[str] | None:
        chosen = str(self.kind_box.currentData() or "")
        return frozenset({chosen}) if chosen else None

    def show_view(self, view: str) -> None:
        self.view = view
        for button in self.view_buttons.buttons():
            button.setChecked(button.objectName() == f"view_{view}")
        self.anchor = self.day
        self.refresh()

    def previous(self) -> None:
        self._move(-1)

    def next(self) -> None:
        self._move(1)

    def _move(self, direction: int) -> None:
        self.anchor = views.step(self.view, self.anchor, direction)
        self.day = self.anchor
        self.refresh()

    def go_today(self) -> None:
        self.go_to(dd.office_day(self.desk.profile.calendar, self.clock()))

    def go_to(self, day: date) -> None:
        """Show ``day`` in the current view, picked."""
        self.anchor = self.day = day
        self.refresh()

    def _open_day(self, index: QModelIndex) -> None:
        day = self.grid_model.day_at(index)
        if day is not None:
            self.day = day
            self.show_view(views.DAY)

    def _day_picked(self, current: QModelIndex, _previous: QModelIndex) -> None:
        day = self.grid_model.day_at(current)
        if day is not None and day != self.day:
            self.day = day
            self._show_list()

    def _item_activated(self, index: QModelIndex) -> None:
        """Enter in the day's list: office work is marked done; anything else is opened where
        it is worked (an inquiry in the queue, a filing or a record in the lookup)."""
        item = self.items_model.row_at(index)
        if item is None:
            return
        if item.kind == "recurring":
            self.mark_done()
        else:
            self.open_wanted.emit(item)

    def _summary_activated(self, row: QTreeWidgetItem, _column: int) -> None:
        item = row.data(0, ITEM_ROLE)
        if isinstance(item, DueItem):
            self.go_to(item.due_day)

    # ------------------------------------------------------------------ reading

    def _load_people(self) -> None:
        db, actor = self.desk.backend.db, self.desk.actor
        self.desk.tasks.run(lambda: calendar_service.people(db, actor), self._show_people,
                            self._refused, owner=self)

    def _show_people(self, people: Sequence[tuple[str, str]]) -> None:
        self.people = tuple(people)
        self.owner_box.blockSignals(True)
        for username, name in self.people:
            if username != self.desk.actor.username:
                self.owner_box.addItem(f"{name} ({username})", username)
        self.owner_box.blockSignals(False)

    def refresh(self) -> None:
        self._token += 1
        token, now = self._token, self.clock()
        first, last = views.view_range(self.view, self.anchor)
        db, found, actor = self.desk.backend.db, self.desk.profile, self.desk.actor
        owner, kinds = self.owner(), self.kinds()
        self.heading.setText(views.heading(self.view, self.anchor))
        self.message.clear_message()

        def read() -> tuple[tuple[DueItem, ...], DueSummary]:
            items = calendar_service.due_items(db, found, actor, first, last, owner=owner,
                                               kinds=kinds, now=now)
            return items, calendar_service.due_summary(db, found, actor, now, owner=owner)

        def done(answer: tuple[tuple[DueItem, ...], DueSummary]) -> None:
            if token == self._token:
                self.show_due(*answer)

        self.desk.tasks.run(read, done, self._refused, owner=self)

    def show_due(self, items: Sequence[DueItem], summary: DueSummary) -> None:
        self.items, self.picked = tuple(items), None
        self.today = summary.day
        self.grid.setVisible(self.view != views.DAY)
        self.grid.setWordWrap(self.view == views.WEEK)  # a week's tall cells have room to wrap
        self.grid_model.show(self.view, self.anchor, self.items, self.today)
        first, last = views.view_range(self.view, self.anchor)
        if not first <= self.day <= last:
            self.day = self.today if first <= self.today <= last else first
        self.grid.setCurrentIndex(self.grid_model.index_of(self.day))
        self._show_list()
        self._show_summary(summary)

    def _show_list(self) -> None:
        shown = [i for i in self.items if i.due_day == self.day]
        self.picked = None
        self.items_model.set_rows(shown)
        self.list.resizeColumnsToContents()
        closed = self.desk.profile.calendar.holiday_name(self.day)
        what = f"{len(shown)} due" if shown else "Nothing due"
        self.list_heading.setText(f"{self.day:%A %d %B %Y}: {what}"
                                  + (f" (office closed: {closed})" if closed else ""))
        if shown:
            self.list.selectRow(0)

    def _show_summary(self, summary: DueSummary) -> None:
        wanted = self.kinds()
        self.summary.clear()
        for title, found in (("Overdue", summary.overdue), ("Due today", summary.today),
                             (f"Next 5 business days (to {summary.through:%a %d %b})",
                              summary.next_5_business_days)):
            shown = [i for i in found if wanted is None or i.kind in wanted]
            group = QTreeWidgetItem([f"{title}: {len(shown)}"])
            group.setFirstColumnSpanned(True)
            self.summary.addTopLevelItem(group)
            for item in shown:
                group.addChild(self._summary_row(item))
            group.setExpanded(True)
        for column in range(1, 4):
            self.summary.resizeColumnToContents(column)
        # The dates' width, not the group headings' (they span the row).
        self.summary.setColumnWidth(0, self.fontMetrics().horizontalAdvance("Wed 30 Sep 17:00")
                                    + 2 * self.summary.indentation() + 16)

    def _summary_row(self, item: DueItem) -> QTreeWidgetItem:
        at = views.time_text(item, self.desk.profile.calendar)
        row = QTreeWidgetItem([f"{item.due_day:%a %d %b} {at}", f"{item.label}: {item.title}",
                               item.reference, item.owner or "team"])
        row.setData(0, ITEM_ROLE, item)
        row.setToolTip(1, item.detail or item.label)
        if item.overdue:
            for column in range(4):
                row.setForeground(column, QColor(theme.ERROR_TEXT))
        return row

    # ------------------------------------------------------------------ acting

    def _summary_picked(self, current: QTreeWidgetItem | None, _before: object) -> None:
        found = current.data(0, ITEM_ROLE) if current is not None else None
        if isinstance(found, DueItem):
            self.picked = found

    def _list_picked(self, current: QModelIndex, _before: QModelIndex) -> None:
        found = self.items_model.row_at(current)
        if found is not None:
            self.picked = found

    def selected_item(self) -> DueItem | None:
        """The item last picked in either list (a button press takes the focus from it)."""
        return self.picked

    def mark_done(self) -> MarkDoneForm | None:
        item = self.selected_item()
        if item is None or item.kind != "recurring":
            self.message.show_message(
                "Pick office work in the list to mark it done. The rest leaves the calendar by "
                "itself when its record moves on (an inquiry answered, a filing decided).")
            return None
        form = MarkDoneForm(self, self.desk, item)
        form.recorded.connect(lambda _id: self._changed(f"{item.title!r} marked done."))
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.open()
        return form

    def show_recurring(self) -> RecurringDialog:
        dialog = RecurringDialog(self.desk, self.people, self.today, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: self.refresh() if dialog.changed else None)
        dialog.open()
        return dialog

    def _changed(self, text: str) -> None:
        self.refresh()
        self.message.show_message(text)

    def agenda(self) -> Report:
        """The shown range, whose and which kinds as chosen, as a report to print."""
        first, last = views.view_range(self.view, self.anchor)
        return calendar_agenda.agenda(
            self.items, self.desk.profile.calendar, first, last,
            whose=self.owner_box.currentText(), kinds=self.kind_box.currentText(),
            made_at=self.clock(), made_by=self.desk.actor.username)

    def print_calendar(self) -> None:
        """Print… (Ctrl+P): the shown range as an agenda, in the print preview."""
        print_report(self, self.desk, self.agenda(), self._refused)

    def export_ics(self) -> None:
        first = views.view_range(self.view, self.anchor)[0]
        chosen = choose_path(self, "Export calendar", f"due-dates-{first}.ics",
                             "iCalendar (*.ics)")
        if chosen is not None:
            self.save_ics(chosen)

    def save_ics(self, path: Path) -> bool:
        """The shown range (whose and which kinds as chosen) as an .ics file."""
        name = f"{self.owner_box.currentText()} due dates, {self.heading.text()}"
        return write_chosen(path, build_ics(self.items, now=self.clock(), name=name),
                            "calendar", self.message,
                            f"{len(self.items)} due items written to {path}.")

    def _refused(self, error: UserError) -> None:
        self.message.show_message(error.message)
