"""The filing-type catalogues: coverage of domain.md 1.2-1.7, look-ups, the allowable-actions
matrix and the load-time checks."""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workstation.domain.entity_types import EntityTypes, ProfileDataError
from workstation.domain.filing_types import FilingCatalogue, ServiceType
from workstation.paths import resources_dir


@cache
def entity_types(state: str) -> EntityTypes:
    path = resources_dir() / "profiles" / state / "entity_types.toml"
    return EntityTypes.from_toml(path.read_text(encoding="utf-8"))


@cache
def catalogue(state: str = "ohio") -> FilingCatalogue:
    path = resources_dir() / "profiles" / state / "filing_types.toml"
    return FilingCatalogue.from_toml(path.read_text(encoding="utf-8"), entity_types(state))


# ---------------------------------------------------------------- coverage

# (form or code, what the brief and domain.md 1.2-1.6 call it)
OHIO_REQUIRED = [
    ("532A", "articles of incorporation, for-profit"),
    ("532B", "articles of incorporation, nonprofit"),
    ("610", "LLC articles of organization"),
    ("530A", "foreign corporation licence"),
    ("530B", "foreign nonprofit licence"),
    ("OH-FLLC", "foreign LLC registration"),
    ("534B", "name reservation"),
    ("OH-534A-T", "trade name"),
    ("OH-534A-F", "fictitious name"),
    ("523A", "trade/fictitious renewal"),
    ("524A", "trade/fictitious cancellation"),
    ("540", "amendment, corporation"),
    ("543A", "amendment, LLC"),
    ("561", "dissolution, corporation"),
    ("560", "dissolution, nonprofit"),
    ("616", "dissolution, LLC"),
    ("567", "dissolution, LLP"),
    ("563", "dissolution, LP"),
    ("521", "statutory agent update"),
    ("OH-REIN-T", "reinstatement after tax cancellation"),
    ("OH-REIN-A", "reinstatement after agent cancellation"),
    ("OH-PRECLEAR", "preclearance"),
    ("OH-CGS", "certificate of good standing"),
    ("OH-COPY", "certified copy"),
    ("UCC1", "UCC-1"),
    ("UCC3", "UCC-3"),
    ("OH-UCC-SEARCH", "UCC search"),
    ("OH-UCC-LIMITED", "UCC limited search"),
    ("OH-APOSTILLE", "apostille"),
    ("OH-MINISTER", "minister licence"),
]


@pytest.mark.parametrize(("key", "what"), OHIO_REQUIRED, ids=[w for _, w in OHIO_REQUIRED])
def test_ohio_has(key: str, what: str) -> None:
    assert key in catalogue() or catalogue().by_form(key), what


@pytest.mark.parametrize("code", ["CT-INC", "CT-LLC", "CT-FLLC", "CT-AUTH", "CT-RESERVE",
                                  "CT-AGENT", "CT-AMEND", "CT-REPORT", "CT-REINSTATE",
                                  "CT-GENERAL", "CT-EXISTENCE", "CT-COPY", "CT-APOSTILLE",
                                  "CT-UCC1", "CT-UCC3", "CT-UCC-SEARCH", "CT-UCC-COPY"])
def test_connecticut_has_the_equivalents_of_domain_1_7(code: str) -> None:
    assert code in catalogue("connecticut")


def test_connecticut_has_no_trade_names() -> None:
    """CT trade names are filed with the town clerk (CGS 35-1), not the Secretary."""
    assert not catalogue("connecticut").find("trade name")
    assert "trade-name" not in entity_types("connecticut")


def test_ohio_internal_codes_are_used_where_the_forms_print_them() -> None:
    assert catalogue().get("114-ARN").form == "532B"
    assert catalogue().get("151-FLF").form == "530A"
    assert {t.code for t in catalogue().by_form("540")} == {"123-AMDD", "124-AMDI"}


# ---------------------------------------------------------------- look-ups


def test_get_is_case_insensitive_and_names_an_unknown_code() -> None:
    assert catalogue().get("114-arn").code == "114-ARN"
    assert " oh-610 " in catalogue()
    with pytest.raises(KeyError, match="XX-9"):
        catalogue().get("XX-9")


