"""What the Batch Review screens read: the batches (expedite first, soonest due), one batch's
documents with their standing decisions and checks, and one document's examination (the
filing type's checklist with the system's checks worked out, and the reasons it may be
rejected for). Plain DTOs; nothing here changes anything."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import case, func, select

from workstation.db import search
from workstation.db.uow import Database, UnitOfWork
from workstation.domain import examination as exam_rules
from workstation.errors import UserError
from workstation.models import Batch, BatchItem, Entity, EnvelopeDocument, Filing, User
from workstation.models.types import utcnow
from workstation.services.authz import authorize
from workstation.services.batch_items import answers_of, batch_filings, last_checks, standing
from workstation.services.dto import Actor
from workstation.services.profile import Profile

LEVEL_RANK = {"expedite_3": 0, "expedite_2": 1, "expedite_1": 2}


@dataclass(frozen=True)
class BatchSummary:
    id: int
    number: str
    service_type: str
    service_level: str
    work_level: int
    status: str
    version: int
    due_at: datetime | None
    items: int
    undecided: int


@dataclass(frozen=True)
class ItemRow:
    filing_id: int
    version: int
    document_number: str
    filing_type: str
    type_label: str
    entity: str | None
    pages: int
    fee_due_cents: int
    status: str
    examiner: str | None  # who has it (taken) or decided it
    decision: str | None
    reasons: tuple[str, ...]
    qc: str | None  # match / mismatch, the newest check
    qc_note: str


@dataclass(frozen=True)
class BatchDetail:
    summary: BatchSummary
    items: tuple[ItemRow, ...]


@dataclass(frozen=True)
class ReasonChoice:
    code: str
    label: str
    cure: str
    citation: str
    money: str


@dataclass(frozen=True)
class ExaminationView:
    item: ItemRow
    findings: tuple[exam_rules.Finding, ...]
    reasons: tuple[ReasonChoice, ...]  # the catalogue for this filing type
    failed: tuple[str, ...]  # reason codes of the failed checks, in order
    creates_entity: bool
    service: str  # corporate / ucc / ...
    received_on: date


def batches(db: Database, actor: Actor, *, include_closed: bool = False
            ) -> list[BatchSummary]:
    """Work batches, expedite first (highest level, soonest due), then by class and number."""

    def work(uow: UnitOfWork) -> list[BatchSummary]:
        authorize(uow, actor, "batch.read")
        query = select(Batch)
        if not include_closed:
            query = query.where(Batch.status != "closed")
        rows = list(uow.session.execute(query).scalars())
        found = [_summary(uow, b) for b in rows]
        return sorted(found, key=_urgency)

    return db.run(work, read_only=True)


def _urgency(batch: BatchSummary) -> tuple[Any, ...]:
    """Expedite levels first, soonest due first, then by class and number."""
    due = batch.due_at.timestamp() if batch.due_at is not None else float("inf")
    return (LEVEL_RANK.get(batch.service_level, 9), due, batch.service_type,
            batch.work_level, batch.number)


def _summary(uow: UnitOfWork, batch: Batch) -> BatchSummary:
    placed_here = select(BatchItem.filing_id).where(BatchItem.batch_id == batch.id)
    newest = (select(func.max(BatchItem.id)).where(BatchItem.filing_id.in_(placed_here))
              .group_by(BatchItem.filing_id))
    counts = uow.session.execute(
        select(func.count(), func.sum(case(
            (Filing.status.in_(("received", "in_review")), 1), else_=0)))
        .select_from(BatchItem).join(Filing, Filing.id == BatchItem.filing_id)
        .where(BatchItem.batch_id == batch.id, BatchItem.id.in_(newest))).one()
    return BatchSummary(batch.id, batch.number, batch.service_type, batch.service_level,
                        batch.work_level, batch.status, batch.version, batch.due_at,
                        int(counts[0] or 0), int(counts[1] or 0))


def batch_detail(db: Database, profile: Profile, actor: Actor, batch_id: int) -> BatchDetail:
    def work(uow: UnitOfWork) -> BatchDetail:
        authorize(uow, actor, "batch.read")
        batch = uow.session.get(Batch, batch_id)
        if batch is None:
            raise UserError(f"No batch has the id {batch_id}.", field="batch")
        return BatchDetail(_summary(uow, batch), tuple(_items(uow, profile, batch.id)))

    return db.run(work, read_only=True)


def _items(uow: UnitOfWork, profile: Profile, batch_id: int) -> list[ItemRow]:
    filings = batch_filings(uow, batch_id)
    decided = standing(uow, [f.id for f in filings])
    checks = last_checks(uow, batch_id)
    names = {int(i): str(n) for i, n in uow.session.execute(select(User.id, User.username))}
    rows = []
    for f in filings:
        exam = decided.get(f.id)
        check = checks.get(f.id)
        entity = uow.session.get(Entity, f.entity_id) if f.entity_id else None
        who = f.examiner_id or (exam.decided_by if exam else None)
        rows.append(ItemRow(
            f.id, f.version, f.document_number, f.filing_type,
            profile.filing_type_label(f.filing_type), entity.name if entity else None, f.pages,
            f.fee_due_cents, f.status, names.get(who) if who else None,
            exam.decision if exam else None,
            tuple(r for r in (exam.reasons.split(",") if exam else []) if r),
            check.result if check else None, check.note if check else ""))
    return rows


def examination(db: Database, profile: Profile, actor: Actor, filing_id: int,
                answers: dict[str, bool] | None = None,
                typed: dict[str, str] | None = None) -> ExaminationView:
    """The document's checklist evaluated now: the system's checks from the register (entity
    status, the name typed from the paper, the fee), the examiner's from ``answers``."""

    def work(uow: UnitOfWork) -> ExaminationView:
        authorize(uow, actor, "batch.read")
        filing = uow.session.get(Filing, filing_id)
        if filing is None:
            raise UserError(f"No document has the id {filing_id}.", field="filing")
        batch_id = uow.session.execute(select(BatchItem.batch_id).where(
            BatchItem.filing_id == filing.id).order_by(BatchItem.id.desc())).scalar()
        item = next(i for i in _items(uow, profile, int(batch_id or 0))
                    if i.filing_id == filing.id) if batch_id else None
        if item is None:
            raise UserError("That document is in no batch.", field="filing")
        last = standing(uow, [filing.id]).get(filing.id)
        given = dict(answers_of(last)) if last and answers is None else dict(answers or {})
        facts = _facts(uow, profile, filing, typed or {})
        rules = profile.examination
        known = set(rules.checklist(filing.filing_type).codes)
        findings = exam_rules.evaluate(rules, facts,
                                       {k: bool(v) for k, v in given.items() if k in known})
        kind = profile.filing_types.get(filing.filing_type)
        return ExaminationView(
            item, findings,
            tuple(ReasonChoice(r.code, r.label, r.cure, r.citation, r.money)
                  for r in rules.reasons_for(filing.filing_type)),
            exam_rules.failures(findings), kind.creates_entity, kind.service,
            filing.received_at.astimezone(profile.calendar.zone).date())

    return db.run(work, read_only=True)


