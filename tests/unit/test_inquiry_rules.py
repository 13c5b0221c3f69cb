"""The inquiry rules data: both profiles load against their calendars and fee schedules, and bad
data is refused with a message naming the table and the key."""

from __future__ import annotations

import pytest

from tests.unit.calendar_support import CONNECTICUT, OHIO
from workstation.domain.calendar import OfficeCalendar
from workstation.domain.entity_types import EntityTypes
from workstation.domain.fees import FeeSchedule
from workstation.domain.filing_types import FilingCatalogue
from workstation.domain.inquiry_rules import (
    STATUS_KINDS,
    STOP_EVENTS,
    Category,
    InquiryRules,
    InquiryRulesError,
)
from workstation.domain.profile_data import ProfileDataError
from workstation.paths import resources_dir

PROFILES = {"ohio": OHIO, "connecticut": CONNECTICUT}
CATEGORIES = ("status_of_filing", "rejection_question", "certificate_request", "copy_request",
              "records_retrieval", "ucc_search", "apostille", "minister_licence",
              "election_question", "complaint", "other")
RECORDS_REQUESTS = {"certificate_request", "copy_request", "records_retrieval", "ucc_search",
                    "apostille"}
FEE_CODES = {
    "ohio": {"certificate_request": "OH-CGS", "copy_request": "OH-COPY-PAGE",
             "ucc_search": "OH-UCC-SEARCH", "apostille": "OH-APOSTILLE"},
    "connecticut": {"certificate_request": "CT-EXISTENCE", "copy_request": "CT-COPY",
                    "ucc_search": "CT-UCC-SEARCH", "apostille": "CT-APOSTILLE"},
}


def read(profile: str, name: str) -> str:
    return (resources_dir() / "profiles" / profile / name).read_text(encoding="utf-8")


def rules_of(profile: str) -> InquiryRules:
    return InquiryRules.from_toml(read(profile, "inquiry.toml"), PROFILES[profile])


OHIO_TEXT = read("ohio", "inquiry.toml")
RULES = rules_of("ohio")


# ---------------------------------------------------------------- the profiles
@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_profile_loads_and_every_clock_is_in_its_calendar(profile: str) -> None:
    calendar = PROFILES[profile]
    rules = rules_of(profile)
    assert tuple(c.code for c in rules.categories) == CATEGORIES
    assert [r.code for r in rules.roles] == ["acknowledge", "first_response", "resolve",
                                             "statutory"]
    for category in rules.categories:
        assert {"acknowledge", "first_response", "resolve"} <= set(category.clocks), category.code
        for role, name in category.clocks.items():
            assert name in calendar.clocks, (category.code, role, name)
            assert calendar.clocks[name].kind in {"deadline", "target"}, name
    assert rules.category("rejection_question").clocks["statutory"] == "rejection_letter"
    assert rules.category("complaint").clocks["acknowledge"] == "complaint_acknowledge"
    assert not any("statutory" in c.clocks for c in rules.categories
                   if c.code != "rejection_question")


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_inquiry_clocks_in_the_calendar(profile: str) -> None:
    clocks = PROFILES[profile].clocks
    expected = {
        "inquiry_acknowledge": ("target", 2, "business_days", "same_time"),
        "inquiry_first_response": ("target", 10, "business_days", "same_time"),
        "inquiry_resolve": ("target", 20, "business_days", "same_time"),
        "complaint_acknowledge": ("deadline", 3, "business_days", "closing"),
        "rejection_letter": ("deadline", 5, "business_days", "closing"),
    }
    for name, (kind, amount, unit, ends) in expected.items():
        clock = clocks[name]
        assert (clock.kind, clock.amount, clock.unit, clock.ends) == (kind, amount, unit, ends)


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_fee_codes_name_fees_of_the_profile(profile: str) -> None:
    types = EntityTypes.from_toml(read(profile, "entity_types.toml"))
    catalogue = FilingCatalogue.from_toml(read(profile, "filing_types.toml"), types)
    schedule = FeeSchedule.from_toml(read(profile, "fees.toml"), catalogue)
    codes = {row.code for row in schedule.rows}
    rules = rules_of(profile)
    found = {c.code: c.fee_code for c in rules.categories if c.fee_code is not None}
    assert found == FEE_CODES[profile]
    assert set(found) <= RECORDS_REQUESTS
    assert set(found.values()) <= codes


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_channels(profile: str) -> None:
    rules = rules_of(profile)
    assert [c.code for c in rules.channels] == ["mail", "email", "phone", "voicemail", "fax",
                                                "walk_in", "web_form"]
    assert rules.response_channels == {"mail", "email", "phone", "fax", "walk_in", "web_form"}
    assert not rules.channel("voicemail").counts_as_response  # a voicemail left is no answer


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_statuses_and_clock_roles(profile: str) -> None:
    rules = rules_of(profile)
    assert {s.code: s.kind for s in rules.statuses} == {
        "new": "open", "open": "open", "waiting_on_customer": "paused", "answered": "open",
        "resolved": "done", "closed_no_follow_up": "done", "merged": "done"}
    assert rules.initial_status.code == "new"
    assert rules.paused_statuses == {"waiting_on_customer"}
    assert rules.done_statuses == {"resolved", "closed_no_follow_up", "merged"}
    assert {r.code: r.stops for r in rules.roles} == {
        "acknowledge": "any_outbound", "first_response": "response", "resolve": "done",
        "statutory": "response"}
    assert all(s.kind in STATUS_KINDS for s in rules.statuses)
    assert all(r.stops in STOP_EVENTS for r in rules.roles)


