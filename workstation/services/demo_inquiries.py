"""Demonstration inquiries for the Inquiry Queue, deterministic from a seed.

``large`` is the issue's scale (500,000 inquiries with 3 million thread entries), ``small`` what
the demo app and the tests get. Rows are made in Python and bulk-loaded (db/bulk.py) in batches,
with the inquiry tables' secondary indexes dropped and built again afterwards.

Every inquiry has a history a clerk could have made with the services: the inbound entry at
arrival (status ``new``), clerk notes and phone notes, answers by letter or e-mail (``answered``,
as ``inquiry_answers.send`` sets it; a letter counts from its mailing day's closing, as
``mark_mailed`` records a past day), waiting on the customer and the customer's reply (``open``
again, as ``add_note`` sets it), and for 85 % a finishing status with ``closed_at``. Times are
whole business hours (an hour's start inside the office's frames) over the last seven years up to
``NOW``; an e-mail, voicemail or fax may have arrived overnight and be received at the opening.

The stored ``due_at`` and ``breached`` are what ``inquiries.recompute`` gives at ``NOW`` for that
history: they come from ``inquiry_clocks.clocks`` itself, run on the History the rows describe
(as ``inquiries.history`` reads it back), on a copy of the office calendar that remembers its
base due times: a pure function of (clock, received), with some 80,000 distinct pairs against two
million look-ups at the large size, and most of the clocks' cost. Results are also remembered
per distinct history (the key holds everything ``clocks`` reads), though few histories repeat.
A phone call back is a phone note, as the services record it, and stops no clock.
"""

from __future__ import annotations

import copy
import math
import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NamedTuple

from sqlalchemy import Engine, Table, func, insert, select, update

from workstation.db import bulk
from workstation.domain import inquiry_clocks
from workstation.domain.calendar import Due, OfficeCalendar
from workstation.models import (
    Entity,
    Filing,
    Inquiry,
    InquiryEntry,
    InquiryLink,
    InquiryStatusChange,
    NumberSeries,
    User,
)
from workstation.services import demo_names
from workstation.services.demo_inquiry_threads import Changes, Entries, final_status, plan_thread
from workstation.services.demo_registry import FIRST_NUMBER, TODAY, Progress
from workstation.services.profile import Profile


class InquirySize(NamedTuple):
    inquiries: int
    entries: int  # about: each inquiry has 1 to 12 entries, averaging entries / inquiries


SIZES = {"small": InquirySize(2_000, 12_000), "large": InquirySize(500_000, 3_000_000)}
NOW = datetime.combine(TODAY, time(12), UTC)  # the clocks are stored as they stand at NOW
YEARS = 7
SERIES = "inquiry"
CHANNEL_MIX = (("mail", 0.35), ("email", 0.30), ("phone", 0.20), ("walk_in", 0.08),
               ("fax", 0.04), ("voicemail", 0.02), ("web_form", 0.01))
CATEGORY_MIX = (("status_of_filing", 0.28), ("rejection_question", 0.09),
                ("certificate_request", 0.14), ("copy_request", 0.12),
                ("records_retrieval", 0.06), ("ucc_search", 0.06), ("apostille", 0.08),
                ("minister_licence", 0.03), ("election_question", 0.04), ("complaint", 0.03),
                ("other", 0.07))
DONE_SHARE = 0.85
OWNED_SHARE = 0.60  # of the inquiries still open
OWNERS = ("clerk", "senior", "lead")  # the demo users who work the queue
ENTITY_LINK_SHARE = 0.30
FILING_LINK_SHARE = 0.05
MAX_ENTRIES = 12
BATCH = 10_000  # inquiries made and loaded at a time
COUNTER_CHANNELS = ("phone", "walk_in")  # answered there and then, closed at once
OVERNIGHT_CHANNELS = ("email", "web_form", "voicemail", "fax")  # may arrive while closed

INQUIRY_COLUMNS = ("id", "number", "channel", "arrived_at", "received_at", "requester",
                   "category", "status", "summary", "owner_id", "subject", "requester_contact",
                   "requester_address", "status_kind", "priority", "claimed_at",
                   "last_activity_at", "due_at", "breached", "closed_at", "merged_into_id",
                   "version", "created_at", "updated_at")
ENTRY_COLUMNS = ("id", "inquiry_id", "kind", "channel", "at", "author_id", "subject", "body",
                 "template", "mailed_on", "mailed_at", "notes")
