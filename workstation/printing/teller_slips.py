"""The teller's close-of-day paper: the drawer slip of one drawer and the bank deposit slip
(the office's day summary is in ``teller_day_pdf``, built from the pieces here).

The drawer slip is what the lead signs when a drawer closes (teller.md 4 items 2, 4, 11 and 12):
every term of the expected figure is on it so a lead or an auditor can re-add it by hand. The
header gives the change fund and the opening count (with the clerk's note when they differ);
then the receipts by fee code, one row per tender with EXPECTED / COUNTED / DIFFERENCE (in words:
OVER or SHORT) and the item counts of the tenders counted item by item, the cash count by
denomination, every check and money order one by one (King County: the number of checks must
agree with the tape), every void with its approver, the drops to the safe with their witness,
the adjustments, and who must sign the difference off. Letter portrait: the widest table has
six columns. Every page says "Page N of M" and carries the audit chain head at printing
(DESIGN.md section 3: the witness outside the database that the log was not rewritten).

The deposit slip goes to the bank with the money (OAC 113-1-02, CGS 4-32, teller.md 4 item 3):
the payee, the deposit number large and as Code 128, the cash on a line of its own, then every
check individually with its count and total, the deposit total, and when it is due under which
rule. Card payments settle through the processor, not the bag, so they are not on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from reportlab.lib.enums import TA_RIGHT  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import letter  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import inch  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    Flowable,
    KeepTogether,
    Spacer,
    Table,
)

from workstation.domain.drawer import ITEMISED
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
    format_time,
    frame_width,
    headed_by_barcode,
    instrument_label,
    make_styles,
    money,
    para,
    signature_lines,
    styled_table,
)
from workstation.printing.teller_data import (
    CheckPrint,
    DepositSlip,
    DrawerSlip,
    FeeTotalPrint,
    TenderLinePrint,
    VoidPrint,
)

__all__ = [
    "MARGIN",
    "PAGE",
    "SIGN_OFF_WORDS",
    "audit_line",
    "build_deposit_slip_pdf",
    "build_drawer_slip_pdf",
    "checks_grid",
    "deposit_facts",
    "fees_grid",
    "over_short",
    "plural",
    "section",
    "side_by_side",
    "voids_grid",
]

MARGIN = 0.6 * inch
PAGE = letter

# Who must sign a drawer's difference off (teller.toml [variance]), in words the lead acts on.
SIGN_OFF_WORDS = {
    "close": "NONE: the drawer closes at once",
    "reason": "CLERK'S REASON: the clerk's written reason closes the drawer",
    "lead": "LEAD: a lead who did not count the drawer approves",
    "supervisor": "SUPERVISOR: a supervisor who did not count the drawer approves",
}


# ---------------------------------------------------------------- shared pieces


def audit_line(head: str) -> str:
    return f"Audit chain head: {head or '(not recorded)'}"


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def over_short(cents: int) -> str:
    """A difference in words: ``OVER $1.25``, ``SHORT $3.00`` or ``$0.00`` (even)."""
    if cents > 0:
        return f"OVER {money(cents)}"
    if cents < 0:
        return f"SHORT {money(-cents)}"
    return money(0)


def section(title: str, body: Flowable | list[Flowable], st: Styles) -> KeepTogether:
    """A heading kept on the page of what follows it (a long table still splits)."""
    return KeepTogether([para(title, st.heading), *(body if isinstance(body, list) else [body])])


def side_by_side(left: list[Flowable], right: list[Flowable], width: float,
                 left_w: float, gap: float = 14) -> Table:
    """Two short sections next to each other (neither splits across pages)."""
    return styled_table([[left, "", right]], [left_w, gap, width - left_w - gap], [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ], hAlign="LEFT")


def fees_grid(fees: Sequence[FeeTotalPrint], st: Styles, width: float) -> Flowable:
    if not fees:
        return para("No fees.", st.body)
    grid = Grid([Column("Fee code", 0.16 * width), Column("Fee", 0.52 * width),
                 Column("Count", 0.12 * width, right=True),
                 Column("Amount", 0.20 * width, right=True)])
    grid.rows = [[f.fee_code, f.label, str(f.count), money(f.cents)] for f in fees]
    grid.total = ["Total", None, str(sum(f.count for f in fees)),
                  money(sum(f.cents for f in fees))]
    return grid.build(st)


def checks_grid(checks: Sequence[CheckPrint], st: Styles, width: float,
                source: bool = True) -> Flowable:
    """Every check and money order on its own line, with the count and the total; ``source``
    adds where it was taken (the bank does not need that column)."""
    if not checks:
        return para("No checks or money orders.", st.body)
    w = width / 513.6  # the widths below are for the letter frame
    bank = 120 if source else 159.6
    columns = [Column("#", 24 * w, right=True), Column("Check no.", 80 * w),
               Column("Payer", 170 * w), Column("Bank", bank * w)]
    columns += [Column("From", 39.6 * w)] if source else []
    grid = Grid([*columns, Column("Amount", 80 * w, right=True)])
    for number, check in enumerate(checks, 1):
        taken = ["mail" if check.from_mail else "counter"] if source else []
        grid.rows.append([str(number), check.number, check.payer, check.bank, *taken,
                          money(check.cents)])
    grid.total = ["", "Total", plural(len(checks), "item"), None, *([None] if source else []),
                  money(sum(c.cents for c in checks))]
    return grid.build(st)


def voids_grid(voids: Sequence[VoidPrint], st: Styles, width: float) -> Flowable:
    """Every reversal with the receipt it reverses, why, who did it and who approved it."""
    if not voids:
        return para("No voids or reversals.", st.body)
    w = width / 513.6
    grid = Grid([Column("Reversal", 70 * w), Column("Original", 70 * w),
                 Column("Reason", 150 * w), Column("Clerk", 72 * w),
                 Column("Approver", 80 * w), Column("Amount", 71.6 * w, right=True)])
    grid.rows = [[v.reversal, v.original, v.reason, v.clerk, v.approver, money(v.cents)]
                 for v in voids]
    grid.total = ["Total", plural(len(voids), "reversal"), None, None, None,
                  money(sum(v.cents for v in voids))]
    return grid.build(st)


def deposit_facts(deposit: DepositSlip, st: Styles, width: float,
                  zone: ZoneInfo) -> list[Flowable]:
    """The deposit's figures and its due time, as the day summary and the slip show them."""
    half = width / 2
    return [
        facts([
            ("Deposit no.", deposit.number),
            ("Cash", money(deposit.cash_cents)),
            ("Payee", deposit.payee),
            ("Checks", f"{plural(len(deposit.checks), 'item')}, "
                       f"{money(deposit.checks_cents)}"),
            ("Prepared by", f"{deposit.prepared_by}, {format_time(deposit.prepared_at, zone)}"),
            ("Deposit total", money(deposit.total_cents)),
        ], st, [0.95 * inch, half - 0.95 * inch, 0.95 * inch, half - 0.95 * inch],
            columns=2),
        Spacer(1, 3),
        para(f"Deposit due by {format_time(deposit.due_at, zone)}", st.label),
        para(deposit.rule, st.small),
    ]


