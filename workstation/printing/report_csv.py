"""A report as CSV for a spreadsheet: a header row of the column labels, the rows, and the totals
row (its first cell "Total") when the report has one. Numbers are plain (1234.50, 12.5) so the
columns sum where the file is opened; text a person typed is guarded against formula injection
as the finance export is; UTF-8, CRLF (RFC 4180). The range and filters are in the file's name
and in the PDF, not in the rows: an importer reads row 1 as the header."""

from __future__ import annotations

import csv
import io

from workstation.printing.finance_export import safe_cell
from workstation.services.report_dto import Cell, Report, cell_plain


def report_csv(report: Report) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([column.label for column in report.columns])
    for row in report.rows:
        writer.writerow([_cell(cell, column.numeric)
                         for cell, column in zip(row, report.columns, strict=True)])
    if report.totals is not None:
        writer.writerow(["Total" if n == 0 and cell is None else _cell(cell, column.numeric)
                         for n, (cell, column) in enumerate(zip(report.totals, report.columns,
                                                                strict=True))])
    return out.getvalue().encode("utf-8")


def _cell(cell: Cell, numeric: bool) -> str:
    text = cell_plain(cell)
    return text if numeric else safe_cell(text)


def file_stem(report: Report) -> str:
    """``production-2026-11-01-to-2026-11-23``: what the report is and for when."""
    first, last = report.range.first.isoformat(), report.range.last.isoformat()
    return f"{report.name}-{first}" if first == last else f"{report.name}-{first}-to-{last}"
