"""Apostilles and certificates of authentication (issue 8; domain.md 1.4 and APO-01): the
office certifies the signature of a public official on a document going abroad.

The destination decides the product. A party to the Hague Apostille Convention
(``resources/hague_apostille.toml``) gets an apostille, the Convention's ten numbered items;
any other country a certificate of authentication, which the US Department of State and the
country's embassy then legalize. A document for use within the United States (or one of its
territories, ``part_of = "US"`` in ``resources/countries.toml``) gets neither. The fee is the
product's, per document: one certificate per document.

Refused, each naming the field (APO-01 unless said):

* a blank description of the document (field "document");
* no cover letter naming the destination country (field "cover_letter", code
  "no_cover_letter");
* a blank country (field "country"), one no country of ``countries.toml`` is called or coded
  (code "unknown_country"), the United States or its territories (code "domestic_use");
* an official not in the officials table (field "official"), or one whose signature is not on
  file: retired, or a specimen not yet filed (field "official", code
  "signature_not_on_file", naming who and since when);
* a product the office profile does not issue (``product_of``: field "kind").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import select

from workstation.db.uow import Database, UnitOfWork
from workstation.domain.certificate_rules import KIND_FIELDS, Product
from workstation.domain.countries import Countries, Country
from workstation.domain.templates import long_date
from workstation.errors import UserError
from workstation.models import Certificate, Official
from workstation.models.types import utcnow
from workstation.paths import resources_dir
from workstation.services import audit
from workstation.services.authz import authorize
from workstation.services.certificate_dto import IssuedCertificate
from workstation.services.certificate_issue import (
    CoveredDocument,
    Subject,
    office_day,
    product_of,
    record,
)
from workstation.services.dto import Actor
from workstation.services.profile import Profile

APOSTILLE = "apostille"
AUTHENTICATION = "authentication"
APO_01 = "APO-01"
DOCUMENT_MAX = 300  # CertificateItem.description
REQUESTER_MAX = 200


@cache
def countries() -> Countries:
    """Every country a clerk may name (shared by every profile; read once). Loaded here, not
    in the domain module, which reads no files."""
    path = resources_dir() / "countries.toml"
    return Countries.from_toml(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Destination:
    """Where the document will be used, and what the office issues for it."""

    iso: str
    name: str
    kind: str  # APOSTILLE or AUTHENTICATION
    note: str = ""  # the Hague row's note (objections, recent accession) or a territory's


@dataclass(frozen=True)
class ApostilleRequest:
    """One document to certify, as the clerk types it from the request."""

    official_id: int  # the signer, picked from the officials table
    document: str  # what the document is: "Birth certificate of Ana Lopez"
    country: str  # the destination as typed: "Holland", "DE", "South Korea"
    cover_letter: bool  # a cover letter naming the country came with the request
    requester: str = ""  # who asked (the cover letter's sender), kept on the audit record


# ---------------------------------------------------------------------- the destination


def destination_of(profile: Profile, country: str) -> Destination:
    """The country ``country`` names (any name or code, case and accents ignored) and the
    product for it: an apostille for a party to the Convention, else an authentication.
    Refused (field "country"): blank, unknown (code "unknown_country"), the United States or a
    territory of it (code "domestic_use")."""
    typed = " ".join(country.split())
    if not typed:
        raise UserError("Type the country where the document will be used, as the cover "
                        "letter names it.", field="country", code="required")
    found = countries().find(typed)
    if found is None:
        raise UserError(f'"{typed}" is not a country this program knows: type its name or '
                        "its two-letter code (Germany or DE).", field="country",
                        code="unknown_country")
    home = profile.hague.issuing
    if home.iso in (found.iso, found.part_of):
        part = "" if found.iso == home.iso else f" ({found.name} is part of it)"
        raise UserError("No apostille or authentication is issued for use within the United "
                        f"States{part}: the office certifies signatures only on documents "
                        f"going abroad ({APO_01}).", field="country", code="domestic_use")
    party = profile.hague.find(found.iso)
    if party is not None:
        return Destination(found.iso, found.name, APOSTILLE, party.note)
    return Destination(found.iso, found.name, AUTHENTICATION, _territory_note(profile, found))


def _territory_note(profile: Profile, country: Country) -> str:
    """A territory of a party may be covered by the party's extension of the Convention,
    which the Hague list does not record: the clerk checks before issuing an authentication."""
    if not country.part_of or profile.hague.find(country.part_of) is None:
        return ""
    state = countries().get(country.part_of).name
    return (f"{country.name} is a territory of {state}, a party to the Apostille Convention: "
            "check the HCCH status table for an extension to it, in which case an apostille "
            "is issued instead.")


# ---------------------------------------------------------------------- issuing


def issue_apostille(db: Database, profile: Profile, actor: Actor,
                    request: ApostilleRequest) -> IssuedCertificate:
    """An apostille (party to the Convention) or a certificate of authentication (any other
    country) for one document signed by an official on file, with its fee line: the teller
    collects it, then the certificate is released (printed). Every counter role
    (``certificate.issue``). Refused for the reasons in the module's docstring."""
    document, requester = _check_request(request)
    destination = destination_of(profile, request.country)
    product = product_of(profile, destination.kind)

    def work(uow: UnitOfWork) -> IssuedCertificate:
        authorize(uow, actor, "certificate.issue")
        now = utcnow()
        official = _signer(uow, profile, request.official_id, office_day(profile, now))
        subject = Subject(destination_country=destination.iso, official_id=official.id,
                          documents=(CoveredDocument(document, 1),))
        issued = record(uow, profile, actor, product,
                        _facts(product, official, document, destination), now, subject)
        _audit_request(uow, actor, issued.number, request, document, requester, destination)
        uow.commit()
        return issued

    return db.run(work)


