"""A lead's report as PDF: the title, the range and filters it was run for, the headline figures,
each chart drawn with ReportLab's graphics from the report's own columns, the table with its
totals row (the header repeated on every page), and the notes on how figures are counted.

Letter, landscape when the table has more than six columns. Fonts are the embedded faces, the
charts' labels too, so the PDF prints the same on any machine; the bytes are the same for the
same report (``build_pdf``'s invariant mode), which lets a test compare two runs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart  # type: ignore[import-untyped]
from reportlab.graphics.charts.legends import Legend  # type: ignore[import-untyped]
from reportlab.graphics.charts.linecharts import HorizontalLineChart  # type: ignore[import-untyped]
from reportlab.graphics.charts.piecharts import Pie  # type: ignore[import-untyped]
from reportlab.graphics.shapes import Drawing, String  # type: ignore[import-untyped]
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import landscape, letter  # type: ignore[import-untyped]
from reportlab.lib.units import inch  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    CondPageBreak,
    Flowable,
    KeepTogether,
    Spacer,
)

from workstation.printing.common import (
    Column as GridColumn,
)
from workstation.printing.common import (
    Grid,
    PageDecor,
    Styles,
    build_pdf,
    format_time,
    frame_width,
    make_styles,
    para,
)
from workstation.printing.fonts import FontSet
from workstation.services.report_dto import (
    LINE,
    PIE,
    STACKED,
    Chart,
    Report,
    cell_number,
    cell_text,
)

MARGIN = 0.55 * inch
CHART_HEIGHT = 170.0
WIDTH_SAMPLE = 200  # rows measured for the column widths
CELL_PADDING = 8.0  # a cell's padding on both sides and a little air, in points
TABLE_START = 1.2 * inch  # room for the heading, the column heads and a few rows
LEGEND_ROWS = 14  # a legend longer than this starts a second column
MAX_CATEGORIES = 40  # a chart of more bars than this is unreadable: the first 40 are drawn
# A palette that prints apart in grey too (dark, light, mid, ...).
PALETTE = (colors.Color(0.13, 0.29, 0.53), colors.Color(0.85, 0.55, 0.13),
           colors.Color(0.35, 0.62, 0.35), colors.Color(0.70, 0.20, 0.20),
           colors.Color(0.50, 0.40, 0.65), colors.Color(0.55, 0.55, 0.55),
           colors.Color(0.20, 0.60, 0.70), colors.Color(0.80, 0.45, 0.60))


def build_report_pdf(report: Report) -> bytes:
    wide = len(report.columns) > 6
    page = landscape(letter) if wide else letter
    st = make_styles(cell_size=8)
    width = frame_width(page, MARGIN)
    story: list[Flowable] = [para(report.title, st.title), para(_range_line(report), st.body)]
    if report.filters:
        story.append(para("Filters: " + "; ".join(f"{k}: {v}" for k, v in report.filters),
                          st.small))
    if report.figures:
        story.append(Spacer(1, 4))
        story += [para(f"{figure.label}: {figure.value}", st.body) for figure in report.figures]
    for chart in report.charts:
        story.append(Spacer(1, 6))
        story.append(KeepTogether([para(chart.title, st.heading),
                                   chart_drawing(report, chart, width, st.fonts)]))
    # The heading starts a page only when a few rows would not fit under it: "keep with next"
    # would push a table longer than the page whole onto the next one, leaving this one blank.
    story += [Spacer(1, 6), CondPageBreak(TABLE_START), para("Table", st.heading),
              _table(report, width, st)]
    if not report.rows:
        story.append(para("Nothing to count in this range.", st.body))
    for note in report.notes:
        story.append(para(note, st.small))
    made = (f"made {format_time(report.made_at)} by {report.made_by}" if report.made_at
            else "")
    decor = PageDecor(running_title=f"{report.title} (continued)",
                      footer_left=f"{report.title} · {_range_line(report)} · {made}")
    return build_pdf(story, pagesize=page, margin=MARGIN, title=report.title,
                     subject=_range_line(report), decor=decor)


def _range_line(report: Report) -> str:
    first, last = report.range.first, report.range.last
    return (f"As of {first.isoformat()}" if first == last
            else f"{first.isoformat()} to {last.isoformat()}")


def _table(report: Report, width: float, st: Styles) -> Any:
    texts: list[Sequence[str]] = [[cell_text(cell) for cell in row] for row in report.rows]
    cell, head = st.cell, st.cell_head
    widths = column_widths(
        [c.label for c in report.columns], texts, width,
        lambda text: stringWidth(text, cell.fontName, cell.fontSize),
        lambda text: stringWidth(text, head.fontName, head.fontSize))
    columns = [GridColumn(c.label, w, right=c.numeric)
               for c, w in zip(report.columns, widths, strict=True)]
    grid = Grid(columns, rows=texts)
    if report.totals is not None:
        grid.total = ["Total" if n == 0 and cell is None else cell_text(cell)
                      for n, cell in enumerate(report.totals)]
    return grid.build(st)


def column_widths(labels: Sequence[str], rows: Sequence[Sequence[str]], width: float,
                  measure: Callable[[str], float], measure_head: Callable[[str], float]
                  ) -> list[float]:
    """Each column's width (points, summing to ``width``) from what it holds, measured in its
    font over the first rows: a column whose widest cell fits its fair share (``width`` over
    the number of columns) gets just that, so figures and codes never wrap; the wide ones (names,
    explanations) share the rest in proportion to their widest cell, none narrower than its
    longest word. A table that fits whole is widened in proportion."""
    sample = rows[:WIDTH_SAMPLE]
    natural, floor = [], []
    for n, label in enumerate(labels):
        cells = [row[n] for row in sample]
        words = [w for text in cells for w in text.split()]
        head = max((measure_head(w) for w in label.split()), default=0.0)
        natural.append(max([measure(c) for c in cells] + [head]) + CELL_PADDING)
        floor.append(max([measure(w) for w in words] + [head]) + CELL_PADDING)
    if sum(natural) <= width:
        return [w * width / sum(natural) for w in natural]
    fair = width / len(labels)
    narrow = [w if w <= fair else 0.0 for w in natural]
    wide = [n for n, w in enumerate(narrow) if not w]
    left = width - sum(narrow)
    if left <= sum(floor[n] for n in wide):  # too many columns to be fair: shrink them all
        return [w * width / sum(natural) for w in natural]
    share = sum(natural[n] for n in wide)
    out = list(narrow)
    for n in wide:
        out[n] = max(natural[n] * left / share, floor[n])
    excess = sum(out) - width  # what the floors took: given back by the widest
    widest = max(wide, key=lambda n: out[n])
    out[widest] -= excess
    return out


# ---------------------------------------------------------------------- charts


def chart_drawing(report: Report, chart: Chart, width: float, fonts: FontSet) -> Drawing:
    """The chart as a ReportLab drawing ``width`` wide, its series from the table's columns."""
    categories, series = chart_data(report, chart)
    drawing = Drawing(width, CHART_HEIGHT)
    if not categories:
        drawing.add(String(width / 2, CHART_HEIGHT / 2, "No data in this range",
                           fontName=fonts.regular, fontSize=9, textAnchor="middle"))
        return drawing
    if chart.kind == PIE:
        _pie(drawing, categories, series[0][1], fonts)
    else:
        plot = HorizontalLineChart() if chart.kind == LINE else VerticalBarChart()
        plot.x, plot.y = 40, 30
        plot.width, plot.height = width - 170, CHART_HEIGHT - 45
        plot.data = [values for _label, values in series]
        plot.categoryAxis.categoryNames = categories
        plot.categoryAxis.labels.fontName = fonts.regular
        plot.categoryAxis.labels.fontSize = 6.5
        plot.categoryAxis.labels.angle = 30 if len(categories) > 8 else 0
        plot.categoryAxis.labels.boxAnchor = "ne" if len(categories) > 8 else "n"
        plot.valueAxis.labels.fontName = fonts.regular
        plot.valueAxis.labels.fontSize = 7
        plot.valueAxis.valueMin = 0
        for n in range(len(series)):
            colour = PALETTE[n % len(PALETTE)]
            if chart.kind == LINE:
                plot.lines[n].strokeColor = colour
                plot.lines[n].strokeWidth = 1.5
            else:
                plot.bars[n].fillColor = colour
                plot.bars[n].strokeColor = None
        if chart.kind == STACKED:
            plot.categoryAxis.style = "stacked"
        drawing.add(plot)
        _legend(drawing, [label for label, _v in series], width - 120, fonts)
    return drawing