def test_queue_settings() -> None:
    queue = RULES.queue
    assert (queue.per_clerk_cap, queue.stale_claim_hours, queue.presence_seconds,
            queue.heartbeat_seconds) == (25, 16, 25, 8)


def test_lookups_and_pick_lists() -> None:
    assert RULES.channel("walk_in").label == "Walk-in"
    assert RULES.status("waiting_on_customer").kind == "paused"
    assert RULES.role("resolve").stops == "done"
    assert RULES.category("ucc_search").fee_code == "OH-UCC-SEARCH"
    assert RULES.category("records_retrieval").fee_code is None
    urgent = RULES.categories_by_priority
    assert [c.code for c in urgent[:2]] == ["rejection_question", "complaint"]
    assert [c.priority for c in urgent] == sorted(c.priority for c in RULES.categories)
    assert urgent[-1].code == "other"
    for find in (RULES.channel, RULES.category, RULES.status, RULES.role):
        with pytest.raises(KeyError, match=r"no inquiry .* 'nope'; known: "):
            find("nope")


def test_category_clocks_are_read_only_and_in_role_order() -> None:
    category = RULES.category("rejection_question")
    assert list(category.clocks) == ["acknowledge", "first_response", "resolve", "statutory"]
    with pytest.raises(TypeError):
        category.clocks["resolve"] = "x"  # type: ignore[index]
    assert isinstance(hash(category), int)
    assert category == Category(category.code, category.label, category.priority,
                                dict(category.clocks))


def test_clock_names_are_not_checked_without_a_calendar() -> None:
    text = OHIO_TEXT.replace('resolve = "inquiry_resolve"', 'resolve = "no_such_clock"', 1)
    rules = InquiryRules.from_toml(text)
    assert rules.category("status_of_filing").clocks["resolve"] == "no_such_clock"
    with pytest.raises(InquiryRulesError, match=r"\[\[category\]\] 1 \(status_of_filing\) "
                                                r"clocks\.resolve: calendar\.toml has no clock "
                                                r"'no_such_clock'"):
        InquiryRules.from_toml(text, OHIO)


def test_the_error_is_a_value_error() -> None:
    assert issubclass(InquiryRulesError, ProfileDataError)
    assert issubclass(InquiryRulesError, ValueError)


