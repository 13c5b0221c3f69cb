"""Every action x every role, through the services: the matrix in resources/permissions.toml is
what is enforced, not only what the menus show (DESIGN.md section 3; reliability.md S5)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from tests.helpers import demo_password
from workstation import resources
from workstation.domain.roles import Role
from workstation.errors import PermissionDenied
from workstation.services import (
    audit,
    auth,
    inquiries,
    inquiry_queue,
    intake,
    profile,
    registry,
    users,
)
from workstation.services.dto import Actor
from workstation.services.inquiry_dto import NewInquiry, QueueFilter
from workstation.services.intake_rules import EnvelopeInput, RemittanceInput
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
    "registry.read": (lambda b, a: registry.lookup(b.db, profile.load(), a, "1000000"), None),
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
