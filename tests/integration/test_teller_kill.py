"""Killing the process while it posts 1,000 receipts (SQLite and PostgreSQL): after every
restart no receipt is half-written (each has its line and its tenders, and they add up), the
numbers stay gapless, every receipt has its audit row, and the drawer balances: the running
totals equal the journal's recomputation (reliability.md D1)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from tests.integration.receipt_worker import posted
from tests.integration.teller_support import P, opened
from workstation.models import AuditRecord, DrawerSession, Receipt, ReceiptLine, ReceiptTender
from workstation.services import audit
from workstation.services.teller_journal import checked_expected
from workstation.startup import Backend

ROOT = Path(__file__).resolve().parents[2]
RECEIPTS = 1000
KILLS = 5


def _worker(url: str, *, errors: int = subprocess.DEVNULL) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "tests.integration.receipt_worker", url,
                             str(RECEIPTS)], stdout=subprocess.PIPE, stderr=errors,
                            cwd=ROOT, env=env)


def test_killed_tellers_leave_whole_receipts_and_a_balanced_drawer(
        demo_backend: Backend, database_url: str) -> None:
    _, session_id = opened(demo_backend)
    demo_backend.db.dispose()
    rng = random.Random(20261123)
    counts = []
    for _ in range(KILLS):
        proc = _worker(database_url)
        assert proc.stdout is not None and proc.stdout.readline() == b"posting\n"
        time.sleep(0.25 * rng.random())  # somewhere among the postings
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()
        counts.append(posted(demo_backend.db))
    assert counts == sorted(counts) and counts[-1] < RECEIPTS  # killed mid-way, each time
    finish = _worker(database_url, errors=subprocess.PIPE)
    _, errors = finish.communicate(timeout=600)
    assert finish.returncode == 0, errors.decode()
    with demo_backend.db.uow(read_only=True) as uow:
        numbers = sorted(uow.session.execute(select(Receipt.number)).scalars())
        assert numbers == [f"R{n:08d}" for n in range(1, RECEIPTS + 1)]  # gapless, no repeats
        line_sums = dict(uow.session.execute(
            select(ReceiptLine.receipt_id, func.sum(ReceiptLine.amount_cents))
            .group_by(ReceiptLine.receipt_id)).all())
        paid = dict(uow.session.execute(
            select(ReceiptTender.receipt_id, func.sum(ReceiptTender.amount_cents))
            .group_by(ReceiptTender.receipt_id)).all())
        for row in uow.session.execute(select(Receipt)).scalars():
            assert line_sums[row.id] == row.total_cents
            assert paid[row.id] - row.change_cents == row.total_cents
        audited = uow.session.execute(select(func.count()).select_from(AuditRecord).where(
            AuditRecord.action == "teller.receipt")).scalar_one()
        assert audited == RECEIPTS
        session = uow.session.get(DrawerSession, session_id)
        assert session is not None
        totals = checked_expected(uow, session)  # raises if the drawer does not balance
        thirds = RECEIPTS // 3
        assert totals["check"].items == thirds
        assert totals["cash"].cents == 20000 + (RECEIPTS - thirds) * 1750 + thirds * 1500
        assert audit.verify_chain(uow).ok
    assert P.teller.change_fund_cents == 20000
