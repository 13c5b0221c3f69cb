"""Where the calendar's due items come from: one reading per source, each a single SQL query
(the inquiry clocks add two bulk reads of the candidates' history), cut by the range in SQL. The
inquiry, deposit, UCC and recurring reads run on indexes (ix_inquiries_queue, ix_office_days_date,
ucc_records.lapse_date, ix_recurring_tasks_active); filings, examinations and entities have no
index on the columns cut here (status, follow_up_on, expiry_date). ``domain.due_dates`` says
what an item is; this module only finds the rows and words them.

Which rows each source reads, and why:

* Inquiry clocks: inquiries still open or paused whose next clock (the stored ``due_at``, the
  queue's due column) falls before the range's end (index ``ix_inquiries_queue``), and, for open
  ones, not before its start; a paused inquiry's clocks move on while it waits, so all of them up
  to the end are read. Every clock is then recomputed from the history, as the queue does, and
  each running clock due in the range is an item; a paused clock is never overdue. An inquiry
  whose next clock ran out before the range is in the overdue list rather than again under its
  later clocks.
* Expedite filings: documents at an expedite level not yet decided (received or in review), due
  by their level's clock from ``received_at`` (the registry calendar's, as Mail Sort routes them).
* Holds: filings still on hold whose standing (newest) decision is the hold, due on its
  follow-up date. A hold always has one (Batch Review refuses a hold without it), and no profile
  has a period for holding a filing (``names.toml``'s hold period protects a cancelled entity's
  name, it is not a filing hold), so a hold without a date is not listed.
* UCC refusal notices: UCC filings whose standing decision is a refusal, due by the calendar's
  ``ucc_refusal_notice`` clock from receipt (Ohio: the close of the 2nd business day, ORC
  1309.520(B)), else the UCC rules' notice days. Other rejections have no statutory letter clock
  (Ohio has none for business filings; the office's ``rejection_letter`` clock runs on the
  inquiry that asks why, and shows as that inquiry's clock).
* Deposits: each closed office day's deposit (its newest close), due at ``deposit_due_at``.
* UCC lapses and continuation windows opening, for statements *watched*: linked to an inquiry
  still open or paused (a customer asked about the statement, or about one of its amendments),
  neither terminated nor without a lapse date. There is no watch flag on a UCC record; an open
  inquiry is the office's own record that someone is waiting on the statement. The item belongs
  to that inquiry's owner.
* Name reservations expiring (non-renewable terms), temporary foreign licences ending (foreign
  entity types with an expiry date) and trade or fictitious name renewals (renewable terms):
  active entities whose ``expiry_date`` falls in the range.

Recurring office work (occurrences of active tasks, less those marked done) is read in
``services.calendar`` with the rest of that work.
"""

from __future__ import annotations

import calendar as month_calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import aliased

from workstation.db.uow import UnitOfWork
from workstation.domain import due_dates as dd
from workstation.domain import inquiry_clocks, ucc
from workstation.domain.money import format_cents
from workstation.models import (
    Entity,
    Examination,
    Filing,
    Inquiry,
    InquiryEntry,
    InquiryLink,
    InquiryStatusChange,
    OfficeDay,
    UccRecord,
    User,
)
from workstation.services.profile import Profile

OPEN_INQUIRY = ("open", "paused")
UNDECIDED = ("received", "in_review")
_CHUNK = 500  # ids per IN list


@dataclass(frozen=True)
class Span:
    """The range asked for: office days ``first`` (None: no lower bound, for overdue work) to
    ``last``, as UTC instants [low, high); ``now`` decides what is overdue."""

    first: date | None
    last: date
    low: datetime | None
    high: datetime
    now: datetime

    @classmethod
    def of(cls, profile: Profile, first: date | None, last: date, now: datetime) -> Span:
        if now.tzinfo is None or now.utcoffset() is None:
            raise ValueError(f"a time-zone-aware datetime is required, not {now!r}")
        low, high = dd.day_bounds(profile.calendar, first or last, last)
        return cls(first, last, low if first is not None else None, high, now)

    def has_day(self, day: date) -> bool:
        return (self.first is None or self.first <= day) and day <= self.last

    def has(self, moment: datetime) -> bool:
        return (self.low is None or self.low <= moment) and moment < self.high

    def days_back(self, days: int) -> date | None:
        return None if self.first is None else self.first - timedelta(days=days)


