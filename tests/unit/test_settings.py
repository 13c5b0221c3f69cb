"""Settings layering: defaults < machine file < user file < environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from workstation import paths, settings
from workstation.errors import EnvironmentFailure


@pytest.fixture
def loc(tmp_path: Path) -> paths.Locations:
    return paths.locations(tmp_path)


def test_defaults(loc: paths.Locations) -> None:
    s = settings.load(loc, {})
    assert s.idle_lock_minutes == 15 and s.lockout_threshold == 10 and s.lockout_minutes == 30


def test_layers(loc: paths.Locations) -> None:
    loc.machine_config_dir.mkdir(parents=True)
    loc.machine_settings_file.write_text('idle_lock_minutes = 10\nworkstation_name = "M"\n')
    settings.save_user(loc, {"idle_lock_minutes": 5})
    s = settings.load(loc, {"WORKSTATION_WORKSTATION_NAME": "ENV-WS"})
    assert (s.idle_lock_minutes, s.workstation) == (5, "ENV-WS")


def test_unknown_key_is_named(loc: paths.Locations) -> None:
    loc.config_dir.mkdir(parents=True)
    loc.user_settings_file.write_text("idle_lock_minuts = 3\n")
    with pytest.raises(EnvironmentFailure, match="idle_lock_minuts"):
        settings.load(loc, {})


@pytest.mark.parametrize(("key", "value"), [("idle_lock_minutes", "30"),
                                            ("lockout_threshold", "50"),
                                            ("lockout_minutes", "5"),
                                            ("idle_lock_minutes", "ten")])
def test_security_numbers_cannot_be_loosened(loc: paths.Locations, key: str, value: str) -> None:
    with pytest.raises(EnvironmentFailure, match=key):
        settings.load(loc, {f"WORKSTATION_{key.upper()}": value})


def test_home_puts_everything_under_one_dir(tmp_path: Path) -> None:
    loc = paths.locations(tmp_path / "h")
    for p in (loc.machine_settings_file, loc.user_settings_file, loc.default_database,
              loc.log_file, loc.backup_dir):
        assert str(p).startswith(str(tmp_path / "h"))


def test_resources_are_found() -> None:
    assert (paths.resources_dir() / "permissions.toml").is_file()
