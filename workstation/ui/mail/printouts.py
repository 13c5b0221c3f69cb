"""The PDFs Mail Sort writes: a control slip per envelope, a cover sheet per batch and the tray's
cash list (again once the verifier has signed it off). Built and written on the worker
(ReportLab takes a moment); a print preview comes in a later issue."""

from __future__ import annotations

from pathlib import Path

from workstation.paths import Locations
from workstation.printing import build_cash_list, build_control_slip, build_cover_sheet
from workstation.services.intake_dto import BatchCover, CashList, EnvelopeSlip
from workstation.ui.print_folder import print_dir, write_paper


def write_slip(locations: Locations, slip: EnvelopeSlip) -> Path:
    return write_paper(print_dir(locations) / f"slip-{slip.control_number}.pdf",
                  build_control_slip(slip), "control slip", "The envelope is saved")


def write_cover(locations: Locations, cover: BatchCover) -> Path:
    return write_paper(print_dir(locations) / f"cover-{cover.batch_number}.pdf",
                  build_cover_sheet(cover), "cover sheet", "The batch is unchanged")


def write_cash_list(locations: Locations, cash: CashList, *, verified: bool = False) -> Path:
    suffix = "-verified" if verified else ""
    done = "The sign-off is recorded" if verified else "The tray is closed"
    return write_paper(print_dir(locations) / f"cash-list-{cash.session_number}{suffix}.pdf",
                  build_cash_list(cash), "cash list", done)
