"""What the examiner types from the paper, per filing type: a formation's name and statutory
agent; a change to an existing entity only what it changes; a UCC-1's debtor (an organisation,
or a person's last and first names) and secured party; a UCC-3's kind and the initial file
number; a UCC-5's file number.

Two views of the same values: ``typed()`` for the checklist (the keys its required-fields checks
name, e.g. ``agent_address``, ``secured_party_name``) and ``decision_fields()`` for the decision
(the keys the register takes). ``edited`` is emitted when a field is left or a choice changes,
so the panel re-runs the system checks. Each field has its error line (``show_error``).
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from workstation.services.batch_read import ExaminationView
from workstation.services.profile import Profile
from workstation.services.ucc_filing import FORM_RECORD, UCC3_TYPES
from workstation.ui import theme
from workstation.ui.widgets.field_error import FieldError

AGENT = (("agent_name", "Agent"), ("agent_street", "Agent street"),
         ("agent_city", "Agent city"), ("agent_zip", "Agent ZIP"))
DEBTOR_KINDS = (("organization", "Organisation"), ("individual", "Individual (a person)"))
UCC1 = (("debtor_name", "Debtor (organisation)"), ("debtor_last", "Debtor last name"),
        ("debtor_first", "Debtor first name"), ("debtor_address", "Debtor address"),
        ("secured_party", "Secured party"), ("secured_party_address", "Secured party address"))
FILE_NUMBER = (("initial_file_number", "Initial file number"),)
ERROR_ALIASES = {"agent_address": "agent_street", "secured_party_name": "secured_party",
                 "debtor_kind": "debtor_name"}


def form_of(view: ExaminationView) -> str:
    """Which set of fields: formation, change, ucc1, ucc3, ucc5 or none."""
    filing_type = view.item.filing_type
    if view.service == "ucc":
        kind = FORM_RECORD.get(filing_type)
        if kind == "initial":
            return "ucc1"
        if kind == "information":
            return "ucc5"
        return "ucc3" if filing_type.endswith("UCC3") else "none"
    if view.service == "corporate":
        return "formation" if view.creates_entity else "change"
    return "none"


class PaperFields(QWidget):
    """The typed fields of one document; rebuilt when another filing type is shown."""

    edited = Signal()

    def __init__(self, profile: Profile, parent: QWidget | None = None):
        super().__init__(parent)
        self.profile = profile
        self.form = "none"
        self.filing_type = ""
        self.edits: dict[str, QLineEdit] = {}
        self.combos: dict[str, QComboBox] = {}
        self.errors: dict[str, FieldError] = {}
        self.layout_ = QFormLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setVerticalSpacing(3)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

    # ------------------------------------------------------------------ building

    def configure(self, view: ExaminationView, values: Mapping[str, str]) -> None:
        """The fields of this document's type, filled with ``values`` (what was typed)."""
        form = form_of(view)
        if (form, view.item.filing_type) != (self.form, self.filing_type):
            self._clear()
            self.form, self.filing_type = form, view.item.filing_type
            self._build(view)
        self.set_values(values)

    def _clear(self) -> None:
        while self.layout_.rowCount():
            self.layout_.removeRow(0)
        self.edits, self.combos, self.errors = {}, {}, {}

    def _build(self, view: ExaminationView) -> None:
        if self.form in ("formation", "change"):
            kind = self.profile.filing_types.get(view.item.filing_type)
            if self.form == "formation" and len(kind.entity_types) > 1:
                self._combo("entity_type", "Entity type",
                            [(c, self.profile.entity_type_label(c))
                             for c in sorted(kind.entity_types)])
            if self.form == "change":
                self._hint("Type only what the document changes; the rest stays as on record.")
            self._edit("name", "Name" if self.form == "formation" else "New name")
            for key, label in AGENT:
                self._edit(key, label)
        elif self.form == "ucc1":
            self._combo("debtor_kind", "Debtor is", list(DEBTOR_KINDS))
            for key, label in UCC1:
                self._edit(key, label)
            self._debtor_kind_changed()
        elif self.form in ("ucc3", "ucc5"):
            if self.form == "ucc3":
                self._combo("record_type", "UCC-3 is",
                            [(t, t.capitalize()) for t in UCC3_TYPES])
            for key, label in FILE_NUMBER:
                self._edit(key, label)
        else:
            self._hint("Nothing is typed from this document.")

    def _hint(self, text: str) -> None:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setStyleSheet(f"color: {theme.MUTED_TEXT};")
        self.layout_.addRow(label)

    def _row(self, key: str, label: str, widget: QWidget) -> None:
        widget.setObjectName(f"paper_{key}")
        widget.setAccessibleName(label)
        error = self.errors[key] = FieldError(f"paper_{key}_error")
        column = QVBoxLayout()
        column.setSpacing(0)
        column.addWidget(widget)
        column.addWidget(error)
        self.layout_.addRow(label, column)

    def _edit(self, key: str, label: str) -> None:
        edit = self.edits[key] = QLineEdit()
        edit.editingFinished.connect(self._left)
        self._row(key, label, edit)

    def _combo(self, key: str, label: str, choices: list[tuple[str, str]]) -> None:
        combo = self.combos[key] = QComboBox()
        for code, words in choices:
            combo.addItem(words, code)
        combo.currentIndexChanged.connect(self._choice_changed)
        self._row(key, label, combo)

    def _left(self) -> None:
        sender = self.sender()
        if isinstance(sender, QLineEdit) and sender.isModified():
            sender.setModified(False)
            self.edited.emit()

    def _choice_changed(self) -> None:
        if self.form == "ucc1":
            self._debtor_kind_changed()
        self.edited.emit()

    def _debtor_kind_changed(self) -> None:
        person = self.choice("debtor_kind") == "individual"
        self.edits["debtor_name"].setEnabled(not person)
        self.edits["debtor_last"].setEnabled(person)
        self.edits["debtor_first"].setEnabled(person)

    # ------------------------------------------------------------------ values

    def text(self, key: str) -> str:
        edit = self.edits.get(key)
        return edit.text().strip() if edit is not None else ""

    def choice(self, key: str) -> str:
        combo = self.combos.get(key)
        return str(combo.currentData()) if combo is not None else ""

    def mark_checked(self) -> None:
        """What is typed now is being checked: leaving a field re-checks only a new edit."""
        for edit in self.edits.values():
            edit.setModified(False)

    def values(self) -> dict[str, str]:
        """Everything as typed (kept per document, so nothing is lost on switching)."""
        found = {key: edit.text() for key, edit in self.edits.items()}
        found.update({key: self.choice(key) for key in self.combos})
        return found

    def set_values(self, values: Mapping[str, str]) -> None:
        for key, edit in self.edits.items():
            edit.setText(values.get(key, ""))
            edit.setModified(False)
        for key, combo in self.combos.items():
            if key in values:
                combo.blockSignals(True)
                combo.setCurrentIndex(max(0, combo.findData(values[key])))
                combo.blockSignals(False)
        if self.form == "ucc1":
            self._debtor_kind_changed()

    def typed(self) -> dict[str, str]:
        """For the checklist: the register's keys and the ones its required checks name."""
        found = self.decision_fields()
        if self.form in ("formation", "change"):
            town = " ".join(p for p in (self.text("agent_city"), self.text("agent_zip")) if p)
            street = self.text("agent_street")
            found["agent_address"] = ", ".join(p for p in (street, town) if p) if street else ""
        elif self.form == "ucc1":
            person = ", ".join(p for p in (self.text("debtor_last"), self.text("debtor_first"))
                               if p)
            found.update(debtor_kind=self.choice("debtor_kind"),
                         debtor_name=person if self.choice("debtor_kind") == "individual"
                         else self.text("debtor_name"),
                         debtor_address=self.text("debtor_address"),
                         secured_party_name=self.text("secured_party"),
                         secured_party_address=self.text("secured_party_address"))
        return found

    def decision_fields(self) -> dict[str, str]:
        """For the decision: what the register takes (a person's debtor never as a name)."""
        if self.form == "ucc1":
            person = self.choice("debtor_kind") == "individual"
            keys = ("debtor_last", "debtor_first") if person else ("debtor_name",)
            return {**{k: self.text(k) for k in keys}, "secured_party": self.text("secured_party")}
        found = {key: self.text(key) for key in self.edits}
        found.update({key: self.choice(key) for key in self.combos})
        return {key: value for key, value in found.items() if value}

    # ------------------------------------------------------------------ state and errors

    def set_editable(self, editable: bool) -> None:
        for edit in self.edits.values():
            edit.setReadOnly(not editable)
        for combo in self.combos.values():
            combo.setEnabled(editable)

    def clear_errors(self) -> None:
        for error in self.errors.values():
            error.clear_message()

    def show_error(self, field: str, message: str) -> bool:
        """The message under its field, the field focused; False when no field here has it."""
        key = ERROR_ALIASES.get(field, field)
        error = self.errors.get(key)
        if error is None:
            return False
        error.show_message(message)
        widget = self.edits.get(key) or self.combos.get(key)
        if widget is not None:
            widget.setFocus()
        return True

    def first_field(self) -> QWidget | None:
        for edit in self.edits.values():
            if edit.isEnabled():
                return edit
        return next(iter(self.combos.values()), None)

    def widgets(self) -> list[QWidget]:
        """In tab order."""
        found: list[QWidget] = []
        for row in range(self.layout_.rowCount()):
            item = self.layout_.itemAt(row, QFormLayout.ItemRole.FieldRole)
            inner = item.layout() if item is not None else None
            first = inner.itemAt(0) if inner is not None else None
            widget = first.widget() if first is not None else None
            if widget is not None:
                found.append(widget)
        return found
