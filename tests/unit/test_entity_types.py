"""Entity types and the good-standing rule (domain.md 4.3): every reason, each with its rule."""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workstation.domain.entity_types import (
    EntityFacts,
    EntityTypes,
    ProfileDataError,
    add_months,
    good_standing,
)
from workstation.paths import resources_dir

TODAY = date(2025, 6, 2)


@cache
def types(state: str = "ohio") -> EntityTypes:
    path = resources_dir() / "profiles" / state / "entity_types.toml"
    return EntityTypes.from_toml(path.read_text(encoding="utf-8"))


def facts(entity_type: str = "corp", status: str = "active", *, status_date: date | None = None,
          flags: frozenset[str] = frozenset(), last_report_date: date | None = None,
          formation_date: date | None = None) -> EntityFacts:
    return EntityFacts(entity_type, status, status_date, flags, last_report_date, formation_date)


# ---------------------------------------------------------------- the data


def test_ohio_has_every_entity_type_of_the_brief() -> None:
    assert set(types().codes) == {
        "corp", "nonprofit", "prof-corp", "llc", "lp", "llp", "foreign-corp",
        "foreign-nonprofit", "foreign-llc", "trade-name", "fictitious-name", "name-reservation"}


def test_ohio_periodic_reports() -> None:
    nonprofit = types().get("nonprofit").report
    assert nonprofit is not None
    assert (nonprofit.name, nonprofit.every_months) == ("Statement of Continued Existence", 60)
    pc = types().get("prof-corp").report
    assert pc is not None and (pc.name, pc.every_months) == ("Biennial report", 24)
    assert types().get("llc").report is None  # Ohio LLCs file no annual report
    assert types().get("corp").report is None


def test_connecticut_annual_reports() -> None:
    for code in ("corp", "llc"):
        report = types("connecticut").get(code).report
        assert report is not None and report.every_months == 12


def test_designators_and_statutes() -> None:
    assert types().get("llc").designator_set == "llc"
    assert types().get("corp").statute == "ORC Chapter 1701"
    assert types().get("trade-name").designator_set == "none"
    assert not types().get("foreign-corp").domestic and types().get("corp").domestic


def test_name_terms() -> None:
    reservation = types().get("name-reservation").term
    assert reservation is not None and not reservation.renewable
    assert reservation.expires(date(2025, 1, 1)) == date(2025, 1, 1) + timedelta(days=180)
    trade = types().get("trade-name").term
    assert trade is not None and trade.renewable
    assert trade.expires(date(2020, 2, 29)) == date(2025, 2, 28)
    ct = types("connecticut").get("name-reservation").term
    assert ct is not None and ct.expires(date(2025, 1, 1)) == date(2025, 5, 1)  # 120 days


def test_designator_sets_and_codes_agree_with_the_ohio_name_rules() -> None:
    """names.toml (the name rules) keys the same entity types and defines each designator set."""
    path = resources_dir() / "profiles" / "ohio" / "names.toml"
    names = tomllib.loads(path.read_text(encoding="utf-8"))
    assert set(names["entity_type"]) == set(types().codes)
    for kind in types():
        assert kind.designator_set in names["designator_set"], kind.code
        assert names["entity_type"][kind.code]["designators"] == kind.designator_set


@pytest.mark.parametrize("state", ["ohio", "connecticut"])
def test_every_row_has_a_source_and_a_verified_flag(state: str) -> None:
    for kind in types(state):
        assert kind.source.strip() and kind.statute.strip()
        assert isinstance(kind.verified, bool)


def test_unknown_code() -> None:
    with pytest.raises(KeyError, match="unknown entity type 'bank'"):
        types().get("bank")


# ---------------------------------------------------------------- good standing


def test_active_corporation_is_in_good_standing() -> None:
    standing = good_standing(facts(formation_date=date(1990, 1, 1)), types(), TODAY)
    assert standing.in_good_standing and standing.applicable
    assert standing.reasons == () and standing.verdict == "in good standing"


