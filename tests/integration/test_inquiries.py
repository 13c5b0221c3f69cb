"""The Inquiry Queue's services on both databases: logging, claiming, get next, reassigning,
stale claims, presence, status and clocks, links, merge and split, e-mail import, charges."""

from __future__ import annotations

import email
import email.policy
import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from tests.helpers import demo_password
from workstation.domain.mail_import import Attachment, ImportedMail, read_eml
from workstation.errors import PermissionDenied, UserError, ValidationErrors
from workstation.models import (
    AuditRecord,
    Charge,
    Entity,
    Filing,
    Inquiry,
    InquiryPresence,
)
from workstation.services import (
    auth,
    inquiries,
    inquiry_answers,
    inquiry_queue,
    inquiry_read,
    profile,
)
from workstation.services.dto import Actor
from workstation.services.inquiry_dto import NewInquiry, QueueFilter, UnseenEntries
from workstation.startup import Backend

P = profile.load()
# An hour ago: clocks are compared with the real time, so arrivals are recent, not fixed dates.
RECENT = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)


def person(backend: Backend, who: str) -> Actor:
    return auth.sign_in(backend.db, backend.policy, who, demo_password(who))


def call(requester: str = "Jane Public", **changes: object) -> NewInquiry:
    base = NewInquiry(channel="phone", requester=requester, category="status_of_filing",
                      text="Caller asks whether her articles of organization were filed.",
                      arrived_at=RECENT)
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.fixture
def clerk(demo_backend: Backend) -> Actor:
    return person(demo_backend, "clerk")


def test_a_phone_call_is_logged_with_its_clocks(demo_backend: Backend, clerk: Actor) -> None:
    db = demo_backend.db
    inquiry_id, number = inquiries.log_contact(db, P, clerk, call())
    assert number.startswith("Q")
    found = inquiry_read.detail(db, P, clerk, inquiry_id)
    assert (found.channel, found.category, found.status, found.owner) == \
        ("phone", "status_of_filing", "new", None)
    assert [e.kind for e in found.entries] == ["phone"]
    roles = [c.role for c in found.clocks]
    assert "first_response" in roles and "resolve" in roles
    with demo_backend.db.uow(read_only=True) as uow:
        row = uow.session.get(Inquiry, inquiry_id)
        assert row is not None and row.due_at == min(c.due_at for c in found.clocks)
        assert "inquiry.log_contact" in uow.session.execute(
            select(AuditRecord.action)).scalars().all()


def test_answered_at_the_counter_is_closed_at_once_and_kept(demo_backend: Backend,
                                                             clerk: Actor) -> None:
    db = demo_backend.db
    inquiry_id, _ = inquiries.log_contact(db, P, clerk, call(channel="walk_in",
                                                              answered_at_counter=True))
    found = inquiry_read.detail(db, P, clerk, inquiry_id)
    assert found.status == "closed_no_follow_up" and found.status_kind == "done"
    assert found.owner == "clerk"
    done = inquiry_queue.queue(db, P, clerk, QueueFilter(view="done")).rows
    assert [r.id for r in done] == [inquiry_id]
    assert inquiry_queue.queue(db, P, clerk, QueueFilter()).rows == ()


def test_bad_contacts_are_refused_at_their_fields(demo_backend: Backend, clerk: Actor) -> None:
    with pytest.raises(ValidationErrors) as caught:
        inquiries.log_contact(demo_backend.db, P, clerk,
                              call(requester=" ", text="", channel="pigeon"))
    fields = {f for f, _ in caught.value.problems}
    assert fields == {"requester", "text", "channel"}


def test_one_claim_wins_and_the_loser_is_told_who(demo_backend: Backend, clerk: Actor) -> None:
    db = demo_backend.db
    senior = person(demo_backend, "senior")
    inquiry_id, number = inquiries.log_contact(db, P, clerk, call())
    first = inquiry_queue.claim(db, senior, inquiry_id)
    second = inquiry_queue.claim(db, clerk, inquiry_id)
    assert first.won and not second.won
    assert second.owner == "senior" and second.message == f"{number} is already senior's."
    assert inquiry_read.detail(db, P, clerk, inquiry_id).owner == "senior"
    with pytest.raises(UserError, match="owner hands it back"):
        inquiry_queue.release(db, clerk, inquiry_id)
    inquiry_queue.release(db, senior, inquiry_id)
    assert inquiry_queue.claim(db, clerk, inquiry_id).won


