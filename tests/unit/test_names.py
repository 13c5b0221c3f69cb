"""Business-name distinguishability (domain.md 3.1-3.2, rules N1-N13; ORC 1701.05, 1706.07)."""

from __future__ import annotations

import string
import tomllib
from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from workstation.domain.names import NameRules, NameRulesError, explain, name_key, normalise
from workstation.domain.names_conflict import (
    ExistingName,
    check_availability,
    designator_problems,
    is_protected,
)
from workstation.domain.names_normalise import base_tense, fold, singular
from workstation.domain.names_rules import RULE_IDS
from workstation.paths import resources_dir

PROFILES = ("ohio", "connecticut")


def _text(profile: str, file: str) -> str:
    return (resources_dir() / "profiles" / profile / file).read_text(encoding="utf-8")


OHIO = NameRules.from_toml(_text("ohio", "names.toml"))
CONNECTICUT = NameRules.from_toml(_text("connecticut", "names.toml"))
TODAY = date(2026, 5, 1)


# ---------------------------------------------------------------- the reference examples

SAME = [
    # (a, b, a rule the explanation must name)
    ("ABC Corp.", "ABC, LLC", "N4"),  # Ohio "Guide to Name Availability"
    ("It's party time DJ", "Its party time DJ", "N11"),  # limaohio.com column
    ("Brothers Farms", "Brother Farms", "N7"),
    ("The Acme Company", "Acme Co", "N5"),
    ("The Acme Company", "Acme Co", "N4"),
    ("A B C Holdings", "ABC Holdings", "N13"),
    ("Acme & Sons", "Acme and Sons", "N6"),
    ("Acme.com LLC", "Acme LLC", "N10"),
    ("Consulting Group", "Consulted Group", "N8"),
    ("Café Résumé", "Cafe Resume", "N1"),
    ("Sun Shine", "Sunshine", "N3"),
    ("Acme Mfg. Co.", "Acme Manufacturing Company", "N9"),
    ("Acme Bros.", "Acme Brothers", "N9"),
    ("Intl Widgets", "International Widgets", "N9"),
    ("Smith's Bakery", "Smith Bakery", "N7"),
    ("Rock 'n' Roll Cafe", "Rock and Roll Cafe", "N11"),
    ("A.B.C. Holdings", "ABC Holdings", "N2"),
    ("ＡＢＣ Supply", "ABC Supply", "N1"),  # full-width letters (NFKC)
    ("Аcme Supply", "Acme Supply", "N1"),  # Cyrillic А in a Latin name
    ("Acme Companies Inc", "Acme Inc", "N4"),
    ("Planned Parenting Services", "Plan Parent Service", "N8"),
    ("Acme Co., Inc.", "Acme", "N4"),
    ("Acme Widgets, Limited", "Acme Widget", "N4"),
    ("Men's Warehouse", "Man Warehouse", "N7"),
]

DIFFERENT = [
    ("Smith Refrigeration", "Smith Refrigeration 2"),  # numbers distinguish in Ohio (N12)
    ("Acme Widgets", "Acme Gadgets"),
    ("The Company Store", "Store"),  # "company" is a designator only at the end
    ("Limited Editions", "Editions"),
    ("LP Gas Supply", "Gas Supply"),
    ("News Corp", "New Corp"),  # "news" is never stemmed
    ("King Farms", "K Farms"),
    ("Plane Services", "Plan Services"),  # no final-e folding
    ("Acme Tech", "Acme Technology"),  # ambiguous abbreviations are not in the table
    ("A & B Farms", "B Farms"),  # "A" of "A & B" is a letter, not an article
]


@pytest.mark.parametrize(("a", "b", "rule"), SAME)
def test_names_the_statute_says_are_not_distinguishable(a: str, b: str, rule: str) -> None:
    assert name_key(a, OHIO) == name_key(b, OHIO)
    lines = explain(a, b, OHIO)
    assert any(line.startswith(f"{rule} ") for line in lines), lines


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_distinguishable_names_keep_different_keys(a: str, b: str) -> None:
    assert name_key(a, OHIO) != name_key(b, OHIO)
    assert explain(a, b, OHIO) == []


def test_an_explanation_names_both_sides_and_the_statute() -> None:
    lines = explain("ABC Corp.", "ABC, LLC", OHIO)
    assert "N4 designator ignored: 'corp' vs 'llc' (ORC 1701.05(B)(1), 1706.07, 1776.82)" in lines
    assert explain("Brothers Farms", "Brother Farms", OHIO) == [
        "N7 plural or possessive ignored: 'brothers' -> 'brother' (ORC 1701.05(B)(3) (number))"]


