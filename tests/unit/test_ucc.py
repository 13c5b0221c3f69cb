"""UCC Article 9 filing-office rules (domain.md 2.1-2.6): lapse, continuation, refusal grounds,
standard search logic and file numbers."""

from __future__ import annotations

import string
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workstation.domain.check_digits import is_valid
from workstation.domain.ucc import (
    IndividualName,
    UccFileNumberError,
    UccRules,
    UccRulesError,
    continuation_allowed,
    continuation_window,
    continued_lapse,
    individual_matches,
    is_lapsed,
    lapse_date,
    make_ucc_file_number,
    parse_ucc_file_number,
    refusal_deadline_days,
    refusal_ground,
    refusal_grounds,
    search_key,
    searchable_until,
)
from workstation.paths import resources_dir


def _text(profile: str) -> str:
    return (resources_dir() / "profiles" / profile / "ucc.toml").read_text(encoding="utf-8")


OHIO = UccRules.from_toml(_text("ohio"))
CONNECTICUT = UccRules.from_toml(_text("connecticut"))


# ---------------------------------------------------------------- lapse (9-515)


@pytest.mark.parametrize(
    ("filed", "kind", "lapses"),
    [(date(2021, 6, 15), "standard", date(2026, 6, 15)),
     (date(2024, 2, 29), "standard", date(2029, 3, 1)),  # OAC 111:1-3-23(C)
     (date(2023, 12, 31), "standard", date(2028, 12, 31)),
     (date(2020, 1, 15), "public_finance", date(2050, 1, 15)),
     (date(2024, 2, 29), "public_finance", date(2054, 3, 1)),
     (date(2022, 7, 4), "manufactured_home", date(2052, 7, 4)),
     (date(2022, 7, 4), "transmitting_utility", None)],
)
def test_lapse_dates(filed: date, kind: str, lapses: date | None) -> None:
    assert lapse_date(filed, kind, OHIO) == lapses  # type: ignore[arg-type]
    assert lapse_date(filed, kind, CONNECTICUT) == lapses  # type: ignore[arg-type]


def test_a_profile_may_move_29_february_to_28_february() -> None:
    rules = UccRules.from_toml(_text("ohio").replace('february_29 = "march_1"',
                                                     'february_29 = "february_28"'))
    assert lapse_date(date(2024, 2, 29), "standard", rules) == date(2029, 2, 28)


def test_an_unknown_kind_of_statement_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        lapse_date(date(2024, 1, 1), "forever", OHIO)  # type: ignore[arg-type]


def test_a_statement_is_effective_through_the_end_of_its_lapse_date() -> None:
    lapse = date(2026, 6, 15)
    assert not is_lapsed(lapse, lapse)
    assert is_lapsed(lapse, lapse + timedelta(days=1))
    assert not is_lapsed(None, date(2999, 1, 1))  # transmitting utility
    assert OHIO.lapse_instant == "end_of_day"


def test_a_lapsed_statement_stays_on_record_a_year() -> None:
    assert searchable_until(date(2026, 6, 15), OHIO) == date(2027, 6, 15)
    assert searchable_until(date(2028, 2, 29), OHIO) == date(2029, 3, 1)


# ---------------------------------------------------------------- continuation (9-515(d),(e))


@pytest.mark.parametrize(
    ("lapse", "opens"),
    [(date(2026, 6, 15), date(2025, 12, 15)),
     (date(2026, 8, 31), date(2026, 2, 28)),  # no 31 February: the month's last day
     (date(2028, 8, 31), date(2028, 2, 29)),  # leap year
     (date(2026, 12, 31), date(2026, 6, 30)),
     (date(2029, 3, 1), date(2028, 9, 1)),
     (date(2027, 1, 10), date(2026, 7, 10))],
)
def test_the_window_opens_six_months_before_lapse(lapse: date, opens: date) -> None:
    assert continuation_window(lapse, OHIO) == (opens, lapse)


