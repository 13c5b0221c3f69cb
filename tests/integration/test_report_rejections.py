"""The "Rejections by reason" report on both databases: documents logged in Mail Sort and decided
in Batch Review through the services (rejections with catalogue reasons, a return for
correction, acceptances, holds, a rejection's money corrected), every figure checked against an
independent count of the decisions the fixture made."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import update

from tests.helpers import demo_password
from workstation.errors import PermissionDenied, UserError
from workstation.models import Examination
from workstation.models.types import utcnow
from workstation.services import auth, batch_review, intake, profile
from workstation.services.batch_review import Decision
from workstation.services.dto import Actor
from workstation.services.intake_rules import DocumentInput, EnvelopeInput, RemittanceInput
from workstation.services.report_dto import Report, share_text
from workstation.services.report_rejections import rejection_report
from workstation.startup import Backend

P = profile.load()
Z = P.calendar.zone
ARRIVED = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)
FORMS = {"OH-610": "610", "OH-532A": "532A", "151-FLF": "530A"}


@dataclass(frozen=True)
class Doc:
    """One document of the fixture and what the examiner does with it, in order."""

    name: str
    filing_type: str
    decisions: tuple[tuple[str, tuple[str, ...]], ...]  # (decision, reasons)
    correct_money: bool = False
    decided_at: datetime | None = None  # moved there afterwards (the range's edges)


TODAY = utcnow().astimezone(Z).date()
LAST_MINUTE = datetime.combine(TODAY, time(23, 59), tzinfo=Z)
NEXT_MIDNIGHT = datetime.combine(TODAY + timedelta(days=1), time(0), tzinfo=Z)
DOCS = (
    Doc("d1", "OH-610", (("rejected", ("FEE-01", "NAME-01")),), correct_money=True),
    Doc("d2", "OH-610", (("rejected", ("NAME-01",)),)),
    Doc("d3", "OH-610", (("returned", ("DATE-01",)),)),
    Doc("d4", "OH-610", (("accepted", ()),)),
    Doc("d5", "OH-610", (("held", ()), ("rejected", ("FEE-01",)))),
    Doc("e1", "OH-532A", (("rejected", ("FEE-01",)),)),
    Doc("e2", "OH-532A", (("accepted", ()),)),
    Doc("e3", "OH-532A", (("accepted", ()),)),
    Doc("f1", "151-FLF", (("rejected", ("DOC-01", "FEE-01")),)),
    Doc("f2", "151-FLF", (("held", ()),)),
    Doc("g1", "OH-610", (("rejected", ("FORM-01",)),), decided_at=LAST_MINUTE),
    Doc("g2", "OH-610", (("rejected", ("FORM-01",)),), decided_at=NEXT_MIDNIGHT),
)


def person(backend: Backend, who: str) -> Actor:
    return auth.sign_in(backend.db, backend.policy, who, demo_password(who))


def build(backend: Backend) -> None:
    """Each document logged in Mail Sort with its fee, then decided in Batch Review."""
    db = backend.db
    clerk, senior = person(backend, "clerk"), person(backend, "senior")
    session_id, _ = intake.open_session(db, P, clerk, "usps", "lead")
    for n, doc in enumerate(DOCS):
        fee = 9900  # each type's fee ($99: articles of 500 shares at the minimum)
        slip = intake.log_envelope(db, P, clerk, session_id, EnvelopeInput(
            arrived_at=ARRIVED, customer_name=f"Filer {doc.name}",
            remittances=(RemittanceInput(f"{fee // 100}.{fee % 100:02d}", f"Filer {doc.name}",
                                         "check", f"{7000 + n}", "Huntington"),),
            documents=(DocumentInput(FORMS[doc.filing_type],
                                     shares="500" if doc.filing_type == "OH-532A" else ""),)))
        filing_id = slip.documents[0].id
        last = 0
        for decision, reasons in doc.decisions:
            taken = batch_review.take(db, senior, filing_id)
            last = batch_review.decide(db, P, senior, filing_id, taken.version, Decision(
                decision, reasons=reasons, note="see the letter" if decision == "held" else "",
                follow_up_on=date(2026, 12, 31) if decision == "held" else None,
                fields=_formed(doc) if decision == "accepted" else None,
                money="refund" if decision in ("rejected", "returned") else None))
        if doc.correct_money:
            batch_review.correct_money(db, P, senior, filing_id, refund_cents=0,
                                       credit_cents=fee, held_cents=0, note="credit instead")
        if doc.decided_at is not None:
            with db.uow() as uow:
                uow.session.execute(update(Examination).where(Examination.id == last)
                                    .values(decided_at=doc.decided_at))
                uow.commit()


def _formed(doc: Doc) -> dict[str, str]:
    kind = P.filing_types.get(doc.filing_type)
    words = {"OH-610": "LLC", "OH-532A": "Inc.", "151-FLF": "Inc."}[doc.filing_type]
    return {"name": f"Quillfeather {doc.name.upper()} Widgets {words}",
            "entity_type": sorted(kind.entity_types)[0]}


# ---------------------------------------------------------------------- the independent count

def in_range(doc: Doc, first: date, last: date) -> bool:
    when = doc.decided_at or datetime.now(UTC)
    return first <= when.astimezone(Z).date() <= last


def final(doc: Doc) -> tuple[str, tuple[str, ...]]:
    return next((d, r) for d, r in doc.decisions if d != "held")


def expected(first: date, last: date, filing_type: str | None = None
             ) -> tuple[list[tuple[object, ...]], int, int, int]:
    """(rows, decided, rejected, returned) counted from the fixture's own list."""
    docs = [d for d in DOCS if in_range(d, first, last) and any(x != "held" for x, _ in
                                                                 d.decisions)
            and filing_type in (None, d.filing_type)]
    refused = [d for d in docs if final(d)[0] in ("rejected", "returned")]
    per_type = Counter(d.filing_type for d in refused)
    cited = Counter((d.filing_type, code) for d in refused for code in final(d)[1])
    ordered = sorted(cited.items(), key=lambda item: (-item[1], item[0]))
    rows = [(f"{code} · {kind}", P.examination.reason(code).label, P.filing_type_label(kind),
             n, share_text(n, per_type[kind]), share_text(n, len(refused)))
            for (kind, code), n in ordered]
    returned = sum(1 for d in refused if final(d)[0] == "returned")
    return rows, len(docs), len(refused), returned


