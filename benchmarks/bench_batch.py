"""``batch_close``: closing a batch of 500 decided and checked documents (issue 6: p95 <= 200 ms
on the large demo register), against raw SQL doing the same reads and writes.

**The data.** Each timed close gets a batch of its own, prepared untimed beforehand with Core bulk
inserts into the register of ``--size`` (or ``--register HOME``): 500 filings on existing
entities of the register (statutory agent updates, LLC amendments, corporate amendments: class
corporate / regular / level 1, 1 to 4 pages), in envelopes of 1 to 3 documents from one tray,
each envelope paid exactly by one check, money order or cash (so three tenders), priced by Mail
Sort's own ``intake.preview``; each filing in ``batch_items``, with its ``filing_events``. About
90 % were accepted and checked by a second person (``quality_checks``, ``match``; 1 in 50 after a
first ``mismatch``), the rest rejected with a catalogue reason and the fee refunded (1 in 5 of
those through a money correction, a second ``examinations`` row). The rows carry what
``intake.log_envelope``, ``batch_review.take``/``decide``/``correct_money`` and
``batch_closing.quality_check`` write (numbers from the same number series, versions bumped as
the services bump them, the batch ``in_review``); only their audit records are not written. The
funds balance, so every close succeeds. Each pair of batches (program, baseline) has the same
shape, so the two reports must agree item by item; the row fails if they do not, if a report
is not 500 items or not balanced, or if a batch is not ``closed`` afterwards.

**The program**: ``batch_closing.close`` by the demo lead, its whole unit of work (role check,
the batch, its filings, the standing decisions, the quality checks, the user names, the
tenders, the entity names, the audit head, a reopening note; the content hash of the report;
the status, the batch event, the audit record; commit) and the imaging manifest. The report PDF
is not part of the close: ``Closed.report_pdf`` draws it after the commit, so the write lock is
not held for the second a 500-item report takes to draw.

**The baseline**: the same statements as text on the same engine in one write transaction
(``BEGIN IMMEDIATE`` on SQLite, as the program's), the report data built from the rows and its
content hash, the conditional status ``UPDATE ... WHERE version = :v``, the ``batch_events``
INSERT and an audit record appended to a hash chain of its own in scratch tables
``bench_close_audit`` / ``bench_close_head`` (as ``claim``'s baseline does), then the manifest.
After the timed closes five of the reports are drawn as PDFs; the notes give the median
(``report_pdf_p50_ms``): what printing the report costs after closing.

All batches are prepared before the first timed close (2 untimed closes of each side first), the
SQLite WAL checkpointed, then program and baseline alternate (``interleaved``). The row writes to
the register: 2 x (n + 2) batches of 500 filings a run.
"""

from __future__ import annotations

import json
import random
import statistics
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    text,
)

from benchmarks.bench_registry import _register
from benchmarks.core import BenchmarkError, Context, Measurement, benchmark, log
from benchmarks.dbtools import interleaved
from benchmarks.scratch_chain import ScratchChain, audit_row
from workstation.models import Base
from workstation.models.types import UTCDateTime, utcnow
from workstation.printing.batch_close import (
    BatchCloseReport,
    CloseItem,
    TenderTotal,
    build_batch_close_report,
)
from workstation.printing.imaging_manifest import manifest_csv
from workstation.services import auth, batch_closing, demo, intake, profile
from workstation.services.dto import Actor
from workstation.services.intake_rules import DocumentInput, EnvelopeInput, RemittanceInput
from workstation.services.profile import Profile

ITEMS = 500
WARMUP = 2
TABLES = Base.metadata.tables
# Filing types by the kind of entity they are filed on (class corporate / regular / level 1).
TYPES = {"llc": ("OH-543A", "OH-521"), "corp": ("123-AMDD", "OH-521"),
         "prof-corp": ("123-AMDD", "OH-521")}
OTHER_TYPES = ("OH-521",)
KINDS = ("llc", "corp", "prof-corp", "nonprofit", "lp", "llp", "foreign-corp", "foreign-llc")
TENDERS = (("check", 85), ("money_order", 10), ("cash", 5))  # instrument, percent