def _check_request(request: ApostilleRequest) -> tuple[str, str]:
    """The papers' own rules, before any look-up: the document said, the cover letter there."""
    document = " ".join(request.document.split())
    if not document:
        raise UserError('Say what the document is ("Birth certificate of Ana Lopez").',
                        field="document", code="required")
    if len(document) > DOCUMENT_MAX:
        raise UserError(f"Describe the document in at most {DOCUMENT_MAX} characters.",
                        field="document")
    requester = " ".join(request.requester.split())
    if len(requester) > REQUESTER_MAX:
        raise UserError(f"The requester's name is longer than {REQUESTER_MAX} characters.",
                        field="requester")
    if not request.cover_letter:
        raise UserError("A cover letter naming the country where the document will be used "
                        f"must come with the request ({APO_01}).", field="cover_letter",
                        code="no_cover_letter")
    return document, requester


def _signer(uow: UnitOfWork, profile: Profile, official_id: int, today: date) -> Official:
    """The official whose signature is certified: on file, and with a specimen on file."""
    official = uow.session.get(Official, official_id)
    if official is None:
        raise UserError(f"No official on file has the id {official_id}: pick the signer from "
                        "the officials table.", field="official")
    who = f"{official.name}, {official.title}, {official.jurisdiction}"
    if not official.active:
        retired = long_date(office_day(profile, official.updated_at))
        raise UserError(f"The signature of {who} is not on file: the official was retired "
                        f"from the table on {retired} (specimen filed "
                        f"{long_date(official.specimen_on)}). Nothing is certified for them "
                        f"until a new Office Holder Authentication Update is filed ({APO_01}).",
                        field="official", code="signature_not_on_file")
    if official.specimen_on > today:
        raise UserError(f"The signature of {who} is on file only from "
                        f"{long_date(official.specimen_on)} ({APO_01}).", field="official",
                        code="signature_not_on_file")
    return official


def _facts(product: Product, official: Official, document: str,
           destination: Destination) -> dict[str, str]:
    """What the certificate states, only the facts its kind may state (an apostille names no
    country of use: the Convention's certificate has no such item)."""
    stated = {"official.name": official.name, "official.title": official.title,
              "official.jurisdiction": official.jurisdiction,
              "official.specimen_date": long_date(official.specimen_on),
              "document.description": document, "destination.country": destination.name}
    allowed = KIND_FIELDS[product.kind]
    return {field: value for field, value in stated.items() if field in allowed}


def _audit_request(uow: UnitOfWork, actor: Actor, number: str, request: ApostilleRequest,
                   document: str, requester: str, destination: Destination) -> None:
    """What the clerk affirmed of the request, on record beside the issue itself: the
    document, the country as the cover letter named it, that the letter came, who asked."""
    row_id = uow.session.execute(select(Certificate.id).where(Certificate.number == number)
                                 ).scalar_one()
    audit.record(uow, actor, "certificate.apostille_request", "certificate", row_id,
                 after={"number": number, "kind": destination.kind, "document": document,
                        "country_typed": " ".join(request.country.split()),
                        "country": destination.iso, "cover_letter": request.cover_letter,
                        "requester": requester or None})
