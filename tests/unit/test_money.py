"""Money parsing and formatting: whole cents, never float (DESIGN.md section 3)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workstation.domain.money import MAX_CENTS, MoneyFormatError, format_cents, parse_cents


@pytest.mark.parametrize(
    ("text", "cents"),
    [("125", 12500), ("125.00", 12500), ("$1,234.56", 123456), (".5", 50), ("0.05", 5),
     (" 99.9 ", 9990), ("1,000", 100000), ("7.", 700)],
)
def test_parses_what_clerks_type(text: str, cents: int) -> None:
    assert parse_cents(text) == cents


@pytest.mark.parametrize(
    ("text", "words"),
    [("1e3", "Type an amount"), ("nan", "Type an amount"), ("inf", "Type an amount"),
     ("12.345", "two digits"), ("-5", "negative"), ("", "Type an amount"),
     ("1,23", "Type an amount"), ("12,34.00", "Type an amount"), ("$", "Type an amount"),
     ("9999999999999", "too large"), ("0x10", "Type an amount"), ("１２", "Type an amount")],
)
def test_refuses_with_a_reason(text: str, words: str) -> None:
    with pytest.raises(MoneyFormatError, match=words):
        parse_cents(text)


def test_negative_when_allowed() -> None:
    assert parse_cents("-3.25", allow_negative=True) == -325


@given(st.integers(min_value=-MAX_CENTS, max_value=MAX_CENTS))
def test_format_then_parse_is_identity(cents: int) -> None:
    assert parse_cents(format_cents(cents), allow_negative=True) == cents


@given(st.text(max_size=20))
def test_any_text_gives_cents_or_a_message(text: str) -> None:
    try:
        value = parse_cents(text, allow_negative=True)
    except MoneyFormatError as exc:
        assert str(exc)
    else:
        assert isinstance(value, int)
        assert abs(value) <= MAX_CENTS


def test_format() -> None:
    assert format_cents(-123456) == "-$1,234.56"
    assert format_cents(5) == "$0.05"
