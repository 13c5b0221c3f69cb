"""Many workstations pressing "Get next" at once: every inquiry ends with exactly one owner,
and each process's claims are exactly the rows that name it (inquiry.md 2a, zammad #3156)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from workstation.models import Inquiry, User
from workstation.startup import Backend

ROOT = Path(__file__).resolve().parents[2]
SIZES = {"sqlite": (4, 400), "postgresql": (20, 5_000)}  # processes, inquiries


def _seed(backend: Backend, clerks: int, items: int) -> list[int]:
    """``items`` unowned inquiries and ``clerks`` clerk accounts, straight into the tables."""
    now = datetime.now(UTC)
    hashed = "not-a-hash: racers never sign in"
    with backend.db.uow() as uow:
        uow.session.execute(insert(User), [
            {"username": f"racer{n}", "full_name": f"Racer {n}", "role": "clerk",
             "password_hash": hashed, "active": True, "failed_logins": 0, "version": 1,
             "created_at": now, "updated_at": now} for n in range(clerks)])
        uow.session.execute(insert(Inquiry), [
            {"number": f"QR{n:07d}", "channel": "mail", "arrived_at": now - timedelta(hours=n),
             "received_at": now - timedelta(hours=n), "requester": f"Writer {n}",
             "category": "other", "status": "new", "status_kind": "open", "priority": n % 3,
             "last_activity_at": now, "version": 1, "created_at": now, "updated_at": now,
             "summary": "", "subject": "", "requester_contact": "", "requester_address": "",
             "breached": False} for n in range(items)])
        uow.commit()
        return list(uow.session.execute(
            select(User.id).where(User.username.startswith("racer"))).scalars())


def test_racing_get_next_claims_every_item_exactly_once(backend: Backend, database_url: str,
                                                        db_kind: str) -> None:
    clerks, items = SIZES[db_kind]
    user_ids = _seed(backend, clerks, items)
    backend.db.dispose()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = {user_id: subprocess.Popen(
        [sys.executable, "-m", "tests.integration.claim_worker", database_url, str(user_id)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
        for user_id in user_ids}
    claimed: dict[int, int] = {}
    counts: Counter[int] = Counter()
    for user_id, proc in procs.items():
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        for line in out.split():
            counts[int(line)] += 1
            claimed[int(line)] = user_id
    assert len(counts) == items and set(counts.values()) == {1}  # every one, once
    with backend.db.uow(read_only=True) as uow:
        owners = {int(i): o for i, o in uow.session.execute(select(Inquiry.id, Inquiry.owner_id))}
    assert owners == claimed  # the database agrees with what each winner was told
    assert len(set(claimed.values())) > 1  # a real race: more than one process won items
