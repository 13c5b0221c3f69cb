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


# The raw side runs the same SQL statements the service runs, as text on a plain connection:
# the role check, then the lookups. The ratio is what the service layer adds around them
# (unit of work, name keys, conflict rules, DTOs).
ROLE = text("SELECT active, role FROM users WHERE id = :uid")
BY_KEY = text(ROWS + "WHERE name_key = :key LIMIT :limit")
BY_PREFIX = text(ROWS + "WHERE name_sort >= :p AND name_sort < :p || char(65535) "
                 "ORDER BY name_sort, id LIMIT :limit")
CONTAINING_FTS = text(ROWS + "JOIN (SELECT rowid AS entity_id FROM entity_names_fts "
                      "WHERE entity_names_fts MATCH :q LIMIT :limit) AS f "
                      "ON entities.id = f.entity_id")
UCC_BY_KEY = text("SELECT * FROM ucc_parties JOIN ucc_records ON ucc_records.id = "
                  "ucc_parties.record_id WHERE ucc_parties.role = 'debtor' AND "
                  "ucc_parties.kind = 'organization' AND ucc_parties.search_key = :key "
                  "ORDER BY ucc_records.filed_at, ucc_records.id LIMIT 50")
BY_NUMBER = text(ROWS + "WHERE number = :n")
FILING_BY_NUMBER = text("SELECT * FROM filings WHERE document_number = :n")
UCC_BY_NUMBER = text("SELECT * FROM ucc_records WHERE file_number = :n")


@benchmark("name_availability")
def name_availability(ctx: Context) -> Measurement:
    n = ctx.n(300, 1000)
    with _register(ctx) as (backend, actor):
        names = _sample_names(backend, n // 2 + 20)
        prof = profile.load()
        keys = [prof.entity_name_key(name) for name in names]
        engine = backend.db.engine

        def program(i: int) -> None:
            registry.name_availability(backend.db, prof, actor, names[i % len(names)], "llc")

        def raw(i: int) -> None:
            with engine.connect() as conn:
                conn.execute(ROLE, {"uid": actor.user_id}).first()
                conn.execute(BY_KEY, {"key": keys[i % len(keys)], "limit": 200}).all()

        return interleaved(n, program, raw)


@benchmark("name_similar")
def name_similar(ctx: Context) -> Measurement:
    n = ctx.n(300, 1000)
    with _register(ctx) as (backend, actor):
        if backend.db.engine.dialect.name != "sqlite":
            raise BenchmarkError("name_similar's raw side is written for SQLite's FTS5 table")
        names = _sample_names(backend, n // 2 + 20)
        prof = profile.load()
        engine = backend.db.engine
        prepared = [(prof.entity_name_key(q), q.casefold(), prof.significant_words(q),
                     prof.ucc_search_key(q)) for q in names]

        def program(i: int) -> None:
            result = registry.lookup(backend.db, prof, actor, names[i % len(names)])
            if i >= 0 and i % 2 == 0 and not result.entities:
                raise BenchmarkError(f"name_similar found nothing for {names[i % len(names)]}")

        def raw(i: int) -> None:
            key, prefix, words, ucc_key = prepared[i % len(prepared)]
            match = " AND ".join('"' + w.replace('"', '""') + '"' for w in words if len(w) > 2)
            with engine.connect() as conn:
                conn.execute(ROLE, {"uid": actor.user_id}).first()
                conn.execute(BY_KEY, {"key": key, "limit": 50}).all()
                found = conn.execute(BY_PREFIX, {"p": prefix, "limit": registry.PAGE + 1}
                                     ).all()
                if len(found) <= registry.PAGE and match:
                    conn.execute(CONTAINING_FTS, {"q": match, "limit": registry.PAGE + 1}).all()
                conn.execute(UCC_BY_KEY, {"key": ucc_key}).all()

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
                conn.execute(ROLE, {"uid": actor.user_id}).first()
                conn.execute(BY_NUMBER, {"n": number}).all()
                conn.execute(FILING_BY_NUMBER, {"n": number}).all()
                conn.execute(UCC_BY_NUMBER, {"n": number}).all()

        return interleaved(n, program, raw)
