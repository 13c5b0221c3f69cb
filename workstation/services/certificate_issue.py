"""Recording one certificate of any kind, in the caller's unit of work: its number from the
gapless "certificate" series, a fresh verification code, the snapshot of every fact it prints
with the snapshot's hash, the fee lines the teller collects (``Charge`` rows), the documents it
covers (``CertificateItem`` rows) and its audit record.

Each product's service (good standing and status in ``certificates``, certified copies,
apostilles and authentications, minister licences) checks its own refusal rules, gathers the
facts it certifies and calls ``record``; nothing about issuing is written twice.

Fees. The product's own fee (``Product.fee_code``) is the certificate's charge
(``Certificate.charge_id``). A product may add fee lines of other codes (a certified copy's pages),
each its own ``Charge`` with ``source_kind = "certificate"`` and ``source_id`` the certificate, so
the day's revenue stays by fee code. The certificate is released only when every one is paid.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from workstation.db.uow import UnitOfWork
from workstation.domain import verification_code as codes
from workstation.domain.certificate_rules import Product
from workstation.domain.fees import FeeError
from workstation.domain.templates import long_date
from workstation.errors import UserError
from workstation.models import Certificate, CertificateItem, Charge, Entity
from workstation.services import audit, certificate_papers, numbering
from workstation.services.certificate_dto import FeeLine, IssuedCertificate
from workstation.services.dto import Actor
from workstation.services.profile import Profile

SERIES = "certificate"
SOURCE_KIND = "certificate"  # Charge.source_kind of every fee line a certificate makes


def certificate_number(n: int) -> str:
    """``CE0000001``: "CE", not "C", so a certificate number is never taken for a charge's
    reference (C17) on a teller's fee line."""
    return f"CE{n:07d}"


@dataclass(frozen=True)
class ExtraFee:
    """A fee line beyond the product's own: ``quantity`` of the fee ``fee_code``."""

    fee_code: str
    quantity: int
    description: str  # "Copies, 4 pages"


@dataclass(frozen=True)
class CoveredDocument:
    """A document the certificate covers: a filing of the register or one brought in."""

    description: str
    pages: int
    filing_id: int | None = None


@dataclass(frozen=True)
class Subject:
    """What the certificate is about, beyond the facts it prints: the register's entity, the
    documents covered, a minister's normalised name (``subject_key``), the destination country
    (ISO) and the official whose signature it certifies."""

    entity: Entity | None = None
    documents: tuple[CoveredDocument, ...] = ()
    subject_key: str | None = None
    destination_country: str | None = None
    official_id: int | None = None
    extra_fees: tuple[ExtraFee, ...] = ()


def office_day(profile: Profile, moment: datetime) -> date:
    return moment.astimezone(profile.calendar.zone).date()


def product_of(profile: Profile, kind: str) -> Product:
    """The product ``kind``; refused (field "kind") when the office does not issue it."""
    try:
        return profile.certificates.product(kind)
    except KeyError:
        raise UserError(f"This office issues no {kind.replace('_', ' ')} certificate.",
                        field="kind") from None


def record(uow: UnitOfWork, profile: Profile, actor: Actor, product: Product,
           facts: Mapping[str, str], now: datetime, subject: Subject = Subject()
           ) -> IssuedCertificate:
    """Number, code, snapshot, fee lines, items and audit record of one certificate, in ``uow``
    (the caller commits). ``facts``: what the product's text states about its subject; the
    certificate's own facts (number, code, date, officer, office) are added here."""
    rules, today = profile.certificates, office_day(profile, now)
    fees = [(product.fee_code, 1, "")] + [(x.fee_code, x.quantity, x.description)
                                           for x in subject.extra_fees]
    amounts = [_amount(profile, code, quantity, today) for code, quantity, _ in fees]
    number = certificate_number(numbering.next_number(uow, SERIES))
    code = _fresh_code(uow)
    stated = {**facts, "certificate.title": product.title, "certificate.number": number,
              "certificate.code": codes.format_code(code),
              "certificate.issued_date": long_date(today), "officer.name": rules.officer.name,
              "officer.title": rules.officer.title, "office.name": rules.office.name,
              "office.place": rules.office.place}
    snapshot = certificate_papers.snapshot_of(rules, product, stated)
    text, digest = certificate_papers.serialise(snapshot)
    entity = subject.entity
    named = f"{product.title} {number}" + (f" · {entity.name}" if entity else "")
    charges = [Charge(source_kind=SOURCE_KIND, source_id=0, fee_code=fee_code,
                      description=(f"{named} · {said}" if said else named)[:300],
                      quantity=quantity, amount_cents=cents, created_by=actor.user_id)
               for (fee_code, quantity, said), cents in zip(fees, amounts, strict=True)]
    uow.session.add_all(charges)
    uow.session.flush()
    row = Certificate(number=number, kind=product.kind, entity_id=entity.id if entity else None,
                      verification_code=code, snapshot=text, snapshot_sha256=digest,
                      subject_key=subject.subject_key,
                      destination_country=subject.destination_country,
                      official_id=subject.official_id, charge_id=charges[0].id,
                      issued_at=now, issued_by=actor.user_id)
    uow.session.add(row)
    uow.session.flush()
    for charge in charges:  # the charges came first: they point at the certificate now
        charge.source_id = row.id
    uow.session.add_all(CertificateItem(certificate_id=row.id, filing_id=d.filing_id,
                                        description=d.description[:300], pages=d.pages)
                        for d in subject.documents)
    lines = tuple(FeeLine(f"C{c.id}", c.fee_code, c.description, c.quantity, c.amount_cents)
                  for c in charges)
    audit.record(uow, actor, "certificate.issue", "certificate", row.id,
                 after={"number": number, "kind": product.kind,
                        "charges": [c.id for c in charges], "cents": sum(amounts),
                        "entity": entity.number if entity else None,
                        "documents": len(subject.documents),
                        "country": subject.destination_country,
                        "official": subject.official_id, "snapshot_sha256": digest})
    return IssuedCertificate(
        number=number, kind=product.kind, title=snapshot["title"],
        code=codes.format_code(code), entity_number=entity.number if entity else None,
        entity_name=entity.name if entity else None,
        facts=certificate_papers.facts_of(snapshot), charge_id=charges[0].id,
        charge_reference=f"C{charges[0].id}", fee_code=product.fee_code,
        amount_cents=sum(amounts), issued_at=now, snapshot_sha256=digest, fee_lines=lines)


def _amount(profile: Profile, fee_code: str, quantity: int, today: date) -> int:
    try:
        return profile.fee_amount(fee_code, quantity, today)
    except FeeError as exc:
        raise UserError(str(exc), field="fee") from exc


def _fresh_code(uow: UnitOfWork) -> str:
    """A verification code not given before (with 10^10 codes a repeat is rare, not
    impossible; the unique index is the last word)."""
    for _ in range(10):
        code = codes.new_code()
        if uow.session.execute(select(Certificate.id).where(
                Certificate.verification_code == code)).first() is None:
            return code
    raise AssertionError("ten verification codes in a row were taken: the generator is broken")


def charges_of(uow: UnitOfWork, certificate: Certificate) -> Sequence[Charge]:
    """Every fee line of ``certificate``, its own first."""
    return uow.session.execute(select(Charge).where(
        Charge.source_kind == SOURCE_KIND, Charge.source_id == certificate.id)
        .order_by(Charge.id)).scalars().all()
