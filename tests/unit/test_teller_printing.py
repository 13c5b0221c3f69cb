"""The teller's paper: receipts (letter and 80 mm), the drawer slip, the office's day summary,
the deposit slip and the finance export.

Every fact on the page (read back with pypdf), card numbers never past the last 4, the narrow
receipt 80 mm wide and one page, printed totals equal to the data, every page numbered with the
audit head, fonts embedded, the same bytes twice; the CSV round-trips through ``csv`` with its
amounts exact and formula-looking text made harmless.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from workstation.printing.common import money
from workstation.printing.finance_export import FINANCE_COLUMNS, amount_text, finance_csv
from workstation.printing.teller_data import (
    AdjustmentPrint,
    CheckPrint,
    DaySummary,
    DepositSlip,
    DrawerLinePrint,
    DrawerSlip,
    DropPrint,
    FeeTotalPrint,
    FinanceRow,
    ReceiptLinePrint,
    ReceiptPrint,
    ReceiptTenderPrint,
    TenderLinePrint,
    VoidPrint,
)
from workstation.printing.teller_day_pdf import build_day_summary_pdf
from workstation.printing.teller_receipt import (
    build_receipt_narrow_pdf,
    build_receipt_pdf,
    card_detail,
    mask_card_numbers,
)
from workstation.printing.teller_slips import build_deposit_slip_pdf, build_drawer_slip_pdf

AUDIT_HEAD = "4711:9f2c4e7a1b3d5f60718293a4b5c6d7e8f90123456789abcdef0123456789abcd"
OFFICE = "Ohio Secretary of State, Business Services Division"
CUSTOMER = "Zoë Ñúñez"
PAN = "4111111111111111"


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text with runs of white space made one space (cells wrap at any word)."""
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def all_text(pdf: bytes) -> str:
    return " ".join(pages_text(pdf))


def assert_fonts_embedded(pdf: bytes) -> None:
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"]["/Font"]  # type: ignore[index]
        assert fonts
        for ref in fonts.values():
            font = ref.get_object()
            assert "/FontFile2" in font["/FontDescriptor"].get_object(), font["/BaseFont"]
            assert str(font["/Subtype"]) == "/TrueType"
            assert "Helvetica" not in str(font["/BaseFont"])


def has_barcode(pdf: bytes) -> bool:
    """Code 128 bars: filled rectangles 15 mm (42.52 pt) tall on the first page."""
    content = PdfReader(io.BytesIO(pdf)).pages[0].get_contents()
    return content is not None and len(re.findall(rb" 42\.5\d* re f", content.get_data())) > 15


# ---------------------------------------------------------------- hand-made data


def make_receipt(**changes: object) -> ReceiptPrint:
    values: dict[str, object] = {
        "office": OFFICE, "number": "R00000042", "kind": "sale",
        "posted_at": utc(2026, 11, 23, 18, 30), "clerk": "dkowalczyk", "drawer": "D2",
        "customer_name": CUSTOMER,
        "lines": (
            ReceiptLinePrint("LLC-ART", "Articles of Organization (LLC)", 1, 9900,
                             "202633100123", "filing"),
            ReceiptLinePrint("CERT-GS", "Certificate of Good Standing", 2, 1000, "C-7781",
                             "charge"),
            ReceiptLinePrint("AMEND", "Amendment held in suspense", 1, 5000, "", "suspense"),
        ),
        "tenders": (
            ReceiptTenderPrint("cash", 2000, "cash"),
            ReceiptTenderPrint("check", 5000, "check 1001, Harrowgate Law (Chase)"),
            ReceiptTenderPrint("card", 9100, f"Visa {PAN} ending 4242, auth 123456"),
        ),
        "total_cents": 15900, "change_cents": 200,
    }
    values.update(changes)
    return ReceiptPrint(**values)  # type: ignore[arg-type]


