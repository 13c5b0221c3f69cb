"""The examination's checklist and its reason list.

The checklist is one row per check: ✓ / ✗ / ? in words' place, who answers it (the system or
the examiner), the check and the finding with its citation. The system's rows are read-only
unless the program could not decide them ("Not known: ..."), when the examiner answers them
too. Y answers yes, N no (each moves on to the next open question), Space turns the answer
over (? → ✓ → ✗ → ?), Delete clears it. ``answered(code, value)`` says what was answered.

The reason list is the catalogue for the filing type and nothing else; the reasons of failed
checks are ticked by the program, and a tick the clerk set or cleared stays theirs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from workstation.domain.examination import Finding
from workstation.services.batch_read import ReasonChoice
from workstation.ui import theme

MARKS = {True: "✓", False: "✗", None: "?"}
NEXT_ANSWER: dict[bool | None, bool | None] = {None: True, True: False, False: None}
MONEY_WORDS = {"refund": "fee refunded", "hold": "fee held", "credit": "fee credited"}


def answerable(finding: Finding) -> bool:
    """The examiner's own questions, and the system's it could not decide."""
    return (finding.decided_by != "system" or finding.passed is None
            or "Examiner:" in finding.reason)


def finding_text(finding: Finding) -> str:
    return f"{finding.reason} ({finding.citation})" if finding.citation else finding.reason


class ChecklistTable(QTableWidget):
    answered = Signal(str, object)  # check code, True / False / None
    refused = Signal(str)  # a key on a row the system answers

    HEADINGS = ("", "By", "Check", "Finding")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, len(self.HEADINGS), parent)
        self.setObjectName("checklist")
        self.setAccessibleName("Checklist")
        self.findings: tuple[Finding, ...] = ()
        self.editable = False
        self.setHorizontalHeaderLabels(list(self.HEADINGS))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.setColumnWidth(2, self.fontMetrics().averageCharWidth() * 38)
        header.setStretchLastSection(True)
        self.setToolTip("Y yes · N no · Space turns the answer over · Delete clears it")

    def show_findings(self, findings: Sequence[Finding], editable: bool, *,
                      fresh: bool = False) -> None:
        """The rows as evaluated now; the cursor stays on its check (on a document just
        opened, it starts at the first open question)."""
        keep = None if fresh else self.current_code()
        self.findings, self.editable = tuple(findings), editable
        self.setRowCount(len(self.findings))
        for row, finding in enumerate(self.findings):
            mine = answerable(finding)
            cells = (MARKS[finding.passed], "you" if mine else "system", finding.label,
                     finding_text(finding))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{finding.label}\n{finding_text(finding)}")
                if column == 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    self._mark_style(item, finding.passed)
                elif not mine:
                    item.setForeground(QColor(theme.MUTED_TEXT))
                self.setItem(row, column, item)
        codes = [f.check for f in self.findings]
        if keep in codes:
            self.setCurrentCell(codes.index(keep), 0)
        elif codes:
            self.setCurrentCell(self._next_open(-1) if editable else 0, 0)

    @staticmethod
    def _mark_style(item: QTableWidgetItem, passed: bool | None) -> None:
        bold = QFont()
        bold.setBold(True)
        item.setFont(bold)
        if passed is False:
            item.setForeground(QColor(theme.ERROR_TEXT))
        elif passed is None:
            item.setForeground(QColor(theme.URGENT_TEXT))

    def current_code(self) -> str | None:
        row = self.currentRow()
        return self.findings[row].check if 0 <= row < len(self.findings) else None

    def _next_open(self, after: int) -> int:
        """The next row still to answer after ``after`` (else the next row, else the last)."""
        for row in range(after + 1, len(self.findings)):
            if answerable(self.findings[row]) and self.findings[row].passed is None:
                return row
        return min(after + 1, len(self.findings) - 1) if self.findings else 0

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, row = Qt.Key(event.key()), self.currentRow()
        wanted = {Qt.Key.Key_Y: True, Qt.Key.Key_N: False, Qt.Key.Key_Space: "turn",
                  Qt.Key.Key_Delete: None, Qt.Key.Key_Backspace: None}
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key not in wanted or not plain or not 0 <= row < len(self.findings):
            super().keyPressEvent(event)
            return
        finding = self.findings[row]
        if not self.editable:
            self.refused.emit("Take the document (Enter on it in the list) to answer.")
            return
        if not answerable(finding):
            self.refused.emit(f"The system answers “{finding.label}”: {finding.reason}")
            return
        value = wanted[key]
        answer = NEXT_ANSWER[finding.passed] if value == "turn" else value
        self.answered.emit(finding.check, answer)
        if key in (Qt.Key.Key_Y, Qt.Key.Key_N):
            self.setCurrentCell(self._next_open(row), 0)

    def show_answer(self, code: str, answer: bool | None) -> None:
        """The clerk's answer at once, before the re-check comes back."""
        for row, finding in enumerate(self.findings):
            mark = self.item(row, 0)
            if finding.check == code and mark is not None:
                mark.setText(MARKS[answer])
                self._mark_style(mark, answer)


class ReasonList(QListWidget):
    """The catalogue's reasons for the filing type, ticked where checks failed."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reasonList")
        self.setAccessibleName("Reasons")
        self.setToolTip("Space ticks or clears the reason under the cursor")
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.codes: list[str] = []
        self.manual: dict[str, bool] = {}  # the clerk's own ticks, kept over re-checks
        self._updating = False
        self.itemChanged.connect(self._changed)

    def show_reasons(self, reasons: Sequence[ReasonChoice], failed: Sequence[str],
                     manual: Mapping[str, bool] | None = None) -> None:
        codes = [r.code for r in reasons]
        if manual is not None:
            self.manual = dict(manual)
        self._updating = True
        if codes != self.codes:
            keep = self.currentRow()
            self.clear()
            self.codes = codes
            for reason in reasons:
                item = QListWidgetItem(f"{reason.code} — {reason.label}")
                item.setData(Qt.ItemDataRole.UserRole, reason.code)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                              | Qt.ItemFlag.ItemIsUserCheckable)
                item.setToolTip(f"{reason.label}\nCure: {reason.cure}\n{reason.citation} · "
                                f"normally {MONEY_WORDS.get(reason.money, reason.money)}")
                self.addItem(item)
            self.setCurrentRow(max(0, min(keep, len(codes) - 1)))
        for row, code in enumerate(self.codes):
            ticked = self.manual.get(code, code in failed)
            self.item(row).setCheckState(Qt.CheckState.Checked if ticked
                                         else Qt.CheckState.Unchecked)
        self._updating = False

    def _changed(self, item: QListWidgetItem) -> None:
        if not self._updating:
            code = str(item.data(Qt.ItemDataRole.UserRole))
            self.manual[code] = item.checkState() == Qt.CheckState.Checked

    def checked(self) -> tuple[str, ...]:
        return tuple(code for row, code in enumerate(self.codes)
                     if self.item(row).checkState() == Qt.CheckState.Checked)

    def tick(self, code: str, ticked: bool = True) -> None:
        """As the clerk would (a tick that stays over re-checks)."""
        row = self.codes.index(code)
        self.item(row).setCheckState(Qt.CheckState.Checked if ticked
                                     else Qt.CheckState.Unchecked)


def money_default(reasons: Sequence[ReasonChoice], ticked: Sequence[str]) -> str:
    """What normally happens to the fee for these reasons: the first ticked one's."""
    return next((r.money for r in reasons if r.code in ticked), "refund")
