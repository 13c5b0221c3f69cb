"""Keeping card numbers out (PCI DSS 3.3.1, 3.4.1; teller.md 5): the only card data the program
takes is a brand, the last 4 digits, an authorization code and the terminal's reference. Any free
text a clerk types (a payer, a note, a reference) is refused when it holds what looks like a card
number: 13 to 19 digits, spaces or dashes allowed between them, passing the Luhn check.
"""

from __future__ import annotations

import re

_RUN = re.compile(r"(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)")
LAST4 = re.compile(r"[0-9]{4}")


def luhn_ok(digits: str) -> bool:
    total = 0
    for n, ch in enumerate(reversed(digits)):
        value = ord(ch) - 48
        if n % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def holds_card_number(text: str) -> bool:
    """Whether ``text`` holds a run of 13-19 digits that passes the Luhn check."""
    for match in _RUN.finditer(text):
        digits = re.sub(r"[ -]", "", match.group())
        if 13 <= len(digits) <= 19 and luhn_ok(digits):
            return True
    return False
