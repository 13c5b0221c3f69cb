"""The lead's "Inquiry service" report (issue 9): how many inquiries came in by which channel and
about what, how long the office took to give a first response and to finish them in business
hours (median and 90th percentile), how many missed a clock, and how many holding replies went
out.

The table is a cross-tab: one row per channel, one column per category (what a stacked bar of
category by channel draws), then the channel's service times. Counts are the database's (GROUP
BY); the business-hour times need the office calendar, so only the instants of each inquiry
(receipt, first answer, close) are read and measured by ``report_clock.BusinessClock``, a prefix
sum over the calendar's frames: the same figure as ``OfficeCalendar.business_time_between``,
looked up in O(log n) instead of walked day by day.

A first response is what stops the first-response clock (``inquiries.history``): the first
outbound entry on a channel that answers (a letter from its mailing), or the close of an
inquiry finished without one. A resolution is the inquiry's close as it stands (``closed_at``:
the last one, when it was reopened), so the resolved and the still open add up to the
received. One pass over the inquiries and their outbound entries reads all of it: the database
groups each inquiry's entries, Python adds the inquiries up per channel and category (``_read``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select

from workstation.db.uow import Database, UnitOfWork
from workstation.errors import UserError
from workstation.models import Inquiry, InquiryEntry
from workstation.models.types import utcnow
from workstation.services.authz import authorize
from workstation.services.dto import Actor
from workstation.services.profile import Profile
from workstation.services.report_clock import BusinessClock, as_driven, stamp_us
from workstation.services.report_dto import (
    Chart,
    Column,
    Figure,
    Report,
    ReportRange,
    Tenths,
    share_text,
    tenths_text,
)
from workstation.services.report_time import check_range, instant, nearest_rank, office_window

# The answer templates that are holding replies: "we have your letter; expect a reply by ..."
# (inquiry.md 4 item 8, the UK Cabinet Office rule for anything past 20 working days).
HOLDING_TEMPLATES = ("acknowledgement", "complaint_acknowledgement")
_HOUR = 3_600_000_000  # microseconds
_I, _E = Inquiry, InquiryEntry

NOTES = (
    "Counted: the inquiries received from the first day to the last (the office's receipt time: "
    "one that arrived after hours counts from the next opening). A duplicate merged into "
    "another inquiry is counted once, in the one kept.",
    "First response: business hours from receipt to the first reply on a channel that answers "
    "(a letter from the day it was mailed), or to the close when the inquiry was finished "
    "without a written reply (answered at the counter or on the phone).",
    "Resolution: business hours from receipt to when the inquiry was finished (for one reopened "
    "and finished again, the last time); one reopened and not finished again is still open. "
    "Time spent waiting on the customer is included (the clocks leave it out).",
    "Median and 90th percentile are nearest-rank: of n times in order, the one at place "
    "n x 50 % (or n x 90 %), rounded up.",
    "Breached: one of the inquiry's clocks (acknowledge, first response, resolve, statutory) ran "
    "out before it was stopped, or has run out by now while the inquiry is open; a clock paused "
    "while waiting on the customer has not run out.",
    "Holding replies: answers sent on these inquiries with the \"Acknowledgement / holding "
    "reply\" or the \"Complaint acknowledgement\" template (we have it; expect a reply by ...).",
)


@dataclass
class _Times:
    """The service times of one channel (or of all), in microseconds of business time (each
    list in ascending order once ``_read`` is done), and the holding replies sent."""

    responses: list[int] = field(default_factory=list)
    resolutions: list[int] = field(default_factory=list)
    holding: int = 0


def inquiry_report(db: Database, profile: Profile, actor: Actor, first: date, last: date, *,
                   channel: str | None = None, category: str | None = None) -> Report:
    """Inquiries received in [first, last], by channel and category, with their service times.
    Refused: a channel or category the profile does not have (field ``channel``/``category``)."""
    check_range(first, last)
    rules = profile.inquiry
    channel = _known(channel, [(c.code, c.label) for c in rules.channels], "channel")
    category = _known(category, [(c.code, c.label) for c in rules.categories], "category")

    def work(uow: UnitOfWork) -> Report:
        authorize(uow, actor, "report.read")
        now = utcnow()
        start, end = office_window(profile.calendar.zone, first, last)
        where = [_I.received_at >= start, _I.received_at < end, _I.merged_into_id.is_(None)]
        if channel:
            where.append(_I.channel == channel)
        if category:
            where.append(_I.category == category)
        counts, times = _read(uow, profile, where, now)
        return _report(profile, actor, first, last, channel, category, counts, times, now)

    return db.run(work, read_only=True)


# ---------------------------------------------------------------------- one pass

Counts = dict[tuple[str, str], tuple[int, int, int]]  # (channel, category) -> received, ...


def _read(uow: UnitOfWork, profile: Profile, where: Sequence[ColumnElement[bool]],
          now: datetime) -> tuple[Counts, dict[str, _Times]]:
    """Everything the report shows, in one pass over the inquiries and their outbound entries:
    the database gives one row per inquiry (its first answer and holding replies aggregated
    from its entries, whether it breached and whether it is open as 0 or 1, and its instants as
    the driver gives them); Python adds the rows up per channel and category and measures the
    times on one business clock. A second, grouped query for the counts would read the same
    inquiries again (half a second on a year of the large demo)."""
    answering = profile.inquiry.response_channels
    sent = case((_E.channel == "mail", _E.mailed_at if "mail" in answering else None),
                (_E.channel.in_(sorted(answering)), _E.at), else_=None)
    holding = case((_E.template.in_(HOLDING_TEMPLATES), 1), else_=0)
    breached = case((or_(_I.breached.is_(True), and_(_I.status_kind == "open", _I.due_at < now)),
                     1), else_=0)
    still_open = case((_I.status_kind != "done", 1), else_=0)
    # Grouped by the primary key: the inquiry's own columns depend on it (both databases).
    rows = uow.session.connection().execute(
        select(_I.channel, _I.category, breached, still_open, as_driven(_I.received_at),
               as_driven(_I.closed_at), as_driven(func.min(sent)), func.sum(holding))
        .outerjoin(_E, and_(_E.inquiry_id == _I.id, _E.kind == "outbound")).where(*where)
        .group_by(_I.id)).all()
    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    found: dict[str, _Times] = defaultdict(_Times)
    if not rows:
        return {}, found
    # The driver's values compare as the instants do (ISO text of one format on SQLite, aware
    # datetimes on PostgreSQL): the clock's days run from the earliest receipt to the latest
    # answer or close, and an answer is compared with the close before either is converted.
    earliest = min(row[4] for row in rows)
    latest = max(v for row in rows for v in row[4:7] if v is not None)
    clock = BusinessClock.spanning(profile.calendar, instant(stamp_us(earliest)),
                                   instant(stamp_us(latest)))
    upto, us = clock.upto, stamp_us
    for channel, category, is_breached, is_open, received, closed, replied, held in rows:
        counts = tally[channel, category]
        counts[0] += 1
        counts[1] += is_breached
        counts[2] += is_open
        times = found[channel]
        times.holding += held or 0
        start = upto(us(received))
        finished = None if closed is None else max(0, upto(us(closed)) - start)
        if finished is not None:
            times.resolutions.append(finished)
        if replied is not None and (closed is None or replied <= closed):
            times.responses.append(max(0, upto(us(replied)) - start))
        elif finished is not None:  # closed without a written answer: answered at the close
            times.responses.append(finished)
    for times in found.values():  # in order once: the percentiles and the totals' merge
        times.responses.sort()
        times.resolutions.sort()
    return {key: (n, b, o) for key, (n, b, o) in tally.items()}, found


# ---------------------------------------------------------------------- the report

def _report(profile: Profile, actor: Actor, first: date, last: date, channel: str | None,
            category: str | None, counts: dict[tuple[str, str], tuple[int, int, int]],
            times: dict[str, _Times], now: datetime) -> Report:
    rules = profile.inquiry
    channels = [channel] if channel else _codes([c.code for c in rules.channels],
                                                (ch for ch, _ in counts))
    categories = [category] if category else _codes([c.code for c in rules.categories],
                                                    (cat for _, cat in counts))
    columns = (Column("channel", "Channel", numeric=False),
               Column("received", "Received", total=True),
               *(Column(f"cat:{code}", _label(rules.category, code), total=True)
                 for code in categories),
               Column("answered", "Answered", total=True),
               Column("response_median", "First response, median"),
               Column("response_p90", "First response, 90th pct"),
               Column("resolved", "Resolved", total=True),
               Column("resolution_median", "Resolution, median"),
               Column("resolution_p90", "Resolution, 90th pct"),
               Column("breached", "Breached", total=True),
               Column("breached_share", "Breached share"),
               Column("open", "Still open", total=True),
               Column("holding", "Holding replies", total=True))
    rows = []
    for code in channels:
        mine = {cat: v for (ch, cat), v in counts.items() if ch == code}
        rows.append((_label(rules.channel, code),
                     *_cells(mine, categories, times.get(code, _Times()))))
    # Each channel's times are in order already: sorting them end to end merges the runs.
    everything = _Times(sorted(m for t in times.values() for m in t.responses),
                        sorted(m for t in times.values() for m in t.resolutions),
                        sum(t.holding for t in times.values()))
    totals = (None, *_cells({cat: _sum(v for (_, c), v in counts.items() if c == cat)
                             for cat in categories}, categories, everything))
    received, breached, still_open = _sum(counts.values())
    filters = tuple((label, text) for label, text in (
        ("Channel", _label(rules.channel, channel) if channel else ""),
        ("Category", _label(rules.category, category) if category else "")) if text)
    return Report(
        name="inquiries", title="Inquiry service", range=ReportRange(first, last),
        filters=filters, columns=columns, rows=tuple(rows), totals=totals,
        charts=(Chart("Inquiries by channel", "bar", "channel", ("received",)),
                Chart("Categories by channel", "stacked", "channel",
                      tuple(f"cat:{code}" for code in categories))),
        figures=(Figure("Inquiries received", f"{received:,}"),
                 Figure("First response, median / 90th percentile",
                        _pair(everything.responses)),
                 Figure("Resolution, median / 90th percentile", _pair(everything.resolutions)),
                 Figure("Clock breached", f"{share_text(breached, received)} "
                                          f"({breached:,} of {received:,})"),
                 Figure("Holding replies sent", f"{everything.holding:,}"),
                 Figure("Still open", f"{still_open:,}")),
        notes=NOTES, made_at=now, made_by=actor.username)


def _cells(counts: dict[str, tuple[int, int, int]], categories: Sequence[str], times: _Times
           ) -> tuple[Any, ...]:
    """One row's cells after its label: received, per category, times, breaches, holding."""
    received, breached, still_open = _sum(counts.values())
    responses, resolutions = times.responses, times.resolutions  # in order (``_read``)
    return (received, *(counts.get(code, (0, 0, 0))[0] for code in categories),
            len(responses), _hours(nearest_rank(responses, 50)),
            _hours(nearest_rank(responses, 90)), len(resolutions),
            _hours(nearest_rank(resolutions, 50)), _hours(nearest_rank(resolutions, 90)),
            breached, share_text(breached, received), still_open, times.holding)


