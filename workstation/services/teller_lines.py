"""A receipt's fee lines and tenders, from what the clerk typed to the rows posted.

Checked before the transaction (``check_input``): amounts parse to cents, a card carries only a
known brand, exactly 4 last digits, an authorization code and a terminal reference, a check its
number and payer, and no free text holds a card number. Checked inside it (``resolve_lines``,
``resolve_tenders``): a filing is paid once, a charge is still due, a mail-logged check is applied
once and for its logged amount. Change comes only out of cash, and checks and cards never pay
more than the fees (an excess is a suspense line, so it is accounted for, not lost).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from workstation.db.uow import UnitOfWork
from workstation.domain.card_data import LAST4, holds_card_number
from workstation.domain.drawer import Movement
from workstation.domain.money import MoneyFormatError, format_cents, parse_cents
from workstation.domain.teller_rules import TENDERS
from workstation.errors import UserError
from workstation.models import Charge, Filing, Receipt, ReceiptLine, ReceiptTender, Remittance
from workstation.services.profile import Profile
from workstation.services.teller_dto import APPLIES_TO, LineInput, ReceiptInput, TenderInput


@dataclass(frozen=True)
class Line:
    fee_code: str
    description: str
    quantity: int
    amount_cents: int
    applies_to: str
    target_id: int | None
    reference: str


@dataclass(frozen=True)
class Tender:
    tender: str
    amount_cents: int
    given: TenderInput


@dataclass(frozen=True)
class Checked:
    customer_name: str
    tenders: tuple[Tender, ...]


# ---------------------------------------------------------------------- before the transaction

def check_input(profile: Profile, given: ReceiptInput) -> Checked:
    name = given.customer_name.strip()
    if not name:
        raise UserError("Type the customer's name.", field="customer")
    _no_card_number(name, "customer")
    if not given.lines:
        raise UserError("Add at least one fee line.", field="lines")
    if not given.tenders:
        raise UserError("Add how the customer pays.", field="tenders")
    for n, line in enumerate(given.lines):
        if line.applies_to not in APPLIES_TO:
            raise UserError(f"Line {n + 1}: unknown kind {line.applies_to!r}.",
                            field=f"line.{n}")
        _no_card_number(line.reference + " " + line.description, f"line.{n}")
    tenders = tuple(_tender(profile, n, t) for n, t in enumerate(given.tenders))
    return Checked(name, tenders)


def _tender(profile: Profile, n: int, given: TenderInput) -> Tender:
    field = f"tender.{n}"
    if given.tender not in TENDERS:
        raise UserError(f"Unknown tender {given.tender!r}.", field=field)
    cents = 0
    if given.remittance_id is None or given.amount.strip():
        try:
            cents = parse_cents(given.amount)
        except MoneyFormatError as exc:
            raise UserError(str(exc), field=f"{field}.amount") from exc
        if cents <= 0:
            raise UserError("The amount is more than nothing.", field=f"{field}.amount")
    for text in (given.payer, given.bank, given.check_number, given.auth_code,
                 given.terminal_ref):
        _no_card_number(text, field)
    if given.tender in ("check", "money_order") and given.remittance_id is None:
        if not given.check_number.strip():
            raise UserError("Type the check's number.", field=f"{field}.check_number")
        if not given.payer.strip():
            raise UserError("Type who the check is from.", field=f"{field}.payer")
    if given.tender == "card":
        _card(profile, field, given)
    return Tender(given.tender, cents, given)


def _card(profile: Profile, field: str, given: TenderInput) -> None:
    if given.card_brand not in profile.teller.card_brands:
        raise UserError(f"Pick the card brand ({', '.join(profile.teller.card_brands)}).",
                        field=f"{field}.card_brand")
    if not LAST4.fullmatch(given.card_last4):
        raise UserError("Only the card's last 4 digits, never the whole number.",
                        field=f"{field}.card_last4")
    if not given.auth_code.strip() or len(given.auth_code.strip()) > 12:
        raise UserError("Type the terminal's authorization code (up to 12 characters).",
                        field=f"{field}.auth_code")
    if not given.terminal_ref.strip():
        raise UserError("Type the terminal's reference for the payment.",
                        field=f"{field}.terminal_ref")


def _no_card_number(text: str, field: str) -> None:
    if holds_card_number(text):
        raise UserError("That looks like a card number: never type one here.", field=field)


# ---------------------------------------------------------------------- inside the transaction

def resolve_lines(uow: UnitOfWork, profile: Profile, given: Sequence[LineInput]) -> list[Line]:
    lines = [_line(uow, profile, n, line) for n, line in enumerate(given)]
    seen: set[tuple[str, int]] = set()
    for n, line in enumerate(lines):
        if line.target_id is None:
            continue
        if (line.applies_to, line.target_id) in seen:
            raise UserError(f"{line.reference} is on this receipt twice.", field=f"line.{n}")
        seen.add((line.applies_to, line.target_id))
    return lines


def _line(uow: UnitOfWork, profile: Profile, n: int, given: LineInput) -> Line:
    field, ref = f"line.{n}", given.reference.strip()
    if given.applies_to == "filing":
        filing = uow.session.execute(select(Filing).where(
            Filing.document_number == ref)).scalar_one_or_none()
        if filing is None:
            raise UserError(f"No document has the number {ref or '(blank)'}.", field=field)
        if paid_cents(uow, "filing", filing.id) > 0:
            raise UserError(f"Document {ref} is paid already.", field=field)
        kind = profile.filing_types.get(filing.filing_type)
        return Line(filing.filing_type, kind.label, 1, filing.fee_due_cents, "filing",
                    filing.id, ref)
    if given.applies_to == "charge":
        charge = uow.session.get(Charge, _charge_id(ref, field))
        if charge is None:
            raise UserError(f"No charge has the number {ref}.", field=field)
        if charge.status != "due":
            raise UserError(f"Charge {ref} is {charge.status}, not due.", field=field)
        return Line(charge.fee_code, charge.description, charge.quantity, charge.amount_cents,
                    "charge", charge.id, f"C{charge.id}")
    try:
        cents = parse_cents(given.amount)
    except MoneyFormatError as exc:
        raise UserError(str(exc), field=field) from exc
    if cents <= 0:
        raise UserError("A deposit is more than nothing.", field=field)
    return Line(given.fee_code.strip() or "SUSPENSE",
                given.description.strip() or "Deposit held until the work it pays for exists",
                1, cents, "suspense", None, ref)


def _charge_id(ref: str, field: str) -> int:
    digits = ref.upper().removeprefix("C")
    if not digits.isdigit():
        raise UserError("A charge number is C followed by digits.", field=field)
    return int(digits)


def paid_cents(uow: UnitOfWork, applies_to: str, target_id: int) -> int:
    """What receipts net of their reversals have paid on a filing or charge."""
    return int(uow.session.execute(select(func.coalesce(func.sum(ReceiptLine.amount_cents), 0))
                                   .where(ReceiptLine.applies_to == applies_to,
                                          ReceiptLine.target_id == target_id)).scalar_one())


def resolve_tenders(uow: UnitOfWork, tenders: Sequence[Tender]) -> list[Tender]:
    """Mail-logged checks take their logged amount; each is applied once."""
    out = []
    for n, tender in enumerate(tenders):
        remittance_id = tender.given.remittance_id
        if remittance_id is None:
            out.append(tender)
            continue
        logged = uow.session.get(Remittance, remittance_id)
        if logged is None or logged.instrument not in ("check", "money_order"):
            raise UserError("That is not a check logged in Mail Sort.", field=f"tender.{n}")
        applied = uow.session.execute(select(Receipt.number).join(
            ReceiptTender, ReceiptTender.receipt_id == Receipt.id).where(
            ReceiptTender.remittance_id == remittance_id, ReceiptTender.amount_cents > 0)).first()
        if applied is not None:
            raise UserError(f"That check is applied already, on receipt {applied[0]}.",
                            field=f"tender.{n}")
        if tender.amount_cents and tender.amount_cents != logged.amount_cents:
            raise UserError(f"The check was logged for {format_cents(logged.amount_cents)}.",
                            field=f"tender.{n}.amount")
        out.append(Tender(logged.instrument, logged.amount_cents, tender.given))
    return out


def change_due(total: int, tenders: Sequence[Tender]) -> int:
    """Change owed to the customer, only ever out of cash."""
    cash = sum(t.amount_cents for t in tenders if t.tender == "cash")
    other = sum(t.amount_cents for t in tenders if t.tender != "cash")
    if cash + other < total:
        raise UserError(f"The customer pays {format_cents(cash + other)} of "
                        f"{format_cents(total)}.", field="tenders")
    if other > total:
        raise UserError("Checks and cards come to more than the fees: add the excess as a "
                        "deposit (suspense) line.", field="tenders")
    return cash + other - total


def add_rows(uow: UnitOfWork, receipt: Receipt, lines: Sequence[Line],
             tenders: Sequence[Tender]) -> None:
    for line in lines:
        uow.session.add(ReceiptLine(
            receipt_id=receipt.id, fee_code=line.fee_code, description=line.description,
            quantity=line.quantity, amount_cents=line.amount_cents, applies_to=line.applies_to,
            target_id=line.target_id, reference=line.reference))
        if line.applies_to == "charge" and line.target_id is not None:
            charge = uow.session.get(Charge, line.target_id)
            if charge is not None:
                charge.status = "paid"
    for tender in tenders:
        logged = (uow.session.get(Remittance, tender.given.remittance_id)
                  if tender.given.remittance_id else None)
        given = tender.given
        uow.session.add(ReceiptTender(
            receipt_id=receipt.id, tender=tender.tender, amount_cents=tender.amount_cents,
            check_number=(logged.check_number if logged else given.check_number.strip()) or None,
            payer=(logged.payer if logged else given.payer.strip()) or None,
            bank=(logged.bank if logged else given.bank.strip()) or None,
            remittance_id=given.remittance_id,
            card_brand=given.card_brand or None, card_last4=given.card_last4 or None,
            auth_code=given.auth_code.strip() or None,
            terminal_ref=given.terminal_ref.strip() or None))


def movements(tenders: Sequence[Tender], change: int) -> list[Movement]:
    found = [Movement("received", t.tender, t.amount_cents) for t in tenders]
    if change:
        found.append(Movement("change", "cash", change))
    return found
