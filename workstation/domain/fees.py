"""The fee engine: what a filing costs on a date, expedite, and what to do with the money.

Data: ``resources/profiles/<state>/fees.toml`` (domain.md 1.1-1.7, 8 item 4; sbc-pay's shape: fee
codes plus effective-dated schedule rows). Each row prices one line of a filing type, for one
entity type or "*", from ``effective_from`` to ``effective_to`` (inclusive; open when absent),
with its source and whether it is verified. A row is ``flat`` (once), ``per_copy``, ``per_page``
(pages x copies) or ``per_share`` (tiers with a minimum and a maximum, Ohio's ORC 111.16(A)(2)).
Service levels (regular, expedite 1-3) are priced separately and appear as separate fee lines.

Money is whole cents (DESIGN.md section 3). Per-share rates are fractions of a cent (1/2, 1/4), so
the per-share fee is summed exactly as a Fraction and rounded ONCE, on the total, half up, to a
cent: 100,001 Ohio shares are $1,850.005 -> $1,850.01. The minimum and maximum are whole cents,
so clamping before or after that rounding gives the same answer.

Rules encoded here, each with its source in the data:
- certificates and copies are not filings and cannot be expedited (OAC 111:1-2-01(B)): ``quote``
  refuses (``FeeRefusal``); ``expedite_outcome`` gives the Mail Sort answer (regular service, the
  expedite money settled as an overpayment);
- an expedite level whose fee is not enclosed gives regular service, not a rejection (Ohio cover
  sheet; catalogue code FEE-02): ``service_given``;
- overpayments up to a threshold are kept, larger ones refunded (Ohio: "$10.00 or less will not
  be refunded"): ``settle``.
"""

from __future__ import annotations

import itertools
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from fractions import Fraction
from typing import Any

from workstation.domain.filing_types import ANY, FilingCatalogue, FilingType
from workstation.domain.money import MoneyFormatError, format_cents, parse_cents
from workstation.domain.profile_data import ProfileDataError
from workstation.domain.profile_data import flag as _bool
from workstation.domain.profile_data import text as _str

REGULAR = "regular"


class FeeError(ValueError):
    """The request cannot be priced as asked (unknown type, page count missing, no fee on file)."""


class FeeRefusal(FeeError):
    """The office may not charge for what was asked (a certificate cannot be expedited)."""

    def __init__(self, message: str, citation: str = ""):
        super().__init__(message)
        self.citation = citation


class Basis(StrEnum):
    FLAT = "flat"
    PER_COPY = "per_copy"
    PER_PAGE = "per_page"
    PER_SHARE = "per_share"


# ---------------------------------------------------------------- the per-share formula


@dataclass(frozen=True)
class Tier:
    through: int | None  # the last share charged at this rate; None: every share above
    cents_per_share: Fraction


@dataclass(frozen=True)
class ShareFormula:
    tiers: tuple[Tier, ...]
    minimum_cents: int
    maximum_cents: int | None

    def exact_cents(self, shares: int) -> Fraction:
        """The tiered charge before the minimum, maximum and rounding, in exact cents."""
        total, below = Fraction(0), 0
        for tier in self.tiers:
            top = shares if tier.through is None else min(shares, tier.through)
            if top > below:
                total += (top - below) * tier.cents_per_share
            if tier.through is None or shares <= tier.through:
                break
            below = tier.through
        return total

    def cents(self, shares: int) -> int:
        """The fee for ``shares`` authorized shares: clamped to [minimum, maximum], rounded once
        half up to a whole cent."""
        exact = max(self.exact_cents(max(shares, 0)), Fraction(self.minimum_cents))
        if self.maximum_cents is not None:
            exact = min(exact, Fraction(self.maximum_cents))
        return round_half_up(exact)


def round_half_up(value: Fraction) -> int:
    """Nearest whole number, halves away from zero for non-negative values (1850.5 -> 1851)."""
    if value < 0:
        raise ValueError("fees are never negative")
    return (2 * value.numerator + value.denominator) // (2 * value.denominator)


# ---------------------------------------------------------------- rows, requests, quotes


@dataclass(frozen=True)
class FeeRow:
    code: str  # the fee code printed on the receipt line ("114-ARN")
    label: str
    filing_type: str
    entity_type: str  # an entity type code, or "*"
    basis: Basis
    amount_cents: int  # flat, per copy or per page; 0 for per_share
    formula: ShareFormula | None
    only_if_certified: bool
    effective_from: date
    effective_to: date | None
    source: str
    verified: bool

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


