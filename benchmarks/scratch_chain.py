"""A hash chain of the benchmark's own for raw baselines that append audit records: two scratch
tables with the audit log's columns and keys, the statements ``audit.record`` runs against the
real ones, and the record as ``audit.record`` builds and hashes it. The real chain stays intact.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, bindparam, text
from sqlalchemy.sql.elements import TextClause

from benchmarks.dbtools import scratch_table
from workstation.domain.audit_chain import canonical_json
from workstation.models import AuditRecord
from workstation.models.types import UTCDateTime, utcnow


class ScratchChain:
    """``bench_<name>_audit`` and ``bench_<name>_head`` with their statements."""

    def __init__(self, name: str):
        audit, head = f"bench_{name}_audit", f"bench_{name}_head"
        self.audit = Table(audit, MetaData(), *[
            Column(c.name, c.type, primary_key=c.primary_key, nullable=c.nullable,
                   unique=bool(c.unique), index=bool(c.index),
                   autoincrement=False if c.primary_key else "auto")
            for c in AuditRecord.__table__.columns])
        self.head = Table(head, MetaData(), Column("id", Integer, primary_key=True),
                          Column("last_seq", Integer, nullable=False),
                          Column("last_hash", String(64), nullable=False))
        names = [c.name for c in self.audit.columns]
        self.insert: TextClause = text(
            f"INSERT INTO {audit} ({', '.join(names)}) "
            f"VALUES ({', '.join(':' + n for n in names)})"
        ).bindparams(bindparam("occurred_at", type_=UTCDateTime()))
        self.now = text(f"SELECT last_seq, last_hash FROM {head} WHERE id = 1")
        self.next = text(f"UPDATE {head} SET last_seq = last_seq + 1 WHERE id = 1 "
                         "RETURNING last_seq, last_hash")
        self.set_hash = text(f"UPDATE {head} SET last_hash = :hash WHERE id = 1")

    @contextmanager
    def created(self, engine: Engine) -> Iterator[ScratchChain]:
        """Both tables made fresh, the head at sequence 0; dropped afterwards."""
        with scratch_table(engine, self.audit), scratch_table(engine, self.head):
            with engine.begin() as conn:
                conn.execute(self.head.insert().values(id=1, last_seq=0, last_hash="0" * 64))
            yield self


def audit_row(*, os_user: str, workstation: str, user_id: int, username: str, seq: int,
              prev_hash: str, action: str, entity_type: str, entity_id: object,
              after: Mapping[str, Any]) -> dict[str, Any]:
    """The record ``audit.record`` writes, hashed the same way."""
    row: dict[str, Any] = {
        "seq": seq, "occurred_at": utcnow(), "actor_user_id": user_id, "actor": username[:64],
        "os_user": os_user[:128], "workstation": workstation[:128], "action": action,
        "entity_type": entity_type, "entity_id": str(entity_id), "outcome": "ok",
        "before_json": None, "after_json": canonical_json(dict(after)), "reason": None,
        "approver": None, "prev_hash": prev_hash,
    }
    hashed = {k: v for k, v in row.items() if not k.endswith(("_hash", "_json"))}
    hashed.update(occurred_at=row["occurred_at"].isoformat(timespec="microseconds"),
                  before=row["before_json"], after=row["after_json"])
    payload = canonical_json({"prev": prev_hash, "record": hashed})
    row["hash"] = hashlib.sha256(payload.encode("utf-8")).hexdigest()
    return row
