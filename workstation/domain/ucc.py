"""UCC Article 9 filing-office rules: lapse, continuation, refusal grounds, file numbers.

The parameters are profile data (``resources/profiles/<state>/ucc.toml``, domain.md 2 and 8.6);
this module is the arithmetic over them. Dates only: a financing statement lapses at the end of
its lapse date (the profile's ``instant``), so on the lapse date itself it is still effective and
a continuation filed that day is timely. Business-day counts (refusal notice, search currency)
are returned as numbers; the office calendar turns them into dates. The search logic itself (the
organisation key, the individual-name initial rule) is in ``ucc_search``.
"""

from __future__ import annotations

import calendar
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from workstation.domain.check_digits import ALGORITHMS
from workstation.domain.ucc_search import IndividualName, SearchRules, organisation_key
from workstation.domain.ucc_search import individual_matches as _individual_matches

__all__ = [  # IndividualName is re-exported for callers of individual_matches
    "LAPSE_KINDS", "FileNumberFormat", "IndividualName", "LapseKind", "RecordType",
    "RefusalGround", "UccFileNumber", "UccFileNumberError", "UccRules", "UccRulesError",
    "add_years", "continuation_allowed", "continuation_window", "continued_lapse",
    "individual_matches", "is_lapsed", "lapse_date", "make_ucc_file_number", "months_before",
    "parse_ucc_file_number", "refusal_deadline_days", "refusal_ground", "refusal_grounds",
    "search_key", "searchable_until",
]

LapseKind = Literal["standard", "public_finance", "manufactured_home", "transmitting_utility"]
LAPSE_KINDS: tuple[LapseKind, ...] = (
    "standard", "public_finance", "manufactured_home", "transmitting_utility")
_GROUND_CODE = re.compile(r"UCC-R\d\d")


class UccRulesError(ValueError):
    """The UCC rules data is malformed; the message names the table and the field."""


class UccFileNumberError(ValueError):
    """The text is not a file number of this office; the message says why, for the field."""


@dataclass(frozen=True)
class RecordType:
    code: str
    label: str
    form: str


@dataclass(frozen=True)
class RefusalGround:
    """One coded reason a filing office may refuse a record; only 9-516(b) grounds exist."""

    code: str  # "UCC-R03"
    text: str
    basis: str  # "9-516(b)(3)(A)"
    citation: str  # the state's section: "ORC 1309.516(B)(3)(a)"
    applies_to: frozenset[str]
    verified: bool


@dataclass(frozen=True)
class FileNumberFormat:
    """prefix + year + zero-padded sequence + check digit over the digits."""

    prefix: str
    year_digits: int
    sequence_digits: int
    check_digit: str  # a key of check_digits.ALGORITHMS

    @property
    def length(self) -> int:
        return len(self.prefix) + self.year_digits + self.sequence_digits + 1


@dataclass(frozen=True)
class UccFileNumber:
    year: int
    sequence: int
    text: str


@dataclass(frozen=True)
class UccRules:
    """One profile's UCC parameters, read from TOML text by ``from_toml``."""

    profile: str
    record_types: tuple[RecordType, ...]
    refusal_grounds: tuple[RefusalGround, ...]
    refusal_notice_business_days: int
    lapse_years: Mapping[str, int | None]  # LapseKind -> years; None: never lapses
    february_29: Literal["march_1", "february_28"]
    lapse_instant: str
    continuation_window_months: int
    continuation_years: int
    retention_years_after_lapse: int
    search_currency_business_days: int
    search: SearchRules
    file_number: FileNumberFormat

    @classmethod
    def from_toml(cls, text: str) -> UccRules:
        try:
            return _load(tomllib.loads(text))
        except UccRulesError:
            raise
        except (KeyError, TypeError, ValueError) as exc:
            raise UccRulesError(f"UCC rules: missing or malformed {exc}") from exc


# ---------------------------------------------------------------- lapse and continuation


