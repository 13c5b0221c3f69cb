"""User accounts: add, list, disable, enable, reset a password (administrators).

Nobody can disable the last active administrator, nor their own account: an office must never
lock itself out of its own workstation.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from workstation import resources
from workstation.db.uow import Database, UnitOfWork
from workstation.domain import passwords
from workstation.domain.roles import Role
from workstation.errors import UserError
from workstation.models import User
from workstation.models.types import utcnow
from workstation.services import audit
from workstation.services.auth import SecurityPolicy, normalise_username
from workstation.services.authz import authorize
from workstation.services.dto import Actor, UserInfo

USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,63}$")
BOOTSTRAP = "setup"


def info(user: User) -> UserInfo:
    return UserInfo(user.id, user.username, user.full_name, Role(user.role), user.active,
                    user.locked_until, user.last_login_at, user.version)


def _snapshot(user: User) -> dict[str, Any]:
    return {"username": user.username, "full_name": user.full_name, "role": user.role,
            "active": user.active}


def check_password(policy: SecurityPolicy, password: str, username: str) -> None:
    """UserError on the password field naming every rule the password breaks."""
    found = passwords.problems(
        password, min_length=policy.min_password_length,
        blocklist=resources.password_blocklist(),
        context_words=(username, "counter workstation", "secretary of state"),
    )
    if found:
        raise UserError(" ".join(found), field="password", code="password_policy")


def _validate_new(username: str, full_name: str, role: str) -> tuple[str, str, Role]:
    name = normalise_username(username)
    if not USERNAME.match(name):
        raise UserError("A user name is 2 to 64 letters, digits, dots, dashes or underscores, "
                        "starting with a letter.", field="username")
    if not full_name.strip():
        raise UserError("Type the person's full name.", field="full_name")
    try:
        return name, full_name.strip(), Role(role)
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise UserError(f"Role must be one of {choices}.", field="role") from None


def add_user(db: Database, policy: SecurityPolicy, actor: Actor | None, username: str,
             full_name: str, role: str, password: str) -> UserInfo:
    """Create an account. Admins only; ``actor=None`` only while the database has no admin
    (first-run setup), and then only for an admin account."""
    name, full, chosen_role = _validate_new(username, full_name, role)
    check_password(policy, password, name)
    password_hash = policy.hash(password)

    def work(uow: UnitOfWork) -> UserInfo:
        who: Actor | str = BOOTSTRAP
        if actor is None:
            _require_setup(uow, chosen_role)
        else:
            authorize(uow, actor, "user.add")
            who = actor
        user = User(username=name, full_name=full, role=chosen_role.value,
                    password_hash=password_hash, active=True, failed_logins=0,
                    password_changed_at=utcnow())
        uow.session.add(user)
        try:
            uow.session.flush()
        except IntegrityError:
            raise UserError(f"The user name {name} is taken.", field="username") from None
        audit.record(uow, who, "user.add", "user", user.id, after=_snapshot(user))
        uow.commit()
        return info(user)

    return db.run(work)


def _require_setup(uow: UnitOfWork, role: Role) -> None:
    if active_admin_count(uow) > 0:
        raise UserError("Only an administrator can add users. Sign in as one (--as NAME).")
    if role is not Role.ADMIN:
        raise UserError("The first account of a new database must be an administrator.",
                        field="role")


def active_admin_count(uow: UnitOfWork) -> int:
    return int(uow.session.execute(
        select(func.count()).select_from(User)
        .where(User.role == Role.ADMIN.value, User.active.is_(True))
    ).scalar_one())


def setup_needed(db: Database) -> bool:
    """True while the database has no active administrator: the sign-in screen then says how
    IT creates the first account. Anyone may ask; the answer reveals no account."""
    return db.run(lambda uow: active_admin_count(uow) == 0, read_only=True)


def list_users(db: Database, actor: Actor) -> list[UserInfo]:
    """Every account, by user name. Leads, supervisors and admins."""

    def work(uow: UnitOfWork) -> list[UserInfo]:
        authorize(uow, actor, "user.list")
        return [info(u) for u in uow.session.execute(
            select(User).order_by(User.username)).scalars()]

    return db.run(work, read_only=True)


def _find(uow: UnitOfWork, username: str, *, lock: bool = False) -> User:
    stmt = select(User).where(User.username == normalise_username(username))
    if lock:
        stmt = stmt.with_for_update()
    user = uow.session.execute(stmt).scalar_one_or_none()
    if user is None:
        raise UserError(f"There is no user {username!r}.", field="username")
    return user


def disable_user(db: Database, actor: Actor, username: str, reason: str) -> UserInfo:
    """Disable an account (it stays in the audit trail). Admins; never oneself or the last admin."""
    if not reason.strip():
        raise UserError("Say why the account is disabled.", field="reason")

    def work(uow: UnitOfWork) -> UserInfo:
        authorize(uow, actor, "user.disable")
        # Lock every admin row first, so two admins disabling each other at the same moment on
        # PostgreSQL cannot both see "another admin is left".
        uow.session.execute(select(User.id).where(User.role == Role.ADMIN.value)
                            .with_for_update()).all()
        user = _find(uow, username)
        if user.id == actor.user_id:
            raise UserError("You cannot disable your own account.", field="username")
        if not user.active:
            raise UserError(f"{user.username} is already disabled.", field="username")
        if user.role == Role.ADMIN.value and active_admin_count(uow) <= 1:
            raise UserError("This is the last active administrator; add another one first.",
                            field="username")
        before = _snapshot(user)
        user.active = False
        uow.session.flush()
        audit.record(uow, actor, "user.disable", "user", user.id, before=before,
                     after=_snapshot(user), reason=reason.strip())
        uow.commit()
        return info(user)

    return db.run(work)


def enable_user(db: Database, actor: Actor, username: str, reason: str) -> UserInfo:
    """Re-enable a disabled account. Admins."""

    def work(uow: UnitOfWork) -> UserInfo:
        authorize(uow, actor, "user.enable")
        user = _find(uow, username)
        if user.active:
            raise UserError(f"{user.username} is already active.", field="username")
        before = _snapshot(user)
        user.active = True
        uow.session.flush()
        audit.record(uow, actor, "user.enable", "user", user.id, before=before,
                     after=_snapshot(user), reason=reason.strip() or None)
        uow.commit()
        return info(user)

    return db.run(work)


def reset_password(db: Database, policy: SecurityPolicy, actor: Actor, username: str,
                   new_password: str) -> UserInfo:
    """Set another user's password and clear a lockout. Admins; the password is not logged."""

    def work(uow: UnitOfWork) -> UserInfo:
        authorize(uow, actor, "user.reset_password")
        user = _find(uow, username)
        check_password(policy, new_password, user.username)
        user.password_hash = policy.hash(new_password)
        user.password_changed_at = utcnow()
        was_locked = user.locked_until is not None
        user.failed_logins = 0
        user.locked_until = None
        uow.session.flush()
        audit.record(uow, actor, "user.reset_password", "user", user.id,
                     after={"lockout_cleared": was_locked})
        uow.commit()
        return info(user)

    return db.run(work)

