"""Writing and verifying the audit chain (DESIGN.md section 3; NIST SP 800-53 AU-3, AU-9).

``record`` is called by every mutating service inside its own unit of work, so the audit row
commits or rolls back with the change it describes: if it cannot be written, the change fails.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row, func, literal, select, text, update

from workstation.db.uow import Database, UnitOfWork
from workstation.domain.audit_chain import ChainedRecord, canonical_json, first_break, record_hash
from workstation.models import AuditHead, AuditRecord
from workstation.models.types import utcnow
from workstation.services.authz import authorize
from workstation.services.dto import Actor, AuditEntry, ChainReport

SYSTEM = "system"


def record(
    uow: UnitOfWork,
    actor: Actor | str | None,
    action: str,
    entity_type: str,
    entity_id: object,
    *,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    reason: str | None = None,
    approver: str | None = None,
    outcome: str = "ok",
) -> int:
    """Append one audit record to the chain; returns its sequence number.

    ``actor`` is the signed-in user, or a bare name for attempts by someone not signed in
    (a failed sign-in) and for the system itself.
    """
    seq, prev_hash, occurred_at = _take_next_link(uow)
    row = AuditRecord(
        seq=seq,
        occurred_at=occurred_at,
        actor_user_id=actor.user_id if isinstance(actor, Actor) else None,
        actor=(actor.username if isinstance(actor, Actor) else (actor or SYSTEM))[:64],
        os_user=uow.database.os_user[:128],
        workstation=uow.database.workstation[:128],
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id)[:64],
        outcome=outcome,
        before_json=None if before is None else canonical_json(dict(before)),
        after_json=None if after is None else canonical_json(dict(after)),
        reason=reason,
        approver=approver,
        prev_hash=prev_hash,
        hash="",
    )
    row.hash = record_hash(prev_hash, hashed_fields(row))
    uow.session.add(row)
    uow.session.flush()
    uow.session.execute(update(AuditHead).where(AuditHead.id == 1).values(last_hash=row.hash))
    return seq


def _take_next_link(uow: UnitOfWork) -> tuple[int, str, datetime]:
    """Lock the chain head and take the next sequence number.

    The UPDATE locks the single head row until commit, so concurrent writers queue here and the
    chain can never fork. On PostgreSQL the time is the server's clock (NIST AU-8).
    """
    server_clock = uow.dialect == "postgresql"
    stmt = (
        update(AuditHead)
        .where(AuditHead.id == 1)
        .values(last_seq=AuditHead.last_seq + 1)
        .returning(AuditHead.last_seq, AuditHead.last_hash,
                   func.clock_timestamp() if server_clock else literal(None))
    )
    seq, prev_hash, server_now = uow.session.execute(stmt).one()
    occurred_at = server_now.astimezone(UTC) if server_clock else utcnow()
    return int(seq), str(prev_hash), occurred_at


def hashed_fields(row: AuditRecord | Row[Any]) -> dict[str, Any]:
    """The fields the hash covers: everything but the hashes themselves."""
    return {
        "seq": row.seq,
        "occurred_at": row.occurred_at.isoformat(timespec="microseconds"),
        "actor_user_id": row.actor_user_id,
        "actor": row.actor,
        "os_user": row.os_user,
        "workstation": row.workstation,
        "action": row.action,
        "entity_type": row.entity_type,
        "entity_id": row.entity_id,
        "outcome": row.outcome,
        "before": row.before_json,
        "after": row.after_json,
        "reason": row.reason,
        "approver": row.approver,
    }


def verify_chain(uow: UnitOfWork) -> ChainReport:
    """Walk the whole chain and compare its end with the head; no permission check."""
    head = uow.session.execute(select(AuditHead.last_seq, AuditHead.last_hash)).one()
    checked, found = first_break(_chained(uow))
    if found is not None:
        return ChainReport(checked, head.last_seq, head.last_hash, found.seq, found.reason)
    last = uow.session.execute(
        select(AuditRecord.seq, AuditRecord.hash).order_by(AuditRecord.seq.desc()).limit(1)
    ).first()
    last_seq, last_hash = (last.seq, last.hash) if last else (0, head.last_hash)
    if last_seq != head.last_seq or last_hash != head.last_hash:
        return ChainReport(checked, head.last_seq, head.last_hash, last_seq + 1,
                           f"the chain ends at record {last_seq} but the head says "
                           f"{head.last_seq}: records were removed from the end")
    return ChainReport(checked, head.last_seq, head.last_hash, None, None)


def _chained(uow: UnitOfWork) -> Iterator[ChainedRecord]:
    # Plain rows, not ORM objects: verification reads every record, and identity-map
    # bookkeeping for each would cost several times the hashing.
    table = AuditRecord.__table__
    rows = uow.session.execute(select(table).order_by(table.c.seq))
    for row in rows.yield_per(2000):
        yield ChainedRecord(row.seq, hashed_fields(row), row.prev_hash, row.hash)


def verify(db: Database, actor: Actor) -> ChainReport:
    """Verify the audit chain. Supervisors and admins; the check itself is audited."""

    def work(uow: UnitOfWork) -> ChainReport:
        authorize(uow, actor, "audit.verify")
        report = verify_chain(uow)
        outcome = "ok" if report.ok else "broken"
        record(uow, actor, "audit.verify", "audit_log", report.head_seq, outcome=outcome,
               after={"checked": report.checked, "broken_at": report.broken_at})
        uow.commit()
        return report

    return db.run(work)


def recent(db: Database, actor: Actor, limit: int = 200) -> list[AuditEntry]:
    """The newest audit records, newest first. Leads, supervisors and admins."""

    def work(uow: UnitOfWork) -> list[AuditEntry]:
        authorize(uow, actor, "audit.read")
        rows = uow.session.execute(
            select(AuditRecord).order_by(AuditRecord.seq.desc()).limit(limit)
        ).scalars()
        return [
            AuditEntry(r.seq, r.occurred_at, r.actor, r.workstation, r.action, r.entity_type,
                       r.entity_id, r.outcome, r.reason)
            for r in rows
        ]

    return db.run(work, read_only=True)


def chain_head(uow: UnitOfWork) -> tuple[int, str]:
    """Sequence and hash at the head, for close-of-day slips (the external witness)."""
    row = uow.session.execute(text("SELECT last_seq, last_hash FROM audit_head")).one()
    return int(row[0]), str(row[1])
