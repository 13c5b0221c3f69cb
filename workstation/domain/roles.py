"""Roles and the action x role matrix (bcgov/lear's authz pattern: a declarative table).

The matrix itself is data, ``resources/permissions.toml``; this module only reads and applies it.
Roles are not a ladder: an admin manages users and the system, but does not approve a drawer, and
a supervisor approves but does not manage accounts (NIST AC-5, separation of duties).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    CLERK = "clerk"
    SENIOR_CLERK = "senior_clerk"
    LEAD = "lead"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        """The office's name for the role: "Senior clerk"."""
        return _TITLES[self]


_TITLES = {
    Role.CLERK: "Clerk",
    Role.SENIOR_CLERK: "Senior clerk",
    Role.LEAD: "Lead",
    Role.SUPERVISOR: "Supervisor",
    Role.ADMIN: "Administrator",
}


@dataclass(frozen=True)
class Permission:
    action: str
    roles: frozenset[Role]
    description: str
    basis: str


class PermissionMatrix:
    """Which roles may perform which action. Unknown actions are refused, never allowed."""

    def __init__(self, permissions: Mapping[str, Permission]):
        self._permissions = dict(permissions)

    @classmethod
    def from_toml(cls, text: str) -> PermissionMatrix:
        data = tomllib.loads(text)
        perms = {}
        for action, row in data["action"].items():
            roles = frozenset(Role(r) for r in row["roles"])
            perms[action] = Permission(action, roles, row["description"], row.get("basis", ""))
        return cls(perms)

    def allows(self, role: Role, action: str) -> bool:
        perm = self._permissions.get(action)
        return perm is not None and role in perm.roles

    def describe(self, action: str) -> Permission:
        return self._permissions[action]

    @property
    def actions(self) -> list[str]:
        return sorted(self._permissions)
