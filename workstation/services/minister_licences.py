"""Licences to solemnize marriages (ORC 3101.10; ohiosos.gov minister-licenses FAQ, domain.md
1.4 and MIN-01): issued on an application with a copy of the minister's credentials from the
religious society or congregation, for the product's fee (OH-MINISTER, $10).

Refused:

* a blank name, credentials name, religious body or address (the field named);
* credentials that are an "unofficial" copy, not the body's certificate or letter (MIN-01);
* a name on the application that differs from the name on the credentials (MIN-01). Case,
  spacing and punctuation may differ ("Rev. John O'Neil" and "REV JOHN ONEIL"); nothing else
  may, not even a title: "John O'Neil" is not "Rev. John O'Neil", because the name must match
  the credentials as written;
* a second licence for the same person and the same religious body: the office issues no
  duplicates. A lost licence needs a new application and a new fee, so an application that says
  it replaces a lost licence is issued a new licence (new number, new fee). A change of
  congregation needs a new licence, so a licence for another religious body is issued. A
  licence recorded but not yet printed is never doubled: its fee is taken and it is printed.
* a second print of a released licence: ``certificates.release`` refuses it (the product has
  ``reprints = false``; field "certificate", code "no_duplicates").

The person is found by ``Certificate.subject_key``, the name made into a key by
``minister_key``; the religious body of an earlier licence is read from its snapshot, which
states it as printed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from workstation.db.uow import Database, UnitOfWork
from workstation.domain.templates import long_date
from workstation.errors import UserError
from workstation.models import Certificate, Charge
from workstation.models.types import utcnow
from workstation.services import audit, certificate_papers
from workstation.services.authz import authorize
from workstation.services.certificate_dto import IssuedCertificate
from workstation.services.certificate_issue import Subject, office_day, product_of, record
from workstation.services.dto import Actor
from workstation.services.profile import Profile

KIND = "minister_licence"
MIN_01 = "MIN-01"
NAME_MAX = 200  # characters of the name as typed
KEY_MAX = 300  # Certificate.subject_key's width


@dataclass(frozen=True)
class MinisterApplication:
    """An application for a licence, as the clerk types it from the papers."""

    name: str  # as on the application
    credentials_name: str  # as on the credentials
    religious_body: str
    address: str
    # The credentials are an official certificate or letter, not an "unofficial" copy.
    credentials_official: bool
    replaces_lost: bool = False  # the application says it replaces a lost licence


@dataclass(frozen=True)
class LicenceRow:
    """One licence a person holds (or was recorded for), for the clerk's duplicate check."""

    number: str
    religious_body: str
    issued_at: datetime
    issued_on: date  # the office's date of issue
    released: bool  # printed (paid and handed over)
    void: bool = False  # its fee line was voided: not a licence


# ---------------------------------------------------------------------- names


def minister_key(name: str) -> str:
    """The name as a key: NFKC, case-folded, with every punctuation mark and every space
    removed, so "Rev. John  O'Neil", "rev john oneil" and "Rev John O’Neil" are one key
    ("revjohnoneil"). Letters, digits and accents are kept; titles (Rev., Pastor) are not
    stripped, since the name must match the credentials as written."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return "".join(ch for ch in folded if not _ignored(ch))


def _ignored(ch: str) -> bool:
    category = unicodedata.category(ch)
    return ch.isspace() or category[0] in ("P", "Z") or category == "Cf"


def names_match(application: str, credentials: str) -> bool:
    """Whether the two names are the same name: case, spacing and punctuation forgiven, nothing
    else (a different, missing or extra letter, digit or accent is a different name)."""
    key = minister_key(application)
    return bool(key) and key == minister_key(credentials)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _address(text: str) -> str:
    """An address typed on several lines, as one printed line: "1 Main St, Columbus OH"."""
    return ", ".join(line for line in (_one_line(part) for part in text.splitlines()) if line)


# ---------------------------------------------------------------------- issuing


def issue_minister_licence(db: Database, profile: Profile, actor: Actor,
                           application: MinisterApplication) -> IssuedCertificate:
    """A licence for ``application`` with its fee line (the teller collects it, then the
    licence is printed once). Refused for the reasons in the module's docstring."""
    product = product_of(profile, KIND)
    name, body = _one_line(application.name), _one_line(application.religious_body)
    address = _address(application.address)
    _check_application(application, name, body, address)
    key = minister_key(name)

    def work(uow: UnitOfWork) -> IssuedCertificate:
        authorize(uow, actor, "certificate.issue")
        facts = {"minister.name": name, "minister.religious_body": body,
                 "minister.address": address}
        issued = record(uow, profile, actor, product, facts, utcnow(), Subject(subject_key=key))
        # Checked after the number is taken: the series row stays locked until commit, so of
        # two workstations issuing to one person at once the second sees the first's licence.
        earlier = _same_body(_licences(uow, profile, key), body, issued.number)
        _check_duplicates(profile, earlier, name, body, application.replaces_lost)
        if application.replaces_lost:
            _audit_replacement(uow, actor, issued.number, earlier)
        uow.commit()
        return issued

    return db.run(work)


