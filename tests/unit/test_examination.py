"""Batch Review's examination rules: both profiles load, every filing type has a checklist whose
failures are catalogue reasons for it, UCC records are refused only on 9-516(b) grounds, and the
evaluation collects every failure (domain.md 5.2, 7.2)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workstation.domain.entity_types import EntityTypes
from workstation.domain.examination import (
    RULES,
    ExaminationRules,
    ExaminationRulesError,
    Facts,
    Finding,
    UnknownAnswerError,
    evaluate,
    failures,
    po_box,
    ready,
)
from workstation.domain.filing_types import FilingCatalogue, ServiceType
from workstation.domain.profile_data import ProfileDataError
from workstation.domain.ucc import UccRules
from workstation.paths import resources_dir

PROFILES = ("ohio", "connecticut")
RECEIVED = date(2025, 3, 3)


def read(profile: str, name: str) -> str:
    return (resources_dir() / "profiles" / profile / name).read_text(encoding="utf-8")


@cache
def catalogue(profile: str = "ohio") -> FilingCatalogue:
    types = EntityTypes.from_toml(read(profile, "entity_types.toml"))
    return FilingCatalogue.from_toml(read(profile, "filing_types.toml"), types)


@cache
def ucc_rules(profile: str = "ohio") -> UccRules:
    return UccRules.from_toml(read(profile, "ucc.toml"))


@cache
def rules(profile: str = "ohio") -> ExaminationRules:
    return ExaminationRules.from_toml(read(profile, "examination.toml"), catalogue(profile),
                                      ucc_rules(profile).refusal_grounds)


def load(text: str, profile: str = "ohio") -> ExaminationRules:
    codes = [g.code for g in ucc_rules(profile).refusal_grounds]
    return ExaminationRules.from_toml(text, catalogue(profile), codes)


def all_yes(filing_type: str, profile: str = "ohio") -> dict[str, bool]:
    """A yes to every examiner check of the filing type."""
    return {c.code: True for c in rules(profile).checklist(filing_type)
            if c.decided_by == "examiner"}


# ---------------------------------------------------------------- the data


@pytest.mark.parametrize("profile", PROFILES)
def test_both_profiles_load_with_grounds_or_with_codes_only(profile: str) -> None:
    full = rules(profile)
    codes_only = load(read(profile, "examination.toml"), profile)
    assert [r.code for r in full.reasons] == [r.code for r in codes_only.reasons]
    assert full.checks == codes_only.checks


@pytest.mark.parametrize("profile", PROFILES)
def test_every_filing_type_has_a_checklist_failing_only_with_its_own_reasons(
        profile: str) -> None:
    examination = rules(profile)
    for filing_type in catalogue(profile):
        checklist = examination.checklist(filing_type.code)
        assert len(checklist) > 0, filing_type.code
        assert len(set(checklist.codes)) == len(checklist), filing_type.code
        allowed = {r.code for r in examination.reasons_for(filing_type.code)}
        for check in checklist:
            assert check.fails_with in allowed, (filing_type.code, check.code)
            assert (check.rule in RULES) == (check.decided_by == "system"), check.code
            assert check.label.endswith("?"), check.label  # a yes/no question


@pytest.mark.parametrize("profile", PROFILES)
def test_ucc_filing_types_are_refused_only_on_the_9_516_b_grounds(profile: str) -> None:
    examination = rules(profile)
    grounds = {g.code: g for g in ucc_rules(profile).refusal_grounds}
    for filing_type in catalogue(profile):
        reasons = examination.reasons_for(filing_type.code)
        assert reasons, filing_type.code
        if filing_type.service is ServiceType.UCC:
            assert {r.code for r in reasons} <= set(grounds), filing_type.code
            assert all(r.ucc_ground for r in reasons)
        else:
            assert not any(r.ucc_ground for r in reasons), filing_type.code
    ucc_reasons = [r for r in examination.reasons if r.ucc_ground]
    assert {r.code for r in ucc_reasons} == set(grounds)  # every ground has a cure and money
    for reason in ucc_reasons:  # the letter's words come from ucc.toml, not repeated
        assert reason.label == grounds[reason.code].text
        assert grounds[reason.code].citation in reason.citation
        assert grounds[reason.code].basis in reason.citation


def test_connecticut_credits_a_refused_ucc_fee_to_the_remitter() -> None:
    """Regs. Conn. State Agencies 42a-9-3(c) (domain.md 2.3)."""
    assert {r.money for r in rules("connecticut").reasons if r.ucc_ground} == {"credit"}


@pytest.mark.parametrize("profile", PROFILES)
def test_reasons_carry_a_letter_text_a_cure_and_a_disposition(profile: str) -> None:
    for reason in rules(profile).reasons:
        assert reason.label and reason.cure and reason.citation and reason.source, reason.code
        assert reason.money in ("refund", "hold", "credit")


def test_the_domain_catalogue_reasons_are_in_ohio() -> None:
    codes = {r.code for r in rules().reasons}
    assert {"NAME-01", "NAME-02", "AGT-01", "AGT-02", "AGT-03", "SIG-01", "DATE-01", "DOC-01",
            "DOC-02", "FEE-01", "FORM-01", "FORM-02", "STAT-01", "INFO-01"} <= codes
    assert "FEE-02" not in codes  # a missing expedite fee downgrades the service; no rejection


def test_codes_only_give_a_ucc_reason_a_generic_text() -> None:
    reason = load(read("ohio", "examination.toml")).reason("UCC-R02")
    assert reason.label == "Refused under UCC 9-516(b) (UCC-R02)."


def test_reason_for_refuses_a_reason_that_does_not_apply() -> None:
    assert rules().reason_for("OH-UCC1", "UCC-R02").ucc_ground
    with pytest.raises(KeyError, match="FEE-01"):
        rules().reason_for("OH-UCC1", "FEE-01")  # a UCC record: only 9-516(b) grounds
    with pytest.raises(KeyError, match="UCC-R02"):
        rules().reason_for("OH-610", "UCC-R02")
    with pytest.raises(KeyError, match="DOC-02"):
        rules().reason_for("OH-610", "DOC-02")  # share terms: articles of incorporation only
    with pytest.raises(KeyError, match="NOPE"):
        rules().reason_for("OH-610", "NOPE")


def test_checklist_names_an_unknown_filing_type() -> None:
    with pytest.raises(KeyError, match="XX-1"):
        rules().checklist("XX-1")
    assert rules().checklist("oh-610").filing_type == "OH-610"


# ---------------------------------------------------------------- refused at load

OHIO = read("ohio", "examination.toml")
GOOD_REASON = """
[[reason]]
code = "NEW-01"
category = "Form"
label = "Something."
cure = "Fix it."
citation = "ORC 1.01"
applies_to = ["OH-610"]
money = "refund"
source = "test"
verified = false
"""
GOOD_CHECK = """
[[check]]
code = "new"
label = "New?"
citation = "ORC 1.01"
decided_by = "examiner"
fails_with = "NEW-01"
filing_types = ["OH-610"]
"""


def appended(*rows: str) -> str:
    return OHIO + "".join(rows)


BAD = [
    ("unknown table", appended("[extra]\nx = 1\n"), "unknown table or key extra"),
    ("unknown reason key", appended(GOOD_REASON.replace('verified', 'colour = "red"\nverified')),
     r"\[\[reason\]\] \d+ \(NEW-01\): unknown key colour"),
    ("reason code twice", appended(GOOD_REASON, GOOD_REASON), "NEW-01 appears twice"),
    ("unknown applies_to", appended(GOOD_REASON.replace('["OH-610"]', '["OH-999"]')),
     r"\(NEW-01\) applies_to: 'OH-999'"),
    ("bad money", appended(GOOD_REASON.replace('"refund"', '"keep"')),
     r"\(NEW-01\) money: one of refund, hold, credit"),
    ("missing label", appended(GOOD_REASON.replace('label = "Something."\n', "")),
     r"\(NEW-01\) label: a non-empty string"),
    ("non-ground reason for a UCC type",
     appended(GOOD_REASON.replace('["OH-610"]', '["OH-610", "OH-UCC1"]')),
     r"\(NEW-01\) applies_to: a UCC record is refused only on a 9-516\(b\) ground"),
    ("non-ground reason for the ucc service", appended(GOOD_REASON.replace('["OH-610"]',
                                                                           '["ucc"]')),
     r"NEW-01 is not one, so it cannot apply to OH-UCC-LIMITED, OH-UCC-SEARCH, OH-UCC1"),
    ("UCC-R11 is not an Ohio ground", appended(
        GOOD_REASON.replace('"NEW-01"', '"UCC-R11"').replace('["OH-610"]', '["ucc"]')),
     r"\(UCC-R11\) applies_to: a UCC record is refused only on a 9-516\(b\) ground"),
    ("a ground repeats its label", appended(
        '[[reason]]\ncode = "UCC-R02"\napplies_to = ["ucc"]\nlabel = "Short."\ncure = "Pay."\n'
        'money = "refund"\nsource = "t"\nverified = false\n'),
     r"\(UCC-R02\): unknown key label \(a UCC refusal ground's label and citation come from "
     r"ucc.toml\)"),
    ("a ground for a corporate filing", appended(
        '[[reason]]\ncode = "UCC-R02"\napplies_to = ["OH-610"]\ncure = "Pay."\n'
        'money = "refund"\nsource = "t"\nverified = false\n'),
     r"\(UCC-R02\) applies_to: a UCC refusal ground applies to UCC filing types only, "
     r"not OH-610"),
    ("unknown check key", appended(GOOD_REASON, GOOD_CHECK + 'colour = "red"\n'),
     r"\[\[check\]\] \d+ \(new\): unknown key colour"),
    ("unknown rule", appended(GOOD_REASON, GOOD_CHECK.replace(
        '"examiner"', '"system"\nrule = "name_avialable"')),
     r"\(new\) rule: one of .*not 'name_avialable'"),
    ("system check without a rule", appended(GOOD_REASON, GOOD_CHECK.replace(
        '"examiner"', '"system"')), r"\(new\) rule: one of"),
    ("examiner check with a rule", appended(GOOD_REASON, GOOD_CHECK.replace(
        'decided_by = "examiner"', 'decided_by = "examiner"\nrule = "fee_paid"')),
     r"\(new\): an examiner check has no rule or fields"),
    ("bad decided_by", appended(GOOD_REASON, GOOD_CHECK.replace('"examiner"', '"clerk"')),
     r"\(new\) decided_by: one of system, examiner"),
    ("required_fields without fields", appended(GOOD_REASON, GOOD_CHECK.replace(
        '"examiner"', '"system"\nrule = "required_fields"')),
     r"\(new\) fields: a table of field key"),
    ("fields on another rule", appended(GOOD_REASON, GOOD_CHECK.replace(
        '"examiner"', '"system"\nrule = "fee_paid"\nfields = { a = "b" }')),
     r"\(new\) fields: only for rule required_fields"),
    ("fails_with not in the catalogue", appended(GOOD_CHECK),
     r"\(new\) fails_with: 'NEW-01' is not a reason of the catalogue"),
    ("fails_with not for the filing type", appended(GOOD_REASON, GOOD_CHECK.replace(
        '["OH-610"]', '["OH-610", "OH-532A"]')),
     r"\(new\) fails_with: NEW-01 does not apply to OH-532A"),
    ("a corporate reason on a UCC check", appended(GOOD_CHECK.replace(
        '"NEW-01"', '"FEE-01"').replace('["OH-610"]', '["OH-UCC1"]')),
     r"\(new\) fails_with: FEE-01 does not apply to OH-UCC1"),
    ("unknown filing type", appended(GOOD_REASON, GOOD_CHECK.replace('["OH-610"]',
                                                                     '["OH-61O"]')),
     r"\(new\) filing_types: 'OH-61O' is not a filing type"),
    ("unknown service", appended(GOOD_REASON, GOOD_CHECK.replace(
        'filing_types = ["OH-610"]', 'services = ["corporat"]')),
     r"\(new\) services: corporat unknown"),
    ("bad work level", appended(GOOD_REASON, GOOD_CHECK.replace(
        'filing_types = ["OH-610"]', 'work_levels = [4]')), r"\(new\) work_levels"),
    ("no selector", appended(GOOD_REASON, GOOD_CHECK.replace('filing_types = ["OH-610"]\n', "")),
     r"\(new\): say which filing types"),
    ("selects nothing", appended(GOOD_REASON, GOOD_CHECK + 'exclude = ["OH-610"]\n'),
     r"\(new\): selects no filing type"),
    ("a code twice on one checklist", appended(GOOD_REASON, GOOD_CHECK, GOOD_CHECK),
     r"\(new\): OH-610 already has a check new"),
    ("a UCC rule on a corporate filing", appended(GOOD_REASON, GOOD_CHECK.replace(
        '"examiner"', '"system"\nrule = "ucc_not_lapsed"')),
     r"\(new\) rule: ucc_not_lapsed is for UCC records, not OH-610"),
    ("not TOML", "[[reason]\n", "examination.toml: "),
]


@pytest.mark.parametrize(("text", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_data_is_refused_naming_table_row_and_key(text: str, message: str) -> None:
    with pytest.raises(ExaminationRulesError, match=message) as caught:
        load(text)
    assert isinstance(caught.value, ProfileDataError)


def test_a_filing_type_without_a_checklist_stops_the_profile_loading() -> None:
    """A checklist-less type would be accepted without examination; the profile refuses it."""
    text = GOOD_REASON.replace('["OH-610"]', '["*"]') + """
