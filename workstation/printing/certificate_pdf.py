"""A certificate on one US Letter page: the office's heading, the title, the certifying text with
every fact, the facts table (or an apostille's ten numbered items), the place and date of issue,
the certifying officer's name and title under a signature line, a drawn seal, and at the foot the
certificate number, the verification code and a QR symbol of that code.

Drawn straight on the canvas, not laid out with platypus: a certificate is one page of known
parts, and issue 8 allows 20 ms for it (p95), which a story of paragraphs and tables does not
meet. The text wraps at word boundaries (a word longer than the line is cut); when a very long
name would push the text into the signature, the text is set smaller until it fits. Names go
through ``common.draw_text``, so a Chinese or Korean name prints in the fallback face.

The seal is a ring with the office's name around it and "SEAL" in the middle: plainly not the
state's seal, which the program does not reproduce. The QR symbol holds the code as printed
("4821-5539-219"), drawn from ReportLab's QR encoder (``reportlab.graphics.barcode``) as one
filled path of module runs, not as the widget's hundreds of separate rectangles (a fifth of
the page's time). A reprint carries REPRINT as a banner and across the page, and says when it
was printed again. A specimen (the page shown for checking before the fee is paid) carries
"SPECIMEN · NOT RELEASED · NOT VALID" as a banner and SPECIMEN across the page, in red, and keeps
its code and QR symbol, so the clerk checks exactly what will print; a sheet marked both is a
specimen (a specimen is never a print). Output is deterministic (``invariant``): the same sheet
gives the same bytes, which is what lets the release store the PDF's hash and a verification
compare a file with it.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.graphics.barcode import qrencoder  # type: ignore[import-untyped]
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import letter  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from workstation.printing.certificate_data import CertificateSheet, SheetItem
from workstation.printing.common import PRODUCER, draw_text
from workstation.printing.fonts import FontSet, register_fonts, text_width

__all__ = ["build_certificate_pdf", "qr_modules", "wrap"]

PAGE_W, PAGE_H = letter
MARGIN = 72.0  # the text column: one inch each side
TEXT_W = PAGE_W - 2 * MARGIN
BORDER = 30.0
TOP = PAGE_H - 62  # first baseline of the heading
FLOW_FLOOR = 292.0  # the text must end above the signature and seal
SIZES = (11.5, 10.5, 9.5, 8.5, 7.5)  # the body's sizes, tried in turn until the text fits
INK = colors.Color(0.08, 0.16, 0.38)  # the border and the seal
FAINT = colors.Color(0.87, 0.87, 0.87)  # the REPRINT across the page
SPECIMEN_BANNER = "SPECIMEN · NOT RELEASED · NOT VALID"
SPECIMEN_INK = colors.Color(0.62, 0.07, 0.07)  # the specimen's banner
SPECIMEN_FAINT = colors.Color(0.98, 0.85, 0.85)  # the SPECIMEN across the page
LABEL_W = 150.0  # the facts table's label column
QR_SIZE = 100.0


@dataclass(frozen=True)
class _Line:
    """A line to draw: where, what, in which face and size, aligned how."""

    y: float
    text: str
    font: str
    size: float
    x: float = MARGIN
    align: str = "left"


def build_certificate_pdf(sheet: CertificateSheet) -> bytes:
    """The certificate as PDF bytes (one page, fonts embedded, the same bytes for one sheet)."""
    fonts = register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=letter, invariant=1, initialFontName=fonts.regular)
    canvas.setTitle(f"{sheet.title} {sheet.number}")
    canvas.setSubject(f"Verification code {sheet.code}")
    canvas.setAuthor(PRODUCER)
    canvas.setCreator(PRODUCER)
    _frame(canvas, sheet, fonts)
    for line in _flow(sheet, fonts):
        draw_text(canvas, line.x, line.y, line.text, line.font, line.size,
                  line.align)  # type: ignore[arg-type]
    _signature(canvas, sheet, fonts)
    _seal(canvas, sheet.seal_text, fonts, MARGIN + 62, 222, 54)
    _foot(canvas, sheet, fonts)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


# ---------------------------------------------------------------- the text


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` at spaces (a newline starts a new line;
    a word wider than the line is cut where it must be)."""
    lines: list[str] = []
    space = stringWidth(" ", font, size)
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for word in paragraph.split():
            w = text_width(word, font, size)
            if line and used + space + w <= width:
                line, used = f"{line} {word}", used + space + w
                continue
            if line:
                lines.append(line)
            rest = word
            while w > width:  # a word longer than the line: cut it
                cut = _fitting(rest, font, size, width)
                lines.append(rest[:cut])
                rest = rest[cut:]
                w = text_width(rest, font, size)
            line, used = rest, w
        lines.append(line)
    return lines


def _fitting(word: str, font: str, size: float, width: float) -> int:
    cut = len(word)
    while cut > 1 and text_width(word[:cut], font, size) > width:
        cut -= 1
    return cut


