"""The Teller Drawer's tables as Qt item models over plain values: the receipt being typed (its
fee lines and its checks), this session's receipts, a count's comparison and the drawers a lead
signs off. Money is shown from whole cents; a shortfall says SHORT in words as well as in red
(colour is never the only sign)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from workstation.domain.calendar_explain import format_clock
from workstation.domain.money import format_cents
from workstation.services.teller_dto import CountLine, CountResult, ReceiptView, SessionView
from workstation.ui import theme
from workstation.ui.widgets.rows_model import RowsModel

TENDER_WORDS = {"cash": "Cash", "check": "Checks", "money_order": "Money orders",
                "card": "Card", "refund_check": "Refund by check"}
KIND_WORDS = {"filing": "Document", "charge": "Charge", "suspense": "Deposit (suspense)"}
SIGN_OFF_WORDS = {"close": "nobody: it balanced", "reason": "the clerk's reason",
                  "lead": "a lead", "supervisor": "a supervisor"}
NEEDS_WORDS = {"close": "—", "reason": "reason", "lead": "lead", "supervisor": "supervisor"}


@dataclass(frozen=True)
class FormLine:
    """A fee line as typed; ``amount_cents`` is None while the service alone knows it (a
    charge is priced when the receipt posts)."""

    applies_to: str
    reference: str = ""
    fee_code: str = ""
    amount_cents: int | None = None
    description: str = ""


@dataclass(frozen=True)
class FormCheck:
    """A check or money order as typed, or one logged in Mail Sort (``remittance_id``)."""

    tender: str  # check / money_order
    amount_cents: int
    number: str = ""
    payer: str = ""
    bank: str = ""
    remittance_id: int | None = None


@dataclass(frozen=True)
class SignOffRow:
    session: SessionView
    result: CountResult


def difference_words(cents: int) -> str:
    """``-1000`` -> ``SHORT $10.00``; ``0`` -> ``balanced``."""
    if cents == 0:
        return "balanced"
    return f"{'OVER' if cents > 0 else 'SHORT'} {format_cents(abs(cents))}"


def tenders_text(view: ReceiptView) -> str:
    kinds = dict.fromkeys(TENDER_WORDS.get(t.tender, t.tender).lower() for t in view.tenders)
    return ", ".join(kinds)


class LinesModel(RowsModel[FormLine]):
    HEADINGS = ("Pays for", "Reference", "Description", "Amount")
    NUMBERS = (3,)

    def texts(self, row: FormLine) -> tuple[str, ...]:
        amount = "priced at posting" if row.amount_cents is None else format_cents(
            row.amount_cents)
        what = row.description or (row.fee_code if row.applies_to == "suspense" else "")
        return (KIND_WORDS.get(row.applies_to, row.applies_to), row.reference or "—", what,
                amount)


class ChecksModel(RowsModel[FormCheck]):
    HEADINGS = ("Kind", "Number", "From", "Bank", "Amount")
    NUMBERS = (4,)

    def texts(self, row: FormCheck) -> tuple[str, ...]:
        kind = "Check" if row.tender == "check" else "Money order"
        if row.remittance_id is not None:
            kind += " (Mail Sort)"
        return (kind, row.number, row.payer, row.bank, format_cents(row.amount_cents))


class ReceiptsModel(RowsModel[ReceiptView]):
    HEADINGS = ("Receipt", "Time", "Customer", "Total", "Tenders")
    NUMBERS = (3,)

    def __init__(self, zone: tzinfo, parent: QWidget | None = None):
        super().__init__(parent)
        self.zone = zone

    def texts(self, row: ReceiptView) -> tuple[str, ...]:
        number = row.number
        if row.reverses:
            number += f" (voids {row.reverses})"
        elif row.reversed_by:
            number += f" (voided by {row.reversed_by})"
        return (number, format_clock(row.posted_at.astimezone(self.zone).time()),
                row.customer_name, format_cents(row.total_cents), tenders_text(row))

    def style(self, row: ReceiptView, column: int, role: int) -> Any:
        done = row.kind == "reversal" or row.reversed_by
        if role == Qt.ItemDataRole.ForegroundRole and done:
            return QColor(theme.MUTED_TEXT)
        return None


class CountModel(RowsModel[CountLine]):
    """A submitted count: per tender expected, counted and the difference in words."""

    HEADINGS = ("Tender", "Expected", "Counted", "Difference")
    NUMBERS = (1, 2, 3)

    def texts(self, row: CountLine) -> tuple[str, ...]:
        items = row.tender in ("check", "money_order", "card")
        expected = format_cents(row.expected_cents)
        counted = format_cents(row.counted_cents)
        if items:
            expected += f" ({row.expected_items})"
            counted += f" ({row.counted_items})"
        return (TENDER_WORDS.get(row.tender, row.tender), expected, counted,
                difference_words(row.difference_cents))

    def style(self, row: CountLine, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == 3 and row.difference_cents < 0:
            return QColor(theme.ERROR_TEXT)
        return None


class SignOffModel(RowsModel[SignOffRow]):
    """The drawers counted and waiting for a lead, with what each count found."""

    HEADINGS = ("Drawer", "Clerk", "Expected", "Counted", "Difference", "Needs",
                "Clerk's reason")
    NUMBERS = (2, 3)

    @staticmethod
    def sums(row: SignOffRow) -> tuple[int, int]:
        lines = row.result.lines
        return (sum(line.expected_cents for line in lines),
                sum(line.counted_cents for line in lines))

    def texts(self, row: SignOffRow) -> tuple[str, ...]:
        expected, counted = self.sums(row)
        return (row.session.drawer, row.session.clerk, format_cents(expected),
                format_cents(counted), difference_words(counted - expected),
                NEEDS_WORDS.get(row.result.sign_off, row.result.sign_off),
                row.result.reason or "none given yet")

    def tips(self, row: SignOffRow) -> tuple[str, ...]:
        texts = self.texts(row)
        expected, counted = self.sums(row)
        off = (f"; off by {format_cents(row.result.off_by_cents)} across tenders"
               if row.result.off_by_cents != abs(counted - expected) else "")
        needs = SIGN_OFF_WORDS.get(row.result.sign_off, row.result.sign_off)
        return (*texts[:4], texts[4] + off, f"Signed off by {needs}", texts[6])

    def style(self, row: SignOffRow, column: int, role: int) -> Any:
        short = sum(line.difference_cents for line in row.result.lines) < 0
        if role == Qt.ItemDataRole.ForegroundRole and column == 4 and short:
            return QColor(theme.ERROR_TEXT)
        return None
