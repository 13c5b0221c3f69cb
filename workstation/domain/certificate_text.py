"""A certificate's text made from its product (``certificate_rules``) and its facts, and the
comparison a verification makes between what a certificate stated and what someone says it
stated.

``compose`` renders every part of a product with the facts (``templates.render``: a fact goes
in verbatim, never read again as template text). A certificate must never print a placeholder,
so ``Composed.missing`` lists every field with no fact and the service refuses to issue.

``same_fact`` is forgiving about how a fact is typed, not about what it says: case, accents'
composition and runs of spaces are ignored, and a date matches in any of the forms people write
("2019-03-04", "March 4, 2019", "3/4/2019"); a different word or digit is a difference.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from workstation.domain.certificate_rules import FIELD_LABELS, Product
from workstation.domain.templates import render

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_LONG = re.compile(r"^([a-z]+)\s+(\d{1,2}),?\s+(\d{4})$")
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@dataclass(frozen=True)
class Composed:
    title: str
    subtitle: str
    body: str
    rows: tuple[tuple[str, str], ...]  # (label, field): the facts table
    items: tuple[tuple[int, str, str, str], ...]  # (number, heading, label, text): an apostille
    closing: str
    missing: tuple[str, ...]  # fields the certificate needs and the facts lack


def compose(product: Product, facts: Mapping[str, str]) -> Composed:
    """Every part of ``product`` rendered with ``facts`` (field -> printed value)."""
    parts = [render(t, facts) for t in (product.title, product.subtitle, product.body,
                                        product.closing)]
    items = [(n, item.heading, item.label, render(item.text, facts))
             for n, item in enumerate(product.items, 1)]
    missing = [f for part in parts for f in part.missing]
    missing += [f for *_, done in items for f in done.missing]
    missing += [row.field for row in product.rows if not facts.get(row.field, "").strip()]
    title, subtitle, body, closing = (part.text for part in parts)
    return Composed(title, subtitle, body, tuple((r.label, r.field) for r in product.rows),
                    tuple((n, h, label, done.text) for n, h, label, done in items), closing,
                    tuple(dict.fromkeys(missing)))


def label_of(field: str) -> str:
    return FIELD_LABELS.get(field, field)


def field_named(name: str, rows: tuple[tuple[str, str], ...] = ()) -> str:
    """The field a person means by ``name``: a field ("entity.name"), a label printed on the
    certificate ("Charter number") or a general label ("Entity name"); else ``name`` itself."""
    wanted = _norm(name)
    for label, field in rows:
        if _norm(label) == wanted or field == name.strip():
            return field
    for field, label in FIELD_LABELS.items():
        if wanted in (_norm(field), _norm(label)):
            return field
    return name.strip()


def differences(stated: Mapping[str, str], given: Mapping[str, str],
                rows: tuple[tuple[str, str], ...] = ()) -> tuple[str, ...]:
    """Each fact in ``given`` that the certificate did not state as given, in words."""
    found: list[str] = []
    for name, value in given.items():
        field = field_named(name, rows)
        if field not in stated:
            found.append(f"{name.strip()}: the certificate states no such fact")
        elif not same_fact(stated[field], value):
            found.append(f"{label_of(field)}: the certificate states {stated[field]!r}, "
                         f"not {value.strip()!r}")
    return tuple(found)


def same_fact(stated: str, given: str) -> bool:
    if _norm(stated) == _norm(given):
        return True
    day = as_date(stated)
    return day is not None and day == as_date(given)


def as_date(text: str) -> date | None:
    """A date written as 2019-03-04, March 4, 2019 or 3/4/2019 (US order); else None."""
    value = _norm(text)
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        pass
    try:
        if found := _LONG.match(value):
            month = _MONTHS.index(found.group(1)) + 1
            return date(int(found.group(3)), month, int(found.group(2)))
        if found := _US.match(value):
            return date(int(found.group(3)), int(found.group(1)), int(found.group(2)))
    except ValueError:  # an unknown month name, or a day the month does not have
        return None
    return None


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())
