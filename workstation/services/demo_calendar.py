"""The recurring office work a lead keeps on the demo's calendar of due dates, set up through the
calendar service as a lead would (so it is audited like real work), from the start of this
month: a new user sees it in Records > Calendar of due dates (Ctrl+D), marks an occurrence done
and retires one in Recurring work…. The jobs are the cash-control and reporting routines of
teller.md and inquiry.md (a surprise count is not on a calendar, by design; the weekly one is).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from workstation.db.uow import Database
from workstation.services import calendar
from workstation.services.demo_mail import person
from workstation.services.profile import Profile

# (title, rule and its day, assignee or None for the team)
WORK: tuple[tuple[str, dict[str, Any], str | None], ...] = (
    ("Count the vault with a second person and sign the count sheet",
     {"rule": "weekly", "weekday": 4}, None),
    ("Reconcile last month's deposits to the Treasurer's statement",
     {"rule": "first_business_day"}, "lead"),
    ("Send the backlog and production reports to the director",
     {"rule": "last_business_day"}, "lead"),
    ("Review UCC records nearing lapse for inquiries on watch",
     {"rule": "monthly", "day_of_month": 15}, "senior"),
    ("Restock certificate paper and check the seal embosser",
     {"rule": "weekly", "weekday": 0}, "clerk"),
)


def build(db: Database, profile: Profile, today: date | None = None) -> dict[str, int]:
    """Put the demo's recurring work on the calendar from the first of this month."""
    lead = person(db, "lead")
    start = (today or date.today()).replace(day=1)
    for title, rule, assignee in WORK:
        calendar.add_recurring(db, profile, lead, title=title, starts_on=start,
                               assignee=assignee, **rule)
    return {"recurring_tasks": len(WORK)}