def make_reversal(**changes: object) -> ReceiptPrint:
    values: dict[str, object] = {
        "number": "R00000050", "kind": "reversal", "reverses": "R00000042",
        "reason": "wrong_fee: re-rung as CERT-GS", "approved_by": "mlead",
        "lines": (ReceiptLinePrint("LLC-ART", "Articles of Organization (LLC)", 1, -9900,
                                   "202633100123", "filing"),),
        "tenders": (ReceiptTenderPrint("cash", -9900, "cash"),),
        "total_cents": -9900, "change_cents": 0,
    }
    values.update(changes)
    return make_receipt(**values)


def make_checks(count: int) -> tuple[CheckPrint, ...]:
    return tuple(CheckPrint(str(1000 + n), f"Payer {n} {CUSTOMER}", "Fifth Third Bank",
                            5000 + 100 * n, from_mail=n % 3 == 0) for n in range(count))


VOIDS = (VoidPrint("R00000050", "R00000042", "wrong fee code: re-rung", "dkowalczyk",
                   "mlead", -9900),
         VoidPrint("R00000051", "R00000043", "customer withdrew", "dkowalczyk",
                   "sboss", -1000))


def make_drawer(check_count: int = 4, **changes: object) -> DrawerSlip:
    listed = make_checks(check_count)
    check_cents = sum(c.cents for c in listed)
    values: dict[str, object] = {
        "office": OFFICE, "business_date": date(2026, 11, 23), "drawer": "D2",
        "clerk": "dkowalczyk", "opened_at": utc(2026, 11, 23, 13, 0),
        "closed_at": utc(2026, 11, 23, 22, 10), "change_fund_cents": 20000,
        "opening_cents": 19900, "opening_note": "one $1 bill missing at opening",
        "receipts": 42,
        "fees": (FeeTotalPrint("LLC-ART", "Articles of Organization (LLC)", 10, 99000),
                 FeeTotalPrint("CERT-GS", "Certificate of Good Standing", 5, 2500)),
        "tenders": (TenderLinePrint("cash", 45000, 0, 44700, 0),
                    TenderLinePrint("check", check_cents, check_count, check_cents,
                                    check_count),
                    TenderLinePrint("money_order", 0, 0, 0, 0),
                    TenderLinePrint("card", 30000, 3, 30000, 2)),
        "cash_count": (("$20 bills", 20, 40000), ("$1 bills", 47, 4700)),
        "checks": listed, "voids": VOIDS,
        "drops": (DropPrint(utc(2026, 11, 23, 17, 0), 50000, "jwitness"),),
        "adjustments": (AdjustmentPrint(utc(2026, 11, 23, 20, 0), "cash", -300,
                                        "recount after lunch", "mlead"),),
        "sign_off": "lead", "reason": "gave $3 too much change to a customer",
        "signed_off_by": "mlead", "audit_head": AUDIT_HEAD,
    }
    values.update(changes)
    return DrawerSlip(**values)  # type: ignore[arg-type]


def make_deposit(check_count: int = 4, **changes: object) -> DepositSlip:
    values: dict[str, object] = {
        "number": "D0000007", "office": OFFICE, "payee": "Ohio Treasurer of State",
        "business_date": date(2026, 11, 23), "prepared_by": "mlead",
        "prepared_at": utc(2026, 11, 23, 22, 30), "cash_cents": 44700,
        "checks": make_checks(check_count), "due_at": utc(2026, 11, 27, 22, 0),
        "rule": "OAC 113-1-02: deposit within 3 business days of receipt",
    }
    values.update(changes)
    return DepositSlip(**values)  # type: ignore[arg-type]


