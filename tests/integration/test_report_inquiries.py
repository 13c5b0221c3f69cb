"""The "Inquiry service" report on both databases: every figure against an independent count of
a week of inquiries written as the services write them (the inbound entry, the answers, the
status history, the stored clocks), plus inquiries logged and answered through the services
today. The expectations are counted here in plain Python from the fixture's own list, and the
business hours measured with the office calendar's own ``business_time_between``."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction

import pytest
from sqlalchemy import select

from tests.helpers import demo_password
from workstation.domain import inquiry_clocks
from workstation.errors import PermissionDenied, UserError
from workstation.models import Inquiry, InquiryEntry, InquiryStatusChange
from workstation.models.types import utcnow
from workstation.services import auth, inquiries, inquiry_answers, inquiry_read, profile
from workstation.services.dto import Actor
from workstation.services.inquiry_dto import NewInquiry
from workstation.services.report_dto import Report, Tenths, share_text
from workstation.services.report_inquiries import inquiry_report
from workstation.startup import Backend

P = profile.load()
Z = P.calendar.zone
FIRST, LAST = date(2026, 11, 9), date(2026, 11, 13)  # Mon to Fri; Wed 11 is Veterans Day
CHANNELS = [c.code for c in P.inquiry.channels]
CATEGORIES = [c.code for c in P.inquiry.categories]


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=Z)


@dataclass(frozen=True)
class Spec:
    """One inquiry of the fixture: when it was received, what went out (channel, written,
    mailed, template) and its status changes after the initial ``new``."""

    name: str
    channel: str
    category: str
    received: datetime
    sent: tuple[tuple[str, datetime, datetime | None, str | None], ...] = ()
    statuses: tuple[tuple[datetime, str], ...] = ()
    merged_into: str | None = None


SPECS = (
    # A letter's holding reply, mailed at the close; resolved Thursday noon.
    Spec("A", "mail", "status_of_filing", at(9, 9),
         sent=(("mail", at(9, 10), at(9, 17), "acknowledgement"),),
         statuses=((at(9, 10), "answered"), (at(12, 12), "resolved"))),
    Spec("B", "email", "status_of_filing", at(10, 14),
         sent=(("email", at(10, 15, 30), None, "general"),), statuses=((at(10, 15, 30),
                                                                        "answered"),)),
    # A phone complaint closed with no written reply, 20 minutes later.
    Spec("C", "phone", "complaint", at(12, 16),
         statuses=((at(12, 16, 20), "closed_no_follow_up"),)),
    Spec("D", "email", "complaint", at(13, 9),
         sent=(("email", at(13, 9, 30), None, "complaint_acknowledgement"),),
         statuses=((at(13, 9, 30), "answered"),)),
    # Nothing done since Monday 8:00: the acknowledge clock has run out.
    Spec("E", "mail", "rejection_question", at(9, 8), statuses=((at(9, 9), "open"),)),
    # A letter written but not mailed: no response yet.
    Spec("F", "mail", "copy_request", at(10, 10),
         sent=(("mail", at(10, 11), None, "copies_fee_due"),),
         statuses=((at(10, 11), "answered"),)),
    # A voicemail left is not a response; waiting on the customer since.
    Spec("G", "phone", "other", at(12, 10), sent=(("voicemail", at(12, 11), None, None),),
         statuses=((at(12, 11), "waiting_on_customer"),)),
    # A duplicate of B merged into it: counted once, in B.
    Spec("H", "email", "other", at(10, 9), statuses=((at(10, 16), "merged"),),
         merged_into="B"),
    # The range's edges: Friday 23:59 and Monday 00:00 are in; Saturday 00:00 and Sunday 23:59
    # are out.
    Spec("I", "walk_in", "other", at(13, 23, 59),
         statuses=((at(16, 8, 30), "closed_no_follow_up"),)),
    Spec("J", "walk_in", "other", at(14, 0), statuses=((at(16, 9), "closed_no_follow_up"),)),
    Spec("K", "fax", "other", at(8, 23, 59)),
    Spec("L", "fax", "other", at(9, 0)),
    # Waiting on the customer since Monday: its stored due time has passed, but a paused clock
    # has not run out.
    Spec("M", "mail", "other", at(9, 9), statuses=((at(9, 9, 30), "waiting_on_customer"),)),
    # Resolved, reopened the next hour, resolved again on Thursday: resolved at the last close.
    Spec("N", "web_form", "other", at(10, 9), statuses=(
        (at(10, 10), "resolved"), (at(10, 11), "open"), (at(12, 9), "resolved"))),
)


def person(backend: Backend, who: str) -> Actor:
    return auth.sign_in(backend.db, backend.policy, who, demo_password(who))


def last_change(spec: Spec) -> datetime:
    return max([spec.received, *(t for t, _ in spec.statuses), *(w for _, w, _, _ in spec.sent),
                *(m for _, _, m, _ in spec.sent if m is not None)])


def build(backend: Backend) -> None:
    """The fixture's rows, as the services write them, with their clocks stored as they were
    worked out at the inquiry's last change (the services recompute them at each change)."""
    with backend.db.uow() as uow:
        rows: dict[str, Inquiry] = {}
        for spec in SPECS:
            status = spec.statuses[-1][1] if spec.statuses else "new"
            kind = P.inquiry.status(status).kind
            row = Inquiry(number=inquiries.inquiry_number(uow), channel=spec.channel,
                          arrived_at=spec.received, received_at=spec.received,
                          requester=f"Requester {spec.name}", category=spec.category,
                          status=status, status_kind=kind, priority=5, subject=spec.name,
                          last_activity_at=spec.received,
                          closed_at=spec.statuses[-1][0] if kind == "done" else None)
            uow.session.add(row)
            uow.session.flush()
            rows[spec.name] = row
            uow.session.add(InquiryStatusChange(inquiry_id=row.id, at=spec.received,
                                                status="new", reason="received"))
            uow.session.add(InquiryEntry(inquiry_id=row.id, kind="inbound",
                                         channel=spec.channel, at=spec.received, body="?"))
            for channel, written, mailed, template in spec.sent:
                uow.session.add(InquiryEntry(
                    inquiry_id=row.id, kind="outbound", channel=channel, at=written,
                    body="answer", template=template, mailed_at=mailed,
                    mailed_on=mailed.date() if mailed else None))
            for moment, code in spec.statuses:
                uow.session.add(InquiryStatusChange(inquiry_id=row.id, at=moment, status=code))
        uow.session.flush()
        for spec in SPECS:
            if spec.merged_into:
                rows[spec.name].merged_into_id = rows[spec.merged_into].id
            inquiries.recompute(uow, P, rows[spec.name], last_change(spec))
        uow.commit()


