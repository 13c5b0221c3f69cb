"""Inquiries: logged by hand (a phone call, a walk-in), imported from e-mail, made by Mail Sort
from a letter; their thread of entries, status, links to the register and the money, and the
fees a records request will be charged.

Every change recomputes the inquiry's clocks from its history (inquiry_clocks) and stores the
earliest due time and the breach flag on the row, so the queue sorts in SQL. The thread is
appended to, never edited; every mutation is audited. Reading (``detail``) is in inquiry_read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, select

from workstation.db.uow import Database, UnitOfWork
from workstation.domain import inquiry_clocks
from workstation.domain.mail_import import Attachment, ImportedMail
from workstation.errors import ConflictError, UserError, ValidationErrors
from workstation.models import (
    Charge,
    Entity,
    Envelope,
    Filing,
    Inquiry,
    InquiryAttachment,
    InquiryEntry,
    InquiryLink,
    InquiryStatusChange,
    Remittance,
    UccRecord,
)
from workstation.models.types import utcnow
from workstation.services import audit, numbering
from workstation.services.authz import authorize
from workstation.services.dto import Actor
from workstation.services.inquiry_dto import LINK_KINDS, ImportResult, NewInquiry
from workstation.services.profile import Profile

TEXT_MAX = 200_000  # one entry's text: a very long letter fits; a runaway paste is refused
REQUESTER_MAX = 200
FUTURE_SLACK = timedelta(minutes=5)  # workstation clocks differ a little
LINK_MODELS: dict[str, type] = {"entity": Entity, "filing": Filing, "ucc": UccRecord,
                                "remittance": Remittance, "envelope": Envelope}


def inquiry_number(uow: UnitOfWork) -> str:
    return f"Q{numbering.next_number(uow, 'inquiry'):07d}"


# ---------------------------------------------------------------------- making inquiries

def log_contact(db: Database, profile: Profile, actor: Actor, new: NewInquiry) -> tuple[int, str]:
    """A contact typed in by the clerk; "answered at the counter" closes it at once (it still
    counts in the reports). Returns (id, number)."""
    _check_new(profile, new)

    def work(uow: UnitOfWork) -> tuple[int, str]:
        authorize(uow, actor, "inquiry.work")
        now = utcnow()
        arrived = new.arrived_at or now
        row = _add_inquiry(uow, profile, actor, channel=new.channel, arrived=arrived,
                           requester=new.requester.strip(), category=new.category,
                           subject=new.subject.strip() or _first_line(new.text),
                           contact=new.contact.strip(), address=new.address.strip(),
                           summary=new.text.strip())
        kind = "phone" if new.channel in ("phone", "voicemail") else "inbound"
        uow.session.add(InquiryEntry(inquiry_id=row.id, kind=kind, channel=new.channel,
                                     at=arrived, author_id=actor.user_id,
                                     subject=row.subject, body=new.text.strip()))
        for link_kind, target in new.links:
            _link(uow, actor, row, link_kind, target)
        if new.answered_at_counter:
            row.owner_id, row.claimed_at = actor.user_id, now
            apply_status(uow, profile, actor, row, "closed_no_follow_up",
                    "answered at the counter, no follow-up", now)
        recompute(uow, profile, row, now)
        audit.record(uow, actor, "inquiry.log_contact", "inquiry", row.id,
                     after={"number": row.number, "channel": row.channel,
                            "category": row.category, "closed": new.answered_at_counter})
        uow.commit()
        return row.id, row.number

    return db.run(work)


def _check_new(profile: Profile, new: NewInquiry) -> None:
    problems = []
    rules = profile.inquiry
    if new.channel not in {c.code for c in rules.channels}:
        problems.append(("channel", f"Unknown channel {new.channel!r}."))
    if new.category not in {c.code for c in rules.categories}:
        problems.append(("category", f"Unknown category {new.category!r}."))
    if not new.requester.strip():
        problems.append(("requester", "Who is asking? Type a name (or \"anonymous caller\")."))
    elif len(new.requester.strip()) > REQUESTER_MAX:
        problems.append(("requester", f"A requester is at most {REQUESTER_MAX} characters."))
    if not new.text.strip():
        problems.append(("text", "Type what was asked (and what was answered)."))
    elif len(new.text) > TEXT_MAX:
        problems.append(("text", f"The text is limited to {TEXT_MAX:,} characters."))
    if new.arrived_at is not None and new.arrived_at > utcnow() + FUTURE_SLACK:
        problems.append(("arrived_at", "The arrival time is in the future; check the date."))
    for kind, _ in new.links:
        if kind not in LINK_KINDS:
            problems.append(("links", f"Unknown link kind {kind!r}."))
    if problems:
        raise ValidationErrors(problems)


def _first_line(text: str, limit: int = 120) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _add_inquiry(uow: UnitOfWork, profile: Profile, actor: Actor | None, *, channel: str,
                 arrived: datetime, requester: str, category: str, subject: str,
                 contact: str = "", address: str = "", summary: str = "",
                 envelope_id: int | None = None, message_id: str | None = None,
                 received: datetime | None = None) -> Inquiry:
    received = received or profile.calendar.normalise_received(arrived, channel)
    first = profile.inquiry.initial_status.code
    row = Inquiry(number=inquiry_number(uow), channel=channel, arrived_at=arrived,
                  received_at=received, requester=requester[:REQUESTER_MAX] or "unknown",
                  category=category, status=first,
                  status_kind=profile.inquiry.status(first).kind,
                  priority=profile.inquiry.category(category).priority, subject=subject[:300],
                  summary=summary, requester_contact=contact[:200], requester_address=address,
                  envelope_id=envelope_id, message_id=message_id, last_activity_at=arrived)
    uow.session.add(row)
    uow.session.flush()
    # At arrival, not at the normalised receipt: a clerk may act on a letter that came in
    # before opening, and the history must stay in time order.
    uow.session.add(InquiryStatusChange(inquiry_id=row.id, at=arrived, status=first,
                                        changed_by=actor.user_id if actor else None,
                                        reason="received"))
    return row


def from_envelope(uow: UnitOfWork, profile: Profile, actor: Actor, envelope: Envelope,
                  channel: str, summary: str) -> Inquiry:
    """Mail Sort's correspondence-only envelope becomes an inquiry (inside its transaction)."""
    row = _add_inquiry(uow, profile, actor, channel=channel, arrived=envelope.arrived_at,
                       received=envelope.received_at, requester=envelope.customer_name,
                       category="other", subject=_first_line(summary) or "Letter",
                       summary=summary, envelope_id=envelope.id)
    uow.session.add(InquiryEntry(inquiry_id=row.id, kind="inbound", channel=channel,
                                 at=envelope.arrived_at, author_id=actor.user_id,
                                 subject=row.subject,
                                 body=summary or f"Letter in envelope {envelope.control_number}"))
    _link(uow, actor, row, "envelope", envelope.id)
    recompute(uow, profile, row, utcnow())
    return row


