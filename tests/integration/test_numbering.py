"""Gapless, unique numbers under concurrency: several processes on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from workstation.db.uow import UnitOfWork
from workstation.services import audit, numbering
from workstation.startup import Backend

ROOT = Path(__file__).resolve().parents[2]


def take(backend: Backend, series: str, *, commit: bool = True) -> int:
    def work(uow: UnitOfWork) -> int:
        value = numbering.next_number(uow, series)
        if commit:
            uow.commit()
        return value
    return backend.db.run(work)


def test_series_start_at_one_and_are_independent(backend: Backend) -> None:
    assert [take(backend, "receipt") for _ in range(3)] == [1, 2, 3]
    assert take(backend, "batch") == 1


def test_rollback_gives_the_number_back(backend: Backend) -> None:
    assert take(backend, "receipt") == 1
    assert take(backend, "receipt", commit=False) == 2  # rolled back
    assert take(backend, "receipt") == 2


def test_threads_get_gapless_unique_numbers(backend: Backend) -> None:
    got: list[int] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(30):
            n = take(backend, "control")
            with lock:
                got.append(n)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(got) == list(range(1, 181))


def test_processes_get_gapless_unique_numbers(backend: Backend, database_url: str) -> None:
    """Four separate programs at once, as four workstations (or four windows on one SQLite)."""
    backend.db.dispose()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.integration.numbering_worker", database_url, "cert",
             "40"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
        for _ in range(4)
    ]
    numbers: list[int] = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        numbers += [int(line) for line in out.split()]
    assert sorted(numbers) == list(range(1, 161))
    with backend.db.uow(read_only=True) as uow:
        assert audit.verify_chain(uow).ok  # 160 audit rows from 4 processes, one unbroken chain
