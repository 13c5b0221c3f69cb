"""certificates.toml of both profiles, the checks that refuse a bad file naming the key, the
text composed from a product, the comparison a verification makes, and the Hague list."""

from __future__ import annotations

import pytest

from workstation.domain.apostille_countries import ApostilleCountries, ApostilleCountriesError
from workstation.domain.certificate_rules import (
    KIND_FIELDS,
    KINDS,
    CertificateRules,
    CertificateRulesError,
)
from workstation.domain.certificate_text import as_date, compose, differences, same_fact
from workstation.paths import resources_dir
from workstation.services import profile

GOOD = """
[office]
name = "Test Secretary of State"
division = "Business Services Division"
place = "Capital City"
seal_text = "TEST SEAL"
verify_note = "Call us."

[officer]
name = "Pat Officer"
title = "Secretary of State"
source = "test"
verified = false

[product.good_standing]
title = "Certificate of Good Standing"
fee_code = "T-CGS"
body = "{entity.name} ({entity.number}) is {entity.standing}."
rows = [{ label = "Name", field = "entity.name" }]
source = "test"
verified = false

[product.status]
title = "Certificate of Status"
fee_code = "T-CGS"
body = "{entity.name} ({entity.number}) is {entity.status}."
source = "test"
verified = false
"""


def load(text: str) -> CertificateRules:
    return CertificateRules.from_toml(text, {"T-CGS", "T-APOSTILLE"})


@pytest.mark.parametrize("code", ["ohio", "connecticut"])
def test_both_profiles_load_with_their_officer_and_fees(code: str) -> None:
    rules = profile.load(code).certificates
    assert rules.office.name.endswith(("Secretary of State", "Secretary of the State"))
    assert rules.officer.name and rules.officer.source and rules.officer.verified is False
    for kind in ("good_standing", "status", "certified_copy", "apostille", "authentication"):
        product = rules.product(kind)
        assert product.fee_code and product.source
        assert set(product.fields()) <= KIND_FIELDS[kind]
    assert len(rules.product("apostille").items) == 10
    assert "entity.standing" not in rules.product("status").fields()


def test_ohio_and_connecticut_products_and_officers() -> None:
    ohio, ct = profile.load("ohio").certificates, profile.load("connecticut").certificates
    assert ohio.officer.name == "Frank LaRose" and ohio.officer.title == "Ohio Secretary of State"
    assert ohio.product("good_standing").fee_code == "OH-CGS"
    assert ohio.product("minister_licence").fee_code == "OH-MINISTER"
    assert ohio.product("apostille").fee_code == "OH-APOSTILLE"
    assert (ohio.product("certified_copy").fee_code) == "OH-CERTIFY"
    assert ct.officer.name == "Stephanie Thomas" and ct.officer.title == "Secretary of the State"
    assert ct.product("good_standing").fee_code == "CT-EXISTENCE"
    assert not ct.issues("minister_licence")
    with pytest.raises(KeyError):
        ct.product("minister_licence")


@pytest.mark.parametrize(("change", "says"), [
    (lambda t: t + "\n[extra]\nx = 1\n", "unknown table extra"),
    (lambda t: t.replace('place = "Capital City"', 'place = "Capital City"\nplaec = "x"'),
     r"\[office\]: unknown key plaec"),
    (lambda t: t.replace('source = "test"\nverified = false\n\n[product.good_standing]',
                         'verified = false\n\n[product.good_standing]'),
     r"\[officer\]: source must be a non-empty string"),
    (lambda t: t.replace("[product.status]", "[product.statsu]"), "statsu.*unknown product"),
    (lambda t: t.replace('fee_code = "T-CGS"\nbody = "{entity.name} ({entity.number}) is '
                         '{entity.status}."', 'fee_code = "T-CGS"\nbody = "{entity.name} '
                         '({entity.number}) is {entity.status} and {entity.standing}."'),
     r"product.status.*\{entity.standing\}.*no standing statement"),
    (lambda t: t.replace("{entity.standing}.", "{entity.standnig}."),
     r"product.good_standing.*unknown merge field \{entity.standnig\}"),
    (lambda t: t.replace('fee_code = "T-CGS"', 'fee_code = "T-NOPE"', 1),
     "fee_code 'T-NOPE' is not in fees.toml"),
    (lambda t: t.replace('rows = [{ label = "Name", field = "entity.name" }]',
                         'rows = [{ label = "Name", feild = "entity.name" }]'),
     r"rows 1: unknown key feild"),
    (lambda t: t.replace('title = "Certificate of Good Standing"',
                         'title = "Certificate of Good Standing"\ncolour = "blue"'),
     r"product.good_standing\]: unknown key colour"),
    (lambda t: t.replace("[product.status]", "[product.unused]").split("[product.unused]")[0],
     r"\[product.status\] is required"),
    (lambda t: t.replace(" is {entity.standing}.", "."),
     r"never states \{entity.standing\}"),
    (lambda t: t.replace("{entity.name} (", "{entity.name (", 1), "starts no field"),
])
def test_bad_data_is_refused_naming_the_key(change: object, says: str) -> None:
    assert callable(change)
    with pytest.raises(CertificateRulesError, match=says):
        load(change(GOOD))


