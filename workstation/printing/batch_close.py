"""The batch close report: what a batch of examined filings came to, signed when it is closed.

US Letter, landscape (the items table is a ledger of twelve columns). The first page carries
the batch number as a Code 128 symbol, the class line and the times; then the items (the table
heading repeats on every page), the totals by decision, the funds balance by tender with one
BALANCED / NOT BALANCED line, the pages to image, and the lines for the closing clerk, the
quality check and imaging to sign. Every page says "Page N of M" and carries the audit chain
head at closing (DESIGN.md section 3, as on the cash list).

The funds balance. Each tender must account for every cent received for the batch:
``received = applied to fees + refunded + credited to an account + held``. The items must tell
the same story: the fees of the accepted items are what was applied, and the refunds, credits
and holds of all items add up to the tenders' columns. The report says BALANCED only when both
are true; otherwise it says NOT BALANCED and which figure is off.

What is imaged. Only accepted items (``IMAGED``) become images of the public record: a rejected
or returned document goes back to the customer with the letter, and a held one is not filed
yet. "Pages to image" is therefore the pages of the accepted items, the same number the imaging
manifest (``imaging_manifest.manifest_csv``) adds up to; the pages of the whole batch are shown
beside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.enums import TA_CENTER  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import landscape, letter  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import inch  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
)

from workstation.printing.common import (
    GRID,
    OFFICE_ZONE,
    BarcodeBlock,
    Column,
    Grid,
    PageDecor,
    Styles,
    boxed,
    build_pdf,
    facts,
    format_time,
    frame_width,
    headed_by_barcode,
    instrument_label,
    level_label,
    make_styles,
    money,
    para,
    service_type_label,
    signature_boxes,
    styled_table,
)

__all__ = [
    "DECISIONS",
    "IMAGED",
    "BatchCloseReport",
    "CloseItem",
    "DecisionTotal",
    "TenderTotal",
    "build_batch_close_report",
    "class_line",
    "decision_label",
    "tender_label",
]

PAGE = landscape(letter)
MARGIN = 0.5 * inch

ACCEPTED = "accepted"
DECISIONS = (ACCEPTED, "rejected", "held", "returned")  # the order the report lists them in
IMAGED = frozenset({ACCEPTED})  # decisions whose pages go to imaging

_DECISION_WORDS = {"accepted": "Accepted", "rejected": "Rejected", "held": "Held",
                   "returned": "Returned"}
_TENDER_WORDS = {"credit": "Account credit", "account": "Account credit",
                 "ach": "ACH", "eft": "EFT"}


# ---------------------------------------------------------------- input


@dataclass(frozen=True)
class CloseItem:
    """One examined filing of the batch. Money in cents; zero where nothing applies."""

    position: int  # its place in the batch, 1-based
    document_number: str | None  # the number the filing got (None until accepted)
    filing_type: str  # code: "llc_articles", "ucc1"
    filing_label: str  # "Articles of Organization (LLC)"
    entity: str | None
    decision: str  # one of DECISIONS
    pages: int
    fee_cents: int  # the fee applied when accepted (ignored otherwise)
    refund_cents: int
    credit_cents: int
    held_cents: int
    examiner: str
    qc_by: str | None

    def __post_init__(self) -> None:
        if self.decision not in DECISIONS:
            raise ValueError(f"item {self.position}: decision {self.decision!r} is not one of "
                             f"{', '.join(DECISIONS)}")

    @property
    def applied_cents(self) -> int:
        """The fee this item took from the money received: its fee when accepted, else 0."""
        return self.fee_cents if self.decision == ACCEPTED else 0

    @property
    def imaged(self) -> bool:
        return self.decision in IMAGED


@dataclass(frozen=True)
class TenderTotal:
    """The money received for the batch in one tender, and where all of it went."""

    tender: str  # "check", "cash", "card", "money_order", "credit" (an account credit used)
    received_cents: int
    applied_cents: int
    refunded_cents: int
    credited_cents: int
    held_cents: int

    @property
    def accounted_cents(self) -> int:
        return self.applied_cents + self.refunded_cents + self.credited_cents + self.held_cents

    @property
    def difference_cents(self) -> int:
        """Received less accounted for: 0 when the tender balances."""
        return self.received_cents - self.accounted_cents

    @property
    def balanced(self) -> bool:
        return self.difference_cents == 0


@dataclass(frozen=True)
class DecisionTotal:
    decision: str
    items: int
    pages: int
    applied_cents: int
    refund_cents: int
    credit_cents: int
    held_cents: int


@dataclass(frozen=True)
class BatchCloseReport:
    batch_number: str
    category: str  # "corporate" / "ucc"
    service_level: str  # "regular" / "expedite_1" ...
    work_level: int
    opened_at: datetime
    closed_at: datetime
    closed_by: str
    office: str
    items: tuple[CloseItem, ...]
    tenders: tuple[TenderTotal, ...]
    reopen_note: str | None
    audit_head: str

    @property
    def ordered_items(self) -> tuple[CloseItem, ...]:
        return tuple(sorted(self.items, key=lambda item: item.position))

    @property
    def pages_in_batch(self) -> int:
        return sum(item.pages for item in self.items)

    @property
    def pages_to_image(self) -> int:
        """The pages of the items that go to imaging (see ``IMAGED``)."""
        return sum(item.pages for item in self.items if item.imaged)

    @property
    def counts(self) -> dict[str, int]:
        """Items by decision, every decision present, in ``DECISIONS`` order."""
        return {d: sum(1 for item in self.items if item.decision == d) for d in DECISIONS}

    @property
    def by_decision(self) -> tuple[DecisionTotal, ...]:
        return tuple(_decision_total(d, [i for i in self.items if i.decision == d])
                     for d in DECISIONS)

    @property
    def item_totals(self) -> DecisionTotal:
        """All items together (``decision`` is "total")."""
        return _decision_total("total", self.items)

    @property
    def tenders_balanced(self) -> bool:
        """Every tender: received == applied + refunded + credited + held."""
        return all(t.balanced for t in self.tenders)

    def tender_sum(self, column: str) -> int:
        """One column of the tenders added up: ``tender_sum("refunded_cents")``."""
        return sum(int(getattr(t, column)) for t in self.tenders)

    @property
    def item_mismatches(self) -> tuple[str, ...]:
        """Where the items' figures differ from the tenders' columns, in words."""
        items = self.item_totals
        found = []
        for what, from_items, column in (
            ("fees of accepted items", items.applied_cents, "applied_cents"),
            ("refunds", items.refund_cents, "refunded_cents"),
            ("credits", items.credit_cents, "credited_cents"),
            ("money held", items.held_cents, "held_cents"),
        ):
            from_tenders = self.tender_sum(column)
            if from_items != from_tenders:
                found.append(f"{what}: items {money(from_items)}, tenders "
                             f"{money(from_tenders)}")
        return tuple(found)

    @property
    def items_agree(self) -> bool:
        """The items' fees, refunds, credits and holds equal the tenders' columns."""
        return not self.item_mismatches

    @property
    def discrepancies(self) -> tuple[str, ...]:
        """What keeps the batch from balancing, in words; empty when it balances."""
        tenders = tuple(
            f"{tender_label(t.tender)}: received {money(t.received_cents)}, accounted for "
            f"{money(t.accounted_cents)} (difference {money(t.difference_cents)})"
            for t in self.tenders if not t.balanced)
        return tenders + self.item_mismatches

    @property
    def balanced(self) -> bool:
        """Every tender balances and the items agree with the tenders, column by column."""
        return not self.discrepancies


def _decision_total(decision: str, items: Iterable[CloseItem]) -> DecisionTotal:
    chosen = list(items)
    return DecisionTotal(
        decision=decision, items=len(chosen), pages=sum(i.pages for i in chosen),
        applied_cents=sum(i.applied_cents for i in chosen),
        refund_cents=sum(i.refund_cents for i in chosen),
        credit_cents=sum(i.credit_cents for i in chosen),
        held_cents=sum(i.held_cents for i in chosen),
    )


# ---------------------------------------------------------------- words


def class_line(report: BatchCloseReport) -> str:
    """``CORPORATE · EXPEDITE 1 · work level 2`` (as on the cover sheet)."""
    return (f"{service_type_label(report.category).upper()} · "
            f"{level_label(report.service_level).upper()} · work level {report.work_level}")


def decision_label(code: str) -> str:
    return _DECISION_WORDS.get(code, code.replace("_", " ").capitalize())


def tender_label(code: str) -> str:
    return _TENDER_WORDS.get(code, instrument_label(code))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _cents_or_blank(cents: int) -> str:
    return money(cents) if cents else ""


def audit_line(report: BatchCloseReport) -> str:
    return f"Audit chain head: {report.audit_head or '(not recorded)'}"


# ---------------------------------------------------------------- the builder


def build_batch_close_report(report: BatchCloseReport, *, zone: ZoneInfo = OFFICE_ZONE
                             ) -> bytes:
    """The close report of one batch as PDF bytes (letter landscape, fonts embedded,
    as many pages as the items need; the same report gives the same bytes)."""
    st = make_styles(cell_size=8.5)
    width = frame_width(PAGE, MARGIN)
    story: list[Flowable] = [
        _header(report, st, width, zone),
        Spacer(1, 6),
    ]
    if report.reopen_note:
        story += [boxed([para(f"Reopen note: {report.reopen_note}", st.body)], width, line=1),
                  Spacer(1, 4)]
    story += [
        para("Items", st.heading),
        _items(report, st, width),
        Spacer(1, 8),
        # The figures and the signatures stay on one page: the signed page shows the balance.
        KeepTogether([
            _summary(report, st, width),
            Spacer(1, 6),
            _outcome(report, st, width),
            Spacer(1, 4),
            para("Signing below, the clerk closing the batch confirms that every item is "
                 "decided and the funds are accounted for as shown; imaging confirms the "
                 "pages received.", st.small),
            Spacer(1, 4),
            signature_boxes([("Closed by", report.closed_by), ("Quality check", ""),
                             ("Imaging received", "")], st, width),
        ]),
    ]
    decor = PageDecor(
        running_title=f"Batch close report · {report.batch_number} (continued)",
        footer_left=(f"Batch close report · {report.batch_number} · {class_line(report)} · "
                     f"{report.office}"),
        footer_lines=(audit_line(report),),
    )
    return build_pdf(story, pagesize=PAGE, margin=MARGIN,
                     title=f"Batch close report {report.batch_number}",
                     subject=class_line(report), decor=decor)


def _header(report: BatchCloseReport, st: Styles, width: float, zone: ZoneInfo) -> Table:
    """Title, class line and facts on the left; the batch number's barcode on the right."""
    code_w = 3.3 * inch
    left_w = width - code_w
    half = left_w / 2
    title = ParagraphStyle("close_title", parent=st.title, fontSize=16, leading=19)
    klass = ParagraphStyle("close_class", parent=st.big, fontSize=13, leading=16)
    items = len(report.items)
    left: list[Flowable] = [
        para("BATCH CLOSE REPORT", title),
        para(report.office, st.body),
        Spacer(1, 4),
        para(class_line(report), klass),
        Spacer(1, 5),
        facts([
            ("Batch", report.batch_number),
            ("Items", str(items)),
            ("Opened", format_time(report.opened_at, zone)),
            ("Pages in batch", str(report.pages_in_batch)),
            ("Closed", format_time(report.closed_at, zone)),
            ("Pages to image", str(report.pages_to_image)),
            ("Closed by", report.closed_by),
            ("Funds", "BALANCED" if report.balanced else "NOT BALANCED"),
        ], st, [0.95 * inch, half - 0.95 * inch, 1.05 * inch, half - 1.05 * inch],
            columns=2),
    ]
    code = BarcodeBlock(report.batch_number, st.fonts, number_size=20,
                        caption="Batch number")
    return headed_by_barcode(left, code, [left_w, code_w])


