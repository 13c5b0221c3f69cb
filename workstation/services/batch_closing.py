"""The end of a batch: a second person's quality check of each accepted document, the close
(every item decided, every accepted item checked, the funds and pages balancing) with its report
PDF and imaging manifest, and a lead's reopening with a reason, after which it closes again.

A batch's stage follows its documents (``settle``, after every take, decision, check, money
correction and move): open until an examiner takes a document; in review while any waits for a
decision; QC once all are decided but an accepted one lacks a matching check or the funds do
not balance yet; balanced when it could close now; closed; reopened by a lead until work on it
moves it on again.

Money for a batch: each document was priced by Mail Sort (``fee_due_cents``) and paid with its
envelope's tender. Closing requires, per tender, received = applied (accepted fees) + refunded +
credited + held (what the examiners' decisions said for the rest). A batch's status changes
under its version, so two closes of one batch cannot both succeed.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from sqlalchemy import select

from workstation.db.uow import Database, UnitOfWork
from workstation.errors import ConflictError, UserError
from workstation.models import (
    Batch,
    BatchEvent,
    Entity,
    EnvelopeDocument,
    Filing,
    QualityCheck,
    Remittance,
    User,
)
from workstation.models.types import utcnow
from workstation.printing.batch_close import BatchCloseReport, CloseItem, TenderTotal
from workstation.printing.batch_close import build_batch_close_report as build_report
from workstation.printing.imaging_manifest import manifest_csv
from workstation.services import audit
from workstation.services.authz import authorize
from workstation.services.batch_items import UNDECIDED, batch_filings, last_checks, standing
from workstation.services.dto import Actor
from workstation.services.profile import Profile

QC_FIELDS = ("certificate", "check", "address", "name", "agent")


@dataclass
class Closed:
    """A closed batch's papers. The report PDF is drawn when first asked for, after the close
    has committed: drawing a long batch takes about a second, and a close must not hold the
    database's write lock while it does (Mail Sort at other desks would wait)."""

    batch_number: str
    report: BatchCloseReport
    manifest: bytes
    zone: ZoneInfo

    @cached_property
    def report_pdf(self) -> bytes:
        return build_report(self.report, zone=self.zone)


# ---------------------------------------------------------------------- quality check

def quality_check(db: Database, profile: Profile, actor: Actor, filing_id: int, matches: bool,
                  mismatched: tuple[str, ...] = (), note: str = "") -> int:
    """A second person compares an accepted document's key fields with the paper. A mismatch
    names the fields and says what is wrong; the item then blocks the close until a later
    check matches."""
    unknown = [f for f in mismatched if f not in QC_FIELDS]
    if unknown:
        raise UserError(f"Unknown fields: {', '.join(unknown)}.", field="fields")
    if not matches and (not mismatched or not note.strip()):
        raise UserError("A mismatch names the fields and says what is wrong.", field="note")

    def work(uow: UnitOfWork) -> int:
        authorize(uow, actor, "batch.qc")
        filing = uow.session.get(Filing, filing_id)
        last = standing(uow, [filing_id]).get(filing_id)
        if filing is None or last is None or last.decision != "accepted":
            raise UserError("Only an accepted document is checked.", field="filing")
        if last.decided_by == actor.user_id:
            raise UserError("The examiner does not check their own work.", field="filing")
        row = QualityCheck(batch_id=last.batch_id, filing_id=filing_id,
                           result="match" if matches else "mismatch",
                           fields=",".join(mismatched), note=note.strip(),
                           checked_by=actor.user_id, checked_at=utcnow())
        uow.session.add(row)
        uow.session.flush()
        audit.record(uow, actor, "batch.qc", "filing", filing_id,
                     after={"result": row.result, "fields": list(mismatched)},
                     reason=note.strip() or None)
        batch = uow.session.get(Batch, last.batch_id)
        if batch is not None:
            settle(uow, profile, actor, batch)
        uow.commit()
        return row.id

    return db.run(work)


