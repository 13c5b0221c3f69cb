"""The entity a document is filed on, as the mail clerk names it: by charter number or by name.

A charter number is exact. A name must point at one entity: the clerk's text is matched
case-insensitively against the register's names, then by the distinguishability key (so
"Acme, Inc" finds "ACME INC."); several matches are refused with their numbers so the clerk
can type the right one, and none is refused with a pointer to the list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from workstation.db import search
from workstation.db.uow import Database, UnitOfWork
from workstation.errors import ValidationErrors
from workstation.models import Entity
from workstation.services.authz import authorize
from workstation.services.dto import Actor
from workstation.services.intake_rules import EnvelopeInput
from workstation.services.profile import Profile

# A charter number: an optional letter prefix and digits, spaces and dashes allowed.
_NUMBERISH = re.compile(r"^[A-Za-z]{0,4}[\s-]?\d[\d\s-]*$")
NAMED_LIMIT = 5  # numbers listed in a "several entities have that name" refusal
PICK_LIMIT = 12  # entities offered while the clerk types a name


@dataclass(frozen=True)
class EntityChoice:
    """One entity offered to the clerk: shown as name, number and status; inserted as number."""

    number: str
    name: str
    status: str


def is_number(text: str) -> bool:
    return bool(_NUMBERISH.match(text.strip()))


def resolve(uow: UnitOfWork, profile: Profile, envelope: EnvelopeInput) -> dict[int, Entity]:
    """Document index -> the entity it names; every unresolved line refused at its field."""
    found: dict[int, Entity] = {}
    problems = []
    for i, doc in enumerate(envelope.documents):
        text = doc.entity.strip()
        if not text:
            continue
        field = f"documents[{i}].entity"
        if is_number(text):
            number = re.sub(r"[\s-]", "", text).upper()
            entity = uow.session.execute(
                select(Entity).where(Entity.number == number)).scalar_one_or_none()
            if entity is None:
                problems.append((field, f"No entity has the number {number}."))
            else:
                found[i] = entity
            continue
        named = _named(uow, profile, text)
        if len(named) == 1:
            found[i] = named[0]
        elif not named:
            problems.append((field, f"No entity is named {text!r}; type its charter number or "
                                    "pick it from the list."))
        else:
            numbers = ", ".join(e.number for e in named[:NAMED_LIMIT])
            more = " …" if len(named) > NAMED_LIMIT else ""
            problems.append((field, f"{len(named)} entities are named {text!r} ({numbers}{more});"
                                    " type the charter number."))
    if problems:
        raise ValidationErrors(problems)
    return found


def _named(uow: UnitOfWork, profile: Profile, text: str) -> list[Entity]:
    exact = list(uow.session.execute(
        select(Entity).where(Entity.name_sort == text.casefold())
        .order_by(Entity.number).limit(NAMED_LIMIT + 1)).scalars())
    if exact:
        return exact
    return list(uow.session.execute(
        select(Entity).where(Entity.name_key == profile.entity_name_key(text))
        .order_by(Entity.number).limit(NAMED_LIMIT + 1)).scalars())


def find_entities(db: Database, actor: Actor, text: str,
                  limit: int = PICK_LIMIT) -> list[EntityChoice]:
    """Entities whose name starts with ``text``, alphabetically, for the document line's list.
    A charter number (or nothing) offers nothing: the number is already exact."""
    prefix = text.strip().casefold()
    if len(prefix) < 2 or is_number(prefix):
        return []

    def work(uow: UnitOfWork) -> list[EntityChoice]:
        authorize(uow, actor, "intake.log")
        rows = search.by_name_prefix(uow.session, prefix, limit)
        return [EntityChoice(str(r.number), str(r.name), str(r.status)) for r in rows]

    return db.run(work, read_only=True)
