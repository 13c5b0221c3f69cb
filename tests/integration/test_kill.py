"""Killing a writer mid-transaction leaves a sound database: no half-applied work, no audit gap
(reliability.md D1/R-DUR-1: WAL + synchronous=FULL on SQLite; PostgreSQL's own WAL)."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from workstation.models import AuditRecord, NumberSeries
from workstation.services import audit
from workstation.startup import Backend

ROOT = Path(__file__).resolve().parents[2]
KILLS = 6


def test_killed_writers_leave_every_number_with_its_audit_row(backend: Backend,
                                                               database_url: str) -> None:
    backend.db.dispose()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rng = random.Random(20261123)
    for _ in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.integration.numbering_worker", database_url, "kill",
             "100000"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=env)
        time.sleep(0.8 + 0.6 * rng.random())  # start-up, then somewhere in the middle of the writes
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    with backend.db.uow(read_only=True) as uow:
        taken = uow.session.get(NumberSeries, "kill")
        audited = uow.session.execute(select(func.count()).select_from(AuditRecord)
                                      .where(AuditRecord.action == "number.take")).scalar_one()
        assert taken is not None and taken.last_value > 0
        assert taken.last_value == audited  # a number was committed if and only if its audit was
        assert audit.verify_chain(uow).ok
    if backend.db.target.sqlite_path is not None:
        with sqlite3.connect(backend.db.target.sqlite_path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
