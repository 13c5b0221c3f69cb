"""What the Teller Drawer's services take and give: a receipt's fee lines and tenders as typed,
and frozen views of sessions, receipts and counts for the screens and the printouts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

# What a fee line pays for: a filing logged at Mail Sort (by document number), a charge made
# by other work (an inquiry's records request, a certificate), or a deposit held in suspense
# until the work it pays for exists.
APPLIES_TO = ("filing", "charge", "suspense")
# Tenders a reversal may hand back that never touch a drawer: a refund by check from finance.
REFUND_CHECK = "refund_check"


@dataclass(frozen=True)
class LineInput:
    applies_to: str
    reference: str = ""       # document number or charge number; blank for suspense
    fee_code: str = ""        # suspense: the fee the deposit is for
    amount: str = ""          # suspense: the amount, as typed
    description: str = ""


@dataclass(frozen=True)
class TenderInput:
    tender: str               # cash, check, money_order, card
    amount: str               # as typed
    check_number: str = ""
    payer: str = ""
    bank: str = ""
    remittance_id: int | None = None  # a check logged in Mail Sort, applied not retyped
    card_brand: str = ""
    card_last4: str = ""
    auth_code: str = ""
    terminal_ref: str = ""


@dataclass(frozen=True)
class ReceiptInput:
    customer_name: str
    lines: tuple[LineInput, ...]
    tenders: tuple[TenderInput, ...]
    idempotency_key: str
    customer_id: int | None = None


@dataclass(frozen=True)
class LineView:
    fee_code: str
    description: str
    quantity: int
    amount_cents: int
    applies_to: str
    reference: str


@dataclass(frozen=True)
class TenderView:
    tender: str
    amount_cents: int
    detail: str  # "check 1234, Harrowgate Law (Chase)" / "Visa ending 4242, auth 0A12"


@dataclass(frozen=True)
class ReceiptView:
    id: int
    number: str
    kind: str  # sale / reversal
    business_date: date
    posted_at: datetime
    clerk: str
    drawer: str
    customer_name: str
    total_cents: int
    change_cents: int
    lines: tuple[LineView, ...]
    tenders: tuple[TenderView, ...]
    reverses: str | None = None
    reversed_by: str | None = None
    reason: str = ""
    approved_by: str | None = None


@dataclass(frozen=True)
class SessionView:
    """A drawer session as its screen shows it. ``expected`` is None for the session's own
    clerk until their blind count is submitted."""

    id: int
    drawer: str
    clerk: str
    business_date: date
    status: str  # open / counted / closed
    opened_at: datetime
    change_fund_cents: int
    opening_cents: int
    receipts: int
    version: int
    expected: Mapping[str, tuple[int, int]] | None = field(default=None, hash=False)


@dataclass(frozen=True)
class CountLine:
    tender: str
    expected_cents: int
    expected_items: int
    counted_cents: int
    counted_items: int

    @property
    def difference_cents(self) -> int:
        return self.counted_cents - self.expected_cents


@dataclass(frozen=True)
class CountResult:
    """Shown only after the count is submitted: per tender expected, counted, difference;
    who must sign it off; the checks that do not match, by amount."""

    session_id: int
    count_id: int
    lines: tuple[CountLine, ...]
    off_by_cents: int
    sign_off: str  # close / reason / lead / supervisor
    status: str  # the session's status after the count
    missing_checks: tuple[int, ...] = ()
    extra_checks: tuple[int, ...] = ()
    reason: str = ""  # the clerk's reason for the difference, once given
    rejected_note: str = ""  # why the last sign-off rejected the count (count again)
    approved_by: str | None = None
