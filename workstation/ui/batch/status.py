"""The counter's status search in words: where a filing is, who has it, since when; a hold's
follow-up day; a decision's reasons."""

from __future__ import annotations

from datetime import tzinfo

from workstation.domain.calendar_explain import format_day, format_moment
from workstation.services.batch_review import FilingStatus
from workstation.services.profile import Profile


def status_words(found: FilingStatus, profile: Profile) -> str:
    """``202600000001 (Form 610 …): in process, batch B0000010, with senior since Fri 20 Nov
    11:02 a.m.`` — or ``on hold until Fri 4 Dec 2026 (senior): …``."""
    zone: tzinfo = profile.calendar.zone
    head = f"{found.document_number} ({profile.filing_type_label(found.filing_type)}): "
    batch = f"batch {found.batch_number}" if found.batch_number else "in no batch"
    since = f" since {format_moment(found.since.astimezone(zone))}" if found.since else ""
    reasons = f" — {', '.join(found.reasons)}" if found.reasons else ""
    if found.state == "in process":
        who = f"with {found.examiner}{since}" if found.examiner else "not yet taken"
        return f"{head}in process, {batch}, {who}"
    if found.state == "on hold":
        until = (f" until {format_day(found.follow_up_on)} {found.follow_up_on.year}"
                 if found.follow_up_on else "")
        who = f" ({found.examiner})" if found.examiner else ""
        return f"{head}on hold{until}{who}, {batch}"
    by = f" by {found.examiner}" if found.examiner else ""
    when = f" on {format_moment(found.since.astimezone(zone))}" if found.since else ""
    return f"{head}{found.state}{by}{when}, {batch}{reasons}"
