"""Record cards: everything a clerk checks about one entity or one UCC record, on one page.

The cards only show what the services sent (``registry.entity_card``, ``registry.ucc_card``,
``registry.filing_history``); choosing a filing or a related record is a signal the panel
answers with another service call on the worker.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation.services.registry_dto import (
    EntityCard,
    FilingEventInfo,
    FilingSummary,
    UccCard,
)
from workstation.ui import theme
from workstation.ui.lookup.models import (
    NO_VALUE,
    FilingEventModel,
    FilingTableModel,
    Labels,
    UccPartyModel,
    UccTableModel,
    day,
    humanise,
)
from workstation.ui.lookup.tables import (
    back_button,
    fit_columns,
    fit_rows,
    heading,
    muted,
    record_table,
    select_first,
    title_label,
)
from workstation.ui.users_dialog import local_time

HISTORY_ROWS = 6  # a filing's status changes shown before the list scrolls
PARTY_ROWS = 5  # debtors and secured parties shown before the list scrolls


def standing_text(card: EntityCard) -> str:
    """Good standing as the clerk reads it out: one headline, then each reason on its own line."""
    if card.in_good_standing is None:
        return "\n".join(("Not applicable", *card.standing_reasons))
    if card.in_good_standing:
        return "In good standing"
    return "\n".join(("Not in good standing:", *card.standing_reasons))


def continuation_text(card: UccCard) -> str:
    """Whether the financing statement has lapsed, or when a continuation may be filed."""
    if card.terminated:
        return "Terminated: no continuation can be filed"
    if card.lapse_date is None:
        return "Does not lapse"
    if card.lapsed:
        return f"Lapsed on {day(card.lapse_date)}"
    if card.continuation_opens and card.continuation_closes:
        return (f"Continuation may be filed from {day(card.continuation_opens)} "
                f"to {day(card.continuation_closes)}")
    return f"Lapses on {day(card.lapse_date)}"


class CardPage(QWidget):
    """A title with a Back button, a form of facts, then the tables the subclass adds."""

    back_requested = Signal()

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.title = title_label()
        self.back_button = back_button("Back to the list (Esc)")
        self.back_button.clicked.connect(self.back_requested)
        top = self.top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.values: dict[str, QLabel] = {}
        self.main_layout = QVBoxLayout(self)
        self.main_layout.addLayout(top)
        self.main_layout.addLayout(self.form)

    def add_value(self, key: str, text: str) -> QLabel:
        value = QLabel()
        value.setObjectName(key)
        value.setWordWrap(True)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label = QLabel(text)
        # Level with the first line of a value that runs over several (the standing reasons).
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.form.addRow(label, value)
        self.values[key] = value
        return value

    def value(self, key: str) -> str:
        return self.values[key].text()

    def set_value(self, key: str, text: str, *, shown: bool = True) -> None:
        self.values[key].setText(text)
        self.form.setRowVisible(self.values[key], shown)


class EntityCardPage(CardPage):
    """Name, number, type, status, dates, agent, standing, flags and the filing history."""

    filing_chosen = Signal(object)  # FilingSummary: show its status history
    certificate_requested = Signal()  # Issue certificate… (the panel's Ctrl+Shift+I)

    def __init__(self, labels: Labels, parent: QWidget | None = None):
        super().__init__("entityCard", parent)
        self.labels = labels
        self.card: EntityCard | None = None
        self.certificate_button = QPushButton("Issue &certificate… (Ctrl+Shift+I)")
        self.certificate_button.setObjectName("issueCertificateButton")
        self.certificate_button.setAutoDefault(False)
        self.certificate_button.clicked.connect(self.certificate_requested)
        self.top.insertWidget(1, self.certificate_button, 0, Qt.AlignmentFlag.AlignTop)
        for key, text in (("number", "Number"), ("type", "Type"), ("status", "Status"),
                          ("formed", "Formed"), ("expires", "Expires"),
                          ("agent", "Statutory agent"), ("principal", "Principal address"),
                          ("standing", "Good standing"), ("flags", "Flags")):
            self.add_value(key, text)
        self.filings = FilingTableModel(self)
        self.filing_table = record_table(self.filings, "filingTable")
        self.filing_table.activated.connect(self._chosen)
        self.history = FilingEventModel(self)
        self.history_table = record_table(self.history, "historyTable")
        self.history_heading = heading("Status history", self.history_table)
        self.history_note = muted(name="historyNote")
        self.main_layout.addSpacing(self.fontMetrics().height() // 2)
        self.main_layout.addWidget(heading("&Filings", self.filing_table))
        self.main_layout.addWidget(self.filing_table, 3)
        self.main_layout.addWidget(self.history_heading)
        self.main_layout.addWidget(self.history_note)
        self.main_layout.addWidget(self.history_table)
        self._show_history_part(False)

    def show_card(self, card: EntityCard) -> None:
        self.card = card
        e = card.summary
        self.title.setText(e.name)
        self.set_value("number", e.number)
        self.set_value("type", e.type_label)
        self.set_value("status", self.labels.status_since(e))
        self.set_value("formed", day(card.formation_date))
        self.set_value("expires", day(card.expiry_date), shown=card.expiry_date is not None)
        self.set_value("agent", card.agent)
        self.set_value("principal", card.principal)
        self.set_value("standing", standing_text(card))
        standing = self.values["standing"]
        standing.setStyleSheet(f"color: {theme.ERROR_TEXT};"
                               if card.in_good_standing is False else "")
        self.set_value("flags", ", ".join(humanise(f) for f in card.flags) or "None")
        self.filings.set_rows(card.filings)
        fit_columns(self.filing_table)
        self.history.set_rows([])
        self._show_history_part(False)
        select_first(self.filing_table)

    def select_filing(self, filing_id: int) -> FilingSummary | None:
        """Make the filing current (when the clerk came from a filing in the results)."""
        for row, filing in enumerate(self.filings.rows):
            if filing.id == filing_id:
                self.filing_table.setCurrentIndex(self.filings.index(row, 0))
                return filing
        return None

    def show_history(self, filing: FilingSummary, events: tuple[FilingEventInfo, ...]) -> None:
        self.history_heading.setText(f"Status history of filing {filing.document_number}")
        self.history.set_rows(events)
        fit_columns(self.history_table)
        fit_rows(self.history_table, HISTORY_ROWS)
        self.history_note.setText("" if events else
                                  "No status changes are on record for this filing "
                                  f"(status now: {humanise(filing.status).lower()}).")
        self._show_history_part(True, has_rows=bool(events))

    def _show_history_part(self, shown: bool, *, has_rows: bool = False) -> None:
        self.history_heading.setVisible(shown)
        self.history_note.setVisible(shown and not has_rows)
        self.history_table.setVisible(shown and has_rows)

    def _chosen(self, index: QModelIndex) -> None:
        if index.isValid():
            self.filing_chosen.emit(self.filings.row_at(index.row()))


class UccCardPage(CardPage):
    """File number, type, dates, lapse and continuation window, parties, related records."""

    record_chosen = Signal(object)  # UccSummary: open that related record's card

    def __init__(self, labels: Labels, parent: QWidget | None = None):
        super().__init__("uccCard", parent)
        self.labels = labels
        self.card: UccCard | None = None
        for key, text in (("file_number", "File number"), ("type", "Type"), ("filed", "Filed"),
                          ("lapse", "Lapse date"), ("continuation", "Continuation")):
            self.add_value(key, text)
        self.parties = UccPartyModel(self)
        self.party_table = record_table(self.parties, "partyTable")
        self.related = UccTableModel(labels, self)
        self.related_table = record_table(self.related, "relatedTable")
        self.related_table.activated.connect(self._chosen)
        self.main_layout.addSpacing(self.fontMetrics().height() // 2)
        self.main_layout.addWidget(heading("&Parties", self.party_table))
        self.main_layout.addWidget(self.party_table)
        self.main_layout.addWidget(heading("&Related records", self.related_table))
        self.main_layout.addWidget(self.related_table, 1)

    def show_card(self, card: UccCard) -> None:
        self.card = card
        record = card.record
        kind = self.labels.ucc_type(record.record_type)
        self.title.setText(f"UCC {record.file_number} — {kind}")
        self.set_value("file_number", record.file_number)
        self.set_value("type", kind)
        self.set_value("filed", local_time(record.filed_at))
        lapse = (f"{day(card.lapse_date)} ({humanise(card.lapse_kind).lower()})"
                 if card.lapse_date else NO_VALUE)
        if record.initial_id is not None:
            lapse += " — of the initial financing statement"
        self.set_value("lapse", lapse)
        self.set_value("continuation", continuation_text(card))
        self.values["continuation"].setStyleSheet(
            f"color: {theme.ERROR_TEXT}; font-weight: bold;" if card.lapsed else "")
        self.parties.set_rows(card.parties)
        fit_columns(self.party_table)
        fit_rows(self.party_table, PARTY_ROWS)
        self.related.set_rows(card.related)
        fit_columns(self.related_table)
        self.related_table.clearSelection()
        self.related_table.setCurrentIndex(QModelIndex())
        for row, other in enumerate(card.related):
            if other.id == record.id:
                self.related_table.setCurrentIndex(self.related.index(row, 0))
        select_first(self.related_table)

    def _chosen(self, index: QModelIndex) -> None:
        if index.isValid():
            other = self.related.row_at(index.row())
            if self.card is None or other.id != self.card.record.id:
                self.record_chosen.emit(other)