# ---------------------------------------------------------------------- the data


@dataclass(frozen=True)
class Doc:
    filing_type: str
    entity_id: int
    pages: int
    accepted: bool
    reason: str  # a rejection's catalogue code
    corrected: bool  # rejected, the refund said again by a money correction
    mismatch_first: bool  # accepted, a first quality check that did not match


@dataclass(frozen=True)
class Shape:
    """One batch's content; the program's and the baseline's batch of a pair share it."""

    envelopes: tuple[tuple[str, tuple[Doc, ...]], ...]  # (instrument, documents)


@dataclass(frozen=True)
class People:
    clerk: int
    clerk_name: str
    senior: int
    senior_name: str
    lead: int


@dataclass(frozen=True)
class Run:
    """What every batch of one run shares: the tray, its customers, the people."""

    people: People
    session_id: int
    customers: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class Prepared:
    batch_id: int
    version: int
    number: str


def _shape(prof: Profile, rng: random.Random, pool: Sequence[tuple[int, str]]) -> Shape:
    docs: list[Doc] = []
    while len(docs) < ITEMS:
        entity_id, kind = rng.choice(pool)
        code = rng.choice(TYPES.get(kind, OTHER_TYPES))
        accepted = rng.random() < 0.9
        reasons = [r.code for r in prof.examination.reasons_for(code)]
        docs.append(Doc(code, entity_id, rng.choice((1, 1, 2, 2, 3, 4)), accepted,
                        "" if accepted else rng.choice(reasons),
                        not accepted and rng.random() < 0.2, accepted and rng.random() < 0.02))
    envelopes: list[tuple[str, tuple[Doc, ...]]] = []
    while docs:
        take = min(len(docs), rng.choices((1, 2, 3), (80, 15, 5))[0])
        instrument = rng.choices([t for t, _ in TENDERS], [w for _, w in TENDERS])[0]
        envelopes.append((instrument, tuple(docs[:take])))
        del docs[:take]
    return Shape(tuple(envelopes))


def _entity_pool(conn: Connection, rng: random.Random, size: int) -> list[tuple[int, str]]:
    """Active entities from across the register (random ids) that these filings fit."""
    top = int(conn.execute(text("SELECT max(id) FROM entities")).scalar_one())
    ids = sorted({rng.randint(1, top) for _ in range(size * 3)})
    query = text("SELECT id, entity_type FROM entities WHERE id IN :ids AND status = 'active' "
                 "AND entity_type IN :kinds").bindparams(bindparam("ids", expanding=True),
                                                         bindparam("kinds", expanding=True))
    rows = [r for start in range(0, len(ids), 5000)  # SQLite allows 32,766 parameters
            for r in conn.execute(query, {"ids": ids[start:start + 5000], "kinds": list(KINDS)})]
    rng.shuffle(rows)
    if len(rows) < 50:
        raise BenchmarkError("batch_close: the register has too few active entities")
    return [(int(r[0]), str(r[1])) for r in rows[:size]]


def _take(conn: Connection, series: str, count: int) -> int:
    """Take ``count`` numbers of ``series`` at once, as ``numbering.next_number`` would one by
    one; returns the first."""
    conn.execute(text("INSERT INTO number_series (series, last_value) SELECT CAST(:s AS "
                      "VARCHAR(40)), 0 WHERE NOT EXISTS (SELECT 1 FROM number_series WHERE "
                      "series = :s)"), {"s": series})
    last = conn.execute(text("UPDATE number_series SET last_value = last_value + :k WHERE "
                             "series = :s RETURNING last_value"), {"s": series, "k": count})
    return int(last.scalar_one()) - count + 1