def test_an_explanation_leaves_out_what_both_names_share() -> None:
    # Both names lose "and" and "sons" -> "son"; only the ampersand is a difference.
    assert explain("Acme & Sons", "Acme and Sons", OHIO) == [
        "N6 conjunction ignored: '&' = 'and' (ORC 1701.05(B)(2))"]


def test_explanations_come_in_rule_order() -> None:
    lines = explain("The Acme Company", "ACME CO.", OHIO)
    assert [line.split()[0] for line in lines] == ["N1", "N2", "N4", "N5"]


def test_identical_names_need_no_explanation_and_spacing_gets_one() -> None:
    assert explain("Acme Farm", "Acme Farm", OHIO) == []
    assert explain("Acme  Farm", "Acme Farm", OHIO)[0].startswith("N3 ")


def test_the_last_word_is_never_removed() -> None:
    assert name_key("The Limited, Inc.", OHIO) == name_key("Limited", OHIO) != ""
    assert name_key("The", OHIO) == "the"
    assert name_key("LLC", OHIO) == "llc"
    assert name_key("The A", OHIO) == name_key("A", OHIO) == "a"


def test_numbers_are_dropped_only_where_the_profile_says_so() -> None:
    text = _text("ohio", "names.toml").replace("numbers_distinguish = true",
                                               "numbers_distinguish = false")
    lenient = NameRules.from_toml(text)
    assert name_key("Smith Refrigeration 2", lenient) == name_key("Smith Refrigeration", lenient)
    assert explain("Smith Refrigeration 2", "Smith Refrigeration", lenient)[0].startswith("N12 ")


@pytest.mark.parametrize(
    "name",
    ["", " ", "'; DROP TABLE entities; --", "Robert'); DELETE FROM x;--", "\x00\x07\x1b[31m",
     "🚀🚀 Rocket LLC 🚀", "A" * 1000, "a b " * 500, "Acme\u200bCorp", "\u202eCLL emcA",
     "\ud800 lone surrogate", "ß" * 300, "1,000,000 Widgets", "...", "&&&", "'s", "'n'"],
)
def test_name_key_survives_anything(name: str) -> None:
    key = name_key(name, OHIO)
    assert key == "".join(ch for ch in key if ch.isalnum())
    assert explain(name, name + " LLC", OHIO) is not None


def test_empty_and_symbol_only_names_have_an_empty_key() -> None:
    assert name_key("", OHIO) == ""
    assert name_key("?!. ,", OHIO) == ""


def test_zero_width_and_control_characters_do_not_split_or_hide_a_name() -> None:
    assert name_key("Ac\u200dme\u00ad Corp", OHIO) == name_key("Acme", OHIO)
    assert name_key("Acme\tWidget\nCo", OHIO) == name_key("Acme Widget", OHIO)


def test_a_wholly_cyrillic_name_stays_cyrillic() -> None:
    assert fold("Москва") == "москва"
    assert fold("Мoсквa") != fold("Москва")  # mixed with Latin o and a: look-alikes folded


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_folds_ascii_fast_path_agrees_with_the_full_one(text: str) -> None:
    assert fold(text) == fold(text + "é")[:-1]


def test_fold() -> None:
    assert fold("ＡＢＣ Ｃｏｒｐ") == "abc corp"
    assert fold("Straße") == "strasse"
    assert fold("Ærø Œuvre") == "aero oeuvre"
    assert fold("٣ Brothers") == "3 brothers"  # Arabic-Indic digit
    assert fold("It’s") == "it's"


@pytest.mark.parametrize(
    ("word", "one"),
    [("brothers", "brother"), ("companies", "company"), ("boxes", "box"), ("churches", "church"),
     ("glasses", "glass"), ("services", "service"), ("business", "business"),
     ("status", "status"), ("analysis", "analysis"), ("its", "its"), ("gas", "gas"),
     ("news", "news"), ("farms", "farm"), ("2s", "2s")],
)
def test_singular(word: str, one: str) -> None:
    assert singular(word, OHIO.never_stem, OHIO.irregular_plurals) == one


@pytest.mark.parametrize(
    ("word", "base"),
    [("consulting", "consult"), ("consulted", "consult"), ("planned", "plan"),
     ("making", "make"), ("make", "make"), ("agreed", "agree"), ("related", "relate"),
     ("filling", "fill"), ("king", "king"), ("used", "used"), ("red", "red"), ("seed", "seed"),
     ("spring", "spring"), ("holding", "hold"), ("trading", "trade"), ("traded", "trade")],
)
def test_base_tense(word: str, base: str) -> None:
    assert base_tense(word) == base


