"""The command line: the GUI by default, and the admin subcommands (each with --help).

Exit codes: 0 done; 1 a check found a problem (audit verify); 2 wrong usage; 3 refused by a rule
or a role (the message says which); 4 the environment is not usable (database, disk, settings).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from workstation import __version__, paths
from workstation import settings as settings_mod
from workstation.errors import EnvironmentFailure, UserError

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, EXIT_REFUSED, EXIT_ENVIRONMENT = 0, 1, 2, 3, 4
EPILOG = ("exit codes: 0 done, 1 a check found a problem, 2 wrong usage, 3 refused by a rule or "
          "role, 4 database/disk/settings not usable")
Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workstation", epilog=EPILOG,
        description="Counter Workstation. Without a command, starts the desktop application.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--home", metavar="DIR",
                        help="keep every file (settings, database, logs, backups) under DIR "
                             "(also WORKSTATION_HOME)")
    parser.add_argument("--db-url", metavar="URL",
                        help="database to use, e.g. postgresql://user@server/db "
                             "(also WORKSTATION_DB_URL; default: the local SQLite file)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    from workstation import cli_commands

    cli_commands.register(sub)
    return parser


def run(argv: Sequence[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv))
    if args.home:
        os.environ[paths.HOME_ENV] = str(Path(args.home).resolve())
    if args.db_url:
        os.environ["WORKSTATION_DB_URL"] = args.db_url
    handler: Handler | None = getattr(args, "handler", None)
    try:
        if handler is None:
            return _gui()
        if args.command not in ("screenshot", "startup-probe"):
            from workstation.logging_setup import setup_logging

            setup_logging(paths.locations())
        return handler(args)
    except UserError as exc:
        print(f"refused: {exc.message}", file=sys.stderr)
        return EXIT_REFUSED
    except EnvironmentFailure as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return EXIT_ENVIRONMENT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_USAGE


def _gui() -> int:
    from workstation import app

    locations = paths.locations()
    return app.main_gui(locations, settings_mod.load(locations))


def read_password(prompt: str, *, env: str = "WORKSTATION_PASSWORD", confirm: bool = False) -> str:
    """From the environment variable ``env`` (scripts) or the terminal; never echoed or logged."""
    from_env = os.environ.get(env)
    if from_env is not None:
        return from_env
    if not sys.stdin.isatty():
        raise UserError(f"No terminal to ask for a password: set {env}.")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Again: ") != first:
        raise UserError("The two passwords differ.", field="password")
    return first
