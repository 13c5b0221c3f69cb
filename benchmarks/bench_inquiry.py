"""The Inquiry Queue on the demo register's inquiries (2,000 small; 500,000 with 3 million thread
entries large: ``demo_inquiries``), each row against raw SQL doing the same statements.

* ``queue_first_page``: ``inquiry_queue.queue`` for the clerk, the open view sorted by due time,
  100 rows, vs the same three statements as text on a plain read-only connection: the role
  check, the page query (the service's SELECT: each status kind's rows with and without a due
  time read in index order and cut at the page's end, merged with ``UNION ALL`` and sorted
  ``due_at ASC NULLS LAST, id``) and the presence query for the ids shown.
* ``claim``: ``inquiry_queue.claim`` of distinct unowned open inquiries by the clerk, vs the same
  work as text in one write transaction: the role check, the conditional UPDATE (``owner_id IS
  NULL``), reading the number and owner back, and an audit record appended to a hash chain. The
  raw side's chain is its own, in two scratch tables with the audit log's columns and keys
  (``bench_claim_audit``, ``bench_claim_head``), so the real chain stays intact: the head
  ``UPDATE ... RETURNING``, the SHA-256 of the canonical record, the INSERT and the head's new
  hash, as ``audit.record`` does. Program and raw side claim different inquiries (alternate ones
  of a shuffled list).

Both use the demo register of ``--size`` built once per run (or ``--register HOME``). ``claim``
writes to it: if fewer unowned open inquiries are left than it needs, it first hands back (untimed)
as many owned ones, and says so in its notes.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from sqlalchemy import bindparam, text

from benchmarks.bench_registry import _register
from benchmarks.core import BenchmarkError, Context, Measurement, benchmark
from benchmarks.dbtools import WARMUP, interleaved
from benchmarks.scratch_chain import ScratchChain, audit_row
from workstation.models.types import UTCDateTime, utcnow
from workstation.services import inquiry_queue, profile
from workstation.services.inquiry_dto import QueueFilter

PAGE = 100
ROLE = text("SELECT active, role FROM users WHERE id = :uid")
_COLUMNS = ("id, number, received_at, due_at, breached, category, channel, requester, subject, "
            "status, status_kind, owner_id, priority")


def _part(kind: str, has_due: bool) -> str:
    """One index range of the service's page query: a status kind, with or without a due time,
    read in order and cut at the page's end."""
    due = "due_at IS NOT NULL ORDER BY due_at ASC, id ASC" if has_due \
        else "due_at IS NULL ORDER BY id ASC"
    return (f"SELECT * FROM (SELECT {_COLUMNS} FROM inquiries WHERE status_kind = :{kind} "
            f"AND {due} LIMIT :enough)")


QUEUE_PAGE = text(
    "SELECT merged.*, users.username FROM ("
    + " UNION ALL ".join(_part(k, d) for k in ("open", "paused") for d in (True, False))
    + ") AS merged LEFT OUTER JOIN users ON users.id = merged.owner_id "
    "ORDER BY merged.due_at ASC NULLS LAST, merged.id ASC LIMIT :limit OFFSET :offset")
PRESENCE = text(
    "SELECT inquiry_presence.inquiry_id, inquiry_presence.state, users.username "
    "FROM inquiry_presence JOIN users ON users.id = inquiry_presence.user_id "
    "WHERE inquiry_presence.inquiry_id IN :ids AND inquiry_presence.user_id != :uid "
    "AND inquiry_presence.heartbeat_at >= :fresh ORDER BY users.username"
).bindparams(bindparam("ids", expanding=True), bindparam("fresh", type_=UTCDateTime()))
CLAIM = text(
    "UPDATE inquiries SET owner_id = :uid, claimed_at = :now, last_activity_at = :now, "
    "version = version + 1, updated_at = :now "
    "WHERE id = :id AND owner_id IS NULL AND status_kind != 'done'"
).bindparams(bindparam("now", type_=UTCDateTime()))
OWNER_NOW = text("SELECT inquiries.number, users.username FROM inquiries LEFT OUTER JOIN users "
                 "ON users.id = inquiries.owner_id WHERE inquiries.id = :id")
UNOWNED = text("SELECT id FROM inquiries WHERE owner_id IS NULL AND status_kind != 'done' "
               "ORDER BY id")
