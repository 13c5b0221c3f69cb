"""Reading one inquiry for its window: header, clocks with their explanations, the thread,
links labelled from the register, status history, charges, and who else has it open."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from workstation.db.uow import Database, UnitOfWork
from workstation.domain.money import format_cents
from workstation.errors import UserError
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
    User,
)
from workstation.models.types import utcnow
from workstation.services.authz import authorize
from workstation.services.dto import Actor
from workstation.services.inquiries import clock_states, load
from workstation.services.inquiry_dto import (
    AttachmentInfo,
    ChargeInfo,
    EntryInfo,
    InquiryDetail,
    LinkInfo,
    StatusInfo,
)
from workstation.services.inquiry_queue import presence
from workstation.services.profile import Profile


def detail(db: Database, profile: Profile, actor: Actor, inquiry_id: int) -> InquiryDetail:
    def work(uow: UnitOfWork) -> InquiryDetail:
        authorize(uow, actor, "inquiry.read")
        row = load(uow, inquiry_id)
        now = utcnow()
        names = _names(uow)
        entries = entries_of(uow, row.id, names)
        merged = uow.session.get(Inquiry, row.merged_into_id) if row.merged_into_id else None
        viewing, composing = presence(uow, profile, row.id, actor, now)
        return InquiryDetail(
            id=row.id, number=row.number, version=row.version, channel=row.channel,
            category=row.category, status=row.status, status_kind=row.status_kind,
            priority=row.priority, requester=row.requester, contact=row.requester_contact,
            address=row.requester_address, subject=row.subject, arrived_at=row.arrived_at,
            received_at=row.received_at, owner=names.get(row.owner_id or 0),
            owner_id=row.owner_id, merged_into=merged.number if merged else None,
            clocks=clock_states(uow, profile, row, now), entries=entries,
            links=_links(uow, profile, row.id), statuses=_statuses(uow, row.id, names),
            charges=_charges(uow, row.id), last_entry_id=max((e.id for e in entries), default=0),
            viewing=viewing, composing=composing)

    return db.run(work, read_only=True)


def _names(uow: UnitOfWork) -> dict[int, str]:
    return {int(i): str(n) for i, n in uow.session.execute(select(User.id, User.username))}


def entries_of(uow: UnitOfWork, inquiry_id: int, names: dict[int, str] | None = None,
               after: int = 0) -> tuple[EntryInfo, ...]:
    names = names if names is not None else _names(uow)
    rows = uow.session.execute(select(InquiryEntry).where(
        InquiryEntry.inquiry_id == inquiry_id, InquiryEntry.id > after)
        .order_by(InquiryEntry.at, InquiryEntry.id)).scalars().all()
    files: dict[int, list[AttachmentInfo]] = {}
    if rows:
        for a in uow.session.execute(
                select(InquiryAttachment.id, InquiryAttachment.entry_id,
                       InquiryAttachment.filename, InquiryAttachment.content_type,
                       InquiryAttachment.size)
                .where(InquiryAttachment.entry_id.in_([r.id for r in rows]))
                .order_by(InquiryAttachment.id)):
            files.setdefault(a.entry_id, []).append(
                AttachmentInfo(a.id, a.filename, a.content_type, a.size))
    return tuple(EntryInfo(r.id, r.kind, r.channel, r.at, names.get(r.author_id or 0),
                           r.subject, r.body, r.template, r.mailed_on, r.notes,
                           tuple(files.get(r.id, ()))) for r in rows)


def _links(uow: UnitOfWork, profile: Profile, inquiry_id: int) -> tuple[LinkInfo, ...]:
    rows = uow.session.execute(select(InquiryLink.kind, InquiryLink.target_id).where(
        InquiryLink.inquiry_id == inquiry_id).order_by(InquiryLink.id)).all()
    return tuple(_label(uow, profile, kind, target) for kind, target in rows)


def _label(uow: UnitOfWork, profile: Profile, kind: str, target: int) -> LinkInfo:
    record: Any = uow.session.get({"entity": Entity, "filing": Filing, "ucc": UccRecord,
                                   "remittance": Remittance, "envelope": Envelope}[kind], target)
    if record is None:
        return LinkInfo(kind, target, f"{kind} {target} (not found)", "")
    if isinstance(record, Entity):
        status = profile.entity_types.status_label(record.status)
        return LinkInfo(kind, target, f"Entity {record.number} · {record.name} · {status}",
                        record.number)
    if isinstance(record, Filing):
        label = profile.filing_type_label(record.filing_type)
        return LinkInfo(kind, target, f"Filing {record.document_number} · {label} · "
                                      f"{record.status}", record.document_number)
    if isinstance(record, UccRecord):
        return LinkInfo(kind, target, f"UCC {record.file_number} · {record.record_type}",
                        record.file_number)
    if isinstance(record, Remittance):
        what = f"check {record.check_number}" if record.check_number else record.instrument
        return LinkInfo(kind, target, f"Payment · {what} · {record.payer} · "
                                      f"{format_cents(record.amount_cents)}", "")
    return LinkInfo(kind, target, f"Envelope {record.control_number} · {record.customer_name}",
                    record.control_number)


def _statuses(uow: UnitOfWork, inquiry_id: int,
              names: dict[int, str]) -> tuple[StatusInfo, ...]:
    rows = uow.session.execute(select(InquiryStatusChange).where(
        InquiryStatusChange.inquiry_id == inquiry_id)
        .order_by(InquiryStatusChange.at, InquiryStatusChange.id)).scalars().all()
    return tuple(StatusInfo(r.at, r.status, names.get(r.changed_by or 0), r.reason)
                 for r in rows)


def _charges(uow: UnitOfWork, inquiry_id: int) -> tuple[ChargeInfo, ...]:
    rows = uow.session.execute(select(Charge).where(
        Charge.source_kind == "inquiry", Charge.source_id == inquiry_id)
        .order_by(Charge.id)).scalars().all()
    return tuple(ChargeInfo(r.id, r.fee_code, r.description, r.quantity, r.amount_cents,
                            r.status) for r in rows)


def attachment(db: Database, actor: Actor, attachment_id: int) -> tuple[str, str, bytes]:
    """(filename, content type, bytes) of one attachment, to open or save."""

    def work(uow: UnitOfWork) -> tuple[str, str, bytes]:
        authorize(uow, actor, "inquiry.read")
        row = uow.session.get(InquiryAttachment, attachment_id)
        if row is None:
            raise UserError("That attachment is not on file.", field="attachment")
        return row.filename, row.content_type, bytes(row.data)

    return db.run(work, read_only=True)


def for_record(db: Database, actor: Actor, kind: str, target_id: int) -> list[tuple[int, str]]:
    """Inquiries linked to a record (the record card lists them): (id, number)."""

    def work(uow: UnitOfWork) -> list[tuple[int, str]]:
        authorize(uow, actor, "inquiry.read")
        rows = uow.session.execute(
            select(Inquiry.id, Inquiry.number).join(InquiryLink,
                                                    InquiryLink.inquiry_id == Inquiry.id)
            .where(InquiryLink.kind == kind, InquiryLink.target_id == target_id)
            .order_by(Inquiry.received_at.desc())).all()
        return [(int(i), str(n)) for i, n in rows]

    return db.run(work, read_only=True)
