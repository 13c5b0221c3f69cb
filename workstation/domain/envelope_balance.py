"""The live balance of one envelope: the money in it against the fees of what it asks for.

Rules (Ohio cover sheets rev 10/2024, OAC 111:1-2-01, domain.md 1.1-1.2), applied to the whole
envelope as a clerk would at the table:
- every document's regular fee is due first; money short of that is "short" (hold, letter);
- what is left pays the expedite fees, document by document in the order logged: a document
  whose expedite fee is not covered gets regular service, not a rejection;
- a type that cannot be expedited (certificates, copies) gets regular service and a note;
- an in-person-only level (Ohio Expedite 3) from mail is regular service, with a note;
- money that cannot be deposited (an unsigned or foreign check, a wrong payee) holds the
  envelope: the documents wait and the customer gets a letter;
- what is left after that is an overpayment: kept up to the profile's threshold, else refunded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from workstation.domain.fees import REGULAR, FeeError, FeeRequest, FeeSchedule, settle
from workstation.domain.money import format_cents


@dataclass(frozen=True)
class DocumentAsk:
    """One document as logged: what it is and the speed the customer asked for."""

    request: FeeRequest  # with service_level = the requested level


@dataclass(frozen=True)
class DocumentBalance:
    requested_level: str
    service_level: str  # what it gets
    fee_due_cents: int  # regular fee + expedite fee if granted
    note: str


@dataclass(frozen=True)
class EnvelopeBalance:
    documents: tuple[DocumentBalance, ...]
    due_cents: int
    tendered_cents: int
    outcome: str  # exact, short, no_payment, over_kept, over_refund, nothing_due
    note: str

    @property
    def difference_cents(self) -> int:
        return self.tendered_cents - self.due_cents


def balance(schedule: FeeSchedule, asks: Sequence[DocumentAsk], tendered_cents: int,
            on: date, *, in_person: bool = True, money_held: str | None = None
            ) -> EnvelopeBalance:
    """The outcome for an envelope; raises FeeError naming the document that cannot be priced.
    ``in_person``: delivered at the counter (in-person-only levels allowed); ``money_held``: why
    the money cannot be deposited, if it cannot."""
    if tendered_cents < 0:
        raise ValueError("money tendered is never negative")
    regular = []
    for number, ask in enumerate(asks, 1):
        try:
            regular.append(schedule.quote(replace(ask.request, service_level=REGULAR), on))
        except FeeError as exc:
            raise FeeError(f"Document {number}: {exc}") from exc
    left = tendered_cents - sum(q.total_cents for q in regular)
    lines = []
    for ask, quote in zip(asks, regular, strict=True):
        wanted = ask.request.service_level
        line, left = _expedite(schedule, ask, quote.total_cents, wanted, left, on, in_person)
        lines.append(line)
    due = sum(line.fee_due_cents for line in lines)
    if money_held and tendered_cents:
        return EnvelopeBalance(tuple(lines), due, tendered_cents, "hold",
                               f"The money cannot be deposited ({money_held}): hold the "
                               "documents and write to the customer.")
    return EnvelopeBalance(tuple(lines), due, tendered_cents, *_outcome(schedule, due,
                                                                         tendered_cents))


def _expedite(schedule: FeeSchedule, ask: DocumentAsk, regular_cents: int, wanted: str,
              left: int, on: date, in_person: bool) -> tuple[DocumentBalance, int]:
    if wanted == REGULAR:
        return DocumentBalance(wanted, REGULAR, regular_cents, ""), left
    filing_type = schedule.filing_types.get(ask.request.filing_type)
    level = schedule.service_level(wanted, on)
    if not filing_type.expedite_allowed:
        note = (f"{filing_type.label} cannot be expedited ({filing_type.no_expedite_reason}): "
                "regular service.")
        return DocumentBalance(wanted, REGULAR, regular_cents, note), left
    if level.in_person_only and not in_person:
        note = (f"{level.label} needs in-person delivery ({level.source}): regular service.")
        return DocumentBalance(wanted, REGULAR, regular_cents, note), left
    if left >= level.fee_cents:
        return (DocumentBalance(wanted, wanted, regular_cents + level.fee_cents, level.label),
                left - level.fee_cents)
    note = (f"{level.label} asked for without its {format_cents(level.fee_cents)} fee: "
            "regular service, not a rejection.")
    return DocumentBalance(wanted, REGULAR, regular_cents, note), left


def _outcome(schedule: FeeSchedule, due: int, tendered: int) -> tuple[str, str]:
    if due == 0 and tendered == 0:
        return "nothing_due", "No fee is due and no money came."
    if tendered == 0:
        return "no_payment", (f"No payment enclosed: {format_cents(due)} is due. Hold the "
                              "documents and write to the customer.")
    settlement = settle(due, tendered, schedule)
    if settlement.kind.value == "short":
        return "short", f"{settlement.note} Hold the documents and write to the customer."
    return settlement.kind.value, settlement.note
