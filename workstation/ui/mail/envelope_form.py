"""One envelope, typed in one keyboard flow: arrival, postmark, customer, the money lines, the
document lines, exceptions, correspondence; then Save.

The form only holds what is typed; ``refusals`` shows what the services refuse where it
belongs, and nothing typed is ever cleared by a refusal.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QModelIndex, QObject, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation.services.intake_rules import EnvelopeInput, RemittanceInput
from workstation.services.profile import Profile
from workstation.ui import theme
from workstation.ui.mail.fields import ArrivalEdit, KeyRelay, parse_postmark
from workstation.ui.mail.lines import DocumentLine, Line, LineSection, RemittanceLine
from workstation.ui.mail.models import ExceptionModel
from workstation.ui.mail.refusals import Problems, Refusals
from workstation.ui.widgets.field_error import FieldError

HINT = ("Tab moves on, Shift+Tab back · Ctrl+Shift+M another remittance, Ctrl+Shift+D another "
        "document, Ctrl+Shift+Del removes the line you are in · a line left blank is not logged; "
        "a blank payer is the customer · Ctrl+S saves.")


class EnvelopeForm(QWidget):
    changed = Signal()  # anything typed: the balance is worked out again (debounced)
    left_field = Signal()  # a field lost focus: its refusals may show now
    save_requested = Signal()

    def __init__(self, profile: Profile, exceptions: dict[str, str],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("envelopeForm")
        self.profile = profile
        self.documents_read: list[DocumentLine] = []  # the lines the last reading logged
        self._relay: KeyRelay | None = None
        self._document_hook: Callable[[DocumentLine], object] | None = None
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.general_error = FieldError("envelopeError")  # a refusal that belongs to no field
        self.refusals = Refusals(self.general_error, ())
        self._build_fields(exceptions)
        self.refusals.sections = (self.remittances, self.documents)
        self._build_save()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.form)
        layout.addStretch(1)
        self._lines_changed()

    # ------------------------------------------------------------------ building

    def _row(self, text: str, widget: QWidget, key: str, error_for: QWidget | None = None
             ) -> None:
        label = QLabel(text)
        label.setBuddy(widget)
        widget.setAccessibleName(text.replace("&", ""))
        error = FieldError(f"{key}Error")
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        self.form.addRow(label, column)
        self.refusals.add(error_for or widget, error)
        self._watch(error_for or widget)

    def _build_fields(self, exceptions: dict[str, str]) -> None:
        self.arrived = ArrivalEdit()
        self.arrived.setObjectName("arrived")
        self._row("&Arrived", self.arrived, "arrived")
        chars = self.fontMetrics().averageCharWidth()
        self.arrived.setMaximumWidth(self.arrived.sizeHint().width() + chars * 4)
        self.postmark = QLineEdit()
        self.postmark.setObjectName("postmark")
        self.postmark.setPlaceholderText("Optional: month/day, e.g. 10/28")
        self._row("&Postmark", self.postmark, "postmark")
        self.postmark.setMaximumWidth(chars * 36)
        self.customer = QLineEdit()
        self.customer.setObjectName("customer")
        self.customer.setPlaceholderText("Who sent the envelope")
        self.customer.textChanged.connect(self._customer_changed)
        self._row("&Customer", self.customer, "customer")
        self.customer.setMaximumWidth(chars * 72)
        self.remittances = LineSection("remittances", RemittanceLine.COLUMNS, RemittanceLine)
        self._row("Mo&ney", self.remittances, "remittances")
        catalogue = self.profile.filing_types
        self.documents = LineSection("documents", DocumentLine.COLUMNS,
                                     lambda host: DocumentLine(host, catalogue))
        self._row("&Documents", self.documents, "documents")
        for section in (self.remittances, self.documents):
            section.lines_changed.connect(self._lines_changed)
        self.exception_model = ExceptionModel(exceptions, self)
        self.exception_list = QListView()
        self.exception_list.setObjectName("exceptions")
        self.exception_list.setModel(self.exception_model)
        self.exception_list.setTabKeyNavigation(False)
        self.exception_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.exception_list.setToolTip("Space ticks or unticks the exception under the cursor.")
        rows = max(1, self.exception_model.rowCount())
        self.exception_list.setFixedHeight(self.exception_list.sizeHintForRow(0) * rows
                                           + 2 * self.exception_list.frameWidth() + 2)
        self.exception_model.dataChanged.connect(lambda *_: self._edited(self.exception_list))
        self._row("E&xceptions", self.exception_list, "exceptions")
        self.correspondence = QCheckBox("Only a letter, nothing to file")
        self.correspondence.setObjectName("correspondenceOnly")
        self.summary = QLineEdit()
        self.summary.setObjectName("correspondenceSummary")
        self.summary.setPlaceholderText("In a line: what the letter asks")
        self.summary.setEnabled(False)
        self.correspondence.toggled.connect(self.summary.setEnabled)
        self._watch(self.correspondence)
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.correspondence)
        row.addWidget(self.summary, 1)
        self._row("C&orrespondence", holder, "correspondence", error_for=self.summary)
        self.correspondence.setAccessibleName("Correspondence only")
        holder.setFocusProxy(self.correspondence)

    def _build_save(self) -> None:
        self.save_button = QPushButton("Sa&ve envelope (Ctrl+S)")
        self.save_button.setObjectName("saveEnvelope")
        self.save_button.setAutoDefault(True)  # Enter on the button saves, as Space does
        self.save_button.clicked.connect(self.save_requested)
        self.hint = QLabel(HINT)
        self.hint.setObjectName("envelopeHint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(f"color: {theme.MUTED_TEXT};")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        column = QVBoxLayout()
        column.addLayout(buttons)
        column.addWidget(self.general_error)
        self.form.addRow("", column)
        self.form.addRow(self.hint)

    def set_relay(self, relay: KeyRelay) -> None:
        """Where a shortcut typed into an open completer list goes (see FilingTypeEdit)."""
        self._relay = relay
        self._lines_changed()

    def set_document_hook(self, hook: Callable[[DocumentLine], object]) -> None:
        """Called once for every document line, now and later (the tab adds the entity list)."""
        self._document_hook = hook
        self._lines_changed()

    def _equip(self, line: DocumentLine) -> None:
        if self._relay is not None:
            line.filing_type.set_relay(self._relay)
        if self._document_hook is not None and not line.entity.property("equipped"):
            line.entity.setProperty("equipped", True)
            self._document_hook(line)

    # ------------------------------------------------------------------ watching the clerk

    def _watch(self, widget: QWidget) -> None:
        if widget.property("watched"):
            return
        widget.setProperty("watched", True)
        widget.installEventFilter(self)
        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(lambda _t: self._edited(widget))
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(lambda _i: self._edited(widget))
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(lambda _c: self._edited(widget))
        elif isinstance(widget, ArrivalEdit):
            widget.dateTimeChanged.connect(lambda _d: self._edited(widget))

    def _edited(self, widget: QWidget) -> None:
        self.refusals.edited(widget)
        self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and isinstance(watched, QWidget):
            self.refusals.touched.add(watched)
            self.left_field.emit()
        return super().eventFilter(watched, event)

    def _customer_changed(self, text: str) -> None:
        for line in self.remittances.lines:
            if isinstance(line, RemittanceLine):
                line.set_customer(text)

    def _lines_changed(self) -> None:
        for section in (self.remittances, self.documents):
            for line in section.lines:
                for widget in line.fields.values():
                    self._watch(widget)
                if isinstance(line, RemittanceLine):
                    line.set_customer(self.customer.text())
                if isinstance(line, DocumentLine):
                    self._equip(line)
            section.setFocusProxy(next(iter(section.lines[0].fields.values())))
        self._chain()

    def _chain(self) -> None:
        """Tab order = reading order, redone whenever a line comes or goes."""
        order: list[QWidget] = [self.arrived, self.postmark, self.customer]
        for section in (self.remittances, self.documents):
            for line in section.lines:
                order += list(line.fields.values())
        order += [self.exception_list, self.correspondence, self.summary, self.save_button]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self.changed.emit()  # a line came or went: the balance changes

    # ------------------------------------------------------------------ lines by keyboard

    def add_remittance(self) -> None:
        self._focus_line(self.remittances.add_line())

    def add_document(self) -> None:
        self._focus_line(self.documents.add_line())

    @staticmethod
    def _focus_line(line: Line) -> None:
        first = line.focus_widgets()
        if first:
            first[0].setFocus()

    def remove_line_at(self, widget: QWidget | None) -> bool:
        """Remove the line ``widget`` (the focus) is on; False when it is on no line."""
        for section in (self.remittances, self.documents):
            line = section.line_of(widget)
            if line is not None:
                self.refusals.forget(line.fields.values())
                section.remove_line(line)
                self._focus_line(section.lines[-1])
                return True
        return False

    # ------------------------------------------------------------------ reading

    def read(self) -> tuple[EnvelopeInput, Problems]:
        """What is typed, as the service's input; and what the form itself cannot read (the
        postmark). Blank lines are left out; ``paths`` then maps every field path to its widget."""
        problems: Problems = []
        self.refusals.paths = {"arrived_at": self.arrived, "postmark": self.postmark,
                      "customer_name": self.customer, "remittances": self.remittances,
                      "documents": self.documents, "exceptions": self.exception_list,
                      "correspondence_summary": self.summary}
        arrived = self.arrived.arrived_at()
        postmark: date | None = None
        try:
            postmark = parse_postmark(self.postmark.text(), arrived.date())
        except ValueError as exc:
            problems.append(("postmark", str(exc)))
        if postmark is not None and postmark > arrived.date():
            problems.append(("postmark", "The postmark cannot be later than the arrival."))
        remittances: list[RemittanceInput] = []
        for line in self.remittances.lines:
            if isinstance(line, RemittanceLine) and not line.is_blank():
                self._map(f"remittances[{len(remittances)}]", line)
                remittances.append(line.value())
        self.documents_read = []
        for line in self.documents.lines:
            if isinstance(line, DocumentLine) and not line.is_blank():
                self._map(f"documents[{len(self.documents_read)}]", line)
                self.documents_read.append(line)
        letter = self.correspondence.isChecked()
        return EnvelopeInput(
            arrived_at=arrived, customer_name=self.customer.text(), postmark=postmark,
            remittances=tuple(remittances),
            documents=tuple(line.value() for line in self.documents_read),
            exceptions=self.exception_model.checked(), correspondence_only=letter,
            correspondence_summary=self.summary.text() if letter else ""), problems

    def _map(self, prefix: str, line: Line) -> None:
        for key, widget in line.fields.items():
            self.refusals.paths[f"{prefix}.{key}"] = widget

    def has_typing(self) -> bool:
        """Anything on the form that would be lost if it were cleared."""
        lines = [*self.remittances.lines, *self.documents.lines]
        return bool(self.customer.text().strip() or self.postmark.text().strip()
                    or any(not line.is_blank() for line in lines)
                    or self.exception_model.checked() or self.correspondence.isChecked())

    def clear_for_next(self) -> None:
        """An empty form for the next envelope, the focus on its first field."""
        self.arrived.follow_clock()
        self.postmark.clear()
        self.customer.clear()
        self.remittances.reset()
        self.documents.reset()
        self.exception_model.set_checked(())
        self.exception_list.setCurrentIndex(QModelIndex())
        self.correspondence.setChecked(False)
        self.summary.clear()
        self.refusals.reset()
        self.arrived.setFocus()
