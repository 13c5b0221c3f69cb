"""The verification code printed on every certificate (domain.md 4.2: "a unique certificate
number plus a short verification code (with check digit)").

Ten digits from ``secrets`` (10^10 codes: guessing one that was issued is hopeless, where a
certificate number, being gapless, is trivially guessed) and a Verhoeff check digit, so a code
read out over the telephone with one digit wrong or two neighbours swapped is caught before any
look-up instead of being answered "not issued". Printed in groups of 4, 4 and 3
("4821-5539-219"), the way people read numbers aloud; typed back with or without the dashes,
with spaces, in any case, and with full-width digits from an East Asian keyboard.
"""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Callable

from workstation.domain.check_digits import check_digit, is_valid

RANDOM_DIGITS = 10
LENGTH = RANDOM_DIGITS + 1
GROUPS = (4, 4, 3)
_SEPARATORS = frozenset(" -_.")


class VerificationCodeError(ValueError):
    """The text is not a verification code; the message says why, for the field."""


def new_code(randbelow: Callable[[int], int] = secrets.randbelow) -> str:
    """A fresh code: 10 random digits and their check digit, 11 digits, ungrouped."""
    digits = "".join(str(randbelow(10)) for _ in range(RANDOM_DIGITS))
    return digits + check_digit(digits)


def format_code(code: str) -> str:
    """``48215539219`` -> ``4821-5539-219`` (the printed form)."""
    if len(code) != LENGTH or not code.isascii() or not code.isdigit():
        raise VerificationCodeError(f"A verification code has {LENGTH} digits.")
    parts, start = [], 0
    for size in GROUPS:
        parts.append(code[start:start + size])
        start += size
    return "-".join(parts)


def parse_code(text: str) -> str:
    """The 11 digits of a code as typed or scanned; VerificationCodeError says what is wrong
    (nothing typed, a letter, the wrong number of digits, or a check digit that fails)."""
    squeezed = "".join(ch for ch in unicodedata.normalize("NFKC", text).upper()
                       if ch not in _SEPARATORS and not ch.isspace()
                       and unicodedata.category(ch) not in ("Pd", "Cf", "Cc"))
    if not squeezed:
        raise VerificationCodeError("Type the verification code printed on the certificate.")
    if not squeezed.isascii() or not squeezed.isdigit():
        raise VerificationCodeError(
            "A verification code is digits only, as printed: 4821-5539-219.")
    if len(squeezed) != LENGTH:
        raise VerificationCodeError(
            f"A verification code has {LENGTH} digits; this one has {len(squeezed)}.")
    if not is_valid(squeezed):
        raise VerificationCodeError(
            f"{format_code(squeezed)} is not a verification code: a digit is wrong or two "
            "are swapped. Read it again from the certificate.")
    return squeezed