def import_mail(db: Database, profile: Profile, actor: Actor, mail: ImportedMail,
                arrived_at: datetime | None = None, original: bytes = b"") -> ImportResult:
    """An e-mail read from a .eml file becomes an inquiry with its attachments; what could not
    be read is kept as a note on the entry, and then the original file is attached whole, so
    nothing is lost (an oversize attachment left out is still in it). The same message twice
    (by Message-ID, else by the file's hash) gives the first one."""
    key = mail.message_id[:300] or (
        f"sha256:{hashlib.sha256(original).hexdigest()}" if original else "")

    def work(uow: UnitOfWork) -> ImportResult:
        authorize(uow, actor, "inquiry.work")
        if key:
            found = uow.session.execute(select(Inquiry.id, Inquiry.number).where(
                Inquiry.message_id == key)).first()
            if found is not None:
                return ImportResult(int(found[0]), str(found[1]),
                                    ("This message was imported before.",), duplicate=True)
        now = utcnow()
        # The e-mail counts from when it reached the office: its Date header when plausible.
        arrived = arrived_at or (mail.sent_at if mail.sent_at and mail.sent_at <= now else now)
        requester = mail.sender_name or mail.sender_address or "unknown sender"
        row = _add_inquiry(uow, profile, actor, channel="email", arrived=arrived,
                           requester=requester, category="other",
                           subject=mail.subject or _first_line(mail.body) or "(no subject)",
                           contact=mail.sender_address, summary=mail.body[:2000],
                           message_id=key or None)
        entry = InquiryEntry(inquiry_id=row.id, kind="inbound", channel="email", at=arrived,
                             author_id=None, subject=mail.subject[:300], body=mail.body,
                             notes="\n".join(mail.notes))
        uow.session.add(entry)
        uow.session.flush()
        kept = list(mail.attachments)
        if original and mail.notes:
            kept.append(Attachment("original-message.eml", "message/rfc822", original))
        for att in kept:
            uow.session.add(InquiryAttachment(
                entry_id=entry.id, filename=att.filename[:255],
                content_type=att.content_type[:100], size=len(att.data),
                sha256=hashlib.sha256(att.data).hexdigest(), data=att.data))
        recompute(uow, profile, row, now)
        audit.record(uow, actor, "inquiry.import_mail", "inquiry", row.id,
                     after={"number": row.number, "attachments": len(kept),
                            "notes": len(mail.notes)})
        uow.commit()
        return ImportResult(row.id, row.number, tuple(mail.notes))

    return db.run(work)


