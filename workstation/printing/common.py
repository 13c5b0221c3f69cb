"""What every printed page shares: office-time formatting, styles, tables, the barcode block, and
the page template (running header on continuation pages, footer with "Page x of y").

Output is deterministic: ``build_pdf`` sets ReportLab's ``invariant`` flag, which fixes the
creation date and the document ID, so the same DTO gives the same bytes (a reprint can be compared
with the original, and tests can say so). Nothing here reads the clock.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from reportlab.graphics.barcode.code128 import Code128  # type: ignore[import-untyped]
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.enums import TA_CENTER, TA_RIGHT  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import inch, mm  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    Flowable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from workstation.domain.calendar_explain import format_clock, format_moment
from workstation.domain.money import format_cents
from workstation.printing.fonts import FontSet, covered, register_fonts, runs, with_fallback

# The Ohio office. The builders take ``zone=`` so another office profile can pass its own.
OFFICE_ZONE = ZoneInfo("America/New_York")
PRODUCER = "Counter Workstation"

GRID = colors.Color(0.55, 0.55, 0.55)
HEAD_FILL = colors.Color(0.88, 0.88, 0.88)
VOID_TEXT = colors.Color(0.45, 0.45, 0.45)
VOID_FILL = colors.Color(0.94, 0.94, 0.94)

# ---------------------------------------------------------------- words and times

_SERVICE_TYPES = {"corporate": "Corporate", "ucc": "UCC", "certification": "Certification",
                  "correspondence": "Correspondence"}
_INSTRUMENTS = {"check": "Check", "money_order": "Money order", "cash": "Cash", "card": "Card"}


def local(moment: datetime, zone: ZoneInfo = OFFICE_ZONE) -> datetime:
    """An aware datetime on the office clock; a naive one is a bug (times are stored as UTC)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment.isoformat()}: printing needs aware UTC times")
    return moment.astimezone(zone)


def format_time(moment: datetime, zone: ZoneInfo = OFFICE_ZONE) -> str:
    """``2026-11-23 18:30 UTC`` -> ``2026-11-23 1:30 p.m.`` (office local time)."""
    there = local(moment, zone)
    return f"{there.date().isoformat()} {format_clock(there.time())}"


def format_due(moment: datetime, zone: ZoneInfo = OFFICE_ZONE) -> str:
    """``Tue 24 Nov 11:30 a.m.``: how a due time reads on a banner."""
    return format_moment(local(moment, zone))


def format_date(day: date | None, missing: str = "none") -> str:
    return day.isoformat() if day is not None else missing


def service_type_label(code: str) -> str:
    return _SERVICE_TYPES.get(code, code.replace("_", " ").capitalize())


def level_label(code: str) -> str:
    """``expedite_2`` -> ``Expedite 2``; ``regular`` -> ``Regular``."""
    return code.replace("_", " ").capitalize()


def instrument_label(code: str) -> str:
    return _INSTRUMENTS.get(code, code.replace("_", " ").capitalize())


def yes_no(flag: bool) -> str:
    return "Yes" if flag else "NO"


def money(cents: int) -> str:
    return format_cents(cents)


# ---------------------------------------------------------------- styles


@dataclass(frozen=True)
class Styles:
    fonts: FontSet
    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    label: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_head: ParagraphStyle
    cell_head_right: ParagraphStyle
    big: ParagraphStyle
    banner: ParagraphStyle


