"""Demonstration Teller Drawer data: a year of receipts, deterministic from a seed.

``large`` is DESIGN.md section 7's year (250 business days of 300 receipts), ``small`` what the
demo app and the tests get (5 days of 40). Rows are made in Python and bulk-loaded (db/bulk.py),
not posted through the services (an hour), but they are the rows the services write: drawers D1
to D4 with the profile's change fund; on each past business day two to four sessions by the demo
clerks (clerk, senior, the large roster's clerkNN) opened with the fund counted exactly; receipts
of fee lines priced from the profile's fee schedule and held in suspense (certificates, copies,
UCC filings, formation deposits), paid in cash with change, by check, card or money order; 1 in
200 reversed as ``teller_voids`` reverses (lead's approval, money handed back); witnessed drops;
running totals equal to the journal (``domain.drawer.expected`` of the movements made); a blind
count per session, 1 in 30 a small shortage the clerk explains, 1 in 100 a larger one the lead
approves; every session closed, and each day closed with its deposit. Receipt and deposit numbers
continue their series, which are moved past the demo's. Audit records are not written one by one
(``demo.build_registry`` records one summary), and an office day's ``summary_sha256`` digests the
day's figures: a bulk load has no audit chain head for the close's summary.
"""

from __future__ import annotations

import hashlib
import json
import random
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import Engine, Table, func, insert, select, update

from workstation.db import bulk
from workstation.domain import drawer as arithmetic
from workstation.domain.drawer import Count, Movement, Total
from workstation.domain.fees import FeeError
from workstation.domain.teller_rules import TENDERS, TellerRules
from workstation.models import Base, NumberSeries, User
from workstation.services import demo_names
from workstation.services.demo_registry import TODAY, Progress
from workstation.services.profile import Profile
from workstation.services.teller import receipt_number
from workstation.services.teller_close import comparison_json
from workstation.services.teller_day import deposit_number


class TellerSize(NamedTuple):
    days: int  # business days, going back from the day before TODAY
    receipts_per_day: int


SIZES = {"small": TellerSize(5, 40), "large": TellerSize(250, 300)}
DRAWERS = ("D1", "D2", "D3", "D4")
CLERKS = ("clerk", "senior")  # and every clerkNN of the roster
LEAD = "lead"  # witnesses drops, approves voids and larger differences, closes the days
FLUSH = 20_000  # receipts made before a load
VOID_SHARE, SMALL_SHORT, LARGE_SHORT = 1 / 200, 1 / 30, 1 / 100
DROP_ABOVE = 100_000  # cash above the change fund that sends money to the safe
# (fee code, weight, quantities, what the clerk writes on the line)
FEES = (("OH-CGS", 30, (1, 1, 1, 2, 3), "Certificate of Good Standing"),
        ("OH-COPY-PAGE", 15, tuple(range(1, 41)), "Copies"),
        ("OH-UCC1", 12, (1,), "UCC financing statement"),
        ("OH-UCC3", 6, (1,), "UCC amendment"),
        ("OH-610", 15, (1,), "Articles of organization (LLC): deposit until filed"),
        ("OH-521", 6, (1,), "Statutory agent update: deposit until filed"),
        ("OH-543A", 4, (1,), "LLC amendment: deposit until filed"),
        ("OH-APOSTILLE", 12, (1, 1, 2), "Apostille"))
CERTIFY = "OH-CERTIFY"
BANKS = ("Huntington", "Fifth Third", "PNC", "KeyBank", "Chase", "U.S. Bank", "Park National")
VOIDS = (("KEY", 5, "wrong fee keyed"), ("DUP", 3, "posted twice"),
         ("WDR", 2, "customer withdrew the request"))
EXPLAINED = ("Gave too much change on a busy afternoon.", "Counted twice; cannot find it.",
             "Probably a bill stuck to another when giving change.",
             "Coins miscounted at the opening.")