def _header_facts(pairs: list[tuple[str, str]], st: Styles, width: float) -> Table:
    half = width / 2
    return facts(pairs, st, [1.05 * inch, half - 1.05 * inch, 1.05 * inch,
                             half - 1.05 * inch], columns=2)


# ---------------------------------------------------------------- drawer slip


def build_drawer_slip_pdf(slip: DrawerSlip, *, zone: ZoneInfo = OFFICE_ZONE) -> bytes:
    """The close-of-day slip of one drawer as PDF bytes (letter, fonts embedded, as many
    pages as the checks and voids need; the same slip gives the same bytes)."""
    st = make_styles(cell_size=8.5, compact=True)
    width = frame_width(PAGE, MARGIN)
    story: list[Flowable] = [
        para(f"DRAWER CLOSE SLIP · {slip.drawer} · {slip.business_date.isoformat()}",
             st.title),
        para(slip.office, st.body),
        Spacer(1, 4),
        _drawer_header(slip, st, width, zone),
        section("Receipts by fee code", fees_grid(slip.fees, st, width), st),
        section("Tenders: expected, counted, difference", _tenders(slip, st, width), st),
        *_cash_and_drops(slip, st, width, zone),
        section("Checks and money orders", checks_grid(slip.checks, st, width), st),
        section("Voids and reversals", voids_grid(slip.voids, st, width), st),
        section("Adjustments", _adjustments(slip, st, width, zone), st),
        Spacer(1, 6),
        # The sign-off and the signatures stay on one page: the signed page says who must sign.
        KeepTogether([
            _sign_off(slip, st, width),
            *signature_lines(_signers(slip), st, width),
        ]),
    ]
    decor = PageDecor(
        running_title=(f"Drawer close slip · {slip.drawer} · "
                       f"{slip.business_date.isoformat()} (continued)"),
        footer_left=(f"Drawer close slip · {slip.drawer} · {slip.clerk} · "
                     f"{slip.business_date.isoformat()} · {slip.office}"),
        footer_lines=(audit_line(slip.audit_head),),
    )
    return build_pdf(story, pagesize=PAGE, margin=MARGIN,
                     title=f"Drawer close slip {slip.drawer} {slip.business_date.isoformat()}",
                     subject=f"Drawer {slip.drawer}, clerk {slip.clerk}", decor=decor)


