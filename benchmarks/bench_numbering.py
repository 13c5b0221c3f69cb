"""``number_next``: one gapless number in its own committed unit of work, against a raw
``UPDATE ... RETURNING`` on a scratch table in its own transaction."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, MetaData, String, Table, text

from benchmarks.core import BenchmarkError, Context, Measurement, benchmark
from benchmarks.dbtools import WARMUP, interleaved, private_backend, scratch_table
from workstation.db.uow import UnitOfWork
from workstation.services import numbering

SERIES = "bench"
RAW = Table(
    "bench_number_raw", MetaData(),
    Column("series", String(40), primary_key=True),
    Column("last_value", BigInteger, nullable=False),
)
RAW_NEXT = text(
    "UPDATE bench_number_raw SET last_value = last_value + 1 WHERE series = :series "
    "RETURNING last_value"
)


@benchmark("number_next")
def number_next(ctx: Context) -> Measurement:
    n = ctx.n(500, 5000)
    with private_backend(ctx) as backend:
        db, engine = backend.db, backend.db.engine
        taken: list[int] = []

        def take(uow: UnitOfWork) -> int:
            value = numbering.next_number(uow, SERIES)
            uow.commit()
            return value

        def program(_i: int) -> None:
            taken.append(db.run(take))

        def raw(_i: int) -> None:
            with engine.begin() as conn:
                conn.execute(RAW_NEXT, {"series": SERIES}).scalar_one()

        with scratch_table(engine, RAW):
            with engine.begin() as conn:
                conn.execute(RAW.insert().values(series=SERIES, last_value=0))
            measured = interleaved(n, program, raw)
    # A benchmark that got a wrong answer measured nothing: the series must have no gaps.
    if taken != list(range(taken[0], taken[0] + n + WARMUP)):
        raise BenchmarkError("number_next: the numbers taken were not consecutive")
    measured.notes["numbers"] = f"{taken[0]}..{taken[-1]}"
    return measured