FLOAT_LAYOUT = {"bill_20": 4, "bill_10": 4, "bill_5": 8, "bill_1": 20, "coin_25": 40,
                "coin_10": 50, "coin_5": 40}  # the rest of a float in the smallest coin
RARE = ("bill_2", "coin_100", "coin_50")  # never handed out as change or counted here
# Loaded in this order (foreign keys); the rows made are tuples in the tables' column order.
TABLES: dict[str, Table] = {name: Base.metadata.tables[name] for name in (
    "drawer_sessions", "drawer_totals", "receipts", "receipt_lines", "receipt_tenders",
    "drawer_moves", "drawer_counts", "drawer_sign_offs", "office_days")}


# ---------------------------------------------------------------------- counting cash

def _greedy(rules: TellerRules, cents: int, caps: Mapping[str, int] | None = None
            ) -> dict[str, int]:
    found: dict[str, int] = {}
    usable = [d for d in rules.denominations if d.code not in RARE] or list(rules.denominations)
    for n, d in enumerate(sorted(usable, key=lambda d: -d.cents)):
        last = n == len(usable) - 1
        take = cents // d.cents
        if caps is not None and not last:
            take = min(take, caps.get(d.code, 0))
        if take:
            found[d.code] = take
            cents -= take * d.cents
    if cents:
        raise ValueError("the smallest denomination does not divide the amount")
    return found


def cash_count(rules: TellerRules, cents: int, fund: int | None = None) -> dict[str, int]:
    """Bills and coins a clerk would count for ``cents``: a change fund laid out as a float
    (small bills and rolls of coin), the rest in the largest bills."""
    fund = rules.change_fund_cents if fund is None else fund
    if cents < fund:
        return _greedy(rules, cents)
    found = _greedy(rules, fund, FLOAT_LAYOUT)
    for code, k in _greedy(rules, cents - fund).items():
        found[code] = found.get(code, 0) + k
    return found


# ---------------------------------------------------------------------- what is made

class _Tender(NamedTuple):
    tender: str
    cents: int  # signed: negative when handed back
    check_number: str | None = None
    payer: str | None = None
    bank: str | None = None
    card_brand: str | None = None
    card_last4: str | None = None
    auth_code: str | None = None
    terminal_ref: str | None = None


@dataclass
class _Receipt:
    posted_at: datetime
    session: _Session
    customer: str
    lines: list[tuple[str, str, int]]  # fee code, description, cents (signed)
    tenders: list[_Tender]
    change: int
    key: str
    reverses: _Receipt | None = None
    reason: tuple[str, str] | None = None  # a reversal's reason code and note
    id: int = 0
    number: str = ""

    @property
    def total(self) -> int:
        return sum(cents for _, _, cents in self.lines)


@dataclass
class _Session:
    id: int
    drawer_id: int
    drawer_no: int
    clerk_id: int
    opened_at: datetime
    fund: int
    receipts: list[_Receipt] = field(default_factory=list)
    movements: list[Movement] = field(default_factory=list)
    checks: list[tuple[str, int]] = field(default_factory=list)  # held: (tender, cents)
    cash: int = 0

    def apply(self, tenders: Sequence[_Tender], change: int) -> None:
        for t in tenders:
            self.movements.append(Movement("received" if t.cents > 0 else "returned",
                                           t.tender, abs(t.cents)))
            if t.tender == "cash":
                self.cash += t.cents
            elif t.tender in ("check", "money_order"):
                if t.cents > 0:
                    self.checks.append((t.tender, t.cents))
                else:
                    self.checks.remove((t.tender, -t.cents))
        if change:
            self.movements.append(Movement("change", "cash", change))
            self.cash -= change

    def counted(self, rules: TellerRules, short: int = 0) -> Count:
        """The blind count of what the drawer holds, ``short`` cents of cash missing."""
        expected = arithmetic.expected(self.movements)
        return Count(cash_count(rules, expected["cash"].cents - short, self.fund),
                     checks=tuple(c for t, c in self.checks if t == "check"),
                     money_orders=tuple(c for t, c in self.checks if t == "money_order"),
                     card_cents=expected["card"].cents, card_items=expected["card"].items)


