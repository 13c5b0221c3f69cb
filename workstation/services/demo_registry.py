"""A demonstration register: entities, filings and UCC records, deterministic from a seed.

``large`` is the scale the benchmarks need (2 million entities, 5 million filings, 1 million
UCC records); rows are made in Python and bulk-loaded (db/bulk.py), with a progress callback.
Keys (name key, UCC search key) come from the same rule functions the services use, so a
demo register answers searches exactly as a real one would.
"""

from __future__ import annotations

import random
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Engine, text

from workstation.db import bulk
from workstation.domain.entity_types import Term
from workstation.models import Entity, Filing, FilingEvent, UccParty, UccRecord
from workstation.services import demo_names
from workstation.services.profile import Profile

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class RegistrySize:
    entities: int
    filings: int
    ucc: int


SIZES = {"small": RegistrySize(2_000, 5_000, 1_000),
         "large": RegistrySize(2_000_000, 5_000_000, 1_000_000)}
# Share of each entity type on a register like Ohio's (orientation only).
TYPE_MIX = (("llc", 0.52), ("corp", 0.14), ("nonprofit", 0.08), ("trade-name", 0.12),
            ("fictitious-name", 0.04), ("foreign-llc", 0.03), ("foreign-corp", 0.03),
            ("prof-corp", 0.01), ("lp", 0.01), ("llp", 0.01), ("name-reservation", 0.01))
STATUS_MIX = (("active", 0.72), ("cancelled", 0.12), ("dissolved", 0.1), ("hold", 0.01),
              ("expired", 0.05))
FIRST_NUMBER = 1_000_000
NAMES_ONLY = frozenset({"trade-name", "fictitious-name", "name-reservation"})  # no standing
TODAY = date(2026, 11, 23)  # demo data is pinned to one "today" so it is the same every time


def _pick(rng: random.Random, mix: tuple[tuple[str, float], ...]) -> str:
    roll, total = rng.random(), 0.0
    for value, share in mix:
        total += share
        if roll < total:
            return value
    return mix[-1][0]


def _when(rng: random.Random, start_year: int = 1990) -> date:
    span = (TODAY - date(start_year, 1, 1)).days
    return date(start_year, 1, 1) + timedelta(days=int(span * rng.random() ** 0.6))


def entity_types(count: int, seed: int) -> Iterator[tuple[str, date]]:
    """Type and formation date of entity 1, 2, 3 ... from a stream of their own, so that the
    formation filings can replay them (articles are received the day the entity is formed)."""
    rng = random.Random(seed * 7 + 3)
    for _ in range(count):
        etype = _pick(rng, TYPE_MIX)
        formed = _when(rng)
        if etype == "name-reservation":
            formed = TODAY - timedelta(days=rng.randint(0, 170))
        yield etype, formed


def _expiry(term: Term | None, formed: date, status: str, status_date: date) -> date | None:
    """The registration's expiry by its profile term (as ``registry.add_entity`` sets it). A
    renewable one (a trade name) has been renewed on time: an active one is in the term running
    on TODAY; any other in the term that ran when its status changed (the first term's end
    when it changed inside the first term)."""
    if term is None:
        return None
    expiry = term.expires(formed)
    if not term.renewable:
        return expiry
    if status == "active":
        while expiry < TODAY:
            expiry = term.expires(expiry)
        return expiry
    while term.expires(expiry) <= status_date:
        expiry = term.expires(expiry)
    return expiry


def entity_rows(profile: Profile, count: int, seed: int) -> Iterator[tuple[Any, ...]]:
    rng = random.Random(seed)
    now = datetime(2026, 11, 23, 12, tzinfo=UTC)
    terms = {kind.code: kind.term for kind in profile.entity_types if kind.term is not None}
    for i, (etype, formed) in enumerate(entity_types(count, seed)):
        status = _pick(rng, STATUS_MIX) if etype != "name-reservation" else "active"
        name = demo_names.business_name(rng, etype)
        status_date = formed if status == "active" else formed + timedelta(
            days=rng.randint(1, max(1, (TODAY - formed).days)))
        expiry = _expiry(terms.get(etype), formed, status, status_date)
        last, first, _ = demo_names.person(rng)
        flagged = status == "cancelled" and etype not in NAMES_ONLY
        yield (i + 1, str(FIRST_NUMBER + i), name, profile.entity_name_key(name), name.casefold(),
               etype, status, status_date, formed, expiry,
               f"{first} {last}", f"{rng.randint(1, 9999)} {rng.choice(demo_names.PLACES)} Rd",
               "Columbus", "OH", f"43{rng.randint(0, 999):03d}",
               flagged and rng.random() < 0.6, flagged and rng.random() < 0.3, False,
               status == "hold",
               1, now, now)


