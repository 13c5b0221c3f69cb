"""The customer's receipt from the teller drawer, in two sizes.

What a receipt must show (WA SAO BARS 3.6.1, teller.md 5): the pre-printed number, the payer,
the amount, the mode of payment, the purpose and the employee. So each receipt carries the
office, the number large and as a Code 128 symbol (a later reversal or reprint is found by
scanning it), the time on the office clock, the clerk and the drawer, the customer, every fee
line with its reference (the document or charge number it pays for), the total, each tender
with its detail, and the change given.

Cards: brand and last 4 only, never more (PCI DSS 3.4.1 masking; FACTA 15 U.S.C. 1681c(g)
allows 5 on a receipt, last 4 satisfies both). The detail the services hand over also holds
the authorization code; ``card_detail`` rebuilds the printed text from the brand and the last 4
so nothing else on the tender can reach the paper, and ``mask_card_numbers`` cuts any 13-19
digit run in another tender's detail to its last 4.

A reversal says "REVERSAL of R…" where a sale says "RECEIPT", with its reason and approver, so
the two can never be mistaken for each other. A reprint says REPRINT in a black banner at the
top and in the footer: a second copy must not pass for a second payment.

- ``build_receipt_pdf``: US Letter, for the office laser printer and for the customer who
  wants a full-page receipt; ruled tables like the other printouts.
- ``build_receipt_narrow_pdf``: the 80 mm roll of a receipt printer (72 mm printable). One
  column of text, label left and amount right, no table rules (thermal printers render hairlines
  poorly), and a page exactly as tall as the receipt: the height is measured from the content,
  so the roll is cut right below the last line and the PDF is always one page.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.enums import TA_CENTER, TA_RIGHT  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import letter  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import inch, mm  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    Flowable,
    HRFlowable,
    KeepTogether,
    Spacer,
    Table,
)

from workstation.printing.common import (
    OFFICE_ZONE,
    BarcodeBlock,
    Column,
    Grid,
    PageDecor,
    Styles,
    boxed,
    build_pdf,
    facts,
    footer_height,
    format_time,
    frame_width,
    headed_by_barcode,
    instrument_label,
    make_styles,
    money,
    para,
    styled_table,
)
from workstation.printing.teller_data import ReceiptPrint

__all__ = [
    "NARROW_WIDTH",
    "build_receipt_narrow_pdf",
    "build_receipt_pdf",
    "card_detail",
    "mask_card_numbers",
    "receipt_title",
]

MARGIN = 0.6 * inch
NARROW_WIDTH = 80 * mm
# The frame pads 6 pt each side, so this margin leaves exactly the 72 mm the printer prints.
NARROW_MARGIN = 4 * mm - 6

_CARD_RUN = re.compile(r"(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)")


# ---------------------------------------------------------------- words


def receipt_title(receipt: ReceiptPrint) -> str:
    """``RECEIPT``, or ``REVERSAL of R00000001`` for a reversal."""
    if receipt.kind != "reversal":
        return "RECEIPT"
    return f"REVERSAL of {receipt.reverses}" if receipt.reverses else "REVERSAL"


def card_detail(detail: str) -> str:
    """``Visa ending 4242, auth 0A1B2C`` -> ``Visa ending 4242``: brand and last 4, nothing
    else; a full number that slipped into the detail is cut to its last 4 the same way."""
    head = detail.split(",", maxsplit=1)[0]
    brand = re.split(r"\d|\bending\b", head, maxsplit=1)[0].strip(" :#*x-") or "Card"
    ending = re.search(r"\bending\s+(\d{4})(?!\d)", head)
    runs = [re.sub(r"\D", "", run) for run in re.findall(r"\d[\d -]*", head)]
    last4 = ending.group(1) if ending else (runs[0][-4:] if runs else "")
    return f"{brand} ending {last4}" if len(last4) == 4 else brand


def mask_card_numbers(text: str) -> str:
    """Any run of 13-19 digits (spaces or dashes between) becomes ``…1234``."""
    return _CARD_RUN.sub(lambda m: "…" + re.sub(r"\D", "", m.group())[-4:], text)


def _tender_detail(tender: str, detail: str) -> str:
    return card_detail(detail) if tender == "card" else mask_card_numbers(detail)


def _tendered(receipt: ReceiptPrint) -> int:
    return sum(t.amount_cents for t in receipt.tenders)


def _reversal_facts(receipt: ReceiptPrint) -> list[tuple[str, str]]:
    if receipt.kind != "reversal":
        return []
    return [("Reverses", receipt.reverses or "(not recorded)"),
            ("Reason", receipt.reason or "(none given)"),
            ("Approved by", receipt.approved_by or "NOT APPROVED")]


def _reprint_line(receipt: ReceiptPrint) -> str:
    return f"REPRINT of receipt {receipt.number}: a copy, not a new payment"


# ---------------------------------------------------------------- letter


def build_receipt_pdf(receipt: ReceiptPrint, *, zone: ZoneInfo = OFFICE_ZONE) -> bytes:
    """The receipt on US Letter as PDF bytes (fonts embedded, same receipt -> same bytes)."""
    st = make_styles(cell_size=9)
    width = frame_width(letter, MARGIN)
    story: list[Flowable] = []
    if receipt.reprint:
        story += [_reprint_banner(st, width, size=22), Spacer(1, 8)]
    story += [_header(receipt, st, width, zone), Spacer(1, 8)]
    if receipt.kind == "reversal":
        story += [boxed([para(f"{label}: {value}", st.body)
                         for label, value in _reversal_facts(receipt)], width, line=1),
                  Spacer(1, 4)]
    story += [
        para("Fees", st.heading),
        _lines(receipt, st, width),
        Spacer(1, 6),
        KeepTogether([para("Paid by" if receipt.kind != "reversal" else "Returned by",
                           st.heading),
                      _tenders(receipt, st, width),
                      Spacer(1, 6),
                      _totals(receipt, st)]),
    ]
    decor = PageDecor(
        running_title=f"{receipt_title(receipt).capitalize()} {receipt.number} (continued)",
        footer_left=f"Receipt {receipt.number} · {receipt.office}",
        footer_lines=(_reprint_line(receipt),) if receipt.reprint else (),
    )
    return build_pdf(story, pagesize=letter, margin=MARGIN,
                     title=f"Receipt {receipt.number}", subject=receipt_title(receipt),
                     decor=decor)


def _reprint_banner(st: Styles, width: float, size: float) -> Table:
    style = ParagraphStyle("reprint", parent=st.banner, fontSize=size, leading=size * 1.2)
    return boxed([para("REPRINT", style)], width, line=2, fill=colors.black)


def _header(receipt: ReceiptPrint, st: Styles, width: float, zone: ZoneInfo) -> Table:
    """Office, title and facts on the left; the number's barcode on the right."""
    code_w = 2.9 * inch
    left_w = width - code_w
    title = ParagraphStyle("receipt_title", parent=st.title, fontSize=18, leading=22)
    left: list[Flowable] = [
        para(receipt.office, st.body),
        Spacer(1, 3),
        para(receipt_title(receipt), title),
        Spacer(1, 4),
        facts([("Receipt no.", receipt.number),
               ("Date and time", format_time(receipt.posted_at, zone)),
               ("Clerk", receipt.clerk), ("Drawer", receipt.drawer),
               ("Customer", receipt.customer_name)],
              st, [1.0 * inch, left_w - 1.0 * inch]),
    ]
    code = BarcodeBlock(receipt.number, st.fonts, number_size=24, caption="Receipt number")
    return headed_by_barcode(left, code, [left_w, code_w])


