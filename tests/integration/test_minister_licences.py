"""Minister licences on both databases (ORC 3101.10, MIN-01): issued only on official
credentials in the same name (case, spacing and punctuation forgiven, nothing else), $10 paid at
the drawer, printed once with every fact, never a second licence for the same religious body
unless the application replaces a lost one, a new licence for a new congregation, no product in
Connecticut. The name rules are property-tested."""

from __future__ import annotations

import string
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from sqlalchemy import func, select, update

from tests.integration.teller_support import P, cash, key, opened, person
from tests.integration.test_certificates import qr_texts, text_of
from workstation.domain.money import format_cents
from workstation.domain.templates import long_date
from workstation.errors import PermissionDenied, UserError
from workstation.models import AuditRecord, Certificate, CertificatePrint, Charge
from workstation.services import certificates, profile, teller
from workstation.services.certificate_dto import IssuedCertificate
from workstation.services.dto import Actor
from workstation.services.minister_licences import (
    MinisterApplication,
    issue_minister_licence,
    licences_of,
    minister_key,
    names_match,
)
from workstation.services.teller_dto import LineInput, ReceiptInput
from workstation.startup import Backend

APPLICATION = MinisterApplication(
    name="Rev. John O'Neil", credentials_name="REV JOHN  ONEIL",
    religious_body="First Baptist Church of Dayton", address="12 Elm St\nDayton, OH 45402",
    credentials_official=True)


def apply(backend: Backend, application: MinisterApplication = APPLICATION,
          **changes: Any) -> IssuedCertificate:
    return issue_minister_licence(backend.db, P, person(backend, "clerk"),
                                  replace(application, **changes))


def pay(backend: Backend, teller_clerk: Actor, issued: IssuedCertificate) -> None:
    """Every fee line of ``issued`` paid in cash at the drawer ``teller_clerk`` has open."""
    teller.post_receipt(backend.db, P, teller_clerk, ReceiptInput(
        "Pat Minister", tuple(LineInput("charge", line.reference) for line in issued.fee_lines),
        (cash(format_cents(issued.amount_cents).lstrip("$")),), key()))


def refusal(backend: Backend, **changes: Any) -> UserError:
    with pytest.raises(UserError) as refused:
        apply(backend, **changes)
    return refused.value


def certificates_count(backend: Backend) -> int:
    with backend.db.uow(read_only=True) as uow:
        return int(uow.session.execute(select(func.count()).select_from(Certificate))
                   .scalar_one())


# ---------------------------------------------------------------------- the licence


def test_a_licence_costs_ten_dollars_states_every_fact_and_prints_once(
        demo_backend: Backend) -> None:
    db, clerk = demo_backend.db, person(demo_backend, "clerk")
    issued = apply(demo_backend)
    assert issued.kind == "minister_licence" and issued.title == "License to Solemnize Marriages"
    assert (issued.fee_code, issued.amount_cents) == ("OH-MINISTER", 1000)
    assert [line.fee_code for line in issued.fee_lines] == ["OH-MINISTER"]
    facts = {f.field: f.value for f in issued.facts}
    assert facts["minister.name"] == "Rev. John O'Neil"  # as on the application
    assert facts["minister.religious_body"] == "First Baptist Church of Dayton"
    assert facts["minister.address"] == "12 Elm St, Dayton, OH 45402"
    with db.uow(read_only=True) as uow:
        row = uow.session.execute(select(Certificate)).scalar_one()
        assert row.subject_key == "revjohnoneil" and row.entity_id is None

    with pytest.raises(UserError, match="paid at the drawer first"):
        certificates.release(db, P, clerk, issued.number)
    teller_clerk, _ = opened(demo_backend)
    pay(demo_backend, teller_clerk, issued)
    printed = certificates.release(db, P, clerk, issued.number)
    text = text_of(printed.pdf)
    for fact in issued.facts:
        assert fact.value in text, f"{fact.field} ({fact.value!r}) is not on the licence"
    assert "License to Solemnize Marriages" in text and "3101.10" in text
    assert qr_texts(printed.pdf) == [issued.code]

    with pytest.raises(UserError, match="never printed again") as again:
        certificates.release(db, P, person(demo_backend, "senior"), issued.number)
    assert (again.value.field, again.value.code) == ("certificate", "no_duplicates")
    assert "a lost one needs a new application and fee" in again.value.message
    with db.uow(read_only=True) as uow:
        assert uow.session.execute(select(func.count()).select_from(CertificatePrint)
                                   ).scalar_one() == 1


