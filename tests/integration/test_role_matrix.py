"""Every action x every role, through the services: the matrix in resources/permissions.toml is
what is enforced, not only what the menus show (DESIGN.md section 3; reliability.md S5)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from tests.helpers import demo_password
from tests.integration.teller_support import FLOAT
from workstation import resources
from workstation.domain.drawer import Count
from workstation.domain.roles import Role
from workstation.errors import PermissionDenied
from workstation.models import Batch, Filing
from workstation.models.types import utcnow
from workstation.services import (
    audit,
    auth,
    batch_admin,
    batch_closing,
    batch_items,
    batch_review,
    calendar,
    certificates,
    inquiries,
    inquiry_queue,
    intake,
    officials,
    profile,
    registry,
    reports,
    teller,
    teller_close,
    teller_day,
    teller_read,
    users,
)
from workstation.services.dto import Actor
from workstation.services.inquiry_dto import NewInquiry, QueueFilter
from workstation.services.intake_rules import DocumentInput, EnvelopeInput, RemittanceInput
from workstation.startup import Backend

GOOD = "a perfectly long passphrase"
ROLE_USER = {Role.CLERK: "clerk", Role.SENIOR_CLERK: "senior", Role.LEAD: "lead",
             Role.SUPERVISOR: "supervisor", Role.ADMIN: "admin"}
Call = Callable[[Backend, Actor], object]


def _prepare_disabled_target(backend: Backend) -> None:
    admin = auth.sign_in(backend.db, backend.policy, "admin", demo_password("admin"))
    users.disable_user(backend.db, admin, "target", "matrix test")


CALLS: dict[str, tuple[Call, Callable[[Backend], None] | None]] = {
    "user.add": (lambda b, a: users.add_user(b.db, b.policy, a, "newperson", "New Person",
                                             "clerk", GOOD), None),
    "user.list": (lambda b, a: users.list_users(b.db, a), None),
    "user.disable": (lambda b, a: users.disable_user(b.db, a, "target", "matrix test"), None),
    "user.enable": (lambda b, a: users.enable_user(b.db, a, "target", "back"),
                    _prepare_disabled_target),
    "user.reset_password": (lambda b, a: users.reset_password(b.db, b.policy, a, "target", GOOD),
                            None),
    "audit.verify": (lambda b, a: audit.verify(b.db, a), None),
    "audit.read": (lambda b, a: audit.recent(b.db, a), None),
    "intake.log": (lambda b, a: intake.open_session(b.db, profile.load(), a, "walk_in"), None),
    # (lambdas: the helpers are defined below the table)
    "intake.verify": (lambda b, a: _verify_someones_tray(b, a), None),  # noqa: PLW0108
    "intake.approve_money_void": (lambda b, a: _void_with_approval(b, a), None),  # noqa: PLW0108
    "inquiry.read": (lambda b, a: inquiry_queue.queue(b.db, profile.load(), a, QueueFilter()),
                     None),
    "inquiry.work": (lambda b, a: inquiries.log_contact(b.db, profile.load(), a, NewInquiry(
        "phone", "Matrix Caller", "What is the fee for a certificate?")), None),
    "inquiry.reassign": (lambda b, a: _reassign_a_clerks_inquiry(b, a), None),  # noqa: PLW0108
    "batch.read": (lambda b, a: batch_review.status_of(b.db, a, _a_document(b)), None),
    "batch.examine": (lambda b, a: batch_review.take(b.db, a, _a_filing_id(b)), None),
    "batch.arrange": (lambda b, a: batch_admin.create_batch(
        b.db, profile.load(), a, "corporate", "regular", 1, "matrix test"), None),
    "batch.qc": (lambda b, a: batch_closing.quality_check(
        b.db, profile.load(), a, _accepted(b, "lead" if a.username != "lead" else "senior"),
        True), None),
    "batch.close": (lambda b, a: _close(b, a), None),  # noqa: PLW0108
    "batch.reopen": (lambda b, a: _reopen(b, a), None),  # noqa: PLW0108
    "teller.read": (lambda b, a: teller_read.my_session(b.db, a) or True, None),
    "teller.receipt": (lambda b, a: _open_a_drawer(b, a), None),  # noqa: PLW0108
    "teller.approve": (lambda b, a: teller_close.drawers_to_sign(b.db, a), None),
    "teller.approve_large": (lambda b, a: _sign_off_a_large_shortage(b, a), None),  # noqa: PLW0108
    "teller.close_day": (lambda b, a: _close_a_day(b, a), None),  # noqa: PLW0108
    "teller.drawers": (lambda b, a: teller.add_drawer(b.db, profile.load(), a, "M9", "Matrix"),
                       None),
    "registry.read": (lambda b, a: registry.lookup(b.db, profile.load(), a, "1000000"), None),
    "certificate.issue": (lambda b, a: _issue_a_certificate(b, a), None),  # noqa: PLW0108
    # A well-formed code that was never issued: the look-up answers "not issued".
    "calendar.read": (lambda b, a: calendar.due_items(
        b.db, profile.load(), a, date(2026, 12, 14), date(2026, 12, 18)), None),
    "calendar.manage": (lambda b, a: calendar.add_recurring(
        b.db, profile.load(), a, title="Matrix weekly count", rule="weekly", weekday=0,
        starts_on=date(2026, 12, 14)), None),
    "report.read": (lambda b, a: reports.run_report(
        b.db, profile.load(), a, "rejections", date(2026, 11, 2), date(2026, 11, 6)), None),
    "certificate.officials": (lambda b, a: officials.add_official(
        b.db, a, "Matrix Official", "Notary Public", "Franklin County", date(2025, 1, 2)), None),
    "certificate.verify": (lambda b, a: certificates.verify(b.db, profile.load(), a,
                                                            "4821-5539-219"), None),
    "registry.write": (lambda b, a: registry.register_entity(
        b.db, profile.load(), a, name="Matrix Test Widgets LLC", entity_type="llc",
        formation_date=date(2026, 11, 23)), None),
}


def test_every_action_in_the_matrix_is_exercised() -> None:
    assert set(CALLS) == set(resources.permissions().actions)


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize("action", sorted(CALLS))
def test_action_by_role(demo_backend: Backend, action: str, role: Role) -> None:
    admin = auth.sign_in(demo_backend.db, demo_backend.policy, "admin", demo_password("admin"))
    users.add_user(demo_backend.db, demo_backend.policy, admin, "target", "Target Person",
                   "clerk", GOOD)
    call, prepare = CALLS[action]
    if prepare:
        prepare(demo_backend)
    actor = auth.sign_in(demo_backend.db, demo_backend.policy, ROLE_USER[role],
                         demo_password(ROLE_USER[role]))
    if resources.permissions().allows(role, action):
        assert call(demo_backend, actor) is not None
    else:
        with pytest.raises(PermissionDenied, match=re.escape(f"may not {_describe(action)}")):
            call(demo_backend, actor)


def _describe(action: str) -> str:
    return resources.permissions().describe(action).description.lower()


def _tray(backend: Backend, verifier: str) -> tuple[int, Actor]:
    """A closed tray opened by someone other than ``verifier``, who is its named second person."""
    opener_name = "clerk" if verifier != "clerk" else "senior"
    opener = auth.sign_in(backend.db, backend.policy, opener_name, demo_password(opener_name))
    session_id, _ = intake.open_session(backend.db, profile.load(), opener, "walk_in", verifier)
    return session_id, opener


def _verify_someones_tray(backend: Backend, actor: Actor) -> object:
    session_id, opener = _tray(backend, actor.username)
    intake.close_session(backend.db, profile.load(), opener, session_id)
    return intake.verify_session(backend.db, profile.load(), actor, session_id)


def _void_with_approval(backend: Backend, approver: Actor) -> object:
    session_id, opener = _tray(backend, approver.username)
    slip = intake.log_envelope(backend.db, profile.load(), opener, session_id, EnvelopeInput(
        arrived_at=datetime(2026, 11, 24, 16, 30, tzinfo=UTC), customer_name="Walk-in",
        remittances=(RemittanceInput("5.00", "Pat Doe", "cash"),)))
    intake.void_line(backend.db, opener, slip.control_number, "remittance",
                     slip.remittances[0].id, "test", approver=approver)
    return True


def _reassign_a_clerks_inquiry(backend: Backend, actor: Actor) -> object:
    clerk = auth.sign_in(backend.db, backend.policy, "clerk", demo_password("clerk"))
    inquiry_id, _ = inquiries.log_contact(backend.db, profile.load(), clerk, NewInquiry(
        "phone", "Matrix Caller", "Where is my filing?"))
    inquiry_queue.claim(backend.db, clerk, inquiry_id)
    inquiry_queue.reassign(backend.db, actor, inquiry_id, clerk.user_id, None, "matrix test")
    return True


def _a_filing(backend: Backend) -> tuple[int, str]:
    """A document logged in the mail room (by the clerk, whatever role is being tried)."""
    clerk = auth.sign_in(backend.db, backend.policy, "clerk", demo_password("clerk"))
    session_id, _ = intake.open_session(backend.db, profile.load(), clerk, "walk_in")
    slip = intake.log_envelope(backend.db, profile.load(), clerk, session_id, EnvelopeInput(
        arrived_at=datetime(2026, 11, 20, 16, 0, tzinfo=UTC), customer_name="Walk-in",
        documents=(DocumentInput("610", "1"),)))
    filing_id = slip.documents[0].id
    with backend.db.uow(read_only=True) as uow:
        filing = uow.session.get(Filing, filing_id)
        assert filing is not None
        return filing_id, filing.document_number


def _a_document(backend: Backend) -> str:
    return _a_filing(backend)[1]


def _a_filing_id(backend: Backend) -> int:
    return _a_filing(backend)[0]


def _accepted(backend: Backend, examiner: str) -> int:
    """A formation accepted by ``examiner``: its filing id."""
    who = auth.sign_in(backend.db, backend.policy, examiner, demo_password(examiner))
    filing_id = _a_filing_id(backend)
    taken = batch_review.take(backend.db, who, filing_id)
    batch_review.decide(backend.db, profile.load(), who, filing_id, taken.version,
                        batch_review.Decision("accepted", fields={
                            "name": f"Matrix Orchard {filing_id} LLC"}))
    return filing_id


def _closeable(backend: Backend) -> int:
    """A batch with one accepted, checked document: its id."""
    filing_id = _accepted(backend, "lead")
    checker = auth.sign_in(backend.db, backend.policy, "supervisor", demo_password("supervisor"))
    batch_closing.quality_check(backend.db, profile.load(), checker, filing_id, True)
    with backend.db.uow(read_only=True) as uow:
        return batch_items.current_batch(uow, filing_id).id


def _open_a_drawer(backend: Backend, actor: Actor) -> int:
    lead = auth.sign_in(backend.db, backend.policy, "lead", demo_password("lead"))
    teller.add_drawer(backend.db, profile.load(), lead, "M1", "Matrix")
    return teller.open_session(backend.db, profile.load(), actor, "M1", FLOAT)


def _counted_drawer(backend: Backend, cash: dict[str, int]) -> int:
    """The clerk's drawer, counted with ``cash``: the session id."""
    clerk = auth.sign_in(backend.db, backend.policy, "clerk", demo_password("clerk"))
    session_id = _open_a_drawer(backend, clerk)
    teller_close.submit_count(backend.db, profile.load(), clerk, session_id, Count(cash))
    return session_id


