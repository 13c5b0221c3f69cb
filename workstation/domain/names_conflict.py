"""Name availability and required designators (ORC 1701.05, 1706.07, 1776.82; domain.md 3.1).

``check_availability`` is the rule a name search applies: the database finds the records whose
stored key equals the candidate's (an index lookup), and this function decides which of them
block the name and says why. Only records whose name is protected count: an active record, a
reservation, and a cancelled corporation or a record on hold only within the profile's hold period
of its status date (one year in Ohio); a fictitious name never (ORC 1329.01), and a fictitious
name itself need not be distinguishable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from workstation.domain.names import designator_words, explain, name_key, normalise
from workstation.domain.names_rules import NameRules, NameRulesError, Position


@dataclass(frozen=True)
class ExistingName:
    """A name on the records, as the name search returns it."""

    record_id: int | str
    name: str
    status: str
    status_date: date | None
    entity_type: str
    key: str | None = None  # the stored key, when the caller has it


@dataclass(frozen=True)
class Conflict:
    """A record whose name the candidate is not distinguishable from, and why."""

    record_id: int | str
    name: str
    status: str
    entity_type: str
    reasons: tuple[str, ...]


def is_protected(existing: ExistingName, rules: NameRules, today: date) -> bool:
    """Whether ``existing``'s name blocks a new one on ``today``."""
    kind = rules.entity_types.get(existing.entity_type)
    if kind is not None and not kind.protected:
        return False
    if existing.status not in rules.compared_statuses:
        return False
    if existing.status in rules.hold_statuses:
        if existing.status_date is None:
            return True  # no date on record: protect rather than give the name away
        return today < existing.status_date + timedelta(days=rules.hold_period_days)
    return True


def check_availability(candidate: str, existing: Iterable[ExistingName], rules: NameRules,
                       today: date, *, entity_type: str | None = None) -> list[Conflict]:
    """Every protected record in ``existing`` that ``candidate`` is not distinguishable from,
    in the order given, each with the rules that make the two names the same. [] means the name
    is available (as far as the records given go). A candidate of an entity type that need not
    be distinguishable (a fictitious name) conflicts with nothing. An empty candidate is the
    caller's to refuse; here it conflicts only with names that have no letters or digits."""
    if entity_type is not None:
        kind = rules.entity_types.get(entity_type)
        if kind is not None and not kind.must_be_distinguishable:
            return []
    key = name_key(candidate, rules)
    conflicts = []
    explained: dict[str, list[str]] = {}  # registers repeat names: explain each one once
    for record in existing:
        if not is_protected(record, rules, today):
            continue
        if (record.key if record.key is not None else name_key(record.name, rules)) != key:
            continue
        if record.name not in explained:
            explained[record.name] = explain(candidate, record.name, rules)
        reasons = explained[record.name] or ["identical name"]
        conflicts.append(Conflict(record.record_id, record.name, record.status,
                                  record.entity_type, tuple(reasons)))
    return conflicts


def designator_problems(name: str, entity_type: str, rules: NameRules) -> list[str]:
    """What is wrong with ``name``'s designator for ``entity_type`` ([] when nothing is): an LLC
    named "Acme Corp" gets a message naming the designators an LLC may use and the statute.
    Raises NameRulesError for an entity type the profile does not know."""
    kind = rules.entity_types.get(entity_type)
    if kind is None:
        raise NameRulesError(f"name rules: no entity type {entity_type!r} in {rules.profile}")
    if not normalise(name, rules).key:
        return ["The name has no letters or digits."]
    required = rules.designator_sets[kind.designators]
    if not required.phrases:
        return []
    words = designator_words(name, rules)
    for phrase in required.phrases:
        if required.position is Position.END:
            if tuple(words[-len(phrase):]) == phrase:
                return []
        elif any(tuple(words[i:i + len(phrase)]) == phrase for i in range(len(words))):
            return []
    where = "end with" if required.position is Position.END else "contain"
    allowed = ", ".join(f'"{w}"' for w in required.words)
    cite = f" ({required.citation})" if required.citation else ""
    return [f"The name of {required.label} must {where} one of {allowed}{cite}."]
