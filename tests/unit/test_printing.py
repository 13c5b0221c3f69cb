"""The PDF builders: every fact on the page, fonts embedded, barcodes' numbers, same bytes twice."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from workstation.printing import build_cash_list, build_control_slip, build_cover_sheet
from workstation.printing.common import BarcodeBlock, format_due, format_time
from workstation.printing.control_slip import OUTCOMES
from workstation.printing.cover_sheet import class_line, due_banner
from workstation.printing.fonts import VERA, find_font_files, register_fonts
from workstation.services.intake_dto import (
    BatchCover,
    BatchItem,
    CashList,
    CashListLine,
    DocumentLine,
    EnvelopeSlip,
    RemittanceLine,
)

AUDIT_HEAD = "9f2c4e7a1b3d5f60718293a4b5c6d7e8f90123456789abcdef0123456789abcd"
NAMES = ("Müller Bäckerei GmbH", "José García", "Nguyễn Văn An", "Zoë Šťastná",
         "Smith & Sons <Holdings>", "O'Brien Łukasz", "Ünal Ağaoğlu", "Ramón Núñez")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


# ---------------------------------------------------------------- hand-made DTOs


def make_slip(**changes: object) -> EnvelopeSlip:
    values: dict[str, object] = {
        "control_number": "M26-004217-3",
        "session_number": "S-2026-1123-01",
        "source": "USPS",
        "arrived_at": utc(2026, 11, 23, 22, 20),  # 5:20 p.m. Monday: after hours
        "received_at": utc(2026, 11, 24, 13, 0),  # 8:00 a.m. Tuesday: the legal receipt
        "postmark": date(2026, 11, 20),
        "customer": "Müller & García Rechtsanwälte <Counsel>",
        "remittances": (
            RemittanceLine(1, "check", "4521", "Nguyễn Văn An", "Fifth Third Bank", 123456,
                           payable_to_ok=True, endorsed=True),
            RemittanceLine(2, "money_order", "MO-77812", "Zoë Šťastná", "USPS", 5000,
                           payable_to_ok=False, endorsed=True),
            RemittanceLine(3, "check", "4520", "Nguyễn Văn An", "Fifth Third Bank", 9900,
                           payable_to_ok=True, endorsed=False, voided=True),
        ),
        "documents": (
            DocumentLine(1, "llc_articles", "Articles of Organization (LLC)", None,
                         "Müller Bäckerei LLC", 3, "expedite_2", "expedite_2", 19900, "B-0007"),
            DocumentLine(2, "good_standing", "Certificate of Good Standing", "4412345",
                         "García Holdings Inc.", 1, "expedite_1", "regular", 500, "B-0011"),
            DocumentLine(3, "amendment", "Amendment (LLC)", "5523001", "Ağaoğlu Tekstil LLC",
                         2, "regular", "regular", 5000, "B-0012"),
        ),
        "exceptions": ("Certificate cannot be expedited: regular service",
                       "Money order payable to the Treasurer, not the Secretary of State"),
        "outcome": "over_refund",
        "outcome_note": "Overpaid by $1,030.56: refund $1,030.56.",
        "opened_by": "Dana Kowalczyk",
        "verified_by": "Ramón Núñez",
    }
    values.update(changes)
    return EnvelopeSlip(**values)  # type: ignore[arg-type]


def make_cover(**changes: object) -> BatchCover:
    items = tuple(
        BatchItem(control_number=f"M26-00{4200 + n}-{n % 10}",
                  document_label=("Articles of Organization (LLC)", "Amendment (LLC)",
                                  "Statement of Continued Existence")[n % 3],
                  entity=NAMES[n % len(NAMES)], pages=1 + n % 4,
                  fee_due_cents=9900 + 10000 * (n % 2),
                  received_at=utc(2026, 11, 23, 14, 0) + timedelta(minutes=7 * n))
        for n in range(12)
    )
    values: dict[str, object] = {
        "batch_number": "B26-1123-0007",
        "service_type": "corporate",
        "service_level": "expedite_2",
        "work_level": 2,
        "opened_at": utc(2026, 11, 23, 14, 0),
        "due_at": utc(2026, 11, 24, 16, 30),  # Tue 24 Nov 11:30 a.m. Eastern
        "due_explanation": "Expedite 2: one business day from received Mon 23 Nov 9:00 a.m.",
        "items": items,
    }
    values.update(changes)
    return BatchCover(**values)  # type: ignore[arg-type]


def make_cash(lines: int = 300, **changes: object) -> CashList:
    instruments = ("check", "check", "money_order", "check", "cash")
    rows = tuple(
        CashListLine(control_number=f"M26-{n:06d}-{n % 10}", payer=NAMES[n % len(NAMES)],
                     instrument=instruments[n % 5],
                     check_number=None if instruments[n % 5] == "cash" else str(1000 + n),
                     bank=None if instruments[n % 5] == "cash" else "KeyBank",
                     amount_cents=5000 + 137 * n)
        for n in range(1, lines + 1)
    )
    values: dict[str, object] = {
        "session_number": "S-2026-1123-01",
        "source": "USPS",
        "opened_at": utc(2026, 11, 23, 13, 5),
        "closed_at": utc(2026, 11, 23, 21, 45),
        "opened_by": "Dana Kowalczyk",
        "verified_by": "José García",
        "lines": rows,
        "envelopes": 212,
        "documents_by_class": (("Corporate / Expedite 1", 4), ("Corporate / Regular", 180),
                               ("UCC / Regular", 61), ("Correspondence", 9)),
        "audit_head": AUDIT_HEAD,
    }
    values.update(changes)
    return CashList(**values)  # type: ignore[arg-type]


# ---------------------------------------------------------------- reading the PDF back


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text with runs of white space made one space (cells wrap at any word)."""
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def all_text(pdf: bytes) -> str:
    return " ".join(pages_text(pdf))


