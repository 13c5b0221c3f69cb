"""Answers from the record: a template filled with facts the register holds (entity status,
filing dates, the check), sent as a letter PDF on letterhead or an e-mail draft (.eml).

Sending is one transaction that (1) returns the earlier answer when the window's idempotency key
was used already, so a double click or a retry posts nothing new; (2) refuses when entries came
in after the clerk opened the inquiry (inquiry.md 2a, L3); (3) appends the outbound entry with
the document attached, so the record keeps exactly what went out. A letter stops the response
clocks when it is marked mailed, an e-mail draft when it is written (the clerk sends it from
the mail program at once).
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select

from workstation.db.uow import Database, UnitOfWork
from workstation.domain import templates
from workstation.domain.money import format_cents
from workstation.errors import UserError
from workstation.models import (
    Entity,
    Filing,
    Inquiry,
    InquiryAttachment,
    InquiryEntry,
    InquiryLink,
    Remittance,
)
from workstation.models.types import utcnow
from workstation.services import audit
from workstation.services.authz import authorize
from workstation.services.dto import Actor
from workstation.services.inquiries import apply_status, clock_states, load, recompute
from workstation.services.inquiry_dto import Draft, Sent, UnseenEntries
from workstation.services.inquiry_read import entries_of
from workstation.services.profile import Profile

KEY_MAX = 64
ANSWER_CHANNELS = ("mail", "email")


# ---------------------------------------------------------------------- drafting

def draft(db: Database, profile: Profile, actor: Actor, inquiry_id: int,
          template: str) -> Draft:
    """The template filled from the inquiry's record; unfilled fields are listed."""
    if template not in profile.answer_templates:
        raise UserError(f"There is no answer template {template!r}.", field="template")

    def work(uow: UnitOfWork) -> Draft:
        authorize(uow, actor, "inquiry.read")
        row = load(uow, inquiry_id)
        composed = profile.answer_templates.compose(template, facts(uow, profile, actor, row))
        return Draft(template, composed.subject, composed.salutation, composed.body,
                     composed.closing, composed.signature, composed.missing)

    return db.run(work, read_only=True)


def facts(uow: UnitOfWork, profile: Profile, actor: Actor, row: Inquiry) -> dict[str, str]:
    """Every merge field the record can fill for this inquiry (the first linked entity,
    filing and payment). Facts the record does not hold are simply absent: the template shows
    them as missing rather than guessing."""
    zone = profile.calendar.zone
    found: dict[str, str] = {
        "today": templates.long_date(utcnow().astimezone(zone).date()),
        "requester.name": row.requester,
        "inquiry.number": row.number,
        "inquiry.received_date": templates.long_date(row.received_at.astimezone(zone).date()),
        "clerk.name": actor.full_name,
    }
    reply = next((c for c in clock_states(uow, profile, row, utcnow())
                  if c.role == "first_response"), None)
    if reply is not None:
        found["inquiry.reply_by"] = templates.long_date(reply.due_at.astimezone(zone).date())
    targets = _linked(uow, row.id)
    entity = _first(uow, Entity, targets.get("entity"))
    filing = _first(uow, Filing, targets.get("filing"))
    if entity is None and filing is not None and filing.entity_id is not None:
        entity = uow.session.get(Entity, filing.entity_id)
    if entity is not None:
        found |= {"entity.name": entity.name, "entity.number": entity.number,
                  "entity.type": profile.entity_type_label(entity.entity_type),
                  "entity.status": profile.entity_types.status_label(entity.status)}
    if filing is not None:
        found |= {"filing.document_number": filing.document_number,
                  "filing.type": profile.filing_type_label(filing.filing_type),
                  "filing.received_date": templates.long_date(
                      filing.received_at.astimezone(zone).date()),
                  "filing.status": filing.status.replace("_", " ")}
        if filing.filed_at is not None:
            found["filing.completed_date"] = templates.long_date(
                filing.filed_at.astimezone(zone).date())
    payment = _first(uow, Remittance, targets.get("remittance"))
    if payment is not None:
        found |= {"payment.amount": format_cents(payment.amount_cents),
                  "payment.payer": payment.payer}
        if payment.check_number:
            found["payment.check_number"] = payment.check_number
    category = profile.inquiry.category(row.category)
    if category.fee_code is not None:
        found["request.description"] = category.label.lower()
    return found