def test_get_next_takes_priority_then_oldest_and_honours_the_cap(
        demo_backend: Backend, clerk: Actor) -> None:
    db = demo_backend.db
    older, _ = inquiries.log_contact(db, P, clerk, call(arrived_at=RECENT - timedelta(1)))
    newer, _ = inquiries.log_contact(db, P, clerk, call())
    urgent, _ = inquiries.log_contact(db, P, clerk, call(category="complaint"))
    order = []
    for _ in range(3):
        got = inquiry_queue.get_next(db, P, clerk)
        assert got is not None and got.won
        order.append(got.inquiry_id)
    complaint = P.inquiry.category("complaint").priority
    assert complaint < P.inquiry.category("status_of_filing").priority
    assert order == [urgent, older, newer]
    assert inquiry_queue.get_next(db, P, clerk) is None  # nothing left
    capped = replace(P, inquiry=replace(P.inquiry,
                                        queue=replace(P.inquiry.queue, per_clerk_cap=3)))
    inquiries.log_contact(db, P, clerk, call())
    with pytest.raises(UserError, match="most one clerk holds") as caught:
        inquiry_queue.get_next(db, capped, clerk)
    assert caught.value.field == "cap"


def test_only_leads_reassign_and_only_from_the_owner_they_saw(demo_backend: Backend,
                                                              clerk: Actor) -> None:
    db = demo_backend.db
    lead = person(demo_backend, "lead")
    inquiry_id, _ = inquiries.log_contact(db, P, clerk, call())
    inquiry_queue.claim(db, clerk, inquiry_id)
    with pytest.raises(PermissionDenied):
        inquiry_queue.reassign(db, clerk, inquiry_id, clerk.user_id, "senior", "help")
    with pytest.raises(UserError, match="changed hands"):
        inquiry_queue.reassign(db, lead, inquiry_id, None, "senior", "balancing the load")
    with pytest.raises(UserError, match="Say why"):
        inquiry_queue.reassign(db, lead, inquiry_id, clerk.user_id, "senior", " ")
    inquiry_queue.reassign(db, lead, inquiry_id, clerk.user_id, "senior", "balancing the load")
    assert inquiry_read.detail(db, P, clerk, inquiry_id).owner == "senior"


def test_stale_claims_return_after_business_hours_idle(demo_backend: Backend,
                                                       clerk: Actor) -> None:
    db = demo_backend.db
    inquiry_id, number = inquiries.log_contact(db, P, clerk, call())
    inquiry_queue.claim(db, clerk, inquiry_id)
    # Claimed Friday 4 p.m.; idle over the weekend is not idle business time.
    friday_4pm = datetime(2026, 11, 20, 21, 0, tzinfo=UTC)
    with db.uow() as uow:
        uow.session.execute(update(Inquiry).where(Inquiry.id == inquiry_id)
                            .values(last_activity_at=friday_4pm))
        uow.commit()
    monday_noon = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)  # 5 business hours later
    assert inquiry_queue.return_stale(db, P, clerk, monday_noon) == []
    wednesday_noon = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)  # 23 business hours later
    assert inquiry_queue.return_stale(db, P, clerk, wednesday_noon) == [number]
    assert inquiry_read.detail(db, P, clerk, inquiry_id).owner is None


def test_presence_is_shown_to_others_and_fades(demo_backend: Backend, clerk: Actor) -> None:
    db = demo_backend.db
    senior = person(demo_backend, "senior")
    inquiry_id, _ = inquiries.log_contact(db, P, clerk, call())
    inquiry_queue.heartbeat(db, senior, inquiry_id, "composing")
    inquiry_queue.heartbeat(db, clerk, inquiry_id, "viewing")
    [row] = inquiry_queue.queue(db, P, clerk, QueueFilter()).rows
    assert (row.viewing, row.composing) == ((), ("senior",))  # not myself
    found = inquiry_read.detail(db, P, senior, inquiry_id)
    assert found.viewing == ("clerk",)
    old = datetime.now(UTC) - timedelta(seconds=P.inquiry.queue.presence_seconds + 1)
    with db.uow() as uow:
        uow.session.execute(update(InquiryPresence).values(heartbeat_at=old))
        uow.commit()
    [row] = inquiry_queue.queue(db, P, clerk, QueueFilter()).rows
    assert row.composing == ()
    assert inquiry_queue.clear_stale_presence(db, P, clerk) == 2
    inquiry_queue.heartbeat(db, senior, inquiry_id)
    inquiry_queue.leave(db, senior, inquiry_id)
    assert inquiry_read.detail(db, P, clerk, inquiry_id).viewing == ()


