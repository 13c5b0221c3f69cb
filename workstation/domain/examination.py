"""Examining a filing for Batch Review: the rejection-reason catalogue, each filing type's
checklist, and the evaluation of one document against it.

The data is ``resources/profiles/<state>/examination.toml`` (its header documents the format);
the research is domain.md 1.4, 2.2, 5.2, 5.3 and 7.2. The pattern is bcgov/lear's: every check is
evaluated and every failure collected, so one letter carries every reason, not the first one
found. A check is answered by the program (``decided_by = "system"``: one of the fixed ``RULES``
below, over the ``Facts`` the service gathered) or by the examiner; a system check whose facts are
missing says "not known: ..." and the examiner answers it instead.

The catalogue is the only source of reasons: a check fails with a catalogue code that applies to
its filing type, and a UCC record is refused only on a 9-516(b) ground (9-520(a)). Those grounds
live in ``ucc.toml``; this file gives them a cure and a disposition of the money, nothing more,
and the reader refuses any other reason for a UCC filing type.

Answers (``evaluate``): an answer to a check that is not on the document's checklist is refused
(``UnknownAnswerError``), because it is a stale answer from another filing type or a typo that
would otherwise leave a check silently unanswered. An answer to a system check counts only when
the program could not decide it; a decided system check keeps the program's result.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Literal

from workstation.domain.calendar_explain import format_day
from workstation.domain.filing_types import FilingCatalogue, FilingType
from workstation.domain.money import format_cents
from workstation.domain.profile_data import ProfileDataError
from workstation.domain.ucc import RefusalGround

__all__ = [
    "DECIDED_BY", "EFFECTIVE_DATE_DAYS", "HOME_CERTIFICATE_DAYS", "MONEY", "RULES", "Check",
    "Checklist", "ExaminationRules", "ExaminationRulesError", "Facts", "Finding", "Money",
    "Reason", "UnknownAnswerError", "evaluate", "failures", "po_box", "ready",
]

Money = Literal["refund", "hold", "credit"]
MONEY: tuple[Money, ...] = ("refund", "hold", "credit")
DECIDED_BY = ("system", "examiner")
EFFECTIVE_DATE_DAYS = 90  # Form 532A: not more than 90 days after filing
HOME_CERTIFICATE_DAYS = 90  # ORC 1703.04(A): dated no more than 90 days before filing
UCC_RULES = frozenset({"ucc_not_lapsed", "ucc_lapse_window"})


class ExaminationRulesError(ProfileDataError):
    """``examination.toml`` is not usable; the message names the table, the row and the key."""


class UnknownAnswerError(ValueError):
    """An answer names a check that is not on the document's checklist."""


# ---------------------------------------------------------------------- the rules


@dataclass(frozen=True)
class Reason:
    """One coded reason a document may be rejected, returned or (UCC) refused with.

    ``ucc_ground``: a 9-516(b) refusal ground of ``ucc.toml``; its label and citation come from
    there (the letter also states when the record would have been filed, 9-520(b))."""

    code: str
    category: str
    label: str  # what the letter says
    cure: str  # what the customer must do
    citation: str
    applies_to: frozenset[str]  # filing type codes
    money: Money  # what normally happens to the fee
    source: str
    verified: bool
    ucc_ground: bool = False
    note: str = ""

    def applies(self, filing_type: str) -> bool:
        return filing_type in self.applies_to


@dataclass(frozen=True)
class Check:
    """One yes/no question of a checklist; "yes" means the document is in order."""

    code: str
    label: str
    citation: str
    decided_by: str  # "system" | "examiner"
    fails_with: str  # a Reason code
    filing_types: frozenset[str]  # the filing types whose checklist has it
    rule: str | None = None  # one of RULES, for system checks
    fields: Mapping[str, str] = field(default_factory=dict, hash=False)  # required_fields only
    note: str = ""


@dataclass(frozen=True)
class Checklist:
    """The checks of one filing type, in file order."""

    filing_type: str
    checks: tuple[Check, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.checks)

    def check(self, code: str) -> Check:
        for check in self.checks:
            if check.code == code:
                return check
        raise KeyError(f"no check {code!r} on the checklist of {self.filing_type}")

    def __iter__(self) -> Iterator[Check]:
        return iter(self.checks)

    def __len__(self) -> int:
        return len(self.checks)


