"""Mail Sort intake on both databases: sessions, envelopes, money, routing, refusals at fields."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from tests.helpers import demo_password
from workstation.errors import PermissionDenied, UserError, ValidationErrors
from workstation.models import (
    AuditRecord,
    Batch,
    BatchItem,
    Entity,
    EnvelopeDocument,
    Filing,
    Inquiry,
    Remittance,
)
from workstation.printing import build_cover_sheet
from workstation.services import auth, batch_admin, intake, profile
from workstation.services.dto import Actor
from workstation.services.intake_dto import EnvelopeSlip
from workstation.services.intake_rules import DocumentInput, EnvelopeInput, RemittanceInput
from workstation.startup import Backend

P = profile.load()
# Tuesday 24 November 2026, 11:30 a.m. in Columbus (16:30 UTC): inside business hours.
TUESDAY_1130 = datetime(2026, 11, 24, 16, 30, tzinfo=UTC)
FRIDAY_NIGHT = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)  # Fri 27 Nov 8 p.m. local


def person(backend: Backend, who: str) -> Actor:
    return auth.sign_in(backend.db, backend.policy, who, demo_password(who))


@pytest.fixture
def session(demo_backend: Backend) -> tuple[Backend, Actor, int]:
    clerk = person(demo_backend, "clerk")
    session_id, number = intake.open_session(demo_backend.db, P, clerk, "usps", "senior")
    assert number.startswith("S")
    return demo_backend, clerk, session_id


def envelope(*, amount: str = "99.00", check: str = "1001", level: str = "regular",
             form: str = "610", payer: str = "Baker & Hostetler LLP", **changes: object
             ) -> EnvelopeInput:
    base = EnvelopeInput(
        arrived_at=TUESDAY_1130, customer_name="Baker & Hostetler LLP",
        postmark=date(2026, 11, 20),
        remittances=(RemittanceInput(amount, payer, "check", check, "Huntington"),),
        documents=(DocumentInput(form, "2", level),))
    return base.__class__(**{**base.__dict__, **changes})  # type: ignore[arg-type]


def test_two_person_opening_when_money_is_expected(demo_backend: Backend) -> None:
    clerk = person(demo_backend, "clerk")
    with pytest.raises(UserError, match="second person") as missing:
        intake.open_session(demo_backend.db, P, clerk, "usps")
    assert missing.value.field == "verifier"
    with pytest.raises(UserError, match="not the opener"):
        intake.open_session(demo_backend.db, P, clerk, "usps", "clerk")
    intake.open_session(demo_backend.db, P, clerk, "walk_in")  # no money expected at the tray


def test_an_envelope_with_one_check_and_one_document(session: tuple[Backend, Actor, int]
                                                     ) -> None:
    backend, clerk, session_id = session
    slip = intake.log_envelope(backend.db, P, clerk, session_id, envelope())
    assert slip.control_number.startswith("M") and len(slip.control_number) == 9
    assert slip.received_at == TUESDAY_1130  # inside business hours: received as it arrived
    assert slip.outcome == "exact"
    [doc] = slip.documents
    assert (doc.filing_type, doc.fee_due_cents, doc.service_level) == ("OH-610", 9900, "regular")
    assert doc.batch_number is not None and doc.batch_number.startswith("B")
    with backend.db.uow(read_only=True) as uow:
        filing = uow.session.get(Filing, doc.id)
        assert filing is not None and filing.status == "received" and filing.pages == 2
        batch = uow.session.execute(select(Batch)).scalar_one()
        assert (batch.service_type, batch.service_level, batch.work_level) == \
            ("corporate", "regular", 2)
        actions = uow.session.execute(select(AuditRecord.action)).scalars().all()
        assert "intake.log_envelope" in actions and "intake.open_batch" in actions


def test_after_hours_mail_is_received_next_business_day(session: tuple[Backend, Actor, int]
                                                         ) -> None:
    backend, clerk, session_id = session
    slip = intake.log_envelope(backend.db, P, clerk, session_id,
                               envelope(arrived_at=FRIDAY_NIGHT))
    # Friday 8 p.m. -> Monday 30 November 8:00 a.m. local (13:00 UTC).
    assert slip.received_at == datetime(2026, 11, 30, 13, 0, tzinfo=UTC)


def test_expedite_documents_go_to_their_own_batch_with_a_due_time(
        session: tuple[Backend, Actor, int]) -> None:
    backend, clerk, session_id = session
    slip = intake.log_envelope(backend.db, P, clerk, session_id,
                               envelope(amount="299.00", level="expedite_2"))
    [doc] = slip.documents
    assert doc.service_level == "expedite_2" and doc.fee_due_cents == 29900
    regular = intake.log_envelope(backend.db, P, clerk, session_id, envelope(check="1002"))
    assert regular.documents[0].batch_number != doc.batch_number
    with backend.db.uow(read_only=True) as uow:
        batch = uow.session.execute(select(Batch).where(
            Batch.number == doc.batch_number)).scalar_one()
        # Level 2 received Tuesday 11:30 a.m. is due Wednesday 11:30 a.m. (OAC 111:1-2-01).
        assert batch.due_at == datetime(2026, 11, 25, 16, 30, tzinfo=UTC)


def test_expedite_fee_missing_means_regular_service_not_rejection(
        session: tuple[Backend, Actor, int]) -> None:
    backend, clerk, session_id = session
    slip = intake.log_envelope(backend.db, P, clerk, session_id,
                               envelope(level="expedite_3"))
    assert slip.outcome == "exact" and slip.documents[0].service_level == "regular"


def test_short_payment_is_logged_as_short(session: tuple[Backend, Actor, int]) -> None:
    backend, clerk, session_id = session
    slip = intake.log_envelope(backend.db, P, clerk, session_id, envelope(amount="50.00"))
    assert slip.outcome == "short" and "Hold" in slip.outcome_note


def test_correspondence_only_creates_an_inquiry(session: tuple[Backend, Actor, int]) -> None:
    backend, clerk, session_id = session
    slip = intake.log_envelope(backend.db, P, clerk, session_id, envelope(
        remittances=(), documents=(), correspondence_only=True,
        correspondence_summary="Asks why articles for Acme LLC were returned"))
    assert slip.correspondence_only and slip.outcome == "nothing_due"
    found = intake.inquiry_for_envelope(backend.db, clerk, slip.control_number)
    assert found is not None and (found.channel, found.status) == ("mail", "new")
    assert found.received_at == slip.received_at and found.number.startswith("Q")
    with backend.db.uow(read_only=True) as uow:
        inquiry = uow.session.execute(select(Inquiry)).scalar_one()
        assert inquiry.channel == "mail" and "Acme" in inquiry.summary


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"amount": "12.345"}, "remittances[0].amount", "two digits"),
    ({"amount": "1e3"}, "remittances[0].amount", "Type an amount"),
    ({"amount": "-5"}, "remittances[0].amount", "negative"),
    ({"amount": "١٢٣"}, "remittances[0].amount", "Type an amount"),
    ({"amount": "0"}, "remittances[0].amount", "more than zero"),
    ({"check": ""}, "remittances[0].check_number", "check number"),
    ({"form": "999Z"}, "documents[0].filing_type", "No filing type matches"),
    ({"customer_name": " "}, "customer_name", "who sent"),
    ({"exceptions": ("made_up",)}, "exceptions", "Unknown exception"),
])
def test_bad_input_is_named_at_its_field(session: tuple[Backend, Actor, int],
                                         changes: dict[str, object], field: str,
                                         words: str) -> None:
    backend, clerk, session_id = session
    with pytest.raises(ValidationErrors) as caught:
        intake.log_envelope(backend.db, P, clerk, session_id, envelope(**changes))
    assert any(f == field and words in m for f, m in caught.value.problems), \
        caught.value.problems


def test_zero_pages_and_several_problems_are_all_reported(
        session: tuple[Backend, Actor, int]) -> None:
    backend, clerk, session_id = session
    bad = envelope(amount="abc", documents=(DocumentInput("610", "0"),
                                            DocumentInput("nonsense form", "1")))
    with pytest.raises(ValidationErrors) as caught:
        intake.log_envelope(backend.db, P, clerk, session_id, bad)
    fields = {f for f, _ in caught.value.problems}
    assert {"remittances[0].amount", "documents[0].pages", "documents[1].filing_type"} <= fields


def test_a_check_number_from_the_same_payer_is_logged_once(
        session: tuple[Backend, Actor, int]) -> None:
    backend, clerk, session_id = session
    first = intake.log_envelope(backend.db, P, clerk, session_id, envelope(check="5555"))
    with pytest.raises(ValidationErrors, match="already logged") as caught:
        intake.log_envelope(backend.db, P, clerk, session_id,
                            envelope(check="5555", payer="  baker &  hostetler llp"))
    assert first.control_number in caught.value.message
    with backend.db.uow(read_only=True) as uow:
        assert uow.session.execute(select(func.count()).select_from(Remittance)
                                   ).scalar_one() == 1


def test_unknown_entity_number_is_refused_at_the_field(
        session: tuple[Backend, Actor, int]) -> None:
    backend, clerk, session_id = session
    with pytest.raises(ValidationErrors) as caught:
        intake.log_envelope(backend.db, P, clerk, session_id, envelope(
            documents=(DocumentInput("123-AMDD", "1", "regular", "9999999"),)))
    assert caught.value.problems[0][0] == "documents[0].entity"


def test_a_form_with_several_filing_types_asks_for_the_code(
        session: tuple[Backend, Actor, int]) -> None:
    backend, clerk, session_id = session
    with pytest.raises(ValidationErrors, match="123-AMDD, 124-AMDI"):
        intake.log_envelope(backend.db, P, clerk, session_id, envelope(form="540"))


def test_documents_of_one_class_share_a_batch(session: tuple[Backend, Actor, int]) -> None:
    backend, clerk, session_id = session
    for n in range(3):
        intake.log_envelope(backend.db, P, clerk, session_id, envelope(check=str(2000 + n)))
    with backend.db.uow(read_only=True) as uow:
        assert uow.session.execute(select(func.count()).select_from(Batch)).scalar_one() == 1
        assert uow.session.execute(select(func.count()).select_from(BatchItem)
                                   ).scalar_one() == 3
    totals = intake.session_totals(backend.db, clerk, session_id)
    assert totals == {"envelopes": 3, "documents": 3, "remittances": 3, "amount_cents": 29700}


def test_admins_do_not_open_mail(demo_backend: Backend) -> None:
    with pytest.raises(PermissionDenied):
        intake.open_session(demo_backend.db, P, person(demo_backend, "admin"), "walk_in")


def test_close_and_verify_give_the_cash_list(session: tuple[Backend, Actor, int]) -> None:
    backend, clerk, session_id = session
    intake.log_envelope(backend.db, P, clerk, session_id, envelope(check="7001"))
    intake.log_envelope(backend.db, P, clerk, session_id,
                        envelope(check="7002", amount="299.00", level="expedite_2"))
    cash = intake.close_session(backend.db, P, clerk, session_id)
    assert (cash.envelopes, cash.checks, cash.total_cents) == (2, 2, 39800)
    assert dict(cash.documents_by_class) == {"Corporate / Regular": 1,
                                             "Corporate / Expedite 2": 1}
    assert cash.opened_by == "clerk" and cash.verified_by == "senior"
    assert cash.audit_head.split(":")[0].isdigit()
    with pytest.raises(UserError, match="not open"):
        intake.log_envelope(backend.db, P, clerk, session_id, envelope(check="7003"))
    with pytest.raises(UserError, match="second person named"):
        intake.verify_session(backend.db, P, person(backend, "lead"), session_id)
    senior = person(backend, "senior")
    for who in (clerk, senior):  # the opener and the verifier both see it waiting
        [waiting] = intake.awaiting_sign_off(backend.db, who)
        assert (waiting.id, waiting.opener_username, waiting.verifier_username) == \
            (session_id, "clerk", "senior")
        assert waiting.closed_at is not None and waiting.status == "closed"
    assert intake.awaiting_sign_off(backend.db, person(backend, "lead")) == []
    assert intake.open_sessions(backend.db, clerk) == []
    intake.verify_session(backend.db, P, senior, session_id)
    assert intake.awaiting_sign_off(backend.db, senior) == []
    with pytest.raises(UserError, match="already verified"):
        intake.verify_session(backend.db, P, person(backend, "senior"), session_id)


def test_voiding_money_needs_another_persons_lead_approval(
        session: tuple[Backend, Actor, int]) -> None:
    backend, clerk, session_id = session
    slip = intake.log_envelope(backend.db, P, clerk, session_id, envelope(check="8001"))
    money = slip.remittances[0].id
    with pytest.raises(UserError, match="lead's approval"):
        intake.void_line(backend.db, clerk, slip.control_number, "remittance", money, "typo")
    with pytest.raises(PermissionDenied):
        intake.void_line(backend.db, clerk, slip.control_number, "remittance", money, "typo",
                         approver=person(backend, "senior"))
    lead = person(backend, "lead")
    with pytest.raises(UserError, match="someone else"):
        intake.void_line(backend.db, lead, slip.control_number, "remittance", money, "x",
                         approver=lead)
    intake.void_line(backend.db, clerk, slip.control_number, "remittance", money,
                     "amount typed wrong", approver=lead)
    with pytest.raises(UserError, match="already voided"):
        intake.void_line(backend.db, clerk, slip.control_number, "remittance", money, "again",
                         approver=lead)
    cash = intake.close_session(backend.db, P, clerk, session_id)
    assert cash.lines == ()  # the voided check is not on the cash list
    with backend.db.uow(read_only=True) as uow:  # ... but it is still on the envelope
        assert uow.session.get(Remittance, money) is not None
        row = uow.session.execute(select(AuditRecord).where(
            AuditRecord.action == "intake.void_remittance")).scalar_one()
        assert (row.reason, row.approver) == ("amount typed wrong", "lead")


def test_a_document_line_is_voided_without_approval(session: tuple[Backend, Actor, int]) -> None:
    backend, clerk, session_id = session
    slip = intake.log_envelope(backend.db, P, clerk, session_id, envelope(check="9001"))
    with backend.db.uow(read_only=True) as uow:
        line_id = uow.session.execute(select(EnvelopeDocument.id)).scalar_one()
    intake.void_line(backend.db, clerk, slip.control_number, "document", line_id,
                     "belongs to another envelope")


def test_batch_cover_lists_its_items_and_prints(session: tuple[Backend, Actor, int]) -> None:
    backend, clerk, session_id = session
    slip = intake.log_envelope(backend.db, P, clerk, session_id,
                               envelope(amount="299.00", level="expedite_2"))
    batch = slip.documents[0].batch_number
    assert batch is not None
    cover = intake.batch_cover(backend.db, P, clerk, batch.lower())
    assert [i.control_number for i in cover.items] == [slip.control_number]
    assert cover.due_at == datetime(2026, 11, 25, 16, 30, tzinfo=UTC)
    text = "".join(page.extract_text()
                   for page in PdfReader(io.BytesIO(build_cover_sheet(cover))).pages)
    assert batch in text and slip.control_number in text and "$299.00" in text


def test_open_trays_slips_and_batches_for_the_screens(session: tuple[Backend, Actor, int]
                                                      ) -> None:
    backend, clerk, session_id = session
    [tray] = intake.open_sessions(backend.db, clerk)
    assert tray.id == session_id and tray.verifier == "Sam Senior"
    assert intake.open_sessions(backend.db, person(backend, "lead")) == []
    regular = intake.log_envelope(backend.db, P, clerk, session_id, envelope(check="6001"))
    fast = intake.log_envelope(backend.db, P, clerk, session_id,
                               envelope(check="6002", amount="199.00", level="expedite_1"))
    rows = intake.open_batches(backend.db, clerk)
    assert [r.service_level for r in rows] == ["expedite_1", "regular"]  # expedite first
    assert rows[0].due_at is not None and (rows[0].items, rows[0].fees_cents) == (1, 19900)
    again = intake.envelope_slip(backend.db, P, clerk, regular.control_number.lower())
    assert again == regular.__class__(**{**regular.__dict__, "verified_by": "senior"})
    # Sorting override: the expedite document goes to the regular batch, with a reason.
    moved = fast.documents[0]
    target = regular.documents[0].batch_number
    assert target is not None
    batch_admin.move_item(backend.db, P, clerk, moved.id, target, "customer asked for regular")
    rows = intake.open_batches(backend.db, clerk)
    by_level = {r.service_level: r.items for r in rows}
    assert by_level == {"expedite_1": 0, "regular": 2}
    assert len(intake.batch_cover(backend.db, P, clerk, target).items) == 2
    with pytest.raises(UserError, match="Say why"):
        batch_admin.move_item(backend.db, P, clerk, moved.id, target, " ")


def test_known_customers_are_found_by_the_start_of_their_name(
        session: tuple[Backend, Actor, int]) -> None:
    backend, clerk, session_id = session
    intake.log_envelope(backend.db, P, clerk, session_id, envelope(check="3001"))
    intake.log_envelope(backend.db, P, clerk, session_id,
                        envelope(check="3002", customer_name="Bricker Graydon LLP"))
    assert [n for _, n in intake.find_customers(backend.db, clerk, "b")] == \
        ["Baker & Hostetler LLP", "Bricker Graydon LLP"]
    [(customer_id, _)] = intake.find_customers(backend.db, clerk, "BAKER")
    slip = intake.log_envelope(backend.db, P, clerk, session_id,
                               envelope(check="3003", customer_id=customer_id))
    assert slip.customer == "Baker & Hostetler LLP"
    assert intake.find_customers(backend.db, clerk, "  ") == []


def test_expedite_3_is_for_the_counter_only(session: tuple[Backend, Actor, int]) -> None:
    """OAC 111:1-2-01(C)(3): level 3 needs in-person delivery; by mail it is regular service."""
    backend, clerk, session_id = session
    mailed = intake.log_envelope(backend.db, P, clerk, session_id,
                                 envelope(check="4001", amount="399.00", level="expedite_3"))
    [doc] = mailed.documents
    assert doc.service_level == "regular" and mailed.outcome == "over_refund"
    counter_id, _ = intake.open_session(backend.db, P, clerk, "walk_in")
    walk_in = intake.log_envelope(backend.db, P, clerk, counter_id,
                                  envelope(check="4002", amount="399.00", level="expedite_3"))
    assert walk_in.documents[0].service_level == "expedite_3" and walk_in.outcome == "exact"
    assert intake.preview(P, envelope(amount="399.00", level="expedite_3"), date(2026, 11, 24),
                          "usps").documents[0].service_level == "regular"


@pytest.mark.parametrize("exception", ["unsigned_check", "foreign_check", "wrong_payee"])
def test_money_that_cannot_be_deposited_holds_the_envelope(
        session: tuple[Backend, Actor, int], exception: str) -> None:
    backend, clerk, session_id = session
    slip = intake.log_envelope(backend.db, P, clerk, session_id,
                               envelope(check="4100", exceptions=(exception,)))
    assert slip.outcome == "hold" and "cannot be deposited" in slip.outcome_note
    assert intake.log_envelope(backend.db, P, clerk, session_id, envelope(
        check="4101", exceptions=("illegible",))).outcome == "exact"


def _put_entity(backend: Backend, number: str, name: str) -> None:
    """Straight onto the register: two entities may share a name (a trade name and a dead
    corporation), which register_entity would rightly refuse."""
    with backend.db.uow() as uow:
        uow.session.add(Entity(number=number, name=name, name_key=P.entity_name_key(name),
                               name_sort=name.casefold(), entity_type="llc",
                               status="active"))
        uow.commit()


def test_a_document_names_its_entity_by_number_or_by_name(
        session: tuple[Backend, Actor, int]) -> None:
    backend, clerk, session_id = session
    _put_entity(backend, "4400001", "Maple Ridge Orchards LLC")
    _put_entity(backend, "4400002", "Lakeview Dental LLC")
    _put_entity(backend, "4400003", "Lakeview Dental, L.L.C.")

    def log(entity: str, check: str) -> EnvelopeSlip:
        return intake.log_envelope(backend.db, P, clerk, session_id, envelope(
            check=check, amount="50.00",
            documents=(DocumentInput("123-AMDD", "1", "regular", entity),)))

    for i, text in enumerate(("4400001", "44-00001", "maple ridge orchards llc",
                              "Maple Ridge Orchards, LLC")):
        [doc] = log(text, f"40{i}").documents
        assert doc.entity_number == "4400001", text
    with pytest.raises(ValidationErrors) as several:
        log("Lakeview Dental LLC.", "410")  # by key: both of them
    field, message = several.value.problems[0]
    assert field == "documents[0].entity"
    assert "2 entities" in message and "4400002, 4400003" in message
    [doc] = log("lakeview dental llc", "411").documents  # the exact name is one of them
    assert doc.entity_number == "4400002"
    with pytest.raises(ValidationErrors, match="No entity is named 'Nobody Here LLC'"):
        log("Nobody Here LLC", "412")
    assert [(e.number, e.name) for e in intake.find_entities(backend.db, clerk, "LAKEVIEW")] \
        == [("4400002", "Lakeview Dental LLC"), ("4400003", "Lakeview Dental, L.L.C.")]
    assert intake.find_entities(backend.db, clerk, "4400") == []  # a number is already exact
    assert intake.find_entities(backend.db, clerk, "l") == []
