"""The Teller Drawer on the demo register (with its year of receipts: 75,000 large,
``demo_teller``), each hot path against raw SQL doing the same work on the same engine.

* ``receipt_post`` (issue 7: p95 <= 20 ms large): ``teller.post_receipt`` of a receipt of two
  fee lines (a formation deposit and a certificate) paid by a check and cash with change, in the
  demo clerk's open drawer session, each with a fresh idempotency key: role check, the key, the
  clerk's session, the gapless receipt number, the receipt, lines and tenders, the atomic
  ``SET cents = cents + :d`` of the two running totals, the audit record, the receipt read back.
  The baseline is the same writes as text in one write transaction (``BEGIN IMMEDIATE`` on
  SQLite): the role check, the key and session look-ups, ``UPDATE number_series ... RETURNING``,
  the INSERTs, the two totals UPDATEs, and an audit record appended to a hash chain of its own
  in scratch tables (``bench_teller_audit`` / ``bench_teller_head``, as ``claim``'s). Both sides
  post into the same session and number series: the row fails unless every number taken is
  consecutive and the session, counted afterwards (untimed) by the service's blind count, is
  exact (the count proves the running totals equal the journal, the raw side's included).
* ``drawer_close`` (p95 <= 1 s large): the close of a drawer session of 3,000 receipts:
  ``teller_close.submit_count`` of the exact blind count (the journal recomputed by the
  database and compared with the running totals, the comparison, the count row, the session
  closed, the audit record), then the drawer's close slip (``teller_papers.drawer_slip``) and
  the deposit slip for that drawer (its counted cash above the float plus its drops, every
  check, the deposit rule's due time, as ``teller_day`` makes the day's), both drawn as PDFs. The
  baseline: the same aggregations as text (tenders received and handed back per tender, change,
  moves; the running totals compared), the count INSERT, the session UPDATE and a scratch-chain
  audit record in one write transaction, then the slip's queries as text and the same two PDF
  builds, so the ratio is what the program adds on top. Every close has a session of its own,
  prepared untimed before the first (``demo_teller.load_open_session``: Core bulk inserts of
  3,000 receipts with their voids and drops, totals equal to the journal, numbered from the
  receipt series), each open by a bench clerk on a bench drawer (``benchclerkNN``, ``BNN``, made
  through the services once: one session per clerk and drawer may be open). The program's and
  the baseline's session of a pair have the same content, so their slips must agree; the row
  fails unless every count is exact and closes and every PDF is a PDF. The notes give the
  program's parts (count, slip data, each PDF) and the PDFs' median inside the baseline.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from statistics import median
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, text

from benchmarks.bench_registry import _register
from benchmarks.core import BenchmarkError, Context, Measurement, benchmark, log
from benchmarks.dbtools import interleaved
from benchmarks.scratch_chain import ScratchChain, audit_row
from workstation.db.uow import UnitOfWork
from workstation.domain import drawer as arithmetic
from workstation.domain.drawer import Count, Movement
from workstation.domain.teller_rules import TENDERS
from workstation.models import DrawerSession
from workstation.models.types import UTCDateTime, utcnow
from workstation.printing.teller_data import (
    CheckPrint,
    DepositSlip,
    DrawerSlip,
    DropPrint,
    FeeTotalPrint,
    TenderLinePrint,
    VoidPrint,
)
from workstation.printing.teller_slips import build_deposit_slip_pdf, build_drawer_slip_pdf
from workstation.services import (
    auth,
    demo,
    demo_teller,
    numbering,
    profile,
    teller,
    teller_close,
    teller_papers,
    teller_read,
    users,
)
from workstation.services.dto import Actor
from workstation.services.profile import Profile
from workstation.services.teller_close import comparison_json
from workstation.services.teller_day import deposit_number
from workstation.services.teller_dto import LineInput, ReceiptInput, TenderInput
from workstation.services.teller_papers import fee_label
from workstation.startup import Backend

CHAIN = ScratchChain("teller")
RECEIPTS = 3_000  # in each drawer_close session
# A drop when the cash passes $5,000 above the float: about ten in a 3,000-receipt day. (At the
# demo days' $1,000 such a day makes some 50, and a slip with more than about 45 drops fails to
# draw: the cash count and the drops sit side by side in one table row, which cannot split.)
DROP_ABOVE = 500_000
CLOSE_WARMUP = 1  # untimed closes of each side (each needs its own 3,000-receipt session)
BENCH_PASSWORD = "benchmark drawer clerk"
PASSWORDS = {u.username: u.password for u in demo.DEMO_USERS}
ROLE = text("SELECT active, role FROM users WHERE id = :uid")


def _person(backend: Backend, username: str) -> Actor:
    return auth.sign_in(backend.db, backend.policy, username, PASSWORDS[username])


def _dollars(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _checkpoint(engine: Engine) -> None:
    """SQLite: both sides start from an empty WAL (outside a transaction, which would block)."""
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()


# ---------------------------------------------------------------------- receipt_post

OWN_SESSION = text("SELECT id, business_date, status FROM drawer_sessions "
                   "WHERE live_clerk = :uid")
BY_KEY = text("SELECT id FROM receipts WHERE idempotency_key = :key")
NEXT_RECEIPT = text("UPDATE number_series SET last_value = last_value + 1 "
                    "WHERE series = 'receipt' RETURNING last_value")
RECEIPT = text(
    "INSERT INTO receipts (number, session_id, clerk_id, business_date, posted_at, "
    "customer_name, customer_id, total_cents, change_cents, kind, reverses_id, reason_code, "
    "reason_note, approved_by, idempotency_key) VALUES (:number, :session, :uid, :day, :now, "
    ":customer, NULL, :total, :change, 'sale', NULL, NULL, '', NULL, :key) RETURNING id"
).bindparams(bindparam("now", type_=UTCDateTime()))
LINE = text("INSERT INTO receipt_lines (receipt_id, fee_code, description, quantity, "
            "amount_cents, applies_to, target_id, reference) VALUES (:rid, :code, :words, 1, "
            ":cents, 'suspense', NULL, '')")
TENDER = text("INSERT INTO receipt_tenders (receipt_id, tender, amount_cents, check_number, "
              "payer, bank, remittance_id, card_brand, card_last4, auth_code, terminal_ref) "
              "VALUES (:rid, :tender, :cents, :number, :payer, :bank, NULL, NULL, NULL, NULL, "
              "NULL)")
MOVE_TOTAL = text("UPDATE drawer_totals SET cents = cents + :d, items = items + :i "
                  "WHERE session_id = :s AND tender = :t")


@dataclass(frozen=True)
class Sale:
    """The receipt both sides post: two fee lines, a check and cash with change."""

    lines: tuple[tuple[str, str, int], ...]  # fee code, description, cents
    check_cents: int
    cash_cents: int
    customer: str = "Maple Bench Holdings LLC"

    @property
    def total(self) -> int:
        return sum(c for _, _, c in self.lines)

    @property
    def change(self) -> int:
        return self.check_cents + self.cash_cents - self.total

    def given(self, key: str, check_number: str) -> ReceiptInput:
        return ReceiptInput(self.customer, tuple(
            LineInput("suspense", fee_code=c, amount=_dollars(a), description=d)
            for c, d, a in self.lines), (
            TenderInput("check", _dollars(self.check_cents), check_number=check_number,
                        payer=self.customer, bank="Huntington"),
            TenderInput("cash", _dollars(self.cash_cents))), key)


def _sale(prof: Profile) -> Sale:
    deposit, certificate = prof.fee_amount("OH-610"), prof.fee_amount("OH-CGS")
    return Sale((("OH-610", "Articles of organization (LLC): deposit until filed", deposit),
                 ("OH-CGS", "Certificate of Good Standing", certificate)),
                deposit, _round_up(certificate + 1, 1000))


def _round_up(cents: int, unit: int) -> int:
    return -(-cents // unit) * unit


def _clerk_session(backend: Backend, prof: Profile, clerk: Actor, lead: Actor) -> int:
    """The demo clerk's open session: the one left open, else a free drawer opened now."""
    mine = teller_read.my_session(backend.db, clerk)
    if mine is not None:
        if mine.status != "open":
            raise BenchmarkError(f"receipt_post: the clerk's drawer {mine.drawer} is "
                                 f"{mine.status}, waiting for a sign-off")
        return mine.id
    free = sorted((d.code for d in teller_read.drawers(backend.db, clerk) if d.held_by is None),
                  key=lambda code: (code not in demo_teller.DRAWERS, code))  # D1 first
    if not free:
        teller.add_drawer(backend.db, prof, lead, "BPOST", "Bench posting")
        free = ["BPOST"]
    return teller.open_session(backend.db, prof, clerk, free[0], demo_teller.cash_count(
        prof.teller, prof.teller.change_fund_cents))


