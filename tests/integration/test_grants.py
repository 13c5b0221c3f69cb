"""The workstations' PostgreSQL role cannot rewrite the audit trail or change the schema (S7)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ProgrammingError

from workstation.db import grants
from workstation.db.engine import DatabaseTarget
from workstation.db.uow import Database, UnitOfWork
from workstation.errors import UserError
from workstation.services import audit
from workstation.startup import Backend

ROLE = "ws_app_test"


@pytest.fixture
def app_engine(backend: Backend, database_url: str) -> Iterator[Engine]:
    if backend.db.target.is_sqlite:
        pytest.skip("PostgreSQL only: SQLite has no roles")
    with backend.db.engine.begin() as conn:
        conn.execute(text(f"DROP ROLE IF EXISTS {ROLE}"))
        conn.execute(text(f"CREATE ROLE {ROLE} LOGIN"))
        grants.apply(conn, ROLE)
    engine = create_engine(make_url(database_url).set(username=ROLE))
    yield engine
    engine.dispose()
    with backend.db.engine.begin() as conn:
        conn.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {ROLE}"))
        conn.execute(text(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {ROLE}"))
        conn.execute(text(f"REVOKE ALL ON SCHEMA public FROM {ROLE}"))
        conn.execute(text(f"DROP ROLE {ROLE}"))


def test_app_role_can_work_but_not_rewrite_history(backend: Backend, app_engine: Engine) -> None:
    db = Database(app_engine, DatabaseTarget(app_engine.url), "WS", "tester")

    def work(uow: UnitOfWork) -> None:
        audit.record(uow, "tester", "grant.test", "x", 1)
        uow.commit()

    db.run(work)  # the program's normal work is allowed
    for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log",
                      "DELETE FROM users", "CREATE TABLE sneaky (id int)",
                      "DROP TABLE audit_log", "UPDATE alembic_version SET version_num = 'x'",
                      "UPDATE receipts SET total_cents = 0", "DELETE FROM receipt_tenders",
                      "UPDATE drawer_counts SET off_by_cents = 0",
                      "UPDATE office_days SET cash_cents = 0"):
        with pytest.raises(ProgrammingError, match=r"permission denied|must be owner"), \
                app_engine.begin() as conn:
            conn.execute(text(statement))


def test_role_names_are_checked() -> None:
    with pytest.raises(UserError):
        grants.statements('x"; DROP TABLE users; --')
