"""The envelope balance from the Ohio fee data: the outcomes Mail Sort shows as the clerk types."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workstation.domain.envelope_balance import DocumentAsk, balance
from workstation.domain.fees import FeeError, FeeRequest
from workstation.services import profile

FEES = profile.load().fees
ON = date(2026, 11, 23)


def llc(level: str = "regular") -> DocumentAsk:
    return DocumentAsk(FeeRequest("OH-610", "llc", service_level=level))


def certificate(level: str = "regular") -> DocumentAsk:
    return DocumentAsk(FeeRequest("OH-CGS", "llc", service_level=level))


@pytest.mark.parametrize(("asks", "tendered", "outcome", "due"), [
    ([llc()], 9900, "exact", 9900),                        # $99 articles, $99 check
    ([llc()], 9400, "short", 9900),                        # $5 short -> hold, letter
    ([llc()], 10900, "over_kept", 9900),                   # $10 over: not refunded
    ([llc()], 10901, "over_refund", 9900),                 # $10.01 over: refunded
    ([llc()], 0, "no_payment", 9900),
    ([llc("expedite_2")], 29900, "exact", 29900),          # $99 + $200 expedite level 2
    ([llc("expedite_2")], 9900, "exact", 9900),            # no expedite fee: regular, exact
    ([llc("expedite_1"), llc("expedite_3")], 9900 * 2 + 10000, "exact", 29800),
    ([certificate("expedite_1")], 500 + 10000, "over_refund", 500),  # not allowed: refund $100
])
def test_outcomes(asks: list[DocumentAsk], tendered: int, outcome: str, due: int) -> None:
    result = balance(FEES, asks, tendered, ON)
    assert (result.outcome, result.due_cents) == (outcome, due)
    assert result.note


def test_expedite_without_its_fee_is_regular_service_with_a_note() -> None:
    result = balance(FEES, [llc("expedite_3")], 9900, ON)
    [line] = result.documents
    assert (line.requested_level, line.service_level) == ("expedite_3", "regular")
    assert "not a rejection" in line.note


def test_money_pays_expedites_in_the_order_logged() -> None:
    result = balance(FEES, [llc("expedite_1"), llc("expedite_3")], 9900 * 2 + 10000, ON)
    assert [d.service_level for d in result.documents] == ["expedite_1", "regular"]


def test_certificate_cannot_be_expedited() -> None:
    [line] = balance(FEES, [certificate("expedite_1")], 10500, ON).documents
    assert line.service_level == "regular" and "cannot be expedited" in line.note


def test_an_unpriceable_document_is_named() -> None:
    with pytest.raises(FeeError, match="Document 2"):
        balance(FEES, [llc(), DocumentAsk(FeeRequest("NO-SUCH", None))], 0, ON)


@given(st.lists(st.sampled_from(["regular", "expedite_1", "expedite_2", "expedite_3"]),
                min_size=1, max_size=5), st.integers(min_value=0, max_value=500_000))
def test_due_is_regular_fees_plus_granted_expedites(levels: list[str], tendered: int) -> None:
    result = balance(FEES, [llc(level) for level in levels], tendered, ON)
    granted = sum({"expedite_1": 10000, "expedite_2": 20000, "expedite_3": 30000}.get(
        d.service_level, 0) for d in result.documents)
    assert result.due_cents == 9900 * len(levels) + granted
    if result.outcome in ("exact", "over_kept", "over_refund"):
        assert granted <= tendered - 9900 * len(levels)


def test_in_person_only_level_by_mail_is_regular() -> None:
    [line] = balance(FEES, [llc("expedite_3")], 39900, ON, in_person=False).documents
    assert line.service_level == "regular" and "in-person" in line.note


def test_money_held_by_an_exception() -> None:
    result = balance(FEES, [llc()], 9900, ON, money_held="Check not signed")
    assert result.outcome == "hold" and "Check not signed" in result.note