@dataclass(frozen=True)
class ServiceLevel:
    code: str
    label: str
    fee_code: str
    fee_cents: int
    in_person_only: bool  # the clock and cut-offs live in calendar.toml (one owner per fact)
    note: str
    effective_from: date
    effective_to: date | None
    source: str
    verified: bool

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


@dataclass(frozen=True)
class FeeRequest:
    filing_type: str
    entity_type: str | None = None
    shares: int | None = None  # authorized shares, for per-share articles
    pages: int | None = None  # pages of each copy, for per-page copies
    copies: int = 1  # certificates, copies or apostilles asked for
    certified: bool = False
    service_level: str = REGULAR


@dataclass(frozen=True)
class FeeLine:
    code: str
    label: str
    cents: int
    source: str


@dataclass(frozen=True)
class Quote:
    lines: tuple[FeeLine, ...]
    total_cents: int
    notes: tuple[str, ...] = ()

    @classmethod
    def of(cls, lines: Sequence[FeeLine], notes: Sequence[str] = ()) -> Quote:
        return cls(tuple(lines), sum(line.cents for line in lines), tuple(notes))


class SettlementKind(StrEnum):
    EXACT = "exact"
    SHORT = "short"
    OVER_REFUND = "over_refund"
    OVER_KEPT = "over_kept"


@dataclass(frozen=True)
class Settlement:
    kind: SettlementKind
    amount_cents: int  # how much short or over; 0 when exact
    note: str


class ExpediteKind(StrEnum):
    REGULAR = "regular"  # no expedite asked for
    EXPEDITED = "expedited"  # asked for and paid
    NO_FEE = "no_fee"  # asked for, fee not enclosed: regular service, not a rejection
    NOT_ALLOWED = "not_allowed"  # asked (and perhaps paid) for a type that cannot be expedited


@dataclass(frozen=True)
class ExpediteOutcome:
    kind: ExpediteKind
    service_level: str  # the service the item gets
    quote: Quote  # the fee for that service
    settlement: Settlement  # the tender against that fee
    note: str


# ---------------------------------------------------------------- the schedule