# ---------------------------------------------------------------------- stage

def settle(uow: UnitOfWork, profile: Profile, actor: Actor, batch: Batch) -> str:
    """Move the batch to the stage its documents are at (in review, QC, balanced); open and
    closed batches stay as they are. The change is audited with the batch's number."""
    if batch.status in ("open", "closed"):
        return batch.status
    filings = batch_filings(uow, batch.id)
    if any(f.status in UNDECIDED for f in filings):
        stage = "in_review"
    else:  # all decided: the close's own test says whether it could close now
        report, undecided = _report(uow, profile, actor, batch, utcnow())
        stage = "qc" if _problems(report, undecided) else "balanced"
    if stage != batch.status:
        audit.record(uow, actor, "batch.stage", "batch", batch.id,
                     before={"status": batch.status},
                     after={"number": batch.number, "status": stage})
        batch.status = stage
    return stage


# ---------------------------------------------------------------------- closing

def close(db: Database, profile: Profile, actor: Actor, batch_id: int,
          version: int) -> Closed:
    """Close the batch for imaging; refuses, naming every problem, when it does not balance."""

    def work(uow: UnitOfWork) -> Closed:
        authorize(uow, actor, "batch.close")
        batch = uow.session.get(Batch, batch_id)
        if batch is None:
            raise UserError(f"No batch has the id {batch_id}.", field="batch")
        if batch.version != version:
            raise ConflictError(f"Batch {batch.number} changed since you looked; look again.",
                                code="stale")
        if batch.status == "closed":
            raise UserError(f"Batch {batch.number} is closed already.", field="batch")
        now = utcnow()
        report, undecided = _report(uow, profile, actor, batch, now)
        problems = _problems(report, undecided)
        if problems:
            raise UserError(" ".join(problems), field="batch", code="not_balanced")
        batch.status = "closed"
        uow.session.add(BatchEvent(
            batch_id=batch.id, kind="closed", at=now, by_user=actor.user_id,
            pages=report.pages_to_image, report_sha256=content_hash(report),
            totals=json.dumps([t.__dict__ for t in report.tenders], sort_keys=True)))
        uow.session.flush()
        audit.record(uow, actor, "batch.close", "batch", batch.id,
                     after={"number": batch.number, "items": len(report.items),
                            "pages": report.pages_to_image})
        uow.commit()
        return Closed(batch.number, report, manifest_csv(batch.number, report.items),
                      profile.calendar.zone)

    return db.run(work)