def _raw_post(conn: Connection, clerk: Actor, sale: Sale, key: str, check_number: str,
              where: tuple[str, str]) -> int:
    """One receipt as text SQL inside ``conn``'s write transaction; its number."""
    conn.execute(ROLE, {"uid": clerk.user_id}).one()
    if conn.execute(BY_KEY, {"key": key}).first() is not None:
        raise BenchmarkError("receipt_post: the raw side's key was used before")
    session = conn.execute(OWN_SESSION, {"uid": clerk.user_id}).one()
    if session.status != "open":
        raise BenchmarkError("receipt_post: the raw side found no open drawer")
    number = int(conn.execute(NEXT_RECEIPT).scalar_one())
    receipt_id = conn.execute(RECEIPT, {
        "number": teller.receipt_number(number), "session": session.id, "uid": clerk.user_id,
        "day": session.business_date, "now": utcnow(), "customer": sale.customer,
        "total": sale.total, "change": sale.change, "key": key}).scalar_one()
    conn.execute(LINE, [{"rid": receipt_id, "code": c, "words": d, "cents": a}
                        for c, d, a in sale.lines])
    conn.execute(TENDER, [
        {"rid": receipt_id, "tender": "check", "cents": sale.check_cents,
         "number": check_number, "payer": sale.customer, "bank": "Huntington"},
        {"rid": receipt_id, "tender": "cash", "cents": sale.cash_cents, "number": None,
         "payer": None, "bank": None}])
    conn.execute(MOVE_TOTAL, [
        {"d": sale.check_cents, "i": 1, "s": session.id, "t": "check"},
        {"d": sale.cash_cents - sale.change, "i": 0, "s": session.id, "t": "cash"}])
    seq, prev_hash = conn.execute(CHAIN.next).one()
    row = audit_row(os_user=where[0], workstation=where[1], user_id=clerk.user_id,
                    username=clerk.username, seq=int(seq), prev_hash=str(prev_hash),
                    action="teller.receipt", entity_type="receipt", entity_id=receipt_id,
                    after={"number": teller.receipt_number(number), "total": sale.total,
                           "change": sale.change, "tenders": ["cash", "check"]})
    conn.execute(CHAIN.insert, row)
    conn.execute(CHAIN.set_hash, {"hash": row["hash"]})
    return number


