"""Drawer arithmetic (teller.md 2.4): expected totals per tender from the session's journal, the
blind count, the differences and their sign-off, the check mismatch list and the deposit clock.

The bug classes of teller.md 3 are pinned down here: change counted as money taken (ERPNext
#23125), the opening count ignored (Odoo #196395), cash moves missing from the expected total
(Odoo #180734), and a cash overage hiding a missing check of the same amount.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workstation.domain.drawer import (
    Count,
    DrawerError,
    Line,
    Movement,
    Total,
    cash_of,
    compare,
    counted,
    deposit_due,
    effect,
    expected,
    off_by,
    sign_off,
    unmatched,
)
from workstation.domain.money import MAX_CENTS
from workstation.domain.teller_rules import TellerRules
from workstation.paths import resources_dir
from workstation.services import profile

TENDERS = ("cash", "check", "money_order", "card")
OTHER_TENDERS = ("check", "money_order", "card")
CASH_ONLY_KINDS = ("opening", "change", "paid_in", "paid_out", "drop")
EITHER_KINDS = ("received", "returned")


def ohio_rules() -> TellerRules:
    path = resources_dir() / "profiles" / "ohio" / "teller.toml"
    return TellerRules.from_toml(path.read_text(encoding="utf-8"))


def cash(kind: str, cents: int) -> Movement:
    return Movement(kind, "cash", cents)


# ---------------------------------------------------------------------- expected, by property

amounts = st.integers(min_value=0, max_value=MAX_CENTS)
movements = st.one_of(
    st.builds(Movement, st.sampled_from(CASH_ONLY_KINDS), st.just("cash"), amounts),
    st.builds(Movement, st.sampled_from(EITHER_KINDS), st.sampled_from(TENDERS), amounts),
)
journals = st.lists(movements, max_size=60)


def recomputed(journal: list[Movement]) -> dict[str, Total]:
    """The expected totals written out longhand, independently of the module's sign table."""

    def money(kind: str, tender: str) -> int:
        return sum(m.cents for m in journal if m.kind == kind and m.tender == tender)

    def items(kind: str, tender: str) -> int:
        return sum(1 for m in journal if m.kind == kind and m.tender == tender)

    result = {"cash": Total(money("opening", "cash") + money("received", "cash")
                            - money("change", "cash") - money("returned", "cash")
                            + money("paid_in", "cash") - money("paid_out", "cash")
                            - money("drop", "cash"), 0)}
    for tender in OTHER_TENDERS:
        result[tender] = Total(money("received", tender) - money("returned", tender),
                               items("received", tender) - items("returned", tender))
    return result


@given(journals)
def test_expected_equals_the_longhand_recomputation(journal: list[Movement]) -> None:
    assert expected(journal) == recomputed(journal)


@given(journals)
def test_expected_amounts_stay_whole_cents(journal: list[Movement]) -> None:
    for total in expected(journal).values():
        assert type(total.cents) is int
        assert type(total.items) is int


@given(journals, st.data())
def test_two_halves_add_up_to_the_whole(journal: list[Movement], data: st.DataObject) -> None:
    cut = data.draw(st.integers(min_value=0, max_value=len(journal)))
    first, second, whole = expected(journal[:cut]), expected(journal[cut:]), expected(journal)
    assert {t: first[t] + second[t] for t in TENDERS} == whole


@given(journals)
def test_running_sum_of_effects_equals_the_fold(journal: list[Movement]) -> None:
    running = {t: Total() for t in TENDERS}
    for movement in journal:
        running[movement.tender] = running[movement.tender] + effect(movement)
    assert running == expected(journal)


@given(journals, st.randoms(use_true_random=False))
def test_order_of_postings_does_not_matter(journal: list[Movement], rnd: random.Random
                                           ) -> None:
    shuffled = list(journal)
    rnd.shuffle(shuffled)
    assert expected(shuffled) == expected(journal)


# ---------------------------------------------------------------------- expected, by example

def test_every_tender_is_present_and_zero_when_untouched() -> None:
    assert expected([]) == {t: Total(0, 0) for t in TENDERS}


def test_change_given_is_not_counted_as_money_taken() -> None:
    # A $100 bill for a $99 fee, $1 change: the drawer holds $99 more, not $100 or $101.
    before = expected([cash("opening", 20000)])
    after = expected([cash("opening", 20000), cash("received", 10000), cash("change", 100)])
    assert after["cash"].cents - before["cash"].cents == 9900


def test_opening_count_is_included_in_expected_cash() -> None:
    journal = [cash("opening", 20000), cash("received", 2500)]
    assert expected(journal)["cash"] == Total(22500, 0)


