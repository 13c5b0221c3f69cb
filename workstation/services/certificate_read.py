"""Reading the certificates the office recorded, for the certificates screen: the list (newest
first, searched by certificate number, entity number or name, minister's name or the teller's
fee reference), one certificate's detail, and its specimen PDF.

Every read is read-only and not audited, like any look-up (permission ``certificate.issue``: the
screen is the issuing clerk's). The list costs two queries however many rows it shows: the
certificates with their issuer and print count, then the fee lines of those certificates.

A *specimen* is the certificate's page marked SPECIMEN, for the clerk (and the customer at the
counter) to check every fact before the fee is paid. It is not a print: nothing is recorded in
``certificate_prints``, the certificate is not released, and its bytes are never a released
copy's, so a verification of a specimen file says it is not a copy the office printed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import ColumnElement, Row, false, func, or_, select, true

from workstation.db.uow import Database, UnitOfWork
from workstation.domain import verification_code as codes
from workstation.errors import UserError
from workstation.models import Certificate, CertificatePrint, Charge, Entity, User
from workstation.printing.certificate_pdf import build_certificate_pdf
from workstation.services import certificate_papers
from workstation.services.authz import authorize
from workstation.services.certificate_issue import SOURCE_KIND, certificate_number
from workstation.services.certificate_read_dto import (
    PAID,
    RELEASED,
    UNPAID,
    VOID,
    CertificateDetail,
    CertificateRow,
    FeeLineState,
    PrintRow,
)
from workstation.services.dto import Actor
from workstation.services.minister_licences import minister_key
from workstation.services.profile import Profile

LIMIT_MAX = 1000
_SPACES = re.compile(r"[\s-]+")
_CERTIFICATE = re.compile(r"CE0*(\d{1,7})")
_FEE_REF = re.compile(r"C(\d{1,18})")

_PRINTS = (select(func.count()).where(CertificatePrint.certificate_id == Certificate.id)
           .correlate(Certificate).scalar_subquery())
_LISTED = (select(Certificate.id, Certificate.number, Certificate.kind, Certificate.snapshot,
                  Certificate.snapshot_sha256, Certificate.verification_code,
                  Certificate.issued_at, Certificate.released_at,
                  User.username.label("issued_by"), _PRINTS.label("prints"))
           .join(User, User.id == Certificate.issued_by)
           .outerjoin(Entity, Entity.id == Certificate.entity_id))


@dataclass(frozen=True)
class _Charge:
    id: int
    description: str
    amount_cents: int
    status: str


# ---------------------------------------------------------------------- the list


def list_certificates(db: Database, profile: Profile, actor: Actor, *, search: str = "",
                      limit: int = 200) -> tuple[CertificateRow, ...]:
    """The certificates recorded, newest first (at most ``limit``); ``search`` finds a
    certificate number (CE0000017 or CE17), an entity's number or part of its name, part of a
    minister's name (spacing and punctuation forgiven) or a fee reference (C17)."""
    where = _search(search)
    count = max(1, min(limit, LIMIT_MAX))

    def work(uow: UnitOfWork) -> tuple[CertificateRow, ...]:
        authorize(uow, actor, "certificate.issue")
        found = uow.session.execute(_LISTED.where(where).order_by(Certificate.id.desc())
                                    .limit(count)).all()
        charges = _charges(uow, [r.id for r in found])
        return tuple(_row(r, _parsed(r.snapshot), charges[r.id]) for r in found)

    return db.run(work, read_only=True)


def _search(text: str) -> ColumnElement[bool]:
    """What a search matches: every reading of the text the clerk may have meant, OR-ed."""
    typed = " ".join(text.split())
    if not typed:
        return true()
    compact = _SPACES.sub("", typed).upper()
    found: list[ColumnElement[bool]] = [Certificate.number == compact, Entity.number == compact,
                                        func.lower(Entity.name).contains(typed.lower(),
                                                                         autoescape=True)]
    if number := _CERTIFICATE.fullmatch(compact):
        found.append(Certificate.number == certificate_number(int(number.group(1))))
    if reference := _FEE_REF.fullmatch(compact):
        found.append(Certificate.id.in_(select(Charge.source_id).where(
            Charge.id == int(reference.group(1)), Charge.source_kind == SOURCE_KIND)))
    if key := minister_key(typed):
        found.append(Certificate.subject_key.contains(key, autoescape=True))
    return or_(false(), *found)


def _charges(uow: UnitOfWork, ids: Sequence[int]) -> Mapping[int, list[_Charge]]:
    """The fee lines of the certificates ``ids`` (one query), each certificate's in order."""
    out: defaultdict[int, list[_Charge]] = defaultdict(list)
    if not ids:
        return out
    for c in uow.session.execute(select(Charge.source_id, Charge.id, Charge.description,
                                        Charge.amount_cents, Charge.status)
                                 .where(Charge.source_kind == SOURCE_KIND,
                                        Charge.source_id.in_(ids)).order_by(Charge.id)):
        out[c.source_id].append(_Charge(c.id, c.description, c.amount_cents, c.status))
    return out


