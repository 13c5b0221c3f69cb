"""Frozen values the certificate services hand to the screens and the command line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

VALID = "valid"
NOT_ISSUED = "not_issued"
DIFFERENT_FACTS = "different_facts"
ALTERED = "altered"
OUTCOMES = (VALID, NOT_ISSUED, DIFFERENT_FACTS, ALTERED)


@dataclass(frozen=True)
class CertificateFact:
    """One fact a certificate states: its merge field, a label to show, the value printed."""

    field: str  # "entity.name"
    label: str  # "Entity name"
    value: str


@dataclass(frozen=True)
class FeeLine:
    """A fee the teller collects for a certificate: the charge's reference and amount."""

    reference: str  # C17: what the teller types on a fee line
    fee_code: str
    description: str
    quantity: int
    amount_cents: int


@dataclass(frozen=True)
class IssuedCertificate:
    """A certificate just issued: recorded, its fee line made, not yet released (printed)."""

    number: str  # CE0000001
    kind: str
    title: str
    code: str  # the verification code as printed, 4821-5539-219
    entity_number: str | None
    entity_name: str | None
    facts: tuple[CertificateFact, ...]
    charge_id: int
    charge_reference: str  # the product's own fee line, what the teller types: C17
    fee_code: str
    amount_cents: int  # every fee line together
    issued_at: datetime
    snapshot_sha256: str
    fee_lines: tuple[FeeLine, ...] = ()  # the product's own first, then any other (pages)


@dataclass(frozen=True)
class PrintedCertificate:
    """A certificate printed: the first print is its release, every later one a reprint."""

    number: str
    pdf: bytes
    reprint: bool
    print_number: int  # 1 for the release, 2 for the first reprint ...
    pdf_sha256: str
    printed_at: datetime


@dataclass(frozen=True)
class Verification:
    """What a verification found: ``outcome`` is one of OUTCOMES; ``message`` says it in words.

    For a code the office issued, the snapshot's facts and the date of issue come back whatever
    the outcome, so the reader sees what the certificate really stated. ``differences`` names
    each fact given that differs from the snapshot; ``matched_print`` is the print a PDF given
    is a byte-for-byte copy of (1 = the original release)."""

    outcome: str
    code: str
    message: str
    number: str | None = None
    kind: str | None = None
    title: str | None = None
    issued_at: datetime | None = None
    issued_on: date | None = None  # the date of issue printed, in the office's zone
    released: bool = False
    facts: tuple[CertificateFact, ...] = ()
    differences: tuple[str, ...] = ()
    matched_print: int | None = None

    @property
    def valid(self) -> bool:
        return self.outcome == VALID
