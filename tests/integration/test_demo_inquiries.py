"""The demo inquiries (services/demo_inquiries.py) on both databases: counts and mix, the number
series continued, the stored clocks equal to what the services recompute, and determinism."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.helpers import demo_password
from workstation.models import Inquiry, InquiryEntry, InquiryLink, InquiryStatusChange
from workstation.services import (
    auth,
    demo,
    demo_inquiries,
    inquiries,
    inquiry_read,
    numbering,
    profile,
)
from workstation.services.inquiry_dto import NewInquiry
from workstation.startup import Backend

P = profile.load()
SMALL = demo_inquiries.SIZES["small"]


@pytest.fixture
def register(demo_backend: Backend) -> tuple[Backend, dict[str, int]]:
    counts = demo.build_registry(demo_backend.db, "small")
    return demo_backend, counts


def _all(backend: Backend, statement: Any) -> list[Any]:
    with backend.db.uow(read_only=True) as uow:
        return list(uow.session.execute(statement).all())


def test_counts_and_mix(register: tuple[Backend, dict[str, int]]) -> None:
    backend, counts = register
    assert counts["inquiries"] == SMALL.inquiries == 2_000
    assert counts["entities"] == 2_000  # the register is built first
    assert abs(counts["inquiry_entries"] - SMALL.entries) < SMALL.entries * 0.05
    per = _all(backend, select(func.count()).select_from(InquiryEntry)
               .group_by(InquiryEntry.inquiry_id))
    assert len(per) == 2_000 and min(n for (n,) in per) >= 1 and max(n for (n,) in per) <= 12
    kinds = Counter(dict(_all(backend, select(Inquiry.status_kind, func.count())
                              .group_by(Inquiry.status_kind))))
    assert 0.80 < kinds["done"] / 2_000 < 0.90
    assert kinds["open"] and kinds["paused"]
    channels = Counter(dict(_all(backend, select(Inquiry.channel, func.count())
                                 .group_by(Inquiry.channel))))
    assert channels.most_common(1)[0][0] == "mail" and set(channels) <= {
        c.code for c in P.inquiry.channels}
    # Every thread starts with the inbound entry at arrival; finished ones carry closed_at.
    firsts = _all(backend, select(InquiryEntry.kind, InquiryEntry.at, Inquiry.arrived_at)
                  .join(Inquiry, Inquiry.id == InquiryEntry.inquiry_id)
                  .where(InquiryEntry.id.in_(select(func.min(InquiryEntry.id))
                                             .group_by(InquiryEntry.inquiry_id))))
    assert all(kind in ("inbound", "phone") and at == arrived for kind, at, arrived in firsts)
    assert not _all(backend, select(Inquiry.id).where(
        (Inquiry.status_kind == "done") != Inquiry.closed_at.is_not(None)))
    letters = _all(backend, select(InquiryEntry.mailed_on, InquiryEntry.mailed_at).where(
        InquiryEntry.kind == "outbound", InquiryEntry.channel == "mail"))
    assert letters and sum(1 for on, _ in letters if on is not None) > len(letters) * 0.9
    assert all((on is None) == (at is None) for on, at in letters)
    # Open work: about 60 % held by the demo clerks; links point into the register.
    owners = _all(backend, select(Inquiry.owner_id).where(Inquiry.status_kind != "done"))
    assert 0.45 < sum(1 for (o,) in owners if o is not None) / len(owners) < 0.75
    targets = _all(backend, select(InquiryLink.kind, InquiryLink.target_id))
    assert 0.25 < sum(1 for k, _ in targets if k == "entity") / 2_000 < 0.35
    assert all(1 <= t <= (2_000 if k == "entity" else 5_000) for k, t in targets)


def test_the_number_series_and_ids_continue_after_the_demo(
        register: tuple[Backend, dict[str, int]]) -> None:
    backend, _ = register
    numbers = [n for (n,) in _all(backend, select(Inquiry.number).order_by(Inquiry.id))]
    assert numbers[0] == "Q0000001" and numbers[-1] == "Q0002000"
    with backend.db.uow(read_only=True) as uow:
        assert numbering.peek(uow, "inquiry") == 2_000
    clerk = auth.sign_in(backend.db, backend.policy, "clerk", demo_password("clerk"))
    new_id, number = inquiries.log_contact(backend.db, P, clerk, NewInquiry(
        channel="phone", requester="Pat Caller", category="other", text="A question."))
    assert number == "Q0002001" and new_id == 2_001  # ids and sequences moved on too
    assert inquiry_read.detail(backend.db, P, clerk, new_id).number == number
    # A demo inquiry reads like any other: thread, statuses, links, the merged one's keeper.
    merged = _all(backend, select(Inquiry.id, Inquiry.merged_into_id)
                  .where(Inquiry.merged_into_id.is_not(None)).limit(1))[0]
    shown = inquiry_read.detail(backend.db, P, clerk, merged[0])
    assert shown.status == "merged" and shown.merged_into == f"Q{merged[1]:07d}"
    assert shown.entries and shown.statuses[0].status == "new"


def test_stored_clocks_are_what_the_services_recompute(
        register: tuple[Backend, dict[str, int]]) -> None:
    backend, _ = register
    checked: Counter[str] = Counter()
    with backend.db.uow(read_only=True) as uow, uow.session.no_autoflush:
        rows = uow.session.execute(select(Inquiry).where(
            (Inquiry.id % 5 == 0) | (Inquiry.status_kind != "done"))).scalars().all()
        for row in rows:
            stored = (row.due_at, row.breached)
            inquiries.recompute(uow, P, row, demo_inquiries.NOW)
            assert (row.due_at, row.breached) == stored, (row.number, row.status)
            checked[row.status_kind] += 1
            checked["breached"] += row.breached
            uow.session.expunge(row)
    assert checked["done"] > 250 and checked["open"] > 100 and checked["paused"] > 20
    assert 0 < checked["breached"] < sum(checked[k] for k in ("done", "open", "paused"))


def test_the_same_seed_makes_the_same_inquiries(
        register: tuple[Backend, dict[str, int]]) -> None:
    backend, _ = register
    again = demo_inquiries.build(backend.db.engine, P, 500, 3_000, demo.SEED, lambda *_: None)
    assert again["inquiries"] == 500

    def shape(statement: Any) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in _all(backend, statement)]

    columns = (Inquiry.channel, Inquiry.category, Inquiry.status, Inquiry.arrived_at,
               Inquiry.received_at, Inquiry.requester, Inquiry.owner_id, Inquiry.due_at,
               Inquiry.breached, Inquiry.closed_at)
    first = shape(select(*columns).where(Inquiry.id <= 500).order_by(Inquiry.id))
    second = shape(select(*columns).where(Inquiry.id > 2_000).order_by(Inquiry.id))
    assert first == second  # the seed decides everything but where the ids start
    changes = (InquiryStatusChange.at, InquiryStatusChange.status)
    assert shape(select(*changes).where(InquiryStatusChange.inquiry_id <= 500)
                 .order_by(InquiryStatusChange.id)) == \
        shape(select(*changes).where(InquiryStatusChange.inquiry_id > 2_000)
              .order_by(InquiryStatusChange.id))
    numbers = [n for (n,) in _all(backend, select(Inquiry.number).where(Inquiry.id > 2_000)
                                  .order_by(Inquiry.id))]
    assert numbers[0] == "Q0002001" and numbers[-1] == "Q0002500"
    with backend.db.uow(read_only=True) as uow:
        assert numbering.peek(uow, "inquiry") == 2_500


def test_entry_counts_average_what_was_asked() -> None:
    for average in (2.0, 6.0, 9.5):
        weights = demo_inquiries.entry_weights(average)
        mean = sum(k * w for k, w in enumerate(weights, 1)) / sum(weights)
        assert abs(mean - average) < 0.01
