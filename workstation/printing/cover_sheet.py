"""The batch cover sheet: the first sheet of a tray, read by the examiner and by a scanner.

Letter size. The batch number is a Code 128 symbol with the number large underneath; the class
line ("CORPORATE · EXPEDITE 2 · work level 2") and the due time come next, an expedite batch
under a black banner so it stands out in a stack of trays. Then the items, their totals, and
lines for the examiner's and the quality check's initials.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.enums import TA_CENTER  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import letter  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import inch  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, KeepTogether, Spacer  # type: ignore[import-untyped]

from workstation.domain.fees import REGULAR
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
    format_due,
    format_time,
    frame_width,
    level_label,
    make_styles,
    money,
    para,
    service_type_label,
    signature_lines,
)
from workstation.services.intake_dto import BatchCover

MARGIN = 0.6 * inch


def class_line(cover: BatchCover) -> str:
    """``CORPORATE · EXPEDITE 2 · work level 2``."""
    return (f"{service_type_label(cover.service_type).upper()} · "
            f"{level_label(cover.service_level).upper()} · work level {cover.work_level}")


def due_banner(cover: BatchCover, zone: ZoneInfo = OFFICE_ZONE) -> str:
    """``EXPEDITE 2 — due Tue 24 Nov 11:30 a.m.`` or ``Regular — due ...``."""
    level = level_label(cover.service_level)
    if cover.service_level != REGULAR:
        level = level.upper()
    if cover.due_at is None:
        return f"{level} — no due time"
    return f"{level} — due {format_due(cover.due_at, zone)}"


def build_cover_sheet(cover: BatchCover, *, zone: ZoneInfo = OFFICE_ZONE) -> bytes:
    """The cover sheet of one batch as PDF bytes (letter, fonts embedded)."""
    st = make_styles(cell_size=9)
    width = frame_width(letter, MARGIN)
    centred = ParagraphStyle("class", parent=st.big, fontSize=18, leading=22,
                             alignment=TA_CENTER)
    story: list[Flowable] = [
        para("BATCH COVER SHEET", ParagraphStyle("t", parent=st.title, alignment=TA_CENTER)),
        Spacer(1, 6),
        BarcodeBlock(cover.batch_number, st.fonts, number_size=30, caption="Batch number"),
        Spacer(1, 8),
        para(class_line(cover), centred),
        Spacer(1, 8),
        *_due(cover, st, width, zone),
        Spacer(1, 8),
        facts([
            ("Opened", format_time(cover.opened_at, zone)),
            ("Due", format_time(cover.due_at, zone) if cover.due_at else "no due time"),
            ("Items", str(len(cover.items))),
            ("Pages", str(cover.total_pages)),
            ("Fees", money(cover.total_fees_cents)),
        ], st, [0.9 * inch, 2.2 * inch, 0.9 * inch, 2.2 * inch], columns=2),
        para("Items", st.heading),
        _items(cover, st, width, zone),
        Spacer(1, 10),
        KeepTogether([
            para("Review", st.heading),
            *signature_lines([("Examiner", ""), ("Quality check", "")], st, width,
                             sign="Initials"),
        ]),
    ]
    decor = PageDecor(running_title=f"Batch {cover.batch_number} (continued)",
                      footer_left=f"Batch {cover.batch_number} · {class_line(cover)}")
    return build_pdf(story, pagesize=letter, margin=MARGIN,
                     title=f"Batch cover sheet {cover.batch_number}",
                     subject=class_line(cover), decor=decor)


def _due(cover: BatchCover, st: Styles, width: float, zone: ZoneInfo) -> list[Flowable]:
    banner = due_banner(cover, zone)
    if cover.service_level != REGULAR:
        box = boxed([para(banner, ParagraphStyle("b", parent=st.banner, fontSize=20,
                                                 leading=24))],
                    width, line=2, fill=colors.black)
    else:
        box = boxed([para(banner, ParagraphStyle("r", parent=st.banner,
                                                 textColor=colors.black))], width, line=1)
    story: list[Flowable] = [box]
    if cover.due_explanation:
        story += [Spacer(1, 3),
                  para(cover.due_explanation, ParagraphStyle("e", parent=st.body,
                                                             alignment=TA_CENTER))]
    return story


def _items(cover: BatchCover, st: Styles, width: float, zone: ZoneInfo) -> Flowable:
    if not cover.items:
        return para("No items in this batch.", st.body)
    w = width / 513.6  # the widths below are for the letter frame
    # Numbers, money and times fit on one line at 9 pt (up to "$99,999.99" in bold).
    grid = Grid([Column("#", 22 * w, right=True), Column("Control no.", 72 * w),
                 Column("Document", 105 * w), Column("Entity", 116.6 * w),
                 Column("Pages", 36 * w, right=True), Column("Fee", 60 * w, right=True),
                 Column("Received", 102 * w)])
    for number, item in enumerate(cover.items, 1):
        grid.rows.append([str(number), item.control_number, item.document_label, item.entity,
                          str(item.pages), money(item.fee_due_cents),
                          format_time(item.received_at, zone)])
    count = len(cover.items)
    grid.total = ["", "Total", f"{count} item{'s' if count != 1 else ''}", "",
                  str(cover.total_pages), money(cover.total_fees_cents), ""]
    return grid.build(st)