def chart_data(report: Report, chart: Chart
               ) -> tuple[list[str], list[tuple[str, list[int]]]]:
    """The category names and each series' values (whole numbers: counts, cents, tenths), from
    the first MAX_CATEGORIES rows; rows with no value count as 0 on a chart."""
    at = report.column(chart.category)
    rows = report.rows[:MAX_CATEGORIES]
    categories = [cell_text(row[at]) for row in rows]
    series = []
    for key in chart.series:
        n = report.column(key)
        series.append((report.columns[n].label, [cell_number(row[n]) or 0 for row in rows]))
    return categories, series


def _pie(drawing: Drawing, categories: Sequence[str], values: Sequence[int],
         fonts: FontSet) -> None:
    pie = Pie()
    pie.x, pie.y, pie.width, pie.height = 30, 10, CHART_HEIGHT - 25, CHART_HEIGHT - 25
    shown = [(c, v) for c, v in zip(categories, values, strict=True) if v > 0]
    pie.data = [v for _c, v in shown] or [1]
    pie.labels = None
    for n in range(len(pie.data)):
        pie.slices[n].fillColor = PALETTE[n % len(PALETTE)]
        pie.slices[n].strokeColor = colors.white
    drawing.add(pie)
    _legend(drawing, [c for c, _v in shown], CHART_HEIGHT + 20, fonts)


def _legend(drawing: Drawing, labels: Sequence[str], x: float, fonts: FontSet) -> None:
    legend = Legend()
    legend.x, legend.y = x, CHART_HEIGHT - 12
    legend.fontName, legend.fontSize = fonts.regular, 7
    legend.alignment = "right"
    legend.columnMaximum = LEGEND_ROWS
    legend.deltay = 9
    legend.colorNamePairs = [(PALETTE[n % len(PALETTE)], label)
                             for n, label in enumerate(labels[:MAX_CATEGORIES])]
    drawing.add(legend)