def fonts_of(pdf: bytes) -> list[dict[str, object]]:
    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            found.append({"name": str(font["/BaseFont"]), "subtype": str(font["/Subtype"]),
                          "embedded": descriptor is not None
                          and "/FontFile2" in descriptor.get_object()})
    return found


# ---------------------------------------------------------------- times and words


def test_times_print_in_office_local_time() -> None:
    assert format_time(utc(2026, 11, 23, 18, 30)) == "2026-11-23 1:30 p.m."  # EST, UTC-5
    assert format_time(utc(2026, 7, 1, 16, 0)) == "2026-07-01 12:00 noon"  # EDT, UTC-4
    assert format_time(utc(2026, 11, 24, 4, 59)) == "2026-11-23 11:59 p.m."  # date rolls back
    assert format_due(utc(2026, 11, 24, 16, 30)) == "Tue 24 Nov 11:30 a.m."
    chicago = ZoneInfo("America/Chicago")
    assert format_time(utc(2026, 11, 23, 18, 30), chicago) == "2026-11-23 12:30 p.m."


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        format_time(datetime(2026, 11, 23, 13, 30))
    with pytest.raises(ValueError, match="naive"):
        build_control_slip(make_slip(arrived_at=datetime(2026, 11, 23, 13, 30)))


def test_barcode_refuses_what_code_128_cannot_carry() -> None:
    fonts = register_fonts()
    with pytest.raises(ValueError, match="Code 128"):
        BarcodeBlock("M26-0042ü", fonts)
    with pytest.raises(ValueError, match="Code 128"):
        BarcodeBlock("", fonts)


# ---------------------------------------------------------------- control slip


def test_control_slip_carries_every_fact() -> None:
    pdf = build_control_slip(make_slip())
    text = all_text(pdf)
    for fact in (
        "ENVELOPE CONTROL SLIP", "M26-004217-3", "S-2026-1123-01", "USPS",
        "Arrived", "2026-11-23 5:20 p.m.", "Received (legal)", "2026-11-24 8:00 a.m.",
        "Postmark", "2026-11-20",
        "Müller & García Rechtsanwälte <Counsel>",  # escaped, not read as markup
        # remittances
        "Check", "4521", "Nguyễn Văn An", "Fifth Third Bank", "$1,234.56",
        "Money order", "MO-77812", "Zoë Šťastná", "$50.00", "NO",
        "Check (void)", "$99.00", "Yes / NO", "NO / Yes",
        "Total: 2 items (1 void, not counted) $1,284.56",
        # documents
        "Articles of Organization (LLC)", "Müller Bäckerei LLC", "Expedite 2", "$199.00", "B-0007",
        "Certificate of Good Standing", "4412345 García Holdings Inc.", "Expedite 1",
        "Expedite 1 → Regular", "$5.00", "B-0011", "Ağaoğlu Tekstil LLC", "$50.00", "B-0012",
        "Total: 3 documents 6 $254.00",
        # exceptions, outcome, people
        "Certificate cannot be expedited: regular service",
        "Money order payable to the Treasurer, not the Secretary of State",
        "Balance: OVERPAID: REFUND DUE", "Tendered $1,284.56 against fees due $254.00.",
        "Overpaid by $1,030.56: refund $1,030.56.",
        "Opened by", "Dana Kowalczyk", "Verified by", "Ramón Núñez",
    ):
        assert fact in text, fact


