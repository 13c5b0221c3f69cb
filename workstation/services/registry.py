"""The register: look records up, check a name, open a record card; register an entity.

Everyone signed in may look (``registry.read``); changing the register is examiners' work
(``registry.write``). Search text is never trusted: control characters and over-long text are
refused with a message; everything else is searched verbatim through bound parameters.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from sqlalchemy import Row, select

from workstation.db import search
from workstation.db.uow import Database, UnitOfWork
from workstation.errors import UserError
from workstation.models import Entity, Filing, FilingEvent, UccParty, UccRecord
from workstation.models.entity import NAME_MAX
from workstation.services import audit, numbering
from workstation.services.authz import authorize
from workstation.services.dto import Actor
from workstation.services.profile import Profile
from workstation.services.registry_dto import (
    Availability,
    EntityCard,
    EntitySummary,
    FilingEventInfo,
    FilingSummary,
    LookupResult,
    NameConflict,
    UccCard,
    UccPartyInfo,
    UccSummary,
)

PAGE = 25
_NUMBERISH = re.compile(r"^[A-Za-z]{0,4}[\s-]?\d[\d\s-]*$")
CHARTER_BASE = 1_000_000  # charter number of the first entity this system registers
UCC_LIMIT = 50


def clean_query(text: str, *, field: str = "query") -> str:
    """The search text, or a UserError saying why it cannot be searched."""
    value = unicodedata.normalize("NFC", text).strip()
    if not value:
        raise UserError("Type a name or a number to look up.", field=field)
    if len(value) > NAME_MAX:
        raise UserError(f"Search text is limited to {NAME_MAX} characters.", field=field)
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in value):
        raise UserError("The search text contains control characters; type it again.",
                        field=field)
    return value


def lookup(db: Database, profile: Profile, actor: Actor, query: str, *, limit: int = PAGE,
           offset: int = 0) -> LookupResult:
    """Entities, filings and UCC records matching a name or a number (one page)."""
    text = clean_query(query)

    def work(uow: UnitOfWork) -> LookupResult:
        authorize(uow, actor, "registry.read")
        if _NUMBERISH.match(text):
            return _by_number(uow, profile, text)
        return _by_name(uow, profile, text, limit, offset)

    return db.run(work, read_only=True)


def _by_number(uow: UnitOfWork, profile: Profile, text: str) -> LookupResult:
    compact = re.sub(r"[\s-]", "", text).upper()
    entity = search.by_number(uow.session, compact)
    filing = search.filing_by_number(uow.session, compact)
    record = search.ucc_by_file_number(uow.session, compact)
    return LookupResult(
        query=text,
        entities=(entity_summary(profile, entity),) if entity else (),
        filings=(filing_summary(profile, filing),) if filing else (),
        ucc=(_ucc_summary(uow, record),) if record else (),
        note="" if entity or filing or record else f"No record has the number {compact}.")


def _by_name(uow: UnitOfWork, profile: Profile, text: str, limit: int,
             offset: int) -> LookupResult:
    session = uow.session
    seen: dict[int, Row[Any]] = {}
    if offset == 0:
        for row in search.by_name_key(session, profile.entity_name_key(text)):
            seen.setdefault(row.id, row)
    for row in search.by_name_prefix(session, text.casefold(), limit + 1, offset):
        seen.setdefault(row.id, row)
    if len(seen) <= limit:
        words = profile.significant_words(text)
        for row in search.containing_words(session, words, limit + 1, offset):
            seen.setdefault(row.id, row)
    rows = list(seen.values())
    ucc = [_ucc_row_summary(row, row) for row in
           search.ucc_debtors_by_key(session, profile.ucc_search_key(text), UCC_LIMIT)]
    ucc += _individual_debtors(uow, profile, text)
    return LookupResult(
        query=text, entities=tuple(entity_summary(profile, r) for r in rows[:limit]),
        ucc=tuple(ucc), more_entities=len(rows) > limit,
        note="" if rows or ucc else f"Nothing on the register matches {text!r}.")


def _individual_debtors(uow: UnitOfWork, profile: Profile, text: str) -> list[UccSummary]:
    """Individual debtors by the standard search logic: "Last, First Middle", or a surname."""
    last, _, rest = text.partition(",")
    given = rest.split()
    if not rest and len(last.split()) > 1:
        return []  # several words and no comma: an organisation name, searched above
    query = (last.strip(), *(given[:2]))
    last_key, first_key = profile.ucc_person_keys(query[0], query[1] if len(query) > 1 else "")
    if not last_key:
        return []
    found = search.ucc_individual_debtors(uow.session, last_key, first_key[:1] or None,
                                          UCC_LIMIT)
    return [_ucc_row_summary(row, row) for row in found
            if len(query) == 1 or profile.ucc_individual_matches(
                query, (row.last_name or "", row.first_name or "", row.middle_name or ""))]


def entity_summary(profile: Profile, row: Any) -> EntitySummary:
    return EntitySummary(row.id, row.number, row.name, row.entity_type,
                         profile.entity_type_label(row.entity_type), row.status,
                         row.status_date)


def filing_summary(profile: Profile, filing: Filing | Any) -> FilingSummary:
    return FilingSummary(filing.id, filing.document_number, filing.filing_type,
                         profile.filing_type_label(filing.filing_type), filing.entity_id,
                         filing.received_at, filing.filed_at, filing.status,
                         filing.service_level, filing.pages, filing.fee_due_cents)


def _party_name(party: UccParty | Any) -> str:
    if party.kind == "organization":
        return party.organization or ""
    parts = [party.last_name or "", party.first_name or "", party.middle_name or "",
             party.suffix or ""]
    return ", ".join(p for p in parts[:2] if p) + (f" {parts[2]}" if parts[2] else "") + (
        f" {parts[3]}" if parts[3] else "")


def _ucc_row_summary(party: UccParty | Any | None, record: UccRecord | Any) -> UccSummary:
    return UccSummary(record.id, record.file_number, record.record_type, record.filed_at,
                      record.lapse_date, _party_name(party) if party else "",
                      record.initial_id)


def _ucc_summary(uow: UnitOfWork, record: UccRecord | Any) -> UccSummary:
    debtor = search.first_debtor(uow.session, record.initial_id or record.id)
    return _ucc_row_summary(debtor, record)


def name_availability(db: Database, profile: Profile, actor: Actor, name: str,
                      entity_type: str, *, today: date | None = None) -> Availability:
    """Whether ``name`` may be used for a new ``entity_type``: every conflicting record on the
    register with the rule that made the names the same, and designator problems."""
    text = clean_query(name, field="name")
    on = today or date.today()

    def work(uow: UnitOfWork) -> Availability:
        authorize(uow, actor, "registry.read")
        key = profile.entity_name_key(text)
        rows = search.by_name_key(uow.session, key, limit=200)
        conflicts = tuple(
            NameConflict(entity_summary(profile, row), rules)
            for row, rules in profile.name_conflicts(text, rows, on, key=key))
        problems = tuple(profile.designator_problems(text, entity_type))
        return Availability(text, key, conflicts, problems)

    return db.run(work, read_only=True)


def entity_card(db: Database, profile: Profile, actor: Actor, entity_id: int, *,
                today: date | None = None) -> EntityCard:
    """Everything a clerk checks about an entity: status, standing with reasons, agent,
    filing history."""
    on = today or date.today()

    def work(uow: UnitOfWork) -> EntityCard:
        authorize(uow, actor, "registry.read")
        entity = uow.session.get(Entity, entity_id)
        if entity is None:
            raise UserError(f"There is no entity with id {entity_id}.")
        standing, reasons = profile.good_standing(entity, on)
        filings = tuple(filing_summary(profile, f)
                        for f in search.filings_of(uow.session, entity.id))
        return EntityCard(
            summary=entity_summary(profile, entity), formation_date=entity.formation_date,
            expiry_date=entity.expiry_date,
            agent=_address(entity.agent_name, entity.agent_street, entity.agent_city,
                           entity.agent_state, entity.agent_zip),
            principal=_address(None, entity.principal_street, entity.principal_city,
                               entity.principal_state, entity.principal_zip),
            in_good_standing=standing, standing_reasons=tuple(reasons),
            flags=tuple(sorted(entity.flags)), filings=filings, version=entity.version)

    return db.run(work, read_only=True)


def _address(name: str | None, street: str | None, city: str | None, state: str | None,
             zip_code: str | None) -> str:
    place = " ".join(p for p in (f"{city}," if city else None, state, zip_code) if p)
    return ", ".join(p for p in (name, street, place) if p) or "—"


def filing_history(db: Database, actor: Actor, filing_id: int) -> tuple[FilingEventInfo, ...]:
    """Who moved the filing through which status, and when (oldest first)."""

    def work(uow: UnitOfWork) -> tuple[FilingEventInfo, ...]:
        authorize(uow, actor, "registry.read")
        events = uow.session.execute(
            select(FilingEvent).where(FilingEvent.filing_id == filing_id)
            .order_by(FilingEvent.at, FilingEvent.id)).scalars()
        return tuple(FilingEventInfo(e.status, e.at, e.by_user, e.note) for e in events)

    return db.run(work, read_only=True)


def ucc_card(db: Database, profile: Profile, actor: Actor, record_id: int, *,
             today: date | None = None) -> UccCard:
    """A UCC record with its initial statement's lapse, continuation window and relatives."""
    on = today or date.today()

    def work(uow: UnitOfWork) -> UccCard:
        authorize(uow, actor, "registry.read")
        record = uow.session.get(UccRecord, record_id)
        if record is None:
            raise UserError(f"There is no UCC record with id {record_id}.")
        initial = uow.session.get(UccRecord, record.initial_id) if record.initial_id else record
        assert initial is not None
        parties = uow.session.execute(select(UccParty).where(
            UccParty.record_id == initial.id).order_by(UccParty.role, UccParty.id)).scalars()
        related = search.ucc_related(uow.session, initial.id)
        terminated = any(r.record_type == "termination" for r in related)
        lapsed = initial.lapse_date is not None and initial.lapse_date < on
        opens, closes = (None, None) if terminated or lapsed else profile.ucc_window(
            initial.lapse_date)
        return UccCard(
            record=_ucc_summary(uow, record), lapse_kind=initial.lapse_kind,
            lapse_date=initial.lapse_date,
            lapsed=lapsed, terminated=terminated,
            continuation_opens=opens, continuation_closes=closes,
            parties=tuple(UccPartyInfo(p.role, p.kind, _party_name(p),
                                       _address(None, p.street, p.city, p.state, p.zip))
                          for p in parties),
            related=tuple(_ucc_summary(uow, r) for r in related))

    return db.run(work, read_only=True)


