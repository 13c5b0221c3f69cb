"""Registrations with a term get their expiry date when they go on the register, so the calendar
of due dates lists the renewal: on both databases, a trade name registered by an examiner or
accepted in Batch Review expires after the five years of ORC 1329.01 (the profile's term), and
``calendar.due_items`` lists its ``trade_name_renewal`` on that day under its charter number; a
name reservation expires after its 180 days; a corporation has no expiry and no item."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from sqlalchemy import select

from tests.helpers import demo_password
from workstation.domain.entity_types import add_months
from workstation.models import AuditRecord, Entity, Filing
from workstation.services import auth, batch_review, calendar, intake, profile, registry
from workstation.services.batch_review import Decision
from workstation.services.dto import Actor
from workstation.services.intake_rules import DocumentInput, EnvelopeInput, RemittanceInput
from workstation.startup import Backend

P = profile.load()
FORMED = date(2026, 3, 2)  # a Monday
RENEWAL = date(2031, 3, 2)  # five years on (ORC 1329.01), a Sunday: the item keeps its day
NOW = datetime(2026, 3, 2, 15, tzinfo=UTC)


def person(backend: Backend, who: str) -> Actor:
    return auth.sign_in(backend.db, backend.policy, who, demo_password(who))


def stored(backend: Backend, entity_id: int) -> Entity:
    with backend.db.uow(read_only=True) as uow:
        entity = uow.session.get(Entity, entity_id)
        assert entity is not None
        uow.session.expunge(entity)
        return entity


def test_the_profile_gives_trade_names_the_five_year_term_of_orc_1329_01() -> None:
    term = P.entity_types.get("trade-name").term
    assert term is not None and term.renewable
    assert (term.months, term.days) == (60, 0)
    assert "ORC 1329.01" in term.citation
    assert registry.term_expiry(P, "trade-name", FORMED) == RENEWAL
    assert registry.term_expiry(P, "trade-name", date(2024, 2, 29)) == date(2029, 2, 28)
    assert registry.term_expiry(P, "llc", FORMED) is None
    assert registry.term_expiry(P, "no-such-kind", FORMED) is None


def test_a_registered_trade_name_expires_after_its_term_and_is_due_for_renewal(
        demo_backend: Backend) -> None:
    db, senior = demo_backend.db, person(demo_backend, "senior")
    trade = registry.register_entity(db, P, senior, name="Blue Heron Bakery",
                                     entity_type="trade-name", formation_date=FORMED)
    llc = registry.register_entity(db, P, senior, name="Blue Heron Holdings LLC",
                                   entity_type="llc", formation_date=FORMED)
    assert stored(demo_backend, trade.id).expiry_date == RENEWAL
    assert stored(demo_backend, llc.id).expiry_date is None
    clerk = person(demo_backend, "clerk")
    assert registry.entity_card(db, P, clerk, trade.id).expiry_date == RENEWAL
    with db.uow(read_only=True) as uow:
        audits = uow.session.execute(select(AuditRecord.after_json).where(
            AuditRecord.action == "registry.register_entity",
            AuditRecord.entity_id == str(trade.id))).scalars().all()
    assert [json.loads(a or "{}").get("expiry_date") for a in audits] == ["2031-03-02"]

    items = calendar.due_items(db, P, clerk, RENEWAL, RENEWAL, now=NOW)
    assert [(i.kind, i.reference, i.due_day, i.source_id, i.overdue) for i in items] == [
        ("trade_name_renewal", trade.number, RENEWAL, trade.id, False)]
    assert items[0].title == "Renewal due: Blue Heron Bakery"
    assert calendar.due_items(db, P, clerk, date(2031, 3, 1), date(2031, 3, 1), now=NOW) == ()


def test_a_reservation_expires_after_its_days_and_a_corporation_never(
        demo_backend: Backend) -> None:
    db, senior = demo_backend.db, person(demo_backend, "senior")
    held = registry.register_entity(db, P, senior, name="Lantern Row Outfitters",
                                    entity_type="name-reservation", formation_date=FORMED)
    corp = registry.register_entity(db, P, senior, name="Cobalt Mill Fabrication Inc.",
                                    entity_type="corp", formation_date=FORMED)
    ends = date(2026, 8, 29)  # 180 days after 2 March 2026
    assert stored(demo_backend, held.id).expiry_date == ends
    assert stored(demo_backend, corp.id).expiry_date is None
    items = calendar.due_items(db, P, person(demo_backend, "clerk"), ends, ends, now=NOW)
    assert [(i.kind, i.reference) for i in items] == [("reservation_expiry", held.number)]


def test_a_trade_name_accepted_in_batch_review_gets_its_expiry(demo_backend: Backend) -> None:
    db, clerk, senior = demo_backend.db, person(demo_backend, "clerk"), person(demo_backend,
                                                                               "senior")
    session_id, _ = intake.open_session(db, P, clerk, "usps", "senior")
    slip = intake.log_envelope(db, P, clerk, session_id, EnvelopeInput(
        arrived_at=NOW, customer_name="Heron Partners",
        remittances=(RemittanceInput("39.00", "Heron Partners", "check", "7001", "Fifth Third"),),
        documents=(DocumentInput("OH-534A-T", "1"),)))
    filing_id = slip.documents[0].id
    taken = batch_review.take(db, senior, filing_id)
    batch_review.decide(db, P, senior, filing_id, taken.version,
                        Decision("accepted", fields={"name": "Quiet Harbor Kettle Works"}))
    with db.uow(read_only=True) as uow:
        filing = uow.session.get(Filing, filing_id)
        assert filing is not None and filing.entity_id is not None
        entity = uow.session.get(Entity, filing.entity_id)
        assert entity is not None and entity.entity_type == "trade-name"
        assert entity.formation_date is not None
        formed, expiry, number = entity.formation_date, entity.expiry_date, entity.number
    assert expiry == add_months(formed, 60)  # five years from the day it was filed
    items = calendar.due_items(db, P, clerk, expiry, expiry, now=NOW,
                               kinds=frozenset({"trade_name_renewal"}))
    assert [i.reference for i in items] == [number]


def test_a_renewal_runs_one_more_term_from_the_expiry(demo_backend: Backend) -> None:
    db, clerk, senior = demo_backend.db, person(demo_backend, "clerk"), person(demo_backend,
                                                                               "senior")
    trade = registry.register_entity(db, P, senior, name="Kettle Creek Candles",
                                     entity_type="trade-name", formation_date=FORMED)
    session_id, _ = intake.open_session(db, P, clerk, "usps", "senior")
    slip = intake.log_envelope(db, P, clerk, session_id, EnvelopeInput(
        arrived_at=NOW, customer_name="Kettle Creek Candles",
        remittances=(RemittanceInput("25.00", "Kettle Creek", "check", "7002", "Fifth Third"),),
        documents=(DocumentInput("OH-523A", "1", entity=trade.number),)))
    filing_id = slip.documents[0].id
    taken = batch_review.take(db, senior, filing_id)
    batch_review.decide(db, P, senior, filing_id, taken.version, Decision("accepted"))
    renewed = date(2036, 3, 2)  # renewed before it ran out: five years from 2 March 2031
    assert stored(demo_backend, trade.id).expiry_date == renewed
    items = calendar.due_items(db, P, clerk, RENEWAL, RENEWAL, now=NOW)
    assert items == ()  # the old renewal date is no longer due
    assert [i.reference for i in calendar.due_items(db, P, clerk, renewed, renewed, now=NOW)
            ] == [trade.number]
