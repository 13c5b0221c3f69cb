"""Certificates of good standing and of status on both databases: issued only when the register
supports it (a refusal naming every reason, a status certificate instead), paid at the drawer
before release, the PDF stating every fact of the snapshot with the code as a QR symbol, a
reprint marked and logged, and verification: valid, not issued, different facts, altered file."""

from __future__ import annotations

import hashlib
import io
import json
import re
from datetime import date
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader
from sqlalchemy import select, update

from tests.integration.teller_support import P, cash, key, opened, person
from tests.integration.test_cli import ws
from workstation import paths
from workstation import settings as settings_mod
from workstation.db import grants
from workstation.domain.check_digits import check_digit
from workstation.errors import PermissionDenied, UserError
from workstation.models import AuditRecord, Certificate, CertificatePrint, Charge, Entity
from workstation.services import certificates, registry, teller, teller_voids
from workstation.services.certificate_dto import IssuedCertificate
from workstation.services.teller_dto import LineInput, ReceiptInput
from workstation.startup import Backend, open_backend


def new_entity(backend: Backend, name: str = "Maple Orchard Holdings LLC") -> str:
    """An LLC registered today with a statutory agent: in good standing. Its number."""
    made = registry.register_entity(
        backend.db, P, person(backend, "senior"), name=name, entity_type="llc",
        formation_date=date(2024, 3, 4), agent_name="Pat Agent", agent_street="1 Main St",
        agent_city="Columbus", agent_zip="43215")
    return made.number


def cancel(backend: Backend, number: str) -> None:
    """The entity cancelled by the Tax Commissioner (status and flag, as the register keeps)."""
    with backend.db.uow() as uow:
        uow.session.execute(update(Entity).where(Entity.number == number).values(
            status="cancelled", status_date=date(2025, 6, 30), tax_cancellation=True))
        uow.commit()


def pay(backend: Backend, issued: IssuedCertificate, drawer: str = "D1") -> str:
    """The clerk takes the fee at a drawer opened for it: the receipt number."""
    clerk, _ = opened(backend, code=drawer)
    receipt = teller.post_receipt(backend.db, P, clerk, ReceiptInput(
        "Harrowgate Law", (LineInput("charge", issued.charge_reference),),
        (cash("5.00"),), key()))
    return receipt.number


def text_of(pdf: bytes) -> str:
    """The PDF's text with runs of white space made one space (lines wrap anywhere)."""
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    return " ".join(page.extract_text().split())


def qr_texts(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=200 / 72).to_pil()
    finally:
        document.close()
    return [found.text for found in zxingcpp.read_barcodes(image)
            if found.format == zxingcpp.BarcodeFormat.QRCode]


def snapshot_facts(backend: Backend, number: str) -> dict[str, str]:
    with backend.db.uow(read_only=True) as uow:
        row = uow.session.execute(select(Certificate).where(Certificate.number == number)
                                  ).scalar_one()
        assert hashlib.sha256(row.snapshot.encode()).hexdigest() == row.snapshot_sha256
        facts: dict[str, str] = json.loads(row.snapshot)["facts"]
        return facts


def other_code(code: str) -> str:
    """A well-formed code (its check digit right) that was not issued."""
    digits = code.replace("-", "")[:10]
    changed = digits[:-1] + str((int(digits[-1]) + 1) % 10)
    return changed + check_digit(changed)


# ---------------------------------------------------------------------- issuing


def test_good_standing_is_issued_with_its_fee_line(demo_backend: Backend) -> None:
    number = new_entity(demo_backend)
    clerk = person(demo_backend, "clerk")
    issued = certificates.issue_good_standing(demo_backend.db, P, clerk, f" {number} ")
    assert issued.number == "CE0000001" and issued.kind == "good_standing"
    assert re.fullmatch(r"\d{4}-\d{4}-\d{3}", issued.code)
    assert (issued.fee_code, issued.amount_cents) == ("OH-CGS", 500)
    facts = {f.field: f.value for f in issued.facts}
    assert facts["entity.name"] == "Maple Orchard Holdings LLC"
    assert facts["entity.standing"] == "in good standing"
    assert facts["entity.formation_date"] == "March 4, 2024"
    assert facts["officer.name"] == "Frank LaRose"
    with demo_backend.db.uow(read_only=True) as uow:
        charge = uow.session.get(Charge, issued.charge_id)
        assert charge is not None and charge.status == "due"
        assert (charge.source_kind, charge.fee_code, charge.amount_cents) == (
            "certificate", "OH-CGS", 500)
        row = uow.session.execute(select(Certificate)).scalar_one()
        assert charge.source_id == row.id and row.released_at is None
        assert uow.session.execute(select(AuditRecord.action).where(
            AuditRecord.action == "certificate.issue")).scalar_one()
    second = certificates.issue_good_standing(demo_backend.db, P, clerk, number)
    assert second.number == "CE0000002" and second.code != issued.code  # gapless, fresh code


