"""A report's chart on screen (QtCharts), from the same data the PDF draws
(``report_pdf.chart_data``: the table's own columns, the first 40 rows), so the screen and the
paper never disagree. Money is drawn in dollars and durations in hours or days (the whole numbers
the report keeps, divided for the axis only)."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QLineSeries,
    QPieSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter

from workstation.printing.report_pdf import PALETTE, chart_data
from workstation.services.report_dto import LINE, PIE, STACKED, Cents, Chart, Report, Tenths

COLOURS = tuple(QColor.fromRgbF(c.red, c.green, c.blue) for c in PALETTE)


def divisor(report: Report, key: str) -> int:
    """What a column's stored whole numbers are divided by on the axis: cents to dollars,
    tenths to hours or days, counts as they are."""
    at = report.column(key)
    sample = next((row[at] for row in report.rows if row[at] is not None), None)
    if isinstance(sample, Cents):
        return 100
    if isinstance(sample, Tenths):
        return 10
    return 1


def make_chart(report: Report, chart: Chart) -> QChart:
    """The QChart of ``chart``: bars, stacked bars, a line or a pie."""
    made = QChart()
    made.setTitle(chart.title)
    made.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    made.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    categories, series = chart_data(report, chart)
    if not categories:
        made.setTitle(f"{chart.title}: no data in this range")
        return made
    if chart.kind == PIE:
        pie = QPieSeries()
        for n, (name, value) in enumerate(zip(categories, series[0][1], strict=True)):
            if value > 0:
                piece = pie.append(name, value)
                piece.setColor(COLOURS[n % len(COLOURS)])
        made.addSeries(pie)
        return made
    scale = max(divisor(report, key) for key in chart.series)
    axis_x = QBarCategoryAxis()
    axis_x.append(categories)
    axis_x.setLabelsAngle(-90 if len(categories) > 8 else 0)  # upright labels are cut short
    axis_y = QValueAxis()
    axis_y.setLabelFormat("%.0f" if scale == 1 else "%.1f")
    made.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    made.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    if chart.kind == LINE:
        for n, (label, values) in enumerate(series):
            line = QLineSeries()
            line.setName(label)
            line.setColor(COLOURS[n % len(COLOURS)])
            for x, value in enumerate(values):
                line.append(x, value / scale)
            made.addSeries(line)
            line.attachAxis(axis_y)
            # A line over categories: its x is the row's place; the category axis names it.
            line.attachAxis(axis_x)
    else:
        bars = QStackedBarSeries() if chart.kind == STACKED else QBarSeries()
        for n, (label, values) in enumerate(series):
            bar_set = QBarSet(label)
            bar_set.setColor(COLOURS[n % len(COLOURS)])
            bar_set.append([value / scale for value in values])
            bars.append(bar_set)
        made.addSeries(bars)
        bars.attachAxis(axis_x)
        bars.attachAxis(axis_y)
    axis_y.setRange(0, top_of(chart.kind, [values for _label, values in series]) / scale)
    axis_y.applyNiceNumbers()
    return made


def top_of(kind: str, series: list[list[int]]) -> int:
    """The highest value the chart draws (a stack's total for stacked bars), at least 1: the
    axis is set to it, so bars are measured against the labels they stand beside."""
    if not series or not series[0]:
        return 1
    tops: list[int] = ([sum(column) for column in zip(*series, strict=True)]
                       if kind == STACKED else [max(values) for values in series])
    return max([1, *tops])


RENDER_HINT = QPainter.RenderHint.Antialiasing
