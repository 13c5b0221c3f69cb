"""Entity types of a profile and the good-standing rule (domain.md 4.3, 8 items 2 and 12).

The data is ``resources/profiles/<state>/entity_types.toml``: per entity type its statute, the
designator set its name must carry (the name rules themselves live elsewhere), whether it is
domestic, its periodic report (Ohio professional corporations: biennial report; nonprofits: the
Statement of Continued Existence every five years; Connecticut: annual reports) and the
good-standing parameters: which statuses are in good standing, which record flags block it and
under which rule. This module reads that data and answers one question, ``good_standing``,
collecting every reason (bcgov/lear's "collect all" validation style), never just the first.

Trade names, fictitious names and name reservations are registrations of a name, not entities
that can be in good standing: the answer for them is "not applicable", never "in good standing".
"""

from __future__ import annotations

import calendar
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from workstation.domain.profile_data import ProfileDataError
from workstation.domain.profile_data import flag as _bool
from workstation.domain.profile_data import text as _str
from workstation.domain.profile_data import text_list as _str_list

__all__ = ["ProfileDataError"]  # re-exported: older imports name it here


# ---------------------------------------------------------------- data


@dataclass(frozen=True)
class PeriodicReport:
    """A report the entity must file every ``every_months`` months, counted from the last one
    filed (or from formation when none has been), late after ``grace_days`` more days."""

    name: str
    every_months: int
    grace_days: int
    citation: str

    def due_after(self, anchor: date) -> date:
        return add_months(anchor, self.every_months)


@dataclass(frozen=True)
class Term:
    """How long a name registration lasts (trade name 5 years, reservation 180 days)."""

    months: int
    days: int
    renewable: bool
    citation: str

    def expires(self, start: date) -> date:
        return date.fromordinal(add_months(start, self.months).toordinal() + self.days)


@dataclass(frozen=True)
class EntityType:
    code: str
    label: str
    statute: str
    designator_set: str | None
    domestic: bool
    standing_applies: bool
    standing_statuses: frozenset[str]
    blocking_flags: tuple[tuple[str, str], ...]  # (flag, citation) in catalogue order
    report: PeriodicReport | None
    term: Term | None
    source: str
    verified: bool
    note: str = ""

    def flag_citation(self, flag: str) -> str | None:
        return dict(self.blocking_flags).get(flag)


@dataclass(frozen=True)
class EntityFacts:
    """What the record says about one entity, as plain values (no ORM object)."""

    entity_type: str
    status: str
    status_date: date | None = None
    flags: frozenset[str] = frozenset()
    last_report_date: date | None = None
    formation_date: date | None = None


@dataclass(frozen=True)
class Standing:
    """``applicable`` is False for name registrations: then ``in_good_standing`` is False too
    and ``reasons`` says why the question does not apply, so no certificate claims it."""

    in_good_standing: bool
    reasons: tuple[str, ...]
    applicable: bool = True

    @property
    def verdict(self) -> str:
        if not self.applicable:
            return "not applicable"
        return "in good standing" if self.in_good_standing else "not in good standing"


class EntityTypes:
    """The entity types, statuses and record flags of one profile."""

    def __init__(self, types: Mapping[str, EntityType], statuses: Mapping[str, str],
                 flags: Mapping[str, str]):
        self._types = dict(types)
        self.statuses: Mapping[str, str] = dict(statuses)  # code -> label
        self.flags: Mapping[str, str] = dict(flags)  # code -> reason text

    @classmethod
    def from_toml(cls, text: str) -> EntityTypes:
        data = tomllib.loads(text)
        statuses = _str_table(data, "status")
        flags = {code: _str(row, "reason", f"flag.{code}")
                 for code, row in _table(data, "flag").items()}
        types = {}
        for code, row in _table(data, "entity_type").items():
            types[code] = _entity_type(code, row, statuses, flags)
        if not types:
            raise ProfileDataError("entity_types.toml: no [entity_type.*] tables")
        return cls(types, statuses, flags)

    def get(self, code: str) -> EntityType:
        try:
            return self._types[code]
        except KeyError:
            raise KeyError(f"unknown entity type {code!r}") from None

    def __contains__(self, code: object) -> bool:
        return code in self._types

    def __iter__(self) -> Iterator[EntityType]:
        return iter(self._types.values())

    @property
    def codes(self) -> list[str]:
        return list(self._types)

    def status_label(self, status: str) -> str:
        return self.statuses.get(status, status)


# ---------------------------------------------------------------- the rule


