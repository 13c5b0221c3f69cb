"""The rejection (or UCC refusal) letter: why a document was not filed, what cures it, and what
happens to the money. Built on ``letter.build_letter``: the same letterhead, window-envelope
address, continuation heading and page numbers as every other letter of the office.

What it says (domain.md 5.3, and 2.3 for UCC):
- which document: its name, the entity, its charter or file number if any, the control number
  the customer quotes back (in the "Re:" line), when it was received, and who examined it;
- for a UCC refusal, the three facts UCC 9-520(b) requires: that the record is refused, why,
  and the date and time it would have been filed ("Had it been accepted, the record's filing
  time would have been ..."). A refusal without that time is refused here (``ValueError``);
- one bullet per coded reason: the standard text, the citation and the code, then what cures
  it;
- what happens to the money: refunded, held for the corrected filing, or credited to an account,
  with the amount and the office's own words (a check to follow, how long it is held ...);
- how to resubmit, and that a resubmitted document is a new submission: it gets a new filing
  date and time, and an expedite clock starts again when it is received.

Times print on the office clock with the zone's abbreviation: ``November 24, 2026 at 8:30 a.m.
EST``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from workstation.domain.calendar_explain import format_clock
from workstation.domain.money import format_cents
from workstation.domain.templates import Letterhead, long_date
from workstation.printing.common import OFFICE_ZONE, level_label, local
from workstation.printing.letter import Letter, build_letter

__all__ = [
    "KINDS",
    "MONEY",
    "RejectionNotice",
    "RejectionReason",
    "build_rejection_letter",
    "compose_rejection_letter",
    "letter_time",
]

KINDS = ("rejection", "refusal")  # refusal: a UCC record refused under 9-516(b) / 9-520
MONEY = ("refund", "hold", "credit", "none")  # none: nothing was paid with the document


@dataclass(frozen=True)
class RejectionReason:
    code: str  # "UCC-R03", "NAME-02"
    label: str  # the standard text: "The financing statement gives no name for the debtor."
    cure: str  # what corrects it: "Give the debtor's exact legal name in item 1a or 1b."
    citation: str  # "UCC 9-516(b)(3)(A)", "ORC 1706.07(A)"


@dataclass(frozen=True)
class RejectionNotice:
    letterhead: Letterhead
    date_line: date
    recipient: tuple[str, ...]  # the return-to name and address from the cover sheet
    reference: str  # the receipt tracking (control) number: "M26-004217-3"
    document_label: str  # "Articles of Organization (LLC)", "UCC Financing Statement (UCC-1)"
    received_at: datetime  # aware; printed on the office clock
    kind: str  # one of KINDS
    reasons: tuple[RejectionReason, ...]
    money: str  # one of MONEY
    amount_cents: int
    money_words: str  # "A check will be mailed separately within 10 business days."
    signature: tuple[str, ...]  # name, title, office
    would_be_filed_at: datetime | None = None  # required for a refusal (UCC 9-520(b))
    entity: str | None = None  # the entity or debtor name
    record_number: str | None = None  # charter number; for a UCC-3, the initial FS's file no.
    examiner: str = ""  # who examined it: name or examiner id
    service_level: str | None = None  # the level requested: "expedite_2"
    note: str = ""  # the examiner's free-text note, if any
    resubmit: str = ""  # how to resubmit at this office (mail, counter, online)
    salutation: str = "Dear Customer:"
    closing: str = "Sincerely,"
    mailed_on: date | None = None


def letter_time(moment: datetime, zone: ZoneInfo = OFFICE_ZONE) -> str:
    """``November 24, 2026 at 8:30 a.m. EST``: a time as a letter states it."""
    there = local(moment, zone)
    return f"{long_date(there.date())} at {format_clock(there.time())} {there.tzname()}"


def _line(text: str) -> str:
    """One line of the body: the letter reads blank lines as paragraph breaks and "• ", "- "
    or "* " at a line's start as a bullet, so caller text is made a single plain line."""
    flat = " ".join(text.split())
    while flat[:2] in ("• ", "- ", "* "):
        flat = flat[2:].lstrip()
    return flat


def _sentence(text: str) -> str:
    flat = _line(text)
    return flat if not flat or flat[-1] in ".!?:" else flat + "."


def _check(notice: RejectionNotice) -> None:
    if notice.kind not in KINDS:
        raise ValueError(f"kind {notice.kind!r} is not one of {', '.join(KINDS)}")
    if notice.money not in MONEY:
        raise ValueError(f"money {notice.money!r} is not one of {', '.join(MONEY)}")
    if not notice.reasons:
        raise ValueError("a rejection letter needs at least one reason")
    if notice.kind == "refusal" and notice.would_be_filed_at is None:
        raise ValueError("a refusal must state the date and time the record would have been "
                         "filed (UCC 9-520(b))")
    if notice.amount_cents < 0:
        raise ValueError("the amount is what was paid: it cannot be negative")


