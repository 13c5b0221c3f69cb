"""The audit chain (DESIGN.md section 3).

``audit_append``: one ``audit.record`` in its own committed unit of work, against a raw INSERT of
an equivalent row (same columns, same keys and indexes) into a scratch table, each in its own
transaction on the same engine (so the same PRAGMAs on SQLite: WAL, synchronous=FULL).

``audit_verify``: ``audit.verify_chain`` over a chain of 10,000 records (100,000 large) in a
read-only unit of work, against a raw ``SELECT * FROM audit_log ORDER BY seq`` fetching every row.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import Column, MetaData, Table, bindparam, text

from benchmarks.core import BenchmarkError, Context, Measurement, benchmark, log, timed
from benchmarks.dbtools import interleaved, private_backend, scratch_table
from workstation.db.engine import READ_ONLY
from workstation.db.uow import Database, UnitOfWork
from workstation.models import AuditRecord
from workstation.models.types import UTCDateTime, utcnow
from workstation.services import audit

ACTOR, ACTION, ENTITY = "bench", "bench.append", "bench"
FILL_BATCH = 2000


def _raw_table() -> Table:
    """A plain table with the audit log's columns, primary key, unique hash and index."""
    columns = [
        Column(c.name, c.type, primary_key=c.primary_key, nullable=c.nullable,
               unique=bool(c.unique), index=bool(c.index),
               autoincrement=False if c.primary_key else "auto")
        for c in AuditRecord.__table__.columns
    ]
    return Table("bench_audit_raw", MetaData(), *columns)


RAW = _raw_table()
RAW_INSERT = text(
    f"INSERT INTO bench_audit_raw ({', '.join(c.name for c in RAW.columns)}) "
    f"VALUES ({', '.join(':' + c.name for c in RAW.columns)})"
).bindparams(bindparam("occurred_at", type_=UTCDateTime()))


def _raw_row(db: Database, seq: int, prev_hash: str) -> dict[str, Any]:
    digest = hashlib.sha256(f"{prev_hash}{seq}".encode()).hexdigest()
    return {
        "seq": seq, "occurred_at": utcnow(), "actor_user_id": None, "actor": ACTOR,
        "os_user": db.os_user[:128], "workstation": db.workstation[:128], "action": ACTION,
        "entity_type": ENTITY, "entity_id": str(seq), "outcome": "ok", "before_json": None,
        "after_json": None, "reason": None, "approver": None, "prev_hash": prev_hash,
        "hash": digest,
    }


@benchmark("audit_append")
def audit_append(ctx: Context) -> Measurement:
    n = ctx.n(500, 5000)
    with private_backend(ctx) as backend:
        db, engine = backend.db, backend.db.engine

        def append(uow: UnitOfWork, i: int) -> int:
            seq = audit.record(uow, ACTOR, ACTION, ENTITY, i)
            uow.commit()
            return seq

        def program(i: int) -> None:
            db.run(lambda uow: append(uow, i))

        raw_seq = iter(range(1, 10**9))
        last_hash = ["0" * 64]

        def raw(_i: int) -> None:
            row = _raw_row(db, next(raw_seq), last_hash[0])
            with engine.begin() as conn:
                conn.execute(RAW_INSERT, row)
            last_hash[0] = row["hash"]

        with scratch_table(engine, RAW):
            measured = interleaved(n, program, raw)
        report = db.run(audit.verify_chain, read_only=True)
    if not report.ok:
        raise BenchmarkError(f"audit_append: the chain broke at {report.broken_at}: "
                             f"{report.problem}")
    measured.notes["chain"] = report.checked
    return measured


def _grow_chain(db: Database, target: int) -> int:
    """Append records (with a small payload, like real ones) until the chain has ``target``."""
    have = db.run(lambda uow: audit.chain_head(uow)[0], read_only=True)
    while have < target:
        count = min(FILL_BATCH, target - have)

        def fill(uow: UnitOfWork, start: int = have, count: int = count) -> None:
            for i in range(start, start + count):
                audit.record(uow, audit.SYSTEM, "bench.fill", ENTITY, i,
                             after={"n": i, "note": "benchmark filler"})
            uow.commit()

        db.run(fill)
        have += count
    return have


@benchmark("audit_verify")
def audit_verify(ctx: Context) -> Measurement:
    n = ctx.n(5)
    length = ctx.scale(10_000, 100_000)
    with private_backend(ctx) as backend:
        db = backend.db
        log(f"audit_verify: building a chain of {length} records")
        length = _grow_chain(db, length)
        read_only = db.engine.execution_options(**{READ_ONLY: True})
        checked: list[int] = []

        def program() -> None:
            report = db.run(audit.verify_chain, read_only=True)
            if not report.ok:
                raise BenchmarkError(f"audit_verify: chain broken at {report.broken_at}")
            checked.append(report.checked)

        def raw() -> None:
            with read_only.connect() as conn, conn.begin():
                rows = conn.execute(text("SELECT * FROM audit_log ORDER BY seq")).fetchall()
            checked.append(len(rows))

        program()  # warm-up: both read the whole table once into the OS cache
        raw()
        samples, baseline = [], []
        for _ in range(n):
            samples.append(timed(program))
            baseline.append(timed(raw))
    if min(checked) < length:
        raise BenchmarkError(f"audit_verify: read {min(checked)} records, expected {length}")
    return Measurement(samples, baseline, {"chain": length})