def _flow(sheet: CertificateSheet, fonts: FontSet) -> list[_Line]:
    """Heading to closing line, at the largest body size that ends above the signature."""
    for size in SIZES:
        lines, end = _flow_at(sheet, fonts, size)
        if end >= FLOW_FLOOR:
            return lines
    return lines


def _flow_at(sheet: CertificateSheet, fonts: FontSet, size: float
             ) -> tuple[list[_Line], float]:
    lines: list[_Line] = []
    y = TOP - (22 if sheet.reprint or sheet.specimen else 0)
    for n, text in enumerate(sheet.heading):
        big = n == 0
        lines.append(_centred(y, text, fonts.bold if big else fonts.regular, 15 if big else 11))
        y -= 20 if big else 15
    y -= 30
    for text in wrap(sheet.title, fonts.bold, 22, TEXT_W):
        lines.append(_centred(y, text, fonts.bold, 22))
        y -= 26
    if sheet.subtitle:
        lines.append(_centred(y + 4, sheet.subtitle, fonts.regular, 10.5))
        y -= 12
    y -= 16
    leading = size * 1.45
    if sheet.body:
        for text in wrap(sheet.body, fonts.regular, size, TEXT_W):
            lines.append(_Line(y, text, fonts.regular, size))
            y -= leading
        y -= 10
    y = _facts(lines, sheet.facts, fonts, size, y)
    y = _items(lines, sheet.items, fonts, size, y)
    if sheet.closing:
        y -= 8
        for text in wrap(sheet.closing, fonts.regular, size, TEXT_W):
            lines.append(_Line(y, text, fonts.regular, size))
            y -= leading
    return lines, y + leading


def _centred(y: float, text: str, font: str, size: float) -> _Line:
    return _Line(y, text, font, size, PAGE_W / 2, "centre")


def _facts(lines: list[_Line], facts: Sequence[tuple[str, str]], fonts: FontSet, size: float,
           y: float) -> float:
    leading = size * 1.35
    value_x = MARGIN + 12 + LABEL_W
    for label, value in facts:
        # A label wider than its column wraps there too: the row is as tall as its longer side.
        labels = wrap(label, fonts.condensed_bold, size - 1.5, LABEL_W - 8)
        values = wrap(value, fonts.regular, size, TEXT_W - 12 - LABEL_W)
        for n, text in enumerate(labels):
            lines.append(_Line(y - n * leading, text, fonts.condensed_bold, size - 1.5,
                               MARGIN + 12))
        for n, text in enumerate(values):
            lines.append(_Line(y - n * leading, text, fonts.regular, size, value_x))
        y -= leading * max(len(labels), len(values)) + 2
    return y


def _items(lines: list[_Line], items: Sequence[SheetItem], fonts: FontSet, size: float,
           y: float) -> float:
    """An apostille's numbered items; a heading ("This public document") above its item."""
    leading = size * 1.5
    for item in items:
        if item.heading:
            y -= 4
            lines.append(_Line(y, item.heading, fonts.bold, size, MARGIN + 12))
            y -= leading
        head = f"{item.number}. {item.label}"
        lines.append(_Line(y, head, fonts.regular, size, MARGIN + 24))
        x = MARGIN + 24 + max(text_width(head, fonts.regular, size) + 8, 170)
        for text in wrap(item.text, fonts.bold, size, PAGE_W - MARGIN - x) or [""]:
            if text:
                lines.append(_Line(y, text, fonts.bold, size, x))
            y -= leading
    return y


# ---------------------------------------------------------------- the page's furniture


def _frame(canvas: Canvas, sheet: CertificateSheet, fonts: FontSet) -> None:
    """The double border, and a specimen's or a reprint's marks (drawn first, so the text lies
    on top). A sheet marked both is a specimen: a specimen is never a print."""
    if sheet.specimen:
        _marked(canvas, fonts, ("SPECIMEN", 100, 34, SPECIMEN_FAINT),
                (SPECIMEN_BANNER, SPECIMEN_INK))
    elif sheet.reprint:
        _marked(canvas, fonts, ("REPRINT", 118, 40, FAINT),
                (f"REPRINT · {sheet.reprint}", colors.black))
    else:
        _border(canvas)


