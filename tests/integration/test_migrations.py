"""Migrations: from empty to head, the models match the DDL, a backup before an upgrade, and a
database from a newer program refused with both versions named."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import make_url, text

from workstation import __version__
from workstation.db import migrate
from workstation.db.engine import DatabaseTarget, make_engine
from workstation.errors import NewerDatabaseError
from workstation.models import Base
from workstation.startup import Backend


def test_single_head_and_the_fast_path_knows_it() -> None:
    script = migrate.scripts()
    assert script.get_heads() == [migrate.SCHEMA_HEAD]


def test_models_match_the_migrated_schema(backend: Backend) -> None:
    with backend.db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": migrate.include_object})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_upgrade_is_idempotent_and_records_the_program(backend: Backend) -> None:
    report = migrate.upgrade(backend.db.engine, backend.db.target, backend.locations.backup_dir)
    assert not report.changed
    with backend.db.engine.connect() as conn:
        written = conn.execute(text("SELECT value FROM app_meta WHERE key='schema_written_by'"))
        assert written.scalar() == __version__


def test_downgrade_and_upgrade_again(backend: Backend) -> None:
    with backend.db.engine.begin() as conn:
        cfg = migrate.alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    with backend.db.engine.connect() as conn:
        assert migrate.current_revision(conn) is None
    report = migrate.upgrade(backend.db.engine, backend.db.target, backend.locations.backup_dir)
    assert report.after == migrate.head_revision()


def test_newer_database_is_refused_naming_both_versions(backend: Backend) -> None:
    with backend.db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
        conn.execute(text("UPDATE app_meta SET value = '7.3.0' WHERE key = 'schema_written_by'"))
    with pytest.raises(NewerDatabaseError) as caught:
        migrate.upgrade(backend.db.engine, backend.db.target, backend.locations.backup_dir)
    assert "7.3.0" in caught.value.message and __version__ in caught.value.message


def _extra_revision(tmp_path: Path) -> Path:
    """A copy of the migrations plus one more revision, as the next release would ship."""
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "0099_next_release.py").write_text(
        'import sqlalchemy as sa\nfrom alembic import op\n'
        f'revision = "0099_next_release"\ndown_revision = "{migrate.head_revision()}"\n'
        'branch_labels = None\ndepends_on = None\n'
        'def upgrade():\n'
        '    op.create_table("later", sa.Column("id", sa.Integer, primary_key=True))\n'
        'def downgrade():\n    op.drop_table("later")\n')
    return scripts


def test_sqlite_is_backed_up_before_an_upgrade(tmp_path: Path, sqlite_template: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    db_file = tmp_path / "counter.sqlite3"
    shutil.copyfile(sqlite_template, db_file)
    monkeypatch.setattr(migrate, "MIGRATIONS", _extra_revision(tmp_path))
    target = DatabaseTarget(make_url(f"sqlite+pysqlite:///{db_file}"))
    engine = make_engine(target)
    report = migrate.upgrade(engine, target, tmp_path / "backups")
    engine.dispose()
    assert (report.before, report.after) == (migrate.SCHEMA_HEAD, "0099_next_release")
    assert report.backup is not None and report.backup.parent == tmp_path / "backups"
    with sqlite3.connect(report.backup) as old:
        assert old.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert old.execute("SELECT version_num FROM alembic_version").fetchone()[0] == \
            migrate.SCHEMA_HEAD