def test_waiting_on_the_customer_pauses_and_a_reply_restarts(demo_backend: Backend,
                                                             clerk: Actor) -> None:
    db = demo_backend.db
    inquiry_id, _ = inquiries.log_contact(db, P, clerk, call())
    inquiries.set_status(db, P, clerk, inquiry_id, "waiting_on_customer", "asked for the file no.")
    found = inquiry_read.detail(db, P, clerk, inquiry_id)
    assert all(c.paused for c in found.clocks if c.stopped_at is None)
    inquiries.add_note(db, P, clerk, inquiry_id, "She wrote back with the number.",
                       kind="inbound", channel="email")
    found = inquiry_read.detail(db, P, clerk, inquiry_id)
    assert found.status == "open" and not any(c.paused for c in found.clocks)
    assert [s.status for s in found.statuses] == ["new", "waiting_on_customer", "open"]
    inquiries.set_status(db, P, clerk, inquiry_id, "resolved")
    with pytest.raises(UserError, match="reopened"):
        inquiries.set_status(db, P, clerk, inquiry_id, "open")


def test_links_merge_and_split(demo_backend: Backend, clerk: Actor) -> None:
    db = demo_backend.db
    with db.uow() as uow:
        uow.session.add(Entity(number="4400001", name="Maple Ridge Orchards LLC",
                               name_key=P.entity_name_key("Maple Ridge Orchards LLC"),
                               name_sort="maple ridge orchards llc", entity_type="llc",
                               status="active"))
        uow.commit()
    first, _ = inquiries.log_contact(db, P, clerk, call())
    second, _ = inquiries.log_contact(db, P, clerk, call(channel="email"))
    inquiries.link(db, clerk, second, "entity", "4400001")
    inquiries.link(db, clerk, second, "entity", "4400001")  # twice is once
    with pytest.raises(UserError, match="No entity has the number 9"):
        inquiries.link(db, clerk, second, "entity", "9")
    [link] = inquiry_read.detail(db, P, clerk, second).links
    assert link.label == "Entity 4400001 · Maple Ridge Orchards LLC · Active"
    assert inquiry_read.for_record(db, clerk, "entity", link.target_id)[0][0] == second
    inquiries.merge(db, P, clerk, second, first)
    kept = inquiry_read.detail(db, P, clerk, first)
    assert len(kept.entries) == 2 and [lk.key for lk in kept.links] == ["4400001"]
    merged = inquiry_read.detail(db, P, clerk, second)
    assert merged.status == "merged" and merged.merged_into == kept.number
    email_entry = next(e for e in kept.entries if e.channel == "email")
    new_id, new_number = inquiries.split(db, P, clerk, first, [email_entry.id], "complaint")
    assert [e.id for e in inquiry_read.detail(db, P, clerk, new_id).entries] == [email_entry.id]
    assert len(inquiry_read.detail(db, P, clerk, first).entries) == 1
    with pytest.raises(UserError, match="stays"):
        inquiries.split(db, P, clerk, new_id, [email_entry.id], "other")
    assert new_number != kept.number


def test_an_email_is_imported_once_with_attachments_and_notes(demo_backend: Backend,
                                                              clerk: Actor) -> None:
    db = demo_backend.db
    mail = ImportedMail(
        sender_address="paralegal@bakerlaw.example", sender_name="Pat Paralegal",
        subject="Status of filing 202633000123", sent_at=RECENT,
        body="Could you tell us whether the amendment was filed?",
        attachments=(Attachment("cover.pdf", "application/pdf", b"%PDF-1.4 cover"),),
        message_id="<abc@bakerlaw.example>", notes=("No Date header",), raw_size=900)
    done = inquiries.import_mail(db, P, clerk, mail)
    again = inquiries.import_mail(db, P, clerk, mail)
    assert again.duplicate and again.inquiry_id == done.inquiry_id
    found = inquiry_read.detail(db, P, clerk, done.inquiry_id)
    assert (found.requester, found.contact, found.subject) == \
        ("Pat Paralegal", "paralegal@bakerlaw.example", "Status of filing 202633000123")
    [entry] = found.entries
    assert entry.notes == "No Date header"
    [att] = entry.attachments
    assert inquiry_read.attachment(db, clerk, att.id) == \
        ("cover.pdf", "application/pdf", b"%PDF-1.4 cover")


