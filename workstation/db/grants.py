"""Privileges of the application's PostgreSQL role (DESIGN.md section 6; reliability.md S7).

The tables are owned by the administrator who runs migrations. Workstations connect as an
application role that may read and write the working tables, may only INSERT and SELECT the
append-only ones, may DELETE nothing, and cannot change the schema. Even if the program had a
bug, or someone took its connection string, the audit trail could not be rewritten through it.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

from workstation.errors import UserError
from workstation.models import Base

# The audit trail and the posted money: receipts and what is on them, cash moves, counts,
# sign-offs, adjustments and the office's day closes are corrected by appending, never edited.
# A certificate's prints and the documents it covers likewise; the certificate itself takes one
# UPDATE, its release (released_at and the released PDF's hash). An occurrence of recurring
# office work marked done is appended too; the recurring task itself (recurring_tasks) is a
# working table, edited when a lead retires it.
APPEND_ONLY = frozenset({"audit_log", "receipts", "receipt_lines", "receipt_tenders",
                         "drawer_moves", "drawer_counts", "drawer_sign_offs",
                         "drawer_adjustments", "office_days", "certificate_prints",
                         "certificate_items", "recurring_tasks_done"})
READ_ONLY = frozenset({"alembic_version", "app_meta"})
_ROLE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def statements(role: str) -> list[str]:
    """The GRANT/REVOKE statements that give ``role`` exactly the application's privileges."""
    if not _ROLE.match(role):
        raise UserError("A role name is lower-case letters, digits and underscores.",
                        field="role")
    tables = sorted({*Base.metadata.tables, "alembic_version"})
    out = [f'REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "{role}"',
           f'GRANT USAGE ON SCHEMA public TO "{role}"',
           f'REVOKE CREATE ON SCHEMA public FROM "{role}"']
    for table in tables:
        if table in READ_ONLY:
            privileges = "SELECT"
        elif table in APPEND_ONLY:
            privileges = "SELECT, INSERT"
        else:
            privileges = "SELECT, INSERT, UPDATE"
        out.append(f'GRANT {privileges} ON TABLE "{table}" TO "{role}"')
    out.append(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}"')
    return out


def apply(conn: Connection, role: str) -> list[str]:
    """Run ``statements(role)`` on an administrator's connection; PostgreSQL only."""
    if conn.dialect.name != "postgresql":
        raise UserError("Database roles exist only on PostgreSQL; a SQLite file has none.")
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
    if exists is None:
        raise UserError(f"There is no database role {role!r}; ask the DBA to create it "
                        "(CREATE ROLE ... LOGIN, not a superuser, not the table owner).")
    done = statements(role)
    for statement in done:
        conn.execute(text(statement))
    return done
