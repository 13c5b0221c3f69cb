"""The bundled fonts and the per-glyph fallback (issue 8: "PDFs embed their fonts and render
correctly with non-Latin names").

Names in Chinese, Japanese, Korean and accented Latin go through a letter, the batch close
report (a Grid), the teller receipts and the drawer slip; read back with pypdf each name is there
exactly, every font is embedded, and a fallback face appears only when a CJK name is printed.
``covered`` / ``with_fallback`` / ``runs`` are tested directly, with hypothesis over any text.
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, unescape

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]
from reportlab.platypus import Paragraph  # type: ignore[import-untyped]

from tests.unit.test_batch_close_printing import item, make_report
from tests.unit.test_letter_pdf import make_letter
from tests.unit.test_teller_printing import make_drawer, make_receipt
from workstation.paths import resources_dir
from workstation.printing import fonts
from workstation.printing.batch_close import build_batch_close_report
from workstation.printing.common import Column, Grid, draw_text, make_styles, para
from workstation.printing.fonts import (
    BOLD,
    CONDENSED,
    FALLBACK,
    FALLBACK_HANGUL,
    REGULAR,
    covered,
    missing,
    register_fonts,
    runs,
    text_width,
    with_fallback,
)
from workstation.printing.letter import build_letter, unprintable_characters
from workstation.printing.teller_receipt import build_receipt_narrow_pdf, build_receipt_pdf
from workstation.printing.teller_slips import build_drawer_slip_pdf

CJK = ("王小明有限公司", "株式会社さくら", "서울무역")
LATIN = ("Zoë Ñúñez", "Nguyễn Văn An", "Łukasz & Sons <Ltd>")
NAMES = CJK + LATIN
FONT_DIR = resources_dir() / "fonts"
BUNDLED = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansCondensed.ttf",
           "DejaVuSansCondensed-Bold.ttf", "DroidSansFallbackFull.ttf", "NanumGothic.ttf")
_TAG = re.compile(r'<font name="[^"<>]*">|</font>')


def all_text(pdf: bytes) -> str:
    """The document's text with runs of white space made one space."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _embedded(font: Any) -> bool:
    if str(font["/Subtype"]) == "/Type0":
        return all(_embedded(d.get_object()) for d in font["/DescendantFonts"])
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(
        key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def font_names(pdf: bytes) -> set[str]:
    """The base font of every font on every page, asserting each is embedded (a TrueType with
    /FontFile2, or a Type0 whose descendant is embedded)."""
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"]
        for ref in resources["/Font"].values():
            font = ref.get_object()
            assert _embedded(font), f"{font['/BaseFont']} is not embedded"
            names.add(str(font["/BaseFont"]).split("+", 1)[-1])  # subset prefix off
    return names


def fallback_fonts(pdf: bytes) -> set[str]:
    return font_names(pdf) & {"DroidSansFallback", "NanumGothic"}


def check_pdf(pdf: bytes, name: str, times: int = 1) -> None:
    """``name`` printed (at least ``times`` times), fonts embedded, a fallback only for CJK.
    (A character drawn in a face without its glyph reads back as U+0000, not as itself: see
    test_a_missing_glyph_does_not_read_back.)"""
    text = all_text(pdf)
    assert text.count(name) >= times, (name, text[:400])
    wanted = {"서울무역": {"NanumGothic"}, "王小明有限公司": {"DroidSansFallback"},
              "株式会社さくら": {"DroidSansFallback"},
              "東京事務所": {"DroidSansFallback"}}.get(name, set())
    assert fallback_fonts(pdf) == wanted


# ---------------------------------------------------------------- the bundle


def test_the_bundled_fonts_are_registered() -> None:
    fs = register_fonts()
    assert [p.name for p in fs.files] == list(BUNDLED[:4])
    assert [p.name for p in fs.fallback_files] == list(BUNDLED[4:])
    assert all(p.parent == FONT_DIR for p in (*fs.files, *fs.fallback_files))
    assert fs.coverage.startswith(fonts.DEJAVU)
    assert "Chinese and Japanese" in fs.coverage and "Korean" in fs.coverage


def test_every_bundled_font_has_its_licence_and_a_line_in_the_readme() -> None:
    readme = (FONT_DIR / "README.md").read_text(encoding="utf-8")
    for name in BUNDLED:
        assert (FONT_DIR / name).is_file()
        assert f"`{name}`" in readme
    assert "Bitstream" in (FONT_DIR / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert "Apache License" in (FONT_DIR / "LICENSE-DroidSansFallback.txt").read_text(
        encoding="utf-8")
    assert "SIL OPEN FONT LICENSE" in (FONT_DIR / "LICENSE-NanumGothic.txt").read_text(
        encoding="utf-8")


def test_the_bundled_folder_comes_before_the_system_folders() -> None:
    assert fonts.font_dirs()[0] == FONT_DIR
    files, coverage = fonts.find_font_files(fonts.font_dirs())
    assert coverage == fonts.DEJAVU and files[0] == FONT_DIR / "DejaVuSans.ttf"
    assert fonts.find_fallback_files([Path("/nonexistent")]) == {}


# ---------------------------------------------------------------- covered, runs, with_fallback


def test_covered() -> None:
    for name in LATIN:
        assert covered(name) and covered(name, CONDENSED)
    for name in CJK:
        assert not covered(name)
    assert covered("") and covered("two\nlines\tand a tab")
    assert not covered("Zoë 王")


def test_with_fallback_wraps_only_what_the_main_face_lacks() -> None:
    assert with_fallback("Łukasz & Sons <Ltd>") == "Łukasz &amp; Sons &lt;Ltd&gt;"
    assert with_fallback("王 & 小明 <Ltd>") == (
        f'<font name="{FALLBACK}">王</font> &amp; <font name="{FALLBACK}">小明</font> &lt;Ltd&gt;')
    assert with_fallback("서울무역 Co.") == f'<font name="{FALLBACK_HANGUL}">서울무역</font> Co.'
    # Thai: no face has it, so it stays in the main face (a box) and is reported.
    assert with_fallback("สวัสดี") == "สวัสดี"
    assert missing("Zoë สวัสดี 王 ह") == "สวัดีह"  # each once, in order
    assert missing("王小明 서울") == ""


def test_runs() -> None:
    assert runs("") == []
    assert runs("Zoë", BOLD) == [(BOLD, "Zoë")]
    assert runs("Zoë 王小明/서울") == [(REGULAR, "Zoë "), (FALLBACK, "王小明"), (REGULAR, "/"),
                                       (FALLBACK_HANGUL, "서울")]


def test_the_fallback_measures_its_own_glyphs() -> None:
    width = text_width("Zoë 王小明", REGULAR, 10)
    expected = stringWidth("Zoë ", REGULAR, 10) + stringWidth("王小明", FALLBACK, 10)
    assert width == pytest.approx(expected)
    assert text_width("Zoë", REGULAR, 10) == pytest.approx(stringWidth("Zoë", REGULAR, 10))


@given(st.text())
def test_with_fallback_round_trips_any_text(text: str) -> None:
    markup = with_fallback(text)
    plain = _TAG.sub("", markup)
    assert "<" not in plain and ">" not in plain  # every "<" left is one of ours
    assert unescape(plain) == text
    tags = _TAG.findall(markup)
    assert all(t in (f'<font name="{FALLBACK}">', f'<font name="{FALLBACK_HANGUL}">', "</font>")
               for t in tags)
    if covered(text):
        assert markup == escape(text)
    chunks = runs(text)
    assert "".join(chunk for _, chunk in chunks) == text
    assert all(a[0] != b[0] for a, b in itertools.pairwise(chunks))


_LATIN_ALPHABET = st.characters(codec="latin-1", exclude_categories=("Cc",)) | st.sampled_from(
    "ĄąŁłŚśŻżĆćĘęŃńŐőŰűẠạẢảẤấẦầẨẩẪẫẬậỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰự"
    "ΑαΒβΓγΔδЖжЗзИиЙйשלוםمرحبا")


@given(st.text(alphabet=_LATIN_ALPHABET))
def test_no_tag_for_text_the_main_face_covers(text: str) -> None:
    assert covered(text)
    assert with_fallback(text) == escape(text)
    assert with_fallback(text, CONDENSED) == escape(text)


_MIXED = st.text(alphabet=st.sampled_from("abc XYZ&<>'\"ëŁễ王小明株式会社さくら서울무역ー・（）"),
                 max_size=40)


@given(_MIXED)
def test_paragraph_markup_parses_and_keeps_the_text(text: str) -> None:
    # (style's font, markup around the text, the face the covered text ends up in)
    for style_font, wrap, face in ((REGULAR, "{}", REGULAR), (REGULAR, "<b>{}</b>", BOLD),
                                   (BOLD, "{}", BOLD)):
        style = ParagraphStyle("t", fontName=style_font, fontSize=9)
        paragraph = Paragraph(wrap.format(with_fallback(text, face)), style)
        # A Paragraph makes a run of white space one space, as it always has.
        assert "".join(f.text for f in paragraph.frags).split() == text.split()
        for frag in paragraph.frags:
            hangul = any("\uac00" <= ch <= "\ud7a3" for ch in frag.text)
            assert frag.fontName == (face if covered(frag.text, face) else
                                     FALLBACK_HANGUL if hangul else FALLBACK)


# ---------------------------------------------------------------- on the canvas and in tables


@pytest.mark.parametrize("align", ["left", "right", "centre"])
def test_draw_text_switches_to_the_fallback(align: Any) -> None:
    register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1, initialFontName=REGULAR)
    draw_text(canvas, 300, 700, "Zoë 王小明 & 서울무역 <Ltd>", REGULAR, 10, align=align)
    canvas.drawString(72, 600, "after")  # the canvas's font is the main face again
    assert canvas._fontname == REGULAR
    canvas.showPage()
    canvas.save()
    pdf = out.getvalue()
    assert "Zoë 王小明 & 서울무역 <Ltd>" in all_text(pdf)
    assert fallback_fonts(pdf) == {"DroidSansFallback", "NanumGothic"}


def test_a_missing_glyph_does_not_read_back() -> None:
    # What every printout did before the fallback: the name in DejaVu Sans, which has no CJK.
    register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1, initialFontName=REGULAR)
    canvas.setFont(REGULAR, 10)
    canvas.drawString(72, 700, "Zoë 王小明")
    canvas.showPage()
    canvas.save()
    text = all_text(out.getvalue())
    assert "王小明" not in text and "Zoë \x00\x00\x00" in text  # three boxes


