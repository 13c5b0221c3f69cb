"""A separate process posting receipts in the clerk's open drawer, for the kill test: it is
killed at random points and run again until ``COUNT`` receipts are posted.

Run as ``python -m tests.integration.receipt_worker URL COUNT``. Each receipt takes cash with
change and, every third one, a check too, so a half-written receipt would show in the totals.
"""

from __future__ import annotations

import sys

from sqlalchemy import func, make_url, select

from workstation.db.engine import DatabaseTarget, make_engine
from workstation.db.uow import Database
from workstation.domain.roles import Role
from workstation.models import Receipt, User
from workstation.services import profile, teller
from workstation.services.dto import Actor
from workstation.services.teller_dto import LineInput, ReceiptInput, TenderInput


def clerk(db: Database) -> Actor:
    with db.uow(read_only=True) as uow:
        row = uow.session.execute(select(User).where(User.username == "clerk")).scalar_one()
        return Actor(row.id, row.username, row.full_name, Role(row.role))


def posted(db: Database) -> int:
    with db.uow(read_only=True) as uow:
        return int(uow.session.execute(select(func.count()).select_from(Receipt)).scalar_one())


def receipt(n: int) -> ReceiptInput:
    tenders = [TenderInput("cash", "20.00")]
    if n % 3 == 0:
        tenders.append(TenderInput("check", "10.00", check_number=str(1000 + n), payer="Payer"))
    fee = "25.00" if n % 3 == 0 else "17.50"
    return ReceiptInput(f"Customer {n}", (LineInput("suspense", fee_code="OH-CGS", amount=fee),),
                        tuple(tenders), f"kill-{n}")


def main(url: str, count: int) -> None:
    target = DatabaseTarget(make_url(url))
    db = Database.open(make_engine(target), target, "worker")
    actor, p = clerk(db), profile.load()
    print("posting", flush=True)  # the test kills only after this: mid-way, not at start-up
    for n in range(posted(db) + 1, count + 1):
        teller.post_receipt(db, p, actor, receipt(n))
    db.dispose()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