# ---------------------------------------------------------------------- the independent count

def hours(start: datetime, end: datetime) -> int:
    """Business time in tenths of an hour, rounded half up, by the calendar's own walk."""
    micros = P.calendar.business_time_between(start, end) // timedelta(microseconds=1)
    return math.floor(Fraction(micros * 10, 3_600_000_000) + Fraction(1, 2))


def rank(values: list[int], percent: int) -> int | None:
    ordered = sorted(values)
    return ordered[max(1, math.ceil(len(ordered) * percent / 100)) - 1] if ordered else None


def sent_at(channel: str, written: datetime, mailed: datetime | None) -> datetime | None:
    return mailed if channel == "mail" else written


def events(spec: Spec) -> tuple[datetime | None, datetime | None]:
    """(first response, finished) of a fixture inquiry, from its own list: finished is its
    last status when that is a finished one."""
    replies = [t for ch, w, m, _ in spec.sent if ch in P.inquiry.response_channels
               and (t := sent_at(ch, w, m)) is not None]
    last = spec.statuses[-1] if spec.statuses else None
    finished = last[0] if last and P.inquiry.status(last[1]).kind == "done" else None
    return min([*replies, *([finished] if finished else [])], default=None), finished


def breached(spec: Spec, now: datetime) -> bool:
    outbound = [t for ch, w, m, _ in spec.sent if (t := sent_at(ch, w, m)) is not None]
    replies = [t for ch, w, m, _ in spec.sent if ch in P.inquiry.response_channels
               and (t := sent_at(ch, w, m)) is not None]
    history = inquiry_clocks.History(
        received_at=spec.received,
        statuses=(inquiry_clocks.StatusChange(spec.received, "new"),
                  *(inquiry_clocks.StatusChange(t, c) for t, c in spec.statuses)),
        first_outbound_at=min(outbound, default=None),
        first_response_at=min(replies, default=None),
        done_at=min((t for t, c in spec.statuses if P.inquiry.status(c).kind == "done"),
                    default=None))
    return any(c.breached for c in inquiry_clocks.clocks(P.calendar, P.inquiry, spec.category,
                                                         history, now))


def chosen(first: date, last: date, channel: str | None = None,
           category: str | None = None) -> list[Spec]:
    start = datetime(first.year, first.month, first.day, tzinfo=Z)
    end = datetime(last.year, last.month, last.day, tzinfo=Z) + timedelta(days=1)
    return [s for s in SPECS if s.merged_into is None and start <= s.received < end
            and channel in (None, s.channel) and category in (None, s.category)]


