"""The lead's "Rejections by reason" report (issue 9): which catalogue reasons documents are
rejected for, filing type by filing type, most cited first; it feeds the improvements to the
forms and their instructions. The headline figure is the rejection rate.

A document counts once, by its first final decision (accepted, rejected or returned for
correction) made in the range: a hold is not a decision, and a later row repeating a rejection
with corrected money (``batch_review.correct_money``) is not a second rejection. The database
counts the decisions grouped by filing type and by the recorded combination of reasons; the few
combinations are then split into their reason codes here.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import aliased

from workstation.db.uow import Database, UnitOfWork
from workstation.errors import UserError
from workstation.models import Examination, Filing
from workstation.models.types import utcnow
from workstation.services.authz import authorize
from workstation.services.dto import Actor
from workstation.services.profile import Profile
from workstation.services.report_dto import (
    Chart,
    Column,
    Figure,
    Report,
    ReportRange,
    share_text,
)
from workstation.services.report_time import check_range, office_window

FINAL = ("accepted", "rejected", "returned")
REFUSED = ("rejected", "returned")  # both go back with catalogue reasons and a letter
TOP = 10
_X = Examination

NOTES = (
    "A document counts once, by its first decision in the range that accepted, rejected or "
    "returned it; a hold is not a decision, and correcting a rejection's money is not a second "
    "rejection.",
    "Rejections include documents returned for correction: both go back with reasons from the "
    "catalogue and a letter.",
    "A document rejected for several reasons is counted under each, so the shares of a filing "
    "type can add up to more than 100 %.",
    "Share of the type: of the documents of that filing type rejected in the range, how many "
    "cite the reason. Share of all: of every document rejected in the range.",
    f"The chart shows the {TOP} most cited reasons first.",
)


def rejection_report(db: Database, profile: Profile, actor: Actor, first: date, last: date, *,
                     filing_type: str | None = None) -> Report:
    """Reasons cited on documents rejected in [first, last], by filing type, most cited first.
    Refused: a filing type the profile does not have (field ``filing_type``)."""
    check_range(first, last)
    wanted = _filing_type(profile, filing_type)

    def work(uow: UnitOfWork) -> Report:
        authorize(uow, actor, "report.read")
        start, end = office_window(profile.calendar.zone, first, last)
        earlier = aliased(Examination)
        first_final = ~select(earlier.id).where(
            earlier.filing_id == _X.filing_id, earlier.decision.in_(FINAL),
            earlier.id < _X.id).exists()
        where: list[ColumnElement[bool]] = [
            _X.decision.in_(FINAL), _X.decided_at >= start, _X.decided_at < end, first_final]
        if wanted:
            where.append(Filing.filing_type == wanted)
        decided = Counter({(str(t), str(d)): int(n) for t, d, n in uow.session.execute(
            select(Filing.filing_type, _X.decision, func.count())
            .join(Filing, Filing.id == _X.filing_id).where(*where)
            .group_by(Filing.filing_type, _X.decision)).all()})
        cited: Counter[tuple[str, str]] = Counter()
        for kind, reasons, n in uow.session.execute(
                select(Filing.filing_type, _X.reasons, func.count())
                .join(Filing, Filing.id == _X.filing_id)
                .where(*where, _X.decision.in_(REFUSED))
                .group_by(Filing.filing_type, _X.reasons)).all():
            for code in {c.strip() for c in str(reasons).split(",") if c.strip()}:
                cited[(str(kind), code)] += int(n)
        return _report(profile, actor, first, last, wanted, decided, cited)

    return db.run(work, read_only=True)


def _report(profile: Profile, actor: Actor, first: date, last: date, wanted: str | None,
            decided: Counter[tuple[str, str]], cited: Counter[tuple[str, str]]) -> Report:
    rejected_by_type: Counter[str] = Counter()
    for (kind, decision), n in decided.items():
        if decision in REFUSED:
            rejected_by_type[kind] += n
    rejected = sum(rejected_by_type.values())
    total = sum(decided.values())
    returned = sum(n for (_, decision), n in decided.items() if decision == "returned")
    ordered = sorted(cited.items(), key=lambda item: (-item[1], item[0][0], item[0][1]))
    rows = tuple((f"{code} · {kind}", _reason_label(profile, code),
                  profile.filing_type_label(kind), n,
                  share_text(n, rejected_by_type[kind]), share_text(n, rejected))
                 for (kind, code), n in ordered)
    return Report(
        name="rejections", title="Rejections by reason", range=ReportRange(first, last),
        filters=(("Filing type", profile.filing_type_label(wanted)),) if wanted else (),
        columns=(Column("reason", "Reason · filing type", numeric=False),
                 Column("what", "Reason", numeric=False),
                 Column("filing_type", "Filing type", numeric=False),
                 Column("rejections", "Rejections citing it"),
                 Column("type_share", "Share of the type"),
                 Column("all_share", "Share of all")),
        rows=rows,
        charts=(Chart(f"Top {TOP} reasons", "bar", "reason", ("rejections",)),),
        figures=(Figure("Rejection rate", f"{share_text(rejected, total)} "
                                          f"({rejected:,} of {total:,} decided)"),
                 Figure("Documents decided", f"{total:,}"),
                 Figure("Rejected or returned", f"{rejected:,}"),
                 Figure("Of them returned for correction", f"{returned:,}"),
                 Figure("Reasons cited", f"{sum(cited.values()):,}")),
        notes=NOTES, made_at=utcnow(), made_by=actor.username)


def _reason_label(profile: Profile, code: str) -> str:
    try:
        return profile.examination.reason(code).label
    except KeyError:
        return f"{code} (no longer in the catalogue)"


def _filing_type(profile: Profile, text: str | None) -> str | None:
    """The filing type's code for a code or a form number typed (one type on that form);
    None for all."""
    typed = (text or "").strip()
    if not typed:
        return None
    if typed in profile.filing_types:
        return profile.filing_types.get(typed).code
    on_form = profile.filing_types.by_form(typed)
    if len(on_form) == 1:
        return on_form[0].code
    if on_form:
        raise UserError(f"Form {typed} is used by several filing types: "
                        f"{', '.join(t.code for t in on_form)}; give the code.",
                        field="filing_type")
    raise UserError(f"There is no filing type {typed!r}: give its code (e.g. OH-610) or form "
                    "number.", field="filing_type")
