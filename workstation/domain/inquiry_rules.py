"""The inquiry queue's rules as data: ``resources/profiles/<state>/inquiry.toml``.

The research (inquiry.md section 1) found the systems that hard-code their intake sources
(osTicket's five) worse than those that keep them in a table (OCA Odoo's channels, Zammad's
article types with their "communication" flag). So channels, categories, statuses, the queue's
numbers and what stops each kind of clock are all data here; the code knows only the fixed
vocabularies: a status is ``open``, ``paused`` or ``done``, and a clock stops at the first
outbound entry (``any_outbound``), the first outbound entry on a channel that counts as a
response (``response``) or the first done status (``done``).

The clocks themselves (amount, unit, citation) live in the profile's ``calendar.toml``, one owner
per fact; a category names them by role. ``from_toml`` checks those names against the calendar
when it is given one, and refuses any key it does not know, naming the table and the key: a
misspelt ``counts_as_respones`` would otherwise quietly read as "not a response" and leave every
phone call back unanswered in the reports.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, TypeVar

from workstation.domain.calendar import OfficeCalendar
from workstation.domain.profile_data import ProfileDataError

STATUS_KINDS = ("open", "paused", "done")
STOP_EVENTS = ("any_outbound", "response", "done")


class InquiryRulesError(ProfileDataError):
    """``inquiry.toml`` is not usable; the message names the table, the row and the key."""


@dataclass(frozen=True)
class Channel:
    """How an entry came in or went out; inbound and outbound share the codes (a letter is mail).

    ``counts_as_response``: an outbound entry on this channel answers the customer and stops the
    first-response clock. A voicemail left does not: it only acknowledges.
    """

    code: str
    label: str
    counts_as_response: bool


@dataclass(frozen=True)
class Category:
    """What an inquiry is about. ``clocks`` maps a clock role (``acknowledge``, ...) to the name of
    a clock in ``calendar.toml``; ``fee_code`` names the fee a records request is charged, if any.
    Priority 1 is the most urgent."""

    code: str
    label: str
    priority: int
    clocks: Mapping[str, str] = field(hash=False)  # a read-only mapping; hashed by the rest
    fee_code: str | None = None


@dataclass(frozen=True)
class Status:
    """``kind``: ``open`` (clocks run), ``paused`` (clocks stop counting) or ``done`` (resolved).
    ``initial``: the status a new inquiry gets."""

    code: str
    label: str
    kind: str
    initial: bool = False


@dataclass(frozen=True)
class ClockRole:
    """A kind of clock and its stop event, one of ``STOP_EVENTS``."""

    code: str
    label: str
    stops: str


@dataclass(frozen=True)
class QueueSettings:
    """The queue's numbers (inquiry.md 2a): a per-clerk cap on held inquiries, the business hours
    without activity after which a claim returns to the queue, and presence timing."""

    per_clerk_cap: int
    stale_claim_hours: int
    presence_seconds: int
    heartbeat_seconds: int


@dataclass(frozen=True)
class InquiryRules:
    """Every table of one profile's ``inquiry.toml``, in file order (the order of pick lists)."""

    channels: tuple[Channel, ...]
    categories: tuple[Category, ...]
    statuses: tuple[Status, ...]
    roles: tuple[ClockRole, ...]  # the order clock states are listed in
    queue: QueueSettings

    @classmethod
    def from_toml(cls, text: str, calendar: OfficeCalendar | None = None) -> InquiryRules:
        """The rules described by the text of a profile's ``inquiry.toml``.

        With ``calendar``, every clock a category names must be one of its ``[clocks.*]``, so a
        typo fails when the profile loads, not when the first inquiry of that category arrives.
        """
        return _parse(text, calendar)

    # ------------------------------------------------------------ look-ups
    def channel(self, code: str) -> Channel:
        return _find(self.channels, code, "channel")

    def category(self, code: str) -> Category:
        return _find(self.categories, code, "category")

    def status(self, code: str) -> Status:
        return _find(self.statuses, code, "status")

    def role(self, code: str) -> ClockRole:
        return _find(self.roles, code, "clock role")

    @property
    def initial_status(self) -> Status:
        return next(s for s in self.statuses if s.initial)  # the reader checks there is one

    @property
    def paused_statuses(self) -> frozenset[str]:
        return frozenset(s.code for s in self.statuses if s.kind == "paused")

    @property
    def done_statuses(self) -> frozenset[str]:
        return frozenset(s.code for s in self.statuses if s.kind == "done")

    @property
    def response_channels(self) -> frozenset[str]:
        return frozenset(c.code for c in self.channels if c.counts_as_response)

    @property
    def categories_by_priority(self) -> tuple[Category, ...]:
        """Most urgent first; file order within a priority."""
        return tuple(sorted(self.categories, key=lambda c: c.priority))


