"""A report rendered: its cells as text and as plain numbers (integer arithmetic, checked
against exact fractions), the CSV a spreadsheet opens (header, rows, totals, no formula runs),
the PDF with every figure and cell and its charts, and the catalogue's refusals of a bad
filter, choice or range."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from workstation.errors import UserError
from workstation.printing.report_csv import file_stem, report_csv
from workstation.printing.report_pdf import build_report_pdf, chart_data, column_widths
from workstation.services import reports
from workstation.services.report_dto import (
    Cents,
    Chart,
    Column,
    Figure,
    Report,
    ReportRange,
    Tenths,
    cell_number,
    cell_plain,
    cell_text,
    share_text,
    tenths_text,
)

REPORT = Report(
    name="production", title="Daily production",
    range=ReportRange(date(2026, 11, 2), date(2026, 11, 6)), filters=(("Clerk", "senior"),),
    columns=(Column("day", "Day", numeric=False), Column("who", "Customer", numeric=False),
             Column("received", "Received", total=True), Column("fees", "Fees", total=True),
             Column("median", "Median turnaround")),
    rows=((date(2026, 11, 2), "Acme", 12, Cents(123450), Tenths(125, "h")),
          (date(2026, 11, 3), "=HYPERLINK(\"x\")", 7, Cents(-500), None)),
    charts=(Chart("Received per day", "bar", "day", ("received",)),
            Chart("Fees per day", "line", "day", ("fees",)),
            Chart("Received share", "pie", "day", ("received",))),
    figures=(Figure("Expedite SLA met", "96.4 %"),),
    notes=("Turnaround counts business hours only.",),
    made_at=datetime(2026, 11, 23, 15, 0, tzinfo=UTC), made_by="lead",
    totals=(None, None, 19, Cents(122950), None))


def test_cells_read_as_a_person_and_as_a_spreadsheet_reads_them() -> None:
    assert [cell_text(c) for c in REPORT.rows[0]] == ["2026-11-02", "Acme", "12", "$1,234.50",
                                                      "12.5 h"]
    assert [cell_plain(c) for c in REPORT.rows[1]] == ["2026-11-03", '=HYPERLINK("x")', "7",
                                                       "-5.00", ""]
    assert cell_text(None) == "—" and cell_text(1234567) == "1,234,567"
    assert [cell_number(c) for c in REPORT.rows[0]] == [None, None, 12, 123450, 125]


@given(st.integers(min_value=-10**9, max_value=10**9))
def test_tenths_read_exactly(tenths: int) -> None:
    assert Decimal(tenths_text(tenths)) == Decimal(tenths) / 10


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=1, max_value=10**7))
def test_a_share_is_rounded_half_up_to_one_decimal(part: int, whole: int) -> None:
    exact = Decimal(Fraction(part * 100, whole).numerator) / Decimal(
        Fraction(part * 100, whole).denominator)
    expected = exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert share_text(part, whole) == f"{expected} %"


def test_no_whole_has_no_share() -> None:
    assert share_text(3, 0) == "—"


def test_the_csv_has_the_header_rows_and_totals_and_runs_no_formula() -> None:
    rows = list(csv.reader(io.StringIO(report_csv(REPORT).decode("utf-8"))))
    assert rows[0] == ["Day", "Customer", "Received", "Fees", "Median turnaround"]
    assert rows[1] == ["2026-11-02", "Acme", "12", "1234.50", "12.5"]
    assert rows[2] == ["2026-11-03", "'=HYPERLINK(\"x\")", "7", "-5.00", ""]
    assert rows[3] == ["Total", "", "19", "1229.50", ""]
    assert report_csv(REPORT).endswith(b"\r\n")
    assert file_stem(REPORT) == "production-2026-11-02-to-2026-11-06"


def test_the_pdf_states_every_figure_cell_and_note() -> None:
    pdf = build_report_pdf(REPORT)
    text = " ".join(" ".join(page.extract_text().split())
                    for page in PdfReader(io.BytesIO(pdf)).pages)
    for expected in ("Daily production", "2026-11-02 to 2026-11-06", "Clerk: senior",
                     "Expedite SLA met: 96.4 %", "Received per day", "Fees per day",
                     "$1,234.50", "12.5 h", "-$5.00", "$1,229.50", "Total",
                     "Turnaround counts business hours only.", "by lead"):
        assert expected in text, expected
    assert build_report_pdf(REPORT) == pdf  # the same report, the same bytes


def test_chart_data_comes_from_the_table() -> None:
    categories, series = chart_data(REPORT, REPORT.charts[1])
    assert categories == ["2026-11-02", "2026-11-03"]
    assert series == [("Fees", [123450, -500])]


def test_the_catalogue_refuses_what_it_cannot_run() -> None:
    assert reports.kind_of(" Production ").name == "production"
    with pytest.raises(UserError, match="No report is called 'nonsense'"):
        reports.kind_of("nonsense")
    with pytest.raises(UserError, match="ends") as backwards:
        reports.run_report(None, None, None, "production",  # type: ignore[arg-type]
                           date(2026, 11, 5), date(2026, 11, 1))
    assert backwards.value.field == "range"
    kind = reports.kind_of("production")
    with pytest.raises(UserError, match="no filter 'colour'"):
        reports._options(kind, {"colour": "red"})
    with pytest.raises(UserError, match="Speed is one of regular") as bad:
        reports._options(kind, {"speed": "fast"})
    assert bad.value.field == "speed"
    assert reports._options(kind, {"speed": "", "clerk": " senior "}) == {"clerk": "senior"}
    assert reports._options(kind, {"group": ""}) == {"group": "day"}  # a grouping's default


def test_a_long_table_starts_on_the_first_page() -> None:
    """Keep-with-next once pushed a table longer than a page whole onto page 2."""
    long = Report(name="t", title="Long", range=ReportRange(date(2026, 1, 1), date(2026, 1, 2)),
                  filters=(), columns=(Column("n", "Row", numeric=False),),
                  rows=tuple((f"row {n:03d}",) for n in range(300)))
    pages = PdfReader(io.BytesIO(build_report_pdf(long))).pages
    first = pages[0].extract_text()
    assert len(pages) > 2 and "row 000" in first and "row 020" in first
    assert "row 299" in pages[-1].extract_text()


def test_columns_are_as_wide_as_what_they_hold() -> None:
    def size(text: str) -> float:
        return float(len(text))  # one point a character, to reason on paper

    pad = 8.0
    rows = [["2026-11-23", "word " * 60, "lead", "22.2 %"], ["2026-11-24", "y", "senior", "1"]]
    widths = column_widths(["Day", "Why", "Whose", "Share of all"], rows, 200, size, size)
    assert sum(widths) == pytest.approx(200)
    # Fair share 50: the day, the clerk and the share get exactly their widest cell (the share
    # its heading's longest word); the explanation takes the rest and wraps.
    assert widths[0] == 10 + pad and widths[2] == 6 + pad and widths[3] == 6 + pad
    assert widths[1] == pytest.approx(200 - 18 - 14 - 14)
    fits = column_widths(["A", "B"], [["abc", "abcdef"]], 100, size, size)
    assert fits == pytest.approx([100 * 11 / 25, 100 * 14 / 25])  # widened in proportion