def _sum(values: Iterable[tuple[int, int, int]]) -> tuple[int, int, int]:
    totals = [0, 0, 0]
    for value in values:
        for n in range(3):
            totals[n] += value[n]
    return totals[0], totals[1], totals[2]


def _codes(wanted: Sequence[str], found: Iterable[str]) -> list[str]:
    """The profile's codes in its order, then any the data holds that the profile has not
    (a channel or category since retired), so no inquiry drops out of the table."""
    return [*wanted, *sorted(set(found) - set(wanted))]


def _label(lookup: Any, code: str) -> str:
    try:
        return str(lookup(code).label)
    except KeyError:
        return code


def _known(value: str | None, choices: Sequence[tuple[str, str]], name: str) -> str | None:
    """A filter's code (a code or its label as typed), None for "all"; refused when unknown."""
    text = (value or "").strip()
    if not text:
        return None
    for code, label in choices:
        if text.casefold() in (code.casefold(), label.casefold()):
            return code
    raise UserError(f"There is no {name} {text!r}; the {name}s are "
                    f"{', '.join(code for code, _ in choices)}.", field=name)


def _hours(micros: int | None) -> Tenths | None:
    """Business time as tenths of an hour, rounded half up (integers only)."""
    return None if micros is None else Tenths((micros * 10 + _HOUR // 2) // _HOUR, "h")


def _pair(ordered: Sequence[int]) -> str:
    median, p90 = _hours(nearest_rank(ordered, 50)), _hours(nearest_rank(ordered, 90))
    if median is None or p90 is None:
        return "—"
    return f"{tenths_text(median.tenths)} h / {tenths_text(p90.tenths)} h"