def test_not_in_good_standing_is_refused_with_every_reason(demo_backend: Backend) -> None:
    number = new_entity(demo_backend)
    cancel(demo_backend, number)
    clerk = person(demo_backend, "clerk")
    with pytest.raises(UserError) as refused:
        certificates.issue_good_standing(demo_backend.db, P, clerk, number)
    message = refused.value.message
    assert refused.value.field == "entity" and refused.value.code == "not_in_good_standing"
    assert message.startswith(f"Maple Orchard Holdings LLC ({number}): not in good standing: ")
    assert "status is Cancelled since 2025-06-30" in message
    assert "cancelled by the Tax Commissioner (ORC 5726.40)" in message
    assert "certificate of status" in message
    with demo_backend.db.uow(read_only=True) as uow:  # the refusal left nothing behind
        assert uow.session.execute(select(Certificate)).first() is None
        assert uow.session.execute(select(Charge)).first() is None
    status = certificates.issue_status(demo_backend.db, P, clerk, number)
    facts = {f.field: f.value for f in status.facts}
    assert facts["entity.status"] == "Cancelled" and facts["entity.status_date"] == "June 30, 2025"
    assert "entity.standing" not in facts and status.title == "Certificate of Status"


def test_a_name_registration_has_no_good_standing_but_a_status(demo_backend: Backend) -> None:
    senior, clerk = person(demo_backend, "senior"), person(demo_backend, "clerk")
    made = registry.register_entity(demo_backend.db, P, senior, name="Orchard Pies",
                                    entity_type="trade-name", formation_date=date(2025, 2, 1))
    with pytest.raises(UserError, match="good standing does not apply to a trade name") as no:
        certificates.issue_good_standing(demo_backend.db, P, clerk, made.number)
    assert "no certificate of good standing" in no.value.message
    assert certificates.issue_status(demo_backend.db, P, clerk, made.number).kind == "status"


def test_the_app_role_only_appends_prints_and_items() -> None:
    granted = grants.statements("ws_app")
    for table in ("certificate_prints", "certificate_items"):
        assert f'GRANT SELECT, INSERT ON TABLE "{table}" TO "ws_app"' in granted
    for table in ("certificates", "officials"):  # a release; a lead's edits
        assert f'GRANT SELECT, INSERT, UPDATE ON TABLE "{table}" TO "ws_app"' in granted


def test_unknown_entity_and_role_are_refused(demo_backend: Backend) -> None:
    with pytest.raises(UserError, match="No entity on the register has the number 9999999"):
        certificates.issue_good_standing(demo_backend.db, P, person(demo_backend, "clerk"),
                                         "9999999")
    with pytest.raises(PermissionDenied):
        certificates.issue_status(demo_backend.db, P, person(demo_backend, "admin"), "1")


# ---------------------------------------------------------------------- paying and printing


def test_released_only_once_paid_then_reprints_are_marked(demo_backend: Backend) -> None:
    db, clerk = demo_backend.db, person(demo_backend, "clerk")
    issued = certificates.issue_good_standing(db, P, clerk, new_entity(demo_backend))
    with pytest.raises(UserError, match="paid at the drawer first") as refused:
        certificates.release(db, P, clerk, issued.number)
    assert refused.value.field == "payment"
    pay(demo_backend, issued)
    first = certificates.release(db, P, clerk, issued.number.lower())
    assert not first.reprint and first.print_number == 1 and first.pdf.startswith(b"%PDF")
    text = text_of(first.pdf)
    for fact, value in snapshot_facts(demo_backend, issued.number).items():
        assert value in text, f"{fact} ({value!r}) is not on the certificate"
    assert "Certificate of Good Standing" in text and "REPRINT" not in text
    assert qr_texts(first.pdf) == [issued.code]

    again = certificates.release(db, P, person(demo_backend, "senior"), issued.number)
    assert again.reprint and again.print_number == 2 and "REPRINT" in text_of(again.pdf)
    assert "printed again" in text_of(again.pdf) and "by senior" in text_of(again.pdf)
    with db.uow(read_only=True) as uow:
        row = uow.session.execute(select(Certificate)).scalar_one()
        assert row.pdf_sha256 == hashlib.sha256(first.pdf).hexdigest()
        assert row.released_at is not None
        prints = uow.session.execute(select(CertificatePrint.reprint, CertificatePrint.pdf_sha256)
                                     .order_by(CertificatePrint.id)).all()
        assert [tuple(p) for p in prints] == [(False, first.pdf_sha256),
                                              (True, again.pdf_sha256)]
        actions = uow.session.execute(select(AuditRecord.action).where(
            AuditRecord.action.like("certificate.%")).order_by(AuditRecord.seq)).scalars().all()
    assert actions == ["certificate.issue", "certificate.release", "certificate.reprint"]


def test_a_voided_payment_stops_further_prints(demo_backend: Backend) -> None:
    db, clerk = demo_backend.db, person(demo_backend, "clerk")
    issued = certificates.issue_status(db, P, clerk, new_entity(demo_backend))
    receipt = pay(demo_backend, issued)
    certificates.release(db, P, clerk, issued.number)
    teller_voids.void_receipt(db, P, clerk, receipt, "KEY", "wrong customer",
                              person(demo_backend, "lead"))
    with pytest.raises(UserError, match="not paid"):
        certificates.release(db, P, clerk, issued.number)


