"""Open the database the settings point at, migrated and ready (shared by GUI and CLI; no Qt)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from workstation.db import migrate
from workstation.db.engine import make_engine, resolve_target
from workstation.db.uow import Database
from workstation.paths import Locations
from workstation.services.auth import SecurityPolicy
from workstation.settings import Settings

log = logging.getLogger("workstation.startup")


@dataclass
class Backend:
    """Everything the screens and commands need: the database, the policy, the settings."""

    db: Database
    policy: SecurityPolicy
    settings: Settings
    locations: Locations
    migration: migrate.MigrationReport | None = None

    def close(self) -> None:
        self.db.dispose()


def open_backend(locations: Locations, settings: Settings, *, upgrade: bool = True) -> Backend:
    """Connect, refuse an unsafe or newer database, and migrate it to this program's schema."""
    locations.ensure()
    target = resolve_target(settings.db_url, locations.default_database)
    engine = make_engine(
        target,
        lock_timeout_ms=settings.pg_lock_timeout_ms,
        idle_in_transaction_timeout_ms=settings.pg_idle_in_transaction_timeout_ms,
    )
    report = migrate.upgrade(engine, target, locations.backup_dir) if upgrade else None
    db = Database.open(engine, target, settings.workstation)
    log.info("opened %s", target.describe())
    return Backend(db, SecurityPolicy.from_settings(settings), settings, locations, report)