HAND_BACK = text(
    "UPDATE inquiries SET owner_id = NULL, claimed_at = NULL WHERE id IN (SELECT id FROM "
    "inquiries WHERE owner_id IS NOT NULL AND status_kind != 'done' ORDER BY id LIMIT :k)")


CHAIN = ScratchChain("claim")


@benchmark("queue_first_page")
def queue_first_page(ctx: Context) -> Measurement:
    n = ctx.n(300, 200)
    with _register(ctx) as (backend, clerk):
        prof = profile.load()
        wanted = QueueFilter(view="open", sort="due", limit=PAGE)
        reader = backend.db.reader
        seen: dict[str, list[int]] = {}

        def program(i: int) -> None:
            page = inquiry_queue.queue(backend.db, prof, clerk, wanted)
            if i < 0:
                seen["program"] = [r.id for r in page.rows]

        def raw(i: int) -> None:
            now = utcnow()
            with reader.connect() as conn, conn.begin():
                conn.execute(ROLE, {"uid": clerk.user_id}).first()
                rows = conn.execute(QUEUE_PAGE, {"open": "open", "paused": "paused",
                                                 "enough": PAGE + 1, "limit": PAGE + 1,
                                                 "offset": 0}).all()
                ids = [r.id for r in rows[:PAGE]]
                fresh = now - timedelta(seconds=prof.inquiry.queue.presence_seconds)
                conn.execute(PRESENCE, {"ids": ids, "uid": clerk.user_id,
                                        "fresh": fresh}).all()
            if i < 0:
                seen["raw"] = ids

        measured = interleaved(n, program, raw)
    if not seen.get("program") or seen.get("program") != seen.get("raw"):
        raise BenchmarkError("queue_first_page: the program's page is not the raw query's")
    measured.notes["rows"] = len(seen["program"])
    return measured


@benchmark("claim")
def claim(ctx: Context) -> Measurement:
    n = ctx.n(100, 1000)
    with _register(ctx) as (backend, clerk):
        engine = backend.db.engine
        handed_back = _enough_unowned(engine, 2 * (n + WARMUP))
        with engine.connect() as conn:
            ids = [int(r[0]) for r in conn.execute(UNOWNED)]
        random.Random(13).shuffle(ids)
        mine, theirs = ids[0::2], ids[1::2]
        db = backend.db

        def program(i: int) -> None:
            result = inquiry_queue.claim(backend.db, clerk, mine[i + WARMUP])
            if not result.won:
                raise BenchmarkError(f"claim: the program lost {result.number}: "
                                     f"{result.message}")

        def raw(i: int) -> None:
            inquiry_id, now = theirs[i + WARMUP], utcnow()
            with engine.begin() as conn:
                conn.execute(ROLE, {"uid": clerk.user_id}).first()
                won = conn.execute(CLAIM, {"uid": clerk.user_id, "now": now,
                                           "id": inquiry_id}).rowcount == 1
                number, _owner = conn.execute(OWNER_NOW, {"id": inquiry_id}).one()
                if not won:
                    raise BenchmarkError(f"claim: the raw side lost {number}")
                seq, prev_hash = conn.execute(CHAIN.next).one()
                row = audit_row(os_user=db.os_user, workstation=db.workstation,
                                user_id=clerk.user_id, username=clerk.username, seq=int(seq),
                                prev_hash=str(prev_hash), action="inquiry.claim",
                                entity_type="inquiry", entity_id=inquiry_id,
                                after={"number": str(number)})
                conn.execute(CHAIN.insert, row)
                conn.execute(CHAIN.set_hash, {"hash": row["hash"]})

        with CHAIN.created(engine):
            measured = interleaved(n, program, raw)
    measured.notes["unowned_before"] = len(ids)
    if handed_back:
        measured.notes["handed_back_first"] = handed_back
    return measured


def _enough_unowned(engine: Any, needed: int) -> int:
    """Hand back owned open inquiries (untimed) until ``needed`` are unowned; how many."""
    with engine.begin() as conn:
        have = len(conn.execute(UNOWNED).all())
        if have >= needed:
            return 0
        short = needed - have
        done = conn.execute(HAND_BACK, {"k": short}).rowcount
    if done < short:
        raise BenchmarkError(f"claim: the demo register has {have + done} open inquiries; "
                             f"{needed} are needed (fewer --runs)")
    return int(done)


