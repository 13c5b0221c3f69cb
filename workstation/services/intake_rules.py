"""Reading what a clerk typed into an envelope: every problem collected with its field path,
nothing thrown away (the form keeps the text; these functions only judge it)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache

from workstation.domain.filing_types import FilingType
from workstation.domain.money import MoneyFormatError, parse_cents
from workstation.services.profile import Profile, _read

INSTRUMENTS = ("check", "money_order", "cash")


@dataclass(frozen=True)
class RemittanceInput:
    amount: str  # as typed: parsed here so a refusal names the field
    payer: str
    instrument: str = "check"
    check_number: str = ""
    bank: str = ""
    payable_to_ok: bool = True
    endorsed: bool = True


@dataclass(frozen=True)
class DocumentInput:
    filing_type: str  # code, form number or name, as typed
    pages: str = "1"
    requested_level: str = "regular"
    entity: str = ""  # charter number of the entity it is filed on (blank for a formation)
    shares: str = ""


@dataclass(frozen=True)
class EnvelopeInput:
    arrived_at: datetime
    customer_name: str
    customer_id: int | None = None
    postmark: date | None = None
    remittances: tuple[RemittanceInput, ...] = ()
    documents: tuple[DocumentInput, ...] = ()
    exceptions: tuple[str, ...] = ()
    correspondence_only: bool = False
    correspondence_summary: str = ""


@dataclass(frozen=True)
class Source:
    code: str
    label: str
    money_expected: bool


@dataclass(frozen=True)
class IntakeRules:
    sources: dict[str, Source] = field(default_factory=dict)
    exceptions: dict[str, str] = field(default_factory=dict)  # code -> label
    holds_money: frozenset[str] = frozenset()  # exceptions that stop the money being deposited


@cache
def rules(profile_code: str) -> IntakeRules:
    data = tomllib.loads(_read(profile_code, "intake.toml"))
    return IntakeRules(
        {s["code"]: Source(s["code"], s["label"], bool(s["money_expected"]))
         for s in data["source"]},
        {e["code"]: e["label"] for e in data["exception"]},
        frozenset(e["code"] for e in data["exception"] if e.get("holds_money")))


def resolve_filing_type(profile: Profile, text: str) -> FilingType | None:
    """The filing type a clerk means by a code, a form number or words of its name."""
    wanted = text.strip()
    if not wanted:
        return None
    try:
        return profile.filing_types.get(wanted.upper())
    except KeyError:
        pass
    by_form = profile.filing_types.by_form(wanted)
    if len(by_form) == 1:
        return by_form[0]
    found = profile.filing_types.find(wanted)
    return found[0] if len(found) == 1 else None


def check_remittance(index: int, line: RemittanceInput) -> tuple[int | None, list[tuple[str, str]]]:
    where = f"remittances[{index}]"
    problems: list[tuple[str, str]] = []
    cents: int | None = None
    try:
        cents = parse_cents(line.amount)
        if cents <= 0:
            problems.append((f"{where}.amount", "The amount must be more than zero."))
    except MoneyFormatError as exc:
        problems.append((f"{where}.amount", str(exc)))
    if not line.payer.strip():
        problems.append((f"{where}.payer", "Type who the money is from."))
    if line.instrument not in INSTRUMENTS:
        problems.append((f"{where}.instrument", f"Instrument must be one of {INSTRUMENTS}."))
    if line.instrument == "check" and not line.check_number.strip():
        problems.append((f"{where}.check_number", "Type the check number."))
    elif line.check_number and not line.check_number.strip().isdigit():
        problems.append((f"{where}.check_number", "A check number is digits only."))
    return cents, problems


def check_document(profile: Profile, index: int, line: DocumentInput
                   ) -> tuple[FilingType | None, int | None, int | None, list[tuple[str, str]]]:
    where = f"documents[{index}]"
    problems: list[tuple[str, str]] = []
    kind = resolve_filing_type(profile, line.filing_type)
    several = profile.filing_types.by_form(line.filing_type.strip()) if kind is None else []
    if len(several) > 1:
        codes = ", ".join(t.code for t in several)
        problems.append((f"{where}.filing_type", f"Form {line.filing_type.strip()} is used by "
                                                 f"several filing types ({codes}): type the code."))
    elif kind is None:
        problems.append((f"{where}.filing_type",
                         f"No filing type matches {line.filing_type.strip()!r}: type a code, "
                         "a form number or words of its name."))
    pages = _whole(line.pages)
    if pages is None or pages < 1:
        problems.append((f"{where}.pages", "A document has at least one page."))
    shares = _whole(line.shares) if line.shares.strip() else None
    if line.shares.strip() and shares is None:
        problems.append((f"{where}.shares", "The number of shares is a whole number."))
    return kind, pages, shares, problems


def _whole(text: str) -> int | None:
    value = text.strip().replace(",", "")
    return int(value) if value.isascii() and value.isdigit() else None
