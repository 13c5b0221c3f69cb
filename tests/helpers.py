"""Helpers shared by tests (plain functions; fixtures live in conftest.py)."""

from __future__ import annotations

from workstation.services import demo
from workstation.settings import Settings


def make_settings(**changes: object) -> Settings:
    """Test settings: a fixed workstation name and cheap hashing (the real cost is tested apart)."""
    base: dict[str, object] = {"workstation_name": "TEST-WS-01", "argon2_time_cost": 1,
                               "argon2_memory_kib": 1024, "argon2_parallelism": 1}
    base.update(changes)
    return Settings(**base)  # type: ignore[arg-type]


def demo_password(username: str) -> str:
    return next(u.password for u in demo.DEMO_USERS if u.username == username)
