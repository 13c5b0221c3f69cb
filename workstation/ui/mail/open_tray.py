"""Open tray… (Ctrl+Shift+O): where the mail came from and, when money is expected in it, the
second person who verifies the cash list. The service decides; refusals show at their field."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from workstation import APP_NAME
from workstation.errors import UserError
from workstation.services import intake
from workstation.services.dto import Actor
from workstation.services.intake_rules import Source
from workstation.services.profile import Profile
from workstation.startup import Backend
from workstation.ui import theme
from workstation.ui.mail.session_bar import Tray
from workstation.ui.tasks import TaskRunner
from workstation.ui.widgets.buttons import ok_cancel
from workstation.ui.widgets.field_error import FieldError


class OpenTrayDialog(QDialog):
    """Source and verifier; OK runs ``intake.open_session`` on the worker."""

    opened = Signal(object)  # Tray

    def __init__(self, backend: Backend, tasks: TaskRunner, actor: Actor, profile: Profile,
                 sources: dict[str, Source], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("openTrayDialog")
        self.setWindowTitle(f"Open a tray — {APP_NAME}")
        self.backend, self.tasks, self.actor, self.profile = backend, tasks, actor, profile
        self.sources = sources
        self.source_combo = QComboBox()
        self.source_combo.setObjectName("source")
        for source in sources.values():
            self.source_combo.addItem(source.label, source.code)
        self.source_combo.currentIndexChanged.connect(self._source_changed)
        self.verifier_edit = QLineEdit()
        self.verifier_edit.setObjectName("verifier")
        self.verifier_hint = QLabel()
        self.verifier_hint.setWordWrap(True)
        self.verifier_hint.setStyleSheet(f"color: {theme.MUTED_TEXT};")
        self.errors = {"source": FieldError("sourceError"),
                       "verifier": FieldError("verifierError")}
        self.general_error = FieldError("openTrayError")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._row(form, "&Source", self.source_combo, self.errors["source"])
        self._row(form, "&Verifier", self.verifier_edit, self.verifier_hint,
                  self.errors["verifier"])
        buttons, self.ok_button = ok_cancel("&Open tray", self.submit, self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)
        self._source_changed()
        self.source_combo.setFocus()

    @staticmethod
    def _row(form: QFormLayout, text: str, field: QWidget, *under: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(field)
        field.setAccessibleName(text.replace("&", ""))
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(field)
        for widget in under:
            column.addWidget(widget)
        form.addRow(label, column)

    def source(self) -> Source:
        return self.sources[str(self.source_combo.currentData())]

    def _source_changed(self) -> None:
        source = self.source()
        self.verifier_hint.setText(
            f"Money is expected in {source.label}: type the user name of the second person "
            "who verifies the cash list." if source.money_expected else
            f"No money is expected in {source.label}: a verifier is optional.")
        for error in self.errors.values():
            error.clear_message()

    def submit(self) -> None:
        """OK: open the tray on the worker; a refusal stays on the form with what was typed."""
        if not self.ok_button.isEnabled():
            return
        for error in (*self.errors.values(), self.general_error):
            error.clear_message()
        b, actor, found, source = self.backend, self.actor, self.profile, self.source()
        verifier = self.verifier_edit.text().strip() or None
        self.ok_button.setEnabled(False)

        def done(opened: tuple[int, str]) -> None:
            session_id, number = opened
            self.opened.emit(Tray(session_id, number, source.code, source.label,
                                  verifier.casefold() if verifier else None))
            self.accept()

        self.tasks.run(lambda: intake.open_session(b.db, found, actor, source.code, verifier),
                       done, self._refused, on_finally=lambda: self.ok_button.setEnabled(True),
                       owner=self)

    def _refused(self, error: UserError) -> None:
        target = self.errors.get(error.field or "", self.general_error)
        target.show_message(error.message)
        widget = self.verifier_edit if error.field == "verifier" else self.source_combo
        widget.setFocus()
