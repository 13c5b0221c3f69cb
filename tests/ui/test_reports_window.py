"""Records > Reports on screen: a report's filters built from the catalogue, quick ranges, the
figures, the chart (QtCharts) and the table with its totals row, Print… opening the PDF in the
preview, Export CSV… writing the table, and the service's refusal shown in words."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCharts import QBarSeries, QLineSeries, QPieSeries, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from tests.integration.teller_support import P, person
from tests.ui.conftest import wait_idle
from tests.unit.test_report_render import REPORT
from workstation.services.dto import Actor
from workstation.startup import Backend
from workstation.ui.desk import Desk
from workstation.ui.reports.window import QUICK, ReportsWindow, quick_range
from workstation.ui.tasks import TaskRunner
from workstation.ui.widgets.pdf_preview import PdfPreview


@pytest.fixture
def window(qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner,
           lead: Actor) -> ReportsWindow:
    shown = ReportsWindow(Desk(sqlite_backend, tasks, P, lead))
    qtbot.addWidget(shown)
    shown.show()
    return shown


def test_quick_ranges_are_calendar_periods() -> None:
    today = date(2026, 11, 23)  # a Monday
    assert quick_range("This week", today) == (today, today)
    assert quick_range("Last week", today) == (date(2026, 11, 16), date(2026, 11, 22))
    assert quick_range("Last month", today) == (date(2026, 10, 1), date(2026, 10, 31))
    assert quick_range("This year", today) == (date(2026, 1, 1), today)
    assert {quick_range(q, today)[1] <= today for q in QUICK} == {True}


def test_filters_follow_the_report_chosen(window: ReportsWindow) -> None:
    assert window.kind().name == "production"
    group = window.filter_widgets["group"]
    assert isinstance(group, QComboBox) and group.currentData() == "day"
    assert isinstance(window.filter_widgets["clerk"], QLineEdit)
    window.filter_widgets["clerk"].setText("senior")  # type: ignore[union-attr]
    assert window.filters() == {"group": "day", "clerk": "senior", "service_type": "",
                                "speed": ""}
    window.list.setCurrentRow(1)  # the backlog: as of one day, no "from"
    assert window.kind().name == "backlog" and not window.first_edit.isEnabled()
    assert list(window.filter_widgets) == ["queue"]


def test_a_report_shows_its_chart_table_and_prints_and_exports(
        qtbot: QtBot, window: ReportsWindow, tmp_path: Path) -> None:
    window.show_report(REPORT)
    assert "Expedite SLA met: 96.4 %" in window.figures.text()
    assert window.chart_pick.count() == 3 and not window.chart_pick.isHidden()
    chart = window.chart_view.chart()
    assert [type(s) for s in chart.series()] == [QBarSeries]
    bars = chart.series()[0]
    assert isinstance(bars, QBarSeries) and [bars.barSets()[0].at(i) for i in range(2)] == [
        12, 7]
    [axis_y] = chart.axes(Qt.Orientation.Vertical)
    assert isinstance(axis_y, QValueAxis) and axis_y.min() == 0 and axis_y.max() >= 12
    window.chart_pick.setCurrentIndex(1)
    line = window.chart_view.chart().series()[0]
    assert isinstance(line, QLineSeries) and [line.at(i).y() for i in range(2)] == [1234.5, -5]
    window.chart_pick.setCurrentIndex(2)
    pie = window.chart_view.chart().series()[0]
    assert isinstance(pie, QPieSeries) and pie.count() == 2
    assert window.model.rowCount() == 3  # two rows and the totals
    assert window.model.texts(window.model.rows[-1])[:4] == ("Total", "—", "19", "$1,229.50")

    window.print_report()
    wait_idle(qtbot, window.desk.tasks)
    [preview] = window.findChildren(PdfPreview)
    assert preview.pages >= 1 and preview.pdf.startswith(b"%PDF")
    assert window.save_csv(tmp_path / "out.csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "out.csv").read_text("utf-8"))))
    assert rows[-1] == ["Total", "", "19", "1229.50", ""]


def test_a_clerk_is_refused_in_words(qtbot: QtBot, sqlite_backend: Backend,
                                     tasks: TaskRunner) -> None:
    shown = ReportsWindow(Desk(sqlite_backend, tasks, P, person(sqlite_backend, "clerk")))
    qtbot.addWidget(shown)
    shown.show()
    shown.list.setCurrentRow(7)  # rejections
    shown.run()
    wait_idle(qtbot, tasks)
    assert shown.message.isVisible() and shown.report is None
    assert shown.message.text().startswith("A clerk may not run the status and statistical")
    shown.print_report()
    assert "Run the report first" in shown.message.text()
