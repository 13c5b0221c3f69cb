"""Records > Calendar of due dates on screen: the day, week and month views and moving between
them, whose and which kinds, the overdue / today / next-5 lists, marking office work done, the
lead's recurring work (added, refused at its field, retired) and the .ics export.

The office's "now" is fixed at Wednesday 18 November 2026, 3 p.m. in Columbus, so what is
overdue is known: Mondays 2, 9 and 16 November have passed."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.integration.teller_support import P, person
from tests.ui.conftest import LONG_IDLE_MS, wait_idle
from workstation.domain.due_dates import DueItem
from workstation.services import calendar
from workstation.services.dto import Actor
from workstation.startup import Backend
from workstation.ui.calendar import views
from workstation.ui.calendar.recurring import AddRecurringForm, MarkDoneForm, RecurringDialog
from workstation.ui.calendar.window import CalendarWindow
from workstation.ui.desk import Desk
from workstation.ui.main_window import MainWindow
from workstation.ui.tabs.inquiry_queue import InquiryQueueTab
from workstation.ui.tabs.teller_drawer import TellerDrawerTab
from workstation.ui.tasks import TaskRunner
from workstation.ui.widgets.pdf_preview import PdfPreview

NOW = datetime(2026, 11, 18, 15, 0, tzinfo=ZoneInfo("America/New_York")).astimezone(UTC)
SAFE, LOG = "Count the safe", "Reconcile the deposit log"


@pytest.fixture
def work(sqlite_backend: Backend, lead: Actor) -> dict[str, int]:
    """Weekly team work on Mondays, and the clerk's monthly work on the 15th (a Sunday in
    November 2026, so it falls due on Monday the 16th)."""
    db = sqlite_backend.db
    safe = calendar.add_recurring(db, P, lead, title=SAFE, rule="weekly", weekday=0,
                                  starts_on=date(2026, 11, 1))
    log = calendar.add_recurring(db, P, lead, title=LOG, rule="monthly", day_of_month=15,
                                 starts_on=date(2026, 11, 1), assignee="clerk")
    return {SAFE: safe.id, LOG: log.id}


def opened(qtbot: QtBot, backend: Backend, tasks: TaskRunner, actor: Actor) -> CalendarWindow:
    shown = CalendarWindow(Desk(backend, tasks, P, actor))
    qtbot.addWidget(shown)
    shown.show()
    wait_idle(qtbot, tasks)
    shown.clock = lambda: NOW
    shown.go_today()
    wait_idle(qtbot, tasks)
    return shown


@pytest.fixture
def window(qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, lead: Actor,
           work: dict[str, int]) -> CalendarWindow:
    return opened(qtbot, sqlite_backend, tasks, lead)


def titles(items: tuple[DueItem, ...] | list[DueItem]) -> list[tuple[date, str, bool]]:
    return [(i.due_day, i.title, i.overdue) for i in items]


def summary_groups(window: CalendarWindow) -> dict[str, list[str]]:
    tree = window.summary
    groups = {}
    for n in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(n)
        assert group is not None
        groups[group.text(0)] = [group.child(c).text(1)  # type: ignore[union-attr]
                                   for c in range(group.childCount())]
    return groups


# ---------------------------------------------------------------------- the views' days

@given(st.dates(date(2000, 1, 1), date(2099, 12, 31)), st.sampled_from(views.VIEWS))
def test_a_view_covers_its_anchor_and_the_next_one_follows_it(anchor: date, view: str) -> None:
    first, last = views.view_range(view, anchor)
    assert first <= anchor <= last
    later = views.step(view, anchor, 1)
    assert views.step(view, later, -1) <= anchor  # a month may lose its 31st on the way
    if view == views.MONTH:
        assert first.weekday() == 0 and (last - first).days == 7 * views.MONTH_WEEKS - 1
        assert first <= anchor.replace(day=1) and (later.year, later.month) == (
            anchor.year + anchor.month // 12, anchor.month % 12 + 1)
        assert later.day == anchor.day or later.day < anchor.day >= 29
    else:
        assert views.view_range(view, later)[0] == last + timedelta(days=1)


def test_headings_name_the_period() -> None:
    monday = date(2026, 11, 23)
    assert views.heading(views.DAY, monday) == "Monday 23 November 2026"
    assert views.heading(views.WEEK, monday + timedelta(days=3)) == (
        "Week of 23 November to 29 November 2026")
    assert views.heading(views.MONTH, monday) == "November 2026"
    assert views.step(views.MONTH, date(2026, 1, 31), 1) == date(2026, 2, 28)


# ---------------------------------------------------------------------- the window

def test_the_week_shows_what_is_due_and_the_lists_say_what_is_late(
        window: CalendarWindow) -> None:
    assert window.heading.text() == "Week of 16 November to 22 November 2026"
    assert window.owner_box.currentText() == "Everyone's"  # a lead's first view
    assert titles(window.items) == [(date(2026, 11, 16), SAFE, True),
                                    (date(2026, 11, 16), LOG, True)]
    monday = window.grid_model.index_of(date(2026, 11, 16))
    text = window.grid_model.data(monday)
    assert text.splitlines()[:2] == ["16", "OVERDUE 2"] and SAFE in text and LOG in text
    assert window.grid_model.data(monday, Qt.ItemDataRole.ForegroundRole) is not None
    today = window.grid_model.index_of(date(2026, 11, 18))
    assert window.grid.currentIndex() == today and window.items_model.rowCount() == 0
    assert window.list_heading.text() == "Wednesday 18 November 2026: Nothing due"
    groups = summary_groups(window)
    assert list(groups) == ["Overdue: 4", "Due today: 0",
                            "Next 5 business days (to Wed 25 Nov): 1"]
    assert groups["Overdue: 4"] == [f"Office work: {t}" for t in (SAFE, SAFE, SAFE, LOG)]
    assert groups["Next 5 business days (to Wed 25 Nov): 1"] == [f"Office work: {SAFE}"]


def test_the_month_grid_marks_closed_days_and_opens_a_day(qtbot: QtBot, tasks: TaskRunner,
                                                          window: CalendarWindow) -> None:
    window.show_view(views.MONTH)
    wait_idle(qtbot, tasks)
    assert window.heading.text() == "November 2026"
    assert window.grid_model.rowCount() == 6
    assert window.grid_model.data(window.grid_model.index(0, 0)).startswith("26")  # Mon 26 Oct
    veterans = window.grid_model.data(window.grid_model.index_of(date(2026, 11, 11)))
    assert veterans == "11  Veterans Day"
    assert "closed" in window.grid_model.data(window.grid_model.index_of(date(2026, 11, 14)))
    mondays = [d for d in window.grid_model.by_day if d.month == 11]
    assert mondays == [date(2026, 11, n) for n in (2, 9, 16, 23, 30)]
    window.grid.activated.emit(window.grid_model.index_of(date(2026, 11, 16)))
    wait_idle(qtbot, tasks)
    assert window.view == views.DAY and window.grid.isHidden()
    assert window.heading.text() == "Monday 16 November 2026"
    assert [window.items_model.texts(r)[2] for r in window.items_model.rows] == [SAFE, LOG]
    window.next()
    wait_idle(qtbot, tasks)
    assert window.heading.text() == "Tuesday 17 November 2026" and not window.items


def test_whose_and_which_kinds(qtbot: QtBot, tasks: TaskRunner, window: CalendarWindow) -> None:
    window.owner_box.setCurrentIndex(window.owner_box.findData("clerk"))
    wait_idle(qtbot, tasks)
    assert titles(window.items) == [(date(2026, 11, 16), LOG, True)]
    window.owner_box.setCurrentIndex(window.owner_box.findData(""))  # the team's
    wait_idle(qtbot, tasks)
    assert titles(window.items) == [(date(2026, 11, 16), SAFE, True)]
    assert next(iter(summary_groups(window))) == "Overdue: 3"
    window.kind_box.setCurrentIndex(window.kind_box.findData("inquiry_clock"))
    wait_idle(qtbot, tasks)
    assert window.items == () and next(iter(summary_groups(window))) == "Overdue: 0"


def test_marking_office_work_done_takes_it_off(qtbot: QtBot, tasks: TaskRunner,
                                               window: CalendarWindow) -> None:
    window.go_to(date(2026, 11, 16))
    wait_idle(qtbot, tasks)
    window.list.setFocus()
    window.list.selectRow(0)
    form = window.mark_done()
    assert form is not None and form.item.title == SAFE
    form.note_edit.setPlainText("Counted with the supervisor.")
    form.ok_button.click()
    wait_idle(qtbot, tasks)
    wait_idle(qtbot, tasks)
    assert titles(window.items) == [(date(2026, 11, 16), LOG, True)]
    assert window.message.text() == f"{SAFE!r} marked done."
    window.go_to(date(2026, 11, 18))
    wait_idle(qtbot, tasks)
    assert window.mark_done() is None  # nothing picked
    assert "Pick office work" in window.message.text()
    overdue = window.summary.topLevelItem(0)
    assert overdue is not None and overdue.childCount() == 3  # Mondays 2 and 9, and the log
    first_overdue = overdue.child(0)
    assert first_overdue is not None
    window.summary.setCurrentItem(first_overdue)  # picked in the lists, then the button
    form = window.mark_done()
    assert form is not None and (form.item.title, form.item.due_day) == (SAFE, date(2026, 11, 2))
    form.ok_button.click()
    wait_idle(qtbot, tasks)
    wait_idle(qtbot, tasks)
    assert next(iter(summary_groups(window))) == "Overdue: 2"


def test_the_lead_sets_up_and_retires_recurring_work(qtbot: QtBot, tasks: TaskRunner,
                                                     window: CalendarWindow) -> None:
    dialog = window.show_recurring()
    wait_idle(qtbot, tasks)
    assert isinstance(dialog, RecurringDialog)
    assert [r.title for r in dialog.model.rows] == [SAFE, LOG]
    assert dialog.model.texts(dialog.model.rows[1])[1:3] == ("Monthly on day 15", "clerk")
    form = dialog.add()
    assert isinstance(form, AddRecurringForm)
    form.title_edit.setText("Send the weekly backlog to the director")
    form.weekday_box.setCurrentIndex(6)  # a Sunday: the office is closed
    form.ok_button.click()
    wait_idle(qtbot, tasks)
    assert "closed on Sundays" in form.errors["weekday"].text()
    assert form.title_edit.text() == "Send the weekly backlog to the director"  # kept
    form.weekday_box.setCurrentIndex(4)
    form.ok_button.click()
    wait_idle(qtbot, tasks)
    wait_idle(qtbot, tasks)
    assert [r.description for r in dialog.model.rows][-1] == "Weekly on Fridays"
    dialog.table.selectRow(0)
    retire = dialog.retire()
    assert retire is not None
    retire.reason_edit.setText("The safe is counted at close now.")
    retire.ok_button.click()
    wait_idle(qtbot, tasks)
    wait_idle(qtbot, tasks)
    assert SAFE not in [r.title for r in dialog.model.rows]
    assert "retired" in dialog.message.text()
    dialog.accept()
    wait_idle(qtbot, tasks)
    assert titles(window.items) == [(date(2026, 11, 16), LOG, True),
                                    (date(2026, 11, 20), "Send the weekly backlog to the "
                                     "director", False)]


def test_a_clerk_sees_their_own_and_may_not_set_up_work(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, work: dict[str, int]) -> None:
    clerk = person(sqlite_backend, "clerk")
    shown = opened(qtbot, sqlite_backend, tasks, clerk)
    assert shown.owner_box.currentText() == "Mine (clerk)"
    assert titles(shown.items) == [(date(2026, 11, 16), LOG, True)]
    form = shown.show_recurring().add()
    form.title_edit.setText("Anything")
    form.ok_button.click()
    wait_idle(qtbot, tasks)
    assert "not allowed" in form.error.text().lower() or "may not" in form.error.text().lower()


def test_export_writes_the_shown_range_as_ics(qtbot: QtBot, tasks: TaskRunner,
                                              window: CalendarWindow, tmp_path: Path) -> None:
    window.show_view(views.MONTH)
    wait_idle(qtbot, tasks)
    target = tmp_path / "due.ics"
    assert window.save_ics(target)
    text = target.read_bytes().decode("utf-8")
    assert text.count("BEGIN:VEVENT") == len(window.items) == 6  # 5 Mondays and the log
    assert f"SUMMARY:{SAFE}" in text and "X-WR-CALNAME:Everyone's due dates\\, November 2026" \
        in text
    assert window.message.text() == f"6 due items written to {target}."
    assert not window.save_ics(tmp_path / "missing" / "due.ics")
    assert "could not be written" in window.message.text()


def test_records_menu_opens_one_calendar(qtbot: QtBot, sqlite_backend: Backend,
                                         tasks: TaskRunner, lead: Actor) -> None:
    main = MainWindow(sqlite_backend, tasks, lead, idle_interval_ms=LONG_IDLE_MS)
    qtbot.addWidget(main)
    main.show()
    assert main.calendar_action.shortcut().toString() == "Ctrl+D"
    main.calendar_action.trigger()
    wait_idle(qtbot, tasks)
    first = main.calendar_window
    assert isinstance(first, CalendarWindow) and first.isVisible()
    main.calendar_action.trigger()
    assert main.calendar_window is first  # brought forward, not doubled
    first.close()
    assert main.calendar_window is None
    main.lock()
    assert not main.calendar_action.isEnabled()


def test_print_lays_out_the_shown_range_as_an_agenda(qtbot: QtBot, tasks: TaskRunner,
                                                     window: CalendarWindow) -> None:
    window.print_calendar()
    wait_idle(qtbot, tasks)
    [preview] = window.findChildren(PdfPreview)
    assert preview.pdf.startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(preview.pdf)).pages)
    assert "Calendar of due dates" in text and "2026-11-16" in text
    assert text.count("OVERDUE Office work") == 2 and SAFE in text and LOG in text
    assert "Whose: Everyone's" in text
    agenda = window.agenda()
    assert [(r[0], r[1], r[3], r[5]) for r in agenda.rows] == [
        (date(2026, 11, 16), "17:00", SAFE, "team"), (date(2026, 11, 16), "17:00", LOG, "clerk")]
    assert [f.value for f in agenda.figures] == ["2", "2"]


def test_enter_on_an_item_opens_what_it_is_about(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, lead: Actor,
        monkeypatch: pytest.MonkeyPatch) -> None:
    main = MainWindow(sqlite_backend, tasks, lead, idle_interval_ms=LONG_IDLE_MS)
    qtbot.addWidget(main)
    main.show()
    main.calendar_action.trigger()
    wait_idle(qtbot, tasks)
    shown = main.calendar_window
    assert shown is not None
    opened: list[tuple[object, ...]] = []
    monkeypatch.setattr(main, "show_record", lambda *args: opened.append(args))
    queue = main._tab_of(InquiryQueueTab)
    monkeypatch.setattr(queue, "open_inquiry", lambda i: opened.append(("inquiry", i)))

    def item(kind: str, reference: str, source_id: int) -> DueItem:
        return DueItem(kind, "x", NOW, date(2026, 11, 18), reference, "", False, source_id,
                       part="2026-11-18" if kind == "recurring" else "", detail="Weekly")

    shown.items_model.set_rows([item("trade_name_renewal", "2211000", 42),
                                item("hold_follow_up", "202611180001", 9),
                                item("inquiry_clock", "Q0000007", 7), item("deposit", "D1", 3),
                                item("recurring", SAFE, 1)])
    for row in range(4):
        shown.list.activated.emit(shown.items_model.index(row, 0))
    assert opened == [("entity", 42, "2211000"), ("filing", 9, "202611180001"),
                      ("inquiry", 7)]
    assert isinstance(main.tabs.currentWidget(), TellerDrawerTab)  # the deposit's day close
    shown.list.setCurrentIndex(shown.items_model.index(4, 0))
    shown.list.activated.emit(shown.items_model.index(4, 0))
    assert len(shown.findChildren(MarkDoneForm)) == 1 and len(opened) == 3
