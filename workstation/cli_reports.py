"""``workstation report NAME --from DAY --to DAY --format pdf|csv``: a lead's report for a
scheduled run (Task Scheduler, cron). Signs in as a person like every command (``--as``), so the
report service checks the role; writes the file and prints its path.

    workstation report production --from 2026-11-01 --to 2026-11-30 --format pdf --as lead
    workstation report backlog --to 2026-11-23 --format csv --out backlog.csv --as lead
    workstation report production --from 2026-11-01 --filter group=clerk --as lead

``--from`` defaults to ``--to``, which defaults to today (the office's date).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from workstation.cli import EXIT_OK, EXIT_USAGE


def register(sub: Any, command: Any) -> None:
    """Add the ``report`` command; ``command`` is cli_commands._cmd (its --as handling)."""
    from workstation.services.reports import CATALOGUE

    names = ", ".join(kind.name for kind in CATALOGUE)
    parser = command(sub, "report", _report,
                     f"write a lead's report as PDF or CSV (reports: {names})", signs_in=True)
    parser.add_argument("name", help=f"which report: {names}")
    parser.add_argument("--from", dest="first", type=_day, metavar="YYYY-MM-DD",
                        help="first office day of the range (default: --to)")
    parser.add_argument("--to", dest="last", type=_day, metavar="YYYY-MM-DD",
                        help="last office day of the range (default: today)")
    parser.add_argument("--format", choices=["pdf", "csv"], default="pdf")
    parser.add_argument("--out", type=Path, metavar="FILE",
                        help="where to write it (default: NAME-FROM-to-TO.pdf here)")
    parser.add_argument("--filter", action="append", default=[], metavar="KEY=VALUE",
                        help="narrow the report, e.g. clerk=senior or group=month (repeatable)")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a day written YYYY-MM-DD") from None


def _report(args: argparse.Namespace) -> int:
    from workstation.cli_commands import _backend, _signed_in
    from workstation.printing.report_csv import file_stem, report_csv
    from workstation.printing.report_pdf import build_report_pdf
    from workstation.services import profile, reports

    filters: dict[str, str] = {}
    for text in args.filter:
        key, sep, value = text.partition("=")
        if not sep or not key.strip():
            print(f"error: --filter {text!r}: write KEY=VALUE, e.g. clerk=senior",
                  file=sys.stderr)
            return EXIT_USAGE
        filters[key.strip()] = value
    backend = _backend()
    office = profile.load(backend.settings.office_profile)
    last = args.last or datetime.now(office.calendar.zone).date()
    first = args.first or last
    actor = _signed_in(backend, args)
    report = reports.run_report(backend.db, office, actor, args.name, first, last, filters)
    data = build_report_pdf(report) if args.format == "pdf" else report_csv(report)
    out: Path = args.out or Path(f"{file_stem(report)}.{args.format}")
    out.write_bytes(data)
    print(f"{report.title}: {len(report.rows)} rows written to {out}")
    return EXIT_OK