def expected_cells(specs: list[Spec], categories: list[str], now: datetime) -> list[object]:
    responses = [hours(s.received, e) for s in specs if (e := events(s)[0]) is not None]
    resolutions = [hours(s.received, e) for s in specs if (e := events(s)[1]) is not None]
    late = sum(breached(s, now) for s in specs)
    holding = sum(1 for s in specs for *_, t in s.sent
                  if t in ("acknowledgement", "complaint_acknowledgement"))
    still_open = sum(1 for s in specs
                     if P.inquiry.status(s.statuses[-1][1] if s.statuses else "new").kind
                     != "done")
    tenths = [rank(v, p) for v in (responses, resolutions) for p in (50, 90)]
    return [len(specs), *(sum(1 for s in specs if s.category == c) for c in categories),
            len(responses), *(None if t is None else Tenths(t, "h") for t in tenths[:2]),
            len(resolutions), *(None if t is None else Tenths(t, "h") for t in tenths[2:]),
            late, share_text(late, len(specs)), still_open, holding]


def check(report: Report, first: date, last: date, *, channel: str | None = None,
          category: str | None = None) -> None:
    now = utcnow()
    channels = [channel] if channel else CHANNELS
    categories = [category] if category else CATEGORIES
    assert [c.key for c in report.columns] == [
        "channel", "received", *(f"cat:{c}" for c in categories), "answered",
        "response_median", "response_p90", "resolved", "resolution_median", "resolution_p90",
        "breached", "breached_share", "open", "holding"]
    assert [r[0] for r in report.rows] == [P.inquiry.channel(c).label for c in channels]
    for code, row in zip(channels, report.rows, strict=True):
        assert list(row[1:]) == expected_cells(chosen(first, last, code, category), categories,
                                               now), code
    assert report.totals is not None
    assert list(report.totals[1:]) == expected_cells(chosen(first, last, channel, category),
                                                     categories, now)


# ---------------------------------------------------------------------- the tests

def test_every_figure_matches_an_independent_count(demo_backend: Backend) -> None:
    build(demo_backend)
    report = inquiry_report(demo_backend.db, P, person(demo_backend, "lead"), FIRST, LAST)
    check(report, FIRST, LAST)
    names = sorted(s.name for s in chosen(FIRST, LAST))
    assert names == ["A", "B", "C", "D", "E", "F", "G", "I", "L", "M", "N"]  # not H, J, K
    # A few by hand: A's letter mailed at Monday's close, 8 h after receipt, and resolved on
    # Thursday at noon (Mon 8 h + Tue 9 h + Thu 4 h: Veterans Day does not count); C closed
    # 20 minutes after the call; I received Friday 23:59, closed Monday 8:30.
    mail = report.rows[0]
    at_ = report.column
    assert mail[at_("received")] == 4 and mail[at_("answered")] == 1
    assert mail[at_("open")] == 3  # E, F and M
    assert mail[at_("response_median")] == Tenths(80, "h")
    assert mail[at_("resolution_median")] == Tenths(210, "h")
    assert mail[at_("breached")] == 2 and mail[at_("holding")] == 1  # E and F ran out; not M
    phone = report.rows[CHANNELS.index("phone")]
    assert phone[at_("response_median")] == Tenths(3, "h")
    assert phone[at_("open")] == 1  # G, waiting on the customer
    walk_in = report.rows[CHANNELS.index("walk_in")]
    assert walk_in[at_("received")] == 1 and walk_in[at_("resolution_median")] == Tenths(5, "h")
    figures = {f.label: f.value for f in report.figures}
    total = report.totals
    assert total is not None
    assert figures["Inquiries received"] == "11"
    assert figures["Holding replies sent"] == "2"
    late = total[at_("breached")]
    assert isinstance(late, int)
    assert figures["Clock breached"] == f"{share_text(late, 11)} ({late} of 11)"
    web = report.rows[CHANNELS.index("web_form")]  # N: Tue 9:00 to Thu 9:00, the holiday out
    assert web[at_("resolution_median")] == Tenths(90, "h") and web[at_("open")] == 0
    median, p90 = total[at_("response_median")], total[at_("response_p90")]
    assert isinstance(median, Tenths) and isinstance(p90, Tenths)
    assert figures["First response, median / 90th percentile"] == \
        f"{median.tenths // 10}.{median.tenths % 10} h / {p90.tenths // 10}.{p90.tenths % 10} h"
    assert figures["Still open"] == str(total[at_("open")])
    assert [c.kind for c in report.charts] == ["bar", "stacked"]
    assert report.charts[1].series == tuple(f"cat:{c}" for c in CATEGORIES)
    assert report.name == "inquiries" and report.made_by == "lead" and report.filters == ()


