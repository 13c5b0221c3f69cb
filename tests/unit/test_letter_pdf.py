"""The reply letter: every part on the page, the window-envelope block, pages numbered when there
are several, fonts embedded, the same bytes twice."""

from __future__ import annotations

import dataclasses
import io
from datetime import date
from typing import Any

import pytest
from pypdf import PdfReader

from workstation.domain.templates import Letterhead
from workstation.printing.fonts import DEJAVU, VERA, register_fonts
from workstation.printing.letter import (
    ADDRESS_HEIGHT,
    ADDRESS_TOP,
    ADDRESS_WIDTH,
    Letter,
    build_letter,
    paragraphs,
    recipient_lines,
    unprintable_characters,
)

HEAD = Letterhead(office=("Ohio Secretary of State", "Business Services Division"),
                  address=("180 Civic Center Drive", "Columbus, Ohio 43215"),
                  phone="877-767-3453", web="OhioSoS.gov", email="business@OhioSoS.gov")
BODY = """We were unable to file the Articles of Organization for Müller & García <Bäckerei> LLC,
received on November 2, 2026, for the following reasons:

• The name does not include "limited liability company", "LLC" or "L.L.C.".
• The statutory agent has not signed the acceptance of appointment.


Once these points are corrected, the document may be submitted again."""
LATIN_NAME = "Zoë Ñúñez"
CJK_NAME = "王小明"


def make_letter(**changes: object) -> Letter:
    values: dict[str, object] = {
        "letterhead": HEAD,
        "date_line": date(2026, 11, 24),
        "recipient": (f"{LATIN_NAME} {CJK_NAME}", "Nguyễn & Sons <Holdings>",
                      "1200 East Ninth Street, Suite 410", "Cleveland, OH 44114-1701"),
        "reference": "Re: Inquiry Q2026-000123 · Entity 4412345",
        "salutation": "Dear Ms. Ñúñez:",
        "body": BODY,
        "closing": "Sincerely,",
        "signature": ("Dana Kowalczyk", "Business Services Division", "Ohio Secretary of State"),
        "mailed_on": None,
    }
    values.update(changes)
    return Letter(**values)  # type: ignore[arg-type]


def long_body(paragraph_count: int) -> str:
    sentence = "The examiner compared the document with the record of the entity. "
    return "\n\n".join(f"Paragraph {n}. " + sentence * 7 for n in range(1, paragraph_count + 1))


