"""A separate process claiming inquiries with "get next" until none is left, for the claim race
test: ``python -m tests.integration.claim_worker URL USER_ID``; prints one inquiry id a line."""

from __future__ import annotations

import sys
from dataclasses import replace

from sqlalchemy import make_url, select

from workstation.db.engine import DatabaseTarget, make_engine
from workstation.db.uow import Database
from workstation.domain.roles import Role
from workstation.models import User
from workstation.services import inquiry_queue, profile
from workstation.services.dto import Actor

NO_CAP = 1_000_000  # the race is about double owners, not the per-clerk cap


def main(url: str, user_id: int) -> None:
    target = DatabaseTarget(make_url(url))
    db = Database.open(make_engine(target), target, "claim-worker")
    with db.uow(read_only=True) as uow:
        user = uow.session.execute(select(User).where(User.id == user_id)).scalar_one()
        actor = Actor(user.id, user.username, user.full_name, Role(user.role))
    found = profile.load()
    uncapped = replace(found, inquiry=replace(
        found.inquiry, queue=replace(found.inquiry.queue, per_clerk_cap=NO_CAP)))
    won = []
    while (result := inquiry_queue.get_next(db, uncapped, actor)) is not None:
        won.append(result.inquiry_id)
    db.dispose()
    print("\n".join(map(str, won)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