@benchmark("receipt_post")
def receipt_post(ctx: Context) -> Measurement:
    n = ctx.n(300, 2000)
    with _register(ctx) as (backend, clerk):
        prof, db, engine = profile.load(), backend.db, backend.db.engine
        sale, run = _sale(prof), uuid.uuid4().hex[:12]
        session_id = _clerk_session(backend, prof, clerk, _person(backend, "lead"))
        taken: list[int] = []
        where = (db.os_user, db.workstation)

        def program(i: int) -> None:
            view = teller.post_receipt(db, prof, clerk, sale.given(f"bench-{run}-p{i}",
                                                                   f"{10_000 + i}"))
            if view.total_cents != sale.total or view.change_cents != sale.change:
                raise BenchmarkError(f"receipt_post: {view.number} posted {view.total_cents}")
            taken.append(int(view.number[1:]))

        def raw(i: int) -> None:
            with engine.begin() as conn:
                taken.append(_raw_post(conn, clerk, sale, f"bench-{run}-r{i}",
                                       f"{20_000 + i}", where))

        _checkpoint(engine)
        with CHAIN.created(engine):
            measured = interleaved(n, program, raw)
        if sorted(taken) != list(range(min(taken), min(taken) + len(taken))):
            raise BenchmarkError("receipt_post: the receipt numbers taken are not consecutive")
        done = teller_close.submit_count(db, prof, clerk, session_id,
                                         _exact_count(engine, prof, session_id))
        if done.off_by_cents or done.status != "closed":
            raise BenchmarkError(f"receipt_post: the drawer counted {done.off_by_cents} off")
        with engine.connect() as conn:
            receipts = conn.execute(text("SELECT count(*) FROM receipts")).scalar_one()
    measured.notes.update(receipts_posted=len(taken), receipts_in_register=int(receipts),
                          numbers=f"R{min(taken):08d}..R{max(taken):08d}")
    return measured


