"""Records > Reports (Ctrl+R): the lead's status and statistical reports. Pick a report, a range
(or a quick one: this week, last month ...) and its filters; Run (F5) counts it on the worker;
the headline figures, the chart (QtCharts; more than one: pick it) and the table show it;
Print… (Ctrl+P) opens the PDF in the print preview and Export CSV… (Ctrl+Shift+E) writes the
table for a spreadsheet. Every figure comes from the one ``Report`` the service returned, which
the PDF and the CSV render too.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCharts import QChartView
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation import APP_NAME
from workstation.errors import UserError
from workstation.printing.report_csv import file_stem, report_csv
from workstation.services import reports
from workstation.services.report_dto import Report, cell_text
from workstation.services.reports import CATALOGUE, ReportKind
from workstation.ui import theme
from workstation.ui.desk import Desk
from workstation.ui.reports.charts import RENDER_HINT, make_chart
from workstation.ui.reports.preview import print_report
from workstation.ui.widgets.field_error import FieldError
from workstation.ui.widgets.rows_model import RowsModel
from workstation.ui.widgets.save_file import choose_path, write_chosen

QUICK = ("Today", "This week", "Last week", "This month", "Last month", "Last 30 days",
         "This year")


def quick_range(choice: str, today: date) -> tuple[date, date]:
    """The days a quick range means on ``today`` (weeks start on Monday)."""
    monday = today - timedelta(days=today.weekday())
    first_of_month = today.replace(day=1)
    last_month_end = first_of_month - timedelta(days=1)
    return {
        "Today": (today, today),
        "This week": (monday, today),
        "Last week": (monday - timedelta(days=7), monday - timedelta(days=1)),
        "This month": (first_of_month, today),
        "Last month": (last_month_end.replace(day=1), last_month_end),
        "Last 30 days": (today - timedelta(days=29), today),
        "This year": (today.replace(month=1, day=1), today),
    }[choice]


def to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class ReportTableModel(RowsModel[tuple[Any, ...]]):
    """The report's table; its totals row last, in bold."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.report: Report | None = None

    def show_report(self, report: Report) -> None:
        self.report = report
        self.HEADINGS = tuple(c.label for c in report.columns)
        self.NUMBERS = tuple(n for n, c in enumerate(report.columns) if c.numeric)
        totals = [] if report.totals is None else [report.totals]
        self.set_rows([*report.rows, *totals])

    def texts(self, row: tuple[Any, ...]) -> tuple[str, ...]:
        is_total = self.report is not None and row is self.report.totals
        return tuple("Total" if is_total and n == 0 and cell is None else cell_text(cell)
                     for n, cell in enumerate(row))

    def style(self, row: tuple[Any, ...], column: int, role: int) -> Any:
        if (role == Qt.ItemDataRole.FontRole and self.report is not None
                and row is self.report.totals):
            bold = QFont()
            bold.setBold(True)
            return bold
        return None


