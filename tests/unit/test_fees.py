"""The fee engine against the facts of domain.md 1.1-1.7 (numbers worked by hand in the ids)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workstation.domain.entity_types import EntityTypes, ProfileDataError
from workstation.domain.fees import (
    REGULAR,
    ExpediteKind,
    FeeError,
    FeeRefusal,
    FeeRequest,
    FeeSchedule,
    SettlementKind,
    ShareFormula,
    Tier,
    expedite_outcome,
    round_half_up,
    service_given,
    settle,
)
from workstation.domain.filing_types import FilingCatalogue
from workstation.paths import resources_dir

TODAY = date(2025, 6, 2)
CUT = date(2015, 9, 29)  # the assumed day of the 2015 cut ($125 -> $99), verified = false
DAY_BEFORE_CUT = date(2015, 9, 28)


@cache
def catalogue(state: str) -> FilingCatalogue:
    folder = resources_dir() / "profiles" / state
    kinds = EntityTypes.from_toml((folder / "entity_types.toml").read_text(encoding="utf-8"))
    return FilingCatalogue.from_toml((folder / "filing_types.toml").read_text(encoding="utf-8"),
                                     kinds)


@cache
def schedule(state: str = "ohio") -> FeeSchedule:
    text = (resources_dir() / "profiles" / state / "fees.toml").read_text(encoding="utf-8")
    return FeeSchedule.from_toml(text, catalogue(state))


def ohio_total(request: FeeRequest, on: date = TODAY) -> int:
    return schedule().quote(request, on).total_cents


# ---------------------------------------------------------------- ORC 111.16(A)(2) per share


@pytest.mark.parametrize(
    ("shares", "cents"),
    [
        pytest.param(None, 99_00, id="none: minimum $99"),
        pytest.param(0, 99_00, id="0: minimum $99"),
        pytest.param(750, 99_00, id="750x10c=$75.00 < $99 min"),
        pytest.param(990, 99_00, id="990x10c=$99.00 = min"),
        pytest.param(991, 99_10, id="991x10c=$99.10"),
        pytest.param(1_000, 100_00, id="1000x10c=$100"),
        pytest.param(1_001, 100_05, id="$100 + 1x5c=$100.05"),
        pytest.param(10_000, 550_00, id="$100 + 9000x5c=$450 -> $550"),
        pytest.param(50_000, 1_350_00, id="$550 + 40000x2c=$800 -> $1,350"),
        pytest.param(100_000, 1_850_00, id="$1,350 + 50000x1c=$500 -> $1,850"),
        pytest.param(100_001, 1_850_01, id="$1,850 + 1x0.5c=$1,850.005 -> half up $1,850.01"),
        pytest.param(100_003, 1_850_02, id="$1,850 + 3x0.5c=$1,850.015 -> half up $1,850.02"),
        pytest.param(500_000, 3_850_00, id="$1,850 + 400000x0.5c=$2,000 -> $3,850"),
        pytest.param(500_001, 3_850_00, id="$3,850 + 1x0.25c=$3,850.0025 -> $3,850.00"),
        pytest.param(500_002, 3_850_01, id="$3,850 + 2x0.25c=$3,850.005 -> half up $3,850.01"),
        pytest.param(500_003, 3_850_01, id="$3,850 + 3x0.25c=$3,850.0075 -> $3,850.01"),
        pytest.param(1_000_000, 5_100_00, id="$3,850 + 500000x0.25c=$1,250 -> $5,100"),
        pytest.param(38_960_000, 100_000_00,
                     id="$5,100 + 37960000x0.25c=$94,900 -> exactly the $100,000 max"),
        pytest.param(38_960_001, 100_000_00, id="one share past the max: capped $100,000"),
        pytest.param(10**12, 100_000_00, id="huge: capped $100,000"),
    ],
)
def test_ohio_articles_per_share(shares: int | None, cents: int) -> None:
    quote = schedule().quote(FeeRequest("OH-532A", "corp", shares=shares), TODAY)
    assert quote.total_cents == cents
    assert [line.code for line in quote.lines] == ["OH-532A"]
    assert ("minimum fee applies" in " ".join(quote.notes)) == (shares is None)


@pytest.mark.parametrize(
    ("shares", "before", "after"),
    [
        pytest.param(None, 125_00, 99_00, id="none: $125 then $99"),
        pytest.param(750, 125_00, 99_00, id="750x10c=$75: $125 min then $99 min"),
        pytest.param(1_000, 125_00, 100_00, id="1000x10c=$100: under $125, over $99"),
        pytest.param(1_250, 125_00, 112_50, id="$100 + 250x5c=$112.50: min only before"),
        pytest.param(10_000, 550_00, 550_00, id="$550: above both minimums"),
    ],
)
def test_articles_minimum_on_both_sides_of_the_2015_cut(shares: int | None, before: int,
                                                        after: int) -> None:
    request = FeeRequest("OH-532A", "corp", shares=shares)
    assert ohio_total(request, DAY_BEFORE_CUT) == before
    assert ohio_total(request, CUT) == after


def test_nonprofit_flat_fee_on_both_sides_of_the_cut() -> None:
    request = FeeRequest("114-ARN", "nonprofit")
    assert ohio_total(request, DAY_BEFORE_CUT) == 125_00
    assert ohio_total(request, CUT) == 99_00
    assert [line.code for line in schedule().quote(request, CUT).lines] == ["114-ARN"]


def test_a_fee_with_no_row_for_the_date_is_refused_not_guessed() -> None:
    with pytest.raises(FeeError, match="No fee is on file"):
        schedule().quote(FeeRequest("OH-534A-T", "trade-name"), DAY_BEFORE_CUT)


# ---------------------------------------------------------------- flat fees


@pytest.mark.parametrize(
    ("code", "entity_type", "cents"),
    [
        ("114-ARN", "nonprofit", 99_00),
        ("OH-610", "llc", 99_00),
        ("151-FLF", "foreign-corp", 99_00),
        ("OH-534A-T", "trade-name", 39_00),
        ("OH-534A-F", "fictitious-name", 39_00),
        ("OH-534B", "name-reservation", 39_00),
        ("OH-523A", "trade-name", 25_00),
        ("OH-524A", "fictitious-name", 25_00),
        ("123-AMDD", "corp", 50_00),
        ("OH-561", "prof-corp", 50_00),
        ("OH-616", "llc", 50_00),
        ("OH-521", "llc", 25_00),
        ("OH-REIN-T", "corp", 25_00 + 10_00),  # + ORC 5726.42 tax reinstatement fee
        ("OH-REIN-A", "corp", 25_00),
        ("OH-PRECLEAR", None, 50_00),
        ("OH-CGS", "corp", 5_00),
        ("OH-MINISTER", None, 10_00),
        ("OH-UCC1", None, 12_00),
        ("OH-UCC3", None, 12_00),
        ("OH-UCC-SEARCH", None, 20_00),
        ("OH-UCC-LIMITED", None, 5_00),
    ],
)
def test_ohio_flat_fees(code: str, entity_type: str | None, cents: int) -> None:
    assert ohio_total(FeeRequest(code, entity_type)) == cents


def test_tax_reinstatement_has_its_own_line() -> None:
    quote = schedule().quote(FeeRequest("OH-REIN-T", "llc"), TODAY)
    assert [(line.code, line.cents) for line in quote.lines] == [("OH-REIN-T", 25_00),
                                                                  ("OH-REIN-TAX", 10_00)]
    assert quote.lines[1].source == "ORC 5726.42"


def test_certificates_and_apostilles_are_per_copy() -> None:
    assert ohio_total(FeeRequest("OH-CGS", "llc", copies=3)) == 3 * 5_00
    assert ohio_total(FeeRequest("OH-APOSTILLE", copies=2)) == 2 * 5_00


def test_copies_per_page_and_certification_per_copy() -> None:
    certified = schedule().quote(FeeRequest("OH-COPY", "corp", pages=12, copies=2,
                                            certified=True), TODAY)
    assert [(line.code, line.cents) for line in certified.lines] == [
        ("OH-COPY-PAGE", 12 * 2 * 1_00), ("OH-CERTIFY", 2 * 5_00)]
    assert "24 pages" in certified.lines[0].label
    plain = schedule().quote(FeeRequest("OH-COPY", "corp", pages=12, copies=2), TODAY)
    assert [line.code for line in plain.lines] == ["OH-COPY-PAGE"]
    with pytest.raises(FeeError, match="count the pages"):
        schedule().quote(FeeRequest("OH-COPY", "corp"), TODAY)


# ---------------------------------------------------------------- expedite


@pytest.mark.parametrize(("level", "cents"), [("expedite_1", 100_00), ("expedite_2", 200_00),
                                              ("expedite_3", 300_00)])
def test_expedite_is_a_separate_line(level: str, cents: int) -> None:
    quote = schedule().quote(FeeRequest("OH-610", "llc", service_level=level), TODAY)
    assert [line.cents for line in quote.lines] == [99_00, cents]
    assert quote.lines[1].code == f"OH-EXPEDITE-{level[-1]}"
    assert quote.lines[1].source.startswith("OAC 111:1-2-01(C)")
    assert quote.total_cents == 99_00 + cents


def test_expedite_three_says_it_needs_delivery_in_person() -> None:
    quote = schedule().quote(FeeRequest("114-ARN", "nonprofit", service_level="expedite_3"),
                             TODAY)
    assert quote.total_cents == 99_00 + 300_00
    assert any("in-person" in note for note in quote.notes)
    level = schedule().service_level("expedite_3", TODAY)
    assert level.in_person_only


@pytest.mark.parametrize(("code", "entity_type", "rule"), [
    ("OH-CGS", "corp", "OAC 111:1-2-01(B)"),
    ("OH-COPY", "llc", "OAC 111:1-2-01(B)"),
    ("OH-UCC1", None, "OAC 111:1-2-01(A)"),
    ("OH-APOSTILLE", None, "OAC 111:1-2-01(A)"),
])
def test_certificates_copies_and_non_title_17_work_cannot_be_expedited(
        code: str, entity_type: str | None, rule: str) -> None:
    with pytest.raises(FeeRefusal, match="cannot be expedited") as refused:
        schedule().quote(FeeRequest(code, entity_type, pages=1, service_level="expedite_1"),
                         TODAY)
    assert rule in str(refused.value) and rule in refused.value.citation


def test_unknown_service_level_is_an_error() -> None:
    with pytest.raises(FeeError, match="No service level 'expedite9'"):
        schedule().quote(FeeRequest("OH-610", "llc", service_level="expedite9"), TODAY)


@pytest.mark.parametrize(
    ("requested", "paid", "given"),
    [
        pytest.param(REGULAR, 0, REGULAR, id="regular asked"),
        pytest.param("expedite_2", 200_00, "expedite_2", id="fee paid in full"),
        pytest.param("expedite_2", 250_00, "expedite_2", id="fee overpaid"),
        pytest.param("expedite_2", 0, REGULAR, id="no expedite fee: regular service"),
        pytest.param("expedite_3", 200_00, REGULAR, id="level 3 with a level 2 fee: regular"),
        pytest.param("expedite_1", -5_00, REGULAR, id="filing fee itself short: regular"),
    ],
)
def test_service_given(requested: str, paid: int, given: str) -> None:
    assert service_given(requested, paid, schedule(), TODAY) == given


def test_mail_sort_certificate_with_expedite_fee_is_not_allowed() -> None:
    outcome = expedite_outcome(schedule(), FeeRequest("OH-CGS", "corp",
                                                      service_level="expedite_1"),
                               tendered_cents=5_00 + 100_00, on=TODAY)
    assert outcome.kind is ExpediteKind.NOT_ALLOWED
    assert outcome.service_level == REGULAR
    assert outcome.quote.total_cents == 5_00
    assert outcome.settlement.kind is SettlementKind.OVER_REFUND
    assert outcome.settlement.amount_cents == 100_00
    assert "OAC 111:1-2-01(B)" in outcome.note and "refund $100.00" in outcome.note


def test_mail_sort_expedite_fee_missing_gives_regular_service_not_a_rejection() -> None:
    outcome = expedite_outcome(schedule(), FeeRequest("OH-610", "llc",
                                                      service_level="expedite_2"),
                               tendered_cents=99_00, on=TODAY)
    assert outcome.kind is ExpediteKind.NO_FEE
    assert outcome.service_level == REGULAR
    assert outcome.settlement.kind is SettlementKind.EXACT
    assert "FEE-02" in outcome.note and "not rejected" in outcome.note


def test_mail_sort_partial_expedite_fee_is_refunded() -> None:
    outcome = expedite_outcome(schedule(), FeeRequest("OH-610", "llc",
                                                      service_level="expedite_2"),
                               tendered_cents=99_00 + 150_00, on=TODAY)
    assert outcome.kind is ExpediteKind.NO_FEE
    assert (outcome.settlement.kind, outcome.settlement.amount_cents) == (
        SettlementKind.OVER_REFUND, 150_00)


def test_mail_sort_expedite_paid() -> None:
    outcome = expedite_outcome(schedule(), FeeRequest("OH-610", "llc",
                                                      service_level="expedite_2"),
                               tendered_cents=299_00, on=TODAY)
    assert (outcome.kind, outcome.service_level) == (ExpediteKind.EXPEDITED, "expedite_2")
    assert outcome.quote.total_cents == 299_00
    assert outcome.settlement.kind is SettlementKind.EXACT


def test_mail_sort_regular() -> None:
    outcome = expedite_outcome(schedule(), FeeRequest("OH-UCC1"), tendered_cents=10_00,
                               on=TODAY)
    assert outcome.kind is ExpediteKind.REGULAR
    assert (outcome.settlement.kind, outcome.settlement.amount_cents) == (
        SettlementKind.SHORT, 2_00)


# ---------------------------------------------------------------- settlement


@pytest.mark.parametrize(
    ("due", "tendered", "kind", "amount"),
    [
        pytest.param(99_00, 99_00, SettlementKind.EXACT, 0, id="exact"),
        pytest.param(99_00, 94_00, SettlementKind.SHORT, 5_00, id="short by $5"),
        pytest.param(99_00, 109_00, SettlementKind.OVER_KEPT, 10_00, id="over by $10.00: kept"),
        pytest.param(99_00, 109_01, SettlementKind.OVER_REFUND, 10_01,
                     id="over by $10.01: refunded"),
        pytest.param(0, 1, SettlementKind.OVER_KEPT, 1, id="over by 1c: kept"),
    ],
)
def test_settle_ohio(due: int, tendered: int, kind: SettlementKind, amount: int) -> None:
    result = settle(due, tendered, schedule())
    assert (result.kind, result.amount_cents) == (kind, amount)
    assert result.note


def test_settle_notes_name_the_rule_and_the_amounts() -> None:
    assert "$10.00 or less" in settle(99_00, 109_00, schedule()).note
    assert "refund $10.01" in settle(99_00, 109_01, schedule()).note
    assert "Short by $5.00" in settle(99_00, 94_00, schedule()).note


def test_settle_connecticut_refunds_every_overpayment() -> None:
    result = settle(50_00, 50_01, schedule("connecticut"))
    assert (result.kind, result.amount_cents) == (SettlementKind.OVER_REFUND, 1)


def test_settle_refuses_negative_amounts() -> None:
    with pytest.raises(ValueError, match="never negative"):
        settle(-1, 0, schedule())


# ---------------------------------------------------------------- Connecticut


@pytest.mark.parametrize(
    ("shares", "franchise"),
    [
        pytest.param(None, 150_00, id="none: $150 minimum franchise tax"),
        pytest.param(10_000, 150_00, id="10000x1c=$100 < $150 min"),
        pytest.param(20_000, 150_00, id="$100 + 10000x0.5c=$50 = $150"),
        pytest.param(30_000, 200_00, id="$100 + 20000x0.5c=$100 = $200"),
        pytest.param(100_000, 550_00, id="$100 + 90000x0.5c=$450 = $550"),
        pytest.param(1_000_001, 2_800_00, id="$550 + 900000x0.25c=$2,250 + 1x0.2c -> $2,800.00"),
    ],
)
def test_connecticut_incorporation_with_franchise_tax(shares: int | None, franchise: int) -> None:
    quote = schedule("connecticut").quote(FeeRequest("CT-INC", "corp", shares=shares), TODAY)
    assert [(line.code, line.cents) for line in quote.lines] == [("CT-INC", 100_00),
                                                                  ("CT-FRANCHISE", franchise)]


def test_connecticut_fee_by_entity_type() -> None:
    ct = schedule("connecticut")
    assert ct.quote(FeeRequest("CT-REPORT", "corp"), TODAY).total_cents == 150_00
    assert ct.quote(FeeRequest("CT-REPORT", "llc"), TODAY).total_cents == 80_00
    with pytest.raises(FeeError, match="depends on the kind of entity"):
        ct.quote(FeeRequest("CT-REPORT"), TODAY)


def test_connecticut_expedite_copies_and_ucc() -> None:
    ct = schedule("connecticut")
    quote = ct.quote(FeeRequest("CT-LLC", "llc", service_level="expedite"), TODAY)
    assert [(line.code, line.cents) for line in quote.lines] == [("CT-LLC", 120_00),
                                                                  ("CT-EXPEDITE", 50_00)]
    copy = ct.quote(FeeRequest("CT-COPY", "corp", pages=30, certified=True), TODAY)
    assert copy.total_cents == 40_00 + 15_00  # any number of pages
    assert ct.quote(FeeRequest("CT-UCC1"), TODAY).total_cents == 50_00
    with pytest.raises(FeeRefusal):
        ct.quote(FeeRequest("CT-EXISTENCE", "llc", service_level="expedite"), TODAY)


# ---------------------------------------------------------------- requests that cannot be priced


@pytest.mark.parametrize(
    ("request_", "words"),
    [
        (FeeRequest("XX-1"), "no filing type 'XX-1'"),
        (FeeRequest("OH-610", "nonprofit"), "not filed for a nonprofit corporation"),
        (FeeRequest("OH-UCC1", "corp"), "not filed on a business entity"),
        (FeeRequest("OH-CGS", "corp", copies=0), "at least one copy"),
        (FeeRequest("OH-532A", "corp", shares=-1), "cannot be negative"),
        (FeeRequest("OH-COPY", "corp", pages=0), "at least one page"),
    ],
)
def test_requests_that_cannot_be_priced(request_: FeeRequest, words: str) -> None:
    with pytest.raises(FeeError, match=words):
        schedule().quote(request_, TODAY)


@pytest.mark.parametrize("state", ["ohio", "connecticut"])
def test_every_filing_type_has_a_fee_today_for_each_of_its_entity_types(state: str) -> None:
    fees = schedule(state)
    for filing_type in catalogue(state):
        kinds: list[str | None] = [*sorted(filing_type.entity_types)] or [None]
        for entity_type in kinds:
            quote = fees.quote(FeeRequest(filing_type.code, entity_type, pages=1), TODAY)
            assert quote.lines, filing_type.code


@pytest.mark.parametrize("state", ["ohio", "connecticut"])
def test_every_row_has_a_source_and_a_verified_flag(state: str) -> None:
    for row in schedule(state).rows:
        assert row.source.strip() and isinstance(row.verified, bool)
    for level in schedule(state).levels:
        assert level.source.strip() and isinstance(level.verified, bool)


# ---------------------------------------------------------------- the data file is checked

_MINIMAL_FEES = """
[profile]
jurisdiction = "OH"
[settlement]
overpayment_kept_max = "10.00"
source = "test"
[[service_level]]
code = "regular"
label = "Regular"
fee = "0.00"
effective_from = 2000-01-01
source = "test"
verified = true
"""


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        ('[[fee]]\nfiling_type = "NOPE"\nlabel = "x"\namount = "1.00"\n'
         'effective_from = 2000-01-01\nsource = "s"\nverified = true\n', "unknown filing type"),
        ('[[fee]]\nfiling_type = "OH-610"\nlabel = "x"\namount = 99.0\n'
         'effective_from = 2000-01-01\nsource = "s"\nverified = true\n', "amount in quotes"),
        ('[[fee]]\nfiling_type = "OH-610"\nentity_type = "corp"\nlabel = "x"\n'
         'amount = "1.00"\neffective_from = 2000-01-01\nsource = "s"\nverified = true\n',
         "not filed for 'corp'"),
        ('[[fee]]\nfiling_type = "OH-610"\nlabel = "x"\namount = "1.00"\n'
         'effective_from = 2000-01-01\nsource = "s"\nverified = true\n'
         '[[fee]]\nfiling_type = "OH-610"\nlabel = "x"\namount = "2.00"\n'
         'effective_from = 2010-01-01\nsource = "s"\nverified = true\n', "two rows in force"),
        ('[[fee]]\nfiling_type = "OH-610"\nlabel = "x"\namount = "1.00"\n'
         'effective_from = 2010-01-01\neffective_to = 2009-01-01\nsource = "s"\n'
         'verified = true\n', "before effective_from"),
        ('[[fee]]\nfiling_type = "OH-532A"\nlabel = "x"\nbasis = "per_share"\n'
         'minimum = "1.00"\ntiers = [{through = 10, cents_per_share = "1"}, '
         '{through = 5, cents_per_share = "1"}, {cents_per_share = "1"}]\n'
         'effective_from = 2000-01-01\nsource = "s"\nverified = true\n', "must rise"),
        ('[[fee]]\nfiling_type = "OH-532A"\nlabel = "x"\nbasis = "per_share"\n'
         'minimum = "1.00"\ntiers = [{cents_per_share = "half"}]\n'
         'effective_from = 2000-01-01\nsource = "s"\nverified = true\n', "cents_per_share"),
        ('[[fee]]\nfiling_type = "OH-610"\nlabel = "x"\nbasis = "per_hour"\namount = "1.00"\n'
         'effective_from = 2000-01-01\nsource = "s"\nverified = true\n', "basis must be"),
        ('[[service_level]]\ncode = "regular"\nlabel = "x"\nfee = "5.00"\n'
         'effective_from = 1990-01-01\neffective_to = 1999-12-31\nsource = "s"\n'
         'verified = true\n', "regular service has no fee"),
    ],
)
def test_bad_fee_data_is_refused_at_load(rows: str, words: str) -> None:
    with pytest.raises(ProfileDataError, match=words):
        FeeSchedule.from_toml(_MINIMAL_FEES + rows, catalogue("ohio"))


def test_entity_specific_row_beats_the_star_row() -> None:
    text = _MINIMAL_FEES + """
