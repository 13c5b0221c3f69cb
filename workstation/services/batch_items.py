"""Reading a batch's documents as Batch Review sees them: where a filing sits now (its newest
placement), which filings a batch holds, each filing's standing decision (the newest
examination) and each one's newest quality check. Shared by taking, deciding, closing and the
screens' read models."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select

from workstation.db.uow import UnitOfWork
from workstation.errors import UserError
from workstation.models import Batch, BatchItem, Examination, Filing, QualityCheck

UNDECIDED = ("received", "in_review")  # filing statuses still waiting for a decision


def current_batch(uow: UnitOfWork, filing_id: int) -> Batch:
    """The batch a filing sits in now (its newest placement)."""
    found = uow.session.execute(
        select(Batch).join(BatchItem, BatchItem.batch_id == Batch.id)
        .where(BatchItem.filing_id == filing_id).order_by(BatchItem.id.desc()).limit(1)
    ).scalar_one_or_none()
    if found is None:
        raise UserError("That document is in no batch.", field="filing")
    return found


def standing(uow: UnitOfWork, filing_ids: Sequence[int]) -> dict[int, Examination]:
    """The newest decision of each filing."""
    if not filing_ids:
        return {}
    newest = (select(func.max(Examination.id)).where(Examination.filing_id.in_(filing_ids))
              .group_by(Examination.filing_id))
    rows = uow.session.execute(select(Examination).where(Examination.id.in_(newest)))
    return {e.filing_id: e for e in rows.scalars()}


def batch_filings(uow: UnitOfWork, batch_id: int) -> list[Filing]:
    """The filings whose newest placement is this batch, in the order they came in."""
    placed_here = select(BatchItem.filing_id).where(BatchItem.batch_id == batch_id)
    newest = (select(func.max(BatchItem.id)).where(BatchItem.filing_id.in_(placed_here))
              .group_by(BatchItem.filing_id))  # a moved filing's newest place is elsewhere
    return list(uow.session.execute(
        select(Filing).join(BatchItem, BatchItem.filing_id == Filing.id)
        .where(BatchItem.batch_id == batch_id, BatchItem.id.in_(newest))
        .order_by(BatchItem.id)).scalars())


def last_checks(uow: UnitOfWork, batch_id: int) -> dict[int, QualityCheck]:
    """The newest quality check of each filing checked in this batch."""
    rows = uow.session.execute(select(QualityCheck).where(QualityCheck.batch_id == batch_id)
                               .order_by(QualityCheck.id)).scalars()
    return {row.filing_id: row for row in rows}  # the newest one of each filing stays


def answers_of(exam: Examination) -> dict[str, Any]:
    return dict(json.loads(exam.answers or "{}"))
