"""Closing drawers on both databases: the blind count (the clerk sees no expected figure before
submitting), an exact drawer closing at once, a short one needing the clerk's reason and, by its
size, a lead's or a supervisor's sign-off by someone other than the counter, a rejected count
counted again, a closed drawer corrected by an appended adjustment and signed off again, and
running totals that disagree with the journal stopping the count."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from tests.integration.teller_support import (
    EXACT_DAY,
    P,
    card,
    cash,
    check,
    deposit,
    opened,
    person,
)
from workstation.domain.drawer import Count
from workstation.errors import PermissionDenied, UserError
from workstation.models import DrawerTotal
from workstation.services import teller, teller_close, teller_read
from workstation.services.teller_journal import JournalMismatch
from workstation.startup import Backend

EXACT_CASH = EXACT_DAY  # the float and a $99 fee paid with a $100 bill


def a_day(backend: Backend) -> tuple[int, Count]:
    """A clerk's drawer with a cash, a check and a card receipt; the exact count of it."""
    clerk, session_id = opened(backend)
    teller.post_receipt(backend.db, P, clerk, deposit("99.00", cash("100.00")))
    teller.post_receipt(backend.db, P, clerk, deposit("50.00", check("50.00")))
    teller.post_receipt(backend.db, P, clerk, deposit("25.00", card("25.00")))
    return session_id, Count(EXACT_CASH, checks=(5000,), card_cents=2500, card_items=1)


def test_the_count_is_blind_until_submitted_and_an_exact_drawer_closes(
        demo_backend: Backend) -> None:
    db = demo_backend.db
    session_id, exact = a_day(demo_backend)
    clerk = person(demo_backend, "clerk")
    assert teller_read.session(db, clerk, session_id).expected is None  # blind
    assert teller_read.session(db, person(demo_backend, "lead"), session_id).expected
    with pytest.raises(PermissionDenied):  # nor through the count's own read-back
        teller_close.count_result(db, person(demo_backend, "senior"), session_id)
    with pytest.raises(UserError, match="their own drawer"):
        teller_close.submit_count(db, P, person(demo_backend, "lead"), session_id, exact)
    result = teller_close.submit_count(db, P, clerk, session_id, exact)
    assert (result.off_by_cents, result.sign_off, result.status) == (0, "close", "closed")
    cash_line = result.lines[0]
    assert (cash_line.tender, cash_line.expected_cents, cash_line.counted_cents) == (
        "cash", 29900, 29900)
    view = teller_read.session(db, clerk, session_id)
    assert view.status == "closed" and view.expected is not None  # seen once counted
    with pytest.raises(UserError, match="counted already"):
        teller_close.submit_count(db, P, clerk, session_id, exact)
    assert teller_read.my_session(db, clerk) is None  # the drawer is free again


def test_a_short_drawer_needs_a_reason_and_a_lead_who_did_not_count(
        demo_backend: Backend) -> None:
    db = demo_backend.db
    session_id, _ = a_day(demo_backend)
    clerk, lead = person(demo_backend, "clerk"), person(demo_backend, "lead")
    short = Count({**EXACT_CASH, "bill_20": 3}, checks=(), card_cents=2500, card_items=1)
    result = teller_close.submit_count(db, P, clerk, session_id, short)
    # $20 short in cash and a $50 check missing: $70 off, above the lead's $50 line.
    assert result.off_by_cents == 7000 and result.sign_off == "supervisor"
    assert result.missing_checks == (5000,) and result.status == "counted"
    with pytest.raises(UserError, match="reason for the difference first"):
        teller_close.decide(db, P, person(demo_backend, "supervisor"), session_id, True)
    with pytest.raises(UserError, match="Say what"):
        teller_close.explain(db, P, clerk, session_id, " ")
    assert teller_close.explain(db, P, clerk, session_id, "check sent with the mail") == \
        "counted"
    with pytest.raises(PermissionDenied) as refused:  # above the lead's line
        teller_close.decide(db, P, lead, session_id, True)
    assert refused.value.field == "approver"
    with pytest.raises(UserError, match="Say why"):
        teller_close.decide(db, P, person(demo_backend, "supervisor"), session_id, False)
    assert teller_close.decide(db, P, person(demo_backend, "supervisor"), session_id, False,
                               "count the checks again") == "counted"
    seen = teller_close.count_result(db, clerk, session_id)
    assert (seen.reason, seen.rejected_note) == ("check sent with the mail",
                                                 "count the checks again")
    # Counted again: the check was in the other slot; $20 still short goes to a lead's line.
    again = teller_close.submit_count(db, P, clerk, session_id, Count(
        {**EXACT_CASH, "bill_20": 3}, checks=(5000,), card_cents=2500, card_items=1))
    assert (again.off_by_cents, again.sign_off) == (2000, "lead")
    teller_close.explain(db, P, clerk, session_id, "a $20 bill short")
    assert teller_close.decide(db, P, lead, session_id, True) == "closed"
    assert teller_close.count_result(db, clerk, session_id).approved_by == "lead"


def test_a_small_difference_closes_on_the_clerks_reason(demo_backend: Backend) -> None:
    db = demo_backend.db
    session_id, _ = a_day(demo_backend)
    clerk = person(demo_backend, "clerk")
    over = Count({**EXACT_CASH, "coin_25": 44}, checks=(5000,), card_cents=2500, card_items=1)
    result = teller_close.submit_count(db, P, clerk, session_id, over)
    assert (result.off_by_cents, result.sign_off, result.status) == (100, "reason", "counted")
    assert teller_close.explain(db, P, clerk, session_id, "customer left change") == "closed"


def test_a_closed_drawer_is_corrected_by_an_adjustment_and_signed_off_again(
        demo_backend: Backend) -> None:
    db = demo_backend.db
    session_id, exact = a_day(demo_backend)
    clerk, lead = person(demo_backend, "clerk"), person(demo_backend, "lead")
    teller_close.submit_count(db, P, clerk, session_id, exact)
    with pytest.raises(PermissionDenied):  # a clerk cannot reopen a close
        teller_close.adjust(db, P, clerk, session_id, "cash", 2000, 0, "found a $20")
    teller_close.adjust(db, P, lead, session_id, "cash", 2000, 0, "a $20 found under the tray")
    result = teller_close.count_result(db, lead, session_id)
    assert result.status == "counted" and result.lines[0].difference_cents == 2000
    with pytest.raises(UserError, match="other than the counter"):
        teller_close.decide(db, P, lead, session_id, True)  # the one who corrected it
    assert teller_close.decide(db, P, person(demo_backend, "supervisor"), session_id,
                               True) == "closed"


def test_running_totals_that_differ_from_the_journal_stop_the_count(
        demo_backend: Backend) -> None:
    db = demo_backend.db
    session_id, exact = a_day(demo_backend)
    with db.uow() as uow:  # what a lost update would leave behind
        uow.session.execute(update(DrawerTotal).where(
            DrawerTotal.session_id == session_id, DrawerTotal.tender == "cash")
            .values(cents=DrawerTotal.cents - 100))
        uow.commit()
    with pytest.raises(JournalMismatch):
        teller_close.submit_count(db, P, person(demo_backend, "clerk"), session_id, exact)
