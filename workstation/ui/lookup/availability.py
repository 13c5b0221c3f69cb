"""Name availability: may this name be used for a new entity of this type?

The answer comes from ``registry.name_availability``: every record on the register whose name
counts as the same, with the rules that made it so, and what is wrong with the designator.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation.errors import UserError
from workstation.services.profile import Profile
from workstation.services.registry_dto import Availability
from workstation.ui import theme
from workstation.ui.lookup.models import ConflictTableModel, Labels
from workstation.ui.lookup.tables import (
    back_button,
    fit_columns,
    heading,
    muted,
    record_table,
    title_label,
)
from workstation.ui.widgets.field_error import FieldError

DEFAULT_TYPE = "llc"  # the type most names at the counter are checked for


def verdict_text(answer: Availability) -> str:
    if answer.available:
        return "Available"
    if answer.conflicts:
        count = len(answer.conflicts)
        return (f"Not available: {count} record{'s' if count != 1 else ''} on the register "
                "with the same name")
    return "No record on the register has the same name, but the name needs a change:"


class AvailabilityPage(QWidget):
    """A name, an entity type and Check; the verdict, designator problems and conflicts below."""

    check_requested = Signal(str, str)  # the name, the entity type code
    entity_chosen = Signal(object)  # EntitySummary of a conflicting record: open its card
    back_requested = Signal()

    def __init__(self, profile: Profile, labels: Labels, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("availabilityPage")
        self.back_button = back_button("Back to the lookup (Esc)")
        self.back_button.clicked.connect(self.back_requested)
        top = QHBoxLayout()
        top.addWidget(title_label("Name availability"), 1)
        top.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        form = self._build_form(profile)
        self._build_answer(labels)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(form)
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addWidget(self.verdict)
        layout.addWidget(self.problems)
        layout.addWidget(self.conflict_heading)
        layout.addWidget(self.conflict_table, 1)
        layout.addWidget(self.conflict_hint)
        layout.addStretch(0)
        self.clear()

    def _build_form(self, profile: Profile) -> QFormLayout:
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("availabilityName")
        self.name_edit.setPlaceholderText("The name as it will be filed, designator included")
        self.name_edit.returnPressed.connect(self.submit)
        self.name_error = FieldError("nameError")
        self.type_combo = QComboBox()
        self.type_combo.setObjectName("entityType")
        for code in profile.entity_type_codes():
            self.type_combo.addItem(profile.entity_type_label(code), code)
        self.type_combo.setCurrentIndex(max(0, self.type_combo.findData(DEFAULT_TYPE)))
        self.check_button = QPushButton("&Check")
        self.check_button.setObjectName("check")
        self.check_button.setAutoDefault(False)
        self.check_button.clicked.connect(self.submit)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        name_column = QVBoxLayout()
        name_column.setSpacing(2)
        name_column.addWidget(self.name_edit)
        name_column.addWidget(self.name_error)
        self._add_row(form, "&Name", self.name_edit, name_column)
        type_row = QHBoxLayout()
        type_row.addWidget(self.type_combo, 1)
        type_row.addWidget(self.check_button)
        self._add_row(form, "Entity &type", self.type_combo, type_row)
        return form

    def _build_answer(self, labels: Labels) -> None:
        self.verdict = QLabel()
        self.verdict.setObjectName("verdict")
        self.verdict.setWordWrap(True)
        bold = self.verdict.font()
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.2)
        self.verdict.setFont(bold)
        self.problems = QLabel()
        self.problems.setObjectName("designatorProblems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(f"color: {theme.ERROR_TEXT};")
        self.conflicts = ConflictTableModel(labels, self)
        self.conflict_table = record_table(self.conflicts, "conflictTable", wrap=True)
        self.conflict_table.activated.connect(self._chosen)
        self.conflict_heading = heading("&Records with the same name", self.conflict_table)
        self.conflict_hint = muted("Enter on a record opens its card.")

    @staticmethod
    def _add_row(form: QFormLayout, text: str, field: QWidget, row: QHBoxLayout | QVBoxLayout
                 ) -> None:
        label = QLabel(text)
        label.setBuddy(field)
        field.setAccessibleName(text.replace("&", ""))
        form.addRow(label, row)

    def entity_type(self) -> str:
        return str(self.type_combo.currentData())

    def submit(self) -> None:
        self.name_error.clear_message()
        self.check_requested.emit(self.name_edit.text(), self.entity_type())

    def clear(self) -> None:
        self.verdict.hide()
        self.problems.hide()
        self.conflicts.set_rows([])
        for widget in (self.conflict_heading, self.conflict_table, self.conflict_hint):
            widget.hide()

    def show_availability(self, answer: Availability) -> None:
        self.clear()
        self.verdict.setText(verdict_text(answer))
        self.verdict.setStyleSheet("" if answer.available else f"color: {theme.ERROR_TEXT};")
        self.verdict.show()
        if answer.designator_problems:
            self.problems.setText("\n".join(answer.designator_problems))
            self.problems.show()
        if answer.conflicts:
            self.conflicts.set_rows(answer.conflicts)
            fit_columns(self.conflict_table)
            self.conflict_table.setCurrentIndex(self.conflicts.index(0, 0))  # Tab, then Enter
            for widget in (self.conflict_heading, self.conflict_table, self.conflict_hint):
                widget.show()

    def show_refusal(self, error: UserError) -> None:
        """A refusal about the name goes under it and the name stays; any other, in the verdict
        line (the type, or the clerk's right to look)."""
        self.clear()
        if error.field == "name":
            self.name_error.show_message(error.message)
            self.name_edit.setFocus()
        else:
            self.verdict.setText(error.message)
            self.verdict.setStyleSheet(f"color: {theme.ERROR_TEXT};")
            self.verdict.show()

    def _chosen(self, index: QModelIndex) -> None:
        if index.isValid():
            self.entity_chosen.emit(self.conflicts.row_at(index.row()).entity)

    def focus_name(self) -> None:
        self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.name_edit.selectAll()
