"""Batch Review on both databases: taking a document (one examiner at a time), deciding it
against a stale screen, accepting a formation onto the register (the name checked at the
decision), coded rejections from the catalogue only, holds with their follow-up."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from tests.helpers import demo_password
from workstation.errors import ConflictError, PermissionDenied, UserError
from workstation.models import Entity, Examination, Filing, FilingEvent, UccRecord
from workstation.services import (
    auth,
    batch_items,
    batch_letters,
    batch_read,
    batch_review,
    intake,
    profile,
    registry,
)
from workstation.services.batch_review import Decision
from workstation.services.dto import Actor
from workstation.services.intake_rules import DocumentInput, EnvelopeInput, RemittanceInput
from workstation.startup import Backend

P = profile.load()
ARRIVED = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)  # Fri 20 Nov, 11 a.m. in Columbus


def person(backend: Backend, who: str) -> Actor:
    return auth.sign_in(backend.db, backend.policy, who, demo_password(who))


@pytest.fixture
def formation(demo_backend: Backend) -> int:
    """Articles of organization logged in the mail room: the filing's id."""
    clerk = person(demo_backend, "clerk")
    session_id, _ = intake.open_session(demo_backend.db, P, clerk, "usps", "senior")
    slip = intake.log_envelope(demo_backend.db, P, clerk, session_id, EnvelopeInput(
        arrived_at=ARRIVED, customer_name="Harrowgate Law",
        remittances=(RemittanceInput("99.00", "Harrowgate Law", "check", "5001", "Huntington"),),
        documents=(DocumentInput("610", "3"),)))
    return slip.documents[0].id


def version_of(backend: Backend, filing_id: int) -> int:
    with backend.db.uow(read_only=True) as uow:
        found = uow.session.get(Filing, filing_id)
        assert found is not None
        return found.version


def test_one_examiner_takes_a_document_and_a_clerk_cannot(demo_backend: Backend,
                                                          formation: int) -> None:
    db = demo_backend.db
    senior, lead = person(demo_backend, "senior"), person(demo_backend, "lead")
    with pytest.raises(PermissionDenied):
        batch_review.take(db, person(demo_backend, "clerk"), formation)
    first = batch_review.take(db, senior, formation)
    second = batch_review.take(db, lead, formation)
    assert first.won and not second.won and second.examiner == "senior"
    assert batch_review.take(db, senior, formation).won  # taking one's own again is fine


def test_accepting_a_formation_puts_the_entity_on_the_register(demo_backend: Backend,
                                                               formation: int) -> None:
    db = demo_backend.db
    senior = person(demo_backend, "senior")
    taken = batch_review.take(db, senior, formation)
    batch_review.decide(db, P, senior, formation, taken.version, Decision(
        "accepted", fields={"name": "Maple Hollow Cider LLC", "agent_name": "Ann Agent",
                            "agent_street": "1 Main St", "agent_city": "Columbus",
                            "agent_zip": "43215"}))
    with db.uow(read_only=True) as uow:
        filing = uow.session.get(Filing, formation)
        assert filing is not None and filing.status == "accepted" and filing.filed_at
        entity = uow.session.get(Entity, filing.entity_id)
        assert entity is not None and entity.name == "Maple Hollow Cider LLC"
        assert entity.status == "active" and entity.agent_name == "Ann Agent"
        exam = uow.session.execute(select(Examination)).scalar_one()
        assert exam.started_at is not None and exam.decided_at >= exam.started_at
        events = uow.session.execute(select(FilingEvent.status).where(
            FilingEvent.filing_id == formation)).scalars().all()
        assert "accepted" in events
    with pytest.raises(UserError, match="already decided"):
        batch_review.decide(db, P, senior, formation, version_of(demo_backend, formation),
                            Decision("held", note="x", follow_up_on=date(2026, 12, 1)))