def make_summary(**changes: object) -> DaySummary:
    values: dict[str, object] = {
        "office": OFFICE, "business_date": date(2026, 11, 23),
        "closed_at": utc(2026, 11, 23, 22, 45), "closed_by": "mlead",
        "drawers": (DrawerLinePrint("D1", "jsmith", 30, 50000, 50000, "mlead"),
                    DrawerLinePrint("D2", CUSTOMER, 42, 90000, 89700, None)),
        "fees": (FeeTotalPrint("LLC-ART", "Articles of Organization (LLC)", 10, 99000),
                 FeeTotalPrint("CERT-GS", "Certificate of Good Standing", 5, 2500)),
        "tenders": (("cash", 94700), ("check", 30000), ("card", 30000)),
        "reconciliation": (("Filings paid", 100000), ("Charges paid", 5000),
                           ("Held in suspense", 2500)),
        "receipts_cents": 107500, "lines_cents": 107500, "voids": VOIDS,
        "card_terminal_cents": 30000, "card_recorded_cents": 30000,
        "deposit": make_deposit(), "audit_head": AUDIT_HEAD,
    }
    values.update(changes)
    return DaySummary(**values)  # type: ignore[arg-type]


BUILDS: dict[str, Callable[[], bytes]] = {
    "receipt": lambda: build_receipt_pdf(make_receipt(reprint=True)),
    "receipt_narrow": lambda: build_receipt_narrow_pdf(make_receipt()),
    "drawer_slip": lambda: build_drawer_slip_pdf(make_drawer()),
    "day_summary": lambda: build_day_summary_pdf(make_summary()),
    "deposit_slip": lambda: build_deposit_slip_pdf(make_deposit()),
}


# ---------------------------------------------------------------- receipts


@pytest.mark.parametrize("build", [build_receipt_pdf, build_receipt_narrow_pdf])
def test_receipt_carries_every_fact(build: Callable[[ReceiptPrint], bytes]) -> None:
    receipt = make_receipt()
    assert sum(line.amount_cents for line in receipt.lines) == receipt.total_cents
    pdf = build(receipt)
    text = all_text(pdf)
    for fact in (OFFICE, "RECEIPT", "R00000042", "2026-11-23 1:30 p.m.", "dkowalczyk", "D2",
                 CUSTOMER, "LLC-ART", "Articles of Organization (LLC)", "202633100123",
                 "CERT-GS", "C-7781", "(suspense)", "$99.00", "$10.00", "$50.00",
                 "Cash", "$20.00", "Check", "check 1001, Harrowgate Law (Chase)",
                 "Card", "Visa ending 4242", "$91.00", "Change given", "$2.00",
                 money(receipt.total_cents), "Page 1 of 1"):
        assert fact in text, fact
    assert "REVERSAL" not in text and "REPRINT" not in text
    assert has_barcode(pdf)


def test_the_letter_receipt_shows_quantities_and_the_tendered_total() -> None:
    text = all_text(build_receipt_pdf(make_receipt()))
    assert "CERT-GS Certificate of Good Standing C-7781 2 $10.00" in text
    assert "Total $159.00" in text
    assert "Tendered $161.00" in text  # 20 + 50 + 91: the change is the difference


@pytest.mark.parametrize("build", [build_receipt_pdf, build_receipt_narrow_pdf])
def test_a_reversal_says_so_with_its_reason_and_approver(
        build: Callable[[ReceiptPrint], bytes]) -> None:
    text = all_text(build(make_reversal()))
    assert "REVERSAL of R00000042" in text
    assert "wrong_fee: re-rung as CERT-GS" in text
    assert "Approved by" in text and "mlead" in text
    assert "-$99.00" in text
    assert "RECEIPT R" not in text


@pytest.mark.parametrize("build", [build_receipt_pdf, build_receipt_narrow_pdf])
def test_a_reprint_is_marked_prominently(build: Callable[[ReceiptPrint], bytes]) -> None:
    pages = pages_text(build(make_receipt(reprint=True)))
    assert pages[0].startswith("REPRINT")  # the banner above everything else
    assert all("REPRINT" in page for page in pages)


@pytest.mark.parametrize("build", [build_receipt_pdf, build_receipt_narrow_pdf])
def test_a_card_never_shows_more_than_its_last_4(
        build: Callable[[ReceiptPrint], bytes]) -> None:
    text = all_text(build(make_receipt()))
    assert PAN not in text and PAN[:6] not in text
    assert "123456" not in text  # the authorization code is not printed either
    assert not re.search(r"ending\D{0,3}\d{5,}", text)
    assert not re.search(r"\d{5,}\D{0,3}ending", text)
    assert not re.search(r"\d{13,}", text)