ENTITY_COLUMNS = ("id", "number", "name", "name_key", "name_sort", "entity_type", "status",
                  "status_date", "formation_date", "expiry_date", "agent_name", "agent_street",
                  "agent_city", "agent_state", "agent_zip", "tax_cancellation", "agent_missing",
                  "court_order", "administrative_hold", "version", "created_at", "updated_at")
FORMATION = {"llc": "OH-610", "corp": "OH-532A", "nonprofit": "114-ARN", "prof-corp": "OH-532A",
             "trade-name": "OH-534A-T", "fictitious-name": "OH-534A-F",
             "foreign-llc": "OH-FLLC", "foreign-corp": "151-FLF", "lp": "OH-LP-CERT",
             "llp": "OH-LLP-REG", "name-reservation": "OH-534B"}
LATER = {  # what an entity of each kind files after its formation
    "corp": ("123-AMDD", "OH-521", "OH-521", "OH-561"), "prof-corp": ("123-AMDD", "OH-521"),
    "nonprofit": ("124-AMDI", "OH-521", "OH-560"), "llc": ("OH-543A", "OH-521", "OH-616"),
    "foreign-llc": ("OH-521",), "foreign-corp": ("OH-521",), "lp": ("OH-521", "OH-563"),
    "llp": ("OH-521", "OH-567"), "trade-name": ("OH-523A", "OH-524A"),
    "fictitious-name": ("OH-523A", "OH-524A"), "name-reservation": ("OH-534B",)}


def filing_rows(entities: int, count: int, seed: int) -> Iterator[tuple[Any, ...]]:
    """Every entity's formation, then later filings spread over entities, newest last."""
    rng = random.Random(seed + 1)
    kinds = list(FORMATION)
    # Compact per-entity memory (type index, formation day) so later filings fit their entity.
    type_of = array("b")
    formed_on = array("i")
    now = datetime(2026, 11, 23, 12, tzinfo=UTC)
    types = entity_types(entities, seed)
    for n in range(count):
        if n < entities:
            entity_id = n + 1
            etype, formed = next(types)
            type_of.append(kinds.index(etype))
            formed_on.append(formed.toordinal())
            code = FORMATION[etype]
            received = datetime.combine(formed, time(13, 30), UTC)
        else:
            entity_id = rng.randint(1, entities)
            first_day = formed_on[entity_id - 1] + 1
            code = rng.choice(LATER[kinds[type_of[entity_id - 1]]])
            day = date.fromordinal(rng.randint(min(first_day, TODAY.toordinal()),
                                               TODAY.toordinal()))
            received = datetime.combine(day, time(13, 30), UTC)
        recent = (now - received).days < 30
        status = rng.choice(("received", "in_review", "hold", "accepted")) if recent \
            else "completed"
        filed = received + timedelta(days=rng.randint(1, 7)) if status == "completed" else None
        level = rng.choice(("regular",) * 7 + ("expedite_1", "expedite_2", "expedite_3"))
        yield (n + 1, f"{received.year}{n + 1:08d}", code, entity_id, received, filed,
               filed.date() if filed else None, rng.randint(1, 6), 9900, level, status,
               1, now, now)


FILING_COLUMNS = ("id", "document_number", "filing_type", "entity_id", "received_at",
                  "filed_at", "effective_date", "pages", "fee_due_cents", "service_level",
                  "status", "version", "created_at", "updated_at")
EVENT_COLUMNS = ("filing_id", "status", "at", "by_user", "note")
UCC_COLUMNS = ("id", "file_number", "record_type", "initial_id", "filed_at", "lapse_kind",
               "lapse_date", "pages")
PARTY_COLUMNS = ("record_id", "role", "kind", "organization", "last_name", "first_name",
                 "middle_name", "suffix", "search_key", "last_key", "first_key", "street",
                 "city", "state", "zip")


def ucc_rows(profile: Profile, count: int, seed: int
             ) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """("record", row) and ("party", row) items: 60 % initial statements, the rest linked."""
    rng = random.Random(seed + 2)
    initials: list[tuple[int, date]] = []
    for n in range(1, count + 1):
        filed = datetime.combine(_when(rng, 2005), time(10, 15), UTC)
        if not initials or rng.random() < 0.6:
            kind = "transmitting_utility" if rng.random() < 0.002 else (
                "public_finance" if rng.random() < 0.01 else "standard")
            lapse = profile.ucc_lapse(filed.date(), kind)
            initials.append((n, filed.date()))
            yield "record", (n, profile.ucc_file_number(filed.year, n), "initial", None, filed,
                             kind, lapse, rng.randint(1, 3))
            yield "party", _debtor(profile, rng, n)
            yield "party", _secured_party(profile, rng, n)
        else:
            initial_id, initial_filed = rng.choice(initials)
            record_type = rng.choice(("amendment", "continuation", "termination", "assignment"))
            filed = max(filed, datetime.combine(initial_filed, time(9), UTC) + timedelta(days=1))
            yield "record", (n, profile.ucc_file_number(filed.year, n), record_type, initial_id,
                             filed, "standard", None, 1)


