"""The demo's examined documents (services/demo_decisions.py) on both databases: the lead's
"Rejections by reason" for today counts exactly the rejections and returns the demo made, reason
by reason and filing type by filing type; each document stands as decided, with its money, by
its examiner, through the audited services; and Batch Review keeps this morning's mail to
examine."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import pytest
from sqlalchemy import func, select

from tests.integration.teller_support import person
from workstation.models import (
    AuditRecord,
    Entity,
    Envelope,
    EnvelopeDocument,
    Filing,
    MailSession,
    Remittance,
)
from workstation.services import batch_items, batch_read, batch_review, demo, demo_decisions
from workstation.services.demo_decisions import PAPERS
from workstation.services.demo_mail import ENVELOPES
from workstation.services.reports import run_report
from workstation.startup import Backend

P = demo.profile.load()
REFUSED = ("rejected", "returned")


@pytest.fixture
def decided(demo_backend: Backend) -> tuple[Backend, dict[str, int]]:
    """The small demo with its decisions (made here while demo.build_registry does not)."""
    counts = demo.build_registry(demo_backend.db, "small")
    if "demo_rejections" not in counts:
        counts |= demo_decisions.build(demo_backend.db, P)
    return demo_backend, counts


def _filing(backend: Backend, paper: demo_decisions.Paper) -> Filing:
    """The document that came in the envelope paid by the paper's check."""
    with backend.db.uow(read_only=True) as uow:
        found = uow.session.execute(
            select(Filing).join(EnvelopeDocument, EnvelopeDocument.filing_id == Filing.id)
            .join(Remittance, Remittance.envelope_id == EnvelopeDocument.envelope_id)
            .where(Remittance.check_number == paper.check,
                   Remittance.payer == paper.customer)).scalar_one()
        uow.session.expunge(found)
        return found


def test_the_rejections_report_counts_the_demo_rejections_by_reason(
        decided: tuple[Backend, dict[str, int]]) -> None:
    backend, counts = decided
    wanted = Counter(p.decision for p in PAPERS)
    assert (counts["demo_rejections"], counts["demo_returns"], counts["demo_acceptances"]) \
        == (wanted["rejected"], wanted["returned"], wanted["accepted"]) == (7, 2, 3)
    cited = Counter(f"{code} · {p.filing_type}" for p in PAPERS if p.decision in REFUSED
                    for code in p.reasons)
    today = datetime.now(P.calendar.zone).date()
    report = run_report(backend.db, P, person(backend, "lead"), "rejections", today, today)
    reason, n = report.column("reason"), report.column("rejections")
    assert {row[reason]: row[n] for row in report.rows} == cited
    assert len(report.rows) >= 8 and report.rows[0][reason] == "NAME-01 · OH-610"  # 2 cite it
    figures = {f.label: f.value for f in report.figures}
    assert figures["Documents decided"] == f"{len(PAPERS)}"
    assert figures["Rejected or returned"] == f"{wanted['rejected'] + wanted['returned']}"
    assert figures["Of them returned for correction"] == f"{wanted['returned']}"
    assert figures["Reasons cited"] == f"{sum(cited.values())}"


def test_each_document_stands_as_decided_and_the_morning_mail_waits(
        decided: tuple[Backend, dict[str, int]]) -> None:
    backend, _ = decided
    lead = person(backend, "lead")
    for paper in PAPERS:
        filing = _filing(backend, paper)
        found = batch_review.status_of(backend.db, lead, filing.document_number)
        assert (found.status, found.reasons, found.examiner) == (
            paper.decision, paper.reasons, paper.examiner), paper
        with backend.db.uow(read_only=True) as uow:
            exam = batch_items.standing(uow, [filing.id])[filing.id]
            money = (exam.money, exam.refund_cents, exam.credit_cents, exam.held_cents)
        assert filing.fee_due_cents > 0
        assert money == (paper.money, *(filing.fee_due_cents if paper.money == m else 0
                                        for m in ("refund", "credit", "hold"))), paper
    agent = next(p for p in PAPERS if p.decision == "accepted" and p.filing_type == "OH-521")
    with backend.db.uow(read_only=True) as uow:
        changed = uow.session.get(Entity, _filing(backend, agent).entity_id)
        assert changed is not None and changed.status == "active"
        assert changed.agent_name == dict(agent.fields)["agent_name"]
        actions = Counter(dict(uow.session.execute(
            select(AuditRecord.action, func.count()).where(AuditRecord.action.in_(
                [f"batch.{d}" for d in ("accepted", "rejected", "returned")]))
            .group_by(AuditRecord.action)).all()))
        pouch = uow.session.execute(select(
            MailSession.id, MailSession.status, MailSession.verified_at).where(
            MailSession.source == "courier")).one()
        logged = uow.session.execute(select(func.count()).select_from(Envelope).where(
            Envelope.session_id == pouch.id)).scalar_one()
    assert actions == Counter(f"batch.{p.decision}" for p in PAPERS)  # through the services
    assert pouch.status == "closed" and pouch.verified_at is not None
    assert logged == len(PAPERS)

    batches = batch_read.batches(backend.db, lead)
    assert sum(b.items for b in batches) == len(ENVELOPES) + len(PAPERS)
    assert sum(b.undecided for b in batches) == len(ENVELOPES)  # this morning's mail waits
    assert all(b.undecided for b in batches)  # every batch still has work
    assert batches[0].service_level == "expedite_1"
    assert batches[0].undecided == batches[0].items