def _ids(conn: Connection, table: str, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` (one executemany) and return their ids in order."""
    t = TABLES[table]
    stmt = t.insert().returning(t.c.id, sort_by_parameter_order=True)
    return [int(r[0]) for r in conn.execute(stmt, rows)]


def _start(engine: Engine, people: People) -> Run:
    """The tray the documents came in (closed, verified) and its customers."""
    now = utcnow()
    with engine.begin() as conn:
        number = f"S{_take(conn, 'mail_session', 1):06d}"
        session_id = _ids(conn, "mail_sessions", [{
            "number": number, "source": "usps", "opened_at": now - timedelta(days=2),
            "opened_by": people.clerk, "verifier_id": people.senior, "status": "closed",
            "closed_at": now - timedelta(days=2) + timedelta(hours=3),
            "verified_at": now - timedelta(days=2) + timedelta(hours=4), "version": 3,
            "created_at": now, "updated_at": now}])[0]
        names = [f"Bench Filer {i:02d}" for i in range(40)]
        ids = _ids(conn, "customers", [{"name": n, "name_sort": n.casefold(), "version": 1,
                                        "created_at": now, "updated_at": now} for n in names])
    return Run(people, session_id, tuple(zip(ids, names, strict=True)))


class Pricer:
    """Mail Sort's own pricing of an envelope (``intake.preview``), remembered by content."""

    def __init__(self, prof: Profile):
        self.prof = prof
        self.seen: dict[tuple[Any, ...], Any] = {}

    def price(self, docs: tuple[Doc, ...], instrument: str, arrived: datetime) -> Any:
        key = (tuple((d.filing_type, d.pages) for d in docs), instrument)
        if key not in self.seen:
            documents = tuple(DocumentInput(d.filing_type, str(d.pages)) for d in docs)
            quote = intake.preview(self.prof, EnvelopeInput(arrived, "x", documents=documents),
                                   arrived.date(), "usps")  # what is due: the tender's amount
            cents = quote.due_cents
            money = RemittanceInput(f"{cents // 100}.{cents % 100:02d}", "x", instrument,
                                    "1" if instrument == "check" else "")
            found = intake.preview(self.prof, EnvelopeInput(
                arrived, "x", remittances=(money,), documents=documents), arrived.date(), "usps")
            if found.outcome != "exact":
                raise BenchmarkError(f"batch_close: an envelope priced {found.outcome}")
            self.seen[key] = found
        return self.seen[key]


def _prepare(engine: Engine, prof: Profile, pricer: Pricer, run: Run, shape: Shape,
             tag: int) -> Prepared:
    """One batch of ``shape``, decided and checked, written as the services would have."""
    people = run.people
    now = utcnow()
    arrived = now - timedelta(days=2)
    received = prof.calendar.normalise_received(arrived)
    docs = [d for _, envelope in shape.envelopes for d in envelope]
    with engine.begin() as conn:
        first_doc = _take(conn, "document", len(docs))
        first_control = _take(conn, "control", len(shape.envelopes))
        number = intake.batch_number(_take(conn, "batch", 1))
        opened = received + timedelta(seconds=1)
        batch_id = _ids(conn, "batches", [{
            "number": number, "service_type": "corporate", "service_level": "regular",
            "work_level": 1, "status": "in_review", "opened_at": opened, "due_at": None,
            "owner_id": None, "version": 2, "created_at": opened,
            "updated_at": now - timedelta(hours=6)}])[0]
        envelopes: list[dict[str, Any]] = []
        remittances: list[dict[str, Any]] = []
        filings: list[dict[str, Any]] = []
        placed: list[tuple[int, Any]] = []  # (envelope index, Mail Sort's pricing line)
        for e, (instrument, content) in enumerate(shape.envelopes):
            priced = pricer.price(content, instrument, arrived)
            customer_id, customer = run.customers[e % len(run.customers)]
            control = intake.control_number(first_control + e)
            envelopes.append({
                "control_number": control, "session_id": run.session_id, "arrived_at": arrived,
                "received_at": received, "postmark": None, "customer_id": customer_id,
                "customer_name": customer, "correspondence_only": False, "exceptions": "",
                "outcome": priced.outcome, "outcome_note": priced.note, "logged_by": people.clerk})
            remittances.append({
                "instrument": instrument,
                "check_number": f"{tag:04d}{e:04d}" if instrument != "cash" else None,
                "payer": customer, "payer_key": intake.payer_key(customer),
                "bank": "Bench Bank" if instrument == "check" else None,
                "amount_cents": priced.due_cents, "payable_to_ok": True, "endorsed": True})
            for doc, line in zip(content, priced.documents, strict=True):
                at = received + timedelta(seconds=len(filings))
                filings.append({
                    "document_number": f"{received.year}{first_doc + len(filings):08d}",
                    "filing_type": doc.filing_type, "entity_id": doc.entity_id,
                    "received_at": received,
                    "filed_at": None, "effective_date": None, "pages": doc.pages,
                    "fee_due_cents": line.fee_due_cents, "service_level": line.service_level,
                    "status": "received", "examiner_id": None, "taken_at": None, "version": 1,
                    "created_at": at, "updated_at": at})
                placed.append((e, line))
        envelope_ids = _ids(conn, "envelopes", envelopes)
        for e, money in enumerate(remittances):
            money["envelope_id"] = envelope_ids[e]
        _ids(conn, "remittances", remittances)
        filing_ids = _ids(conn, "filings", filings)
        conn.execute(TABLES["envelope_documents"].insert(), [{
            "envelope_id": envelope_ids[e], "filing_id": fid,
            "requested_level": line.requested_level, "note": line.note,
        } for fid, (e, line) in zip(filing_ids, placed, strict=True)])
        conn.execute(TABLES["batch_items"].insert(), [{
            "batch_id": batch_id, "filing_id": fid, "added_at": f["created_at"],
            "added_by": people.clerk, "reason": None,
        } for fid, f in zip(filing_ids, filings, strict=True)])
        _decide(conn, people, batch_id, list(zip(filing_ids, docs, filings, strict=True)),
                envelopes, placed, now)
    return Prepared(batch_id, 2, number)


def _decide(conn: Connection, people: People, batch_id: int,
            items: list[tuple[int, Doc, dict[str, Any]]], envelopes: list[dict[str, Any]],
            placed: list[tuple[int, Any]], now: datetime) -> None:
    """Take, decide (and correct), check: the rows ``batch_review`` and ``batch_closing``
    write, and the filings as those services leave them."""
    events: list[dict[str, Any]] = []
    exams: list[dict[str, Any]] = []
    checks: list[dict[str, Any]] = []
    done: list[dict[str, Any]] = []
    start = now - timedelta(hours=5)
    for n, ((fid, doc, filing), (e, _line)) in enumerate(zip(items, placed, strict=True)):
        taken = start + timedelta(seconds=20 * n)
        decided = taken + timedelta(seconds=15)
        status = "accepted" if doc.accepted else "rejected"
        fee = int(filing["fee_due_cents"])
        events.append({"filing_id": fid, "status": "received", "at": filing["received_at"],
                       "by_user": people.clerk_name,
                       "note": f"envelope {envelopes[e]['control_number']}"})
        events.append({"filing_id": fid, "status": status, "at": decided,
                       "by_user": people.senior_name, "note": doc.reason or None})
        exam = {"filing_id": fid, "batch_id": batch_id, "decision": status,
                "reasons": doc.reason, "note": "", "follow_up_on": None,
                "would_be_filed_at": None, "money": None if doc.accepted else "refund",
                "refund_cents": 0 if doc.accepted or doc.corrected else fee, "credit_cents": 0,
                "held_cents": 0, "answers": "{}", "started_at": taken,
                "decided_by": people.senior, "decided_at": decided}
        exams.append(exam)
        if doc.corrected:
            exams.append({**exam, "note": "correction: the whole fee is refunded",
                          "refund_cents": fee, "started_at": None,
                          "decided_at": decided + timedelta(minutes=30)})
        if doc.accepted:
            check = {"batch_id": batch_id, "filing_id": fid, "result": "match", "fields": "",
                     "note": "", "checked_by": people.lead,
                     "checked_at": decided + timedelta(hours=1)}
            if doc.mismatch_first:
                checks.append({**check, "result": "mismatch", "fields": "address",
                               "note": "zip differs from the paper",
                               "checked_at": decided + timedelta(minutes=50)})
            checks.append(check)
        done.append({"fid": fid, "to_status": status, "taken": taken, "decided": decided,
                     "filed": decided if doc.accepted else None})
    conn.execute(TABLES["filing_events"].insert(), events)
    conn.execute(TABLES["examinations"].insert(), exams)
    conn.execute(TABLES["quality_checks"].insert(), checks)
    filings = TABLES["filings"]
    conn.execute(filings.update().where(filings.c.id == bindparam("fid")).values(
        status=bindparam("to_status"), taken_at=bindparam("taken"), filed_at=bindparam("filed"),
        updated_at=bindparam("decided"), examiner_id=None, version=3), done)


# ---------------------------------------------------------------------- the baseline

ROLE = text("SELECT active, role FROM users WHERE id = :uid")
BATCH = text("SELECT * FROM batches WHERE id = :id").columns(opened_at=UTCDateTime)
FILINGS = text(
    "SELECT filings.* FROM filings JOIN batch_items ON batch_items.filing_id = filings.id "
    "WHERE batch_items.batch_id = :b AND batch_items.id IN (SELECT max(batch_items.id) FROM "
    "batch_items WHERE batch_items.filing_id IN (SELECT batch_items.filing_id FROM batch_items "
    "WHERE batch_items.batch_id = :b) GROUP BY batch_items.filing_id) ORDER BY batch_items.id")
STANDING = text(
    "SELECT * FROM examinations WHERE id IN (SELECT max(id) FROM examinations WHERE filing_id "
    "IN :ids GROUP BY filing_id)").bindparams(bindparam("ids", expanding=True))
CHECKS = text("SELECT * FROM quality_checks WHERE batch_id = :b ORDER BY id")
USERS = text("SELECT id, username FROM users")
TENDER_ROWS = text(
    "SELECT envelope_documents.filing_id, remittances.instrument FROM envelope_documents JOIN "
    "remittances ON remittances.envelope_id = envelope_documents.envelope_id WHERE "
    "envelope_documents.filing_id IN :ids ORDER BY envelope_documents.filing_id, remittances.id"
).bindparams(bindparam("ids", expanding=True))
ENTITY_NAMES = text("SELECT id, name FROM entities WHERE id IN :ids").bindparams(
    bindparam("ids", expanding=True))
REOPENED = text("SELECT * FROM batch_events WHERE batch_id = :b AND kind = 'reopened' "
                "ORDER BY id DESC LIMIT 1").columns(at=UTCDateTime)
CLOSE = text("UPDATE batches SET status = 'closed', version = version + 1, updated_at = :now "
             "WHERE id = :id AND version = :v").bindparams(bindparam("now", type_=UTCDateTime()))
EVENT = text("INSERT INTO batch_events (batch_id, kind, at, by_user, reason, pages, totals, "
             "report_sha256) VALUES (:b, 'closed', :now, :uid, '', :pages, :totals, :sha)"
             ).bindparams(bindparam("now", type_=UTCDateTime()))


CHAIN = ScratchChain("close")


def _raw_close(engine: Engine, prof: Profile, actor: Actor, os_user: str, workstation: str,
               batch: Prepared) -> BatchCloseReport:
    """The close as text SQL in one write transaction, then the manifest."""
    now = utcnow()
    with engine.begin() as conn:
        conn.execute(ROLE, {"uid": actor.user_id}).one()
        head = conn.execute(BATCH, {"id": batch.batch_id}).one()
        if head.version != batch.version or head.status == "closed":
            raise BenchmarkError(f"batch_close: the raw side found {head.number} changed")
        filings = conn.execute(FILINGS, {"b": batch.batch_id}).all()
        ids = [int(f.id) for f in filings]
        decided = {int(r.filing_id): r for r in conn.execute(STANDING, {"ids": ids})}
        checks = {int(r.filing_id): r for r in conn.execute(CHECKS, {"b": batch.batch_id})}
        names = {int(i): str(n) for i, n in conn.execute(USERS)}
        tenders: dict[int, str] = {}
        for filing_id, instrument in conn.execute(TENDER_ROWS, {"ids": ids}):
            tenders.setdefault(int(filing_id), str(instrument))
        wanted = sorted({int(f.entity_id) for f in filings if f.entity_id})
        entities = {int(i): str(n) for i, n in conn.execute(ENTITY_NAMES, {"ids": wanted})}
        seq, chain_hash = conn.execute(CHAIN.now).one()
        reopened = conn.execute(REOPENED, {"b": batch.batch_id}).first()
        items: list[CloseItem] = []
        sums: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
        for f in filings:
            exam = decided[int(f.id)]
            check = checks.get(int(f.id))
            fee = int(f.fee_due_cents)
            item = CloseItem(
                position=len(items) + 1, document_number=f.document_number,
                filing_type=f.filing_type, filing_label=prof.filing_type_label(f.filing_type),
                entity=entities.get(f.entity_id or 0), decision=exam.decision, pages=f.pages,
                fee_cents=fee if exam.decision == "accepted" else 0,
                refund_cents=exam.refund_cents, credit_cents=exam.credit_cents,
                held_cents=fee if exam.decision == "held" else exam.held_cents,
                examiner=names.get(exam.decided_by, "?"),
                qc_by=names.get(check.checked_by) if check and check.result == "match" else None)
            items.append(item)
            for n, amount in enumerate((fee, item.fee_cents, item.refund_cents,
                                        item.credit_cents, item.held_cents)):
                sums[tenders.get(int(f.id), "none")][n] += amount
        report = BatchCloseReport(
            batch_number=head.number, category=head.service_type,
            service_level=head.service_level, work_level=head.work_level,
            opened_at=head.opened_at, closed_at=now, closed_by=actor.username,
            office=prof.calendar.name, items=tuple(items),
            tenders=tuple(TenderTotal(t, *v) for t, v in sorted(sums.items())),
            reopen_note=f"Reopened {reopened.at:%Y-%m-%d}: {reopened.reason}" if reopened else None,
            audit_head=f"{seq}:{chain_hash}")
        if not report.balanced or any(i.decision == "accepted" and i.qc_by is None
                                      for i in items):
            raise BenchmarkError(f"batch_close: the raw side's {head.number} does not close")
        if conn.execute(CLOSE, {"now": now, "id": batch.batch_id,
                                "v": batch.version}).rowcount != 1:
            raise BenchmarkError(f"batch_close: the raw side lost {head.number}")
        conn.execute(EVENT, {"b": batch.batch_id, "now": now, "uid": actor.user_id,
                             "pages": report.pages_to_image,
                             "sha": batch_closing.content_hash(report),
                             "totals": json.dumps([t.__dict__ for t in report.tenders],
                                                  sort_keys=True)})
        seq, prev_hash = conn.execute(CHAIN.next).one()
        row = audit_row(os_user=os_user, workstation=workstation, user_id=actor.user_id,
                        username=actor.username, seq=int(seq), prev_hash=str(prev_hash),
                        action="batch.close", entity_type="batch", entity_id=batch.batch_id,
                        after={"number": head.number, "items": len(items),
                               "pages": report.pages_to_image})
        conn.execute(CHAIN.insert, row)
        conn.execute(CHAIN.set_hash, {"hash": row["hash"]})
    manifest_csv(report.batch_number, report.items)
    return report


# ---------------------------------------------------------------------- the row


def _same(a: BatchCloseReport, b: BatchCloseReport) -> bool:
    def fields(r: BatchCloseReport) -> list[tuple[Any, ...]]:
        return [(i.position, i.filing_type, i.entity, i.decision, i.pages, i.fee_cents,
                 i.refund_cents, i.credit_cents, i.held_cents, i.examiner, i.qc_by)
                for i in r.items]

    return fields(a) == fields(b) and a.tenders == b.tenders


@benchmark("batch_close")
def batch_close(ctx: Context) -> Measurement:
    n = ctx.n(30, 50)
    with _register(ctx) as (backend, _clerk):
        prof = profile.load()
        engine, db = backend.db.engine, backend.db
        passwords = {u.username: u.password for u in demo.DEMO_USERS}
        lead = auth.sign_in(db, backend.policy, "lead", passwords["lead"])
        with engine.connect() as conn:
            users = {str(u): int(i) for i, u in conn.execute(text(
                "SELECT id, username FROM users WHERE username IN ('clerk', 'senior')"))}
            pool = _entity_pool(conn, random.Random(17), 20_000)
        run = _start(engine, People(users["clerk"], "clerk", users["senior"], "senior",
                                    lead.user_id))
        pricer = Pricer(prof)
        pairs: list[tuple[Prepared, Prepared]] = []
        log(f"batch_close: preparing {2 * (n + WARMUP)} batches of {ITEMS} documents")
        for k in range(n + WARMUP):
            shape = _shape(prof, random.Random(1000 + k), pool)
            pairs.append((_prepare(engine, prof, pricer, run, shape, 2 * k),
                          _prepare(engine, prof, pricer, run, shape, 2 * k + 1)))
        if engine.dialect.name == "sqlite":  # both sides start from an empty WAL
            raw_conn = engine.raw_connection()  # outside a transaction, which would block it
            try:
                raw_conn.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                raw_conn.close()
        closed: dict[int, BatchCloseReport] = {}
        raws: dict[int, BatchCloseReport] = {}
        pdf_times: list[float] = []

        def program(i: int) -> None:
            batch = pairs[i + WARMUP][0]
            done = batch_closing.close(db, prof, lead, batch.batch_id, batch.version)
            closed[i] = done.report

        def raw(i: int) -> None:
            batch = pairs[i + WARMUP][1]
            raws[i] = _raw_close(engine, prof, lead, db.os_user, db.workstation, batch)

        with CHAIN.created(engine):
            measured = interleaved(n, program, raw, warmup=WARMUP)
            _check(engine, pairs, closed, raws)
        for report in list(closed.values())[:5]:  # printing, after closing: apart
            started = time.perf_counter()
            build_batch_close_report(report, zone=prof.calendar.zone)
            pdf_times.append(time.perf_counter() - started)
        first = closed[-1]
        with engine.connect() as conn:
            placed = conn.execute(text("SELECT count(*) FROM batch_items")).scalar_one()
    measured.notes.update(items=ITEMS, tenders=[t.tender for t in first.tenders],
                          pages_to_image=first.pages_to_image,
                          report_pdf_p50_ms=round(statistics.median(pdf_times) * 1000, 1),
                          batch_items_rows=int(placed))
    return measured


def _check(engine: Engine, pairs: list[tuple[Prepared, Prepared]],
           closed: dict[int, BatchCloseReport], raws: dict[int, BatchCloseReport]) -> None:
    """Every close gave a balanced 500-item report, the same as its twin's, and closed."""
    for i, report in closed.items():
        if len(report.items) != ITEMS or not report.balanced:
            raise BenchmarkError(f"batch_close: {report.batch_number} closed with "
                                 f"{len(report.items)} items, balanced={report.balanced}")
        if not _same(report, raws[i]):
            raise BenchmarkError(f"batch_close: {report.batch_number}'s report differs from "
                                 f"the raw side's {raws[i].batch_number}")
    ids = [b.batch_id for pair in pairs for b in pair]
    with engine.connect() as conn:
        statuses = conn.execute(text("SELECT status, count(*) FROM batches WHERE id IN :ids "
                                     "GROUP BY status").bindparams(
            bindparam("ids", expanding=True)), {"ids": ids}).all()
    if [(str(s), int(c)) for s, c in statuses] != [("closed", len(ids))]:
        raise BenchmarkError(f"batch_close: batches left unclosed: {statuses}")