def register_entity(db: Database, profile: Profile, actor: Actor, *, name: str,
                    entity_type: str, formation_date: date, agent_name: str | None = None,
                    agent_street: str | None = None, agent_city: str | None = None,
                    agent_zip: str | None = None) -> EntitySummary:
    """Put a new entity on the register with the next charter number. Examiners
    (``registry.write``); refuses an unavailable name or a missing designator, naming them."""
    text = clean_query(name, field="name")
    if entity_type not in profile.entity_type_codes():
        raise UserError(f"Unknown entity type {entity_type!r}.", field="entity_type")
    problems = profile.designator_problems(text, entity_type)
    if problems:
        raise UserError(" ".join(problems), field="name", code="designator")

    def work(uow: UnitOfWork) -> EntitySummary:
        authorize(uow, actor, "registry.write")
        entity = add_entity(uow, profile, actor, name=text, entity_type=entity_type,
                            formation_date=formation_date, agent_name=agent_name,
                            agent_street=agent_street, agent_city=agent_city,
                            agent_zip=agent_zip)
        uow.commit()
        return entity_summary(profile, entity)

    return db.run(work)


def term_expiry(profile: Profile, entity_type: str, start: date) -> date | None:
    """When a registration of ``entity_type`` begun on ``start`` runs out, by its term in the
    profile (a trade name's five years, a reservation's days), or None when the type has no
    term (a corporation does not expire). The calendar lists renewals and expiries from it."""
    if entity_type not in profile.entity_types:
        return None
    term = profile.entity_types.get(entity_type).term
    return term.expires(start) if term is not None else None


