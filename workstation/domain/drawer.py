"""Drawer arithmetic (teller.md 2.1 Odoo's, 2.4 ours): what a drawer session should hold, per
tender, from its journal; what a blind count found; the differences; who signs them off; and when
the day's deposit is due. Pure functions over plain values, in integer cents.

Expected cash = counted opening + cash received - change given + cash paid in - cash paid out -
cash dropped to the safe - cash handed back on reversals. Change is its own movement, so the
change a clerk hands over is never counted as money taken (ERPNext #23125). Each non-cash tender
expects the sum of what it received less what it handed back, item by item.

The service keeps these totals as running sums it adds to with each posting; the tests fold the
journal through ``expected`` and compare the two over thousands of generated sessions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from workstation.domain.calendar import OfficeCalendar
from workstation.domain.teller_rules import TENDERS, DepositRule, TellerRules

# How each kind of movement bears on the drawer: sign of the money, and of the item count for the
# tenders counted item by item (checks, money orders, card slips).
MOVEMENTS: Mapping[str, tuple[int, int]] = {
    "opening": (+1, 0),     # the counted float (cash)
    "received": (+1, +1),   # a tender taken on a receipt
    "change": (-1, 0),      # cash change handed to the customer
    "returned": (-1, -1),   # a tender handed back on a reversal (cash refund, check returned)
    "paid_in": (+1, 0),
    "paid_out": (-1, 0),
    "drop": (-1, 0),        # cash taken to the safe mid-day, witnessed
}
ITEMISED = ("check", "money_order", "card")
CASH_ONLY = ("opening", "change", "paid_in", "paid_out", "drop")


class DrawerError(ValueError):
    """An amount the drawer arithmetic refuses (a negative count, an unknown tender ...)."""


@dataclass(frozen=True)
class Movement:
    kind: str
    tender: str
    cents: int  # as recorded, never negative; the kind gives the sign


@dataclass(frozen=True)
class Total:
    cents: int = 0
    items: int = 0

    def __add__(self, other: Total) -> Total:
        return Total(self.cents + other.cents, self.items + other.items)


def effect(movement: Movement) -> Total:
    """What one movement adds to its tender's expected total."""
    if movement.kind not in MOVEMENTS:
        raise DrawerError(f"unknown movement {movement.kind!r}")
    if movement.tender not in TENDERS:
        raise DrawerError(f"unknown tender {movement.tender!r}")
    if movement.kind in CASH_ONLY and movement.tender != "cash":
        raise DrawerError(f"a {movement.kind} movement is cash only")
    if isinstance(movement.cents, bool) or not isinstance(movement.cents, int):
        raise DrawerError("money is whole cents")
    if movement.cents < 0:
        raise DrawerError("a movement's amount is never negative; its kind gives the sign")
    money, items = MOVEMENTS[movement.kind]
    counted_items = items if movement.tender in ITEMISED else 0
    return Total(money * movement.cents, counted_items)


def expected(movements: Iterable[Movement]) -> dict[str, Total]:
    """Each tender's expected total (every tender present, zero when untouched)."""
    found = {tender: Total() for tender in TENDERS}
    for movement in movements:
        change = effect(movement)  # refuses an unknown tender before it is looked up
        found[movement.tender] = found[movement.tender] + change
    return found


# ---------------------------------------------------------------------- a blind count

@dataclass(frozen=True)
class Count:
    """What the clerk counted, without seeing what was expected: bills and coins by
    denomination, each check and money order by amount, the card terminal's settlement total
    and number of approvals."""

    cash: Mapping[str, int]  # denomination code -> how many
    checks: Sequence[int] = ()
    money_orders: Sequence[int] = ()
    card_cents: int = 0
    card_items: int = 0


def cash_of(rules: TellerRules, quantities: Mapping[str, int]) -> int:
    """The value of bills and coins counted by denomination."""
    total = 0
    for code, quantity in quantities.items():
        if quantity < 0:
            raise DrawerError("a count is never negative")
        try:
            total += rules.denomination(code).cents * quantity
        except KeyError:
            raise DrawerError(f"unknown denomination {code!r}") from None
    return total


def counted(rules: TellerRules, count: Count) -> dict[str, Total]:
    amounts = [*count.checks, *count.money_orders, count.card_cents, count.card_items]
    if any(a < 0 for a in amounts):
        raise DrawerError("a count is never negative")
    return {"cash": Total(cash_of(rules, count.cash), 0),
            "check": Total(sum(count.checks), len(count.checks)),
            "money_order": Total(sum(count.money_orders), len(count.money_orders)),
            "card": Total(count.card_cents, count.card_items)}


@dataclass(frozen=True)
class Line:
    """One tender of the comparison shown after the count is submitted."""

    tender: str
    expected: Total
    counted: Total

    @property
    def difference_cents(self) -> int:  # over > 0, short < 0
        return self.counted.cents - self.expected.cents

    @property
    def difference_items(self) -> int:
        return self.counted.items - self.expected.items


def compare(expected_: Mapping[str, Total], counted_: Mapping[str, Total]) -> tuple[Line, ...]:
    return tuple(Line(t, expected_.get(t, Total()), counted_.get(t, Total())) for t in TENDERS)


def off_by(lines: Iterable[Line]) -> int:
    """How far the drawer is off: the sum of each tender's absolute difference, so a cash
    overage cannot hide a missing check of the same amount."""
    return sum(abs(line.difference_cents) for line in lines)


def sign_off(rules: TellerRules, lines: Sequence[Line]) -> str:
    """``close``, ``reason``, ``lead`` or ``supervisor`` (teller.toml [variance])."""
    return rules.sign_off(off_by(lines))


def unmatched(expected_amounts: Iterable[int], counted_amounts: Iterable[int]
              ) -> tuple[list[int], list[int]]:
    """Checks expected but not counted, and counted but not expected, by amount."""
    want, have = Counter(expected_amounts), Counter(counted_amounts)
    return sorted((want - have).elements()), sorted((have - want).elements())


# ---------------------------------------------------------------------- the deposit clock

def deposit_due(rule: DepositRule, calendar: OfficeCalendar, business_day: date,
                total_cents: int, closed_at: datetime) -> datetime:
    """When the deposit of ``business_day``'s receipts (``total_cents``) is due.

    Ohio (``business_days``): by the close of the ``days``-th business day after it
    (OAC 113-1-02). Connecticut (``threshold``): within ``hours`` of the close once the receipts
    reach the threshold, else by the end of the ``days``-th calendar day (CGS 4-32)."""
    if rule.rule == "business_days":
        day = business_day
        for _ in range(rule.days):
            day = calendar.next_business_day(day)
        return calendar.closing(day)
    if total_cents >= rule.threshold_cents:  # elapsed hours, across a clock change too
        return (closed_at.astimezone(UTC) + timedelta(hours=rule.hours)).astimezone(calendar.zone)
    end = business_day + timedelta(days=rule.days)
    return datetime.combine(end, time(23, 59), tzinfo=calendar.zone)