def _items(report: BatchCloseReport, st: Styles, width: float) -> Flowable:
    if not report.items:
        return para("No items in this batch.", st.body)
    w = width / 708.0  # the widths below are for the landscape frame
    grid = Grid([
        Column("#", 22 * w, right=True), Column("Document no.", 72 * w),
        Column("Filing", 120 * w), Column("Entity", 130 * w), Column("Decision", 52 * w),
        Column("Pages", 34 * w, right=True), Column("Fee applied", 54 * w, right=True),
        Column("Refund", 50 * w, right=True), Column("Credit", 46 * w, right=True),
        Column("Held", 46 * w, right=True), Column("Examiner", 52 * w),
        Column("QC", 30 * w),
    ])
    for item in report.ordered_items:
        grid.rows.append([
            str(item.position), item.document_number or "—", item.filing_label,
            item.entity or "", _decision_cell(item.decision), str(item.pages),
            money(item.applied_cents) if item.decision == ACCEPTED else "",
            _cents_or_blank(item.refund_cents), _cents_or_blank(item.credit_cents),
            _cents_or_blank(item.held_cents), item.examiner, item.qc_by or "",
        ])
    total = report.item_totals
    grid.total = ["", "Total", _plural(total.items, "item"), None, None, str(total.pages),
                  money(total.applied_cents), money(total.refund_cents),
                  money(total.credit_cents), money(total.held_cents), "", None]
    return grid.build(st)


