"""Backups of the SQLite file with the online backup API, checked with integrity_check.

A raw copy of a live file can catch half a transaction; the backup API copies a consistent
snapshot even while the program is running (reliability.md 1.1).
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from workstation.errors import EnvironmentFailure


def backup_sqlite(source: Path, destination: Path) -> Path:
    """Copy the database at ``source`` to ``destination`` and prove the copy is sound."""
    if not source.is_file():
        raise EnvironmentFailure(f"There is no database at {source}.")
    if destination.exists():
        raise EnvironmentFailure(f"{destination} already exists; choose a new file name.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(destination)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
        verdict = dst.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        dst.close()
        src.close()
    if verdict != "ok":
        destination.unlink(missing_ok=True)
        raise EnvironmentFailure(f"The backup failed its integrity check: {verdict}")
    return destination


def timestamped_name(stem: str) -> str:
    return f"{stem}-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.sqlite3"


POSTGRES_HINT = (
    "This workstation uses the office's PostgreSQL server. Back it up on the server with\n"
    "  pg_dump --format=custom --file=PATH DATABASE\n"
    "(the database administrator's job; a workstation's role cannot read every table)."
)
