"""The role check every service makes first (DESIGN.md section 3: roles live in services)."""

from __future__ import annotations

import logging

from workstation import resources
from workstation.db.uow import UnitOfWork
from workstation.domain.roles import Role
from workstation.errors import PermissionDenied
from workstation.models import User
from workstation.services.dto import Actor

log = logging.getLogger("workstation.authz")


def authorize(uow: UnitOfWork, actor: Actor, action: str) -> User:
    """The acting user's row, if their *current* role allows ``action``; else PermissionDenied.

    The role is read from the database, not from the sign-in, so a role change or a disabled
    account takes effect on the very next action.
    """
    user = uow.session.get(User, actor.user_id)
    if user is None or not user.active:
        raise PermissionDenied("Your account is disabled. Sign out and ask an administrator.")
    matrix = resources.permissions()
    role = Role(user.role)
    if not matrix.allows(role, action):
        log.warning("refused %s to %s (%s)", action, user.username, role.value)
        known = action in matrix.actions
        what = matrix.describe(action).description.lower() if known else action
        title = role.label.lower()
        article = "An" if title[0] in "aeiou" else "A"
        raise PermissionDenied(f"{article} {title} may not {what}.", code="permission")
    return user