def _exact_count(engine: Engine, prof: Profile, session_id: int) -> Count:
    """What a clerk would count in the drawer: the running totals' cash in bills and coins,
    every check and money order still held (those handed back taken out), the card total."""
    with engine.connect() as conn:
        totals = {str(t): (int(c), int(i)) for t, c, i in conn.execute(text(
            "SELECT tender, cents, items FROM drawer_totals WHERE session_id = :s"),
            {"s": session_id})}
        fund = int(conn.execute(text("SELECT change_fund_cents FROM drawer_sessions "
                                     "WHERE id = :s"), {"s": session_id}).scalar_one())
        rows = conn.execute(CHECKS, {"s": session_id}).all()
    held = _held(rows)
    return Count(demo_teller.cash_count(prof.teller, totals["cash"][0], fund),
                 checks=tuple(c.cents for t, c in held if t == "check"),
                 money_orders=tuple(c.cents for t, c in held if t == "money_order"),
                 card_cents=totals["card"][0], card_items=totals["card"][1])


def _held(rows: Sequence[Any]) -> list[tuple[str, CheckPrint]]:
    """Checks and money orders taken and still held, as ``teller_papers.checks_of`` lists
    them: those handed back on a reversal left out."""
    back = {(r.check_number, -int(r.amount_cents)) for r in rows if r.amount_cents < 0}
    return [(str(r.tender), CheckPrint(r.check_number or "", r.payer or "", r.bank or "",
                                       int(r.amount_cents), r.remittance_id is not None))
            for r in rows if r.amount_cents > 0 and (r.check_number, r.amount_cents) not in back]


# ---------------------------------------------------------------------- drawer_close

SESSION = text("SELECT * FROM drawer_sessions WHERE id = :s").columns(
    opened_at=UTCDateTime, closed_at=UTCDateTime)
JOURNAL = text(
    "SELECT receipt_tenders.tender, CASE WHEN receipt_tenders.amount_cents > 0 THEN 'received' "
    "ELSE 'returned' END AS direction, sum(abs(receipt_tenders.amount_cents)), count(*) "
    "FROM receipt_tenders JOIN receipts ON receipts.id = receipt_tenders.receipt_id "
    "WHERE receipts.session_id = :s AND receipt_tenders.tender IN :tenders "
    "GROUP BY receipt_tenders.tender, direction").bindparams(bindparam("tenders", expanding=True))