class FeeSchedule:
    """The fee rows, service levels and overpayment rule of one profile."""

    def __init__(self, jurisdiction: str, rows: Sequence[FeeRow],
                 levels: Sequence[ServiceLevel], overpayment_kept_max_cents: int,
                 overpayment_source: str, filing_types: FilingCatalogue):
        self.jurisdiction = jurisdiction
        self.rows = tuple(rows)
        self.levels = tuple(levels)
        self.overpayment_kept_max_cents = overpayment_kept_max_cents
        self.overpayment_source = overpayment_source
        self.filing_types = filing_types

    @classmethod
    def from_toml(cls, text: str, filing_types: FilingCatalogue) -> FeeSchedule:
        """Read fees.toml; every filing type and entity type it names must be in the catalogue
        (so a typo fails at start-up) and rows of one fee line may not overlap in time."""
        data = tomllib.loads(text)
        profile = _table(data, "profile")
        settlement = _table(data, "settlement")
        rows = [_fee_row(r, n, filing_types) for n, r in enumerate(_rows(data, "fee"), 1)]
        levels = [_level(r, n) for n, r in enumerate(_rows(data, "service_level"), 1)]
        _no_overlaps([((r.filing_type, r.entity_type, r.code), r.effective_from,
                       r.effective_to) for r in rows], "fee")
        _no_overlaps([((lv.code,), lv.effective_from, lv.effective_to) for lv in levels],
                     "service_level")
        if any(lv.code == REGULAR and lv.fee_cents for lv in levels):
            raise ProfileDataError("service_level regular: the regular service has no fee")
        kept = _money(settlement, "overpayment_kept_max", "settlement")
        return cls(_str(profile, "jurisdiction", "profile"), rows, levels, kept,
                   _str(settlement, "source", "settlement"), filing_types)

    # ------------------------------------------------------------ look-ups

    def service_level(self, code: str, on: date) -> ServiceLevel:
        for level in self.levels:
            if level.code == code and level.in_force(on):
                return level
        known = ", ".join(sorted({lv.code for lv in self.levels}))
        raise FeeError(f"No service level {code!r} on {on.isoformat()} (known: {known}).")

    def service_levels(self, on: date) -> list[ServiceLevel]:
        return [level for level in self.levels if level.in_force(on)]

    def rows_for(self, filing_type: str, entity_type: str | None, on: date) -> list[FeeRow]:
        """The rows pricing ``filing_type`` for ``entity_type`` on ``on``: per fee code, the row
        for that entity type if there is one, else the "*" row."""
        chosen: dict[str, FeeRow] = {}
        for row in self.rows:
            if row.filing_type != filing_type or not row.in_force(on):
                continue
            if row.entity_type == entity_type or (row.entity_type == ANY
                                                  and row.code not in chosen):
                chosen[row.code] = row
        return list(chosen.values())

    # ------------------------------------------------------------ pricing

    def quote(self, request: FeeRequest, on: date) -> Quote:
        """The fee lines for ``request`` on the date ``on``, expedite as its own line.

        Raises FeeRefusal for an expedite of a type that cannot be expedited, and FeeError for a
        request that cannot be priced (unknown type or level, the type not filed by that entity
        type, a page count missing for per-page copies, no fee on file for the date).
        """
        filing_type = self._filing_type(request)
        _check_counts(request)
        rows = self.rows_for(filing_type.code, request.entity_type, on)
        if not rows:
            raise FeeError(self._no_fee_message(filing_type, request.entity_type, on))
        lines: list[FeeLine] = []
        notes: list[str] = []
        for row in rows:
            if row.only_if_certified and not request.certified:
                continue
            lines.append(_line(row, request, notes))
        if request.service_level != REGULAR:
            level = self.service_level(request.service_level, on)
            if not filing_type.expedite_allowed:
                raise FeeRefusal(f"{filing_type.label} cannot be expedited: "
                                 f"{filing_type.no_expedite_reason}.",
                                 filing_type.no_expedite_reason)
            lines.append(FeeLine(level.fee_code, level.label, level.fee_cents, level.source))
            if level.note:
                notes.append(level.note)
        return Quote.of(lines, notes)

    def _filing_type(self, request: FeeRequest) -> FilingType:
        try:
            filing_type = self.filing_types.get(request.filing_type)
        except KeyError:
            raise FeeError(f"There is no filing type {request.filing_type!r}.") from None
        if request.entity_type is not None and not filing_type.applies_to(request.entity_type):
            if not filing_type.entity_types:
                raise FeeError(f"{filing_type.label} is not filed on a business entity.")
            kinds = self.filing_types.entity_types
            kind = (kinds.get(request.entity_type).label.lower()
                    if request.entity_type in kinds else repr(request.entity_type))
            raise FeeError(f"{filing_type.title} is not filed for a {kind}.")
        return filing_type

    def _no_fee_message(self, filing_type: FilingType, entity_type: str | None,
                        on: date) -> str:
        if entity_type is None and any(r.filing_type == filing_type.code and r.in_force(on)
                                       for r in self.rows):
            return f"The fee for {filing_type.title} depends on the kind of entity: say which."
        return (f"No fee is on file for {filing_type.title} on {on.isoformat()}; "
                "a lead must add it to the fee schedule.")


# ---------------------------------------------------------------- money at the counter


def service_given(requested_level: str, fee_paid_cents: int, schedule: FeeSchedule,
                  on: date) -> str:
    """The service an item gets: the level asked for if its whole fee was paid, else regular.

    ``fee_paid_cents`` is what the tender leaves after the filing fees. A missing or partial
    expedite fee downgrades to regular service, never a rejection (Ohio cover sheet rev 10/2024;
    FEE-02). A partial fee is not rounded down to a cheaper level: no rule says so, and the
    filer chose a level; the money is settled as an overpayment instead.
    """
    if requested_level == REGULAR:
        return REGULAR
    level = schedule.service_level(requested_level, on)
    return requested_level if fee_paid_cents >= level.fee_cents else REGULAR


def settle(due_cents: int, tendered_cents: int, schedule: FeeSchedule) -> Settlement:
    """Compare the money tendered with the fee due: exact, short, or over (kept when at most the
    profile's threshold, Ohio $10.00, otherwise refunded)."""
    if due_cents < 0 or tendered_cents < 0:
        raise ValueError("amounts due and tendered are never negative")
    difference = tendered_cents - due_cents
    if difference == 0:
        return Settlement(SettlementKind.EXACT, 0, "Paid exactly.")
    if difference < 0:
        return Settlement(SettlementKind.SHORT, -difference,
                          f"Short by {format_cents(-difference)}: the fee is not paid (FEE-01).")
    limit = schedule.overpayment_kept_max_cents
    if difference <= limit:
        return Settlement(SettlementKind.OVER_KEPT, difference,
                          f"Overpaid by {format_cents(difference)}: not refunded; overpayments "
                          f"of {format_cents(limit)} or less are kept "
                          f"({schedule.overpayment_source}).")
    return Settlement(SettlementKind.OVER_REFUND, difference,
                      f"Overpaid by {format_cents(difference)}: refund "
                      f"{format_cents(difference)}.")