def item(profile: Profile, kind: str, title: str, due: datetime, reference: str,
         owner: str | None, source_id: int, now: datetime, *, part: str = "",
         detail: str = "", day: date | None = None, overdue: bool | None = None) -> dd.DueItem:
    """One due item; ``overdue`` as ``due_dates.is_overdue`` says unless the source knows
    better (a paused inquiry clock)."""
    at = due.astimezone(UTC)
    return dd.DueItem(
        kind=kind, title=title, due_at=at,
        due_day=day if day is not None else dd.office_day(profile.calendar, at),
        reference=reference, owner=owner or "",
        overdue=dd.is_overdue(kind, at, now) if overdue is None else overdue,
        source_id=source_id, part=part, detail=detail)


def chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start:start + _CHUNK]


def _newest_decision() -> Any:
    """The condition "this examination is its filing's newest" (ix_examinations_filing)."""
    later = aliased(Examination)
    return ~exists().where(later.filing_id == Examination.filing_id, later.id > Examination.id)


# ---------------------------------------------------------------------- inquiries

def inquiry_clocks_due(uow: UnitOfWork, profile: Profile, span: Span,
                       owner_id: int | None, owner: str | None) -> list[dd.DueItem]:
    """Every running clock of the candidate inquiries that falls in the range."""
    found = uow.session.execute(_inquiry_query(span, owner_id, owner)).all()
    if not found:
        return []
    histories = _histories(uow, profile, {row.id: row.received_at for row in found})
    items = []
    for row in found:
        states = inquiry_clocks.clocks(profile.calendar, profile.inquiry, row.category,
                                       histories[row.id], span.now)
        for state in states:
            if state.running and span.has(state.due_at):
                what = row.subject or row.requester
                items.append(item(
                    profile, "inquiry_clock", f"{state.label}: {what}", state.due_at,
                    row.number, row.username, row.id, span.now, part=state.role,
                    detail=state.explanation, overdue=state.breached and not state.paused))
    return items


def _inquiry_query(span: Span, owner_id: int | None, owner: str | None) -> Any:
    iq = Inquiry
    when = [iq.due_at < span.high]
    if span.low is not None:
        when.append(or_(iq.due_at >= span.low, iq.status_kind == "paused"))
    query = (select(iq.id, iq.number, iq.category, iq.received_at, iq.subject, iq.requester,
                    User.username)
             .outerjoin(User, User.id == iq.owner_id)
             .where(iq.status_kind.in_(OPEN_INQUIRY), *when))
    if owner == "":
        query = query.where(iq.owner_id.is_(None))
    elif owner is not None:
        query = query.where(iq.owner_id == owner_id)
    return query.order_by(iq.due_at, iq.id)


def _histories(uow: UnitOfWork, profile: Profile,
               received: dict[int, datetime]) -> dict[int, inquiry_clocks.History]:
    """The clock inputs of many inquiries in two reads per chunk, read by the same rule as
    ``inquiries.history`` (``inquiry_clocks.history_of``), which reads one at a time."""
    ids = sorted(received)
    changes: dict[int, list[tuple[datetime, int, str]]] = {i: [] for i in ids}
    sent: dict[int, list[tuple[str, datetime, datetime | None]]] = {i: [] for i in ids}
    for part in chunks(ids):
        for sc in uow.session.execute(
                select(InquiryStatusChange.inquiry_id, InquiryStatusChange.at,
                       InquiryStatusChange.id, InquiryStatusChange.status)
                .where(InquiryStatusChange.inquiry_id.in_(part))):
            changes[sc.inquiry_id].append((sc.at, sc.id, sc.status))
        for entry in uow.session.execute(
                select(InquiryEntry.inquiry_id, InquiryEntry.channel, InquiryEntry.at,
                       InquiryEntry.mailed_at)
                .where(InquiryEntry.inquiry_id.in_(part), InquiryEntry.kind == "outbound")):
            sent[entry.inquiry_id].append((entry.channel, entry.at, entry.mailed_at))
    return {inquiry_id: inquiry_clocks.history_of(
                profile.inquiry, received[inquiry_id],
                [(at, status) for at, _, status in sorted(changes[inquiry_id])],
                sent[inquiry_id])
            for inquiry_id in ids}