def add_entity(uow: UnitOfWork, profile: Profile, actor: Actor, *, name: str, entity_type: str,
               formation_date: date, agent_name: str | None = None,
               agent_street: str | None = None, agent_city: str | None = None,
               agent_zip: str | None = None) -> Entity:
    """The new entity inside the caller's transaction (a formation accepted by an examiner, or
    ``register_entity``): the name is checked against the register as it is now, so a name
    taken since the document arrived is caught at the decision."""
    key = profile.entity_name_key(name)
    rows = search.by_name_key(uow.session, key, limit=200)
    conflicts = list(profile.name_conflicts(name, rows, formation_date))
    if conflicts and profile.name_must_be_distinguishable(entity_type):
        row, rules = conflicts[0]
        raise UserError(f"The name is not distinguishable from {row.name} "
                        f"({row.number}): {'; '.join(rules)}.", field="name",
                        code="name_conflict")
    number = str(CHARTER_BASE + numbering.next_number(uow, "charter") - 1)
    expiry = term_expiry(profile, entity_type, formation_date)
    entity = Entity(number=number, name=name, name_key=key, name_sort=name.casefold(),
                    entity_type=entity_type, status="active", status_date=formation_date,
                    formation_date=formation_date, expiry_date=expiry, agent_name=agent_name,
                    agent_street=agent_street, agent_city=agent_city,
                    agent_state="OH" if agent_street else None, agent_zip=agent_zip,
                    agent_missing=agent_name is None)
    uow.session.add(entity)
    uow.session.flush()
    audit.record(uow, actor, "registry.register_entity", "entity", entity.id,
                 after={"number": number, "name": name, "entity_type": entity_type,
                        "expiry_date": expiry.isoformat() if expiry else None})
    return entity
