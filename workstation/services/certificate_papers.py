"""A certificate's snapshot (what it states, kept as canonical JSON when it is issued) and the
sheet drawn from it. The snapshot holds every string the page prints, not only the entity's
facts: a reprint years later, after the Secretary or the wording has changed, prints exactly what
the original did, and a verification shows exactly that."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from workstation.domain.audit_chain import canonical_json
from workstation.domain.certificate_rules import CertificateRules, Product
from workstation.domain.certificate_text import compose, label_of
from workstation.errors import UserError
from workstation.printing.certificate_data import CertificateSheet, SheetItem
from workstation.services.certificate_dto import CertificateFact

SNAPSHOT_VERSION = 1


def snapshot_of(rules: CertificateRules, product: Product, facts: Mapping[str, str]
                ) -> dict[str, Any]:
    """The snapshot of ``product`` stating ``facts``; UserError (field "entity") naming what the
    record lacks when the text would need a fact there is none of."""
    made = compose(product, facts)
    if made.missing:
        lacking = ", ".join(label_of(f).lower() for f in made.missing)
        raise UserError(f"The record lacks what the certificate must state: {lacking}. "
                        "Correct the record first.", field="entity", code="missing_facts")
    used = set(product.fields())
    return {
        "version": SNAPSHOT_VERSION, "kind": product.kind, "title": made.title,
        "subtitle": made.subtitle, "heading": [rules.office.name, rules.office.division],
        "body": made.body, "rows": [list(r) for r in made.rows],
        "items": [list(i) for i in made.items], "closing": made.closing,
        "officer": [facts["officer.name"], facts["officer.title"]],
        "seal": rules.office.seal_text, "verify_note": rules.office.verify_note,
        # Every fact the page states: the text's fields and the number and code at its foot.
        "facts": {k: v for k, v in facts.items()
                  if k in used or k in ("certificate.number", "certificate.code")},
    }


def serialise(snapshot: Mapping[str, Any]) -> tuple[str, str]:
    """The snapshot's one spelling (canonical JSON) and its SHA-256."""
    text = canonical_json(dict(snapshot))
    return text, sha256_hex(text.encode("utf-8"))


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load(text: str) -> dict[str, Any]:
    found = json.loads(text)
    if not isinstance(found, dict) or found.get("version") != SNAPSHOT_VERSION:
        raise ValueError("not a certificate snapshot of a known version")
    return found


def facts_of(snapshot: Mapping[str, Any]) -> tuple[CertificateFact, ...]:
    """The facts stated, the facts table's first (with its own labels), then the rest."""
    stated: Mapping[str, str] = snapshot["facts"]
    rows = [(label, field) for label, field in snapshot["rows"]]
    shown = {field for _, field in rows}
    out = [CertificateFact(field, label, stated[field]) for label, field in rows]
    out += [CertificateFact(f, label_of(f), v) for f, v in sorted(stated.items())
            if f not in shown]
    return tuple(out)


def rows_of(snapshot: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple((label, field) for label, field in snapshot["rows"])


def sheet_of(snapshot: Mapping[str, Any], reprint: str = "") -> CertificateSheet:
    """The page the snapshot describes (``reprint``: the REPRINT line, empty on the release)."""
    stated: Mapping[str, str] = snapshot["facts"]
    name, title = snapshot["officer"]
    return CertificateSheet(
        heading=tuple(snapshot["heading"]), title=snapshot["title"],
        subtitle=snapshot["subtitle"], body=snapshot["body"],
        facts=tuple((label, stated[field]) for label, field in snapshot["rows"]),
        closing=snapshot["closing"], officer_name=name, officer_title=title,
        seal_text=snapshot["seal"], number=stated["certificate.number"],
        code=stated["certificate.code"], verify_note=snapshot["verify_note"],
        items=tuple(SheetItem(n, label, text, heading)
                    for n, heading, label, text in snapshot["items"]),
        reprint=reprint)


def reprint_line(printed: str, by: str, released: str) -> str:
    """What a reprint says at its top: when and by whom, and when the original was released."""
    return f"printed again {printed} by {by}; first released {released}"