CHANGE = text("SELECT coalesce(sum(change_cents), 0) FROM receipts WHERE session_id = :s")
MOVE_SUMS = text("SELECT kind, sum(cents) FROM drawer_moves WHERE session_id = :s GROUP BY kind")
TOTALS = text("SELECT tender, cents, items FROM drawer_totals WHERE session_id = :s")
COUNT = text(
    "INSERT INTO drawer_counts (session_id, counted_by, at, cash_count, checks, money_orders, "
    "card_cents, card_items, comparison, off_by_cents, sign_off) VALUES (:s, :uid, :now, :cash, "
    ":checks, :orders, :card, :card_items, :comparison, :off, :needs)"
).bindparams(bindparam("now", type_=UTCDateTime()))
CLOSE = text(
    "UPDATE drawer_sessions SET status = 'closed', closed_at = :now, live_drawer = NULL, "
    "live_clerk = NULL, version = version + 2, updated_at = :now "
    "WHERE id = :s AND version = :v AND status = 'open'"
).bindparams(bindparam("now", type_=UTCDateTime()))
NAMES = text("SELECT id, username FROM users")
DRAWER_CODE = text("SELECT code FROM drawers WHERE id = :d")
LAST_COUNT = text("SELECT * FROM drawer_counts WHERE session_id = :s ORDER BY id DESC LIMIT 1")
SIGN_OFFS = text("SELECT decision, by_user, note FROM drawer_sign_offs WHERE count_id = :c "
                 "ORDER BY id")
ADJUSTED = text("SELECT count(*) FROM drawer_adjustments WHERE session_id = :s")
MOVES = text("SELECT kind, cents, witness_id, at FROM drawer_moves WHERE session_id = :s "
             "ORDER BY id").columns(at=UTCDateTime)
RECEIPT_COUNT = text("SELECT count(*) FROM receipts WHERE session_id = :s")
FEES = text("SELECT receipt_lines.fee_code, count(*), sum(receipt_lines.amount_cents) "
            "FROM receipt_lines JOIN receipts ON receipts.id = receipt_lines.receipt_id "
            "WHERE receipts.session_id = :s GROUP BY receipt_lines.fee_code "
            "ORDER BY receipt_lines.fee_code")
CHECKS = text("SELECT receipt_tenders.* FROM receipt_tenders JOIN receipts ON receipts.id = "
              "receipt_tenders.receipt_id WHERE receipts.session_id = :s AND "
              "receipt_tenders.tender IN ('check', 'money_order') ORDER BY receipt_tenders.id")
VOIDS = text("SELECT r.number, o.number AS original, r.reason_code, r.reason_note, r.clerk_id, "
             "r.approved_by, r.total_cents FROM receipts r LEFT JOIN receipts o ON o.id = "
             "r.reverses_id WHERE r.session_id = :s AND r.kind = 'reversal' ORDER BY r.id")
HEAD = text("SELECT last_seq, last_hash FROM audit_head")
LAST_DEPOSIT = text("SELECT last_value FROM number_series WHERE series = 'deposit'")


@dataclass(frozen=True)
class Prepared:
    clerk: Actor
    drawer: demo_teller.OpenDrawer


def _bench_clerks(backend: Backend, prof: Profile, count: int) -> list[tuple[Actor, int]]:
    """``count`` bench clerks, each with a bench drawer, neither holding an open session
    (made through the services the first time; a drawer or clerk left open is skipped)."""
    db, admin, lead = backend.db, _person(backend, "admin"), _person(backend, "lead")
    with db.engine.connect() as conn:
        live = conn.execute(text("SELECT live_drawer, live_clerk FROM drawer_sessions "
                                 "WHERE live_drawer IS NOT NULL")).all()
        people = {str(u): int(i) for i, u in conn.execute(NAMES)}
        drawers = {str(c): int(i) for i, c in conn.execute(text("SELECT id, code FROM drawers"))}
    found: list[tuple[Actor, int]] = []
    k = 0
    while len(found) < count:
        k += 1
        name, code = f"benchclerk{k:02d}", f"B{k:02d}"
        if name not in people:
            people[name] = users.add_user(db, backend.policy, admin, name,
                                          f"Bench Clerk {k:02d}", "clerk", BENCH_PASSWORD).id
        if code not in drawers:
            drawers[code] = teller.add_drawer(db, prof, lead, code, f"Bench drawer {k:02d}")
        if people[name] not in {c for _, c in live} and drawers[code] not in {d for d, _ in live}:
            found.append((auth.sign_in(db, backend.policy, name, BENCH_PASSWORD),
                          drawers[code]))
    return found