def _difference(line: TenderLinePrint) -> int:
    return line.counted_cents - line.expected_cents


def _drawer_header(slip: DrawerSlip, st: Styles, width: float, zone: ZoneInfo) -> Table:
    off_by = sum(abs(_difference(t)) for t in slip.tenders)
    return _header_facts([
        ("Business date", slip.business_date.isoformat()),
        ("Drawer", slip.drawer),
        ("Clerk", slip.clerk),
        ("Receipts", str(slip.receipts)),
        ("Opened", format_time(slip.opened_at, zone)),
        ("Closed", format_time(slip.closed_at, zone) if slip.closed_at else "still open"),
        ("Change fund", money(slip.change_fund_cents)),
        ("Opening counted", _opening(slip)),
        ("Result", "BALANCED" if off_by == 0 else f"OFF BY {money(off_by)}"),
        ("Signed off by", slip.signed_off_by or "not yet signed off"),
    ], st, width)


def _opening(slip: DrawerSlip) -> str:
    """The opening count, and when it is not the change fund, by how much and the note."""
    text = money(slip.opening_cents)
    differs = slip.opening_cents - slip.change_fund_cents
    if differs:
        text += f" ({over_short(differs)} on the fund)"
    if slip.opening_note:
        text += f"\nNote: {slip.opening_note}"
    return text


def _tenders(slip: DrawerSlip, st: Styles, width: float) -> list[Flowable]:
    if not slip.tenders:
        return [para("No tenders.", st.body)]
    w = width / 513.6
    grid = Grid([Column("Tender", 90 * w), Column("Items expected", 62 * w, right=True),
                 Column("EXPECTED", 85 * w, right=True),
                 Column("Items counted", 62 * w, right=True),
                 Column("COUNTED", 85 * w, right=True),
                 Column("DIFFERENCE", 129.6 * w, right=True)])
    for t in slip.tenders:
        itemised = t.tender in ITEMISED
        grid.rows.append([instrument_label(t.tender),
                          str(t.expected_items) if itemised else "",
                          money(t.expected_cents),
                          str(t.counted_items) if itemised else "",
                          money(t.counted_cents), over_short(_difference(t))])
    expected = sum(t.expected_cents for t in slip.tenders)
    counted = sum(t.counted_cents for t in slip.tenders)
    grid.total = ["Total", "", money(expected), "", money(counted),
                  over_short(counted - expected)]
    off_by = sum(abs(_difference(t)) for t in slip.tenders)
    note = para(f"Off by {money(off_by)}: each tender's difference added without its sign, "
                "so cash over cannot hide a missing check.", st.small)
    return [grid.build(st), Spacer(1, 2), note]