# ---------------------------------------------------------------------- verifying


def test_verify_valid_not_issued_different_and_altered(demo_backend: Backend) -> None:
    db, clerk = demo_backend.db, person(demo_backend, "clerk")
    number = new_entity(demo_backend)
    issued = certificates.issue_good_standing(db, P, clerk, number)
    unpaid = certificates.verify(db, P, clerk, issued.code)
    assert unpaid.outcome == "not_issued" and "never released" in unpaid.message
    pay(demo_backend, issued)
    pdf = certificates.release(db, P, clerk, issued.number).pdf

    found = certificates.verify(db, P, clerk, issued.code.replace("-", " "), pdf=pdf)
    assert found.outcome == "valid" and found.matched_print == 1
    assert found.number == issued.number and found.issued_on is not None
    facts = {f.field: f.value for f in found.facts}
    assert facts == snapshot_facts(demo_backend, issued.number)

    same = certificates.verify(db, P, clerk, issued.code, facts={
        "Entity name": "maple  orchard holdings llc", "entity.number": number,
        "entity.formation_date": "2024-03-04"})
    assert same.outcome == "valid"

    unknown = certificates.verify(db, P, clerk, other_code(issued.code))
    assert unknown.outcome == "not_issued" and unknown.facts == ()

    different = certificates.verify(db, P, clerk, issued.code, facts={
        "entity.name": "Maple Orchard Holdings Inc.", "Status": "Active"})
    assert different.outcome == "different_facts"
    assert len(different.differences) == 1 and "Entity name" in different.differences[0]
    assert "Maple Orchard Holdings Inc." in different.message

    changed = bytearray(pdf)
    at = changed.index(b"/Producer")
    changed[at + 1] ^= 0x20  # one byte
    altered = certificates.verify(db, P, clerk, issued.code, pdf=bytes(changed))
    assert altered.outcome == "altered" and altered.facts  # the true facts come back


def test_a_malformed_code_is_refused_at_the_field(demo_backend: Backend) -> None:
    clerk = person(demo_backend, "clerk")
    for bad in ("", "1234", "4821-5539-21x", "4821-5539-2191"):
        with pytest.raises(UserError) as refused:
            certificates.verify(demo_backend.db, P, clerk, bad)
        assert refused.value.field == "code"


def test_verify_is_for_counter_roles(demo_backend: Backend) -> None:
    with pytest.raises(PermissionDenied):
        certificates.verify(demo_backend.db, P, person(demo_backend, "admin"), "48215539219")


# ---------------------------------------------------------------------- the command line


def test_command_line_verify(tmp_path: Path) -> None:
    """``workstation certificate verify`` as a person would run it, on a demo database made by
    the command line and a certificate issued, paid and released through the services."""
    assert ws(tmp_path, "demo").returncode == 0
    locations = paths.locations(tmp_path)
    backend = open_backend(locations, settings_mod.load(locations))
    try:
        issued = certificates.issue_good_standing(
            backend.db, P, person(backend, "clerk"), new_entity(backend))
        pay(backend, issued, "CV")  # the demo's own drawers are D1 to D4
        pdf = certificates.release(backend.db, P, person(backend, "clerk"), issued.number).pdf
    finally:
        backend.close()
    (tmp_path / "cert.pdf").write_bytes(pdf)
    (tmp_path / "forged.pdf").write_bytes(pdf.replace(b"/Producer", b"/Producex"))
    clerk = {"password": "counter clerk demo"}

    valid = ws(tmp_path, "certificate", "verify", issued.code, "--pdf",
               str(tmp_path / "cert.pdf"), "--as", "clerk", **clerk)
    assert valid.returncode == 0, valid.stderr
    assert valid.stdout.startswith("VALID: ") and "Maple Orchard Holdings LLC" in valid.stdout
    assert "original as released" in valid.stdout
    forged = ws(tmp_path, "certificate", "verify", issued.code, "--pdf",
                str(tmp_path / "forged.pdf"), "--as", "clerk", **clerk)
    assert forged.returncode == 1 and forged.stdout.startswith("ALTERED: ")
    other = ws(tmp_path, "certificate", "verify", issued.code, "--fact",
               "Entity name=Maple Orchard Holdings Inc.", "--as", "clerk", **clerk)
    assert other.returncode == 1 and "DIFFERENT FACTS" in other.stdout
    unknown = ws(tmp_path, "certificate", "verify", other_code(issued.code), "--as", "clerk",
                 **clerk)
    assert unknown.returncode == 1 and unknown.stdout.startswith("NOT ISSUED: ")
    mistyped = ws(tmp_path, "certificate", "verify", "4821-5539-218", "--as", "clerk", **clerk)
    assert mistyped.returncode == 2 and "swapped" in mistyped.stderr
    admin = ws(tmp_path, "certificate", "verify", issued.code, "--as", "admin",
               password="system admin demo")
    assert admin.returncode == 3 and "may not verify a certificate" in admin.stderr
    assert ws(tmp_path, "certificate", "verify", "--help").returncode == 0