def test_a_continuation_one_day_early_or_late_is_refused() -> None:
    lapse = date(2026, 6, 15)
    opens, closes = continuation_window(lapse, OHIO)
    assert not continuation_allowed(opens - timedelta(days=1), lapse, OHIO)
    assert continuation_allowed(opens, lapse, OHIO)
    assert continuation_allowed(closes, lapse, OHIO)
    assert not continuation_allowed(closes + timedelta(days=1), lapse, OHIO)
    assert refusal_ground("UCC-R10", OHIO).basis == "9-516(b)(7)"


def test_a_continuation_runs_five_years_from_the_old_lapse_date() -> None:
    assert continued_lapse(date(2026, 6, 15), OHIO) == date(2031, 6, 15)
    assert continued_lapse(date(2029, 3, 1), OHIO) == date(2034, 3, 1)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2200, 12, 31)))
def test_the_window_is_about_six_months_and_ends_on_the_lapse_date(lapse: date) -> None:
    opens, closes = continuation_window(lapse, OHIO)
    assert closes == lapse
    assert 181 <= (closes - opens).days <= 184
    assert continuation_allowed(opens, lapse, OHIO)
    assert not continuation_allowed(opens - timedelta(days=1), lapse, OHIO)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2200, 12, 31)))
def test_a_standard_lapse_is_five_years_on(filed: date) -> None:
    lapse = lapse_date(filed, "standard", OHIO)
    assert lapse is not None and lapse.year == filed.year + 5
    assert (lapse.month, lapse.day) == ((3, 1) if (filed.month, filed.day) == (2, 29)
                                        else (filed.month, filed.day))


# ---------------------------------------------------------------- refusal (9-516(b), 9-520)


@pytest.mark.parametrize("rules", [OHIO, CONNECTICUT], ids=["ohio", "connecticut"])
def test_the_catalogue_is_the_9_516b_grounds_only(rules: UccRules) -> None:
    grounds = refusal_grounds(rules)
    assert [g.code for g in grounds] == [f"UCC-R{n:02d}" for n in range(1, 11)]
    assert all(g.basis.startswith("9-516(b)") and g.text and g.citation for g in grounds)
    assert all(g.applies_to <= {t.code for t in rules.record_types} for g in grounds)


def test_connecticut_adds_no_grounds() -> None:
    assert ([(g.code, g.basis) for g in refusal_grounds(CONNECTICUT)]
            == [(g.code, g.basis) for g in refusal_grounds(OHIO)])
    assert refusal_ground("UCC-R03", CONNECTICUT).citation == "CGS 42a-9-516(b)(3)(A)"


def test_refusal_notice_deadlines() -> None:
    assert refusal_deadline_days(OHIO) == 2  # ORC 1309.520(B)
    assert refusal_deadline_days(CONNECTICUT) == 5  # CGS 42a-9-520(b)


def test_an_unknown_ground_is_refused() -> None:
    with pytest.raises(KeyError, match="UCC-R11"):
        refusal_ground("UCC-R11", OHIO)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [('basis = "9-516(b)(2)"', 'basis = "9-509(a)"', "only for a reason in 9-516"),
     ('code = "UCC-R02"', 'code = "FEE"', "not UCC-Rnn"),
     ('code = "UCC-R02"', 'code = "UCC-R01"', "appears twice"),
     ('applies_to = ["initial"]', 'applies_to = ["mortgage"]', "unknown record types"),
     ('check_digit = "verhoeff"', 'check_digit = "luhn"', "check-digit scheme"),
     ('february_29 = "march_1"', 'february_29 = "leap"', "february_29"),
     ('noise_removal = "repeated"', 'noise_removal = "sometimes"', "noise_removal"),
     ("[lapse]", "[lapses]", "lapse")],
)
def test_the_loader_refuses_bad_data(old: str, new: str, message: str) -> None:
    text = _text("ohio")
    assert old in text
    with pytest.raises(UccRulesError, match=message):
        UccRules.from_toml(text.replace(old, new, 1))