_Row = TypeVar("_Row", Channel, Category, Status, ClockRole)


def _find(rows: tuple[_Row, ...], code: str, what: str) -> _Row:
    for row in rows:
        if row.code == code:
            return row
    raise KeyError(f"no inquiry {what} {code!r}; known: {', '.join(r.code for r in rows)}")


# ---------------------------------------------------------------------- inquiry.toml
_TOP = frozenset({"clock_roles", "channel", "category", "status", "queue"})
_QUEUE_KEYS = ("per_clerk_cap", "stale_claim_hours", "presence_seconds", "heartbeat_seconds")


def _parse(text: str, calendar: OfficeCalendar | None) -> InquiryRules:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InquiryRulesError(f"inquiry.toml: {exc}") from exc
    if unknown := sorted(set(doc) - _TOP):
        raise InquiryRulesError(f"inquiry.toml: unknown table or key {', '.join(unknown)}")
    roles = tuple(_role(code, row) for code, row in _tables(doc, "clock_roles").items())
    if not roles:
        raise InquiryRulesError("[clock_roles]: at least one clock role is required")
    channels = tuple(_channel(row, n) for n, row in enumerate(_rows(doc, "channel"), 1))
    statuses = tuple(_status(row, n) for n, row in enumerate(_rows(doc, "status"), 1))
    role_codes = tuple(r.code for r in roles)
    categories = tuple(_category(row, n, role_codes, calendar)
                       for n, row in enumerate(_rows(doc, "category"), 1))
    for table, rows in (("channel", channels), ("category", categories), ("status", statuses)):
        if not rows:
            raise InquiryRulesError(f"[[{table}]]: at least one row is required")
        codes = [r.code for r in rows]
        if twice := sorted({c for c in codes if codes.count(c) > 1}):
            raise InquiryRulesError(f"[[{table}]] code: {', '.join(twice)} appears twice")
    _check_statuses(statuses, roles)
    return InquiryRules(channels, categories, statuses, roles, _queue(doc))


def _role(code: str, row: dict[str, Any]) -> ClockRole:
    where = f"[clock_roles.{code}]"
    _known(row, {"label", "stops", "source"}, where)
    stops = row.get("stops")
    if stops not in STOP_EVENTS:
        raise InquiryRulesError(f"{where} stops: one of {', '.join(STOP_EVENTS)}, not {stops!r}")
    return ClockRole(code, _text(row, "label", where), str(stops))


def _channel(row: dict[str, Any], number: int) -> Channel:
    where = _where("channel", number, row)
    _known(row, {"code", "label", "counts_as_response", "source"}, where)
    return Channel(_text(row, "code", where), _text(row, "label", where),
                   _flag(row, "counts_as_response", where))


def _status(row: dict[str, Any], number: int) -> Status:
    where = _where("status", number, row)
    _known(row, {"code", "label", "kind", "initial", "source"}, where)
    kind = row.get("kind")
    if kind not in STATUS_KINDS:
        raise InquiryRulesError(f"{where} kind: one of {', '.join(STATUS_KINDS)}, not {kind!r}")
    initial = _flag(row, "initial", where) if "initial" in row else False
    return Status(_text(row, "code", where), _text(row, "label", where), str(kind), initial)


