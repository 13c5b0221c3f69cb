"""The demo's morning mail (both databases): logged through Mail Sort's services, it leaves
batches to examine (the expedited one first) and checks for the drawer to apply."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.integration.teller_support import person
from workstation.models import AuditRecord, Envelope
from workstation.services import batch_read, demo, demo_decisions, teller_read
from workstation.services.demo_mail import ENVELOPES
from workstation.startup import Backend


def test_the_demo_morning_mail_gives_every_tab_work(demo_backend: Backend) -> None:
    counts = demo.build_registry(demo_backend.db)
    assert counts["mail_envelopes"] == len(ENVELOPES)
    lead = person(demo_backend, "lead")
    batches = batch_read.batches(demo_backend.db, lead)
    assert sum(b.undecided for b in batches) == len(ENVELOPES)  # the examined pouch aside
    assert batches[0].service_level == "expedite_1"  # the expedited one on top
    with demo_backend.db.uow(read_only=True) as uow:
        control = uow.session.execute(select(Envelope.control_number).order_by(
            Envelope.id).limit(1)).scalar_one()
        logged = uow.session.execute(select(func.count()).select_from(AuditRecord).where(
            AuditRecord.action == "intake.log_envelope")).scalar_one()
    assert logged == len(ENVELOPES) + len(demo_decisions.PAPERS)  # through the services
    mail = teller_read.mail_payment(demo_backend.db, demo.profile.load(), lead, control)
    assert [c.applied_on for c in mail.checks] == [None]