def expedite_outcome(schedule: FeeSchedule, request: FeeRequest, tendered_cents: int,
                     on: date) -> ExpediteOutcome:
    """What Mail Sort does with an item, its requested service level and the money sent.

    - no expedite asked: regular, the tender settled against the regular fee;
    - a type that cannot be expedited (certificate, copy, UCC, apostille) with expedite asked,
      paid or not: regular service, the refusal noted with its rule, the expedite money settled as
      an overpayment ("certificate with expedite fee (not allowed)");
    - expedite asked and its whole fee enclosed: expedited, settled against filing + expedite;
    - expedite asked without its fee: regular service, not a rejection (FEE-02).
    """
    regular = schedule.quote(replace(request, service_level=REGULAR), on)
    filing_type = schedule.filing_types.get(request.filing_type)
    wanted = request.service_level
    if wanted == REGULAR:
        paid = settle(regular.total_cents, tendered_cents, schedule)
        return ExpediteOutcome(ExpediteKind.REGULAR, REGULAR, regular, paid, paid.note)
    level = schedule.service_level(wanted, on)  # an unknown level is an error, not "regular"
    if not filing_type.expedite_allowed:
        paid = settle(regular.total_cents, tendered_cents, schedule)
        note = (f"{filing_type.label} cannot be expedited: {filing_type.no_expedite_reason}. "
                f"Regular service. {paid.note}")
        return ExpediteOutcome(ExpediteKind.NOT_ALLOWED, REGULAR, regular, paid, note)
    if service_given(wanted, tendered_cents - regular.total_cents, schedule, on) == wanted:
        expedited = schedule.quote(request, on)
        paid = settle(expedited.total_cents, tendered_cents, schedule)
        return ExpediteOutcome(ExpediteKind.EXPEDITED, wanted, expedited, paid,
                               f"{level.label}. {paid.note}")
    paid = settle(regular.total_cents, tendered_cents, schedule)
    note = (f"{level.label} was asked for but its {format_cents(level.fee_cents)} fee was not "
            f"enclosed: processed at regular service, not rejected (FEE-02). {paid.note}")
    return ExpediteOutcome(ExpediteKind.NO_FEE, REGULAR, regular, paid, note)


# ---------------------------------------------------------------- one line


def _line(row: FeeRow, request: FeeRequest, notes: list[str]) -> FeeLine:
    if row.basis is Basis.FLAT:
        return FeeLine(row.code, row.label, row.amount_cents, row.source)
    if row.basis is Basis.PER_COPY:
        label = f"{row.label} ({request.copies} x {format_cents(row.amount_cents)})"
        return FeeLine(row.code, label, row.amount_cents * request.copies, row.source)
    if row.basis is Basis.PER_PAGE:
        if request.pages is None:
            raise FeeError(f"{row.label} is charged per page: count the pages.")
        pages = request.pages * request.copies
        label = f"{row.label} ({pages} pages x {format_cents(row.amount_cents)})"
        return FeeLine(row.code, label, row.amount_cents * pages, row.source)
    assert row.formula is not None  # the reader guarantees a formula for per_share rows
    if request.shares is None:
        notes.append("No number of authorized shares given: the minimum fee applies.")
        label = f"{row.label} (shares not stated)"
    else:
        label = f"{row.label} ({request.shares:,} authorized shares)"
    return FeeLine(row.code, label, row.formula.cents(request.shares or 0), row.source)


def _check_counts(request: FeeRequest) -> None:
    if request.copies < 1:
        raise FeeError("Ask for at least one copy.")
    if request.shares is not None and request.shares < 0:
        raise FeeError("The number of shares cannot be negative.")
    if request.pages is not None and request.pages < 1:
        raise FeeError("A copy has at least one page.")


# ---------------------------------------------------------------- reading the file


def _fee_row(row: Mapping[str, Any], number: int, filing_types: FilingCatalogue) -> FeeRow:
    where = f"fee {number}"
    code = _str(row, "filing_type", where)
    if code not in filing_types:
        raise ProfileDataError(f"{where}: unknown filing type {code!r}")
    filing_type = filing_types.get(code)
    where = f"fee {number} ({filing_type.code})"
    entity_type = str(row.get("entity_type", ANY))
    if entity_type != ANY and not filing_type.applies_to(entity_type):
        raise ProfileDataError(f"{where}: {filing_type.code} is not filed for {entity_type!r}")
    try:
        basis = Basis(str(row.get("basis", Basis.FLAT.value)))
    except ValueError:
        raise ProfileDataError(f"{where}: basis must be one of "
                               f"{', '.join(b.value for b in Basis)}") from None
    formula = _formula(row, where) if basis is Basis.PER_SHARE else None
    amount = 0 if basis is Basis.PER_SHARE else _money(row, "amount", where)
    start, end = _dates(row, where)
    return FeeRow(
        code=str(row.get("code") or filing_type.code), label=_str(row, "label", where),
        filing_type=filing_type.code, entity_type=entity_type, basis=basis,
        amount_cents=amount, formula=formula,
        only_if_certified=bool(row.get("only_if_certified", False)), effective_from=start,
        effective_to=end, source=_str(row, "source", where), verified=_bool(row, "verified", where))