# ---------------------------------------------------------------- bad data
@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("counts_as_response = false", "counts_as_respones = false",
         r"\[\[channel\]\] 4 \(voicemail\): unknown key counts_as_respones"),
        ("counts_as_response = false", 'counts_as_response = "no"',
         r"\[\[channel\]\] 4 \(voicemail\) counts_as_response: true or false"),
        ('stops = "done"', 'stops = "closed"',
         r"\[clock_roles\.resolve\] stops: one of any_outbound, response, done, not 'closed'"),
        ('label = "Resolve"\n', 'label = "Resolve"\npauses = true\n',
         r"\[clock_roles\.resolve\]: unknown key pauses"),
        ('kind = "paused"', 'kind = "on_hold"',
         r"\[\[status\]\] 3 \(waiting_on_customer\) kind: one of open, paused, done"),
        ("initial = true", "initial = false", r"\[\[status\]\] initial: exactly one"),
        ('code = "open"\nlabel = "Open"\nkind = "open"',
         'code = "open"\nlabel = "Open"\nkind = "open"\ninitial = true',
         r"\[\[status\]\] initial: exactly one status is the initial one, not 2"),
        ('code = "new"\nlabel = "New"\nkind = "open"', 'code = "new"\nlabel = "New"\nkind = "done"',
         r"\[\[status\]\] new initial: a new inquiry cannot start done"),
        ('statutory = "rejection_letter"', 'statute = "rejection_letter"',
         r"\[\[category\]\] 2 \(rejection_question\) clocks\.statute: no such clock role"),
        ('statutory = "rejection_letter"', 'statutory = "rejection_notice"',
         r"clocks\.statutory: calendar\.toml has no clock 'rejection_notice'"),
        ("priority = 1", "priority = 0",
         r"\[\[category\]\] 2 \(rejection_question\) priority: a whole number"),
        ('fee_code = "OH-CGS"', 'fee = "OH-CGS"',
         r"\[\[category\]\] 3 \(certificate_request\): unknown key fee;"),
        ('code = "other"', 'code = "complaint"',
         r"\[\[category\]\] code: complaint appears twice"),
        ('code = "fax"', 'code = "phone"', r"\[\[channel\]\] code: phone appears twice"),
        ("heartbeat_seconds = 8", "heartbeat_seconds = 25",
         r"\[queue\] heartbeat_seconds: must be shorter than presence_seconds"),
        ("per_clerk_cap = 25", "per_clerk_cap = 0", r"\[queue\] per_clerk_cap: a whole number"),
        ("per_clerk_cap = 25", "per_clerk_cap = 25\nclaim_cap = 3", r"\[queue\]: unknown key "
                                                                     r"claim_cap"),
        ("[queue]", "[queues]", r"inquiry\.toml: unknown table or key queues"),
        ("[[channel]]\ncode = \"mail\"", "[[channel]\ncode = \"mail\"", r"inquiry\.toml: "),
    ],
    ids=["channel-unknown-key", "channel-flag-not-bool", "role-stops", "role-unknown-key",
         "status-kind", "no-initial", "two-initials", "initial-done", "category-unknown-role",
         "category-clock-not-in-calendar", "category-priority", "category-unknown-key",
         "duplicate-category", "duplicate-channel", "heartbeat-too-slow", "queue-cap",
         "queue-unknown-key", "unknown-table", "not-toml"],
)
def test_bad_inquiry_data_is_refused(old: str, new: str, message: str) -> None:
    assert old in OHIO_TEXT
    with pytest.raises(InquiryRulesError, match=message):
        InquiryRules.from_toml(OHIO_TEXT.replace(old, new, 1), OHIO)


def test_no_done_status_when_a_clock_stops_at_done() -> None:
    text = OHIO_TEXT.replace('kind = "done"', 'kind = "open"')
    with pytest.raises(InquiryRulesError, match="no status is of kind done"):
        InquiryRules.from_toml(text, OHIO)


def test_a_calendar_of_another_office_is_checked_too() -> None:
    minimal = OfficeCalendar.from_toml("""
[office]
name = "No inquiry clocks"
timezone = "America/New_York"
[hours]
monday = ["08:00-17:00"]
[holidays]
country = "US"
[clocks.regular]
kind = "none"
citation = "none"
""")
    with pytest.raises(InquiryRulesError, match=r"clocks\.acknowledge: calendar\.toml has no "
                                                r"clock 'inquiry_acknowledge'; known: regular"):
        InquiryRules.from_toml(OHIO_TEXT, minimal)
