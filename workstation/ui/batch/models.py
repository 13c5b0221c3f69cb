"""The two tables of Batch Review: the batches (expedite first, as the service sorts them) and
one batch's documents, each with what has become of it.

Expedite batches are bold and coloured and say EXPEDITE in words (colour is never the only
sign); a quality-check mismatch says MISMATCH and what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QWidget

from workstation.domain.calendar_explain import format_moment
from workstation.domain.money import format_cents
from workstation.printing.common import level_label, service_type_label
from workstation.services.batch_read import BatchSummary, ItemRow
from workstation.ui import theme
from workstation.ui.widgets.rows_model import RowsModel

BATCH_STATUS = {"open": "open", "in_review": "in review", "qc": "QC",
                "balanced": "balanced, ready to close", "closed": "closed",
                "reopened": "reopened"}
DECISION_WORDS = {"accepted": "accepted", "rejected": "rejected", "returned": "returned",
                  "held": "on hold"}


def class_text(batch: BatchSummary) -> str:
    """``Corporate · Expedite 2 · level 2``."""
    return (f"{service_type_label(batch.service_type)} · {level_label(batch.service_level)} · "
            f"level {batch.work_level}")


def expedite(batch: BatchSummary) -> bool:
    return batch.service_level != "regular"


def due_text(batch: BatchSummary, zone: tzinfo) -> str:
    """``EXPEDITE — due Fri 20 Nov 4:00 p.m.`` in words; a regular batch its due day if any."""
    when = f"due {format_moment(batch.due_at.astimezone(zone))}" if batch.due_at else ""
    if expedite(batch):
        return f"EXPEDITE — {when or 'no due time'}"
    return when or "Regular"


def decision_text(item: ItemRow) -> str:
    """What has become of a document: to examine, being examined, or its decision."""
    if item.status in ("received", "in_review"):
        return "being examined" if item.examiner else "to examine"
    if item.status == "hold":
        return "on hold"
    words = DECISION_WORDS.get(item.decision or "", item.status.replace("_", " "))
    return f"{words}: {', '.join(item.reasons)}" if item.reasons else words


def qc_text(item: ItemRow) -> str:
    if item.qc == "match":
        return "✓ match"
    if item.qc == "mismatch":
        return f"✗ MISMATCH: {item.qc_note}" if item.qc_note else "✗ MISMATCH"
    return "to check" if item.decision == "accepted" and item.status == "accepted" else ""


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class BatchesModel(RowsModel[BatchSummary]):
    HEADINGS = ("Batch", "Class", "Items", "To decide", "Due", "Status")
    NUMBERS = (2, 3)

    def __init__(self, zone: tzinfo, parent: QWidget | None = None):
        super().__init__(parent)
        self.zone = zone

    def texts(self, row: BatchSummary) -> tuple[str, ...]:
        return (row.number, class_text(row), str(row.items), str(row.undecided),
                due_text(row, self.zone), BATCH_STATUS.get(row.status, row.status))

    def style(self, row: BatchSummary, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole and expedite(row):
            return _bold()
        if role == Qt.ItemDataRole.ForegroundRole and expedite(row):
            return QColor(theme.URGENT_TEXT)
        if role == Qt.ItemDataRole.ForegroundRole and row.status == "closed":
            return QColor(theme.MUTED_TEXT)
        return None


class ItemsModel(RowsModel[ItemRow]):
    HEADINGS = ("Document", "Type", "Entity", "Pages", "Decision", "Examiner", "QC")
    NUMBERS = (3,)

    def __init__(self, type_words: Callable[[str], str], parent: QWidget | None = None):
        super().__init__(parent)
        self.type_words = type_words  # the filing type's name without its form and code

    def texts(self, row: ItemRow) -> tuple[str, ...]:
        return (row.document_number, self.type_words(row.filing_type), row.entity or "—",
                str(row.pages), decision_text(row), row.examiner or "", qc_text(row))

    def tips(self, row: ItemRow) -> tuple[str, ...]:
        texts = self.texts(row)
        return (texts[0], f"{row.type_label} · fee {format_cents(row.fee_due_cents)}",
                *texts[2:])

    def style(self, row: ItemRow, column: int, role: int) -> Any:
        alarm = column == 6 and row.qc == "mismatch"
        if role == Qt.ItemDataRole.ForegroundRole and alarm:
            return QColor(theme.ERROR_TEXT)
        if role == Qt.ItemDataRole.FontRole and alarm:
            return _bold()
        if role == Qt.ItemDataRole.ForegroundRole and column == 4 and row.decision is not None \
                and row.status not in ("received", "in_review"):
            return QColor(theme.MUTED_TEXT)  # done: it steps back; what is left stands out
        return None
