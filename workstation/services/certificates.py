"""Certificates of good standing and of status (issue 8): issued from the register, paid at the
drawer, released (printed) only once paid, verified by their code.

* **Issue** (``certificate.issue``: every counter role). A certificate of good standing only
  when the register says the entity is in good standing; otherwise the refusal names every
  reason and offers a certificate of status, which states the actual status and makes no
  standing statement, for any entity. Issuing records a snapshot of every fact the page will
  print with its SHA-256, a certificate number from the gapless "certificate" series, a random
  verification code with a check digit, and the fee line (a ``Charge``) the teller collects, all
  in one transaction with its audit record.
* **Release** (``certificate.issue``). Refused until the charge is paid at the drawer. The first
  print releases the certificate (``released_at``, and the PDF's SHA-256 kept); every print is
  appended to ``certificate_prints``; a print after the first is a REPRINT, marked on the page
  and audited. The certificate row is read ``FOR UPDATE`` (PostgreSQL; SQLite has one writer),
  so two workstations printing at once make one release and one reprint, never two releases.
* **Verify** (``certificate.verify``: every counter role, as a look-up of the register is; the
  command line signs in as a person like every command). Read-only and not audited, like any
  look-up: valid, not issued, different facts (naming each), or altered (a PDF given that is no
  print's bytes). A malformed code is refused at the field "code" before any look-up.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from workstation.db.uow import Database, UnitOfWork
from workstation.domain import verification_code as codes
from workstation.domain.certificate_text import differences
from workstation.domain.money import format_cents
from workstation.domain.templates import long_date
from workstation.errors import ConflictError, UserError
from workstation.models import Certificate, CertificatePrint, Entity
from workstation.models.types import utcnow
from workstation.printing.certificate_pdf import build_certificate_pdf
from workstation.printing.common import format_time
from workstation.services import audit, certificate_papers
from workstation.services.authz import authorize
from workstation.services.certificate_dto import (
    ALTERED,
    DIFFERENT_FACTS,
    NOT_ISSUED,
    VALID,
    IssuedCertificate,
    PrintedCertificate,
    Verification,
)
from workstation.services.certificate_issue import (
    Subject,
    charges_of,
    office_day,
    product_of,
    record,
)
from workstation.services.dto import Actor
from workstation.services.profile import Profile

STANDING = "in good standing"
_SPACES = re.compile(r"[\s-]+")


# ---------------------------------------------------------------------- issuing


def issue_good_standing(db: Database, profile: Profile, actor: Actor,
                        entity_number: str) -> IssuedCertificate:
    """A certificate of good standing for the entity ``entity_number``, with its fee line.

    Refused (field "entity", code "not_in_good_standing") unless the register says the entity
    is in good standing today (office date): the message names every reason and offers a
    certificate of status instead. Also refused for an unknown number, or a record lacking a
    fact the certificate states (its formation date)."""
    product = product_of(profile, "good_standing")
    number = entity_number_of(entity_number)

    def work(uow: UnitOfWork) -> IssuedCertificate:
        authorize(uow, actor, "certificate.issue")
        entity = entity_of(uow, number)
        now = utcnow()
        standing, reasons = profile.good_standing(entity, office_day(profile, now))
        if standing is not True:
            raise UserError(_not_in_good_standing(profile, entity, standing, reasons),
                            field="entity", code="not_in_good_standing")
        facts = {**entity_facts(profile, entity), "entity.standing": STANDING}
        issued = record(uow, profile, actor, product, facts, now, Subject(entity=entity))
        uow.commit()
        return issued

    return db.run(work)


def issue_status(db: Database, profile: Profile, actor: Actor,
                 entity_number: str) -> IssuedCertificate:
    """A certificate of status for any entity on the register: its actual status and the date
    it took effect, no standing statement. Refused for an unknown number or a record lacking a
    fact the certificate states."""
    product = product_of(profile, "status")
    number = entity_number_of(entity_number)

    def work(uow: UnitOfWork) -> IssuedCertificate:
        authorize(uow, actor, "certificate.issue")
        entity = entity_of(uow, number)
        issued = record(uow, profile, actor, product, entity_facts(profile, entity),
                        utcnow(), Subject(entity=entity))
        uow.commit()
        return issued

    return db.run(work)


def entity_number_of(text: str) -> str:
    number = _SPACES.sub("", text).upper()
    if not number:
        raise UserError("Type the entity's number.", field="entity")
    return number


def entity_of(uow: UnitOfWork, number: str) -> Entity:
    found = uow.session.execute(select(Entity).where(Entity.number == number)
                                ).scalar_one_or_none()
    if found is None:
        raise UserError(f"No entity on the register has the number {number}.", field="entity")
    return found


def _not_in_good_standing(profile: Profile, entity: Entity, standing: bool | None,
                          reasons: list[str]) -> str:
    """The refusal: every reason, and the certificate that can be issued instead."""
    status = profile.entity_types.status_label(entity.status)
    why = "; ".join(reasons) or "the register does not show it in good standing"
    verdict = "no certificate of good standing" if standing is None else "not in good standing"
    return (f"{entity.name} ({entity.number}): {verdict}: {why}. A certificate of status, "
            f"which states its actual status ({status}) and no standing, can be issued "
            "instead.")


def entity_facts(profile: Profile, entity: Entity) -> dict[str, str]:
    """What a certificate states about ``entity``, as printed (absent facts left out)."""
    facts = {"entity.name": entity.name, "entity.number": entity.number,
             "entity.type": _in_sentence(profile.entity_type_label(entity.entity_type)),
             "entity.status": profile.entity_types.status_label(entity.status)}
    if entity.formation_date is not None:
        facts["entity.formation_date"] = long_date(entity.formation_date)
    if entity.status_date is not None:
        facts["entity.status_date"] = long_date(entity.status_date)
    return facts


def _in_sentence(label: str) -> str:
    """"Limited liability company" -> "limited liability company" (it reads in the text);
    "LLP registration" keeps its capitals."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


