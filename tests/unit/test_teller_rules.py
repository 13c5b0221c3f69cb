"""The teller drawer's rules as data (``resources/profiles/<state>/teller.toml``): both profiles
load, the deposit rules cite their law, sign-off tiers hold at their edges, the finance
distribution matches first row first, and a malformed file is refused with a message naming the
table and the key."""

from __future__ import annotations

import re

import pytest

from workstation.domain.profile_data import ProfileDataError
from workstation.domain.teller_rules import TellerRules, TellerRulesError
from workstation.paths import resources_dir

STATES = ("ohio", "connecticut")


def rules_of(state: str) -> TellerRules:
    path = resources_dir() / "profiles" / state / "teller.toml"
    return TellerRules.from_toml(path.read_text(encoding="utf-8"))


# The smallest file the loader accepts; each refusal below is one small edit of it.
MINIMAL = """\
[drawer]
change_fund = "200.00"

[[denomination]]
code = "bill_20"
label = "$20 bills"
value = "20.00"
[[denomination]]
code = "coin_25"
label = "Quarters"
value = "0.25"

[card]
brands = ["Visa"]

[variance]
tiers = [
  { up_to = "0.00", needs = "close" },
  { up_to = "5.00", needs = "reason" },
  { up_to = "50.00", needs = "lead" },
]
above_needs = "supervisor"

[[void_reason]]
code = "KEY"
label = "Keying error"
refund = false

[deposit]
rule = "business_days"
days = 3
payee = "Treasurer"
source = "OAC 113-1-02"

[[distribution]]
fee_code = "UCC*"
fund = "100"
account = "UCC"
[[distribution]]
fee_code = "*"
fund = "100"
account = "OTHER"
"""

THRESHOLD = ('rule = "business_days"\ndays = 3',
             'rule = "threshold"\nthreshold = "500.00"\nhours = 24\ndays = 7')


NO_DENOMINATIONS = MINIMAL[:MINIMAL.index("[[denomination]]")] + MINIMAL[MINIMAL.index("[card]"):]


def edited(old: str, new: str) -> str:
    assert old in MINIMAL, f"the edit {old!r} does not apply"
    return MINIMAL.replace(old, new, 1)


# ---------------------------------------------------------------------- the shipped profiles

@pytest.mark.parametrize("state", STATES)
def test_profile_loads_with_a_200_dollar_change_fund(state: str) -> None:
    rules = rules_of(state)
    assert rules.change_fund_cents == 20000
    assert rules.card_brands == ("Visa", "Mastercard", "American Express", "Discover")


def test_ohio_deposits_within_3_business_days_under_oac_113_1_02() -> None:
    deposit = rules_of("ohio").deposit
    assert (deposit.rule, deposit.days) == ("business_days", 3)
    assert "OAC 113-1-02" in deposit.source
    assert deposit.payee == "Ohio Treasurer of State"


def test_connecticut_deposits_500_dollars_within_24_hours_else_7_days_under_cgs_4_32() -> None:
    deposit = rules_of("connecticut").deposit
    assert deposit.rule == "threshold"
    assert (deposit.threshold_cents, deposit.hours, deposit.days) == (50000, 24, 7)
    assert "CGS 4-32" in deposit.source


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize(
    ("difference", "needs"),
    [(0, "close"), (1, "reason"), (-1, "reason"), (500, "reason"), (-500, "reason"),
     (501, "lead"), (-501, "lead"), (5000, "lead"), (5001, "supervisor"),
     (-5001, "supervisor"), (10**9, "supervisor")],
)
def test_sign_off_at_the_tier_edges(state: str, difference: int, needs: str) -> None:
    assert rules_of(state).sign_off(difference) == needs


@pytest.mark.parametrize("state", STATES)
def test_denominations_are_positive_unique_and_largest_first(state: str) -> None:
    rows = rules_of(state).denominations
    values = [d.cents for d in rows]
    assert all(isinstance(v, int) and v > 0 for v in values)
    assert len({d.code for d in rows}) == len(rows)
    assert values == sorted(values, reverse=True)
    assert rules_of(state).denomination("coin_25").cents == 25


