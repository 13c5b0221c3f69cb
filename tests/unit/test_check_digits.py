"""Check digits (UCC 9-519(b): catch every mistyped digit and every swap of adjacent digits)
and the charter-number format."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workstation.domain.check_digits import (
    CharterNumberError,
    CharterNumberFormat,
    append_check_digit,
    check_digit,
    is_valid,
    parse_charter_number,
)
from workstation.paths import resources_dir


def _substitutions(number: str) -> list[str]:
    return [number[:i] + d + number[i + 1:]
            for i in range(len(number)) for d in "0123456789" if d != number[i]]


def _transpositions(number: str) -> list[str]:
    return [number[:i] + number[i + 1] + number[i] + number[i + 2:]
            for i in range(len(number) - 1) if number[i] != number[i + 1]]


@pytest.mark.parametrize(("digits", "check"), [("236", "3"), ("12345", "1"), ("142857", "0"),
                                               ("0", "4")])
def test_known_verhoeff_values(digits: str, check: str) -> None:
    assert check_digit(digits) == check
    assert is_valid(digits + check)


def test_every_error_is_caught_for_a_few_numbers_exhaustively() -> None:
    for payload in ("202400012345", "0000000", "9999999", "1212121212", "90", "09"):
        number = append_check_digit(payload)
        assert is_valid(number)
        assert not any(is_valid(wrong) for wrong in _substitutions(number)), payload
        assert not any(is_valid(wrong) for wrong in _transpositions(number)), payload


def test_every_error_is_caught_for_every_four_digit_payload() -> None:
    for digits in itertools.product("0123456789", repeat=4):
        number = append_check_digit("".join(digits))
        for wrong in _substitutions(number) + _transpositions(number):
            assert not is_valid(wrong), (number, wrong)


@given(st.text(alphabet="0123456789", min_size=1, max_size=30))
def test_single_digit_errors_and_adjacent_swaps_are_always_caught(payload: str) -> None:
    number = append_check_digit(payload)
    assert is_valid(number)
    for wrong in _substitutions(number) + _transpositions(number):
        assert not is_valid(wrong)


@pytest.mark.parametrize("text", ["", "7", "12a4", "１２３４", " 2363", "2363\n", "-2363"])
def test_only_plain_digits_can_be_valid(text: str) -> None:
    assert not is_valid(text)


@pytest.mark.parametrize("text", ["", "12a", "١٢٣"])
def test_check_digits_need_ascii_digits(text: str) -> None:
    with pytest.raises(ValueError, match="ASCII digits"):
        append_check_digit(text)


# ---------------------------------------------------------------- charter numbers


def _format(profile: str) -> CharterNumberFormat:
    path = resources_dir() / "profiles" / profile / "names.toml"
    return CharterNumberFormat.from_toml(path.read_text(encoding="utf-8"))


OHIO = _format("ohio")
CONNECTICUT = _format("connecticut")


@pytest.mark.parametrize(("text", "digits"), [("1234567", "1234567"), ("123 4567", "1234567"),
                                              (" 123-4567 ", "1234567"), ("601290", "601290"),
                                              ("１２３４５６７", "1234567")])
def test_ohio_charter_numbers(text: str, digits: str) -> None:
    assert str(parse_charter_number(text, OHIO)) == digits


@pytest.mark.parametrize(("text", "message"),
                         [("", "Type the charter number"), ("  - ", "Type the charter number"),
                          ("12345", "6 to 7 digits; this one has 5"),
                          ("12345678", "6 to 7 digits; this one has 8"),
                          ("CT-1234567", "digits only"), ("123456O", "digits only"),
                          ("'; DROP TABLE x", "digits only")])
def test_ohio_refusals_say_why(text: str, message: str) -> None:
    with pytest.raises(CharterNumberError, match=message):
        parse_charter_number(text, OHIO)


@pytest.mark.parametrize("text", ["CT-0123456", "ct 0123456", "US-CT.BER:0123456", "0123456",
                                  "CT0123456"])
def test_connecticut_business_ids_may_carry_a_prefix(text: str) -> None:
    assert parse_charter_number(text, CONNECTICUT).digits == "0123456"


def test_connecticut_refusal_names_the_prefixes() -> None:
    with pytest.raises(CharterNumberError, match=re.escape('may start with "US-CT.BER:" or "CT"')):
        parse_charter_number("OH-0123456", CONNECTICUT)
    with pytest.raises(CharterNumberError, match="business ID has 7 digits"):
        parse_charter_number("CT-123", CONNECTICUT)


@given(st.text(max_size=40))
def test_parsing_never_fails_any_other_way(text: str) -> None:
    try:
        number = parse_charter_number(text, OHIO)
    except CharterNumberError:
        return
    assert number.digits.isascii() and number.digits.isdigit()
    assert 6 <= len(number.digits) <= 7


def test_a_bad_format_is_refused() -> None:
    with pytest.raises(ValueError, match="min_digits"):
        CharterNumberFormat.from_toml("[charter_number]\nmin_digits = 8\nmax_digits = 7\n")
