"""Certified copies (issue 8): a clerk on an entity's record card picks filed documents and each
gets its own certification page, "the attached N pages are a true copy of ...".

* **What can be certified** (``copyable_documents``): every filing of the entity, newest filed
  first, with what its certified copy costs today and, for a document not on file (received,
  in review, on hold, rejected, returned), why it cannot be certified: the office certifies only
  what is on its records.
* **Issuing** (``issue_certified_copies``, ``certificate.issue``): one certificate per document,
  in the order picked, all in one transaction: a refusal of any document leaves nothing behind
  (no certificate, no charge, no number used). Each certificate has two fee lines so the day's
  revenue stays by fee code: the certification (the product's ``fee_code``) and the copies
  (``page_fee_code``), charged per page where the schedule's basis is per page (Ohio) and once
  per copy, whatever its pages, otherwise (Connecticut). Release waits for both
  (``certificates.release``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from workstation.db.uow import Database, UnitOfWork
from workstation.domain.certificate_rules import Product
from workstation.domain.fees import FeeError
from workstation.domain.templates import long_date
from workstation.errors import UserError
from workstation.models import Entity, Filing
from workstation.models.types import utcnow
from workstation.services.authz import authorize
from workstation.services.certificate_dto import IssuedCertificate
from workstation.services.certificate_issue import (
    CoveredDocument,
    ExtraFee,
    Subject,
    office_day,
    product_of,
    record,
)
from workstation.services.certificates import entity_facts, entity_number_of, entity_of
from workstation.services.dto import Actor
from workstation.services.profile import Profile

KIND = "certified_copy"
FILED = frozenset({"accepted", "completed"})  # a decision put it on the records
# Where a document not on file is, in a clerk's words.
_NOT_FILED = {"received": "it was received and is not yet examined",
              "in_review": "it is in review", "hold": "it is on hold",
              "rejected": "it was rejected", "returned": "it was returned"}
_SPACES = re.compile(r"[\s-]+")


@dataclass(frozen=True)
class CopyableDocument:
    """A filing of the entity as the record card lists it for certified copies."""

    filing_id: int
    document_number: str
    title: str  # the filing type as the catalogue names it
    filed_on: date | None  # the office's date of filing
    pages: int
    status: str  # the filing's status
    fee_cents: int  # certification + copies for this document today
    copyable: bool  # on file: accepted or completed, with its filing date
    why_not: str  # "" or why it cannot be certified ("not filed: it was rejected")


# ---------------------------------------------------------------------- listing


def copyable_documents(db: Database, profile: Profile, actor: Actor,
                       entity_number: str) -> tuple[CopyableDocument, ...]:
    """Every filing of the entity, newest filed first (then those not on file, newest received
    first), each with its fee today and whether it can be certified."""
    product = product_of(profile, KIND)
    number = entity_number_of(entity_number)

    def work(uow: UnitOfWork) -> tuple[CopyableDocument, ...]:
        authorize(uow, actor, "certificate.issue")
        entity = entity_of(uow, number)
        filings = uow.session.execute(select(Filing).where(Filing.entity_id == entity.id)
                                      ).scalars().all()
        today = office_day(profile, utcnow())
        return tuple(_listed(profile, product, f, today) for f in _newest_filed_first(filings))

    return db.run(work, read_only=True)


def _newest_filed_first(filings: Sequence[Filing]) -> list[Filing]:
    on_file = sorted((f for f in filings if f.filed_at is not None),
                     key=lambda f: (f.filed_at, f.id), reverse=True)
    others = sorted((f for f in filings if f.filed_at is None),
                    key=lambda f: (f.received_at, f.id), reverse=True)
    return on_file + others


def _listed(profile: Profile, product: Product, filing: Filing, today: date
            ) -> CopyableDocument:
    why = _why_not(filing)
    return CopyableDocument(
        filing_id=filing.id, document_number=filing.document_number,
        title=profile.filing_type_label(filing.filing_type),
        filed_on=_filed_on(profile, filing.filed_at), pages=filing.pages,
        status=filing.status, fee_cents=_fee_cents(profile, product, filing.pages, today),
        copyable=not why, why_not=why)


def _why_not(filing: Filing) -> str:
    """Why ``filing`` cannot be certified, in a clerk's words; "" when it can."""
    if not_filed := _not_filed(filing):
        return f"not filed: {not_filed}"
    if filing.pages < 1:
        return "the record has no page count"
    return ""


def _not_filed(filing: Filing) -> str:
    """Why ``filing`` is not on file ("it was rejected"); "" when it is."""
    if filing.status not in FILED:
        return _NOT_FILED.get(filing.status, f"its status is {filing.status.replace('_', ' ')}")
    if filing.filed_at is None:
        return "the record has no date of filing"
    return ""


def _filed_on(profile: Profile, filed_at: datetime | None) -> date | None:
    return None if filed_at is None else office_day(profile, filed_at)


# ---------------------------------------------------------------------- fees


def _copies_quantity(profile: Profile, product: Product, pages: int, today: date) -> int:
    """The quantity on the copies fee line: the pages where the schedule charges per page,
    else 1 (a per-copy fee is for the copy, any number of pages; ``fee_amount`` multiplies a
    per-copy fee by its quantity). The row is the one ``Profile.fee_amount`` prices with."""
    try:
        row = profile.fee_row(product.page_fee_code, today)
    except FeeError:
        return 1  # no fee on file: pricing the line refuses it, naming the code
    return pages if row.basis == "per_page" else 1