def test_other_parameters() -> None:
    assert OHIO.search_currency_business_days == 3  # 9-523(c)(1)
    assert OHIO.retention_years_after_lapse == 1  # 9-522(a)
    assert OHIO.continuation_window_months == 6
    assert [t.form for t in OHIO.record_types].count("UCC3") == 4


# ---------------------------------------------------------------- search logic (IACA 503)


@pytest.mark.parametrize(
    ("name", "key"),
    [("ABC Company, Inc.", "ABC"), ("abc company inc", "ABC"), ("A.B.C. Co.", "ABC"),
     ("The ABC Corp", "ABC"), ("Smith & Jones LLC", "SMITHANDJONES"),
     ("Smith and Jones, L.L.C.", "SMITHANDJONES"), ("Café Résumé LLC", "CAFERESUME"),
     ("O'Brien Farms Ltd.", "OBRIENFARMS"), ("Sun Shine Inc", "SUNSHINE"),
     ("Acme Limited Partnership", "ACME"), ("Acme Ltd. Partnership", "ACME"),
     ("The Company Store, Inc.", "COMPANYSTORE"),  # noise words only at the end
     ("Theatre Co", "THEATRE"), ("The Company", "COMPANY"), ("Company Inc", "COMPANY"),
     ("THE", "THE"), ("Acme Widgets 2", "ACMEWIDGETS2"), ("", ""), ("?!", ""),
     ("Acme,Inc.", "ACME"), ("Москва", ""),  # other scripts are punctuation (IACA 503)
     ("Аcme LLC", "ACME")],  # ... but a Cyrillic look-alike in a Latin name is folded
)
def test_organisation_search_keys(name: str, key: str) -> None:
    assert search_key(name, OHIO) == key


def test_noise_words_once_when_the_profile_says_so() -> None:
    once = UccRules.from_toml(_text("ohio").replace('noise_removal = "repeated"',
                                                    'noise_removal = "once"'))
    assert search_key("ABC Company, Inc.", once) == "ABCCOMPANY"


@given(st.text(max_size=80))
def test_search_keys_are_upper_case_letters_and_digits(name: str) -> None:
    key = search_key(name, OHIO)
    assert all(ch in string.ascii_uppercase + string.digits for ch in key)


@given(st.text(alphabet=string.ascii_letters + " .,&'-", max_size=40))
def test_case_and_spacing_never_matter(name: str) -> None:
    key = search_key(name, OHIO)
    assert key == search_key(name.upper(), OHIO) == search_key(name.lower(), OHIO)
    assert key == search_key(" ".join(name.split()) + " ", OHIO)


SMITH = IndividualName("Smith", "John", "Allen")


@pytest.mark.parametrize(
    ("query", "found"),
    [(IndividualName("Smith", "John", "A."), True),  # "John A. Smith" (IACA example)
     (IndividualName("Smith", "J", "A"), True),
     (IndividualName("SMITH", "john", "allen"), True),
     (IndividualName("Smith", "John"), True),  # no middle: every middle
     (IndividualName("Smith", "J"), True),
     (IndividualName("Smith", "John", "B"), False),
     (IndividualName("Smith", "Jon", "A"), False),
     (IndividualName("Smith", "Jo"), False),  # only a single letter is an initial
     (IndividualName("Smyth", "John", "A"), False),
     (IndividualName("Smith", "", ""), False),  # fields as submitted: empty finds empty
     (IndividualName("Smith", "John", "Allen", "Jr."), True)],  # suffix ignored
)
def test_individual_initial_rules(query: IndividualName, found: bool) -> None:
    assert individual_matches(query, SMITH, OHIO) is found


