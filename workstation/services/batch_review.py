"""Batch Review: examiners take documents from their batches and decide them; a second person
checks the key fields; a balanced batch closes for imaging; only a lead reopens one.

Taking an item is one conditional UPDATE (nobody has it, or I have it already), so two
examiners never work the same document; a decision also checks the filing's version, so a
decision made on a stale screen is refused. Decisions are appended (``examinations``), never
edited; the newest one stands. Reasons come only from the profile's catalogue (UCC: only the
9-516(b) grounds). Accepting a formation puts the entity on the register inside the same
transaction, the name checked against the register as it is at that moment.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Executable, select, update

from workstation.db.uow import Database, UnitOfWork
from workstation.domain.money import format_cents
from workstation.errors import ConflictError, UserError
from workstation.models import Batch, BatchItem, Entity, Examination, Filing, FilingEvent, User
from workstation.models.types import utcnow
from workstation.services import audit, batch_closing, registry, ucc_filing
from workstation.services.authz import authorize
from workstation.services.batch_items import current_batch, standing
from workstation.services.dto import Actor
from workstation.services.profile import Profile

DECISIONS = ("accepted", "rejected", "returned", "held")
OPEN_FILING = ("received", "in_review", "hold")
_F = Filing.__table__.c


@dataclass(frozen=True)
class Taken:
    won: bool
    filing_id: int
    document_number: str
    examiner: str | None  # who has it now: the winner of a lost race
    version: int  # the filing's version to decide against


@dataclass(frozen=True)
class Decision:
    """What the examiner decided, as the screen sends it."""

    decision: str
    reasons: tuple[str, ...] = ()
    note: str = ""
    follow_up_on: date | None = None
    fields: Mapping[str, str] | None = None  # typed from the paper: name, agent ... (accept)
    answers: Mapping[str, bool] | None = None  # the checklist's examiner answers
    money: str | None = None  # refund / hold / credit for a rejection
    refund_cents: int = 0
    credit_cents: int = 0
    held_cents: int = 0


def _changed(uow: UnitOfWork, statement: Executable) -> int:
    return int(uow.session.connection().execute(statement).rowcount)


# ---------------------------------------------------------------------- taking an item

def take(db: Database, actor: Actor, filing_id: int) -> Taken:
    """Take a document to examine it. A lost race says who has it."""

    def work(uow: UnitOfWork) -> Taken:
        authorize(uow, actor, "batch.examine")
        now = utcnow()
        won = _changed(uow, update(Filing).where(
            _F.id == filing_id, _F.status.in_(OPEN_FILING),
            (_F.examiner_id.is_(None)) | (_F.examiner_id == actor.user_id))
            .values(examiner_id=actor.user_id, taken_at=now, version=_F.version + 1)) == 1
        row = uow.session.execute(
            select(_F.document_number, _F.version, User.username)
            .outerjoin(User, User.id == _F.examiner_id).where(_F.id == filing_id)).first()
        if row is None:
            raise UserError(f"No document has the id {filing_id}.", field="filing")
        if won:
            batch = current_batch(uow, filing_id)
            if batch.status == "open":
                batch.status = "in_review"
            audit.record(uow, actor, "batch.take", "filing", filing_id,
                         after={"document": row[0], "batch": batch.number})
            uow.commit()
        return Taken(won, filing_id, str(row[0]), row[2], int(row[1]))

    return db.run(work)


# ---------------------------------------------------------------------- deciding

def decide(db: Database, profile: Profile, actor: Actor, filing_id: int, version: int,
           choice: Decision) -> int:
    """Post the examiner's decision on a document they hold; returns the examination id."""
    _check_choice(profile, choice)

    def work(uow: UnitOfWork) -> int:
        authorize(uow, actor, "batch.examine")
        filing = uow.session.get(Filing, filing_id)
        if filing is None:
            raise UserError(f"No document has the id {filing_id}.", field="filing")
        if filing.version != version:
            raise ConflictError(f"{filing.document_number} changed since you opened it; look "
                                "again before deciding.", code="stale")
        if filing.status not in OPEN_FILING:
            raise UserError(f"{filing.document_number} is already decided ({filing.status}).",
                            field="filing")
        if filing.examiner_id != actor.user_id:
            raise UserError(f"Take {filing.document_number} before deciding it.",
                            field="filing")
        _check_reasons(profile, filing.filing_type, choice)
        batch = current_batch(uow, filing.id)
        now = utcnow()
        if choice.decision == "accepted":
            _apply(uow, profile, actor, filing, choice.fields or {}, now)
        status = {"accepted": "accepted", "rejected": "rejected", "returned": "returned",
                  "held": "hold"}[choice.decision]
        filing.status = status
        filing.examiner_id = None if status != "hold" else filing.examiner_id
        exam = Examination(
            filing_id=filing.id, batch_id=batch.id, decision=choice.decision,
            reasons=",".join(choice.reasons), note=choice.note.strip(),
            follow_up_on=choice.follow_up_on,
            would_be_filed_at=now if _is_ucc(profile, filing) and status == "rejected" else None,
            money=choice.money, refund_cents=choice.refund_cents,
            credit_cents=choice.credit_cents, held_cents=choice.held_cents,
            answers=json.dumps(dict(choice.answers or {}), sort_keys=True),
            started_at=filing.taken_at, decided_by=actor.user_id, decided_at=now)
        uow.session.add(exam)
        uow.session.add(FilingEvent(filing_id=filing.id, status=status, at=now,
                                    by_user=actor.username,
                                    note=",".join(choice.reasons) or choice.note or None))
        uow.session.flush()
        audit.record(uow, actor, f"batch.{choice.decision}", "filing", filing.id,
                     after={"document": filing.document_number, "batch": batch.number,
                            "reasons": list(choice.reasons)}, reason=choice.note or None)
        batch_closing.settle(uow, profile, actor, batch)
        uow.commit()
        return exam.id

    return db.run(work)