# ---------------------------------------------------------------------- filings

def expedite_due(uow: UnitOfWork, profile: Profile, span: Span) -> list[dd.DueItem]:
    """Undecided expedite documents due by their level's clock in the range."""
    levels = {lv.code: lv.label for lv in profile.fees.levels
              if lv.code != "regular" and lv.code in profile.calendar.clocks}
    if not levels:
        return []
    query = (select(Filing.id, Filing.document_number, Filing.filing_type, Filing.service_level,
                    Filing.received_at, User.username)
             .outerjoin(User, User.id == Filing.examiner_id)
             .where(Filing.service_level.in_(sorted(levels)), Filing.status.in_(UNDECIDED),
                    Filing.received_at < span.high))
    since = span.days_back(_lookback_days(profile, levels))
    if since is not None:
        query = query.where(Filing.received_at >= dd.day_bounds(profile.calendar, since,
                                                                  since)[0])
    items = []
    for row in uow.session.execute(query.order_by(Filing.received_at, Filing.id)):
        due = profile.calendar.due(row.service_level, row.received_at)
        if due is None or not span.has(due.at):
            continue
        items.append(item(
            profile, "expedite", f"{levels[row.service_level]}: "
            f"{profile.filing_type_label(row.filing_type)}", due.at, row.document_number,
            row.username, row.id, span.now, detail=due.explanation))
    return items


def _lookback_days(profile: Profile, levels: Iterable[str]) -> int:
    """Calendar days before the range in which a filing due in it can have been received: the
    longest clock in business days (an hours clock counted as days), with weekends and a
    holiday season to spare."""
    longest = max(profile.calendar.clocks[code].amount for code in levels)
    return 3 * longest + 14


def hold_follow_ups(uow: UnitOfWork, profile: Profile, span: Span) -> list[dd.DueItem]:
    """Filings still on hold, due on the follow-up date of the hold that stands."""
    who = func.coalesce(Filing.examiner_id, Examination.decided_by)
    query = (select(Filing.id, Filing.document_number, Filing.filing_type,
                    Examination.follow_up_on, Examination.note, User.username)
             .join(Examination, Examination.filing_id == Filing.id)
             .outerjoin(User, User.id == who)
             .where(Examination.decision == "held", Examination.follow_up_on <= span.last,
                    Filing.status == "hold", _newest_decision()))
    if span.first is not None:
        query = query.where(Examination.follow_up_on >= span.first)
    items = []
    for row in uow.session.execute(query.order_by(Examination.follow_up_on, Filing.id)):
        day = row.follow_up_on
        items.append(item(
            profile, "hold_follow_up", f"Follow up the hold: "
            f"{profile.filing_type_label(row.filing_type)}", dd.day_end(profile.calendar, day),
            row.document_number, row.username, row.id, span.now, day=day, detail=row.note))
    return items


