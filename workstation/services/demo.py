"""Demonstration data: users of every role with known passwords, on a database marked as demo.

Later registry, mail, inquiry, batch and drawer data join here. A database with real accounts
and no demo mark is refused, so the command can never plant known passwords in production.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from workstation.db.uow import Database, UnitOfWork
from workstation.domain.roles import Role
from workstation.errors import UserError
from workstation.models import AppMeta, Entity, User
from workstation.models.types import utcnow
from workstation.services import audit, numbering, profile
from workstation.services.auth import SecurityPolicy

if TYPE_CHECKING:
    from workstation.services.demo_registry import Progress

DEMO_MARK = "demo_database"


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: Role
    password: str


DEMO_USERS = (
    DemoUser("clerk", "Casey Clerk", Role.CLERK, "counter clerk demo"),
    DemoUser("senior", "Sam Senior", Role.SENIOR_CLERK, "senior clerk demo"),
    DemoUser("lead", "Lee Lead", Role.LEAD, "counter lead demo"),
    DemoUser("supervisor", "Sue Supervisor", Role.SUPERVISOR, "division supervisor demo"),
    DemoUser("admin", "Ada Admin", Role.ADMIN, "system admin demo"),
)
SIZES = {"small": 0, "large": 60}  # extra clerks: a full office's roster for list screens
SEED = 20261123


def is_demo(uow: UnitOfWork) -> bool:
    return uow.session.get(AppMeta, DEMO_MARK) is not None


def demo_database(db: Database) -> bool:
    return db.run(is_demo, read_only=True)


def refresh(db: Database, policy: SecurityPolicy, size: str = "small") -> list[DemoUser]:
    """Create the demo accounts (or reset their passwords and lockouts); returns them."""
    if size not in SIZES:
        raise UserError(f"Size must be one of {', '.join(SIZES)}.", field="size")
    roster = list(DEMO_USERS) + [
        DemoUser(f"clerk{n:02d}", f"Counter Clerk {n:02d}", Role.CLERK, "counter clerk demo")
        for n in range(1, SIZES[size] + 1)
    ]
    hashes = {pw: policy.hash(pw) for pw in {u.password for u in roster}}

    def work(uow: UnitOfWork) -> list[DemoUser]:
        users = int(uow.session.execute(select(func.count()).select_from(User)).scalar_one())
        if users and not is_demo(uow):
            raise UserError("This database has real user accounts and is not a demo database; "
                            "demo data is only made on a new or demo database.")
        if not is_demo(uow):
            uow.session.add(AppMeta(key=DEMO_MARK, value=utcnow().isoformat()))
        for person in roster:
            _upsert(uow, person, hashes[person.password])
        audit.record(uow, "demo", "demo.refresh", "database", "demo",
                     after={"size": size, "users": len(roster)})
        uow.commit()
        return roster

    return db.run(work)


def build_registry(db: Database, size: str = "small", seed: int = SEED,
                   progress: Progress | None = None) -> dict[str, int]:
    """Fill an empty register of a demo database with demonstration entities, filings and UCC
    records, the inquiry queue with inquiries and the teller drawers with past business days of
    receipts (deterministic from ``seed``). A register that has rows is left as it is: {}."""

    def check(uow: UnitOfWork) -> int:
        if not is_demo(uow):
            raise UserError("Demo records are only made on a demo database.")
        return int(uow.session.execute(select(func.count()).select_from(Entity)).scalar_one())

    if db.run(check, read_only=True):
        return {}
    # Imported here: the generators are big and only a demo build needs them (start-up time).
    from workstation.services import demo_inquiries, demo_mail, demo_registry, demo_teller

    prof, report = profile.load(), progress or (lambda *_: None)
    counts = demo_registry.build(db.engine, prof, demo_registry.SIZES[size], seed, report)
    # The Inquiry Queue's inquiries of the same size, linked to this register; they continue
    # the inquiry number series themselves.
    counts |= demo_inquiries.build(db.engine, prof, *demo_inquiries.SIZES[size], seed, report)
    # The Teller Drawer's past business days (a year large), closed and deposited; they continue
    # the receipt and deposit number series themselves.
    counts |= demo_teller.build(db.engine, prof, *demo_teller.SIZES[size], seed, report)

    def note(uow: UnitOfWork) -> None:
        numbering.set_series(uow, "charter", counts["entities"])
        numbering.set_series(uow, "ucc", counts["ucc_records"])
        numbering.set_series(uow, "document", counts["filings"])  # new numbers follow the demo
        audit.record(uow, "demo", "demo.registry", "database", "demo",
                     after={"size": size, "seed": seed, **counts})
        uow.commit()

    db.run(note)
    # This morning's mail, logged through Mail Sort's services: batches to examine, checks to
    # apply at the drawer.
    counts |= demo_mail.build(db, prof)
    # The certificate desk: officials on file and one of each product awaiting its fee.
    from workstation.services import demo_certificates

    counts |= demo_certificates.build(db, prof)
    # The examiners' morning: the courier pouch logged and examined (rejections, returns and
    # acceptances for the lead's reports); this morning's mail stays undecided.
    from workstation.services import demo_decisions

    counts |= demo_decisions.build(db, prof)
    # The lead's recurring office work on the calendar of due dates.
    from workstation.services import demo_calendar

    counts |= demo_calendar.build(db, prof)
    return counts


def _upsert(uow: UnitOfWork, person: DemoUser, password_hash: str) -> None:
    user = uow.session.execute(
        select(User).where(User.username == person.username)).scalar_one_or_none()
    if user is None:
        user = User(username=person.username, full_name=person.full_name,
                    role=person.role.value, failed_logins=0)
        uow.session.add(user)
    user.password_hash = password_hash
    user.active = True
    user.failed_logins = 0
    user.locked_until = None
    user.password_changed_at = utcnow()
    uow.session.flush()
