"""Character folding and the small stemmer behind the name rules (domain.md 3.2: N1, N7, N8).

``fold`` is rule N1 (case, accents, width, look-alike letters) and is shared with the UCC search
key. ``singular`` and ``base_tense`` are rules N7 and N8: a conservative suffix stripper, a subset
of Porter's steps 1a and 1b (the plural and the -ed/-ing steps; namex uses the full Porter
stemmer, domain.md 3.2 N8). It only has to put two forms of one word on the same stem; the stem
need not be a word ("consulting", "consulted" -> "consult"; "making", "make" -> "make").

Known limits, chosen so that different words are not merged (a false conflict costs a customer
their name) rather than so that every form of a word is caught:

- only ASCII words of three or more letters are stemmed; numbers and other scripts never are;
- "-s" is not stripped from words of three letters ("its", "gas", "bus") or from words ending in
  "ss", "us" or "is" ("business", "status", "analysis"); "-es" is stripped only after x, z, ch, sh
  ("boxes", "churches"), so "buses" -> "buse" does not meet "bus";
- "-ed"/"-ing" are stripped only when at least three letters with a vowel remain ("king", "used",
  "red" stay whole); Porter's final-e step is left out on purpose (it makes "Sunshine" differ
  from "Sun Shine"), so "managing" ("manag") does not meet "manage";
- irregular plurals ("men", "children") come only from the profile's table; irregular past
  tenses ("built", "made") are not folded;
- words in the profile's never-stem list ("news", "series") are left alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping

APOSTROPHE = "'"
# Apostrophe look-alikes typed or pasted into names: right/left quote, modifier letters, grave,
# acute, prime. (The full-width apostrophe becomes "'" under NFKC.)
_APOSTROPHES = frozenset("\u2019\u2018\u02bc\u02bb\u0060\u00b4\u2032\u201b")
# Latin letters that NFKD does not decompose into a base letter and an accent.
_LETTERS = {
    "æ": "ae", "ø": "o", "œ": "oe", "ð": "d", "þ": "th", "ł": "l", "đ": "d", "ħ": "h",
    "ı": "i", "ŀ": "l", "ŧ": "t", "ƒ": "f", "ŋ": "n",
}
# Cyrillic and Greek letters that look like Latin ones once case-folded. Mapped only in names that
# also contain Latin letters: a mixed-script "Аcme" (Cyrillic А) is a spoof of "Acme", while a
# name written wholly in Cyrillic or Greek is left in its own script.
_LOOKALIKES = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
    "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l", "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k",
    "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
}


_ASCII = {**dict.fromkeys((*range(32), 127), " "), ord("`"): APOSTROPHE}  # fold's fast path


def fold(text: str) -> str:
    """``text`` in lower case with accents, compatibility forms and look-alikes folded (N1).

    NFKC first (full-width "ＡＢＣ" -> "abc", ligatures, superscripts), then case-folding ("ß" ->
    "ss"), then accents dropped (NFKD, combining marks removed). Digits of any script become ASCII
    digits; apostrophe look-alikes become "'"; invisible format characters (zero-width joiners,
    soft hyphens, direction marks) are deleted; control characters, private-use and unassigned
    code points and every kind of space become a plain space. Never raises.
    """
    if text.isascii():
        return text.lower().translate(_ASCII)
    # lower() after casefold(): Cherokee case-folds to its capitals
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold().lower())
    latin = any("a" <= ch <= "z" for ch in text)
    out: list[str] = []
    for ch in text:
        category = unicodedata.category(ch)
        if category in ("Mn", "Me", "Cf"):
            continue
        if category[0] in "CZ":
            out.append(" ")
        elif ch in _APOSTROPHES:
            out.append(APOSTROPHE)
        elif ch.isdecimal():
            out.append(str(unicodedata.decimal(ch, 0)))
        elif ch in _LETTERS:
            out.append(_LETTERS[ch])
        elif latin and ch in _LOOKALIKES:
            out.append(_LOOKALIKES[ch])
        else:
            out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------- stemmer (Porter 1a/1b subset)


def _consonant(word: str, i: int) -> bool:
    ch = word[i]
    if ch in "aeiou":
        return False
    if ch == "y":
        return i == 0 or not _consonant(word, i - 1)
    return True


def _measure(stem: str) -> int:
    """Porter's m: the number of vowel-consonant sequences in ``stem``."""
    m, previous_vowel = 0, False
    for i in range(len(stem)):
        consonant = _consonant(stem, i)
        if consonant and previous_vowel:
            m += 1
        previous_vowel = not consonant
    return m


