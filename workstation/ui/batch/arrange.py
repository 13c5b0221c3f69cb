"""Batches arranged by hand on the Batch Review tab: New batch… (Ctrl+Shift+N) for mail that came
outside the trays or a rush the office keeps apart, Move to batch… (Ctrl+Shift+M) for a misrouted
document or one whose speed changed, and Correct money… (Ctrl+Shift+Y) when a rejected or
returned document's refund, credit or held amount was said wrongly.

Each dialog calls its service itself through the tab's worker and stays open, with the refusal
at its field and everything typed kept, until the change is recorded (the quality check's way):
a forgotten reason or an amount over the fee costs the clerk nothing. Each is opened by a
module-level function that the tests patch or drive; the tab only says what happens after.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from workstation.domain.filing_types import ServiceType
from workstation.domain.money import format_cents
from workstation.errors import UserError
from workstation.printing.common import level_label, service_type_label
from workstation.services import batch_admin, batch_review
from workstation.services.batch_admin import NewBatch
from workstation.services.batch_read import BatchSummary, ItemRow
from workstation.services.profile import Profile
from workstation.ui import theme
from workstation.ui.batch.models import class_text
from workstation.ui.desk import Desk
from workstation.ui.service_form import ServiceForm
from workstation.ui.widgets.money_edit import MoneyEdit

WORK_LEVELS = (1, 2, 3)


@dataclass(frozen=True)
class Moved:
    filing_id: int
    document_number: str
    left: str  # the batch it left
    went_to: str


def speeds(profile: Profile) -> list[str]:
    """Regular, then the expedite levels: the profile's clocks that are a batch's speed."""
    codes = sorted(profile.calendar.clocks)
    return [c for c in codes if c == "regular"] + [c for c in codes if c.startswith("expedite")]


def targets(rows: Sequence[BatchSummary], here: BatchSummary) -> list[BatchSummary]:
    """The batches a document of ``here`` may go to: not closed, not itself; its own service
    type first (a document only moves within its service type), the list's order kept."""
    others = [row for row in rows if row.status != "closed" and row.id != here.id]
    return sorted(others, key=lambda row: row.service_type != here.service_type)