# ---------------------------------------------------------------------- releasing


def release(db: Database, profile: Profile, actor: Actor,
            certificate_number: str) -> PrintedCertificate:
    """The certificate's PDF for the customer. Refused (field "payment") until its charge is
    paid at the drawer. The first print releases it; any later print is a REPRINT, marked on
    the page. Every print is recorded with its PDF's hash and audited."""
    key = _SPACES.sub("", certificate_number).upper()

    def work(uow: UnitOfWork) -> PrintedCertificate:
        authorize(uow, actor, "certificate.issue")
        row = uow.session.execute(select(Certificate).where(Certificate.number == key)
                                  .with_for_update()).scalar_one_or_none()
        if row is None:
            raise UserError(f"No certificate has the number {key or '(blank)'}.",
                            field="certificate")
        _check_paid(uow, row)
        now = utcnow()
        first = row.released_at is None
        if row.released_at is not None and not profile.certificates.reprints(row.kind):
            raise UserError(f"{row.number} was printed on "
                            f"{format_time(row.released_at, profile.calendar.zone)} and is "
                            "never printed again: no duplicates are issued; a lost one needs "
                            "a new application and fee.", field="certificate",
                            code="no_duplicates")
        snapshot = _snapshot(row)
        reprint = "" if first else certificate_papers.reprint_line(
            format_time(now, profile.calendar.zone), actor.username,
            format_time(row.released_at, profile.calendar.zone) if row.released_at else "")
        pdf = build_certificate_pdf(certificate_papers.sheet_of(snapshot, reprint))
        digest = certificate_papers.sha256_hex(pdf)
        if first:
            _mark_released(uow, row, actor, now, digest)
        printed = _prints(uow, row.id) + 1
        uow.session.add(CertificatePrint(certificate_id=row.id, printed_at=now,
                                         printed_by=actor.user_id, reprint=not first,
                                         pdf_sha256=digest))
        audit.record(uow, actor, "certificate.release" if first else "certificate.reprint",
                     "certificate", row.id,
                     after={"number": row.number, "print": printed, "pdf_sha256": digest})
        uow.commit()
        return PrintedCertificate(row.number, pdf, not first, printed, digest, now)

    return db.run(work)


def _check_paid(uow: UnitOfWork, row: Certificate) -> None:
    """Refused (field "payment") while any of the certificate's fee lines is not paid."""
    unpaid = [c for c in charges_of(uow, row) if c.status != "paid"]
    if unpaid:
        owed = ", ".join(f"C{c.id} {format_cents(c.amount_cents)}" for c in unpaid)
        raise UserError(f"Certificate {row.number} is not paid: its fee ({owed}) is paid at "
                        "the drawer first.", field="payment", code="unpaid")



