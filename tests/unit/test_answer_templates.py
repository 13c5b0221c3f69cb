"""Answer templates: the profiles' files load, every field is known, rendering marks what is
missing, braces escape, and a fact is inserted verbatim and never expanded again."""

from __future__ import annotations

import tomllib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workstation.domain.profile_data import ProfileDataError
from workstation.domain.templates import (
    KNOWN_FIELDS,
    Rendered,
    TemplateDataError,
    TemplateSet,
    TemplateSyntaxError,
    UnknownFieldError,
    escape_braces,
    fields_in,
    long_date,
    render,
)
from workstation.paths import resources_dir

PROFILES = ("ohio", "connecticut")
# Every office answers these; the UI and the services can rely on the codes.
CODES = ("acknowledgement", "general", "filing_status", "filing_completed", "rejection",
         "payment_deposited", "copies_fee_due", "copies_enclosed", "complaint_acknowledgement")

LETTERHEAD = """
[letterhead]
office = ["Ohio Secretary of State", "Business Services Division"]
address = ["180 Civic Center Drive", "Columbus, Ohio 43215"]
phone = "877-767-3453"
web = "OhioSoS.gov"
signature = ["{clerk.name}", "Ohio Secretary of State"]
"""


def load(profile: str) -> TemplateSet:
    path = resources_dir() / "profiles" / profile / "answer_templates.toml"
    return TemplateSet.from_toml(path.read_text(encoding="utf-8"))


def one_template(subject: str = "Inquiry {inquiry.number}", body: str = "Hello.",
                 head: str = LETTERHEAD, code: str = "t1") -> str:
    return head + f"""
[[template]]
code = "{code}"
label = "A template"
categories = ["complaint"]
subject = {subject!r}
body = {body!r}
"""


# ---------------------------------------------------------------- the profiles' files


@pytest.mark.parametrize("profile", PROFILES)
def test_the_profile_file_loads_with_every_answer(profile: str) -> None:
    templates = load(profile)
    assert tuple(t.code for t in templates) == CODES
    assert len(templates) == len(CODES)
    for template in templates:
        assert template.label and template.subject and template.body
        assert not template.body.startswith("\n") and not template.body.endswith("\n")
        assert "\\" not in template.body  # TOML line continuations were all consumed
        assert templates.get(template.code) is template and template.code in templates


@pytest.mark.parametrize("profile", PROFILES)
def test_every_field_a_template_uses_is_known(profile: str) -> None:
    templates = load(profile)
    used: set[str] = set()
    for template in templates:
        used.update(fields_in(template.subject) + fields_in(template.body))
    for text in (templates.salutation, templates.closing, *templates.signature):
        used.update(fields_in(text))
    assert used <= set(KNOWN_FIELDS)
    # the answers the brief asks for use the facts they are about
    assert {"inquiry.received_date", "inquiry.reply_by"} <= set(
        fields_in(templates.get("acknowledgement").body))
    assert "filing.reject_reasons" in fields_in(templates.get("rejection").body)
    assert {"payment.check_number", "payment.amount", "payment.deposit_date"} <= used
    assert {"request.fee_due", "certificate.number", "entity.status", "answer.text"} <= used


def test_ohio_and_connecticut_sign_for_their_own_office() -> None:
    ohio, connecticut = load("ohio"), load("connecticut")
    assert ohio.letterhead.office == ("Ohio Secretary of State", "Business Services Division")
    assert connecticut.letterhead.office == ("Connecticut Secretary of the State",
                                             "Business Services Division")
    assert ohio.signature == ("{clerk.name}", "Business Services Division",
                              "Ohio Secretary of State")
    assert connecticut.signature[-2:] == ("Business Services Division",
                                          "Connecticut Secretary of the State")
    for templates in (ohio, connecticut):
        head = templates.letterhead
        assert head.address and head.phone and head.web
        assert templates.salutation == "Dear {requester.name}:"
        assert templates.closing == "Sincerely,"
    # neither office's letters name the other office
    assert not any("Connecticut" in t.body for t in ohio)
    assert not any("Ohio" in t.body for t in connecticut)


