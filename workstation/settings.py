"""Typed settings, layered: built-in defaults < machine file (ProgramData, deployed by IT) <
user file < environment variables (``WORKSTATION_<FIELD>``, e.g. ``WORKSTATION_DB_URL``).

Files are TOML. Unknown keys are refused with the file and key named, so a typo in a deployed
file is noticed the day it is deployed rather than silently ignored.
"""

from __future__ import annotations

import os
import socket
import tomllib
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

import tomli_w

from workstation.errors import EnvironmentFailure
from workstation.paths import Locations

ENV_PREFIX = "WORKSTATION_"
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Settings:
    """What an office can configure. Security numbers may be made stricter, never looser."""

    db_url: str = ""  # empty: the SQLite file in the data dir
    workstation_name: str = ""  # empty: the computer's host name
    office_profile: str = "ohio"
    idle_lock_minutes: int = 15  # PCI DSS 8.2.8: re-authenticate after 15 idle minutes
    lockout_threshold: int = 10  # PCI DSS 8.3.4: lock after at most 10 failures ...
    lockout_minutes: int = 30  # ... for at least 30 minutes
    min_password_length: int = 15  # NIST SP 800-63B-4: 15 for single-factor passwords
    argon2_time_cost: int = 3  # argon2-cffi defaults, RFC 9106 "second recommended"
    argon2_memory_kib: int = 65536
    argon2_parallelism: int = 4
    pg_lock_timeout_ms: int = 10_000
    pg_idle_in_transaction_timeout_ms: int = 60_000
    log_level: str = "INFO"
    schema_version: int = SCHEMA_VERSION

    @property
    def workstation(self) -> str:
        return self.workstation_name or socket.gethostname() or "workstation"

    def __post_init__(self) -> None:
        if not 1 <= self.idle_lock_minutes <= 15:
            raise EnvironmentFailure("idle_lock_minutes must be between 1 and 15 (PCI DSS 8.2.8)")
        if not 1 <= self.lockout_threshold <= 10:
            raise EnvironmentFailure("lockout_threshold must be between 1 and 10 (PCI DSS 8.3.4)")
        if self.lockout_minutes < 30:
            raise EnvironmentFailure("lockout_minutes must be at least 30 (PCI DSS 8.3.4)")
        if self.min_password_length < 8:
            raise EnvironmentFailure("min_password_length must be at least 8 (NIST SP 800-63B)")


_FIELD_TYPES = {f.name: f.type for f in fields(Settings)}


def _coerce(name: str, value: Any, source: str) -> Any:
    kind = _FIELD_TYPES[name]
    try:
        if kind in ("int", int):
            if isinstance(value, bool):
                raise ValueError
            return int(value)
        return str(value)
    except (TypeError, ValueError):
        message = f"{source}: {name} must be a whole number, not {value!r}"
        raise EnvironmentFailure(message) from None


def _read_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise EnvironmentFailure(f"cannot read settings file {path}: {exc}") from exc
    unknown = sorted(set(data) - set(_FIELD_TYPES))
    if unknown:
        raise EnvironmentFailure(f"{path}: unknown setting(s) {', '.join(unknown)}")
    return {k: _coerce(k, v, str(path)) for k, v in data.items()}


def _read_env(environ: dict[str, str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name in _FIELD_TYPES:
        key = ENV_PREFIX + name.upper()
        if key in environ and name != "schema_version":
            found[name] = _coerce(name, environ[key], f"environment variable {key}")
    return found


def load(locations: Locations, environ: dict[str, str] | None = None) -> Settings:
    """The settings in force: defaults, then machine file, user file and environment."""
    merged: dict[str, Any] = {}
    merged.update(_read_file(locations.machine_settings_file))
    merged.update(_read_file(locations.user_settings_file))
    merged.update(_read_env(dict(os.environ) if environ is None else environ))
    return replace(Settings(), **merged)


def save_user(locations: Locations, changes: dict[str, Any]) -> None:
    """Write ``changes`` into the user settings file, keeping what it already had."""
    current = _read_file(locations.user_settings_file)
    current.update(changes)
    Settings(**{**asdict(Settings()), **current})  # validate before writing
    locations.config_dir.mkdir(parents=True, exist_ok=True)
    locations.user_settings_file.write_text(tomli_w.dumps(current), encoding="utf-8")