def _has_vowel(stem: str) -> bool:
    return any(not _consonant(stem, i) for i in range(len(stem)))


def _cvc(stem: str) -> bool:
    """Ends consonant-vowel-consonant, the last not w, x or y ("hop", "mak")."""
    n = len(stem)
    return (n >= 3 and _consonant(stem, n - 3) and not _consonant(stem, n - 2)
            and _consonant(stem, n - 1) and stem[-1] not in "wxy")


def _stemmable(word: str, never: Collection[str]) -> bool:
    return len(word) >= 3 and word.isascii() and word.isalpha() and word not in never


def singular(word: str, never: Collection[str] = (), irregular: Mapping[str, str] | None = None
             ) -> str:
    """``word`` with a plural ending removed (N7): "brothers" -> "brother", "companies" ->
    "company", "boxes" -> "box", "glasses" -> "glass". Possessives arrive here as plain "-s"
    because the apostrophe step ran first ("smith's" -> "smiths" -> "smith")."""
    irregular = irregular or {}
    if word in irregular:
        return irregular[word]
    if not _stemmable(word, never) or len(word) < 4 or not word.endswith("s"):
        return word
    if word[:-1] in irregular:  # "men's" -> "mens" -> "man"
        return irregular[word[:-1]]
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ss", "us", "is")):
        return word
    if word.endswith(("xes", "zes", "ches", "shes")):
        return word[:-2]
    return word[:-1]


def base_tense(word: str, never: Collection[str] = ()) -> str:
    """``word`` with an -ed or -ing ending removed (N8): "consulting", "consulted" ->
    "consult"; "planned" -> "plan"; "making" -> "make"; "agreed" -> "agree". Porter's step 1b
    with one addition: at least three letters must remain."""
    if not _stemmable(word, never):
        return word
    if word.endswith("eed"):
        return word[:-1] if _measure(word[:-3]) > 0 else word
    for suffix in ("ing", "ed"):
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 3 and _has_vowel(stem):
            return _tidy(stem)
    return word


def _tidy(stem: str) -> str:
    if stem.endswith(("at", "bl", "iz")):
        return stem + "e"  # related -> relate, troubled -> trouble
    if len(stem) >= 2 and stem[-1] == stem[-2] and _consonant(stem, len(stem) - 1) \
            and stem[-1] not in "lsz":
        return stem[:-1]  # planned -> plan, shipping -> ship (but filling -> fill)
    if _measure(stem) == 1 and _cvc(stem):
        return stem + "e"  # making -> make, hoped -> hope
    return stem


# ---------------------------------------------------------------- words (N2, N3, N13)

WORD = re.compile(r"[^\W_]+")
_ACRONYM = re.compile(r"\b[a-z](?:\.[a-z])+\b(?:\.(?![a-z0-9]))?")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def split_words(folded: str) -> list[str]:
    """Folded text -> words (N2, N3): dotted initials closed up ("l.l.c." -> "llc"), commas
    inside numbers dropped ("1,000" -> "1000"), anything not a letter or digit separates."""
    closed = _ACRONYM.sub(lambda m: m.group(0).replace(".", ""), folded)
    return WORD.findall(_THOUSANDS.sub("", closed))


def join_letters(words: list[str], fired: list[tuple[str, str]] | None = None) -> list[str]:
    """Runs of two or more single letters joined into one word (N13): "a b c" -> "abc"."""
    out: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if len(word) == 1 and word.isalpha():
            run.append(word)
            continue
        if len(run) > 1:
            if fired is not None:
                fired.append(("N13", f"'{' '.join(run)}' -> '{''.join(run)}'"))
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        if word:
            out.append(word)
    return out
