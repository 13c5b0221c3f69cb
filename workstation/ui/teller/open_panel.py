"""Opening a drawer: which drawer (and who holds each), its float counted by denomination, and a
note when the float is not the drawer's change fund (the service refuses it without one, and the
refusal shows at the note). The clerk sees the change fund they are counting towards: that is
the drawer's standing float, not anything the session expects."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.money import format_cents
from workstation.errors import UserError
from workstation.services.profile import Profile
from workstation.services.teller_read import DrawerRow
from workstation.ui import theme
from workstation.ui.inquiry.case import push_button
from workstation.ui.login_dialog import field_row
from workstation.ui.teller.count import CountWidget
from workstation.ui.widgets.field_error import FieldError


def drawer_text(row: DrawerRow) -> str:
    held = f"held by {row.held_by}" if row.held_by else "free"
    return f"{row.code} · {held} · {row.name} · fund {format_cents(row.change_fund_cents)}"


class OpenDrawerPanel(QGroupBox):
    """The drawer, the float counted and a note; Open (Ctrl+Enter) is the tab's to do."""

    open_requested = Signal()

    def __init__(self, profile: Profile, parent: QWidget | None = None):
        super().__init__("Open a drawer", parent)
        self.setObjectName("openDrawerPanel")
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)
        self.rows: list[DrawerRow] = []
        self.drawer_combo = QComboBox()
        self.drawer_combo.setObjectName("drawerChoice")
        self.drawer_combo.currentIndexChanged.connect(self._show_fund)
        self.drawer_error = FieldError("drawerError")
        self.count = CountWidget(profile.teller.denominations, "floatCount")
        self.count.changed.connect(self._show_fund)
        self.count_error = FieldError("floatCountError")
        self.fund_label = QLabel()
        self.fund_label.setObjectName("floatAgainstFund")
        self.fund_label.setWordWrap(True)
        self.fund_label.setStyleSheet(f"color: {theme.MUTED_TEXT};")
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("openingNote")
        self.note_edit.setPlaceholderText("Why the float is not the change fund")
        self.note_edit.returnPressed.connect(self.open_requested)
        self.note_error = FieldError("openingNoteError")
        self.count.finished.connect(self.note_edit.setFocus)
        self.error = FieldError("openError")
        self.open_button = push_button("&Open drawer (Ctrl+Enter)", "openDrawer")
        self.open_button.clicked.connect(self.open_requested)
        form = QFormLayout()
        drawer_label = QLabel("&Drawer")
        drawer_label.setBuddy(self.drawer_combo)
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(self.drawer_combo)
        column.addWidget(self.drawer_error)
        form.addRow(drawer_label, column)
        count_column = QVBoxLayout()
        count_column.setSpacing(2)
        count_column.addWidget(self.count)
        count_column.addWidget(self.fund_label)
        count_column.addWidget(self.count_error)
        form.addRow("Float counted", count_column)
        field_row(form, "&Note", self.note_edit, self.note_error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self._show_fund()

    def set_drawers(self, rows: list[DrawerRow]) -> None:
        """The drawers, the first free one chosen unless the clerk chose one already."""
        chosen = self.drawer_code()
        if not any(r.code == chosen and r.held_by is None for r in rows):
            chosen = ""  # taken meanwhile: the first free one instead
        self.rows = rows
        self.drawer_combo.blockSignals(True)
        self.drawer_combo.clear()
        for row in rows:
            self.drawer_combo.addItem(drawer_text(row), row.code)
        free = next((n for n, r in enumerate(rows) if r.held_by is None), 0)
        again = self.drawer_combo.findData(chosen) if chosen else -1
        self.drawer_combo.setCurrentIndex(again if again >= 0 else free)
        self.drawer_combo.blockSignals(False)
        if not rows:
            self.drawer_error.show_message("No drawer is set up yet: a lead sets drawers up "
                                           "with their change funds.")
        self._show_fund()

    def drawer_code(self) -> str:
        code = self.drawer_combo.currentData()
        return code if isinstance(code, str) else ""

    def _show_fund(self, *_args: object) -> None:
        row = next((r for r in self.rows if r.code == self.drawer_code()), None)
        counted = self.count.total_cents()
        if row is None:
            self.fund_label.setText(f"Counted {format_cents(counted)}")
            return
        fund = row.change_fund_cents
        words = ("the change fund" if counted == fund else
                 f"{format_cents(abs(counted - fund))} {'over' if counted > fund else 'under'} "
                 "the change fund: say why in the note")
        self.fund_label.setText(f"Counted {format_cents(counted)}: {words} "
                                f"({format_cents(fund)})")

    def clear_errors(self) -> None:
        for error in (self.drawer_error, self.count_error, self.note_error, self.error):
            error.clear_message()

    def show_refusal(self, error: UserError) -> None:
        if error.field == "drawer":
            self.drawer_error.show_message(error.message)
            self.drawer_combo.setFocus()
        elif error.field == "count":
            self.count_error.show_message(error.message)
            self.count.focus_first()
        elif error.field == "note":
            self.note_error.show_message(error.message)
            self.note_edit.setFocus()
        else:
            self.error.show_message(error.message)

    def reset(self) -> None:
        """After a drawer was opened: nothing left of the last float."""
        self.clear_errors()
        self.count.clear()
        self.note_edit.clear()
