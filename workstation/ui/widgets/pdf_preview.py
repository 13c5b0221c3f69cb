"""Print preview inside the program (QtPdf): the PDF a product made, page by page, with Print…
through the operating system's print dialog and Save a copy…

The bytes shown are the bytes the service returned, whose hash it recorded, so what the clerk
sees is what was certified. Printing renders each page at the printer's resolution (capped at
300 dpi: a certificate's seal and QR code need no more, and a 600 dpi page of a full sheet is
an image of 130 MB) and scales it to the printable area, keeping the page's proportions.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize
from PySide6.QtGui import QKeySequence, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation import APP_NAME
from workstation.ui import theme
from workstation.ui.widgets.field_error import FieldError

MAX_PRINT_DPI = 300


class PdfPreview(QDialog):
    """One PDF, shown whole-width and scrolled page after page; Print… and Save a copy…"""

    def __init__(self, pdf: bytes, title: str, file_name: str, parent: QWidget | None = None,
                 *, note: str = ""):
        super().__init__(parent)
        self.setObjectName("pdfPreview")
        self.setWindowTitle(f"{title} — {APP_NAME}")
        self.setWindowIcon(theme.icon("app"))
        self.pdf, self.file_name = pdf, file_name
        self.printed = 0  # times sent to a printer from this preview
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)  # QPdfDocument reads it for as long as it lives
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.note = QLabel(note)
        self.note.setObjectName("previewNote")
        self.note.setWordWrap(True)
        self.note.setVisible(bool(note))
        self.message = FieldError("previewMessage")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button = QPushButton("&Print…")
        self.print_button.setObjectName("printButton")
        self.print_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.print_button.clicked.connect(self.print_with_dialog)
        self.save_button = QPushButton("&Save a copy…")
        self.save_button.setObjectName("saveButton")
        self.save_button.clicked.connect(self.save_with_dialog)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 100, metrics.lineSpacing() * 48)
        self.print_button.setDefault(True)
        self.print_button.setFocus()

    @property
    def pages(self) -> int:
        return self.document.pageCount()

    def print_with_dialog(self) -> None:
        """Print… (Ctrl+P): the operating system's dialog chooses the printer and copies."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.file_name)
        printer.setFromTo(1, self.pages)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(f"Print {self.file_name}")
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Every page (or the range chosen) on ``printer``; the pages sent."""
        first = max(printer.fromPage(), 1) if printer.fromPage() else 1
        last = min(printer.toPage(), self.pages) if printer.toPage() else self.pages
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            self.message.show_message("The printer could not be opened: check that it is on "
                                      "and try again.")
            return 0
        try:
            for number in range(first, last + 1):
                if number > first:
                    printer.newPage()
                self._paint_page(painter, printer, number - 1, dpi)
        finally:
            painter.end()
        self.printed += 1
        return last - first + 1

    def _paint_page(self, painter: QPainter, printer: QPrinter, index: int, dpi: int) -> None:
        points = self.document.pagePointSize(index)
        size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
        image = self.document.render(index, size)
        area = printer.pageLayout().paintRectPixels(printer.resolution())
        scale = min(area.width() / size.width(), area.height() / size.height())
        shown = QSize(round(size.width() * scale), round(size.height() * scale))
        left = (area.width() - shown.width()) // 2  # centred across, from the top
        painter.drawImage(QRect(left, 0, shown.width(), shown.height()), image)

    def save_with_dialog(self) -> None:
        start = str(Path.home() / self.file_name)
        chosen, _ = QFileDialog.getSaveFileName(self, "Save a copy", start, "PDF (*.pdf)")
        if chosen:
            self.save_to(Path(chosen))

    def save_to(self, path: Path) -> bool:
        try:
            path.write_bytes(self.pdf)
        except OSError as exc:  # the clerk picks another folder; nothing else is lost
            self.message.show_message(f"The copy could not be saved to {path}: "
                                      f"{exc.strerror or exc}.")
            return False
        self.message.clear_message()
        return True
