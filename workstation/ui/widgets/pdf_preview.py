"""Print preview inside the program (QtPdf): the PDF a product made, page by page, with Print…
through the operating system's print dialog and Save a copy…

The bytes shown are the bytes the service returned, whose hash it recorded, so what the clerk
sees is what was certified. Pages are drawn here, on the GUI thread, as images fitted to the
window's width (``QPdfDocument.render``), not by ``QPdfView``: that view renders on a thread of
its own, and a preview closed while a page was still being drawn could be deleted under it.

Printing renders each page at the printer's resolution (capped at
300 dpi: a certificate's seal and QR code need no more, and a 600 dpi page of a full sheet is
an image of 130 MB) and scales it to the printable area, keeping the page's proportions.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt, QTimer
from PySide6.QtGui import (
    QImage,
    QKeySequence,
    QPainter,
    QPalette,
    QPixmap,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from workstation import APP_NAME
from workstation.ui import theme
from workstation.ui.widgets.field_error import FieldError
from workstation.ui.widgets.save_file import choose_path, write_chosen

MAX_PRINT_DPI = 300
FIT_PAUSE_MS = 120  # a resize redraws the pages once it pauses this long
MIN_PAGE_WIDTH = 200


def on_paper(page: QImage) -> QImage:
    """The rendered page (transparent where nothing is printed) on white, as on paper."""
    paper = QImage(page.size(), QImage.Format.Format_RGB32)
    paper.fill(Qt.GlobalColor.white)
    painter = QPainter(paper)
    painter.drawImage(0, 0, page)
    painter.end()
    return paper


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
        self.view = self._page_view()
        self._fit = QTimer(self, singleShot=True, interval=FIT_PAUSE_MS)
        self._fit.timeout.connect(self.draw_pages)
        self.drawn_width = 0
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

    def _page_view(self) -> QScrollArea:
        """A scrolled column of one label per page; ``draw_pages`` puts the images in."""
        view = QScrollArea(self)
        view.setObjectName("pdfView")
        view.setWidgetResizable(True)
        view.setBackgroundRole(QPalette.ColorRole.Dark)
        self.page_labels: list[QLabel] = []
        pages = QWidget()
        column = QVBoxLayout(pages)
        column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        for _ in range(self.document.pageCount()):
            label = QLabel()
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.page_labels.append(label)
            column.addWidget(label)
        view.setWidget(pages)
        return view

    @property
    def pages(self) -> int:
        return self.document.pageCount()

    def draw_pages(self) -> None:
        """Every page as an image as wide as the view (less its scroll bar and margins)."""
        width = max(self.view.viewport().width() - 24, MIN_PAGE_WIDTH)
        if width == self.drawn_width:
            return
        self.drawn_width = width
        for index, label in enumerate(self.page_labels):
            points = self.document.pagePointSize(index)
            height = round(points.height() * width / max(points.width(), 1))
            label.setPixmap(QPixmap.fromImage(on_paper(self.document.render(
                index, QSize(width, height)))))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.draw_pages()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit.start()  # drawn again once the resizing pauses

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
        chosen = choose_path(self, "Save a copy", self.file_name, "PDF (*.pdf)")
        if chosen is not None:
            self.save_to(chosen)

    def save_to(self, path: Path) -> bool:
        return write_chosen(path, self.pdf, "copy", self.message)