@dataclass(frozen=True)
class People:
    clerks: tuple[int, ...]
    lead: int


class _Rows(dict[str, list[tuple[Any, ...]]]):
    """Rows made and not yet loaded, by table name, loaded in ``TABLES`` order."""

    def add(self, table: str, row: tuple[Any, ...]) -> None:
        self.setdefault(table, []).append(row)

    def load(self, engine: Engine, counts: dict[str, int]) -> None:
        for name, table in TABLES.items():
            if rows := self.pop(name, None):
                columns = [c.name for c in table.columns]
                counts[name] = counts.get(name, 0) + bulk.load(engine, table, columns, rows)


# ---------------------------------------------------------------------- the maker

class _Maker:
    """Makes sessions, receipts, drops, counts and office days, numbering as it goes."""

    def __init__(self, profile: Profile, seed: int, people: People, engine: Engine):
        self.rng = random.Random(seed * 37 + 11)
        self.profile, self.rules, self.people = profile, profile.teller, people
        self.calendar = profile.calendar
        self.next = _next_ids(engine)
        self.fees = [f for f in FEES if _priced(profile, f[0])]
        if not self.fees:
            raise FeeError("the profile prices none of the demo's fee codes")
        self.certify = _priced(profile, CERTIFY)
        self.prices: dict[tuple[str, int, date], int] = {}
        self.terminal: dict[int, int] = {}
        self.drop_above = DROP_ABOVE

    def take(self, table: str, k: int = 1) -> int:
        first = self.next[table]
        self.next[table] = first + k
        return first

    # ------------------------------------------------------------ one day
    def day(self, day: date, receipts: int, drawers: Sequence[tuple[int, int]],
            rows: _Rows) -> None:
        """The office's day: sessions, receipts, counts, the close and its deposit."""
        rng = self.rng
        opening, closing = self.calendar.opening(day), self.calendar.closing(day)
        k = min(rng.randint(2, 4), len(drawers), len(self.people.clerks))
        clerks = rng.sample(self.people.clerks, k)
        # The first windows open first: D1 and D2 every day, D3 and D4 on some days.
        sessions = [self.session(drawers[n], clerks[n],
                                 opening - timedelta(minutes=rng.randint(5, 25)))
                    for n in range(k)]
        shares = [0] * k
        for n in rng.choices(range(k), k=receipts):
            shares[n] += 1
        for session, share in zip(sessions, shares, strict=True):
            self.trade(session, share, opening, closing, rows)
        self.number(sessions, rows)
        closed = [self.close(s, closing, rows) for s in sessions]
        self.office_day(day, sessions, closed, rows)

    def session(self, drawer: tuple[int, int], clerk: int, opened_at: datetime) -> _Session:
        fund = self.rules.change_fund_cents
        found = _Session(self.take("drawer_sessions"), drawer[0], drawer[1], clerk,
                         opened_at.astimezone(UTC), fund)
        found.movements.append(Movement("opening", "cash", fund))
        found.cash = fund
        return found

    def trade(self, session: _Session, receipts: int, start: datetime, end: datetime,
              rows: _Rows) -> None:
        """``receipts`` sales posted between ``start`` and ``end``, a void now and then right
        after its sale, and a drop to the safe when the cash piles up."""
        rng = self.rng
        span = (end - start).total_seconds() - 600
        times = sorted(start + timedelta(seconds=60 + rng.random() * span)
                       for _ in range(receipts))
        for n, at in enumerate(times):
            gap = (times[n + 1] if n + 1 < len(times) else end) - at
            sale = self.sale(session, at.astimezone(UTC))
            if rng.random() < VOID_SHARE:
                self.void(session, sale, at + gap * 0.3)
            if session.cash - session.fund > self.drop_above and rng.random() < 0.5:
                self.drop(session, at + gap * 0.6, rows)

    def sale(self, session: _Session, at: datetime) -> _Receipt:
        rng = self.rng
        day = at.astimezone(self.calendar.zone).date()
        lines = [self.line(day) for _ in range(rng.choices((1, 2, 3), (70, 22, 8))[0])]
        if self.certify and lines[0][0] == "OH-COPY-PAGE" and rng.random() < 0.4:
            lines.append((CERTIFY, "Certification of the copies", self.price(CERTIFY, 1, day)))
        customer = (demo_names.business_name(rng, rng.choice(("llc", "corp", "llc")))
                    if rng.random() < 0.6 else " ".join(demo_names.person(rng)[1::-1]))
        receipt = _Receipt(at, session, customer, lines, [], 0, f"{rng.getrandbits(128):032x}")
        receipt.tenders, receipt.change = self.pay(session, receipt.total, customer)
        session.apply(receipt.tenders, receipt.change)
        session.receipts.append(receipt)
        return receipt

    def line(self, day: date) -> tuple[str, str, int]:
        code, _, quantities, words = self.rng.choices(self.fees, [f[1] for f in self.fees])[0]
        q = self.rng.choice(quantities)
        unit = "pages" if code == "OH-COPY-PAGE" else "copies"
        return code, words if q == 1 else f"{words}, {q} {unit}", self.price(code, q, day)

    def price(self, code: str, quantity: int, day: date) -> int:
        key = (code, quantity, day)
        if key not in self.prices:
            self.prices[key] = self.profile.fee_amount(code, quantity, day)
        return self.prices[key]

    def pay(self, session: _Session, total: int, customer: str) -> tuple[list[_Tender], int]:
        """Tenders for ``total`` and the change, as the receipt screen takes them."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.40 or total < 200:
            given = total if rng.random() < 0.25 else _round_up(total, rng.choice(
                (100, 500, 1000, 2000)))
            return [_Tender("cash", given)], given - total
        if roll < 0.68:
            return [self.check("check", total, customer)], 0
        if roll < 0.92:
            return [self.card(session, total)], 0
        if roll < 0.95:
            return [self.check("money_order", total, customer)], 0
        part = total // 2 // 100 * 100
        given = _round_up(total - part, 500)
        return [self.check("check", part, customer), _Tender("cash", given)], \
            given - (total - part)

    def check(self, tender: str, cents: int, customer: str) -> _Tender:
        rng = self.rng
        if tender == "money_order":
            return _Tender(tender, cents, f"{rng.randint(10**9, 10**10 - 1)}", customer,
                           "USPS" if rng.random() < 0.7 else "Western Union")
        return _Tender(tender, cents, str(rng.randint(1001, 9999)), customer, rng.choice(BANKS))

    def card(self, session: _Session, cents: int) -> _Tender:
        rng = self.rng
        seq = self.terminal[session.drawer_no] = self.terminal.get(session.drawer_no, 0) + 1
        return _Tender("card", cents, card_brand=rng.choice(self.rules.card_brands),
                       card_last4=f"{rng.randint(0, 9999):04d}",
                       auth_code=f"{rng.getrandbits(24):06X}",
                       terminal_ref=f"T{session.drawer_no}-{seq:06d}")

    def void(self, session: _Session, sale: _Receipt, at: datetime) -> None:
        """A reversing receipt in the same drawer, the money handed back tender by tender
        (``teller_voids``: cash less the change, the check itself, the card refunded)."""
        back: list[_Tender] = []
        change = sale.change
        for t in sale.tenders:
            cents = t.cents - change if t.tender == "cash" else t.cents
            if t.tender == "cash":
                change = 0
            if cents > 0:
                back.append(t._replace(cents=-cents))
        if sum(-t.cents for t in back if t.tender == "cash") > session.cash:
            return  # the drawer cannot hand it back: no void
        code, _, note = self.rng.choices(VOIDS, [v[1] for v in VOIDS])[0]
        reversal = _Receipt(at.astimezone(UTC), session, sale.customer,
                            [(c, d, -cents) for c, d, cents in sale.lines], back, 0, "",
                            reverses=sale, reason=(code, note))
        session.apply(back, 0)
        session.receipts.append(reversal)

    def drop(self, session: _Session, at: datetime, rows: _Rows) -> None:
        cents = (session.cash - session.fund - 20_000) // 10_000 * 10_000
        count = _greedy(self.rules, cents)
        session.movements.append(Movement("drop", "cash", cents))
        session.cash -= cents
        rows.add("drawer_moves", (self.take("drawer_moves"), session.id, "drop", cents,
                                  json.dumps(count, sort_keys=True), "", session.clerk_id,
                                  self.people.lead, at.astimezone(UTC)))

    def number(self, sessions: Sequence[_Session], rows: _Rows) -> None:
        """Ids and numbers in posting order across the office, then the rows."""
        receipts = sorted((r for s in sessions for r in s.receipts), key=lambda r: r.posted_at)
        for r in receipts:
            r.id = self.take("receipts")
            r.number = receipt_number(self.take("receipt_number"))
        for r in receipts:
            s = r.session
            voided = r.reverses
            rows.add("receipts", (
                r.id, r.number, s.id, s.clerk_id, _local(self, s.opened_at), r.posted_at,
                r.customer, None, r.total, r.change, "reversal" if voided else "sale",
                voided.id if voided else None, r.reason[0] if r.reason else None,
                r.reason[1] if r.reason else "", self.people.lead if voided else None,
                f"void:{voided.number}" if voided else r.key))
            for code, text, cents in r.lines:
                rows.add("receipt_lines", (self.take("receipt_lines"), r.id, code, text, 1,
                                           cents, "suspense", None, ""))
            for t in r.tenders:
                rows.add("receipt_tenders", (self.take("receipt_tenders"), r.id, t.tender,
                                             t.cents, t.check_number, t.payer, t.bank, None,
                                             t.card_brand, t.card_last4, t.auth_code,
                                             t.terminal_ref))

    # ------------------------------------------------------------ closing
    def close(self, session: _Session, closing: datetime, rows: _Rows) -> Count:
        """The blind count, its sign-offs and the closed session."""
        rng = self.rng
        roll = rng.random()
        short = (rng.randint(1, 500) if roll < SMALL_SHORT
                 else rng.randint(501, 5_000) if roll < SMALL_SHORT + LARGE_SHORT else 0)
        count = session.counted(self.rules, short)
        expected = arithmetic.expected(session.movements)
        lines = arithmetic.compare(expected, arithmetic.counted(self.rules, count))
        needs = arithmetic.sign_off(self.rules, lines)
        at = closing + timedelta(minutes=rng.randint(5, 25))
        count_id = self.take("drawer_counts")
        rows.add("drawer_counts", (
            count_id, session.id, session.clerk_id, at.astimezone(UTC),
            json.dumps(dict(count.cash), sort_keys=True), json.dumps(list(count.checks)),
            json.dumps(list(count.money_orders)), count.card_cents, count.card_items,
            comparison_json(lines), arithmetic.off_by(lines), needs))
        closed = at
        if needs != "close":
            closed = at + timedelta(minutes=rng.randint(2, 10))
            rows.add("drawer_sign_offs", (self.take("drawer_sign_offs"), count_id, "explained",
                                          session.clerk_id, closed.astimezone(UTC),
                                          rng.choice(EXPLAINED)))
        if needs not in ("close", "reason"):  # the shortages made stay within a lead's line
            closed += timedelta(minutes=rng.randint(5, 30))
            rows.add("drawer_sign_offs", (self.take("drawer_sign_offs"), count_id, "approved",
                                          self.people.lead, closed.astimezone(UTC), ""))
        self.session_rows(session, expected, rows, "closed", closed.astimezone(UTC))
        return count

    def session_rows(self, session: _Session, expected: Mapping[str, Total], rows: _Rows,
                     status: str, closed: datetime | None) -> None:
        fund = session.fund
        live = status != "closed"
        rows.add("drawer_sessions", (
            session.id, session.drawer_id, session.clerk_id, _local(self, session.opened_at),
            status, session.drawer_id if live else None, session.clerk_id if live else None,
            session.opened_at, fund, fund, json.dumps(cash_count(self.rules, fund, fund),
                                                      sort_keys=True),
            "", closed, 1 if live else 3, session.opened_at, closed or session.opened_at))
        for tender in TENDERS:
            rows.add("drawer_totals", (session.id, tender, expected[tender].cents,
                                       expected[tender].items))

    def office_day(self, day: date, sessions: Sequence[_Session],
                   closed: Sequence[Count], rows: _Rows) -> None:
        """The lead's close of the day: cash above the floats plus the drops, every check."""
        counted_cash = sum(arithmetic.cash_of(self.rules, c.cash) for c in closed)
        drops = sum(m.cents for s in sessions for m in s.movements if m.kind == "drop")
        cash = counted_cash - sum(s.fund for s in sessions) + drops
        checks = [c for s in sessions for _, c in s.checks]
        card = sum(arithmetic.expected(s.movements)["card"].cents for s in sessions)
        at = self.calendar.closing(day) + timedelta(minutes=self.rng.randint(40, 90))
        rule = self.rules.deposit
        due = arithmetic.deposit_due(rule, self.calendar, day, cash + sum(checks), at)
        number = deposit_number(self.take("deposit_number"))
        figures = {"day": day.isoformat(), "deposit": number, "cash": cash, "checks": checks,
                   "card": card, "receipts": [r.number for s in sessions for r in s.receipts]}
        digest = hashlib.sha256(json.dumps(figures, sort_keys=True).encode()).hexdigest()
        rows.add("office_days", (self.take("office_days"), day, at.astimezone(UTC),
                                 self.people.lead, number, cash, sum(checks), len(checks), card,
                                 due.astimezone(UTC), digest))