@pytest.mark.parametrize(("detail", "printed"), [
    ("Visa ending 4242, auth 0A1B2C", "Visa ending 4242"),
    ("American Express ending 1005, auth 123456", "American Express ending 1005"),
    ("Visa 4111 1111 1111 1111, auth 1", "Visa ending 1111"),
    (PAN, "Card ending 1111"),
    ("Visa ending 4242 auth 123456", "Visa ending 4242"),
    ("Mastercard", "Mastercard"),
])
def test_card_detail_is_brand_and_last_4(detail: str, printed: str) -> None:
    assert card_detail(detail) == printed


def test_a_card_number_typed_into_another_tender_is_cut_to_its_last_4() -> None:
    assert mask_card_numbers(f"check 1001, {PAN}") == "check 1001, …1111"
    receipt = make_receipt(tenders=(ReceiptTenderPrint("check", 15900,
                                                       "check 1001, 4111-1111-1111-1111"),))
    assert "…1111" in all_text(build_receipt_pdf(receipt))
    assert "4111-1111" not in all_text(build_receipt_pdf(receipt))


def test_the_narrow_receipt_is_80_mm_wide_and_one_page() -> None:
    short = PdfReader(io.BytesIO(build_receipt_narrow_pdf(make_receipt())))
    assert len(short.pages) == 1
    assert float(short.pages[0].mediabox.width) == pytest.approx(226.77, abs=0.5)
    lines = tuple(ReceiptLinePrint("CERT-GS", f"Certificate {n} of Good Standing", 1, 500,
                                   f"C-{n:04d}", "charge") for n in range(60))
    long_ = PdfReader(io.BytesIO(build_receipt_narrow_pdf(
        make_receipt(lines=lines, total_cents=30000, reprint=True))))
    assert len(long_.pages) == 1  # the roll is as long as the receipt
    assert float(long_.pages[0].mediabox.height) > 3 * float(short.pages[0].mediabox.height)
    text = all_text(build_receipt_narrow_pdf(make_receipt(lines=lines, total_cents=30000)))
    assert "C-0000" in text and "C-0059" in text and "$300.00" in text


# ---------------------------------------------------------------- drawer slip


def test_drawer_slip_carries_every_fact() -> None:
    slip = make_drawer()
    text = all_text(build_drawer_slip_pdf(slip))
    for fact in (OFFICE, "2026-11-23", "D2", "dkowalczyk", "2026-11-23 8:00 a.m.",
                 "2026-11-23 5:10 p.m.", "Change fund $200.00", "$199.00",
                 "one $1 bill missing at opening", "Receipts 42",
                 "LLC-ART Articles of Organization (LLC) 10 $990.00",
                 "CERT-GS Certificate of Good Standing 5 $25.00", "Total 15 $1,015.00",
                 "EXPECTED", "COUNTED", "DIFFERENCE",
                 "Cash $450.00 $447.00 SHORT $3.00",
                 "Check 4 $206.00 4 $206.00 $0.00",
                 "Card 3 $300.00 2 $300.00 $0.00",  # the slip count is off by one
                 "$20 bills 20 $400.00", "$1 bills 47 $47.00", "Total cash counted $447.00",
                 "2026-11-23 12:00 noon jwitness $500.00",
                 "2026-11-23 3:00 p.m. Cash recount after lunch mlead -$3.00",
                 "Sign-off needed: LEAD", "gave $3 too much change to a customer",
                 "Signed off by: mlead", "Clerk dkowalczyk", "Lead mlead",
                 "Page 1 of", f"Audit chain head: {AUDIT_HEAD}"):
        assert fact in text, fact
    for check in slip.checks:
        assert f"{check.number} {check.payer} {check.bank}" in text
        assert money(check.cents) in text
    assert text.count(" mail ") == 2 and "Total 4 items $206.00" in text
    for void in VOIDS:
        assert (f"{void.reversal} {void.original} {void.reason} {void.clerk} {void.approver} "
                f"{money(void.cents)}") in text
    assert "Total 2 reversals -$109.00" in text