@pytest.mark.parametrize(("form", "codes"), [
    ("532B", {"114-ARN"}), ("Form 532b", {"114-ARN"}), ("534A", {"OH-534A-T", "OH-534A-F"}),
    ("999", set()),
])
def test_by_form(form: str, codes: set[str]) -> None:
    assert {t.code for t in catalogue().by_form(form)} == codes


@pytest.mark.parametrize(
    ("text", "first", "included"),
    [
        ("114-ARN", "114-ARN", {"114-ARN"}),
        ("532", "OH-532A", {"OH-532A", "114-ARN"}),
        ("532b", "114-ARN", {"114-ARN"}),
        ("dissol", "OH-561", {"OH-561", "OH-560", "OH-616", "OH-567", "OH-563"}),
        ("good standing", "OH-CGS", {"OH-CGS"}),
        ("certificate of existence", "OH-CGS", {"OH-CGS"}),
        ("llc art", "OH-610", {"OH-610"}),
        ("UCC", "OH-UCC1", {"OH-UCC1", "OH-UCC3", "OH-UCC-SEARCH", "OH-UCC-LIMITED"}),
        ("agent", "OH-521", {"OH-521", "OH-REIN-A"}),
        ("Reinstate", "OH-REIN-T", {"OH-REIN-T", "OH-REIN-A"}),
    ],
)
def test_find(text: str, first: str, included: set[str]) -> None:
    found = [t.code for t in catalogue().find(text)]
    assert found[0] == first
    assert included <= set(found)


def test_find_puts_an_exact_code_before_words() -> None:
    found = [t.code for t in catalogue().find("oh-561")]
    assert found[0] == "OH-561"


def test_find_nothing() -> None:
    assert catalogue().find("") == []
    assert catalogue().find("  -- ") == []
    assert catalogue().find("zebra") == []


@given(st.text(max_size=30))
def test_find_never_fails_and_returns_catalogue_members(text: str) -> None:
    for filing_type in catalogue().find(text):
        assert catalogue().get(filing_type.code) is filing_type


# ---------------------------------------------------------------- the rules the data carries


def test_certificates_copies_ucc_and_records_cannot_be_expedited_in_ohio() -> None:
    for filing_type in catalogue():
        if filing_type.service in (ServiceType.CERTIFICATION, ServiceType.RECORDS,
                                   ServiceType.UCC):
            assert not filing_type.expedite_allowed, filing_type.code
            assert "OAC 111:1-2-01" in filing_type.no_expedite_reason
    assert "OAC 111:1-2-01(B)" in catalogue().get("OH-CGS").no_expedite_reason


def test_corporate_filings_can_be_expedited_and_say_no_reason() -> None:
    for code in ("OH-532A", "OH-610", "OH-521", "OH-561", "OH-534A-T"):
        filing_type = catalogue().get(code)
        assert filing_type.expedite_allowed and filing_type.no_expedite_reason == ""


@pytest.mark.parametrize(("code", "level"), [
    ("OH-521", 1), ("123-AMDD", 1), ("OH-534B", 1), ("OH-532A", 2), ("OH-610", 2),
    ("151-FLF", 2), ("OH-MERGER", 3), ("OH-CONVERSION", 3),
])
def test_work_levels(code: str, level: int) -> None:
    assert catalogue().get(code).work_level == level


def test_formations_create_records_and_name_no_statuses() -> None:
    for code in ("OH-532A", "114-ARN", "OH-610", "151-FLF", "OH-534B", "OH-534A-T"):
        filing_type = catalogue().get(code)
        assert filing_type.creates_entity and not filing_type.allowed_statuses
    assert not catalogue().get("123-AMDD").creates_entity


@pytest.mark.parametrize(
    ("code", "status", "blocked"),
    [
        ("123-AMDD", "active", None),
        ("123-AMDD", "cancelled", "needs a record that is Active; this one is Cancelled"),
        ("OH-543A", "dissolved", "this one is Dissolved"),
        ("OH-561", "active", None),
        ("OH-561", "cancelled", "needs a record that is Active"),
        ("OH-REIN-T", "cancelled", None),
        ("OH-REIN-A", "hold", None),
        ("OH-REIN-T", "active", "needs a record that is Cancelled or Hold; this one is Active"),
        ("OH-CGS", "cancelled", None),
        ("OH-523A", "expired", "this one is Expired"),
        ("OH-532A", None, None),  # a formation needs no record
        ("OH-UCC1", None, None),  # not about an entity
        ("OH-521", None, "filed on an existing record"),
    ],
)
def test_allowable_actions(code: str, status: str | None, blocked: str | None) -> None:
    result = catalogue().status_blocker(code, status)
    if blocked is None:
        assert result is None
    else:
        assert result is not None and blocked in result


