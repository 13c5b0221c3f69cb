"""Arranging batches by hand: a batch opened by a senior clerk or lead (mail that came outside
the trays, a rush the office wants kept apart), and a document moved to another batch with a
reason (misrouted, or the customer changed the speed). Both leave their reason on the batch's
history (``batch_events``) and in the audit log; a move appends a placement, so the document's
earlier batch stays on record.

A document moves only while it waits for a decision (or is on hold): a decided one belongs to
the batch whose close accounts for its money. It moves only into a batch of its own service
type (a UCC statement is never examined in a Corporate batch), and never into or out of a
closed batch.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from workstation.db.uow import Database, UnitOfWork
from workstation.domain.filing_types import ServiceType
from workstation.errors import UserError
from workstation.models import Batch, BatchEvent, BatchItem, Filing, User
from workstation.models.types import utcnow
from workstation.printing.common import service_type_label
from workstation.services import audit, batch_closing, numbering
from workstation.services.authz import authorize
from workstation.services.batch_items import current_batch
from workstation.services.dto import Actor
from workstation.services.intake import batch_number
from workstation.services.profile import Profile

MOVABLE = ("received", "in_review", "hold")


@dataclass(frozen=True)
class NewBatch:
    id: int
    number: str


def create_batch(db: Database, profile: Profile, actor: Actor, service_type: str,
                 service_level: str, work_level: int, reason: str) -> NewBatch:
    """Open a batch by hand. An expedite batch is due by its clock from now."""
    if service_type not in {s.value for s in ServiceType}:
        raise UserError(f"Unknown service type {service_type!r}.", field="service_type")
    if service_level not in profile.calendar.clocks:
        raise UserError(f"Unknown speed {service_level!r}.", field="service_level")
    if work_level not in (1, 2, 3):
        raise UserError("The work level is 1, 2 or 3.", field="work_level")
    if not reason.strip():
        raise UserError("Say why this batch is made by hand.", field="reason")

    def work(uow: UnitOfWork) -> NewBatch:
        authorize(uow, actor, "batch.arrange")
        now = utcnow()
        due = profile.calendar.due(service_level, now)
        batch = Batch(number=batch_number(numbering.next_number(uow, "batch")),
                      service_type=service_type, service_level=service_level,
                      work_level=work_level, status="open", opened_at=now,
                      due_at=due.at if due and service_level != "regular" else None,
                      owner_id=actor.user_id)
        uow.session.add(batch)
        uow.session.flush()
        uow.session.add(BatchEvent(batch_id=batch.id, kind="created", at=now,
                                   by_user=actor.user_id, reason=reason.strip()))
        audit.record(uow, actor, "batch.create", "batch", batch.id,
                     after={"number": batch.number,
                            "class": [service_type, service_level, work_level]},
                     reason=reason.strip())
        uow.commit()
        return NewBatch(batch.id, batch.number)

    return db.run(work)


def move_item(db: Database, profile: Profile, actor: Actor, filing_id: int, to_batch: str,
              reason: str) -> str:
    """Put a document in another batch (by its number), saying why; returns the number of the
    batch it left."""
    if not reason.strip():
        raise UserError("Say why the document goes to another batch.", field="reason")

    def work(uow: UnitOfWork) -> str:
        authorize(uow, actor, "batch.arrange")
        filing = uow.session.get(Filing, filing_id)
        if filing is None:
            raise UserError("That document is not on file.", field="document")
        source = current_batch(uow, filing_id)
        target = _target(uow, to_batch)
        _check_move(uow, profile, actor, filing, source, target)
        now = utcnow()
        uow.session.add(BatchItem(batch_id=target.id, filing_id=filing_id, added_at=now,
                                  added_by=actor.user_id, reason=reason.strip()))
        for batch, kind in ((source, "moved_out"), (target, "moved_in")):
            uow.session.add(BatchEvent(batch_id=batch.id, kind=kind, at=now,
                                       by_user=actor.user_id,
                                       reason=f"{filing.document_number}: {reason.strip()}"))
        uow.session.flush()
        audit.record(uow, actor, "batch.move", "filing", filing_id,
                     before={"batch": source.number}, after={"batch": target.number},
                     reason=reason.strip())
        for batch in (source, target):
            batch_closing.settle(uow, profile, actor, batch)
        uow.commit()
        return source.number

    return db.run(work)


def _target(uow: UnitOfWork, number: str) -> Batch:
    wanted = number.strip().upper()
    found = uow.session.execute(select(Batch).where(
        Batch.number == wanted)).scalar_one_or_none()
    if found is None:
        raise UserError(f"No batch has the number {wanted or '(blank)'}.", field="batch")
    return found


def _check_move(uow: UnitOfWork, profile: Profile, actor: Actor, filing: Filing,
                source: Batch, target: Batch) -> None:
    document = filing.document_number
    if target.id == source.id:
        raise UserError(f"{document} is in batch {target.number} already.", field="batch")
    if "closed" in (source.status, target.status):
        closed = source if source.status == "closed" else target
        raise UserError(f"Batch {closed.number} is closed: a lead reopens it first.",
                        field="batch")
    if filing.status not in MOVABLE:
        raise UserError(f"{document} is decided ({filing.status}): it stays in the batch "
                        "that accounts for its money.", field="document")
    if filing.examiner_id not in (None, actor.user_id):
        holder = uow.session.get(User, filing.examiner_id)
        raise UserError(f"{document} is being examined by "
                        f"{holder.username if holder else 'someone'}.", field="document")
    service = profile.filing_types.get(filing.filing_type).service.value
    if target.service_type != service:
        raise UserError(f"{document} is a {service_type_label(service)} document; batch "
                        f"{target.number} is a {service_type_label(target.service_type)} "
                        "batch.", field="batch")