def test_initials_on_record_are_found_by_full_names() -> None:
    on_record = IndividualName("Smith", "J", "A")
    assert individual_matches(IndividualName("Smith", "John", "Allen"), on_record, OHIO)
    assert individual_matches(IndividualName("Smith", "John", "A"), on_record, OHIO)
    assert not individual_matches(IndividualName("Smith", "Mary"), on_record, OHIO)


def test_a_middle_name_in_the_search_needs_one_on_record() -> None:
    # "John A. Smith" retrieves middle names beginning with A; the IACA example does not
    # extend it to records with no middle name.
    assert not individual_matches(IndividualName("Smith", "John", "A"),
                                  IndividualName("Smith", "John"), OHIO)
    assert individual_matches(IndividualName("Smith", "John"),
                              IndividualName("Smith", "John"), OHIO)


def test_last_names_ignore_punctuation_spaces_and_accents() -> None:
    query = IndividualName("Smith-Jones", "Renée")
    assert individual_matches(query, IndividualName("Smith Jones", "Renee", "Q"), OHIO)
    assert individual_matches(IndividualName("Van Buren", "M"),
                              IndividualName("VanBuren", "Martin"), OHIO)


def test_the_suffix_counts_where_the_profile_says_so() -> None:
    strict = UccRules.from_toml(_text("ohio").replace("suffix_ignored = true",
                                                      "suffix_ignored = false"))
    jr = IndividualName("Smith", "John", "", "Jr.")
    assert individual_matches(jr, IndividualName("Smith", "John", "", "JR"), strict)
    assert not individual_matches(jr, IndividualName("Smith", "John", "", "Sr"), strict)


# ---------------------------------------------------------------- file numbers (9-519)


def test_file_number_layout() -> None:
    number = make_ucc_file_number(2024, 1234, OHIO.file_number)
    assert number.startswith("OH20240001234") and len(number) == 14
    assert is_valid(number[2:])
    assert make_ucc_file_number(2024, 1234, CONNECTICUT.file_number).startswith("CT2024")


@given(st.integers(1900, 9999), st.integers(1, 9_999_999))
def test_file_numbers_round_trip(year: int, sequence: int) -> None:
    number = make_ucc_file_number(year, sequence, OHIO.file_number)
    parsed = parse_ucc_file_number(number, OHIO.file_number)
    assert (parsed.year, parsed.sequence, parsed.text) == (year, sequence, number)


def test_typing_errors_in_a_file_number_are_caught() -> None:
    number = make_ucc_file_number(2025, 98765, OHIO.file_number)
    digits = number[2:]
    for i in range(len(digits)):
        for d in "0123456789":
            if d != digits[i]:
                with pytest.raises(UccFileNumberError, match="check digit"):
                    parse_ucc_file_number("OH" + digits[:i] + d + digits[i + 1:],
                                          OHIO.file_number)
    for i in range(len(digits) - 1):
        if digits[i] != digits[i + 1]:
            swapped = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:]
            with pytest.raises(UccFileNumberError, match="swapped"):
                parse_ucc_file_number("OH" + swapped, OHIO.file_number)


def test_file_numbers_are_read_leniently_and_refused_clearly() -> None:
    number = make_ucc_file_number(2025, 42, OHIO.file_number)
    spaced = f" {number[:2].lower()} {number[2:6]}-{number[6:]} "
    assert parse_ucc_file_number(spaced, OHIO.file_number).sequence == 42
    for text, message in [("", "Type the file number"), ("CT202500000420", "starts with OH"),
                          ("OH2025", "12 digits"), ("OH20250000042X", "12 digits")]:
        with pytest.raises(UccFileNumberError, match=message):
            parse_ucc_file_number(text, OHIO.file_number)


@pytest.mark.parametrize(("year", "sequence"), [(2024, 0), (2024, 10_000_000), (10_000, 1)])
def test_numbers_that_do_not_fit_are_refused(year: int, sequence: int) -> None:
    with pytest.raises(ValueError, match=r"sequence|year"):
        make_ucc_file_number(year, sequence, OHIO.file_number)