SIDE_BY_SIDE_ROWS = 20  # longer lists go one under the other: a side-by-side row cannot split


def _cash_and_drops(slip: DrawerSlip, st: Styles, width: float, zone: ZoneInfo
                    ) -> list[Flowable]:
    if max(len(slip.cash_count), len(slip.drops)) > SIDE_BY_SIDE_ROWS:
        return [para("Cash count by denomination", st.heading), _cash_count(slip, st, width),
                para("Drops to the safe", st.heading), _drops(slip, st, width, zone)]
    left_w = 0.46 * width
    right_w = width - left_w - 14
    return [side_by_side([para("Cash count by denomination", st.heading),
                          _cash_count(slip, st, left_w)],
                         [para("Drops to the safe", st.heading),
                          _drops(slip, st, right_w, zone)], width, left_w)]


def _cash_count(slip: DrawerSlip, st: Styles, width: float) -> Flowable:
    if not slip.cash_count:
        return para("No cash counted.", st.body)
    grid = Grid([Column("Denomination", 0.46 * width),
                 Column("Quantity", 0.22 * width, right=True),
                 Column("Amount", 0.32 * width, right=True)])
    grid.rows = [[label, str(quantity), money(cents)]
                 for label, quantity, cents in slip.cash_count]
    grid.total = ["Total cash counted", None, money(sum(c for _, _, c in slip.cash_count))]
    return grid.build(st)


def _drops(slip: DrawerSlip, st: Styles, width: float, zone: ZoneInfo) -> Flowable:
    if not slip.drops:
        return para("No drops.", st.body)
    grid = Grid([Column("Time", 0.42 * width), Column("Witness", 0.30 * width),
                 Column("Amount", 0.28 * width, right=True)])
    grid.rows = [[format_time(d.at, zone), d.witness, money(d.cents)] for d in slip.drops]
    grid.total = ["Total", plural(len(slip.drops), "drop"),
                  money(sum(d.cents for d in slip.drops))]
    return grid.build(st)


def _adjustments(slip: DrawerSlip, st: Styles, width: float, zone: ZoneInfo) -> Flowable:
    if not slip.adjustments:
        return para("No adjustments.", st.body)
    grid = Grid([Column("Time", 0.20 * width), Column("Tender", 0.13 * width),
                 Column("Reason", 0.36 * width), Column("By", 0.15 * width),
                 Column("Amount", 0.16 * width, right=True)])
    grid.rows = [[format_time(a.at, zone), instrument_label(a.tender), a.reason, a.by,
                  money(a.cents)] for a in slip.adjustments]
    return grid.build(st)


def _sign_off(slip: DrawerSlip, st: Styles, width: float) -> Table:
    needs = SIGN_OFF_WORDS.get(slip.sign_off, slip.sign_off.replace("_", " ").upper())
    big = ParagraphStyle("needs", parent=st.big, fontSize=11, leading=14)
    return boxed([
        para(f"Sign-off needed: {needs}", big),
        para(f"Clerk's reason for the difference: {slip.reason or 'none given'}", st.body),
        para(f"Signed off by: {slip.signed_off_by or 'not yet signed off'}", st.body),
    ], width, line=1.5)


def _signers(slip: DrawerSlip) -> list[tuple[str, str]]:
    lead = "Supervisor" if slip.sign_off == "supervisor" else "Lead"
    return [("Clerk", slip.clerk), (lead, slip.signed_off_by or "")]


# ---------------------------------------------------------------- deposit slip


