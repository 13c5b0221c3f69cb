"""Frozen values the registry services hand to screens (record lookup, record cards)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class EntitySummary:
    id: int
    number: str
    name: str
    entity_type: str
    type_label: str
    status: str
    status_date: date | None


@dataclass(frozen=True)
class FilingSummary:
    id: int
    document_number: str
    filing_type: str
    type_label: str
    entity_id: int | None
    received_at: datetime
    filed_at: datetime | None
    status: str
    service_level: str
    pages: int
    fee_due_cents: int


@dataclass(frozen=True)
class UccSummary:
    id: int
    file_number: str
    record_type: str
    filed_at: datetime
    lapse_date: date | None
    debtor: str
    initial_id: int | None


@dataclass(frozen=True)
class LookupResult:
    query: str
    entities: tuple[EntitySummary, ...] = ()
    filings: tuple[FilingSummary, ...] = ()
    ucc: tuple[UccSummary, ...] = ()
    more_entities: bool = False
    note: str = ""

    @property
    def empty(self) -> bool:
        return not (self.entities or self.filings or self.ucc)


@dataclass(frozen=True)
class NameConflict:
    entity: EntitySummary
    rules: tuple[str, ...]


@dataclass(frozen=True)
class Availability:
    name: str
    key: str
    conflicts: tuple[NameConflict, ...]
    designator_problems: tuple[str, ...]

    @property
    def available(self) -> bool:
        return not self.conflicts and not self.designator_problems


@dataclass(frozen=True)
class FilingEventInfo:
    status: str
    at: datetime
    by_user: str
    note: str | None


@dataclass(frozen=True)
class EntityCard:
    summary: EntitySummary
    formation_date: date | None
    expiry_date: date | None
    agent: str
    principal: str
    in_good_standing: bool | None  # None: not applicable (trade names, reservations)
    standing_reasons: tuple[str, ...]
    flags: tuple[str, ...]
    filings: tuple[FilingSummary, ...]
    version: int


@dataclass(frozen=True)
class UccPartyInfo:
    role: str
    kind: str
    name: str
    address: str


@dataclass(frozen=True)
class UccCard:
    record: UccSummary
    lapse_kind: str
    lapse_date: date | None
    lapsed: bool
    terminated: bool
    continuation_opens: date | None
    continuation_closes: date | None
    parties: tuple[UccPartyInfo, ...]
    related: tuple[UccSummary, ...] = field(default_factory=tuple)
