"""Schema migrations, run in-process at start (aesthetics.md 2.5).

The Alembic configuration is built in code and the scripts ship inside the package, so a frozen
Windows build finds them. Before upgrading an existing SQLite file it is backed up; on PostgreSQL
one workstation migrates at a time under an advisory lock. A database migrated by a newer program
is refused with both versions named, never "upgraded" backwards.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, delete, insert, inspect, select, text

from workstation import __version__
from workstation.db.backup import backup_sqlite, timestamped_name
from workstation.db.engine import DatabaseTarget
from workstation.errors import NewerDatabaseError
from workstation.models import AppMeta

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger("workstation.db.migrate")
MIGRATIONS = _PACKAGED = Path(__file__).resolve().parent / "migrations"
ADVISORY_LOCK_KEY = 0x5753_4D49_4752  # "WSMIGR": any constant shared by every workstation
WRITTEN_BY = "schema_written_by"
# The newest revision in migrations/versions (a test keeps the two in step). Knowing it without
# Alembic lets an up-to-date database open without importing Alembic at all: start-up time.
SCHEMA_HEAD = "0009_report_indexes"
# Search structures made by hand in the migrations (FTS5 tables, trigram index): not models.
UNMANAGED_PREFIXES = ("entity_names_fts", "ix_entities_name_trgm")


def include_object(obj: object, name: str | None, type_: str, reflected: bool,
                   compare_to: object) -> bool:
    """Alembic's comparison filter: leave the hand-made search structures out."""
    return not (name or "").startswith(UNMANAGED_PREFIXES)


@dataclass(frozen=True)
class MigrationReport:
    before: str | None
    after: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.before != self.after


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = scripts().get_current_head()
    assert head is not None
    return head


def current_revision(conn: Connection) -> str | None:
    """The revision recorded in the database (None for an empty database)."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(rows) > 1:
        raise NewerDatabaseError(f"The database records several schema revisions {rows}; "
                                 "it was not made by this program.")
    return rows[0] if rows else None


def _refuse_if_newer(conn: Connection, revision: str | None) -> None:
    if revision is None:
        return
    script = scripts()
    if _known(script, revision):
        return
    written_by = conn.execute(select(AppMeta.value).where(AppMeta.key == WRITTEN_BY)).scalar()
    raise NewerDatabaseError(
        f"This database was last upgraded by Counter Workstation {written_by or 'unknown'} "
        f"(schema {revision}); this is Counter Workstation {__version__}, which knows the schema "
        f"only up to {script.get_current_head()}. Install the newer program on this workstation."
    )


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except Exception:  # alembic raises several kinds for an unknown id
        return False


def upgrade(engine: Engine, target: DatabaseTarget, backup_dir: Path) -> MigrationReport:
    """Bring the database to this program's schema; back up first, refuse a newer one."""
    with engine.connect() as conn:
        before = current_revision(conn)
        if before == SCHEMA_HEAD and MIGRATIONS == _PACKAGED:
            return MigrationReport(before, before, None)
        _refuse_if_newer(conn, before)
        conn.rollback()
    head = head_revision()
    if before == head:
        return MigrationReport(before, head, None)
    backup = None
    if target.is_sqlite and before is not None and target.sqlite_path is not None:
        name = timestamped_name(f"before-upgrade-{before}")
        backup = backup_sqlite(target.sqlite_path, backup_dir / name)
        log.info("backed up %s to %s before upgrading", target.sqlite_path, backup)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
        from alembic import command

        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        _record_writer(conn)
    log.info("database upgraded from %s to %s", before, head)
    return MigrationReport(before, head, backup)


def _record_writer(conn: Connection) -> None:
    conn.execute(delete(AppMeta).where(AppMeta.key == WRITTEN_BY))
    conn.execute(insert(AppMeta).values(key=WRITTEN_BY, value=__version__))
