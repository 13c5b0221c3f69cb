"""Daily production and backlog ageing (issue 9) on both databases.

Each test builds its own documents and inquiries with known times, runs the report, and checks
every cell and figure against a plain count over the same fixture list (business time from the
office calendar's own ``business_time_between`` and ``due``, not from the report's fast clock).
The range crosses the end of daylight-saving time (1 November 2026), and holds items at 23:59
on the last day (in) and 00:00 the day after (out)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from sqlalchemy import select

from tests.helpers import demo_password
from workstation.errors import PermissionDenied, UserError
from workstation.models import Batch, BatchItem, Examination, Filing, FilingEvent, Inquiry, User
from workstation.models.types import utcnow
from workstation.printing.report_csv import report_csv
from workstation.printing.report_pdf import build_report_pdf
from workstation.services import auth, batch_review, intake, profile, report_work, reports
from workstation.services.batch_review import Decision
from workstation.services.dto import Actor
from workstation.services.intake_rules import DocumentInput, EnvelopeInput, RemittanceInput
from workstation.services.report_dto import Report, Tenths, cell_text
from workstation.startup import Backend

P = profile.load()
NY = P.calendar.zone
FIRST, LAST = date(2026, 10, 28), date(2026, 11, 4)  # Wed .. Wed, across the DST change
CORP, CORP2, UCC, CERT = "OH-610", "OH-532A", "OH-UCC1", "OH-CGS"
DECIDED = {"accepted": "accepted", "rejected": "rejected", "returned": "returned",
           "hold": "held"}
FINAL = ("accepted", "rejected", "returned")


def person(backend: Backend, who: str) -> Actor:
    return auth.sign_in(backend.db, backend.policy, who, demo_password(who))


def local(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=NY)


@dataclass(frozen=True)
class Doc:
    number: str
    filing_type: str
    level: str
    received: datetime
    decisions: tuple[tuple[str, datetime, str], ...] = ()  # (new status, when, examiner)

    @property
    def status(self) -> str:
        return self.decisions[-1][0] if self.decisions else "received"


DOCS = (
    Doc("D01", CORP, "regular", local(10, 28, 9), (("accepted", local(10, 29, 10), "senior"),)),
    Doc("D02", CORP, "expedite_1", local(10, 28, 14),
        (("accepted", local(10, 30, 13), "senior"),)),  # due 30 Oct 14:00: on time
    Doc("D03", CORP2, "expedite_2", local(10, 29, 10),
        (("hold", local(10, 29, 15), "lead"), ("rejected", local(11, 2, 9), "lead"))),  # late
    Doc("D04", UCC, "regular", local(10, 30, 23, 30)),  # 03:30 UTC on the 31st: the 30th
    Doc("D05", CORP, "expedite_3", local(11, 2, 13),
        (("accepted", local(11, 2, 16, 30), "senior"),)),  # due 17:00: on time
    Doc("D06", CORP, "expedite_3", local(11, 2, 15),
        (("returned", local(11, 3, 10), "lead"),)),  # due exactly 3 Nov 10:00: on time
    Doc("D07", UCC, "regular", local(11, 2, 23, 30),
        (("hold", local(11, 4, 23, 59), "senior"),)),  # 04:30 UTC on the 3rd: the 2nd
    Doc("D08", CORP, "regular", local(11, 4, 23, 59)),  # the last minute of the range: in
    Doc("D09", CORP, "regular", local(11, 5, 0, 0),
        (("accepted", local(11, 5, 0, 0), "senior"),)),  # the day after: out
    Doc("D10", CORP, "regular", local(10, 27, 11),
        (("accepted", local(10, 28, 0, 0), "senior"),)),  # decided at the first midnight: in
    Doc("D11", CORP, "expedite_1", local(10, 20, 9),
        (("accepted", local(10, 27, 23, 59), "senior"),)),  # decided the day before: out
    Doc("D12", CERT, "regular", local(11, 3, 9, 30),
        (("accepted", local(11, 3, 11), "senior"),)),
    Doc("D13", CORP, "expedite_1", local(10, 30, 16),
        (("rejected", local(11, 3, 16, 30), "senior"),)),  # due 3 Nov 16:00: late
)


def load(backend: Backend, docs: Iterable[Doc]) -> None:
    """The documents as Mail Sort and Batch Review leave them: the filing, its "received"
    event and one event per decision (what ``batch_review.decide`` appends)."""
    with backend.db.uow() as uow:
        for doc in docs:
            filing = Filing(document_number=doc.number, filing_type=doc.filing_type,
                            received_at=doc.received, service_level=doc.level,
                            status=doc.status, fee_due_cents=0)
            uow.session.add(filing)
            uow.session.flush()
            uow.session.add(FilingEvent(filing_id=filing.id, status="received",
                                        at=doc.received, by_user="clerk"))
            for status, when, who in doc.decisions:
                uow.session.add(FilingEvent(filing_id=filing.id, status=status, at=when,
                                            by_user=who))
        uow.commit()


# ---------------------------------------------------------------------- the plain count

def in_range(moment: datetime, first: date = FIRST, last: date = LAST) -> bool:
    return first <= moment.astimezone(NY).date() <= last


def nearest(values: Sequence[timedelta], pct: int) -> timedelta | None:
    ordered = sorted(values)
    return ordered[max(1, math.ceil(pct * len(ordered) / 100)) - 1] if ordered else None


def tenths(duration: timedelta | None) -> Tenths | None:
    if duration is None:
        return None
    hours = (Decimal(duration.total_seconds()) / 3600).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return Tenths(int(hours * 10), "h")


@dataclass
class Expected:
    received: int | None = 0
    decided: Counter[str] | None = None
    expedite: int = 0
    on_time: int = 0
    took: list[timedelta] | None = None

    def row(self, label: object) -> tuple[object, ...]:
        decided = self.decided or Counter()
        took = self.took or []
        return (label, self.received, *(decided[s] for s in DECIDED),
                sum(decided.values()), self.expedite, self.on_time,
                tenths(nearest(took, 50)), tenths(nearest(took, 90)))


def expected(docs: Sequence[Doc], key: str, *, clerk: str | None = None,
             types: set[str] | None = None, speed: str | None = None
             ) -> tuple[dict[object, Expected], Expected]:
    """Rows and totals counted by hand from the fixture list."""
    chosen = [d for d in docs if (types is None or d.filing_type in types)
              and (speed is None or d.level == speed)]
    rows: dict[object, Expected] = defaultdict(lambda: Expected(decided=Counter(), took=[]))
    whole = Expected(received=0, decided=Counter(), took=[])

    def label(doc: Doc, moment: datetime, who: str) -> object:
        return {"day": moment.astimezone(NY).date(), "type": doc.filing_type,
                "speed": doc.level, "clerk": who}[key]

    for doc in chosen:
        if in_range(doc.received) and clerk is None:
            whole.received = (whole.received or 0) + 1
            row = rows[label(doc, doc.received, "")] if key != "clerk" else Expected()
            row.received = (row.received or 0) + 1
        for status, when, who in doc.decisions:
            if in_range(when) and clerk in (None, who):
                count_decision(doc, status, when, (rows[label(doc, when, who)], whole))
    if key == "clerk" or clerk is not None:  # received documents belong to no clerk
        for row in rows.values():
            row.received = None
    if clerk is not None:
        whole.received = None
    return rows, whole


def count_decision(doc: Doc, status: str, when: datetime, rows: Iterable[Expected]) -> None:
    for row in rows:
        assert row.decided is not None and row.took is not None
        row.decided[status] += 1
        if status in FINAL:
            row.took.append(P.calendar.business_time_between(doc.received, when))
            if doc.level.startswith("expedite"):
                due = P.calendar.due(doc.level, doc.received)
                assert due is not None
                row.expedite += 1
                row.on_time += when <= due.at


def cells(report: Report) -> dict[object, tuple[object, ...]]:
    return {row[0]: row for row in report.rows}


# ---------------------------------------------------------------------- production

def test_production_by_day_counts_every_figure(demo_backend: Backend) -> None:
    load(demo_backend, DOCS)
    report = report_work.production_report(demo_backend.db, P, person(demo_backend, "lead"),
                                           FIRST, LAST)
    rows, whole = expected(DOCS, "day")
    assert cells(report) == {day: row.row(day) for day, row in rows.items()}
    assert [r[0] for r in report.rows] == sorted(rows)  # days in order, only days with work
    assert report.totals == whole.row("Total")
    # The fixture's own edges, said plainly as well as counted.
    days = cells(report)
    assert days[date(2026, 10, 30)][1] == 2  # D04 at 23:30 EDT and D13
    assert days[date(2026, 11, 2)][1] == 3  # D07 at 23:30 EST, D05, D06
    assert days[date(2026, 11, 4)][1] == 1 and days[date(2026, 11, 4)][5] == 1  # D08, D07 held
    assert days[date(2026, 10, 28)][2] == 1  # D10 decided at the first midnight
    assert date(2026, 11, 5) not in days and date(2026, 10, 27) not in days
    assert whole.expedite == 5 and whole.on_time == 3
    figures = {f.label: f.value for f in report.figures}
    assert figures["Received"] == f"{whole.received}"
    assert figures["Expedite SLA met"] == "60.0 % (3 of 5)"
    decided = whole.decided or Counter()
    assert figures["Decided"] == (f"{sum(decided.values())} (accepted {decided['accepted']}, "
                                  f"rejected {decided['rejected']}, returned "
                                  f"{decided['returned']}, held {decided['hold']})")
    median, p90 = whole.row("Total")[-2:]
    assert figures["Median turnaround"] == f"{cell_text(median)[:-2]} business hours"  # type: ignore[arg-type]
    assert figures["90th percentile turnaround"] == \
        f"{cell_text(p90)[:-2]} business hours"  # type: ignore[arg-type]
    assert (report.name, report.title, report.made_by) == ("production", "Daily production",
                                                           "lead")
    assert report.range.first == FIRST and report.range.last == LAST and report.filters == ()
    assert [(c.kind, c.category, c.series) for c in report.charts] == [
        ("stacked", "day", ("accepted", "rejected", "returned", "held")),
        ("bar", "day", ("received",))]


def test_turnaround_figures_by_hand(demo_backend: Backend) -> None:
    """Two documents whose business hours are worked out on paper, not by any calendar."""
    docs = (Doc("H1", CORP, "regular", local(11, 2, 9), (("accepted", local(11, 2, 12),
                                                          "senior"),)),  # 3.0 h
            Doc("H2", CORP, "regular", local(11, 2, 16), (("accepted", local(11, 3, 9, 15),
                                                           "senior"),)))  # 1 h + 1.25 h
    load(demo_backend, docs)
    report = report_work.production_report(demo_backend.db, P, person(demo_backend, "lead"),
                                           date(2026, 11, 2), date(2026, 11, 3))
    assert report.totals is not None
    assert report.totals[-2:] == (Tenths(23, "h"), Tenths(30, "h"))  # 2.25 h rounds half up


@pytest.mark.parametrize("group", ["type", "speed", "clerk"])
def test_production_rows_by_type_speed_and_clerk(demo_backend: Backend, group: str) -> None:
    load(demo_backend, DOCS)
    report = report_work.production_report(demo_backend.db, P, person(demo_backend, "lead"),
                                           FIRST, LAST, group=group)
    rows, whole = expected(DOCS, group)

    def label(key: object) -> object:
        if group == "type":
            return f"{P.filing_types.get(str(key)).label} ({key})"
        if group == "speed":
            return {"regular": "Regular", "expedite_1": "Expedite 1",
                    "expedite_2": "Expedite 2", "expedite_3": "Expedite 3"}[str(key)]
        return key

    assert cells(report) == {label(k): row.row(label(k)) for k, row in rows.items()}
    assert report.totals == whole.row("Total")
    assert report.columns[0].key == group
    assert report.filters == (("Rows by", report_work.GROUPS[group]),)
    if group == "clerk":
        assert {r[0] for r in report.rows} == {"senior", "lead"}
        assert all(r[1] is None for r in report.rows)  # received belongs to no clerk
        assert [c.kind for c in report.charts] == ["stacked"]
    if group == "speed":
        assert [r[0] for r in report.rows] == ["Regular", "Expedite 1", "Expedite 2",
                                               "Expedite 3"]


def test_production_filters_narrow_every_figure(demo_backend: Backend) -> None:
    load(demo_backend, DOCS)
    db, lead = demo_backend.db, person(demo_backend, "lead")
    corporate = {t.code for t in P.filing_types if t.service.value == "corporate"}
    cases = [({"clerk": "senior"}, {"clerk": "senior"}),
             ({"clerk": " Lead "}, {"clerk": "lead"}),
             ({"service_type": "corporate"}, {"types": corporate}),
             ({"service_type": "ucc"}, {"types": {UCC}}),
             ({"speed": "expedite_3"}, {"speed": "expedite_3"}),
             ({"clerk": "senior", "speed": "expedite_1", "service_type": "corporate"},
              {"clerk": "senior", "speed": "expedite_1", "types": corporate})]
    for given, plain in cases:
        report = report_work.production_report(db, P, lead, FIRST, LAST, **given)
        rows, whole = expected(DOCS, "day", **plain)  # type: ignore[arg-type]
        assert cells(report) == {d: r.row(d) for d, r in rows.items()}, given
        assert report.totals == whole.row("Total"), given
    report = report_work.production_report(db, P, lead, FIRST, LAST, clerk="senior",
                                           service_type="ucc", speed="regular")
    assert report.filters == (("Clerk", "senior"), ("Service type", "UCC"),
                              ("Speed", "Regular"))
    assert "Received" not in {f.label for f in report.figures}
    assert [r[:7] for r in report.rows] == [(date(2026, 11, 4), None, 0, 0, 0, 1, 1)]


def test_an_empty_range_has_no_rows_and_no_medians(demo_backend: Backend) -> None:
    load(demo_backend, DOCS)
    report = report_work.production_report(demo_backend.db, P, person(demo_backend, "lead"),
                                           date(2026, 12, 1), date(2026, 12, 31))
    assert report.rows == ()
    assert report.totals == ("Total", 0, 0, 0, 0, 0, 0, 0, 0, None, None)
    figures = {f.label: f.value for f in report.figures}
    assert figures == {"Received": "0", "Decided": "0 (accepted 0, rejected 0, returned 0, "
                       "held 0)", "Expedite SLA met": "no expedited filing finished",
                       "Median turnaround": "—", "90th percentile turnaround": "—"}


def test_production_refusals(demo_backend: Backend) -> None:
    db, lead = demo_backend.db, person(demo_backend, "lead")
    with pytest.raises(PermissionDenied):
        report_work.production_report(db, P, person(demo_backend, "clerk"), FIRST, LAST)
    report_work.production_report(db, P, person(demo_backend, "supervisor"), FIRST, LAST)
    for given, field in (({"group": "week"}, "group"), ({"speed": "fast"}, "speed"),
                         ({"service_type": "taxes"}, "service_type"),
                         ({"clerk": "nobody"}, "clerk")):
        with pytest.raises(UserError) as caught:
            report_work.production_report(db, P, lead, FIRST, LAST, **given)  # type: ignore[arg-type]
        assert caught.value.field == field, given
    with pytest.raises(UserError) as caught:
        report_work.production_report(db, P, lead, LAST, FIRST)
    assert caught.value.field == "range"


def test_production_reads_what_batch_review_writes(demo_backend: Backend) -> None:
    """Through the real services: a hold, then a rejection whose money is corrected (a second
    examination row, but one decision), and an acceptance."""
    db = demo_backend.db
    clerk, senior = person(demo_backend, "clerk"), person(demo_backend, "senior")
    session_id, _ = intake.open_session(db, P, clerk, "usps", "senior")
    arrived = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)  # Fri 20 Nov, 11 a.m. in Columbus
    slip = intake.log_envelope(db, P, clerk, session_id, EnvelopeInput(
        arrived_at=arrived, customer_name="Harrowgate Law",
        remittances=(RemittanceInput("198.00", "Harrowgate Law", "check", "5001", "Chase"),),
        documents=(DocumentInput("610", "2"), DocumentInput("610", "2"))))
    held, accepted = (d.id for d in slip.documents)
    taken = batch_review.take(db, senior, held)
    batch_review.decide(db, P, senior, held, taken.version, Decision(
        "held", note="waiting for the signature", follow_up_on=date(2026, 12, 4)))
    with db.uow(read_only=True) as uow:
        version = uow.session.get(Filing, held).version  # type: ignore[union-attr]
    codes = tuple(r.code for r in P.examination.reasons_for("OH-610"))[:1]
    batch_review.decide(db, P, senior, held, version, Decision(
        "rejected", reasons=codes, money="refund", refund_cents=9900))
    batch_review.correct_money(db, P, senior, held, refund_cents=9000, credit_cents=0,
                               held_cents=0, note="processing fee kept")
    taken = batch_review.take(db, senior, accepted)
    batch_review.decide(db, P, senior, accepted, taken.version, Decision(
        "accepted", fields={"name": "Quiet Brook Bakery LLC"}))
    today = utcnow().astimezone(NY).date()
    report = report_work.production_report(db, P, person(demo_backend, "lead"),
                                           date(2026, 11, 20), today, group="clerk")
    with db.uow(read_only=True) as uow:
        exams = uow.session.execute(select(Examination.decision, Examination.decided_at,
                                           Filing.received_at)
                                    .join(Filing, Filing.id == Examination.filing_id)
                                    .order_by(Examination.id)).all()
    assert [e.decision for e in exams] == ["held", "rejected", "rejected", "accepted"]
    took = [P.calendar.business_time_between(exams[n].received_at, exams[n].decided_at)
            for n in (1, 3)]  # the correction (row 2) is not a decision
    assert report.rows == (("senior", None, 1, 1, 0, 1, 3, 0, 0, tenths(nearest(took, 50)),
                            tenths(nearest(took, 90))),)
    assert report.totals is not None and report.totals[:7] == ("Total", 2, 1, 1, 0, 1, 3)


# ---------------------------------------------------------------------- backlog

AS_OF = date(2026, 11, 20)  # a Friday in the past


@dataclass(frozen=True)
class Open:
    number: str
    filing_type: str
    level: str
    received: datetime
    status: str = "received"
    batches: tuple[tuple[str, str], ...] = ()  # placements, oldest first: (service, speed)


OPEN_DOCS = (
    Open("B1", CORP, "regular", local(11, 20, 10), batches=(("corporate", "regular"),)),
    Open("B2", CORP, "expedite_1", local(11, 17, 9), "in_review",
         (("corporate", "expedite_1"),)),
    Open("B3", UCC, "regular", local(11, 2, 11), "hold"),
    Open("B4", CORP, "regular", local(10, 1, 9)),
    Open("B5", CORP, "regular", local(11, 21, 9)),  # after the day asked for: left out
    Open("B6", CORP, "regular", local(11, 3, 9), "accepted"),  # decided: not backlog
    Open("B7", CORP, "regular", local(11, 12, 9), "in_review",
         (("corporate", "regular"), ("corporate", "expedite_2"))),  # moved: its newest batch
    Open("B8", CORP2, "regular", local(11, 13, 16), "hold"),
    Open("B9", CERT, "regular", local(11, 6, 0, 0)),  # midnight of its day
)
# (number, status kind, received)
INQUIRIES = (("Q1", "new", "open", local(11, 19, 10)),
             ("Q2", "waiting_on_customer", "paused", local(10, 20, 9)),
             ("Q3", "resolved", "done", local(11, 1, 9)),
             ("Q4", "open", "open", local(11, 21, 9)),  # after the day asked for
             ("Q5", "answered", "open", local(11, 16, 9)))


def load_backlog(backend: Backend, docs: Iterable[Open] = OPEN_DOCS) -> None:
    with backend.db.uow() as uow:
        lead = uow.session.execute(select(User.id).where(User.username == "lead")).scalar_one()
        batches: dict[tuple[str, str], int] = {}
        for doc in docs:
            filing = Filing(document_number=doc.number, filing_type=doc.filing_type,
                            received_at=doc.received, service_level=doc.level,
                            status=doc.status, fee_due_cents=0)
            uow.session.add(filing)
            uow.session.flush()
            for service, speed in doc.batches:
                if (service, speed) not in batches:
                    batch = Batch(number=f"T{len(batches) + 1}", service_type=service,
                                  service_level=speed, work_level=1, status="open",
                                  opened_at=doc.received)
                    uow.session.add(batch)
                    uow.session.flush()
                    batches[(service, speed)] = batch.id
                uow.session.add(BatchItem(batch_id=batches[(service, speed)],
                                          filing_id=filing.id, added_at=doc.received,
                                          added_by=lead))
        for number, status, kind, received in INQUIRIES:
            uow.session.add(Inquiry(number=number, channel="mail", arrived_at=received,
                                    received_at=received, requester="Pat Doe", status=status,
                                    status_kind=kind))
        uow.commit()


def age(received: datetime, day: date) -> int:
    """Business days after the day received, up to and including ``day`` (counted one by
    one)."""
    on, count = received.astimezone(NY).date(), 0
    while on < day:
        on += timedelta(days=1)
        count += P.calendar.is_business_day(on)
    return count


def bucket(days: int) -> int:
    return 0 if days <= 2 else 1 if days <= 5 else 2 if days <= 10 else 3


def expected_backlog(day: date, until: datetime | None) -> dict[str, list[object]]:
    """Queue -> [0-2, 3-5, 6-10, >10, open, oldest number, its age], counted by hand."""
    speeds = {"regular": "Regular", "expedite_1": "Expedite 1", "expedite_2": "Expedite 2"}
    services = {CORP: "Corporate", CORP2: "Corporate", UCC: "UCC", CERT: "Certification"}
    items: dict[str, list[tuple[datetime, str]]] = defaultdict(list)
    for doc in OPEN_DOCS:
        if doc.status in ("received", "in_review", "hold") and (
                until is None or doc.received < until):
            service, speed = doc.batches[-1] if doc.batches else (None, doc.level)
            name = services[doc.filing_type] if service is None else {
                "corporate": "Corporate"}[service]
            items[f"{name} · {speeds[speed]}"].append((doc.received, doc.number))
    for number, _status, kind, received in INQUIRIES:
        if kind != "done" and (until is None or received < until):
            items["Inquiries"].append((received, number))
    table = {}
    for queue, found in items.items():
        counts = Counter(bucket(age(r, day)) for r, _ in found)
        oldest = min(found)
        table[queue] = [*(counts[n] for n in range(4)), len(found), oldest[1],
                        age(oldest[0], day)]
    return table


def test_backlog_ages_every_queue(demo_backend: Backend) -> None:
    load_backlog(demo_backend)
    report = report_work.backlog_report(demo_backend.db, P, person(demo_backend, "lead"),
                                        AS_OF)
    until = datetime(2026, 11, 21, tzinfo=NY)
    table = expected_backlog(AS_OF, until)
    assert {r[0]: list(r[1:]) for r in report.rows} == table
    assert [r[0] for r in report.rows] == [
        "Corporate · Regular", "Corporate · Expedite 1", "Corporate · Expedite 2",
        "UCC · Regular", "Certification · Regular", "Inquiries"]
    sums = [sum(int(row[n]) for row in table.values()) for n in range(5)]  # type: ignore[call-overload]
    everything = [(d.received, d.number) for d in OPEN_DOCS
                  if d.status != "accepted" and d.received < until]
    everything += [(q[3], q[0]) for q in INQUIRIES if q[2] != "done" and q[3] < until]
    oldest = min(everything)
    assert report.totals == ("All queues", *sums, oldest[1], age(oldest[0], AS_OF))
    assert table["Corporate · Regular"][:5] == [1, 1, 0, 1, 3]  # B1 today, B8, B4 (October)
    assert table["Corporate · Expedite 2"][5] == "B7"  # moved: counted where it sits now
    figures = {f.label: f.value for f in report.figures}
    over = sums[3]
    assert figures["Open items"] == str(sums[4])
    share = (Decimal(over * 100) / sums[4]).quantize(Decimal("0.1"), ROUND_HALF_UP)
    assert figures["Over 10 business days"] == f"{over} ({share} %)"
    assert figures["Oldest item"] == f"B4, {age(local(10, 1, 9), AS_OF)} business days"
    assert report.range.first == report.range.last == AS_OF
    assert (report.name, report.title) == ("backlog", "Backlog ageing")
    assert [(c.kind, c.category, c.series) for c in report.charts] == [
        ("stacked", "queue", ("d0_2", "d3_5", "d6_10", "d11"))]
    assert any("finished since" in note for note in report.notes)


def test_backlog_bucket_edges_fall_on_business_days(demo_backend: Backend) -> None:
    """Thursday 12 Nov is 6 business days before Friday 20 Nov (Veterans Day, the 11th, is a
    state holiday): the oldest day of 6-10 begins at its midnight; 23:59 the day before is
    older."""
    assert not P.calendar.is_business_day(date(2026, 11, 11))
    docs = (Open("E1", CORP, "regular", local(11, 18, 0, 0)),  # 2 days: 0-2
            Open("E2", CORP, "regular", local(11, 17, 23, 59)),  # 3 days: 3-5
            Open("E3", CORP, "regular", local(11, 13, 0, 0)),  # 5 days: 3-5
            Open("E4", CORP, "regular", local(11, 12, 23, 59)),  # 6 days: 6-10
            Open("E5", CORP, "regular", local(11, 5, 0, 0)),  # 10 days: 6-10
            Open("E6", CORP, "regular", local(11, 4, 23, 59)))  # 11 days: over 10
    assert [age(d.received, AS_OF) for d in docs] == [2, 3, 5, 6, 10, 11]
    with demo_backend.db.uow() as uow:
        for doc in docs:
            uow.session.add(Filing(document_number=doc.number, filing_type=doc.filing_type,
                                   received_at=doc.received, service_level=doc.level,
                                   status=doc.status, fee_due_cents=0))
        uow.commit()
    report = report_work.backlog_report(demo_backend.db, P, person(demo_backend, "lead"),
                                        AS_OF)
    assert report.rows == (("Corporate · Regular", 1, 2, 2, 1, 6, "E6", 11),)


def test_backlog_today_takes_everything_open_now(demo_backend: Backend) -> None:
    """As of today nothing is left out by its received time, not even a document stamped
    for the next opening (it arrived after hours): it is 0 days old."""
    now = utcnow()
    later = P.calendar.normalise_received(now + timedelta(days=3))
    docs = (Open("N1", UCC, "regular", now - timedelta(hours=1)),
            Open("N2", UCC, "regular", later))
    load_backlog(demo_backend, docs)
    report = report_work.backlog_report(demo_backend.db, P, person(demo_backend, "lead"))
    today = now.astimezone(NY).date()
    table = {r[0]: r for r in report.rows}
    assert table["UCC · Regular"][1:6] == (2, 0, 0, 0, 2)
    assert report.range.first == today
    assert not any("finished since" in note for note in report.notes)
    # The fixture's inquiries are all in (Q4 too): none is later than now.
    assert table["Inquiries"][5] == 4


def test_backlog_queue_filter(demo_backend: Backend) -> None:
    load_backlog(demo_backend)
    db, lead = demo_backend.db, person(demo_backend, "lead")
    until = datetime(2026, 11, 21, tzinfo=NY)
    table = expected_backlog(AS_OF, until)
    for typed, queues in (("Inquiries", ["Inquiries"]), ("ucc", ["UCC · Regular"]),
                          ("Corporate", ["Corporate · Regular", "Corporate · Expedite 1",
                                         "Corporate · Expedite 2"]),
                          ("corporate ·  expedite 1", ["Corporate · Expedite 1"])):
        report = report_work.backlog_report(db, P, lead, AS_OF, queue=typed)
        assert [r[0] for r in report.rows] == queues, typed
        assert {r[0]: list(r[1:]) for r in report.rows} == {q: table[q] for q in queues}
        assert report.filters == (("Queue", typed.strip()),)
    with pytest.raises(UserError) as caught:
        report_work.backlog_report(db, P, lead, AS_OF, queue="Taxes")
    assert caught.value.field == "queue"


def test_backlog_refusals_and_an_empty_office(demo_backend: Backend) -> None:
    db, lead = demo_backend.db, person(demo_backend, "lead")
    with pytest.raises(PermissionDenied):
        report_work.backlog_report(db, P, person(demo_backend, "clerk"), AS_OF)
    tomorrow = utcnow().astimezone(NY).date() + timedelta(days=1)
    with pytest.raises(UserError) as caught:
        report_work.backlog_report(db, P, lead, tomorrow)
    assert (caught.value.field, caught.value.code) == ("as_of", "future")
    report = report_work.backlog_report(db, P, lead, AS_OF)
    assert report.rows == () and report.totals == ("All queues", 0, 0, 0, 0, 0, None, None)
    assert {f.label: f.value for f in report.figures} == {
        "Open items": "0", "Over 10 business days": "0", "Oldest item": "—"}


def test_both_reports_run_from_the_catalogue_and_render(demo_backend: Backend) -> None:
    """As the Reports window and ``workstation report`` run them: filters as text, the
    backlog as of the range's last day; the CSV carries the same rows, the PDF draws."""
    load(demo_backend, DOCS)
    load_backlog(demo_backend)
    db, lead = demo_backend.db, person(demo_backend, "lead")
    production = reports.run_report(db, P, lead, "production", FIRST, LAST,
                                    {"group": "", "clerk": "senior", "speed": ""})
    direct = report_work.production_report(db, P, lead, FIRST, LAST, clerk="senior")
    assert production.rows == direct.rows and production.totals == direct.totals
    backlog = reports.run_report(db, P, lead, "backlog", date(2026, 11, 1), AS_OF,
                                 {"queue": "Corporate"})
    assert backlog.range.first == AS_OF
    assert [r[0] for r in backlog.rows] == ["Corporate · Regular", "Corporate · Expedite 1",
                                            "Corporate · Expedite 2"]
    for report in (production, backlog):
        lines = report_csv(report).decode("utf-8-sig").splitlines()
        assert len(lines) >= len(report.rows) + 1
        assert build_report_pdf(report).startswith(b"%PDF")
    assert "Corporate · Expedite 2" in report_csv(backlog).decode("utf-8-sig")
