"""Money is a whole number of cents (DESIGN.md section 3). Never a float.

``parse_cents`` is what every money field of the program goes through: it accepts what a clerk
types ("1,234.50", "$12", ".5", "-3.25" when negatives are allowed) and refuses with a message
anything else, including exponents, NaN, infinities and more than two decimals.
"""

from __future__ import annotations

import re

_AMOUNT = re.compile(
    r"""^\s*(?P<sign>-)?\s*\$?\s*
    (?P<whole>\d{1,3}(?:,\d{3})+|\d+)?
    (?:\.(?P<frac>\d{0,2}))?\s*$""",
    re.VERBOSE | re.ASCII,  # ASCII: no full-width or other-script digits
)
MAX_CENTS = 99_999_999_999  # a billion dollars: well past any fee, short of int64 trouble


class MoneyFormatError(ValueError):
    """The text is not an amount of money; the message says why, for the field."""


def parse_cents(text: str, *, allow_negative: bool = False) -> int:
    """Cents in ``text``; raises MoneyFormatError with a clerk-readable reason."""
    match = _AMOUNT.match(text)
    if not match or (match["whole"] is None and not match["frac"]):
        if re.search(r"\.\d{3,}\s*$", text):
            raise MoneyFormatError("Use at most two digits after the decimal point.")
        raise MoneyFormatError("Type an amount such as 125.00 (digits, one decimal point).")
    whole = int((match["whole"] or "0").replace(",", ""))
    frac = (match["frac"] or "").ljust(2, "0")
    cents = whole * 100 + int(frac)
    if match["sign"]:
        if not allow_negative:
            raise MoneyFormatError("The amount cannot be negative here.")
        cents = -cents
    if abs(cents) > MAX_CENTS:
        raise MoneyFormatError("The amount is too large.")
    return cents


def format_cents(cents: int, *, symbol: str = "$") -> str:
    """``-123456`` -> ``-$1,234.56``."""
    sign = "-" if cents < 0 else ""
    dollars, rest = divmod(abs(cents), 100)
    return f"{sign}{symbol}{dollars:,}.{rest:02d}"
