"""The benchmark registry, the private home every row runs in, and the statistics.

A row is a function ``(Context) -> Measurement`` registered under a name with ``@benchmark``.
It times the program's way of doing something (``samples``) and the raw work underneath it
(``baseline``) on the same data, in seconds; the runner turns that into the JSON row
``{"name", "n", "p50_ms", "p95_ms", "baseline_p50_ms", "ratio"}``.
"""

from __future__ import annotations

import importlib
import math
import os
import pkgutil
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HOME_ENV = "WORKSTATION_HOME"
DB_URL_ENV = "WORKSTATION_DB_URL"
SIZES = ("small", "large")


class BenchmarkError(Exception):
    """A row could not be measured (a child failed, timed out, or gave a wrong answer)."""


@dataclass(frozen=True)
class Options:
    """What the command line chose; the same for every row of one run."""

    size: str = "small"
    db_url: str | None = None
    runs: int | None = None  # None: each row's own default
    visible: bool = False  # start-up on the real screen instead of Qt's offscreen platform
    register: str | None = None  # a prepared home with a demo register, for the registry rows


@dataclass
class Context:
    """One row's run: the options and its private home (a temporary directory)."""

    options: Options
    home: Path

    def n(self, small: int, large: int | None = None) -> int:
        """Number of timed samples: ``--runs`` if given, else the row's default for the size."""
        if self.options.runs is not None:
            return self.options.runs
        return large if self.options.size == "large" and large is not None else small

    def scale(self, small: int, large: int) -> int:
        """A data size (not a sample count): ``--runs`` does not change it."""
        return large if self.options.size == "large" else small

    def child_env(self, *, qt: bool = False) -> dict[str, str]:
        """The environment for a child process: this home, this database, nothing of the user's."""
        env = dict(os.environ)
        env[HOME_ENV] = str(self.home)
        if self.options.db_url:
            env[DB_URL_ENV] = self.options.db_url
        else:
            env.pop(DB_URL_ENV, None)  # the SQLite file inside the private home
        env["PYTHONUNBUFFERED"] = "1"  # PAINTED must arrive when printed, not when flushed
        if qt:
            if self.options.visible:
                env.pop("QT_QPA_PLATFORM", None)
            else:
                env["QT_QPA_PLATFORM"] = "offscreen"
        return env


@dataclass
class Measurement:
    """Seconds per sample for the program and for the raw baseline."""

    samples: list[float]
    baseline: list[float]
    notes: dict[str, Any] = field(default_factory=dict)  # shown on stderr only


Bench = Callable[[Context], Measurement]
REGISTRY: dict[str, Bench] = {}


def benchmark(name: str) -> Callable[[Bench], Bench]:
    """Register a row under ``name`` (names are unique; ``--only`` matches their prefix)."""

    def register(func: Bench) -> Bench:
        if name in REGISTRY and REGISTRY[name] is not func:
            raise RuntimeError(f"benchmark {name!r} is registered twice")
        REGISTRY[name] = func
        return func

    return register


def discover() -> dict[str, Bench]:
    """Import every ``benchmarks/bench_*.py`` module, which registers its rows."""
    package = Path(__file__).resolve().parent
    for info in sorted(pkgutil.iter_modules([str(package)]), key=lambda m: m.name):
        if info.name.startswith("bench_"):
            importlib.import_module(f"benchmarks.{info.name}")
    return REGISTRY


def select(registry: dict[str, Bench], prefixes: Sequence[str] | None) -> list[str]:
    """Names whose start matches one of ``prefixes`` (all names when none), in registry order."""
    if not prefixes:
        return list(registry)
    return [name for name in registry if any(name.startswith(p) for p in prefixes)]


def percentile(samples: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest sample with at least ``pct`` % of samples <= it."""
    if not samples:
        raise ValueError("percentile of no samples")
    if not 0 <= pct <= 100:
        raise ValueError(f"percentile must be between 0 and 100, not {pct}")
    ordered = sorted(samples)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def row(name: str, measured: Measurement) -> dict[str, Any]:
    """The JSON row: milliseconds to one decimal, the ratio of the medians to two."""
    if not measured.samples or not measured.baseline:
        raise BenchmarkError(f"{name}: no samples")
    p50 = percentile(measured.samples, 50)
    p95 = percentile(measured.samples, 95)
    base = percentile(measured.baseline, 50)
    return {
        "name": name,
        "n": len(measured.samples),
        "p50_ms": round(p50 * 1000, 1),
        "p95_ms": round(p95 * 1000, 1),
        "baseline_p50_ms": round(base * 1000, 1),
        "ratio": round(p50 / base, 2) if base > 0 else None,
    }


def timed(func: Callable[[], object]) -> float:
    """Seconds one call of ``func`` takes."""
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


@contextmanager
def private_home(options: Options) -> Iterator[Path]:
    """A temporary WORKSTATION_HOME for one row, removed afterwards.

    It is also set in this process for the rows that run in-process, together with the database
    (``--db-url``, else the SQLite file inside the home); both are restored afterwards.
    """
    home = Path(tempfile.mkdtemp(prefix="ws-bench-"))
    saved = {key: os.environ.get(key) for key in (HOME_ENV, DB_URL_ENV)}
    os.environ[HOME_ENV] = str(home)
    if options.db_url:
        os.environ[DB_URL_ENV] = options.db_url
    else:
        os.environ.pop(DB_URL_ENV, None)
    try:
        yield home
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(home, ignore_errors=True)