def refusal_notices(uow: UnitOfWork, profile: Profile, span: Span) -> list[dd.DueItem]:
    """UCC filings refused, due by the refusal notice's clock from receipt."""
    codes = sorted(t.code for t in profile.filing_types if t.service == "ucc")
    days = ucc.refusal_deadline_days(profile.ucc)
    query = (select(Filing.id, Filing.document_number, Filing.filing_type, Filing.received_at,
                    User.username)
             .join(Examination, Examination.filing_id == Filing.id)
             .outerjoin(User, User.id == Examination.decided_by)
             .where(Filing.filing_type.in_(codes), Filing.status == "rejected",
                    Examination.decision == "rejected", _newest_decision(),
                    Filing.received_at < span.high))
    since = span.days_back(3 * days + 14)  # n business days never span more calendar days
    if since is not None:
        query = query.where(Filing.received_at >= dd.day_bounds(profile.calendar, since,
                                                                  since)[0])
    items = []
    for row in uow.session.execute(query.order_by(Filing.received_at, Filing.id)):
        due_at, why = _refusal_due(profile, row.received_at, days)
        if span.has(due_at):
            items.append(item(
                profile, "rejection_letter",
                f"Refusal notice: {profile.filing_type_label(row.filing_type)}", due_at,
                row.document_number, row.username, row.id, span.now, detail=why))
    return items


def _refusal_due(profile: Profile, received: datetime, days: int) -> tuple[datetime, str]:
    """The calendar's ``ucc_refusal_notice`` clock, or the close of the ``days``-th business
    day after receipt when the calendar has none."""
    calendar = profile.calendar
    if "ucc_refusal_notice" in calendar.clocks:
        due = calendar.due("ucc_refusal_notice", received)
        if due is not None:
            return due.at, due.explanation
    day = calendar.normalise_received(received).date()
    for _ in range(days):
        day = calendar.next_business_day(day)
    return calendar.closing(day), f"{days} business days after receipt (UCC rules)"


# ---------------------------------------------------------------------- money

def deposits_due(uow: UnitOfWork, profile: Profile, span: Span) -> list[dd.DueItem]:
    """Each closed day's deposit (its newest close), due by the profile's deposit rule."""
    rule = profile.teller.deposit
    later = aliased(OfficeDay)
    query = (select(OfficeDay.id, OfficeDay.business_date, OfficeDay.deposit_number,
                    OfficeDay.deposit_due_at, OfficeDay.cash_cents, OfficeDay.checks_cents,
                    OfficeDay.check_count, User.username)
             .outerjoin(User, User.id == OfficeDay.closed_by)
             .where(OfficeDay.business_date <= span.last,
                    OfficeDay.deposit_due_at < span.high,
                    ~exists().where(later.business_date == OfficeDay.business_date,
                                    later.id > OfficeDay.id)))
    since = span.days_back(3 * rule.days + 14)
    if since is not None and span.low is not None:
        query = query.where(OfficeDay.business_date >= since,
                            OfficeDay.deposit_due_at >= span.low)
    items = []
    for row in uow.session.execute(query.order_by(OfficeDay.deposit_due_at, OfficeDay.id)):
        total = row.cash_cents + row.checks_cents
        items.append(item(
            profile, "deposit", f"Deposit of {row.business_date:%a %d %b %Y} to {rule.payee}",
            row.deposit_due_at, row.deposit_number, row.username, row.id, span.now,
            detail=f"{format_cents(total)}: cash {format_cents(row.cash_cents)}, "
            f"{row.check_count} check(s) {format_cents(row.checks_cents)}; {rule.source}"))
    return items


# ---------------------------------------------------------------------- UCC

