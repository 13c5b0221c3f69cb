"""The Teller Drawer's services on both databases: opening a drawer by counting its float, one
open session per drawer and per clerk, receipts in every tender (change out of cash, a card kept
to its last 4, a mail-logged check applied once, a filing paid once), a retried receipt posted
once, gapless numbers, voids approved by someone else, witnessed drops."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.integration.teller_support import (
    FLOAT,
    P,
    card,
    cash,
    check,
    deposit,
    drawer,
    key,
    mailed_document,
    opened,
    person,
)
from workstation.errors import PermissionDenied, UserError
from workstation.models import AuditRecord, Charge, DrawerSession, Envelope, Receipt
from workstation.services import inquiries, teller, teller_read, teller_voids
from workstation.services.inquiry_dto import NewInquiry
from workstation.services.teller_dto import LineInput, ReceiptInput, TenderInput
from workstation.startup import Backend


def expected(backend: Backend, session_id: int) -> dict[str, tuple[int, int]]:
    lead = person(backend, "lead")
    view = teller_read.session(backend.db, lead, session_id)
    assert view.expected is not None
    return dict(view.expected)


def test_a_drawer_opens_with_its_float_counted_and_only_once(demo_backend: Backend) -> None:
    db = demo_backend.db
    clerk, senior = person(demo_backend, "clerk"), person(demo_backend, "senior")
    drawer(demo_backend, "D1")
    drawer(demo_backend, "D2")
    with pytest.raises(PermissionDenied):
        teller.add_drawer(db, P, clerk, "D3", "Counter 3")
    short = {**FLOAT, "coin_1": 290}
    with pytest.raises(UserError, match=r"float counted is \$199\.90.*say why") as refused:
        teller.open_session(db, P, clerk, "D1", short)
    assert refused.value.field == "note"
    session_id = teller.open_session(db, P, clerk, "D1", short, "ten pennies missing")
    with pytest.raises(UserError, match="You have drawer D1 open"):
        teller.open_session(db, P, clerk, "D2", FLOAT)
    with pytest.raises(UserError, match="Drawer D1 is open by someone else"):
        teller.open_session(db, P, senior, "D1", FLOAT)
    teller.open_session(db, P, senior, "D2", FLOAT)
    assert expected(demo_backend, session_id)["cash"] == (19990, 0)  # the count, not the fund
    with db.uow(read_only=True) as uow:
        row = uow.session.get(DrawerSession, session_id)
        assert row is not None and (row.change_fund_cents, row.opening_cents) == (20000, 19990)


def test_receipts_in_every_tender_move_the_drawer(demo_backend: Backend) -> None:
    db = demo_backend.db
    clerk, session_id = opened(demo_backend)
    paid = teller.post_receipt(db, P, clerk, deposit("99.00", cash("100.00")))
    assert (paid.total_cents, paid.change_cents) == (9900, 100)
    teller.post_receipt(db, P, clerk, deposit("50.00", check("50.00")))
    teller.post_receipt(db, P, clerk, deposit("25.00", card("20.00"), cash("5.00")))
    totals = expected(demo_backend, session_id)
    assert totals["cash"] == (20000 + 9900 + 500, 0)  # the change never counts as taken
    assert totals["check"] == (5000, 1) and totals["card"] == (2000, 1)
    numbers = [r.number for r in teller_read.session_receipts(db, clerk, session_id)]
    assert numbers == ["R00000001", "R00000002", "R00000003"]  # gapless
    again = teller.reprint(db, P, clerk, "r00000001")
    assert again.reprint and again.number == "R00000001" and again.change_cents == 100
    with db.uow(read_only=True) as uow:
        logged = uow.session.execute(select(AuditRecord.action).where(
            AuditRecord.action == "teller.reprint")).scalars().all()
    assert logged == ["teller.reprint"]


def test_bad_tenders_are_refused_at_their_field(demo_backend: Backend) -> None:
    db = demo_backend.db
    clerk, _ = opened(demo_backend)
    cases = [
        (deposit("10.00", card("10.00", last4="42424")), "tender.0.card_last4", "last 4"),
        (deposit("10.00", TenderInput("check", "10.00", payer="x")), "tender.0.check_number",
         "number"),
        (deposit("10.00", check("10.00", payer="4111 1111 1111 1111")), "tender.0",
         "card number"),
        (deposit("10.00", cash("9.99")), "tenders", r"pays \$9\.99 of \$10\.00"),
        (deposit("10.00", check("20.00")), "tenders", "suspense"),
        (deposit("10.00", TenderInput("cash", "1e3")), "tender.0.amount", "Type an amount"),
    ]
    for given, field, words in cases:
        with pytest.raises(UserError, match=words) as refused:
            teller.post_receipt(db, P, clerk, given)
        assert refused.value.field == field
    with demo_backend.db.uow(read_only=True) as uow:
        assert uow.session.execute(select(Receipt)).first() is None


def test_a_retried_receipt_posts_once(demo_backend: Backend) -> None:
    db = demo_backend.db
    clerk, session_id = opened(demo_backend)
    given = deposit("20.00", cash("20.00"))
    first = teller.post_receipt(db, P, clerk, given)
    again = teller.post_receipt(db, P, clerk, given)
    assert again == first
    assert expected(demo_backend, session_id)["cash"] == (22000, 0)


def test_a_mail_logged_check_is_applied_once_for_its_document(demo_backend: Backend) -> None:
    db = demo_backend.db
    clerk, session_id = opened(demo_backend)
    document, remittance = mailed_document(demo_backend)
    mail = TenderInput("check", "", remittance_id=remittance)
    with pytest.raises(UserError, match="on this receipt twice") as twice:
        teller.post_receipt(db, P, clerk, ReceiptInput(
            "Harrowgate Law", (LineInput("filing", document), LineInput("filing", document)),
            (mail,), key()))
    assert twice.value.field == "line.1"
    posted = teller.post_receipt(db, P, clerk, ReceiptInput(
        "Harrowgate Law", (LineInput("filing", document),), (mail,), key()))
    assert posted.total_cents == 9900 and posted.lines[0].reference == document
    assert "5001, Harrowgate Law (Huntington), logged in Mail Sort" in posted.tenders[0].detail
    with pytest.raises(UserError, match="applied already, on receipt R00000001"):
        teller.post_receipt(db, P, clerk, deposit("99.00", mail))
    with pytest.raises(UserError, match=f"Document {document} is paid already"):
        teller.post_receipt(db, P, clerk, ReceiptInput(
            "Harrowgate Law", (LineInput("filing", document),), (cash("99.00"),), key()))
    assert expected(demo_backend, session_id)["check"] == (9900, 1)
    with db.uow(read_only=True) as uow:
        control = uow.session.execute(select(Envelope.control_number)).scalar_one()
    mail = teller_read.mail_payment(db, P, clerk, control.lower())
    assert [(d.document_number, d.fee_due_cents, d.paid) for d in mail.documents] == [
        (document, 9900, True)]
    assert [(c.check_number, c.applied_on) for c in mail.checks] == [("5001", "R00000001")]
    assert [(d.code, d.held_by) for d in teller_read.drawers(db, clerk)] == [("D1", "clerk")]


def test_a_void_is_a_reversal_approved_by_someone_else(demo_backend: Backend) -> None:
    db = demo_backend.db
    clerk, session_id = opened(demo_backend)
    lead, senior = person(demo_backend, "lead"), person(demo_backend, "senior")
    inquiry_id, _ = inquiries.log_contact(db, P, clerk, NewInquiry(
        "walk_in", "Pat Doe", "A certificate of good standing, please.",
        category="certificate_request"))
    charge_id = inquiries.add_charge(db, P, clerk, inquiry_id)
    sold = teller.post_receipt(db, P, clerk, ReceiptInput(
        "Pat Doe", (LineInput("charge", f"C{charge_id}"),), (cash("10.00"),), key()))
    assert sold.change_cents == 500  # the certificate is $5.00
    with pytest.raises(UserError, match="Pick a reason"):
        teller_voids.void_receipt(db, P, clerk, sold.number, "XX", "", lead)
    with pytest.raises(UserError, match="neither the clerk"):
        teller_voids.void_receipt(db, P, clerk, sold.number, "KEY", "", clerk)
    with pytest.raises(PermissionDenied) as refused:
        teller_voids.void_receipt(db, P, clerk, sold.number, "KEY", "", senior)
    assert refused.value.field == "approver"
    reversal = teller_voids.void_receipt(db, P, clerk, sold.number, "WDR", "changed mind", lead)
    assert (reversal.kind, reversal.reverses, reversal.total_cents) == ("reversal",
                                                                        sold.number, -500)
    assert reversal.approved_by == "lead" and reversal.tenders[0].amount_cents == -500
    assert expected(demo_backend, session_id)["cash"] == (20000, 0)  # back where it was
    with db.uow(read_only=True) as uow:
        charge = uow.session.get(Charge, charge_id)
        assert charge is not None and charge.status == "due"
    with pytest.raises(UserError, match="voided already"):
        teller_voids.void_receipt(db, P, clerk, sold.number, "KEY", "", lead)
    assert teller_read.find_receipt(db, clerk, sold.number).reversed_by == reversal.number


def test_a_drop_is_witnessed_and_never_more_than_the_drawer(demo_backend: Backend) -> None:
    db = demo_backend.db
    clerk, session_id = opened(demo_backend)
    lead = person(demo_backend, "lead")
    with pytest.raises(UserError, match="witnesses"):
        teller.drop(db, P, clerk, {"bill_20": 5}, None)
    with pytest.raises(UserError, match="someone else"):
        teller.drop(db, P, clerk, {"bill_20": 5}, clerk)
    with pytest.raises(UserError, match="more cash than the drawer"):
        teller.drop(db, P, clerk, {"bill_100": 3}, lead)
    teller.drop(db, P, clerk, {"bill_20": 5}, lead, "mid-day pickup")
    assert expected(demo_backend, session_id)["cash"] == (10000, 0)