def build_deposit_slip_pdf(deposit: DepositSlip, *, zone: ZoneInfo = OFFICE_ZONE) -> bytes:
    """The bank deposit slip as PDF bytes (letter, fonts embedded, every check listed)."""
    st = make_styles(cell_size=9)
    width = frame_width(PAGE, MARGIN)
    story: list[Flowable] = [
        _deposit_header(deposit, st, width, zone),
        Spacer(1, 8),
        _cash_line(deposit, st, width),
        section("Checks and money orders",
                checks_grid(deposit.checks, st, width, source=False), st),
        Spacer(1, 8),
        KeepTogether([
            *_deposit_totals(deposit, st, width),
            Spacer(1, 6),
            para(f"Deposit due by {format_time(deposit.due_at, zone)}", st.heading),
            para(deposit.rule, st.small),
            Spacer(1, 3),
            para("Card payments settle through the card processor and are not on this slip.",
                 st.small),
            *signature_lines([("Prepared by", deposit.prepared_by), ("Verified by", "")],
                             st, width),
        ]),
    ]
    decor = PageDecor(
        running_title=f"Deposit slip {deposit.number} (continued)",
        footer_left=(f"Deposit slip {deposit.number} · {deposit.business_date.isoformat()} · "
                     f"{deposit.office}"),
    )
    return build_pdf(story, pagesize=PAGE, margin=MARGIN,
                     title=f"Deposit slip {deposit.number}",
                     subject=f"Deposit of {deposit.business_date.isoformat()}", decor=decor)


def _deposit_header(deposit: DepositSlip, st: Styles, width: float, zone: ZoneInfo) -> Table:
    code_w = 2.9 * inch
    left_w = width - code_w
    title = ParagraphStyle("deposit_title", parent=st.title, fontSize=16, leading=19)
    left: list[Flowable] = [
        para("BANK DEPOSIT SLIP", title),
        Spacer(1, 4),
        facts([("Pay to", deposit.payee), ("Office", deposit.office),
               ("Business date", deposit.business_date.isoformat()),
               ("Prepared by", deposit.prepared_by),
               ("Prepared at", format_time(deposit.prepared_at, zone))],
              st, [1.05 * inch, left_w - 1.05 * inch]),
    ]
    code = BarcodeBlock(deposit.number, st.fonts, number_size=24, caption="Deposit number")
    return headed_by_barcode(left, code, [left_w, code_w])


def _amount_row(label: str, amount: str, st: Styles, width: float, size: float) -> Table:
    """A label and an amount on one line in large type (the cash, the deposit total)."""
    left = ParagraphStyle("amount_label", parent=st.big, fontSize=size, leading=size * 1.2)
    right = ParagraphStyle("amount_value", parent=left, alignment=TA_RIGHT)
    return styled_table([[para(label, left), para(amount, right)]], [width * 0.6, width * 0.4],
                        [("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                         ("LEFTPADDING", (0, 0), (-1, -1), 0),
                         ("RIGHTPADDING", (0, 0), (-1, -1), 0)], hAlign="LEFT")


def _cash_line(deposit: DepositSlip, st: Styles, width: float) -> Table:
    return boxed([_amount_row("CASH", money(deposit.cash_cents), st, width - 12, 14)], width,
                 line=1.5)


def _deposit_totals(deposit: DepositSlip, st: Styles, width: float) -> list[Flowable]:
    value = ParagraphStyle("total_value", parent=st.body, fontName=st.fonts.bold,
                           alignment=TA_RIGHT)
    return [
        facts([("Cash", money(deposit.cash_cents)),
               ("Number of checks", str(len(deposit.checks))),
               ("Checks total", money(deposit.checks_cents))],
              st, [1.6 * inch, 1.4 * inch], value_style=value),
        Spacer(1, 4),
        boxed([_amount_row("DEPOSIT TOTAL", money(deposit.total_cents), st, width - 12, 14)],
              width, line=2),
    ]
