"""Certified copies on both databases: the documents of an entity listed newest filed first with
their fee and why one cannot be certified; one certificate per document picked, in one
transaction, with two fee lines (certification, and copies per page in Ohio, per copy in
Connecticut) and the document as its item; released only when both fee lines are paid, the
page stating every fact of the snapshot; and each refusal, which leaves nothing behind."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.integration.teller_support import P, cash, key, opened
from tests.integration.teller_support import person as signed_in
from tests.integration.test_certificates import new_entity, qr_texts, snapshot_facts, text_of
from workstation.errors import PermissionDenied, UserError
from workstation.models import AuditRecord, Certificate, CertificateItem, Charge, Entity, Filing
from workstation.services import certificates, certified_copies, profile, teller
from workstation.services.certificate_dto import IssuedCertificate
from workstation.services.dto import Actor
from workstation.services.profile import Profile
from workstation.services.teller_dto import LineInput, ReceiptInput
from workstation.startup import Backend

CT = profile.load("connecticut")
FILED = datetime(2024, 3, 5, 2, 30, tzinfo=UTC)  # 9:30 pm on March 4, 2024 in Columbus
ARTICLES = "202406400001"
AMENDMENT = "202501000002"
ARTICLES_TITLE = "Articles of Organization, limited liability company (Form 610)"
NOT_FILED = {"received": "it was received and is not yet examined",
             "in_review": "it is in review", "hold": "it is on hold",
             "rejected": "it was rejected", "returned": "it was returned"}


def document(backend: Backend, entity_number: str, number: str, *, status: str = "completed",
             pages: int = 4, filed: datetime | None = FILED, filing_type: str = "OH-610",
             received: datetime | None = None) -> int:
    """A filing of the entity on the register (as an examiner's decision leaves it): its id."""
    with backend.db.uow() as uow:
        entity_id = uow.session.execute(select(Entity.id).where(
            Entity.number == entity_number)).scalar_one()
        filing = Filing(document_number=number, filing_type=filing_type, entity_id=entity_id,
                        received_at=received or (filed or FILED) - timedelta(days=2),
                        filed_at=filed, pages=pages, status=status)
        uow.session.add(filing)
        uow.session.flush()
        filing_id = filing.id
        uow.commit()
    return filing_id


def clerk(backend: Backend) -> Actor:
    return signed_in(backend, "clerk")


def issue(backend: Backend, entity: str, *numbers: str, office: Profile = P
          ) -> tuple[IssuedCertificate, ...]:
    return certified_copies.issue_certified_copies(backend.db, office, clerk(backend), entity,
                                                   numbers)


def receipt(backend: Backend, teller_clerk: Actor, references: Sequence[str],
            amount: str) -> str:
    """One receipt paying the charges ``references`` in cash: its number."""
    return teller.post_receipt(backend.db, P, teller_clerk, ReceiptInput(
        "Harrowgate Law", tuple(LineInput("charge", r) for r in references), (cash(amount),),
        key())).number


def counts(backend: Backend) -> tuple[int, int, int]:
    """Certificates, charges and certificate items on file."""
    with backend.db.uow(read_only=True) as uow:
        certificates_, charges, items = (
            int(uow.session.execute(select(func.count()).select_from(m)).scalar_one())
            for m in (Certificate, Charge, CertificateItem))
        return certificates_, charges, items


def refused(backend: Backend, entity: str, numbers: Sequence[str], code: str) -> str:
    """The refusal's message, checked to be at the field "documents" with ``code``."""
    with pytest.raises(UserError) as no:
        certified_copies.issue_certified_copies(backend.db, P, clerk(backend), entity, numbers)
    assert (no.value.field, no.value.code) == ("documents", code), no.value.message
    return no.value.message


# ---------------------------------------------------------------------- listing


def test_every_filing_is_listed_newest_filed_first_with_its_fee(demo_backend: Backend) -> None:
    entity = new_entity(demo_backend)
    articles = document(demo_backend, entity, ARTICLES)
    document(demo_backend, entity, AMENDMENT, filing_type="OH-543A", pages=2, status="accepted",
             filed=datetime(2025, 1, 10, 15, 0, tzinfo=UTC))
    document(demo_backend, entity, "202633000003", status="in_review", filed=None,
             received=datetime(2026, 11, 20, 15, 0, tzinfo=UTC))
    document(demo_backend, entity, "202633000004", status="rejected", filed=None,
             received=datetime(2026, 11, 2, 15, 0, tzinfo=UTC))
    other = new_entity(demo_backend, "Birch Lane Bakery LLC")
    document(demo_backend, other, "202406400099")

    listed = certified_copies.copyable_documents(demo_backend.db, P, clerk(demo_backend),
                                                 f" {entity} ")
    assert [d.document_number for d in listed] == [AMENDMENT, ARTICLES, "202633000003",
                                                   "202633000004"]
    amendment, first, in_review, rejected = listed
    assert first == certified_copies.CopyableDocument(
        filing_id=articles, document_number=ARTICLES, title=P.filing_type_label("OH-610"),
        filed_on=date(2024, 3, 4), pages=4, status="completed", fee_cents=900, copyable=True,
        why_not="")
    assert (amendment.fee_cents, amendment.copyable, amendment.filed_on) == (
        700, True, date(2025, 1, 10))  # $5 certification + 2 pages at $1
    assert not in_review.copyable and in_review.why_not == "not filed: it is in review"
    assert in_review.filed_on is None and in_review.status == "in_review"
    assert not rejected.copyable and rejected.why_not == "not filed: it was rejected"

    ct = certified_copies.copyable_documents(demo_backend.db, CT, clerk(demo_backend), entity)
    assert {d.document_number: d.fee_cents for d in ct}[ARTICLES] == 5500  # $15 + $40 a copy
    assert {d.document_number: d.fee_cents for d in ct}[AMENDMENT] == 5500


def test_listing_needs_a_known_entity_and_the_permission(demo_backend: Backend) -> None:
    with pytest.raises(UserError, match="No entity on the register has the number 9999999"):
        certified_copies.copyable_documents(demo_backend.db, P, clerk(demo_backend), "9999999")
    entity = new_entity(demo_backend)
    with pytest.raises(PermissionDenied):
        certified_copies.copyable_documents(demo_backend.db, P,
                                            signed_in(demo_backend, "admin"), entity)


# ---------------------------------------------------------------------- issuing


def test_a_certified_copy_has_two_fee_lines_and_covers_its_document(
        demo_backend: Backend) -> None:
    entity = new_entity(demo_backend)
    filing_id = document(demo_backend, entity, ARTICLES)
    (issued,) = issue(demo_backend, entity, ARTICLES[:4] + " " + ARTICLES[4:])
    assert (issued.number, issued.kind, issued.title) == (
        "CE0000001", "certified_copy", "Certificate of Certified Copy")
    assert (issued.fee_code, issued.amount_cents) == ("OH-CERTIFY", 900)
    assert [(x.fee_code, x.quantity, x.amount_cents) for x in issued.fee_lines] == [
        ("OH-CERTIFY", 1, 500), ("OH-COPY-PAGE", 4, 400)]
    assert issued.fee_lines[0].reference == issued.charge_reference
    assert issued.fee_lines[1].description.endswith("Copies, 4 pages")
    facts = {f.field: f.value for f in issued.facts}
    assert facts["document.description"] == ARTICLES_TITLE
    assert facts["document.number"] == ARTICLES
    assert facts["document.filed_date"] == "March 4, 2024"  # the office's date, not UTC's
    assert facts["document.pages"] == "4"
    assert (facts["entity.name"], facts["entity.number"]) == ("Maple Orchard Holdings LLC",
                                                              entity)
    with demo_backend.db.uow(read_only=True) as uow:
        row = uow.session.execute(select(Certificate)).scalar_one()
        assert row.kind == "certified_copy" and row.released_at is None
        charges = uow.session.execute(select(Charge).order_by(Charge.id)).scalars().all()
        assert [(c.source_kind, c.source_id, c.status, c.amount_cents) for c in charges] == [
            ("certificate", row.id, "due", 500), ("certificate", row.id, "due", 400)]
        assert row.charge_id == charges[0].id
        item = uow.session.execute(select(CertificateItem)).scalar_one()
        assert (item.certificate_id, item.filing_id, item.pages, item.description) == (
            row.id, filing_id, 4, ARTICLES_TITLE)
        assert uow.session.execute(select(func.count()).where(
            AuditRecord.action == "certificate.issue")).scalar_one() == 1


def test_each_document_picked_gets_its_own_certificate_in_order(demo_backend: Backend) -> None:
    entity = new_entity(demo_backend)
    document(demo_backend, entity, ARTICLES)
    document(demo_backend, entity, AMENDMENT, filing_type="OH-543A", pages=1,
             filed=datetime(2025, 1, 10, 15, 0, tzinfo=UTC))
    issued = issue(demo_backend, entity, AMENDMENT, ARTICLES)
    assert [i.number for i in issued] == ["CE0000001", "CE0000002"]
    numbers = [{f.field: f.value for f in i.facts}["document.number"] for i in issued]
    assert numbers == [AMENDMENT, ARTICLES]
    assert [i.amount_cents for i in issued] == [600, 900]
    assert issued[0].fee_lines[1].description.endswith("Copies, 1 page")
    assert {f.field: f.value for f in issued[0].facts}["document.description"] == (
        "Amendment or restatement, limited liability company (Form 543A)")
    assert counts(demo_backend) == (2, 4, 2)


def test_released_only_when_both_fee_lines_are_paid(demo_backend: Backend) -> None:
    db = demo_backend.db
    entity = new_entity(demo_backend)
    document(demo_backend, entity, ARTICLES)
    (issued,) = issue(demo_backend, entity, ARTICLES)
    certification, copies = (x.reference for x in issued.fee_lines)
    teller_clerk, _ = opened(demo_backend)
    with pytest.raises(UserError, match="paid at the drawer first") as unpaid:
        certificates.release(db, P, teller_clerk, issued.number)
    assert unpaid.value.field == "payment"
    receipt(demo_backend, teller_clerk, [certification], "5.00")
    with pytest.raises(UserError, match="not paid") as half:
        certificates.release(db, P, teller_clerk, issued.number)
    assert copies in half.value.message and certification not in half.value.message
    receipt(demo_backend, teller_clerk, [copies], "4.00")

    printed = certificates.release(db, P, teller_clerk, issued.number)
    assert not printed.reprint and printed.print_number == 1
    text = text_of(printed.pdf)
    for fact, value in snapshot_facts(demo_backend, issued.number).items():
        assert value in text, f"{fact} ({value!r}) is not on the certificate"
    assert "Certificate of Certified Copy" in text
    assert "the attached 4 pages are a true and correct copy of " + ARTICLES_TITLE in text
    assert qr_texts(printed.pdf) == [issued.code]


def test_connecticut_charges_one_copy_fee_whatever_the_pages(demo_backend: Backend) -> None:
    db = demo_backend.db
    entity = new_entity(demo_backend)
    document(demo_backend, entity, ARTICLES, filing_type="CT-LLC", pages=4)
    document(demo_backend, entity, AMENDMENT, filing_type="CT-LLC", pages=12)
    short, long = issue(demo_backend, entity, ARTICLES, AMENDMENT, office=CT)
    for issued, pages in ((short, 4), (long, 12)):
        assert issued.title == "Certification" and issued.amount_cents == 5500
        assert [(x.fee_code, x.quantity, x.amount_cents) for x in issued.fee_lines] == [
            ("CT-CERTIFY", 1, 1500), ("CT-COPY", 1, 4000)]
        facts = {f.field: f.value for f in issued.facts}
        assert facts["document.pages"] == str(pages)
        assert facts["document.description"] == (
            "Certificate of organization, limited liability company")
        assert facts["officer.name"] == "Stephanie Thomas"
    teller_clerk, _ = opened(demo_backend)
    receipt(demo_backend, teller_clerk, [x.reference for x in short.fee_lines], "55.00")
    printed = certificates.release(db, CT, teller_clerk, short.number)
    text = text_of(printed.pdf)
    for fact, value in snapshot_facts(demo_backend, short.number).items():
        assert value in text, f"{fact} ({value!r}) is not on the certificate"
    assert "Connecticut" in text and "the attached 4 pages are a true copy" in text
    with pytest.raises(UserError, match="not paid"):
        certificates.release(db, CT, teller_clerk, long.number)


# ---------------------------------------------------------------------- refusals


def test_nothing_picked_or_one_picked_twice_is_refused(demo_backend: Backend) -> None:
    entity = new_entity(demo_backend)
    document(demo_backend, entity, ARTICLES)
    assert "Pick at least one" in refused(demo_backend, entity, [], "none_picked")
    refused(demo_backend, entity, ["  ", ""], "none_picked")
    twice = refused(demo_backend, entity, [ARTICLES, f" {ARTICLES[:6]} {ARTICLES[6:]} "],
                    "twice")
    assert ARTICLES in twice and "picked twice" in twice
    assert counts(demo_backend) == (0, 0, 0)


def test_a_document_not_of_the_entity_is_refused_naming_it(demo_backend: Backend) -> None:
    entity = new_entity(demo_backend)
    document(demo_backend, entity, ARTICLES)
    other = new_entity(demo_backend, "Birch Lane Bakery LLC")
    document(demo_backend, other, "202406400099")
    message = refused(demo_backend, entity, [ARTICLES, "202406400099", "209999999999"],
                      "not_of_entity")
    assert "no document numbered 209999999999 is on the register" in message
    assert f"202406400099 was filed for Birch Lane Bakery LLC ({other})" in message
    assert f"Not a document of Maple Orchard Holdings LLC ({entity})" in message
    assert ARTICLES not in message
    assert counts(demo_backend) == (0, 0, 0)


def test_a_document_not_on_file_is_refused_saying_its_status(demo_backend: Backend) -> None:
    entity = new_entity(demo_backend)
    for n, status in enumerate(NOT_FILED, 1):
        document(demo_backend, entity, f"20263300000{n}", status=status, filed=None)
    document(demo_backend, entity, "202633000009", status="accepted", filed=None)
    for n, (status, said) in enumerate(NOT_FILED.items(), 1):
        message = refused(demo_backend, entity, [f"20263300000{n}"], "not_filed")
        assert f"20263300000{n} ({said})" in message, status
        assert "Only documents on file are certified" in message
    undated = refused(demo_backend, entity, ["202633000009"], "not_filed")
    assert "no date of filing" in undated
    assert counts(demo_backend) == (0, 0, 0)


def test_a_record_without_pages_is_refused(demo_backend: Backend) -> None:
    entity = new_entity(demo_backend)
    document(demo_backend, entity, ARTICLES, pages=0)
    assert ARTICLES in refused(demo_backend, entity, [ARTICLES], "no_pages")
    listed = certified_copies.copyable_documents(demo_backend.db, P, clerk(demo_backend), entity)
    assert not listed[0].copyable and "no page count" in listed[0].why_not


def test_one_refused_document_refuses_all_and_leaves_nothing(demo_backend: Backend) -> None:
    entity = new_entity(demo_backend)
    document(demo_backend, entity, ARTICLES)
    document(demo_backend, entity, AMENDMENT, status="rejected", filed=None)
    refused(demo_backend, entity, [ARTICLES, AMENDMENT], "not_filed")
    assert counts(demo_backend) == (0, 0, 0)
    with demo_backend.db.uow(read_only=True) as uow:
        assert uow.session.execute(select(func.count()).where(
            AuditRecord.action == "certificate.issue")).scalar_one() == 0
    (issued,) = issue(demo_backend, entity, ARTICLES)
    assert issued.number == "CE0000001"  # the refusal used no number


def test_unknown_entity_and_role_are_refused(demo_backend: Backend) -> None:
    with pytest.raises(UserError, match="No entity on the register has the number 9999999"):
        issue(demo_backend, "9999999", ARTICLES)
    entity = new_entity(demo_backend)
    document(demo_backend, entity, ARTICLES)
    with pytest.raises(PermissionDenied):
        certified_copies.issue_certified_copies(demo_backend.db, P,
                                                signed_in(demo_backend, "admin"), entity,
                                                [ARTICLES])
    assert counts(demo_backend) == (0, 0, 0)