@pytest.mark.parametrize("state", STATES)
def test_unknown_denomination_and_void_reason_are_key_errors(state: str) -> None:
    rules = rules_of(state)
    with pytest.raises(KeyError):
        rules.denomination("bill_3")
    with pytest.raises(KeyError):
        rules.void_reason("XYZ")


@pytest.mark.parametrize("state", STATES)
def test_void_reasons_say_whether_money_goes_back(state: str) -> None:
    rules = rules_of(state)
    assert not rules.void_reason("KEY").refund
    assert rules.void_reason("WDR").refund
    assert rules.void_reason("REJ").refund
    assert len({r.code for r in rules.void_reasons}) == len(rules.void_reasons)


@pytest.mark.parametrize(
    ("state", "fee_code", "account"),
    [("ohio", "OH-UCC1", "UCC-FEES"), ("ohio", "OH-EXPEDITE-1", "EXPEDITE-FEES"),
     ("ohio", "OH-ARTICLES", "BUSINESS-FEES"), ("ohio", "oh-ucc1", "BUSINESS-FEES"),
     ("connecticut", "CT-UCC3", "UCC-FEES"), ("connecticut", "CT-EXPEDITE24", "EXPEDITE-FEES"),
     ("connecticut", "CT-LLC-ARTICLES", "BUSINESS-FEES")],
)
def test_distribution_by_fee_code_pattern_with_catch_all(state: str, fee_code: str,
                                                          account: str) -> None:
    assert rules_of(state).distribution(fee_code).account == account


@pytest.mark.parametrize("state", STATES)
def test_last_distribution_is_the_catch_all(state: str) -> None:
    assert rules_of(state).distributions[-1].fee_code == "*"


def test_distribution_first_match_wins() -> None:
    rules = TellerRules.from_toml(edited(
        '[[distribution]]\nfee_code = "UCC*"',
        '[[distribution]]\nfee_code = "UCC-9*"\nfund = "200"\naccount = "UCC-9"\n'
        '[[distribution]]\nfee_code = "UCC*"'))
    assert rules.distribution("UCC-9X").account == "UCC-9"
    assert rules.distribution("UCC-1").account == "UCC"
    assert rules.distribution("ARTICLES").account == "OTHER"


# ---------------------------------------------------------------------- refusals at load time

