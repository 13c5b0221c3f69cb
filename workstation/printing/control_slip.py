"""The envelope control slip: what was in one envelope, as logged at mail opening.

Page size: half letter, portrait (5.5 x 8.5 in, "Statement"). The slip travels on top of the
envelope's papers through the trays, so it should be smaller than the letter-size documents it
rides on and leave them readable; an office laser printer feeds Statement paper in this
orientation, and two slips can also be cut from one letter sheet. A #10 envelope page
(4.125 x 9.5 in) was rejected: at under 4 inches of usable width the seven-column remittance
table would need type below 7 pt, and it needs the envelope feeder. An envelope with many checks
or documents continues on a second page, the table headings repeated and every page numbered.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import inch  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, KeepTogether, Spacer  # type: ignore[import-untyped]

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
    format_date,
    format_time,
    frame_width,
    instrument_label,
    level_label,
    make_styles,
    money,
    para,
    signature_boxes,
    yes_no,
)
from workstation.services.intake_dto import DocumentLine, EnvelopeSlip, RemittanceLine

PAGE = (5.5 * inch, 8.5 * inch)
MARGIN = 0.35 * inch

# The balance outcome, in words a clerk acts on; unknown codes print as their code in words.
OUTCOMES = {
    "exact": "PAID EXACTLY",
    "short": "SHORT: FEE NOT PAID",
    "over_refund": "OVERPAID: REFUND DUE",
    "over_kept": "OVERPAID: KEPT (NOT REFUNDED)",
    "no_fee": "EXPEDITE FEE NOT ENCLOSED: REGULAR SERVICE",
    "not_allowed": "EXPEDITE NOT ALLOWED: REGULAR SERVICE",
    "no_payment": "NO PAYMENT ENCLOSED",
    "nothing_due": "NOTHING DUE",
    "hold": "HOLD: MONEY CANNOT BE DEPOSITED",
}


def outcome_label(code: str) -> str:
    return OUTCOMES.get(code, code.replace("_", " ").upper())


def build_control_slip(slip: EnvelopeSlip, *, zone: ZoneInfo = OFFICE_ZONE) -> bytes:
    """The control slip of one envelope as PDF bytes (half letter, fonts embedded)."""
    st = make_styles(cell_size=8, compact=True)
    width = frame_width(PAGE, MARGIN)
    value = ParagraphStyle("value", parent=st.body, fontSize=9, leading=11)
    story: list[Flowable] = [
        BarcodeBlock(slip.control_number, st.fonts, number_size=24,
                     caption="ENVELOPE CONTROL SLIP · write this number on every document"),
        Spacer(1, 6),
    ]
    if slip.correspondence_only:
        story += [boxed([para("CORRESPONDENCE ONLY: no filing in this envelope", st.label)],
                        width), Spacer(1, 4)]
    story += [
        facts([
            ("Session", slip.session_number),
            ("Source", slip.source),
            ("Arrived", format_time(slip.arrived_at, zone)),
            ("Received (legal)", format_time(slip.received_at, zone)),
            ("Postmark", format_date(slip.postmark)),
        ], st, [0.15 * width, 0.31 * width, 0.225 * width, 0.315 * width], columns=2,
            value_style=value),
        facts([("Customer", slip.customer)], st, [0.15 * width, 0.85 * width],
              value_style=value),
    ]
    story += _remittances(slip.remittances, st, width)
    story += _documents(slip.documents, st, width)
    story += _exceptions(slip.exceptions, st)
    story += [
        Spacer(1, 6),
        KeepTogether([
            boxed(_outcome(slip, st), width, line=2),
            Spacer(1, 8),
            signature_boxes([("Opened by", slip.opened_by),
                             ("Verified by", slip.verified_by or "")], st, width),
        ]),
    ]
    decor = PageDecor(
        running_title=f"Control slip {slip.control_number} (continued)",
        footer_left=f"Control {slip.control_number} · session {slip.session_number}",
    )
    return build_pdf(story, pagesize=PAGE, margin=MARGIN,
                     title=f"Envelope control slip {slip.control_number}",
                     subject=f"Mail opening session {slip.session_number}", decor=decor)


def _tendered(lines: tuple[RemittanceLine, ...]) -> int:
    return sum(line.amount_cents for line in lines if not line.voided)


def _due(lines: tuple[DocumentLine, ...]) -> int:
    return sum(line.fee_due_cents for line in lines if not line.voided)


def _count(live: int, voided: int, word: str) -> str:
    """``Total: 2 items (1 void, not counted)``."""
    text = f"Total: {live} {word}{'s' if live != 1 else ''}"
    return text + (f" ({voided} void, not counted)" if voided else "")


def _remittances(lines: tuple[RemittanceLine, ...], st: Styles, width: float) -> list[Flowable]:
    head = para("Remittances", st.heading)
    if not lines:
        return [head, para("No payment enclosed.", st.body)]
    w = width / 333.6  # the widths below are for the half-letter frame
    # Money columns fit "$99,999.99" in bold on one line; the rest is what clerks write.
    grid = Grid([Column("Instrument", 54 * w), Column("Check no.", 46 * w),
                 Column("Payer", 62 * w), Column("Bank", 66 * w),
                 Column("Amount", 52 * w, right=True),
                 Column("Payee OK / endorsed", 53.6 * w)])
    for index, line in enumerate(lines):
        grid.rows.append([
            instrument_label(line.instrument) + (" (void)" if line.voided else ""),
            line.check_number or "", line.payer, line.bank or "", money(line.amount_cents),
            f"{yes_no(line.payable_to_ok)} / {yes_no(line.endorsed)}",
        ])
        if line.voided:
            grid.void_rows.add(index)
    live = sum(1 for line in lines if not line.voided)
    grid.total = [_count(live, len(lines) - live, "item"), None, None, None,
                  money(_tendered(lines)), ""]
    return [head, grid.build(st)]


def _documents(lines: tuple[DocumentLine, ...], st: Styles, width: float) -> list[Flowable]:
    head = para("Documents", st.heading)
    if not lines:
        return [head, para("No documents.", st.body)]
    w = width / 333.6
    grid = Grid([Column("Form / type", 72 * w), Column("Entity", 78 * w),
                 Column("Pages", 32 * w, right=True), Column("Speed asked → given", 58 * w),
                 Column("Fee due", 52 * w, right=True), Column("Batch", 41.6 * w)])
    for index, line in enumerate(lines):
        entity = "\n".join(p for p in (line.entity_number, line.entity_name) if p)
        speed = level_label(line.requested_level)
        if line.service_level != line.requested_level:
            speed += f" → {level_label(line.service_level)}"
        grid.rows.append([
            line.type_label + (" (void)" if line.voided else ""), entity or "(new)",
            str(line.pages), speed, money(line.fee_due_cents), line.batch_number or "",
        ])
        if line.voided:
            grid.void_rows.add(index)
    live = [line for line in lines if not line.voided]
    grid.total = [_count(len(live), len(lines) - len(live), "document"), None,
                  str(sum(line.pages for line in live)), "", money(_due(lines)), ""]
    return [head, grid.build(st)]


def _exceptions(exceptions: tuple[str, ...], st: Styles) -> list[Flowable]:
    story: list[Flowable] = [para("Exceptions", st.heading)]
    if not exceptions:
        return [*story, para("None.", st.body)]
    return story + [para(f"• {text}", st.body) for text in exceptions]


def _outcome(slip: EnvelopeSlip, st: Styles) -> list[Flowable]:
    tendered, due = _tendered(slip.remittances), _due(slip.documents)
    story: list[Flowable] = [
        para(f"Balance: {outcome_label(slip.outcome)}",
             ParagraphStyle("outcome", parent=st.big, fontSize=12, leading=15)),
        para(f"Tendered {money(tendered)} against fees due {money(due)}.", st.body),
    ]
    if slip.outcome_note:
        story.append(para(slip.outcome_note, st.body))
    return story
