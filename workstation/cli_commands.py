"""The admin subcommands. Each signs in as a real user (``--as NAME``) so the service layer checks
that user's role, exactly as it does for the GUI; nothing here bypasses the rules."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from workstation import paths
from workstation import settings as settings_mod
from workstation.cli import EXIT_OK, EXIT_PROBLEM, EXIT_REFUSED, EXIT_USAGE, read_password
from workstation.db.backup import POSTGRES_HINT, backup_sqlite
from workstation.errors import UserError
from workstation.services import audit, auth, demo, users
from workstation.services.dto import Actor
from workstation.startup import Backend, open_backend


def register(sub: Any) -> None:
    db = _group(sub, "db", "database upgrade, backup and status")
    _cmd(db, "upgrade", _db_upgrade, "bring the database to this program's schema")
    backup = _cmd(db, "backup", _db_backup, "copy the SQLite database with the online backup API")
    backup.add_argument("path", type=Path, help="the new backup file")
    _cmd(db, "status", _db_status, "show which database is used and its schema revision")
    grant = _cmd(db, "grant-app-role", _db_grant,
                 "PostgreSQL: give the workstations' login role exactly the program's privileges")
    grant.add_argument("role", help="the login role the workstations use (not the table owner)")

    user = _group(sub, "user", "manage user accounts (administrators)")
    add = _cmd(user, "add", _user_add, "create an account (asks for its password)", signs_in=True)
    add.add_argument("username")
    add.add_argument("--name", required=True, help="the person's full name")
    add.add_argument("--role", required=True,
                     choices=["clerk", "senior_clerk", "lead", "supervisor", "admin"])
    _cmd(user, "list", _user_list, "list the accounts", signs_in=True)
    for name, func, text in (("disable", _user_disable, "disable an account"),
                             ("enable", _user_enable, "re-enable a disabled account")):
        cmd = _cmd(user, name, func, text, signs_in=True)
        cmd.add_argument("username")
        cmd.add_argument("--reason", required=name == "disable", default="", help="why")
    reset = _cmd(user, "reset-password", _user_reset, "set a new password and clear a lockout",
                 signs_in=True)
    reset.add_argument("username")

    audit_cmd = _group(sub, "audit", "the audit log")
    _cmd(audit_cmd, "verify", _audit_verify, "check the hash chain; exit 1 if broken",
         signs_in=True)

    certificate = _group(sub, "certificate", "certificates the office issued")
    verify = _cmd(certificate, "verify", _certificate_verify,
                  "look a certificate up by its verification code and show what it stated; "
                  "exit 1 unless it is valid", signs_in=True)
    verify.add_argument("code", help="the verification code printed on it, e.g. 4821-5539-219")
    verify.add_argument("--pdf", type=Path, metavar="FILE",
                        help="also check that FILE is a copy the office printed, byte for byte")
    verify.add_argument("--fact", action="append", default=[], metavar="FIELD=VALUE",
                        help='also check that it states this, e.g. "Entity name=Acme LLC" '
                             "(repeatable)")

    from workstation import cli_reports  # the lead's reports: their own module

    cli_reports.register(sub, _cmd)

    demo_cmd = _cmd(sub, "demo", _demo, "create or refresh demonstration data")
    demo_cmd.add_argument("--size", choices=["small", "large"], default="small")
    shot = _cmd(sub, "screenshot", _screenshot, "render every tab offscreen to PNG files")
    shot.add_argument("outdir", type=Path)
    _cmd(sub, "startup-probe", _startup_probe, argparse.SUPPRESS)


def _group(sub: Any, name: str, text: str) -> Any:
    """A command group ("db", "user"...); on its own it prints its actions and exits 2."""
    parser = sub.add_parser(name, help=text, description=text)

    def usage(_args: argparse.Namespace) -> int:
        parser.print_help()
        return EXIT_USAGE

    parser.set_defaults(handler=usage)
    return parser.add_subparsers(dest=f"{name}_command", metavar="ACTION")


def _cmd(sub: Any, name: str, func: Any, text: str, *, signs_in: bool = False) -> Any:
    kwargs = {} if text is argparse.SUPPRESS else {"help": text, "description": text}
    parser = sub.add_parser(name, **kwargs)
    parser.set_defaults(handler=func)
    if signs_in:
        parser.add_argument("--as", dest="as_user", metavar="NAME",
                            default=os.environ.get("WORKSTATION_USER"),
                            help="sign in as NAME (also WORKSTATION_USER); the password is asked "
                                 "for, or read from WORKSTATION_PASSWORD")
    return parser


def _backend() -> Backend:
    locations = paths.locations()
    return open_backend(locations, settings_mod.load(locations))


def _signed_in(backend: Backend, args: argparse.Namespace) -> Actor:
    if not args.as_user:
        raise UserError("Say who is doing this: --as NAME (an account with the right role).")
    password = read_password(f"Password for {args.as_user}: ")
    return auth.sign_in(backend.db, backend.policy, args.as_user, password)


def _db_upgrade(args: argparse.Namespace) -> int:
    backend = _backend()
    report = backend.migration
    assert report is not None
    if report.changed:
        print(f"upgraded {backend.db.target.describe()} from {report.before or 'empty'} "
              f"to {report.after}")
        if report.backup:
            print(f"backup of the old database: {report.backup}")
    else:
        print(f"{backend.db.target.describe()} is up to date ({report.after})")
    return EXIT_OK


def _db_backup(args: argparse.Namespace) -> int:
    locations = paths.locations()
    from workstation.db.engine import resolve_target

    target = resolve_target(settings_mod.load(locations).db_url, locations.default_database)
    if not target.is_sqlite or target.sqlite_path is None:
        print(POSTGRES_HINT)
        return EXIT_REFUSED
    done = backup_sqlite(target.sqlite_path, args.path.resolve())
    print(f"backed up {target.sqlite_path} to {done} (integrity check: ok)")
    return EXIT_OK


def _db_status(args: argparse.Namespace) -> int:
    backend = _backend()
    report = backend.migration
    print(f"database: {backend.db.target.describe()}")
    print(f"schema:   {report.after if report else 'unknown'}")
    print(f"demo:     {'yes' if demo.demo_database(backend.db) else 'no'}")
    return EXIT_OK


def _db_grant(args: argparse.Namespace) -> int:
    from workstation.db import grants

    backend = _backend()
    with backend.db.engine.begin() as conn:
        done = grants.apply(conn, args.role)
    print("\n".join(done))
    return EXIT_OK


def _user_add(args: argparse.Namespace) -> int:
    backend = _backend()
    actor = _signed_in(backend, args) if args.as_user else None  # None: first-run setup only
    password = read_password(f"New password for {args.username}: ",
                             env="WORKSTATION_NEW_PASSWORD", confirm=True)
    made = users.add_user(backend.db, backend.policy, actor, args.username, args.name, args.role,
                          password)
    print(f"added {made.username} ({made.full_name}, {made.role.label})")
    return EXIT_OK


def _user_list(args: argparse.Namespace) -> int:
    backend = _backend()
    rows = users.list_users(backend.db, _signed_in(backend, args))
    print(f"{'USER':<16} {'ROLE':<14} {'STATE':<9} {'LAST SIGN-IN':<17} NAME")
    for u in rows:
        state = "active" if u.active else "disabled"
        if u.locked_until is not None:
            state = "locked"
        last = u.last_login_at.astimezone().strftime("%Y-%m-%d %H:%M") if u.last_login_at else "-"
        print(f"{u.username:<16} {u.role.label:<14} {state:<9} {last:<17} {u.full_name}")
    return EXIT_OK


def _user_disable(args: argparse.Namespace) -> int:
    backend = _backend()
    done = users.disable_user(backend.db, _signed_in(backend, args), args.username, args.reason)
    print(f"disabled {done.username}")
    return EXIT_OK


def _user_enable(args: argparse.Namespace) -> int:
    backend = _backend()
    done = users.enable_user(backend.db, _signed_in(backend, args), args.username, args.reason)
    print(f"enabled {done.username}")
    return EXIT_OK


def _user_reset(args: argparse.Namespace) -> int:
    backend = _backend()
    actor = _signed_in(backend, args)
    password = read_password(f"New password for {args.username}: ",
                             env="WORKSTATION_NEW_PASSWORD", confirm=True)
    done = users.reset_password(backend.db, backend.policy, actor, args.username, password)
    print(f"new password set for {done.username}; any lockout is cleared")
    return EXIT_OK


def _audit_verify(args: argparse.Namespace) -> int:
    backend = _backend()
    report = audit.verify(backend.db, _signed_in(backend, args))
    if report.ok:
        print(f"audit chain intact: {report.checked} records, head {report.head_seq} "
              f"{report.head_hash}")
        return EXIT_OK
    print(f"AUDIT CHAIN BROKEN at record {report.broken_at}: {report.problem} "
          f"({report.checked} records read)")
    return EXIT_PROBLEM


def _certificate_verify(args: argparse.Namespace) -> int:
    """Exit 0 valid; 1 not issued, different facts or an altered file; 2 a code that cannot be
    one (checked before asking for a password) or an unreadable file or fact."""
    from workstation.domain.verification_code import VerificationCodeError, parse_code
    from workstation.services import certificates, profile

    try:
        parse_code(args.code)
        facts = dict(_fact(text) for text in args.fact)
        pdf = args.pdf.read_bytes() if args.pdf else None
    except (VerificationCodeError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    backend = _backend()
    actor = _signed_in(backend, args)
    found = certificates.verify(backend.db, profile.load(backend.settings.office_profile),
                                actor, args.code, facts=facts or None, pdf=pdf)
    print(f"{found.outcome.upper().replace('_', ' ')}: {found.message}")
    for fact in found.facts:
        print(f"  {fact.label + ':':<34} {fact.value}")
    for difference in found.differences:
        print(f"  differs: {difference}")
    return EXIT_OK if found.valid else EXIT_PROBLEM


def _fact(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise ValueError(f"--fact {text!r}: write FIELD=VALUE, e.g. \"Entity name=Acme LLC\"")
    return name.strip(), value.strip()


def _demo(args: argparse.Namespace) -> int:
    backend = _backend()
    roster = demo.refresh(backend.db, backend.policy, args.size)
    counts = demo.build_registry(backend.db, args.size, progress=_progress_bar)
    print(f"demo data ready in {backend.db.target.describe()} ({len(roster)} users)")
    if counts:
        print("register: " + ", ".join(f"{n:,} {table}" for table, n in counts.items()))
    for person in demo.DEMO_USERS:
        print(f"  {person.username:<11} {person.role.label:<14} password: {person.password}")
    return EXIT_OK


def _progress_bar(stage: str, done: int, total: int) -> None:
    """A one-line progress bar on stderr (the terminal's, so scripts' stdout stays clean)."""
    width = 30
    filled = width * done // max(total, 1)
    end = "\n" if done >= total else ""
    print(f"\r{stage:<15} [{'#' * filled}{'.' * (width - filled)}] {done:>11,} / {total:,}",
          end=end, file=sys.stderr, flush=True)


def _screenshot(args: argparse.Namespace) -> int:
    from workstation import app

    locations = paths.locations()
    written = app.screenshot(locations, settings_mod.load(locations), args.outdir.resolve())
    for path in written:
        print(path)
    return EXIT_OK


def _startup_probe(args: argparse.Namespace) -> int:
    from workstation import app

    locations = paths.locations()
    return app.startup_probe(locations, settings_mod.load(locations))