@pytest.mark.parametrize("field", ["name", "credentials_name", "religious_body", "address"])
def test_a_blank_field_is_refused_by_name(demo_backend: Backend, field: str) -> None:
    refused = refusal(demo_backend, **{field: " \n .  "  if field == "name" else "   "})
    assert refused.field == field and refused.message.startswith("Type ")
    assert certificates_count(demo_backend) == 0


def test_a_name_differing_from_the_credentials_is_refused(demo_backend: Backend) -> None:
    refused = refusal(demo_backend, credentials_name="Rev. Jon O'Neil")
    assert (refused.field, refused.code) == ("credentials_name", "MIN-01")
    assert '"Rev. John O\'Neil"' in refused.message and '"Rev. Jon O\'Neil"' in refused.message
    title = refusal(demo_backend, credentials_name="John O'Neil")  # a title is part of the name
    assert title.code == "MIN-01"
    assert certificates_count(demo_backend) == 0


def test_unofficial_credentials_are_refused(demo_backend: Backend) -> None:
    refused = refusal(demo_backend, credentials_official=False)
    assert (refused.field, refused.code) == ("credentials_official", "MIN-01")
    assert '"unofficial"' in refused.message and "certificate or letter" in refused.message
    assert certificates_count(demo_backend) == 0


def test_connecticut_issues_no_minister_licence(demo_backend: Backend) -> None:
    connecticut = profile.load("connecticut")
    clerk = person(demo_backend, "clerk")
    with pytest.raises(UserError, match="no minister licence") as refused:
        issue_minister_licence(demo_backend.db, connecticut, clerk, APPLICATION)
    assert refused.value.field == "kind"
    with pytest.raises(UserError) as listing:
        licences_of(demo_backend.db, connecticut, clerk, "John O'Neil")
    assert listing.value.field == "kind"


def test_an_admin_may_not_issue_or_list(demo_backend: Backend) -> None:
    admin = person(demo_backend, "admin")
    with pytest.raises(PermissionDenied):
        issue_minister_licence(demo_backend.db, P, admin, APPLICATION)
    with pytest.raises(PermissionDenied):
        licences_of(demo_backend.db, P, admin, APPLICATION.name)


# ---------------------------------------------------------------------- no duplicates


def test_a_second_licence_for_the_same_body_is_refused(demo_backend: Backend) -> None:
    first = apply(demo_backend)
    pay(demo_backend, opened(demo_backend)[0], first)
    certificates.release(demo_backend.db, P, person(demo_backend, "clerk"), first.number)
    refused = refusal(demo_backend, name="REV JOHN ONEIL", credentials_name="Rev John O'Neil",
                      religious_body="first baptist church of  Dayton.")
    assert (refused.field, refused.code) == ("name", "duplicate")
    assert first.number in refused.message
    assert long_date(first.issued_at.astimezone(P.calendar.zone).date()) in refused.message
    assert 'tick "replaces a lost licence"' in refused.message
    assert "new application and fee" in refused.message
    assert certificates_count(demo_backend) == 1  # the refusal left nothing, not even a number
    assert apply(demo_backend, name="Pastor Ann Lee", credentials_name="Pastor Ann Lee"
                 ).number == "CE0000002"


def test_a_licence_not_yet_printed_is_not_doubled(demo_backend: Backend) -> None:
    first = apply(demo_backend)
    for lost in (False, True):
        refused = refusal(demo_backend, replaces_lost=lost)
        assert (refused.field, refused.code) == ("name", "duplicate")
        assert first.number in refused.message and "not yet printed" in refused.message


def test_replacing_a_lost_licence_is_a_new_licence_and_fee(demo_backend: Backend) -> None:
    db, clerk = demo_backend.db, person(demo_backend, "clerk")
    teller_clerk, _ = opened(demo_backend)
    first = apply(demo_backend)
    pay(demo_backend, teller_clerk, first)
    certificates.release(db, P, clerk, first.number)
    second = apply(demo_backend, replaces_lost=True)
    assert second.number != first.number and second.charge_reference != first.charge_reference
    assert second.amount_cents == 1000 and second.code != first.code
    with pytest.raises(UserError, match="paid at the drawer first"):
        certificates.release(db, P, clerk, second.number)
    pay(demo_backend, teller_clerk, second)
    assert not certificates.release(db, P, clerk, second.number).reprint
    with db.uow(read_only=True) as uow:
        paid = uow.session.execute(select(Charge.amount_cents).where(
            Charge.fee_code == "OH-MINISTER", Charge.status == "paid")).scalars().all()
        replaced = uow.session.execute(select(AuditRecord.after_json).where(
            AuditRecord.action == "certificate.replace_lost")).scalar_one()
    assert paid == [1000, 1000]
    assert first.number in (replaced or "") and second.number in (replaced or "")
    rows = licences_of(db, P, clerk, "rev. john o'neil")
    assert [(r.number, r.released) for r in rows] == [(first.number, True),
                                                      (second.number, True)]