def _check_application(application: MinisterApplication, name: str, body: str,
                       address: str) -> None:
    """The papers' own rules, before any look-up: every field given, official credentials, the
    name as on the credentials (MIN-01)."""
    credentials = _one_line(application.credentials_name)
    for field, value, what in (("name", minister_key(name),
                                "the minister's name as on the application"),
                               ("credentials_name", minister_key(credentials),
                                "the name as it appears on the credentials"),
                               ("religious_body", body,
                                "the religious society or congregation"),
                               ("address", address, "the minister's address")):
        if not value:
            raise UserError(f"Type {what}.", field=field, code="required")
    if len(name) > NAME_MAX or len(minister_key(name)) > KEY_MAX:
        raise UserError(f"The name is longer than {NAME_MAX} characters.", field="name")
    if not application.credentials_official:
        raise UserError('The credentials are an "unofficial" copy: a licence is issued only on '
                        "a copy of the religious society's or congregation's certificate or "
                        f"letter of ordination or licensing ({MIN_01}).",
                        field="credentials_official", code=MIN_01)
    if not names_match(name, credentials):
        raise UserError(f'The name on the application, "{name}", differs from the name on the '
                        f'credentials, "{credentials}": the licence is issued only in the name '
                        "the credentials give (case, spacing and punctuation may differ, "
                        f"nothing else) ({MIN_01}).", field="credentials_name", code=MIN_01)


def _same_body(licences: tuple[LicenceRow, ...], body: str, new: str) -> list[LicenceRow]:
    """The person's earlier licences, not voided, for ``body`` (compared as names are)."""
    wanted = minister_key(body)
    return [lic for lic in licences if lic.number != new and not lic.void
            and minister_key(lic.religious_body) == wanted]


def _check_duplicates(profile: Profile, earlier: list[LicenceRow], name: str, body: str,
                      replaces_lost: bool) -> None:
    """No duplicates: a licence not yet printed is printed, not doubled; a printed one is
    replaced only on an application that says it was lost."""
    waiting = next((lic for lic in earlier if not lic.released), None)
    if waiting is not None:
        raise UserError(f"{name} already has licence {waiting.number} for {body}, recorded on "
                        f"{long_date(waiting.issued_on)} and not yet printed: take its fee at "
                        "the drawer and print it; no second licence is issued.",
                        field="name", code="duplicate")
    if earlier and not replaces_lost:
        held = earlier[-1]
        raise UserError(f"{name} is already licensed for {body}: licence {held.number}, issued "
                        f"on {long_date(held.issued_on)}. No duplicate licences are issued; a "
                        "lost licence needs a new application and fee: tick \"replaces a lost "
                        "licence\".", field="name", code="duplicate")


def _audit_replacement(uow: UnitOfWork, actor: Actor, number: str,
                       earlier: list[LicenceRow]) -> None:
    """The application said it replaces a lost licence: which ones it replaces, on record."""
    row_id = uow.session.execute(select(Certificate.id).where(Certificate.number == number)
                                 ).scalar_one()
    audit.record(uow, actor, "certificate.replace_lost", "certificate", row_id,
                 after={"number": number, "replaces": [lic.number for lic in earlier]},
                 reason="application replaces a lost licence")


# ---------------------------------------------------------------------- reading


def licences_of(db: Database, profile: Profile, actor: Actor,
                name: str) -> tuple[LicenceRow, ...]:
    """Every licence recorded for the person named ``name`` (matched as ``minister_key``
    does), oldest first: what the clerk checks before taking a new application."""
    product_of(profile, KIND)
    key = minister_key(name)
    if not key:
        raise UserError("Type the minister's name.", field="name", code="required")

    def work(uow: UnitOfWork) -> tuple[LicenceRow, ...]:
        authorize(uow, actor, "certificate.issue")
        return _licences(uow, profile, key)

    return db.run(work, read_only=True)


def _licences(uow: UnitOfWork, profile: Profile, key: str) -> tuple[LicenceRow, ...]:
    rows = uow.session.execute(
        select(Certificate.number, Certificate.snapshot, Certificate.issued_at,
               Certificate.released_at, Charge.status)
        .join(Charge, Charge.id == Certificate.charge_id)
        .where(Certificate.kind == KIND, Certificate.subject_key == key)
        .order_by(Certificate.id)).all()
    return tuple(LicenceRow(
        number=r.number,
        religious_body=certificate_papers.load(r.snapshot)["facts"]["minister.religious_body"],
        issued_at=r.issued_at, issued_on=office_day(profile, r.issued_at),
        released=r.released_at is not None, void=r.status == "void") for r in rows)
