"""Signing in, unlocking, signing out (NIST SP 800-63B; PCI DSS 8.3.4).

Passwords are hashed with Argon2id and re-hashed on sign-in when the office raises the cost.
After ``lockout_threshold`` consecutive failures an account is locked for ``lockout_minutes``
(an administrator's password reset unlocks it). Every attempt, good or bad, is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update

from workstation.db.uow import Database, UnitOfWork
from workstation.domain import passwords
from workstation.domain.roles import Role
from workstation.errors import AuthenticationFailed
from workstation.models import User
from workstation.models.types import utcnow
from workstation.services import audit
from workstation.services.dto import Actor

if TYPE_CHECKING:
    from workstation.settings import Settings

WRONG = "Wrong user name or password."


@dataclass(frozen=True)
class SecurityPolicy:
    lockout_threshold: int = 10
    lockout_minutes: int = 30
    min_password_length: int = 15
    time_cost: int = 3
    memory_kib: int = 65536
    parallelism: int = 4

    @classmethod
    def from_settings(cls, settings: Settings) -> SecurityPolicy:
        return cls(settings.lockout_threshold, settings.lockout_minutes,
                   settings.min_password_length, settings.argon2_time_cost,
                   settings.argon2_memory_kib, settings.argon2_parallelism)

    def hasher(self) -> PasswordHasher:
        return PasswordHasher(time_cost=self.time_cost, memory_cost=self.memory_kib,
                              parallelism=self.parallelism)

    def hash(self, password: str) -> str:
        return str(self.hasher().hash(passwords.normalise(password)))


def actor_of(user: User) -> Actor:
    return Actor(user.id, user.username, user.full_name, Role(user.role))


def normalise_username(username: str) -> str:
    return username.strip().casefold()


def sign_in(db: Database, policy: SecurityPolicy, username: str, password: str) -> Actor:
    """The signed-in user, or AuthenticationFailed with the reason a clerk may be told."""
    return db.run(lambda uow: _check_password(uow, policy, username, password, "auth.sign_in"))


def unlock(db: Database, policy: SecurityPolicy, actor: Actor, password: str) -> Actor:
    """Unlock an idle-locked screen: only the same user's password will do."""
    return db.run(lambda uow: _check_password(uow, policy, actor.username, password, "auth.unlock"))


def _check_password(uow: UnitOfWork, policy: SecurityPolicy, username: str, password: str,
                    action: str) -> Actor:
    name = normalise_username(username)
    user = uow.session.execute(
        select(User).where(User.username == name).with_for_update()
    ).scalar_one_or_none()
    now = utcnow()
    if user is None:
        _burn_time(policy)  # an unknown name takes as long as a wrong password
        _refuse(uow, name or "(blank)", action, "failed", "unknown user", WRONG)
    assert user is not None
    if not user.active:
        _refuse(uow, user, action, "refused", "account disabled",
                "This account is disabled. Ask an administrator.")
    if user.locked_until is not None and user.locked_until > now:
        until = user.locked_until
        _refuse(uow, user, action, "refused", "account locked",
                f"This account is locked after too many failed sign-ins until "
                f"{until.astimezone():%H:%M}. An administrator can unlock it.")
    if not _verify(policy, user.password_hash, password):
        _record_failure(uow, policy, user, action, now)
    values: dict[str, object] = {"failed_logins": 0, "locked_until": None, "last_login_at": now}
    if _needs_rehash(policy, user.password_hash):
        values["password_hash"] = policy.hash(password)
    uow.session.execute(update(User).where(User.id == user.id).values(**values))
    audit.record(uow, actor_of(user), action, "user", user.id,
                 after={"rehashed": "password_hash" in values})
    uow.commit()
    return actor_of(user)


def _refuse(uow: UnitOfWork, who: User | str, action: str, outcome: str, reason: str,
            message: str) -> None:
    actor = actor_of(who) if isinstance(who, User) else who[:64]
    entity = who.id if isinstance(who, User) else "-"
    audit.record(uow, actor, action, "user", entity, outcome=outcome, reason=reason)
    uow.commit()
    raise AuthenticationFailed(message, field="password" if outcome == "failed" else "username")


def _record_failure(uow: UnitOfWork, policy: SecurityPolicy, user: User, action: str,
                    now: datetime) -> None:
    failures = uow.session.execute(
        update(User).where(User.id == user.id)
        .values(failed_logins=User.failed_logins + 1).returning(User.failed_logins)
    ).scalar_one()
    if failures < policy.lockout_threshold:
        _refuse(uow, user, action, "failed", f"wrong password ({failures} in a row)", WRONG)
    until = now + timedelta(minutes=policy.lockout_minutes)
    uow.session.execute(
        update(User).where(User.id == user.id).values(locked_until=until, failed_logins=0)
    )
    audit.record(uow, actor_of(user), "auth.lockout", "user", user.id,
                 after={"locked_until": until.isoformat()}, reason=f"{failures} failed sign-ins")
    _refuse(uow, user, action, "failed", "wrong password; account locked",
            f"Wrong password. The account is now locked for {policy.lockout_minutes} minutes.")


def _verify(policy: SecurityPolicy, stored: str, password: str) -> bool:
    try:
        return bool(policy.hasher().verify(stored, passwords.normalise(password)))
    except (VerificationError, InvalidHashError):
        return False


def _needs_rehash(policy: SecurityPolicy, stored: str) -> bool:
    try:
        return bool(policy.hasher().check_needs_rehash(stored))
    except InvalidHashError:
        return True


_DUMMY: dict[SecurityPolicy, str] = {}


def _burn_time(policy: SecurityPolicy) -> None:
    if policy not in _DUMMY:
        _DUMMY[policy] = policy.hash("not a real password, only for timing")
    _verify(policy, _DUMMY[policy], "wrong")


def record_session_event(db: Database, actor: Actor, action: str) -> None:
    """Audit a screen lock or a sign-out (who left the workstation, and when)."""

    def work(uow: UnitOfWork) -> None:
        audit.record(uow, actor, action, "user", actor.user_id)
        uow.commit()

    db.run(work)
