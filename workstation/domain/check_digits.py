"""Check digits (UCC 9-519(b)) and the charter-number format.

9-519(b) asks that a UCC file number carry a check digit that catches a mistyped digit and two
swapped digits. The Verhoeff scheme does both with one decimal digit, for every number: it
computes in the dihedral group D5, where a single substitution always changes the check, and
its position permutation is chosen so that every transposition of adjacent different digits
does too (Verhoeff 1969; Gallian, "Error detection methods", ACM Computing Surveys 28(3), 1996).
The Luhn scheme, by contrast, misses the swap 09 <-> 90, so it is not offered.

A charter number (the number Ohio gives a corporation, LLC or other registration) has no check
digit: it is only checked for shape against the profile's ``[charter_number]`` table.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

# Multiplication table of D5, the permutation applied at each position, and the inverses.
_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6), (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8), (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2), (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4), (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2), (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0), (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5), (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)
_INVERSE = (0, 4, 3, 2, 1, 5, 6, 7, 8, 9)
_DIGITS = re.compile(r"[0-9]+")


def _checksum(digits: str, offset: int) -> int:
    c = 0
    for i, ch in enumerate(reversed(digits)):
        c = _D[c][_P[(i + offset) % 8][ord(ch) - 48]]
    return c


def _require_digits(digits: str) -> None:
    if not _DIGITS.fullmatch(digits):
        raise ValueError(f"check digits are computed over ASCII digits only, not {digits!r}")


def check_digit(digits: str) -> str:
    """The Verhoeff check digit of ``digits`` (ASCII digits, at least one)."""
    _require_digits(digits)
    return str(_INVERSE[_checksum(digits, 1)])


def append_check_digit(digits: str) -> str:
    """``digits`` followed by its check digit: "236" -> "2363"."""
    return digits + check_digit(digits)


def is_valid(number: str) -> bool:
    """Whether ``number`` (digits, the last one the check digit) passes the Verhoeff check.
    Anything that is not two or more ASCII digits is not valid."""
    return len(number) >= 2 and bool(_DIGITS.fullmatch(number)) and _checksum(number, 0) == 0


# Check-digit schemes a profile may name (ucc.toml [file_number] check_digit).
ALGORITHMS: Mapping[str, tuple[Callable[[str], str], Callable[[str], bool]]] = {
    "verhoeff": (append_check_digit, is_valid),
}


# ---------------------------------------------------------------- charter numbers


class CharterNumberError(ValueError):
    """The text is not a charter number; the message says why, for the field."""


@dataclass(frozen=True)
class CharterNumber:
    digits: str

    def __str__(self) -> str:
        return self.digits


@dataclass(frozen=True)
class CharterNumberFormat:
    """What a profile's charter numbers look like (names.toml ``[charter_number]``)."""

    label: str  # "charter number", "business ID"
    min_digits: int
    max_digits: int
    prefixes: tuple[str, ...]  # optional letters typed before the digits, e.g. "CT"

    @classmethod
    def from_toml(cls, text: str) -> CharterNumberFormat:
        table: Mapping[str, Any] = tomllib.loads(text)["charter_number"]
        fmt = cls(str(table.get("label", "charter number")), int(table["min_digits"]),
                  int(table["max_digits"]), tuple(str(p) for p in table.get("prefixes", ())))
        if not 1 <= fmt.min_digits <= fmt.max_digits:
            raise ValueError("charter_number: need 1 <= min_digits <= max_digits")
        return fmt


def _squeeze(text: str) -> str:
    """Upper case, compatibility forms folded, spaces and dashes of every kind removed."""
    text = unicodedata.normalize("NFKC", text).upper()
    return "".join(ch for ch in text
                   if not (ch.isspace() or unicodedata.category(ch) in ("Pd", "Cf", "Cc")))


def parse_charter_number(text: str, fmt: CharterNumberFormat) -> CharterNumber:
    """The charter number in ``text``: spaces and dashes are ignored and an optional prefix
    from the profile ("CT", "US-CT.BER:") is dropped. Raises CharterNumberError with a
    clerk-readable reason otherwise."""
    squeezed = _squeeze(text)
    if not squeezed:
        raise CharterNumberError(f"Type the {fmt.label}.")
    for prefix in sorted((_squeeze(p) for p in fmt.prefixes), key=len, reverse=True):
        if prefix and squeezed.startswith(prefix):
            squeezed = squeezed[len(prefix):]
            break
    if not _DIGITS.fullmatch(squeezed):
        allowed = " or ".join(f'"{p}"' for p in fmt.prefixes)
        extra = f" (it may start with {allowed})" if allowed else ""
        raise CharterNumberError(f"A {fmt.label} is digits only{extra}.")
    if not fmt.min_digits <= len(squeezed) <= fmt.max_digits:
        size = (f"{fmt.min_digits}" if fmt.min_digits == fmt.max_digits
                else f"{fmt.min_digits} to {fmt.max_digits}")
        raise CharterNumberError(
            f"A {fmt.label} has {size} digits; this one has {len(squeezed)}.")
    return CharterNumber(squeezed)
