"""The demo Teller Drawer days (services/demo_teller.py) on both databases: gapless receipt and
deposit numbers, running totals equal to the journal, receipts that balance, counts and office
days as the services write them, and the services carrying on after the demo."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.integration.teller_support import FLOAT, P, cash, check, deposit, person
from workstation.domain import drawer as arithmetic
from workstation.domain.drawer import Count
from workstation.models import (
    DrawerCount,
    DrawerMove,
    DrawerSession,
    DrawerSignOff,
    Envelope,
    OfficeDay,
    Receipt,
    ReceiptLine,
    ReceiptTender,
)
from workstation.services import (
    demo,
    demo_registry,
    demo_teller,
    numbering,
    teller,
    teller_close,
    teller_day,
    teller_journal,
    teller_papers,
    teller_read,
)
from workstation.services.dto import Actor
from workstation.services.teller_dto import LineInput, ReceiptInput, TenderInput
from workstation.services.teller_read import expected_totals
from workstation.startup import Backend

SMALL = demo_teller.SIZES["small"]


@pytest.fixture
def register(demo_backend: Backend) -> tuple[Backend, dict[str, int]]:
    counts = demo.build_registry(demo_backend.db, "small")
    return demo_backend, counts


def _all(backend: Backend, statement: Any) -> list[Any]:
    """Rows of ``statement``; ORM objects detached with their columns loaded."""
    with backend.db.uow(read_only=True) as uow:
        rows = list(uow.session.execute(statement).all())
        uow.session.expunge_all()
        return rows


def test_days_sessions_and_gapless_numbers(register: tuple[Backend, dict[str, int]]) -> None:
    backend, counts = register
    sales = SMALL.days * SMALL.receipts_per_day
    assert counts["drawers"] == 4 and counts["office_days"] == SMALL.days == 5
    numbers = [n for (n,) in _all(backend, select(Receipt.number).order_by(Receipt.id))]
    assert len(numbers) == counts["receipts"] >= sales
    assert numbers == [f"R{n:08d}" for n in range(1, len(numbers) + 1)]
    kinds = Counter(k for (k,) in _all(backend, select(Receipt.kind)))
    assert kinds["sale"] == sales and kinds["reversal"] == len(numbers) - sales
    days = _all(backend, select(OfficeDay.business_date, OfficeDay.deposit_number)
                .order_by(OfficeDay.id))
    assert [d for _, d in days] == [f"D{n:07d}" for n in range(1, 6)]
    assert all(P.calendar.is_business_day(d) and d < demo_registry.TODAY for d, _ in days)
    with backend.db.uow(read_only=True) as uow:
        assert numbering.peek(uow, "receipt") == len(numbers)
        assert numbering.peek(uow, "deposit") == 5
    sessions = _all(backend, select(DrawerSession))
    assert {s.status for (s,) in sessions} == {"closed"}
    assert all(s.live_drawer is None and s.live_clerk is None and s.closed_at for (s,) in sessions)
    assert all(s.opening_cents == s.change_fund_cents == P.teller.change_fund_cents
               and arithmetic.cash_of(P.teller, json.loads(s.opening_count)) == s.opening_cents
               for (s,) in sessions)
    per_day = Counter(s.business_date for (s,) in sessions)
    assert set(per_day) == {d for d, _ in days} and set(per_day.values()) == {2}  # 2 clerks
    receipt_days = {d for (d,) in _all(backend, select(Receipt.business_date).distinct())}
    assert receipt_days == set(per_day)


def test_totals_equal_the_journal_and_every_receipt_balances(
        register: tuple[Backend, dict[str, int]]) -> None:
    backend, _ = register
    lines: defaultdict[int, int] = defaultdict(int)
    for receipt_id, cents in _all(backend, select(ReceiptLine.receipt_id,
                                                  ReceiptLine.amount_cents)):
        lines[receipt_id] += cents
    tenders: defaultdict[int, int] = defaultdict(int)
    for receipt_id, cents in _all(backend, select(ReceiptTender.receipt_id,
                                                  ReceiptTender.amount_cents)):
        tenders[receipt_id] += cents
    for (r,) in _all(backend, select(Receipt)):
        assert lines[r.id] == r.total_cents, r.number
        assert tenders[r.id] - r.change_cents == r.total_cents, r.number
        if r.kind == "reversal":
            original = next(o for (o,) in _all(backend, select(Receipt).where(
                Receipt.id == r.reverses_id)))
            assert r.total_cents == -original.total_cents and r.approved_by is not None
            assert r.idempotency_key == f"void:{original.number}" and r.change_cents == 0
    with backend.db.uow(read_only=True) as uow:
        sessions = uow.session.execute(select(DrawerSession)).scalars().all()
        for session in sessions:
            stored = {t: arithmetic.Total(c, i)
                      for t, (c, i) in expected_totals(uow, session.id).items()}
            assert stored == teller_journal.recomputed(uow, session), session.id
            count = teller_close.last_count(uow, session.id)
            assert count is not None
            compared = json.loads(count.comparison)
            assert {t: arithmetic.Total(v[0], v[1]) for t, v in compared.items()} == stored
            off = sum(abs(v[2] - v[0]) for v in compared.values())
            assert count.off_by_cents == off and count.sign_off == P.teller.sign_off(off)
            slip = teller_papers.drawer_slip(uow, P, session)
            assert {t.tender for t in slip.tenders if t.counted_cents != t.expected_cents} <= {
                "cash"}  # a shortage is cash; checks and cards match item by item
            assert sum(c.cents for c in slip.checks) == stored["check"].cents + \
                stored["money_order"].cents


def test_counts_sign_offs_drops_and_deposits(register: tuple[Backend, dict[str, int]]) -> None:
    backend, _ = register
    counts = {c.session_id: c for (c,) in _all(backend, select(DrawerCount))}
    decided = defaultdict(list)
    for (s,) in _all(backend, select(DrawerSignOff).order_by(DrawerSignOff.id)):
        decided[s.count_id].append(s.decision)
    for count in counts.values():
        wanted = {"close": [], "reason": ["explained"], "lead": ["explained", "approved"]}
        assert decided[count.id] == wanted[count.sign_off]
    drops = _all(backend, select(DrawerMove))
    assert all(m.kind == "drop" and m.witness_id != m.by_user and
               arithmetic.cash_of(P.teller, json.loads(m.count)) == m.cents for (m,) in drops)
    for (day,) in _all(backend, select(OfficeDay)):
        sessions = [s for (s,) in _all(backend, select(DrawerSession).where(
            DrawerSession.business_date == day.business_date))]
        cash = sum(arithmetic.cash_of(P.teller, json.loads(counts[s.id].cash_count)) -
                   s.change_fund_cents for s in sessions)
        cash += sum(m.cents for (m,) in drops if m.session_id in {s.id for s in sessions})
        checks = [c for s in sessions for c in (json.loads(counts[s.id].checks) +
                                                json.loads(counts[s.id].money_orders))]
        assert (day.cash_cents, day.checks_cents, day.check_count) == (cash, sum(checks),
                                                                       len(checks))
        assert day.deposit_due_at > day.closed_at


def test_the_services_carry_on_after_the_demo(register: tuple[Backend, dict[str, int]]) -> None:
    backend, _ = register
    db = backend.db
    last = _all(backend, select(func.max(Receipt.number)))[0][0]
    clerk, lead = person(backend, "clerk"), person(backend, "lead")
    session_id = teller.open_session(db, P, clerk, "D1", FLOAT)
    posted = teller.post_receipt(db, P, clerk, deposit("99.00", check("50.00", "7001"),
                                                       cash("60.00")))
    assert posted.number == f"R{int(last[1:]) + 1:08d}" and posted.change_cents == 1100
    second = teller.post_receipt(db, P, clerk, deposit("5.00", cash("5.00")))
    assert second.number == f"R{int(last[1:]) + 2:08d}"
    with db.uow(read_only=True) as uow:
        session = uow.session.get(DrawerSession, session_id)
        assert session is not None
        assert teller_journal.checked_expected(uow, session)["cash"].cents == 20000 + 4900 + 500
        today = session.business_date
    mail = _apply_the_morning_mail(backend, clerk)  # the demo's mail is receipted too
    done = teller_close.submit_count(db, P, clerk, session_id, Count(
        {**FLOAT, "bill_20": 6, "bill_5": 10, "bill_1": 24}, checks=(5000, *mail)))
    assert done.off_by_cents == 0 and done.status == "closed"
    closed = teller_day.close_day(db, P, lead, today)
    assert closed.summary.deposit.number == "D0000006"  # after the demo's five days
    assert closed.summary.receipts_cents == 9900 + 500 + sum(mail)


def _apply_the_morning_mail(backend: Backend, clerk: Actor) -> list[int]:
    """Each envelope of the demo's morning mail receipted by its check: the checks' amounts."""
    controls = [c for (c,) in _all(backend, select(Envelope.control_number))]
    amounts = []
    for control in controls:
        mail = teller_read.mail_payment(backend.db, P, clerk, control)
        teller.post_receipt(backend.db, P, clerk, ReceiptInput(
            mail.customer_name,
            tuple(LineInput("filing", d.document_number) for d in mail.documents),
            tuple(TenderInput("check", "", remittance_id=c.remittance_id)
                  for c in mail.checks), f"mail-{control}"))
        amounts += [c.amount_cents for c in mail.checks]
    return amounts
