"""The office's certificates as data: ``resources/profiles/<state>/certificates.toml``.

What the office decides and a lead can read: who certifies (the Secretary's name and title, with
a source), the office's heading, place of issue and seal text, and per product (good standing,
status, certified copy, apostille, authentication, minister licence) its title, the fee code the
teller collects, the certifying text with merge fields (``{entity.name}``, rendered by
``templates.render``), the facts table printed under it and the closing line. An apostille's
text is the Convention's ten numbered items instead of a paragraph.

Every merge field a product uses must be one its kind can fill (``KIND_FIELDS``), so a typo is an
error at start-up naming the file, the product and the field, not a ``[entity.nmae?]`` on a
certificate. A certificate of status may not name ``entity.standing``: like BC's
certificateOfStatus it states the status and makes no standing statement (domain.md 4.1).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final

from workstation.domain.profile_data import ProfileDataError, flag, read_toml, text
from workstation.domain.templates import TemplateSyntaxError, fields_in

FILE = "certificates.toml"
KINDS: Final = ("good_standing", "status", "certified_copy", "apostille", "authentication",
                "minister_licence")
REQUIRED_KINDS: Final = ("good_standing", "status")  # the services of issue 8 issue these
APOSTILLE_ITEMS: Final = 10  # the model certificate annexed to the 1961 Convention

# Every fact a certificate may print, with what it is (the verification screen's labels).
FIELD_LABELS: Final[Mapping[str, str]] = MappingProxyType({
    "certificate.title": "Certificate",
    "certificate.number": "Certificate number",
    "certificate.code": "Verification code",
    "certificate.issued_date": "Date of issue",
    "officer.name": "Certifying officer",
    "officer.title": "Officer's title",
    "office.name": "Office",
    "office.place": "Place of issue",
    "entity.name": "Entity name",
    "entity.number": "Entity number",
    "entity.type": "Entity type",
    "entity.formation_date": "Date of formation or registration",
    "entity.status": "Status",
    "entity.status_date": "Status since",
    "entity.standing": "Standing",
    "document.description": "Document",
    "document.number": "Document number",
    "document.pages": "Pages",
    "document.filed_date": "Date filed",
    "official.name": "Signed by",
    "official.title": "Acting in the capacity of",
    "official.jurisdiction": "Seal or stamp of",
    "official.specimen_date": "Signature specimen on file since",
    "destination.country": "Country of use",
    "minister.name": "Minister",
    "minister.religious_body": "Religious society or congregation",
    "minister.address": "Minister's address",
})
_COMMON = frozenset({"certificate.title", "certificate.number", "certificate.code",
                     "certificate.issued_date", "officer.name", "officer.title", "office.name",
                     "office.place"})
_ENTITY = frozenset({"entity.name", "entity.number", "entity.type", "entity.formation_date",
                     "entity.status", "entity.status_date"})
_DOCUMENT = frozenset({"document.description", "document.number", "document.pages",
                       "document.filed_date"})
_OFFICIAL = frozenset({"official.name", "official.title", "official.jurisdiction",
                       "official.specimen_date", "document.description"})
KIND_FIELDS: Final[Mapping[str, frozenset[str]]] = MappingProxyType({
    "good_standing": _COMMON | _ENTITY | {"entity.standing"},
    "status": _COMMON | _ENTITY,
    "certified_copy": _COMMON | _ENTITY | _DOCUMENT,
    "apostille": _COMMON | _OFFICIAL,
    "authentication": _COMMON | _OFFICIAL | {"destination.country"},
    "minister_licence": _COMMON | {"minister.name", "minister.religious_body",
                                   "minister.address"},
})
# What each kind must state somewhere (text, items or facts table), or it certifies nothing.
MUST_STATE: Final[Mapping[str, frozenset[str]]] = MappingProxyType({
    "good_standing": frozenset({"entity.name", "entity.number", "entity.standing"}),
    "status": frozenset({"entity.name", "entity.number", "entity.status"}),
    "certified_copy": frozenset({"document.description"}),
    "apostille": frozenset({"official.name", "official.title"}),
    "authentication": frozenset({"official.name", "destination.country"}),
    "minister_licence": frozenset({"minister.name"}),
})
assert set(FIELD_LABELS) >= set().union(*KIND_FIELDS.values())


class CertificateRulesError(ProfileDataError):
    """``certificates.toml`` is not usable; the message names the table and the key."""


@dataclass(frozen=True)
class Office:
    name: str  # "Ohio Secretary of State"
    division: str  # "Business Services Division"
    place: str  # "Columbus, Ohio": where certificates are issued
    seal_text: str  # around the drawn seal
    verify_note: str  # printed beside the code: how a reader checks the certificate


@dataclass(frozen=True)
class Officer:
    name: str
    title: str
    source: str
    verified: bool


@dataclass(frozen=True)
class Row:
    """A line of the facts table: its printed label and the field it shows."""

    label: str
    field: str


@dataclass(frozen=True)
class Item:
    """A numbered item of an apostille: an optional heading above it, its label, its text."""

    label: str
    text: str
    heading: str = ""


@dataclass(frozen=True)
class Product:
    kind: str
    title: str
    subtitle: str
    fee_code: str
    body: str
    rows: tuple[Row, ...]
    items: tuple[Item, ...]
    closing: str
    source: str
    verified: bool
    # False: never printed twice (a minister licence: a lost one needs a new application).
    reprints: bool = True
    # A certified copy's copies, charged apart from the certification (fees.toml code).
    page_fee_code: str = ""

    def fields(self) -> tuple[str, ...]:
        """Every merge field the product prints, in order of first use."""
        texts = [self.title, self.subtitle, self.body, *(i.text for i in self.items),
                 self.closing]
        used = [f for t in texts for f in fields_in(t)] + [r.field for r in self.rows]
        return tuple(dict.fromkeys(used))


@dataclass(frozen=True)
class CertificateRules:
    office: Office
    officer: Officer
    products: Mapping[str, Product]

    @classmethod
    def from_toml(cls, source: str, fee_codes: Collection[str] | None = None
                  ) -> CertificateRules:
        """Read certificates.toml; ``fee_codes``: the profile's fee codes, each product's must
        be one of them (a typo would leave the teller a charge the schedule cannot price)."""
        return read_toml(source, FILE, CertificateRulesError,
                         lambda doc: _parse(doc, fee_codes))

    def product(self, kind: str) -> Product:
        """The product of ``kind``; KeyError when this office does not issue it."""
        found = self.products.get(kind)
        if found is None:
            raise KeyError(kind)
        return found

    def issues(self, kind: str) -> bool:
        return kind in self.products

    def reprints(self, kind: str) -> bool:
        """Whether a certificate of ``kind`` may be printed again (a REPRINT); a kind the office
        no longer issues keeps the default, yes."""
        found = self.products.get(kind)
        return found is None or found.reprints


_TOP = {"office", "officer", "product"}
_OFFICE_KEYS = {"name", "division", "place", "seal_text", "verify_note"}
_OFFICER_KEYS = {"name", "title", "source", "verified"}
_PRODUCT_KEYS = {"title", "subtitle", "fee_code", "body", "rows", "items", "closing", "source",
                 "verified", "note", "reprints", "page_fee_code"}


def _parse(doc: Mapping[str, Any], fee_codes: Collection[str] | None) -> CertificateRules:
    _only(doc, _TOP, FILE, "table")
    office_t, officer_t = _table(doc, "office", FILE), _table(doc, "officer", FILE)
    _only(office_t, _OFFICE_KEYS, "[office]")
    _only(officer_t, _OFFICER_KEYS, "[officer]")
    office = Office(*(text(office_t, k, "[office]") for k in
                      ("name", "division", "place", "seal_text", "verify_note")))
    officer = Officer(text(officer_t, "name", "[officer]"), text(officer_t, "title", "[officer]"),
                      text(officer_t, "source", "[officer]"),
                      flag(officer_t, "verified", "[officer]"))
    products: dict[str, Product] = {}
    for kind, row in _table(doc, "product", FILE).items():
        if kind not in KINDS:
            raise CertificateRulesError(f"[product.{kind}]: unknown product; known: "
                                        f"{', '.join(KINDS)}")
        if not isinstance(row, dict):
            raise CertificateRulesError(f"[product.{kind}]: must be a table")
        products[kind] = _product(kind, row, fee_codes)
    for kind in REQUIRED_KINDS:
        if kind not in products:
            raise CertificateRulesError(f"{FILE}: [product.{kind}] is required")
    return CertificateRules(office, officer, MappingProxyType(products))


def _product(kind: str, row: Mapping[str, Any], fee_codes: Collection[str] | None) -> Product:
    where = f"[product.{kind}]"
    _only(row, _PRODUCT_KEYS, where)
    fee_code = text(row, "fee_code", where)
    page_fee_code = _optional(row, "page_fee_code", where)
    for key, code in (("fee_code", fee_code), ("page_fee_code", page_fee_code)):
        if code and fee_codes is not None and code not in fee_codes:
            raise CertificateRulesError(f"{where}: {key} {code!r} is not in fees.toml")
    if page_fee_code and kind != "certified_copy":
        raise CertificateRulesError(f"{where}: page_fee_code: only a certified copy has pages")
    items = tuple(_item(n, r, where) for n, r in enumerate(_list(row, "items", where), 1))
    if kind == "apostille" and len(items) != APOSTILLE_ITEMS:
        raise CertificateRulesError(f"{where}: items: an apostille has the Convention's "
                                    f"{APOSTILLE_ITEMS} numbered items, not {len(items)}")
    if kind != "apostille" and items:
        raise CertificateRulesError(f"{where}: items: only an apostille has numbered items")
    body = _optional(row, "body", where).strip("\n")
    if not body and kind != "apostille":
        raise CertificateRulesError(f"{where}: body must be a non-empty string")
    product = Product(
        kind=kind, title=text(row, "title", where), subtitle=_optional(row, "subtitle", where),
        fee_code=fee_code, body=body,
        rows=tuple(_row(n, r, where) for n, r in enumerate(_list(row, "rows", where), 1)),
        items=items, closing=_optional(row, "closing", where),
        source=text(row, "source", where), verified=flag(row, "verified", where),
        reprints=flag(row, "reprints", where) if "reprints" in row else True,
        page_fee_code=page_fee_code)
    _check_fields(product, where)
    return product


def _check_fields(product: Product, where: str) -> None:
    try:
        used = product.fields()
    except TemplateSyntaxError as exc:
        raise CertificateRulesError(f"{where}: {exc}") from exc
    allowed = KIND_FIELDS[product.kind]
    for field in used:
        if field not in allowed:
            hint = (" (a certificate of status makes no standing statement)"
                    if field == "entity.standing" else "")
            raise CertificateRulesError(
                f"{where}: unknown merge field {{{field}}} for a {product.kind} certificate"
                f"{hint}; known: {', '.join(sorted(allowed))}")
    if missing := sorted(MUST_STATE[product.kind] - set(used)):
        raise CertificateRulesError(f"{where}: the certificate never states "
                                    f"{', '.join('{' + m + '}' for m in missing)}")


def _row(number: int, row: Any, where: str) -> Row:
    here = f"{where} rows {number}"
    if not isinstance(row, dict):
        raise CertificateRulesError(f"{here}: a row is a table {{ label = ..., field = ... }}")
    _only(row, {"label", "field"}, here)
    return Row(text(row, "label", here), text(row, "field", here))


def _item(number: int, row: Any, where: str) -> Item:
    here = f"{where} items {number}"
    if not isinstance(row, dict):
        raise CertificateRulesError(f"{here}: an item is a table {{ label = ..., text = ... }}")
    _only(row, {"label", "text", "heading"}, here)
    return Item(text(row, "label", here), _optional(row, "text", here),
                _optional(row, "heading", here))


def _optional(row: Mapping[str, Any], key: str, where: str) -> str:
    value = row.get(key, "")
    if not isinstance(value, str):
        raise CertificateRulesError(f"{where}: {key} must be a string")
    return value


def _only(row: Mapping[str, Any], allowed: Collection[str], where: str,
          what: str = "key") -> None:
    if unknown := sorted(set(row) - set(allowed)):
        raise CertificateRulesError(f"{where}: unknown {what} {', '.join(unknown)}; "
                                    f"known: {', '.join(sorted(allowed))}")


def _table(doc: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    value = doc.get(key)
    if not isinstance(value, dict):
        raise CertificateRulesError(f"{where}: [{key}] is required and must be a table")
    return value


def _list(row: Mapping[str, Any], key: str, where: str) -> Sequence[Any]:
    value = row.get(key, [])
    if not isinstance(value, list):
        raise CertificateRulesError(f"{where}: {key} must be a list")
    return value

