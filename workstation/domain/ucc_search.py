"""UCC standard search logic (IACA Model Administrative Rules 503; domain.md 2.6).

Organisation names go through ``organisation_key``; a search returns exactly the records whose
stored key equals the searched name's key ("human judgment does not play a role"):

1. case is ignored, accents dropped (names_normalise.fold: "Café" -> "CAFE");
2. "&" becomes "AND" (Texas 1 TAC 95.503(1)(C));
3. everything but 0-9 and A-Z is punctuation: "." and "'" are deleted ("L.L.C." -> "LLC",
   "O'Brien" -> "OBRIEN"), any other character separates words (so "Acme,Inc." still ends in
   the word "INC"); letters of other scripts are punctuation too, as the rule says;
4. ending noise words are removed from the end, repeatedly when the profile says so ("ACME CO
   INC" -> "ACME"), never the last word other than a leading "THE" ("The Company" -> "COMPANY",
   "Company Inc" -> "COMPANY");
5. a leading "THE" is dropped, unless it is the only word;
6. all spaces are removed.

Individual names are matched field by field (``individual_matches``): the last name exactly
(after steps 1-3 and 6), the first and middle names by the initial rule.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from workstation.domain.names_normalise import fold

_DELETED = re.compile(r"['.]")
_ALNUM = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class SearchRules:
    """The ``[search]`` table of a profile's ucc.toml."""

    ampersand: str
    leading_words: tuple[tuple[str, ...], ...]
    noise_words: tuple[tuple[str, ...], ...]  # longest first
    noise_repeated: bool
    suffix_ignored: bool

    @classmethod
    def from_table(cls, table: Mapping[str, Any]) -> SearchRules:
        removal = str(table.get("noise_removal", "repeated"))
        if removal not in ("repeated", "once"):
            raise ValueError(f"search.noise_removal {removal!r}: 'repeated' or 'once'")
        noise = {tuple(_words(str(w))) for w in table["noise_words"]}
        return cls(
            ampersand=str(table.get("ampersand", "AND")).casefold(),
            leading_words=tuple(tuple(_words(str(w))) for w in table.get("leading_words", ())),
            noise_words=tuple(sorted(noise, key=lambda p: (-len(p), p))),
            noise_repeated=removal == "repeated",
            suffix_ignored=bool(table.get("suffix_ignored", True)),
        )


def _words(text: str, ampersand: str = "and") -> list[str]:
    folded = fold(text).replace("&", f" {ampersand} ")
    return _ALNUM.findall(_DELETED.sub("", folded))


def organisation_key(name: str, rules: SearchRules) -> str:
    """The standard-search key of an organisation name: upper case, A-Z and 0-9 only."""
    words = _words(name, rules.ampersand)
    lead = next((len(p) for p in rules.leading_words if tuple(words[:len(p)]) == p), 0)
    stripping = True
    while stripping:  # leave at least one word besides a leading "THE": "The Company"
        stripping = False
        for phrase in rules.noise_words:
            if len(words) - lead > len(phrase) and tuple(words[-len(phrase):]) == phrase:
                words = words[:-len(phrase)]
                stripping = rules.noise_repeated
                break
    if len(words) > lead:
        words = words[lead:]
    return "".join(words).upper()


@dataclass(frozen=True)
class IndividualName:
    """An individual debtor's name in the designated fields, as filed or as searched."""

    last: str
    first: str = ""
    middle: str = ""
    suffix: str = ""


def name_part(text: str) -> str:
    """One name field for comparison: A-Z and 0-9 only, no spaces ("Van Buren" -> "VANBUREN")."""
    return "".join(_words(text)).upper()


def _initial_match(query: str, candidate: str) -> bool:
    """An initial is the equivalent of every name that begins with it, on either side."""
    if len(query) == 1 or len(candidate) == 1:
        return bool(query) and bool(candidate) and query[0] == candidate[0]
    return query == candidate


def individual_matches(query: IndividualName, candidate: IndividualName, rules: SearchRules
                       ) -> bool:
    """Whether a standard search for ``query`` finds the individual debtor ``candidate``.

    "John A. Smith" finds last name SMITH with first name JOHN or J and a middle name A or
    starting with A; "John Smith" (no middle) finds every middle name, and none. The last name
    must match exactly. Fields are used as submitted, so an empty first name finds only an empty
    first name (OAC 111-11-61). The suffix counts only when the profile says so.
    """
    if name_part(query.last) != name_part(candidate.last):
        return False
    first_q, first_c = name_part(query.first), name_part(candidate.first)
    if (first_q or first_c) and not _initial_match(first_q, first_c):
        return False
    middle_q = name_part(query.middle)
    if middle_q and not _initial_match(middle_q, name_part(candidate.middle)):
        return False
    return rules.suffix_ignored or name_part(query.suffix) == name_part(candidate.suffix)
