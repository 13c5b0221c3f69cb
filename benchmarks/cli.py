"""The command line of ``python -m benchmarks``.

Exit codes: 0 every selected row measured; 1 a row failed (the others still ran); 2 wrong usage
(an unknown ``--only`` prefix, a bad option).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence

from benchmarks.core import SIZES, BenchmarkError, Context, Options, discover, log, private_home
from benchmarks.core import row as make_row
from benchmarks.core import select as select_rows

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Time the program's hot paths against the raw work they wrap. One JSON line "
                    "per row on stdout; progress on stderr.",
        epilog="exit codes: 0 all rows measured, 1 a row failed, 2 wrong usage")
    parser.add_argument("--only", metavar="PREFIX", action="append",
                        help="run only the rows whose name starts with PREFIX (repeatable)")
    parser.add_argument("--size", choices=SIZES, default="small",
                        help="data size: small (quick) or large (default: %(default)s)")
    parser.add_argument("--db-url", metavar="URL",
                        help="a SCRATCH database to run on (rows write to it); default: a "
                             "SQLite file in a temporary home")
    parser.add_argument("--runs", metavar="N", type=_positive,
                        help="timed samples per row (default: each row's own, e.g. 10 start-ups)")
    parser.add_argument("--visible", action="store_true",
                        help="start-up rows use the real screen instead of Qt's offscreen platform")
    parser.add_argument("--register", metavar="HOME",
                        help="registry rows: use the demo register already built in HOME "
                             "(workstation --home HOME demo --size large) instead of building one")
    parser.add_argument("--list", action="store_true", help="print the row names and exit")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    registry = discover()
    if args.list:
        for name in registry:
            print(name)
        return EXIT_OK
    names = select_rows(registry, args.only)
    if not names:
        parser.print_usage()
        print(f"{parser.prog}: error: no benchmark starts with "
              f"{' or '.join(repr(p) for p in args.only)}; known: {', '.join(registry)}",
              file=sys.stderr)
        return EXIT_USAGE
    options = Options(size=args.size, db_url=args.db_url, runs=args.runs, visible=args.visible,
                      register=args.register)
    failed = []
    for name in names:
        log(f"{name}: running ({options.size})")
        started = time.perf_counter()
        try:
            with private_home(options) as home:
                measured = registry[name](Context(options, home))
            line = make_row(name, measured)
        except BenchmarkError as exc:
            log(f"{name}: FAILED: {exc}")
            failed.append(name)
            continue
        except Exception as exc:  # one broken row must not hide the others' numbers
            log(f"{name}: FAILED: {type(exc).__name__}: {exc}")
            failed.append(name)
            continue
        notes = "".join(f", {k}={v}" for k, v in measured.notes.items())
        log(f"{name}: done in {time.perf_counter() - started:.1f} s{notes}")
        print(json.dumps(line), flush=True)
    if failed:
        log(f"failed: {', '.join(failed)}")
        return EXIT_FAILED
    return EXIT_OK
