#!/usr/bin/env python3
"""Bootstrap for people and CI: makes .venv, installs the program, then runs it.

    python3 dev.py demo    # the workstation on a freshly made demo database
    python3 dev.py test    # the whole check: ruff, mypy, import contracts, pytest

Only the standard library is used here, so it runs on a bare Python 3.11+ (Windows too).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"


def _fingerprint() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_venv() -> None:
    """Create .venv and install the program with its test tools, once per pyproject change."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this file runs on whatever python3 is
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    if not PY.exists():
        print("creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    if STAMP.exists() and STAMP.read_text() == _fingerprint():
        return
    print("installing Counter Workstation and its test tools into .venv ...", flush=True)
    pip = [str(PY), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "install", "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(_fingerprint())


def run(*args: str, env: dict[str, str] | None = None) -> int:
    return subprocess.run([str(PY), *args], cwd=ROOT, env=env, check=False).returncode


def demo(extra: list[str]) -> int:
    """A fresh demo database in a private home, then the GUI on it."""
    home = Path(os.environ.get("WORKSTATION_HOME") or Path(tempfile.gettempdir()) / "counter-demo")
    if home.exists() and "--keep" not in extra:
        shutil.rmtree(home)
    env = {**os.environ, "WORKSTATION_HOME": str(home)}
    code = run("-m", "workstation", "demo", env=env)
    return code or run("-m", "workstation", *[a for a in extra if a != "--keep"], env=env)


def test(extra: list[str]) -> int:
    """The same checks as CI: lint, types, layer contracts, then every test."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    steps = [
        ["-m", "ruff", "check", "workstation", "tests", "benchmarks", "dev.py"],
        ["-m", "mypy"],
        ["-c", "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())"],
        ["-m", "pytest", *extra],
    ]
    for step in steps:
        print("==>", " ".join(step[1:]), flush=True)
        code = run(*step, env=env)
        if code:
            return code
    return 0


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("demo", "test"):
        print(__doc__)
        return 2
    ensure_venv()
    command, extra = sys.argv[1], sys.argv[2:]
    return demo(extra) if command == "demo" else test(extra)


if __name__ == "__main__":
    sys.exit(main())
