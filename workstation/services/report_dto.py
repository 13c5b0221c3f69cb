"""What every lead's report is, whatever it counts (issue 9): a title, the range and filters it
was run for, one table (the CSV is this table), any number of charts drawn from the table's own
columns (QtCharts on screen, ReportLab graphics in the PDF), and headline figures.

A report service only counts (SQL aggregation in the database, never a loop over rows in
Python); the screen, the PDF, the CSV and the command line all render this one value, so a figure
cannot differ between them.

Cells are plain values: ``int`` counts, ``Cents`` money (integer cents, printed as dollars),
``Hours`` and ``Days`` durations in business time (tenths kept as integers: no float), ``str``
labels, ``date`` days, or None for "no value" (a median of no items).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Final, Literal

from workstation.domain.money import format_cents

BAR: Final = "bar"
STACKED: Final = "stacked"
LINE: Final = "line"
PIE: Final = "pie"
ChartKind = Literal["bar", "stacked", "line", "pie"]


@dataclass(frozen=True)
class Cents:
    """Money in a cell: integer cents."""

    value: int


@dataclass(frozen=True)
class Tenths:
    """A duration in business hours or days, in tenths (12.5 h is ``Tenths(125, "h")``)."""

    tenths: int
    unit: Literal["h", "d"]


Cell = int | str | date | Cents | Tenths | None


@dataclass(frozen=True)
class Column:
    key: str  # "accepted"
    label: str  # "Accepted"
    numeric: bool = True  # right-aligned; summed in the totals row when ``total`` is True
    total: bool = False


@dataclass(frozen=True)
class Chart:
    """A chart of the table: ``category`` the column along the axis (one bar group or point
    per row), ``series`` the numeric columns drawn; for a pie, one series."""

    title: str
    kind: ChartKind
    category: str
    series: tuple[str, ...]


@dataclass(frozen=True)
class Figure:
    """A headline figure above the table: "Expedite SLA met: 96.4 %" (already worded)."""

    label: str
    value: str


@dataclass(frozen=True)
class ReportRange:
    first: date  # inclusive, office days
    last: date  # inclusive


@dataclass(frozen=True)
class Report:
    name: str  # "production": the command line's NAME
    title: str  # "Daily production"
    range: ReportRange
    filters: tuple[tuple[str, str], ...]  # what it was narrowed to, worded: ("Clerk", "senior")
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    charts: tuple[Chart, ...] = ()
    figures: tuple[Figure, ...] = ()
    notes: tuple[str, ...] = ()  # how a figure is counted, in a lead's words
    made_at: datetime | None = None
    made_by: str = ""
    totals: tuple[Cell, ...] | None = field(default=None)  # the totals row, when any column sums

    def column(self, key: str) -> int:
        """The index of the column ``key`` (KeyError naming it when the report has none)."""
        for n, column in enumerate(self.columns):
            if column.key == key:
                return n
        raise KeyError(f"{self.name} has no column {key!r}")


def cell_text(cell: Cell) -> str:
    """A cell as a person reads it: $1,234.50, 12.5 h, 2026-11-23, 1,204; "—" for no value."""
    if cell is None:
        return "—"
    if isinstance(cell, Cents):
        return format_cents(cell.value)
    if isinstance(cell, Tenths):
        return f"{tenths_text(cell.tenths)} {cell.unit}"
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, int):
        return f"{cell:,}"
    if isinstance(cell, date):
        return cell.isoformat()
    return cell


def cell_plain(cell: Cell) -> str:
    """A cell for a spreadsheet: numbers without separators or units (12.5, 1234.50), "" for
    no value, so the column sums where it is opened."""
    if cell is None:
        return ""
    if isinstance(cell, Cents):
        sign, cents = ("-" if cell.value < 0 else ""), abs(cell.value)
        return f"{sign}{cents // 100}.{cents % 100:02d}"
    if isinstance(cell, Tenths):
        return tenths_text(cell.tenths)
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, date):
        return cell.isoformat()
    return cell


def cell_number(cell: Cell) -> int | None:
    """The whole number a chart draws for a cell (cents, tenths and counts as they are stored;
    the axis says the unit); None for text or no value."""
    if isinstance(cell, Cents):
        return cell.value
    if isinstance(cell, Tenths):
        return cell.tenths
    if isinstance(cell, int) and not isinstance(cell, bool):
        return cell
    return None


def tenths_text(tenths: int) -> str:
    """125 -> "12.5"; -5 -> "-0.5" (integer arithmetic: no float)."""
    sign, value = ("-" if tenths < 0 else ""), abs(tenths)
    return f"{sign}{value // 10}.{value % 10}"


def share_text(part: int, whole: int) -> str:
    """``part`` of ``whole`` as a percentage with one decimal, rounded half up: "96.4 %"; "—"
    when there is no whole."""
    if whole <= 0:
        return "—"
    permille = (part * 1000 * 2 + whole) // (whole * 2)
    return f"{tenths_text(permille)} %"