def add_years(start: date, years: int, rules: UccRules) -> date:
    """The same month and day ``years`` later; 29 February becomes 1 March (OAC 111:1-3-23(C))
    or 28 February, as the profile says, in a year without one."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February into a common year
        day = (3, 1) if rules.february_29 == "march_1" else (2, 28)
        return date(start.year + years, *day)


def months_before(day: date, months: int) -> date:
    """The same day of the month ``months`` earlier, or that month's last day when it is
    shorter: 31 August 2026 minus 6 months -> 28 February 2026."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def lapse_date(filed: date, kind: LapseKind, rules: UccRules) -> date | None:
    """The last day a financing statement filed on ``filed`` is effective: five years on
    (9-515(a)), thirty for a public-finance or manufactured-home transaction (9-515(b)), None
    for a transmitting utility, which does not lapse (9-515(f))."""
    if kind not in rules.lapse_years:
        raise ValueError(f"unknown kind of financing statement {kind!r}; one of {LAPSE_KINDS}")
    years = rules.lapse_years[kind]
    return None if years is None else add_years(filed, years, rules)


def is_lapsed(lapse: date | None, on: date) -> bool:
    """Whether a statement with lapse date ``lapse`` has lapsed by ``on``: it is effective
    through the end of the lapse date."""
    return lapse is not None and on > lapse


def continuation_window(lapse: date, rules: UccRules) -> tuple[date, date]:
    """(first day, last day) on which a continuation of a statement lapsing on ``lapse`` may be
    filed (9-515(d)): from the same day six months earlier (the month's last day when that month
    is shorter) to the lapse date itself."""
    return months_before(lapse, rules.continuation_window_months), lapse


def continuation_allowed(filed_on: date, lapse: date, rules: UccRules) -> bool:
    """Whether a continuation filed on ``filed_on`` is in the window; outside it the office
    refuses it (UCC-R10, 9-516(b)(7)) and it would be ineffective anyway (9-510(c))."""
    opens, closes = continuation_window(lapse, rules)
    return opens <= filed_on <= closes


def continued_lapse(old_lapse: date, rules: UccRules) -> date:
    """The new lapse date after a timely continuation: five years from the OLD lapse date, not
    from the day the continuation was filed (9-515(e))."""
    return add_years(old_lapse, rules.continuation_years, rules)


def searchable_until(lapse: date, rules: UccRules) -> date:
    """The last day a lapsed statement must still be kept (9-522(a): one year after lapse)."""
    return add_years(lapse, rules.retention_years_after_lapse, rules)


# ---------------------------------------------------------------- search


def search_key(name: str, rules: UccRules) -> str:
    """The standard-search key of an organisation debtor name (IACA 503; see ucc_search)."""
    return organisation_key(name, rules.search)


def individual_matches(query: IndividualName, candidate: IndividualName, rules: UccRules
                       ) -> bool:
    """Whether a standard search for individual ``query`` finds ``candidate`` (ucc_search)."""
    return _individual_matches(query, candidate, rules.search)


# ---------------------------------------------------------------- refusal


def refusal_grounds(rules: UccRules) -> tuple[RefusalGround, ...]:
    """The coded grounds a clerk picks from when refusing a record, in catalogue order."""
    return rules.refusal_grounds


def refusal_ground(code: str, rules: UccRules) -> RefusalGround:
    """The ground with ``code``; a code not in the catalogue is refused (KeyError)."""
    for ground in rules.refusal_grounds:
        if ground.code == code:
            return ground
    raise KeyError(f"no refusal ground {code!r} in the {rules.profile} catalogue")


def refusal_deadline_days(rules: UccRules) -> int:
    """Business days after receipt by which the notice of refusal must go out (OH 2, CT 5)."""
    return rules.refusal_notice_business_days


# ---------------------------------------------------------------- file numbers


def make_ucc_file_number(year: int, sequence: int, fmt: FileNumberFormat) -> str:
    """The file number of the ``sequence``-th record filed in ``year``, with its check digit:
    make_ucc_file_number(2024, 1234, ohio) -> "OH2024000123" + check digit."""
    if not 0 <= year < 10 ** fmt.year_digits:
        raise ValueError(f"year {year} does not fit {fmt.year_digits} digits")
    if not 1 <= sequence < 10 ** fmt.sequence_digits:
        raise ValueError(f"sequence {sequence} is outside 1..{10 ** fmt.sequence_digits - 1}")
    append, _ = ALGORITHMS[fmt.check_digit]
    digits = f"{year:0{fmt.year_digits}d}{sequence:0{fmt.sequence_digits}d}"
    return fmt.prefix + append(digits)