class ReportsWindow(QDialog):
    def __init__(self, desk: Desk, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reportsWindow")
        self.setWindowTitle(f"Reports — {APP_NAME}")
        self.setWindowIcon(theme.icon("app"))
        self.desk = desk
        self.report: Report | None = None
        self._token = 0
        self.list = QListWidget()
        self.list.setObjectName("reportList")
        for kind in CATALOGUE:
            self.list.addItem(kind.title)
        self.list.setMinimumWidth(max(self.fontMetrics().horizontalAdvance(kind.title)
                                      for kind in CATALOGUE) + 32)
        self.list.currentRowChanged.connect(self._kind_changed)
        self.first_edit, self.last_edit = self._date_edit("reportFrom"), self._date_edit("reportTo")
        self.quick = QComboBox()
        self.quick.setObjectName("reportQuick")
        self.quick.addItems(["Quick range…", *QUICK])
        self.quick.activated.connect(self._quick_chosen)
        self.filters_box = QFormLayout()
        self.filter_widgets: dict[str, QComboBox | QLineEdit] = {}
        self.figures = QLabel()
        self.figures.setObjectName("reportFigures")
        self.figures.setWordWrap(True)
        self.chart_pick = QComboBox()
        self.chart_pick.setObjectName("reportChartPick")
        self.chart_pick.currentIndexChanged.connect(self._show_chart)
        self.chart_view = QChartView()
        self.chart_view.setObjectName("reportChart")
        self.chart_view.setRenderHint(RENDER_HINT)
        self.model = ReportTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("reportTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.message = FieldError("reportsMessage")
        self._layout()
        self._shortcuts()
        self.resize(self.fontMetrics().averageCharWidth() * 190,
                    self.fontMetrics().lineSpacing() * 46)
        self.list.setCurrentRow(0)
        self._quick_chosen(QUICK.index("This month") + 1)

    # ------------------------------------------------------------------ building

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit(QDate.currentDate())
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def _layout(self) -> None:
        ranges = QHBoxLayout()
        for text, widget in (("&From", self.first_edit), ("&To", self.last_edit)):
            label = QLabel(text)
            label.setBuddy(widget)
            ranges.addWidget(label)
            ranges.addWidget(widget)
        ranges.addWidget(self.quick)
        ranges.addStretch(1)
        buttons = QHBoxLayout()
        for text, name, slot in (("&Run (F5)", "runReport", self.run),
                                 ("&Print… (Ctrl+P)", "printReport", self.print_report),
                                 ("&Export CSV… (Ctrl+Shift+E)", "exportReport",
                                  self.export_csv)):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        right = QWidget()
        column = QVBoxLayout(right)
        column.addLayout(ranges)
        column.addLayout(self.filters_box)
        column.addLayout(buttons)
        column.addWidget(self.message)
        column.addWidget(self.figures)
        column.addWidget(self.chart_pick)
        column.addWidget(self.chart_view, 3)
        column.addWidget(self.table, 2)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.list)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([self.list.minimumWidth(), 1000])
        QVBoxLayout(self).addWidget(split)

    def _shortcuts(self) -> None:
        for keys, slot in (("F5", self.run), ("Ctrl+P", self.print_report),
                           ("Ctrl+Shift+E", self.export_csv)):
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(lambda _checked=False, run=slot: run())
            self.addAction(action)

    # ------------------------------------------------------------------ choosing

    def kind(self) -> ReportKind:
        return CATALOGUE[max(self.list.currentRow(), 0)]

    def _kind_changed(self, _row: int) -> None:
        while self.filters_box.rowCount():
            self.filters_box.removeRow(0)
        self.filter_widgets.clear()
        kind = self.kind()
        self.first_edit.setEnabled(not kind.as_of)
        for wanted in kind.filters:
            widget: QComboBox | QLineEdit
            if wanted.choices:
                widget = QComboBox()
                if not wanted.default:
                    widget.addItem("All", "")
                for value, label in wanted.choices:
                    widget.addItem(label, value)
                widget.setCurrentIndex(max(widget.findData(wanted.default), 0))
            else:
                widget = QLineEdit()
                widget.setPlaceholderText("all")
                widget.returnPressed.connect(self.run)
            widget.setObjectName(f"filter_{wanted.keyword}")
            self.filters_box.addRow(wanted.label, widget)
            self.filter_widgets[wanted.keyword] = widget

    def _quick_chosen(self, index: int) -> None:
        if index <= 0:
            return
        first, last = quick_range(QUICK[index - 1], date.today())
        self.first_edit.setDate(QDate(first.year, first.month, first.day))
        self.last_edit.setDate(QDate(last.year, last.month, last.day))
        self.quick.setCurrentIndex(0)

    def filters(self) -> dict[str, str]:
        return {key: (w.currentData() or "" if isinstance(w, QComboBox) else w.text())
                for key, w in self.filter_widgets.items()}

    # ------------------------------------------------------------------ running

    def run(self) -> None:
        self._token += 1
        token, kind = self._token, self.kind()
        first, last = to_date(self.first_edit.date()), to_date(self.last_edit.date())
        db, found, actor, filters = (self.desk.backend.db, self.desk.profile, self.desk.actor,
                                     self.filters())
        self.message.clear_message()

        def done(report: Report) -> None:
            if token == self._token:
                self.show_report(report)

        self.desk.tasks.run(
            lambda: reports.run_report(db, found, actor, kind.name, first, last, filters),
            done, self._refused, owner=self)

    def show_report(self, report: Report) -> None:
        self.report = report
        self.figures.setText("\n".join(f"{f.label}: {f.value}" for f in report.figures)
                             or ("" if report.rows else "Nothing to count in this range."))
        self.chart_pick.blockSignals(True)
        self.chart_pick.clear()
        self.chart_pick.addItems([chart.title for chart in report.charts])
        self.chart_pick.blockSignals(False)
        self.chart_pick.setVisible(len(report.charts) > 1)
        self.chart_view.setVisible(bool(report.charts))
        self._show_chart(0)
        self.model.show_report(report)
        self.table.resizeColumnsToContents()

    def _show_chart(self, index: int) -> None:
        if self.report is None or not self.report.charts:
            return
        chart = self.report.charts[max(index, 0)]
        old = self.chart_view.chart()
        self.chart_view.setChart(make_chart(self.report, chart))
        if old is not None:
            old.deleteLater()

    def print_report(self) -> None:
        """Print… (Ctrl+P): the PDF is laid out on the worker (a year's table runs to pages),
        then shown in the print preview."""
        if self.report is None:
            self.message.show_message("Run the report first (F5).")
            return
        print_report(self, self.desk, self.report, self._refused)

    def export_csv(self) -> None:
        if self.report is None:
            self.message.show_message("Run the report first (F5).")
            return
        chosen = choose_path(self, "Export CSV", f"{file_stem(self.report)}.csv", "CSV (*.csv)")
        if chosen is not None:
            self.save_csv(chosen)

    def save_csv(self, path: Path) -> bool:
        assert self.report is not None
        return write_chosen(path, report_csv(self.report), "CSV", self.message,
                            f"Written to {path}.")

    def _refused(self, error: UserError) -> None:
        self.message.show_message(error.message)