def _facts(uow: UnitOfWork, profile: Profile, filing: Filing,
           typed: dict[str, str]) -> exam_rules.Facts:
    entity = uow.session.get(Entity, filing.entity_id) if filing.entity_id else None
    kind = profile.filing_types.get(filing.filing_type)
    name = (typed.get("name") or "").strip() or None
    available: bool | None = None
    conflicts: tuple[str, ...] = ()
    designator: tuple[str, ...] | None = None
    if name and kind.creates_entity:
        key = profile.entity_name_key(name)
        rows = search.by_name_key(uow.session, key, limit=200)
        found = list(profile.name_conflicts(name, rows, utcnow().date()))
        available = not found
        conflicts = tuple(f"{row.name} ({row.number})" for row, _ in found)
        entity_type = typed.get("entity_type") or (
            next(iter(kind.entity_types)) if len(kind.entity_types) == 1 else None)
        if entity_type:
            designator = tuple(profile.designator_problems(name, entity_type))
    paid = uow.session.execute(select(EnvelopeDocument.id).where(
        EnvelopeDocument.filing_id == filing.id)).first() is not None
    return exam_rules.Facts(
        filing_type=filing.filing_type,
        received_on=filing.received_at.astimezone(profile.calendar.zone).date(),
        entity_status=entity.status if entity else None, name=name,
        record_name=entity.name if entity else None, name_available=available,
        name_conflicts=conflicts, designator_problems=designator,
        fee_due_cents=filing.fee_due_cents,
        fee_paid_cents=filing.fee_due_cents if paid else None, fields=typed,
        agent_address=typed.get("agent_street") or None,
        ucc_record_type=typed.get("record_type") or None)