def pages_text(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def letter_of_pages(wanted: int) -> tuple[Letter, list[str]]:
    """A letter whose body runs to exactly ``wanted`` pages."""
    for count in range(1, 80):
        letter = make_letter(body=long_body(count))
        pages = pages_text(build_letter(letter))
        if len(pages) == wanted:
            return letter, pages
    raise AssertionError(f"no body gives {wanted} pages")


def test_the_letter_carries_every_part() -> None:
    pdf = build_letter(make_letter())
    pages = pages_text(pdf)
    assert len(pages) == 1
    text = pages[0]
    for part in (
        "Ohio Secretary of State", "Business Services Division", "180 Civic Center Drive",
        "Columbus, Ohio 43215", "Tel. 877-767-3453", "OhioSoS.gov", "business@OhioSoS.gov",
        "November 24, 2026", LATIN_NAME, "Nguyễn & Sons <Holdings>",
        "1200 East Ninth Street, Suite 410", "Cleveland, OH 44114-1701",
        "Re: Inquiry Q2026-000123 · Entity 4412345", "Dear Ms. Ñúñez:",
        "Müller & García <Bäckerei> LLC",  # escaped, not read as markup
        "• The name does not include \"limited liability company\"",
        "• The statutory agent has not signed", "may be submitted again.",
        "Sincerely,", "Dana Kowalczyk",
    ):
        assert part in text, part
    assert "Mailed on" not in text
    assert "Page 1 of 1" not in text  # a one-page letter is not numbered
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_the_parts_come_in_letter_order() -> None:
    text = pages_text(build_letter(make_letter()))[0]
    order = ["Ohio Secretary of State", "November 24, 2026", LATIN_NAME, "Re: Inquiry",
             "Dear Ms.", "We were unable", "Once these points", "Sincerely,", "Dana Kowalczyk",
             "Ohio Secretary of State"]
    at = -1
    for part in order:
        at = text.index(part, at + 1)


def test_the_mailed_on_line_is_under_the_date() -> None:
    text = pages_text(build_letter(make_letter(mailed_on=date(2026, 11, 25))))[0]
    assert "November 24, 2026 Mailed on November 25, 2026" in text


def test_a_non_latin_recipient_name() -> None:
    letter = make_letter()
    text = pages_text(build_letter(letter))[0]
    assert LATIN_NAME in text
    if register_fonts().coverage == VERA:
        pytest.skip("DejaVu Sans not installed: Vera has no Vietnamese glyphs")
    assert "Nguyễn & Sons" in text
    missing = unprintable_characters(letter)
    if missing:
        # fonts.py embeds DejaVu Sans, which has no CJK: the letter cannot print the name, and
        # says so, so a screen can warn the clerk before it goes out with boxes in it.
        assert register_fonts().coverage == DEJAVU
        assert missing == CJK_NAME
    else:  # pragma: no cover - a font set with CJK
        assert f"{LATIN_NAME} {CJK_NAME}" in text


def test_unprintable_characters_of_a_latin_letter() -> None:
    letter = make_letter(recipient=(LATIN_NAME, "Cleveland, OH 44114"))
    assert unprintable_characters(letter) == ""


def test_a_three_page_letter_is_numbered_and_headed() -> None:
    letter, pages = letter_of_pages(3)
    for number, text in enumerate(pages, 1):
        assert f"Page {number} of 3" in text
        assert "Ohio Secretary of State · Business Services Division" in text  # footer
        if number > 1:  # the continuation heading: to whom, when, about what
            assert LATIN_NAME in text and "November 24, 2026" in text
            assert "Re: Inquiry Q2026-000123 · Entity 4412345" in text
            assert "Columbus, Ohio 43215" not in text  # the letterhead is on page 1 only
    assert "Page 3 of 3" in pages[2]
    assert "Paragraph 1." in pages[0]
    assert "Sincerely," in pages[2] and "Dana Kowalczyk" in pages[2]
    last = letter.body.split("\n\n")[-1].split(".")[0]
    assert last in pages[2]  # the closing is kept with the end of the body


def test_the_same_letter_gives_the_same_bytes() -> None:
    letter = make_letter(mailed_on=date(2026, 11, 25), body=long_body(12))
    first = build_letter(letter)
    build_letter(make_letter(recipient=("Someone Else", "Hartford, CT 06106")))
    assert build_letter(letter) == first
    assert build_letter(dataclasses.replace(letter, date_line=date(2026, 11, 25))) != first


def test_fonts_are_embedded_truetype() -> None:
    letter = make_letter(body=BODY + "\n\n" + long_body(12))  # bullets too
    for page in PdfReader(io.BytesIO(build_letter(letter))).pages:
        fonts: Any = page["/Resources"]["/Font"]  # type: ignore[index]
        assert fonts
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
            assert str(font["/Subtype"]) == "/TrueType"
            assert "Helvetica" not in str(font["/BaseFont"])


# ---------------------------------------------------------------- the window block


def test_the_address_block_fits_the_window_of_a_number_10_envelope() -> None:
    # Window 4 1/2 x 1 1/8 in, 7/8 in from the left and 1/2 in from the bottom of a 4 1/8 in
    # envelope; the top third (3 2/3 in) of the folded letter faces it and can move 0.46 in up
    # or down and 1 in sideways. Distances are from the top edge of the sheet, in points.
    inch = 72
    panel, envelope = 11 * inch / 3, 4.125 * inch
    travel = envelope - panel

    def window(lift: float) -> tuple[float, float]:
        """The strip of the sheet the window shows, the panel ``lift`` above the bottom."""
        return panel - 1.625 * inch + lift, panel - 0.5 * inch + lift

    def shows(top: float, height: float, lift: float) -> bool:
        low, high = window(lift)
        return low <= top and top + height <= high

    assert shows(ADDRESS_TOP, ADDRESS_HEIGHT, travel / 2)  # the whole block, centred
    usual = 4 * 10 * 1.2  # four lines of 10 pt
    assert all(shows(ADDRESS_TOP, usual, lift) for lift in (0, inch / 6, inch / 3))
    left, right = 1.0 * inch, 1.0 * inch + ADDRESS_WIDTH
    assert 0.875 * inch <= left and right <= 4.375 * inch  # visible in every sideways position
    assert window(0)[0] >= 2 * inch  # the date, above 2 in, never shows
    text_above = pages_text(build_letter(make_letter(mailed_on=date(2026, 11, 25))))[0]
    assert "Mailed on November 25, 2026" in text_above.split(LATIN_NAME)[0]
    size, lines = recipient_lines(make_letter().recipient)
    assert size == 10 and len(lines) * size * 1.2 <= ADDRESS_HEIGHT


def test_long_address_lines_wrap_and_shrink_to_fit() -> None:
    size, lines = recipient_lines(("Zoë Ñúñez",))
    assert size == 10 and lines == ["Zoë Ñúñez"]
    long_firm = "Müller & García Rechtsanwälte Partnerschaftsgesellschaft mbB, Attention Zoë"
    size, lines = recipient_lines((long_firm, "Suite 410", "1200 East Ninth Street",
                                   "Cleveland, OH 44114-1701"))
    assert len(lines) >= 5 and " ".join(lines[:2]) == long_firm
    text = pages_text(build_letter(make_letter(recipient=(long_firm, "Cleveland, OH"))))[0]
    assert "Partnerschaftsgesellschaft" in text


def test_an_address_too_long_for_the_window_is_refused() -> None:
    with pytest.raises(ValueError, match="window"):
        build_letter(make_letter(recipient=tuple(f"Line {n}" for n in range(9))))
    with pytest.raises(ValueError, match="recipient"):
        build_letter(make_letter(recipient=("", "  ")))


def test_paragraphs_split_on_blank_lines() -> None:
    assert paragraphs("a\nb\n\n\n  \nc  \r\n\r\nd\n") == [["a", "b"], ["c"], ["d"]]
    assert paragraphs("") == []
