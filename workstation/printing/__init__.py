"""ReportLab builders: DTO -> PDF bytes (DESIGN.md section 2).

Each builder takes a frozen DTO from ``workstation.services.intake_dto`` and returns the bytes of
a PDF with its fonts embedded; the same DTO always gives the same bytes. This package imports the
domain, the DTOs, ReportLab and the standard library only: never Qt, never the database.
"""

from workstation.printing.cash_list import build_cash_list
from workstation.printing.control_slip import build_control_slip
from workstation.printing.cover_sheet import build_cover_sheet

__all__ = ["build_cash_list", "build_control_slip", "build_cover_sheet"]