def _identification(notice: RejectionNotice, zone: ZoneInfo) -> list[str]:
    lines = [f"Document: {_line(notice.document_label)}"]
    if notice.entity:
        lines.append(f"{'Debtor' if notice.kind == 'refusal' else 'Entity'}: "
                     f"{_line(notice.entity)}")
    if notice.record_number:
        what = ("Initial financing statement file number" if notice.kind == "refusal"
                else "Entity number")
        lines.append(f"{what}: {_line(notice.record_number)}")
    lines.append(f"Received: {letter_time(notice.received_at, zone)}")
    if notice.service_level:
        lines.append(f"Service requested: {level_label(notice.service_level)}")
    if notice.examiner:
        lines.append(f"Examined by: {_line(notice.examiner)}")
    return lines


def _opening(notice: RejectionNotice) -> str:
    many = len(notice.reasons) > 1
    why = "the reasons listed below" if many else "the reason given below"
    if notice.kind == "refusal":
        return (f"The filing office has refused to file the record described above, for {why}. "
                "A filing office may refuse a record only for a reason set out in "
                "UCC 9-516(b). The record has not been filed.")
    return (f"We have examined the document described above and are unable to file it, for "
            f"{why}. It has not been filed.")


def _reasons(notice: RejectionNotice) -> list[str]:
    bullets = []
    for reason in notice.reasons:
        label = _line(reason.label).rstrip(".")
        where = "; ".join(part for part in (_line(reason.citation), _line(reason.code)) if part)
        cited = f" ({where})" if where else ""
        cure = _sentence(reason.cure)
        bullets.append(f"• {label}{cited}. To correct: {cure}" if cure
                       else f"• {label}{cited}.")
    return bullets


def _money(notice: RejectionNotice) -> str:
    amount = format_cents(notice.amount_cents)
    lead = {
        "refund": f"Your payment of {amount} will be refunded.",
        "hold": f"We are holding your payment of {amount} for the corrected filing.",
        "credit": f"Your payment of {amount} has been credited to your customer account.",
        "none": "No payment was received with this document.",
    }[notice.money]
    words = _sentence(notice.money_words)
    return f"{lead} {words}" if words else lead


def _resubmit(notice: RejectionNotice) -> str:
    how = _sentence(notice.resubmit) or (
        f"To resubmit, send the corrected document with a copy of this letter, quoting control "
        f"number {_line(notice.reference)}.")
    new = ("A resubmitted record is a new record: if accepted, it receives the filing date and "
           "time of its own acceptance, not those given above." if notice.kind == "refusal"
           else "A corrected document is a new submission: it is filed on the date it is "
           "accepted.")
    if notice.service_level and notice.service_level != "regular":
        new += (f" The {level_label(notice.service_level)} time starts again when it is "
                "received.")
    ask = (f"If you have questions, call {_line(notice.letterhead.phone)} and quote control "
           f"number {_line(notice.reference)}.")
    return f"{how} {new} {ask}"


def compose_rejection_letter(notice: RejectionNotice, *, zone: ZoneInfo = OFFICE_ZONE
                             ) -> Letter:
    """The notice as a ``Letter`` (for ``build_letter``, or ``unprintable_characters`` to warn
    before printing). ValueError when the notice is incomplete (see the module docstring)."""
    _check(notice)
    word = "Refusal to file" if notice.kind == "refusal" else "Rejection of"
    reference = (f"Re: {word} {_line(notice.document_label)} · Control no. "
                 f"{_line(notice.reference)}")
    blocks = ["\n".join(_identification(notice, zone)), _opening(notice)]
    if notice.would_be_filed_at is not None:
        blocks.append("Had it been accepted, the record's filing time would have been "
                      f"{letter_time(notice.would_be_filed_at, zone)}.")
    heading = (f"{'Reasons' if len(notice.reasons) > 1 else 'Reason'} for the "
               f"{notice.kind}, and what corrects {'them' if len(notice.reasons) > 1 else 'it'}:")
    blocks.append("\n".join([heading, *_reasons(notice)]))
    if _line(notice.note):
        blocks.append(f"Examiner's note: {_sentence(notice.note)}")
    blocks += [_money(notice), _resubmit(notice)]
    return Letter(
        letterhead=notice.letterhead, date_line=notice.date_line, recipient=notice.recipient,
        reference=reference, salutation=notice.salutation, body="\n\n".join(blocks),
        closing=notice.closing, signature=notice.signature, mailed_on=notice.mailed_on,
    )


def build_rejection_letter(notice: RejectionNotice, *, zone: ZoneInfo = OFFICE_ZONE) -> bytes:
    """The letter as PDF bytes (US Letter, fonts embedded, the same bytes for the same notice).

    ValueError when the notice is incomplete or the address does not fit the envelope window."""
    return build_letter(compose_rejection_letter(notice, zone=zone))