def make_styles(cell_size: float = 8.5, compact: bool = False) -> Styles:
    """The styles of one document; ``cell_size`` is the table text size (8 pt is the floor);
    ``compact`` tightens the headings for the half-letter slip."""
    f = register_fonts()

    def style(name: str, font: str, size: float, **kw: Any) -> ParagraphStyle:
        kw.setdefault("leading", size * 1.2)
        return ParagraphStyle(name, fontName=font, fontSize=size, **kw)

    return Styles(
        fonts=f,
        title=style("title", f.bold, 13, spaceAfter=2),
        heading=(style("heading", f.bold, 9.5, spaceBefore=5, spaceAfter=2) if compact
                 else style("heading", f.bold, 10, spaceBefore=6, spaceAfter=3)),
        body=style("body", f.regular, 9.5),
        label=style("label", f.condensed_bold, 8.5),
        small=style("small", f.regular, 8),
        cell=style("cell", f.condensed, cell_size),
        cell_right=style("cell_right", f.condensed, cell_size, alignment=TA_RIGHT),
        cell_head=style("cell_head", f.condensed_bold, cell_size),
        cell_head_right=style("cell_head_right", f.condensed_bold, cell_size, alignment=TA_RIGHT),
        big=style("big", f.bold, 16, leading=19),
        banner=style("banner", f.bold, 15, leading=18, alignment=TA_CENTER,
                     textColor=colors.white),
    )


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: names such as "Smith & Sons <Ltd>" are escaped, not markup;
    a newline starts a new line; characters the style's font lacks (a Chinese name) are set in
    the fallback face (``fonts.with_fallback``)."""
    return Paragraph(with_fallback(text, style.fontName).replace("\n", "<br/>"), style)


# ---------------------------------------------------------------- tables


def styled_table(data: list[list[Any]], widths: Sequence[float], commands: list[tuple[Any, ...]],
                 **kw: Any) -> Table:
    """A Table whose plain-string cells, even empty ones, use the embedded font: ReportLab's
    default cell font is Helvetica, which would otherwise appear (unembedded) in every PDF."""
    table = Table(data, colWidths=list(widths), **kw)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), register_fonts().regular),
                               *commands]))
    return table


@dataclass
class Column:
    title: str
    width: float  # points
    right: bool = False  # numbers and money


@dataclass
class Grid:
    """A table with a header row repeated on every page, a total row, and greyed void rows."""

    columns: Sequence[Column]
    rows: list[Sequence[str]] = field(default_factory=list)
    void_rows: set[int] = field(default_factory=set)  # indexes into rows
    total: Sequence[str | None] | None = None  # None: the cell to the left spans it too

    def build(self, st: Styles) -> Table:
        head = [para(c.title, st.cell_head_right if c.right else st.cell_head)
                for c in self.columns]
        void = (ParagraphStyle("void", parent=st.cell, textColor=VOID_TEXT),
                ParagraphStyle("void_right", parent=st.cell_right, textColor=VOID_TEXT))
        body = []
        for index, row in enumerate(self.rows):
            normal = void if index in self.void_rows else (st.cell, st.cell_right)
            body.append([_cell(text, normal[1] if c.right else normal[0], c.width)
                         for text, c in zip(row, self.columns, strict=True)])
        data = [head, *body]
        spans: list[tuple[Any, ...]] = []
        if self.total is not None:
            data.append([para(text, st.cell_head_right if c.right else st.cell_head)
                         if text is not None else ""
                         for text, c in zip(self.total, self.columns, strict=True)])
            start = 0
            for index, text in enumerate([*self.total, ""]):
                if text is not None:
                    if index - start > 1:
                        spans.append(("SPAN", (start, -1), (index - 1, -1)))
                    start = index
        commands: list[tuple[Any, ...]] = [
            # Plain-string cells (text that fits on one line) drawn as the cell style would.
            ("FONTNAME", (0, 1), (-1, -1), st.cell.fontName),
            ("FONTSIZE", (0, 1), (-1, -1), st.cell.fontSize),
            ("LEADING", (0, 1), (-1, -1), st.cell.leading),
            *[("ALIGN", (n, 1), (n, -1), "RIGHT")
              for n, c in enumerate(self.columns) if c.right],
            *[("TEXTCOLOR", (0, i + 1), (-1, i + 1), VOID_TEXT) for i in sorted(self.void_rows)],
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
            ("LINEBELOW", (0, 1), (-1, -1), 0.3, GRID),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
        if self.total is not None:
            commands.append(("LINEABOVE", (0, -1), (-1, -1), 1.0, colors.black))
        commands += spans
        commands += [("BACKGROUND", (0, i + 1), (-1, i + 1), VOID_FILL)
                     for i in sorted(self.void_rows)]
        return styled_table(data, [c.width for c in self.columns], commands, repeatRows=1)


def _cell(text: str, style: ParagraphStyle, width: float) -> Paragraph | str:
    """A body cell: the text itself when it fits on one line and the cell's font has all its
    glyphs (a table draws a string far faster than it lays out a paragraph: a slip listing a
    thousand checks draws in a fraction of the time), else a paragraph that wraps and sets
    what the font lacks in the fallback face."""
    if ("\n" not in text and covered(text, style.fontName)
            and stringWidth(text, style.fontName, style.fontSize) <= width - 6):
        return text
    return para(text, style)


def headed_by_barcode(left: Any, code: Flowable, widths: Sequence[float]) -> Table:
    """A document's head: its facts on the left, its number as a barcode on the right, ruled
    off below (the batch close report, the receipt, the deposit slip)."""
    return styled_table([[left, code]], widths, [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (1, 0), (1, 0), "RIGHT"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("LINEBELOW", (0, 0), (-1, 0), 1.2, colors.black),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 6),
    ], hAlign="LEFT")


def facts(pairs: Iterable[tuple[str, str]], st: Styles, widths: Sequence[float],
          columns: int = 1, value_style: ParagraphStyle | None = None) -> Table:
    """Label/value pairs laid out in ``columns`` pairs per row (``widths`` = label, value...)."""
    value_style = value_style or st.body
    cells = [(para(label, st.label), para(value, value_style)) for label, value in pairs]
    rows: list[list[Paragraph | str]] = []
    for start in range(0, len(cells), columns):
        row: list[Paragraph | str] = []
        for label, value in cells[start:start + columns]:
            row += [label, value]
        row += [""] * (2 * columns - len(row))
        rows.append(row)
    return styled_table(rows, widths, [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ], hAlign="LEFT")


def boxed(flowables: list[Flowable], width: float, line: float = 1.5,
          fill: colors.Color | None = None) -> Table:
    """Flowables in a ruled box (the balance outcome, a banner)."""
    commands: list[tuple[Any, ...]] = [
        ("BOX", (0, 0), (-1, -1), line, colors.black),
        ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    if fill is not None:
        commands.append(("BACKGROUND", (0, 0), (-1, -1), fill))
    return styled_table([[flowables]], [width], commands, hAlign="LEFT")


def signature_lines(people: Sequence[tuple[str, str]], st: Styles, width: float,
                    sign: str = "Signature") -> list[Flowable]:
    """One row per person: role, printed name, a line to sign (or initial) on, a date line.

    A list, not a KeepTogether: the caller keeps it with what precedes it (KeepTogethers do not
    nest: an inner one reports an infinite height and pushes the outer to a new page)."""
    named = any(name for _, name in people)  # no name column for blank lines (initials)
    label_w, gap, date_w = 0.17 * width, 12, 0.20 * width
    names = [0.25 * width] if named else []
    sign_w = width - label_w - sum(names) - gap - date_w
    first = 2 if named else 1  # the column of the signature line
    rows: list[list[Paragraph | str]] = [
        [para(role, st.label), *([para(name, st.body)] if named else []), "", "", ""]
        for role, name in people
    ]
    rows.append([*[""] * first, para(sign, st.small), "", para("Date and time", st.small)])
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("TOPPADDING", (0, 0), (-1, -2), 16),
        ("TOPPADDING", (0, -1), (-1, -1), 1),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    for row in range(len(people)):
        commands.append(("LINEBELOW", (first, row), (first, row), 0.6, colors.black))
        commands.append(("LINEBELOW", (first + 2, row), (first + 2, row), 0.6, colors.black))
    return [Spacer(1, 4), styled_table(rows, [label_w, *names, sign_w, gap, date_w], commands,
                                       hAlign="LEFT")]


def signature_boxes(people: Sequence[tuple[str, str]], st: Styles, width: float) -> Table:
    """People side by side (a narrow page): role and name, a line, "Signature and date"."""
    column = width / len(people)
    rows = [
        [Paragraph(f"<b>{with_fallback(role, st.fonts.bold)}</b>&nbsp;&nbsp;"
                   f"{with_fallback(name, st.body.fontName)}", st.body)
         for role, name in people],
        ["" for _ in people],
        [para("Signature and date", st.small) for _ in people],
    ]
    return styled_table(rows, [column] * len(people), [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 12),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("LINEBELOW", (0, 1), (-1, 1), 0.6, colors.black),
    ], rowHeights=[None, 20, None], hAlign="LEFT")


# ---------------------------------------------------------------- barcode

MIN_BAR = 0.010 * inch  # 10 mil: what an ordinary handheld scanner reads reliably
BAR = 0.015 * inch  # preferred X dimension
BAR_HEIGHT = 15 * mm


class BarcodeBlock(Flowable):  # type: ignore[misc]
    """A Code 128 symbol of ``value`` with the value printed large underneath.

    ReportLab's own human-readable line would use Helvetica (not embedded), so the number is
    drawn here in the embedded bold face. The bar width shrinks from 15 mil towards 10 mil if the
    symbol would not fit the frame; the quiet zones (10 bar widths, at least 1/4 inch) stay.
    """

    def __init__(self, value: str, fonts: FontSet, *, number_size: float = 22,
                 bar_height: float = BAR_HEIGHT, caption: str = "") -> None:
        super().__init__()
        self.hAlign = "CENTER"
        if not value or not all(33 <= ord(c) <= 126 for c in value):
            raise ValueError(f"cannot encode {value!r} in Code 128: printable ASCII only")
        self.value = value
        self.fonts = fonts
        self.number_size = number_size
        self.bar_height = bar_height
        self.caption = caption
        self.symbol = self._symbol(BAR)

    def _symbol(self, bar_width: float) -> Code128:
        return Code128(self.value, barWidth=bar_width, barHeight=self.bar_height,
                       humanReadable=0, quiet=1)

    def _text_height(self) -> float:
        return self.number_size * 1.15 + (9 if self.caption else 0)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self.symbol.width > avail_width:
            fitted = BAR * avail_width / self.symbol.width
            self.symbol = self._symbol(max(fitted, MIN_BAR))
        number_w = stringWidth(self.value, self.fonts.bold, self.number_size)
        caption_w = stringWidth(self.caption, self.fonts.regular, 7.5)
        self.width = max(self.symbol.width, number_w, caption_w)
        self.height = self.bar_height + 3 + self._text_height()
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        middle = self.width / 2
        self.symbol.drawOn(canv, middle - self.symbol.width / 2, self._text_height() + 3)
        canv.setFont(self.fonts.bold, self.number_size)
        baseline = (9 if self.caption else 0) + self.number_size * 0.22
        canv.drawCentredString(middle, baseline, self.value)
        if self.caption:
            canv.setFont(self.fonts.regular, 7.5)
            canv.drawCentredString(middle, 1, self.caption)


# ---------------------------------------------------------------- text straight on the canvas


def draw_text(canvas: Canvas, x: float, y: float, text: str, font: str, size: float,
              align: Literal["left", "right", "centre"] = "left") -> None:
    """One line of ``text`` drawn straight on the canvas in ``font`` at ``size``, as
    ``drawString`` (``drawRightString``, ``drawCentredString``) would, but with each run the
    font lacks (a Chinese name) set in the fallback face. Leaves the canvas's font at ``font``.

    For names and other data; a fixed ASCII label can keep drawString."""
    canvas.setFont(font, size)
    parts = runs(text, font)
    if len(parts) <= 1 and all(name == font for name, _ in parts):  # the usual case
        {"left": canvas.drawString, "right": canvas.drawRightString,
         "centre": canvas.drawCentredString}[align](x, y, text)
        return
    width = sum(stringWidth(chunk, name, size) for name, chunk in parts)
    line = canvas.beginText(x - {"left": 0, "right": width, "centre": width / 2}[align], y)
    for name, chunk in parts:  # one text object: the runs follow on without gaps
        line.setFont(name, size)
        line.textOut(chunk)
    canvas.drawText(line)
    canvas.setFont(font, size)


# ---------------------------------------------------------------- page template


@dataclass(frozen=True)
class PageDecor:
    """What the page template draws once the number of pages is known."""

    running_title: str  # top of every page after the first: "Cash list S-0042 (continued)"
    footer_left: str  # bottom left of every page
    footer_lines: tuple[str, ...] = ()  # lines above the footer rule (the audit chain head)


def held_pages_canvas(fonts: FontSet, decorate: Callable[[Canvas, int, int], None], *,
                      single_page: bool = True) -> Callable[..., Canvas]:
    """A canvas that holds every page until ``save`` so each can say "Page 2 of 7":
    ``decorate(canvas, number, total)`` draws a page's running heads and footer (skipped for a
    document of one page unless ``single_page``)."""

    class HeldPagesCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # Without this every page names Helvetica (not embedded) as its starting font.
            kwargs["initialFontName"] = kwargs.get("initialFontName") or fonts.regular
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            for number, state in enumerate(self._held, 1):
                self.__dict__.update(state)
                if single_page or total > 1:
                    decorate(self, number, total)
                super().showPage()
            super().save()

    return HeldPagesCanvas


def _decorated_canvas(decor: PageDecor, fonts: FontSet, margins: tuple[float, float]
                      ) -> Callable[..., Canvas]:
    # Line the footer up with the frame's text, which sits 6 pt inside the margin.
    left, right = margins[0] + 6, margins[1] + 6

    def decorate(self: Canvas, number: int, total: int) -> None:
        width, height = self._pagesize
        self.saveState()
        if number > 1:
            draw_text(self, left, height - 0.26 * inch, decor.running_title, fonts.bold, 8)
            self.drawRightString(width - right, height - 0.26 * inch,
                                 f"Page {number} of {total}")
        y = 0.30 * inch
        draw_text(self, left, y, decor.footer_left, fonts.regular, 7.5)
        self.setFont(fonts.bold, 8)
        self.drawRightString(width - right, y, f"Page {number} of {total}")
        self.setLineWidth(0.4)
        self.line(left, y + 10, width - right, y + 10)
        for index, text in enumerate(reversed(decor.footer_lines)):
            draw_text(self, left, y + 14 + index * 9.5, text, fonts.regular, 7.5)
        self.restoreState()

    return held_pages_canvas(fonts, decorate)


def footer_height(decor: PageDecor) -> float:
    """Room the footer needs below the frame."""
    return float(0.30 * inch + 16 + 9.5 * len(decor.footer_lines))


def build_pdf(story: list[Flowable], *, pagesize: tuple[float, float], margin: float,
              title: str, subject: str, decor: PageDecor) -> bytes:
    """Lay out ``story`` and return the PDF: fonts embedded, bytes the same for the same story."""
    fonts = register_fonts()
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=pagesize, leftMargin=margin, rightMargin=margin,
        topMargin=max(margin, 0.36 * inch), bottomMargin=footer_height(decor) + 4,
        title=title, subject=subject, author=PRODUCER, creator=PRODUCER, invariant=1,
        initialFontName=fonts.regular,
    )
    doc.build(story, canvasmaker=_decorated_canvas(decor, fonts, (margin, margin)))
    return out.getvalue()


def frame_width(pagesize: tuple[float, float], margin: float) -> float:
    # SimpleDocTemplate's frame has 6 pt padding on each side.
    return float(pagesize[0] - 2 * margin - 12)