# ---------------------------------------------------------------- availability


def _existing(name: str, status: str = "active", days_ago: int = 10,
              entity_type: str = "llc", record_id: int = 1) -> ExistingName:
    return ExistingName(record_id, name, status, TODAY - timedelta(days=days_ago), entity_type)


def test_abc_corp_conflicts_with_abc_llc() -> None:
    [conflict] = check_availability("ABC Corp.", [_existing("ABC, LLC")], OHIO, TODAY)
    assert conflict.record_id == 1 and conflict.name == "ABC, LLC"
    assert any(r.startswith("N4 ") for r in conflict.reasons)


def test_only_conflicting_records_come_back_in_order() -> None:
    records = [_existing("Acme Widgets LLC", record_id=1), _existing("Zeta LLC", record_id=2),
               _existing("The Acme Widget Company", record_id=3, entity_type="corp")]
    found = check_availability("Acme Widgets, Inc.", records, OHIO, TODAY)
    assert [c.record_id for c in found] == [1, 3]


def test_an_identical_name_says_so() -> None:
    [conflict] = check_availability("Acme LLC", [_existing("Acme LLC")], OHIO, TODAY)
    assert conflict.reasons == ("identical name",)


def test_fictitious_names_give_no_protection_and_need_none() -> None:
    fictitious = _existing("Acme Widgets", entity_type="fictitious-name")
    assert check_availability("Acme Widgets LLC", [fictitious], OHIO, TODAY) == []
    existing = [_existing("Acme Widgets LLC")]
    assert check_availability("Acme Widgets", existing, OHIO, TODAY,
                              entity_type="fictitious-name") == []
    assert check_availability("Acme Widgets", existing, OHIO, TODAY, entity_type="trade-name")


def test_trade_names_and_reservations_are_protected() -> None:
    assert check_availability("Acme LLC", [_existing("Acme", entity_type="trade-name")],
                              OHIO, TODAY)
    assert check_availability("Acme LLC", [_existing("Acme Inc", status="reserved")],
                              OHIO, TODAY)


@pytest.mark.parametrize("status", ["hold", "cancelled"])
def test_hold_and_cancelled_names_are_protected_for_one_year_only(status: str) -> None:
    within = _existing("Acme Corp", status=status, days_ago=364)
    after = _existing("Acme Corp", status=status, days_ago=365)
    assert check_availability("Acme LLC", [within], OHIO, TODAY)
    assert check_availability("Acme LLC", [after], OHIO, TODAY) == []


def test_a_hold_with_no_date_stays_protected() -> None:
    record = ExistingName(1, "Acme", "hold", None, "corp")
    assert is_protected(record, OHIO, TODAY)


@pytest.mark.parametrize("status", ["dissolved", "expired", "merged", "withdrawn"])
def test_names_of_ended_records_are_not_compared(status: str) -> None:
    assert check_availability("Acme LLC", [_existing("Acme Inc", status=status)],
                              OHIO, TODAY) == []


def test_connecticut_does_not_protect_a_forfeited_name() -> None:
    record = _existing("Acme Inc", status="cancelled", days_ago=1)
    assert check_availability("Acme LLC", [record], CONNECTICUT, TODAY) == []
    assert check_availability("Acme LLC", [_existing("Acme Inc")], CONNECTICUT, TODAY)


def test_a_stored_key_is_used_as_given() -> None:
    record = ExistingName(7, "Something Else", "active", None, "llc", key=name_key("Acme", OHIO))
    assert [c.record_id for c in check_availability("Acme LLC", [record], OHIO, TODAY)] == [7]


# ---------------------------------------------------------------- designators


def test_an_llc_named_like_a_corporation_is_told_its_designators() -> None:
    [problem] = designator_problems("Acme Corp", "llc", OHIO)
    assert "limited liability company" in problem
    assert '"LLC"' in problem and "ORC 1706.07(A)" in problem


@pytest.mark.parametrize(
    ("name", "entity_type"),
    [("Acme LLC", "llc"), ("Acme L.L.C.", "llc"), ("Acme, Ltd.", "llc"), ("Acme L L C", "llc"),
     ("Acme Limited Liability Company", "llc"), ("Acme Inc.", "corp"), ("Acme Company", "corp"),
     ("Acme Co", "foreign-corp"), ("Smith & Jones P.L.L.", "llp"), ("Smith LLP", "llp"),
     ("Acme L.P.", "lp"), ("Acme", "nonprofit"), ("Acme", "trade-name"),
     ("Acme", "fictitious-name")],
)
def test_required_designators_present(name: str, entity_type: str) -> None:
    assert designator_problems(name, entity_type, OHIO) == []


