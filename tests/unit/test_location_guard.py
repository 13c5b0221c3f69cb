"""A SQLite file on a network share or synced folder is refused (DESIGN.md section 6)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from workstation.db import location_guard
from workstation.db.engine import make_engine, resolve_target
from workstation.errors import EnvironmentFailure


@pytest.mark.parametrize("path", [
    PureWindowsPath(r"\\fileserver\counter\workstation.sqlite3"),
    PureWindowsPath(r"C:\Users\clerk\OneDrive - State of Ohio\ws.sqlite3"),
    PureWindowsPath(r"C:\Users\clerk\Dropbox\ws.sqlite3"),
    PurePosixPath("/home/clerk/Google Drive/ws.sqlite3"),
])
def test_refused_paths(path: PureWindowsPath) -> None:
    assert location_guard.unsafe_reason(path) is not None


def test_mapped_drive_refused() -> None:
    reason = location_guard.unsafe_reason(PureWindowsPath(r"S:\ws.sqlite3"), remote_drive=True)
    assert reason is not None and "mapped network drive" in reason


def test_network_filesystem_by_mount() -> None:
    mounts = [("/", "ext4"), ("/mnt/share", "cifs")]
    assert "cifs" in (location_guard.unsafe_reason(PurePosixPath("/mnt/share/a.db"), mounts) or "")
    assert location_guard.unsafe_reason(PurePosixPath("/mnt/shared/a.db"), mounts) is None


def test_local_disk_is_fine(tmp_path: Path) -> None:
    assert location_guard.check(tmp_path / "ws.sqlite3") is None


def test_engine_refuses_with_clear_message() -> None:
    target = resolve_target(r"sqlite:///\\fileserver\share\ws.sqlite3", Path("unused"))
    with pytest.raises(EnvironmentFailure, match="network share"):
        make_engine(target)