def _marked(canvas: Canvas, fonts: FontSet, across: tuple[str, float, float, Any],
            banner: tuple[str, Any]) -> None:
    """A word across the page (its size, how far below the centre, its faint colour), the
    border, and a banner line inside the top of the border (its text, its fill)."""
    word, size, drop, faint = across
    canvas.saveState()
    canvas.setFillColor(faint)
    canvas.translate(PAGE_W / 2, PAGE_H / 2 - 20)
    canvas.rotate(38)
    canvas.setFont(fonts.bold, size)
    canvas.drawCentredString(0, -drop, word)
    canvas.restoreState()
    _border(canvas)
    text, fill = banner
    top = PAGE_H - BORDER - 5
    canvas.saveState()
    canvas.setFillColor(fill)
    canvas.rect(BORDER + 5, top - 20, PAGE_W - 2 * BORDER - 10, 20, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    draw_text(canvas, PAGE_W / 2, top - 14.5, text, fonts.bold, 10, "centre")
    canvas.restoreState()


def _border(canvas: Canvas) -> None:
    canvas.saveState()
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(2.2)
    canvas.rect(BORDER, BORDER, PAGE_W - 2 * BORDER, PAGE_H - 2 * BORDER)
    canvas.setLineWidth(0.6)
    canvas.rect(BORDER + 5, BORDER + 5, PAGE_W - 2 * BORDER - 10, PAGE_H - 2 * BORDER - 10)
    canvas.restoreState()


def _signature(canvas: Canvas, sheet: CertificateSheet, fonts: FontSet) -> None:
    left, right, y = PAGE_W - MARGIN - 230, PAGE_W - MARGIN, 236.0
    canvas.setLineWidth(0.8)
    canvas.line(left, y, right, y)
    middle = (left + right) / 2
    draw_text(canvas, middle, y - 14, sheet.officer_name, fonts.bold, 11, "centre")
    for n, text in enumerate(wrap(sheet.officer_title, fonts.regular, 9.5, right - left)):
        draw_text(canvas, middle, y - 27 - n * 11.5, text, fonts.regular, 9.5, "centre")


def _seal(canvas: Canvas, text: str, fonts: FontSet, cx: float, cy: float, r: float) -> None:
    """A ring with ``text`` around it, "SEAL" across the middle."""
    canvas.saveState()
    canvas.setStrokeColor(INK)
    canvas.setFillColor(INK)
    canvas.setLineWidth(1.6)
    canvas.circle(cx, cy, r)
    canvas.setLineWidth(0.6)
    canvas.circle(cx, cy, r - 4)
    canvas.circle(cx, cy, r - 17)
    size, radius = 7.0, r - 13.5
    # The text's arc, and a size at which it fits the ring with a gap at the bottom.
    arc = stringWidth(text, fonts.bold, size) + 0.8 * len(text)
    if arc > 2 * math.pi * radius * 0.88:
        size *= 2 * math.pi * radius * 0.88 / arc
        arc = stringWidth(text, fonts.bold, size) + 0.8 * len(text)
    angle = -math.degrees(arc / radius) / 2  # degrees clockwise from the top
    canvas.setFont(fonts.bold, size)
    for ch in text:
        w = stringWidth(ch, fonts.bold, size) + 0.8
        middle = angle + math.degrees(w / 2 / radius)
        canvas.saveState()
        canvas.translate(cx + radius * math.sin(math.radians(middle)),
                         cy + radius * math.cos(math.radians(middle)))
        canvas.rotate(-middle)
        canvas.drawCentredString(0, -size * 0.35, ch)
        canvas.restoreState()
        angle += math.degrees(w / radius)
    canvas.setFont(fonts.bold, 15)
    canvas.drawCentredString(cx, cy - 5, "SEAL")
    canvas.restoreState()


def _foot(canvas: Canvas, sheet: CertificateSheet, fonts: FontSet) -> None:
    """Number, code and how to verify, with the QR symbol of the code on the right."""
    x, y = MARGIN, 150.0
    canvas.setLineWidth(0.4)
    canvas.line(MARGIN, y + 16, PAGE_W - MARGIN, y + 16)
    draw_text(canvas, x, y, "Certificate number", fonts.condensed_bold, 8.5)
    draw_text(canvas, x + 120, y, "Verification code", fonts.condensed_bold, 8.5)
    draw_text(canvas, x, y - 17, sheet.number, fonts.bold, 13)
    draw_text(canvas, x + 120, y - 19, sheet.code, fonts.bold, 18)
    note_w = PAGE_W - 2 * MARGIN - QR_SIZE - 20
    for n, text in enumerate(wrap(sheet.verify_note, fonts.regular, 8, note_w)):
        draw_text(canvas, x, y - 40 - n * 10, text, fonts.regular, 8)
    _qr(canvas, sheet.code, PAGE_W - MARGIN - QR_SIZE, 48, QR_SIZE)


def qr_modules(value: str) -> list[list[bool]]:
    """The QR symbol of ``value`` (error correction level M: 15 % of a scuffed or folded
    symbol can be lost), as rows of dark (True) and light modules, without the quiet zone."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(value)
    code.make()
    return [[bool(m) for m in row] for row in code.modules]


def _qr(canvas: Canvas, value: str, x: float, y: float, size: float) -> None:
    """The symbol in a ``size`` square at (x, y), with the standard 4-module quiet zone. Drawn
    in module units (whole numbers: the page stream stays short and quick to write)."""
    modules = qr_modules(value)
    count = len(modules)
    box = size / (count + 8)
    path = canvas.beginPath()
    for r, row in enumerate(modules):
        c = 0
        while c < count:
            if row[c]:
                start = c
                while c < count and row[c]:
                    c += 1
                path.rect(start, count - 1 - r, c - start, 1)
            c += 1
    canvas.saveState()
    canvas.translate(x + 4 * box, y + 4 * box)
    canvas.scale(box, box)
    canvas.setFillColor(colors.black)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