def test_a_records_request_charges_its_fee(demo_backend: Backend, clerk: Actor) -> None:
    db = demo_backend.db
    inquiry_id, _ = inquiries.log_contact(db, P, clerk, call(category="copy_request"))
    inquiries.add_charge(db, P, clerk, inquiry_id, quantity=12)
    [charge] = inquiry_read.detail(db, P, clerk, inquiry_id).charges
    assert (charge.quantity, charge.status) == (12, "due")
    assert charge.amount_cents == 12 * P.fee_amount(P.inquiry.category("copy_request").fee_code
                                                    or "", 1)
    other, _ = inquiries.log_contact(db, P, clerk, call())
    with pytest.raises(UserError, match="no fee"):
        inquiries.add_charge(db, P, clerk, other)
    with db.uow(read_only=True) as uow:
        assert len(uow.session.execute(select(Charge)).all()) == 1


def test_the_queue_filters_sorts_and_pages(demo_backend: Backend, clerk: Actor) -> None:
    db = demo_backend.db
    ids = [inquiries.log_contact(db, P, clerk, call(requester=f"Caller {n}",
                                                    arrived_at=RECENT + timedelta(minutes=n)))[0]
           for n in range(5)]
    inquiry_queue.claim(db, clerk, ids[0])
    page = inquiry_queue.queue(db, P, clerk, QueueFilter(sort="due", limit=3))
    assert [r.id for r in page.rows] == ids[:3] and page.more
    rest = inquiry_queue.queue(db, P, clerk, QueueFilter(sort="due", limit=3, offset=3))
    assert [r.id for r in rest.rows] == ids[3:] and not rest.more
    assert [r.id for r in inquiry_queue.queue(db, P, clerk, QueueFilter(view="mine")).rows] \
        == [ids[0]]
    assert len(inquiry_queue.queue(db, P, clerk, QueueFilter(view="unassigned")).rows) == 4
    assert [r.requester for r in inquiry_queue.queue(
        db, P, clerk, QueueFilter(text="caller 3")).rows] == ["Caller 3"]
    newest_first = inquiry_queue.queue(db, P, clerk, QueueFilter(sort="received",
                                                                 descending=True))
    assert [r.id for r in newest_first.rows] == ids[::-1]
    # Received a month ago and never answered: its clocks ran out.
    late, _ = inquiries.log_contact(db, P, clerk, call(arrived_at=RECENT - timedelta(40)))
    breached = inquiry_queue.queue(db, P, clerk, QueueFilter(view="breached")).rows
    assert [r.id for r in breached] == [late] and breached[0].breached
    admin = person(demo_backend, "admin")
    with pytest.raises(PermissionDenied):
        inquiry_queue.queue(db, P, admin, QueueFilter())


