"""Frozen values of the mail-sort intake: what screens show and what the printed slips carry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class RemittanceLine:
    id: int
    instrument: str  # check, money_order, cash, card
    check_number: str | None
    payer: str
    bank: str | None
    amount_cents: int
    payable_to_ok: bool
    endorsed: bool
    voided: bool = False


@dataclass(frozen=True)
class DocumentLine:
    id: int
    filing_type: str
    type_label: str
    entity_number: str | None
    entity_name: str | None
    pages: int
    requested_level: str
    service_level: str  # what the money paid for (no expedite fee -> regular)
    fee_due_cents: int
    batch_number: str | None
    voided: bool = False


@dataclass(frozen=True)
class EnvelopeSlip:
    """One envelope as logged: printed as the envelope control slip."""

    control_number: str  # with its check digit; printed large and as a Code 128 barcode
    session_number: str
    source: str
    arrived_at: datetime
    received_at: datetime
    postmark: date | None
    customer: str
    remittances: tuple[RemittanceLine, ...]
    documents: tuple[DocumentLine, ...]
    exceptions: tuple[str, ...]
    outcome: str  # exact, short, over_refund, over_kept, no_fee, not_allowed...
    outcome_note: str
    opened_by: str
    verified_by: str | None
    correspondence_only: bool = False


@dataclass(frozen=True)
class BatchItem:
    control_number: str
    document_label: str
    entity: str
    pages: int
    fee_due_cents: int
    received_at: datetime


@dataclass(frozen=True)
class BatchCover:
    """A batch cover sheet: the batch number as a barcode, its class and its items."""

    batch_number: str
    service_type: str  # corporate, ucc, certification, correspondence
    service_level: str  # regular, expedite_1..3
    work_level: int
    opened_at: datetime
    due_at: datetime | None
    due_explanation: str
    items: tuple[BatchItem, ...]

    @property
    def total_pages(self) -> int:
        return sum(i.pages for i in self.items)

    @property
    def total_fees_cents(self) -> int:
        return sum(i.fee_due_cents for i in self.items)


@dataclass(frozen=True)
class CashListLine:
    control_number: str
    payer: str
    instrument: str
    check_number: str | None
    bank: str | None
    amount_cents: int


@dataclass(frozen=True)
class CashList:
    """The tray's cash list: prepared by the opener, signed off by the verifier (two people)."""

    session_number: str
    source: str
    opened_at: datetime
    closed_at: datetime | None
    opened_by: str
    verified_by: str | None
    lines: tuple[CashListLine, ...]
    envelopes: int
    documents_by_class: tuple[tuple[str, int], ...]  # ("Corporate / Expedite 1", 4) ...
    audit_head: str  # the audit chain head at closing: the external witness
    verified_at: datetime | None = None  # when the named verifier signed it off in the app

    @property
    def total_cents(self) -> int:
        return sum(line.amount_cents for line in self.lines)

    @property
    def checks(self) -> int:
        return sum(1 for line in self.lines if line.instrument == "check")


@dataclass(frozen=True)
class SessionInfo:
    """A tray as the screens list it: names to show, user names to match and pre-fill."""

    id: int
    number: str
    source: str
    opened_at: datetime
    opened_by: str  # full name
    verifier: str | None  # full name
    status: str
    opener_username: str = ""
    verifier_username: str | None = None
    closed_at: datetime | None = None


@dataclass(frozen=True)
class BatchRow:
    """A batch in the sorting list: expedite batches first, soonest due first."""

    id: int
    number: str
    service_type: str
    service_level: str
    work_level: int
    status: str
    items: int
    pages: int
    fees_cents: int
    due_at: datetime | None


@dataclass(frozen=True)
class InquiryInfo:
    """An inquiry as the Inquiry Queue will list it."""

    id: int
    number: str
    channel: str
    received_at: datetime
    requester: str
    category: str
    status: str
    summary: str