def test_a_drop_to_the_safe_lowers_expected_cash() -> None:
    journal = [cash("opening", 20000), cash("received", 50000), cash("drop", 40000)]
    assert expected(journal)["cash"].cents == 30000


def test_paid_in_and_paid_out_move_expected_cash() -> None:
    journal = [cash("opening", 20000), cash("paid_in", 1500), cash("paid_out", 700)]
    assert expected(journal)["cash"].cents == 20800


def test_a_cash_refund_lowers_expected_cash() -> None:
    journal = [cash("opening", 20000), cash("received", 5000), cash("returned", 5000)]
    assert expected(journal)["cash"].cents == 20000


def test_a_returned_check_lowers_check_amount_and_items() -> None:
    journal = [Movement("received", "check", 12500), Movement("received", "check", 5000),
               Movement("returned", "check", 5000)]
    assert expected(journal)["check"] == Total(12500, 1)


@pytest.mark.parametrize("tender", OTHER_TENDERS)
def test_other_tenders_count_items_and_cash_does_not(tender: str) -> None:
    journal = [Movement("received", tender, 9900), cash("received", 9900)]
    totals = expected(journal)
    assert totals[tender] == Total(9900, 1)
    assert totals["cash"] == Total(9900, 0)


# ---------------------------------------------------------------------- refusals

@pytest.mark.parametrize(
    ("movement", "words"),
    [(Movement("received", "cash", -1), "never negative"),
     (Movement("refund", "cash", 100), "unknown movement 'refund'"),
     (Movement("received", "bitcoin", 100), "unknown tender 'bitcoin'")],
)
def test_effect_refuses_a_bad_movement(movement: Movement, words: str) -> None:
    with pytest.raises(DrawerError, match=words):
        effect(movement)


@pytest.mark.parametrize(
    ("movement", "words"),
    [(Movement("received", "cash", -1), "never negative"),
     (Movement("refund", "cash", 100), "unknown movement 'refund'"),
     (Movement("received", "bitcoin", 100), "unknown tender 'bitcoin'")],
)
def test_expected_refuses_a_bad_movement(movement: Movement, words: str) -> None:
    with pytest.raises(DrawerError, match=words):
        expected([cash("opening", 20000), movement])


@pytest.mark.parametrize(
    "count",
    [Count({"bill_20": -1}), Count({}, checks=(5000, -1)), Count({}, money_orders=(-100,)),
     Count({}, card_cents=-1), Count({}, card_items=-1)],
)
def test_refuses_a_negative_count(count: Count) -> None:
    with pytest.raises(DrawerError, match="never negative"):
        counted(ohio_rules(), count)


def test_refuses_an_unknown_denomination() -> None:
    with pytest.raises(DrawerError, match="unknown denomination 'bill_3'"):
        cash_of(ohio_rules(), {"bill_3": 1})


def test_cash_only_movements_on_other_tenders_are_refused() -> None:
    # The module says each non-cash tender expects what it received less what it handed back;
    # yet a "drop" of a $50 check lowers the expected checks by $50 and leaves the item count.
    for kind in CASH_ONLY_KINDS:
        for tender in OTHER_TENDERS:
            with pytest.raises(DrawerError):
                effect(Movement(kind, tender, 5000))


# ---------------------------------------------------------------------- the blind count

def test_cash_of_three_twenties_and_four_quarters_is_61_dollars() -> None:
    assert cash_of(ohio_rules(), {"bill_20": 3, "coin_25": 4}) == 6100


def test_cash_of_every_denomination_once() -> None:
    rules = ohio_rules()
    assert cash_of(rules, {d.code: 1 for d in rules.denominations}) == 18991


def test_counted_gives_each_tender_amount_and_items() -> None:
    count = Count({"bill_100": 2, "coin_1": 3}, checks=(5000, 2500), money_orders=(1000,),
                  card_cents=9900, card_items=1)
    assert counted(ohio_rules(), count) == {
        "cash": Total(20003, 0), "check": Total(7500, 2), "money_order": Total(1000, 1),
        "card": Total(9900, 1)}


def test_a_balanced_drawer_closes() -> None:
    journal = [cash("opening", 20000), cash("received", 6100), Movement("received", "check", 5000)]
    lines = compare(expected(journal), counted(ohio_rules(), Count(
        {"bill_100": 2, "bill_20": 3, "coin_25": 4}, checks=(5000,))))
    assert off_by(lines) == 0
    assert sign_off(ohio_rules(), lines) == "close"


def test_a_cash_overage_does_not_hide_a_missing_check() -> None:
    journal = [cash("opening", 20000), Movement("received", "check", 2000)]
    lines = compare(expected(journal), counted(ohio_rules(), Count({"bill_20": 11})))
    by_tender = {line.tender: line for line in lines}
    assert by_tender["cash"].difference_cents == 2000
    assert by_tender["check"].difference_cents == -2000
    assert by_tender["check"].difference_items == -1
    assert off_by(lines) == 4000  # not 0
    assert sign_off(ohio_rules(), lines) == "lead"


