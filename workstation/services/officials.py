"""The table of public officials whose signatures the office certifies on apostilles and
authentications (issue 8; domain.md 1.4 and APO-01).

An apostille certifies that a signature is that of a public official acting in an official
capacity, checked against the specimen the official filed with the office (Ohio's "Office
Holder Authentication Update"). Leads keep the table (``certificate.officials``): they add an
official with the date the specimen was filed, record a newer specimen when one is filed, and
retire an official who has left office, with a reason. The apostille desk picks from it
(``certificate.issue``). Nothing is deleted: a retired official stays, so the certificates
that name them still point at the row, and the audit trail keeps every change with its
before and after.

Refused: a blank name, title or jurisdiction (the field named); a specimen date after today
(field "specimen_on"); an active official with the same name, title and jurisdiction (field
"name", code "duplicate"); a new specimen not newer than the one on file, or for a retired
official; retiring without a reason (field "reason") or twice; an unknown id (field
"official").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select

from workstation.db.uow import Database, UnitOfWork
from workstation.domain.templates import long_date
from workstation.errors import UserError
from workstation.models import Official
from workstation.services import audit
from workstation.services.authz import authorize
from workstation.services.dto import Actor

TEXT_MAX = 200  # Official.name, .title and .jurisdiction are String(200)


@dataclass(frozen=True)
class OfficialView:
    id: int
    name: str
    title: str  # "Notary Public"
    jurisdiction: str  # "Franklin County"
    specimen_on: date  # the specimen signature on file since
    active: bool

    @property
    def described(self) -> str:
        """"Jane Roe, Notary Public, Franklin County": who, as a refusal names them."""
        return f"{self.name}, {self.title}, {self.jurisdiction}"


def view_of(official: Official) -> OfficialView:
    return OfficialView(official.id, official.name, official.title, official.jurisdiction,
                        official.specimen_on, official.active)


def _snapshot(official: Official) -> dict[str, Any]:
    return {"name": official.name, "title": official.title,
            "jurisdiction": official.jurisdiction,
            "specimen_on": official.specimen_on.isoformat(), "active": official.active}


# ---------------------------------------------------------------------- reading


def list_officials(db: Database, actor: Actor, *, search: str = "",
                   include_inactive: bool = False) -> tuple[OfficialView, ...]:
    """The officials on file, by name (then title, jurisdiction): those whose name, title or
    jurisdiction contains ``search`` (case ignored), active ones only unless
    ``include_inactive``. Every counter role: the apostille desk picks the signer from it."""
    wanted = " ".join(search.split()).lower()

    def work(uow: UnitOfWork) -> tuple[OfficialView, ...]:
        authorize(uow, actor, "certificate.issue")
        query = select(Official)
        if not include_inactive:
            query = query.where(Official.active.is_(True))
        if wanted:
            query = query.where(func.lower(Official.name).contains(wanted, autoescape=True)
                                | func.lower(Official.title).contains(wanted, autoescape=True)
                                | func.lower(Official.jurisdiction).contains(wanted,
                                                                             autoescape=True))
        query = query.order_by(Official.name, Official.title, Official.jurisdiction, Official.id)
        return tuple(view_of(o) for o in uow.session.execute(query).scalars())

    return db.run(work, read_only=True)


# ---------------------------------------------------------------------- keeping the table


def add_official(db: Database, actor: Actor, name: str, title: str, jurisdiction: str,
                 specimen_on: date) -> OfficialView:
    """Put an official on file with the date their specimen signature was filed. Leads
    (``certificate.officials``); audited "official.add". Refused: a blank field, a specimen
    date after today, the same active official already on file."""
    said = {"name": _one_line(name, "name", "the official's name"),
            "title": _one_line(title, "title", 'the capacity they sign in ("Notary Public")'),
            "jurisdiction": _one_line(jurisdiction, "jurisdiction",
                                      'where they hold office ("Franklin County")')}
    _check_specimen_date(specimen_on)

    def work(uow: UnitOfWork) -> OfficialView:
        authorize(uow, actor, "certificate.officials")
        _check_not_on_file(uow, said["name"], said["title"], said["jurisdiction"])
        official = Official(**said, specimen_on=specimen_on, active=True)
        uow.session.add(official)
        uow.session.flush()
        audit.record(uow, actor, "official.add", "official", official.id,
                     after=_snapshot(official))
        uow.commit()
        return view_of(official)

    return db.run(work)


def record_specimen(db: Database, actor: Actor, official_id: int,
                    specimen_on: date) -> OfficialView:
    """A new specimen signature filed (a new "Office Holder Authentication Update"): the date
    on file becomes ``specimen_on``. Leads; audited "official.specimen" with before and
    after. Refused: a date after today or not after the one on file, a retired official."""
    _check_specimen_date(specimen_on)

    def work(uow: UnitOfWork) -> OfficialView:
        authorize(uow, actor, "certificate.officials")
        official = _official(uow, official_id)
        if not official.active:
            raise UserError(f"{view_of(official).described} is retired: put them on file "
                            "again as a new official with the new specimen.",
                            field="official", code="retired")
        if specimen_on <= official.specimen_on:
            raise UserError(f"The specimen on file for {official.name} was filed on "
                            f"{long_date(official.specimen_on)}; a new specimen is filed "
                            "after it.", field="specimen_on", code="not_newer")
        before = _snapshot(official)
        official.specimen_on = specimen_on
        uow.session.flush()  # the version column is checked and bumped here
        audit.record(uow, actor, "official.specimen", "official", official.id, before=before,
                     after=_snapshot(official))
        uow.commit()
        return view_of(official)

    return db.run(work)


def retire_official(db: Database, actor: Actor, official_id: int, reason: str) -> OfficialView:
    """Take an official off the table (left office, signature withdrawn): no apostille names
    them from now on. Leads; audited "official.retire" with the reason. Refused: no reason,
    an official already retired."""
    why = " ".join(reason.split())
    if not why:
        raise UserError("Say why the official is retired (left office, ...).", field="reason",
                        code="required")

    def work(uow: UnitOfWork) -> OfficialView:
        authorize(uow, actor, "certificate.officials")
        official = _official(uow, official_id)
        if not official.active:
            raise UserError(f"{view_of(official).described} is already retired.",
                            field="official", code="retired")
        before = _snapshot(official)
        official.active = False
        uow.session.flush()
        audit.record(uow, actor, "official.retire", "official", official.id, before=before,
                     after=_snapshot(official), reason=why)
        uow.commit()
        return view_of(official)

    return db.run(work)


# ---------------------------------------------------------------------- rules


def _one_line(value: str, field: str, what: str) -> str:
    said = " ".join(value.split())
    if not said:
        raise UserError(f"Type {what}.", field=field, code="required")
    if len(said) > TEXT_MAX:
        raise UserError(f"The {field} is longer than {TEXT_MAX} characters.", field=field)
    return said


def _check_specimen_date(specimen_on: date) -> None:
    """A specimen is on file from the day it was filed: never a day still to come. Today is
    the workstation's date, which is the office's."""
    if specimen_on > date.today():
        raise UserError(f"The specimen date {long_date(specimen_on)} is after today: type "
                        "the date the signature was filed.", field="specimen_on",
                        code="future")


def _check_not_on_file(uow: UnitOfWork, name: str, title: str, jurisdiction: str) -> None:
    """No second active row for one official: the desk would not know which to pick. Case is
    compared in Python: SQLite's lower() folds ASCII letters only ("JOSÉ" is not "josé"), so
    the query only narrows to active rows with names of the same length."""
    wanted = (name.casefold(), title.casefold(), jurisdiction.casefold())
    rows = uow.session.execute(select(Official).where(
        Official.active.is_(True), func.length(Official.name) == len(name))).scalars()
    found = next((o for o in rows if (o.name.casefold(), o.title.casefold(),
                                      o.jurisdiction.casefold()) == wanted), None)
    if found is not None:
        raise UserError(f"{view_of(found).described} is already on file, with a specimen "
                        f"filed on {long_date(found.specimen_on)}: record a new specimen on "
                        "that row instead.", field="name", code="duplicate")


def _official(uow: UnitOfWork, official_id: int) -> Official:
    """The official ``official_id``, locked for the change (PostgreSQL; SQLite has one
    writer), so two leads changing one row queue rather than overwrite each other."""
    found = uow.session.execute(select(Official).where(Official.id == official_id)
                                .with_for_update()).scalar_one_or_none()
    if found is None:
        raise UserError(f"No official on file has the id {official_id}.", field="official")
    return found
