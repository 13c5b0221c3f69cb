"""NIST SP 800-63B password rules: length and a blocklist, no composition rules."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workstation import resources
from workstation.domain.passwords import normalise, problems

BLOCK = resources.password_blocklist()


def check(password: str, user: str = "jsmith") -> list[str]:
    return problems(password, min_length=15, blocklist=BLOCK, context_words=(user,))


@pytest.mark.parametrize("good", [
    "purple tractor umbrella",          # a passphrase with spaces
    "lowercaseonlybutlong",             # no composition rules
    "Ünïcödé pässwörd fine",            # Unicode welcome
    "x" * 5 + "correct staple horse",
    "p" + "q9" * 100,                   # long (201 characters) is fine
])
def test_accepts_long_passphrases(good: str) -> None:
    assert check(good) == []


@pytest.mark.parametrize(("bad", "words"), [
    ("short pass", "at least 15"),
    ("passwordpassword", "too common"),
    ("Password2024!!!!!!", "too common"),
    ("correct horse battery staple", "too common"),
    ("aaaaaaaaaaaaaaaaaaaa", "too common"),
    ("abcdefghijklmnopqrs", "too common"),
    ("12345678901234567", "too common"),
    ("jsmith jsmith 1", "user name"),
    ("secretary of state", "too common"),
    ("tab\there is control char", "Control characters"),
])
def test_refuses_with_reason(bad: str, words: str) -> None:
    assert any(words in p for p in check(bad)), check(bad)


def test_nfkc_normalisation_makes_equivalent_forms_equal() -> None:
    assert normalise("ﬁle") == normalise("file")
    assert normalise("Å") == normalise("Å")


@given(st.text(min_size=0, max_size=300))
def test_never_crashes(text: str) -> None:
    assert isinstance(check(text), list)