def _debtor(profile: Profile, rng: random.Random, record_id: int) -> tuple[Any, ...]:
    if rng.random() < 0.7:
        org = demo_names.business_name(rng, rng.choice(("llc", "corp")))
        return (record_id, "debtor", "organization", org, None, None, None, None,
                profile.ucc_search_key(org), None, None, "1 Main St", "Columbus", "OH", "43215")
    last, first, middle = demo_names.person(rng)
    last_key, first_key = profile.ucc_person_keys(last, first)
    return (record_id, "debtor", "individual", None, last, first, middle or None, None,
            last_key, last_key, first_key, "2 Elm St", "Dayton", "OH", "45402")


def _secured_party(profile: Profile, rng: random.Random, record_id: int) -> tuple[Any, ...]:
    bank = f"{rng.choice(demo_names.PLACES)} {rng.choice(('Bank', 'Credit Union', 'Capital'))}"
    return (record_id, "secured_party", "organization", bank, None, None, None, None,
            profile.ucc_search_key(bank), None, None, "100 Bank Plaza", "Cleveland", "OH",
            "44114")


def build(engine: Engine, profile: Profile, size: RegistrySize, seed: int,
          progress: Progress) -> dict[str, int]:
    """Load a register of ``size`` into an empty registry; returns row counts per table."""
    counts: dict[str, int] = {}
    tables = [Entity.__table__, Filing.__table__, FilingEvent.__table__, UccRecord.__table__,
              UccParty.__table__]
    with bulk.indexes_deferred(engine, tables):  # type: ignore[arg-type]
        _load_all(engine, profile, size, seed, progress, counts)
        progress("indexes", 0, 1)
    progress("indexes", 1, 1)
    for table in (Entity.__table__, Filing.__table__, UccRecord.__table__):
        bulk.set_sequence_after_load(engine, table)  # type: ignore[arg-type]
    return counts


def _load_all(engine: Engine, profile: Profile, size: RegistrySize, seed: int,
              progress: Progress, counts: dict[str, int]) -> None:
    counts["entities"] = _stage(engine, Entity.__table__, ENTITY_COLUMNS,
                                entity_rows(profile, size.entities, seed), "entities",
                                size.entities, progress)
    counts["filings"] = _stage(engine, Filing.__table__, FILING_COLUMNS,
                               filing_rows(size.entities, size.filings, seed), "filings",
                               size.filings, progress)
    counts["filing_events"] = _events(engine, progress)
    records, parties = _ucc(engine, profile, size, seed, progress)
    counts["ucc_records"], counts["ucc_parties"] = records, parties


def _stage(engine: Engine, table: Any, columns: tuple[str, ...], rows: Iterator[Any],
           stage: str, total: int, progress: Progress) -> int:
    def counted() -> Iterator[Any]:
        for n, row in enumerate(rows, 1):
            if n % 50_000 == 0 or n == total:
                progress(stage, n, total)
            yield row
    return bulk.load(engine, table, columns, counted())


def _events(engine: Engine, progress: Progress) -> int:
    """Status history for the filings still being worked (the rest are long completed)."""
    with engine.begin() as conn:
        rows = conn.execute(text(
            "SELECT id, status, received_at FROM filings WHERE status <> 'completed'")).all()
    def history() -> Iterator[tuple[Any, ...]]:
        for filing_id, status, received in rows:
            at = received if isinstance(received, datetime) else datetime.fromisoformat(received)
            at = at.replace(tzinfo=UTC) if at.tzinfo is None else at
            yield (filing_id, "received", at, "mailroom", None)
            if status != "received":
                yield (filing_id, status, at + timedelta(hours=3), "senior", None)
    done = bulk.load(engine, FilingEvent.__table__, EVENT_COLUMNS,  # type: ignore[arg-type]
                     history())
    progress("filing history", done, done)
    return done


def _ucc(engine: Engine, profile: Profile, size: RegistrySize, seed: int,
         progress: Progress) -> tuple[int, int]:
    records: list[tuple[Any, ...]] = []
    parties: list[tuple[Any, ...]] = []
    loaded = [0, 0]

    def flush() -> None:
        loaded[0] += bulk.load(engine, UccRecord.__table__, UCC_COLUMNS,  # type: ignore[arg-type]
                               records)
        loaded[1] += bulk.load(engine, UccParty.__table__, PARTY_COLUMNS,  # type: ignore[arg-type]
                               parties)
        records.clear()
        parties.clear()
        progress("UCC records", loaded[0], size.ucc)

    for kind, row in ucc_rows(profile, size.ucc, seed):
        (records if kind == "record" else parties).append(row)
        if len(records) >= 50_000:
            flush()
    flush()
    return loaded[0], loaded[1]