def _linked(uow: UnitOfWork, inquiry_id: int) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for kind, target in uow.session.execute(
            select(InquiryLink.kind, InquiryLink.target_id)
            .where(InquiryLink.inquiry_id == inquiry_id).order_by(InquiryLink.id)):
        out.setdefault(kind, []).append(int(target))
    return out


def _first(uow: UnitOfWork, model: Any, ids: list[int] | None) -> Any:
    return uow.session.get(model, ids[0]) if ids else None


# ---------------------------------------------------------------------- sending

def send(db: Database, profile: Profile, actor: Actor, inquiry_id: int, answer: Draft, *,
         channel: str, seen_entry_id: int, idempotency_key: str) -> Sent:
    """Post the answer and make its document: a letter PDF (channel "mail") or an e-mail
    draft (channel "email"). Raises UnseenEntries when the thread grew since ``seen_entry_id``."""
    _check(answer, channel, idempotency_key)

    def work(uow: UnitOfWork) -> Sent:
        authorize(uow, actor, "inquiry.work")
        earlier = _earlier(uow, idempotency_key)
        if earlier is not None:
            return earlier
        row = load(uow, inquiry_id)
        if row.status_kind == "done":
            raise UserError(f"{row.number} is finished; reopen it before answering.",
                            field="status")
        unseen = entries_of(uow, row.id, after=seen_entry_id)
        if unseen:
            raise UnseenEntries(unseen)
        if channel == "email" and "@" not in row.requester_contact:
            raise UserError("There is no e-mail address for the requester: add it, or answer "
                            "by letter.", field="contact")
        now = utcnow()
        entry = InquiryEntry(inquiry_id=row.id, kind="outbound", channel=channel, at=now,
                             author_id=actor.user_id, subject=answer.subject[:300],
                             body=answer.plain_text(), idempotency_key=idempotency_key,
                             template=answer.template)
        uow.session.add(entry)
        uow.session.flush()
        name, kind, data = _document(profile, row, answer, channel, now, entry.id)
        uow.session.add(InquiryAttachment(entry_id=entry.id, filename=name, content_type=kind,
                                          size=len(data), data=data,
                                          sha256=hashlib.sha256(data).hexdigest()))
        row.last_activity_at = now
        if row.status in ("new", "open"):
            _answered(uow, profile, actor, row, now)
        uow.session.flush()
        recompute(uow, profile, row, now)
        audit.record(uow, actor, "inquiry.send", "inquiry", row.id,
                     after={"entry": entry.id, "channel": channel, "template": answer.template,
                            "document": name})
        uow.commit()
        return Sent(entry.id, data, name)

    return db.run(work)


def _check(answer: Draft, channel: str, key: str) -> None:
    if channel not in ANSWER_CHANNELS:
        raise UserError(f"Answers go by letter or e-mail, not {channel!r}.", field="channel")
    if not key or len(key) > KEY_MAX:
        raise UserError("The answer has no sending key; close and reopen the window.",
                        field="key")
    if not answer.body.strip():
        raise UserError("The answer is empty.", field="body")
    marker = next((m for m in (templates.missing_marker(f) for f in answer.missing)
                   if m in answer.body or m in answer.subject), None)
    if marker is not None:
        raise UserError(f"Fill in {marker} before sending.", field="body")


