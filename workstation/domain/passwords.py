"""Password rules of NIST SP 800-63B (rev. 4): length over composition.

* at least ``min_length`` characters (15 for a password used alone), at most 64 are always accepted
  (we accept up to 256 and never truncate);
* every printable character, spaces and Unicode allowed; compared after NFKC normalisation;
* checked against a blocklist of commonly used and compromised passwords, and against words of
  the account itself (username, the program's name);
* no composition rules, no forced rotation, no hints.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection

MAX_LENGTH = 256


def normalise(password: str) -> str:
    """NFKC form: what is hashed, so a passphrase typed on another keyboard still matches."""
    return unicodedata.normalize("NFKC", password)


def _comparable(text: str) -> str:
    return "".join(ch for ch in normalise(text).casefold() if ch.isalnum())


def problems(
    password: str,
    *,
    min_length: int,
    blocklist: Collection[str],
    context_words: Collection[str] = (),
) -> list[str]:
    """Every reason the password cannot be used (empty when it is acceptable)."""
    found: list[str] = []
    value = normalise(password)
    if len(value) < min_length:
        found.append(
            f"Use at least {min_length} characters; a passphrase of a few words is easiest."
        )
    if len(value) > MAX_LENGTH:
        found.append(f"Use at most {MAX_LENGTH} characters.")
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        found.append("Control characters cannot be part of a password.")
    key = _comparable(value)
    # "Password2024!!!" is "password" with decorations: strip digits at the ends before looking.
    core = key.strip("0123456789")
    if key and (key in blocklist or core in blocklist or _is_repetitive(key)):
        found.append("This password is too common or too easy to guess; choose another.")
    words = [_comparable(w) for w in context_words if len(_comparable(w)) >= 3]
    if any(w in key for w in words) and len(key) - max(map(len, words), default=0) < 8:
        found.append("The password may not be built from the user name or the program's name.")
    return found


def _is_repetitive(key: str) -> bool:
    """One character repeated, or a run like 'abcdef...' / '123456...'."""
    if len(set(key)) <= 2:
        return True
    runs = ("0123456789" * 30, "abcdefghijklmnopqrstuvwxyz" * 10)
    return any(key in run or key[::-1] in run for run in runs)


def load_blocklist(lines: Collection[str]) -> frozenset[str]:
    """The blocklist as comparable keys; lines starting with '#' are comments."""
    return frozenset(
        _comparable(line) for line in lines if line.strip() and not line.startswith("#")
    )