def _deposit(prof: Profile, slip: DrawerSlip, by: str, number: str,
             now: datetime) -> DepositSlip:
    """The deposit of one drawer, as ``teller_day`` makes the day's: cash counted above the
    float plus the drops in the safe, every check held, due under the profile's rule."""
    cash = sum(t.counted_cents for t in slip.tenders if t.tender == "cash") \
        - slip.change_fund_cents + sum(d.cents for d in slip.drops)
    total = cash + sum(c.cents for c in slip.checks)
    rule = prof.teller.deposit
    return DepositSlip(number=number, office=prof.calendar.name, payee=rule.payee,
                       business_date=slip.business_date, prepared_by=by, prepared_at=now,
                       cash_cents=cash, checks=slip.checks, rule=rule.source,
                       due_at=arithmetic.deposit_due(rule, prof.calendar, slip.business_date,
                                                     total, now))


def _pdfs(prof: Profile, slip: DrawerSlip, deposit: DepositSlip,
          parts: dict[str, list[float]]) -> None:
    """Both PDFs drawn and checked; the seconds of each go into ``parts``."""
    builds: tuple[tuple[str, Callable[[], bytes]], ...] = (
        ("drawer_slip_pdf", partial(build_drawer_slip_pdf, slip, zone=prof.calendar.zone)),
        ("deposit_slip_pdf", partial(build_deposit_slip_pdf, deposit, zone=prof.calendar.zone)))
    for part, build in builds:
        started = time.perf_counter()
        pdf = build()
        parts.setdefault(part, []).append(time.perf_counter() - started)
        if len(pdf) < 1000 or not pdf.startswith(b"%PDF"):
            raise BenchmarkError(f"drawer_close: a PDF of {len(pdf)} bytes for {slip.drawer}")


def _program_close(backend: Backend, prof: Profile, mine: Prepared,
                   parts: dict[str, list[float]]) -> DrawerSlip:
    """The count, the slip's data, the two PDFs; how long each took goes into ``parts``."""
    db = backend.db
    started = time.perf_counter()
    result = teller_close.submit_count(db, prof, mine.clerk, mine.drawer.session_id,
                                       mine.drawer.count)
    counted = time.perf_counter()
    if result.off_by_cents or result.status != "closed":
        raise BenchmarkError(f"drawer_close: the program's count is {result.off_by_cents} "
                             f"off ({result.status})")

    def papers(uow: UnitOfWork) -> tuple[DrawerSlip, str]:
        session = uow.session.get(DrawerSession, mine.drawer.session_id)
        assert session is not None
        return (teller_papers.drawer_slip(uow, prof, session),
                deposit_number(numbering.peek(uow, "deposit") + 1))

    slip, number = db.run(papers, read_only=True)
    read = time.perf_counter()
    _pdfs(prof, slip, _deposit(prof, slip, mine.clerk.username, number, utcnow()), parts)
    for part, seconds in (("count", counted - started), ("slip_data", read - counted)):
        parts.setdefault(part, []).append(seconds)
    return slip


