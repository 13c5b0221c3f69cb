"""Filing types of a profile: the catalogue a clerk sorts mail by (domain.md 1.2-1.7, 8 item 3).

The data is ``resources/profiles/<state>/filing_types.toml``. Each filing type has a code (Ohio's
own internal filing code where the form prints one, e.g. "114-ARN"; otherwise a local code such as
"OH-532A", marked as local in the file), the form, the entity types that file it, its service type
(corporate / ucc / certification / records), its work level (1 name and agent changes, 2
formations, 3 mergers and conversions: domain.md 8 item 11), whether it may be expedited, whether
it creates a record, and the record statuses it may be filed against: a small allowable-actions
matrix in bcgov/lear's style (an amendment needs an active entity, a reinstatement a cancelled
one). The catalogue is loaded against the profile's entity types, so a typo in either file is an
error at start-up, not a wrong answer at the counter.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from workstation.domain.entity_types import EntityTypes
from workstation.domain.profile_data import ProfileDataError
from workstation.domain.profile_data import flag as _bool
from workstation.domain.profile_data import text as _str
from workstation.domain.profile_data import text_list as _str_list

ANY = "*"


class ServiceType(StrEnum):
    CORPORATE = "corporate"
    UCC = "ucc"
    CERTIFICATION = "certification"
    RECORDS = "records"


@dataclass(frozen=True)
class FilingType:
    code: str
    form: str | None
    label: str
    entity_types: frozenset[str]  # empty: not filed on a business entity (UCC, apostille, ...)
    service: ServiceType
    work_level: int
    expedite_allowed: bool
    no_expedite_reason: str  # why not, with its rule; "" when expedite is allowed
    creates_entity: bool
    allowed_statuses: frozenset[str]  # {"*"}: any status; empty: no existing record needed
    statute: str
    source: str
    verified: bool
    form_revision: str | None = None
    aliases: tuple[str, ...] = ()
    note: str = ""
    sets_status: str | None = None  # what the record's status becomes when it is accepted
    renews_term: bool = False  # accepted, the record's expiry moves on by one term (a renewal)

    @property
    def on_existing_record(self) -> bool:
        """Filed against a record already on file (an amendment), not creating one."""
        return bool(self.entity_types) and not self.creates_entity

    def applies_to(self, entity_type: str | None) -> bool:
        if not self.entity_types:
            return entity_type is None
        return entity_type in self.entity_types

    @property
    def title(self) -> str:
        """"Form 532B: Articles of Incorporation, nonprofit corporation (114-ARN)"."""
        form = f"Form {self.form}: " if self.form else ""
        return f"{form}{self.label} ({self.code})"


class FilingCatalogue:
    """Every filing type of one profile, looked up by code, form number or words."""

    def __init__(self, types: Sequence[FilingType], entity_types: EntityTypes):
        self._by_code = {t.code: t for t in types}
        self.entity_types = entity_types

    @classmethod
    def from_toml(cls, text: str, entity_types: EntityTypes) -> FilingCatalogue:
        data = tomllib.loads(text)
        reasons = data.get("no_expedite_reason", {})
        if not isinstance(reasons, dict):
            raise ProfileDataError("filing_types.toml: no_expedite_reason must be a table")
        rows = data.get("filing_type", [])
        if not isinstance(rows, list) or not rows:
            raise ProfileDataError("filing_types.toml: no [[filing_type]] rows")
        types: list[FilingType] = []
        seen: set[str] = set()
        for number, row in enumerate(rows, start=1):
            filing_type = _filing_type(row, number, entity_types, reasons)
            if filing_type.code in seen:
                raise ProfileDataError(f"filing_type {number}: code {filing_type.code} twice")
            seen.add(filing_type.code)
            types.append(filing_type)
        return cls(types, entity_types)

    def get(self, code: str) -> FilingType:
        """The filing type with this code (case-insensitive); KeyError names the code."""
        found = self._by_code.get(code) or self._by_code.get(code.strip().upper())
        if found is None:
            raise KeyError(f"unknown filing type {code!r}")
        return found

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and (code in self._by_code
                                          or code.strip().upper() in self._by_code)

    def __iter__(self) -> Iterator[FilingType]:
        return iter(self._by_code.values())

    def __len__(self) -> int:
        return len(self._by_code)

    def by_form(self, form: str) -> list[FilingType]:
        """Every filing type on this form ("540" has two: by directors and by incorporators)."""
        wanted = _norm_form(form)
        return [t for t in self if t.form is not None and _norm_form(t.form) == wanted]

    def find(self, text: str) -> list[FilingType]:
        """Filing types matching what a clerk types, best first, for a completer.

        Case-insensitive. Ranked: exact code or form number; code or form starting with the text;
        every word of the text starting a word of the code, form, label or aliases; every word
        found anywhere in them. Within a rank, in catalogue order.
        """
        query = text.strip().lower()
        words = _words(query)
        if not words:
            return []
        ranked: list[tuple[int, int, FilingType]] = []
        for order, filing_type in enumerate(self):
            rank = _rank(filing_type, query, words)
            if rank is not None:
                ranked.append((rank, order, filing_type))
        ranked.sort(key=lambda item: item[:2])
        return [filing_type for _, _, filing_type in ranked]

    def status_blocker(self, code: str, status: str | None) -> str | None:
        """Why this filing cannot be taken against a record with ``status`` (None: no record),
        or None when it can. The words suit a return letter (catalogue code STAT-01)."""
        filing_type = self.get(code)
        if filing_type.creates_entity or not filing_type.entity_types:
            return None
        if status is None:
            return f"{filing_type.label} is filed on an existing record; none was given."
        if ANY in filing_type.allowed_statuses or status in filing_type.allowed_statuses:
            return None
        labels = self.entity_types.status_label
        wanted = " or ".join(labels(s) for s in sorted(filing_type.allowed_statuses))
        return (f"{filing_type.label} needs a record that is {wanted}; "
                f"this one is {labels(status)}.")


# ---------------------------------------------------------------- searching

_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _norm_form(form: str) -> str:
    return form.strip().upper().removeprefix("FORM").strip()


def _rank(filing_type: FilingType, query: str, words: list[str]) -> int | None:
    keys = [filing_type.code.lower()] + ([filing_type.form.lower()] if filing_type.form else [])
    if query in keys:
        return 0
    if any(key.startswith(query) for key in keys):
        return 1
    haystack_words = _words(" ".join([*keys, filing_type.label, *filing_type.aliases]))
    if all(any(h.startswith(w) for h in haystack_words) for w in words):
        return 2
    haystack = " ".join(haystack_words)
    if all(w in haystack for w in words):
        return 3
    return None


# ---------------------------------------------------------------- reading the file


def _filing_type(row: Any, number: int, entity_types: EntityTypes,
                 reasons: Mapping[str, Any]) -> FilingType:
    if not isinstance(row, dict):
        raise ProfileDataError(f"filing_type {number}: not a table")
    code = _str(row, "code", f"filing_type {number}").upper()
    where = f"filing_type {number} ({code})"
    try:
        service = ServiceType(_str(row, "service", where))
    except ValueError:
        raise ProfileDataError(f"{where}: service must be one of "
                               f"{', '.join(s.value for s in ServiceType)}") from None
    level = row.get("work_level")
    if level not in (1, 2, 3):
        raise ProfileDataError(f"{where}: work_level must be 1, 2 or 3")
    kinds = _expand(_str_list(row, "entity_types", where), entity_types.codes, "entity type",
                    where)
    statuses = frozenset(_str_list(row, "allowed_statuses", where))
    for status in statuses - {ANY}:
        if status not in entity_types.statuses:
            raise ProfileDataError(f"{where}: unknown status {status!r}")
    creates = _bool(row, "creates_entity", where)
    if creates and statuses:
        raise ProfileDataError(f"{where}: a filing that creates a record has no allowed_statuses")
    if kinds and not creates and not statuses:
        raise ProfileDataError(f"{where}: say which statuses it may be filed against")
    expedite = _bool(row, "expedite_allowed", where)
    no_expedite = "" if expedite else str(row.get("no_expedite_reason")
                                          or reasons.get(service.value) or "")
    if not expedite and not no_expedite:
        raise ProfileDataError(f"{where}: say why it cannot be expedited (no_expedite_reason)")
    sets_status = row.get("sets_status") or None
    if sets_status is not None and (sets_status not in entity_types.statuses or creates):
        raise ProfileDataError(f"{where}: sets_status must be a known status of an existing "
                               "record")
    renews = bool(row.get("renews_term", False))
    if renews and (creates or not kinds
                   or any(entity_types.get(k).term is None for k in kinds)):
        raise ProfileDataError(f"{where}: renews_term is for a filing on an existing record "
                               "of a kind with a term")
    form = row.get("form")
    return FilingType(
        code=code, form=str(form) if form else None, label=_str(row, "label", where),
        entity_types=kinds, service=service, work_level=int(level),
        expedite_allowed=expedite, no_expedite_reason=no_expedite, creates_entity=creates,
        allowed_statuses=statuses, statute=str(row.get("statute", "")),
        source=_str(row, "source", where), verified=_bool(row, "verified", where),
        form_revision=row.get("form_revision") or None,
        aliases=tuple(_str_list(row, "aliases", where)), note=str(row.get("note", "")),
        sets_status=sets_status, renews_term=renews)


def _expand(values: list[str], known: list[str], what: str, where: str) -> frozenset[str]:
    if ANY in values:
        return frozenset(known)
    for value in values:
        if value not in known:
            raise ProfileDataError(f"{where}: unknown {what} {value!r}")
    return frozenset(values)