@pytest.mark.parametrize(("name", "entity_type"),
                         [("Acme", "corp"), ("Acme Corp", "llc"), ("Acme LLC", "llp"),
                          ("Acme Holdings", "lp"), ("Acme Limited", "corp")])
def test_required_designators_missing(name: str, entity_type: str) -> None:
    assert len(designator_problems(name, entity_type, OHIO)) == 1


def test_connecticut_llcs_may_not_use_limited_alone() -> None:
    assert designator_problems("Acme Limited", "llc", CONNECTICUT)
    assert designator_problems("Acme Ltd. Liability Co.", "llc", CONNECTICUT) == []
    assert "CGS 34-243k(a)" in designator_problems("Acme", "llc", CONNECTICUT)[0]


def test_designator_problems_refuse_empty_names_and_unknown_types() -> None:
    assert designator_problems("  ", "trade-name", OHIO) == ["The name has no letters or digits."]
    with pytest.raises(NameRulesError, match="no entity type"):
        designator_problems("Acme", "spaceship", OHIO)


# ---------------------------------------------------------------- the data files


@pytest.mark.parametrize("profile", PROFILES)
def test_every_list_says_where_it_comes_from(profile: str) -> None:
    data = tomllib.loads(_text(profile, "names.toml"))
    for table in ("designators", "articles", "conjunctions", "symbols", "internet_domains",
                  "contractions", "abbreviations", "stemming", "charter_number"):
        assert data[table]["source"], table
        assert isinstance(data[table]["verified"], bool), table
    for name, dset in data["designator_set"].items():
        assert dset["source"] and isinstance(dset["verified"], bool), name


@pytest.mark.parametrize("profile", PROFILES)
def test_entity_types_agree_with_the_entity_type_file(profile: str) -> None:
    entity_file = resources_dir() / "profiles" / profile / "entity_types.toml"
    if not entity_file.exists():
        pytest.skip("no entity_types.toml in this profile")
    entity_types = tomllib.loads(entity_file.read_text(encoding="utf-8"))["entity_type"]
    rules = OHIO if profile == "ohio" else CONNECTICUT
    assert set(rules.entity_types) == set(entity_types)
    for code, row in entity_types.items():
        assert rules.entity_types[code].designators == row.get("designator_set", "none"), code


def test_the_loader_refuses_a_designator_that_comparison_does_not_ignore() -> None:
    text = _text("ohio", "names.toml").replace('words = ["limited partnership", "L.P.", "LP"]',
                                               'words = ["limited partnership", "L.P.", "LXP"]')
    with pytest.raises(NameRulesError, match="LXP"):
        NameRules.from_toml(text)


def test_the_loader_refuses_missing_tables() -> None:
    with pytest.raises(NameRulesError):
        NameRules.from_toml("[profile]\nname = 'Nowhere'\n")


# ---------------------------------------------------------------- properties

PLAIN = st.text(alphabet=string.ascii_letters + "éüñçøß ", min_size=1, max_size=40)


@given(PLAIN)
def test_designators_and_articles_never_distinguish(x: str) -> None:
    words = fold(x).split()
    assume(any(len(w) > 1 for w in words))
    assume(not any(w in OHIO.vocabulary for w in words))
    key = name_key(x, OHIO)
    assert key == name_key(x + " LLC", OHIO) == name_key("The " + x, OHIO)
    assert key == name_key(x.upper() + ", Inc.", OHIO)


@given(st.text(max_size=200))
def test_name_key_never_raises_and_is_plain(name: str) -> None:
    key = name_key(name, OHIO)
    assert all(ch.isalnum() and not ch.isupper() for ch in key)
    if any(ch.isalnum() for ch in fold(name)):
        assert key  # a name with a letter or digit never loses all of them
    assert normalise(name, CONNECTICUT).key is not None


@given(st.text(max_size=60), st.text(max_size=60))
def test_explain_is_empty_exactly_when_the_keys_differ_or_names_match(a: str, b: str) -> None:
    lines = explain(a, b, OHIO)
    if name_key(a, OHIO) != name_key(b, OHIO) or a == b:
        assert lines == []
    else:
        assert lines and all(line.split()[0] in RULE_IDS for line in lines)