# ---------------------------------------------------------------------- working one

def load(uow: UnitOfWork, inquiry_id: int, version: int | None = None) -> Inquiry:
    row = uow.session.get(Inquiry, inquiry_id)
    if row is None:
        raise UserError(f"No inquiry has the id {inquiry_id}.", field="inquiry")
    if version is not None and row.version != version:
        raise ConflictError("Someone changed this inquiry since you opened it; it has been "
                            "reloaded.", code="stale")
    return row


def add_note(db: Database, profile: Profile, actor: Actor, inquiry_id: int, text: str, *,
             kind: str = "note", channel: str = "internal") -> int:
    """An internal note, a phone note or an inbound contact typed in; returns the entry id."""
    if kind not in ("note", "phone", "inbound"):
        raise UserError(f"Unknown entry kind {kind!r}.", field="kind")
    if not text.strip():
        raise UserError("Type the note.", field="text")
    if len(text) > TEXT_MAX:
        raise UserError(f"The text is limited to {TEXT_MAX:,} characters.", field="text")

    def work(uow: UnitOfWork) -> int:
        authorize(uow, actor, "inquiry.work")
        row = load(uow, inquiry_id)
        now = utcnow()
        entry = InquiryEntry(inquiry_id=row.id, kind=kind, channel=channel, at=now,
                             author_id=actor.user_id, body=text.strip())
        uow.session.add(entry)
        row.last_activity_at = now
        if kind == "inbound" and profile.inquiry.status(row.status).kind == "paused":
            # The customer wrote back: the clock runs again (RT's "requester replied").
            apply_status(uow, profile, actor, row, "open", "the customer replied", now)
        uow.session.flush()
        recompute(uow, profile, row, now)
        audit.record(uow, actor, f"inquiry.add_{kind}", "inquiry", row.id,
                     after={"entry": entry.id})
        uow.commit()
        return entry.id

    return db.run(work)


def set_status(db: Database, profile: Profile, actor: Actor, inquiry_id: int, status: str,
               reason: str = "", *, version: int | None = None) -> None:
    """Move an inquiry to ``status`` (waiting on customer pauses its clocks; resolved ends
    them). A finished inquiry leaves its owner's list but keeps the owner on record."""
    rules = profile.inquiry
    if status not in {s.code for s in rules.statuses}:
        raise UserError(f"Unknown status {status!r}.", field="status")

    def work(uow: UnitOfWork) -> None:
        authorize(uow, actor, "inquiry.work")
        row = load(uow, inquiry_id, version)
        if row.status == status:
            return
        if row.status_kind == "done" and rules.status(status).kind != "done" and not reason:
            raise UserError("Say why a finished inquiry is reopened.", field="reason")
        now = utcnow()
        before = row.status
        apply_status(uow, profile, actor, row, status, reason, now)
        recompute(uow, profile, row, now)
        audit.record(uow, actor, "inquiry.set_status", "inquiry", row.id,
                     before={"status": before}, after={"status": status}, reason=reason or None)
        uow.commit()

    db.run(work)


def apply_status(uow: UnitOfWork, profile: Profile, actor: Actor | None, row: Inquiry, status: str,
            reason: str, now: datetime) -> None:
    kind = profile.inquiry.status(status).kind
    row.status, row.status_kind, row.last_activity_at = status, kind, now
    if kind == "done":
        row.closed_at = now
    elif row.closed_at is not None:
        row.closed_at = None
    uow.session.add(InquiryStatusChange(inquiry_id=row.id, at=now, status=status,
                                        changed_by=actor.user_id if actor else None,
                                        reason=reason))
    uow.session.flush()


def set_category(db: Database, profile: Profile, actor: Actor, inquiry_id: int,
                 category: str) -> None:
    """Sort an inquiry into its category: its clocks (and priority) follow the category."""
    if category not in {c.code for c in profile.inquiry.categories}:
        raise UserError(f"Unknown category {category!r}.", field="category")

    def work(uow: UnitOfWork) -> None:
        authorize(uow, actor, "inquiry.work")
        row = load(uow, inquiry_id)
        before = row.category
        row.category = category
        row.priority = profile.inquiry.category(category).priority
        row.last_activity_at = utcnow()
        recompute(uow, profile, row, row.last_activity_at)
        audit.record(uow, actor, "inquiry.set_category", "inquiry", row.id,
                     before={"category": before}, after={"category": category})
        uow.commit()

    db.run(work)


