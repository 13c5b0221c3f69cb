"""Gapless number series, taken inside the transaction that uses the number."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite

from workstation.db.uow import UnitOfWork
from workstation.models import NumberSeries


def next_number(uow: UnitOfWork, series: str) -> int:
    """The next number of ``series`` (1, 2, 3 ...), locked until the transaction ends.

    A rollback returns the number, so the series has no gaps; the row lock (PostgreSQL) or the
    single writer (SQLite, BEGIN IMMEDIATE) means no two transactions get the same number.
    """
    stmt = (
        update(NumberSeries)
        .where(NumberSeries.series == series)
        .values(last_value=NumberSeries.last_value + 1)
        .returning(NumberSeries.last_value)
    )
    value = uow.session.execute(stmt).scalar()
    if value is None:
        _create_series(uow, series)
        value = uow.session.execute(stmt).scalar_one()
    return int(value)


def _create_series(uow: UnitOfWork, series: str) -> None:
    dialect_insert = postgresql.insert if uow.dialect == "postgresql" else sqlite.insert
    uow.session.execute(
        dialect_insert(NumberSeries)
        .values(series=series, last_value=0)
        .on_conflict_do_nothing(index_elements=["series"])
    )


def peek(uow: UnitOfWork, series: str) -> int:
    """The last number issued in ``series`` (0 when none), without taking one."""
    value = uow.session.get(NumberSeries, series)
    return 0 if value is None else value.last_value


def set_series(uow: UnitOfWork, series: str, last_value: int) -> None:
    """Start ``series`` after ``last_value`` (after a bulk load of numbered demo records)."""
    _create_series(uow, series)
    uow.session.execute(update(NumberSeries).where(NumberSeries.series == series)
                        .values(last_value=last_value))
