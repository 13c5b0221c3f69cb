"""The one field money is typed into: a shape validator while typing, ``parse_cents`` for the value.

The validator only decides what may be typed (ASCII digits, an optional ``$``, thousands commas
in their places, one decimal point, at most two decimals, a minus where negatives are allowed);
the amount itself always comes from ``domain.money.parse_cents``, so the field, the services and
the tests agree on what "12.50" means. Never a float, never ``QDoubleValidator`` (it accepts
``1e3``, follows the locale's separators and yields a float).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import cast

from PySide6.QtCore import QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QDropEvent,
    QFocusEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QRegularExpressionValidator,
    QValidator,
)
from PySide6.QtWidgets import QLineEdit, QMenu, QWidget

from workstation.domain.money import MAX_CENTS, MoneyFormatError, format_cents, parse_cents

# Anchored by the validator. A string that is a prefix of a match ("-", "$", ".", "1,2") is
# Intermediate: it may stay in the field while the clerk is still typing.
_DIGITS = r"(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]{0,2})?|\.[0-9]{1,2})"
_SHAPE = r"\$?" + _DIGITS
_SIGNED_SHAPE = r"-?" + _SHAPE
_QUOTE_LIMIT = 24  # characters of refused pasted text quoted back to the clerk


class _AmountValidator(QRegularExpressionValidator):
    """The shape regex, and Acceptable only when ``parse_cents`` agrees (e.g. not too large)."""

    def __init__(self, allow_negative: bool, parent: QObject | None = None):
        super().__init__(QRegularExpression(_SIGNED_SHAPE if allow_negative else _SHAPE), parent)
        self._allow_negative = allow_negative

    def validate(self, text: str, pos: int) -> object:
        result = cast(tuple[QValidator.State, str, int], super().validate(text, pos))
        state, text, pos = result
        if state == QValidator.State.Acceptable:
            try:
                parse_cents(text, allow_negative=self._allow_negative)
            except MoneyFormatError:
                state = QValidator.State.Intermediate
        return state, text, pos


class MoneyEdit(QLineEdit):
    """A right-aligned amount field that reads and writes whole cents.

    ``centsChanged`` carries the amount (int) or None as the clerk types, for live balances;
    ``refused`` carries a message for the field when pasted or dropped text was not let in.
    """

    centsChanged = Signal(object)  # int | None
    refused = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, allow_negative: bool = False):
        super().__init__(parent)
        self._allow_negative = allow_negative
        self._pasted: str | None = None  # the text being pasted, while a paste is in progress
        self._last_cents: int | None = None
        self.setValidator(_AmountValidator(allow_negative, self))
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setPlaceholderText("0.00")
        self.textChanged.connect(self._on_text_changed)
        self.inputRejected.connect(self._on_input_rejected)

    @property
    def allow_negative(self) -> bool:
        return self._allow_negative

    def cents(self) -> int | None:
        """The amount in the field, or None when it is empty or not (yet) an amount."""
        try:
            return self._parse()
        except MoneyFormatError:
            return None

    def set_cents(self, value: int | None) -> None:
        """Show ``value`` formatted ("1,234.50"), or clear the field for None.

        Refuses (ValueError) a negative amount in a field that does not allow one, and an amount
        past ``MAX_CENTS``: those are the caller's mistakes, not the clerk's.
        """
        if value is None:
            self.clear()
            return
        if value < 0 and not self._allow_negative:
            raise ValueError(f"negative amount {value} in a field that does not allow one")
        if abs(value) > MAX_CENTS:
            raise ValueError(f"amount {value} is past the largest amount ({MAX_CENTS} cents)")
        self.setText(format_cents(value, symbol=""))

    def error(self) -> str | None:
        """Why the text is not an amount (parse_cents's message); None if it is one or is empty.

        Whether an empty field is acceptable is the form's decision, not the field's.
        """
        try:
            self._parse()
        except MoneyFormatError as exc:
            return str(exc)
        return None

    def _parse(self) -> int | None:
        text = self.text()
        if not text.strip():
            return None
        return parse_cents(text, allow_negative=self._allow_negative)

    def _on_text_changed(self, _text: str) -> None:
        value = self.cents()
        if value != self._last_cents:
            self._last_cents = value
            self.centsChanged.emit(value)

    # ------------------------------------------------------------------ focus-out formatting

    def focusOutEvent(self, event: QFocusEvent) -> None:
        # Before the base class, so editingFinished listeners already see "1,234.50". Not when a
        # popup (the context menu) takes focus: the clerk has not left the field.
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self._reformat()
        super().focusOutEvent(event)

    def _reformat(self) -> None:
        value = self.cents()
        if value is None:
            return
        formatted = format_cents(value, symbol="")
        if formatted != self.text():
            modified = self.isModified()
            self.setText(formatted)
            self.setModified(modified)

    # ------------------------------------------------------------------ pastes that are refused

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste) and not self.isReadOnly():
            self._paste_clipboard()
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.standard_menu()
        menu.exec(event.globalPos())
        menu.deleteLater()

    def standard_menu(self) -> QMenu:
        """Qt's context menu for the field, with Paste going through the refused-paste check."""
        menu = self.createStandardContextMenu()
        for action in menu.actions():
            if action.objectName() == "edit-paste":
                action.triggered.disconnect()
                action.triggered.connect(self._paste_clipboard)
        return menu

    def dropEvent(self, event: QDropEvent) -> None:
        text = event.mimeData().text() if event.mimeData().hasText() else ""
        with self._pasting(text):
            super().dropEvent(event)

    def _paste_clipboard(self) -> None:
        text = QGuiApplication.clipboard().text()
        if not text:
            return
        # Amounts copied from an e-mail or a spreadsheet often carry a space or a line break.
        with self._pasting(text):
            self.insert(text.strip())

    @contextmanager
    def _pasting(self, text: str) -> Iterator[None]:
        self._pasted = text
        try:
            yield
        finally:
            self._pasted = None

    def _on_input_rejected(self) -> None:
        # Typed keys the shape does not allow are simply not inserted; pasted text is reported.
        if self._pasted is not None:
            self.refused.emit(self._refusal_message(self._pasted))

    def _refusal_message(self, pasted: str) -> str:
        shown = " ".join(pasted.split())
        if len(shown) > _QUOTE_LIMIT:
            shown = shown[: _QUOTE_LIMIT - 1] + "…"
        try:
            parse_cents(pasted.strip(), allow_negative=self._allow_negative)
        except MoneyFormatError as exc:
            return f"“{shown}” was not pasted. {exc}"
        return f"“{shown}” was not pasted: select the amount in the field to replace it."