def _sign_off_a_large_shortage(backend: Backend, actor: Actor) -> object:
    session_id = _counted_drawer(backend, {**FLOAT, "bill_20": 0})  # $80 short
    clerk = auth.sign_in(backend.db, backend.policy, "clerk", demo_password("clerk"))
    teller_close.explain(backend.db, profile.load(), clerk, session_id, "matrix test")
    return teller_close.decide(backend.db, profile.load(), actor, session_id, True)


def _close_a_day(backend: Backend, actor: Actor) -> object:
    _counted_drawer(backend, FLOAT)
    day = utcnow().astimezone(profile.load().calendar.zone).date()
    return teller_day.close_day(backend.db, profile.load(), actor, day)


def _version(backend: Backend, batch_id: int) -> int:
    with backend.db.uow(read_only=True) as uow:
        found = uow.session.get(Batch, batch_id)
        assert found is not None
        return found.version


def _close(backend: Backend, actor: Actor) -> object:
    batch_id = _closeable(backend)
    return batch_closing.close(backend.db, profile.load(), actor, batch_id,
                               _version(backend, batch_id))


def _reopen(backend: Backend, actor: Actor) -> object:
    batch_id = _closeable(backend)
    lead = auth.sign_in(backend.db, backend.policy, "lead", demo_password("lead"))
    batch_closing.close(backend.db, profile.load(), lead, batch_id, _version(backend, batch_id))
    batch_closing.reopen(backend.db, actor, batch_id, "matrix test")
    return True


def _issue_a_certificate(backend: Backend, actor: Actor) -> object:
    """A certificate of good standing for an LLC the senior clerk has just registered."""
    senior = auth.sign_in(backend.db, backend.policy, "senior", demo_password("senior"))
    made = registry.register_entity(
        backend.db, profile.load(), senior, name="Matrix Certificate Orchards LLC",
        entity_type="llc", formation_date=date(2026, 1, 5), agent_name="Pat Agent",
        agent_street="1 Main St", agent_city="Columbus", agent_zip="43215")
    return certificates.issue_good_standing(backend.db, profile.load(), actor, made.number)