def _raw_count(conn: Connection, prof: Profile, mine: Prepared, now: datetime,
               where: tuple[str, str]) -> None:
    """The blind count as text in the write transaction: journal, comparison, row, close."""
    s, clerk, count = mine.drawer.session_id, mine.clerk, mine.drawer.count
    conn.execute(ROLE, {"uid": clerk.user_id}).one()
    session = conn.execute(SESSION, {"s": s}).one()
    if session.clerk_id != clerk.user_id or session.status != "open":
        raise BenchmarkError(f"drawer_close: the raw side found session {s} {session.status}")
    moves = [Movement("opening", "cash", int(session.opening_cents))]
    for tender, kind, cents, items in conn.execute(JOURNAL, {"s": s, "tenders": list(TENDERS)}):
        moves += [Movement(str(kind), str(tender), int(cents))] + \
            [Movement(str(kind), str(tender), 0)] * (int(items) - 1)
    moves.append(Movement("change", "cash", int(conn.execute(CHANGE, {"s": s}).scalar_one())))
    moves += [Movement(str(k), "cash", int(c)) for k, c in conn.execute(MOVE_SUMS, {"s": s})]
    expected = arithmetic.expected(moves)
    stored = {str(t): arithmetic.Total(int(c), int(i)) for t, c, i in conn.execute(
        TOTALS, {"s": s})}
    if stored != expected:
        raise BenchmarkError(f"drawer_close: session {s}'s totals differ from its journal")
    lines = arithmetic.compare(expected, arithmetic.counted(prof.teller, count))
    if arithmetic.off_by(lines):
        raise BenchmarkError(f"drawer_close: the raw count of session {s} is not exact")
    conn.execute(COUNT, {
        "s": s, "uid": clerk.user_id, "now": now, "cash": json.dumps(dict(count.cash),
                                                                      sort_keys=True),
        "checks": json.dumps(list(count.checks)), "orders": json.dumps(list(count.money_orders)),
        "card": count.card_cents, "card_items": count.card_items,
        "comparison": comparison_json(lines), "off": 0,
        "needs": arithmetic.sign_off(prof.teller, lines)})
    if conn.execute(CLOSE, {"now": now, "s": s, "v": session.version}).rowcount != 1:
        raise BenchmarkError(f"drawer_close: the raw side lost session {s}")
    seq, prev_hash = conn.execute(CHAIN.next).one()
    row = audit_row(os_user=where[0], workstation=where[1], user_id=clerk.user_id,
                    username=clerk.username, seq=int(seq), prev_hash=str(prev_hash),
                    action="teller.count", entity_type="drawer_session", entity_id=s,
                    after={"off_by": 0, "sign_off": "close", "status": "closed"})
    conn.execute(CHAIN.insert, row)
    conn.execute(CHAIN.set_hash, {"hash": row["hash"]})


def _raw_slip(conn: Connection, prof: Profile, s: int) -> tuple[DrawerSlip, str]:
    """The close slip's figures as text, as ``teller_papers.drawer_slip`` gathers them."""
    names = {int(i): str(u) for i, u in conn.execute(NAMES)}
    session = conn.execute(SESSION, {"s": s}).one()
    count = conn.execute(LAST_COUNT, {"s": s}).one()
    if conn.execute(ADJUSTED, {"s": s}).scalar_one():
        raise BenchmarkError(f"drawer_close: session {s} has adjustments")
    decided = conn.execute(SIGN_OFFS, {"c": count.id}).all()
    moves = conn.execute(MOVES, {"s": s}).all()
    cash = json.loads(count.cash_count)
    seq, head = conn.execute(HEAD).one()
    day = session.business_date
    slip = DrawerSlip(
        office=prof.calendar.name,
        business_date=day if isinstance(day, date) else date.fromisoformat(day),
        drawer=str(conn.execute(DRAWER_CODE, {"d": session.drawer_id}).scalar_one()),
        clerk=names.get(session.clerk_id, "?"), opened_at=session.opened_at,
        closed_at=session.closed_at, change_fund_cents=session.change_fund_cents,
        opening_cents=session.opening_cents, opening_note=session.opening_note,
        receipts=int(conn.execute(RECEIPT_COUNT, {"s": s}).scalar_one()),
        fees=tuple(FeeTotalPrint(str(c), fee_label(prof, str(c)), int(k), int(a))
                   for c, k, a in conn.execute(FEES, {"s": s})),
        tenders=tuple(TenderLinePrint(t, *v) for t, v in json.loads(count.comparison).items()),
        cash_count=tuple((d.label, int(cash.get(d.code, 0)), d.cents * int(cash.get(d.code, 0)))
                         for d in prof.teller.denominations if cash.get(d.code)),
        checks=tuple(c for _, c in _held(conn.execute(CHECKS, {"s": s}).all())),
        voids=tuple(VoidPrint(v.number, v.original or "?", " ".join(
            p for p in (v.reason_code or "", v.reason_note) if p), names.get(v.clerk_id, "?"),
            names.get(v.approved_by or 0, "?"), v.total_cents)
            for v in conn.execute(VOIDS, {"s": s})),
        drops=tuple(DropPrint(m.at, m.cents, names.get(m.witness_id or 0, "?"))
                    for m in moves if m.kind == "drop"),
        adjustments=(), sign_off=count.sign_off,
        reason="; ".join(d.note for d in decided if d.decision == "explained"),
        signed_off_by=next((names.get(d.by_user) for d in reversed(decided)
                            if d.decision == "approved"), None),
        audit_head=f"{seq}:{head}")
    return slip, deposit_number(int(conn.execute(LAST_DEPOSIT).scalar() or 0) + 1)