def test_drawer_slip_totals_equal_the_data() -> None:
    slip = make_drawer()
    text = all_text(build_drawer_slip_pdf(slip))
    expected = sum(t.expected_cents for t in slip.tenders)
    counted = sum(t.counted_cents for t in slip.tenders)
    assert f"Total {money(expected)} {money(counted)} SHORT {money(expected - counted)}" in text
    assert f"OFF BY {money(300)}" in text


def test_a_balanced_drawer_without_sign_off_yet() -> None:
    slip = make_drawer(tenders=(TenderLinePrint("cash", 44700, 0, 44700, 0),),
                       opening_cents=20000, opening_note="", sign_off="close", reason="",
                       signed_off_by=None, closed_at=None, drops=(), adjustments=(),
                       voids=(), checks=(), cash_count=())
    text = all_text(build_drawer_slip_pdf(slip))
    for fact in ("BALANCED", "Sign-off needed: NONE", "none given", "not yet signed off",
                 "still open", "No checks or money orders.", "No voids or reversals.",
                 "No drops.", "No adjustments.", "No cash counted."):
        assert fact in text, fact
    assert "on the fund" not in text and "Note:" not in text


def test_an_over_drawer_says_over() -> None:
    slip = make_drawer(tenders=(TenderLinePrint("cash", 44700, 0, 45000, 0),),
                       sign_off="supervisor")
    text = all_text(build_drawer_slip_pdf(slip))
    assert "OVER $3.00" in text and "SUPERVISOR" in text and "Supervisor mlead" in text


def test_a_long_drawer_slip_numbers_every_page_and_carries_the_audit_head() -> None:
    slip = make_drawer(check_count=150)
    pages = pages_text(build_drawer_slip_pdf(slip))
    assert len(pages) >= 3
    for number, page in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in page
        assert AUDIT_HEAD in page
    text = " ".join(pages)
    assert all(f"{c.number} {c.payer}" in text for c in slip.checks)
    assert "Total 150 items" in text
    # The sign-off and both signature lines stay together on the last page.
    assert "Sign-off needed" in pages[-1] and "Lead mlead" in pages[-1]


# ---------------------------------------------------------------- day summary


def test_day_summary_carries_every_fact() -> None:
    summary = make_summary()
    text = all_text(build_day_summary_pdf(summary))
    for fact in (OFFICE, "OFFICE CLOSE OF DAY · 2026-11-23", "2026-11-23 5:45 p.m.",
                 "D1 jsmith 30 $500.00 $500.00 $0.00 mlead",
                 f"D2 {CUSTOMER} 42 $900.00 $897.00 SHORT $3.00 NOT SIGNED OFF",
                 "Total 2 drawers 72 $1,400.00 $1,397.00 SHORT $3.00",
                 "LLC-ART Articles of Organization (LLC) 10 $990.00",
                 "Cash $947.00", "Check $300.00", "Card $300.00", "Total $1,547.00",
                 "Filings paid $1,000.00", "Charges paid $50.00", "Held in suspense $25.00",
                 "Receipts (sum of receipt totals) $1,075.00",
                 "Fee lines (sum of their fee lines) $1,075.00", "RECONCILED",
                 "Card terminal batch $300.00", "Card tenders recorded on receipts $300.00",
                 "CARD BATCH AGREES", "Deposit no. D0000007", "Ohio Treasurer of State",
                 "Cash $447.00", "Checks 4 items, $206.00", "Deposit total $653.00",
                 "Deposit due by 2026-11-27 5:00 p.m.",
                 "OAC 113-1-02: deposit within 3 business days of receipt",
                 "Closed by (lead) mlead", "Second person", "Page 1 of",
                 f"Audit chain head: {AUDIT_HEAD}"):
        assert fact in text, fact
    for void in VOIDS:
        assert f"{void.clerk} {void.approver} {money(void.cents)}" in text
    assert "NOT RECONCILED" not in text and "CARD ORPHANS" not in text