def _decision_cell(code: str) -> str:
    """A decision other than accepted in capitals: it stands out down the column."""
    word = decision_label(code)
    return word if code == ACCEPTED else word.upper()


def _summary(report: BatchCloseReport, st: Styles, width: float) -> Table:
    """Totals by decision on the left, the funds by tender on the right."""
    gap = 12
    left_w = 304 * width / 690
    right_w = width - left_w - gap
    return styled_table([[_by_decision(report, st, left_w), "",
                          _funds(report, st, right_w)]], [left_w, gap, right_w], [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ], hAlign="LEFT")


def _by_decision(report: BatchCloseReport, st: Styles, width: float) -> list[Flowable]:
    w = width / 304.0
    grid = Grid([Column("Decision", 42 * w), Column("Items", 30 * w, right=True),
                 Column("Pages", 32 * w, right=True), Column("Fees", 50 * w, right=True),
                 Column("Refunds", 50 * w, right=True), Column("Credits", 50 * w, right=True),
                 Column("Held", 50 * w, right=True)])
    for row in report.by_decision:
        grid.rows.append([decision_label(row.decision), str(row.items), str(row.pages),
                          money(row.applied_cents), money(row.refund_cents),
                          money(row.credit_cents), money(row.held_cents)])
    total = report.item_totals
    grid.total = ["Total", str(total.items), str(total.pages), money(total.applied_cents),
                  money(total.refund_cents), money(total.credit_cents),
                  money(total.held_cents)]
    table = grid.build(st)
    table.hAlign = "LEFT"
    return [para("Totals by decision", st.heading), table]


