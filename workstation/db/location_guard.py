"""Refuse a SQLite file on a network share or in a synced folder (DESIGN.md section 6).

SQLite's own documentation: file locking over network filesystems "is very buggy and is not
dependable", WAL "does not work over a network filesystem", and sync clients copy half-written
files. One counter's money must not depend on that, so the program refuses and says why.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path, PurePath, PureWindowsPath

NETWORK_FILESYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "afs", "9p", "ceph", "glusterfs",
     "fuse.sshfs", "sshfs", "fuse.rclone", "davfs", "fuse.davfs2", "lustre", "gpfs"}
)
SYNCED_FOLDER_NAMES = ("onedrive", "dropbox", "google drive", "googledrive", "my drive",
                       "icloud drive", "iclouddrive", "box", "box sync", "nextcloud", "owncloud")
_ADVICE = ("Keep the database on this computer's own disk (the default location), or use the "
           "office's PostgreSQL server to share data between workstations.")


def unsafe_reason(path: PurePath, mounts: Iterable[tuple[str, str]] = (),
                  remote_drive: bool = False) -> str | None:
    """Why ``path`` is unsafe for a SQLite database, or None when it is a local disk.

    ``mounts`` are (mount point, filesystem type) pairs (Linux /proc/mounts); ``remote_drive``
    is Windows' verdict on the drive letter (GetDriveTypeW == DRIVE_REMOTE).
    """
    text = str(path)
    if text.startswith(("\\\\", "//")) or PureWindowsPath(text).drive.startswith("\\\\"):
        return f"The database path {text} is on a network share. {_ADVICE}"
    if remote_drive:
        return f"The database path {text} is on a mapped network drive. {_ADVICE}"
    for part in path.parts:
        lowered = part.casefold()
        if lowered in SYNCED_FOLDER_NAMES or lowered.startswith(("onedrive -", "dropbox (")):
            return f"The database path {text} is inside a synced folder ({part}). {_ADVICE}"
    fstype = _filesystem_of(text, mounts)
    if fstype in NETWORK_FILESYSTEMS:
        return f"The database path {text} is on a network filesystem ({fstype}). {_ADVICE}"
    return None


def _filesystem_of(path: str, mounts: Iterable[tuple[str, str]]) -> str | None:
    best, best_type = "", None
    for point, fstype in mounts:
        inside = path == point or path.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_type = point, fstype
    return best_type


def check(path: Path) -> str | None:
    """``unsafe_reason`` for a real path on this computer."""
    as_given = unsafe_reason(path)  # a UNC name must be judged before resolve() rewrites it
    if as_given:
        return as_given
    resolved = path.resolve()
    return unsafe_reason(resolved, _linux_mounts(), _windows_remote(resolved))


def _linux_mounts() -> list[tuple[str, str]]:
    try:
        with open("/proc/mounts", encoding="utf-8") as fh:
            rows = [line.split() for line in fh]
    except OSError:
        return []
    return [(r[1].replace("\\040", " "), r[2]) for r in rows if len(r) >= 3]


def _windows_remote(path: Path) -> bool:
    drive = os.path.splitdrive(str(path))[0]
    if sys.platform == "win32" and drive:
        import ctypes

        drive_remote = 4  # GetDriveTypeW's DRIVE_REMOTE
        return bool(ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == drive_remote)
    return False