def check(report: Report, first: date, last: date, filing_type: str | None = None) -> None:
    rows, decided, rejected, returned = expected(first, last, filing_type)
    assert [list(r) for r in report.rows] == [list(r) for r in rows]
    figures = {f.label: f.value for f in report.figures}
    assert figures["Rejection rate"] == \
        f"{share_text(rejected, decided)} ({rejected:,} of {decided:,} decided)"
    assert figures["Documents decided"] == str(decided)
    assert figures["Rejected or returned"] == str(rejected)
    assert figures["Of them returned for correction"] == str(returned)
    assert figures["Reasons cited"] == str(sum(int(r[3]) for r in rows))  # type: ignore[call-overload]


# ---------------------------------------------------------------------- the tests

def test_every_figure_matches_an_independent_count(demo_backend: Backend) -> None:
    build(demo_backend)
    report = rejection_report(demo_backend.db, P, person(demo_backend, "lead"), TODAY, TODAY)
    check(report, TODAY, TODAY)
    # By hand: ten documents decided (f2 only held, g2 after midnight), seven of them refused.
    figures = {f.label: f.value for f in report.figures}
    assert figures["Rejection rate"] == "70.0 % (7 of 10 decided)"
    assert figures["Of them returned for correction"] == "1"
    top = report.rows[0]
    assert top[:4] == ("FEE-01 · OH-610", P.examination.reason("FEE-01").label,
                       P.filing_type_label("OH-610"), 2)  # d1 (once: its money corrected), d5
    assert top[4:] == ("40.0 %", "28.6 %")  # of OH-610's five refusals, of all seven
    assert [r[3] for r in report.rows] == sorted((r[3] for r in report.rows), reverse=True)
    chart = report.charts[0]
    assert (chart.kind, chart.category, chart.series) == ("bar", "reason", ("rejections",))
    assert report.name == "rejections" and report.made_by == "lead" and report.filters == ()


def test_the_range_ends_at_the_office_midnight(demo_backend: Backend) -> None:
    build(demo_backend)
    lead = person(demo_backend, "lead")
    report = rejection_report(demo_backend.db, P, lead, TODAY, TODAY)
    assert "FORM-01 · OH-610" in [r[0] for r in report.rows]  # g1 at 23:59
    tomorrow = TODAY + timedelta(days=1)
    after = rejection_report(demo_backend.db, P, lead, tomorrow, tomorrow)
    check(after, tomorrow, tomorrow)
    assert [r[0] for r in after.rows] == ["FORM-01 · OH-610"]  # g2 at 00:00
    assert {f.label: f.value for f in after.figures}["Rejection rate"] == \
        "100.0 % (1 of 1 decided)"


def test_a_filing_type_narrows_it(demo_backend: Backend) -> None:
    build(demo_backend)
    lead = person(demo_backend, "lead")
    for typed in ("OH-610", "oh-610", "610"):
        report = rejection_report(demo_backend.db, P, lead, TODAY, TODAY, filing_type=typed)
        check(report, TODAY, TODAY, "OH-610")
        assert report.filters == (("Filing type", P.filing_type_label("OH-610")),)
    assert {f.label: f.value for f in report.figures}["Rejection rate"] == \
        "83.3 % (5 of 6 decided)"
    for typed in ("OH-999", "540"):  # unknown; a form of two filing types
        with pytest.raises(UserError) as refused:
            rejection_report(demo_backend.db, P, lead, TODAY, TODAY, filing_type=typed)
        assert refused.value.field == "filing_type"


def test_an_empty_range_and_a_clerk(demo_backend: Backend) -> None:
    build(demo_backend)
    lead = person(demo_backend, "lead")
    before = TODAY - timedelta(days=30)
    empty = rejection_report(demo_backend.db, P, lead, before, before)
    check(empty, before, before)
    assert empty.rows == ()
    assert {f.label: f.value for f in empty.figures}["Rejection rate"] == \
        "— (0 of 0 decided)"
    with pytest.raises(PermissionDenied):
        rejection_report(demo_backend.db, P, person(demo_backend, "clerk"), TODAY, TODAY)
    with pytest.raises(UserError) as refused:
        rejection_report(demo_backend.db, P, lead, TODAY, before)
    assert refused.value.field == "range"
