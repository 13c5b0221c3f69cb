"""What the teller's printouts say, as plain frozen values (the services fill them; the
builders in ``teller_receipt``, ``teller_slips`` and ``finance_export`` draw them). Money is
whole cents; times are aware UTC datetimes shown in the office's zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class ReceiptLinePrint:
    fee_code: str
    description: str
    quantity: int
    amount_cents: int
    reference: str  # document number, charge number, "" for a deposit held in suspense
    applies_to: str  # filing / charge / suspense


@dataclass(frozen=True)
class ReceiptTenderPrint:
    tender: str  # cash, check, money_order, card, refund_check
    amount_cents: int
    detail: str  # "check 1001, Harrowgate Law (Chase)"; "Visa ending 4242, auth 0A1B2C"


@dataclass(frozen=True)
class ReceiptPrint:
    office: str  # "Ohio Secretary of State, Business Services Division"
    number: str  # R00000001; printed as a Code 128 barcode too
    kind: str  # sale / reversal
    posted_at: datetime
    clerk: str
    drawer: str
    customer_name: str
    lines: tuple[ReceiptLinePrint, ...]
    tenders: tuple[ReceiptTenderPrint, ...]
    total_cents: int
    change_cents: int
    reverses: str | None = None  # a reversal: the receipt it reverses
    reason: str = ""  # a reversal's reason code and note
    approved_by: str | None = None
    reprint: bool = False  # printed again: marked REPRINT


@dataclass(frozen=True)
class TenderLinePrint:
    """One tender of a drawer's close: expected, counted, difference (over > 0)."""

    tender: str
    expected_cents: int
    expected_items: int
    counted_cents: int
    counted_items: int


@dataclass(frozen=True)
class FeeTotalPrint:
    fee_code: str
    label: str
    count: int
    cents: int


@dataclass(frozen=True)
class VoidPrint:
    reversal: str
    original: str
    reason: str
    clerk: str
    approver: str
    cents: int  # negative


@dataclass(frozen=True)
class DropPrint:
    at: datetime
    cents: int
    witness: str


@dataclass(frozen=True)
class CheckPrint:
    number: str
    payer: str
    bank: str
    cents: int
    from_mail: bool = False


@dataclass(frozen=True)
class AdjustmentPrint:
    at: datetime
    tender: str
    cents: int
    reason: str
    by: str


@dataclass(frozen=True)
class DrawerSlip:
    """The close-of-day slip of one drawer session."""

    office: str
    business_date: date
    drawer: str
    clerk: str
    opened_at: datetime
    closed_at: datetime | None
    change_fund_cents: int
    opening_cents: int
    opening_note: str
    receipts: int
    fees: tuple[FeeTotalPrint, ...]
    tenders: tuple[TenderLinePrint, ...]
    cash_count: tuple[tuple[str, int, int], ...]  # (denomination label, quantity, cents)
    checks: tuple[CheckPrint, ...]  # the checks and money orders the drawer took
    voids: tuple[VoidPrint, ...]
    drops: tuple[DropPrint, ...]
    adjustments: tuple[AdjustmentPrint, ...]
    sign_off: str  # close / reason / lead / supervisor
    reason: str  # the clerk's reason for a difference, "" if none
    signed_off_by: str | None
    audit_head: str  # "seq:hash" of the audit chain when printed


@dataclass(frozen=True)
class DrawerLinePrint:
    drawer: str
    clerk: str
    receipts: int
    expected_cents: int
    counted_cents: int
    signed_off_by: str | None


@dataclass(frozen=True)
class DepositSlip:
    number: str  # D0000001
    office: str
    payee: str
    business_date: date
    prepared_by: str
    prepared_at: datetime
    cash_cents: int
    checks: tuple[CheckPrint, ...]  # listed one by one
    due_at: datetime
    rule: str  # "OAC 113-1-02: ..." (the profile's deposit source)

    @property
    def checks_cents(self) -> int:
        return sum(c.cents for c in self.checks)

    @property
    def total_cents(self) -> int:
        return self.cash_cents + self.checks_cents


@dataclass(frozen=True)
class DaySummary:
    """The office's close of day: every drawer, fees by code, tenders, the money reconciled
    against the documents, voids with their approvers, and the deposit."""

    office: str
    business_date: date
    closed_at: datetime
    closed_by: str
    drawers: tuple[DrawerLinePrint, ...]
    fees: tuple[FeeTotalPrint, ...]
    tenders: tuple[tuple[str, int], ...]  # tender, net cents
    reconciliation: tuple[tuple[str, int], ...]  # ("Filings paid", cents), ... in order
    receipts_cents: int  # sum of receipt totals
    lines_cents: int  # sum of fee lines (must equal receipts_cents)
    voids: tuple[VoidPrint, ...]
    card_terminal_cents: int
    card_recorded_cents: int
    deposit: DepositSlip
    audit_head: str


@dataclass(frozen=True)
class FinanceRow:
    """One row of the finance export: a fee line of a receipt with its fund and GL account
    (teller.toml [[distribution]]), or a refund by check requested from finance."""

    business_date: date
    receipt: str
    payer: str
    fee_code: str
    description: str
    fund: str
    account: str
    amount_cents: int  # negative for reversals and refunds
    tenders: str  # "cash+check"
    deposit_number: str
    deposit_date: date | None
    kind: str = "fee"  # fee / refund_check