@dataclass(frozen=True)
class ExaminationRules:
    """One profile's catalogue and checklists, read by ``from_toml``."""

    reasons: tuple[Reason, ...]
    checks: tuple[Check, ...]
    filing_types: FilingCatalogue = field(compare=False, repr=False)

    @classmethod
    def from_toml(cls, text: str, filing_types: FilingCatalogue,
                  ucc_grounds: Collection[str] | Collection[RefusalGround]
                  ) -> ExaminationRules:
        """The rules in the text of a profile's ``examination.toml``.

        ``ucc_grounds``: the refusal-ground codes of the profile's ``ucc.toml``, or the grounds
        themselves (``UccRules.refusal_grounds``), which also give the UCC reasons their letter
        text and citation; with codes only, those say "Refused under UCC 9-516(b) (UCC-R02)".
        """
        from workstation.domain.examination_data import parse  # the reader, apart

        return parse(text, filing_types, ucc_grounds)

    def checklist(self, filing_type: str) -> Checklist:
        """Every check of this filing type, in file order; KeyError for an unknown type."""
        code = self.filing_types.get(filing_type).code
        return Checklist(code, tuple(c for c in self.checks if code in c.filing_types))

    def reasons_for(self, filing_type: str) -> tuple[Reason, ...]:
        """The reasons a clerk may pick for this filing type, in catalogue order."""
        code = self.filing_types.get(filing_type).code
        return tuple(r for r in self.reasons if r.applies(code))

    def reason(self, code: str) -> Reason:
        for reason in self.reasons:
            if reason.code == code:
                return reason
        raise KeyError(f"no reason {code!r} in the catalogue")

    def reason_for(self, filing_type: str, code: str) -> Reason:
        """The reason ``code`` for this filing type; KeyError when the catalogue has no such
        reason or it does not apply (a UCC record can only be refused on a 9-516(b) ground)."""
        reason = self.reason(code)
        filing = self.filing_types.get(filing_type)
        if not reason.applies(filing.code):
            raise KeyError(f"reason {code} does not apply to {filing.title}")
        return reason


# ---------------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class Facts:
    """What the service knows about one document. Everything but the filing type and the day it
    was received is optional: None means "not known", and a system check that needs it leaves
    the question to the examiner."""

    filing_type: str
    received_on: date
    entity_status: str | None = None  # of the record filed against
    name: str | None = None  # the name on the document
    record_name: str | None = None  # the name on the record filed against
    name_available: bool | None = None
    name_conflicts: tuple[str, ...] = ()  # "ACME LLC (4412345)", for the reason
    designator_problems: tuple[str, ...] | None = None  # () checked and none; None not checked
    fee_due_cents: int | None = None
    fee_paid_cents: int | None = None
    fields: Mapping[str, str] | None = field(default=None, hash=False)  # as entered
    agent_address: str | None = None
    effective_date: date | None = None
    # False: the document states no later effective date (it is effective when filed).
    effective_date_stated: bool | None = None
    home_certificate_date: date | None = None
    ucc_record_type: str | None = None  # ucc.toml record type: "continuation", ...
    ucc_lapse_date: date | None = None  # of the initial financing statement
    ucc_window: tuple[date, date] | None = None  # continuation window (first, last day)


@dataclass(frozen=True)
class Finding:
    """The answer to one check for one document."""

    check: str
    label: str
    citation: str
    decided_by: str
    passed: bool | None  # None: the examiner still has to answer
    reason: str  # why, in words
    fails_with: str


def evaluate(rules: ExaminationRules, facts: Facts, answers: Mapping[str, bool]
             ) -> tuple[Finding, ...]:
    """Every check of the document's checklist, in order: system checks computed from ``facts``,
    examiner checks from ``answers`` (check code -> yes/no), None where still unanswered.

    An answer for a check not on the checklist raises UnknownAnswerError. An answer for a system
    check is used only when the program could not decide it."""
    checklist = rules.checklist(facts.filing_type)
    if unknown := sorted(set(answers) - set(checklist.codes)):
        raise UnknownAnswerError(
            f"{', '.join(unknown)}: not on the checklist of {checklist.filing_type}")
    return tuple(_finding(check, rules, facts, answers.get(check.code)) for check in checklist)


def failures(findings: Collection[Finding]) -> tuple[str, ...]:
    """The reason codes of the failed findings, each once, in checklist order."""
    codes: dict[str, None] = {}
    for finding in findings:
        if finding.passed is False:
            codes.setdefault(finding.fails_with)
    return tuple(codes)


def ready(findings: Collection[Finding]) -> bool:
    """Whether every check has an answer: examiner checks, and system checks the program could
    not decide."""
    return all(f.passed is not None for f in findings)