def link(db: Database, actor: Actor, inquiry_id: int, kind: str, key: str) -> None:
    """Tie the inquiry to a record named by its number: an entity's charter number, a filing's
    document number, a UCC file number, an envelope's control number."""

    def work(uow: UnitOfWork) -> None:
        authorize(uow, actor, "inquiry.work")
        row = load(uow, inquiry_id)
        target = _find_target(uow, kind, key.strip().upper())
        _link(uow, actor, row, kind, target)
        row.last_activity_at = utcnow()
        audit.record(uow, actor, "inquiry.link", "inquiry", row.id,
                     after={"kind": kind, "target": target})
        uow.commit()

    db.run(work)


def _find_target(uow: UnitOfWork, kind: str, key: str) -> int:
    column = {"entity": Entity.number, "filing": Filing.document_number,
              "ucc": UccRecord.file_number, "envelope": Envelope.control_number}.get(kind)
    if column is None:
        raise UserError(f"A {kind} is linked from its own screen, not by number.", field="kind")
    found = uow.session.execute(select(column.class_.id).where(column == key)).scalar()
    if found is None:
        raise UserError(f"No {kind} has the number {key}.", field="key")
    return int(found)


def _link(uow: UnitOfWork, actor: Actor, row: Inquiry, kind: str, target: int) -> None:
    model = LINK_MODELS.get(kind)
    if model is None or uow.session.get(model, target) is None:
        raise UserError(f"No {kind} {target} to link.", field="links")
    exists = uow.session.execute(select(InquiryLink.id).where(
        InquiryLink.inquiry_id == row.id, InquiryLink.kind == kind,
        InquiryLink.target_id == target)).first()
    if exists is None:
        uow.session.add(InquiryLink(inquiry_id=row.id, kind=kind, target_id=target,
                                    added_by=actor.user_id))
        uow.session.flush()


def merge(db: Database, profile: Profile, actor: Actor, duplicate_id: int,
          keeper_id: int) -> None:
    """The same requester asked the same thing twice (a phone call and a letter): the
    duplicate's entries and links move to the keeper, and the duplicate is closed as merged.
    Entries keep their times, so the keeper's clocks still start at its own receipt."""
    if duplicate_id == keeper_id:
        raise UserError("An inquiry cannot be merged into itself.", field="keeper")

    def work(uow: UnitOfWork) -> None:
        authorize(uow, actor, "inquiry.work")
        dup, keeper = load(uow, duplicate_id), load(uow, keeper_id)
        if dup.status_kind == "done" or keeper.status_kind == "done":
            raise UserError("Only open inquiries are merged.", field="keeper")
        moved = uow.session.execute(select(InquiryEntry).where(
            InquiryEntry.inquiry_id == dup.id)).scalars().all()
        for entry in moved:
            entry.inquiry_id = keeper.id
        for lk in uow.session.execute(select(InquiryLink).where(
                InquiryLink.inquiry_id == dup.id)).scalars().all():
            _link(uow, actor, keeper, lk.kind, lk.target_id)
        now = utcnow()
        dup.merged_into_id = keeper.id
        apply_status(uow, profile, actor, dup, "merged", f"merged into {keeper.number}", now)
        keeper.last_activity_at = now
        recompute(uow, profile, dup, now)
        recompute(uow, profile, keeper, now)
        audit.record(uow, actor, "inquiry.merge", "inquiry", dup.id,
                     after={"into": keeper.number, "entries": len(moved)})
        uow.commit()

    db.run(work)


def merge_into(db: Database, profile: Profile, actor: Actor, duplicate_id: int,
               keeper_number: str) -> None:
    """``merge`` with the keeper named by its number, as the clerk types it."""
    number = keeper_number.strip().upper()

    def find(uow: UnitOfWork) -> int:
        authorize(uow, actor, "inquiry.read")
        found = uow.session.execute(select(Inquiry.id).where(Inquiry.number == number)).scalar()
        if found is None:
            raise UserError(f"No inquiry has the number {number or '(none)'}.", field="keeper")
        return int(found)

    merge(db, profile, actor, duplicate_id, db.run(find, read_only=True))


