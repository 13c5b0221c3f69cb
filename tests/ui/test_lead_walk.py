"""Issue 9's "done when", walked on the screens over the small demo register: the lead opens
Records > Reports, and for every report changes the range, runs it, prints it through the
preview and exports it; then opens the calendar of due dates, moves through its views and
exports it as .ics."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from tests.integration.teller_support import person
from tests.ui.conftest import LONG_IDLE_MS, wait_idle
from workstation.services import demo
from workstation.services.reports import CATALOGUE
from workstation.startup import Backend
from workstation.ui.calendar import views
from workstation.ui.main_window import MainWindow
from workstation.ui.reports.window import QUICK
from workstation.ui.tasks import TaskRunner
from workstation.ui.widgets.pdf_preview import PdfPreview


def test_a_lead_runs_prints_and_exports_every_report_and_the_calendar(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, tmp_path: Path) -> None:
    demo.build_registry(sqlite_backend.db, "small")
    window = MainWindow(sqlite_backend, tasks, person(sqlite_backend, "lead"),
                        idle_interval_ms=LONG_IDLE_MS)
    qtbot.addWidget(window)
    window.show()

    window.reports_action.trigger()  # Ctrl+R
    reports = window.reports_window
    assert reports is not None
    for row, kind in enumerate(CATALOGUE):
        reports.list.setCurrentRow(row)
        reports.quick.setCurrentIndex(QUICK.index("Last 30 days") + 1)
        reports.quick.activated.emit(QUICK.index("Last 30 days") + 1)
        first = date.today() - timedelta(days=29)
        assert reports.first_edit.date().toPython() == first
        reports.run()
        wait_idle(qtbot, tasks)
        shown = reports.report
        assert shown is not None and shown.title == kind.title, kind.name
        assert shown.range.last == date.today()
        assert shown.range.first == (date.today() if kind.as_of else first), kind.name
        assert reports.model.rowCount() >= 1, kind.name  # a demo month has something

        reports.print_report()  # Ctrl+P
        wait_idle(qtbot, tasks)
        previews = reports.findChildren(PdfPreview)
        preview = previews[-1]
        text = PdfReader(io.BytesIO(preview.pdf)).pages[0].extract_text()
        assert kind.title in text, kind.name
        preview.close()

        target = tmp_path / f"{kind.name}.csv"
        assert reports.save_csv(target)  # Export CSV… (Ctrl+Shift+E) after its dialog
        rows = list(csv.reader(io.StringIO(target.read_text("utf-8-sig"))))
        assert [c.label for c in shown.columns] in rows, kind.name
    reports.close()

    window.calendar_action.trigger()  # Ctrl+D
    wait_idle(qtbot, tasks)
    calendar = window.calendar_window
    assert calendar is not None
    calendar.show_view(views.MONTH)
    wait_idle(qtbot, tasks)
    assert calendar.heading.text() == f"{date.today():%B %Y}"
    assert any(i.kind == "recurring" for i in calendar.items)  # the lead's office work
    month_items = len(calendar.items)
    calendar.previous()
    wait_idle(qtbot, tasks)
    assert calendar.heading.text() == f"{date.today().replace(day=1) - timedelta(days=1):%B %Y}"
    calendar.go_today()
    wait_idle(qtbot, tasks)
    assert len(calendar.items) == month_items
    assert calendar.save_ics(tmp_path / "due.ics")
    assert (tmp_path / "due.ics").read_bytes().count(b"BEGIN:VEVENT") == month_items
