"""The lead's work reports (issue 9) over a year of the demo register (5 million filings and
500,000 inquiries large): each against the same SELECTs run bare.

* ``report_production``: ``report_work.production_report`` for the demo lead over
  TODAY-365 .. TODAY (the demo's pinned today), rows by day: the role check, documents received
  per office day (SQLite: one index count per day; PostgreSQL: grouped by the zone's day),
  decisions per office day and kind, each finished filing's two timestamps, then in Python the
  business hours of each (``report_clock.BusinessClock``), the expedite clocks, medians, the
  table, charts and figures. The baseline runs the same statements (built by
  ``report_work_sql`` with the same range, compiled by the same engine) on a plain read-only
  connection and fetches every row: the ratio is what the business clock and the report's
  assembly add. The row fails unless the report's totals equal the baseline's counts.
* ``report_backlog``: ``report_work.backlog_report`` as of the same day: open filings (read
  through the (status, received_at) index) classified by their newest batch (or filing type)
  and speed, each queue's oldest item and its count per age bucket in one pass (window
  functions), the open inquiries counted per bucket from the queue's index and their oldest
  looked up. The baseline runs the same statements
  bare; the totals must agree.

Issue 9's budget: each report over a year of the large demo in at most 2 s (p95).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text

from benchmarks.bench_registry import _register
from benchmarks.core import BenchmarkError, Context, Measurement, benchmark
from benchmarks.dbtools import interleaved
from workstation.models import Filing, FilingEvent
from workstation.models.types import utcnow
from workstation.services import auth, demo, profile, report_time, report_work
from workstation.services import report_work_sql as sql
from workstation.services.demo_registry import TODAY
from workstation.services.dto import Actor
from workstation.services.profile import Profile
from workstation.services.report_dto import Report
from workstation.startup import Backend

ROLE = text("SELECT active, role FROM users WHERE id = :uid")
WARMUP = 2  # a year of filings per sample: a couple of untimed runs warm the caches


def _lead(backend: Backend) -> Actor:
    person = next(u for u in demo.DEMO_USERS if u.username == "lead")
    return auth.sign_in(backend.db, backend.policy, person.username, person.password)


def _year() -> tuple[date, date]:
    return TODAY - timedelta(days=365), TODAY


def _totals(report: Report, *keys: str) -> list[int]:
    assert report.totals is not None
    return [int(report.totals[report.column(k)] or 0) for k in keys]  # type: ignore[arg-type]


@benchmark("report_production")
def report_production(ctx: Context) -> Measurement:
    n = ctx.n(5, 5)
    first, last = _year()
    with _register(ctx) as (backend, _clerk):
        prof, lead = profile.load(), _lead(backend)
        zone = prof.calendar.zone
        low, high = report_time.office_window(zone, first, last)
        seen: dict[str, list[int]] = {}

        def program(i: int) -> None:
            report = report_work.production_report(backend.db, prof, lead, first, last)
            seen["program"] = _totals(report, "received", "decided", "expedite")
            seen["days"] = [len(report.rows)]

        def raw(i: int) -> None:
            with backend.db.reader.connect() as conn, conn.begin():
                conn.execute(ROLE, {"uid": lead.user_id}).first()
                days = sql.OfficeDays(zone, low, high, conn.dialect.name)
                received = conn.execute(
                    sql.received_per_day(zone, first, last, ())
                    if conn.dialect.name == "sqlite" else sql.received_counts(
                        days.of(Filing.received_at), low, high, ())).all()
                decided = conn.execute(sql.decision_counts(
                    days.of(FilingEvent.at), low, high, ())).all()
                finished = conn.execute(sql.final_decisions(
                    days.of(FilingEvent.at), low, high, ())).all()
            expedite = _expedite(prof, finished)
            seen["raw"] = [sum(int(r[1]) for r in received), sum(int(r[2]) for r in decided),
                           expedite]
            seen["finished"] = [len(finished)]

        measured = interleaved(n, program, raw, warmup=WARMUP)
    if seen["program"] != seen["raw"]:
        raise BenchmarkError(f"report_production: the report's totals {seen['program']} are "
                             f"not the bare queries' {seen['raw']}")
    measured.notes.update(range=f"{first}..{last}", days=seen["days"][0],
                          received=seen["raw"][0], decisions=seen["raw"][1],
                          finished=seen["finished"][0], expedite_finished=seen["raw"][2])
    return measured


def _expedite(prof: Profile, finished: Sequence[Any]) -> int:
    """Finished filings of a speed with a deadline clock (counted from the bare rows)."""
    levels = {lv.code for lv in prof.fees.levels if lv.code != "regular"
              and (c := prof.calendar.clocks.get(lv.code)) is not None and c.kind == "deadline"}
    return sum(1 for row in finished if row[1] in levels)


@benchmark("report_backlog")
def report_backlog(ctx: Context) -> Measurement:
    n = ctx.n(5, 5)
    with _register(ctx) as (backend, _clerk):
        prof, lead = profile.load(), _lead(backend)
        zone = prof.calendar.zone
        day = min(TODAY, utcnow().astimezone(zone).date())
        today = utcnow().astimezone(zone).date()
        limits = [report_time.midnight(zone, d) for d in sql.bucket_starts(prof.calendar, day,
                                                                 report_work.AGE_LIMITS)]
        until = None if day == today else report_time.midnight(zone, day + timedelta(days=1))
        mapping = {t.code: t.service.value for t in prof.filing_types}
        seen: dict[str, list[int]] = {}

        def program(i: int) -> None:
            report = report_work.backlog_report(backend.db, prof, lead, day)
            seen["program"] = _totals(report, "d0_2", "d3_5", "d6_10", "d11", "open")
            seen["queues"] = [len(report.rows)]

        def raw(i: int) -> None:
            buckets = [0] * len(report_work.BUCKETS)
            with backend.db.reader.connect() as conn, conn.begin():
                conn.execute(ROLE, {"uid": lead.user_id}).first()
                found = sql.open_filings(mapping, limits, until, None, None)
                rows = [list(r[4:]) for r in conn.execute(sql.queue_summary(found, len(buckets)))]
                asked = conn.execute(sql.inquiry_counts(limits, until)).all()
                if asked:
                    conn.execute(sql.inquiry_oldest(min(r[2] for r in asked), until)).one()
            rows.append([sum(int(r[1]) for r in asked if int(r[0]) == n)
                         for n in range(len(buckets))])
            for counts in rows:
                buckets = [a + int(b) for a, b in zip(buckets, counts, strict=True)]
            seen["raw"] = [*buckets, sum(buckets)]

        measured = interleaved(n, program, raw, warmup=WARMUP)
    if seen["program"] != seen["raw"]:
        raise BenchmarkError(f"report_backlog: the report's totals {seen['program']} are not "
                             f"the bare queries' {seen['raw']}")
    measured.notes.update(as_of=str(day), queues=seen["queues"][0], open=seen["raw"][4])
    return measured
