"""The cash list of a mail-opening session: every remittance, prepared by the opener and signed
off by a second person (two-person opening; Washington DES, NY OSC 3.0210, California SAM 8022).

Letter size, as many pages as the lines need; every page carries "Page x of y" and the audit
chain head at closing (DESIGN.md section 3: the head is printed on every close-of-day slip, the
witness outside the database that the log was not rewritten afterwards).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from reportlab.lib.pagesizes import letter  # type: ignore[import-untyped]
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
    build_pdf,
    facts,
    format_time,
    frame_width,
    instrument_label,
    make_styles,
    money,
    para,
    signature_lines,
    styled_table,
)
from workstation.services.intake_dto import CashList

MARGIN = 0.6 * inch


def audit_line(cash: CashList) -> str:
    return f"Audit chain head: {cash.audit_head or '(not recorded)'}"


def build_cash_list(cash: CashList, *, zone: ZoneInfo = OFFICE_ZONE) -> bytes:
    """The cash list as PDF bytes (letter, fonts embedded, multi-page when long)."""
    st = make_styles(cell_size=9)
    width = frame_width(letter, MARGIN)
    half = width / 2
    story: list[Flowable] = [
        para(f"CASH LIST · session {cash.session_number}", st.title),
        Spacer(1, 4),
        facts([
            ("Session", cash.session_number),
            ("Source", cash.source),
            ("Opened", format_time(cash.opened_at, zone)),
            ("Closed", format_time(cash.closed_at, zone) if cash.closed_at else "still open"),
            ("Opened by", cash.opened_by),
            ("Verifier", _verifier(cash, zone)),
            ("Envelopes", str(cash.envelopes)),
            ("Lines", str(len(cash.lines))),
        ], st, [0.85 * inch, half - 0.85 * inch, 0.85 * inch, half - 0.85 * inch], columns=2),
        para("Remittances", st.heading),
        _lines(cash, st, width),
        Spacer(1, 6),
        # Totals and signatures stay on one page: the signed page shows the grand total.
        KeepTogether([
            _summary(cash, st, width),
            Spacer(1, 8),
            para("The opener prepared this list as the envelopes were opened; the verifier "
                 "checked every line against the instruments before signing.", st.small),
            *signature_lines([("Opened by", cash.opened_by),
                              ("Verified by", cash.verified_by or "")], st, width),
        ]),
    ]
    decor = PageDecor(
        running_title=f"Cash list · session {cash.session_number} (continued)",
        footer_left=f"Cash list · session {cash.session_number} · {cash.source}",
        footer_lines=(audit_line(cash),),
    )
    return build_pdf(story, pagesize=letter, margin=MARGIN,
                     title=f"Cash list {cash.session_number}",
                     subject=f"Mail opening session {cash.session_number}", decor=decor)


def _lines(cash: CashList, st: Styles, width: float) -> Flowable:
    if not cash.lines:
        return para("No remittances in this session.", st.body)
    w = width / 513.6  # the widths below are for the letter frame
    grid = Grid([Column("#", 26 * w, right=True), Column("Control no.", 84 * w),
                 Column("Payer", 138 * w), Column("Instrument", 62 * w),
                 Column("Check no.", 60 * w), Column("Bank", 82 * w),
                 Column("Amount", 61.6 * w, right=True)])
    for number, line in enumerate(cash.lines, 1):
        grid.rows.append([str(number), line.control_number, line.payer,
                          instrument_label(line.instrument), line.check_number or "",
                          line.bank or "", money(line.amount_cents)])
    grid.total = ["", "Total", f"{len(cash.lines)} lines", f"{cash.checks} checks", "", "",
                  money(cash.total_cents)]
    return grid.build(st)


def _summary(cash: CashList, st: Styles, width: float) -> Table:
    """Totals on the left, documents by class on the right."""
    totals = [
        para("Totals", st.heading),
        facts([("Lines", str(len(cash.lines))), ("Checks", str(cash.checks)),
               ("Other instruments", str(len(cash.lines) - cash.checks)),
               ("Envelopes", str(cash.envelopes)), ("Total amount", money(cash.total_cents))],
              st, [1.3 * inch, 1.6 * inch]),
    ]
    return styled_table([[totals, _by_class(cash, st)]], [0.45 * width, 0.55 * width], [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ], hAlign="LEFT")


def _by_class(cash: CashList, st: Styles) -> list[Flowable]:
    head = para("Documents by class", st.heading)
    if not cash.documents_by_class:
        return [head, para("No documents.", st.body)]
    grid = Grid([Column("Class", 2.6 * inch), Column("Documents", 1.0 * inch, right=True)])
    grid.rows = [[name, str(count)] for name, count in cash.documents_by_class]
    grid.total = ["Total", str(sum(count for _, count in cash.documents_by_class))]
    table = grid.build(st)
    table.hAlign = "LEFT"
    return [head, table]


def _verifier(cash: CashList, zone: ZoneInfo) -> str:
    """The named second person, and whether and when they signed off in the program."""
    if cash.verified_by is None:
        return "none named"
    if cash.verified_at is None:
        return f"{cash.verified_by} (not yet signed off)"
    return f"{cash.verified_by}, signed off {format_time(cash.verified_at, zone)}"