def _round_up(cents: int, unit: int) -> int:
    return -(-cents // unit) * unit


def _local(maker: _Maker, moment: datetime) -> date:
    return moment.astimezone(maker.calendar.zone).date()


def _priced(profile: Profile, code: str) -> bool:
    try:
        profile.fee_amount(code, 1, TODAY)
    except (FeeError, KeyError):
        return False
    return True


# ---------------------------------------------------------------------- loading

def build(engine: Engine, profile: Profile, days: int, receipts_per_day: int, seed: int,
          report: Progress) -> dict[str, int]:
    """Load ``days`` past business days of ``receipts_per_day`` receipts after whatever the
    teller tables hold, continuing the receipt and deposit number series; returns row counts
    per table (all 0 when the database has no clerks or no lead to work the drawers)."""
    counts = dict.fromkeys(["drawers", *TABLES], 0)
    people = _people(engine)
    if days <= 0 or receipts_per_day <= 0 or people is None:
        return counts
    drawers, counts["drawers"] = _drawers(engine, profile)
    maker = _Maker(profile, seed, people, engine)
    calendar, day, business = profile.calendar, TODAY, list[date]()
    while len(business) < days:
        day -= timedelta(days=1)
        if calendar.is_business_day(day):
            business.append(day)
    rows, total = _Rows(), days * receipts_per_day
    for n, day in enumerate(reversed(business), 1):
        maker.day(day, receipts_per_day, drawers, rows)
        if len(rows.get("receipts", ())) >= FLUSH or n == days:
            rows.load(engine, counts)
            report("receipts", n * receipts_per_day, total)
    _finish(engine, maker)
    return counts


@dataclass(frozen=True)
class OpenDrawer:
    """A session loaded open (``load_open_session``) and the exact blind count of it."""

    session_id: int
    count: Count
    receipts: int


def load_open_session(engine: Engine, profile: Profile, drawer: tuple[int, int], clerk: int,
                      lead: int, receipts: int, seed: int, opened_at: datetime,
                      drop_above: int = DROP_ABOVE) -> OpenDrawer:
    """One open session of ``drawer`` (id, number) by ``clerk`` with ``receipts`` sales (and
    their voids, and a drop when the cash passes ``drop_above`` over the fund) posted from
    ``opened_at`` to now, as the services leave it before the count: for benchmarks of the
    close. Numbers continue the receipt series."""
    maker = _Maker(profile, seed, People((clerk,), lead), engine)
    maker.drop_above = drop_above
    rows = _Rows()
    session = maker.session(drawer, clerk, opened_at)
    maker.trade(session, receipts, opened_at, datetime.now(UTC), rows)
    for receipt in session.receipts:  # two sessions of one seed have the same content
        receipt.key = uuid.uuid4().hex  # but keys of their own, as each screen makes them
    maker.number([session], rows)
    maker.session_rows(session, arithmetic.expected(session.movements), rows, "open", None)
    rows.load(engine, {})
    _finish(engine, maker, analyze=False)
    return OpenDrawer(session.id, session.counted(profile.teller), len(session.receipts))


def _people(engine: Engine) -> People | None:
    with engine.connect() as conn:
        found = {str(u): int(i) for u, i in conn.execute(select(User.username, User.id).where(
            User.active, User.role.in_(("clerk", "senior_clerk", "lead"))))}
    clerks = [found[u] for u in CLERKS if u in found]
    clerks += [i for u, i in sorted(found.items()) if u.startswith("clerk") and u[5:].isdigit()]
    if not clerks or LEAD not in found:
        return None
    return People(tuple(clerks), found[LEAD])


def _drawers(engine: Engine, profile: Profile) -> tuple[list[tuple[int, int]], int]:
    """D1 to D4 with the profile's change fund (those missing are added): (id, number)."""
    table = Base.metadata.tables["drawers"]
    now, made = datetime.now(UTC), 0
    with engine.begin() as conn:
        have = {str(c): int(i) for c, i in conn.execute(select(table.c.code, table.c.id))}
        for n, code in enumerate(DRAWERS, 1):
            if code not in have:
                have[code] = int(conn.execute(insert(table).values(
                    code=code, name=f"Counter window {n}",
                    change_fund_cents=profile.teller.change_fund_cents, active=True, version=1,
                    created_at=now, updated_at=now).returning(table.c.id)).scalar_one())
                made += 1
    return [(have[code], n) for n, code in enumerate(DRAWERS, 1)], made


def _next_ids(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        found = {name: int(conn.execute(select(func.coalesce(func.max(t.c.id), 0)))
                           .scalar_one()) + 1
                 for name, t in TABLES.items() if "id" in t.c}
        for series in ("receipt", "deposit"):
            last = conn.execute(select(NumberSeries.last_value).where(
                NumberSeries.series == series)).scalar()
            found[f"{series}_number"] = int(last or 0) + 1
    return found


def _finish(engine: Engine, maker: _Maker, analyze: bool = True) -> None:
    """Sequences past the loaded ids, the number series past the demo's numbers, statistics."""
    for table in TABLES.values():
        if "id" in table.c:
            bulk.set_sequence_after_load(engine, table)
    with engine.begin() as conn:
        for series in ("receipt", "deposit"):
            last = maker.next[f"{series}_number"] - 1
            changed = conn.execute(update(NumberSeries).where(NumberSeries.series == series)
                                   .values(last_value=last)).rowcount
            if not changed:
                conn.execute(insert(NumberSeries).values(series=series, last_value=last))
    if analyze:
        with engine.begin() as conn:
            for name in TABLES:
                conn.exec_driver_sql(f"ANALYZE {name}")