# Tender, received, applied, refunded, credited, held, difference, status: proportions of the
# funds table (money columns fit "$9,999.99" in bold; "Items" is the row added up from the items).
_FUNDS_WIDTHS = (46, 52, 52, 50, 50, 50, 52, 24)


def _funds(report: BatchCloseReport, st: Styles, width: float) -> list[Flowable]:
    head = Paragraph(
        f"Funds balance by tender&nbsp;&nbsp;<font name=\"{st.fonts.regular}\" size=\"7.5\">"
        "received = applied + refunded + credited + held</font>",
        st.heading)
    widths = [n * width / sum(_FUNDS_WIDTHS) for n in _FUNDS_WIDTHS]
    titles = ("Tender", "Received", "Applied", "Refunded", "Credited", "Held", "Difference", "")
    grid = Grid([Column(title, wide, right=0 < index < 7)
                 for index, (title, wide) in enumerate(zip(titles, widths, strict=True))])
    for t in report.tenders:
        grid.rows.append([tender_label(t.tender), money(t.received_cents),
                          money(t.applied_cents), money(t.refunded_cents),
                          money(t.credited_cents), money(t.held_cents),
                          money(t.difference_cents), "OK" if t.balanced else "OFF"])
    received = sum(t.received_cents for t in report.tenders)
    accounted = sum(t.accounted_cents for t in report.tenders)
    grid.total = ["Total", money(received),
                  money(report.tender_sum("applied_cents")),
                  money(report.tender_sum("refunded_cents")),
                  money(report.tender_sum("credited_cents")),
                  money(report.tender_sum("held_cents")),
                  money(received - accounted), "OK" if report.tenders_balanced else "OFF"]
    tenders = grid.build(st) if report.tenders else para("No money received.", st.body)
    return [head, tenders, _items_row(report, st, widths)]


def _items_row(report: BatchCloseReport, st: Styles, widths: list[float]) -> Table:
    """The same columns added up from the items: they must equal the tenders' total row."""
    items = report.item_totals
    right = st.cell_right
    cells = [para("Items", st.cell_head), "",
             *[para(money(cents), right) for cents in (items.applied_cents,
                                                       items.refund_cents,
                                                       items.credit_cents,
                                                       items.held_cents)],
             para("agrees" if report.items_agree else "DIFFERS", st.cell_head_right), ""]
    return styled_table([cells], widths, [
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, GRID),
    ], hAlign="LEFT")


def _outcome(report: BatchCloseReport, st: Styles, width: float) -> Table:
    """The one line a supervisor reads first: balanced or not, and the pages to image."""
    pages = f"PAGES TO IMAGE: {report.pages_to_image}"
    accepted = report.counts[ACCEPTED]
    pages_note = (f"{_plural(accepted, 'accepted item')} of {len(report.items)}; "
                  f"{report.pages_in_batch} pages in the batch")
    big: dict[str, Any] = {"fontSize": 13, "leading": 16}
    if report.balanced:
        verdict: list[Flowable] = [
            para("FUNDS BALANCED", ParagraphStyle("ok", parent=st.banner,
                                                  textColor=colors.black, **big)),
            para(f"{_plural(len(report.tenders), 'tender')}; received "
                 f"{money(sum(t.received_cents for t in report.tenders))}, every cent "
                 "accounted for", ParagraphStyle("okn", parent=st.small,
                                                 alignment=TA_CENTER)),
        ]
        fill = None
    else:
        verdict = [para("NOT BALANCED", ParagraphStyle("bad", parent=st.banner, **big))]
        verdict += [para(line, ParagraphStyle("badn", parent=st.small, alignment=TA_CENTER,
                                              textColor=colors.white))
                    for line in report.discrepancies]
        fill = colors.black
    half = (width - 12) / 2
    image = [para(pages, ParagraphStyle("pg", parent=st.banner, textColor=colors.black,
                                        **big)),
             para(pages_note, ParagraphStyle("pgn", parent=st.small, alignment=TA_CENTER))]
    return styled_table([[boxed(verdict, half, line=2, fill=fill), "",
                          boxed(image, half, line=2)]], [half, 12, half], [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ], hAlign="LEFT")