def test_a_grid_cell_in_cjk_is_a_paragraph_with_the_fallback() -> None:
    styles = make_styles()
    grid = Grid([Column("Name", 200), Column("Amount", 60, right=True)],
                rows=[["王小明有限公司", "$1.00"], ["Zoë Ñúñez", "$2.00"]])
    table = grid.build(styles)
    first, second = table._cellvalues[1][0], table._cellvalues[2][0]
    assert isinstance(first, Paragraph) and FALLBACK in first.text
    assert second == "Zoë Ñúñez"  # covered and fits: still the fast plain string
    assert para("Smith & Sons <Ltd>", styles.body).text == "Smith &amp; Sons &lt;Ltd&gt;"


# ---------------------------------------------------------------- whole documents


def _letter(name: str) -> bytes:
    letter = make_letter(recipient=(name, "1200 East Ninth Street", "Cleveland, OH 44114"),
                         salutation=f"Dear {name}:",
                         body=f"We filed the articles of {name} today.\n\n• {name}: accepted",
                         signature=("Dana Kowalczyk", name))
    assert unprintable_characters(letter) == ""
    return build_letter(letter)


def _report(name: str) -> bytes:
    report = make_report(items=(item(1, "202633001234", "accepted", 3, fee=9900, entity=name),),
                         closed_by=name)
    return build_batch_close_report(report)