def _finding(check: Check, rules: ExaminationRules, facts: Facts, answer: bool | None
             ) -> Finding:
    failed_text = rules.reason(check.fails_with).label
    if check.rule is None:
        passed = answer
        why = {None: "Examiner to answer.", True: "Examiner: yes.",
               False: f"Examiner: no. {failed_text}"}[answer]
    else:
        passed, why = _RULE_FUNCTIONS[check.rule](check, rules, facts)
        if passed is None and answer is not None:
            passed = answer
            why = f"{why} Examiner: {'yes' if answer else 'no'}."
    return Finding(check.code, check.label, check.citation, check.decided_by, passed, why,
                   check.fails_with)


# ---------------------------------------------------------------------- the system rules

_Result = tuple[bool | None, str]


def _name_available(check: Check, rules: ExaminationRules, facts: Facts) -> _Result:
    if facts.name_available is None:
        return None, "Not known: whether the name is available on the record."
    name = f" {facts.name}" if facts.name else ""
    if facts.name_available:
        return True, f"No name on the record conflicts with{name or ' it'}."
    if facts.name_conflicts:
        return False, f"Name{name} conflicts with {'; '.join(facts.name_conflicts)}."
    return False, f"Name{name} is not available on the record."


def _designator(check: Check, rules: ExaminationRules, facts: Facts) -> _Result:
    if facts.designator_problems is None:
        return None, "Not known: the designator has not been checked."
    if facts.designator_problems:
        return False, " ".join(_sentence(p) for p in facts.designator_problems)
    return True, "The designator is right for the entity type."


def _name_matches_record(check: Check, rules: ExaminationRules, facts: Facts) -> _Result:
    if facts.name is None or facts.record_name is None:
        return None, "Not known: the name on the document or on the record."
    if _squeeze(facts.name) == _squeeze(facts.record_name):
        return True, f"The name matches the record ({facts.record_name})."
    said = f"The document says {facts.name}; the record says {facts.record_name}."
    if _letters(facts.name) == _letters(facts.record_name):
        return None, f"They differ only in punctuation: {said}"
    return False, said


def _entity_status_allows(check: Check, rules: ExaminationRules, facts: Facts) -> _Result:
    filing: FilingType = rules.filing_types.get(facts.filing_type)
    if not filing.on_existing_record:
        return True, "The filing does not need an existing record."
    if facts.entity_status is None:
        return None, "Not known: the status of the record filed against."
    blocker = rules.filing_types.status_blocker(filing.code, facts.entity_status)
    if blocker is not None:
        return False, blocker
    status = rules.filing_types.entity_types.status_label(facts.entity_status)
    return True, f"The record is {status}; this filing is allowed."


def _fee_paid(check: Check, rules: ExaminationRules, facts: Facts) -> _Result:
    due, paid = facts.fee_due_cents, facts.fee_paid_cents
    if due is None or paid is None:
        return None, "Not known: the fee due or the amount paid."
    if paid < due:
        return False, (f"Fee {format_cents(due)}, paid {format_cents(paid)}: "
                       f"{format_cents(due - paid)} short.")
    over = f" ({format_cents(paid - due)} over)" if paid > due else ""
    return True, f"Fee {format_cents(due)} paid{over}."


def _required_fields(check: Check, rules: ExaminationRules, facts: Facts) -> _Result:
    if facts.fields is None:
        return None, "Not known: the document's fields have not been entered."
    given = facts.fields
    missing = [label for key, label in check.fields.items() if not given.get(key, "").strip()]
    if missing:
        return False, f"Missing: {'; '.join(missing)}."
    return True, "Every required item is given."


def _agent_address(check: Check, rules: ExaminationRules, facts: Facts) -> _Result:
    address = (facts.agent_address or "").strip()
    if not address:
        return None, "Not known: the agent's address."
    kind, found = po_box(address)
    if kind == "box":
        return False, f"The agent's address ({address}) is a post office box ({found})."
    if kind == "maybe":
        return None, f"The agent's address ({address}) may be a post office box ({found})."
    return True, "The agent's address is a street address."


def _effective_date(check: Check, rules: ExaminationRules, facts: Facts) -> _Result:
    effective, received = facts.effective_date, facts.received_on
    if effective is None:
        if facts.effective_date_stated is False:
            return True, "No later effective date stated: effective when filed."
        return None, "Not known: whether the document states a later effective date."
    days = (effective - received).days
    when = f"The effective date {_day(effective)} is"
    if days < 0:
        return True, f"{when} before receipt: the filing date is used."
    if days > EFFECTIVE_DATE_DAYS:
        return False, (f"{when} {days} days after receipt ({_day(received)}); "
                       f"at most {EFFECTIVE_DATE_DAYS}.")
    return True, f"{when} {days} days after receipt (at most {EFFECTIVE_DATE_DAYS})."