def _lines(receipt: ReceiptPrint, st: Styles, width: float) -> Flowable:
    if not receipt.lines:
        return para("No fee lines.", st.body)
    w = width / 513.6  # the widths below are for the letter frame
    grid = Grid([Column("Fee code", 70 * w), Column("Description", 200 * w),
                 Column("Reference", 110 * w), Column("Qty", 40 * w, right=True),
                 Column("Amount", 93.6 * w, right=True)])
    for line in receipt.lines:
        grid.rows.append([line.fee_code, line.description, line.reference or "(suspense)",
                          str(line.quantity), money(line.amount_cents)])
    grid.total = ["Total", None, None, "", money(receipt.total_cents)]
    return grid.build(st)


def _tenders(receipt: ReceiptPrint, st: Styles, width: float) -> Flowable:
    if not receipt.tenders:
        return para("No tenders.", st.body)
    w = width / 513.6
    grid = Grid([Column("Tender", 90 * w), Column("Detail", 330 * w),
                 Column("Amount", 93.6 * w, right=True)])
    for tender in receipt.tenders:
        grid.rows.append([instrument_label(tender.tender),
                          _tender_detail(tender.tender, tender.detail),
                          money(tender.amount_cents)])
    grid.total = ["Tendered", None, money(_tendered(receipt))]
    return grid.build(st)


def _totals(receipt: ReceiptPrint, st: Styles) -> Table:
    label = ParagraphStyle("total_label", parent=st.body, fontName=st.fonts.bold, fontSize=11,
                           leading=16)
    value = ParagraphStyle("total_value", parent=st.big, fontSize=13, leading=16,
                           alignment=TA_RIGHT)
    rows = [("Total", money(receipt.total_cents)),
            ("Tendered", money(_tendered(receipt))),
            ("Change given", money(receipt.change_cents))]
    return _amounts(rows, (label, value), [1.4 * inch, 1.4 * inch])


# ---------------------------------------------------------------- 80 mm roll


