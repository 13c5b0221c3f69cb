"""Printing a certificate from any screen: the release (or a reprint) runs on the worker, its PDF
is kept in the print folder, and the print preview opens on exactly those bytes, whose hash the
service recorded. A specimen (before payment, marked SPECIMEN, not a print) opens the same
preview with printing turned off.

A refusal (not paid yet, a minister licence asked for a second time) goes to the caller's
``refused``, which shows it where the clerk is looking.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from workstation.errors import UserError
from workstation.services import certificate_read, certificates
from workstation.services.certificate_dto import PrintedCertificate
from workstation.ui.desk import Desk
from workstation.ui.print_folder import fresh_path, print_dir, write_paper
from workstation.ui.widgets.pdf_preview import PdfPreview

Refused = Callable[[UserError], None]


def print_certificate(parent: QWidget, desk: Desk, number: str, refused: Refused,
                      then: Callable[[PrintedCertificate], None] | None = None) -> None:
    """Release ``number`` (or print it again) and show the PDF to print."""
    db, found, actor, locations = desk.backend.db, desk.profile, desk.actor, desk.backend.locations

    def work() -> PrintedCertificate:  # on the worker
        printed = certificates.release(db, found, actor, number)
        stem = printed.number + (f"-reprint-{printed.print_number - 1}" if printed.reprint
                                 else "")
        write_paper(fresh_path(print_dir(locations), stem, ".pdf"), printed.pdf,
                    "certificate", f"Certificate {printed.number} is recorded as printed")
        return printed

    def done(printed: PrintedCertificate) -> None:
        note = (f"Reprint {printed.print_number - 1} of {printed.number}: it says REPRINT on "
                "the page." if printed.reprint else
                f"{printed.number} is released: print it and hand it to the customer.")
        show_pdf(parent, printed.pdf, f"Certificate {printed.number}", f"{printed.number}.pdf",
                 note=note)
        if then is not None:
            then(printed)

    desk.tasks.run(work, done, refused, owner=parent)


def preview_specimen(parent: QWidget, desk: Desk, number: str, refused: Refused) -> None:
    """The certificate as it will print, marked SPECIMEN: to check before the customer pays."""
    db, found, actor = desk.backend.db, desk.profile, desk.actor

    def done(pdf: bytes) -> None:
        show_pdf(parent, pdf, f"Specimen of {number}", f"{number}-specimen.pdf",
                 note="A specimen to check the wording: it is not valid and does not print. "
                      "The certificate prints once its fee is paid at the drawer.",
                 printable=False)

    desk.tasks.run(lambda: certificate_read.specimen(db, found, actor, number), done, refused,
                   owner=parent)


def show_pdf(parent: QWidget, pdf: bytes, title: str, file_name: str, *, note: str = "",
             printable: bool = True) -> PdfPreview:
    preview = PdfPreview(pdf, title, file_name, parent, note=note)
    preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    preview.print_button.setVisible(printable)
    preview.open()
    return preview