def test_templates_for_a_category() -> None:
    templates = load("ohio")

    def codes(category: str) -> list[str]:
        return [t.code for t in templates.for_category(category)]

    assert codes("complaint") == ["acknowledgement", "general", "complaint_acknowledgement"]
    assert codes("rejection_question") == ["acknowledgement", "general", "rejection"]
    assert codes("status_of_filing") == ["acknowledgement", "general", "filing_status",
                                         "filing_completed", "rejection", "payment_deposited"]
    assert codes("copy_request") == ["acknowledgement", "general", "copies_fee_due",
                                     "copies_enclosed"]
    assert codes("other") == ["acknowledgement", "general", "payment_deposited"]
    assert codes("election_question") == ["acknowledgement", "general"]
    with pytest.raises(KeyError, match="no_such"):
        templates.get("no_such")


@pytest.mark.parametrize("profile", PROFILES)
def test_templates_name_only_the_profiles_inquiry_categories(profile: str) -> None:
    path = resources_dir() / "profiles" / profile / "inquiry.toml"
    if not path.is_file():  # pragma: no cover - the inquiry rules are another file's
        pytest.skip("no inquiry.toml in this profile")
    known = {row["code"] for row in tomllib.loads(path.read_text(encoding="utf-8"))["category"]}
    for template in load(profile):
        assert set(template.categories) <= known, template.code


def test_known_fields_describe_themselves_on_one_line() -> None:
    assert "inquiry.reply_by" in KNOWN_FIELDS and "today" in KNOWN_FIELDS
    for name, description in KNOWN_FIELDS.items():
        assert fields_in("{" + name + "}") == (name,)
        assert description.strip() and "\n" not in description


# ---------------------------------------------------------------- rendering


def test_render_fills_facts_and_marks_what_is_missing() -> None:
    text = "Dear {requester.name}: {entity.name} is {entity.status}; {entity.status} again."
    done = render(text, {"requester.name": "Ms. Núñez", "entity.name": "Acme LLC"})
    assert done == Rendered("Dear Ms. Núñez: Acme LLC is [entity.status?]; [entity.status?] "
                            "again.", ("entity.status",))
    full = render(text, {"requester.name": "A", "entity.name": "B", "entity.status": "Active"})
    assert full == Rendered("Dear A: B is Active; Active again.", ())


def test_a_blank_fact_is_missing_never_a_silent_blank() -> None:
    done = render("Status: {entity.status}. Reasons: {filing.reject_reasons}",
                  {"entity.status": "", "filing.reject_reasons": "  \n"})
    assert done.text == "Status: [entity.status?]. Reasons: [filing.reject_reasons?]"
    assert done.missing == ("entity.status", "filing.reject_reasons")


def test_missing_fields_are_listed_once_in_order_of_use() -> None:
    done = render("{b.x} {a.y} {b.x} {today}", {})
    assert done.missing == ("b.x", "a.y", "today")
    assert done.text == "[b.x?] [a.y?] [b.x?] [today?]"


def test_double_braces_are_literal_braces() -> None:
    assert render("{{entity.name}} is {entity.name}", {"entity.name": "Acme"}) == Rendered(
        "{entity.name} is Acme", ())
    assert render("a {{ b }} c {{{entity.name}}}", {"entity.name": "X"}).text == "a { b } c {X}"
    assert fields_in("{{entity.name}}") == ()


@pytest.mark.parametrize("text", ["{entity.name", "{Entity.Name}", "{entity name}", "{}",
                                  "a } b", "{entity.name}}", "{a.b.c}", "{ entity.name }"])
def test_a_stray_brace_is_an_error_that_says_where(text: str) -> None:
    with pytest.raises(TemplateSyntaxError, match="at character"):
        render(text, {"entity.name": "Acme"})


def test_the_whole_reply_is_composed_with_salutation_and_signature() -> None:
    templates = load("ohio")
    composed = templates.compose("rejection", {
        "requester.name": "Ms. Núñez", "filing.type": "Articles of Organization",
        "entity.name": "Müller LLC", "filing.received_date": "November 2, 2026",
        "filing.reject_reasons": "• The check was not signed.",
    })
    assert composed.subject == "Document [filing.document_number?] could not be filed"
    assert composed.salutation == "Dear Ms. Núñez:"
    assert composed.closing == "Sincerely,"
    assert composed.signature == ("[clerk.name?]", "Business Services Division",
                                  "Ohio Secretary of State")
    assert composed.missing == ("filing.document_number", "clerk.name")
    assert "• The check was not signed." in composed.body
    plain = composed.plain_text()
    assert plain.startswith("Dear Ms. Núñez:\n\nWe were unable to file the Articles of "
                            "Organization for Müller LLC")
    assert plain.endswith("Sincerely,\n\n[clerk.name?]\nBusiness Services Division\n"
                          "Ohio Secretary of State\n")