[[fee]]
filing_type = "OH-521"
label = "Agent"
amount = "25.00"
effective_from = 2000-01-01
source = "s"
verified = true
[[fee]]
filing_type = "OH-521"
entity_type = "llc"
label = "Agent, LLC"
amount = "30.00"
effective_from = 2000-01-01
source = "s"
verified = true
"""
    fees = FeeSchedule.from_toml(text, catalogue("ohio"))
    assert fees.quote(FeeRequest("OH-521", "llc"), TODAY).total_cents == 30_00
    assert fees.quote(FeeRequest("OH-521", "corp"), TODAY).total_cents == 25_00
    assert fees.quote(FeeRequest("OH-521"), TODAY).total_cents == 25_00


# ---------------------------------------------------------------- arithmetic properties

_OHIO_QUARTER_CENTS = [(1_000, 40), (10_000, 20), (50_000, 8), (100_000, 4), (500_000, 2),
                       (None, 1)]


def _ohio_by_quarter_cents(shares: int) -> int:
    """An independent oracle in integer quarter-cents: 10c = 40, 1/4c = 1."""
    total, below = 0, 0
    for through, quarters in _OHIO_QUARTER_CENTS:
        top = shares if through is None else min(shares, through)
        total += max(top - below, 0) * quarters
        if through is None or shares <= through:
            break
        below = through
    total = min(max(total, 99_00 * 4), 100_000_00 * 4)
    return (total + 2) // 4  # half up


def _ohio_formula() -> ShareFormula:
    row = schedule().rows_for("OH-532A", "corp", TODAY)[0]
    assert row.formula is not None
    return row.formula


@given(st.integers(min_value=0, max_value=10**10))
def test_per_share_fee_matches_an_integer_oracle(shares: int) -> None:
    assert _ohio_formula().cents(shares) == _ohio_by_quarter_cents(shares)


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=10**9))
def test_per_share_fee_is_monotone_and_within_min_and_max(a: int, b: int) -> None:
    low, high = sorted((a, b))
    formula = _ohio_formula()
    assert formula.cents(low) <= formula.cents(high)
    assert 99_00 <= formula.cents(low) <= 100_000_00


@given(st.fractions(min_value=0, max_value=10**6))
def test_round_half_up_is_within_half_a_cent(value: Fraction) -> None:
    rounded = round_half_up(value)
    assert isinstance(rounded, int)
    assert -Fraction(1, 2) < rounded - value <= Fraction(1, 2)


def test_round_half_up_halves_go_up() -> None:
    assert [round_half_up(Fraction(n, 2)) for n in (1, 3, 5)] == [1, 2, 3]
    assert round_half_up(Fraction(1, 4)) == 0


def test_formula_without_a_maximum() -> None:
    formula = ShareFormula((Tier(None, Fraction(1, 5)),), 150_00, None)
    assert formula.cents(10**9) == 200_000_000  # 10^9 x 1/5c


_OHIO_CODES = sorted(t.code for t in catalogue("ohio"))


@given(code=st.sampled_from(_OHIO_CODES), shares=st.none() | st.integers(0, 10**9),
       pages=st.none() | st.integers(1, 500), copies=st.integers(1, 20),
       certified=st.booleans(),
       level=st.sampled_from([REGULAR, "expedite_1", "expedite_2", "expedite_3"]),
       on=st.dates(min_value=date(2014, 1, 1), max_value=date(2030, 12, 31)))
def test_any_quote_is_whole_cents_and_the_sum_of_its_lines(
        code: str, shares: int | None, pages: int | None, copies: int, certified: bool,
        level: str, on: date) -> None:
    filing_type = catalogue("ohio").get(code)
    entity_type = min(filing_type.entity_types) if filing_type.entity_types else None
    request = FeeRequest(code, entity_type, shares, pages, copies, certified, level)
    try:
        quote = schedule().quote(request, on)
    except FeeRefusal:
        assert level != REGULAR and not filing_type.expedite_allowed
        return
    except FeeError as exc:
        assert str(exc)  # a page count missing, or no fee on file before the 2015 cut
        return
    assert all(isinstance(line.cents, int) and line.cents >= 0 for line in quote.lines)
    assert quote.total_cents == sum(line.cents for line in quote.lines)
    assert (level != REGULAR) == any("EXPEDITE" in line.code for line in quote.lines)