def test_a_new_congregation_gets_a_new_licence(demo_backend: Backend) -> None:
    first = apply(demo_backend)
    pay(demo_backend, opened(demo_backend)[0], first)
    certificates.release(demo_backend.db, P, person(demo_backend, "clerk"), first.number)
    other = apply(demo_backend, religious_body="Grace Community Church")
    assert other.number != first.number
    rows = licences_of(demo_backend.db, P, person(demo_backend, "senior"), "Rev John ONeil")
    assert [(r.religious_body, r.released) for r in rows] == [
        ("First Baptist Church of Dayton", True), ("Grace Community Church", False)]
    assert rows[0].issued_on == first.issued_at.astimezone(P.calendar.zone).date()


def test_a_voided_licence_does_not_count(demo_backend: Backend) -> None:
    first = apply(demo_backend)
    with demo_backend.db.uow() as uow:  # as a void of the fee line leaves it
        uow.session.execute(update(Charge).where(Charge.id == first.charge_id)
                            .values(status="void"))
        uow.commit()
    assert [r.void for r in licences_of(demo_backend.db, P, person(demo_backend, "clerk"),
                                        APPLICATION.name)] == [True]
    assert apply(demo_backend).number != first.number


def test_licences_of_someone_unlicensed_is_empty_and_blank_refused(
        demo_backend: Backend) -> None:
    clerk = person(demo_backend, "clerk")
    apply(demo_backend)
    assert licences_of(demo_backend.db, P, clerk, "John O'Neil") == ()  # no title: not him
    with pytest.raises(UserError) as blank:
        licences_of(demo_backend.db, P, clerk, "  ")
    assert blank.value.field == "name"


# ---------------------------------------------------------------------- the name rules

_LETTERS = string.ascii_letters + "éèüñçøåæÉÜÑÇØÅÆ"
_PUNCT = ".,'’-\""
_SPACE = (" ", "  ", "\t", "\u00a0")
names = st.text(alphabet=_LETTERS + " .'-", min_size=1, max_size=40).filter(
    lambda s: any(c.isalpha() for c in s))


@st.composite
def retyped(draw: st.DrawFn, name: str) -> str:
    """``name`` typed again: each letter's case flipped or not, spaces and punctuation put in
    or left out between characters."""
    out = []
    for ch in name:
        if ch.isalpha():
            out.append(ch.swapcase() if draw(st.booleans()) else ch)
        elif draw(st.booleans()):
            out.append(ch)
        if draw(st.booleans()):
            out.append(draw(st.sampled_from(_SPACE + tuple(_PUNCT))))
    return "".join(out)


@given(st.data(), names)
def test_case_spacing_and_punctuation_always_match(data: st.DataObject, name: str) -> None:
    again = data.draw(retyped(name))
    assert names_match(name, again) and names_match(again, name)
    assert minister_key(name) == minister_key(again)


@given(names, st.data())
def test_a_changed_letter_never_matches(name: str, data: st.DataObject) -> None:
    letters = [n for n, ch in enumerate(name) if ch.isalpha()]
    at = data.draw(st.sampled_from(letters))
    other = data.draw(st.sampled_from(_LETTERS))
    assume(other.casefold() != name[at].casefold())
    changed = name[:at] + other + name[at + 1:]
    assert not names_match(name, changed)
    assert minister_key(name) != minister_key(changed)


@given(names, st.data())
def test_a_letter_added_or_left_out_never_matches(name: str, data: st.DataObject) -> None:
    at = data.draw(st.integers(0, len(name)))
    added = name[:at] + data.draw(st.sampled_from(_LETTERS)) + name[at:]
    assert not names_match(name, added)
    letters = [n for n, ch in enumerate(name) if ch.isalpha()]
    gone = data.draw(st.sampled_from(letters))
    assert not names_match(name, name[:gone] + name[gone + 1:])


def test_the_key_keeps_titles_accents_and_digits() -> None:
    assert minister_key("Rev. John  O'Neil") == minister_key("rev john oneil") == "revjohnoneil"
    assert minister_key("Mary-Jane Smith") == minister_key("Mary Jane Smith")
    assert minister_key("Jose\u0301") == minister_key("JOSÉ")  # composed or not: one letter
    assert not names_match("José Ruiz", "Jose Ruiz")  # an accent is a letter
    assert not names_match("Rev. John O'Neil", "John O'Neil")  # a title is part of the name
    assert not names_match("John Smith II", "John Smith III")
    assert not names_match("", "") and not names_match("...", "--")