STATUS_COLUMNS = ("id", "inquiry_id", "at", "status", "changed_by", "reason")
LINK_COLUMNS = ("id", "inquiry_id", "kind", "target_id", "added_at", "added_by")
TABLES: tuple[Table, ...] = (Inquiry.__table__, InquiryEntry.__table__,  # type: ignore[assignment]
                             InquiryStatusChange.__table__, InquiryLink.__table__)

SUBJECTS = {
    "status_of_filing": "Where is my filing?",
    "rejection_question": "Why was my filing rejected?",
    "certificate_request": "Certificate of good standing",
    "copy_request": "Certified copies",
    "records_retrieval": "Old records for a company",
    "ucc_search": "UCC search request",
    "apostille": "Apostille for a document",
    "minister_licence": "Minister licence",
    "election_question": "Question about elections",
    "complaint": "Complaint about service",
    "other": "A question",
}
QUESTIONS = {
    "status_of_filing": "I sent articles of organization for charter {charter} some time ago "
                        "and have not heard back. Can you tell me where the filing stands?",
    "rejection_question": "My filing for charter {charter} came back rejected and I do not "
                          "understand the reason given. What do I change before sending it "
                          "again?",
    "certificate_request": "Please send a certificate of good standing for charter {charter}. "
                           "I can pay by check.",
    "copy_request": "I need certified copies of every document filed for charter {charter}.",
    "records_retrieval": "Could you look up what was filed for charter {charter} in the early "
                         "2000s?",
    "ucc_search": "Please run a UCC search on the debtor {last} and send the results.",
    "apostille": "I need an apostille on a birth certificate for use abroad. What do I send?",
    "minister_licence": "How does a minister register to perform marriages in Ohio?",
    "election_question": "Where do I find the campaign finance reports for my county?",
    "complaint": "I waited two weeks and nobody called me back about charter {charter}.",
    "other": "I have a question about the forms on your web site.",
}
ANSWERS = {
    "status_of_filing": "Your filing for charter {charter} was received and is being reviewed "
                        "in the order received; you will have it within the posted time.",
    "rejection_question": "The document for charter {charter} was returned because the "
                          "statutory agent's signature was missing. Sign page 2 and send it "
                          "again; no new fee is due.",
    "certificate_request": "The certificate for charter {charter} is enclosed.",
    "copy_request": "The copies for charter {charter} are ready; the fee is shown below.",
}
TEMPLATES = {"status_of_filing": "filing_status", "rejection_question": "rejection",
             "copy_request": "copies_fee_due", "complaint": "complaint_acknowledgement"}
NOTES = ("Checked the filing queue: still in review.", "Asked a senior clerk to look at it.",
         "Pulled the microfilm index for the older documents.", "Fee not yet received.",
         "Duplicate of an earlier call; same requester.", "Waiting for the examiner's notes.")
PHONE_NOTES = ("Called the requester back, left a message.", "Spoke with the requester; "
               "explained the process.", "Requester called to check on progress.")
CUSTOMER = ("Thank you. One more question: how long does the certificate take?",
            "Here is the information you asked for.", "I still have not received anything.")

@dataclass(frozen=True)
class _Start:
    """Where the load continues: the next id of each table and the next inquiry number."""

    inquiry_id: int
    entry_id: int
    status_id: int
    link_id: int
    number: int
    owners: tuple[int, ...]
    entities: int  # highest entity id (links are made to 1..entities)
    filings: int


def remembering(calendar: OfficeCalendar) -> OfficeCalendar:
    """A copy of ``calendar`` whose ``due`` remembers its answers. A clock's base due time is a
    pure function of (clock, received); everything else is the calendar's own code."""
    clone = copy.copy(calendar)
    known: dict[tuple[str, datetime], Due | None] = {}

    def due(level: str, received: datetime) -> Due | None:
        key = (level, received)
        if key not in known:
            known[key] = calendar.due(level, received)
        return known[key]

    object.__setattr__(clone, "due", due)
    return clone


