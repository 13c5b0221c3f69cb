"""Today's mail for the demo: a tray of envelopes logged through Mail Sort's own services (so
every row, number and audit record is what a clerk's logging writes), routed into batches for
Batch Review and with checks for the Teller Drawer to apply. A new user opening the demo finds
work on every tab: formations and an agent update to examine, UCC statements, an expedited
filing at the top of the list.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from workstation.db.uow import Database
from workstation.domain.roles import Role
from workstation.models import Entity, User
from workstation.models.types import utcnow
from workstation.services import intake
from workstation.services.dto import Actor
from workstation.services.intake_rules import DocumentInput, EnvelopeInput, RemittanceInput
from workstation.services.profile import Profile

# (customer, check number, bank, form, level, fee in dollars, on an existing LLC?)
ENVELOPES = (
    ("Harrowgate Law LLP", "5001", "Huntington", "610", "regular", "99.00", False),
    ("Maple & Vine Filings", "2214", "Fifth Third", "610", "regular", "99.00", False),
    ("Buckeye Incorporators", "7781", "KeyBank", "610", "expedite_1", "199.00", False),
    ("Lakeshore Bank N.A.", "100432", "Lakeshore Bank", "OH-UCC1", "regular", "12.00", False),
    ("Lakeshore Bank N.A.", "100433", "Lakeshore Bank", "OH-UCC1", "regular", "12.00", False),
    ("Columbus Equipment Finance", "8842", "PNC", "OH-UCC1", "regular", "12.00", False),
    ("Registered Agents of Ohio", "3310", "Chase", "521", "regular", "25.00", True),
)


def person(db: Database, username: str) -> Actor:
    """The demo user ``username`` as the services' actor (the demo acts as its people)."""
    with db.uow(read_only=True) as uow:
        row = uow.session.execute(select(User).where(User.username == username)).scalar_one()
        return Actor(row.id, row.username, row.full_name, Role(row.role))


def _an_llc(db: Database) -> str:
    with db.uow(read_only=True) as uow:
        return str(uow.session.execute(select(Entity.number).where(
            Entity.entity_type == "llc", Entity.status == "active")
            .order_by(Entity.id).limit(1)).scalar_one())


def build(db: Database, profile: Profile) -> dict[str, int]:
    """One open tray of this morning's mail; returns {"mail_envelopes": n}."""
    clerk = person(db, "clerk")
    session_id, _ = intake.open_session(db, profile, clerk, "usps", "senior")
    arrived = utcnow() - timedelta(hours=1)
    llc = _an_llc(db)
    for customer, check, bank, form, level, fee, on_llc in ENVELOPES:
        intake.log_envelope(db, profile, clerk, session_id, EnvelopeInput(
            arrived_at=arrived, customer_name=customer,
            remittances=(RemittanceInput(fee, customer, "check", check, bank),),
            documents=(DocumentInput(form, "2", level, entity=llc if on_llc else ""),)))
    return {"mail_envelopes": len(ENVELOPES)}