def test_every_reason_is_collected_with_its_rule() -> None:
    entity = facts("corp", "cancelled", status_date=date(2024, 3, 1),
                   flags=frozenset({"tax_cancellation", "agent_missing"}))
    standing = good_standing(entity, types(), TODAY)
    assert not standing.in_good_standing
    assert standing.reasons == (
        "status is Cancelled since 2024-03-01, not Active (records of this office)",
        "cancelled by the Tax Commissioner (ORC 5726.40)",
        "no statutory agent on record (ORC 1701.07)",
    )
    assert standing.verdict == "not in good standing"


def test_flags_alone_block_an_active_entity() -> None:
    entity = facts("llc", flags=frozenset({"court_order", "administrative_hold"}))
    standing = good_standing(entity, types(), TODAY)
    assert not standing.in_good_standing
    assert standing.reasons == ("a court order against the entity is on record (ORC 1706.471)",
                                "an administrative hold is on the record (office procedure)")


def test_the_agent_rule_is_the_entity_types_own() -> None:
    for code, cite in [("nonprofit", "ORC 1702.06"), ("llc", "ORC 1706.09"),
                       ("foreign-corp", "ORC 1703.041")]:
        standing = good_standing(facts(code, flags=frozenset({"agent_missing"}),
                                       formation_date=TODAY), types(), TODAY)
        assert standing.reasons == (f"no statutory agent on record ({cite})",)


def test_a_flag_that_does_not_block_this_type_is_ignored() -> None:
    # Ohio's limited partnerships have no tax-cancellation rule in the data
    standing = good_standing(facts("lp", flags=frozenset({"tax_cancellation"})), types(), TODAY)
    assert standing.in_good_standing


@pytest.mark.parametrize(
    ("last_report", "formed", "today", "reason"),
    [
        pytest.param(None, date(2020, 3, 1), date(2025, 3, 1), None, id="due today: not late"),
        pytest.param(None, date(2020, 3, 1), date(2025, 3, 2),
                     "Statement of Continued Existence overdue since 2025-03-01 (ORC 1702.59)",
                     id="a day late, counted from formation"),
        pytest.param(date(2022, 7, 1), date(2001, 1, 1), date(2025, 3, 2), None,
                     id="last statement 2022: due 2027"),
        pytest.param(date(2019, 7, 1), date(2001, 1, 1), date(2025, 3, 2),
                     "Statement of Continued Existence overdue since 2024-07-01 (ORC 1702.59)",
                     id="last statement 2019: late since 2024-07-01"),
    ],
)
def test_nonprofit_statement_of_continued_existence(
        last_report: date | None, formed: date, today: date, reason: str | None) -> None:
    entity = facts("nonprofit", last_report_date=last_report, formation_date=formed)
    standing = good_standing(entity, types(), today)
    assert standing.reasons == ((reason,) if reason else ())
    assert standing.in_good_standing == (reason is None)


def test_professional_corporation_biennial_report() -> None:
    entity = facts("prof-corp", last_report_date=date(2022, 5, 1))
    assert good_standing(entity, types(), date(2024, 5, 1)).in_good_standing
    late = good_standing(entity, types(), date(2024, 5, 2))
    assert late.reasons == ("Biennial report overdue since 2024-05-01 (ORC 1785.06)",)


def test_a_report_that_cannot_be_dated_is_a_reason() -> None:
    standing = good_standing(facts("nonprofit"), types(), TODAY)
    assert not standing.in_good_standing
    assert "cannot be shown to be current (ORC 1702.59)" in standing.reasons[0]


def test_llcs_need_no_report() -> None:
    assert good_standing(facts("llc", formation_date=date(1995, 1, 1)), types(),
                         TODAY).in_good_standing


def test_all_reasons_at_once() -> None:
    entity = facts("nonprofit", "hold", status_date=date(2025, 1, 2),
                   flags=frozenset({"agent_missing", "administrative_hold"}),
                   formation_date=date(2010, 1, 1))
    reasons = good_standing(entity, types(), TODAY).reasons
    assert len(reasons) == 4
    assert reasons[0].startswith("status is Hold since 2025-01-02")
    assert reasons[-1] == ("Statement of Continued Existence overdue since 2015-01-01 "
                           "(ORC 1702.59)")


