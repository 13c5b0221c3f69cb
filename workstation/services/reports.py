"""The lead's reports by name, as the Reports window and ``workstation report NAME`` list and run
them: each report's title, its filters (with their choices where the values are known) and the
service function that counts it. The report modules are imported when a report is run, not at
start-up (they are many and only leads use them).

A filter typed on the command line or picked on screen arrives as text; "" means "all". The
range is [first, last] in office days; a report "as of" a day (the backlog) takes ``last``.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from workstation.db.uow import Database
from workstation.errors import UserError
from workstation.services.dto import Actor
from workstation.services.profile import Profile
from workstation.services.report_dto import Report


@dataclass(frozen=True)
class Filter:
    keyword: str  # the service function's keyword: "clerk"
    label: str  # "Clerk"
    choices: tuple[tuple[str, str], ...] = ()  # (value, label); empty: typed text
    default: str = ""  # "" is "all"; a grouping has its own default


@dataclass(frozen=True)
class ReportKind:
    name: str
    title: str
    module: str  # workstation.services.<module>
    function: str
    filters: tuple[Filter, ...] = ()
    as_of: bool = False  # one day (the last of the range), not a range


SPEEDS = (("regular", "Regular"), ("expedite_1", "Expedite 1"), ("expedite_2", "Expedite 2"),
          ("expedite_3", "Expedite 3"))
SERVICE_TYPES = (("corporate", "Corporate"), ("ucc", "UCC"),
                 ("certification", "Certification"))
CHANNELS = (("mail", "Mail"), ("email", "E-mail"), ("phone", "Phone"), ("fax", "Fax"),
            ("walk_in", "In person"), ("voicemail", "Voicemail"), ("web_form", "Web form"))

CATALOGUE: tuple[ReportKind, ...] = (
    ReportKind("production", "Daily production", "report_work", "production_report", (
        Filter("group", "Rows by", (("day", "Day"), ("type", "Filing type"),
                                    ("speed", "Speed"), ("clerk", "Clerk")), "day"),
        Filter("clerk", "Clerk"),
        Filter("service_type", "Service type", SERVICE_TYPES),
        Filter("speed", "Speed", SPEEDS))),
    ReportKind("backlog", "Backlog ageing", "report_work", "backlog_report",
               (Filter("queue", "Queue"),), as_of=True),
    ReportKind("inquiries", "Inquiry service", "report_inquiries", "inquiry_report", (
        Filter("channel", "Channel", CHANNELS), Filter("category", "Category"))),
    ReportKind("money", "Receipts and drawers", "report_money", "money_report", (
        Filter("group", "Rows by", (("day", "Day"), ("month", "Month")), "day"),
        Filter("drawer", "Drawer"), Filter("clerk", "Clerk"))),
    ReportKind("drawers", "Over and short by drawer and clerk", "report_money",
               "drawer_report", (Filter("drawer", "Drawer"), Filter("clerk", "Clerk"))),
    ReportKind("deposits", "Deposits and deadlines", "report_money", "deposit_report"),
    ReportKind("voids", "Voids and refunds with approvers", "report_money", "void_report",
               (Filter("drawer", "Drawer"), Filter("clerk", "Clerk"))),
    ReportKind("rejections", "Rejections by reason", "report_rejections", "rejection_report",
               (Filter("filing_type", "Filing type"),)),
)
BY_NAME = {kind.name: kind for kind in CATALOGUE}


def kind_of(name: str) -> ReportKind:
    found = BY_NAME.get(name.strip().lower())
    if found is None:
        raise UserError(f"No report is called {name!r}; the reports are "
                        f"{', '.join(BY_NAME)}.", field="report")
    return found


def run_report(db: Database, profile: Profile, actor: Actor, name: str, first: date,
               last: date, filters: Mapping[str, str] | None = None) -> Report:
    """The report ``name`` for [first, last] narrowed by ``filters`` (keyword -> text; "" or
    absent is all). Refused: an unknown report or filter, a choice not offered, a range that
    ends before it starts."""
    kind = kind_of(name)
    if last < first:
        raise UserError(f"The range ends ({last.isoformat()}) before it starts "
                        f"({first.isoformat()}).", field="range")
    options = _options(kind, filters or {})
    function = getattr(importlib.import_module(f"workstation.services.{kind.module}"),
                       kind.function)
    report: Report
    if kind.as_of:
        report = function(db, profile, actor, last, **options)
    else:
        report = function(db, profile, actor, first, last, **options)
    return report


def _options(kind: ReportKind, given: Mapping[str, str]) -> dict[str, Any]:
    known = {f.keyword: f for f in kind.filters}
    options: dict[str, Any] = {}
    for keyword, text in given.items():
        wanted = known.get(keyword)
        if wanted is None:
            raise UserError(f"The {kind.name} report has no filter {keyword!r}; its filters: "
                            f"{', '.join(known) or 'none'}.", field=keyword)
        value = text.strip()
        if wanted.choices and value and value not in {v for v, _l in wanted.choices}:
            raise UserError(f"{wanted.label} is one of "
                            f"{', '.join(v for v, _l in wanted.choices)}, not {value!r}.",
                            field=keyword)
        if value or wanted.default:
            options[keyword] = value or wanted.default
    return options
