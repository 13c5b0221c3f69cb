"""Business-name distinguishability: the comparison key and why two names share it (domain.md 3).

A name is "not distinguishable upon the records" from another when the two differ only in
designators, articles, conjunctions, contractions, abbreviations, punctuation, tense or number
(ORC 1701.05(B), 1702.05(B), 1706.07; CGS 34-243k(d)). ``name_key`` turns a name into the key
that two such names share; the database stores it and looks candidates up by it. Every word list
is profile data (``resources/profiles/<state>/names.toml``); the order of the steps is code:

 1. N1  fold: NFKC, case-fold, accents and look-alike letters (names_normalise.fold)
 2. N6  symbols to words: "&" -> "and"
 3. N10 internet domains removed: "acme.com" -> "acme"
 4. N11 contractions from the table ("'n'" -> "and"), then apostrophes inside a word or after a
        final s deleted: "it's" -> "its", "brothers'" -> "brothers"
 5. N2  punctuation: dotted initials closed up ("l.l.c." -> "llc"), commas inside numbers
        dropped, every other character that is not a letter or digit becomes a space
 6. N3  split into words on runs of spaces
 7. N6  conjunctions dropped
 8. N13 runs of single letters joined: "a b c" -> "abc"
 9. N5  articles dropped (after step 8, so the "A" of "A B C" is a letter, not an article)
10. N4  designators dropped: the "anywhere" list wherever it occurs, then the "at end" list (and
        the anywhere list) repeatedly from the end: "acme co inc" -> "acme"
11. N9  abbreviations replaced by the canonical word: "mfg" -> "manufacturing"
12. N7  plural and possessive to singular; N8 -ed/-ing to the base (names_normalise)
13. N12 numbers kept when the profile says numbers distinguish (Ohio), else dropped
14. N3  the words joined without spaces: "Sun Shine" and "Sunshine" share a key, as in the UCC
        search key (IACA 503). The cost, names that differ only in where a space falls ("Pen
        Island" / "Penis Land"), is the examiner's to judge from the explanation.

Steps 7-13 never remove the last remaining word: "The Limited, Inc." keeps "limited". The key is
not idempotent (re-keying a key can stem further), so it is only ever computed from a name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from workstation.domain.names_normalise import (
    WORD,
    base_tense,
    fold,
    join_letters,
    singular,
    split_words,
)
from workstation.domain.names_rules import RULE_IDS, NameRules, NameRulesError, RuleText

_APOSTROPHE_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)+'?|[^\W_]*s'(?![^\W_])")
_PUNCTUATION = re.compile(r"[^\w\s]|_")

__all__ = [
    "NameRules", "NameRulesError", "Trace", "designator_words", "explain", "name_key",
    "normalise",
]


@dataclass(frozen=True)
class Trace:
    """What the pipeline did to one name: the key, and each rule that changed something."""

    key: str
    words: tuple[str, ...]
    fired: tuple[tuple[str, str], ...]  # (rule id, what it did), in pipeline order
    punctuation: tuple[str, ...]  # the characters step 5 ignored, sorted (N2)


def name_key(name: str, rules: NameRules) -> str:
    """The distinguishability key of ``name``: "" for a name with no letters or digits."""
    return normalise(name, rules).key


def normalise(name: str, rules: NameRules) -> Trace:
    """Run the pipeline in the module docstring over ``name``, recording what each rule did."""
    fired: list[tuple[str, str]] = []
    text = _prepare(name, rules, fired)
    punctuation = tuple(sorted(_PUNCTUATION.findall(text)))
    words = _drop(split_words(text), rules.conjunctions, "N6", fired)
    words = join_letters(words, fired)
    words = _drop(words, rules.articles, "N5", fired)
    words = _strip_designators(words, rules, fired)
    words = _expand(words, rules, fired)
    words = _stem(words, rules, fired)
    if not rules.numbers_distinguish:
        words = _drop(words, frozenset(w for w in words if w.isdigit()), "N12", fired)
    key = "".join(words)
    if len(words) > 1:
        fired.append(("N3", f"'{' '.join(words)}' -> '{key}'"))
    return Trace(key, tuple(words), tuple(fired), punctuation)


def explain(name_a: str, name_b: str, rules: NameRules) -> list[str]:
    """Why ``name_a`` and ``name_b`` are not distinguishable: one line per rule that treated
    them differently, in rule order, each with the statute. [] when the keys differ (the names
    are distinguishable) or the names are identical."""
    a, b = normalise(name_a, rules), normalise(name_b, rules)
    if a.key != b.key or name_a == name_b:
        return []
    lines = []
    first_a, first_b = _surfaces(name_a), _surfaces(name_b)
    cased = [(first_a[w], first_b[w]) for w in first_a if w in first_b and first_a[w] != first_b[w]]
    if cased:
        lines.append(_line(rules, "N1", [f"'{x}'" for x, _ in cased], [f"'{y}'" for _, y in cased]))
    lines += _differences(rules, "N2", Counter(a.punctuation), Counter(b.punctuation))
    for rule in RULE_IDS[2:]:
        lines += _differences(rules, rule, Counter(d for r, d in a.fired if r == rule),
                              Counter(d for r, d in b.fired if r == rule))
    if not lines:  # only spacing or invisible characters differ
        lines.append(_line(rules, "N3", ["spacing or invisible characters"], []))
    return sorted(lines, key=lambda line: int(line.split()[0][1:]))


def designator_words(name: str, rules: NameRules) -> list[str]:
    """``name`` as words after steps 1-6 and 8: what a required designator is looked for in."""
    return join_letters(split_words(_prepare(name, rules, [])))


# ---------------------------------------------------------------- pipeline steps


def _prepare(name: str, rules: NameRules, fired: list[tuple[str, str]]) -> str:
    text = fold(name)
    for symbol, word in rules.symbols.items():
        if symbol in text:
            fired.append(("N6", f"'{symbol}' = '{word}'"))
            text = text.replace(symbol, f" {word} ")
    if rules.domain_pattern is not None:
        for found in rules.domain_pattern.findall(text):
            fired.append(("N10", f"'{found}'"))
        text = rules.domain_pattern.sub("", text)
    for pattern, written, word in rules.contractions:
        if pattern.search(text):
            fired.append(("N11", f"'{written}' = '{word}'"))
            text = pattern.sub(f" {word} ", text)
    return _APOSTROPHE_WORD.sub(lambda m: _unapostrophe(m, fired), text)


def _unapostrophe(match: re.Match[str], fired: list[tuple[str, str]]) -> str:
    plain = match.group(0).replace("'", "")
    fired.append(("N11", f"'{match.group(0)}' -> '{plain}'"))
    return plain


def _drop(words: list[str], drop: frozenset[str], rule: str, fired: list[tuple[str, str]]
          ) -> list[str]:
    kept = [w for w in words if w not in drop]
    if len(kept) == len(words):
        return kept
    if not kept:
        kept = words[-1:]  # never the last word: "The A" keeps "a"
    removed = Counter(words) - Counter(kept)
    fired.extend((rule, f"'{w}'") for w in removed.elements())
    return kept


def _match(words: Sequence[str], at: int, phrases: Sequence[tuple[str, ...]]) -> int:
    for phrase in phrases:
        if phrase[0] == words[at] and tuple(words[at:at + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def _strip_designators(words: list[str], rules: NameRules, fired: list[tuple[str, str]]
                       ) -> list[str]:
    out: list[str] = []
    removed: list[str] = []
    i = 0
    while i < len(words):
        n = _match(words, i, rules.designators_anywhere)
        if n:
            removed.append(" ".join(words[i:i + n]))
            i += n
        else:
            out.append(words[i])
            i += 1
    if not out:
        out, removed = list(words), []
    stripping = True
    while stripping:
        stripping = False
        for phrase in rules.designators_at_end:
            if len(out) > len(phrase) and phrase[-1] == out[-1] \
                    and tuple(out[-len(phrase):]) == phrase:
                removed.append(" ".join(phrase))
                out = out[:-len(phrase)]
                stripping = True
                break
    fired.extend(("N4", f"'{r}'") for r in removed)
    return out


def _expand(words: list[str], rules: NameRules, fired: list[tuple[str, str]]) -> list[str]:
    out: list[str] = []
    for word in words:
        full = rules.abbreviations.get(word)
        if full is None:
            out.append(word)
        else:
            fired.append(("N9", f"'{word}' = '{' '.join(full)}'"))
            out.extend(full)
    return out


def _stem(words: list[str], rules: NameRules, fired: list[tuple[str, str]]) -> list[str]:
    out = []
    for word in words:
        one = singular(word, rules.never_stem, rules.irregular_plurals)
        if one != word:
            fired.append(("N7", f"'{word}' -> '{one}'"))
        base = base_tense(one, rules.never_stem)
        if base != one:
            fired.append(("N8", f"'{one}' -> '{base}'"))
        out.append(base)
    return out


def _surfaces(name: str) -> dict[str, str]:
    """Folded word -> the word as typed, letters and digits only (for N1)."""
    out = {}
    for typed in name.split():
        folded = "".join(WORD.findall(fold(typed)))
        if folded:
            out[folded] = "".join(ch for ch in typed if ch.isalnum())
    return out


def _differences(rules: NameRules, rule: str, a: Counter[str], b: Counter[str]) -> list[str]:
    only_a, only_b = list((a - b).elements()), list((b - a).elements())
    if not only_a and not only_b:
        return []
    if rule == "N2":  # each character once: "'.'", not "'.', '.', '.'"
        only_a = [f"'{c}'" for c in sorted(set(only_a))]
        only_b = [f"'{c}'" for c in sorted(set(only_b))]
    return [_line(rules, rule, only_a, only_b)]


def _line(rules: NameRules, rule: str, a: list[str], b: list[str]) -> str:
    text = rules.rule_text.get(rule, RuleText(rule, ""))
    what = ", ".join(a) + (" vs " if a and b else "") + ", ".join(b)
    basis = f" ({text.basis})" if text.basis else ""
    return f"{rule} {text.title}: {what}{basis}"