def test_an_answer_from_the_record_is_sent_once_and_mailing_stops_the_clock(
        demo_backend: Backend, clerk: Actor) -> None:
    db = demo_backend.db
    with db.uow() as uow:
        uow.session.add(Entity(number="4400001", name="Maple Ridge Orchards LLC",
                               name_key=P.entity_name_key("Maple Ridge Orchards LLC"),
                               name_sort="maple ridge orchards llc", entity_type="llc",
                               status="active"))
        uow.session.flush()
        uow.session.add(Filing(document_number="202633000123", filing_type="OH-610",
                               entity_id=uow.session.execute(select(Entity.id)).scalar_one(),
                               received_at=RECENT - timedelta(days=3), status="in_review"))
        uow.commit()
    inquiry_id, number = inquiries.log_contact(db, P, clerk, call(
        channel="mail", address="12 Elm Street\nColumbus, OH 43215", contact=""))
    inquiries.link(db, clerk, inquiry_id, "filing", "202633000123")
    seen = inquiry_read.detail(db, P, clerk, inquiry_id).last_entry_id
    answer = inquiry_answers.draft(db, P, clerk, inquiry_id, "filing_status")
    assert answer.missing == ()
    assert "Maple Ridge Orchards LLC" in answer.body and "202633000123" in answer.body
    assert "in review" in answer.body
    assert "Jane Public" in answer.salutation
    inquiries.add_note(db, P, clerk, inquiry_id, "She called again.", kind="phone",
                       channel="phone")
    with pytest.raises(UnseenEntries) as unseen:
        inquiry_answers.send(db, P, clerk, inquiry_id, answer, channel="mail",
                             seen_entry_id=seen, idempotency_key="k-1")
    assert [e.body for e in unseen.value.entries] == ["She called again."]
    seen = inquiry_read.detail(db, P, clerk, inquiry_id).last_entry_id
    sent = inquiry_answers.send(db, P, clerk, inquiry_id, answer, channel="mail",
                                seen_entry_id=seen, idempotency_key="k-1")
    again = inquiry_answers.send(db, P, clerk, inquiry_id, answer, channel="mail",
                                 seen_entry_id=seen, idempotency_key="k-1")
    assert again.repeated and again.entry_id == sent.entry_id and again.document == sent.document
    text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(sent.document)).pages)
    for expected in ("Maple Ridge Orchards LLC", "12 Elm Street", number):
        assert expected in text
    found = inquiry_read.detail(db, P, clerk, inquiry_id)
    assert [e.kind for e in found.entries].count("outbound") == 1
    assert found.status == "answered"
    response = next(c for c in found.clocks if c.role == "first_response")
    assert response.stopped_at is None  # printed, not yet mailed
    with pytest.raises(UserError, match="between"):
        inquiry_answers.mark_mailed(db, P, clerk, sent.entry_id,
                                    datetime.now(UTC).date() + timedelta(days=2))
    today = datetime.now(UTC).astimezone(P.calendar.zone).date()
    inquiry_answers.mark_mailed(db, P, clerk, sent.entry_id, today)
    response = next(c for c in inquiry_read.detail(db, P, clerk, inquiry_id).clocks
                    if c.role == "first_response")
    assert response.stopped_at is not None and not response.breached
    with pytest.raises(UserError, match="no e-mail address"):
        inquiry_answers.send(db, P, clerk, inquiry_id, answer, channel="email",
                             seen_entry_id=found.last_entry_id, idempotency_key="k-2")


def test_an_email_answer_is_a_draft_for_the_mail_program(demo_backend: Backend,
                                                        clerk: Actor) -> None:
    db = demo_backend.db
    inquiry_id, _ = inquiries.log_contact(db, P, clerk, call(
        channel="email", contact="jane@example.org"))
    answer = inquiry_answers.draft(db, P, clerk, inquiry_id, "acknowledgement")
    seen = inquiry_read.detail(db, P, clerk, inquiry_id).last_entry_id
    sent = inquiry_answers.send(db, P, clerk, inquiry_id, answer, channel="email",
                                seen_entry_id=seen, idempotency_key="k-3")
    message = email.message_from_bytes(sent.document, policy=email.policy.default)
    assert message["To"] == "jane@example.org" and message["X-Unsent"] == "1"
    response = next(c for c in inquiry_read.detail(db, P, clerk, inquiry_id).clocks
                    if c.role == "first_response")
    assert response.stopped_at is not None  # an e-mail answers when it is written
    blank = replace(answer, body="Dear [entity.status?]", missing=("entity.status",))
    with pytest.raises(UserError, match=r"Fill in \[entity.status\?\]"):
        inquiry_answers.send(db, P, clerk, inquiry_id, blank, channel="email",
                             seen_entry_id=seen + 1, idempotency_key="k-4")


def test_a_damaged_email_keeps_its_original_and_is_known_by_its_hash(
        demo_backend: Backend, clerk: Actor) -> None:
    db = demo_backend.db
    raw = b"From: nobody\r\nSubject: scan\r\n\r\nsee attached (the scan was too big)\r\n"
    mail = read_eml(raw)
    assert mail.message_id == "" and mail.notes
    done = inquiries.import_mail(db, P, clerk, mail, original=raw)
    assert inquiries.import_mail(db, P, clerk, mail, original=raw).duplicate
    [entry] = inquiry_read.detail(db, P, clerk, done.inquiry_id).entries
    [original] = entry.attachments
    assert original.filename == "original-message.eml"
    assert inquiry_read.attachment(db, clerk, original.id)[2] == raw
