"""The print folder: every paper the program makes (slips, letters, receipts, certificates) is
written there, named for what it is and never overwritten (a second copy gets ``-2``). Written on
the worker; a full or read-only disk is said in words, and the work itself is already saved."""

from __future__ import annotations

from pathlib import Path

from workstation.errors import UserError
from workstation.paths import Locations


def print_dir(locations: Locations) -> Path:
    return locations.data_dir / "print"


def fresh_path(folder: Path, stem: str, suffix: str) -> Path:
    path, n = folder / f"{stem}{suffix}", 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}{suffix}"
    return path


def write_paper(path: Path, data: bytes, what: str, done: str) -> Path:
    """``data`` at ``path``; ``what`` names the paper and ``done`` says what is already saved,
    for the message when the disk refuses."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise UserError(f"The {what} could not be written to {path}: {exc.strerror or exc}. "
                        f"{done}; tell the lead.") from exc
    return path