def _muted(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {theme.MUTED_TEXT};")
    return label


def _combo(name: str, choices: Sequence[tuple[str, object]]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    for words, code in choices:
        combo.addItem(words, code)
    return combo


def _line(name: str, hint: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(hint)
    return edit


ArrangeDialog = ServiceForm  # the batch's forms are service forms like any other


class NewBatchDialog(ArrangeDialog):
    """New batch…: its class (service type, speed, work level) and why it is made by hand."""

    def __init__(self, parent: QWidget | None, desk: Desk):
        super().__init__(parent, desk, "newBatchDialog", "New batch", "&Open batch")
        self.service_combo = _combo("batchServiceType",
                                    [(service_type_label(s.value), s.value) for s in ServiceType])
        self.speed_combo = _combo("batchSpeed",
                                  [(level_label(c), c) for c in speeds(desk.profile)])
        self.level_combo = _combo("batchWorkLevel", [(str(n), n) for n in WORK_LEVELS])
        self.reason_edit = _line("newBatchReason", "Why by hand (mail outside the trays, a rush…)")
        self.add_field("&Service type", self.service_combo, "service_type")
        self.add_field("S&peed", self.speed_combo, "service_level")
        self.add_field("&Work level", self.level_combo, "work_level")
        self.add_field("&Reason", self.reason_edit, "reason")
        self.finish()
        self.service_combo.setFocus()

    def work(self) -> Callable[[], NewBatch]:
        d = self.desk
        kind, speed = str(self.service_combo.currentData()), str(self.speed_combo.currentData())
        level, reason = int(self.level_combo.currentData()), self.reason_edit.text()
        return lambda: batch_admin.create_batch(d.backend.db, d.profile, d.actor, kind, speed,
                                                level, reason)


class MoveDialog(ArrangeDialog):
    """Move to batch…: the document under the cursor, the batch it goes to, and why."""

    def __init__(self, parent: QWidget | None, desk: Desk, item: ItemRow, here: str,
                 choices: Sequence[BatchSummary]):
        super().__init__(parent, desk, "moveDialog", f"Move {item.document_number}",
                         "&Move")
        self.item, self.here = item, here
        self.batch_combo = _combo("moveTarget",
                                  [(f"{row.number} · {class_text(row)}", row.number)
                                   for row in choices])
        self.reason_edit = _line("moveReason", "Why (misrouted, the customer changed the speed…)")
        self.form.addRow(_muted(f"{item.document_number} · {item.type_label} · "
                                f"{item.entity or '—'}, now in batch {here}", "moveAbout"))
        self.add_field("To &batch", self.batch_combo, "batch")
        self.add_field("&Reason", self.reason_edit, "reason")
        self.finish()
        self.batch_combo.setFocus()

    def work(self) -> Callable[[], Moved]:
        d, item = self.desk, self.item
        target, reason = str(self.batch_combo.currentData() or ""), self.reason_edit.text()

        def move() -> Moved:
            left = batch_admin.move_item(d.backend.db, d.profile, d.actor, item.filing_id,
                                         target, reason)
            return Moved(item.filing_id, item.document_number, left, target)

        return move


class MoneyCorrectionDialog(ArrangeDialog):
    """Correct money…: a rejected or returned document's refund, credit and held, said again
    (a new decision row; the old one stays on record)."""

    def __init__(self, parent: QWidget | None, desk: Desk, item: ItemRow):
        super().__init__(parent, desk, "moneyCorrectionDialog",
                         f"Correct the money of {item.document_number}", "&Record correction")
        self.item = item
        self.amounts: dict[str, MoneyEdit] = {}
        self.form.addRow(_muted(f"{item.document_number} · {item.type_label} · {item.status}",
                                "correctionAbout"))
        self.fee_label = _muted(f"The document's fee: {format_cents(item.fee_due_cents)}",
                                "correctionFee")
        self.form.addRow(self.fee_label)
        # The list row does not carry the decision's amounts: the refund of the fee is offered.
        for key, text, cents in (("refund", "Re&fund", item.fee_due_cents),
                                 ("credit", "&Credit", 0), ("held", "&Held", 0)):
            edit = self.amounts[key] = MoneyEdit()
            edit.setObjectName(f"{key}Amount")
            edit.set_cents(cents)
            self.add_field(text, edit)
        money_error = self.field_error("money", self.amounts["refund"])
        self.form.addRow("", money_error)
        for edit in self.amounts.values():
            edit.refused.connect(money_error.show_message)
        self.note_edit = _line("correctionNote", "Why the amounts are corrected")
        self.add_field("&Note", self.note_edit, "note")
        self.finish()
        self.amounts["refund"].setFocus()
        self.amounts["refund"].selectAll()

    def work(self) -> Callable[[], int] | None:
        for edit in self.amounts.values():
            problem = edit.error()
            if problem:
                self.refused(UserError(problem, field="money"))
                edit.setFocus()
                return None
        d, filing_id, note = self.desk, self.item.filing_id, self.note_edit.text()
        cents = {key: edit.cents() or 0 for key, edit in self.amounts.items()}  # blank is none
        return lambda: batch_review.correct_money(
            d.backend.db, d.profile, d.actor, filing_id, refund_cents=cents["refund"],
            credit_cents=cents["credit"], held_cents=cents["held"], note=note)


def _opened(dialog: ArrangeDialog, then: Callable[[Any], None]) -> ArrangeDialog:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.recorded.connect(then)
    dialog.open()
    return dialog


def open_new_batch(parent: QWidget, desk: Desk, then: Callable[[NewBatch], None]
                   ) -> ArrangeDialog:
    """New batch…, open over the tab; ``then(new_batch)`` once it is made (tests patch this)."""
    return _opened(NewBatchDialog(parent, desk), then)


def open_move(parent: QWidget, desk: Desk, item: ItemRow, here: str,
              choices: Sequence[BatchSummary], then: Callable[[Moved], None]) -> ArrangeDialog:
    """Move to batch…; ``then(moved)`` once the document is in its new batch."""
    return _opened(MoveDialog(parent, desk, item, here, choices), then)


def open_money_correction(parent: QWidget, desk: Desk, item: ItemRow,
                          then: Callable[[int], None]) -> ArrangeDialog:
    """Correct money…; ``then(decision_id)`` once the corrected amounts are recorded."""
    return _opened(MoneyCorrectionDialog(parent, desk, item), then)