@pytest.mark.parametrize(
    ("short_by", "needs"),
    [(0, "close"), (1, "reason"), (500, "reason"), (501, "lead"), (5000, "lead"),
     (5001, "supervisor")],
)
def test_sign_off_follows_how_far_the_drawer_is_off(short_by: int, needs: str) -> None:
    lines = (Line("cash", Total(20000 + short_by), Total(20000)),)
    assert sign_off(ohio_rules(), lines) == needs


def test_compare_lists_every_tender_even_when_missing() -> None:
    lines = compare({"cash": Total(100)}, {"card": Total(50, 1)})
    assert [line.tender for line in lines] == list(TENDERS)
    assert off_by(lines) == 150


# ---------------------------------------------------------------------- checks by amount

def test_unmatched_names_the_missing_and_the_extra_amounts() -> None:
    missing, extra = unmatched([2500, 5000, 5000, 1000], [5000, 2500, 7500])
    assert missing == [1000, 5000]
    assert extra == [7500]


def test_unmatched_is_empty_when_the_checks_agree() -> None:
    assert unmatched([100, 200, 100], [100, 100, 200]) == ([], [])


small_amounts = st.lists(st.integers(min_value=0, max_value=20), max_size=25)


@given(small_amounts, small_amounts)
def test_unmatched_accounts_for_every_check(want: list[int], have: list[int]) -> None:
    missing, extra = unmatched(want, have)
    assert not Counter(missing) & Counter(extra)  # disjoint multisets
    assert Counter(missing) <= Counter(want)
    assert Counter(want) - Counter(missing) + Counter(extra) == Counter(have)
    assert missing == sorted(missing)
    assert extra == sorted(extra)


# ---------------------------------------------------------------------- the deposit clock

def test_ohio_deposit_is_due_at_close_of_third_business_day_skipping_thanksgiving() -> None:
    ohio = profile.load("ohio")
    cal = ohio.calendar
    assert cal.holiday_name(date(2026, 11, 26)) == "Thanksgiving Day"  # the data under the rule
    assert cal.is_business_day(date(2026, 11, 27))
    closed = datetime(2026, 11, 25, 17, 0, tzinfo=cal.zone)
    due = deposit_due(ohio.teller.deposit, cal, date(2026, 11, 25), 123456, closed)
    # Fri 11-27 (1), Mon 11-30 (2), Tue 12-01 (3); Thanksgiving and the weekend skipped.
    assert due == datetime(2026, 12, 1, 17, 0, tzinfo=cal.zone)
    assert due == cal.closing(date(2026, 12, 1))


@pytest.mark.parametrize("total", [0, 1, 49999, 50000, 10**9])
def test_ohio_deposit_clock_ignores_the_amount(total: int) -> None:
    ohio = profile.load("ohio")
    closed = datetime(2026, 6, 1, 17, 0, tzinfo=ohio.calendar.zone)
    due = deposit_due(ohio.teller.deposit, ohio.calendar, date(2026, 6, 1), total, closed)
    assert due == datetime(2026, 6, 4, 17, 0, tzinfo=ohio.calendar.zone)  # Mon -> Thu


def test_connecticut_500_dollars_exactly_is_due_24_hours_after_close() -> None:
    ct = profile.load("connecticut")
    closed = datetime(2026, 11, 24, 16, 30, tzinfo=ct.calendar.zone)
    due = deposit_due(ct.teller.deposit, ct.calendar, date(2026, 11, 24), 50000, closed)
    assert due == closed + timedelta(hours=24)


def test_connecticut_499_99_is_due_by_the_end_of_the_7th_calendar_day() -> None:
    ct = profile.load("connecticut")
    closed = datetime(2026, 11, 24, 16, 30, tzinfo=ct.calendar.zone)
    due = deposit_due(ct.teller.deposit, ct.calendar, date(2026, 11, 24), 49999, closed)
    assert due == datetime.combine(date(2026, 12, 1), time(23, 59), tzinfo=ct.calendar.zone)


def test_connecticut_24_hours_are_24_elapsed_hours_across_dst() -> None:
    ct = profile.load("connecticut")
    closed = datetime(2026, 10, 31, 16, 30, tzinfo=ct.calendar.zone)  # DST ends 11-01 02:00
    due = deposit_due(ct.teller.deposit, ct.calendar, date(2026, 10, 31), 50000, closed)
    assert due.astimezone(UTC) - closed.astimezone(UTC) == timedelta(hours=24)