def split(db: Database, profile: Profile, actor: Actor, inquiry_id: int,
          entry_ids: Sequence[int], category: str) -> tuple[int, str]:
    """Entries that are a question of their own become a new inquiry (received when the first
    of them was), with the requester and links copied."""

    def work(uow: UnitOfWork) -> tuple[int, str]:
        authorize(uow, actor, "inquiry.work")
        source = load(uow, inquiry_id)
        entries = uow.session.execute(select(InquiryEntry).where(
            InquiryEntry.inquiry_id == source.id, InquiryEntry.id.in_(list(entry_ids)))
            .order_by(InquiryEntry.at, InquiryEntry.id)).scalars().all()
        if not entries or len(entries) != len(set(entry_ids)):
            raise UserError("Pick entries of this inquiry to split off.", field="entries")
        total = uow.session.execute(select(func.count()).select_from(InquiryEntry).where(
            InquiryEntry.inquiry_id == source.id)).scalar_one()
        if total == len(entries):
            raise UserError("At least one entry stays with the inquiry.", field="entries")
        first = entries[0]
        row = _add_inquiry(uow, profile, actor, channel=first.channel, arrived=first.at,
                           requester=source.requester, category=category,
                           subject=first.subject or _first_line(first.body),
                           contact=source.requester_contact, address=source.requester_address,
                           summary=first.body[:2000])
        for entry in entries:
            entry.inquiry_id = row.id
        for lk in uow.session.execute(select(InquiryLink).where(
                InquiryLink.inquiry_id == source.id)).scalars().all():
            _link(uow, actor, row, lk.kind, lk.target_id)
        now = utcnow()
        source.last_activity_at = now
        recompute(uow, profile, row, now)
        recompute(uow, profile, source, now)
        audit.record(uow, actor, "inquiry.split", "inquiry", source.id,
                     after={"new": row.number, "entries": [e.id for e in entries]})
        uow.commit()
        return row.id, row.number

    return db.run(work)


def add_charge(db: Database, profile: Profile, actor: Actor, inquiry_id: int,
               quantity: int = 1) -> int:
    """A records request's fee for the teller to collect: the category's fee, priced by the fee
    schedule (copies by the page). Returns the charge id."""
    if quantity < 1:
        raise UserError("The quantity is at least 1.", field="quantity")

    def work(uow: UnitOfWork) -> int:
        authorize(uow, actor, "inquiry.work")
        row = load(uow, inquiry_id)
        category = profile.inquiry.category(row.category)
        if category.fee_code is None:
            raise UserError(f"A {category.label.lower()} inquiry has no fee to charge.",
                            field="category")
        amount = profile.fee_amount(category.fee_code, quantity)
        charge = Charge(source_kind="inquiry", source_id=row.id, fee_code=category.fee_code,
                        description=f"{category.label} · inquiry {row.number}",
                        quantity=quantity, amount_cents=amount, created_by=actor.user_id)
        uow.session.add(charge)
        uow.session.flush()
        audit.record(uow, actor, "inquiry.add_charge", "inquiry", row.id,
                     after={"charge": charge.id, "fee": category.fee_code, "cents": amount})
        uow.commit()
        return charge.id

    return db.run(work)


# ---------------------------------------------------------------------- the clocks

def history(uow: UnitOfWork, profile: Profile, row: Inquiry) -> inquiry_clocks.History:
    """The inquiry's clock inputs, read from its status changes and outbound entries (the
    reading rule is ``inquiry_clocks.history_of``)."""
    changes = uow.session.execute(
        select(InquiryStatusChange.at, InquiryStatusChange.status)
        .where(InquiryStatusChange.inquiry_id == row.id)
        .order_by(InquiryStatusChange.at, InquiryStatusChange.id)).all()
    outbound = uow.session.execute(
        select(InquiryEntry.channel, InquiryEntry.at, InquiryEntry.mailed_at)
        .where(InquiryEntry.inquiry_id == row.id, InquiryEntry.kind == "outbound")).all()
    return inquiry_clocks.history_of(profile.inquiry, row.received_at, changes, outbound)


def clock_states(uow: UnitOfWork, profile: Profile, row: Inquiry,
                 now: datetime) -> tuple[inquiry_clocks.ClockState, ...]:
    return inquiry_clocks.clocks(profile.calendar, profile.inquiry, row.category,
                                 history(uow, profile, row), now)


def recompute(uow: UnitOfWork, profile: Profile, row: Inquiry, now: datetime) -> None:
    """Store the earliest running due time and the breach flag, worked out from history."""
    states = clock_states(uow, profile, row, now)
    first = inquiry_clocks.earliest_due(states)
    row.due_at = first.due_at if first is not None else None
    row.breached = any(s.breached for s in states)
