"""An inquiry's clocks (acknowledge, first response, resolve, statutory), recomputed from history.

inquiry.md 2b: helpdesks that keep running counters lose paused time when a priority or SLA
changes mid-life (GLPI #6902, #15605, #10594), so nothing here is accumulated: every call rebuilds
each clock from the inquiry's received_at, its status history and its first outbound entries, the
way Zammad replays state changes as schedule breaks and RT replays status transactions.

The rules every clock keeps:

* It starts at ``received_at``; its base due time is the office calendar's
  (``OfficeCalendar.due``), so after-hours arrivals, weekends, holidays and DST are the calendar's.
* It stops at its role's stop event (``inquiry_rules.STOP_EVENTS``), or, failing that, when the
  inquiry is first done: a closed or merged inquiry has nothing left to wait for, and a clock
  still running on it would show in the queue for ever. Events after ``now`` are not seen, so a
  past ``now`` gives the clocks as they stood then.
* Time in a paused status (waiting on the customer) is added back: each pause, in time order,
  moves the due time on by the business time it covered, up to the clock's stop (or ``now``),
  rounded up to whole minutes. Only business time counts: a pause over a weekend adds the Friday
  afternoon and the Monday morning, not the weekend. A pause begun on a holiday or after hours
  pauses all the same (the D365 hole of a hold placed on a holiday that keeps counting,
  inquiry.md 2b).
* A pause freezes the business time left: after it, the due time is never before the pause's end
  (the next opening, when it ended after hours). Without that, a pause begun after the close on
  the evening before a clock runs out at the next opening would add exactly the business time it
  covered and leave the due time at the last close before its end. So a clock paused now can
  never show as breached, unless it ran out before the pause began.
* A pause that begins at or after the current due time adds nothing: a breached clock stays
  breached (Odoo's sticky failure), so the reports stay honest.
* Breached means the clock stopped, or ``now`` is, after the due time; a clock stopped exactly at
  its due time is met.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from workstation.domain import calendar_explain as explain
from workstation.domain.calendar import OfficeCalendar
from workstation.domain.inquiry_rules import ClockRole, InquiryRules, Status

_MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class StatusChange:
    at: datetime
    status: str  # a status code of the rules


@dataclass(frozen=True)
class History:
    """What the clocks are computed from; every datetime time-zone aware."""

    received_at: datetime  # normalised (``OfficeCalendar.normalise_received``)
    statuses: Sequence[StatusChange]  # time order; the first is the status at receipt
    first_outbound_at: datetime | None = None
    # the first outbound entry on a channel counting as a response (a letter: its mailed-on time)
    first_response_at: datetime | None = None
    done_at: datetime | None = None  # the first time a done status was reached


def history_of(rules: InquiryRules, received_at: datetime,
               changes: Iterable[tuple[datetime, str]],
               outbound: Iterable[tuple[str, datetime, datetime | None]]) -> History:
    """The clock inputs of one inquiry from its rows, as plain values: ``changes`` are its
    status changes ``(at, status)`` in the order they happened (ties in the order recorded),
    ``outbound`` its outbound entries ``(channel, at, mailed_at)`` in any order.

    The one place the reading rule is written (the queue reads one inquiry, the calendar many):
    a letter answers when it is mailed, not when it is printed, so an unmailed letter has not
    been sent yet; an entry stops the response clock only on a channel whose
    ``counts_as_response`` says it answers the customer; the inquiry is done the first time it
    reaches a status of kind ``done``.
    """
    ordered = tuple(StatusChange(at, status) for at, status in changes)
    sent: list[tuple[datetime, bool]] = []
    for channel, at, mailed_at in outbound:
        when = mailed_at if channel == "mail" else at
        if when is not None:
            sent.append((when, rules.channel(channel).counts_as_response))
    done = [c.at for c in ordered if rules.status(c.status).kind == "done"]
    return History(
        received_at=received_at, statuses=ordered,
        first_outbound_at=min((w for w, _ in sent), default=None),
        first_response_at=min((w for w, counts in sent if counts), default=None),
        done_at=min(done, default=None))


@dataclass(frozen=True)
class ClockState:
    role: str
    label: str
    kind: str  # the calendar clock's kind: deadline or target
    clock: str  # the calendar clock's name
    due_at: datetime  # after pauses, office time
    stopped_at: datetime | None  # None: still running
    breached: bool
    paused: bool  # running, and the inquiry is in a paused status now
    explanation: str  # for the "why is this due then?" tooltip
    paused_minutes: int = 0  # business minutes of pause that moved the due time

    @property
    def running(self) -> bool:
        return self.stopped_at is None

    def remaining(self, now: datetime) -> timedelta:
        """Wall-clock time from ``now`` (or from the stop, once stopped) to the due time;
        negative when late."""
        return self.due_at - (self.stopped_at or now)


@dataclass(frozen=True)
class _Pause:
    start: datetime
    end: datetime
    label: str
    ongoing: bool  # still paused at ``now``


def clocks(calendar: OfficeCalendar, rules: InquiryRules, category: str, history: History,
           now: datetime) -> tuple[ClockState, ...]:
    """The state at ``now`` of every clock the category has, in the rules' role order.

    A clock whose calendar kind is ``none`` is left out (the profile switched it off). Raises
    KeyError for an unknown category or status code, ValueError for a naive datetime.
    """
    _check_aware(history, now)
    chosen = rules.category(category)
    changes = sorted((c for c in history.statuses if c.at <= now), key=lambda c: c.at)
    kinds = [rules.status(c.status) for c in changes]
    paused_now = bool(kinds) and kinds[-1].kind == "paused"
    done_at = _seen(history.done_at, now)
    states: list[ClockState] = []
    for role in rules.roles:
        name = chosen.clocks.get(role.code)
        base = calendar.due(name, history.received_at) if name is not None else None
        if name is None or base is None:
            continue
        own = _seen(_stop_event(role, history), now)
        stop = min((t for t in (own, done_at) if t is not None), default=None)
        end = stop if stop is not None else now
        pauses = _pauses(changes, kinds, history.received_at, end, running=stop is None)
        due, minutes, notes = _apply_pauses(calendar, base.at, pauses)
        breached = end > due
        text = base.explanation + "".join(notes)
        if due != base.at:
            text += f"; due {_moment(calendar, due)}"
        text += _outcome(calendar, stop, own, breached)
        states.append(ClockState(
            role=role.code, label=role.label, kind=calendar.clocks[name].kind, clock=name,
            due_at=due, stopped_at=stop.astimezone(calendar.zone) if stop is not None else None,
            breached=breached, paused=stop is None and paused_now, explanation=text,
            paused_minutes=minutes,
        ))
    return tuple(states)


def earliest_due(states: Iterable[ClockState]) -> ClockState | None:
    """The running clock due first (the queue's due column), or None when none is running."""
    return min((s for s in states if s.running), key=lambda s: s.due_at, default=None)


# ---------------------------------------------------------------------- internals
def _stop_event(role: ClockRole, history: History) -> datetime | None:
    if role.stops == "any_outbound":
        return history.first_outbound_at
    if role.stops == "response":
        return history.first_response_at
    return history.done_at


def _pauses(changes: Sequence[StatusChange], kinds: Sequence[Status], received: datetime,
            end: datetime, *, running: bool) -> list[_Pause]:
    """The stretches in a paused status between receipt and ``end``, in time order."""
    found: list[_Pause] = []
    for index, (change, status) in enumerate(zip(changes, kinds, strict=True)):
        last = index == len(changes) - 1
        start = max(change.at, received)
        finish = end if last else min(changes[index + 1].at, end)
        if status.kind == "paused" and start < finish:
            found.append(_Pause(start, finish, status.label, ongoing=running and last))
    return found


def _seen(moment: datetime | None, now: datetime) -> datetime | None:
    """``moment`` if it had happened by ``now``."""
    return moment if moment is not None and moment <= now else None


def _apply_pauses(calendar: OfficeCalendar, due: datetime,
                  pauses: Sequence[_Pause]) -> tuple[datetime, int, list[str]]:
    """The due time moved on by each pause in turn, the minutes added, and a note per pause."""
    total = 0
    notes: list[str] = []
    for pause in pauses:
        phrase = pause.label[:1].lower() + pause.label[1:]
        span = f"{_moment(calendar, pause.start)}–{_moment(calendar, pause.end)}"
        if pause.start >= due:
            notes.append(f"; {phrase} ({span}) not counted: it began after the clock ran out")
            continue
        minutes, rest = divmod(calendar.business_time_between(pause.start, pause.end), _MINUTE)
        minutes += 1 if rest else 0
        due = max(calendar.add_business_hours(due, minutes),
                  calendar.add_business_hours(pause.end, 0))
        total += minutes
        if pause.ongoing:
            notes.append(f"; paused {_duration(minutes)} of business time so far {phrase} "
                         f"(since {_moment(calendar, pause.start)})")
        else:
            notes.append(f"; paused {_duration(minutes)} of business time {phrase} ({span})")
    return due, total, notes


def _outcome(calendar: OfficeCalendar, stop: datetime | None, own: datetime | None,
             breached: bool) -> str:
    if stop is None:
        return "; breached" if breached else ""
    when = _moment(calendar, stop)
    if stop != own:
        return f"; {'breached, ' if breached else ''}stopped {when} when the inquiry was closed"
    return f"; breached, met late {when}" if breached else f"; met {when}"


def _moment(calendar: OfficeCalendar, moment: datetime) -> str:
    return explain.format_moment(moment.astimezone(calendar.zone))


def _duration(minutes: int) -> str:
    """``190`` -> ``3 h 10 min``; ``120`` -> ``2 h``; ``45`` -> ``45 min``."""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"


def _check_aware(history: History, now: datetime) -> None:
    moments = [history.received_at, now, history.first_outbound_at, history.first_response_at,
               history.done_at, *(c.at for c in history.statuses)]
    for moment in moments:
        if moment is not None and (moment.tzinfo is None or moment.utcoffset() is None):
            raise ValueError(f"a time-zone-aware datetime is required, not {moment!r}")
