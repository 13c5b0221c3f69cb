"""Frozen values the certificates screen shows: a certificate as a list row, and as its detail
(every fact it states, its fee lines and what each's charge says, every print)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from workstation.services.certificate_dto import CertificateFact

UNPAID = "unpaid"  # a fee line is still due at the drawer
PAID = "paid"  # every fee line paid, not yet printed
RELEASED = "released"  # printed for the customer
VOID = "void"  # a fee line was voided: the certificate is not issued
STATES = (UNPAID, PAID, RELEASED, VOID)


@dataclass(frozen=True)
class CertificateRow:
    """One certificate as the list shows it."""

    number: str  # CE0000001
    kind: str  # good_standing, minister_licence ...
    title: str  # as printed: "Certificate of Good Standing"
    # What it is about: "Maple Orchard Holdings LLC (1000123)", the minister's name, or the
    # document ("signed by Jane Roe" for an apostille), joined by " · " when there are two.
    subject: str
    issued_at: datetime
    issued_by: str  # username
    state: str  # one of STATES
    prints: int  # 0 until released; 1 the release; more: reprints
    amount_cents: int  # every fee line together
    fee_refs: tuple[str, ...]  # what the teller types: ("C17", "C18")


@dataclass(frozen=True)
class FeeLineState:
    """A fee line of a certificate and its charge's status (due, paid, void)."""

    reference: str  # C17
    description: str
    amount_cents: int
    status: str


@dataclass(frozen=True)
class PrintRow:
    """One print: the first is the release, any later one a reprint."""

    printed_at: datetime
    printed_by: str  # username
    reprint: bool


@dataclass(frozen=True)
class CertificateDetail:
    row: CertificateRow
    facts: tuple[CertificateFact, ...]  # every fact it states, as printed
    fee_lines: tuple[FeeLineState, ...]  # its own fee first
    prints: tuple[PrintRow, ...]  # oldest first
    reprints_allowed: bool  # False for a minister licence: printed once, never again
    code: str  # the verification code as printed: 4821-5539-219
