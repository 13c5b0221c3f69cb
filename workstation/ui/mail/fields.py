"""The small widgets of the envelope form that behave a little differently from Qt's own.

* ``ArrivalEdit``: a date and time that follows the clock until the clerk changes it, and whose
  Tab leaves the field (Qt's date edit steps through its sections on Tab, which would cost a
  clerk four extra keystrokes per envelope).
* ``SpeedCombo``: regular or expedite 1/2/3; the digit keys 0-3 choose directly.
* ``FilingTypeEdit``: a line edit completing filing types by code, form number or words.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QDateTime, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QCompleter, QDateTimeEdit, QLineEdit, QWidget

from workstation.domain.filing_types import FilingCatalogue
from workstation.ui.mail.models import FilingTypeModel

SPEEDS = (("regular", "Regular"), ("expedite_1", "Expedite 1"), ("expedite_2", "Expedite 2"),
          ("expedite_3", "Expedite 3"))
KeyRelay = Callable[[QKeyEvent], bool]  # True: the key was a shortcut and has been acted on


class ArrivalEdit(QDateTimeEdit):
    """When the envelope arrived; shows "now" until the clerk types another time."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDisplayFormat("yyyy-MM-dd HH:mm")
        self._following = True
        self.dateTimeChanged.connect(self._edited)
        self.follow_clock()

    @property
    def following_clock(self) -> bool:
        return self._following

    def follow_clock(self) -> None:
        """Back to "now" (the form is cleared for the next envelope)."""
        self._following = True
        self.tick()

    def tick(self) -> None:
        """Move the shown time on, unless the clerk has typed one."""
        if self._following:
            self.blockSignals(True)
            self.setDateTime(QDateTime.currentDateTime())
            self.blockSignals(False)

    def arrived_at(self) -> datetime:
        """An aware datetime: this instant when following the clock, else the typed minute."""
        if self._following:
            return datetime.now().astimezone()
        typed = self.dateTime().toPython()
        assert isinstance(typed, datetime)
        return typed.replace(second=0, microsecond=0).astimezone()

    def _edited(self, _value: QDateTime) -> None:
        self._following = False

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab leaves the field; arrows and typed separators move between its sections.
        return QWidget.focusNextPrevChild(self, next)


class SpeedCombo(QComboBox):
    """The speed the customer asked for. 0 is regular, 1-3 the expedite levels."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        for code, label in SPEEDS:
            self.addItem(label, code)
        self.setToolTip("Type 0 for regular, 1, 2 or 3 for the expedite level.")

    def code(self) -> str:
        return str(self.currentData())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        digit = event.text()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if digit in ("0", "1", "2", "3") and plain:
            self.setCurrentIndex(int(digit))
            return
        super().keyPressEvent(event)


class FilingTypeEdit(QLineEdit):
    """What the clerk types for a document: a code, a form number or words of its name.

    The completer lists the catalogue's best matches; choosing one puts its code in the field.
    Shortcuts pressed while the list is open are handed to ``relay`` (an open popup would
    otherwise swallow Ctrl+S).
    """

    def __init__(self, catalogue: FilingCatalogue, parent: QWidget | None = None):
        super().__init__(parent)
        self._catalogue = catalogue
        self._relay: KeyRelay | None = None
        self.matches = FilingTypeModel(self)
        completer = QCompleter(self.matches, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCompletionRole(Qt.ItemDataRole.EditRole)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(FilingTypeModel.LIMIT)
        self.setCompleter(completer)
        popup = completer.popup()
        assert popup is not None  # a completer always has its list
        self.popup: QWidget = popup
        popup.installEventFilter(self)
        self.textEdited.connect(self._find)
        self.setPlaceholderText("Code, form number or words")

    def set_relay(self, relay: KeyRelay) -> None:
        self._relay = relay

    def _find(self, text: str) -> None:
        self.matches.set_types(self._catalogue.find(text) if text.strip() else [])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier
                and self._relay is not None and self._relay(event)):
            self.popup.hide()
            return True
        return super().eventFilter(watched, event)


def parse_postmark(text: str, today: date) -> date | None:
    """The postmark as typed: "10/28/2026", "10/28/26", "10/28" (the latest such day not after
    today) or "2026-10-28"; None when blank. ValueError says what to type."""
    value = text.strip()
    if not value:
        return None
    try:
        if "-" in value:
            return date.fromisoformat(value)
        parts = [int(p) for p in value.split("/")]
        if len(parts) == 2:
            found = date(today.year, parts[0], parts[1])
            return found if found <= today else found.replace(year=today.year - 1)
        if len(parts) == 3:
            year = parts[2] + 2000 if parts[2] < 100 else parts[2]
            return date(year, parts[0], parts[1])
    except ValueError:
        pass
    raise ValueError("Type the postmark as month/day or month/day/year, e.g. 10/28/2026.")
