"""Engine factory for the two back ends (DESIGN.md section 6).

SQLite (one counter): WAL with ``synchronous=FULL`` (money must survive power loss), foreign keys
on every connection, a busy timeout, and ``BEGIN IMMEDIATE`` for every write transaction so two
writers queue instead of failing half-way. The driver's own transaction handling is switched off
(SQLAlchemy's documented recipe) so that BEGIN is ours.

PostgreSQL (an office): psycopg 3, ``pool_pre_ping`` to survive a server restart, and
``lock_timeout`` / ``idle_in_transaction_session_timeout`` so a frozen workstation cannot hold
locks.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL

from workstation.db import location_guard
from workstation.errors import EnvironmentFailure

DB_URL_ENV = "WORKSTATION_DB_URL"
READ_ONLY = "workstation_read_only"  # execution option: a plain deferred BEGIN on SQLite
SQLITE_BUSY_TIMEOUT_MS = 15_000


@dataclass(frozen=True)
class DatabaseTarget:
    """What the status bar shows: the file or the server, without a password."""

    url: URL

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        return Path(self.url.database) if self.is_sqlite and self.url.database else None

    def describe(self) -> str:
        if self.is_sqlite:
            return f"SQLite {self.url.database}"
        host = self.url.host or "localhost"
        port = f":{self.url.port}" if self.url.port else ""
        return f"PostgreSQL {self.url.database} on {host}{port}"


def resolve_target(configured_url: str, default_sqlite: Path) -> DatabaseTarget:
    """The database to open: ``WORKSTATION_DB_URL``, else the setting, else the local file."""
    raw = os.environ.get(DB_URL_ENV) or configured_url
    if not raw:
        return DatabaseTarget(URL.create("sqlite+pysqlite", database=str(default_sqlite)))
    try:
        url = make_url(raw)
    except Exception as exc:
        raise EnvironmentFailure(f"The database address {raw!r} is not valid: {exc}") from exc
    backend = url.get_backend_name()
    if backend == "postgresql":
        return DatabaseTarget(url.set(drivername="postgresql+psycopg"))
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise EnvironmentFailure("A SQLite database must be a file, not in memory.")
        return DatabaseTarget(url.set(drivername="sqlite+pysqlite"))
    raise EnvironmentFailure(f"Unsupported database {backend!r}: use SQLite or PostgreSQL.")


def make_engine(target: DatabaseTarget, *, lock_timeout_ms: int = 10_000,
                idle_in_transaction_timeout_ms: int = 60_000,
                check_location: bool = True) -> Engine:
    """A configured engine for ``target``; refuses an unsafe SQLite location."""
    if target.is_sqlite:
        return _sqlite_engine(target, check_location)
    return _postgres_engine(target, lock_timeout_ms, idle_in_transaction_timeout_ms)


def _sqlite_engine(target: DatabaseTarget, check_location: bool) -> Engine:
    path = target.sqlite_path
    assert path is not None
    if check_location:
        reason = location_guard.check(path)
        if reason:
            raise EnvironmentFailure(reason)
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        target.url,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "isolation_level": None},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        read_only = conn.get_execution_options().get(READ_ONLY, False)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def _postgres_engine(target: DatabaseTarget, lock_timeout_ms: int,
                     idle_timeout_ms: int) -> Engine:
    options = (f"-c lock_timeout={int(lock_timeout_ms)} "
               f"-c idle_in_transaction_session_timeout={int(idle_timeout_ms)} "
               "-c timezone=UTC")
    return create_engine(
        target.url,
        pool_pre_ping=True,
        pool_size=3,
        max_overflow=2,
        connect_args={"options": options, "application_name": "counter-workstation",
                      "connect_timeout": 10},
    )