[[reason]]
code = "UCC-R02"
applies_to = ["ucc"]
cure = "Pay."
money = "refund"
source = "test"
verified = false
""" + GOOD_CHECK.replace('filing_types = ["OH-610"]',
                         'services = ["corporate", "certification", "records"]\n'
                         'exclude = ["OH-610", "OH-534B"]') + """
[[check]]
code = "fee"
label = "Fee paid?"
citation = "ORC 1309.525"
decided_by = "system"
rule = "fee_paid"
fails_with = "UCC-R02"
services = ["ucc"]
"""
    with pytest.raises(ExaminationRulesError,
                       match="no checklist for filing type OH-610, OH-534B; every filing type"):
        load(text)


# ---------------------------------------------------------------- evaluation


def llc_facts(**changes: Any) -> Facts:
    """Articles of organization with everything known and in order."""
    facts = Facts(
        filing_type="OH-610", received_on=RECEIVED, name="Buckeye Widgets LLC",
        name_available=True, designator_problems=(), fee_due_cents=9900, fee_paid_cents=9900,
        fields={"name": "Buckeye Widgets LLC", "agent_name": "Ann Smith",
                "agent_address": "12 High St, Columbus OH"},
        agent_address="12 High St, Columbus OH", effective_date_stated=False)
    return replace(facts, **changes)


def by_check(findings: tuple[Finding, ...]) -> dict[str, Finding]:
    return {f.check: f for f in findings}


def test_a_clean_formation_passes_every_check() -> None:
    findings = evaluate(rules(), llc_facts(), all_yes("OH-610"))
    assert [f.check for f in findings] == list(rules().checklist("OH-610").codes)
    assert all(f.passed for f in findings), [f for f in findings if not f.passed]
    assert failures(findings) == ()
    assert ready(findings)


def test_every_failure_is_collected_not_the_first() -> None:
    """Three problems: fee short, agent at a P.O. box, effective date too late."""
    facts = llc_facts(fee_paid_cents=5000, agent_address="P.O. Box 1390, Columbus OH",
                      effective_date=RECEIVED + timedelta(days=120))
    findings = evaluate(rules(), facts, all_yes("OH-610"))
    assert failures(findings) == ("FEE-01", "AGT-03", "DATE-01")  # in checklist order
    found = by_check(findings)
    assert found["fee"].reason == "Fee $99.00, paid $50.00: $49.00 short."
    assert "post office box (P.O. Box)" in found["agent-street-address"].reason
    assert "120 days after receipt" in found["effective-date"].reason
    assert ready(findings)


def test_examiner_noes_add_to_the_system_failures() -> None:
    answers = all_yes("OH-532A") | {"share-terms": False, "signed": False}
    facts = llc_facts(filing_type="OH-532A", name_available=False,
                      name_conflicts=("ACME LLC (4412345)",), name="Acme Inc.",
                      fields={"name": "Acme Inc."})
    findings = evaluate(rules(), facts, answers)
    assert failures(findings) == ("INFO-01", "NAME-01", "DOC-02", "SIG-01")
    found = by_check(findings)
    assert found["name-available"].reason == "Name Acme Inc. conflicts with ACME LLC (4412345)."
    assert found["required"].reason.startswith("Missing: city of the principal office;")
    assert found["signed"].reason.startswith("Examiner: no. The document is not signed")
    assert found["share-terms"].decided_by == "examiner"


def test_a_reason_code_is_listed_once() -> None:
    """Two checks failing with NAME-01 are one reason on the letter."""
    findings = (
        Finding("a", "A?", "", "system", False, "", "NAME-01"),
        Finding("b", "B?", "", "examiner", True, "", "SIG-01"),
        Finding("c", "C?", "", "examiner", False, "", "NAME-01"),
        Finding("d", "D?", "", "examiner", False, "", "FEE-01"),
        Finding("e", "E?", "", "examiner", None, "", "FORM-01"),
    )
    assert failures(findings) == ("NAME-01", "FEE-01")
    assert not ready(findings)


def test_missing_facts_leave_the_system_checks_to_the_examiner() -> None:
    bare = Facts(filing_type="OH-610", received_on=RECEIVED)
    findings = evaluate(rules(), bare, {})
    system = [f for f in findings if f.decided_by == "system"]
    assert system and all(f.passed is None for f in system)
    assert all(f.reason.startswith("Not known: ") for f in system)
    assert not ready(findings)
    assert failures(findings) == ()
    answers = {f.check: True for f in findings} | {"fee": False}
    answered = evaluate(rules(), bare, answers)
    assert ready(answered)
    assert failures(answered) == ("FEE-01",)
    assert by_check(answered)["fee"].reason.endswith("Examiner: no.")


def test_a_decided_system_check_keeps_the_programs_answer() -> None:
    facts = llc_facts(fee_paid_cents=0)
    findings = evaluate(rules(), facts, all_yes("OH-610") | {"fee": True})
    assert by_check(findings)["fee"].passed is False


def test_answers_for_checks_not_on_the_checklist_are_refused() -> None:
    with pytest.raises(UnknownAnswerError, match="share-terms: not on the checklist of OH-610"):
        evaluate(rules(), llc_facts(), {"share-terms": True})  # a 532A check


@pytest.mark.parametrize(("days", "passed"), [
    (-5, True), (0, True), (1, True), (89, True), (90, True), (91, False), (365, False),
])
def test_effective_date_at_most_90_days_after_receipt(days: int, passed: bool) -> None:
    facts = llc_facts(effective_date=RECEIVED + timedelta(days=days))
    finding = by_check(evaluate(rules(), facts, {}))["effective-date"]
    assert finding.passed is passed
    if days < 0:
        assert "before receipt: the filing date is used" in finding.reason


def test_no_effective_date_stated_or_not_known() -> None:
    stated = by_check(evaluate(rules(), llc_facts(effective_date_stated=False), {}))
    assert stated["effective-date"].passed is True
    unknown = by_check(evaluate(rules(), llc_facts(effective_date_stated=None), {}))
    assert unknown["effective-date"].passed is None


@pytest.mark.parametrize(("age", "passed"), [
    (0, True), (90, True), (91, False), (400, False), (-1, None),
])
def test_home_certificate_at_most_90_days_old_at_receipt(age: int, passed: bool | None) -> None:
    facts = Facts(filing_type="151-FLF", received_on=RECEIVED,
                  home_certificate_date=RECEIVED - timedelta(days=age))
    assert by_check(evaluate(rules(), facts, {}))["home-certificate"].passed is passed


@pytest.mark.parametrize(("status", "passed"), [
    ("active", True), ("cancelled", False), ("dissolved", False), (None, None),
])
def test_entity_status_allows_the_filing(status: str | None, passed: bool | None) -> None:
    facts = Facts(filing_type="OH-543A", received_on=RECEIVED, entity_status=status)
    finding = by_check(evaluate(rules(), facts, {}))["status"]
    assert finding.passed is passed
    if passed is False:
        assert "this one is" in finding.reason
    reinstatement = Facts(filing_type="OH-REIN-T", received_on=RECEIVED, entity_status=status)
    if status in ("active", "cancelled"):  # a reinstatement wants the opposite
        assert by_check(evaluate(rules(), reinstatement, {}))["status"].passed is not passed


@pytest.mark.parametrize(("on_document", "passed"), [
    ("Buckeye Widgets LLC", True),
    ("  buckeye   widgets llc ", True),
    ("Buckeye Widgets, L.L.C.", None),  # punctuation only: the examiner decides
    ("Buckeye Gadgets LLC", False),
])
def test_name_matches_the_record(on_document: str, passed: bool | None) -> None:
    facts = Facts(filing_type="OH-543A", received_on=RECEIVED, name=on_document,
                  record_name="Buckeye Widgets LLC")
    assert by_check(evaluate(rules(), facts, {}))["record-name"].passed is passed


def test_designator_problems_are_the_reason() -> None:
    facts = llc_facts(designator_problems=("An LLC name needs LLC, L.L.C. or Limited",))
    findings = evaluate(rules(), facts, all_yes("OH-610"))
    assert failures(findings) == ("NAME-02",)
    assert by_check(findings)["designator"].reason == "An LLC name needs LLC, L.L.C. or Limited."


# ---------------------------------------------------------------- UCC

LAPSE = date(2025, 6, 30)
WINDOW = (date(2024, 12, 30), LAPSE)


@pytest.mark.parametrize(("received", "passed"), [
    (date(2024, 12, 29), False), (date(2024, 12, 30), True), (LAPSE, True),
    (date(2025, 7, 1), False),
])
def test_continuation_window(received: date, passed: bool) -> None:
    facts = Facts(filing_type="OH-UCC3", received_on=received, ucc_record_type="continuation",
                  ucc_lapse_date=LAPSE, ucc_window=WINDOW)
    findings = evaluate(rules(), facts, {})
    assert by_check(findings)["continuation-window"].passed is passed
    codes = failures(findings)
    assert ("UCC-R10" in codes) is not passed
    if received > LAPSE:  # both: it names a lapsed statement, and it is out of its window
        assert codes == ("UCC-R05", "UCC-R10")


def test_an_amendment_that_is_not_a_continuation_has_no_window() -> None:
    facts = Facts(filing_type="OH-UCC3", received_on=date(2020, 1, 1), ucc_record_type="amendment",
                  ucc_lapse_date=LAPSE, ucc_window=WINDOW)
    finding = by_check(evaluate(rules(), facts, {}))["continuation-window"]
    assert finding.passed is True
    assert finding.reason == "Not a continuation: no window applies."


def test_a_ucc_refusal_collects_9_516_b_grounds_only() -> None:
    facts = Facts(filing_type="OH-UCC1", received_on=RECEIVED, fee_due_cents=1200,
                  fee_paid_cents=0, fields={"debtor_name": "", "secured_party_name": "Bank"})
    answers = {"method": True, "debtor-surname": True, "assignee": True}
    codes = failures(evaluate(rules(), facts, answers))
    assert codes == ("UCC-R02", "UCC-R03", "UCC-R07", "UCC-R08")
    grounds = {g.code for g in ucc_rules().refusal_grounds}
    assert set(codes) <= grounds


# ---------------------------------------------------------------- P.O. boxes

BOXES = ["P.O. Box 1390", "PO Box 12", "P O Box 5", "p. o. box 7", "POBox 9", "P.O.Box 44",
         "Post Office Box 670", "post office box 1", "POB 12", "P.O.B. 3", "P O B 8",
         "PO Drawer 100", "PMB 220, 5 Main St", "123 Main St PMB 4", "Private Mailbox 9",
         "Suite 100, P.O. Box 1390, Columbus OH 43216", "PO BX 2"]
STREETS = ["Box Elder Street", "12 Box Elder St, Columbus OH", "45 Boxwood Lane", "7 Pobst Road",
           "1 Apollo Box Co Way", "88 Post Oak Boulevard", "3 Hippo Box Ln", "10 Pomeroy Blvd",
           "200 Post Office Square", "5 Pmbroke Ave", "12 Boxer Ct", "99 Poe Blvd"]
MAYBE = ["Box 15, Columbus OH", "RR 2 Box 15", "Box #7", "Box No. 4"]


@pytest.mark.parametrize("address", BOXES)
def test_po_boxes_are_found(address: str) -> None:
    assert po_box(address)[0] == "box", address


@pytest.mark.parametrize("address", STREETS)
def test_street_words_are_not_boxes(address: str) -> None:
    assert po_box(address) == ("street", ""), address


@pytest.mark.parametrize("address", MAYBE)
def test_a_bare_box_number_is_left_to_the_examiner(address: str) -> None:
    assert po_box(address)[0] == "maybe"
    facts = llc_facts(agent_address=address)
    finding = by_check(evaluate(rules(), facts, {}))["agent-street-address"]
    assert finding.passed is None
    assert "may be a post office box" in finding.reason


_SPACE = st.sampled_from(["", " ", "  "])
_DOT = st.sampled_from(["", "."])


@st.composite
def po_box_spellings(draw: st.DrawFn) -> str:
    """"P.O. Box", "p o  BOX", "Post Office Box", "POB" ... in any case and spacing."""
    kind = draw(st.sampled_from(["po", "pob", "post office"]))
    if kind == "post office":
        words = f"Post{draw(_SPACE) or ' '}Office{draw(_SPACE) or ' '}Box"
    elif kind == "po":
        words = (f"P{draw(_DOT)}{draw(_SPACE)}O{draw(_DOT)}{draw(_SPACE)}"
                 f"{draw(st.sampled_from(['Box', 'Bx', 'Drawer']))}")
    else:
        words = f"P{draw(_DOT)}{draw(_SPACE)}O{draw(_DOT)}{draw(_SPACE)}B{draw(_DOT)}"
    words = "".join(c.upper() if draw(st.booleans()) else c.lower() for c in words)
    before = draw(st.sampled_from(["", "Suite 4, ", "Acme Co., "]))
    after = draw(st.sampled_from([" 1390", " #12", "1390", " 5, Columbus OH 43216"]))
    return before + words + after


@given(po_box_spellings())
def test_any_spelling_of_a_po_box_is_found(address: str) -> None:
    assert po_box(address)[0] == "box", address


@given(st.sampled_from(["Box Elder", "Boxwood", "Boxer", "Pobst", "Post Oak", "Pomeroy", "Poe"]),
       st.sampled_from(["Street", "St", "Lane", "Road", "Blvd"]), st.integers(1, 9999))
def test_street_names_starting_like_a_box_are_streets(street: str, kind: str,
                                                      number: int) -> None:
    assert po_box(f"{number} {street} {kind}, Columbus OH")[0] == "street"


# ---------------------------------------------------------------- never raises

_DATES = st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2040, 12, 31)))
_TEXT = st.one_of(st.none(), st.text(max_size=30))
_CENTS = st.one_of(st.none(), st.integers(-10**9, 10**9))


@st.composite
def any_facts(draw: st.DrawFn) -> tuple[str, Facts, dict[str, bool]]:
    profile = draw(st.sampled_from(PROFILES))
    filing_type = draw(st.sampled_from([t.code for t in catalogue(profile)]))
    window = draw(st.one_of(st.none(), st.tuples(st.dates(), st.dates())))
    statuses = list(catalogue(profile).entity_types.statuses)
    facts = Facts(
        filing_type=filing_type, received_on=draw(st.dates()),
        entity_status=draw(st.one_of(st.none(), st.sampled_from(statuses), st.text(max_size=8))),
        name=draw(_TEXT), record_name=draw(_TEXT),
        name_available=draw(st.one_of(st.none(), st.booleans())),
        name_conflicts=tuple(draw(st.lists(st.text(max_size=20), max_size=3))),
        designator_problems=draw(st.one_of(st.none(), st.lists(st.text(max_size=20),
                                                               max_size=2).map(tuple))),
        fee_due_cents=draw(_CENTS), fee_paid_cents=draw(_CENTS),
        fields=draw(st.one_of(st.none(), st.dictionaries(
            st.sampled_from(["name", "agent_name", "debtor_name", "charter_number", "x"]),
            st.text(max_size=10)))),
        agent_address=draw(_TEXT), effective_date=draw(_DATES),
        effective_date_stated=draw(st.one_of(st.none(), st.booleans())),
        home_certificate_date=draw(st.one_of(st.none(), st.dates())),
        ucc_record_type=draw(st.one_of(st.none(), st.sampled_from(
            ["initial", "amendment", "continuation", "termination"]))),
        ucc_lapse_date=draw(st.one_of(st.none(), st.dates())), ucc_window=window)
    codes = rules(profile).checklist(filing_type).codes
    answers = draw(st.dictionaries(st.sampled_from(codes), st.booleans()))
    return profile, facts, answers


@settings(max_examples=300, deadline=None)
@given(any_facts())
def test_evaluation_never_raises_and_answers_every_check(
        case: tuple[str, Facts, dict[str, bool]]) -> None:
    profile, facts, answers = case
    findings = evaluate(rules(profile), facts, answers)
    checklist = rules(profile).checklist(facts.filing_type)
    assert tuple(f.check for f in findings) == checklist.codes
    assert all(f.reason for f in findings)
    allowed = {r.code for r in rules(profile).reasons_for(facts.filing_type)}
    assert set(failures(findings)) <= allowed
    for finding in findings:
        if finding.decided_by == "examiner":
            assert finding.passed is answers.get(finding.check)
    assert ready(findings) is all(f.passed is not None for f in findings)