def test_the_range_edges_are_office_midnights(demo_backend: Backend) -> None:
    build(demo_backend)
    lead = person(demo_backend, "lead")
    friday = inquiry_report(demo_backend.db, P, lead, LAST, LAST)
    check(friday, LAST, LAST)
    assert friday.totals is not None and friday.totals[1] == 2  # D, and I at 23:59
    saturday = inquiry_report(demo_backend.db, P, lead, date(2026, 11, 14),
                              date(2026, 11, 14))
    assert saturday.totals is not None and saturday.totals[1] == 1  # J at 00:00
    monday = inquiry_report(demo_backend.db, P, lead, FIRST, FIRST)
    assert monday.totals is not None and monday.totals[1] == 4  # A, E, M and L at 00:00; not K


def test_filters_narrow_the_rows_and_the_columns(demo_backend: Backend) -> None:
    build(demo_backend)
    lead = person(demo_backend, "lead")
    by_channel = inquiry_report(demo_backend.db, P, lead, FIRST, LAST, channel="email")
    check(by_channel, FIRST, LAST, channel="email")
    assert by_channel.filters == (("Channel", "E-mail"),)
    assert by_channel.totals is not None and by_channel.totals[1] == 2  # B and D; H merged
    by_label = inquiry_report(demo_backend.db, P, lead, FIRST, LAST, category="Complaint")
    check(by_label, FIRST, LAST, category="complaint")
    assert by_label.filters == (("Category", "Complaint"),)
    with pytest.raises(UserError) as refused:
        inquiry_report(demo_backend.db, P, lead, FIRST, LAST, channel="pigeon")
    assert refused.value.field == "channel"
    with pytest.raises(UserError) as refused:
        inquiry_report(demo_backend.db, P, lead, FIRST, LAST, category="gossip")
    assert refused.value.field == "category"
    with pytest.raises(UserError) as refused:
        inquiry_report(demo_backend.db, P, lead, LAST, FIRST)
    assert refused.value.field == "range"


def test_an_empty_range_has_no_times(demo_backend: Backend) -> None:
    build(demo_backend)
    report = inquiry_report(demo_backend.db, P, person(demo_backend, "lead"),
                            date(2026, 10, 5), date(2026, 10, 9))
    check(report, date(2026, 10, 5), date(2026, 10, 9))
    assert report.totals is not None and report.totals[1] == 0
    figures = {f.label: f.value for f in report.figures}
    assert figures["First response, median / 90th percentile"] == "—"
    assert figures["Clock breached"] == "— (0 of 0)"


def test_a_clerk_may_not_run_it(demo_backend: Backend) -> None:
    with pytest.raises(PermissionDenied):
        inquiry_report(demo_backend.db, P, person(demo_backend, "clerk"), FIRST, LAST)
    inquiry_report(demo_backend.db, P, person(demo_backend, "supervisor"), FIRST, LAST)


def test_what_the_services_record_today_is_counted(demo_backend: Backend) -> None:
    db, clerk = demo_backend.db, person(demo_backend, "clerk")
    counter, _ = inquiries.log_contact(db, P, clerk, NewInquiry(
        channel="walk_in", requester="Pat Walker", text="Asked for the fee of a certificate.",
        category="certificate_request", answered_at_counter=True))
    written, _ = inquiries.log_contact(db, P, clerk, NewInquiry(
        channel="email", requester="Jane Public", text="Where are my articles?",
        category="status_of_filing", contact="jane@example.org"))
    answer = inquiry_answers.draft(db, P, clerk, written, "acknowledgement")
    seen = inquiry_read.detail(db, P, clerk, written).last_entry_id
    inquiry_answers.send(db, P, clerk, written, answer, channel="email", seen_entry_id=seen,
                         idempotency_key="report-1")
    today = utcnow().astimezone(Z).date()
    report = inquiry_report(db, P, person(demo_backend, "lead"), today, today)
    with db.uow(read_only=True) as uow:  # the times as stored, measured by the calendar
        received = {i: uow.session.get(Inquiry, i).received_at  # type: ignore[union-attr]
                    for i in (counter, written)}
        closed = uow.session.get(Inquiry, counter).closed_at  # type: ignore[union-attr]
        replied = uow.session.execute(select(InquiryEntry.at).where(
            InquiryEntry.inquiry_id == written, InquiryEntry.kind == "outbound")).scalar()
    assert closed is not None and replied is not None
    responses = sorted([hours(received[counter], closed), hours(received[written], replied)])
    total = report.totals
    assert total is not None
    col = report.column
    assert (total[col("received")], total[col("answered")], total[col("resolved")],
            total[col("holding")], total[col("open")]) == (2, 2, 1, 1, 1)
    assert total[col("response_median")] == Tenths(responses[0], "h")
    assert total[col("response_p90")] == Tenths(responses[1], "h")
    assert total[col("resolution_median")] == Tenths(hours(received[counter], closed), "h")
    assert total[col("cat:certificate_request")] == 1