def _snapshot(row: Certificate) -> dict[str, Any]:
    """The stored snapshot, refused if it no longer matches the hash taken at issue."""
    if certificate_papers.sha256_hex(row.snapshot.encode("utf-8")) != row.snapshot_sha256:
        raise UserError(f"The record of certificate {row.number} does not match its hash and "
                        "cannot be printed: tell a lead.", field="certificate", code="tampered")
    return certificate_papers.load(row.snapshot)


def _mark_released(uow: UnitOfWork, row: Certificate, actor: Actor, now: datetime,
                   digest: str) -> None:
    changed = uow.session.connection().execute(
        update(Certificate).where(Certificate.id == row.id, Certificate.released_at.is_(None))
        .values(released_at=now, released_by=actor.user_id, pdf_sha256=digest)).rowcount
    if changed != 1:  # the row lock makes this unreachable; never release twice regardless
        raise ConflictError(f"Certificate {row.number} was released just now at another "
                            "workstation; print it again for a reprint.")


def _prints(uow: UnitOfWork, certificate_id: int) -> int:
    return int(uow.session.execute(select(func.count()).select_from(CertificatePrint).where(
        CertificatePrint.certificate_id == certificate_id)).scalar_one())


# ---------------------------------------------------------------------- verifying


def verify(db: Database, profile: Profile, actor: Actor, code: str, *,
           facts: Mapping[str, str] | None = None, pdf: bytes | None = None) -> Verification:
    """Whether the office issued the certificate with verification code ``code`` and, when
    given, whether it stated ``facts`` (field or label -> value) and whether ``pdf`` is one of
    its prints byte for byte. Refuses a malformed code (field "code") before any look-up."""
    try:
        digits = codes.parse_code(code)
    except codes.VerificationCodeError as exc:
        raise UserError(str(exc), field="code", code="malformed") from exc
    printed = codes.format_code(digits)

    def work(uow: UnitOfWork) -> Verification:
        authorize(uow, actor, "certificate.verify")
        row = uow.session.execute(select(Certificate).where(
            Certificate.verification_code == digits)).scalar_one_or_none()
        if row is None:
            return Verification(NOT_ISSUED, printed, f"No certificate with the verification "
                                f"code {printed} was issued by this office.")
        return _verdict(uow, profile, row, printed, facts, pdf)

    return db.run(work, read_only=True)


def _verdict(uow: UnitOfWork, profile: Profile, row: Certificate, printed: str,
             facts: Mapping[str, str] | None, pdf: bytes | None) -> Verification:
    if row.released_at is None:
        return Verification(NOT_ISSUED, printed, f"Certificate {row.number} was recorded but "
                            "never released (its fee was not paid): it was not issued.",
                            number=row.number, kind=row.kind)
    snapshot = _snapshot(row)
    issued_on = office_day(profile, row.issued_at)
    said = f"Certificate {row.number} ({snapshot['title']}) issued on {long_date(issued_on)}"
    matched = _matching_print(uow, row.id, pdf) if pdf is not None else None
    diffs = differences(snapshot["facts"], facts or {}, certificate_papers.rows_of(snapshot))
    found = Verification(VALID, printed, "", number=row.number, kind=row.kind,
                         title=snapshot["title"], issued_at=row.issued_at, issued_on=issued_on,
                         released=True, facts=certificate_papers.facts_of(snapshot),
                         differences=diffs, matched_print=matched)
    if pdf is not None and matched is None:
        return replace(found, outcome=ALTERED, message=f"{said}: the file given is not a copy "
                       "this office printed (it has been changed). Its true facts are below.")
    if diffs:
        return replace(found, outcome=DIFFERENT_FACTS,
                       message=f"{said} states different facts: {'; '.join(diffs)}.")
    copy = "" if matched is None else (" The file is the original as released." if matched == 1
                                       else f" The file is reprint {matched - 1}.")
    return replace(found, message=f"{said} is valid and states the facts below.{copy}")


def _matching_print(uow: UnitOfWork, certificate_id: int, pdf: bytes) -> int | None:
    """Which print (1 = the release) ``pdf`` is, byte for byte; None if none."""
    digest = certificate_papers.sha256_hex(pdf)
    hashes = uow.session.execute(select(CertificatePrint.pdf_sha256).where(
        CertificatePrint.certificate_id == certificate_id).order_by(CertificatePrint.id)
    ).scalars().all()
    return next((n for n, h in enumerate(hashes, 1) if h == digest), None)

