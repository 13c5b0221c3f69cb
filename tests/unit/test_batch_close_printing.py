"""Closing a batch on paper: the close report, the imaging manifest and the rejection letter.

Every fact on the page (read back with pypdf), the funds balance said plainly, long reports
numbered, fonts embedded, the same bytes twice; the manifest round-trips through ``csv``.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from workstation.domain.templates import Letterhead
from workstation.printing.batch_close import (
    BatchCloseReport,
    CloseItem,
    TenderTotal,
    build_batch_close_report,
    class_line,
)
from workstation.printing.fonts import VERA, register_fonts
from workstation.printing.imaging_manifest import (
    MANIFEST_COLUMNS,
    manifest_csv,
    manifest_filename,
    manifest_rows,
)
from workstation.printing.letter import unprintable_characters
from workstation.printing.rejection_letter import (
    RejectionNotice,
    RejectionReason,
    build_rejection_letter,
    compose_rejection_letter,
    letter_time,
)

AUDIT_HEAD = "9f2c4e7a1b3d5f60718293a4b5c6d7e8f90123456789abcdef0123456789abcd"
NAMES = ("Müller Bäckerei GmbH", "José García", "Nguyễn Văn An", "Zoë Šťastná",
         "Smith & Sons <Holdings>", "O'Brien Łukasz", "Ünal Ağaoğlu", "Ramón Núñez")


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
        fonts: Any = page["/Resources"]["/Font"]  # type: ignore[index]
        assert fonts
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
            assert str(font["/Subtype"]) == "/TrueType"
            assert "Helvetica" not in str(font["/BaseFont"])


def skip_without_dejavu() -> None:
    if register_fonts().coverage == VERA:
        pytest.skip("DejaVu Sans not installed: Vera has no Vietnamese glyphs")


# ---------------------------------------------------------------- a hand-made batch


def item(position: int, number: str | None, decision: str, pages: int, *, fee: int = 0,
         refund: int = 0, credit: int = 0, held: int = 0,
         filing: tuple[str, str] = ("llc_articles", "Articles of Organization (LLC)"),
         entity: str | None = "Müller Bäckerei LLC") -> CloseItem:
    return CloseItem(position=position, document_number=number, filing_type=filing[0],
                     filing_label=filing[1], entity=entity, decision=decision, pages=pages,
                     fee_cents=fee, refund_cents=refund, credit_cents=credit, held_cents=held,
                     examiner="DK", qc_by="RN")


ITEMS = (
    item(1, "202633001234", "accepted", 3, fee=9900),
    item(2, "202633001235", "accepted", 2, fee=5000,
         filing=("llc_amendment", "Amendment (LLC)"), entity="Nguyễn Văn An Holdings LLC"),
    item(3, None, "rejected", 4, fee=9900, refund=9900, entity="Smith & Sons <Holdings> LLC"),
    item(4, None, "held", 5, fee=9900, held=9900,
         filing=("foreign_llc", "Registration of Foreign LLC"), entity="Zoë Šťastná s.r.o."),
    item(5, None, "returned", 1, fee=2500, credit=2500,
         filing=("continued_existence", "Statement of Continued Existence"),
         entity="Ağaoğlu Tekstil LLC"),
    item(6, "202633001236", "accepted", 2, fee=5000, refund=1000,
         filing=("llc_dissolution", "Certificate of Dissolution (LLC)"),
         entity="García Holdings Inc."),
)
# Applied 199.00, refunded 109.00, credited 25.00, held 99.00: 432.00 received in all.
TENDERS = (
    TenderTotal("check", received_cents=33200, applied_cents=14900, refunded_cents=10900,
                credited_cents=0, held_cents=7400),
    TenderTotal("cash", received_cents=10000, applied_cents=5000, refunded_cents=0,
                credited_cents=2500, held_cents=2500),
)


def make_report(**changes: object) -> BatchCloseReport:
    values: dict[str, object] = {
        "batch_number": "B26-1123-0007",
        "category": "corporate",
        "service_level": "expedite_1",
        "work_level": 2,
        "opened_at": utc(2026, 11, 23, 14, 0),  # 9:00 a.m. Eastern
        "closed_at": utc(2026, 11, 24, 21, 40),  # 4:40 p.m. the next day
        "closed_by": "Dana Kowalczyk",
        "office": "Ohio Secretary of State · Business Services Division",
        "items": ITEMS,
        "tenders": TENDERS,
        "reopen_note": None,
        "audit_head": AUDIT_HEAD,
    }
    values.update(changes)
    return BatchCloseReport(**values)  # type: ignore[arg-type]


def big_report(count: int = 120) -> BatchCloseReport:
    """``count`` items, every seventh rejected with a refund, all paid by one check."""
    items = tuple(
        item(n, None, "rejected", 1 + n % 3, fee=5000, refund=5000, entity=NAMES[n % 8])
        if n % 7 == 0 else
        item(n, f"2026330{n:05d}", "accepted", 1 + n % 3, fee=5000, entity=NAMES[n % 8])
        for n in range(1, count + 1)
    )
    applied = sum(i.applied_cents for i in items)
    refunded = sum(i.refund_cents for i in items)
    tender = TenderTotal("check", applied + refunded, applied, refunded, 0, 0)
    return make_report(items=items, tenders=(tender,))


# ---------------------------------------------------------------- the report's figures


def test_the_figures_of_the_batch() -> None:
    report = make_report()
    assert report.counts == {"accepted": 3, "rejected": 1, "held": 1, "returned": 1}
    assert report.pages_in_batch == 17
    assert report.pages_to_image == 7  # accepted items only: the manifest's pages
    totals = report.item_totals
    assert (totals.applied_cents, totals.refund_cents, totals.credit_cents,
            totals.held_cents) == (19900, 10900, 2500, 9900)
    assert [t.balanced for t in report.tenders] == [True, True]
    assert report.items_agree and report.balanced and report.discrepancies == ()
    by = {row.decision: row for row in report.by_decision}
    assert by["accepted"].applied_cents == 19900 and by["rejected"].applied_cents == 0
    assert by["accepted"].pages == 7 and by["held"].held_cents == 9900


def test_an_unbalanced_tender_and_items_that_disagree() -> None:
    short = (dataclasses.replace(TENDERS[0], received_cents=33000), TENDERS[1])
    report = make_report(tenders=short)
    assert not report.tenders_balanced and report.items_agree and not report.balanced
    assert report.discrepancies == (
        "Check: received $330.00, accounted for $332.00 (difference -$2.00)",)
    wrong = (*ITEMS[:2], dataclasses.replace(ITEMS[2], refund_cents=9000), *ITEMS[3:])
    report = make_report(items=wrong)
    assert report.tenders_balanced and not report.items_agree and not report.balanced
    assert report.discrepancies == ("refunds: items $100.00, tenders $109.00",)


def test_an_unknown_decision_is_refused() -> None:
    with pytest.raises(ValueError, match="decision 'maybe'"):
        item(1, None, "maybe", 1)


# ---------------------------------------------------------------- the report on paper


def test_the_close_report_carries_every_fact() -> None:
    report = make_report()
    pdf = build_batch_close_report(report)
    text = all_text(pdf)
    assert class_line(report) == "CORPORATE · EXPEDITE 1 · work level 2"
    for fact in (
        "BATCH CLOSE REPORT", "B26-1123-0007", "CORPORATE · EXPEDITE 1 · work level 2",
        "Ohio Secretary of State · Business Services Division",
        "Opened 2026-11-23 9:00 a.m.", "Closed 2026-11-24 4:40 p.m.",
        "Closed by Dana Kowalczyk", "Items 6", "Pages in batch 17", "Pages to image 7",
        "Funds BALANCED",
        # the items
        "202633001234", "202633001235", "202633001236", "Müller Bäckerei LLC",
        "Smith & Sons <Holdings> LLC",  # escaped, not read as markup
        "Registration of Foreign LLC", "Statement of Continued Existence",
        "Accepted", "REJECTED", "HELD", "RETURNED", "$99.00", "$25.00", "$10.00",
        "Total 6 items 17 $199.00 $109.00 $25.00 $99.00",
        # totals by decision
        "Totals by decision", "Accepted 3 7 $199.00 $10.00 $0.00 $0.00",
        "Rejected 1 4 $0.00 $99.00 $0.00 $0.00", "Held 1 5 $0.00 $0.00 $0.00 $99.00",
        "Returned 1 1 $0.00 $0.00 $25.00 $0.00", "Total 6 17 $199.00 $109.00 $25.00 $99.00",
        # the funds
        "Funds balance by tender",
        "Check $332.00 $149.00 $109.00 $0.00 $74.00 $0.00 OK",
        "Cash $100.00 $50.00 $0.00 $25.00 $25.00 $0.00 OK",
        "Total $432.00 $199.00 $109.00 $25.00 $99.00 $0.00 OK",
        "Items $199.00 $109.00 $25.00 $99.00 agrees",
        "FUNDS BALANCED", "PAGES TO IMAGE: 7", "3 accepted items of 6; 17 pages in the batch",
        # signatures and the audit head
        "Closed by", "Quality check", "Imaging received",
        f"Audit chain head: {AUDIT_HEAD}",
    ):
        assert fact in text, fact
    assert "NOT BALANCED" not in text
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (792, 612)  # landscape
    # The batch number's Code 128 symbol: filled rectangles in the first page's content.
    content = PdfReader(io.BytesIO(pdf)).pages[0].get_contents()
    assert content is not None and content.get_data().count(b" re") > 30


def test_a_report_that_does_not_balance_says_so_and_why() -> None:
    short = (dataclasses.replace(TENDERS[0], received_cents=33000), TENDERS[1])
    text = all_text(build_batch_close_report(make_report(tenders=short)))
    for fact in ("Funds NOT BALANCED", "NOT BALANCED",
                 "Check: received $330.00, accounted for $332.00 (difference -$2.00)",
                 "Check $330.00 $149.00 $109.00 $0.00 $74.00 -$2.00 OFF",
                 "Total $430.00"):
        assert fact in text, fact
    assert "FUNDS BALANCED" not in text
    wrong = (*ITEMS[:2], dataclasses.replace(ITEMS[2], refund_cents=9000), *ITEMS[3:])
    text = all_text(build_batch_close_report(make_report(items=wrong)))
    assert "Items $199.00 $100.00 $25.00 $99.00 DIFFERS" in text
    assert "refunds: items $100.00, tenders $109.00" in text


def test_a_reopened_batch_and_an_empty_one() -> None:
    note = "Reopened 2026-11-24 3:10 p.m. by Ramón Núñez: item 4 fee re-keyed"
    text = all_text(build_batch_close_report(make_report(reopen_note=note)))
    assert f"Reopen note: {note}" in text
    text = all_text(build_batch_close_report(make_report(items=(), tenders=())))
    for fact in ("No items in this batch.", "No money received.", "FUNDS BALANCED",
                 "PAGES TO IMAGE: 0"):
        assert fact in text, fact


def test_a_long_report_runs_to_numbered_pages_with_the_heading_repeated() -> None:
    report = big_report(120)
    pages = pages_text(build_batch_close_report(report))
    assert len(pages) >= 3
    assert "Page 1 of" in pages[0]
    for number, text in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in text
        assert f"Audit chain head: {AUDIT_HEAD}" in text
        if number > 1:
            assert "Batch close report · B26-1123-0007 (continued)" in text
            if "202633" in text:
                assert "Document no." in text  # the table heading repeats
    text = " ".join(pages)
    for n in (1, 60, 120):
        assert f"2026330{n:05d}" in text
    assert report.counts["accepted"] == 103 and report.counts["rejected"] == 17
    assert f"PAGES TO IMAGE: {report.pages_to_image}" in pages[-1]
    assert "FUNDS BALANCED" in pages[-1] and "Imaging received" in pages[-1]
    assert "Total 120 items" in text


def test_non_latin_entity_names_print() -> None:
    skip_without_dejavu()
    text = all_text(build_batch_close_report(make_report()))
    for name in ("Nguyễn Văn An Holdings LLC", "Zoë Šťastná s.r.o.", "Ağaoğlu Tekstil LLC"):
        assert name in text, name


def test_the_report_embeds_its_fonts_and_gives_the_same_bytes() -> None:
    report = make_report(reopen_note="Reopened for a fee correction")
    first = build_batch_close_report(report)
    assert_fonts_embedded(first)
    build_batch_close_report(big_report(30))  # another document in between changes nothing
    assert build_batch_close_report(report) == first
    assert build_batch_close_report(dataclasses.replace(report, closed_by="R. Núñez")) != first


def test_the_report_refuses_a_naive_time() -> None:
    with pytest.raises(ValueError, match="naive"):
        build_batch_close_report(make_report(closed_at=datetime(2026, 11, 24, 16, 40)))


# ---------------------------------------------------------------- the imaging manifest


def test_the_manifest_round_trips_and_lists_the_accepted_items() -> None:
    data = manifest_csv("B26-1123-0007", reversed(ITEMS))  # any order in: batch order out
    assert not data.startswith(b"\xef\xbb\xbf")  # no byte-order mark
    text = data.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert text.splitlines()[0] == "batch,item,document_number,pages,filing_type,decision"
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == MANIFEST_COLUMNS
    accepted = [i for i in ITEMS if i.decision == "accepted"]
    assert [(r["batch"], int(r["item"]), r["document_number"], int(r["pages"]),
             r["filing_type"], r["decision"]) for r in rows] == [
        ("B26-1123-0007", i.position, i.document_number, i.pages, i.filing_type, "accepted")
        for i in accepted]
    # No total row: the pages add up to the report's "Pages to image".
    assert sum(int(r["pages"]) for r in rows) == make_report().pages_to_image == 7
    assert manifest_rows("B26-1123-0007", ITEMS)[0] == (
        "B26-1123-0007", "1", "202633001234", "3", "llc_articles", "accepted")


def test_a_long_manifest_matches_the_report() -> None:
    report = big_report(120)
    rows = list(csv.reader(io.StringIO(manifest_csv(report.batch_number, report.items)
                                       .decode("utf-8"), newline="")))
    assert len(rows) == 1 + report.counts["accepted"]
    assert sum(int(r[3]) for r in rows[1:]) == report.pages_to_image


def test_the_manifest_of_an_empty_batch_is_its_header() -> None:
    assert manifest_csv("B26-1123-0007", ()) == (
        b"batch,item,document_number,pages,filing_type,decision\r\n")


def test_an_accepted_item_needs_a_document_number() -> None:
    with pytest.raises(ValueError, match="item 2: accepted without a document number"):
        manifest_csv("B26-1123-0007", (ITEMS[0], dataclasses.replace(ITEMS[1],
                                                                     document_number=None)))


def test_the_manifest_file_name() -> None:
    assert manifest_filename("B26-1123-0007") == "B26-1123-0007-imaging.csv"
    assert manifest_filename("B26/11 23") == "B26_11_23-imaging.csv"


# ---------------------------------------------------------------- the rejection letter

OHIO = Letterhead(office=("Ohio Secretary of State", "Business Services Division"),
                  address=("180 Civic Center Drive", "Columbus, Ohio 43215"),
                  phone="877-767-3453", web="OhioSoS.gov", email="business@OhioSoS.gov")
CONNECTICUT = Letterhead(office=("Connecticut Secretary of the State", "Business Services"),
                         address=("165 Capitol Avenue, Suite 1000", "Hartford, CT 06106"),
                         phone="860-509-6200", web="portal.ct.gov/sots")
SIGNATURE = ("Dana Kowalczyk", "Filing Examiner", "Business Services Division")
NAME_REASON = RejectionReason(
    "NAME-02", "The name does not end with \"limited liability company\", \"LLC\" or "
    "\"L.L.C.\".", "Add one of these endings to the name in article 1.", "ORC 1706.07(A)")
AGENT_REASON = RejectionReason(
    "AGT-02", "The statutory agent has not signed the acceptance of appointment",
    "Have the agent sign the acceptance on page 2", "ORC 1706.16(A)(2)")
DEBTOR_REASON = RejectionReason(
    "UCC-R03", "The initial financing statement gives no name for the debtor.",
    "Give the debtor's name in item 1a (organization) or 1b (individual).",
    "CGS 42a-9-516(b)(3)(A)")
LAPSED_REASON = RejectionReason(
    "UCC-R05", "The initial financing statement identified has lapsed",
    "File a new initial financing statement instead", "CGS 42a-9-516(b)(3)(C)")


def make_notice(**changes: object) -> RejectionNotice:
    values: dict[str, object] = {
        "letterhead": OHIO,
        "date_line": date(2026, 11, 24),
        "recipient": ("Zoë Ñúñez", "Müller & García <Rechtsanwälte>", "1200 East Ninth Street",
                      "Cleveland, OH 44114-1701"),
        "reference": "M26-004217-3",
        "document_label": "Articles of Organization (LLC)",
        "received_at": utc(2026, 11, 23, 14, 5),  # 9:05 a.m. EST
        "kind": "rejection",
        "reasons": (NAME_REASON, AGENT_REASON),
        "money": "refund",
        "amount_cents": 9900,
        "money_words": "A refund check will be mailed to you separately within 10 business days",
        "signature": SIGNATURE,
        "entity": "Nguyễn & Sons Bäckerei",
        "examiner": "D. Kowalczyk (examiner 14)",
        "service_level": "expedite_2",
    }
    values.update(changes)
    return RejectionNotice(**values)  # type: ignore[arg-type]


def make_refusal(**changes: object) -> RejectionNotice:
    values: dict[str, object] = {
        "letterhead": CONNECTICUT,
        "recipient": ("Capitol Lien Services", "PO Box 1204", "Hartford, CT 06143"),
        "reference": "U26-000912-5",
        "document_label": "UCC Financing Statement (UCC-1)",
        "received_at": utc(2026, 11, 24, 13, 30),  # by mail: 8:30 a.m. on the day of receipt
        "would_be_filed_at": utc(2026, 11, 24, 13, 30),
        "kind": "refusal",
        "reasons": (DEBTOR_REASON,),
        "money": "credit",
        "amount_cents": 5000,
        "money_words": "The credit is available for your next filing",
        "entity": None,
        "examiner": "RN",
        "service_level": None,
    }
    values.update(changes)
    return make_notice(**values)


def test_the_rejection_letter_carries_every_fact() -> None:
    pdf = build_rejection_letter(make_notice())
    pages = pages_text(pdf)
    assert len(pages) == 1
    text = pages[0]
    for fact in (
        "Ohio Secretary of State", "November 24, 2026", "Zoë Ñúñez",
        "Müller & García <Rechtsanwälte>", "Cleveland, OH 44114-1701",
        "Re: Rejection of Articles of Organization (LLC) · Control no. M26-004217-3",
        "Dear Customer:",
        "Document: Articles of Organization (LLC)",
        "Received: November 23, 2026 at 9:05 a.m. EST", "Service requested: Expedite 2",
        "Examined by: D. Kowalczyk (examiner 14)",
        "We have examined the document described above and are unable to file it, for the "
        "reasons listed below.",
        "Reasons for the rejection, and what corrects them:",
        "• The name does not end with \"limited liability company\", \"LLC\" or \"L.L.C.\" "
        "(ORC 1706.07(A); NAME-02). To correct: Add one of these endings to the name in "
        "article 1.",
        "• The statutory agent has not signed the acceptance of appointment "
        "(ORC 1706.16(A)(2); AGT-02). To correct: Have the agent sign the acceptance on page 2.",
        "Your payment of $99.00 will be refunded. A refund check will be mailed to you "
        "separately within 10 business days.",
        "quoting control number M26-004217-3",
        "A corrected document is a new submission: it is filed on the date it is accepted.",
        "The Expedite 2 time starts again when it is received.",
        "If you have questions, call 877-767-3453 and quote control number M26-004217-3.",
        "Sincerely,", "Dana Kowalczyk", "Filing Examiner",
    ):
        assert fact in text, fact
    assert "would have been" not in text  # a corporate rejection has no would-be filing time
    assert_fonts_embedded(pdf)


def test_the_parts_come_in_letter_order() -> None:
    text = all_text(build_rejection_letter(make_notice(
        note="The name also appears misspelled on page 2")))
    order = ["Ohio Secretary of State", "Zoë Ñúñez", "Re: Rejection", "Dear Customer:",
             "Document:", "We have examined", "Reasons for the rejection", "NAME-02",
             "AGT-02", "Examiner's note: The name also appears misspelled on page 2.",
             "Your payment of $99.00", "To resubmit", "questions, call", "Sincerely,"]
    at = -1
    for part in order:
        at = text.index(part, at + 1)


def test_a_ucc_refusal_states_the_would_be_filing_time() -> None:
    notice = make_refusal(record_number="0003456789",
                          document_label="UCC Financing Statement Amendment (UCC-3)",
                          reasons=(DEBTOR_REASON, LAPSED_REASON))
    text = all_text(build_rejection_letter(notice))
    assert letter_time(notice.received_at) == "November 24, 2026 at 8:30 a.m. EST"
    for fact in (
        "Connecticut Secretary of the State", "Capitol Lien Services",
        "Re: Refusal to file UCC Financing Statement Amendment (UCC-3) · Control no. "
        "U26-000912-5", "Initial financing statement file number: 0003456789",
        "The filing office has refused to file the record described above, for the reasons "
        "listed below. A filing office may refuse a record only for a reason set out in "
        "UCC 9-516(b). The record has not been filed.",
        "Had it been accepted, the record's filing time would have been November 24, 2026 at "
        "8:30 a.m. EST.",
        "Reasons for the refusal, and what corrects them:",
        "• The initial financing statement gives no name for the debtor "
        "(CGS 42a-9-516(b)(3)(A); UCC-R03). To correct: Give the debtor's name in item 1a",
        "• The initial financing statement identified has lapsed (CGS 42a-9-516(b)(3)(C); "
        "UCC-R05). To correct: File a new initial financing statement instead.",
        "Your payment of $50.00 has been credited to your customer account. The credit is "
        "available for your next filing.",
        "it receives the filing date and time of its own acceptance",
    ):
        assert fact in text, fact
    assert "Service requested" not in text and "starts again" not in text
    # A UCC-1 alone: one reason, no file number to give.
    text = all_text(build_rejection_letter(make_refusal()))
    assert "Reason for the refusal, and what corrects it:" in text
    assert "for the reason given below." in text and "file number" not in text


def test_a_summer_refusal_prints_daylight_time() -> None:
    notice = make_refusal(received_at=utc(2026, 7, 1, 12, 30),
                          would_be_filed_at=utc(2026, 7, 1, 12, 30))
    assert ("filing time would have been July 1, 2026 at 8:30 a.m. EDT."
            in all_text(build_rejection_letter(notice)))
    chicago = ZoneInfo("America/Chicago")
    assert letter_time(utc(2026, 7, 1, 12, 30), chicago) == "July 1, 2026 at 7:30 a.m. CDT"


@pytest.mark.parametrize(("money", "words", "expected"), [
    ("hold", "It is held for 60 days for the corrected filing",
     "We are holding your payment of $99.00 for the corrected filing. It is held for 60 days "
     "for the corrected filing."),
    ("credit", "", "Your payment of $99.00 has been credited to your customer account."),
    ("none", "", "No payment was received with this document."),
    ("refund", "Overpayments of $10.00 or less are not refunded.",
     "Your payment of $99.00 will be refunded. Overpayments of $10.00 or less are not refunded."),
])
def test_the_money_paragraph(money: str, words: str, expected: str) -> None:
    text = all_text(build_rejection_letter(make_notice(money=money, money_words=words)))
    assert expected in text


def test_an_incomplete_notice_is_refused() -> None:
    with pytest.raises(ValueError, match=r"would have been filed \(UCC 9-520\(b\)\)"):
        build_rejection_letter(make_refusal(would_be_filed_at=None))
    with pytest.raises(ValueError, match="at least one reason"):
        build_rejection_letter(make_notice(reasons=()))
    with pytest.raises(ValueError, match="kind 'denial'"):
        build_rejection_letter(make_notice(kind="denial"))
    with pytest.raises(ValueError, match="money 'keep'"):
        build_rejection_letter(make_notice(money="keep"))
    with pytest.raises(ValueError, match="naive"):
        build_rejection_letter(make_notice(received_at=datetime(2026, 11, 23, 9, 5)))


def test_caller_text_cannot_break_the_letter_layout() -> None:
    # A newline or a leading "- " in caller text would start a paragraph or a bullet.
    reason = RejectionReason("SIG-01", "- Missing signature\n\nof the organizer", "Sign it",
                             "ORC 1706.04")
    letter = compose_rejection_letter(make_notice(reasons=(reason,),
                                                  resubmit="Mail it back\n- with the fee"))
    assert "• Missing signature of the organizer (ORC 1706.04; SIG-01). To correct: Sign it." \
        in letter.body
    assert "Mail it back - with the fee." in letter.body
    assert len([line for line in letter.body.splitlines() if line.startswith("• ")]) == 1


def test_a_long_list_of_reasons_continues_onto_numbered_pages() -> None:
    reasons = tuple(RejectionReason(f"FORM-{n:02d}", f"Problem number {n} with the document "
                                    "as received at the counter", "Correct the form and "
                                    "have it signed again by the organizer", "OAC 111:1-3")
                    for n in range(1, 31))
    pages = pages_text(build_rejection_letter(make_notice(reasons=reasons)))
    assert len(pages) >= 2
    for number, text in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in text
    assert "FORM-30" in pages[-1] and "Sincerely," in pages[-1]


def test_non_latin_names_in_the_letter() -> None:
    skip_without_dejavu()
    notice = make_notice()
    text = all_text(build_rejection_letter(notice))
    assert "Entity: Nguyễn & Sons Bäckerei" in text
    assert unprintable_characters(compose_rejection_letter(notice)) == ""


def test_the_same_notice_gives_the_same_bytes() -> None:
    notice = make_refusal()
    first = build_rejection_letter(notice)
    build_rejection_letter(make_notice())
    assert build_rejection_letter(notice) == first
    assert build_rejection_letter(dataclasses.replace(notice, amount_cents=5100)) != first
