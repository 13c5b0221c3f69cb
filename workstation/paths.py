"""Every on-disk location the program uses, in one place (qutebrowser's standarddir).

``--home DIR`` or ``WORKSTATION_HOME=DIR`` puts every file the program writes (settings, the
SQLite database, logs, backups) under DIR, so tests, benchmarks and scripts never touch a real
user's files. Without it, platformdirs gives the Windows locations: machine defaults in
ProgramData, user state in LocalAppData.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from workstation import APP_ID

HOME_ENV = "WORKSTATION_HOME"
_APP_AUTHOR = "SecretaryOfState"


@dataclass(frozen=True)
class Locations:
    """Where things live for one run of the program."""

    machine_config_dir: Path
    config_dir: Path
    data_dir: Path
    log_dir: Path
    backup_dir: Path

    @property
    def machine_settings_file(self) -> Path:
        return self.machine_config_dir / "settings.toml"

    @property
    def user_settings_file(self) -> Path:
        return self.config_dir / "settings.toml"

    @property
    def default_database(self) -> Path:
        return self.data_dir / "workstation.sqlite3"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "workstation.log"

    @property
    def faulthandler_file(self) -> Path:
        return self.log_dir / "faulthandler.log"

    def ensure(self) -> None:
        for path in (self.config_dir, self.data_dir, self.log_dir, self.backup_dir):
            path.mkdir(parents=True, exist_ok=True)


def locations(home: str | os.PathLike[str] | None = None) -> Locations:
    """The locations for ``home`` (or ``$WORKSTATION_HOME``), else the platform's standard dirs."""
    chosen = home if home is not None else os.environ.get(HOME_ENV) or None
    if chosen:
        root = Path(chosen).expanduser().resolve()
        return Locations(
            machine_config_dir=root / "machine",
            config_dir=root / "config",
            data_dir=root / "data",
            log_dir=root / "logs",
            backup_dir=root / "backups",
        )
    data = Path(platformdirs.user_data_dir(APP_ID, _APP_AUTHOR))
    return Locations(
        machine_config_dir=Path(platformdirs.site_config_dir(APP_ID, _APP_AUTHOR)),
        config_dir=Path(platformdirs.user_config_dir(APP_ID, _APP_AUTHOR)),
        data_dir=data,
        log_dir=Path(platformdirs.user_log_dir(APP_ID, _APP_AUTHOR)),
        backup_dir=data / "backups",
    )


def resources_dir() -> Path:
    """The read-only data shipped with the program (fee schedules, word lists, icons...)."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "_resources", package.parent / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the resources folder is missing from this installation")
