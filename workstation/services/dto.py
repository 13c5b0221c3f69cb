"""Frozen values that cross from the services to the UI (never live ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from workstation.domain.roles import Role


@dataclass(frozen=True)
class Actor:
    """The signed-in person on whose behalf a service runs."""

    user_id: int
    username: str
    full_name: str
    role: Role


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    full_name: str
    role: Role
    active: bool
    locked_until: datetime | None
    last_login_at: datetime | None
    version: int


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    occurred_at: datetime
    actor: str
    workstation: str
    action: str
    entity_type: str
    entity_id: str
    outcome: str
    reason: str | None


@dataclass(frozen=True)
class ChainReport:
    """What ``audit verify`` found."""

    checked: int
    head_seq: int
    head_hash: str
    broken_at: int | None
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.broken_at is None
