"""Batches arranged by hand, on both databases: a batch opened with a reason (an expedite one
due by its clock), a waiting document moved to another batch of its service type with a
reason, and every move that would lose track of work or money refused at its field."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tests.helpers import demo_password
from workstation.errors import UserError
from workstation.models import Batch, BatchEvent
from workstation.services import auth, batch_admin, batch_items, batch_review, intake, profile
from workstation.services.batch_review import Decision
from workstation.services.dto import Actor
from workstation.services.intake_rules import DocumentInput, EnvelopeInput, RemittanceInput
from workstation.startup import Backend

P = profile.load()
ARRIVED = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)


def person(backend: Backend, who: str) -> Actor:
    return auth.sign_in(backend.db, backend.policy, who, demo_password(who))


def log(backend: Backend, form: str, amount: str, count: int) -> list[int]:
    clerk = person(backend, "clerk")
    session_id, _ = intake.open_session(backend.db, P, clerk, "usps", "senior")
    ids = []
    for n in range(1, count + 1):
        slip = intake.log_envelope(backend.db, P, clerk, session_id, EnvelopeInput(
            arrived_at=ARRIVED, customer_name=f"Filer {n}",
            remittances=(RemittanceInput(amount, f"Filer {n}", "check", f"90{n}", "Chase"),),
            documents=(DocumentInput(form, "2"),)))
        ids.append(slip.documents[0].id)
    return ids


def batch_of(backend: Backend, filing_id: int) -> tuple[str, str]:
    with backend.db.uow(read_only=True) as uow:
        found = batch_items.current_batch(uow, filing_id)
        return found.number, found.status


def test_a_batch_opened_by_hand_says_why_and_when_it_is_due(demo_backend: Backend) -> None:
    db, lead = demo_backend.db, person(demo_backend, "lead")
    for args, field in ((("vital", "regular", 1, "x"), "service_type"),
                        (("corporate", "expedite_9", 1, "x"), "service_level"),
                        (("corporate", "regular", 4, "x"), "work_level"),
                        (("corporate", "regular", 1, "  "), "reason")):
        with pytest.raises(UserError) as refused:
            batch_admin.create_batch(db, P, lead, *args)
        assert refused.value.field == field
    made = batch_admin.create_batch(db, P, lead, "corporate", "expedite_2", 2,
                                    "walk-in rush for the governor's office")
    with db.uow(read_only=True) as uow:
        batch = uow.session.get(Batch, made.id)
        assert batch is not None and batch.number == made.number
        assert (batch.status, batch.service_level, batch.due_at is not None) == (
            "open", "expedite_2", True)
        [event] = uow.session.execute(select(BatchEvent).where(
            BatchEvent.batch_id == made.id)).scalars()
        assert (event.kind, event.reason) == ("created", "walk-in rush for the governor's office")


def test_a_waiting_document_moves_with_its_reason_and_the_batches_follow(
        demo_backend: Backend) -> None:
    db = demo_backend.db
    senior, lead = person(demo_backend, "senior"), person(demo_backend, "lead")
    decided, waiting = log(demo_backend, "610", "99.00", 2)
    source, _ = batch_of(demo_backend, waiting)
    taken = batch_review.take(db, senior, decided)
    batch_review.decide(db, P, senior, decided, taken.version, Decision(
        "accepted", fields={"name": "Thistle Down Weaving LLC"}))
    assert batch_of(demo_backend, waiting) == (source, "in_review")
    target = batch_admin.create_batch(db, P, lead, "corporate", "regular", 2, "overflow")
    with pytest.raises(UserError, match="Say why"):
        batch_admin.move_item(db, P, lead, waiting, target.number, "")
    with pytest.raises(UserError, match="stays in the batch") as refused:
        batch_admin.move_item(db, P, lead, decided, target.number, "wrong batch")
    assert refused.value.field == "document"
    with pytest.raises(UserError, match="already"):
        batch_admin.move_item(db, P, lead, waiting, source, "same")
    with pytest.raises(UserError, match="No batch has the number B9"):
        batch_admin.move_item(db, P, lead, waiting, "b9", "nowhere")
    ucc = batch_admin.create_batch(db, P, lead, "ucc", "regular", 1, "for the test")
    wrong = r"is a Corporate document; batch B[0-9]+ is a UCC batch"
    with pytest.raises(UserError, match=wrong) as refused:
        batch_admin.move_item(db, P, lead, waiting, ucc.number, "misrouted")
    assert refused.value.field == "batch"
    batch_review.take(db, senior, waiting)
    with pytest.raises(UserError, match="being examined by senior"):
        batch_admin.move_item(db, P, lead, waiting, target.number, "overflow")
    assert batch_admin.move_item(db, P, senior, waiting, target.number.lower(),
                                 "overflow to the afternoon batch") == source
    assert batch_of(demo_backend, waiting) == (target.number, "open")
    # The batch it left has only its decided document now: it waits for the quality check.
    assert batch_of(demo_backend, decided) == (source, "qc")
    with db.uow(read_only=True) as uow:
        kinds = uow.session.execute(select(BatchEvent.kind, BatchEvent.reason).where(
            BatchEvent.kind.in_(("moved_out", "moved_in"))).order_by(BatchEvent.id)).all()
    assert [k for k, _ in kinds] == ["moved_out", "moved_in"]
    assert all("overflow to the afternoon batch" in r for _, r in kinds)