def content_hash(report: BatchCloseReport) -> str:
    """SHA-256 of the report's facts as canonical JSON: recorded with the close, so a printed
    report (or one drawn again later) is checked against what was closed, not against bytes
    of one particular drawing."""
    facts = json.dumps(asdict(report), sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(facts.encode("utf-8")).hexdigest()


def _problems(report: BatchCloseReport, undecided: int) -> list[str]:
    problems = []
    if undecided:
        problems.append(f"{undecided} document(s) still to decide.")
    if any(i.decision == "accepted" and i.qc_by is None for i in report.items):
        problems.append("Every accepted document needs a matching quality check.")
    if not report.items and not undecided:
        problems.append("The batch is empty.")
    if not report.balanced:
        problems.append("The funds do not balance: " + "; ".join(report.discrepancies) + ".")
    return problems


def _report(uow: UnitOfWork, profile: Profile, actor: Actor, batch: Batch,
            now: datetime) -> tuple[BatchCloseReport, int]:
    """The close report of the decided documents, and how many are still undecided."""
    filings = batch_filings(uow, batch.id)
    decided = standing(uow, [f.id for f in filings])
    checks = last_checks(uow, batch.id)
    names = {int(i): str(n) for i, n in uow.session.execute(select(User.id, User.username))}
    tenders = _tenders(uow, [f.id for f in filings])
    entity_ids = {f.entity_id for f in filings if f.entity_id}
    entities = {int(i): str(n) for i, n in uow.session.execute(
        select(Entity.id, Entity.name).where(Entity.id.in_(entity_ids)))} if entity_ids else {}
    items: list[CloseItem] = []
    sums: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    undecided = 0
    for filing in filings:
        exam = decided.get(filing.id)
        if exam is None or filing.status in UNDECIDED:
            undecided += 1
            continue
        decision = exam.decision
        check = checks.get(filing.id)
        item = CloseItem(
            position=len(items) + 1, document_number=filing.document_number,
            filing_type=filing.filing_type,
            filing_label=profile.filing_type_label(filing.filing_type),
            entity=entities.get(filing.entity_id or 0), decision=decision, pages=filing.pages,
            fee_cents=filing.fee_due_cents if decision == "accepted" else 0,
            refund_cents=exam.refund_cents, credit_cents=exam.credit_cents,
            held_cents=filing.fee_due_cents if decision == "held" else exam.held_cents,
            examiner=names.get(exam.decided_by, "?"),
            qc_by=names.get(check.checked_by) if check and check.result == "match" else None)
        items.append(item)
        tender = tenders.get(filing.id, "none")
        for n, amount in enumerate((filing.fee_due_cents, item.fee_cents, item.refund_cents,
                                    item.credit_cents, item.held_cents)):
            sums[tender][n] += amount
    head_seq, head_hash = audit.chain_head(uow)
    return BatchCloseReport(
        batch_number=batch.number, category=batch.service_type,
        service_level=batch.service_level, work_level=batch.work_level,
        opened_at=batch.opened_at, closed_at=now, closed_by=actor.username,
        office=profile.calendar.name, items=tuple(items),
        tenders=tuple(TenderTotal(t, *v) for t, v in sorted(sums.items())),
        reopen_note=_reopen_note(uow, batch.id), audit_head=f"{head_seq}:{head_hash}"), undecided


def _tenders(uow: UnitOfWork, filing_ids: list[int]) -> dict[int, str]:
    """Each document's tender: its envelope's first money line (check, cash, money order)."""
    if not filing_ids:
        return {}
    rows = uow.session.execute(
        select(EnvelopeDocument.filing_id, Remittance.instrument)
        .join(Remittance, Remittance.envelope_id == EnvelopeDocument.envelope_id)
        .where(EnvelopeDocument.filing_id.in_(filing_ids))
        .order_by(EnvelopeDocument.filing_id, Remittance.id)).all()
    found: dict[int, str] = {}
    for filing_id, instrument in rows:
        found.setdefault(int(filing_id), str(instrument))
    return found


def _reopen_note(uow: UnitOfWork, batch_id: int) -> str | None:
    last = uow.session.execute(select(BatchEvent).where(
        BatchEvent.batch_id == batch_id, BatchEvent.kind == "reopened")
        .order_by(BatchEvent.id.desc()).limit(1)).scalar_one_or_none()
    return f"Reopened {last.at:%Y-%m-%d}: {last.reason}" if last else None


def reopen(db: Database, actor: Actor, batch_id: int, reason: str) -> None:
    """A lead reopens a closed batch, saying why; it must be closed again."""
    if not reason.strip():
        raise UserError("Say why the batch is reopened.", field="reason")

    def work(uow: UnitOfWork) -> None:
        authorize(uow, actor, "batch.reopen")
        batch = uow.session.get(Batch, batch_id)
        if batch is None or batch.status != "closed":
            raise UserError("Only a closed batch is reopened.", field="batch")
        batch.status = "reopened"
        uow.session.add(BatchEvent(batch_id=batch.id, kind="reopened", at=utcnow(),
                                   by_user=actor.user_id, reason=reason.strip()))
        uow.session.flush()
        audit.record(uow, actor, "batch.reopen", "batch", batch.id,
                     after={"number": batch.number}, reason=reason.strip())
        uow.commit()

    db.run(work)
