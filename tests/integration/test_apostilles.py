"""Apostilles and certificates of authentication on both databases: the officials table leads
keep (added, a new specimen, retired, each audited), an apostille for a party to the Convention
and an authentication for any other country, each released only once paid, and every refusal of
APO-01 naming its field."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, timedelta
from types import MappingProxyType

import pytest
from sqlalchemy import select, update

from tests.integration.teller_support import P, person
from tests.integration.test_certificates import pay, text_of
from workstation.domain.certificate_rules import CertificateRules
from workstation.domain.templates import long_date
from workstation.errors import PermissionDenied, UserError
from workstation.models import AuditRecord, Certificate, CertificateItem, Official
from workstation.services import apostilles, certificates, officials, profile
from workstation.services.apostilles import ApostilleRequest, destination_of
from workstation.services.officials import OfficialView
from workstation.startup import Backend

FILED = date(2023, 1, 9)
CT = profile.load("connecticut")


def notary(backend: Backend, name: str = "Jane Roe", title: str = "Clerk of Courts",
           jurisdiction: str = "Franklin County") -> OfficialView:
    return officials.add_official(backend.db, person(backend, "lead"), name, title,
                                  jurisdiction, FILED)


def request(official: OfficialView, country: str = "Germany", **changes: object
            ) -> ApostilleRequest:
    made = ApostilleRequest(official.id, "Birth certificate of Ana Lopez", country, True,
                            "Harrowgate Law")
    return dataclasses.replace(made, **changes)  # type: ignore[arg-type]


@dataclasses.dataclass(frozen=True)
class Audited:
    actor: str
    before: dict[str, object]
    after: dict[str, object]
    reason: str | None


def audit_rows(backend: Backend, action: str) -> list[Audited]:
    with backend.db.uow(read_only=True) as uow:
        rows = uow.session.execute(select(AuditRecord).where(
            AuditRecord.action == action).order_by(AuditRecord.seq)).scalars()
        return [Audited(r.actor, json.loads(r.before_json or "{}"),
                        json.loads(r.after_json or "{}"), r.reason) for r in rows]


def certificate_count(backend: Backend) -> int:
    with backend.db.uow(read_only=True) as uow:
        return len(uow.session.execute(select(Certificate.id)).all())


# ---------------------------------------------------------------------- the officials table


def test_leads_add_officials_and_the_desk_lists_them(demo_backend: Backend) -> None:
    db, lead, clerk = demo_backend.db, person(demo_backend, "lead"), person(demo_backend, "clerk")
    roe = officials.add_official(db, lead, "  Jane   Roe ", "Clerk of Courts",
                                 "Franklin County", FILED)
    assert (roe.name, roe.title, roe.jurisdiction, roe.specimen_on, roe.active) == (
        "Jane Roe", "Clerk of Courts", "Franklin County", FILED, True)
    officials.add_official(db, lead, "Adam Bell", "Probate Judge", "Delaware County", FILED)
    officials.add_official(db, lead, "Jane Roe", "Notary Public", "Franklin County", FILED)
    listed = officials.list_officials(db, clerk)
    assert [(o.name, o.title) for o in listed] == [
        ("Adam Bell", "Probate Judge"), ("Jane Roe", "Clerk of Courts"),
        ("Jane Roe", "Notary Public")]
    assert [o.name for o in officials.list_officials(db, clerk, search="DELAWARE")] == [
        "Adam Bell"]
    assert [o.title for o in officials.list_officials(db, clerk, search=" jane  ROE")] == [
        "Clerk of Courts", "Notary Public"]
    assert officials.list_officials(db, clerk, search="%") == ()
    added = audit_rows(demo_backend, "official.add")
    assert len(added) == 3 and added[0].actor == "lead"
    assert added[0].after == {
        "name": "Jane Roe", "title": "Clerk of Courts", "jurisdiction": "Franklin County",
        "specimen_on": "2023-01-09", "active": True}


def test_only_leads_keep_the_table_and_admins_see_nothing(demo_backend: Backend) -> None:
    db, clerk = demo_backend.db, person(demo_backend, "clerk")
    with pytest.raises(PermissionDenied):
        officials.add_official(db, clerk, "Jane Roe", "Clerk of Courts", "Franklin County",
                               FILED)
    roe = notary(demo_backend)
    with pytest.raises(PermissionDenied):
        officials.record_specimen(db, clerk, roe.id, date(2024, 1, 2))
    with pytest.raises(PermissionDenied):
        officials.retire_official(db, clerk, roe.id, "left office")
    with pytest.raises(PermissionDenied):
        officials.list_officials(db, person(demo_backend, "admin"))
    officials.add_official(db, person(demo_backend, "supervisor"), "Adam Bell",
                           "Probate Judge", "Delaware County", FILED)


@pytest.mark.parametrize(("field", "args"), [
    ("name", (" ", "Clerk of Courts", "Franklin County")),
    ("title", ("Jane Roe", "", "Franklin County")),
    ("jurisdiction", ("Jane Roe", "Clerk of Courts", "\t")),
    ("name", ("J" * 201, "Clerk of Courts", "Franklin County")),
])
def test_a_blank_field_is_refused_by_name(demo_backend: Backend, field: str,
                                          args: tuple[str, str, str]) -> None:
    with pytest.raises(UserError) as refused:
        officials.add_official(demo_backend.db, person(demo_backend, "lead"), *args, FILED)
    assert refused.value.field == field


def test_a_future_specimen_and_a_second_row_are_refused(demo_backend: Backend) -> None:
    db, lead = demo_backend.db, person(demo_backend, "lead")
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(UserError, match="after today") as refused:
        officials.add_official(db, lead, "Jane Roe", "Clerk of Courts", "Franklin County",
                               tomorrow)
    assert (refused.value.field, refused.value.code) == ("specimen_on", "future")
    officials.add_official(db, lead, "Jane Roe", "Clerk of Courts", "Franklin County",
                           date.today())
    with pytest.raises(UserError, match="already on file") as duplicate:
        officials.add_official(db, lead, "JANE ROE", "clerk of courts", "Franklin  County",
                               FILED)
    assert (duplicate.value.field, duplicate.value.code) == ("name", "duplicate")


def test_a_new_specimen_is_recorded_with_before_and_after(demo_backend: Backend) -> None:
    db, lead = demo_backend.db, person(demo_backend, "lead")
    roe = notary(demo_backend)
    newer = officials.record_specimen(db, lead, roe.id, date(2025, 2, 3))
    assert newer.specimen_on == date(2025, 2, 3) and newer.id == roe.id
    with db.uow(read_only=True) as uow:
        row = uow.session.get(Official, roe.id)
        assert row is not None and row.version == 2 and row.specimen_on == date(2025, 2, 3)
    (done,) = audit_rows(demo_backend, "official.specimen")
    assert done.before["specimen_on"] == "2023-01-09"
    assert done.after["specimen_on"] == "2025-02-03"
    for day, code in ((date(2024, 5, 5), "not_newer"), (date(2025, 2, 3), "not_newer"),
                      (date.today() + timedelta(days=3), "future")):
        with pytest.raises(UserError) as refused:
            officials.record_specimen(db, lead, roe.id, day)
        assert (refused.value.field, refused.value.code) == ("specimen_on", code)
    with pytest.raises(UserError, match="No official on file has the id 9999") as unknown:
        officials.record_specimen(db, lead, 9999, date(2025, 3, 1))
    assert unknown.value.field == "official"


def test_retiring_needs_a_reason_happens_once_and_is_audited(demo_backend: Backend) -> None:
    db, lead, clerk = demo_backend.db, person(demo_backend, "lead"), person(demo_backend, "clerk")
    roe = notary(demo_backend)
    with pytest.raises(UserError) as no_reason:
        officials.retire_official(db, lead, roe.id, "  ")
    assert no_reason.value.field == "reason"
    retired = officials.retire_official(db, lead, roe.id, "left office  in 2025")
    assert retired.active is False
    (done,) = audit_rows(demo_backend, "official.retire")
    assert done.reason == "left office in 2025"
    assert done.before["active"] is True and done.after["active"] is False
    with pytest.raises(UserError, match="already retired") as twice:
        officials.retire_official(db, lead, roe.id, "again")
    assert (twice.value.field, twice.value.code) == ("official", "retired")
    with pytest.raises(UserError, match="retired") as specimen:
        officials.record_specimen(db, lead, roe.id, date(2025, 3, 1))
    assert specimen.value.code == "retired"
    with pytest.raises(UserError) as unknown:
        officials.retire_official(db, lead, 9999, "gone")
    assert unknown.value.field == "official"
    assert officials.list_officials(db, clerk) == ()
    assert officials.list_officials(db, clerk, include_inactive=True) == (retired,)
    again = notary(demo_backend)  # back in office: on file again, as a new row
    assert again.id != roe.id and again.active


# ---------------------------------------------------------------------- the destination


@pytest.mark.parametrize(("typed", "iso", "kind"), [
    ("Germany", "DE", "apostille"), ("holland", "NL", "apostille"), ("JP", "JP", "apostille"),
    ("South Korea", "KR", "apostille"), ("United Arab Emirates", "AE", "authentication"),
    ("UAE", "AE", "authentication"), ("Egypt", "EG", "authentication"),
    ("Ivory Coast", "CI", "authentication"),
])
def test_a_party_gets_an_apostille_any_other_country_an_authentication(
        typed: str, iso: str, kind: str) -> None:
    found = destination_of(P, typed)
    assert (found.iso, found.kind) == (iso, kind)
    assert found.name == apostilles.countries().get(iso).name


def test_the_destination_carries_the_hague_note_or_a_territory_warning() -> None:
    assert "objected" in destination_of(P, "India").note
    assert destination_of(P, "Germany").note == ""
    aruba = destination_of(P, "Aruba")
    assert aruba.kind == "authentication" and "territory of Netherlands" in aruba.note
    assert "HCCH status table" in aruba.note
    assert destination_of(P, "Egypt").note == ""


@pytest.mark.parametrize(("typed", "code"), [
    ("", "required"), ("   ", "required"), ("Atlantis", "unknown_country"),
    ("USA", "domestic_use"), ("United States of America", "domestic_use"),
    ("us", "domestic_use"), ("Puerto Rico", "domestic_use"), ("Guam", "domestic_use"),
])
def test_blank_unknown_and_domestic_destinations_are_refused(typed: str, code: str) -> None:
    with pytest.raises(UserError) as refused:
        destination_of(P, typed)
    assert (refused.value.field, refused.value.code) == ("country", code)
    if code == "domestic_use":
        assert refused.value.message.startswith(
            "No apostille or authentication is issued for use within the United States")


# ---------------------------------------------------------------------- issuing


def test_an_apostille_for_germany_is_released_once_paid(demo_backend: Backend) -> None:
    db, clerk = demo_backend.db, person(demo_backend, "clerk")
    roe = notary(demo_backend)
    issued = apostilles.issue_apostille(db, P, clerk, request(roe, " deutschland "))
    assert (issued.kind, issued.title, issued.fee_code, issued.amount_cents) == (
        "apostille", "APOSTILLE", "OH-APOSTILLE", 500)
    facts = {f.field: f.value for f in issued.facts}
    assert facts["official.name"] == "Jane Roe" and facts["official.title"] == "Clerk of Courts"
    assert facts["official.jurisdiction"] == "Franklin County"
    assert "destination.country" not in facts  # the Convention's certificate names none
    with db.uow(read_only=True) as uow:
        row = uow.session.execute(select(Certificate)).scalar_one()
        assert (row.kind, row.destination_country, row.official_id) == ("apostille", "DE", roe.id)
        item = uow.session.execute(select(CertificateItem)).scalar_one()
        assert (item.certificate_id, item.description, item.pages) == (
            row.id, "Birth certificate of Ana Lopez", 1)
    (asked,) = audit_rows(demo_backend, "certificate.apostille_request")
    said = asked.after
    assert said["requester"] == "Harrowgate Law" and said["country_typed"] == "deutschland"
    assert said["country"] == "DE" and said["cover_letter"] is True

    with pytest.raises(UserError, match="paid at the drawer first"):
        certificates.release(db, P, clerk, issued.number)
    pay(demo_backend, issued)
    text = text_of(certificates.release(db, P, clerk, issued.number).pdf)
    items = P.certificates.product("apostille").items
    for n, item in enumerate(items, 1):
        assert f"{n}. {item.label}" in text, (n, item.label)
    assert "1. Country: United States of America" in text
    assert "2. has been signed by Jane Roe" in text
    assert "3. acting in the capacity of Clerk of Courts" in text
    assert "4. bears the seal/stamp of Franklin County" in text
    assert f"8. No {issued.number}" in text and "This public document" in text


def test_an_authentication_for_a_country_not_a_party(demo_backend: Backend) -> None:
    db, clerk = demo_backend.db, person(demo_backend, "clerk")
    assert P.hague.find("United Arab Emirates") is None and P.hague.find("AE") is None
    roe = notary(demo_backend)
    issued = apostilles.issue_apostille(db, P, clerk, request(roe, "United Arab Emirates"))
    assert (issued.kind, issued.title, issued.amount_cents) == (
        "authentication", "Certificate of Authentication", 500)
    facts = {f.field: f.value for f in issued.facts}
    assert facts["destination.country"] == "United Arab Emirates"
    assert facts["official.specimen_date"] == long_date(FILED)
    assert facts["document.description"] == "Birth certificate of Ana Lopez"
    pay(demo_backend, issued)
    text = text_of(certificates.release(db, P, clerk, issued.number).pdf)
    assert "issued for use in United Arab Emirates" in text
    assert "specimen on file in this office since January 9, 2023" in text
    with db.uow(read_only=True) as uow:
        row = uow.session.execute(select(Certificate)).scalar_one()
        assert row.destination_country == "AE"


def test_one_certificate_and_one_fee_per_document(demo_backend: Backend) -> None:
    db, clerk = demo_backend.db, person(demo_backend, "clerk")
    roe = notary(demo_backend)
    first = apostilles.issue_apostille(db, P, clerk, request(roe))
    second = apostilles.issue_apostille(db, P, clerk, request(roe, document="Diploma of A. Lopez"))
    assert first.number != second.number and first.charge_id != second.charge_id
    assert first.amount_cents == second.amount_cents == 500


@pytest.mark.parametrize(("changes", "field", "code"), [
    ({"document": "  "}, "document", "required"),
    ({"document": "x" * 301}, "document", None),
    ({"cover_letter": False}, "cover_letter", "no_cover_letter"),
    ({"country": ""}, "country", "required"),
    ({"country": "Narnia"}, "country", "unknown_country"),
    ({"country": "U.S.A."}, "country", "domestic_use"),
    ({"country": "U.S. Virgin Islands"}, "country", "domestic_use"),
    ({"official_id": 9999}, "official", None),
])
def test_each_refusal_names_its_field_and_leaves_nothing(
        demo_backend: Backend, changes: dict[str, object], field: str, code: str | None) -> None:
    roe = notary(demo_backend)
    with pytest.raises(UserError) as refused:
        apostilles.issue_apostille(demo_backend.db, P, person(demo_backend, "clerk"),
                                   request(roe, **changes))
    assert refused.value.field == field
    if code is not None:
        assert refused.value.code == code
    assert certificate_count(demo_backend) == 0


def test_a_retired_official_has_no_signature_on_file(demo_backend: Backend) -> None:
    db, clerk = demo_backend.db, person(demo_backend, "clerk")
    roe = notary(demo_backend)
    officials.retire_official(db, person(demo_backend, "lead"), roe.id, "left office")
    with pytest.raises(UserError) as refused:
        apostilles.issue_apostille(db, P, clerk, request(roe))
    error = refused.value
    assert (error.field, error.code) == ("official", "signature_not_on_file")
    assert "Jane Roe, Clerk of Courts, Franklin County" in error.message
    assert "retired from the table on" in error.message and long_date(FILED) in error.message
    assert certificate_count(demo_backend) == 0


def test_a_specimen_not_yet_filed_is_not_on_file(demo_backend: Backend) -> None:
    roe = notary(demo_backend)
    later = date.today() + timedelta(days=30)
    with demo_backend.db.uow() as uow:  # a date typed on a workstation with a wrong clock
        uow.session.execute(update(Official).where(Official.id == roe.id).values(
            specimen_on=later))
        uow.commit()
    with pytest.raises(UserError) as refused:
        apostilles.issue_apostille(demo_backend.db, P, person(demo_backend, "clerk"),
                                   request(roe))
    assert refused.value.code == "signature_not_on_file"
    assert f"on file only from {long_date(later)}" in refused.value.message


def test_an_office_without_the_product_refuses_it(demo_backend: Backend) -> None:
    rules = P.certificates
    without = dataclasses.replace(P, certificates=CertificateRules(
        rules.office, rules.officer, MappingProxyType(
            {k: v for k, v in rules.products.items() if k != "authentication"})))
    roe = notary(demo_backend)
    clerk = person(demo_backend, "clerk")
    with pytest.raises(UserError, match="issues no authentication") as refused:
        apostilles.issue_apostille(demo_backend.db, without, clerk, request(roe, "Egypt"))
    assert refused.value.field == "kind"
    assert apostilles.issue_apostille(demo_backend.db, without, clerk, request(roe)).kind == (
        "apostille")


def test_admins_may_not_issue(demo_backend: Backend) -> None:
    roe = notary(demo_backend)
    with pytest.raises(PermissionDenied):
        apostilles.issue_apostille(demo_backend.db, P, person(demo_backend, "admin"),
                                   request(roe))


def test_connecticut_issues_both_for_its_own_fee(demo_backend: Backend) -> None:
    db, clerk = demo_backend.db, person(demo_backend, "clerk")
    roe = notary(demo_backend, "Sam Poe", "Town Clerk", "Town of Hartford")
    apostille = apostilles.issue_apostille(db, CT, clerk, request(roe, "Japan"))
    assert (apostille.kind, apostille.fee_code, apostille.amount_cents) == (
        "apostille", "CT-APOSTILLE", 4000)
    assert {f.field: f.value for f in apostille.facts}["office.place"] == "Hartford, Connecticut"
    other = apostilles.issue_apostille(db, CT, clerk, request(roe, "Qatar"))
    assert other.kind == "authentication" and other.amount_cents == 4000
    assert {f.field: f.value for f in other.facts}["destination.country"] == "Qatar"
    with pytest.raises(UserError) as domestic:
        apostilles.issue_apostille(db, CT, clerk, request(roe, "United States"))
    assert domestic.value.code == "domestic_use"