def test_a_name_taken_since_intake_is_caught_at_the_decision(demo_backend: Backend,
                                                             formation: int) -> None:
    db = demo_backend.db
    senior = person(demo_backend, "senior")
    taken = batch_review.take(db, senior, formation)
    with db.uow() as uow:  # someone else's formation got there first
        name = "Maple Hollow Cider LLC"
        uow.session.add(Entity(number="4499999", name=name, name_key=P.entity_name_key(name),
                               name_sort=name.casefold(), entity_type="llc", status="active"))
        uow.commit()
    with pytest.raises(UserError, match="not distinguishable") as caught:
        batch_review.decide(db, P, senior, formation, taken.version, Decision(
            "accepted", fields={"name": "Maple Hollow Cider, L.L.C."}))
    assert caught.value.field == "name"
    with db.uow(read_only=True) as uow:  # nothing half-done
        filing = uow.session.get(Filing, formation)
        assert filing is not None and filing.status == "received" and filing.entity_id is None


def test_an_accepted_dissolution_changes_the_entity_status(demo_backend: Backend) -> None:
    db, senior = demo_backend.db, person(demo_backend, "senior")
    with db.uow() as uow:
        name = "Larkspur Lane Pottery LLC"
        entity = Entity(number="4488888", name=name, name_key=P.entity_name_key(name),
                        name_sort=name.casefold(), entity_type="llc", status="active")
        uow.session.add(entity)
        uow.commit()
    clerk = person(demo_backend, "clerk")
    session_id, _ = intake.open_session(db, P, clerk, "usps", "senior")
    fee = P.fee_amount("OH-616", 1)
    slip = intake.log_envelope(db, P, clerk, session_id, EnvelopeInput(
        arrived_at=ARRIVED, customer_name="Larkspur Lane Pottery",
        remittances=(RemittanceInput(f"{fee // 100}.{fee % 100:02d}", "Larkspur", "check",
                                     "88", "PNC"),),
        documents=(DocumentInput("616", "1", entity="4488888"),)))
    filing_id = slip.documents[0].id
    taken = batch_review.take(db, senior, filing_id)
    batch_review.decide(db, P, senior, filing_id, taken.version, Decision("accepted"))
    with db.uow(read_only=True) as uow:
        row = uow.session.execute(select(Entity).where(Entity.number == "4488888")).scalar_one()
        assert (row.status, row.name) == ("dissolved", "Larkspur Lane Pottery LLC")
        assert row.status_date is not None


def test_rejections_use_the_catalogue_and_holds_their_follow_up(demo_backend: Backend,
                                                                formation: int) -> None:
    db = demo_backend.db
    senior = person(demo_backend, "senior")
    taken = batch_review.take(db, senior, formation)
    with pytest.raises(UserError, match="at least one reason"):
        batch_review.decide(db, P, senior, formation, taken.version, Decision("rejected"))
    with pytest.raises(UserError, match="Not in the catalogue"):
        batch_review.decide(db, P, senior, formation, taken.version,
                            Decision("rejected", reasons=("MADE-UP-99",)))
    with pytest.raises(UserError, match="follow-up date"):
        batch_review.decide(db, P, senior, formation, taken.version,
                            Decision("held", note="waiting for the agent's signature"))
    batch_review.decide(db, P, senior, formation, taken.version, Decision(
        "held", note="waiting for the agent's signature", follow_up_on=date(2026, 12, 4)))
    codes = [r.code for r in P.examination.reasons_for("OH-610")][:2]
    with pytest.raises(ConflictError):  # the hold changed the filing: this screen is stale
        batch_review.decide(db, P, senior, formation, taken.version,
                            Decision("rejected", reasons=tuple(codes), money="refund",
                                     refund_cents=9900))
    fresh = version_of(demo_backend, formation)
    batch_review.decide(db, P, senior, formation, fresh, Decision(
        "rejected", reasons=tuple(codes), money="refund", refund_cents=9900))
    with db.uow(read_only=True) as uow:
        standing = batch_items.standing(uow, [formation])[formation]
        assert standing.decision == "rejected" and standing.reasons == ",".join(codes)
        assert standing.refund_cents == 9900 and standing.would_be_filed_at is None
        assert len(uow.session.execute(select(Examination)).all()) == 2  # appended