def test_long_date() -> None:
    assert long_date(date(2026, 11, 24)) == "November 24, 2026"
    assert long_date(date(2027, 1, 1)) == "January 1, 2027"


# ---------------------------------------------------------------- loading errors


def test_an_unknown_field_names_the_template_and_the_field() -> None:
    with pytest.raises(UnknownFieldError, match=r"'t1'.*\{entity\.nmae\}") as caught:
        TemplateSet.from_toml(one_template(body="About {entity.nmae}."))
    assert caught.value.template == "t1" and caught.value.field == "entity.nmae"
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, ProfileDataError)
    with pytest.raises(UnknownFieldError, match="reply_date"):
        TemplateSet.from_toml(one_template(subject="By {inquiry.reply_date}"))
    with pytest.raises(UnknownFieldError, match=r"'letterhead'.*\{clerk\.title\}"):
        TemplateSet.from_toml(one_template(head=LETTERHEAD.replace("{clerk.name}",
                                                                   "{clerk.title}")))


def test_a_malformed_template_names_the_template() -> None:
    with pytest.raises(TemplateDataError, match=r"'t1': body: at character 7"):
        TemplateSet.from_toml(one_template(body="About {entity.name."))


@pytest.mark.parametrize(("text", "message"), [
    ("", "no \\[letterhead\\]"),
    (LETTERHEAD, "no \\[\\[template\\]\\]"),
    (LETTERHEAD.replace('phone = "877-767-3453"', ""), "phone"),
    (LETTERHEAD.replace('signature = ["{clerk.name}", "Ohio Secretary of State"]',
                        "signature = []"), "signature"),
    (one_template() + one_template(head="", code="t1"), "t1 twice"),
    (one_template().replace('label = "A template"', ""), "label"),
    ("[letterhead\n", "answer_templates.toml"),
])
def test_a_malformed_file_is_refused(text: str, message: str) -> None:
    with pytest.raises(TemplateDataError, match=message):
        TemplateSet.from_toml(text)


# ---------------------------------------------------------------- properties

_NO_BRACES = st.text(st.characters(blacklist_characters="{}", codec="utf-8"))
_FACT = st.text(st.characters(codec="utf-8")).filter(lambda s: s.strip() != "")


@given(_NO_BRACES)
def test_text_with_no_braces_renders_unchanged(text: str) -> None:
    assert render(text, {"entity.name": "Acme"}) == Rendered(text, ())


@given(st.text(st.characters(blacklist_characters="{", codec="utf-8")).filter(
    lambda s: "}" not in s.replace("}}", "")))
def test_text_with_no_opening_brace_only_unescapes_closing_ones(text: str) -> None:
    assert render(text, {}) == Rendered(text.replace("}}", "}"), ())


@given(st.text(st.characters(codec="utf-8")))
def test_escaped_text_renders_back_to_itself(text: str) -> None:
    assert render(escape_braces(text), {"entity.name": "Acme"}) == Rendered(text, ())


@given(_FACT, _FACT, _NO_BRACES)
def test_facts_go_in_verbatim_and_are_never_expanded(first: str, second: str,
                                                     between: str) -> None:
    facts = {"entity.name": first, "requester.name": second}
    done = render("{entity.name}" + between + "{requester.name}", facts)
    assert done == Rendered(first + between + second, ())


@pytest.mark.parametrize("value", ["{requester.name}", "{{", "}", "{", "王小明 {entity.name}",
                                   "[entity.status?]", "{0}{__class__}", "%(x)s $x"])
def test_a_fact_that_looks_like_a_template_is_printed_as_it_is(value: str) -> None:
    done = render("Name: {entity.name}; to {requester.name}",
                  {"entity.name": value, "requester.name": "Zoë"})
    assert done == Rendered(f"Name: {value}; to Zoë", ())
