"""Every country of ISO 3166-1 (and Kosovo, XK), as data: ``resources/countries.toml``
(``verified = false`` until a lead checks it against the ISO list).

What the apostille desk asks of it: which country does the customer mean? Clerks type what the
cover letter says ("Holland", "South Korea", "UK", "Ivory Coast", "DE"), and the certificate
needs one country: its ISO code on the record, its name on an authentication. Whether the
country is a party to the Apostille Convention is another file's answer
(``apostille_countries``), looked up by the code found here.

A name is found whatever its case, accents, punctuation or spacing, with "the" and "and"
ignored and "St." read as "Saint" (``country_key``), so "cote d ivoire" finds Côte d'Ivoire and
"St Kitts & Nevis" finds Saint Kitts and Nevis. A key may belong to one country only: the file
is refused naming both rows otherwise, so a look-up is never a guess between two countries.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from workstation.domain.profile_data import ProfileDataError, flag, read_toml, text

FILE = "countries.toml"
_ISO = re.compile(r"^[A-Z]{2}$")
_WORDS = re.compile(r"[^\W_]+")
_TOP = {"source", "verified", "as_of", "country"}
_ROW = {"iso", "name", "also", "part_of", "note"}
_IGNORED = frozenset({"the", "and"})
_SAME = {"st": "saint"}


class CountriesError(ProfileDataError):
    """countries.toml is not usable; the message names the row and the key."""


@dataclass(frozen=True)
class Country:
    iso: str  # ISO 3166-1 alpha-2 ("XK" for Kosovo)
    name: str  # the English short name a certificate prints
    also: tuple[str, ...] = ()  # other names a clerk may type
    part_of: str = ""  # the ISO code of the state a territory belongs to ("PR" -> "US")
    note: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.also)


def country_key(name: str) -> str:
    """``name`` as a look-up key: accents dropped, case folded, punctuation and spaces gone,
    "the" and "and" left out, "St" read as "Saint". ``"Côte d’Ivoire"`` -> ``"cotedivoire"``."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    bare = "".join(ch for ch in folded if not unicodedata.combining(ch))
    words = (_SAME.get(w, w) for w in _WORDS.findall(bare))
    return "".join(w for w in words if w not in _IGNORED)


class Countries:
    """The countries, found by ISO code or by any of their names."""

    def __init__(self, countries: tuple[Country, ...], source: str, verified: bool,
                 as_of: str = "") -> None:
        self.countries = countries
        self.source = source
        self.verified = verified
        self.as_of = as_of
        self._by_iso = {c.iso: c for c in countries}
        self._by_key: dict[str, Country] = {}
        for country in countries:
            for key in (country.iso, *country.names):
                self._by_key[country_key(key)] = country

    @classmethod
    def from_toml(cls, source: str) -> Countries:
        return read_toml(source, FILE, CountriesError, _parse)

    def find(self, name_or_iso: str) -> Country | None:
        """The country coded or named ``name_or_iso``; None when no country is."""
        key = country_key(name_or_iso)
        return self._by_key.get(key) if key else None

    def get(self, iso: str) -> Country:
        """The country with the code ``iso``; KeyError when there is none."""
        return self._by_iso[iso]

    def __iter__(self) -> Iterator[Country]:
        return iter(self.countries)

    def __len__(self) -> int:
        return len(self.countries)


def _parse(doc: Mapping[str, Any]) -> Countries:
    if unknown := sorted(set(doc) - _TOP):
        raise CountriesError(f"{FILE}: unknown key {', '.join(unknown)}")
    rows = doc.get("country", [])
    if not isinstance(rows, list) or not rows:
        raise CountriesError(f"{FILE}: the country rows are required")
    countries = tuple(_country(n, row) for n, row in enumerate(rows, 1))
    _check_unique(countries)
    codes = {c.iso for c in countries}
    for n, country in enumerate(countries, 1):
        if country.part_of and (country.part_of not in codes or country.part_of == country.iso):
            raise CountriesError(f"country {n} ({country.iso}): part_of {country.part_of!r} is "
                                 "not another country of the file")
    return Countries(countries, text(doc, "source", FILE), flag(doc, "verified", FILE),
                     str(doc.get("as_of", "")))


def _check_unique(countries: tuple[Country, ...]) -> None:
    """Every code and every name leads to one country only."""
    seen: dict[str, tuple[int, str]] = {}
    rows: dict[str, int] = {}
    for n, country in enumerate(countries, 1):
        if (other := rows.setdefault(country.iso, n)) != n:
            raise CountriesError(f"country {n}: iso {country.iso} is also country {other}")
        for said in dict.fromkeys((country.iso, *country.names)):
            key = country_key(said)
            if not key:
                raise CountriesError(f"country {n} ({country.iso}): the name {said!r} has no "
                                     "letters")
            first = seen.setdefault(key, (n, country.iso))
            if first[1] != country.iso:
                raise CountriesError(f"country {n} ({country.iso}): {said!r} is also a name "
                                     f"of country {first[0]} ({first[1]})")


def _country(number: int, row: Any) -> Country:
    where = f"country {number}"
    if not isinstance(row, dict):
        raise CountriesError(f"{where}: must be a table")
    if unknown := sorted(set(row) - _ROW):
        raise CountriesError(f"{where}: unknown key {', '.join(unknown)}")
    iso = text(row, "iso", where)
    if not _ISO.match(iso):
        raise CountriesError(f"{where}: iso {iso!r} is not two capital letters")
    where = f"{where} ({iso})"
    also = row.get("also", [])
    if not isinstance(also, list) or not all(isinstance(a, str) and a.strip() for a in also):
        raise CountriesError(f"{where}: also must be a list of names")
    part_of = row.get("part_of", "")
    if not isinstance(part_of, str) or (part_of and not _ISO.match(part_of)):
        raise CountriesError(f"{where}: part_of {part_of!r} is not two capital letters")
    note = row.get("note", "")
    if not isinstance(note, str):
        raise CountriesError(f"{where}: note must be a string")
    return Country(iso, text(row, "name", where).strip(), tuple(a.strip() for a in also),
                   part_of, note)
