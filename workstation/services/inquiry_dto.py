"""What the inquiry services take and give: plain frozen data, no ORM rows leave a service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from workstation.domain.inquiry_clocks import ClockState
from workstation.errors import ConflictError

# Queue views: every open item, my items, nobody's, breached clocks, finished ones.
VIEWS = ("open", "mine", "unassigned", "breached", "done")
SORTS = ("due", "received", "priority", "number", "requester", "owner")
LINK_KINDS = ("entity", "filing", "ucc", "remittance", "envelope")


@dataclass(frozen=True)
class QueueFilter:
    view: str = "open"
    category: str | None = None
    channel: str | None = None
    status: str | None = None
    owner_id: int | None = None
    text: str = ""  # number, requester or subject (starts with)
    sort: str = "due"
    descending: bool = False
    limit: int = 100
    offset: int = 0


@dataclass(frozen=True)
class QueueRow:
    id: int
    number: str
    received_at: datetime
    due_at: datetime | None
    breached: bool
    category: str
    channel: str
    requester: str
    subject: str
    status: str
    status_kind: str
    owner: str | None  # user name
    owner_id: int | None
    priority: int
    viewing: tuple[str, ...] = ()  # user names of others with it open
    composing: tuple[str, ...] = ()  # ... and of those writing an answer


@dataclass(frozen=True)
class QueuePage:
    rows: tuple[QueueRow, ...]
    more: bool  # a next page exists
    now: datetime  # the instant the page was read (countdowns count from it)


@dataclass(frozen=True)
class ClaimResult:
    won: bool
    inquiry_id: int
    number: str
    owner: str | None  # who owns it now: the winner of a lost race
    message: str


@dataclass(frozen=True)
class NewInquiry:
    """A contact logged by hand: a phone call, a walk-in, a letter typed in."""

    channel: str
    requester: str
    text: str
    category: str = "other"
    subject: str = ""
    contact: str = ""
    address: str = ""
    arrived_at: datetime | None = None  # None: now
    answered_at_counter: bool = False  # answered there and then, no follow-up: closed at once
    links: tuple[tuple[str, int], ...] = ()  # (kind, target id)


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    filename: str
    content_type: str
    size: int


@dataclass(frozen=True)
class EntryInfo:
    id: int
    kind: str  # inbound / outbound / note / phone
    channel: str
    at: datetime
    author: str | None
    subject: str
    body: str
    template: str | None
    mailed_on: date | None
    notes: str
    attachments: tuple[AttachmentInfo, ...] = ()


@dataclass(frozen=True)
class LinkInfo:
    kind: str
    target_id: int
    label: str  # "Entity 4412345 · Buckeye Holdings LLC · Active"
    key: str  # what the record card opens: the entity / document / file number


@dataclass(frozen=True)
class StatusInfo:
    at: datetime
    status: str
    by: str | None
    reason: str


@dataclass(frozen=True)
class ChargeInfo:
    id: int
    fee_code: str
    description: str
    quantity: int
    amount_cents: int
    status: str


@dataclass(frozen=True)
class InquiryDetail:
    id: int
    number: str
    version: int
    channel: str
    category: str
    status: str
    status_kind: str
    priority: int
    requester: str
    contact: str
    address: str
    subject: str
    arrived_at: datetime
    received_at: datetime
    owner: str | None
    owner_id: int | None
    merged_into: str | None
    clocks: tuple[ClockState, ...]
    entries: tuple[EntryInfo, ...]
    links: tuple[LinkInfo, ...]
    statuses: tuple[StatusInfo, ...]
    charges: tuple[ChargeInfo, ...]
    last_entry_id: int  # what the clerk has seen: a send checks nothing newer came in
    viewing: tuple[str, ...] = ()
    composing: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportResult:
    inquiry_id: int
    number: str
    notes: tuple[str, ...]  # what could not be read, in words
    duplicate: bool = False  # the same message was imported before: that inquiry is returned


@dataclass(frozen=True)
class Draft:
    """An answer rendered from a template: the clerk edits ``body`` before sending."""

    template: str | None
    subject: str
    salutation: str
    body: str
    closing: str
    signature: tuple[str, ...]
    missing: tuple[str, ...] = ()  # merge fields with no fact on record: to be filled by hand

    def plain_text(self) -> str:
        """The answer as an e-mail's text: salutation, body, closing, signature."""
        parts = [self.salutation, self.body.strip(), self.closing, "\n".join(self.signature)]
        return "\n\n".join(p for p in parts if p) + "\n"


@dataclass(frozen=True)
class Sent:
    entry_id: int
    document: bytes  # the letter PDF or the .eml draft
    filename: str
    repeated: bool = False  # the idempotency key was used before: nothing new was posted


class UnseenEntries(ConflictError):
    """Sending was stopped: entries came in after the clerk opened the inquiry (a reply from
    the customer, another clerk's answer, a phone note). They are shown before trying again."""

    def __init__(self, entries: tuple[EntryInfo, ...]):
        who = ", ".join(sorted({e.author or e.channel for e in entries}))
        super().__init__(f"{len(entries)} new entr{'y' if len(entries) == 1 else 'ies'} since "
                         f"you opened this inquiry ({who}): read them before sending.",
                         code="unseen_entries")
        self.entries = entries
