"""The calendar of due dates on both databases: every source of due items from rows built here,
checked against a list worked out by hand (the office calendar's holidays, business hours and
clock rules applied on paper, in the comments), the owner and kind filters, the overdue / today /
next-5-business-days summary, and recurring work set up, marked done and retired with the role
checks. The clock is fixed: Wednesday 16 December 2026, 10:00 a.m. in Columbus."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from tests.integration.teller_support import P, person
from workstation.domain.due_dates import DueItem
from workstation.errors import ConflictError, PermissionDenied, UserError
from workstation.models import (
    AuditRecord,
    Batch,
    Entity,
    Examination,
    Filing,
    Inquiry,
    InquiryEntry,
    InquiryLink,
    InquiryStatusChange,
    OfficeDay,
    RecurringTaskDone,
    UccRecord,
    User,
)
from workstation.printing import ics
from workstation.services import calendar
from workstation.startup import Backend

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 12, 16, 10, tzinfo=NY).astimezone(UTC)
FIRST, LAST = date(2026, 12, 14), date(2026, 12, 27)  # Christmas (Friday 25th) inside


def ny(month: int, day: int, hour: int, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=NY)


def utc(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


@dataclass(frozen=True)
class Want:
    kind: str
    reference: str
    due_at: datetime
    owner: str
    overdue: bool
    due_day: date | None = None  # when it is not the due instant's New York day

    def key(self) -> tuple[datetime, str, str]:
        return (self.due_at, self.kind, self.reference)


def got(items: tuple[DueItem, ...] | list[DueItem]) -> list[tuple[object, ...]]:
    return [(i.kind, i.reference, i.due_at, i.owner, i.overdue, i.due_day) for i in items]


def want(rows: list[Want]) -> list[tuple[object, ...]]:
    ordered = sorted(rows, key=Want.key)
    return [(w.kind, w.reference, w.due_at, w.owner, w.overdue,
             w.due_day or w.due_at.astimezone(NY).date()) for w in ordered]


# ---------------------------------------------------------------------- the fixture data

class Office:
    """Builds the rows; remembers the references the expected lists name."""

    def __init__(self, backend: Backend):
        self.backend = backend
        with backend.db.uow(read_only=True) as uow:
            self.ids = {str(n): int(i) for i, n in uow.session.execute(
                select(User.id, User.username))}
        self.docs = 0

    def add(self, *rows: object) -> list[int]:
        with self.backend.db.uow() as uow:
            uow.session.add_all(rows)
            uow.session.flush()
            ids = [int(row.id) for row in rows]  # type: ignore[attr-defined]
            uow.commit()
        return ids

    # -- inquiries
    def inquiry(self, number: str, received: datetime, due: datetime | None, *,
                owner: str | None = None, kind: str = "open",
                statuses: tuple[tuple[datetime, str], ...] = (),
                email_at: datetime | None = None) -> int:
        status = statuses[-1][1] if statuses else "new"
        (inquiry_id,) = self.add(Inquiry(
            number=number, channel="mail", arrived_at=received, received_at=received,
            requester=f"Requester {number}", category="status_of_filing", status=status,
            status_kind=kind, subject=f"Where is filing {number}?", due_at=due,
            owner_id=self.ids[owner] if owner else None, last_activity_at=received))
        changes = [InquiryStatusChange(inquiry_id=inquiry_id, at=received, status="new")]
        changes += [InquiryStatusChange(inquiry_id=inquiry_id, at=at, status=code)
                    for at, code in statuses]
        self.add(*changes)
        if email_at is not None:
            self.add(InquiryEntry(inquiry_id=inquiry_id, kind="outbound", channel="email",
                                  at=email_at, subject="Re", body="Answered."))
        return inquiry_id

    # -- filings
    def filing(self, received: datetime, status: str, *, level: str = "regular",
               kind: str = "OH-610", examiner: str | None = None) -> tuple[int, str]:
        self.docs += 1
        number = f"2026{self.docs:08d}"
        (filing_id,) = self.add(Filing(
            document_number=number, filing_type=kind, received_at=received, pages=1,
            fee_due_cents=9900, service_level=level, status=status,
            examiner_id=self.ids[examiner] if examiner else None))
        return filing_id, number

    def decision(self, filing_id: int, decision: str, by: str, at: datetime,
                 follow_up: date | None = None) -> None:
        batch = self._batch()
        self.add(Examination(filing_id=filing_id, batch_id=batch, decision=decision,
                             reasons="", note=f"{decision} note", follow_up_on=follow_up,
                             decided_by=self.ids[by], decided_at=at))

    def _batch(self) -> int:
        with self.backend.db.uow(read_only=True) as uow:
            found = uow.session.execute(select(Batch.id)).scalar()
        if found is not None:
            return int(found)
        return self.add(Batch(number="B-CAL-1", service_type="corporate",
                              service_level="regular", work_level=1, status="in_review",
                              opened_at=ny(12, 1, 9)))[0]

    # -- money, UCC, register
    def office_day(self, day: date, number: str, due: datetime) -> None:
        self.add(OfficeDay(business_date=day, closed_at=datetime.combine(
            day, datetime.min.time(), NY) + timedelta(hours=17, minutes=30),
            closed_by=self.ids["lead"], deposit_number=number, cash_cents=12_300,
            checks_cents=9_900, check_count=1, card_cents=0, deposit_due_at=due,
            summary_sha256="0" * 64))

    def ucc(self, number: str, lapse: date | None, *, record_type: str = "initial",
            initial: int | None = None) -> int:
        return self.add(UccRecord(file_number=number, record_type=record_type,
                                  initial_id=initial, filed_at=ny(6, 1, 10, year=2022),
                                  lapse_kind="standard", lapse_date=lapse, pages=1))[0]

    def link(self, inquiry_id: int, record_id: int) -> None:
        self.add(InquiryLink(inquiry_id=inquiry_id, kind="ucc", target_id=record_id))

    def entity(self, number: str, kind: str, status: str, expiry: date | None) -> None:
        name = f"Calendar {kind} {number}"
        self.add(Entity(number=number, name=name, name_key=name.upper(),
                        name_sort=name.casefold(), entity_type=kind, status=status,
                        expiry_date=expiry))


@dataclass(frozen=True)
class Built:
    refs: dict[str, str]
    tasks: dict[str, int]


def build(backend: Backend) -> Built:
    """Every source, with rows that must show and rows that must not."""
    o = Office(backend)
    refs: dict[str, str] = {}
    # Inquiries (status_of_filing: acknowledge 2, first response 10, resolve 20 business days).
    # I1 received Mon 14 Dec 9:00: acknowledge due Wed 16 Dec 9:00 (late at 10:00); its first
    # response (Tue 29 Dec, Christmas skipped) is outside the range.
    i1 = o.inquiry("I-CAL-1", ny(12, 14, 9), ny(12, 14 + 2, 9), owner="clerk")
    # I2 received Fri 20 Nov 11:00 and answered by e-mail Mon 23 Nov (acknowledge and first
    # response stopped): resolve due 20 business days on (Thanksgiving skipped), Mon 21 Dec 11:00.
    i2 = o.inquiry("I-CAL-2", ny(11, 20, 11), ny(12, 21, 11),
                   statuses=((ny(11, 23, 10), "answered"),), email_at=ny(11, 23, 10))
    # I3 received Tue 1 Dec 9:00, waiting on the customer since Wed 2 Dec 9:00, one business day
    # before its acknowledge clock ran out (Thu 3 Dec 9:00): 9 business hours were left, so at
    # 10:00 today it is due Thu 17 Dec 10:00 (7 hours today, 2 tomorrow), and never late while
    # paused. The stored due time is the one from before the pause, before the range.
    o.inquiry("I-CAL-3", ny(12, 1, 9), ny(12, 3, 9), owner="senior", kind="paused",
              statuses=((ny(12, 2, 9), "waiting_on_customer"),))
    # I4 resolved: nothing, though its stored due time is in the range.
    i4 = o.inquiry("I-CAL-4", ny(12, 10, 9), ny(12, 15, 9), owner="clerk", kind="done",
                   statuses=((ny(12, 11, 9), "resolved"),))

    # Expedite: F1 level 1 received Mon 14 Dec 13:00, due Wed 16 Dec 13:00; F2 level 3 received
    # Tue 15 Dec 14:30, 4 business hours: due Wed 16 Dec 9:30 (late); F5 level 1 received 1 Dec,
    # due 3 Dec (late, before the range); F3 decided and F4 regular service are not due.
    _, refs["F1"] = o.filing(ny(12, 14, 13), "received", level="expedite_1")
    _, refs["F2"] = o.filing(ny(12, 15, 14, 30), "in_review", level="expedite_3",
                             examiner="senior")
    _, refs["F5"] = o.filing(ny(12, 1, 10), "received", level="expedite_1")
    o.filing(ny(12, 14, 9), "accepted", level="expedite_2")
    o.filing(ny(12, 14, 9), "received")

    # Holds: H1 follow-up Thu 17 Dec; H2 follow-up Fri 11 Dec (late, before the range); H3 held
    # then accepted; H4 held twice, the newer hold (Tue 22 Dec) stands.
    h1, refs["H1"] = o.filing(ny(12, 8, 9), "hold", examiner="senior")
    o.decision(h1, "held", "senior", ny(12, 9, 11), date(2026, 12, 17))
    h2, refs["H2"] = o.filing(ny(12, 3, 9), "hold", examiner="clerk")
    o.decision(h2, "held", "clerk", ny(12, 4, 11), date(2026, 12, 11))
    h3, _ = o.filing(ny(12, 3, 9), "accepted")
    o.decision(h3, "held", "clerk", ny(12, 4, 11), date(2026, 12, 18))
    o.decision(h3, "accepted", "clerk", ny(12, 10, 11))
    h4, refs["H4"] = o.filing(ny(12, 7, 9), "hold", examiner="clerk")
    o.decision(h4, "held", "clerk", ny(12, 8, 11), date(2026, 12, 15))
    o.decision(h4, "held", "clerk", ny(12, 15, 11), date(2026, 12, 22))

    # UCC refusals (notice by the close of the 2nd business day after receipt, ORC 1309.520(B)):
    # R1 received Mon 14 Dec: Wed 16 Dec 17:00; R2 received Fri 11 Dec 16:00: Tue 15 Dec 17:00;
    # R4 received Thu 24 Dec: Christmas skipped, Tue 29 Dec (outside); R3 is not a UCC record.
    r1, refs["R1"] = o.filing(ny(12, 14, 11), "rejected", kind="OH-UCC1")
    o.decision(r1, "rejected", "clerk", ny(12, 14, 15))
    r2, refs["R2"] = o.filing(ny(12, 11, 16), "rejected", kind="OH-UCC3")
    o.decision(r2, "rejected", "senior", ny(12, 14, 9))
    r3, _ = o.filing(ny(12, 14, 11), "rejected")
    o.decision(r3, "rejected", "clerk", ny(12, 14, 15))
    r4, _ = o.filing(ny(12, 24, 10), "rejected", kind="OH-UCC1")
    o.decision(r4, "rejected", "clerk", ny(12, 24, 11))

    # Deposits: Friday 11 Dec closed twice (the newer close stands), due Wed 16 Dec 17:00;
    # 1 Dec's deposit was due 4 Dec.
    o.office_day(date(2026, 12, 11), "D0000008", ny(12, 15, 17))
    o.office_day(date(2026, 12, 11), "D0000009", ny(12, 16, 17))
    o.office_day(date(2026, 12, 1), "D0000002", ny(12, 4, 17))

    # UCC statements watched by an open inquiry: U1 lapses Tue 15 Dec (I2, no owner); U2 lapses
    # 18 Jun 2027, so its window opens Fri 18 Dec, watched through its amendment by I1 (clerk).
    # U3 is not watched, U4 only by a resolved inquiry, U5 is terminated.
    u1 = o.ucc("OH-CAL-U1", date(2026, 12, 15))
    o.link(i2, u1)
    u2 = o.ucc("OH-CAL-U2", date(2027, 6, 18))
    o.link(i1, o.ucc("OH-CAL-U2A", None, record_type="amendment", initial=u2))
    o.ucc("OH-CAL-U3", date(2026, 12, 16))
    o.link(i4, o.ucc("OH-CAL-U4", date(2026, 12, 17)))
    u5 = o.ucc("OH-CAL-U5", date(2026, 12, 21))
    o.link(i1, u5)
    o.ucc("OH-CAL-U5T", None, record_type="termination", initial=u5)

    # The register: a reservation ending Fri 18 Dec, a temporary licence Tue 22 Dec, a trade
    # name Sat 26 Dec (a closed day: due at 23:59); an expired reservation, an LLC with a date
    # and a reservation after the range are not listed.
    o.entity("9000001", "name-reservation", "active", date(2026, 12, 18))
    o.entity("9000002", "foreign-corp", "active", date(2026, 12, 22))
    o.entity("9000003", "trade-name", "active", date(2026, 12, 26))
    o.entity("9000004", "name-reservation", "expired", date(2026, 12, 15))
    o.entity("9000005", "llc", "active", date(2026, 12, 16))
    o.entity("9000006", "name-reservation", "active", date(2026, 12, 28))

    tasks = recurring(backend)
    return Built(refs, tasks)


def recurring(backend: Backend) -> dict[str, int]:
    """T1 the clerk's, Mondays from 14 Dec (14 Dec done); T2 the team's, monthly on the 19th
    (a Saturday: Mon 21 Dec); T3 the senior clerk's, Tuesdays from 15 Dec (15 Dec late); T4 on
    the 25th (Christmas: Mon 28 Dec, outside); T5 retired."""
    lead = person(backend, "lead")
    add = calendar.add_recurring
    t1 = add(backend.db, P, lead, title="Count the suspense drawer", rule="weekly", weekday=0,
             assignee="Clerk", starts_on=date(2026, 12, 14))
    t2 = add(backend.db, P, lead, title="Send the monthly lapse list", rule="monthly",
             day_of_month=19, starts_on=date(2026, 12, 1))
    t3 = add(backend.db, P, lead, title="Return unclaimed mail", rule="weekly", weekday=1,
             assignee="senior", starts_on=date(2026, 12, 15))
    add(backend.db, P, lead, title="Christmas-day report", rule="monthly", day_of_month=25,
        starts_on=date(2026, 12, 1))
    t5 = add(backend.db, P, lead, title="Old weekly job", rule="weekly", weekday=2,
             starts_on=date(2026, 1, 1))
    calendar.retire_recurring(backend.db, P, lead, t5.id, t5.version, reason="not needed")
    calendar.mark_done(backend.db, P, person(backend, "clerk"), t1.id, date(2026, 12, 14),
                       "counted, balanced")
    return {"T1": t1.id, "T2": t2.id, "T3": t3.id, "T5": t5.id}


def expected(built: Built) -> list[Want]:
    r = built.refs
    close = 22  # 5:00 p.m. in New York is 22:00 UTC in December
    return [
        Want("inquiry_clock", "I-CAL-1", utc(12, 16, 14), "clerk", True),
        Want("inquiry_clock", "I-CAL-2", utc(12, 21, 16), "", False),
        Want("inquiry_clock", "I-CAL-3", utc(12, 17, 15), "senior", False),
        Want("expedite", r["F1"], utc(12, 16, 18), "", False),
        Want("expedite", r["F2"], utc(12, 16, 14, 30), "senior", True),
        Want("hold_follow_up", r["H1"], utc(12, 17, close), "senior", False),
        Want("hold_follow_up", r["H4"], utc(12, 22, close), "clerk", False),
        Want("rejection_letter", r["R1"], utc(12, 16, close), "clerk", False),
        Want("rejection_letter", r["R2"], utc(12, 15, close), "senior", False),
        Want("deposit", "D0000009", utc(12, 16, close), "lead", False),
        Want("ucc_lapse", "OH-CAL-U1", utc(12, 15, close), "", False),
        Want("ucc_continuation", "OH-CAL-U2", utc(12, 18, 13), "clerk", False),
        Want("reservation_expiry", "9000001", utc(12, 18, close), "", False),
        Want("licence_end", "9000002", utc(12, 22, close), "", False),
        Want("trade_name_renewal", "9000003", utc(12, 27, 4, 59), "", False,
             date(2026, 12, 26)),
        Want("recurring", "Count the suspense drawer", utc(12, 21, close), "clerk", False),
        Want("recurring", "Send the monthly lapse list", utc(12, 21, close), "", False),
        Want("recurring", "Return unclaimed mail", utc(12, 15, close), "senior", True),
        Want("recurring", "Return unclaimed mail", utc(12, 22, close), "senior", False),
    ]


# ---------------------------------------------------------------------- the calendar

def test_every_source_gives_exactly_the_items_due(demo_backend: Backend) -> None:
    built = build(demo_backend)
    items = calendar.due_items(demo_backend.db, P, person(demo_backend, "clerk"), FIRST, LAST,
                               now=NOW)
    assert got(items) == want(expected(built))
    by_ref = {(i.kind, i.reference, i.part): i for i in items}
    assert by_ref[("inquiry_clock", "I-CAL-1", "acknowledge")].title.startswith("Acknowledge: ")
    assert by_ref[("inquiry_clock", "I-CAL-2", "resolve")].title.startswith("Resolve: ")
    assert by_ref[("expedite", built.refs["F2"], "")].title == (
        "Expedite level 3 (within 4 business hours): " + P.filing_type_label("OH-610"))
    lapse = by_ref[("ucc_lapse", "OH-CAL-U1", "lapse")]
    assert "watched by inquiry I-CAL-2" in lapse.detail
    window = by_ref[("ucc_continuation", "OH-CAL-U2", "window-2027-06-18")]
    assert "to 18 Jun 2027" in window.detail
    assert "ORC 1309.520(B)" in by_ref[("rejection_letter", built.refs["R1"], "")].detail
    assert len({i.uid for i in items}) == len(items)  # one event each in the .ics


def test_owner_and_kind_filters(demo_backend: Backend) -> None:
    built = build(demo_backend)
    lead = person(demo_backend, "lead")
    everything = want(expected(built))
    for owner in ("clerk", "senior", ""):
        mine = calendar.due_items(demo_backend.db, P, lead, FIRST, LAST, owner=owner, now=NOW)
        assert got(mine) == [row for row in everything if row[3] == owner]
        assert mine  # each owner has some
    assert calendar.due_items(demo_backend.db, P, lead, FIRST, LAST, owner="nobody",
                              now=NOW) == ()
    assert calendar.due_items(demo_backend.db, P, lead, FIRST, LAST, owner=" Clerk ",
                              now=NOW) == calendar.due_items(demo_backend.db, P, lead, FIRST,
                                                             LAST, owner="clerk", now=NOW)
    money = calendar.due_items(demo_backend.db, P, lead, FIRST, LAST, now=NOW,
                               kinds=frozenset({"deposit", "licence_end"}))
    assert [(i.kind, i.reference) for i in money] == [("deposit", "D0000009"),
                                                      ("licence_end", "9000002")]
    one_day = calendar.due_items(demo_backend.db, P, lead, date(2026, 12, 26),
                                 date(2026, 12, 26), now=NOW)
    assert [(i.kind, i.due_day) for i in one_day] == [("trade_name_renewal",
                                                       date(2026, 12, 26))]


def test_summary_overdue_today_and_next_five_business_days(demo_backend: Backend) -> None:
    built = build(demo_backend)
    r = built.refs
    summary = calendar.due_summary(demo_backend.db, P, person(demo_backend, "clerk"), NOW)
    assert (summary.day, summary.through) == (date(2026, 12, 16), date(2026, 12, 23))
    # overdue from any day: F5 (3 Dec) and H2 (11 Dec) are before the range
    assert [(i.kind, i.reference) for i in summary.overdue] == [
        ("expedite", r["F5"]), ("hold_follow_up", r["H2"]),
        ("recurring", "Return unclaimed mail"), ("inquiry_clock", "I-CAL-1"),
        ("expedite", r["F2"])]
    assert [(i.kind, i.reference) for i in summary.today] == [
        ("expedite", r["F1"]), ("deposit", "D0000009"), ("rejection_letter", r["R1"])]
    ahead = want([w for w in expected(built)
                  if date(2026, 12, 16) < (w.due_day or w.due_at.astimezone(NY).date())
                  <= date(2026, 12, 23) and not w.overdue])
    assert got(summary.next_5_business_days) == ahead
    assert [i.reference for i in summary.next_5_business_days][:2] == ["I-CAL-3", r["H1"]]
    mine = calendar.due_summary(demo_backend.db, P, person(demo_backend, "clerk"), NOW,
                                owner="clerk")
    assert [(i.kind, i.reference) for i in mine.overdue] == [
        ("hold_follow_up", r["H2"]), ("inquiry_clock", "I-CAL-1")]
    assert [(i.kind, i.reference) for i in mine.today] == [("rejection_letter", r["R1"])]
    assert [(i.kind, i.reference) for i in mine.next_5_business_days] == [
        ("ucc_continuation", "OH-CAL-U2"), ("recurring", "Count the suspense drawer"),
        ("hold_follow_up", r["H4"])]


def test_the_calendar_exports_as_ics(demo_backend: Backend) -> None:
    build(demo_backend)
    items = calendar.due_items(demo_backend.db, P, person(demo_backend, "clerk"), FIRST, LAST,
                               now=NOW)
    text = ics.build_ics(items, now=NOW).decode("utf-8")
    assert text.count("BEGIN:VEVENT") == len(items) == 19
    assert "UID:recurring-" in text and "DTSTART:20261216T140000Z" in text


def test_a_range_is_checked(demo_backend: Backend) -> None:
    clerk = person(demo_backend, "clerk")
    cases = [((LAST, FIRST, None), "last", "range"),
             ((FIRST, FIRST + timedelta(days=366), None), "last", "range_too_long"),
             ((FIRST, LAST, frozenset({"birthdays"})), "kinds", "unknown_kind")]
    for (first, last, kinds), field, code in cases:
        with pytest.raises(UserError) as refused:
            calendar.due_items(demo_backend.db, P, clerk, first, last, kinds=kinds)
        assert (refused.value.field, refused.value.code) == (field, code)
    year = calendar.due_items(demo_backend.db, P, clerk, FIRST, FIRST + timedelta(days=365))
    assert year == ()


def test_an_admin_does_not_read_the_calendar(demo_backend: Backend) -> None:
    with pytest.raises(PermissionDenied):
        calendar.due_items(demo_backend.db, P, person(demo_backend, "admin"), FIRST, LAST)
    with pytest.raises(PermissionDenied):
        calendar.due_summary(demo_backend.db, P, person(demo_backend, "admin"), NOW)


def test_people_are_the_active_users_by_name(demo_backend: Backend) -> None:
    lead = person(demo_backend, "lead")
    with demo_backend.db.uow() as uow:
        users = uow.session.execute(select(User.username, User.full_name, User.active)).all()
        clerk = uow.session.execute(select(User).where(User.username == "clerk")).scalar_one()
        clerk.active = False  # left the office: no longer anyone's owner
        uow.commit()
    expected = sorted(((n, u) for u, n, active in users if active and u != "clerk"))
    assert calendar.people(demo_backend.db, lead) == tuple((u, n) for n, u in expected)
    with pytest.raises(PermissionDenied):
        calendar.people(demo_backend.db, person(demo_backend, "admin"))


# ---------------------------------------------------------------------- recurring work

def test_only_a_lead_sets_up_recurring_work_and_it_is_checked(demo_backend: Backend) -> None:
    lead, clerk = person(demo_backend, "lead"), person(demo_backend, "clerk")
    with pytest.raises(PermissionDenied):
        calendar.add_recurring(demo_backend.db, P, clerk, title="Mine", rule="weekly",
                               weekday=0, starts_on=FIRST)
    refusals: list[tuple[dict[str, object], str, str]] = [
        ({"title": "  ", "rule": "weekly", "weekday": 0}, "title", "required"),
        ({"title": "x" * 201, "rule": "weekly", "weekday": 0}, "title", "too_long"),
        ({"title": "Saturday job", "rule": "weekly", "weekday": 5}, "weekday",
         "closed_weekday"),
        ({"title": "No day", "rule": "monthly"}, "day_of_month", "required"),
        ({"title": "Daily", "rule": "daily"}, "rule", "rule"),
        ({"title": "Ghost's", "rule": "weekly", "weekday": 0, "assignee": "ghost"},
         "assignee", "unknown_user"),
        ({"title": "Backwards", "rule": "first_business_day",
          "ends_on": FIRST - timedelta(days=1)}, "ends_on", "before_start"),
    ]
    for fields, field, code in refusals:
        with pytest.raises(UserError) as refused:
            calendar.add_recurring(demo_backend.db, P, lead, starts_on=FIRST,
                                   **fields)  # type: ignore[arg-type]
        assert (refused.value.field, refused.value.code) == (field, code), fields
    made = calendar.add_recurring(demo_backend.db, P, lead, title="  Close   the month ",
                                  rule="last_business_day", starts_on=FIRST)
    assert (made.title, made.assignee, made.created_by, made.description, made.active) == (
        "Close the month", None, "lead", "Last business day of the month", True)
    assert calendar.recurring_tasks(demo_backend.db, clerk) == (made,)
    with demo_backend.db.uow(read_only=True) as uow:
        assert uow.session.execute(select(AuditRecord.entity_id).where(
            AuditRecord.action == "calendar.add_recurring")).scalar_one() == str(made.id)


def test_marking_done_by_the_assignee_or_a_lead(demo_backend: Backend) -> None:
    lead, clerk = person(demo_backend, "lead"), person(demo_backend, "clerk")
    senior = person(demo_backend, "senior")
    mine = calendar.add_recurring(demo_backend.db, P, lead, title="Clerk's count",
                                  rule="weekly", weekday=0, assignee="clerk", starts_on=FIRST)
    team = calendar.add_recurring(demo_backend.db, P, lead, title="Team tidy",
                                  rule="first_business_day", starts_on=date(2026, 12, 1))
    with pytest.raises(PermissionDenied) as refused:
        calendar.mark_done(demo_backend.db, P, senior, mine.id, date(2026, 12, 14))
    assert refused.value.code == "not_assignee" and "clerk" in refused.value.message
    done = calendar.mark_done(demo_backend.db, P, clerk, mine.id, date(2026, 12, 14), " ok ")
    calendar.mark_done(demo_backend.db, P, lead, mine.id, date(2026, 12, 21))
    calendar.mark_done(demo_backend.db, P, senior, team.id, date(2026, 12, 1))  # team work
    with pytest.raises(UserError) as twice:
        calendar.mark_done(demo_backend.db, P, lead, mine.id, date(2026, 12, 14))
    assert (twice.value.field, twice.value.code) == ("occurrence", "already_done")
    assert "clerk" in twice.value.message
    with pytest.raises(UserError) as wrong_day:  # a Tuesday: the count is on Mondays
        calendar.mark_done(demo_backend.db, P, clerk, mine.id, date(2026, 12, 15))
    assert wrong_day.value.code == "not_an_occurrence"
    with pytest.raises(UserError) as before_start:
        calendar.mark_done(demo_backend.db, P, clerk, mine.id, date(2026, 12, 7))
    assert before_start.value.code == "not_an_occurrence"
    with pytest.raises(UserError) as missing:
        calendar.mark_done(demo_backend.db, P, clerk, 9999, date(2026, 12, 14))
    assert (missing.value.field, missing.value.code) == ("task", "not_found")
    with demo_backend.db.uow(read_only=True) as uow:
        row = uow.session.get(RecurringTaskDone, done)
        assert row is not None and (row.note, row.occurrence) == ("ok", date(2026, 12, 14))
        marks = uow.session.execute(select(AuditRecord.actor).where(
            AuditRecord.action == "calendar.mark_done").order_by(AuditRecord.seq)).scalars()
        assert list(marks) == ["clerk", "lead", "senior"]
    left = calendar.due_items(demo_backend.db, P, clerk, FIRST, LAST, now=NOW,
                              kinds=frozenset({"recurring"}))
    assert [(i.reference, i.due_day) for i in left] == []  # both Mondays done; no 1st in range


def test_retiring_takes_work_off_the_calendar(demo_backend: Backend) -> None:
    lead, clerk = person(demo_backend, "lead"), person(demo_backend, "clerk")
    task = calendar.add_recurring(demo_backend.db, P, lead, title="Weekly mail audit",
                                  rule="weekly", weekday=3, starts_on=FIRST)
    only = frozenset({"recurring"})
    before = calendar.due_items(demo_backend.db, P, clerk, FIRST, LAST, kinds=only, now=NOW)
    # Thursdays 17 and 24 Dec; 17 Dec is not late at 10:00 on the 16th
    assert [(i.due_day, i.overdue) for i in before] == [(date(2026, 12, 17), False),
                                                        (date(2026, 12, 24), False)]
    with pytest.raises(PermissionDenied):
        calendar.retire_recurring(demo_backend.db, P, clerk, task.id, task.version)
    with pytest.raises(ConflictError):
        calendar.retire_recurring(demo_backend.db, P, lead, task.id, task.version + 1)
    retired = calendar.retire_recurring(demo_backend.db, P, lead, task.id, task.version,
                                        reason="moved to the mail room")
    assert not retired.active and retired.version == task.version + 1
    assert calendar.due_items(demo_backend.db, P, clerk, FIRST, LAST, kinds=only) == ()
    assert calendar.recurring_tasks(demo_backend.db, clerk) == ()
    assert calendar.recurring_tasks(demo_backend.db, clerk, include_retired=True) == (retired,)
    with pytest.raises(UserError) as gone:
        calendar.mark_done(demo_backend.db, P, lead, task.id, date(2026, 12, 17))
    assert gone.value.code == "retired"
    with pytest.raises(UserError):
        calendar.retire_recurring(demo_backend.db, P, lead, task.id, retired.version)
    with demo_backend.db.uow(read_only=True) as uow:
        audit = uow.session.execute(select(AuditRecord).where(
            AuditRecord.action == "calendar.retire_recurring")).scalar_one()
        assert audit.reason == "moved to the mail room"


def test_the_demo_puts_the_leads_recurring_work_on_the_calendar(demo_backend: Backend) -> None:
    from workstation.services import demo_calendar

    lead = person(demo_backend, "lead")
    assert demo_calendar.build(demo_backend.db, P, date(2026, 12, 9)) == {"recurring_tasks": 5}
    tasks = calendar.recurring_tasks(demo_backend.db, lead)
    assert [(t.title, t.description, t.assignee, t.starts_on) for t in tasks] == [
        (title, calendar_description, who, date(2026, 12, 1))
        for (title, _rule, who), calendar_description in zip(
            demo_calendar.WORK, ("Weekly on Fridays", "First business day of the month",
                                 "Last business day of the month", "Monthly on day 15",
                                 "Weekly on Mondays"), strict=True)]
    # 14-27 December: Mondays 14th and 21st (restocking), Tuesday 15th (the UCC review) and
    # Friday 18th (the count); Friday 25th is Christmas, so that count moves to Monday 28th,
    # after the range.
    due = calendar.due_items(demo_backend.db, P, lead, FIRST, LAST, kinds=frozenset(
        {"recurring"}), now=NOW)
    assert [(i.due_day, i.owner) for i in due] == [
        (date(2026, 12, 14), "clerk"), (date(2026, 12, 15), "senior"),
        (date(2026, 12, 18), ""), (date(2026, 12, 21), "clerk")]