@pytest.mark.parametrize("code", ["trade-name", "fictitious-name", "name-reservation"])
def test_name_registrations_are_not_applicable_not_in_good_standing(code: str) -> None:
    standing = good_standing(facts(code), types(), TODAY)
    assert not standing.applicable and not standing.in_good_standing
    assert standing.verdict == "not applicable"
    assert "does not apply" in standing.reasons[0]


def test_connecticut_annual_report_and_status_words() -> None:
    entity = facts("llc", "cancelled", status_date=date(2024, 9, 1),
                   last_report_date=date(2023, 4, 10))
    reasons = good_standing(entity, types("connecticut"), TODAY).reasons
    assert reasons == (
        "status is Forfeited since 2024-09-01, not Active (records of this office)",
        "Annual report overdue since 2024-04-10 (CGS Chapter 613a)",
    )


def test_unknown_flag_status_or_type_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown record flag"):
        good_standing(facts(flags=frozenset({"taxcancel"})), types(), TODAY)
    with pytest.raises(ValueError, match="unknown status"):
        good_standing(facts(status="alive"), types(), TODAY)
    with pytest.raises(KeyError):
        good_standing(facts("bank"), types(), TODAY)


_GRACE = """
[status]
active = "Active"
[flag.agent_missing]
reason = "no agent"
[entity_type.x]
label = "X"
statute = "S"
domestic = true
standing_applies = true
standing_statuses = ["active"]
blocking_flags = { agent_missing = "R 1" }
report = { name = "Report", every_months = 12, grace_days = 30, citation = "R 2" }
source = "test"
verified = true
"""


def test_grace_days() -> None:
    kinds = EntityTypes.from_toml(_GRACE)
    entity = EntityFacts("x", "active", last_report_date=date(2024, 1, 1))
    assert good_standing(entity, kinds, date(2025, 1, 31)).in_good_standing
    late = good_standing(entity, kinds, date(2025, 2, 1))
    assert late.reasons == ("Report overdue since 2025-01-01 (R 2)",)


@given(flags=st.frozensets(st.sampled_from(["tax_cancellation", "agent_missing",
                                            "court_order", "administrative_hold"])),
       code=st.sampled_from(sorted(types().codes)),
       status=st.sampled_from(sorted(types().statuses)),
       last=st.none() | st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 1, 1)),
       formed=st.none() | st.dates(min_value=date(1950, 1, 1), max_value=date(2030, 1, 1)),
       today=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)))
def test_in_good_standing_exactly_when_there_is_no_reason(
        flags: frozenset[str], code: str, status: str, last: date | None,
        formed: date | None, today: date) -> None:
    entity = EntityFacts(code, status, None, flags, last, formed)
    standing = good_standing(entity, types(), today)
    if standing.applicable:
        assert standing.in_good_standing == (standing.reasons == ())
        assert all(reason.endswith(")") for reason in standing.reasons)  # each cites a rule
    else:
        assert not standing.in_good_standing and len(standing.reasons) == 1


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(("start", "months", "end"), [
    (date(2025, 1, 31), 1, date(2025, 2, 28)),
    (date(2024, 2, 29), 12, date(2025, 2, 28)),
    (date(2024, 2, 29), 48, date(2028, 2, 29)),
    (date(2020, 3, 1), 60, date(2025, 3, 1)),
    (date(2025, 11, 15), 2, date(2026, 1, 15)),
])
def test_add_months(start: date, months: int, end: date) -> None:
    assert add_months(start, months) == end


# ---------------------------------------------------------------- the data file is checked


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (('standing_statuses = ["active"]', 'standing_statuses = ["alive"]'), "unknown status"),
        (('agent_missing = "R 1"', 'agentmissing = "R 1"'), "unknown flag"),
        (('standing_statuses = ["active"]', "standing_statuses = []"), "no standing_statuses"),
        (("every_months = 12", "every_months = 0"), "every_months must be > 0"),
        (('label = "X"\n', ""), "label must be a non-empty string"),
        (("domestic = true", 'domestic = "yes"'), "domestic must be true or false"),
    ],
)
def test_bad_entity_type_data_is_refused_at_load(change: tuple[str, str], words: str) -> None:
    with pytest.raises(ProfileDataError, match=words):
        EntityTypes.from_toml(_GRACE.replace(*change))
