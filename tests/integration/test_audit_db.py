"""The audit log on both databases: same transaction, append-only, tamper-evident, no forks."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, text

from tests.helpers import demo_password
from workstation.db.uow import UnitOfWork
from workstation.domain.roles import Role
from workstation.models import AuditRecord, User
from workstation.services import audit, auth
from workstation.services.dto import Actor
from workstation.startup import Backend


def count(backend: Backend) -> int:
    with backend.db.uow(read_only=True) as uow:
        return int(uow.session.execute(select(func.count()).select_from(AuditRecord)).scalar_one())


def write(backend: Backend, n: int, action: str = "test.write") -> None:
    for i in range(n):
        def work(uow: UnitOfWork, i: int = i) -> None:
            audit.record(uow, "tester", action, "thing", i, after={"i": i, "name": "Ünïcode"})
            uow.commit()
        backend.db.run(work)


def verify(backend: Backend) -> tuple[bool, int | None, str | None]:
    with backend.db.uow(read_only=True) as uow:
        report = audit.verify_chain(uow)
    return report.ok, report.broken_at, report.problem


def raw(backend: Backend, *statements: str) -> None:
    """Tamper as someone with direct database access would: triggers off, then edit."""
    with backend.db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
        else:
            conn.execute(text("DROP TRIGGER trg_audit_log_no_update"))
            conn.execute(text("DROP TRIGGER trg_audit_log_no_delete"))
        for statement in statements:
            conn.execute(text(statement))


def test_chain_intact_after_writes(backend: Backend) -> None:
    write(backend, 20)
    assert verify(backend) == (True, None, None)


def test_audit_row_rolls_back_with_the_change(backend: Backend) -> None:
    with backend.db.uow() as uow:
        audit.record(uow, "tester", "test.write", "thing", 1)
        # no commit: the change and its audit row vanish together
    assert count(backend) == 0
    assert verify(backend)[0]


def test_change_fails_when_audit_cannot_be_written(backend: Backend) -> None:
    """AU-5 fail closed: if the audit row is refused, the business change is not committed."""
    write(backend, 1)
    with pytest.raises(Exception), backend.db.uow() as uow:
        uow.session.add(User(username="ghost", full_name="Ghost", role=Role.CLERK.value,
                             password_hash="x", active=True, failed_logins=0))
        uow.session.flush()
        # An audit row whose sequence is already taken cannot be inserted.
        uow.session.add(AuditRecord(**{**_row_dict(backend, 1), "hash": "f" * 64}))
        uow.session.flush()
        uow.commit()
    with backend.db.uow(read_only=True) as uow:
        assert uow.session.execute(select(User).where(User.username == "ghost")).first() is None


def _row_dict(backend: Backend, seq: int) -> dict[str, object]:
    with backend.db.uow(read_only=True) as uow:
        row = uow.session.get(AuditRecord, seq)
        assert row is not None
        return {c.key: getattr(row, c.key) for c in AuditRecord.__table__.columns}


def test_update_and_delete_are_refused_by_the_database(backend: Backend) -> None:
    write(backend, 2)
    for statement in ("UPDATE audit_log SET actor = 'x' WHERE seq = 1",
                      "DELETE FROM audit_log WHERE seq = 2"):
        with pytest.raises(Exception, match="append-only"), backend.db.engine.begin() as conn:
            conn.execute(text(statement))
    assert verify(backend)[0]


@pytest.mark.parametrize(("tamper", "broken_at"), [
    (["UPDATE audit_log SET actor = 'somebody-else' WHERE seq = 4"], 4),
    (["DELETE FROM audit_log WHERE seq = 3"], 3),
    (["DELETE FROM audit_log WHERE seq = 6"], 6),  # the newest: caught by the head
    (["UPDATE audit_log SET seq = 100 WHERE seq = 2", "UPDATE audit_log SET seq = 2 WHERE seq = 3",
      "UPDATE audit_log SET seq = 3 WHERE seq = 100"], 2),  # reorder
])
def test_tampering_is_detected(backend: Backend, tamper: list[str], broken_at: int) -> None:
    write(backend, 6)
    raw(backend, *tamper)
    ok, at, problem = verify(backend)
    assert not ok and at == broken_at and problem


def test_inserted_record_is_detected(backend: Backend) -> None:
    write(backend, 5)
    row = _row_dict(backend, 5)
    row.update(seq=6, action="forged", hash="a" * 64, prev_hash=row["hash"])
    with backend.db.engine.begin() as conn:
        conn.execute(AuditRecord.__table__.insert().values(**row))
    ok, at, _ = verify(backend)
    assert not ok and at == 6


def test_concurrent_writers_never_fork_the_chain(backend: Backend) -> None:
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            write(backend, 25, action=f"thread{n}")
        except BaseException as exc:  # collected and re-raised below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert count(backend) == 100
    assert verify(backend) == (True, None, None)


def test_records_carry_who_where_what(demo_backend: Backend) -> None:
    actor = auth.sign_in(demo_backend.db, demo_backend.policy, "lead", demo_password("lead"))
    assert isinstance(actor, Actor)
    with demo_backend.db.uow(read_only=True) as uow:
        row = uow.session.execute(
            select(AuditRecord).where(AuditRecord.action == "auth.sign_in")).scalar_one()
        assert (row.actor, row.actor_user_id, row.workstation) == (
            "lead", actor.user_id, "TEST-WS-01")
        assert row.os_user and row.occurred_at.tzinfo is not None and row.outcome == "ok"
