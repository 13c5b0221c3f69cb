"""One office profile (Ohio, Connecticut): every rule file loaded once and the rule functions the
services call, in one object. The data lives in resources/profiles/<code>/; nothing here is a
rule of its own, only the wiring between the register's rows and the pure domain functions."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from workstation.domain import entity_types as et
from workstation.domain import names, names_conflict, ucc, ucc_search
from workstation.domain.apostille_countries import ApostilleCountries
from workstation.domain.calendar import OfficeCalendar
from workstation.domain.certificate_rules import CertificateRules
from workstation.domain.examination import ExaminationRules
from workstation.domain.fees import FeeError, FeeRow, FeeSchedule
from workstation.domain.filing_types import FilingCatalogue
from workstation.domain.inquiry_rules import InquiryRules
from workstation.domain.names_rules import NameRules
from workstation.domain.teller_rules import TellerRules
from workstation.domain.templates import TemplateSet
from workstation.paths import resources_dir

DEFAULT = "ohio"
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Profile:
    code: str
    calendar: OfficeCalendar
    entity_types: et.EntityTypes
    filing_types: FilingCatalogue
    fees: FeeSchedule
    names: NameRules
    ucc: ucc.UccRules
    inquiry: InquiryRules
    examination: ExaminationRules
    answer_templates: TemplateSet
    teller: TellerRules
    certificates: CertificateRules
    hague: ApostilleCountries  # one list for every office: resources/hague_apostille.toml

    # ------------------------------------------------------------ names
    def entity_name_key(self, name: str) -> str:
        return names.name_key(name, self.names)

    def significant_words(self, text: str) -> list[str]:
        """Words of a search that narrow it: not designators, articles or conjunctions."""
        ignore = self.names.vocabulary
        return [w for w in _WORD.findall(text.casefold()) if w not in ignore]

    def name_conflicts(self, candidate: str, rows: Iterable[Any], today: date,
                       entity_type: str | None = None, key: str | None = None
                       ) -> Iterator[tuple[Any, tuple[str, ...]]]:
        """(row, rules) for every register row the candidate name conflicts with. ``key``:
        the rows were found by this name key, so it need not be worked out again for each."""
        by_id = {row.id: row for row in rows}
        existing = [names_conflict.ExistingName(r.id, r.name, r.status, r.status_date,
                                                r.entity_type, key) for r in by_id.values()]
        for found in names_conflict.check_availability(candidate, existing, self.names, today,
                                                       entity_type=entity_type):
            yield by_id[found.record_id], found.reasons

    def designator_problems(self, name: str, entity_type: str) -> list[str]:
        return names_conflict.designator_problems(name, entity_type, self.names)

    def name_must_be_distinguishable(self, entity_type: str) -> bool:
        kind = self.names.entity_types.get(entity_type)
        return kind is None or kind.must_be_distinguishable

    # ------------------------------------------------------------ entities and filings
    def entity_type_codes(self) -> list[str]:
        return list(self.entity_types.codes)

    def entity_type_label(self, code: str) -> str:
        try:
            return self.entity_types.get(code).label
        except KeyError:
            return code

    def filing_type_label(self, code: str) -> str:
        try:
            return self.filing_types.get(code).title
        except KeyError:
            return code

    def good_standing(self, entity: Any, today: date) -> tuple[bool | None, list[str]]:
        facts = et.EntityFacts(entity.entity_type, entity.status, entity.status_date,
                               frozenset(entity.flags), entity.last_report_date,
                               entity.formation_date)
        standing = et.good_standing(facts, self.entity_types, today)
        if not standing.applicable:
            return None, list(standing.reasons)
        return standing.in_good_standing, list(standing.reasons)

    # ------------------------------------------------------------ UCC
    def ucc_search_key(self, name: str) -> str:
        return ucc.search_key(name, self.ucc)

    def ucc_person_keys(self, last: str, first: str) -> tuple[str, str]:
        return ucc_search.name_part(last), ucc_search.name_part(first)

    def ucc_lapse(self, filed: date, kind: str) -> date | None:
        return ucc.lapse_date(filed, kind, self.ucc)  # type: ignore[arg-type]

    def ucc_window(self, lapse: date | None) -> tuple[date | None, date | None]:
        if lapse is None:
            return None, None
        return ucc.continuation_window(lapse, self.ucc)

    def fee_amount(self, code: str, quantity: int = 1, on: date | None = None) -> int:
        """Cents for ``quantity`` of the fee ``code`` (a fee line's code or its filing type's):
        a flat fee once, a per-copy or per-page fee for each."""
        row = self.fee_row(code, on)
        each = row.amount_cents
        return each if row.basis == "flat" else each * quantity

    def fee_row(self, code: str, on: date | None = None) -> FeeRow:
        """The schedule row that prices ``code`` on ``on`` (FeeError when none is in force)."""
        return _fee_row(self.fees, code, on or date.today())

    def ucc_file_number(self, year: int, sequence: int) -> str:
        return ucc.make_ucc_file_number(year, sequence, self.ucc.file_number)

    def ucc_individual_matches(self, query: Sequence[str], candidate: Sequence[str]) -> bool:
        return ucc_search.individual_matches(ucc_search.IndividualName(*query),
                                             ucc_search.IndividualName(*candidate),
                                             self.ucc.search)


def _fee_row(fees: FeeSchedule, code: str, on: date) -> FeeRow:
    for row in fees.rows:
        if code in (row.code, row.filing_type) and row.in_force(on):
            return row
    raise FeeError(f"No fee {code!r} is on file for {on.isoformat()}; a lead must add it.")


def _read(code: str, name: str) -> str:
    return (resources_dir() / "profiles" / code / name).read_text(encoding="utf-8")


@cache
def hague_countries() -> ApostilleCountries:
    """The parties to the Apostille Convention (shared by every profile; read once)."""
    path = resources_dir() / "hague_apostille.toml"
    return ApostilleCountries.from_toml(path.read_text(encoding="utf-8"))


@cache
def load(code: str = DEFAULT) -> Profile:
    """The profile ``code`` (cached: the files are read once per run)."""
    types = et.EntityTypes.from_toml(_read(code, "entity_types.toml"))
    catalogue = FilingCatalogue.from_toml(_read(code, "filing_types.toml"), types)
    calendar = OfficeCalendar.from_toml(_read(code, "calendar.toml"))
    ucc_rules = ucc.UccRules.from_toml(_read(code, "ucc.toml"))
    fees = FeeSchedule.from_toml(_read(code, "fees.toml"), catalogue)
    return Profile(
        code=code,
        calendar=calendar,
        inquiry=InquiryRules.from_toml(_read(code, "inquiry.toml"), calendar),
        answer_templates=TemplateSet.from_toml(_read(code, "answer_templates.toml")),
        teller=TellerRules.from_toml(_read(code, "teller.toml")),
        entity_types=types, filing_types=catalogue,
        fees=fees,
        certificates=CertificateRules.from_toml(
            _read(code, "certificates.toml"),
            {r.code for r in fees.rows} | {r.filing_type for r in fees.rows}),
        hague=hague_countries(),
        names=NameRules.from_toml(_read(code, "names.toml")),
        ucc=ucc_rules,
        examination=ExaminationRules.from_toml(_read(code, "examination.toml"), catalogue,
                                               ucc_rules.refusal_grounds))