def _fee_cents(profile: Profile, product: Product, pages: int, today: date) -> int:
    try:
        total = profile.fee_amount(product.fee_code, 1, today)
        if product.page_fee_code:
            total += profile.fee_amount(product.page_fee_code,
                                        _copies_quantity(profile, product, pages, today), today)
    except FeeError as exc:
        raise UserError(str(exc), field="fee") from exc
    return total


def _copies_line(profile: Profile, product: Product, pages: int, today: date
                 ) -> tuple[ExtraFee, ...]:
    if not product.page_fee_code:
        return ()
    said = f"Copies, {pages} page{'s' if pages != 1 else ''}"
    return (ExtraFee(product.page_fee_code, _copies_quantity(profile, product, pages, today),
                     said),)


# ---------------------------------------------------------------------- issuing


def issue_certified_copies(db: Database, profile: Profile, actor: Actor, entity_number: str,
                           document_numbers: Sequence[str]) -> tuple[IssuedCertificate, ...]:
    """A certified copy of each document picked, in the order given, all or none: refused
    (field "documents") when none is picked, one is picked twice, one is not the entity's
    (or not on the register) or one is not on file."""
    product = product_of(profile, KIND)
    number = entity_number_of(entity_number)
    picked = _picked(document_numbers)

    def work(uow: UnitOfWork) -> tuple[IssuedCertificate, ...]:
        authorize(uow, actor, "certificate.issue")
        entity = entity_of(uow, number)
        filings = _documents_of(uow, entity, picked)
        now = utcnow()
        issued = tuple(_issue_one(uow, profile, actor, product, entity, f, now)
                       for f in filings)
        uow.commit()
        return issued

    return db.run(work)


def _picked(document_numbers: Sequence[str]) -> list[str]:
    """The document numbers as typed or scanned, spaces and dashes dropped, blanks ignored."""
    if isinstance(document_numbers, str):  # one number passed bare: its characters are not picks
        document_numbers = [document_numbers]
    picked = [n for n in (_SPACES.sub("", d).upper() for d in document_numbers) if n]
    if not picked:
        raise UserError("Pick at least one filed document to certify.", field="documents",
                        code="none_picked")
    twice = sorted({n for n in picked if picked.count(n) > 1})
    if twice:
        raise UserError(f"Document {', '.join(twice)} is picked twice: each document gets one "
                        "certified copy; pick it once.", field="documents", code="twice")
    return picked


def _documents_of(uow: UnitOfWork, entity: Entity, picked: list[str]) -> list[Filing]:
    """The filings picked, in the order picked; refused unless every one is the entity's and
    on file, naming every one that is not."""
    found = {f.document_number: f for f in uow.session.execute(
        select(Filing).where(Filing.document_number.in_(picked))).scalars()}
    whose = f"{entity.name} ({entity.number})"
    strangers = [_stranger(uow, n, found.get(n)) for n in picked
                 if n not in found or found[n].entity_id != entity.id]
    if strangers:
        raise UserError(f"Not a document of {whose}: {'; '.join(strangers)}. Certify only "
                        "the entity's own documents.", field="documents", code="not_of_entity")
    unfiled = [f"{n} ({_not_filed(found[n])})" for n in picked if _not_filed(found[n])]
    if unfiled:
        raise UserError(f"Not on file, so not certified: {'; '.join(unfiled)}. Only documents "
                        "on file are certified.", field="documents", code="not_filed")
    blank = [n for n in picked if found[n].pages < 1]
    if blank:
        raise UserError(f"The record of {', '.join(blank)} has no page count, so the "
                        "certificate cannot say how many pages it certifies: tell a lead.",
                        field="documents", code="no_pages")
    return [found[n] for n in picked]


def _stranger(uow: UnitOfWork, number: str, filing: Filing | None) -> str:
    if filing is None:
        return f"no document numbered {number} is on the register"
    other = uow.session.get(Entity, filing.entity_id) if filing.entity_id else None
    if other is None:
        return f"{number} is not filed against any entity"
    return f"{number} was filed for {other.name} ({other.number})"


def _issue_one(uow: UnitOfWork, profile: Profile, actor: Actor, product: Product,
               entity: Entity, filing: Filing, now: datetime) -> IssuedCertificate:
    """One certification page for ``filing``, with its certification and copies fee lines."""
    description = _description(profile, filing.filing_type)
    filed_on = _filed_on(profile, filing.filed_at)
    assert filed_on is not None  # _documents_of refused a document with no date of filing
    facts = {**entity_facts(profile, entity), "document.description": description,
             "document.number": filing.document_number, "document.filed_date":
             long_date(filed_on), "document.pages": str(filing.pages)}
    subject = Subject(entity=entity,
                      documents=(CoveredDocument(description, filing.pages, filing.id),),
                      extra_fees=_copies_line(profile, product, filing.pages,
                                              office_day(profile, now)))
    return record(uow, profile, actor, product, facts, now, subject)


def _description(profile: Profile, filing_type: str) -> str:
    """The document as the certificate names it: the catalogue's title and its form number,
    "Articles of Organization, limited liability company (Form 610)"."""
    try:
        kind = profile.filing_types.get(filing_type)
    except KeyError:
        return filing_type
    return f"{kind.label} (Form {kind.form})" if kind.form else kind.label
