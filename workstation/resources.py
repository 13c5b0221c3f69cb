"""Read-only data files under resources/ (DESIGN.md section 4), loaded once and cached."""

from __future__ import annotations

from functools import cache

from workstation.domain.passwords import load_blocklist
from workstation.domain.roles import PermissionMatrix
from workstation.paths import resources_dir


def read_text(relative: str) -> str:
    return (resources_dir() / relative).read_text(encoding="utf-8")


@cache
def permissions() -> PermissionMatrix:
    return PermissionMatrix.from_toml(read_text("permissions.toml"))


@cache
def password_blocklist() -> frozenset[str]:
    return load_blocklist(read_text("passwords/blocklist.txt").splitlines())