def test_the_status_search_says_where_a_document_is_and_who_has_it(
        demo_backend: Backend, formation: int) -> None:
    db = demo_backend.db
    clerk, senior = person(demo_backend, "clerk"), person(demo_backend, "senior")
    with db.uow(read_only=True) as uow:
        filing = uow.session.get(Filing, formation)
        assert filing is not None
        number = filing.document_number
    found = batch_review.status_of(db, clerk, f" {number} ")
    assert (found.state, found.examiner, found.batch_status) == ("in process", None, "open")
    taken = batch_review.take(db, senior, formation)
    found = batch_review.status_of(db, clerk, number)
    assert found.examiner == "senior" and found.since is not None
    assert found.batch_status == "in_review" and found.batch_number is not None
    batch_review.decide(db, P, senior, formation, taken.version, Decision(
        "held", note="waiting for the agent's signature", follow_up_on=date(2026, 12, 4)))
    found = batch_review.status_of(db, clerk, number)
    assert (found.state, found.follow_up_on) == ("on hold", date(2026, 12, 4))
    with pytest.raises(UserError, match="No document has the number 1"):
        batch_review.status_of(db, clerk, "1")


def _ucc_document(backend: Backend, check: str) -> int:
    clerk = person(backend, "clerk")
    session_id, _ = intake.open_session(backend.db, P, clerk, "usps", "senior")
    slip = intake.log_envelope(backend.db, P, clerk, session_id, EnvelopeInput(
        arrived_at=ARRIVED, customer_name="Lender Bank",
        remittances=(RemittanceInput("20.00", "Lender Bank", "check", check, "Chase"),),
        documents=(DocumentInput("OH-UCC1", "1"),)))
    return slip.documents[0].id


def test_an_accepted_ucc1_is_indexed_and_a_refusal_keeps_its_filing_time(
        demo_backend: Backend) -> None:
    db = demo_backend.db
    senior = person(demo_backend, "senior")
    accepted, refused = _ucc_document(demo_backend, "8001"), _ucc_document(demo_backend, "8002")
    taken = batch_review.take(db, senior, accepted)
    with pytest.raises(UserError, match="debtor"):
        batch_review.decide(db, P, senior, accepted, taken.version,
                            Decision("accepted", fields={"secured_party": "Lender Bank"}))
    batch_review.decide(db, P, senior, accepted, taken.version, Decision(
        "accepted", fields={"debtor_name": "Quarry Ridge Stone Co.",
                            "secured_party": "Lender Bank"}))
    found = registry.lookup(db, P, senior, "Quarry Ridge Stone Co.")
    [record] = found.ucc
    with db.uow(read_only=True) as uow:
        row = uow.session.execute(select(UccRecord).where(
            UccRecord.file_number == record.file_number)).scalar_one()
        assert row.record_type == "initial" and row.lapse_date is not None
        assert row.lapse_date.year == datetime.now(UTC).year + 5
    grounds = [r.code for r in P.examination.reasons_for("OH-UCC1")]
    taken = batch_review.take(db, senior, refused)
    with pytest.raises(UserError, match="Not in the catalogue"):
        batch_review.decide(db, P, senior, refused, taken.version, Decision(
            "rejected", reasons=(next(r.code for r in P.examination.reasons_for("OH-610")),)))
    batch_review.decide(db, P, senior, refused, taken.version, Decision(
        "rejected", reasons=(grounds[0],), money="refund", refund_cents=2000))
    with db.uow(read_only=True) as uow:
        exam = batch_items.standing(uow, [refused])[refused]
        assert exam.would_be_filed_at is not None  # 9-520(b): said in the refusal notice


