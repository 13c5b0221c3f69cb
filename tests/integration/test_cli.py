"""The admin commands as an administrator would type them: help, exit codes, clear errors."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ADMIN_PW = "first admin passphrase"


def ws(home: Path, *args: str, password: str | None = None, new_password: str | None = None,
       db_url: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSTATION_")}
    env.update(WORKSTATION_HOME=str(home), WORKSTATION_ARGON2_TIME_COST="1",
               WORKSTATION_ARGON2_MEMORY_KIB="1024", WORKSTATION_ARGON2_PARALLELISM="1")
    if password is not None:
        env["WORKSTATION_PASSWORD"] = password
    if new_password is not None:
        env["WORKSTATION_NEW_PASSWORD"] = new_password
    if db_url is not None:
        env["WORKSTATION_DB_URL"] = db_url
    return subprocess.run([sys.executable, "-m", "workstation", *args], capture_output=True,
                          text=True, env=env, timeout=120, stdin=subprocess.DEVNULL,
                          check=False)


@pytest.mark.parametrize("command", [[], ["db"], ["db", "upgrade"], ["db", "backup"],
                                     ["user"], ["user", "add"], ["user", "list"],
                                     ["user", "disable"], ["user", "reset-password"],
                                     ["audit", "verify"], ["demo"], ["screenshot"]])
def test_every_command_has_help(tmp_path: Path, command: list[str]) -> None:
    done = ws(tmp_path, *command, "--help")
    assert done.returncode == 0 and "usage: workstation" in done.stdout


def test_group_without_action_is_a_usage_error(tmp_path: Path) -> None:
    done = ws(tmp_path, "user")
    assert done.returncode == 2 and "reset-password" in done.stdout


def test_first_run_setup_then_admin_work(tmp_path: Path) -> None:
    assert ws(tmp_path, "db", "upgrade").returncode == 0
    made = ws(tmp_path, "user", "add", "root.admin", "--name", "Root Admin", "--role", "admin",
              new_password=ADMIN_PW)
    assert made.returncode == 0, made.stderr
    clerk = ws(tmp_path, "user", "add", "new.clerk", "--name", "New Clerk", "--role", "clerk",
               "--as", "root.admin", password=ADMIN_PW, new_password="counter clerk passphrase")
    assert clerk.returncode == 0, clerk.stderr
    listed = ws(tmp_path, "user", "list", "--as", "root.admin", password=ADMIN_PW)
    assert "new.clerk" in listed.stdout and "Clerk" in listed.stdout
    refused = ws(tmp_path, "user", "list", "--as", "new.clerk",
                 password="counter clerk passphrase")
    assert refused.returncode == 3 and "may not" in refused.stderr
    verify = ws(tmp_path, "audit", "verify", "--as", "root.admin", password=ADMIN_PW)
    assert verify.returncode == 0 and "intact" in verify.stdout


def test_weak_password_refused_with_reason(tmp_path: Path) -> None:
    done = ws(tmp_path, "user", "add", "root", "--name", "R", "--role", "admin",
              new_password="password")
    assert done.returncode == 3 and "at least 15 characters" in done.stderr


def test_no_terminal_and_no_password(tmp_path: Path) -> None:
    done = ws(tmp_path, "user", "list", "--as", "someone")
    assert done.returncode == 3 and "WORKSTATION_PASSWORD" in done.stderr


def test_audit_verify_reports_tampering_with_exit_1(tmp_path: Path) -> None:
    assert ws(tmp_path, "demo").returncode == 0
    db = tmp_path / "data" / "workstation.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TRIGGER trg_audit_log_no_update")
        conn.execute("UPDATE audit_log SET actor = 'nobody' WHERE seq = 1")
    done = ws(tmp_path, "audit", "verify", "--as", "admin", password="system admin demo")
    assert done.returncode == 1 and "BROKEN at record 1" in done.stdout


def test_demo_prints_users_and_refuses_a_real_database(tmp_path: Path) -> None:
    ws(tmp_path, "user", "add", "root", "--name", "R", "--role", "admin", new_password=ADMIN_PW)
    refused = ws(tmp_path, "demo")
    assert refused.returncode == 3 and "not a demo database" in refused.stderr
    fresh = ws(tmp_path / "other", "demo", "--size", "small")
    assert fresh.returncode == 0 and "system admin demo" in fresh.stdout


def test_backup(tmp_path: Path) -> None:
    ws(tmp_path, "demo")
    target = tmp_path / "copies" / "b.sqlite3"
    done = ws(tmp_path, "db", "backup", str(target))
    assert done.returncode == 0 and "integrity check: ok" in done.stdout
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT count(*) FROM users").fetchone()[0] == 5
    again = ws(tmp_path, "db", "backup", str(target))
    assert again.returncode == 4 and "already exists" in again.stderr


def test_backup_on_postgres_gives_the_pg_dump_hint(tmp_path: Path) -> None:
    done = ws(tmp_path, "db", "backup", "x.dump", db_url="postgresql://u@server/db")
    assert done.returncode == 3 and "pg_dump" in done.stdout


def test_unsafe_database_location_exit_4(tmp_path: Path) -> None:
    done = ws(tmp_path, "db", "upgrade", db_url=r"sqlite:///\\fileserver\share\ws.sqlite3")
    assert done.returncode == 4 and "network share" in done.stderr
