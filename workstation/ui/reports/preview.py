"""Print… of anything shown as a ``Report`` (a report, the calendar's agenda): the PDF is laid
out on the worker (a year's table runs to pages), then shown in the print preview."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from workstation.errors import UserError
from workstation.printing.report_csv import file_stem
from workstation.printing.report_pdf import build_report_pdf
from workstation.services.report_dto import Report
from workstation.ui.desk import Desk
from workstation.ui.widgets.pdf_preview import PdfPreview


def print_report(owner: QWidget, desk: Desk, report: Report,
                 refused: Callable[[UserError], None]) -> None:
    desk.tasks.run(lambda: build_report_pdf(report), lambda pdf: _preview(owner, report, pdf),
                   refused, owner=owner)


def _preview(owner: QWidget, report: Report, pdf: bytes) -> None:
    preview = PdfPreview(pdf, report.title, f"{file_stem(report)}.pdf", owner)
    preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    preview.open()
