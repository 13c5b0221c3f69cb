"""A reply letter on the office's letterhead: Inquiry Queue answers "from the record".

US Letter, portrait, fonts embedded, the same bytes for the same letter (ReportLab's
``invariant`` flag, as in ``common.build_pdf``). The first page carries the letterhead, the date
(and "Mailed on ..." under it when given) and the recipient's address; the body flows onto as
many pages as it needs, each later page headed by recipient, date and reference, and every page
of a letter of more than one page numbered "Page N of M" in the footer (a one-page letter has no
page number, as an office letter would not).

Window envelope. The recipient block is placed for a standard #10 window envelope
(4 1/8 x 9 1/2 in; window 4 1/2 x 1 1/8 in, 7/8 in from the left edge and 1/2 in from the
bottom), the letter folded in thirds with the top panel (11/3 = 3 2/3 in) facing the window.
The folded panel can move about 0.46 in up and down and 1 in sideways in the envelope: resting
at the bottom, the window shows 2.04 to 3.17 in below the top edge of the sheet; pushed to the
top, 2.50 to 3.63 in; across, 7/8 in to 4 3/8 in from the left edge in every position. The block
starts 1 in from the left edge and 2 3/8 in from the top and is at most 3 1/4 in wide and 7/8 in
tall (five lines of 10 pt, six of 8.5 pt: a long line wraps, and the type shrinks to 8 pt
before a letter is refused), centred on the window's travel: a usual four-line address shows
whole from the resting position to 1/3 in above it, a full six-line block over the middle 1/4 in
of the travel. Everything above the block (letterhead, date) stays above 2 in, out of the
window. Small fold marks in the left margin show where to fold.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import letter as LETTER  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import inch  # type: ignore[import-untyped]
from reportlab.lib.utils import simpleSplit  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
)

from workstation.domain.templates import Letterhead, long_date
from workstation.printing.common import PRODUCER, draw_text, held_pages_canvas, para
from workstation.printing.fonts import (
    FontSet,
    missing,
    register_fonts,
    text_width,
    with_fallback,
)

__all__ = ["Letter", "Letterhead", "build_letter", "recipient_lines", "unprintable_characters"]

WIDTH, HEIGHT = LETTER
LEFT = 1.0 * inch
RIGHT = 1.0 * inch
TEXT_WIDTH = WIDTH - LEFT - RIGHT

# The recipient block (see the module docstring for the envelope it is measured for).
ADDRESS_TOP = 2.375 * inch  # below the top edge of the sheet
ADDRESS_WIDTH = 3.25 * inch
ADDRESS_HEIGHT = 0.875 * inch
ADDRESS_SIZES = (10.0, 9.5, 9.0, 8.5, 8.0)  # tried in turn until the block fits
ADDRESS_LEADING = 1.2
FOLDS = (HEIGHT / 3, 2 * HEIGHT / 3)

DATE_TOP = 1.62 * inch  # the date line, under the letterhead rule, above the window
RULE_AT = 1.32 * inch  # the letterhead's rule
BODY_TOP_FIRST = ADDRESS_TOP + ADDRESS_HEIGHT + 0.3 * inch
BODY_TOP_LATER = 1.25 * inch
BOTTOM = 0.9 * inch  # room for the footer

INK = colors.Color(0.12, 0.16, 0.28)  # the letterhead's dark blue
RULE = colors.Color(0.55, 0.58, 0.66)
QUIET = colors.Color(0.35, 0.35, 0.35)


@dataclass(frozen=True)
class Letter:
    letterhead: Letterhead
    date_line: date
    recipient: tuple[str, ...]  # name, then address lines
    reference: str  # "Re: Inquiry Q2026-000123 · Entity 4412345"
    salutation: str  # "Dear Ms. Núñez:"
    body: str  # paragraphs separated by blank lines; a line starting "• " or "- " is a bullet
    closing: str  # "Sincerely,"
    signature: tuple[str, ...]  # name, title, office
    mailed_on: date | None = None


@dataclass(frozen=True)
class _Look:
    fonts: FontSet
    body: ParagraphStyle
    bullet: ParagraphStyle
    reference: ParagraphStyle
    salutation: ParagraphStyle
    closing: ParagraphStyle
    signature: ParagraphStyle


def _look() -> _Look:
    f = register_fonts()
    # bulletFontName too: ReportLab's default for it is Helvetica, which is not embedded.
    body = ParagraphStyle("letter_body", fontName=f.regular, bulletFontName=f.regular,
                          fontSize=10, leading=14, spaceAfter=9)
    return _Look(
        fonts=f,
        body=body,
        bullet=ParagraphStyle("letter_bullet", parent=body, leftIndent=18, bulletIndent=6,
                              spaceAfter=3),
        reference=ParagraphStyle("letter_reference", parent=body, fontName=f.bold,
                                 spaceAfter=14),
        salutation=ParagraphStyle("letter_salutation", parent=body, spaceAfter=10),
        closing=ParagraphStyle("letter_closing", parent=body, spaceBefore=4, spaceAfter=0),
        signature=ParagraphStyle("letter_signature", parent=body, spaceAfter=0),
    )


# ---------------------------------------------------------------- text


def paragraphs(body: str) -> list[list[str]]:
    """The body's paragraphs, each a list of its lines: a blank (or white-space) line ends a
    paragraph; trailing spaces and runs of blank lines are dropped."""
    blocks: list[list[str]] = [[]]
    for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            blocks[-1].append(line.rstrip())
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


_BULLETS = ("• ", "- ", "* ")


def _body_flowables(body: str, look: _Look) -> list[Flowable]:
    """A paragraph per block; a line starting with a bullet mark is a bullet item (hanging
    indent) and other lines of a block stay separate lines."""
    story: list[Flowable] = []
    for block in paragraphs(body):
        plain: list[str] = []
        items: list[Flowable] = []

        def flush(items: list[Flowable], plain: list[str]) -> None:
            if plain:
                items.append(Paragraph("<br/>".join(with_fallback(line, look.body.fontName)
                                                    for line in plain), look.body))
                plain.clear()

        for line in block:
            stripped = line.lstrip()
            if stripped.startswith(_BULLETS):
                flush(items, plain)
                items.append(Paragraph(with_fallback(stripped[2:].strip(), look.bullet.fontName),
                                       look.bullet, bulletText="•"))
            else:
                plain.append(line)
        flush(items, plain)
        if items and isinstance(items[-1], Paragraph) and items[-1].style is look.bullet:
            items.append(Spacer(1, look.body.spaceAfter - look.bullet.spaceAfter))
        story += items
    return story


def recipient_lines(recipient: tuple[str, ...], fonts: FontSet | None = None
                    ) -> tuple[float, list[str]]:
    """(type size, printed lines) of the address block: long lines wrap, and the size steps
    down from 10 pt to 8 pt until the block fits the window. ValueError if it cannot."""
    fonts = fonts or register_fonts()
    lines = [line.strip() for line in recipient if line.strip()]
    if not lines:
        raise ValueError("a letter needs a recipient")
    for size in ADDRESS_SIZES:
        printed: list[str] = []
        for line in lines:
            printed += simpleSplit(line, fonts.regular, size, ADDRESS_WIDTH) or [line]
        widest = max(text_width(line, fonts.regular, size) for line in printed)
        if len(printed) * size * ADDRESS_LEADING <= ADDRESS_HEIGHT and widest <= ADDRESS_WIDTH:
            return size, printed
    raise ValueError(f"the recipient's address ({len(lines)} lines) does not fit the envelope "
                     f"window ({ADDRESS_WIDTH / inch:.2f} x {ADDRESS_HEIGHT / inch:.3f} in) "
                     "even at 8 pt: shorten it")


def unprintable_characters(letter: Letter, fonts: FontSet | None = None) -> str:
    """Characters of the letter the embedded fonts have no glyph for, not even the fallback
    faces, each once, in order (they would print as empty boxes: Indic or Thai script). A screen
    can warn the clerk before printing."""
    fonts = fonts or register_fonts()
    head = letter.letterhead
    text = "".join([*head.office, *head.address, head.phone, head.web, head.email,
                    *letter.recipient, letter.reference, letter.salutation, letter.body,
                    letter.closing, *letter.signature])
    return "".join(dict.fromkeys(missing(text, fonts.regular) + missing(text, fonts.bold)))


# ---------------------------------------------------------------- the first page


def _draw_letterhead(canvas: Canvas, head: Letterhead, fonts: FontSet) -> None:
    top = HEIGHT - 0.6 * inch
    canvas.setFillColor(INK)
    # The office: the first line large, the division under it.
    for index, line in enumerate(head.office):
        size = 15.0 if index == 0 else 10.5
        top -= size * (1.0 if index == 0 else 1.35)
        draw_text(canvas, LEFT, top, line, fonts.bold if index == 0 else fonts.regular, size)
    # Address, phone, web and e-mail, right-aligned in small type.
    contact = [*head.address, f"Tel. {head.phone}", head.web]
    if head.email:
        contact.append(head.email)
    canvas.setFillColor(QUIET)
    y = HEIGHT - 0.6 * inch - 8
    for line in contact:
        draw_text(canvas, WIDTH - RIGHT, y, line, fonts.regular, 8, align="right")
        y -= 10
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(1.6)
    canvas.line(LEFT, HEIGHT - RULE_AT, WIDTH - RIGHT, HEIGHT - RULE_AT)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(LEFT, HEIGHT - RULE_AT - 2.5, WIDTH - RIGHT, HEIGHT - RULE_AT - 2.5)


def _draw_first_page(letter: Letter, fonts: FontSet) -> Callable[[Canvas, Any], None]:
    size, lines = recipient_lines(letter.recipient, fonts)

    def draw(canvas: Canvas, _doc: Any) -> None:
        canvas.saveState()
        _draw_letterhead(canvas, letter.letterhead, fonts)
        canvas.setFillColor(colors.black)
        canvas.setFont(fonts.regular, 10)
        canvas.drawString(LEFT, HEIGHT - DATE_TOP, long_date(letter.date_line))
        if letter.mailed_on is not None:
            canvas.setFont(fonts.regular, 8.5)
            canvas.setFillColor(QUIET)
            canvas.drawString(LEFT, HEIGHT - DATE_TOP - 12,
                              f"Mailed on {long_date(letter.mailed_on)}")
            canvas.setFillColor(colors.black)
        y = HEIGHT - ADDRESS_TOP - size
        for line in lines:
            draw_text(canvas, LEFT, y, line, fonts.regular, size)
            y -= size * ADDRESS_LEADING
        # Fold marks: short ticks at the paper's edge where the letter is folded in thirds.
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        for fold in FOLDS:
            canvas.line(0.2 * inch, HEIGHT - fold, 0.42 * inch, HEIGHT - fold)
        canvas.restoreState()

    return draw


# ---------------------------------------------------------------- later pages and numbering


def _letter_canvas(letter: Letter, fonts: FontSet) -> Callable[..., Canvas]:
    who = next((line.strip() for line in letter.recipient if line.strip()), "")
    office = " · ".join(letter.letterhead.office)

    def decorate(self: Canvas, number: int, total: int) -> None:
        self.saveState()
        self.setFillColor(colors.black)
        if number > 1:
            # The usual continuation heading: to whom, when, about what, which page.
            y = HEIGHT - 0.6 * inch
            for line in (who, long_date(letter.date_line), letter.reference):
                draw_text(self, LEFT, y, line, fonts.regular, 9)
                y -= 11.5
            self.setFont(fonts.bold, 9)
            self.drawRightString(WIDTH - RIGHT, HEIGHT - 0.6 * inch,
                                 f"Page {number} of {total}")
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(LEFT, y + 4, WIDTH - RIGHT, y + 4)
        footer = 0.55 * inch
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(LEFT, footer + 11, WIDTH - RIGHT, footer + 11)
        self.setFillColor(QUIET)
        draw_text(self, LEFT, footer, office, fonts.regular, 7.5)
        self.setFont(fonts.bold, 8)
        self.setFillColor(colors.black)
        self.drawRightString(WIDTH - RIGHT, footer, f"Page {number} of {total}")
        self.restoreState()

    return held_pages_canvas(fonts, decorate, single_page=False)


# ---------------------------------------------------------------- the builder


def build_letter(letter: Letter) -> bytes:
    """The letter as PDF bytes: US Letter, fonts embedded, as many pages as the body needs.

    ValueError when the recipient's address does not fit the envelope window."""
    look = _look()
    fonts = look.fonts
    first = Frame(LEFT, BOTTOM, TEXT_WIDTH, HEIGHT - BODY_TOP_FIRST - BOTTOM, id="first",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    later = Frame(LEFT, BOTTOM, TEXT_WIDTH, HEIGHT - BODY_TOP_LATER - BOTTOM, id="later",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out, pagesize=LETTER, leftMargin=LEFT, rightMargin=RIGHT,
        topMargin=BODY_TOP_LATER, bottomMargin=BOTTOM,
        title=letter.reference, subject="Letter", author=PRODUCER, creator=PRODUCER,
        invariant=1, initialFontName=fonts.regular,
        pageTemplates=[
            PageTemplate(id="first", frames=[first], onPage=_draw_first_page(letter, fonts),
                         autoNextPageTemplate="later", pagesize=LETTER),
            PageTemplate(id="later", frames=[later], pagesize=LETTER),
        ],
    )
    story: list[Flowable] = []
    if letter.reference.strip():
        story.append(para(letter.reference, look.reference))
    if letter.salutation.strip():
        story.append(para(letter.salutation, look.salutation))
    body = _body_flowables(letter.body, look)
    # The closing and the signature stay together, and with the last paragraph of the body: a
    # signature alone on a page proves nothing.
    last: list[Flowable] = []
    while body:
        last.insert(0, body.pop())
        if isinstance(last[0], Paragraph):
            break
    story += body
    story.append(KeepTogether([
        *last,
        para(letter.closing, look.closing),
        Spacer(1, 0.55 * inch),
        *[para(line, look.signature) for line in letter.signature],
    ]))
    doc.build(story, canvasmaker=_letter_canvas(letter, fonts))
    return out.getvalue()
