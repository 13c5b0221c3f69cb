"""Signing in: Argon2id with rehash, lockout after 10 failures for 30 minutes, every attempt
audited (NIST SP 800-63B, PCI DSS 8.3.4)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, update

from tests.helpers import demo_password
from workstation.errors import AuthenticationFailed
from workstation.models import AuditRecord, User
from workstation.models.types import utcnow
from workstation.services import auth
from workstation.services.auth import SecurityPolicy
from workstation.startup import Backend

LEAD = demo_password("lead")


def audit_rows(backend: Backend, action: str) -> list[tuple[str, str, str | None]]:
    with backend.db.uow(read_only=True) as uow:
        rows = uow.session.execute(select(AuditRecord).where(AuditRecord.action == action)
                                   .order_by(AuditRecord.seq)).scalars()
        return [(r.actor, r.outcome, r.reason) for r in rows]


def user_row(backend: Backend, username: str) -> User:
    with backend.db.uow(read_only=True) as uow:
        user = uow.session.execute(select(User).where(User.username == username)).scalar_one()
        uow.session.expunge(user)
        return user


def test_sign_in_is_case_insensitive_and_audited(demo_backend: Backend) -> None:
    actor = auth.sign_in(demo_backend.db, demo_backend.policy, "  LEAD ", LEAD)
    assert actor.username == "lead" and actor.role.value == "lead"
    assert audit_rows(demo_backend, "auth.sign_in") == [("lead", "ok", None)]
    assert user_row(demo_backend, "lead").last_login_at is not None


@pytest.mark.parametrize(("username", "password", "actor"), [
    ("lead", "wrong password entirely", "lead"), ("nobody", LEAD, "nobody"), ("", "", "(blank)")])
def test_failures_are_refused_with_one_message_and_audited(
        demo_backend: Backend, username: str, password: str, actor: str) -> None:
    with pytest.raises(AuthenticationFailed, match="Wrong user name or password"):
        auth.sign_in(demo_backend.db, demo_backend.policy, username, password)
    [(who, outcome, reason)] = audit_rows(demo_backend, "auth.sign_in")
    assert (who, outcome) == (actor, "failed") and reason


def test_tenth_failure_locks_for_thirty_minutes(demo_backend: Backend) -> None:
    db, policy = demo_backend.db, demo_backend.policy
    for _ in range(9):
        with pytest.raises(AuthenticationFailed, match="Wrong user name"):
            auth.sign_in(db, policy, "clerk", "not the right one")
    with pytest.raises(AuthenticationFailed, match="locked for 30 minutes"):
        auth.sign_in(db, policy, "clerk", "not the right one")
    with pytest.raises(AuthenticationFailed, match="locked after too many"):
        auth.sign_in(db, policy, "clerk", demo_password("clerk"))  # even the right password
    locked_until = user_row(demo_backend, "clerk").locked_until
    assert locked_until is not None
    assert timedelta(minutes=29) < locked_until - utcnow() <= timedelta(minutes=30)
    assert len(audit_rows(demo_backend, "auth.sign_in")) == 11
    assert [r[1] for r in audit_rows(demo_backend, "auth.lockout")] == ["ok"]


def test_lock_expires_after_its_time(demo_backend: Backend) -> None:
    with demo_backend.db.uow() as uow:
        uow.session.execute(update(User).where(User.username == "clerk")
                            .values(locked_until=utcnow() - timedelta(seconds=1)))
        uow.commit()
    assert auth.sign_in(demo_backend.db, demo_backend.policy, "clerk", demo_password("clerk"))


def test_success_resets_the_failure_count(demo_backend: Backend) -> None:
    db, policy = demo_backend.db, demo_backend.policy
    for _ in range(9):
        with pytest.raises(AuthenticationFailed):
            auth.sign_in(db, policy, "lead", "nope nope nope nope")
    auth.sign_in(db, policy, "lead", LEAD)
    assert user_row(demo_backend, "lead").failed_logins == 0
    with pytest.raises(AuthenticationFailed, match="Wrong user name"):
        auth.sign_in(db, policy, "lead", "nope nope nope nope")  # counting starts again


def test_disabled_account_refused(demo_backend: Backend) -> None:
    with demo_backend.db.uow() as uow:
        uow.session.execute(update(User).where(User.username == "clerk").values(active=False))
        uow.commit()
    with pytest.raises(AuthenticationFailed, match="disabled"):
        auth.sign_in(demo_backend.db, demo_backend.policy, "clerk", demo_password("clerk"))


def test_hash_upgraded_on_sign_in_when_the_office_raises_the_cost(demo_backend: Backend) -> None:
    stronger = replace(demo_backend.policy, time_cost=2, memory_kib=2048)
    old_hash = user_row(demo_backend, "lead").password_hash
    auth.sign_in(demo_backend.db, stronger, "lead", LEAD)
    new_hash = user_row(demo_backend, "lead").password_hash
    assert new_hash != old_hash and "m=2048,t=2" in new_hash
    assert not stronger.hasher().check_needs_rehash(new_hash)
    auth.sign_in(demo_backend.db, stronger, "lead", LEAD)  # the new hash verifies


def test_unlock_only_for_the_same_user(demo_backend: Backend) -> None:
    actor = auth.sign_in(demo_backend.db, demo_backend.policy, "lead", LEAD)
    with pytest.raises(AuthenticationFailed):
        auth.unlock(demo_backend.db, demo_backend.policy, actor, demo_password("clerk"))
    assert auth.unlock(demo_backend.db, demo_backend.policy, actor, LEAD) == actor
    assert [r[1] for r in audit_rows(demo_backend, "auth.unlock")] == ["failed", "ok"]


def test_default_policy_is_argon2id_with_rfc9106_parameters() -> None:
    encoded = SecurityPolicy().hash("a long enough passphrase")
    assert encoded.startswith("$argon2id$") and "m=65536,t=3,p=4" in encoded
    assert PasswordHasher().verify(encoded, "a long enough passphrase")


def test_password_is_normalised_before_hashing() -> None:
    policy = SecurityPolicy(time_cost=1, memory_kib=1024, parallelism=1)
    encoded = policy.hash("ﬁle cabinet drawer key")
    assert auth._verify(policy, encoded, "file cabinet drawer key")