def test_a_continuation_outside_its_window_is_refused(demo_backend: Backend) -> None:
    db = demo_backend.db
    senior = person(demo_backend, "senior")
    initial = _ucc_document(demo_backend, "8101")
    taken = batch_review.take(db, senior, initial)
    batch_review.decide(db, P, senior, initial, taken.version, Decision(
        "accepted", fields={"debtor_last": "Doe", "debtor_first": "Jane",
                            "secured_party": "Lender Bank"}))
    with db.uow(read_only=True) as uow:
        number = uow.session.execute(select(UccRecord.file_number).where(
            UccRecord.record_type == "initial").order_by(UccRecord.id.desc())).scalars().first()
    clerk = person(demo_backend, "clerk")
    session_id, _ = intake.open_session(db, P, clerk, "usps", "senior")
    slip = intake.log_envelope(db, P, clerk, session_id, EnvelopeInput(
        arrived_at=ARRIVED, customer_name="Lender Bank",
        remittances=(RemittanceInput("20.00", "Lender Bank", "check", "8102", "Chase"),),
        documents=(DocumentInput("OH-UCC3", "1"),)))
    continuation = slip.documents[0].id
    taken = batch_review.take(db, senior, continuation)
    with pytest.raises(UserError, match=r"only between .* \(9-515\(d\)\)"):
        batch_review.decide(db, P, senior, continuation, taken.version, Decision(
            "accepted", fields={"record_type": "continuation",
                                "initial_file_number": str(number)}))
    batch_review.decide(db, P, senior, continuation, taken.version, Decision(
        "accepted", fields={"record_type": "amendment", "initial_file_number": str(number)}))
    with db.uow(read_only=True) as uow:
        kinds = uow.session.execute(select(UccRecord.record_type).where(
            UccRecord.initial_id.is_not(None)).order_by(UccRecord.id.desc())).scalars().first()
        assert kinds == "amendment"


def test_the_screens_read_batches_items_and_an_examination(demo_backend: Backend,
                                                           formation: int) -> None:
    db = demo_backend.db
    senior = person(demo_backend, "senior")
    [summary] = [b for b in batch_read.batches(db, senior) if b.items]
    assert (summary.service_type, summary.items, summary.undecided) == ("corporate", 1, 1)
    detail = batch_read.batch_detail(db, P, senior, summary.id)
    [item] = detail.items
    assert item.filing_id == formation and item.decision is None
    view = batch_read.examination(db, P, senior, formation,
                                  typed={"name": "Maple Hollow Cider"})  # no designator
    assert view.creates_entity and view.reasons
    assert any(f.passed is None for f in view.findings)  # the examiner's questions
    assert view.failed  # the missing designator, found by the system
    good = batch_read.examination(db, P, senior, formation,
                                  typed={"name": "Maple Hollow Cider LLC"})
    assert len(good.failed) < len(view.failed)


def test_a_rejection_letter_names_every_reason_its_cure_and_the_money(
        demo_backend: Backend, formation: int) -> None:
    db = demo_backend.db
    senior = person(demo_backend, "senior")
    taken = batch_review.take(db, senior, formation)
    reasons = P.examination.reasons_for("OH-610")[:2]
    batch_review.decide(db, P, senior, formation, taken.version, Decision(
        "rejected", reasons=tuple(r.code for r in reasons), money="refund",
        refund_cents=9900))
    pdf = batch_letters.rejection_letter(db, P, senior, formation)
    text = " ".join(" ".join((p.extract_text() or "").split())
                    for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Harrowgate Law" in text and "$99.00" in text
    for reason in reasons:
        assert reason.code in text
        assert " ".join(reason.cure.split())[:30] in text


def test_a_ucc_refusal_letter_states_the_would_be_filing_time(demo_backend: Backend) -> None:
    db = demo_backend.db
    senior = person(demo_backend, "senior")
    refused = _ucc_document(demo_backend, "8201")
    taken = batch_review.take(db, senior, refused)
    ground = P.examination.reasons_for("OH-UCC1")[0]
    batch_review.decide(db, P, senior, refused, taken.version, Decision(
        "rejected", reasons=(ground.code,), money="refund", refund_cents=2000))
    pdf = batch_letters.rejection_letter(db, P, senior, refused)
    text = " ".join(" ".join((p.extract_text() or "").split())
                    for p in PdfReader(io.BytesIO(pdf)).pages)
    assert ground.code in text and "would have been" in text.lower()
    with pytest.raises(UserError, match="Only a rejected"):
        batch_letters.rejection_letter(db, P, senior, _ucc_document(demo_backend, "8202"))
