"""resources/countries.toml: every ISO 3166-1 country found by its code and by any name a clerk
types (case, accents and punctuation ignored), every party of the Hague list among them, and a
bad file refused naming the row."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workstation.domain.apostille_countries import Country as Party
from workstation.domain.countries import Countries, CountriesError, Country, country_key
from workstation.paths import resources_dir
from workstation.services import profile

SHIPPED = Countries.from_toml((resources_dir() / "countries.toml").read_text(encoding="utf-8"))
HAGUE = profile.hague_countries()
HEAD = 'source = "s"\nverified = false\n'


def test_the_shipped_file_has_every_iso_country_and_kosovo() -> None:
    assert SHIPPED.source.startswith("ISO 3166-1") and SHIPPED.verified is False
    assert len(SHIPPED) == 250  # the 249 codes of ISO 3166-1, and XK
    assert SHIPPED.get("XK").name == "Kosovo"
    assert [c.iso for c in SHIPPED] == sorted(c.iso for c in SHIPPED)  # a lead reads it by code
    with pytest.raises(KeyError):
        SHIPPED.get("QQ")


@pytest.mark.parametrize(("typed", "iso"), [
    ("USA", "US"), ("United States of America", "US"), ("u.s.a.", "US"), ("us", "US"),
    ("UK", "GB"), ("Great Britain", "GB"), ("Scotland", "GB"), ("Holland", "NL"),
    ("the netherlands", "NL"), ("South Korea", "KR"), ("Korea", "KR"), ("North Korea", "KP"),
    ("Ivory Coast", "CI"), ("COTE D IVOIRE", "CI"), ("Côte d’Ivoire", "CI"),
    ("Czech Republic", "CZ"), ("Turkey", "TR"), ("turkiye", "TR"), ("Burma", "MM"),
    ("Guinea Bissau", "GW"), ("Guinea", "GN"), ("Equatorial Guinea", "GQ"),
    ("St Kitts & Nevis", "KN"), ("Sao Tome and Principe", "ST"), ("  germany ", "DE"),
    ("Congo", "CG"), ("DR Congo", "CD"), ("Puerto Rico", "PR"), ("Hong Kong, China", "HK"),
])
def test_names_clerks_type_are_found(typed: str, iso: str) -> None:
    found = SHIPPED.find(typed)
    assert found is not None and found.iso == iso, typed


@pytest.mark.parametrize("typed", ["", "   ", "--", "Atlantis", "QQ", "Germanyy", "Virgin"])
def test_what_names_no_country_finds_none(typed: str) -> None:
    assert SHIPPED.find(typed) is None


def test_the_key_ignores_case_accents_punctuation_and_small_words() -> None:
    assert country_key("Côte d’Ivoire") == country_key("COTE D'IVOIRE") == "cotedivoire"
    assert country_key("St. Lucia") == country_key("Saint Lucia") == "saintlucia"
    assert country_key("Trinidad & Tobago") == country_key("Trinidad and Tobago")
    assert country_key("The Gambia") == country_key("Gambia")
    assert country_key("Niger") != country_key("Nigeria")


_CASES: list[Callable[[str], str]] = [str.lower, str.upper, str.title, str.swapcase, str]


@given(st.sampled_from(SHIPPED.countries), st.sampled_from(_CASES),
       st.sampled_from(["", " ", "  ", "\t"]))
def test_every_country_is_found_by_its_code_and_by_its_name(
        country: Country, case: Callable[[str], str], pad: str) -> None:
    assert SHIPPED.find(pad + case(country.iso) + pad) == country
    assert SHIPPED.find(pad + case(country.name) + pad) == country
    for name in country.also:
        assert SHIPPED.find(case(name)) == country, name


@given(st.sampled_from(HAGUE.countries))
def test_every_hague_party_is_a_country_found_by_its_names(party: Party) -> None:
    assert SHIPPED.get(party.iso).iso == party.iso
    for name in (party.name, *party.also):
        found = SHIPPED.find(name)
        assert found is not None and found.iso == party.iso, name


def test_every_hague_party_iso_is_in_countries() -> None:
    codes = {c.iso for c in SHIPPED}
    assert {p.iso for p in HAGUE} <= codes
    assert "AE" in codes and HAGUE.find("AE") is None  # the UAE: a country, not a party


def test_territories_name_their_state() -> None:
    territories = {c.iso: c.part_of for c in SHIPPED if c.part_of}
    assert {iso for iso, state in territories.items() if state == "US"} == {
        "AS", "GU", "MP", "PR", "UM", "VI"}
    assert territories["AW"] == "NL" and territories["BM"] == "GB"
    assert all(SHIPPED.get(state) for state in territories.values())
    assert "US" not in territories and "DE" not in territories


@pytest.mark.parametrize(("text", "says"), [
    (HEAD, "the country rows are required"),
    (HEAD + 'country = [{ iso = "usa", name = "US" }]', r"country 1: iso 'usa' is not two"),
    (HEAD + 'country = [{ iso = "DE", name = "Germany" }, { iso = "DE", name = "Again" }]',
     "country 2: iso DE is also country 1"),
    (HEAD + 'country = [{ iso = "DE", name = "Germany" }, { iso = "AT", name = "Austria", '
            'also = ["germany"] }]', r"country 2 \(AT\): 'germany' is also a name of country 1"),
    (HEAD + 'country = [{ iso = "DE", name = "Germany" }, { iso = "GB", name = "UK", '
            'also = ["de"] }]', "is also a name of country 1 \\(DE\\)"),
    (HEAD + 'country = [{ iso = "DE", name = "Germany", flag = "x" }]', "unknown key flag"),
    (HEAD + 'country = [{ iso = "DE", name = "" }]', r"country 1 \(DE\): name must be"),
    (HEAD + 'country = [{ iso = "DE", name = "Germany", also = "Deutschland" }]',
     "also must be a list"),
    (HEAD + 'country = [{ iso = "PR", name = "Puerto Rico", part_of = "US" }]',
     "part_of 'US' is not another country"),
    (HEAD + 'country = [{ iso = "PR", name = "Puerto Rico", part_of = "usa" }]',
     "part_of 'usa' is not two capital letters"),
    (HEAD + 'country = [{ iso = "DE", name = "..." }]', "has no letters"),
    ('verified = false\ncountry = [{ iso = "DE", name = "Germany" }]', "source must be"),
    (HEAD + 'extra = 1\ncountry = [{ iso = "DE", name = "Germany" }]', "unknown key extra"),
    (HEAD + "country = [", "countries.toml: "),
])
def test_a_bad_file_is_refused_naming_the_row(text: str, says: str) -> None:
    with pytest.raises(CountriesError, match=says):
        Countries.from_toml(text)