def build_receipt_narrow_pdf(receipt: ReceiptPrint, *, zone: ZoneInfo = OFFICE_ZONE) -> bytes:
    """The receipt for an 80 mm receipt printer as PDF bytes: one page, 80 mm wide, as tall
    as its content."""
    st = make_styles(cell_size=8.5)
    width = frame_width((NARROW_WIDTH, 0), NARROW_MARGIN)
    story = _narrow_story(receipt, st, width, zone)
    decor = PageDecor(running_title=f"Receipt {receipt.number}",
                      footer_left=f"Receipt {receipt.number}",
                      footer_lines=("REPRINT",) if receipt.reprint else ())
    height = _content_height(story, width) + _page_overhead(decor)
    return build_pdf(story, pagesize=(NARROW_WIDTH, height), margin=NARROW_MARGIN,
                     title=f"Receipt {receipt.number}", subject=receipt_title(receipt),
                     decor=decor)


def _page_overhead(decor: PageDecor) -> float:
    """What ``build_pdf`` puts around the frame: top margin, footer, the frame's padding, and
    a little slack so rounding never pushes the last line onto a second page."""
    top = max(NARROW_MARGIN, 0.36 * inch)
    return float(top + footer_height(decor) + 4 + 12 + 6)


def _content_height(story: list[Flowable], width: float) -> float:
    total = 0.0
    for index, flowable in enumerate(story):
        _, height = flowable.wrap(width, 1_000_000)
        total += height + flowable.getSpaceAfter()
        if index:  # the frame drops the space before its first flowable
            total += flowable.getSpaceBefore()
    return total


def _narrow_story(receipt: ReceiptPrint, st: Styles, width: float,
                  zone: ZoneInfo) -> list[Flowable]:
    centre = ParagraphStyle("n_centre", parent=st.small, alignment=TA_CENTER)
    title = ParagraphStyle("n_title", parent=st.title, fontSize=12, leading=14,
                           alignment=TA_CENTER)
    story: list[Flowable] = []
    if receipt.reprint:
        story += [_reprint_banner(st, width, size=16), Spacer(1, 4)]
    story += [
        para(receipt.office, centre),
        Spacer(1, 3),
        para(receipt_title(receipt), title),
        Spacer(1, 3),
        BarcodeBlock(receipt.number, st.fonts, number_size=16),
        Spacer(1, 4),
        _pairs([("Date", format_time(receipt.posted_at, zone)), ("Clerk", receipt.clerk),
                ("Drawer", receipt.drawer), ("Customer", receipt.customer_name),
                *_reversal_facts(receipt)], st, width, label_w=21 * mm),
        _rule(width),
    ]
    for line in receipt.lines:
        story += _narrow_line(line.fee_code, line.description, money(line.amount_cents),
                              f"Ref {line.reference or '(suspense)'} · qty {line.quantity}",
                              st, width)
    story += [_rule(width),
              _narrow_amounts([("TOTAL", money(receipt.total_cents))], st, width, bold=True),
              _rule(width)]
    for tender in receipt.tenders:
        story += _narrow_line(instrument_label(tender.tender), "", money(tender.amount_cents),
                              _tender_detail(tender.tender, tender.detail), st, width)
    story.append(_narrow_amounts([("Change given", money(receipt.change_cents))], st, width,
                                 bold=True))
    return story


def _rule(width: float) -> HRFlowable:
    return HRFlowable(width=width, thickness=0.6, color=colors.black, dash=(2, 2),
                      spaceBefore=3, spaceAfter=3)


def _pairs(pairs: list[tuple[str, str]], st: Styles, width: float,
           label_w: float) -> Table:
    return facts(pairs, st, [label_w, width - label_w],
                 value_style=ParagraphStyle("n_value", parent=st.cell))


def _amounts(rows: list[tuple[str, str]], styles: tuple[ParagraphStyle, ParagraphStyle],
             widths: list[float]) -> Table:
    """Label left, amount right, no rules (the receipt printer's own layout)."""
    return styled_table([[para(label, styles[0]), para(value, styles[1])]
                         for label, value in rows], widths, [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ], hAlign="LEFT")


def _narrow_amounts(rows: list[tuple[str, str]], st: Styles, width: float,
                    bold: bool) -> Table:
    styles = (st.cell_head, st.cell_head_right) if bold else (st.cell, st.cell_right)
    amount_w = 24 * mm
    return _amounts(rows, styles, [width - amount_w, amount_w])


def _narrow_line(code: str, description: str, amount: str, detail: str, st: Styles,
                 width: float) -> list[Flowable]:
    """``CODE  description ........ $50.00`` and, under it, the detail in small type."""
    head = f"{code}  {description}".strip()
    return [_narrow_amounts([(head, amount)], st, width, bold=False),
            para(detail, ParagraphStyle("n_detail", parent=st.small, leftIndent=8,
                                        fontSize=7.5, leading=9))]
