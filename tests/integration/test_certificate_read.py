"""The certificates screen's reads on both databases: the list newest first, found by certificate
number, entity number or name, minister or fee reference, each row's state from unpaid to paid to
released (or void) with its prints counted, in a fixed number of queries; the detail's facts, fee
lines and prints; and the specimen PDF, marked and never recorded as a print."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, func, select, update

from tests.integration.teller_support import P, opened, person
from tests.integration.test_certificates import new_entity, qr_texts, text_of
from tests.integration.test_minister_licences import APPLICATION, apply, pay
from workstation.errors import PermissionDenied, UserError
from workstation.models import AuditRecord, Certificate, CertificatePrint, Charge
from workstation.services import certificate_read, certificates
from workstation.services.certificate_dto import IssuedCertificate
from workstation.services.certificate_read_dto import CertificateRow
from workstation.startup import Backend


@contextmanager
def statements(backend: Backend) -> Iterator[list[str]]:
    """The SQL statements run while the block runs."""
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(backend.db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(backend.db.engine, "before_cursor_execute", count)


def three(backend: Backend) -> tuple[str, IssuedCertificate, IssuedCertificate,
                                     IssuedCertificate]:
    """A good standing and a status for one entity, then a minister licence: the entity's
    number and the three, in the order issued."""
    clerk = person(backend, "clerk")
    entity = new_entity(backend)
    good = certificates.issue_good_standing(backend.db, P, clerk, entity)
    status = certificates.issue_status(backend.db, P, person(backend, "senior"), entity)
    return entity, good, status, apply(backend)


def listed(backend: Backend, search: str = "", who: str = "clerk") -> list[str]:
    return [r.number for r in certificate_read.list_certificates(
        backend.db, P, person(backend, who), search=search)]


def test_the_list_is_newest_first_and_says_what_each_is(demo_backend: Backend) -> None:
    entity, good, status, licence = three(demo_backend)
    rows = certificate_read.list_certificates(demo_backend.db, P, person(demo_backend, "lead"))
    assert [r.number for r in rows] == [licence.number, status.number, good.number]
    top, middle, bottom = rows
    assert (top.kind, top.title, top.subject) == (
        "minister_licence", "License to Solemnize Marriages", "Rev. John O'Neil")
    assert bottom.subject == f"Maple Orchard Holdings LLC ({entity})"
    assert (bottom.title, bottom.issued_by, middle.issued_by) == (
        "Certificate of Good Standing", "clerk", "senior")
    assert (top.amount_cents, bottom.amount_cents) == (1000, 500)
    assert top.fee_refs == (licence.charge_reference,) and top.issued_at == licence.issued_at
    assert all(r.state == "unpaid" and r.prints == 0 for r in rows)
    limited = certificate_read.list_certificates(demo_backend.db, P,
                                                 person(demo_backend, "clerk"), limit=2)
    assert [r.number for r in limited] == [licence.number, status.number]


def test_search_by_number_entity_fee_reference_and_minister(demo_backend: Backend) -> None:
    entity, good, status, licence = three(demo_backend)
    assert listed(demo_backend, good.number.lower()) == [good.number]
    assert listed(demo_backend, " ce 1 ") == [good.number]  # CE1 is CE0000001
    assert listed(demo_backend, entity) == [status.number, good.number]
    assert listed(demo_backend, "orchard HOLD") == [status.number, good.number]
    assert listed(demo_backend, status.charge_reference.lower()) == [status.number]
    assert listed(demo_backend, "john  oneil") == [licence.number]
    assert listed(demo_backend, "O'Neil") == [licence.number]
    assert listed(demo_backend, "no such thing") == []
    assert listed(demo_backend, "100%_") == []  # LIKE wildcards are the clerk's text
    assert listed(demo_backend, "   ") == [licence.number, status.number, good.number]


def test_states_go_unpaid_paid_released_and_prints_count(demo_backend: Backend) -> None:
    db, clerk = demo_backend.db, person(demo_backend, "clerk")
    _, good, status, _ = three(demo_backend)
    teller_clerk, _ = opened(demo_backend)

    def row(number: str) -> CertificateRow:
        (found,) = certificate_read.list_certificates(db, P, clerk, search=number)
        return found

    assert (row(good.number).state, row(good.number).prints) == ("unpaid", 0)
    pay(demo_backend, teller_clerk, good)
    assert (row(good.number).state, row(good.number).prints) == ("paid", 0)
    certificates.release(db, P, clerk, good.number)
    assert (row(good.number).state, row(good.number).prints) == ("released", 1)
    certificates.release(db, P, clerk, good.number)
    assert (row(good.number).state, row(good.number).prints) == ("released", 2)
    with db.uow() as uow:  # as a void of the fee line leaves it
        uow.session.execute(update(Charge).where(Charge.id == status.charge_id)
                            .values(status="void"))
        uow.commit()
    assert row(status.number).state == "void"


def test_the_list_costs_the_same_queries_for_many_rows(demo_backend: Backend) -> None:
    db, clerk = demo_backend.db, person(demo_backend, "clerk")
    three(demo_backend)
    with statements(demo_backend) as few:
        certificate_read.list_certificates(db, P, clerk)
    entity = new_entity(demo_backend, "Second Orchard LLC")
    for _ in range(8):
        certificates.issue_status(db, P, clerk, entity)
    with statements(demo_backend) as many:
        rows = certificate_read.list_certificates(db, P, clerk)
    assert len(rows) == 11 and len(many) == len(few) <= 5


def test_the_detail_shows_facts_fee_lines_and_prints(demo_backend: Backend) -> None:
    db, clerk = demo_backend.db, person(demo_backend, "clerk")
    _, good, _, licence = three(demo_backend)
    teller_clerk, _ = opened(demo_backend)
    pay(demo_backend, teller_clerk, good)
    certificates.release(db, P, clerk, good.number)
    certificates.release(db, P, person(demo_backend, "senior"), good.number)

    detail = certificate_read.certificate_detail(db, P, clerk, f" {good.number.lower()} ")
    assert detail.row.number == good.number and detail.row.state == "released"
    assert detail.code == good.code and detail.facts == good.facts
    assert [(f.reference, f.amount_cents, f.status) for f in detail.fee_lines] == [
        (good.charge_reference, 500, "paid")]
    assert good.number in detail.fee_lines[0].description
    assert [(p.printed_by, p.reprint) for p in detail.prints] == [("clerk", False),
                                                                 ("senior", True)]
    assert detail.reprints_allowed

    other = certificate_read.certificate_detail(db, P, clerk, licence.number)
    assert not other.reprints_allowed and other.prints == ()
    assert {f.field: f.value for f in other.facts}["minister.religious_body"] == (
        APPLICATION.religious_body)
    assert [(f.status, f.amount_cents) for f in other.fee_lines] == [("due", 1000)]
    with pytest.raises(UserError, match="No certificate has the number CE0000099") as unknown:
        certificate_read.certificate_detail(db, P, clerk, "CE99")
    assert unknown.value.field == "certificate"


def test_a_specimen_is_marked_and_not_a_print(demo_backend: Backend) -> None:
    db, clerk = demo_backend.db, person(demo_backend, "clerk")
    licence = apply(demo_backend)
    with db.uow(read_only=True) as uow:
        audited = uow.session.execute(select(func.count()).select_from(AuditRecord)
                                      ).scalar_one()
    pdf = certificate_read.specimen(db, P, clerk, licence.number)
    text = text_of(pdf)
    assert "SPECIMEN · NOT RELEASED · NOT VALID" in text
    for fact in licence.facts:
        assert fact.value in text, fact.field
    assert qr_texts(pdf) == [licence.code]
    with db.uow(read_only=True) as uow:
        assert uow.session.execute(select(func.count()).select_from(CertificatePrint)
                                   ).scalar_one() == 0
        assert uow.session.execute(select(Certificate.released_at)).scalar_one() is None
        assert uow.session.execute(select(func.count()).select_from(AuditRecord)
                                   ).scalar_one() == audited
    # Paid and printed afterwards: the licence is its one print, not a reprint.
    pay(demo_backend, opened(demo_backend)[0], licence)
    printed = certificates.release(db, P, clerk, licence.number)
    assert printed.print_number == 1 and not printed.reprint
    assert "SPECIMEN" not in text_of(printed.pdf) and printed.pdf != pdf
    assert certificates.verify(db, P, clerk, licence.code, pdf=pdf).outcome == "altered"
    with pytest.raises(UserError) as unknown:
        certificate_read.specimen(db, P, clerk, "CE0000042")
    assert unknown.value.field == "certificate"


def test_a_tampered_record_is_neither_shown_nor_drawn(demo_backend: Backend) -> None:
    db, clerk = demo_backend.db, person(demo_backend, "clerk")
    licence = apply(demo_backend)
    with db.uow() as uow:
        uow.session.execute(update(Certificate).values(
            snapshot=Certificate.snapshot + " "))
        uow.commit()
    for read in (certificate_read.certificate_detail, certificate_read.specimen):
        with pytest.raises(UserError, match="does not match its hash") as refused:
            read(db, P, clerk, licence.number)  # type: ignore[operator]
        assert refused.value.code == "tampered"
    assert listed(demo_backend) == [licence.number]  # the list still shows it


def test_an_admin_may_not_read_certificates(demo_backend: Backend) -> None:
    _, good, _, _ = three(demo_backend)
    admin = person(demo_backend, "admin")
    with pytest.raises(PermissionDenied):
        certificate_read.list_certificates(demo_backend.db, P, admin)
    with pytest.raises(PermissionDenied):
        certificate_read.certificate_detail(demo_backend.db, P, admin, good.number)
    with pytest.raises(PermissionDenied):
        certificate_read.specimen(demo_backend.db, P, admin, good.number)
