"""Shared pieces of the in-process database rows: a backend in the private home, scratch tables
for the raw baselines, and the sample loop."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial

from sqlalchemy import Engine, Table

from benchmarks.core import Context, Measurement, timed
from workstation import paths
from workstation import settings as settings_mod
from workstation.startup import Backend, open_backend

WARMUP = 20  # untimed iterations of each side first: connection pool, statement caches


@contextmanager
def private_backend(ctx: Context) -> Iterator[Backend]:
    """The program's own backend (migrated) on the row's home and database, closed afterwards."""
    locations = paths.locations(ctx.home)
    backend = open_backend(locations, settings_mod.load(locations))
    try:
        yield backend
    finally:
        backend.close()


@contextmanager
def scratch_table(engine: Engine, table: Table) -> Iterator[Table]:
    """``table`` created fresh for a baseline and dropped afterwards (also on PostgreSQL)."""
    table.drop(engine, checkfirst=True)
    table.create(engine)
    try:
        yield table
    finally:
        table.drop(engine, checkfirst=True)


def interleaved(n: int, program: Callable[[int], object], raw: Callable[[int], object],
                *, warmup: int = WARMUP) -> Measurement:
    """Time ``program(i)`` and ``raw(i)`` alternately, so drift (checkpoints, other load) hits
    both sides alike, and which side goes first alternates too: the first to touch a row pays
    for reading its pages, and that must not always be the same side. The first ``warmup`` of
    each are not kept."""
    for i in range(warmup):
        program(-1 - i)
        raw(-1 - i)
    samples: list[float] = []
    baseline: list[float] = []
    for i in range(n):
        if i % 2:
            baseline.append(timed(partial(raw, i)))
            samples.append(timed(partial(program, i)))
        else:
            samples.append(timed(partial(program, i)))
            baseline.append(timed(partial(raw, i)))
    return Measurement(samples, baseline)