def business_hours(calendar: OfficeCalendar, first: date, now: datetime
                   ) -> tuple[list[datetime], list[bool]]:
    """Every whole hour inside the office's frames from ``first`` to before ``now`` (UTC), and
    for each whether it is the day's opening."""
    slots: list[datetime] = []
    opening: list[bool] = []
    day, last = first, now.astimezone(calendar.zone).date()
    while day <= last:
        first_of_day = True
        for begin, end in calendar.frames(day):
            hour = begin.replace(minute=0, second=0, microsecond=0)
            if hour < begin:
                hour += timedelta(hours=1)
            while hour < end:
                moment = hour.astimezone(UTC)
                if moment < now:
                    slots.append(moment)
                    opening.append(first_of_day and hour == begin)
                first_of_day = False
                hour += timedelta(hours=1)
        day += timedelta(days=1)
    return slots, opening


def entry_weights(average: float) -> list[float]:
    """Weights of 1..12 entries (a bell around a centre) whose mean is ``average``."""
    target = min(max(average, 1.0), float(MAX_ENTRIES))

    def weights(centre: float) -> list[float]:
        return [math.exp(-((k - centre) ** 2) / 8.0) for k in range(1, MAX_ENTRIES + 1)]

    def mean(centre: float) -> float:
        w = weights(centre)
        return sum(k * x for k, x in zip(range(1, MAX_ENTRIES + 1), w, strict=True)) / sum(w)

    low, high = -20.0, 32.0
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if mean(middle) < target else (low, middle)
    return weights((low + high) / 2)


def _mix(codes: Sequence[str], mix: tuple[tuple[str, float], ...]) -> tuple[list[str], list[float]]:
    """The profile's codes with their shares (a code the mix does not name gets a little)."""
    shares = dict(mix)
    chosen = [c for c in codes if shares.get(c, 0.01) > 0]
    weights = [shares.get(c, 0.01) for c in chosen]
    total, cumulative = 0.0, []
    for w in weights:
        total += w
        cumulative.append(total)
    return chosen, cumulative


@dataclass
class _Case:
    """One inquiry being made: what its rows share, and what the clocks read from them."""

    inquiry_id: int
    at: int  # the slot it was received in
    arrived: datetime
    channel: str
    category: str
    subject: str
    question: str
    words: dict[str, object]
    worker: int | None  # the demo user who works it
    reply_channel: str
    first_outbound: datetime | None = None
    first_response: datetime | None = None
    first_action: datetime | None = None  # the first thing a clerk did
    last_activity: datetime | None = None
    done_at: datetime | None = None
    merged_into: int | None = None

    def touched(self, moment: datetime, by_clerk: bool) -> None:
        if by_clerk and self.first_action is None:
            self.first_action = moment
        if self.last_activity is None or moment > self.last_activity:
            self.last_activity = moment


Rows = list[tuple[Any, ...]]