def _formula(row: Mapping[str, Any], where: str) -> ShareFormula:
    raw = row.get("tiers")
    if not isinstance(raw, list) or not raw:
        raise ProfileDataError(f"{where}: a per_share row needs tiers")
    tiers: list[Tier] = []
    below = 0
    for index, tier in enumerate(raw):
        through = tier.get("through")
        last = index == len(raw) - 1
        if (through is None) != last or (through is not None and through <= below):
            raise ProfileDataError(f"{where}: tier {index + 1}: 'through' must rise, and only "
                                   "the last tier has none")
        try:
            rate = Fraction(str(tier["cents_per_share"]))
        except (KeyError, ValueError, ZeroDivisionError):
            raise ProfileDataError(f"{where}: tier {index + 1}: cents_per_share must be a "
                                   'number of cents such as "10" or "1/4"') from None
        if rate < 0:
            raise ProfileDataError(f"{where}: tier {index + 1}: a negative rate")
        tiers.append(Tier(through, rate))
        below = through or below
    minimum = _money(row, "minimum", where)
    maximum = _money(row, "maximum", where) if "maximum" in row else None
    if maximum is not None and maximum < minimum:
        raise ProfileDataError(f"{where}: maximum below minimum")
    return ShareFormula(tuple(tiers), minimum, maximum)


def _level(row: Mapping[str, Any], number: int) -> ServiceLevel:
    where = f"service_level {number}"
    code = _str(row, "code", where)
    where = f"service_level {number} ({code})"
    for moved in ("sla", "cutoff"):
        if moved in row:
            raise ProfileDataError(f"{where}: {moved} belongs in calendar.toml, not fees.toml")
    start, end = _dates(row, where)
    return ServiceLevel(
        code=code, label=_str(row, "label", where), fee_code=str(row.get("fee_code", code)),
        fee_cents=_money(row, "fee", where),
        in_person_only=bool(row.get("in_person_only", False)),
        note=str(row.get("note", "")), effective_from=start, effective_to=end,
        source=_str(row, "source", where), verified=_bool(row, "verified", where))


def _no_overlaps(spans: list[tuple[tuple[str, ...], date, date | None]], what: str) -> None:
    by_key: dict[tuple[str, ...], list[tuple[date, date | None]]] = {}
    for key, start, end in spans:
        by_key.setdefault(key, []).append((start, end))
    for key, periods in by_key.items():
        periods.sort()
        for (_, end), (next_start, _) in itertools.pairwise(periods):
            if end is None or end >= next_start:
                raise ProfileDataError(f"{what} {'/'.join(key)}: two rows in force on "
                                       f"{next_start.isoformat()}")


def _dates(row: Mapping[str, Any], where: str) -> tuple[date, date | None]:
    start, end = row.get("effective_from"), row.get("effective_to")
    if not _is_date(start) or (end is not None and not _is_date(end)):
        raise ProfileDataError(f"{where}: effective_from (and effective_to, if any) must be "
                               "dates such as 2015-09-29")
    assert isinstance(start, date)
    if end is not None and end < start:
        raise ProfileDataError(f"{where}: effective_to is before effective_from")
    return start, end


def _is_date(value: object) -> bool:
    # tomllib gives datetime for a date-time; datetime is a subclass of date, so check exactly
    return type(value) is date


def _money(row: Mapping[str, Any], key: str, where: str) -> int:
    value = row.get(key)
    if not isinstance(value, str):
        raise ProfileDataError(f'{where}: {key} must be an amount in quotes, such as "99.00"')
    try:
        return parse_cents(value)
    except MoneyFormatError as exc:
        raise ProfileDataError(f"{where}: {key}: {exc}") from None


def _rows(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ProfileDataError(f"fees.toml: {key} must be an array of tables ([[{key}]])")
    return value


def _table(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise ProfileDataError(f"fees.toml: the [{key}] table is missing")
    return value




