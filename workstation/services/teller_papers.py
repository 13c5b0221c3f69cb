"""The teller's printouts filled from the database: a receipt, a drawer's close-of-day slip,
and the finance export's rows. Sums are the database's (SQL aggregation), so what a slip prints
is what is stored; the tests compare the two."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, select

from workstation.db.uow import UnitOfWork
from workstation.models import (
    Drawer,
    DrawerMove,
    DrawerSession,
    Receipt,
    ReceiptLine,
    ReceiptTender,
    User,
)
from workstation.printing.teller_data import (
    AdjustmentPrint,
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
from workstation.services import audit
from workstation.services.profile import Profile
from workstation.services.teller_close import adjustments_of, last_count, sign_offs
from workstation.services.teller_dto import ReceiptView
from workstation.services.teller_read import checks_of


def receipt_print(profile: Profile, view: ReceiptView, *, reprint: bool = False) -> ReceiptPrint:
    return ReceiptPrint(
        office=profile.calendar.name, number=view.number, kind=view.kind,
        posted_at=view.posted_at, clerk=view.clerk, drawer=view.drawer,
        customer_name=view.customer_name,
        lines=tuple(ReceiptLinePrint(li.fee_code, li.description, li.quantity, li.amount_cents,
                                     li.reference, li.applies_to) for li in view.lines),
        tenders=tuple(ReceiptTenderPrint(t.tender, t.amount_cents, t.detail)
                      for t in view.tenders),
        total_cents=view.total_cents, change_cents=view.change_cents, reverses=view.reverses,
        reason=view.reason, approved_by=view.approved_by, reprint=reprint)


def _names(uow: UnitOfWork) -> dict[int, str]:
    return {int(i): str(n) for i, n in uow.session.execute(select(User.id, User.username))}


def fees_of(uow: UnitOfWork, profile: Profile, *where: ColumnElement[bool]
            ) -> tuple[FeeTotalPrint, ...]:
    """Fee lines summed by fee code (net of reversals), for the receipts chosen by ``where``."""
    rows = uow.session.execute(
        select(ReceiptLine.fee_code, func.count(), func.sum(ReceiptLine.amount_cents))
        .join(Receipt, Receipt.id == ReceiptLine.receipt_id).where(*where)
        .group_by(ReceiptLine.fee_code).order_by(ReceiptLine.fee_code)).all()
    return tuple(FeeTotalPrint(str(code), fee_label(profile, str(code)), int(n), int(cents))
                 for code, n, cents in rows)


def fee_label(profile: Profile, code: str) -> str:
    try:
        return profile.filing_types.get(code).label
    except KeyError:
        return code.replace("-", " ").title() if code != "SUSPENSE" else "Deposit in suspense"


def voids_of(uow: UnitOfWork, *where: ColumnElement[bool]) -> tuple[VoidPrint, ...]:
    names = _names(uow)
    rows = uow.session.execute(select(Receipt).where(Receipt.kind == "reversal", *where)
                               .order_by(Receipt.id)).scalars().all()
    out = []
    for row in rows:
        original = uow.session.get(Receipt, row.reverses_id) if row.reverses_id else None
        out.append(VoidPrint(row.number, original.number if original else "?",
                             " ".join(p for p in (row.reason_code or "", row.reason_note) if p),
                             names.get(row.clerk_id, "?"), names.get(row.approved_by or 0, "?"),
                             row.total_cents))
    return tuple(out)


def drawer_slip(uow: UnitOfWork, profile: Profile, session: DrawerSession) -> DrawerSlip:
    names = _names(uow)
    drawer = uow.session.get(Drawer, session.drawer_id)
    mine = Receipt.session_id == session.id
    count = last_count(uow, session.id)
    comparison = json.loads(count.comparison) if count else {}
    extra = {t: [0, 0] for t in comparison}
    adjustments = adjustments_of(uow, session.id)
    for a in adjustments:
        extra[a.tender][0] += a.cents
        extra[a.tender][1] += a.items
    tenders = tuple(TenderLinePrint(t, v[0], v[1], v[2] + extra[t][0], v[3] + extra[t][1])
                    for t, v in comparison.items())
    decided = sign_offs(uow, count.id) if count else []
    reasons = [s.note for s in decided if s.decision == "explained"]
    approver = next((names.get(s.by_user) for s in reversed(decided)
                     if s.decision == "approved"), None)
    if approver is None and session.status == "closed" and count is not None:
        # Closed at the count (exact) or on the clerk's reason: no second person was needed.
        approver = "none needed (exact)" if count.sign_off == "close" else \
            "none needed (reason given)"
    cash_count = json.loads(count.cash_count) if count else {}
    moves = uow.session.execute(select(DrawerMove).where(
        DrawerMove.session_id == session.id).order_by(DrawerMove.id)).scalars().all()
    head_seq, head_hash = audit.chain_head(uow)
    return DrawerSlip(
        office=profile.calendar.name, business_date=session.business_date,
        drawer=drawer.code if drawer else "?", clerk=names.get(session.clerk_id, "?"),
        opened_at=session.opened_at, closed_at=session.closed_at,
        change_fund_cents=session.change_fund_cents, opening_cents=session.opening_cents,
        opening_note=session.opening_note,
        receipts=int(uow.session.execute(select(func.count()).select_from(Receipt)
                                         .where(mine)).scalar_one()),
        fees=fees_of(uow, profile, mine), tenders=tenders,
        cash_count=tuple((d.label, int(cash_count.get(d.code, 0)),
                          d.cents * int(cash_count.get(d.code, 0)))
                         for d in profile.teller.denominations if cash_count.get(d.code)),
        checks=checks_of(uow, mine), voids=voids_of(uow, mine),
        drops=tuple(DropPrint(m.at, m.cents, names.get(m.witness_id or 0, "?"))
                    for m in moves if m.kind == "drop"),
        adjustments=tuple(AdjustmentPrint(a.at, a.tender, a.cents, a.reason,
                                          names.get(a.by_user, "?")) for a in adjustments),
        sign_off=count.sign_off if count else "", reason="; ".join(reasons),
        signed_off_by=approver, audit_head=f"{head_seq}:{head_hash}")


def finance_rows(uow: UnitOfWork, profile: Profile, day: date, deposit_number: str,
                 deposit_date: date | None) -> list[FinanceRow]:
    """Every fee line of the day's receipts with its fund and account, then each refund by
    check requested from finance."""
    receipts = uow.session.execute(select(Receipt).where(Receipt.business_date == day)
                                   .order_by(Receipt.id)).scalars().all()
    ids = [r.id for r in receipts]
    lines = _by_receipt(uow, ReceiptLine, ids)
    tenders = _by_receipt(uow, ReceiptTender, ids)
    rows: list[FinanceRow] = []
    for receipt in receipts:
        kinds = "+".join(sorted({t.tender for t in tenders.get(receipt.id, [])}))
        for line in lines.get(receipt.id, []):
            where = profile.teller.distribution(line.fee_code)
            rows.append(FinanceRow(day, receipt.number, receipt.customer_name, line.fee_code,
                                   line.description, where.fund, where.account,
                                   line.amount_cents, kinds, deposit_number, deposit_date))
        for tender in tenders.get(receipt.id, []):
            if tender.tender == "refund_check":
                rows.append(FinanceRow(day, receipt.number, tender.payer or receipt.customer_name,
                                       "REFUND", "Refund by check requested", "", "",
                                       tender.amount_cents, "refund_check", deposit_number,
                                       deposit_date, kind="refund_check"))
    return rows


def _by_receipt(uow: UnitOfWork, model: Any, ids: Sequence[int]) -> dict[int, list[Any]]:
    """Rows of ``model`` (lines or tenders) grouped by receipt, in posting order."""
    found: dict[int, list[Any]] = {}
    if not ids:
        return found
    for row in uow.session.execute(select(model).where(model.receipt_id.in_(ids))
                                   .order_by(model.id)).scalars():
        found.setdefault(row.receipt_id, []).append(row)
    return found