class _Maker:
    """Makes inquiries one at a time: their rows and the clocks stored on them."""

    def __init__(self, profile: Profile, seed: int, average: float, start: _Start):
        self.rng = random.Random(seed * 31 + 5)
        self.rules = profile.inquiry
        self.calendar = profile.calendar
        self.remembering = remembering(profile.calendar)
        self.start = start
        first = TODAY.replace(year=TODAY.year - YEARS)
        self.slots, self.opening = business_hours(self.calendar, first, NOW)
        self.channels = _mix([c.code for c in self.rules.channels], CHANNEL_MIX)
        self.categories = _mix([c.code for c in self.rules.categories], CATEGORY_MIX)
        self.entry_counts = list(range(1, MAX_ENTRIES + 1))
        self.entry_cumulative = _cumulative(entry_weights(average))
        self.response = self.rules.response_channels
        self.done_statuses = self.rules.done_statuses
        self.kind = {s.code: s.kind for s in self.rules.statuses}
        self.initial = self.rules.initial_status.code
        self.clock_keys = {c.code: tuple(c.clocks.items()) for c in self.rules.categories}
        self.priority = {c.code: c.priority for c in self.rules.categories}
        self.closings: dict[date, datetime] = {}
        self.results: dict[tuple[Any, ...], tuple[datetime | None, bool]] = {}
        self.next = {"inquiry": start.inquiry_id, "entry": start.entry_id,
                     "status": start.status_id, "link": start.link_id}

    def batch(self, size: int) -> tuple[Rows, Rows, Rows, Rows]:
        """The rows of the next ``size`` inquiries: inquiries, entries, status changes, links."""
        rows: tuple[Rows, Rows, Rows, Rows] = ([], [], [], [])
        for _ in range(size):
            self._inquiry(*rows)
        return rows

    # ------------------------------------------------------------ one inquiry
    def _inquiry(self, inquiries: Rows, entries: Rows, statuses: Rows, links: Rows) -> None:
        rng = self.rng
        channel = rng.choices(self.channels[0], cum_weights=self.channels[1])[0]
        category = rng.choices(self.categories[0], cum_weights=self.categories[1])[0]
        n = rng.choices(self.entry_counts, cum_weights=self.entry_cumulative)[0]
        done = rng.random() < DONE_SHARE
        last, first_name, _ = demo_names.person(rng)
        contact = self._contact(rng, channel, first_name, last)
        callback = ("@" not in contact and channel in ("phone", "voicemail", "walk_in")
                    and rng.random() < 0.7)
        thread = plan_thread(rng, n, final_status(rng, n, done), callback,
                             channel in COUNTER_CHANNELS, self.initial)
        span, top = thread.clock, len(self.slots) - 1
        at = (rng.randint(0, max(0, top - span)) if done
              else max(0, top - span - int(rng.expovariate(1 / 60))))
        owners = self.start.owners
        owner = rng.choice(owners) if owners and (done or rng.random() < OWNED_SHARE) else None
        charter = FIRST_NUMBER + rng.randrange(max(self.start.entities, 1))
        words: dict[str, object] = {"charter": charter, "last": last}
        case = _Case(
            inquiry_id=self._id("inquiry"), at=at, arrived=self._arrived(rng, at, channel),
            channel=channel, category=category, subject=SUBJECTS.get(category, "A question"),
            question=QUESTIONS.get(category, QUESTIONS["other"]).format(**words), words=words,
            worker=owner if owner is not None else (rng.choice(owners) if owners else None),
            reply_channel="email" if "@" in contact else "mail")
        self._entries(case, thread.entries, entries)
        self._statuses(case, thread.changes, statuses)
        claimed = None
        if owner is not None:
            claimed = case.first_action or self.slots[rng.randint(at, top)]
            case.touched(claimed, by_clerk=False)
        status = thread.changes[-1][1]
        last_activity = case.last_activity or case.arrived
        inquiries.append((
            case.inquiry_id, self._number(case.inquiry_id), channel, case.arrived,
            self.slots[at], f"{first_name} {last}", category, status, case.question, owner,
            case.subject, contact, self._address(rng, channel), self.kind[status],
            self.priority[category], claimed, last_activity,
            *self._clocks(case, thread.changes),
            case.done_at if self.kind[status] == "done" else None, case.merged_into,
            len(thread.changes), case.arrived, last_activity))
        self._links(rng, case, charter, links)

    def _entries(self, case: _Case, plan: Entries, out: Rows) -> None:
        rng = self.rng
        for offset, role in plan:
            moment = case.arrived if role == "ask" else self.slots[case.at + offset]
            mailed_on: date | None = None
            mailed_at: datetime | None = None
            template: str | None = None
            if role == "ask":
                kind = "phone" if case.channel in ("phone", "voicemail") else "inbound"
                author = None if case.channel in ("email", "web_form") else case.worker
                row = (kind, case.channel, author, case.subject, case.question)
            elif role == "customer":
                author = None if case.channel in ("email", "web_form") else case.worker
                row = ("inbound", case.channel, author, f"Re: {case.subject}",
                       rng.choice(CUSTOMER))
            elif role == "answer":
                template = TEMPLATES.get(case.category, "general")
                body = ANSWERS.get(case.category, "Thank you for your inquiry; the answer "
                                   "is below.").format(**case.words)
                row = ("outbound", case.reply_channel, case.worker, f"Re: {case.subject}", body)
                if case.reply_channel == "mail":
                    mailed_on, mailed_at = self._mailed(rng, moment)
                self._sent(case, mailed_at if case.reply_channel == "mail" else moment)
            elif role == "note":
                row = ("note", "internal", case.worker, "", rng.choice(NOTES))
            else:  # a phone note, or the answer given by phone
                row = ("phone", "phone", case.worker, "", rng.choice(PHONE_NOTES))
            case.touched(moment, by_clerk=role != "ask")
            out.append((self._id("entry"), case.inquiry_id, row[0], row[1], moment, row[2],
                        row[3], row[4], template, mailed_on, mailed_at, ""))

    def _sent(self, case: _Case, when: datetime | None) -> None:
        """An answer went out at ``when`` (None: a letter not yet mailed counts for nothing),
        as ``inquiries.history`` reads it."""
        if when is None:
            return
        if case.first_outbound is None or when < case.first_outbound:
            case.first_outbound = when
        if case.reply_channel in self.response and (case.first_response is None
                                                    or when < case.first_response):
            case.first_response = when

    def _statuses(self, case: _Case, changes: Changes, out: Rows) -> None:
        for offset, code, reason in changes:
            first = code == self.initial and offset == 0
            moment = case.arrived if first else self.slots[case.at + offset]
            by = None if first and case.channel in ("email", "web_form") else case.worker
            text = reason
            if code == "merged" and case.inquiry_id > self.start.inquiry_id:
                case.merged_into = self.rng.randint(
                    max(self.start.inquiry_id, case.inquiry_id - 50), case.inquiry_id - 1)
                text = f"merged into {self._number(case.merged_into)}"
            out.append((self._id("status"), case.inquiry_id, moment, code, by, text))
            if case.done_at is None and code in self.done_statuses:
                case.done_at = moment
            case.touched(moment, by_clerk=not first)

    def _links(self, rng: random.Random, case: _Case, charter: int, out: Rows) -> None:
        when = case.first_action or self.slots[case.at]
        if self.start.entities and rng.random() < ENTITY_LINK_SHARE:
            out.append((self._id("link"), case.inquiry_id, "entity",
                        charter - FIRST_NUMBER + 1, when, case.worker))
        if self.start.filings and rng.random() < FILING_LINK_SHARE:
            out.append((self._id("link"), case.inquiry_id, "filing",
                        rng.randint(1, self.start.filings), when, case.worker))

    # ------------------------------------------------------------ pieces
    def _id(self, table: str) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value

    def _number(self, inquiry_id: int) -> str:
        return f"Q{self.start.number + inquiry_id - self.start.inquiry_id:07d}"

    def _contact(self, rng: random.Random, channel: str, first: str, last: str) -> str:
        email = f"{first}.{last}{rng.randint(1, 99)}@example.com".lower()
        phone = f"614-555-{rng.randint(0, 9999):04d}"
        if channel in ("email", "web_form"):
            return email
        roll = rng.random()
        if channel in ("mail", "fax"):
            return email if roll < 0.4 else ""
        return email if roll < 0.5 else phone

    def _address(self, rng: random.Random, channel: str) -> str:
        if channel not in ("mail", "fax"):
            return ""
        return (f"{rng.randint(1, 9999)} {rng.choice(demo_names.PLACES)} Rd\n"
                f"Columbus, OH 43{rng.randint(0, 999):03d}")

    def _arrived(self, rng: random.Random, at: int, channel: str) -> datetime:
        """Mostly the receipt itself; an overnight e-mail, voicemail or fax is received at the
        opening it waited for."""
        received = self.slots[at]
        if channel in OVERNIGHT_CHANNELS and self.opening[at] and rng.random() < 0.5:
            earlier = received - timedelta(minutes=rng.randint(5, 720))
            if self.calendar.normalise_received(earlier, channel) == received:
                return earlier
        return received

    def _mailed(self, rng: random.Random, written: datetime
                ) -> tuple[date | None, datetime | None]:
        """The day a letter went into the mail and that day's closing (``mark_mailed`` for a
        past day); None when that would be after ``NOW`` (printed, not mailed yet)."""
        day = written.astimezone(self.calendar.zone).date()
        if rng.random() < 0.15:
            day = self.calendar.next_business_day(day)
        closing = self.closings.get(day)
        if closing is None:
            closing = self.closings[day] = self.calendar.closing(day).astimezone(UTC)
        return (day, closing) if closing <= NOW else (None, None)

    def _clocks(self, case: _Case, changes: Changes) -> tuple[datetime | None, bool]:
        """``due_at`` and ``breached`` as ``inquiries.recompute`` stores them at ``NOW``."""
        history = tuple(
            (case.arrived if code == self.initial and offset == 0
             else self.slots[case.at + offset], code) for offset, code, _ in changes)
        received = self.slots[case.at]
        key = (self.clock_keys[case.category], received, history, case.first_outbound,
               case.first_response, case.done_at)
        found = self.results.get(key)
        if found is None:
            states = inquiry_clocks.clocks(
                self.remembering, self.rules, case.category,
                inquiry_clocks.History(
                    received_at=received,
                    statuses=tuple(inquiry_clocks.StatusChange(a, s) for a, s in history),
                    first_outbound_at=case.first_outbound,
                    first_response_at=case.first_response, done_at=case.done_at),
                NOW)
            earliest = inquiry_clocks.earliest_due(states)
            found = (earliest.due_at.astimezone(UTC) if earliest is not None else None,
                     any(s.breached for s in states))
            self.results[key] = found
        return found


