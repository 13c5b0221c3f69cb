"""``envelope_save``: logging one envelope (a check and a document) in a tray of 300, on the demo
register of ``--size`` (or ``--register HOME``), against raw SQL writing the same rows.

The budget is p95 <= 30 ms on the large register and no slow-down along the tray: the notes
give the median of the first and the last 50 envelopes. This row writes to the register (300
envelopes, filings and batch items a run).
"""

from __future__ import annotations

import statistics
from datetime import UTC, datetime, timedelta
from functools import partial

from sqlalchemy import Engine, text

from benchmarks.bench_registry import _register
from benchmarks.core import Context, Measurement, benchmark, timed
from workstation.services import auth, demo, intake, profile
from workstation.services.intake_rules import DocumentInput, EnvelopeInput, RemittanceInput

TRAY = 300
RAW = [
    "UPDATE number_series SET last_value = last_value + 1 WHERE series = 'bench_control'",
    "INSERT INTO bench_envelopes (control_number, arrived_at, customer_name, outcome) "
    "VALUES (:n, :at, 'Bench Customer', 'exact')",
    "INSERT INTO bench_remittances (envelope, payer, check_number, amount_cents) "
    "VALUES (:n, 'Bench Customer', :n, 9900)",
    "INSERT INTO bench_documents (envelope, filing_type, pages, fee_due_cents) "
    "VALUES (:n, 'OH-610', 2, 9900)",
]
SCRATCH = [
    "CREATE TABLE IF NOT EXISTS bench_envelopes (id INTEGER PRIMARY KEY, control_number "
    "VARCHAR(20) UNIQUE, arrived_at VARCHAR(40), customer_name VARCHAR(200), outcome "
    "VARCHAR(20))",
    "CREATE TABLE IF NOT EXISTS bench_remittances (id INTEGER PRIMARY KEY, envelope VARCHAR(20),"
    " payer VARCHAR(200), check_number VARCHAR(20), amount_cents BIGINT)",
    "CREATE TABLE IF NOT EXISTS bench_documents (id INTEGER PRIMARY KEY, envelope VARCHAR(20), "
    "filing_type VARCHAR(20), pages INTEGER, fee_due_cents BIGINT)",
    "INSERT INTO number_series (series, last_value) SELECT 'bench_control', 0 WHERE NOT EXISTS "
    "(SELECT 1 FROM number_series WHERE series = 'bench_control')",
]


@benchmark("envelope_save")
def envelope_save(ctx: Context) -> Measurement:
    n = ctx.n(TRAY, TRAY)
    with _register(ctx) as (backend, _clerk):
        prof = profile.load()
        people = {u.username: u.password for u in demo.DEMO_USERS}
        clerk = auth.sign_in(backend.db, backend.policy, "clerk", people["clerk"])
        session_id, number = intake.open_session(backend.db, prof, clerk, "usps", "senior")
        engine = backend.db.engine
        with engine.begin() as conn:
            for statement in SCRATCH:
                conn.execute(text(statement))
        start = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
        samples, baseline = [], []
        for i in range(n):
            arrived = start + timedelta(seconds=20 * i)
            envelope = EnvelopeInput(
                arrived_at=arrived, customer_name=f"Bench Customer {i % 40}",
                remittances=(RemittanceInput("99.00", f"Bench Payer {i % 40}", "check",
                                             f"{number[1:]}{i:05d}", "Bench Bank"),),
                documents=(DocumentInput("610", "2"),))
            samples.append(timed(partial(intake.log_envelope, backend.db, prof, clerk,
                                         session_id, envelope)))
            baseline.append(timed(partial(_raw, engine, f"{number}-{i}", arrived)))
        intake.close_session(backend.db, prof, clerk, session_id)
        first, last = samples[:50], samples[-50:]
        measured = Measurement(samples, baseline)
        measured.notes["first_50_p50_ms"] = round(statistics.median(first) * 1000, 1)
        measured.notes["last_50_p50_ms"] = round(statistics.median(last) * 1000, 1)
        return measured


def _raw(engine: Engine, control: str, at: datetime) -> None:
    with engine.begin() as conn:
        for statement in RAW:
            conn.execute(text(statement), {"n": control, "at": at.isoformat()})