def test_control_slip_is_half_letter_and_one_page_for_a_usual_envelope() -> None:
    reader = PdfReader(io.BytesIO(build_control_slip(make_slip())))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (396, 612)
    assert "Page 1 of 1" in pages_text(build_control_slip(make_slip()))[0]


def test_control_slip_without_money_or_verifier() -> None:
    slip = make_slip(remittances=(), exceptions=(), outcome="no_payment", outcome_note="",
                     verified_by=None, postmark=None, correspondence_only=True, documents=())
    text = all_text(build_control_slip(slip))
    for fact in ("No payment enclosed.", "No documents.", "Exceptions None.",
                 "Balance: NO PAYMENT ENCLOSED", "Tendered $0.00 against fees due $0.00.",
                 "CORRESPONDENCE ONLY", "Postmark none"):
        assert fact in text, fact


@pytest.mark.parametrize("code", sorted(OUTCOMES))
def test_every_outcome_has_words(code: str) -> None:
    text = all_text(build_control_slip(make_slip(outcome=code)))
    assert f"Balance: {OUTCOMES[code]}" in text


def test_unknown_outcome_prints_its_code_in_words() -> None:
    assert "Balance: HELD FOR REVIEW" in all_text(build_control_slip(
        make_slip(outcome="held_for_review")))


def test_a_long_envelope_continues_with_numbered_pages() -> None:
    documents = tuple(
        DocumentLine(n, "amendment", "Amendment (LLC)", f"55{n:05d}", NAMES[n % len(NAMES)],
                     1, "regular", "regular", 5000, "B-0012")
        for n in range(40)
    )
    pages = pages_text(build_control_slip(make_slip(documents=documents)))
    assert len(pages) >= 2
    for number, text in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in text
        assert "M26-004217-3" in text  # every page says which envelope it belongs to
    assert "Control slip M26-004217-3 (continued)" in pages[1]
    assert "Form / type" in pages[1]  # the table heading repeats
    assert "Total: 40 documents 40 $2,000.00" in pages[-1]


# ---------------------------------------------------------------- cover sheet


def test_cover_sheet_carries_every_fact() -> None:
    cover = make_cover()
    pdf = build_cover_sheet(cover)
    text = all_text(pdf)
    assert class_line(cover) == "CORPORATE · EXPEDITE 2 · work level 2"
    for fact in (
        "BATCH COVER SHEET", "B26-1123-0007", "CORPORATE · EXPEDITE 2 · work level 2",
        "EXPEDITE 2 — due Tue 24 Nov 11:30 a.m.",
        "Expedite 2: one business day from received Mon 23 Nov 9:00 a.m.",
        "Opened 2026-11-23 9:00 a.m.", "Due 2026-11-24 11:30 a.m.",
        "Items 12", "Pages 30", "Fees $1,788.00",
        "Control no.", "M26-004200-0", "M26-004211-1", "Nguyễn Văn An",
        "Smith & Sons <Holdings>", "Statement of Continued Existence",
        "2026-11-23 9:00 a.m.", "2026-11-23 10:17 a.m.", "$199.00", "$99.00",
        "Total 12 items 30 $1,788.00", "Examiner", "Quality check", "Initials",
    ):
        assert fact in text, fact
    assert cover.total_pages == 30 and cover.total_fees_cents == 178800
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_regular_batch_and_a_batch_without_due_time() -> None:
    regular = make_cover(service_level="regular", service_type="ucc", work_level=1)
    assert due_banner(regular) == "Regular — due Tue 24 Nov 11:30 a.m."
    text = all_text(build_cover_sheet(regular))
    assert "UCC · REGULAR · work level 1" in text
    assert "Regular — due Tue 24 Nov 11:30 a.m." in text
    none = make_cover(due_at=None, due_explanation="", items=())
    text = all_text(build_cover_sheet(none))
    assert "EXPEDITE 2 — no due time" in text
    assert "No items in this batch." in text


# ---------------------------------------------------------------- cash list


def test_cash_list_carries_every_fact() -> None:
    cash = make_cash(lines=5)
    text = all_text(build_cash_list(cash))
    for fact in (
        "CASH LIST", "Session S-2026-1123-01", "Source USPS",
        "Opened 2026-11-23 8:05 a.m.", "Closed 2026-11-23 4:45 p.m.",
        "Opened by Dana Kowalczyk", "Verified by José García", "Envelopes 212", "Lines 5",
        "M26-000001-1", "José García", "Nguyễn Văn An", "Zoë Šťastná",
        "Smith & Sons <Holdings>", "Money order", "Cash", "1001", "KeyBank",
        "$51.37", "$56.85",
        "Total 5 lines 3 checks $270.55", "Lines 5 Checks 3 Other instruments 2",
        "Envelopes 212 Total amount $270.55",
        "Corporate / Expedite 1 4", "UCC / Regular 61", "Correspondence 9", "Total 254",
        f"Audit chain head: {AUDIT_HEAD}",
    ):
        assert fact in text, fact
    assert cash.total_cents == 27055 and cash.checks == 3