def _check_choice(profile: Profile, choice: Decision) -> None:
    if choice.decision not in DECISIONS:
        raise UserError(f"Unknown decision {choice.decision!r}.", field="decision")
    if choice.decision in ("rejected", "returned") and not choice.reasons:
        raise UserError("Pick at least one reason from the catalogue.", field="reasons")
    if choice.decision == "held" and (not choice.note.strip() or choice.follow_up_on is None):
        raise UserError("A hold needs its reason and a follow-up date.", field="note")
    if choice.decision == "accepted" and choice.reasons:
        raise UserError("An accepted document has no rejection reasons.", field="reasons")
    if min(choice.refund_cents, choice.credit_cents, choice.held_cents) < 0:
        raise UserError("Money amounts are never negative.", field="money")


def _check_reasons(profile: Profile, filing_type: str, choice: Decision) -> None:
    allowed = {r.code for r in profile.examination.reasons_for(filing_type)}
    unknown = [code for code in choice.reasons if code not in allowed]
    if unknown:
        raise UserError(f"Not in the catalogue for this filing type: {', '.join(unknown)}.",
                        field="reasons")


def _is_ucc(profile: Profile, filing: Filing) -> bool:
    return profile.filing_types.get(filing.filing_type).service == "ucc"


def _apply(uow: UnitOfWork, profile: Profile, actor: Actor, filing: Filing,
           fields: Mapping[str, str], now: datetime) -> None:
    """What an accepted document does to the register: a formation adds the entity; a
    filing on an existing entity changes what its fields say (name, agent, status)."""
    kind = profile.filing_types.get(filing.filing_type)
    today = now.astimezone(profile.calendar.zone).date()
    filing.filed_at = now
    if kind.service == "ucc":
        ucc_filing.accept(uow, profile, filing, fields, now)
        return
    if kind.creates_entity:
        name = (fields.get("name") or "").strip()
        entity_type = fields.get("entity_type") or (
            next(iter(kind.entity_types)) if len(kind.entity_types) == 1 else "")
        if not name or not entity_type:
            raise UserError("Type the new entity's name (and kind) from the document.",
                            field="name")
        formed = registry.add_entity(
            uow, profile, actor, name=name, entity_type=entity_type, formation_date=today,
            agent_name=fields.get("agent_name") or None,
            agent_street=fields.get("agent_street") or None,
            agent_city=fields.get("agent_city") or None, agent_zip=fields.get("agent_zip") or None)
        filing.entity_id = formed.id
        return
    entity = uow.session.get(Entity, filing.entity_id) if filing.entity_id else None
    if entity is None:
        return
    allowed = kind.allowed_statuses
    if allowed and "*" not in allowed and entity.status not in allowed:
        raise UserError(f"{entity.name} is {entity.status}: a {kind.label.lower()} cannot be "
                        "filed on it.", field="filing", code="status")
    _amend(profile, entity, fields, today)
    if kind.renews_term:
        _renew(profile, entity, today)
    if kind.sets_status and entity.status != kind.sets_status:
        entity.status, entity.status_date = kind.sets_status, today  # a dissolution, ...


def _renew(profile: Profile, entity: Entity, today: date) -> None:
    """A renewal runs one more term from the end of the current one (a late renewal, from
    today: a lapsed term is not revived backwards)."""
    term = profile.entity_types.get(entity.entity_type).term
    if term is not None:
        current = entity.expiry_date or today
        entity.expiry_date = term.expires(max(current, today))


