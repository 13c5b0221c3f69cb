"""The pure chain check: every kind of tampering is found, and where."""

from __future__ import annotations

from dataclasses import replace

from workstation.domain.audit_chain import (
    GENESIS,
    ChainedRecord,
    canonical_json,
    first_break,
    record_hash,
)


def chain(n: int) -> list[ChainedRecord]:
    out, prev = [], GENESIS
    for seq in range(1, n + 1):
        fields = {"seq": seq, "action": f"act{seq}", "who": "clerk"}
        h = record_hash(prev, fields)
        out.append(ChainedRecord(seq, fields, prev, h))
        prev = h
    return out


def test_intact() -> None:
    assert first_break(chain(5)) == (5, None)


def test_edited_field() -> None:
    records = chain(5)
    records[2] = replace(records[2], fields={**records[2].fields, "who": "lead"})
    assert first_break(records)[1].seq == 3  # type: ignore[union-attr]


def test_deleted_record() -> None:
    records = chain(5)
    del records[1]
    broken = first_break(records)[1]
    assert broken is not None and broken.seq == 2 and "missing" in broken.reason


def test_reordered() -> None:
    records = chain(5)
    records[1], records[2] = records[2], records[1]
    assert first_break(records)[1].seq == 2  # type: ignore[union-attr]


def test_inserted_record_with_recomputed_hash_breaks_the_next_link() -> None:
    records = chain(5)
    forged_fields = {"seq": 3, "action": "forged", "who": "x"}
    forged = ChainedRecord(3, forged_fields, records[1].hash,
                           record_hash(records[1].hash, forged_fields))
    renumbered = [replace(r, seq=r.seq + 1) for r in records[2:]]
    broken = first_break([*records[:2], forged, *renumbered])[1]
    assert broken is not None and broken.seq == 4


def test_canonical_json_is_order_independent_and_compact() -> None:
    assert canonical_json({"b": 1, "a": "é"}) == '{"a":"é","b":1}'