def _drawer(name: str) -> bytes:
    slip = make_drawer(6)
    checks = tuple(dataclasses.replace(c, payer=name) for c in slip.checks)
    return build_drawer_slip_pdf(dataclasses.replace(slip, checks=checks, clerk=name))


BUILDERS: dict[str, tuple[Callable[[str], bytes], int]] = {
    # builder, how many times the name is printed at least
    "letter": (_letter, 5),  # recipient, salutation, body, bullet, signature
    "batch_close": (_report, 2),  # the item grid, the signature line
    "receipt": (lambda n: build_receipt_pdf(make_receipt(customer_name=n)), 1),
    "receipt_narrow": (lambda n: build_receipt_narrow_pdf(make_receipt(customer_name=n)), 1),
    "drawer_slip": (_drawer, 6),  # every check's payer (a Grid)
}


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("builder", sorted(BUILDERS))
def test_names_print_with_embedded_fonts(builder: str, name: str) -> None:
    build, times = BUILDERS[builder]
    check_pdf(build(name), name, times)


def test_a_long_letter_heads_later_pages_with_a_cjk_name() -> None:
    letter = make_letter(recipient=("王小明有限公司", "Cleveland, OH 44114"),
                         body="\n\n".join(["The examiner compared the document. " * 20] * 12))
    pdf = build_letter(letter)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 1
    assert "王小明有限公司" in (reader.pages[1].extract_text() or "")  # the running heading
    assert fallback_fonts(pdf) == {"DroidSansFallback"}


def test_the_footer_of_a_drawn_page_prints_a_cjk_office() -> None:
    slip = dataclasses.replace(make_drawer(2), office="東京事務所")
    check_pdf(build_drawer_slip_pdf(slip), "東京事務所")


def test_latin_documents_keep_their_bytes_and_fonts() -> None:
    receipt = make_receipt(customer_name="Zoë Ñúñez")
    assert build_receipt_pdf(receipt) == build_receipt_pdf(receipt)
    assert font_names(build_receipt_pdf(receipt)) == {
        "DejaVuSans", "DejaVuSans-Bold", "DejaVuSansCondensed", "DejaVuSansCondensed-Bold"}


def test_a_cjk_document_is_the_same_bytes_twice() -> None:
    receipt = make_receipt(customer_name="王小明 / 서울무역")
    assert build_receipt_narrow_pdf(receipt) == build_receipt_narrow_pdf(receipt)