def parse_ucc_file_number(text: str, fmt: FileNumberFormat) -> UccFileNumber:
    """The file number in ``text`` (case, spaces and dashes ignored), its check digit verified;
    UccFileNumberError with a clerk-readable reason otherwise."""
    squeezed = re.sub(r"[\s\-]", "", text).upper()
    if not squeezed:
        raise UccFileNumberError("Type the file number.")
    if fmt.prefix and not squeezed.startswith(fmt.prefix):
        raise UccFileNumberError(f"A file number of this office starts with {fmt.prefix}.")
    digits = squeezed[len(fmt.prefix):]
    expected = fmt.length - len(fmt.prefix)
    if not re.fullmatch(r"[0-9]+", digits) or len(digits) != expected:
        raise UccFileNumberError(
            f"A file number is {fmt.prefix} followed by {expected} digits.")
    _, valid = ALGORITHMS[fmt.check_digit]
    if not valid(digits):
        raise UccFileNumberError(
            "The check digit does not match: a digit is mistyped or two digits are swapped.")
    year = int(digits[:fmt.year_digits])
    sequence = int(digits[fmt.year_digits:-1])
    return UccFileNumber(year, sequence, fmt.prefix + digits)


# ---------------------------------------------------------------- loading


def _grounds(rows: list[Mapping[str, Any]], types: set[str]) -> tuple[RefusalGround, ...]:
    grounds = []
    for row in rows:
        code, basis = str(row["code"]), str(row["basis"])
        if not _GROUND_CODE.fullmatch(code):
            raise UccRulesError(f"UCC rules: refusal ground code {code!r} is not UCC-Rnn")
        if not basis.startswith("9-516(b)"):
            raise UccRulesError(f"UCC rules: {code} rests on {basis!r}; a filing office may "
                                "refuse only for a reason in 9-516(b) (9-520(a))")
        unknown = set(row["applies_to"]) - types
        if unknown:
            raise UccRulesError(f"UCC rules: {code} applies to unknown record types {unknown}")
        grounds.append(RefusalGround(code, str(row["text"]), basis, str(row["citation"]),
                                     frozenset(row["applies_to"]), bool(row["verified"])))
    if len({g.code for g in grounds}) != len(grounds):
        raise UccRulesError("UCC rules: a refusal ground code appears twice")
    return tuple(grounds)


def _file_number(row: Mapping[str, Any]) -> FileNumberFormat:
    fmt = FileNumberFormat(str(row["prefix"]).upper(), int(row["year_digits"]),
                           int(row["sequence_digits"]), str(row["check_digit"]))
    if fmt.check_digit not in ALGORITHMS:
        raise UccRulesError(f"UCC rules: unknown check-digit scheme {fmt.check_digit!r}; "
                            f"one of {sorted(ALGORITHMS)}")
    if fmt.year_digits not in (2, 4) or fmt.sequence_digits < 1:
        raise UccRulesError("UCC rules: file_number needs 2 or 4 year digits and a sequence")
    return fmt


def _load(data: Mapping[str, Any]) -> UccRules:
    types = tuple(RecordType(str(r["code"]), str(r["label"]), str(r["form"]))
                  for r in data["record_type"])
    lapse = data["lapse"]
    february_29 = lapse["february_29"]
    if february_29 not in ("march_1", "february_28"):
        raise UccRulesError(f"UCC rules: lapse.february_29 {february_29!r}")
    years: dict[str, int | None] = {
        "standard": int(lapse["standard_years"]),
        "public_finance": int(lapse["public_finance_years"]),
        "manufactured_home": int(lapse["manufactured_home_years"]),
        "transmitting_utility": None,
    }
    if lapse.get("transmitting_utility_lapses", False):
        years["transmitting_utility"] = int(lapse["standard_years"])
    return UccRules(
        profile=str(data["profile"]["name"]),
        record_types=types,
        refusal_grounds=_grounds(data["refusal_ground"], {t.code for t in types}),
        refusal_notice_business_days=int(data["refusal"]["notice_business_days"]),
        lapse_years=years,
        february_29=february_29,
        lapse_instant=str(lapse["instant"]),
        continuation_window_months=int(data["continuation"]["window_months"]),
        continuation_years=int(data["continuation"]["extends_years"]),
        retention_years_after_lapse=int(data["retention"]["years_after_lapse"]),
        search_currency_business_days=int(data["search"]["currency_business_days"]),
        search=SearchRules.from_table(data["search"]),
        file_number=_file_number(data["file_number"]),
    )