def test_day_summary_says_not_reconciled_and_card_orphans() -> None:
    text = all_text(build_day_summary_pdf(make_summary(
        lines_cents=107000, card_terminal_cents=31000)))
    assert "NOT RECONCILED" in text
    assert "Receipts less fee lines $5.00" in text
    assert "CARD ORPHANS: $10.00" in text and "Terminal less recorded $10.00" in text
    recorded_more = all_text(build_day_summary_pdf(make_summary(card_recorded_cents=31000)))
    assert "CARD ORPHANS: $10.00 (receipts record more" in recorded_more


def test_a_long_day_summary_numbers_every_page() -> None:
    drawers = tuple(DrawerLinePrint(f"D{n}", "clerk", 10, 1000, 1000, "mlead")
                    for n in range(70))
    voids = VOIDS * 30
    pages = pages_text(build_day_summary_pdf(make_summary(drawers=drawers, voids=voids)))
    assert len(pages) >= 2
    for number, page in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in page and AUDIT_HEAD in page


# ---------------------------------------------------------------- deposit slip


def test_deposit_slip_carries_every_fact() -> None:
    deposit = make_deposit()
    pdf = build_deposit_slip_pdf(deposit)
    text = all_text(pdf)
    for fact in ("BANK DEPOSIT SLIP", "Pay to Ohio Treasurer of State", OFFICE, "D0000007",
                 "Business date 2026-11-23", "Prepared by mlead",
                 "Prepared at 2026-11-23 5:30 p.m.", "CASH $447.00",
                 "Number of checks 4", "Checks total $206.00",
                 "Deposit due by 2026-11-27 5:00 p.m.",
                 "OAC 113-1-02: deposit within 3 business days of receipt",
                 "Card payments settle through the card processor and are not on this slip",
                 "Page 1 of 1"):
        assert fact in text, fact
    for n, check in enumerate(deposit.checks, 1):
        assert f"{n} {check.number} {check.payer} {check.bank} {money(check.cents)}" in text
    assert " counter " not in text  # where a check was taken is not the bank's business
    assert has_barcode(pdf)


def test_deposit_total_is_cash_plus_checks() -> None:
    deposit = make_deposit(check_count=7, cash_cents=123456)
    text = all_text(build_deposit_slip_pdf(deposit))
    printed = re.search(r"DEPOSIT TOTAL (\S+)", text)
    assert printed is not None
    checks = sum(c.cents for c in deposit.checks)
    assert printed.group(1) == money(123456 + checks) == money(deposit.total_cents)
    assert f"Checks total {money(checks)}" in text


def test_a_long_deposit_lists_every_check() -> None:
    deposit = make_deposit(check_count=120)
    pages = pages_text(build_deposit_slip_pdf(deposit))
    assert len(pages) >= 3 and all(f"of {len(pages)}" in p for p in pages)
    text = " ".join(pages)
    assert all(f"{c.number} {c.payer}" in text for c in deposit.checks)
    assert f"DEPOSIT TOTAL {money(deposit.total_cents)}" in pages[-1]


# ---------------------------------------------------------------- every PDF


@pytest.mark.parametrize("name", sorted(BUILDS))
def test_fonts_are_embedded_and_the_name_survives(name: str) -> None:
    pdf = BUILDS[name]()
    assert_fonts_embedded(pdf)
    assert CUSTOMER in all_text(pdf)


@pytest.mark.parametrize("name", sorted(BUILDS))
def test_same_input_gives_the_same_bytes(name: str) -> None:
    first = BUILDS[name]()
    for other in BUILDS.values():
        other()
    assert BUILDS[name]() == first


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        build_receipt_pdf(make_receipt(posted_at=datetime(2026, 11, 23, 13, 30)))


# ---------------------------------------------------------------- finance export


