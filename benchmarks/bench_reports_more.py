"""The lead's inquiry, rejection and money reports (issue 9) over a year of the demo register
(``TODAY - 365`` to ``TODAY``), each against the same SQL as text on a plain read-only
connection. Budget (issue 9): p95 <= 2 s a report on the large register.

* ``report_inquiries``: ``report_inquiries.inquiry_report`` (some 131,000 of the large demo's
  500,000 inquiries fall in a year): one pass over the inquiries and their outbound entries, a
  row per inquiry (channel, category, breached and open flags, receipt, close, first answer and
  holding replies), added up per channel and category and the times measured in business hours.
  The baseline runs the role check and the same statement; the service's counting and measuring
  of the fetched rows (the business clock, the percentiles) is what the ratio adds.
* ``report_rejections``: ``report_rejections.rejection_report``: the first final decision of
  each document decided in the year, by filing type and decision, and by filing type and
  combination of reasons. The demo register has no examinations, so a year of them is loaded
  first, untimed and once per register (``bench:rejections`` in their note): up to 2,000 small
  (the small register has fewer documents), 60,000 large, on documents of the register, three
  in four accepted, the rest rejected or returned with one or two reasons of their filing
  type's catalogue.
* ``report_money``: ``report_money.money_report`` by day: sales by fee code and by tender, the
  change, the voids, the refunds by check and the voids' approvers, each grouped by business day
  (75,000 receipts large).
* ``report_drawers``: ``report_money.drawer_report``: every drawer session of the year, its last
  count, the number of counts, the adjustments and the last count's sign-offs.
* ``report_deposits``: ``report_money.deposit_report``: the newest close of each day and the
  day's receipts.
* ``report_voids``: ``report_money.void_report``: every void of the year with the receipt it
  reverses, its drawer, the three people and the refund by check.

Each row fails unless its program and its baseline agree on a headline count.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, text

from benchmarks.bench_registry import _register
from benchmarks.core import BenchmarkError, Context, Measurement, benchmark, log
from benchmarks.dbtools import interleaved
from workstation.models import Batch, Examination, Filing, User
from workstation.models.types import UTCDateTime
from workstation.services import auth, demo, profile
from workstation.services.demo_registry import TODAY
from workstation.services.dto import Actor
from workstation.services.profile import Profile
from workstation.services.report_dto import Report
from workstation.services.report_inquiries import HOLDING_TEMPLATES, inquiry_report
from workstation.services.report_money import (
    deposit_report,
    drawer_report,
    money_report,
    void_report,
)
from workstation.services.report_rejections import rejection_report
from workstation.startup import Backend

FIRST, LAST = TODAY - timedelta(days=365), TODAY
PASSWORDS = {u.username: u.password for u in demo.DEMO_USERS}
ROLE = text("SELECT active, role FROM users WHERE id = :uid")
BENCH_NOTE = "bench:rejections"


def _instants(prof: Profile) -> dict[str, datetime]:
    zone = prof.calendar.zone
    return {"start": datetime.combine(FIRST, time(0), tzinfo=zone).astimezone(UTC),
            "end": datetime.combine(LAST + timedelta(days=1), time(0), tzinfo=zone)
            .astimezone(UTC)}


def _lead(backend: Backend) -> Actor:
    return auth.sign_in(backend.db, backend.policy, "lead", PASSWORDS["lead"])


def _run(ctx: Context, name: str, report: Callable[[Backend, Profile, Actor], Report],
         raw: Callable[[Connection, Profile], int], headline: Callable[[Report], int],
         prepare: Callable[[Backend, Profile, Context], None] | None = None) -> Measurement:
    """Time ``report`` against ``raw`` (which returns the same headline count)."""
    n = ctx.n(10, 10)
    with _register(ctx) as (backend, _clerk):
        prof = profile.load()
        if prepare is not None:
            prepare(backend, prof, ctx)
        lead, engine = _lead(backend), backend.db.engine
        found: dict[str, int] = {}

        def program(i: int) -> None:
            found["program"] = headline(report(backend, prof, lead))

        def baseline(i: int) -> None:
            with engine.connect() as conn:
                conn.execute(ROLE, {"uid": lead.user_id}).one()
                found["raw"] = raw(conn, prof)

        measured = interleaved(n, program, baseline, warmup=2)
    if found["program"] != found["raw"]:
        raise BenchmarkError(f"{name}: the report counts {found['program']}, the SQL "
                             f"{found['raw']}")
    measured.notes.update(counted=found["program"], range=f"{FIRST}..{LAST}")
    return measured


def _total(report: Report, key: str) -> int:
    assert report.totals is not None
    cell = report.totals[report.column(key)]
    return cell if isinstance(cell, int) else getattr(cell, "value", 0)


def _figure(report: Report, label: str) -> int:
    value = next(f.value for f in report.figures if f.label == label)
    return int(value.split(" ")[0].replace(",", ""))


# ---------------------------------------------------------------------- inquiries

_IN_RANGE = ("i.received_at >= :start AND i.received_at < :end AND i.merged_into_id IS NULL")
INQUIRY_PASS = text(
    "SELECT i.channel, i.category, CASE WHEN i.breached OR (i.status_kind = 'open' AND "
    "i.due_at < :now) THEN 1 ELSE 0 END, CASE WHEN i.status_kind != 'done' THEN 1 ELSE 0 END, "
    "i.received_at, i.closed_at, min(CASE WHEN e.channel = 'mail' THEN e.mailed_at WHEN "
    "e.channel IN :answering THEN e.at END), sum(CASE WHEN e.template IN :templates THEN 1 "
    "ELSE 0 END) FROM inquiries AS i LEFT OUTER JOIN inquiry_entries AS e ON e.inquiry_id = "
    f"i.id AND e.kind = 'outbound' WHERE {_IN_RANGE} GROUP BY i.id").bindparams(
    bindparam("start", type_=UTCDateTime()), bindparam("end", type_=UTCDateTime()),
    bindparam("now", type_=UTCDateTime()), bindparam("answering", expanding=True),
    bindparam("templates", expanding=True))


def _raw_inquiries(conn: Connection, prof: Profile) -> int:
    rows = conn.execute(INQUIRY_PASS, {**_instants(prof), "now": datetime.now(UTC),
                                       "answering": sorted(prof.inquiry.response_channels),
                                       "templates": list(HOLDING_TEMPLATES)}).all()
    return len(rows)


@benchmark("report_inquiries")
def report_inquiries(ctx: Context) -> Measurement:
    return _run(ctx, "report_inquiries",
                lambda b, p, a: inquiry_report(b.db, p, a, FIRST, LAST), _raw_inquiries,
                lambda r: _total(r, "received"))


# ---------------------------------------------------------------------- rejections

_FIRST_FINAL = (
    "x.decision IN ('accepted', 'rejected', 'returned') AND x.decided_at >= :start AND "
    "x.decided_at < :end AND NOT EXISTS (SELECT 1 FROM examinations AS y WHERE y.filing_id = "
    "x.filing_id AND y.decision IN ('accepted', 'rejected', 'returned') AND y.id < x.id)")
DECIDED = text(
    "SELECT f.filing_type, x.decision, count(*) FROM examinations AS x JOIN filings AS f ON "
    f"f.id = x.filing_id WHERE {_FIRST_FINAL} GROUP BY f.filing_type, x.decision").bindparams(
    bindparam("start", type_=UTCDateTime()), bindparam("end", type_=UTCDateTime()))
REASONS = text(
    "SELECT f.filing_type, x.reasons, count(*) FROM examinations AS x JOIN filings AS f ON "
    f"f.id = x.filing_id WHERE {_FIRST_FINAL} AND x.decision IN ('rejected', 'returned') "
    "GROUP BY f.filing_type, x.reasons").bindparams(
    bindparam("start", type_=UTCDateTime()), bindparam("end", type_=UTCDateTime()))


def _raw_rejections(conn: Connection, prof: Profile) -> int:
    at = _instants(prof)
    decided = conn.execute(DECIDED, at).all()
    conn.execute(REASONS, at).all()
    return sum(int(row[2]) for row in decided)


def _load_examinations(backend: Backend, prof: Profile, ctx: Context) -> None:
    """A year of decisions on documents of the register, once (the demo has none)."""
    wanted = ctx.scale(2_000, 60_000)
    engine = backend.db.engine
    with engine.connect() as conn:
        have = conn.execute(select(func.count()).select_from(Examination)
                            .where(Examination.note == BENCH_NOTE)).scalar_one()
        if have:
            return  # loaded by an earlier row or run on this register
        top = int(conn.execute(select(func.max(Filing.id))).scalar_one() or 0)
        lead = int(conn.execute(select(User.id).where(User.username == "lead")).scalar_one())
    if top == 0:
        raise BenchmarkError("report_rejections: the register has no filings")
    log(f"report_rejections: loading {wanted:,} decisions over a year (once)")
    rng = random.Random(9)
    ids = sorted({rng.randint(1, top) for _ in range(wanted + wanted // 10)})[:wanted]
    with engine.begin() as conn:
        kinds: dict[int, str] = {}
        for start in range(0, len(ids), 5_000):
            chunk = ids[start:start + 5_000]
            kinds.update({int(i): str(t) for i, t in conn.execute(
                select(Filing.id, Filing.filing_type).where(Filing.id.in_(chunk)))})
        now = datetime.now(UTC)
        batch = conn.execute(insert(Batch).values(
            number=f"BENCH-R-{rng.randint(0, 10**6):06d}", service_type="corporate",
            service_level="regular", work_level=1, status="closed", opened_at=now,
            version=1, created_at=now, updated_at=now).returning(Batch.id)).scalar_one()
        rows = [_decision(prof, rng, filing, kind, int(batch), lead)
                for filing, kind in kinds.items()]
        for start in range(0, len(rows), 5_000):
            conn.execute(insert(Examination), rows[start:start + 5_000])


def _decision(prof: Profile, rng: random.Random, filing: int, kind: str, batch: int,
              lead: int) -> dict[str, Any]:
    roll = rng.random()
    decision = "accepted" if roll < 0.75 else "rejected" if roll < 0.95 else "returned"
    try:
        codes = [r.code for r in prof.examination.reasons_for(kind)]
    except KeyError:
        codes = []
    if not codes:
        decision = "accepted"
    reasons = "" if decision == "accepted" else ",".join(
        sorted(rng.sample(codes, min(len(codes), rng.choice((1, 1, 1, 2))))))
    day = FIRST + timedelta(days=rng.randint(0, 364))
    moment = datetime.combine(day, time(8 + rng.randint(0, 8), rng.randint(0, 59)),
                              tzinfo=prof.calendar.zone)
    return {"filing_id": filing, "batch_id": batch, "decision": decision, "reasons": reasons,
            "note": BENCH_NOTE, "answers": "{}", "refund_cents": 0, "credit_cents": 0,
            "held_cents": 0, "decided_by": lead, "decided_at": moment,
            "started_at": moment - timedelta(minutes=rng.randint(2, 40))}


@benchmark("report_rejections")
def report_rejections(ctx: Context) -> Measurement:
    return _run(ctx, "report_rejections",
                lambda b, p, a: rejection_report(b.db, p, a, FIRST, LAST), _raw_rejections,
                lambda r: _figure(r, "Documents decided"), prepare=_load_examinations)


# ---------------------------------------------------------------------- money

_DAYS = "r.business_date >= :first AND r.business_date <= :last"
MONEY = tuple(text(sql) for sql in (
    f"SELECT r.business_date, count(*), sum(r.total_cents), sum(r.change_cents) FROM receipts "
    f"AS r WHERE {_DAYS} AND r.kind = 'sale' GROUP BY r.business_date",
    "SELECT r.business_date, l.fee_code, sum(l.amount_cents) FROM receipt_lines AS l JOIN "
    f"receipts AS r ON r.id = l.receipt_id WHERE {_DAYS} AND r.kind = 'sale' "
    "GROUP BY r.business_date, l.fee_code",
    "SELECT r.business_date, t.tender, sum(t.amount_cents) FROM receipt_tenders AS t JOIN "
    f"receipts AS r ON r.id = t.receipt_id WHERE {_DAYS} AND r.kind = 'sale' "
    "GROUP BY r.business_date, t.tender",
    f"SELECT r.business_date, count(*), sum(r.total_cents) FROM receipts AS r WHERE {_DAYS} "
    "AND r.kind = 'reversal' GROUP BY r.business_date",
    "SELECT r.business_date, sum(t.amount_cents) FROM receipt_tenders AS t JOIN receipts AS r "
    f"ON r.id = t.receipt_id WHERE {_DAYS} AND r.kind = 'reversal' AND t.tender = "
    "'refund_check' GROUP BY r.business_date",
    "SELECT r.business_date, u.username, count(*) FROM receipts AS r JOIN users AS u ON u.id = "
    f"r.approved_by WHERE {_DAYS} AND r.kind = 'reversal' GROUP BY r.business_date, "
    "u.username"))


def _days() -> dict[str, date]:
    return {"first": FIRST, "last": LAST}


def _raw_money(conn: Connection, prof: Profile) -> int:
    sales = conn.execute(MONEY[0], _days()).all()
    for statement in MONEY[1:]:
        conn.execute(statement, _days()).all()
    return sum(int(row[1]) for row in sales)


@benchmark("report_money")
def report_money(ctx: Context) -> Measurement:
    return _run(ctx, "report_money", lambda b, p, a: money_report(b.db, p, a, FIRST, LAST),
                _raw_money, lambda r: _total(r, "receipts"))


_SESSIONS = ("SELECT id FROM drawer_sessions WHERE business_date >= :first AND "
             "business_date <= :last")
_LAST_COUNTS = f"SELECT max(id) FROM drawer_counts WHERE session_id IN ({_SESSIONS}) " \
               "GROUP BY session_id"
DRAWERS = tuple(text(sql) for sql in (
    "SELECT s.id, s.business_date, d.code, u.username, s.status FROM drawer_sessions AS s "
    "JOIN drawers AS d ON d.id = s.drawer_id JOIN users AS u ON u.id = s.clerk_id WHERE s.id "
    f"IN ({_SESSIONS}) ORDER BY s.business_date, d.code, s.id",
    f"SELECT session_id, comparison, sign_off FROM drawer_counts WHERE id IN ({_LAST_COUNTS})",
    f"SELECT session_id, count(*) FROM drawer_counts WHERE session_id IN ({_SESSIONS}) "
    "GROUP BY session_id",
    "SELECT session_id, tender, sum(cents) FROM drawer_adjustments WHERE session_id IN "
    f"({_SESSIONS}) GROUP BY session_id, tender",
    "SELECT c.session_id, o.decision, o.note, u.username FROM drawer_sign_offs AS o JOIN "
    "drawer_counts AS c ON c.id = o.count_id JOIN users AS u ON u.id = o.by_user WHERE "
    f"o.count_id IN ({_LAST_COUNTS}) ORDER BY o.id"))


def _raw_drawers(conn: Connection, prof: Profile) -> int:
    sessions = conn.execute(DRAWERS[0], _days()).all()
    for statement in DRAWERS[1:]:
        conn.execute(statement, _days()).all()
    return len(sessions)


@benchmark("report_drawers")
def report_drawers(ctx: Context) -> Measurement:
    return _run(ctx, "report_drawers", lambda b, p, a: drawer_report(b.db, p, a, FIRST, LAST),
                _raw_drawers, lambda r: len(r.rows))


DEPOSITS = (
    text("SELECT * FROM office_days WHERE id IN (SELECT max(id) FROM office_days WHERE "
         "business_date >= :first AND business_date <= :last GROUP BY business_date)"),
    text("SELECT business_date, sum(total_cents) FROM receipts WHERE business_date >= :first "
         "AND business_date <= :last GROUP BY business_date"))


def _raw_deposits(conn: Connection, prof: Profile) -> int:
    closed = conn.execute(DEPOSITS[0], _days()).all()
    taken = conn.execute(DEPOSITS[1], _days()).all()
    return len({row.business_date for row in closed} | {row[0] for row in taken})


@benchmark("report_deposits")
def report_deposits(ctx: Context) -> Measurement:
    return _run(ctx, "report_deposits",
                lambda b, p, a: deposit_report(b.db, p, a, FIRST, LAST), _raw_deposits,
                lambda r: len(r.rows))


VOIDS = text(
    "SELECT r.business_date, r.number, o.number, o.business_date, d.code, r.total_cents, "
    "r.reason_code, r.reason_note, (SELECT coalesce(sum(t.amount_cents), 0) FROM "
    "receipt_tenders AS t WHERE t.receipt_id = r.id AND t.tender = 'refund_check'), "
    "v.username, k.username, a.username FROM receipts AS r JOIN receipts AS o ON o.id = "
    "r.reverses_id JOIN drawer_sessions AS s ON s.id = r.session_id JOIN drawers AS d ON "
    "d.id = s.drawer_id JOIN users AS v ON v.id = r.clerk_id JOIN users AS k ON k.id = "
    "o.clerk_id LEFT OUTER JOIN users AS a ON a.id = r.approved_by WHERE r.kind = 'reversal' "
    f"AND {_DAYS} ORDER BY r.business_date, r.id")


@benchmark("report_voids")
def report_voids(ctx: Context) -> Measurement:
    return _run(ctx, "report_voids", lambda b, p, a: void_report(b.db, p, a, FIRST, LAST),
                lambda conn, _p: len(conn.execute(VOIDS, _days()).all()),
                lambda r: len(r.rows))