def _earlier(uow: UnitOfWork, key: str) -> Sent | None:
    entry = uow.session.execute(select(InquiryEntry).where(
        InquiryEntry.idempotency_key == key)).scalar_one_or_none()
    if entry is None:
        return None
    doc = uow.session.execute(select(InquiryAttachment).where(
        InquiryAttachment.entry_id == entry.id)).scalars().first()
    return Sent(entry.id, bytes(doc.data) if doc else b"", doc.filename if doc else "",
                repeated=True)


def _answered(uow: UnitOfWork, profile: Profile, actor: Actor, row: Inquiry,
              now: datetime) -> None:
    if "answered" in {s.code for s in profile.inquiry.statuses}:
        apply_status(uow, profile, actor, row, "answered", "answer sent", now)


def _document(profile: Profile, row: Inquiry, answer: Draft, channel: str, now: datetime,
              entry_id: int) -> tuple[str, str, bytes]:
    # The document builders (ReportLab) load on the first answer, not at start-up.
    from workstation.printing.email_draft import build_email_draft
    from workstation.printing.letter import Letter, build_letter

    head = profile.answer_templates.letterhead
    if channel == "email":
        data = build_email_draft(
            from_address=head.email or "noreply@example.invalid", to_address=row.requester_contact,
            subject=answer.subject, body=answer.plain_text(),
            message_id=f"<{row.number}.{entry_id}@{_domain(head.email)}>", date=now)
        return f"{row.number}-answer-{entry_id}.eml", "message/rfc822", data
    recipient = tuple(line for line in [row.requester, *row.requester_address.splitlines()]
                      if line.strip())
    letter = Letter(letterhead=head, date_line=now.astimezone(profile.calendar.zone).date(),
                    recipient=recipient, reference=f"Re: Inquiry {row.number}",
                    salutation=answer.salutation, body=answer.body, closing=answer.closing,
                    signature=answer.signature, mailed_on=None)
    try:
        pdf = build_letter(letter)
    except ValueError as exc:  # an address too long for the envelope window, said in words
        raise UserError(str(exc), field="address") from exc
    return f"{row.number}-letter-{entry_id}.pdf", "application/pdf", pdf


def _domain(address: str) -> str:
    return address.partition("@")[2] or "example.invalid"


def mark_mailed(db: Database, profile: Profile, actor: Actor, entry_id: int,
                mailed_on: date) -> None:
    """The letter went into the mail on ``mailed_on``: from then its response clocks stop.
    A past day counts from that day's closing; today counts from now."""

    def work(uow: UnitOfWork) -> None:
        authorize(uow, actor, "inquiry.work")
        entry = uow.session.get(InquiryEntry, entry_id)
        if entry is None or entry.kind != "outbound" or entry.channel != "mail":
            raise UserError("Only a letter is marked mailed.", field="entry")
        if entry.mailed_on is not None:
            raise UserError(f"This letter was marked mailed on {entry.mailed_on}.",
                            field="mailed_on")
        now = utcnow()
        zone = profile.calendar.zone
        today = now.astimezone(zone).date()
        written = entry.at.astimezone(zone).date()
        if mailed_on > today or mailed_on < written:
            raise UserError(f"The mailing date is between {written} (the letter was written) "
                            f"and today.", field="mailed_on")
        at = now if mailed_on == today else _closing(profile, mailed_on)
        entry.mailed_on, entry.mailed_at = mailed_on, at
        row = load(uow, entry.inquiry_id)
        row.last_activity_at = now
        uow.session.flush()
        recompute(uow, profile, row, now)
        audit.record(uow, actor, "inquiry.mark_mailed", "inquiry", row.id,
                     after={"entry": entry.id, "mailed_on": mailed_on.isoformat()})
        uow.commit()

    db.run(work)


def _closing(profile: Profile, day: date) -> datetime:
    calendar = profile.calendar
    if calendar.is_business_day(day):
        return calendar.closing(day)
    return datetime.combine(day, time(17, 0), tzinfo=calendar.zone)