def _row(r: Row[Any], snapshot: Mapping[str, Any] | None,
         charges: Sequence[_Charge]) -> CertificateRow:
    return CertificateRow(
        number=r.number, kind=r.kind,
        title=snapshot["title"] if snapshot else r.kind.replace("_", " "),
        subject=subject_of(snapshot["facts"]) if snapshot else "",
        issued_at=r.issued_at, issued_by=r.issued_by,
        state=state_of(r.released_at is not None, [c.status for c in charges]),
        prints=int(r.prints), amount_cents=sum(c.amount_cents for c in charges),
        fee_refs=tuple(f"C{c.id}" for c in charges))


def _parsed(text: str) -> dict[str, Any] | None:
    """The snapshot, or None when it is not one this program reads (the row still lists)."""
    try:
        return certificate_papers.load(text)
    except ValueError:
        return None


def subject_of(facts: Mapping[str, str]) -> str:
    """What the certificate is about, from the facts it states: the entity (name and number),
    the minister, and the document (or, for an apostille, whose signature it certifies)."""
    parts: list[str] = []
    if name := facts.get("entity.name"):
        number = facts.get("entity.number")
        parts.append(f"{name} ({number})" if number else name)
    if minister := facts.get("minister.name"):
        parts.append(minister)
    if document := facts.get("document.description"):
        parts.append(document)
    elif official := facts.get("official.name"):
        parts.append(f"signed by {official}")
    return " · ".join(parts)


def state_of(released: bool, statuses: Sequence[str]) -> str:
    """Void when any fee line's charge is void (whatever happened before); else released once
    printed; else paid when every fee line is; else unpaid."""
    if VOID in statuses:
        return VOID
    if released:
        return RELEASED
    if statuses and all(s == PAID for s in statuses):
        return PAID
    return UNPAID


# ---------------------------------------------------------------------- one certificate


def certificate_detail(db: Database, profile: Profile, actor: Actor,
                       number: str) -> CertificateDetail:
    """The certificate ``number``: its row, every fact it states, its fee lines with their
    status, every print; refused (field "certificate") for an unknown number."""
    key = _number_of(number)

    def work(uow: UnitOfWork) -> CertificateDetail:
        authorize(uow, actor, "certificate.issue")
        found = _one(uow, key)
        snapshot = _checked(found)
        charges = _charges(uow, [found.id])[found.id]
        prints = uow.session.execute(
            select(CertificatePrint.printed_at, User.username, CertificatePrint.reprint)
            .join(User, User.id == CertificatePrint.printed_by)
            .where(CertificatePrint.certificate_id == found.id).order_by(CertificatePrint.id)
        ).all()
        return CertificateDetail(
            row=_row(found, snapshot, charges), facts=certificate_papers.facts_of(snapshot),
            fee_lines=tuple(FeeLineState(f"C{c.id}", c.description, c.amount_cents, c.status)
                            for c in charges),
            prints=tuple(PrintRow(p.printed_at, p.username, p.reprint) for p in prints),
            reprints_allowed=profile.certificates.reprints(found.kind),
            code=codes.format_code(found.verification_code))

    return db.run(work, read_only=True)


def specimen(db: Database, profile: Profile, actor: Actor, number: str) -> bytes:
    """The certificate's page marked SPECIMEN (not released, not valid) with every fact, the
    code and its QR symbol, for checking before the fee is paid. A read: no print is recorded
    and nothing is audited. Refused (field "certificate") for an unknown number."""
    key = _number_of(number)

    def work(uow: UnitOfWork) -> dict[str, Any]:
        authorize(uow, actor, "certificate.issue")
        return _checked(_one(uow, key))

    snapshot = db.run(work, read_only=True)
    sheet = replace(certificate_papers.sheet_of(snapshot), specimen=True)
    return build_certificate_pdf(sheet)


def _number_of(text: str) -> str:
    key = _SPACES.sub("", text).upper()
    if found := _CERTIFICATE.fullmatch(key):
        return certificate_number(int(found.group(1)))
    return key


def _one(uow: UnitOfWork, key: str) -> Row[Any]:
    found = uow.session.execute(_LISTED.where(Certificate.number == key)).first()
    if found is None:
        raise UserError(f"No certificate has the number {key or '(blank)'}.",
                        field="certificate")
    return found


def _checked(found: Row[Any]) -> dict[str, Any]:
    """The stored snapshot, refused if it no longer matches the hash taken at issue (the same
    rule as a release: a changed record is shown to no one as the certificate's)."""
    if certificate_papers.sha256_hex(found.snapshot.encode("utf-8")) != found.snapshot_sha256:
        raise UserError(f"The record of certificate {found.number} does not match its hash and "
                        "cannot be shown: tell a lead.", field="certificate", code="tampered")
    return certificate_papers.load(found.snapshot)

