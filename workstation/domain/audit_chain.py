"""The audit chain: each record carries the hash of the one before it (DESIGN.md section 3).

``record_hash`` is SHA-256 over the canonical JSON of the record's fields (sorted keys, no spaces,
UTF-8) together with the previous record's hash. Changing, deleting, inserting or reordering any
record breaks the chain at that point, and ``first_break`` names the first broken link.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64  # the "previous hash" of the first record of a database


def canonical_json(value: Any) -> str:
    """One spelling for one value: sorted keys, no whitespace, no NaN, Unicode kept."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def record_hash(previous_hash: str, fields: Mapping[str, Any]) -> str:
    """The hash a record with ``fields`` must carry after ``previous_hash``."""
    payload = canonical_json({"prev": previous_hash, "record": dict(fields)})
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainedRecord:
    seq: int
    fields: Mapping[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def first_break(records: Iterable[ChainedRecord]) -> tuple[int, ChainBreak | None]:
    """Walk the records in sequence order; return how many were checked and the first break."""
    expected_seq = 1
    previous = GENESIS
    count = 0
    for rec in records:
        count += 1
        if rec.seq != expected_seq:
            missing = "missing" if rec.seq > expected_seq else "duplicated or out of order"
            return count, ChainBreak(expected_seq, f"record {expected_seq} is {missing}")
        if rec.prev_hash != previous:
            return count, ChainBreak(rec.seq, "does not follow the record before it")
        if record_hash(previous, rec.fields) != rec.hash:
            return count, ChainBreak(rec.seq, "its content was changed after it was written")
        previous = rec.hash
        expected_seq += 1
    return count, None
