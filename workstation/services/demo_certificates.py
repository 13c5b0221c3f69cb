"""The certificate desk's morning for the demo, made through the services a clerk and a lead use
(so every number, charge, snapshot and audit record is what the screens write): the officials
whose signatures are on file, and one of each product waiting for its fee at the drawer: a
certificate of good standing, a certified copy, an apostille and a minister licence. A new user
takes the fees in the Teller Drawer (charge numbers C…) and prints them in Records >
Certificates (Ctrl+E).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from workstation.db.uow import Database
from workstation.models import Entity, Filing
from workstation.services import (
    apostilles,
    certificates,
    certified_copies,
    minister_licences,
    officials,
)
from workstation.services.demo_mail import person
from workstation.services.profile import Profile

# (name, capacity, jurisdiction, specimen filed): notaries and a clerk of courts, as the
# apostille desk sees them most; the Secretary's own for apostilles on the office's certificates.
OFFICIALS = (
    ("Jane Roe", "Notary Public", "Franklin County, Ohio", date(2023, 2, 14)),
    ("Marcus Bell", "Clerk of Courts", "Cuyahoga County, Ohio", date(2021, 1, 4)),
    ("Frank LaRose", "Secretary of State", "State of Ohio", date(2019, 1, 14)),
)


def _entity_with_filed_document(db: Database) -> tuple[str, str]:
    """An active LLC in good standing on the demo register with a document on file."""
    with db.uow(read_only=True) as uow:
        found = uow.session.execute(
            select(Entity.number, Filing.document_number)
            .join(Filing, Filing.entity_id == Entity.id)
            .where(Entity.entity_type == "llc", Entity.status == "active",
                   Filing.status == "completed", Filing.filed_at.is_not(None))
            .order_by(Entity.id, Filing.id).limit(1)).one()
        return str(found[0]), str(found[1])


def build(db: Database, profile: Profile) -> dict[str, int]:
    """The officials and four certificates awaiting payment; {"certificates": n}."""
    clerk, lead = person(db, "clerk"), person(db, "lead")
    on_file = [officials.add_official(db, lead, *row) for row in OFFICIALS]
    entity, document = _entity_with_filed_document(db)
    issued = [certificates.issue_good_standing(db, profile, clerk, entity),
              *certified_copies.issue_certified_copies(db, profile, clerk, entity, [document]),
              apostilles.issue_apostille(db, profile, clerk, apostilles.ApostilleRequest(
                  official_id=on_file[0].id, document="Power of attorney of Ana Lopez",
                  country="Mexico", cover_letter=True, requester="Ana Lopez"))]
    if profile.certificates.issues("minister_licence"):
        issued.append(minister_licences.issue_minister_licence(
            db, profile, clerk, minister_licences.MinisterApplication(
                name="Grace Okafor", credentials_name="Grace Okafor",
                religious_body="First Baptist Church of Columbus",
                address="12 High St, Columbus, OH 43215", credentials_official=True)))
    return {"officials": len(on_file), "certificates": len(issued)}
