"""A profile's name rules as data: ``resources/profiles/<state>/names.toml`` (domain.md 3, 8.7).

Word lists (designators per entity type, articles, conjunctions, symbols, internet domains,
contractions, abbreviations, stemming exceptions), the rule titles and their statutes, and the
state toggles (numbers distinguish; which statuses are compared; how long a hold protects). Every
list in the file carries its source. Phrases in the data are normalised here the way names are
("L.L.C." -> "llc"), so the data can be written the way the statute writes it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from workstation.domain.names_normalise import fold, join_letters, split_words

RULE_IDS = tuple(f"N{i}" for i in range(1, 14))


class NameRulesError(ValueError):
    """The name-rules data is malformed; the message names the table and the field."""


class Position(StrEnum):
    END = "END"  # the designator must end the name
    ANY = "ANY"  # the name must contain it somewhere


@dataclass(frozen=True)
class DesignatorSet:
    """The words a name of one kind of entity must carry (ORC 1701.05(A), 1706.07(A) ...)."""

    name: str
    label: str  # "a limited liability company"
    words: tuple[str, ...]  # as the statute writes them, for messages
    phrases: tuple[tuple[str, ...], ...]  # the same, as words
    position: Position
    citation: str  # for the clerk: "ORC 1706.07(A)"
    source: str  # where the list comes from, for the lead
    verified: bool


@dataclass(frozen=True)
class EntityNameRule:
    designators: str  # a DesignatorSet name
    protected: bool  # its name blocks others (a fictitious name does not)
    must_be_distinguishable: bool  # its name is checked against others


@dataclass(frozen=True)
class RuleText:
    title: str
    basis: str


@dataclass(frozen=True)
class NameRules:
    """One profile's name rules, read from TOML text by ``from_toml``."""

    profile: str
    rule_text: Mapping[str, RuleText]
    designator_sets: Mapping[str, DesignatorSet]
    entity_types: Mapping[str, EntityNameRule]
    designators_anywhere: tuple[tuple[str, ...], ...]  # longest first
    designators_at_end: tuple[tuple[str, ...], ...]  # longest first, includes the anywhere list
    articles: frozenset[str]
    conjunctions: frozenset[str]
    symbols: Mapping[str, str]
    domain_pattern: re.Pattern[str] | None
    contractions: tuple[tuple[re.Pattern[str], str, str], ...]  # (pattern, as written, word)
    abbreviations: Mapping[str, tuple[str, ...]]
    never_stem: frozenset[str]
    irregular_plurals: Mapping[str, str]
    numbers_distinguish: bool
    compared_statuses: frozenset[str]
    hold_statuses: frozenset[str]  # compared only within hold_period_days of the status date
    hold_period_days: int

    @classmethod
    def from_toml(cls, text: str) -> NameRules:
        try:
            return _load(tomllib.loads(text))
        except NameRulesError:
            raise
        except (KeyError, TypeError, ValueError) as exc:
            raise NameRulesError(f"name rules: missing or malformed {exc}") from exc

    @property
    def vocabulary(self) -> frozenset[str]:
        """Every single word some rule removes or rewrites."""
        words = set(self.articles) | set(self.conjunctions) | set(self.abbreviations)
        for phrase in self.designators_at_end:
            words.update(phrase)
        return frozenset(words)


def phrase_words(written: str, symbols: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """A designator or abbreviation as the data writes it ("L.L.C.") -> its words ("llc",)."""
    text = fold(written).replace("'", "")
    for symbol, word in (symbols or {}).items():
        text = text.replace(symbol, f" {word} ")
    return tuple(join_letters(split_words(text)))


def _longest_first(phrases: set[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted(phrases, key=lambda p: (-len(p), p)))


def _designator_sets(data: Mapping[str, Any]) -> dict[str, DesignatorSet]:
    sets = {}
    for name, row in data.items():
        words = tuple(str(w) for w in row.get("words", ()))
        sets[name] = DesignatorSet(
            name, str(row.get("label", name)), words, tuple(phrase_words(w) for w in words),
            Position(row.get("position", "ANY")), str(row.get("citation", "")),
            str(row["source"]), bool(row.get("verified", False)))
    return sets


def _entity_types(data: Mapping[str, Any], sets: Mapping[str, DesignatorSet]
                  ) -> dict[str, EntityNameRule]:
    types = {}
    for code, row in data.items():
        if row["designators"] not in sets:
            raise NameRulesError(f"name rules: entity_type {code!r} names an unknown "
                                 f"designator set {row['designators']!r}")
        types[code] = EntityNameRule(str(row["designators"]), bool(row.get("protected", True)),
                                     bool(row.get("must_be_distinguishable", True)))
    return types


def _domain_pattern(data: Mapping[str, Any]) -> re.Pattern[str] | None:
    suffixes = "|".join(re.escape(fold(s)) for s in data.get("suffixes", ()))
    prefixes = "|".join(re.escape(fold(p)) for p in data.get("prefixes", ()))
    parts = []
    if suffixes:
        parts.append(rf"(?<=[0-9a-z])\.(?:{suffixes})(?![0-9a-z])")
    if prefixes:
        parts.append(rf"(?<![0-9a-z.])(?:{prefixes})\.(?=[0-9a-z])")
    return re.compile("|".join(parts)) if parts else None


def _load(data: Mapping[str, Any]) -> NameRules:
    comparison = data["comparison"]
    rule_text = {rid: RuleText(str(row["title"]), str(row.get("basis", "")))
                 for rid, row in data["rule"].items()}
    missing = set(RULE_IDS) - set(rule_text)
    if missing:
        raise NameRulesError(f"name rules: [rule] has no text for {sorted(missing)}")
    sets = _designator_sets(data["designator_set"])
    anywhere = {phrase_words(w) for w in data["designators"]["anywhere"]}
    at_end = {phrase_words(w) for w in data["designators"]["at_end"]} | anywhere
    for dset in sets.values():
        uncovered = [w for w, p in zip(dset.words, dset.phrases, strict=True) if p not in at_end]
        if uncovered:
            raise NameRulesError(f"name rules: designator set {dset.name!r} has {uncovered}, "
                                 "which [designators] does not ignore (N4)")
    stemming = data["stemming"]
    return NameRules(
        profile=str(data["profile"]["name"]),
        rule_text=rule_text,
        designator_sets=sets,
        entity_types=_entity_types(data["entity_type"], sets),
        designators_anywhere=_longest_first(anywhere),
        designators_at_end=_longest_first(at_end),
        articles=frozenset(fold(w) for w in data["articles"]["words"]),
        conjunctions=frozenset(fold(w) for w in data["conjunctions"]["words"]),
        symbols={fold(k): str(v) for k, v in data["symbols"]["map"].items()},
        domain_pattern=_domain_pattern(data["internet_domains"]),
        contractions=tuple(
            (re.compile(rf"(?<![\w']){re.escape(fold(written))}(?![\w'])"), written, str(word))
            for written, word in data["contractions"].get("map", {}).items()),
        abbreviations={fold(k).replace(".", ""): phrase_words(v)
                       for k, v in data["abbreviations"]["map"].items()},
        never_stem=frozenset(fold(w) for w in stemming.get("never", ())),
        irregular_plurals={fold(k): fold(v) for k, v in stemming.get("irregular", {}).items()},
        numbers_distinguish=bool(comparison["numbers_distinguish"]),
        compared_statuses=frozenset(comparison["compared_statuses"]),
        hold_statuses=frozenset(comparison.get("hold_statuses", ())),
        hold_period_days=int(comparison.get("hold_period_days", 0)),
    )
