"""The money reports on both databases: receipts by fee code and tender, voids with their
approvers, over and short by drawer and clerk, deposits against their deadlines. The money is
taken, voided, counted, signed off, corrected and deposited through the teller services (then
the sessions are placed on their business days); every figure is checked against a ledger the
test keeps as it posts, or against what the close of day handed back."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import update

from tests.integration.teller_support import (
    EXACT_DAY,
    FLOAT,
    P,
    card,
    cash,
    check,
    deposit,
    drawer,
    key,
    opened,
    person,
)
from workstation.domain.drawer import Count
from workstation.domain.money import format_cents
from workstation.errors import PermissionDenied, UserError
from workstation.models import DrawerSession, Receipt
from workstation.models.types import utcnow
from workstation.printing.teller_data import DepositSlip
from workstation.services import teller, teller_close, teller_day, teller_voids
from workstation.services.dto import Actor
from workstation.services.report_dto import Cents, Report, share_text
from workstation.services.report_money import (
    deposit_report,
    drawer_report,
    money_report,
    void_report,
)
from workstation.services.teller_dto import LineInput, ReceiptInput, TenderInput
from workstation.startup import Backend

Z = P.calendar.zone
LATE = date(2026, 10, 30)  # closed long after its deposit was due
OVERDUE = date(2026, 11, 2)  # never closed: its deposit is overdue
TODAY = utcnow().astimezone(Z).date()
TENDERS = ("cash", "check", "money_order", "card")


@dataclass
class Sale:
    day: date
    drawer: str
    clerk: str
    lines: dict[str, int]
    tenders: dict[str, int]  # cash less change


@dataclass
class Void:
    day: date
    drawer: str
    voided_by: str
    taken_by: str
    cents: int
    approver: str
    reason: str
    by_check: int


@dataclass
class Ledger:
    sales: list[Sale] = field(default_factory=list)
    voids: list[Void] = field(default_factory=list)
    deposits: dict[date, DepositSlip] = field(default_factory=dict)
    card_settled: dict[date, int] = field(default_factory=dict)


def move(backend: Backend, session_id: int, day: date) -> None:
    """Place a session and its receipts on ``day`` (the services open sessions today)."""
    with backend.db.uow() as uow:
        uow.session.execute(update(DrawerSession).where(DrawerSession.id == session_id)
                            .values(business_date=day))
        uow.session.execute(update(Receipt).where(Receipt.session_id == session_id)
                            .values(business_date=day))
        uow.commit()


def build(backend: Backend) -> Ledger:
    db, book = backend.db, Ledger()
    lead, supervisor = person(backend, "lead"), person(backend, "supervisor")
    # LATE: the clerk takes $99 in cash ($1 change) and $30 by money order, counts $2 over and
    # gives the reason; the day is closed (and deposited) only now, weeks after it was due.
    clerk, first = opened(backend, "clerk", "D1")
    teller.post_receipt(db, P, clerk, deposit("99.00", cash("100.00")))
    teller.post_receipt(db, P, clerk, deposit("30.00", TenderInput(
        "money_order", "30.00", check_number="MO-77", payer="Pat Doe")))
    book.sales += [Sale(LATE, "D1", "clerk", {"OH-CGS": 9900}, {"cash": 9900}),
                   Sale(LATE, "D1", "clerk", {"OH-CGS": 3000}, {"money_order": 3000})]
    teller_close.submit_count(db, P, clerk, first, Count(
        {**EXACT_DAY, "bill_1": EXACT_DAY["bill_1"] + 2}, money_orders=(3000,)))
    teller_close.explain(db, P, clerk, first, "a customer left two dollars")
    move(backend, first, LATE)
    closed = teller_day.close_day(db, P, lead, LATE)
    book.deposits[LATE] = closed.summary.deposit
    book.card_settled[LATE] = closed.summary.card_recorded_cents
    # TODAY: the clerk's receipt of two fee lines by check; the senior clerk's check and card.
    second = teller.open_session(db, P, clerk, "D1", FLOAT)
    taken = teller.post_receipt(db, P, clerk, ReceiptInput("Harrowgate Law", (
        LineInput("suspense", fee_code="OH-CGS", amount="5.00"),
        LineInput("suspense", fee_code="OH-COPY-PAGE", amount="2.00")),
        (check("7.00", "3003"),), key()))
    senior, third = opened(backend, "senior", "D2")
    teller.post_receipt(db, P, senior, deposit("50.00", check("50.00", "2002")))
    keyed = teller.post_receipt(db, P, senior, deposit("25.00", card("25.00")))
    book.sales += [Sale(TODAY, "D1", "clerk", {"OH-CGS": 500, "OH-COPY-PAGE": 200},
                        {"check": 700}),
                   Sale(TODAY, "D2", "senior", {"OH-CGS": 5000}, {"check": 5000}),
                   Sale(TODAY, "D2", "senior", {"OH-CGS": 2500}, {"card": 2500})]
    # Two voids in the senior clerk's drawer: the card keyed wrongly (the lead approves) and the
    # clerk's check receipt, refunded by a check from finance (the supervisor approves).
    teller_voids.void_receipt(db, P, senior, keyed.number, "KEY", "wrong fee", lead)
    teller_voids.void_receipt(db, P, senior, taken.number, "REJ", "document rejected",
                              supervisor)
    book.voids += [Void(TODAY, "D2", "senior", "senior", 2500, "lead", "KEY", 0),
                   Void(TODAY, "D2", "senior", "clerk", 700, "supervisor", "REJ", 700)]
    teller_close.submit_count(db, P, clerk, second, Count(FLOAT, checks=(700,)))
    # The senior clerk is $10 short; the lead approves; the supervisor finds $5 and corrects
    # the closed drawer; the lead signs it off again.
    teller_close.submit_count(db, P, senior, third, Count(
        {**FLOAT, "bill_10": FLOAT["bill_10"] - 1}, checks=(5000,)))
    teller_close.explain(db, P, senior, third, "miscounted the tens")
    teller_close.decide(db, P, lead, third, True, "seen the count")
    teller_close.adjust(db, P, supervisor, third, "cash", 500, 0, "a five under the tray")
    teller_close.decide(db, P, lead, third, True, "five found")
    today = teller_day.close_day(db, P, lead, TODAY)
    book.deposits[TODAY] = today.summary.deposit
    book.card_settled[TODAY] = today.summary.card_recorded_cents
    # OVERDUE: the clerk's session still open, its $20 posted after midnight (still that day).
    fourth = teller.open_session(db, P, clerk, "D1", FLOAT)
    late_night = teller.post_receipt(db, P, clerk, deposit("20.00", cash("20.00")))
    book.sales.append(Sale(OVERDUE, "D1", "clerk", {"OH-CGS": 2000}, {"cash": 2000}))
    move(backend, fourth, OVERDUE)
    with db.uow() as uow:
        uow.session.execute(update(Receipt).where(Receipt.id == late_night.id).values(
            posted_at=datetime.combine(OVERDUE + timedelta(days=1), time(0, 30), tzinfo=Z)))
        uow.commit()
    return book


def lead_of(backend: Backend) -> Actor:
    return person(backend, "lead")


# ---------------------------------------------------------------------- receipts

def money_expected(book: Ledger, first: date, last: date, group: str = "day",
                   drawer_code: str | None = None, clerk: str | None = None
                   ) -> tuple[list[tuple[object, ...]], tuple[object, ...], list[str]]:
    """(rows, totals, fee codes) folded from the ledger."""
    def period(day: date) -> object:
        return day if group == "day" else f"{day:%Y-%m}"

    sales = [s for s in book.sales if first <= s.day <= last
             and drawer_code in (None, s.drawer) and clerk in (None, s.clerk)]
    voids = [v for v in book.voids if first <= v.day <= last
             and drawer_code in (None, v.drawer) and clerk in (None, v.voided_by)]
    fees = sorted({code for s in sales for code in s.lines})
    sums: dict[object, Counter[str]] = defaultdict(Counter)
    names: dict[object, Counter[str]] = defaultdict(Counter)
    for s in sales:
        found = sums[period(s.day)]
        found["receipts"] += 1
        found.update({f"fee:{c}": v for c, v in s.lines.items()})
        found.update({f"tender:{t}": v for t, v in s.tenders.items()})
        found["sales"] += sum(s.lines.values())
    for v in voids:
        sums[period(v.day)].update(voids=1, voided=-v.cents)
        names[period(v.day)][v.approver] += 1

    def cells(found: Counter[str], who: Counter[str]) -> tuple[object, ...]:
        return (found["receipts"], *(Cents(found[f"fee:{c}"]) for c in fees),
                *(Cents(found[f"tender:{t}"]) for t in TENDERS), Cents(found["sales"]),
                found["voids"], Cents(found["voided"]), Cents(found["sales"] + found["voided"]),
                ", ".join(f"{n} {k}" for n, k in sorted(who.items())))

    every, everyone = Counter[str](), Counter[str]()
    for period_key, found in sums.items():
        every.update(found)
        everyone.update(names[period_key])
    rows = [(k, *cells(sums[k], names[k])) for k in sorted(sums, key=str)]
    return rows, (None, *cells(every, everyone)), fees


def check_money(report: Report, book: Ledger, first: date, last: date, **narrow: str) -> None:
    group = narrow.pop("group", "day")
    rows, totals, fees = money_expected(book, first, last, group, narrow.get("drawer"),
                                        narrow.get("clerk"))
    assert [c.key for c in report.columns] == [
        "period", "receipts", *(f"fee:{c}" for c in fees), *(f"tender:{t}" for t in TENDERS),
        "sales", "voids", "voided", "net", "approved_by"]
    assert [list(r) for r in report.rows] == [list(r) for r in rows]
    assert report.totals == totals
    figures = {f.label: f.value for f in report.figures}
    at = report.column
    assert figures["Receipts"] == f"{totals[at('receipts')]:,}"
    voided = totals[at("voided")]
    assert isinstance(voided, Cents)
    assert figures["Voids"] == f"{totals[at('voids')]} ({format_cents(voided.value)})"
    net = totals[at("net")]
    assert isinstance(net, Cents) and figures["Net"] == format_cents(net.value)
    refunded = sum(v.by_check for v in book.voids if first <= v.day <= last
                   and narrow.get("drawer") in (None, v.drawer)
                   and narrow.get("clerk") in (None, v.voided_by))
    assert figures["Refunds by check requested"] == format_cents(refunded)
    # What the fee columns add up to is what the tenders add up to.
    for row in report.rows:
        fee_sum = sum(c.value for c in row[2:2 + len(fees)] if isinstance(c, Cents))
        tender_sum = sum(c.value for c in row[2 + len(fees):2 + len(fees) + 4]
                         if isinstance(c, Cents))
        assert fee_sum == tender_sum == row[at("sales")].value  # type: ignore[union-attr]


def test_receipts_by_fee_code_and_tender(demo_backend: Backend) -> None:
    book = build(demo_backend)
    lead = lead_of(demo_backend)
    report = money_report(demo_backend.db, P, lead, LATE, TODAY)
    check_money(report, book, LATE, TODAY)
    # By hand: today's sales $82.00, voids -$32.00 approved by the lead and the supervisor.
    today = report.rows[-1]
    at = report.column
    assert today[0] == TODAY and today[at("sales")] == Cents(8200)
    assert today[at("voided")] == Cents(-3200) and today[at("net")] == Cents(5000)
    assert today[at("approved_by")] == "lead 1, supervisor 1"
    assert report.rows[0][at("tender:cash")] == Cents(9900)  # $100 less $1 change
    months = money_report(demo_backend.db, P, lead, LATE, TODAY, group="month")
    check_money(months, book, LATE, TODAY, group="month")
    assert [r[0] for r in months.rows] == ["2026-10", "2026-11"]
    assert months.filters == (("Rows by", "Month"),)
    assert [c.kind for c in report.charts] == ["stacked", "bar"]


def test_receipts_narrowed_and_refused(demo_backend: Backend) -> None:
    book = build(demo_backend)
    lead = lead_of(demo_backend)
    by_drawer = money_report(demo_backend.db, P, lead, LATE, TODAY, drawer="d2")
    check_money(by_drawer, book, LATE, TODAY, drawer="D2")
    assert by_drawer.filters == (("Rows by", "Day"), ("Drawer", "D2"))
    by_clerk = money_report(demo_backend.db, P, lead, LATE, TODAY, clerk="clerk")
    check_money(by_clerk, book, LATE, TODAY, clerk="clerk")
    assert by_clerk.totals is not None and by_clerk.totals[1] == 4
    for options, where in (({"drawer": "D9"}, "drawer"), ({"clerk": "nobody"}, "clerk"),
                           ({"group": "week"}, "group")):
        with pytest.raises(UserError) as refused:
            money_report(demo_backend.db, P, lead, LATE, TODAY, **options)
        assert refused.value.field == where


def test_a_receipt_counts_on_its_business_day(demo_backend: Backend) -> None:
    book = build(demo_backend)
    lead = lead_of(demo_backend)
    that_day = money_report(demo_backend.db, P, lead, OVERDUE, OVERDUE)
    check_money(that_day, book, OVERDUE, OVERDUE)
    assert that_day.totals is not None and that_day.totals[1] == 1  # posted 00:30 the day after
    after = OVERDUE + timedelta(days=1)
    next_day = money_report(demo_backend.db, P, lead, after, after)
    assert next_day.rows == () and next_day.totals is not None and next_day.totals[1] == 0
    empty = money_report(demo_backend.db, P, lead, date(2026, 9, 1), date(2026, 9, 30))
    check_money(empty, book, date(2026, 9, 1), date(2026, 9, 30))


# ---------------------------------------------------------------------- voids

def test_voids_with_their_approvers(demo_backend: Backend) -> None:
    book = build(demo_backend)
    report = void_report(demo_backend.db, P, lead_of(demo_backend), LATE, TODAY)
    at = report.column
    assert [(r[0], r[at("drawer")], r[at("amount")], r[at("reason")].split(":")[0],  # type: ignore[union-attr]
             r[at("by_check")], r[at("voided_by")], r[at("taken_by")], r[at("approved_by")],
             r[at("refund")], r[at("separate")]) for r in report.rows] == [
        (v.day, v.drawer, Cents(v.cents), v.reason, Cents(v.by_check), v.voided_by,
         v.taken_by, v.approver, "yes" if P.teller.void_reason(v.reason).refund else "no",
         "yes") for v in book.voids]
    figures = {f.label: f.value for f in report.figures}
    total = sum(v.cents for v in book.voids)
    assert figures["Voids"] == f"{len(book.voids)} ({format_cents(total)})"
    assert figures["Of them refunds"] == "1"  # REJ gives the money back; KEY does not
    assert figures["Refunded by check"] == format_cents(sum(v.by_check for v in book.voids))
    assert figures["Approved by a separate person"] == "100.0 % (2 of 2)"
    assert report.totals is not None and report.totals[at("amount")] == Cents(total)
    none = void_report(demo_backend.db, P, lead_of(demo_backend), LATE, TODAY, clerk="clerk")
    assert none.rows == ()  # the clerk voided nothing


# ---------------------------------------------------------------------- over and short

def test_over_and_short_by_drawer_and_clerk(demo_backend: Backend) -> None:
    build(demo_backend)
    report = drawer_report(demo_backend.db, P, lead_of(demo_backend), LATE, TODAY)
    # The ledger of counts, as the test made them: (day, drawer, clerk, status, counts,
    # expected, counted, over, short, sign-off, approved by, note).
    expected = [
        (LATE, "D1", "clerk", "closed", 1, 20000 + 9900 + 3000, 20000 + 9900 + 200 + 3000,
         200, 0, "clerk's reason", "none needed", "a customer left two dollars"),
        (OVERDUE, "D1", "clerk", "open", 0, None, None, None, None, None, "", ""),
        (TODAY, "D1", "clerk", "closed", 1, 20000 + 700, 20000 + 700, 0, 0, "none (exact)",
         "none needed", ""),
        (TODAY, "D2", "senior", "closed", 1, 20000 + 5000, 20000 - 1000 + 500 + 5000, 0, 500,
         "lead", "lead", "miscounted the tens; seen the count; adjusted: a five under the "
                         "tray; five found"),
    ]
    rows = []
    for day, code, who, status, n, exp, got, over, short, needs, approver, note in expected:
        money = [None if v is None else Cents(v) for v in (exp, got, over, short)]
        difference = None if over is None else Cents(over - short)  # type: ignore[operator]
        rows.append((day, code, who, status, n, *money, difference, needs, approver, note))
    assert [list(r) for r in report.rows] == [list(r) for r in rows]
    figures = {f.label: f.value for f in report.figures}
    assert figures["Total over"] == "$2.00" and figures["Total short"] == "$5.00"
    assert figures["Sessions balanced"] == f"{share_text(1, 3)} (1 of 3 counted)"
    assert figures["Not counted yet"] == "1" and figures["Waiting for a sign-off"] == "0"
    at = report.column
    assert report.totals is not None
    assert report.totals[at("over")] == Cents(200) and report.totals[at("short")] == Cents(500)
    assert report.totals[at("difference")] == Cents(-300)
    senior = drawer_report(demo_backend.db, P, lead_of(demo_backend), LATE, TODAY,
                           clerk="SENIOR")
    assert [list(r) for r in senior.rows] == [list(rows[3])]
    assert senior.filters == (("Clerk", "senior"),)
    d1_today = drawer_report(demo_backend.db, P, lead_of(demo_backend), TODAY, TODAY,
                             drawer="D1")
    assert [list(r) for r in d1_today.rows] == [list(rows[2])]
    assert {f.label: f.value for f in d1_today.figures}["Sessions balanced"] == \
        "100.0 % (1 of 1 counted)"
    with pytest.raises(UserError) as refused:
        drawer_report(demo_backend.db, P, lead_of(demo_backend), LATE, TODAY, drawer="nope")
    assert refused.value.field == "drawer"


# ---------------------------------------------------------------------- deposits

def test_deposits_and_their_deadlines(demo_backend: Backend) -> None:
    book = build(demo_backend)
    report = deposit_report(demo_backend.db, P, lead_of(demo_backend), LATE, TODAY)
    at = report.column
    assert [r[0] for r in report.rows] == [LATE, OVERDUE, TODAY]
    for row in (report.rows[0], report.rows[2]):
        slip = book.deposits[row[0]]  # type: ignore[index]
        checks = sum(c.cents for c in slip.checks)
        assert row[1:8] == (
            slip.number, Cents(sum(sum(s.lines.values()) for s in book.sales if s.day == row[0])
                               - sum(v.cents for v in book.voids if v.day == row[0])),
            Cents(slip.cash_cents), Cents(checks), len(slip.checks),
            Cents(slip.cash_cents + checks), Cents(book.card_settled[row[0]]))  # type: ignore[index]
        assert row[at("due")] == slip.due_at.astimezone(Z).strftime("%Y-%m-%d %H:%M")
        assert row[at("made")] == slip.prepared_at.astimezone(Z).strftime("%Y-%m-%d %H:%M")
    assert report.rows[0][at("status")] == "made late"  # due early in November
    assert report.rows[2][at("status")] == "made by the deadline"
    # Never closed: what it would be due by (Ohio: the close of the third business day after).
    waiting = report.rows[1]
    assert waiting[1:3] == ("", Cents(2000)) and waiting[at("status")] == "overdue"
    assert waiting[at("due")] == "2026-11-05 17:00"
    figures = {f.label: f.value for f in report.figures}
    deposited = sum(s.cash_cents + sum(c.cents for c in s.checks) for s in book.deposits.values())
    assert figures == {"Deposits made": "2", "Made by the deadline": "50.0 % (1 of 2)",
                       "Made late": "1", "Deposited": format_cents(deposited),
                       "Days waiting for their deposit": "1", "Of them overdue": "1"}
    assert report.totals is not None and report.totals[at("total")] == Cents(deposited)
    before = deposit_report(demo_backend.db, P, lead_of(demo_backend), LATE - timedelta(days=1),
                            LATE - timedelta(days=1))
    assert before.rows == ()


def test_a_clerk_may_run_none_of_them(demo_backend: Backend) -> None:
    drawer(demo_backend, "D1")
    clerk = person(demo_backend, "clerk")
    for report in (money_report, void_report, drawer_report, deposit_report):
        with pytest.raises(PermissionDenied):
            report(demo_backend.db, P, clerk, LATE, TODAY)
    with pytest.raises(UserError) as refused:
        deposit_report(demo_backend.db, P, lead_of(demo_backend), TODAY, LATE)
    assert refused.value.field == "range"