def _same(a: DrawerSlip, b: DrawerSlip) -> bool:
    def facts(s: DrawerSlip) -> tuple[Any, ...]:
        return (s.receipts, s.fees, s.tenders, s.cash_count, [c.cents for c in s.checks],
                [v.cents for v in s.voids], [d.cents for d in s.drops], s.sign_off)

    return facts(a) == facts(b)


@benchmark("drawer_close")
def drawer_close(ctx: Context) -> Measurement:
    n = ctx.n(5, 10)
    with _register(ctx) as (backend, _clerk):
        prof, engine, reader = profile.load(), backend.db.engine, backend.db.reader
        lead_id = _person(backend, "lead").user_id
        pairs = n + CLOSE_WARMUP
        log(f"drawer_close: preparing {2 * pairs} open sessions of {RECEIPTS} receipts")
        clerks = _bench_clerks(backend, prof, 2 * pairs)
        opened = utcnow() - timedelta(hours=6)
        prepared = [Prepared(clerk, demo_teller.load_open_session(
            engine, prof, (drawer_id, 100 + k), clerk.user_id, lead_id, RECEIPTS, 500 + k // 2,
            opened, DROP_ABOVE)) for k, (clerk, drawer_id) in enumerate(clerks)]
        _checkpoint(engine)
        where = (backend.db.os_user, backend.db.workstation)
        program_slips: dict[int, DrawerSlip] = {}
        raw_slips: dict[int, DrawerSlip] = {}
        parts: dict[str, list[float]] = {}  # the program's, by part
        raw_parts: dict[str, list[float]] = {}

        def program(i: int) -> None:
            program_slips[i] = _program_close(backend, prof, prepared[2 * (i + CLOSE_WARMUP)],
                                              parts if i >= 0 else {})

        def raw(i: int) -> None:
            mine = prepared[2 * (i + CLOSE_WARMUP) + 1]
            with engine.begin() as conn:
                _raw_count(conn, prof, mine, utcnow(), where)
            with reader.connect() as conn, conn.begin():
                slip, number = _raw_slip(conn, prof, mine.drawer.session_id)
            _pdfs(prof, slip, _deposit(prof, slip, mine.clerk.username, number, utcnow()),
                  raw_parts if i >= 0 else {})
            raw_slips[i] = slip

        with CHAIN.created(engine):
            measured = interleaved(n, program, raw, warmup=CLOSE_WARMUP)
    for i, slip in program_slips.items():
        if not _same(slip, raw_slips[i]):
            raise BenchmarkError(f"drawer_close: the slips of pair {i} differ")
    first = program_slips[0]
    measured.notes.update(receipts=first.receipts, checks=len(first.checks),
                          drops=len(first.drops), voids=len(first.voids))
    measured.notes.update({f"{part}_p50_ms": round(median(times) * 1000, 1)
                           for part, times in parts.items()})
    pdfs = [sum(pair) for pair in zip(*raw_parts.values(), strict=True)]
    measured.notes["baseline_pdf_p50_ms"] = round(median(pdfs) * 1000, 1)
    return measured