def good_standing(entity: EntityFacts, types: EntityTypes, today: date) -> Standing:
    """Whether ``entity`` is in good standing on ``today``, with every reason it is not.

    Reasons, in this order, each naming its rule: a status that is not a good-standing status;
    each blocking flag on the record (tax cancellation, no statutory agent, court order,
    administrative hold); an overdue periodic report (due = last report, or formation when none,
    plus the period; late once ``grace_days`` have also passed). Flags the type does not treat as
    blocking are ignored; a flag the profile does not know at all is a programming error.
    """
    kind = types.get(entity.entity_type)
    unknown = sorted(entity.flags - set(types.flags))
    if unknown:
        raise ValueError(f"unknown record flag(s): {', '.join(unknown)}")
    if entity.status not in types.statuses:
        raise ValueError(f"unknown status {entity.status!r}")
    if not kind.standing_applies:
        return Standing(False, (f"good standing does not apply to a {kind.label.lower()}: "
                                "it registers a name, it is not an entity",), applicable=False)
    reasons: list[str] = []
    if entity.status not in kind.standing_statuses:
        since = f" since {entity.status_date.isoformat()}" if entity.status_date else ""
        wanted = " or ".join(types.status_label(s) for s in sorted(kind.standing_statuses))
        reasons.append(f"status is {types.status_label(entity.status)}{since}, not {wanted} "
                       "(records of this office)")
    for flag, citation in kind.blocking_flags:
        if flag in entity.flags:
            reasons.append(f"{types.flags[flag]} ({citation})")
    if kind.report is not None:
        late = _report_reason(kind.report, entity, today)
        if late:
            reasons.append(late)
    return Standing(not reasons, tuple(reasons))


def _report_reason(report: PeriodicReport, entity: EntityFacts, today: date) -> str | None:
    anchor = entity.last_report_date or entity.formation_date
    if anchor is None:
        return (f"{report.name}: neither a filed report nor the formation date is on record, "
                f"so it cannot be shown to be current ({report.citation})")
    due = report.due_after(anchor)
    if today.toordinal() > due.toordinal() + report.grace_days:
        return f"{report.name} overdue since {due.isoformat()} ({report.citation})"
    return None


def add_months(start: date, months: int) -> date:
    """``start`` plus whole months; a day the target month lacks becomes its last day
    (2024-02-29 + 12 months = 2025-02-28; 2025-01-31 + 1 month = 2025-02-28)."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last))


# ---------------------------------------------------------------- reading the file


def _entity_type(code: str, row: Mapping[str, Any], statuses: Mapping[str, str],
                 flags: Mapping[str, str]) -> EntityType:
    where = f"entity_type.{code}"
    standing_statuses = frozenset(_str_list(row, "standing_statuses", where))
    for status in standing_statuses:
        if status not in statuses:
            raise ProfileDataError(f"{where}: unknown status {status!r} in standing_statuses")
    blocking = _table(row, "blocking_flags", where)
    for flag in blocking:
        if flag not in flags:
            raise ProfileDataError(f"{where}: unknown flag {flag!r} in blocking_flags")
    applies = _bool(row, "standing_applies", where)
    if applies and not standing_statuses:
        raise ProfileDataError(f"{where}: standing applies but no standing_statuses")
    ordered = tuple((f, _str(blocking, f, where)) for f in flags if f in blocking)
    return EntityType(
        code=code, label=_str(row, "label", where), statute=_str(row, "statute", where),
        designator_set=row.get("designator_set") or None, domestic=_bool(row, "domestic", where),
        standing_applies=applies, standing_statuses=standing_statuses, blocking_flags=ordered,
        report=_report(row.get("report"), where), term=_term(row.get("term"), where),
        source=_str(row, "source", where), verified=_bool(row, "verified", where),
        note=str(row.get("note", "")))


def _report(row: Any, where: str) -> PeriodicReport | None:
    if row is None:
        return None
    where = f"{where}.report"
    months = _int(row, "every_months", where)
    grace = _int(row, "grace_days", where)
    if months <= 0 or grace < 0:
        raise ProfileDataError(f"{where}: every_months must be > 0 and grace_days >= 0")
    return PeriodicReport(_str(row, "name", where), months, grace, _str(row, "citation", where))


def _term(row: Any, where: str) -> Term | None:
    if row is None:
        return None
    where = f"{where}.term"
    months, days = int(row.get("months", 0)), int(row.get("days", 0))
    if months < 0 or days < 0 or months + days == 0:
        raise ProfileDataError(f"{where}: give a positive number of months or days")
    return Term(months, days, _bool(row, "renewable", where), _str(row, "citation", where))


def _table(data: Mapping[str, Any], key: str, where: str = "") -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ProfileDataError(f"{where or 'file'}: {key} must be a table")
    return value


def _str_table(data: Mapping[str, Any], key: str) -> dict[str, str]:
    return {code: str(label) for code, label in _table(data, key).items()}








def _int(row: Mapping[str, Any], key: str, where: str) -> int:
    value = row.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ProfileDataError(f"{where}: {key} must be a whole number")
    return value