def _amend(profile: Profile, entity: Entity, fields: Mapping[str, str], today: date) -> None:
    """Only what the document's typed fields say changes; the filing is the entity's history
    of why (its card lists it). The status follows from the filing type (``sets_status``)."""
    if fields.get("name", "").strip():
        name = fields["name"].strip()
        entity.name, entity.name_key = name, profile.entity_name_key(name)
        entity.name_sort = name.casefold()
    for key in ("agent_name", "agent_street", "agent_city", "agent_zip"):
        if fields.get(key, "").strip():
            setattr(entity, key, fields[key].strip())
            entity.agent_missing = False


def correct_money(db: Database, profile: Profile, actor: Actor, filing_id: int, *,
                  refund_cents: int, credit_cents: int, held_cents: int, note: str) -> int:
    """What happens to a rejected document's money, said again: a new decision row repeating
    the rejection with the corrected amounts (the old one stays on record)."""
    if min(refund_cents, credit_cents, held_cents) < 0:
        raise UserError("Money amounts are never negative.", field="money")
    if not note.strip():
        raise UserError("Say why the amounts are corrected.", field="note")

    def work(uow: UnitOfWork) -> int:
        authorize(uow, actor, "batch.examine")
        last = standing(uow, [filing_id]).get(filing_id)
        if last is None or last.decision not in ("rejected", "returned"):
            raise UserError("Only a rejected or returned document's money is corrected.",
                            field="filing")
        batch = uow.session.get(Batch, last.batch_id)
        if batch is not None and batch.status == "closed":
            raise UserError(f"Batch {batch.number} is closed: a lead reopens it first.",
                            field="batch")
        filing = uow.session.get(Filing, filing_id)
        fee = filing.fee_due_cents if filing is not None else 0
        if refund_cents + credit_cents + held_cents > fee:
            raise UserError(f"Refund, credit and held together are at most the document's fee, "
                            f"{format_cents(fee)}.", field="money")
        row = Examination(
            filing_id=filing_id, batch_id=last.batch_id, decision=last.decision,
            reasons=last.reasons, note=f"correction: {note.strip()}", money=last.money,
            refund_cents=refund_cents, credit_cents=credit_cents, held_cents=held_cents,
            answers=last.answers, would_be_filed_at=last.would_be_filed_at,
            decided_by=actor.user_id, decided_at=utcnow())
        uow.session.add(row)
        uow.session.flush()
        audit.record(uow, actor, "batch.correct_money", "filing", filing_id,
                     before={"refund": last.refund_cents, "credit": last.credit_cents,
                             "held": last.held_cents},
                     after={"refund": refund_cents, "credit": credit_cents, "held": held_cents},
                     reason=note.strip())
        if batch is not None:
            batch_closing.settle(uow, profile, actor, batch)
        uow.commit()
        return row.id

    return db.run(work)


# ---------------------------------------------------------------------- status search

@dataclass(frozen=True)
class FilingStatus:
    """Where a filing is: "in process", "on hold" or "completed", its batch, who has it."""

    document_number: str
    filing_type: str
    state: str  # in process / on hold / completed / rejected / returned
    status: str
    batch_number: str | None
    batch_status: str | None
    examiner: str | None  # who has it (or decided it last)
    since: datetime | None
    follow_up_on: date | None  # a hold's follow-up date
    reasons: tuple[str, ...]


STATES = {"received": "in process", "in_review": "in process", "hold": "on hold",
          "accepted": "completed", "completed": "completed", "rejected": "rejected",
          "returned": "returned"}


def status_of(db: Database, actor: Actor, document_number: str) -> FilingStatus:
    """Any filing's status with where it sits and who has it (the counter's status search)."""
    number = document_number.strip().replace(" ", "")

    def work(uow: UnitOfWork) -> FilingStatus:
        authorize(uow, actor, "batch.read")
        filing = uow.session.execute(select(Filing).where(
            Filing.document_number == number)).scalar_one_or_none()
        if filing is None:
            raise UserError(f"No document has the number {number or '(none)'}.",
                            field="document_number")
        placed = uow.session.execute(
            select(Batch.number, Batch.status).join(BatchItem, BatchItem.batch_id == Batch.id)
            .where(BatchItem.filing_id == filing.id).order_by(BatchItem.id.desc()).limit(1)
        ).first()
        last = standing(uow, [filing.id]).get(filing.id)
        who_id = filing.examiner_id or (last.decided_by if last else None)
        who = uow.session.execute(select(User.username).where(User.id == who_id)).scalar() \
            if who_id else None
        since = filing.taken_at if filing.examiner_id else (last.decided_at if last else None)
        return FilingStatus(
            filing.document_number, filing.filing_type, STATES.get(filing.status, filing.status),
            filing.status, placed[0] if placed else None, placed[1] if placed else None, who,
            since, last.follow_up_on if last and filing.status == "hold" else None,
            tuple(r for r in (last.reasons.split(",") if last else []) if r))

    return db.run(work, read_only=True)