def _home_certificate(check: Check, rules: ExaminationRules, facts: Facts) -> _Result:
    dated = facts.home_certificate_date
    if dated is None:
        return None, "Not known: whether a home-state certificate is attached, and its date."
    age = (facts.received_on - dated).days
    what = f"The home-state certificate dated {_day(dated)} is"
    if age < 0:
        return None, f"{what} dated after receipt ({_day(facts.received_on)}): check the date."
    if age > HOME_CERTIFICATE_DAYS:
        return False, f"{what} {age} days old at receipt; at most {HOME_CERTIFICATE_DAYS}."
    return True, f"{what} {age} days old at receipt (at most {HOME_CERTIFICATE_DAYS})."


def _ucc_not_lapsed(check: Check, rules: ExaminationRules, facts: Facts) -> _Result:
    lapse = facts.ucc_lapse_date
    if lapse is None:
        return None, "Not known: the lapse date of the initial financing statement."
    if facts.received_on > lapse:
        return False, f"The initial financing statement lapsed at the end of {_day(lapse)}."
    return True, f"The initial financing statement is effective through {_day(lapse)}."


def _ucc_lapse_window(check: Check, rules: ExaminationRules, facts: Facts) -> _Result:
    if facts.ucc_record_type is None:
        return None, "Not known: whether the record is a continuation."
    if facts.ucc_record_type != "continuation":
        return True, "Not a continuation: no window applies."
    if facts.ucc_window is None:
        return None, "Not known: the continuation window."
    opens, closes = facts.ucc_window
    window = f"the window is {_day(opens)} to {_day(closes)}"
    if opens <= facts.received_on <= closes:
        return True, f"Received {_day(facts.received_on)}; {window}."
    return False, f"Received {_day(facts.received_on)}, outside the window: {window}."


_RULE_FUNCTIONS: Mapping[str, Callable[[Check, ExaminationRules, Facts], _Result]] = \
    MappingProxyType({
        "name_available": _name_available,
        "designator": _designator,
        "name_matches_record": _name_matches_record,
        "entity_status_allows": _entity_status_allows,
        "fee_paid": _fee_paid,
        "required_fields": _required_fields,
        "agent_address_not_po_box": _agent_address,
        "effective_date_within_90_days": _effective_date,
        "home_certificate_within_90_days": _home_certificate,
        "ucc_not_lapsed": _ucc_not_lapsed,
        "ucc_lapse_window": _ucc_lapse_window,
    })
RULES = frozenset(_RULE_FUNCTIONS)


def _day(day: date) -> str:
    return f"{format_day(day)} {day.year}"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _squeeze(text: str) -> str:
    return " ".join(text.casefold().split())


def _letters(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


# ---------------------------------------------------------------------- post office boxes

# A post office box, however written: "P.O. Box", "PO Box", "P O Box", "P. O. Box", "POBox",
# "Post Office Box", "P.O. Drawer", "POB 12", "P.O.B."; and a commercial mail receiving agency's
# private mailbox: "PMB 12", "Private Mail Box". Each must start a word, so "Box Elder Street",
# "Boxwood Lane", "Pobst Road", "Apollo Box Co." and "Hippo Boxing Club" are street words.
_BOX = re.compile(
    r"""(?<![a-z0-9])(?:
          post \s* office \s* (?:box|bx|drawer)
        | p \s* \.? \s* o \s* \.? \s* (?:box|bx|drawer)
        | p \s* \.? \s* o \s* \.? \s* b (?![a-z])
        | p \s* \.? \s* m \s* \.? \s* b (?![a-z])
        | private \s* mail \s* box
    )(?![a-z])""",
    re.IGNORECASE | re.VERBOSE)
# "Box 12" on its own: usually a post office box, but a rural route box ("RR 2 Box 15") is a
# delivery address; the examiner decides.
_MAYBE_BOX = re.compile(r"(?<![a-z0-9])(?:box|bx)\s*(?:no\.?|number|\#)?\s*\d", re.IGNORECASE)


def po_box(address: str) -> tuple[Literal["box", "maybe", "street"], str]:
    """Whether an address is a post office box or private mailbox (``"box"``, with the words
    found), may be one (``"maybe"``: a bare "Box 12") or reads as a street address."""
    if found := _BOX.search(address):
        return "box", found.group(0).strip()
    if found := _MAYBE_BOX.search(address):
        return "maybe", found.group(0).strip()
    return "street", ""
