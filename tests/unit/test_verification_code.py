"""The verification code: 10 random digits and a Verhoeff check digit, printed 4-4-3, typed back
any reasonable way, and a mistyped digit or two swapped neighbours caught before any look-up."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workstation.domain.verification_code import (
    LENGTH,
    VerificationCodeError,
    format_code,
    new_code,
    parse_code,
)

digits10 = st.text(alphabet="0123456789", min_size=10, max_size=10)


def code_of(digits: str) -> str:
    """A code with the given random part (the generator fed those digits)."""
    it = iter(digits)
    return new_code(lambda _n: int(next(it)))


def test_a_new_code_is_eleven_digits_and_checks() -> None:
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200  # random, not a sequence
    for code in codes:
        assert len(code) == LENGTH and code.isdigit() and parse_code(code) == code
        assert re.fullmatch(r"\d{4}-\d{4}-\d{3}", format_code(code))


@given(digits10, st.sampled_from(["{}", "{} ", " {}", "{}\n"]), st.booleans(), st.booleans())
def test_round_trip_through_the_printed_form(digits: str, around: str, dashes: bool,
                                             wide: bool) -> None:
    code = code_of(digits)
    printed = format_code(code)
    typed = printed if dashes else printed.replace("-", " ")
    if wide:  # full-width digits from an East Asian keyboard
        typed = typed.translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})
    assert parse_code(around.format(typed)) == code
    assert parse_code(code) == code


@given(digits10, st.integers(0, LENGTH - 1), st.integers(1, 9))
def test_any_single_digit_changed_is_refused(digits: str, where: int, plus: int) -> None:
    code = code_of(digits)
    wrong = code[:where] + str((int(code[where]) + plus) % 10) + code[where + 1:]
    with pytest.raises(VerificationCodeError, match="a digit is wrong or two are swapped"):
        parse_code(format_code(wrong))


@given(digits10, st.integers(0, LENGTH - 2))
def test_any_adjacent_transposition_is_refused(digits: str, where: int) -> None:
    code = code_of(digits)
    if code[where] == code[where + 1]:
        return  # swapping two equal digits changes nothing
    swapped = code[:where] + code[where + 1] + code[where] + code[where + 2:]
    with pytest.raises(VerificationCodeError, match="swapped"):
        parse_code(swapped)


@pytest.mark.parametrize(("text", "says"), [
    ("", "Type the verification code"),
    ("  - ", "Type the verification code"),
    ("4821-5539-21O", "digits only"),
    ("4821-5539", "has 11 digits; this one has 8"),
    ("4821-5539-2190", "has 11 digits; this one has 12"),
])
def test_what_is_not_a_code_is_refused_saying_why(text: str, says: str) -> None:
    with pytest.raises(VerificationCodeError, match=says):
        parse_code(text)


def test_format_refuses_what_is_not_a_code() -> None:
    with pytest.raises(VerificationCodeError):
        format_code("123")
