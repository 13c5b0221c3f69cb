"""The countries party to the Hague Apostille Convention of 5 October 1961, as data:
``resources/hague_apostille.toml`` (the HCCH status table, as best known; ``verified = false``
until a lead checks it against the table itself).

What the apostille desk asks of it (domain.md 1.4): is the destination country a party (an
apostille) or not (a certificate of authentication, then legalization by the US Department of
State)? And the issuing country itself is flagged (``issuing = true``) so that a request for an
apostille "for use in the United States" is refused: the Convention covers documents going
abroad only. A row may carry a note, e.g. that some parties objected to its accession, in which
case the Convention does not apply between them and an authentication may be needed instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from workstation.domain.countries import country_key
from workstation.domain.profile_data import ProfileDataError, flag, read_toml, text

FILE = "hague_apostille.toml"
_ISO = re.compile(r"^[A-Z]{2}$")
_TOP = {"source", "verified", "as_of", "note", "country"}
_ROW = {"iso", "name", "issuing", "note", "also"}


class ApostilleCountriesError(ProfileDataError):
    """hague_apostille.toml is not usable; the message names the row and the key."""


@dataclass(frozen=True)
class Country:
    iso: str  # ISO 3166-1 alpha-2 ("XK" for Kosovo, the code in common use)
    name: str
    issuing: bool = False  # the country whose offices issue the apostilles: never a destination
    note: str = ""
    also: tuple[str, ...] = ()  # other names a clerk may type ("Korea, Republic of", "Holland")


class ApostilleCountries:
    """The parties, found by ISO code or by any of their names (case and accents ignored)."""

    def __init__(self, countries: tuple[Country, ...], source: str, verified: bool,
                 as_of: str = "") -> None:
        self.countries = countries
        self.source = source
        self.verified = verified
        self.as_of = as_of
        self._by_key: dict[str, Country] = {}
        for country in countries:
            for key in (country.iso, country.name, *country.also):
                self._by_key[country_key(key)] = country

    @classmethod
    def from_toml(cls, source: str) -> ApostilleCountries:
        return read_toml(source, FILE, ApostilleCountriesError, _parse)

    def find(self, name_or_iso: str) -> Country | None:
        """The party named or coded ``name_or_iso``; None when it is not a party (or unknown)."""
        return self._by_key.get(country_key(name_or_iso))

    def is_party(self, name_or_iso: str) -> bool:
        return self.find(name_or_iso) is not None

    @property
    def issuing(self) -> Country:
        return next(c for c in self.countries if c.issuing)

    def __iter__(self) -> Iterator[Country]:
        return iter(self.countries)

    def __len__(self) -> int:
        return len(self.countries)


def _parse(doc: Mapping[str, Any]) -> ApostilleCountries:
    if unknown := sorted(set(doc) - _TOP):
        raise ApostilleCountriesError(f"{FILE}: unknown key {', '.join(unknown)}")
    rows = doc.get("country", [])
    if not isinstance(rows, list) or not rows:
        raise ApostilleCountriesError(f"{FILE}: [[country]] rows are required")
    countries = tuple(_country(n, row) for n, row in enumerate(rows, 1))
    seen: dict[str, int] = {}
    for n, country in enumerate(countries, 1):
        if country.iso in seen:
            raise ApostilleCountriesError(f"[[country]] {n}: iso {country.iso} is also row "
                                          f"{seen[country.iso]}")
        seen[country.iso] = n
    if sum(c.issuing for c in countries) != 1:
        raise ApostilleCountriesError(f"{FILE}: exactly one row has issuing = true (the "
                                      "country whose apostilles the office issues)")
    as_of = doc.get("as_of", "")
    return ApostilleCountries(countries, text(doc, "source", FILE),
                              flag(doc, "verified", FILE), str(as_of))


def _country(number: int, row: Any) -> Country:
    where = f"[[country]] {number}"
    if not isinstance(row, dict):
        raise ApostilleCountriesError(f"{where}: must be a table")
    if unknown := sorted(set(row) - _ROW):
        raise ApostilleCountriesError(f"{where}: unknown key {', '.join(unknown)}")
    iso = text(row, "iso", where)
    if not _ISO.match(iso):
        raise ApostilleCountriesError(f"{where}: iso {iso!r} is not two capital letters")
    also = row.get("also", [])
    if not isinstance(also, list) or not all(isinstance(a, str) for a in also):
        raise ApostilleCountriesError(f"{where}: also must be a list of names")
    issuing = flag(row, "issuing", where) if "issuing" in row else False
    return Country(iso, text(row, "name", where), issuing, str(row.get("note", "")),
                   tuple(also))