def test_an_apostille_has_the_ten_items() -> None:
    nine = "".join(f'  {{ label = "{n}.", text = "x" }},\n' for n in range(9))
    apostille = ('\n[product.apostille]\ntitle = "APOSTILLE"\nfee_code = "T-APOSTILLE"\n'
                 'items = [\n{items}]\nsource = "t"\nverified = false\n')
    with pytest.raises(CertificateRulesError, match="10 numbered items, not 9"):
        load(GOOD + apostille.format(items=nine))
    ten = nine + '  { label = "Signed", text = "{official.name}, {official.title}" },\n'
    assert len(load(GOOD + apostille.format(items=ten)).product("apostille").items) == 10


def test_every_kind_is_known_and_the_file_names_itself() -> None:
    assert set(KINDS) == set(KIND_FIELDS)
    with pytest.raises(CertificateRulesError, match=r"^certificates.toml: "):
        load("[office")


# ---------------------------------------------------------------------- text and facts


def test_compose_renders_and_lists_missing_facts() -> None:
    product = load(GOOD).product("good_standing")
    done = compose(product, {"entity.name": "Acme {LLC}", "entity.number": "123",
                             "entity.standing": "in good standing"})
    assert done.body == "Acme {LLC} (123) is in good standing." and not done.missing
    short = compose(product, {"entity.name": "Acme", "entity.number": "123"})
    assert short.missing == ("entity.standing",)


def test_facts_compare_forgivingly_but_truly() -> None:
    stated = {"entity.name": "Maple Orchard Holdings LLC", "entity.formation_date":
              "March 4, 2024", "entity.number": "1000123"}
    assert same_fact("Maple  Orchard holdings llc", "maple orchard Holdings LLC")
    assert as_date("March 4, 2024") == as_date("2024-03-04") == as_date("3/4/2024")
    assert as_date("Smarch 4, 2024") is None and as_date("February 30, 2024") is None
    assert differences(stated, {"Entity name": "maple orchard holdings llc",
                                "entity.formation_date": "2024-03-04"}) == ()
    found = differences(stated, {"entity.number": "1000124", "entity.colour": "blue"},
                        (("Charter number", "entity.number"),))
    assert found[0] == "Entity number: the certificate states '1000123', not '1000124'"
    assert found[1] == "entity.colour: the certificate states no such fact"
    assert differences(stated, {"Charter number": "1000123"},
                       (("Charter number", "entity.number"),)) == ()


# ---------------------------------------------------------------------- the Hague list


def test_the_hague_list_loads_with_the_united_states_flagged() -> None:
    hague = profile.hague_countries()
    assert hague.source == "HCCH Apostille Section status table" and hague.verified is False
    assert len(hague) > 100
    assert hague.issuing.iso == "US" and hague.find("USA") is hague.issuing
    for name in ("Germany", "de", "Türkiye", "turkey", "South Korea", "Czech Republic"):
        assert hague.is_party(name), name
    assert not hague.is_party("Canada Dry") and hague.find("QQ") is None
    assert profile.load("connecticut").hague is hague


@pytest.mark.parametrize(("text", "says"), [
    ('source = "s"\nverified = false\n', "rows are required"),
    ('source = "s"\nverified = false\n[[country]]\niso = "usa"\nname = "US"\n',
     "not two capital letters"),
    ('source = "s"\nverified = false\n[[country]]\niso = "DE"\nname = "Germany"\n',
     "exactly one row has issuing = true"),
    ('source = "s"\nverified = false\n[[country]]\niso = "US"\nname = "US"\nissuing = true\n'
     '[[country]]\niso = "US"\nname = "Again"\n', "iso US is also row 1"),
    ('source = "s"\nverified = false\n[[country]]\niso = "US"\nname = "US"\nissuing = true\n'
     'flag = "x"\n', "unknown key flag"),
    ('verified = false\n[[country]]\niso = "US"\nname = "US"\nissuing = true\n',
     "source must be"),
])
def test_a_bad_hague_list_is_refused_naming_the_row(text: str, says: str) -> None:
    with pytest.raises(ApostilleCountriesError, match=says):
        ApostilleCountries.from_toml(text)


def test_the_shipped_hague_file_is_the_one_read() -> None:
    text = (resources_dir() / "hague_apostille.toml").read_text(encoding="utf-8")
    assert len(ApostilleCountries.from_toml(text)) == len(profile.hague_countries())
