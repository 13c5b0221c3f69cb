"""The office's close of day on both databases: everything that keeps it from closing named at
once (a drawer still open, a mail check not receipted, card orphans), then the deposit, the
summary reconciled against the documents, and the finance export, each figure checked against
an independent count of the rows."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from tests.integration.teller_support import (
    EXACT_DAY,
    P,
    card,
    cash,
    check,
    deposit,
    key,
    mailed_document,
    opened,
    person,
)
from workstation.domain.drawer import Count
from workstation.errors import PermissionDenied, UserError
from workstation.models import OfficeDay, Receipt, ReceiptLine
from workstation.models.types import utcnow
from workstation.printing.finance_export import finance_csv
from workstation.printing.teller_day_pdf import build_day_summary_pdf
from workstation.printing.teller_slips import build_deposit_slip_pdf, build_drawer_slip_pdf
from workstation.services import teller, teller_close, teller_day, teller_voids
from workstation.services.teller_dto import LineInput, ReceiptInput, TenderInput
from workstation.startup import Backend


def test_the_day_closes_only_when_every_dollar_has_its_document(demo_backend: Backend) -> None:
    db = demo_backend.db
    clerk, first = opened(demo_backend, "clerk", "D1")
    senior, second = opened(demo_backend, "senior", "D2")
    lead = person(demo_backend, "lead")
    day = utcnow().astimezone(P.calendar.zone).date()
    document, remittance = mailed_document(demo_backend, arrived=utcnow())
    teller.post_receipt(db, P, clerk, deposit("99.00", cash("100.00")))
    teller.post_receipt(db, P, senior, deposit("50.00", check("50.00", "2002")))
    voided = teller.post_receipt(db, P, senior, deposit("25.00", card("25.00")))
    teller_voids.void_receipt(db, P, senior, voided.number, "KEY", "wrong fee", lead)
    with pytest.raises(PermissionDenied):
        teller_day.close_day(db, P, clerk, day)
    teller_close.submit_count(db, P, clerk, first, Count(EXACT_DAY))
    with pytest.raises(UserError) as refused:
        teller_day.close_day(db, P, lead, day)
    words = refused.value.message
    assert "Drawer D2 (senior) is still open" in words
    assert "Mail check 5001 from Harrowgate Law for $99.00" in words
    # The mail check is applied; the second drawer counted with a card slip nobody receipted.
    teller.post_receipt(db, P, senior, ReceiptInput(
        "Harrowgate Law", (LineInput("filing", document),),
        (TenderInput("check", "", remittance_id=remittance),), key()))
    teller_close.submit_count(db, P, senior, second, Count(
        {**EXACT_DAY, "bill_100": 0, "bill_1": 20}, checks=(5000, 9900), card_cents=1000,
        card_items=1))
    teller_close.explain(db, P, senior, second, "a card payment with no receipt")
    teller_close.decide(db, P, lead, second, True)
    with pytest.raises(UserError, match="card orphans"):
        teller_day.close_day(db, P, lead, day)
    teller_close.adjust(db, P, lead, second, "card", -1000, -1, "terminal test charge voided")
    teller_close.decide(db, P, person(demo_backend, "supervisor"), second, True)
    closed = teller_day.close_day(db, P, lead, day)
    summary = closed.summary
    with db.uow(read_only=True) as uow:  # independent counts of the rows
        receipts = uow.session.execute(select(func.sum(Receipt.total_cents))).scalar_one()
        lines = uow.session.execute(select(func.sum(ReceiptLine.amount_cents))).scalar_one()
        office = uow.session.execute(select(OfficeDay)).scalar_one()
        stored = (office.deposit_number, office.cash_cents, office.checks_cents)
    assert summary.receipts_cents == receipts == summary.lines_cents == lines
    assert receipts == 9900 + 5000 + 9900
    assert dict(summary.reconciliation)["Filings paid"] == 9900
    assert dict(summary.reconciliation)["Deposits held in suspense"] == 9900 + 5000
    assert [(v.original, v.approver) for v in summary.voids] == [(voided.number, "lead")]
    slip = summary.deposit
    assert slip.cash_cents == 9900  # both floats stay in the drawers
    assert sorted(c.number for c in slip.checks) == ["2002", "5001"]
    assert stored == (slip.number, 9900, 14900)
    assert slip.due_at.date() > day  # Ohio: three business days later
    assert [s.drawer for s in closed.slips] == ["D1", "D2"]
    assert closed.slips[1].signed_off_by == "supervisor"
    fees = [r for r in closed.finance if r.kind == "fee"]
    assert len(fees) == 5  # four fee lines, and the reversal of one
    assert sum(r.amount_cents for r in fees) == receipts
    assert {r.account for r in fees} == {"BUSINESS-FEES"}
    # What the papers print is what is stored.
    text = pdf_text(build_day_summary_pdf(summary))
    assert "$248.00" in text and slip.number in text and "RECONCILED" in text
    assert "$99.00" in pdf_text(build_deposit_slip_pdf(slip))  # the cash on its own line
    second_slip = pdf_text(build_drawer_slip_pdf(closed.slips[1]))
    assert "supervisor" in second_slip and "terminal test charge voided" in second_slip
    rows = list(csv.DictReader(io.StringIO(finance_csv(closed.finance).decode("utf-8"))))
    assert sum(int(r["amount"].replace(".", "")) for r in rows if r["kind"] == "fee") == receipts
    with pytest.raises(UserError, match="closed already"):
        teller_day.close_day(db, P, lead, day)
    again = teller_day.day_papers(db, P, lead, day)  # drawn again from what was stored
    assert again.summary.deposit == slip
    unheaded = [replace(s, audit_head="") for s in again.slips]  # the chain has grown since
    assert unheaded == [replace(s, audit_head="") for s in closed.slips]
    assert again.summary.receipts_cents == summary.receipts_cents


def pdf_text(data: bytes) -> str:
    return " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
