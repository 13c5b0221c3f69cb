"""The teller's papers, built and written on the worker into the print folder: a receipt when it
posts (full page), a reprint marked REPRINT (full page and the narrow 80 mm one), and the close of
day's drawer slips, office summary, deposit slip and finance export. Files are named for what
they are (receipt number, drawer and date, deposit number) and never overwritten: a second
reprint gets ``-2``."""

from __future__ import annotations

from pathlib import Path

from workstation.paths import Locations
from workstation.printing.finance_export import finance_csv
from workstation.printing.teller_day_pdf import build_day_summary_pdf
from workstation.printing.teller_receipt import build_receipt_narrow_pdf, build_receipt_pdf
from workstation.printing.teller_slips import build_deposit_slip_pdf, build_drawer_slip_pdf
from workstation.services.profile import Profile
from workstation.services.teller_day import DayClosed
from workstation.services.teller_dto import ReceiptView
from workstation.services.teller_papers import receipt_print
from workstation.ui.print_folder import fresh_path, print_dir, write_paper


def write_receipt(locations: Locations, profile: Profile, view: ReceiptView, *,
                  reprint: bool = False) -> list[Path]:
    """The receipt's PDF; a reprint is marked so, and comes in the narrow 80 mm size too."""
    zone, folder = profile.calendar.zone, print_dir(locations)
    printed = receipt_print(profile, view, reprint=reprint)
    stem = f"receipt-{view.number}{'-reprint' if reprint else ''}"
    done = "The receipt is posted" if not reprint else "Nothing is changed"
    paths = [write_paper(fresh_path(folder, stem, ".pdf"), build_receipt_pdf(printed, zone=zone),
                    "receipt", done)]
    if reprint:
        paths.append(write_paper(fresh_path(folder, f"{stem}-80mm", ".pdf"),
                            build_receipt_narrow_pdf(printed, zone=zone), "receipt", done))
    return paths


def write_day(locations: Locations, profile: Profile, closed: DayClosed) -> list[Path]:
    """Every drawer's slip, the office summary, the deposit slip and the finance export."""
    zone, folder = profile.calendar.zone, print_dir(locations)
    summary, day = closed.summary, closed.summary.business_date.isoformat()
    done = f"The day {day} is closed"
    paths = [write_paper(fresh_path(folder, f"drawer-slip-{slip.drawer}-{day}", ".pdf"),
                    build_drawer_slip_pdf(slip, zone=zone), "drawer slip", done)
             for slip in closed.slips]
    paths.append(write_paper(fresh_path(folder, f"day-summary-{day}", ".pdf"),
                        build_day_summary_pdf(summary, zone=zone), "day summary", done))
    paths.append(write_paper(fresh_path(folder, f"deposit-{summary.deposit.number}", ".pdf"),
                        build_deposit_slip_pdf(summary.deposit, zone=zone), "deposit slip",
                        done))
    paths.append(write_paper(fresh_path(folder, f"finance-{day}", ".csv"),
                        finance_csv(closed.finance), "finance export", done))
    return paths
