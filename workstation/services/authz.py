"""The role check every service makes first (DESIGN.md section 3: roles live in services)."""

from __future__ import annotations

import logging

from sqlalchemy import bindparam, select

from workstation import resources
from workstation.db.uow import UnitOfWork
from workstation.domain.roles import Role
from workstation.errors import PermissionDenied
from workstation.models import User
from workstation.services.dto import Actor

log = logging.getLogger("workstation.authz")
_USERS = User.__table__.c
_ROLE_OF = select(_USERS.active, _USERS.role).where(_USERS.id == bindparam("user_id"))


def authorize(uow: UnitOfWork, actor: Actor, action: str) -> None:
    """Return if the acting user's *current* role allows ``action``; else PermissionDenied.

    The role is read from the database, not from the sign-in, so a role change or a disabled
    account takes effect on the very next action. (One indexed read of two columns: every
    service call pays it, so it is a plain query, not an ORM load.)
    """
    found = uow.session.connection().execute(_ROLE_OF, {"user_id": actor.user_id}).first()
    if found is None or not found.active:
        raise PermissionDenied("Your account is disabled. Sign out and ask an administrator.")
    matrix = resources.permissions()
    role = Role(found.role)
    if not matrix.allows(role, action):
        log.warning("refused %s to %s (%s)", action, actor.username, role.value)
        known = action in matrix.actions
        what = matrix.describe(action).description.lower() if known else action
        title = role.label.lower()
        article = "An" if title[0] in "aeiou" else "A"
        raise PermissionDenied(f"{article} {title} may not {what}.", code="permission")