def make_row(**changes: object) -> FinanceRow:
    row = FinanceRow(business_date=date(2026, 11, 23), receipt="R00000042", payer=CUSTOMER,
                     fee_code="LLC-ART", description="Articles of Organization (LLC)",
                     fund="11000", account="45210", amount_cents=9900, tenders="cash+check",
                     deposit_number="D0000007", deposit_date=date(2026, 11, 24))
    return dataclasses.replace(row, **changes)  # type: ignore[arg-type]


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def parse_cents(text: str) -> int:
    """``-5.00`` -> ``-500`` with integer arithmetic only."""
    sign = -1 if text.startswith("-") else 1
    whole, frac = text.removeprefix("-").split(".")
    assert len(frac) == 2 and whole.isdigit() and frac.isdigit()
    return sign * (int(whole) * 100 + int(frac))


def test_finance_csv_header_and_a_row() -> None:
    rows = read_csv(finance_csv([make_row(),
                                 make_row(receipt="R00000050", amount_cents=-500,
                                          kind="refund_check", deposit_date=None,
                                          deposit_number="")]))
    assert rows[0] == list(FINANCE_COLUMNS)
    assert rows[0] == ["date", "receipt_number", "payer", "revenue_code", "description", "fund",
                       "account", "amount", "tenders", "deposit_number", "deposit_date", "kind"]
    assert rows[1] == ["2026-11-23", "R00000042", CUSTOMER, "LLC-ART",
                       "Articles of Organization (LLC)", "11000", "45210", "99.00",
                       "cash+check", "D0000007", "2026-11-24", "fee"]
    assert rows[2][7] == "-5.00"  # a number: never prefixed
    assert rows[2][9:] == ["", "", "refund_check"]
    assert len(rows) == 3


def test_finance_csv_bytes_are_utf8_crlf_without_bom() -> None:
    data = finance_csv([make_row()])
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.startswith(b"date,receipt_number,")
    assert data.endswith(b"\r\n")
    assert "Zoë Ñúñez".encode() in data


@pytest.mark.parametrize("payer", ['=HYPERLINK("http://evil.example","Pay here")',
                                   "+1-555-0100", "-2+3", "@SUM(A1:A9)", "\tTabbed",
                                   "\rCarriage"])
def test_formula_looking_text_is_prefixed(payer: str) -> None:
    row = read_csv(finance_csv([make_row(payer=payer, description=payer)]))[1]
    assert row[2] == "'" + payer and row[4] == "'" + payer


def test_plain_text_and_the_amount_are_not_prefixed() -> None:
    row = read_csv(finance_csv([make_row(payer="O'Brien = Sons", amount_cents=-123456)]))[1]
    assert row[2] == "O'Brien = Sons"
    assert row[7] == "-1234.56"


@pytest.mark.parametrize(("cents", "text"), [(0, "0.00"), (5, "0.05"), (-5, "-0.05"),
                                             (-500, "-5.00"), (100, "1.00"),
                                             (123456789, "1234567.89")])
def test_amount_text(cents: int, text: str) -> None:
    assert amount_text(cents) == text


_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_TEXT, _TEXT, st.integers(-10**11, 10**11)), max_size=8))
def test_finance_csv_round_trips(rows: list[tuple[str, str, int]]) -> None:
    given_rows = [make_row(payer=payer, description=description, amount_cents=cents)
                  for payer, description, cents in rows]
    read = read_csv(finance_csv(given_rows))
    assert read[0] == list(FINANCE_COLUMNS)
    assert len(read) == len(rows) + 1
    for (payer, description, cents), cells in zip(rows, read[1:], strict=True):
        assert parse_cents(cells[7]) == cents
        for typed, cell in ((payer, cells[2]), (description, cells[4])):
            risky = typed.startswith(("=", "+", "-", "@", "\t", "\r"))
            assert cell == ("'" + typed if risky else typed)


def test_a_drawer_with_many_drops_lists_them_under_the_cash_count() -> None:
    drops = tuple(DropPrint(utc(2026, 11, 23, 12, n % 60), 10000 + n, "jwitness")
                  for n in range(60))
    text = all_text(build_drawer_slip_pdf(make_drawer(drops=drops)))
    assert "60 drops" in text and "$100.59" in text