def _category(row: dict[str, Any], number: int, roles: tuple[str, ...],
              calendar: OfficeCalendar | None) -> Category:
    where = _where("category", number, row)
    _known(row, {"code", "label", "priority", "clocks", "fee_code", "source"}, where)
    priority = row.get("priority")
    if not isinstance(priority, int) or isinstance(priority, bool) or priority < 1:
        raise InquiryRulesError(f"{where} priority: a whole number, 1 the most urgent, "
                                f"not {priority!r}")
    clocks = row.get("clocks")
    if not isinstance(clocks, dict) or not clocks:
        raise InquiryRulesError(f"{where} clocks: a table of clock role = clock name is required")
    for role, name in clocks.items():
        key = f"{where} clocks.{role}"
        if role not in roles:
            raise InquiryRulesError(f"{key}: no such clock role; known: {', '.join(roles)}")
        if not isinstance(name, str) or not name.strip():
            raise InquiryRulesError(f"{key}: the name of a clock in calendar.toml is required")
        if calendar is not None and name not in calendar.clocks:
            raise InquiryRulesError(f"{key}: calendar.toml has no clock {name!r}; known: "
                                    f"{', '.join(sorted(calendar.clocks))}")
    ordered = {role: str(clocks[role]) for role in roles if role in clocks}
    fee_code = _text(row, "fee_code", where) if "fee_code" in row else None
    return Category(_text(row, "code", where), _text(row, "label", where), priority,
                    MappingProxyType(ordered), fee_code)


def _check_statuses(statuses: tuple[Status, ...], roles: tuple[ClockRole, ...]) -> None:
    initial = [s for s in statuses if s.initial]
    if len(initial) != 1:
        raise InquiryRulesError(f"[[status]] initial: exactly one status is the initial one, "
                                f"not {len(initial)}")
    if initial[0].kind == "done":
        raise InquiryRulesError(f"[[status]] {initial[0].code} initial: a new inquiry cannot "
                                "start done")
    if any(r.stops == "done" for r in roles) and not any(s.kind == "done" for s in statuses):
        raise InquiryRulesError("[[status]] kind: a clock stops at a done status, but no status "
                                "is of kind done")


def _queue(doc: dict[str, Any]) -> QueueSettings:
    table = doc.get("queue")
    if not isinstance(table, dict):
        raise InquiryRulesError("[queue]: the table is missing")
    _known(table, {*_QUEUE_KEYS, "source"}, "[queue]")
    values: list[int] = []
    for key in _QUEUE_KEYS:
        value = table.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise InquiryRulesError(f"[queue] {key}: a whole number of at least 1, not {value!r}")
        values.append(value)
    settings = QueueSettings(*values)
    if settings.heartbeat_seconds >= settings.presence_seconds:
        raise InquiryRulesError("[queue] heartbeat_seconds: must be shorter than "
                                "presence_seconds, or a viewer would flicker out between beats")
    return settings


def _where(table: str, number: int, row: dict[str, Any]) -> str:
    code = row.get("code")
    return f"[[{table}]] {number}" + (f" ({code})" if isinstance(code, str) else "")


def _known(row: dict[str, Any], allowed: set[str], where: str) -> None:
    if unknown := sorted(set(row) - allowed):
        raise InquiryRulesError(f"{where}: unknown key {', '.join(unknown)}; "
                                f"known: {', '.join(sorted(allowed))}")


def _tables(doc: dict[str, Any], key: str) -> dict[str, dict[str, Any]]:
    value = doc.get(key)
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise InquiryRulesError(f"[{key}]: tables such as [{key}.<code>] are required")
    return value


def _rows(doc: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = doc.get(key, [])
    if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
        raise InquiryRulesError(f"[[{key}]]: an array of tables is required")
    return value


def _text(row: dict[str, Any], key: str, where: str) -> str:
    value = row.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InquiryRulesError(f"{where} {key}: a non-empty string is required")
    return value


def _flag(row: dict[str, Any], key: str, where: str) -> bool:
    value = row.get(key)
    if not isinstance(value, bool):
        raise InquiryRulesError(f"{where} {key}: true or false is required, not {value!r}")
    return value