def test_a_long_cash_list_numbers_every_page_and_prints_the_audit_head_on_each() -> None:
    cash = make_cash(lines=300)
    pages = pages_text(build_cash_list(cash))
    assert len(pages) >= 5
    for number, text in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in text
        assert f"Audit chain head: {AUDIT_HEAD}" in text
        if number > 1:
            assert "Cash list · session S-2026-1123-01 (continued)" in text
        if re.search(r"M26-\d{6}-\d", text):
            assert "Control no." in text  # the table heading repeats wherever lines are
    text = " ".join(pages)
    for n in (1, 150, 300):
        assert f"M26-{n:06d}-{n % 10}" in text
    assert f"Total 300 lines {cash.checks} checks" in pages[-1]
    assert "$76,855.50" in pages[-1] and cash.total_cents == 7685550
    assert "Opened by" in pages[-1] and "Verified by" in pages[-1]


def test_an_unverified_open_cash_list() -> None:
    text = all_text(build_cash_list(make_cash(lines=0, verified_by=None, closed_at=None,
                                              documents_by_class=())))
    for fact in ("Closed still open", "Verifier none named",
                 "No remittances in this session.", "No documents.", "Total amount $0.00"):
        assert fact in text, fact


def test_the_list_says_whether_the_named_verifier_signed_off() -> None:
    named = all_text(build_cash_list(make_cash(lines=1)))
    assert "José García (not yet signed off)" in named
    signed = all_text(build_cash_list(make_cash(
        lines=1, verified_at=datetime(2026, 11, 23, 22, 0, tzinfo=UTC))))
    assert "José García, signed off 2026-11-23 5:00 p.m." in signed


# ---------------------------------------------------------------- fonts, barcodes, determinism

BUILDS = {
    "control_slip": lambda: build_control_slip(make_slip()),
    "cover_sheet": lambda: build_cover_sheet(make_cover()),
    "cash_list": lambda: build_cash_list(make_cash(lines=40)),
}


@pytest.mark.parametrize("name", sorted(BUILDS))
def test_fonts_are_embedded_truetype(name: str) -> None:
    fonts = fonts_of(BUILDS[name]())
    assert fonts
    for font in fonts:
        assert font["embedded"], font
        assert font["subtype"] == "/TrueType", font
        assert "Helvetica" not in str(font["name"]) and "Times" not in str(font["name"])


def test_non_latin_names_survive_the_round_trip() -> None:
    # Vietnamese needs DejaVu; with the Vera fallback it cannot print, and the test says so.
    if register_fonts().coverage == VERA:
        pytest.skip("DejaVu Sans not installed: Vera has no Vietnamese glyphs")
    assert "Nguyễn Văn An" in all_text(build_control_slip(make_slip()))


def test_vera_is_the_fallback_and_ships_with_reportlab() -> None:
    files, coverage = find_font_files([Path("/nonexistent")])
    assert coverage == VERA
    assert [f.name for f in files] == ["Vera.ttf", "VeraBd.ttf", "Vera.ttf", "VeraBd.ttf"]
    assert all(f.is_file() for f in files)


@pytest.mark.parametrize(("name", "number"), [("control_slip", "M26-004217-3"),
                                              ("cover_sheet", "B26-1123-0007")])
def test_barcode_number_is_printed_under_the_symbol(name: str, number: str) -> None:
    pdf = BUILDS[name]()
    first = pages_text(pdf)[0]
    assert number in first
    # The symbol itself: Code 128 bars are filled rectangles in the page's content stream.
    content = PdfReader(io.BytesIO(pdf)).pages[0].get_contents()
    assert content is not None and content.get_data().count(b" re") > 30


def test_barcode_fits_a_handheld_scanner() -> None:
    block = BarcodeBlock("M26-004217-3", register_fonts())
    block.wrap(330, 500)
    assert block.symbol.barHeight >= 42  # 15 mm
    assert block.symbol.barWidth >= 0.010 * 72  # at least 10 mil
    assert block.symbol.width <= 330


@pytest.mark.parametrize("name", sorted(BUILDS))
def test_same_input_gives_the_same_bytes(name: str) -> None:
    first = BUILDS[name]()
    for other in BUILDS.values():  # other documents in between change nothing
        other()
    assert BUILDS[name]() == first


def test_printing_imports_neither_qt_nor_the_database() -> None:
    code = ("import sys, workstation.printing; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'sqlalchemy')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