def ucc_watched(uow: UnitOfWork, profile: Profile, span: Span) -> list[dd.DueItem]:
    """Lapses and continuation windows opening of statements an open inquiry waits on."""
    first = span.first or span.last
    months = profile.ucc.continuation_window_months
    # The window opens ``months`` before the lapse (a shorter month's last day): the lapse
    # dates whose window opens in the range lie within these bounds (checked exactly below).
    opens_low = _months_after(first, months) - timedelta(days=4)
    opens_high = _months_after(span.last, months) + timedelta(days=4)
    linked, initial = aliased(UccRecord), aliased(UccRecord)
    ended = aliased(UccRecord)
    lapse = initial.lapse_date
    if span.first is not None:
        in_range = or_(lapse.between(first, span.last), lapse.between(opens_low, opens_high))
    else:
        in_range = lapse <= opens_high
    query = (select(initial.id, initial.file_number, lapse, Inquiry.id.label("inquiry_id"),
                    Inquiry.number, User.username)
             .select_from(InquiryLink)
             .join(Inquiry, Inquiry.id == InquiryLink.inquiry_id)
             .join(linked, linked.id == InquiryLink.target_id)
             .join(initial, initial.id == func.coalesce(linked.initial_id, linked.id))
             .outerjoin(User, User.id == Inquiry.owner_id)
             .where(InquiryLink.kind == "ucc", Inquiry.status_kind.in_(OPEN_INQUIRY),
                    initial.record_type == "initial", lapse.is_not(None),
                    in_range,
                    ~exists().where(ended.initial_id == initial.id,
                                    ended.record_type == "termination"))
             .order_by(initial.id, Inquiry.id))
    seen: set[int] = set()
    items = []
    for row in uow.session.execute(query):
        if row.id in seen:
            continue  # watched by several inquiries: the oldest one's owner has it
        seen.add(row.id)
        items.extend(_ucc_items(profile, span, row))
    return items


def _ucc_items(profile: Profile, span: Span, row: Any) -> list[dd.DueItem]:
    calendar, lapse = profile.calendar, row.lapse_date
    opens, _ = ucc.continuation_window(lapse, profile.ucc)
    watch = f"watched by inquiry {row.number}"
    found = []
    if span.has_day(lapse):
        found.append(item(profile, "ucc_lapse", f"Lapses at the end of the day: UCC "
                           f"{row.file_number}", dd.day_end(calendar, lapse), row.file_number,
                           row.username, row.id, span.now, part="lapse", day=lapse,
                           detail=f"Lapse date {lapse:%d %b %Y}; {watch}"))
    if span.has_day(opens):
        found.append(item(profile, "ucc_continuation", f"Continuation window opens: UCC "
                           f"{row.file_number}", dd.day_start(calendar, opens), row.file_number,
                           row.username, row.id, span.now, part=f"window-{lapse.isoformat()}",
                           day=opens, detail=f"A continuation may be filed from {opens:%d %b %Y}"
                           f" to {lapse:%d %b %Y} (9-515(d)); {watch}"))
    return found


def _months_after(day: date, months: int) -> date:
    """The same day ``months`` later, or that month's last day when it is shorter."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, month_calendar.monthrange(year, month + 1)[1]))


# ---------------------------------------------------------------------- the register

def register_expiries(uow: UnitOfWork, profile: Profile, span: Span) -> list[dd.DueItem]:
    """Reservations expiring, temporary foreign licences ending, trade names to renew."""
    kinds = _expiry_kinds(profile)
    if not kinds:
        return []
    query = (select(Entity.id, Entity.number, Entity.name, Entity.entity_type,
                    Entity.expiry_date)
             .where(Entity.entity_type.in_(sorted(kinds)), Entity.status == "active",
                    Entity.expiry_date <= span.last))
    if span.first is not None:
        query = query.where(Entity.expiry_date >= span.first)
    words = {"reservation_expiry": "Name reservation expires",
             "licence_end": "Temporary licence ends",
             "trade_name_renewal": "Renewal due"}
    items = []
    for row in uow.session.execute(query.order_by(Entity.expiry_date, Entity.id)):
        kind, day = kinds[row.entity_type], row.expiry_date
        items.append(item(
            profile, kind, f"{words[kind]}: {row.name}", dd.day_end(profile.calendar, day),
            row.number, "", row.id, span.now, day=day,
            detail=f"{profile.entity_type_label(row.entity_type)}; "
            f"expires {day:%d %b %Y}"))
    return items


def _expiry_kinds(profile: Profile) -> dict[str, str]:
    """Entity type -> the kind of item its expiry date makes."""
    kinds = {}
    for code in profile.entity_types.codes:
        kind = profile.entity_types.get(code)
        if kind.term is not None:
            kinds[code] = "trade_name_renewal" if kind.term.renewable else "reservation_expiry"
        elif not kind.domestic:
            kinds[code] = "licence_end"  # only a temporary licence carries an expiry date
    return kinds
