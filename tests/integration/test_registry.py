"""The register on both databases: lookup by name and number, name availability with the rule
that conflicts, record cards, registering an entity, and input that must never crash a search."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from tests.helpers import demo_password
from workstation.errors import PermissionDenied, UserError
from workstation.models import AuditRecord, Entity, Filing, UccParty, UccRecord
from workstation.services import auth, demo, profile, registry
from workstation.services.dto import Actor
from workstation.startup import Backend

P = profile.load()
TODAY = date(2026, 11, 23)


@pytest.fixture
def register(demo_backend: Backend) -> Backend:
    counts = demo.build_registry(demo_backend.db, "small")
    assert counts["entities"] == 2_000 and counts["ucc_records"] == 1_000
    return demo_backend


def sign_in(backend: Backend, who: str = "clerk") -> Actor:
    return auth.sign_in(backend.db, backend.policy, who, demo_password(who))


def first(backend: Backend, model: type, *where: object) -> object:
    with backend.db.uow(read_only=True) as uow:
        row = uow.session.execute(select(model).where(*where).order_by(model.id).limit(1)
                                  ).scalar_one()
        uow.session.expunge(row)
        return row


def test_demo_register_has_keys_made_by_the_rules(register: Backend) -> None:
    entity = first(register, Entity, Entity.id == 17)
    assert isinstance(entity, Entity)
    assert entity.name_key == P.entity_name_key(entity.name)
    assert entity.name_sort == entity.name.casefold()


def test_lookup_by_charter_document_and_ucc_numbers(register: Backend) -> None:
    clerk = sign_in(register)
    assert [e.number for e in registry.lookup(register.db, P, clerk, "1000005").entities] == \
        ["1000005"]
    filing = first(register, Filing, Filing.id == 42)
    assert isinstance(filing, Filing)
    found = registry.lookup(register.db, P, clerk, f" {filing.document_number} ")
    assert [f.id for f in found.filings] == [42]
    record = first(register, UccRecord, UccRecord.id == 7)
    assert isinstance(record, UccRecord)
    assert [u.id for u in registry.lookup(register.db, P, clerk, record.file_number).ucc] == [7]
    missing = registry.lookup(register.db, P, clerk, "9999999")
    assert missing.empty and "9999999" in missing.note


def test_lookup_by_name_finds_the_exact_name_first_then_similar(register: Backend) -> None:
    clerk = sign_in(register)
    entity = first(register, Entity, Entity.entity_type == "llc")
    assert isinstance(entity, Entity)
    result = registry.lookup(register.db, P, clerk, entity.name.upper())
    assert result.entities[0].id == entity.id
    word = P.significant_words(entity.name)[0]
    broad = registry.lookup(register.db, P, clerk, word)
    assert entity.id in {e.id for e in broad.entities} or broad.more_entities
    assert all(word in e.name.casefold() for e in broad.entities)


def test_lookup_pages(register: Backend) -> None:
    clerk = sign_in(register)
    page1 = registry.lookup(register.db, P, clerk, "holdings", limit=10)
    page2 = registry.lookup(register.db, P, clerk, "holdings", limit=10, offset=10)
    assert page1.more_entities and len(page1.entities) == 10
    assert not {e.id for e in page1.entities} & {e.id for e in page2.entities}


def test_ucc_debtor_search_uses_the_standard_search_key(register: Backend) -> None:
    clerk = sign_in(register)
    with register.db.uow(read_only=True) as uow:
        org = uow.session.execute(select(UccParty.organization).where(
            UccParty.role == "debtor", UccParty.kind == "organization"
        ).limit(1)).scalar_one()
    # Case, punctuation, a leading "The" and an ending noise word do not matter (IACA 503).
    variant = "the " + org.lower().replace(".", "").replace(",", "") + " inc"
    found = registry.lookup(register.db, P, clerk, variant)
    assert found.ucc and all(P.ucc_search_key(u.debtor) == P.ucc_search_key(org)
                             for u in found.ucc)


def test_name_availability_names_the_record_and_the_rule(register: Backend) -> None:
    clerk = sign_in(register)
    entity = first(register, Entity, Entity.entity_type == "llc", Entity.status == "active")
    assert isinstance(entity, Entity)
    core = entity.name.rsplit(" ", 1)[0]
    result = registry.name_availability(register.db, P, clerk, f"{core}, Corp.", "corp",
                                        today=TODAY)
    assert not result.available
    conflict = next(c for c in result.conflicts if c.entity.id == entity.id)
    assert any("designator" in rule for rule in conflict.rules)


def test_fictitious_names_need_not_be_distinguishable(register: Backend) -> None:
    clerk = sign_in(register)
    entity = first(register, Entity, Entity.status == "active", Entity.entity_type == "llc")
    assert isinstance(entity, Entity)
    lead = sign_in(register, "senior")
    made = registry.register_entity(register.db, P, lead, name=entity.name.rsplit(" ", 1)[0],
                                    entity_type="fictitious-name", formation_date=TODAY)
    assert made.entity_type == "fictitious-name"
    assert registry.lookup(register.db, P, clerk, made.number).entities[0].name == made.name


def test_register_entity_numbers_audits_and_refuses(register: Backend) -> None:
    senior = sign_in(register, "senior")
    made = registry.register_entity(register.db, P, senior, name="Quixotic Zebra Works LLC",
                                    entity_type="llc", formation_date=TODAY,
                                    agent_name="Pat Agent", agent_street="1 Broad St",
                                    agent_city="Columbus", agent_zip="43215")
    assert made.number == "1002000"  # the next charter number after the 2,000 demo entities
    with register.db.uow(read_only=True) as uow:
        row = uow.session.execute(select(AuditRecord).where(
            AuditRecord.action == "registry.register_entity")).scalar_one()
        assert row.actor == "senior" and "Quixotic" in (row.after_json or "")
    with pytest.raises(UserError, match="not distinguishable") as same:
        registry.register_entity(register.db, P, senior, name="The Quixotic Zebra Works, Ltd.",
                                 entity_type="llc", formation_date=TODAY)
    assert same.value.field == "name"
    with pytest.raises(UserError, match="must contain one of") as designator:
        registry.register_entity(register.db, P, senior, name="Another Zebra Corp",
                                 entity_type="llc", formation_date=TODAY)
    assert designator.value.field == "name"
    with pytest.raises(PermissionDenied):
        registry.register_entity(register.db, P, sign_in(register), name="Clerk Made LLC",
                                 entity_type="llc", formation_date=TODAY)


def test_entity_card_explains_standing(register: Backend) -> None:
    clerk = sign_in(register)
    bad = first(register, Entity, Entity.status == "cancelled", Entity.tax_cancellation)
    assert isinstance(bad, Entity)
    card = registry.entity_card(register.db, P, clerk, bad.id, today=TODAY)
    assert card.in_good_standing is False
    assert any("Tax Commissioner" in r for r in card.standing_reasons)
    assert card.filings and card.filings[-1].entity_id == bad.id
    trade = first(register, Entity, Entity.entity_type == "trade-name")
    assert isinstance(trade, Entity)
    assert registry.entity_card(register.db, P, clerk, trade.id).in_good_standing is None


def test_ucc_card_shows_lapse_window_and_relatives(register: Backend) -> None:
    clerk = sign_in(register)
    linked = first(register, UccRecord, UccRecord.initial_id.is_not(None))
    assert isinstance(linked, UccRecord)
    card = registry.ucc_card(register.db, P, clerk, linked.id, today=TODAY)
    assert card.record.id == linked.id
    assert {r.id for r in card.related} >= {linked.id, linked.initial_id}
    assert any(p.role == "debtor" for p in card.parties)
    assert card.terminated == any(r.record_type == "termination" for r in card.related)
    if card.lapse_date is not None:
        assert card.lapsed == (card.lapse_date < TODAY)
        if not (card.lapsed or card.terminated):
            assert card.continuation_closes == card.lapse_date
            assert card.continuation_opens is not None
        else:
            assert card.continuation_opens is None


def test_individual_debtors_found_by_surname_and_initial(register: Backend) -> None:
    clerk = sign_in(register)
    with register.db.uow(read_only=True) as uow:
        person = uow.session.execute(select(UccParty).where(
            UccParty.kind == "individual").limit(1)).scalar_one()
        last, first = person.last_name or "", person.first_name or ""
    by_surname = registry.lookup(register.db, P, clerk, last.upper())
    assert any(u.debtor.startswith(last) for u in by_surname.ucc)
    initial = registry.lookup(register.db, P, clerk, f"{last}, {first[0]}.")
    assert any(u.debtor.startswith(f"{last}, {first}") for u in initial.ucc)


@pytest.mark.parametrize(("text", "words"), [
    ("", "Type a name"), ("   ", "Type a name"), ("x" * 501, "limited to 500"),
    ("Acme\x00Inc", "control characters"), ("Acme\u202eInc", "control characters")])
def test_bad_search_text_is_refused_at_the_field(register: Backend, text: str,
                                                 words: str) -> None:
    with pytest.raises(UserError, match=words) as caught:
        registry.lookup(register.db, P, sign_in(register), text)
    assert caught.value.field == "query"


@pytest.mark.parametrize("text", [
    "'; DROP TABLE entities; --", "100% Pure", "under_score", "Ｆｕｌｌｗｉｄｔｈ Ｃｏｒｐ",
    "Café 🍕 LLC", "Аcme (Cyrillic А)", "a" * 500, '"quoted" name', "\\backslash"])
def test_awkward_text_is_searched_verbatim_without_harm(register: Backend, text: str) -> None:
    result = registry.lookup(register.db, P, sign_in(register), text)
    assert result.query == text.strip()
    with register.db.uow(read_only=True) as uow:
        assert uow.session.execute(select(func.count()).select_from(Entity)).scalar_one() == 2000


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=80))
def test_no_text_crashes_a_lookup(register: Backend, text: str) -> None:
    try:
        registry.lookup(register.db, P, sign_in_cached(register), text)
    except UserError as exc:
        assert exc.field == "query" and exc.message


_ACTORS: dict[int, Actor] = {}


def sign_in_cached(backend: Backend) -> Actor:
    key = id(backend)
    if key not in _ACTORS:
        _ACTORS[key] = sign_in(backend)
    return _ACTORS[key]