def test_the_minimal_text_loads() -> None:  # else every refusal below proves nothing
    rules = TellerRules.from_toml(MINIMAL)
    assert rules.tiers == ((0, "close"), (500, "reason"), (5000, "lead"))
    assert rules.above_needs == "supervisor"
    assert TellerRules.from_toml(edited(*THRESHOLD)).deposit.threshold_cents == 50000


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("[card]", "[extra]\nx = 1\n[card]", "teller.toml: unknown table extra"),
        ('  { up_to = "0.00", needs = "close" },\n', "",
         '[variance] tiers: the first line is up_to = "0.00"'),
        ('"0.00", needs = "close"', '"0.01", needs = "close"', "the first line is up_to"),
        ("tiers = [", "tiers = []\nold = [", "the first line is up_to"),
        ('"50.00", needs = "lead"', '"5.00", needs = "lead"', "up_to must rise"),
        ('"50.00", needs = "lead"', '"4.00", needs = "lead"', "up_to must rise"),
        ('"50.00", needs = "lead"', '"50.00", needs = "close"',
         "[variance]: a larger difference never needs less sign-off"),
        ('above_needs = "supervisor"', 'above_needs = "reason"', "never needs less sign-off"),
        ('needs = "lead"', 'needs = "manager"',
         "[variance] tiers 3: needs must be one of close, reason, lead, supervisor"),
        ('above_needs = "supervisor"', 'above_needs = "boss"',
         "[variance] above_needs must be one of"),
        ('fee_code = "*"', 'fee_code = "OTHER*"',
         '[[distribution]]: the last row must be fee_code = "*"'),
        ('code = "coin_25"', 'code = "bill_20"', "[[denomination]] code: bill_20 appears twice"),
        ('label = "Keying error"\nrefund = false',
         'label = "Keying error"\nrefund = false\n[[void_reason]]\ncode = "KEY"\n'
         'label = "Again"\nrefund = true', "[[void_reason]] code: KEY appears twice"),
        ('change_fund = "200.00"', 'change_fund = "1.234"', "[drawer]: change_fund: Use at most"),
        ('value = "0.25"', 'value = "0.255"', "[[denomination]] 2: value: Use at most two"),
        ('value = "0.25"', 'value = "0.00"', "[[denomination]] 2: value must be more than 0"),
        ('value = "0.25"', 'value = "-0.25"', "[[denomination]] 2: value: The amount cannot"),
        ('value = "0.25"', 'value = "a quarter"', "value: Type an amount"),
        ('"5.00", needs = "reason"', '"5.5.0", needs = "reason"', "[variance] tiers 2: up_to:"),
        ('rule = "business_days"', 'rule = "weekly"',
         "[deposit] rule must be one of business_days, threshold"),
        ("days = 3", "days = 0", "[deposit] days must be a whole number of at least 1"),
        ("days = 3", "days = -3", "[deposit] days must be a whole number"),
        ("days = 3", 'days = "3"', "[deposit] days must be a whole number"),
        ("days = 3", "days = 3.0", "[deposit] days must be a whole number"),
        ("days = 3\n", "", "[deposit] days must be a whole number"),
        ("[deposit]", "[deposit_rule]", "unknown table deposit_rule"),
        ("[[denomination]]", "[[coin]]", "unknown table coin"),
        ("[drawer]", "[drawers]", "unknown table drawers"),
        ("[card]\nbrands", "[cards]\nbrands", "unknown table cards"),
        ("= [\n  { up_to", "= \n  [{ up_to", "teller.toml: "),  # not TOML at all
    ],
)
def test_refuses_a_malformed_file_naming_table_and_key(old: str, new: str, words: str) -> None:
    with pytest.raises(TellerRulesError, match=re.escape(words)):
        TellerRules.from_toml(edited(old, new))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (MINIMAL.replace('rule = "business_days"\n', 'rule = "threshold"\n'),
         "[deposit] hours must be a whole number of at least 1"),
        (edited(*THRESHOLD).replace("hours = 24", "hours = 0"), "[deposit] hours must be"),
        (edited(*THRESHOLD).replace('threshold = "500.00"', 'threshold = "5.001"'),
         "[deposit]: threshold: Use at most two digits"),
        (NO_DENOMINATIONS, "[[denomination]]: at least one is required"),
        ("denomination = 5\n" + NO_DENOMINATIONS,
         "teller.toml: [[denomination]] must be an array of tables"),
        (MINIMAL[:MINIMAL.index("[[distribution]]")], "[[distribution]]: the last row must be"),
    ],
)
def test_refuses_a_malformed_deposit_or_missing_rows(text: str, words: str) -> None:
    with pytest.raises(TellerRulesError, match=re.escape(words)):
        TellerRules.from_toml(text)


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("[drawer]\nchange_fund", "[nodrawer]\nchange_fund", "unknown table nodrawer"),
        ('label = "Quarters"\n', "", "[[denomination]] 2: label must be a non-empty string"),
        ('payee = "Treasurer"\n', "", "[deposit]: payee must be a non-empty string"),
        ('change_fund = "200.00"', "change_fund = 200.00", "[drawer]: change_fund must be a"),
        ("refund = false", 'refund = "no"', "[[void_reason]] 1: refund must be true or false"),
        ('brands = ["Visa"]', "brands = [1]", "[card]: brands must be a list of strings"),
    ],
)
def test_missing_or_mistyped_keys_are_profile_data_errors(old: str, new: str, words: str) -> None:
    # Missing/mistyped keys come from profile_data's readers: a ProfileDataError, not always a
    # TellerRulesError (reported: a caller catching TellerRulesError alone would miss these).
    with pytest.raises(ProfileDataError, match=re.escape(words)):
        TellerRules.from_toml(edited(old, new))


def test_missing_tables_are_named() -> None:
    for table in ("[drawer]", "[variance]", "[deposit]", "[card]"):
        start = MINIMAL.index(table)
        end = MINIMAL.find("\n[", start + 1)
        text = MINIMAL[:start] + MINIMAL[end + 1:]
        with pytest.raises(TellerRulesError, match=re.escape(f"{table} is required")):
            TellerRules.from_toml(text)


def test_deposit_days_true_is_refused() -> None:
    with pytest.raises(TellerRulesError, match="days must be a whole number"):
        TellerRules.from_toml(edited("days = 3", "days = true"))
