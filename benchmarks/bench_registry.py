"""Registry lookups on a demo register, each against the raw SQL doing the same queries.

* ``name_availability``: the service (authorisation, name key, candidate query, conflict rules)
  vs ``SELECT ... WHERE name_key = :key``.
* ``name_similar``: the first page of a name lookup (exact key, prefix, contains-the-words)
  vs the same three SQL statements.
* ``lookup_by_number``: a charter/document/UCC number lookup vs the three equality queries.

The register is built once per run in a temporary home (``--size``), or read from a prepared
one (``--register HOME``), and only read.
"""

from __future__ import annotations

import atexit
import random
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text

from benchmarks.core import BenchmarkError, Context, Measurement, benchmark, log
from benchmarks.dbtools import interleaved
from workstation import paths
from workstation import settings as settings_mod
from workstation.db import search
from workstation.services import auth, demo, profile, registry
from workstation.services.dto import Actor
from workstation.startup import Backend, open_backend

_built: dict[tuple[str, str | None], Path] = {}
ROWS = "SELECT id, number, name, entity_type, status, status_date FROM entities "


def _register_home(ctx: Context) -> Path:
    if ctx.options.register:
        return Path(ctx.options.register)
    key = (ctx.options.size, ctx.options.db_url)
    if key not in _built:
        home = Path(tempfile.mkdtemp(prefix="ws-bench-register-"))
        atexit.register(shutil.rmtree, home, True)
        locations = paths.locations(home)
        backend = open_backend(locations, settings_mod.load(locations))
        try:
            demo.refresh(backend.db, backend.policy)
            log(f"building the {ctx.options.size} demo register (once per run)")
            demo.build_registry(backend.db, ctx.options.size)
        finally:
            backend.close()
        _built[key] = home
    return _built[key]


@contextmanager
def _register(ctx: Context) -> Iterator[tuple[Backend, Actor]]:
    locations = paths.locations(_register_home(ctx))
    backend = open_backend(locations, settings_mod.load(locations))
    try:
        person = next(u for u in demo.DEMO_USERS if u.username == "clerk")
        actor = auth.sign_in(backend.db, backend.policy, person.username, person.password)
        yield backend, actor
    finally:
        backend.close()


def _sample_names(backend: Backend, count: int) -> list[str]:
    """Names from across the register (random ids), and as many made-up ones."""
    with backend.db.engine.connect() as conn:
        top = conn.execute(text("SELECT max(id) FROM entities")).scalar_one()
        rng = random.Random(7)
        ids = [rng.randint(1, top) for _ in range(count)]
        found = [conn.execute(text("SELECT name FROM entities WHERE id = :i"), {"i": i}
                              ).scalar_one() for i in ids]
    invented = [f"Zyx{rng.randint(0, 10**6)} Novel Widgets LLC" for _ in range(count)]
    return [n for pair in zip(found, invented, strict=True) for n in pair]


@benchmark("name_availability")
def name_availability(ctx: Context) -> Measurement:
    n = ctx.n(300, 1000)
    with _register(ctx) as (backend, actor):
        names = _sample_names(backend, n // 2 + 20)
        prof = profile.load()
        keys = [prof.entity_name_key(name) for name in names]
        engine = backend.db.engine
        sql = text(ROWS + "WHERE name_key = :key LIMIT 200")

        def program(i: int) -> None:
            registry.name_availability(backend.db, prof, actor, names[i % len(names)], "llc")

        def raw(i: int) -> None:
            with engine.connect() as conn:
                conn.execute(sql, {"key": keys[i % len(keys)]}).all()

        return interleaved(n, program, raw)


@benchmark("name_similar")
def name_similar(ctx: Context) -> Measurement:
    n = ctx.n(300, 1000)
    with _register(ctx) as (backend, actor):
        names = _sample_names(backend, n // 2 + 20)
        prof = profile.load()
        prepared = [(prof.entity_name_key(q), q.casefold(), prof.significant_words(q))
                    for q in names]

        def program(i: int) -> None:
            result = registry.lookup(backend.db, prof, actor, names[i % len(names)])
            if i >= 0 and i % 2 == 0 and not result.entities:
                raise BenchmarkError(f"name_similar found nothing for {names[i % len(names)]}")

        def raw(i: int) -> None:
            key, prefix, words = prepared[i % len(prepared)]
            with backend.db.uow(read_only=True) as uow:
                search.by_name_key(uow.session, key)
                search.by_name_prefix(uow.session, prefix, registry.PAGE + 1)
                search.containing_words(uow.session, words, registry.PAGE + 1)
                search.ucc_debtors_by_key(uow.session, prof.ucc_search_key(prefix), 50)


        return interleaved(n, program, raw)


@benchmark("lookup_by_number")
def lookup_by_number(ctx: Context) -> Measurement:
    n = ctx.n(500, 2000)
    with _register(ctx) as (backend, actor):
        prof = profile.load()
        engine = backend.db.engine
        with engine.connect() as conn:
            top = conn.execute(text("SELECT max(id) FROM entities")).scalar_one()
        rng = random.Random(11)
        numbers = [str(1_000_000 + rng.randint(0, top - 1)) for _ in range(n + 40)]

        def program(i: int) -> None:
            found = registry.lookup(backend.db, prof, actor, numbers[i % len(numbers)])
            if len(found.entities) != 1:
                raise BenchmarkError(f"lookup_by_number: {numbers[i]} not found")

        def raw(i: int) -> None:
            number = numbers[i % len(numbers)]
            with engine.connect() as conn:
                conn.execute(text(ROWS + "WHERE number = :n"), {"n": number}).all()
                conn.execute(text("SELECT * FROM filings WHERE document_number = :n"),
                             {"n": number}).all()
                conn.execute(text("SELECT * FROM ucc_records WHERE file_number = :n"),
                             {"n": number}).all()

        return interleaved(n, program, raw)
