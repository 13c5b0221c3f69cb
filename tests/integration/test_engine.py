"""Engine settings on each back end, the retry runner and optimistic locking."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from workstation.db.engine import resolve_target
from workstation.db.uow import UnitOfWork
from workstation.errors import ConflictError, EnvironmentFailure
from workstation.models import User
from workstation.startup import Backend


def test_sqlite_pragmas(backend: Backend) -> None:
    if not backend.db.target.is_sqlite:
        pytest.skip("SQLite only")
    with backend.db.engine.connect() as conn:
        got = {p: conn.execute(text(f"PRAGMA {p}")).scalar()
               for p in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")}
    assert got == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1,
                   "busy_timeout": 15000}


def test_sqlite_writes_begin_immediate(backend: Backend) -> None:
    """A write transaction holds the write lock from its first statement, so a second writer
    waits at BEGIN rather than failing half-way through its work."""
    path = backend.db.target.sqlite_path
    if path is None:
        pytest.skip("SQLite only")
    with backend.db.uow() as uow:
        uow.session.execute(text("SELECT 1"))
        other = sqlite3.connect(path, timeout=0.1, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
    with backend.db.uow(read_only=True) as uow:  # a reader does not take the write lock
        uow.session.execute(text("SELECT 1"))
        other = sqlite3.connect(path, timeout=0.1, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        other.close()


def test_postgres_session_guards(backend: Backend) -> None:
    if backend.db.target.is_sqlite:
        pytest.skip("PostgreSQL only")
    with backend.db.engine.connect() as conn:
        assert conn.execute(text("SHOW lock_timeout")).scalar() == "10s"
        assert conn.execute(text("SHOW idle_in_transaction_session_timeout")).scalar() == "1min"
        assert conn.execute(text("SHOW TimeZone")).scalar() == "UTC"


class _Serialization(Exception):
    sqlstate = "40001"


def test_whole_unit_of_work_is_retried_on_serialization_failure(backend: Backend) -> None:
    calls = []

    def work(uow: UnitOfWork) -> str:
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("UPDATE ...", {}, _Serialization("could not serialize"))
        return "done"

    assert backend.db.run(work) == "done" and len(calls) == 3


def test_retries_are_bounded(backend: Backend) -> None:
    def work(uow: UnitOfWork) -> None:
        raise OperationalError("UPDATE ...", {}, _Serialization("could not serialize"))

    with pytest.raises(OperationalError):
        backend.db.run(work)


def test_stale_edit_is_a_conflict_not_an_overwrite(demo_backend: Backend) -> None:
    """Another workstation saved the row after we read it: our UPDATE matches no row at the old
    version, and the clerk is told, instead of silently overwriting their change."""
    with demo_backend.db.uow() as uow:
        user = uow.session.get(User, 1)
        assert user is not None and user.version == 1
        uow.session.execute(text("UPDATE users SET version = version + 1 WHERE id = 1"))
        user.full_name = "My Change"
        with pytest.raises(ConflictError, match="Someone else changed"):
            uow.commit()


def test_expected_version_from_a_screen_is_checked(demo_backend: Backend) -> None:
    with demo_backend.db.uow() as uow:
        user = uow.session.get(User, 1)
        assert user is not None
        uow.expect_version(user.version, 1)
        with pytest.raises(ConflictError):
            uow.expect_version(user.version, 0)


def test_unsupported_database_named() -> None:
    with pytest.raises(EnvironmentFailure, match="Unsupported database"):
        resolve_target("mysql://x/y", Path("unused"))