def _cumulative(weights: Sequence[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


# ---------------------------------------------------------------------- loading

def build(engine: Engine, profile: Profile, count: int, entries: int, seed: int,
          progress: Progress) -> dict[str, int]:
    """Load ``count`` inquiries with about ``entries`` thread entries after whatever the inquiry
    tables hold, continuing the ``inquiry`` number series; returns row counts per table."""
    counts = {"inquiries": 0, "inquiry_entries": 0, "inquiry_status_changes": 0,
              "inquiry_links": 0}
    if count <= 0:
        return counts
    start = _start(engine)
    maker = _Maker(profile, seed, entries / count, start)
    with _indexes_deferred(engine, TABLES):
        made = 0
        while made < count:
            batch = maker.batch(min(BATCH, count - made))
            for (name, columns), rows in zip(
                    (("inquiries", INQUIRY_COLUMNS), ("inquiry_entries", ENTRY_COLUMNS),
                     ("inquiry_status_changes", STATUS_COLUMNS), ("inquiry_links", LINK_COLUMNS)),
                    batch, strict=True):
                table = next(t for t in TABLES if t.name == name)
                counts[name] += bulk.load(engine, table, columns, rows)
            made += len(batch[0])
            progress("inquiries", made, count)
        progress("inquiry indexes", 0, 1)
    progress("inquiry indexes", 1, 1)
    for table in TABLES:
        bulk.set_sequence_after_load(engine, table)
    _set_series(engine, start.number + count - 1)
    return counts


def _start(engine: Engine) -> _Start:
    with engine.connect() as conn:
        def top(table: Any) -> int:
            return int(conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one())

        number = conn.execute(select(NumberSeries.last_value).where(
            NumberSeries.series == SERIES)).scalar()
        found = {str(name): int(user_id) for name, user_id in conn.execute(
            select(User.username, User.id).where(User.username.in_(OWNERS)))}
        return _Start(
            inquiry_id=top(Inquiry.__table__) + 1, entry_id=top(InquiryEntry.__table__) + 1,
            status_id=top(InquiryStatusChange.__table__) + 1,
            link_id=top(InquiryLink.__table__) + 1, number=int(number or 0) + 1,
            owners=tuple(found[u] for u in OWNERS if u in found),
            entities=top(Entity.__table__), filings=top(Filing.__table__))


def _set_series(engine: Engine, last_value: int) -> None:
    """New inquiries are numbered after the demo's (``numbering.set_series`` on an engine)."""
    with engine.begin() as conn:
        changed = conn.execute(update(NumberSeries).where(NumberSeries.series == SERIES)
                               .values(last_value=last_value)).rowcount
        if not changed:
            conn.execute(insert(NumberSeries).values(series=SERIES, last_value=last_value))


@contextmanager
def _indexes_deferred(engine: Engine, tables: Sequence[Table]) -> Iterator[None]:
    """The inquiry tables' secondary indexes dropped for the load and built again after it,
    then their statistics. (``bulk.indexes_deferred`` also rebuilds the register's name
    search, which a load of inquiries leaves alone.)"""
    indexes = [index for table in tables for index in table.indexes]
    with engine.begin() as conn:
        for index in indexes:
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {index.name}")
    try:
        yield
    finally:
        sqlite = engine.dialect.name == "sqlite"
        with engine.begin() as conn:
            if sqlite:
                conn.exec_driver_sql(f"PRAGMA cache_size = {bulk.SQLITE_LOAD_CACHE_KIB}")
            for index in indexes:
                index.create(conn)
        with engine.begin() as conn:
            for table in tables:
                conn.exec_driver_sql(f"ANALYZE {table.name}")
            if sqlite:
                conn.exec_driver_sql("PRAGMA cache_size = -2000")

