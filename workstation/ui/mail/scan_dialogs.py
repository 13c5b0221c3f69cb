"""What a scanned slip or cover sheet shows: the envelope (control number, customer, outcome,
its money and documents and their batches) or the batch (class, due time, items), each with a
button that writes its PDF again."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import tzinfo
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation import APP_NAME
from workstation.domain.money import format_cents
from workstation.errors import UserError
from workstation.printing.common import instrument_label, level_label, service_type_label
from workstation.services.intake_dto import BatchCover, EnvelopeSlip
from workstation.ui import theme
from workstation.ui.mail.balance_panel import outcome_words, received_text
from workstation.ui.mail.batches import local_time
from workstation.ui.mail.session_bar import plural
from workstation.ui.mail.void_line import LineList, Voiding, VoidLineDialog
from workstation.ui.tasks import TaskRunner
from workstation.ui.widgets.field_error import FieldError

SHOWN_ROWS = 8  # a batch's items without scrolling; more scroll
Writer = Callable[[], Path]  # runs on the worker: builds and writes the PDF, returns its path
SlipWriter = Callable[[EnvelopeSlip], Path]  # the same, for the envelope's slip as now shown


def speed(requested: str, service: str) -> str:
    """``Expedite 2``, or ``Regular (Expedite 1 asked, its fee not enclosed)``."""
    if requested == service:
        return level_label(service)
    return f"{level_label(service)} ({level_label(requested)} asked)"


def _label(text: str, name: str = "") -> QLabel:
    label = QLabel(text)
    if name:
        label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ScanDialog(QDialog):
    """A big number, facts under it, and Print / Close. Not modal: the form stays usable."""

    def __init__(self, tasks: TaskRunner, title: str, number: str, print_text: str,
                 writer: Writer, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"{title} {number} — {APP_NAME}")
        self.tasks, self.writer = tasks, writer
        self.path: Path | None = None  # the PDF written last
        self.number = _label(number, "scannedNumber")
        self.number.setWordWrap(False)  # one word; wrapping would only unsettle the height
        big = self.number.font()
        big.setPointSizeF(big.pointSizeF() * 2.2)
        big.setBold(True)
        self.number.setFont(big)
        self.facts = QFormLayout()
        self.facts.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.path_label = _label("", "printedPath")
        self.path_label.setStyleSheet(f"color: {theme.MUTED_TEXT};")
        self.path_label.hide()
        self.error = FieldError("printError")
        self.print_button = QPushButton(print_text)
        self.print_button.setObjectName("print")
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.print_pdf)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.number)
        self.body.addLayout(self.facts)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 100)
        self.buttons = buttons

    def finish(self) -> None:
        """After the subclass added its facts: the printed path, the error, the buttons."""
        self.body.addWidget(self.path_label)
        self.body.addWidget(self.error)
        self.body.addWidget(self.buttons)
        self.print_button.setFocus()
        self.fit_height()

    def fit_height(self) -> None:
        """As tall as the wrapped facts need (a window does not follow its layout's
        height-for-width by itself), so no gap opens round the number."""
        self.body.activate()
        width = self.width() if self.isVisible() else max(self.minimumWidth(),
                                                          self.sizeHint().width())
        self.resize(width, max(self.body.heightForWidth(width),
                               self.minimumSizeHint().height()))

    def fact(self, heading: str, text: str, name: str = "") -> QLabel:
        label = _label(text, name)
        self.facts.addRow(f"{heading}:", label)
        return label

    def print_pdf(self) -> None:
        self.error.clear_message()
        self.print_button.setEnabled(False)
        self.tasks.run(self.writer, self._written, self._refused,
                       on_finally=lambda: self.print_button.setEnabled(True), owner=self)

    def _written(self, path: Path) -> None:
        self.path = path
        self.path_label.setText(f"Written to {path}")
        self.path_label.show()
        self.fit_height()

    def _refused(self, error: UserError) -> None:
        self.error.show_message(error.message)
        self.fit_height()


class EnvelopeDialog(ScanDialog):
    """The envelope; with ``voiding``, each money or document line has Void… (a reason, and
    a lead's approval for money); after a void the slip is read again and shown."""

    def __init__(self, tasks: TaskRunner, slip: EnvelopeSlip, exceptions: dict[str, str],
                 writer: SlipWriter, zone: tzinfo | None = None,
                 parent: QWidget | None = None, voiding: Voiding | None = None):
        super().__init__(tasks, "Envelope", slip.control_number, "&Print slip",
                         lambda: writer(self.slip), parent)
        self.setObjectName("envelopeDialog")
        self.slip, self.voiding = slip, voiding
        self.void_dialog: VoidLineDialog | None = None
        self.fact("Customer", slip.customer, "scannedCustomer")
        self.fact("Received", f"{received_text(slip.received_at.astimezone(zone))} · tray "
                              f"{slip.session_number}")
        note = f" — {slip.outcome_note}" if slip.outcome_note else ""
        self.outcome = self.fact("Outcome", f"{outcome_words(slip.outcome)}{note}",
                                 "scannedOutcome")
        if slip.exceptions:
            self.fact("Exceptions", ", ".join(exceptions.get(c, c) for c in slip.exceptions))
        self.money = LineList("remittance", "scannedMoney", voiding is not None)
        self.facts.addRow("Money:", self.money)
        self.documents = LineList("document", "scannedDocuments", voiding is not None)
        if slip.correspondence_only:
            self.fact("Documents", "Correspondence only: nothing to file")
        else:
            self.facts.addRow("Documents:", self.documents)
        for lines in (self.money, self.documents):
            lines.void_requested.connect(self.void)
        self.show_lines()
        self.finish()

    def show_lines(self) -> None:
        slip = self.slip
        self.money.set_lines([(r.id, f"{instrument_label(r.instrument)} "
                                     f"{r.check_number or ''} · {r.payer} · "
                                     f"{format_cents(r.amount_cents)}", r.voided)
                              for r in slip.remittances], "none enclosed")
        self.documents.set_lines([(d.id, f"{d.type_label} · {plural(d.pages, 'page')} · "
                                         f"{speed(d.requested_level, d.service_level)} · "
                                         f"batch {d.batch_number or '—'}", d.voided)
                                  for d in slip.documents], "none")

    def void(self, kind: str, line_id: int, text: str) -> None:
        """Void… on a line: the reason (and a lead's approval) in a dialog of its own."""
        if self.voiding is None:
            return
        dialog = self.void_dialog = VoidLineDialog(self.tasks, self.voiding,
                                                   self.slip.control_number, kind, line_id,
                                                   text, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.voided.connect(self.reload)
        dialog.finished.connect(lambda _r: setattr(self, "void_dialog", None))
        dialog.open()

    def reload(self, slip: EnvelopeSlip) -> None:
        self.slip = slip
        self.show_lines()
        self.fit_height()


class BatchDialog(ScanDialog):
    HEADINGS = ("Control no.", "Document", "Entity", "Pages", "Fee")

    def __init__(self, tasks: TaskRunner, cover: BatchCover, writer: Writer,
                 zone: tzinfo | None = None, parent: QWidget | None = None):
        super().__init__(tasks, "Batch", cover.batch_number, "Print cover s&heet", writer,
                         parent)
        self.setObjectName("batchDialog")
        self.cover = cover
        urgent = cover.service_level != "regular"
        self.fact("Class", f"{service_type_label(cover.service_type)} · "
                           f"{level_label(cover.service_level)} · level {cover.work_level}")
        if urgent:
            due = local_time(cover.due_at, zone) if cover.due_at else ""
            service = self.fact("Service", f"EXPEDITE — due {due}" if due else "EXPEDITE",
                                "scannedService")
            service.setStyleSheet(f"color: {theme.URGENT_TEXT}; font-weight: bold;")
            why = self.fact("Due because", cover.due_explanation)
            why.setStyleSheet(f"color: {theme.MUTED_TEXT};")
        else:
            self.fact("Service", "Regular", "scannedService")
        self.fact("Totals", f"{plural(len(cover.items), 'item')} · "
                            f"{plural(cover.total_pages, 'page')} · "
                            f"{format_cents(cover.total_fees_cents)}")
        self.items = self._table([(i.control_number, i.document_label, i.entity, str(i.pages),
                                   format_cents(i.fee_due_cents)) for i in cover.items])
        self.body.addWidget(self.items)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 120)
        self.finish()

    def _table(self, rows: Sequence[tuple[str, ...]]) -> QTableWidget:
        table = QTableWidget(len(rows), len(self.HEADINGS))
        table.setObjectName("batchItems")
        table.setHorizontalHeaderLabels(list(self.HEADINGS))
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setTabKeyNavigation(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c >= 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(r, c, item)
        shown = min(max(len(rows), 1), SHOWN_ROWS)  # a short batch gets a short list
        table.setFixedHeight(header.sizeHint().height() + 2 * table.frameWidth()
                               + table.verticalHeader().defaultSectionSize() * shown)
        return table
