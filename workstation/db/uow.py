"""Unit of work and the retry runner (cosmicpython's pattern, SQLAlchemy's session advice).

A ``UnitOfWork`` is one short transaction: a Session opened on enter, rolled back on exit unless
``commit()`` was called. ``Database.run`` re-runs a whole operation when the server says the
transaction lost a race (serialization failure 40001, deadlock 40P01, SQLite busy), a bounded
number of times: retrying only the failed statement would be wrong, the whole read-decide-write
must be repeated.
"""

from __future__ import annotations

import functools
import getpass
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from workstation.db.engine import READ_ONLY, DatabaseTarget
from workstation.errors import ConflictError, EnvironmentFailure

log = logging.getLogger("workstation.db")
T = TypeVar("T")
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})
MAX_ATTEMPTS = 5


class UnitOfWork:
    """``with db.uow() as uow: ...; uow.commit()`` - nothing is kept unless committed."""

    def __init__(self, database: Database, *, read_only: bool = False):
        self.database = database
        self.read_only = read_only
        self._committed = False
        self.session: Session

    def __enter__(self) -> UnitOfWork:
        bind = self.database.reader if self.read_only else self.database.engine
        self.session = Session(bind=bind, expire_on_commit=False, autoflush=True)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            if not self._committed:
                self.session.rollback()
        finally:
            self.session.close()

    @property
    def dialect(self) -> str:
        return self.database.engine.dialect.name

    def expect_version(self, current: int, expected: int) -> None:
        """Refuse to save over a record that changed since the screen showed version
        ``expected`` (the DTO carries it), so two clerks never silently overwrite each other."""
        if current != expected:
            raise ConflictError(
                "Someone else changed this record since you opened it. "
                "Reload it to see their change, then make yours again."
            )

    def commit(self) -> None:
        if self.read_only:
            raise RuntimeError("a read-only unit of work cannot commit")
        try:
            self.session.commit()
        except StaleDataError as exc:
            raise ConflictError(
                "Someone else changed this record while you were working on it. "
                "Reload it and make your change again."
            ) from exc
        self._committed = True


@dataclass
class Database:
    """An open database: the engine plus who and where this program is, for the audit log."""

    engine: Engine
    target: DatabaseTarget
    workstation: str
    os_user: str

    @classmethod
    def open(cls, engine: Engine, target: DatabaseTarget, workstation: str) -> Database:
        try:
            os_user = getpass.getuser()
        except Exception:  # no login name on some service accounts
            os_user = "unknown"
        return cls(engine, target, workstation, os_user)

    @functools.cached_property
    def reader(self) -> Engine:
        """The engine with read-only transactions (a plain BEGIN on SQLite). Made once: an
        options engine per unit of work costs more than the query it runs."""
        return self.engine.execution_options(**{READ_ONLY: True})

    def uow(self, *, read_only: bool = False) -> UnitOfWork:
        return UnitOfWork(self, read_only=read_only)

    def run(self, work: Callable[[UnitOfWork], T], *, read_only: bool = False) -> T:
        """Run ``work`` in a fresh unit of work, re-running it whole on a lost race."""
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                with self.uow(read_only=read_only) as uow:
                    return work(uow)
            except DBAPIError as exc:
                if not is_retryable(exc) or attempt == MAX_ATTEMPTS:
                    raise translate(exc) from exc
                delay = min(0.5, 0.01 * 2**attempt) * (0.5 + random.random())
                log.info("retrying after %s (attempt %d): %s", _sqlstate(exc), attempt, exc.orig)
                time.sleep(delay)
        raise AssertionError("unreachable")

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlstate(exc: DBAPIError) -> str | None:
    return getattr(exc.orig, "sqlstate", None)


def is_retryable(exc: DBAPIError) -> bool:
    if _sqlstate(exc) in RETRYABLE_SQLSTATES:
        return True
    message = str(exc.orig).lower()
    return isinstance(exc, OperationalError) and (
        "database is locked" in message or "database is busy" in message
    )


def translate(exc: DBAPIError) -> Exception:
    """A known environment problem in words; anything else stays a bug."""
    message = str(exc.orig).lower()
    known = {
        "database or disk is full": "The disk is full. Free some space and try again.",
        "database is locked": "The database is busy. Try again in a moment.",
        "readonly database": "The database file is read-only. Ask IT to check its permissions.",
        "lock timeout": "The record is being changed at another workstation. Try again.",
        "connection refused": "The database server cannot be reached. Check the network.",
        "server closed the connection": "The database server closed the connection. Try again.",
        "could not translate host name": "The database server's name cannot be found.",
    }
    for needle, words in known.items():
        if needle in message:
            return EnvironmentFailure(words)
    return exc
