"""What an accepted UCC record does to the UCC index (inside the examiner's transaction).

A UCC-1 becomes an initial financing statement with its file number, filing time, lapse date
and parties; a UCC-3 or UCC-5 becomes a record linked to its initial statement (9-519(c)); a
continuation moves the initial statement's lapse date, and only inside its six-month window
(9-515(d)); a termination or a lapse leaves the index as it is (the record says so). Filed
records are never edited: a change is a new linked record.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from sqlalchemy import select

from workstation.db.uow import UnitOfWork
from workstation.domain import ucc
from workstation.errors import UserError
from workstation.models import Filing, UccParty, UccRecord
from workstation.services import numbering
from workstation.services.profile import Profile

FORM_RECORD = {"OH-UCC1": "initial", "OH-UCC5": "information", "CT-UCC1": "initial",
               "CT-UCC5": "information"}
UCC3_TYPES = ("amendment", "assignment", "continuation", "termination")


def record_type(filing_type: str, fields: Mapping[str, str]) -> str | None:
    """The kind of record a UCC filing makes; None for a search request (no record)."""
    if filing_type in FORM_RECORD:
        return FORM_RECORD[filing_type]
    if filing_type.endswith("UCC3"):
        kind = (fields.get("record_type") or "").strip()
        if kind not in UCC3_TYPES:
            raise UserError(f"Say what the UCC-3 is: {', '.join(UCC3_TYPES)}.",
                            field="record_type")
        return kind
    return None


def accept(uow: UnitOfWork, profile: Profile, filing: Filing, fields: Mapping[str, str],
           now: datetime) -> UccRecord | None:
    kind = record_type(filing.filing_type, fields)
    if kind is None:
        return None
    today = now.astimezone(profile.calendar.zone).date()
    initial = None if kind == "initial" else _initial(uow, profile, fields)
    if kind == "continuation" and initial is not None:
        _continue(profile, initial, today)
    record = UccRecord(
        file_number=_next_file_number(uow, profile, today.year), record_type=kind,
        initial_id=initial.id if initial is not None else None, filed_at=now,
        lapse_kind="standard",
        lapse_date=profile.ucc_lapse(today, "standard") if kind == "initial" else None,
        pages=filing.pages)
    uow.session.add(record)
    uow.session.flush()
    if kind == "initial":
        _parties(uow, profile, record, fields)
    return record


def _initial(uow: UnitOfWork, profile: Profile, fields: Mapping[str, str]) -> UccRecord:
    text = (fields.get("initial_file_number") or "").strip().upper()
    found = uow.session.execute(select(UccRecord).where(
        UccRecord.file_number == text, UccRecord.record_type == "initial")
    ).scalar_one_or_none() if text else None
    if found is None:
        raise UserError(f"No initial financing statement has the file number {text or '(none)'}"
                        " (9-516(b)(2)).", field="initial_file_number")
    return found


def _continue(profile: Profile, initial: UccRecord, today: date) -> None:
    lapse = initial.lapse_date
    if lapse is None:
        raise UserError("That financing statement does not lapse; it is not continued.",
                        field="record_type")
    start, end = ucc.continuation_window(lapse, profile.ucc)
    if not start <= today <= end:
        raise UserError(f"A continuation is filed only between {start} and {end} (9-515(d)); "
                        "reject it with its ground.", field="record_type")
    initial.lapse_date = ucc.continued_lapse(lapse, profile.ucc)


def _next_file_number(uow: UnitOfWork, profile: Profile, year: int) -> str:
    """The next file number of the year. Numbers already on file (a register loaded from the
    old system) are stepped over rather than given twice."""
    while True:
        number = profile.ucc_file_number(year, numbering.next_number(uow, f"ucc_file_{year}"))
        taken = uow.session.execute(select(UccRecord.id).where(
            UccRecord.file_number == number)).first()
        if taken is None:
            return number


def _parties(uow: UnitOfWork, profile: Profile, record: UccRecord,
             fields: Mapping[str, str]) -> None:
    organization = (fields.get("debtor_name") or "").strip()
    last = (fields.get("debtor_last") or "").strip()
    first = (fields.get("debtor_first") or "").strip()
    secured = (fields.get("secured_party") or "").strip()
    if not (organization or last) or not secured:
        raise UserError("Type the debtor (an organisation's name, or a person's last and first "
                        "names) and the secured party from the UCC-1 (9-516(b)(3)-(5)).",
                        field="debtor_name")
    if organization:
        debtor = UccParty(record_id=record.id, role="debtor", kind="organization",
                          organization=organization,
                          search_key=profile.ucc_search_key(organization))
    else:
        last_key, first_key = profile.ucc_person_keys(last, first)
        debtor = UccParty(record_id=record.id, role="debtor", kind="individual",
                          last_name=last, first_name=first or None, search_key=last_key,
                          last_key=last_key, first_key=first_key or None)
    uow.session.add(debtor)
    uow.session.add(UccParty(record_id=record.id, role="secured_party", kind="organization",
                             organization=secured, search_key=profile.ucc_search_key(secured)))
