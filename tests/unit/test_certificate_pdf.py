"""The certificate page: every fact on it, the QR symbol holding the code, the same bytes for the
same sheet, REPRINT when reprinted, one page however long the name, fonts embedded."""

from __future__ import annotations

import dataclasses
import io

import pypdfium2
import zxingcpp
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from workstation.printing.certificate_data import CertificateSheet, SheetItem
from workstation.printing.certificate_pdf import (
    LABEL_W,
    MARGIN,
    build_certificate_pdf,
    qr_modules,
    wrap,
)
from workstation.printing.fonts import register_fonts

SHEET = CertificateSheet(
    heading=("Ohio Secretary of State", "Business Services Division"),
    title="Certificate of Good Standing", subtitle="also called a Certificate of Existence",
    body="I, Frank LaRose, Ohio Secretary of State, certify that Smith & Sons <Ltd> LLC, "
         "charter number 1000123, is in good standing.",
    facts=(("Entity name", "Smith & Sons <Ltd> LLC"), ("Charter number", "1000123"),
           ("Formed or registered", "March 4, 2019"), ("Standing", "in good standing")),
    closing="Witness my hand at Columbus, Ohio, on November 23, 2026.",
    officer_name="Frank LaRose", officer_title="Ohio Secretary of State",
    seal_text="OHIO SECRETARY OF STATE", number="CE0000042", code="4821-5539-219",
    verify_note="Give the code to the office to verify this certificate.")


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return " ".join(reader.pages[0].extract_text().split())


def qr_of(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=150 / 72).to_pil()
    finally:
        document.close()
    return [r.text for r in zxingcpp.read_barcodes(image)]


def test_every_string_of_the_sheet_is_on_the_page() -> None:
    pdf = build_certificate_pdf(SHEET)
    text = text_of(pdf)
    for value in (*SHEET.heading, SHEET.title, SHEET.subtitle, SHEET.closing,
                  SHEET.officer_name, SHEET.number, SHEET.code, SHEET.verify_note,
                  *(v for pair in SHEET.facts for v in pair)):
        assert " ".join(value.split()) in text, value
    assert "REPRINT" not in text and "SEAL" in text


def test_the_qr_symbol_holds_the_code() -> None:
    assert qr_of(build_certificate_pdf(SHEET)) == ["4821-5539-219"]
    assert len(qr_modules("4821-5539-219")) == 21  # version 1: a small, robust symbol


def test_the_same_sheet_gives_the_same_bytes_and_a_reprint_says_so() -> None:
    first = build_certificate_pdf(SHEET)
    assert build_certificate_pdf(SHEET) == first
    again = build_certificate_pdf(dataclasses.replace(SHEET, reprint="printed again today"))
    assert again != first and "REPRINT · printed again today" in text_of(again)


def test_fonts_are_embedded() -> None:
    pdf = build_certificate_pdf(SHEET)
    assert b"/FontFile2" in pdf and b"/Helvetica" not in pdf


def test_a_very_long_name_still_fits_one_page() -> None:
    name = " ".join(["Extraordinarily Long Holding Company Name Words"] * 10) + " LLC"
    long_sheet = dataclasses.replace(
        SHEET, body=SHEET.body.replace("Smith & Sons <Ltd> LLC", name) * 2,
        facts=(("Entity name", name), *SHEET.facts[1:]))
    text = text_of(build_certificate_pdf(long_sheet))
    assert name in text and SHEET.closing in text and SHEET.code in text


def test_an_apostille_prints_its_numbered_items() -> None:
    items = tuple(SheetItem(n, f"label {n}", f"text {n}", "This public document" if n == 2
                            else "") for n in range(1, 11))
    sheet = dataclasses.replace(SHEET, title="APOSTILLE", body="", facts=(), items=items)
    text = text_of(build_certificate_pdf(sheet))
    assert "This public document" in text
    for n in range(1, 11):
        assert f"{n}. label {n} text {n}" in text


def test_wrap_breaks_at_spaces_and_cuts_a_word_too_long() -> None:
    font = register_fonts().regular
    assert wrap("one two three", font, 10, 1000) == ["one two three"]
    lines = wrap("aaaa " * 30, font, 10, 100)
    assert len(lines) > 1 and all(line.strip() for line in lines)
    cut = wrap("x" * 200, font, 10, 100)
    assert "".join(cut) == "x" * 200 and len(cut) > 1
    assert wrap("first\nsecond", font, 10, 1000) == ["first", "second"]


def test_a_specimen_is_marked_and_keeps_its_code() -> None:
    pdf = build_certificate_pdf(dataclasses.replace(SHEET, specimen=True))
    text = text_of(pdf)
    assert "SPECIMEN · NOT RELEASED · NOT VALID" in text and "REPRINT" not in text
    for value in (SHEET.title, SHEET.number, SHEET.code, *(v for _, v in SHEET.facts)):
        assert value in text, value
    assert qr_of(pdf) == [SHEET.code]
    assert build_certificate_pdf(dataclasses.replace(SHEET, specimen=True)) == pdf


def test_a_specimen_has_the_word_across_the_page_and_differs_from_the_original() -> None:
    original = build_certificate_pdf(SHEET)
    marked = build_certificate_pdf(dataclasses.replace(SHEET, specimen=True))
    assert marked != original and "SPECIMEN" not in text_of(original)
    page = PdfReader(io.BytesIO(marked)).pages[0]
    words: list[str] = []

    def seen(text: str, cm: list[float], _tm: object, *_rest: object) -> None:
        if text.strip() == "SPECIMEN" and cm[1] > 0.5:  # drawn turned: across the page
            words.append(text.strip())

    page.extract_text(visitor_text=seen)
    assert words == ["SPECIMEN"]


def test_a_specimen_of_a_reprint_sheet_is_a_specimen_only() -> None:
    both = dataclasses.replace(SHEET, specimen=True, reprint="printed again today")
    text = text_of(build_certificate_pdf(both))
    assert "SPECIMEN · NOT RELEASED · NOT VALID" in text and "REPRINT" not in text


def test_a_long_label_wraps_in_its_column_and_never_reaches_the_value() -> None:
    label = "Religious society or congregation of the minister"
    sheet = dataclasses.replace(SHEET, facts=((label, "First Baptist Church"),
                                              ("Address", "12 High St")))
    drawn: list[tuple[str, float]] = []

    def seen(text: str, _cm: object, tm: list[float], *_rest: object) -> None:
        if len(text.strip()) > 1:  # the seal's ring is set letter by letter
            drawn.append((text.strip(), tm[4]))

    PdfReader(io.BytesIO(build_certificate_pdf(sheet))).pages[0].extract_text(
        visitor_text=seen)
    value_x = next(x for text, x in drawn if text == "First Baptist Church")
    parts = [(t, x) for t, x in drawn if t in label and x < value_x]
    assert " ".join(t for t, _x in parts) == label and len(parts) >= 2  # wrapped, all there
    bold = register_fonts().condensed_bold
    # At the largest label size (10 pt) each line ends inside its column.
    assert all(x + stringWidth(t, bold, 10) <= MARGIN + 12 + LABEL_W for t, x in parts)
