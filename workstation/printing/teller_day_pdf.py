"""The office's close of day: one signed summary of every drawer (teller.md 4 items 1, 5 and 12).

It replaces the separate reports a lead would otherwise staple together: the drawers with their
expected, counted and difference figures and who signed each off; the fees by code and the net
by tender; the money reconciled against the documents (each line of the reconciliation, then
the sum of the receipts against the sum of the fee lines: RECONCILED only when they are equal,
the Nevada audit finding of fees with no document behind them); the card terminal's batch
against the card tenders recorded (a difference is CARD ORPHANS: an approval without a receipt
or a receipt without an approval); every void with its approver; and the deposit with its due
time and rule. The lead who closed the day signs, and a second person.

Letter portrait like the drawer slip (the widest table has seven short columns); "Page N of M"
and the audit chain head on every page. The tables shared with the drawer slip and the deposit
slip come from ``teller_slips``.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import inch  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    Flowable,
    KeepTogether,
    Spacer,
    Table,
)

from workstation.printing.common import (
    OFFICE_ZONE,
    Column,
    Grid,
    PageDecor,
    Styles,
    boxed,
    build_pdf,
    facts,
    format_time,
    frame_width,
    instrument_label,
    make_styles,
    money,
    para,
    signature_lines,
)
from workstation.printing.teller_data import DaySummary
from workstation.printing.teller_slips import (
    MARGIN,
    PAGE,
    audit_line,
    deposit_facts,
    fees_grid,
    over_short,
    plural,
    section,
    side_by_side,
    voids_grid,
)

__all__ = ["build_day_summary_pdf", "card_words", "reconciled"]


def reconciled(summary: DaySummary) -> bool:
    """The receipts add up to exactly the fee lines."""
    return summary.receipts_cents == summary.lines_cents


def card_words(summary: DaySummary) -> str:
    """``CARD BATCH AGREES (...)`` or ``CARD ORPHANS: $10.00 (...)``: which side is higher."""
    difference = summary.card_terminal_cents - summary.card_recorded_cents
    if difference == 0:
        return "CARD BATCH AGREES (the terminal batch equals the card tenders recorded)"
    side = ("the terminal approved more than was receipted" if difference > 0
            else "receipts record more than the terminal approved")
    return f"CARD ORPHANS: {money(abs(difference))} ({side})"


def build_day_summary_pdf(summary: DaySummary, *, zone: ZoneInfo = OFFICE_ZONE) -> bytes:
    """The office's close-of-day summary as PDF bytes (letter, fonts embedded, as many pages
    as the drawers and voids need; the same summary gives the same bytes)."""
    st = make_styles(cell_size=8.5)
    width = frame_width(PAGE, MARGIN)
    day = summary.business_date.isoformat()
    story: list[Flowable] = [
        para(f"OFFICE CLOSE OF DAY · {day}", st.title),
        para(summary.office, st.body),
        Spacer(1, 4),
        _header(summary, st, width, zone),
        section("Drawers", _drawers(summary, st, width), st),
        Spacer(1, 4),
        _fees_and_tenders(summary, st, width),
        Spacer(1, 4),
        _money_and_cards(summary, st, width),
        section("Voids and reversals", voids_grid(summary.voids, st, width), st),
        Spacer(1, 6),
        # The deposit and the signatures stay on one page: the signed page shows the deposit.
        KeepTogether([
            para("Deposit", st.heading),
            *deposit_facts(summary.deposit, st, width, zone),
            Spacer(1, 4),
            *signature_lines([("Closed by (lead)", summary.closed_by),
                              ("Second person", "")], st, width),
        ]),
    ]
    decor = PageDecor(
        running_title=f"Office close of day · {day} (continued)",
        footer_left=f"Office close of day · {day} · {summary.office}",
        footer_lines=(audit_line(summary.audit_head),),
    )
    return build_pdf(story, pagesize=PAGE, margin=MARGIN,
                     title=f"Office close of day {day}", subject=summary.office, decor=decor)


def _header(summary: DaySummary, st: Styles, width: float, zone: ZoneInfo) -> Table:
    half = width / 2
    unsigned = sum(1 for d in summary.drawers if not d.signed_off_by)
    return facts([
        ("Business date", summary.business_date.isoformat()),
        ("Drawers", f"{len(summary.drawers)}"
                    + (f" ({unsigned} NOT SIGNED OFF)" if unsigned else "")),
        ("Closed", format_time(summary.closed_at, zone)),
        ("Receipts", str(sum(d.receipts for d in summary.drawers))),
        ("Closed by", summary.closed_by),
        ("Money", "RECONCILED" if reconciled(summary) else "NOT RECONCILED"),
        ("Deposit", summary.deposit.number),
        ("Deposit total", money(summary.deposit.total_cents)),
    ], st, [1.05 * inch, half - 1.05 * inch, 1.05 * inch, half - 1.05 * inch], columns=2)


def _drawers(summary: DaySummary, st: Styles, width: float) -> Flowable:
    if not summary.drawers:
        return para("No drawers opened.", st.body)
    w = width / 513.6
    grid = Grid([Column("Drawer", 52 * w), Column("Clerk", 90 * w),
                 Column("Receipts", 50 * w, right=True), Column("Expected", 72 * w, right=True),
                 Column("Counted", 72 * w, right=True),
                 Column("Difference", 82 * w, right=True), Column("Signed off by", 95.6 * w)])
    for d in summary.drawers:
        grid.rows.append([d.drawer, d.clerk, str(d.receipts), money(d.expected_cents),
                          money(d.counted_cents), over_short(d.counted_cents - d.expected_cents),
                          d.signed_off_by or "NOT SIGNED OFF"])
    expected = sum(d.expected_cents for d in summary.drawers)
    counted = sum(d.counted_cents for d in summary.drawers)
    grid.total = ["Total", plural(len(summary.drawers), "drawer"),
                  str(sum(d.receipts for d in summary.drawers)), money(expected),
                  money(counted), over_short(counted - expected), ""]
    return grid.build(st)


def _fees_and_tenders(summary: DaySummary, st: Styles, width: float) -> Table:
    """Fees by code on the left, the net by tender on the right."""
    left_w = 0.62 * width
    right_w = width - left_w - 14
    tenders: Flowable
    if summary.tenders:
        grid = Grid([Column("Tender", 0.55 * right_w),
                     Column("Net", 0.45 * right_w, right=True)])
        grid.rows = [[instrument_label(t), money(cents)] for t, cents in summary.tenders]
        grid.total = ["Total", money(sum(cents for _, cents in summary.tenders))]
        tenders = grid.build(st)
    else:
        tenders = para("No tenders.", st.body)
    return side_by_side([para("Fees by code", st.heading), fees_grid(summary.fees, st, left_w)],
                        [para("Tenders", st.heading), tenders], width, left_w)


def _money_and_cards(summary: DaySummary, st: Styles, width: float) -> Table:
    """The money against the documents on the left, the card batch on the right."""
    half = (width - 14) / 2
    return side_by_side([para("Money against documents", st.heading),
                         *_reconciliation(summary, st, half)],
                        [para("Card terminal against recorded", st.heading),
                         *_cards(summary, st, half)], width, half)


def _reconciliation(summary: DaySummary, st: Styles, width: float) -> list[Flowable]:
    grid = Grid([Column("", 0.68 * width), Column("Amount", 0.32 * width, right=True)])
    grid.rows = [[label, money(cents)] for label, cents in summary.reconciliation]
    grid.rows += [["Receipts (sum of receipt totals)", money(summary.receipts_cents)],
                  ["Fee lines (sum of their fee lines)",
                   money(summary.lines_cents)]]
    grid.total = ["Receipts less fee lines",
                  money(summary.receipts_cents - summary.lines_cents)]
    ok = reconciled(summary)
    verdict = para("RECONCILED" if ok else "NOT RECONCILED",
                   _verdict_style(st, ok))
    return [grid.build(st), Spacer(1, 4),
            boxed([verdict], width, line=2, fill=None if ok else colors.black)]


def _cards(summary: DaySummary, st: Styles, width: float) -> list[Flowable]:
    grid = Grid([Column("", 0.68 * width), Column("Amount", 0.32 * width, right=True)])
    grid.rows = [["Card terminal batch", money(summary.card_terminal_cents)],
                 ["Card tenders recorded on receipts", money(summary.card_recorded_cents)]]
    grid.total = ["Terminal less recorded",
                  money(summary.card_terminal_cents - summary.card_recorded_cents)]
    ok = summary.card_terminal_cents == summary.card_recorded_cents
    verdict, _, why = card_words(summary).partition(" (")
    lines = [para(verdict, _verdict_style(st, ok))]
    if why:
        lines.append(para(f"({why}", ParagraphStyle("why", parent=_verdict_style(st, ok),
                                                    fontName=st.fonts.regular, fontSize=8,
                                                    leading=10)))
    return [grid.build(st), Spacer(1, 4),
            boxed(lines, width, line=2, fill=None if ok else colors.black)]


def _verdict_style(st: Styles, ok: bool) -> ParagraphStyle:
    return ParagraphStyle("verdict", parent=st.banner, fontSize=11, leading=14,
                          textColor=colors.black if ok else colors.white)