def test_connecticut_status_words_come_from_its_profile() -> None:
    result = catalogue("connecticut").status_blocker("CT-AMEND", "cancelled")
    assert result is not None and "Forfeited" in result


def test_applies_to() -> None:
    articles = catalogue().get("OH-610")
    assert articles.applies_to("llc") and not articles.applies_to("corp")
    ucc = catalogue().get("OH-UCC1")
    assert ucc.applies_to(None) and not ucc.applies_to("corp")
    copies = catalogue().get("OH-COPY")  # "*": every entity type of the profile
    assert copies.entity_types == frozenset(entity_types("ohio").codes)


def test_title() -> None:
    assert catalogue().get("114-ARN").title == (
        "Form 532B: Articles of Incorporation, nonprofit corporation (114-ARN)")
    assert catalogue().get("OH-CGS").title == "Certificate of Good Standing (OH-CGS)"


@pytest.mark.parametrize("state", ["ohio", "connecticut"])
def test_every_row_has_a_source_and_a_verified_flag(state: str) -> None:
    for filing_type in catalogue(state):
        assert filing_type.source.strip() and isinstance(filing_type.verified, bool)
        assert filing_type.label.strip()


# ---------------------------------------------------------------- the data file is checked

_ROW = """
[[filing_type]]
code = "T-1"
label = "Test"
entity_types = ["corp"]
service = "corporate"
work_level = 1
expedite_allowed = true
creates_entity = false
allowed_statuses = ["active"]
source = "test"
verified = true
"""


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (('entity_types = ["corp"]', 'entity_types = ["corpp"]'), "unknown entity type 'corpp'"),
        (('allowed_statuses = ["active"]', 'allowed_statuses = ["alive"]'), "unknown status"),
        (("work_level = 1", "work_level = 4"), "work_level must be 1, 2 or 3"),
        (('service = "corporate"', 'service = "vital"'), "service must be one of"),
        (("creates_entity = false", "creates_entity = true"), "creates a record has no"),
        (('allowed_statuses = ["active"]', "allowed_statuses = []"), "which statuses"),
        (("expedite_allowed = true", "expedite_allowed = false"), "why it cannot be expedited"),
        (("verified = true", 'verified = "yes"'), "verified must be true or false"),
        (("verified = true", 'verified = true\nsets_status = "gone"'), "sets_status must be"),
        (("verified = true", "verified = true\nrenews_term = true"), "renews_term is for"),
    ],
)
def test_bad_filing_type_data_is_refused_at_load(change: tuple[str, str], words: str) -> None:
    text = _ROW.replace(*change)
    with pytest.raises(ProfileDataError, match=words):
        FilingCatalogue.from_toml(text, entity_types("ohio"))


@pytest.mark.parametrize("state", ["ohio", "connecticut"])
def test_dissolutions_and_reinstatements_say_what_status_they_leave(state: str) -> None:
    for filing_type in catalogue(state):
        words = filing_type.label.casefold()
        if "dissolution" in words:
            assert filing_type.sets_status == "dissolved", filing_type.code
        elif "reinstatement" in words:
            assert filing_type.sets_status == "active", filing_type.code
        elif filing_type.creates_entity:
            assert filing_type.sets_status is None, filing_type.code


def test_only_trade_and_fictitious_name_renewals_renew_a_term() -> None:
    assert [f.code for f in catalogue("ohio") if f.renews_term] == ["OH-523A"]
    assert [f.code for f in catalogue("connecticut") if f.renews_term] == []


def test_duplicate_codes_are_refused() -> None:
    with pytest.raises(ProfileDataError, match="T-1 twice"):
        FilingCatalogue.from_toml(_ROW + _ROW, entity_types("ohio"))


def test_default_no_expedite_reason_comes_from_the_service_type() -> None:
    text = ('[no_expedite_reason]\ncorporate = "because (rule 1)"\n'
            + _ROW.replace("expedite_allowed = true", "expedite_allowed = false"))
    loaded = FilingCatalogue.from_toml(text, entity_types("ohio"))
    assert loaded.get("T-1").no_expedite_reason == "because (rule 1)"
