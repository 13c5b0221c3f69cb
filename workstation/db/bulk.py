"""Fast loading of many rows (demonstration and benchmark registers), one way per back end.

SQLite: ``executemany`` on the driver connection in large transactions; PostgreSQL: ``COPY``.
Values arrive as Python values (date, aware datetime, bool, int, str, None) and are written in
the same storage format SQLAlchemy uses, so ORM reads of bulk-loaded rows are identical.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, Table

from workstation.db import search_ddl

CHUNK = 50_000
SQLITE_LOAD_CACHE_KIB = -400_000  # 400 MB page cache while loading (negative: KiB)


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def load(engine: Engine, table: Table, columns: Sequence[str],
         rows: Iterable[Sequence[Any]]) -> int:
    """Insert ``rows`` (tuples in ``columns`` order) into ``table``; returns how many."""
    if engine.dialect.name == "postgresql":
        return _copy(engine, table, columns, rows)
    return _executemany(engine, table, columns, rows)


def _executemany(engine: Engine, table: Table, columns: Sequence[str],
                 rows: Iterable[Sequence[Any]]) -> int:
    sql = (f"INSERT INTO {table.name} ({', '.join(columns)}) "
           f"VALUES ({', '.join('?' for _ in columns)})")
    count = 0
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        # Demonstration data only: a big cache and no fsync per chunk while loading; the
        # connection goes back to the pool with the program's own settings.
        cursor.execute(f"PRAGMA cache_size = {SQLITE_LOAD_CACHE_KIB}")
        cursor.execute("PRAGMA synchronous = OFF")
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(tuple(_sqlite_value(v) for v in row))
            if len(batch) >= CHUNK:
                count += _flush(raw, cursor, sql, batch)
        count += _flush(raw, cursor, sql, batch)
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA cache_size = -2000")
    finally:
        raw.close()
    return count


def _flush(raw: Any, cursor: Any, sql: str, batch: list[tuple[Any, ...]]) -> int:
    if not batch:
        return 0
    cursor.execute("BEGIN IMMEDIATE")
    cursor.executemany(sql, batch)
    cursor.execute("COMMIT")
    done = len(batch)
    batch.clear()
    return done


def _copy(engine: Engine, table: Table, columns: Sequence[str],
          rows: Iterable[Sequence[Any]]) -> int:
    count = 0
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        raw.commit()
    finally:
        raw.close()
    return count


def set_sequence_after_load(engine: Engine, table: Table) -> None:
    """PostgreSQL: move the id sequence past explicitly inserted ids."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as conn:
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"COALESCE((SELECT max(id) FROM {table.name}), 1))")


@contextmanager
def indexes_deferred(engine: Engine, tables: Sequence[Table]) -> Iterator[None]:
    """Drop the secondary indexes of ``tables`` (and the name-search structures) for a bulk
    load, and build them again afterwards in one sorted pass each."""
    indexes = [index for table in tables for index in table.indexes]
    sqlite = engine.dialect.name == "sqlite"
    with engine.begin() as conn:
        for index in indexes:
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {index.name}")
        _drop_search(conn, sqlite)
    try:
        yield
    finally:
        with engine.begin() as conn:
            if sqlite:
                conn.exec_driver_sql(f"PRAGMA cache_size = {SQLITE_LOAD_CACHE_KIB}")
            for index in indexes:
                index.create(conn)
            _build_search(conn, sqlite)
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")


def _drop_search(conn: Any, sqlite: bool) -> None:
    if not sqlite:
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_entities_name_trgm")
        return
    for trigger in search_ddl.FTS_TRIGGERS:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")


def _build_search(conn: Any, sqlite: bool) -> None:
    if not sqlite:
        conn.exec_driver_sql(search_ddl.TRGM_INDEX)
    elif _has_fts_table(conn):
        conn.exec_driver_sql(search_ddl.FTS_REBUILD)
        for statement in search_ddl.FTS_TRIGGERS.values():
            conn.exec_driver_sql(statement)


def _has_fts_table(conn: Any) -> bool:
    return conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE name = 'entity_names_fts'").first() is not None
