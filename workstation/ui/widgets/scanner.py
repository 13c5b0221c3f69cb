"""The keyboard-wedge barcode scanner: one application-level event filter that emits ``scanned``.

A wedge scanner "types" the code as keystrokes into whatever has focus. ``install(app)`` puts
one ``ScanFilter`` on the application; screens connect to its ``scanned(code)`` signal and
nobody else looks at keystrokes for codes.

Two ways of telling a scan from typing, both on by default:

* **Prefix** (the reliable one): the scanner is programmed to send a prefix key (F12 by
  default, or e.g. Ctrl+], or a control character such as STX) before the code and Enter after
  it. The keys in between are swallowed, so nothing reaches the focused field. If the keys stop
  coming (``key_timeout_ms``), or the code does not match ``pattern``, what was held back is
  typed into the focused widget after all: a clerk who pressed F12 by mistake loses nothing.
* **Timing** (the fallback for scanners that cannot be programmed): at least ``min_burst``
  printable characters, each within ``burst_gap_ms`` of the one before, then Enter. Those
  characters have already reached the focused widget by then, so a ``QLineEdit`` that received
  them gets its text and cursor back as they were before the burst, and the Enter is swallowed
  (it would otherwise submit the form). People do not type six keys 30 ms apart.

Only codes matching ``pattern`` count; anything else goes on to the widget untouched.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QEvent, QKeyCombination, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

log = logging.getLogger("workstation.ui.scanner")

Clock = Callable[[], int]  # milliseconds, only ever compared with each other

_KEY_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.KeyRelease,
                         QEvent.Type.ShortcutOverride})
_ENTER_KEYS = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter})
_MODIFIER_KEYS = frozenset({
    Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta,
    Qt.Key.Key_AltGr, Qt.Key.Key_CapsLock, Qt.Key.Key_NumLock,
})
_CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


@dataclass(frozen=True)
class ScanConfig:
    """How the counter's scanners are programmed (settings may override each field)."""

    prefix_key: str = "F12"  # QKeySequence portable text ("Ctrl+]"); "" for none
    prefix_char: str = ""  # a character the scanner sends first, e.g. "\x02" (STX); "" for none
    suffix_char: str = ""  # ends a prefixed code like Enter does, e.g. "\x03" (ETX)
    pattern: str = r"^[A-Z0-9-]{6,32}$"
    key_timeout_ms: int = 100  # prefix mode: a longer pause between keys means it was a person
    timing_fallback: bool = True
    burst_gap_ms: int = 30
    min_burst: int = 6

    def __post_init__(self) -> None:
        if self.prefix_key and _prefix_combination(self.prefix_key) is None:
            raise ValueError(f"prefix_key {self.prefix_key!r} is not one key (e.g. 'F12')")
        if self.min_burst < 2 or self.burst_gap_ms <= 0 or self.key_timeout_ms <= 0:
            raise ValueError("min_burst must be at least 2 and the times positive")
        try:
            re.compile(self.pattern)
        except re.error as exc:
            raise ValueError(f"pattern {self.pattern!r} is not a regular expression: {exc}") \
                from exc


def _prefix_combination(text: str) -> QKeyCombination | None:
    """The one key (with modifiers) that ``text`` names, or None if it names anything else."""
    sequence = QKeySequence(text)
    if sequence.count() != 1 or not sequence.toString():
        return None
    combination: QKeyCombination = sequence[0]  # type: ignore[index]  # stubs lack __getitem__
    if combination.key() == Qt.Key.Key_unknown or combination.key() in _MODIFIER_KEYS:
        return None
    return combination


@dataclass(frozen=True)
class _Key:
    """A keystroke held back in prefix mode, to be typed after all if it was not a scan."""

    key: int
    modifiers: Qt.KeyboardModifier
    text: str

    @classmethod
    def of(cls, event: QKeyEvent) -> _Key:
        return cls(event.key(), event.modifiers(), event.text())


@dataclass
class _Burst:
    """Characters arriving fast at one widget, and how its line edit looked before them."""

    receiver: QWidget
    last_ms: int
    chars: list[str] = field(default_factory=list)
    edit: QLineEdit | None = None
    text: str = ""
    cursor: int = 0
    selection: tuple[int, int] | None = None  # (start, length) if text was selected
    modified: bool = False

    @classmethod
    def at(cls, receiver: QWidget, now: int) -> _Burst:
        burst = cls(receiver, now)
        if isinstance(receiver, QLineEdit):
            burst.edit = receiver
            burst.text = receiver.text()
            burst.cursor = receiver.cursorPosition()
            burst.modified = receiver.isModified()
            if receiver.hasSelectedText():
                burst.selection = (receiver.selectionStart(), len(receiver.selectedText()))
        return burst

    def restore(self) -> None:
        """Put the line edit back as it was before the first character of the burst."""
        if self.edit is None:
            return
        self.edit.setText(self.text)
        self.edit.setModified(self.modified)
        if self.selection is None:
            self.edit.setCursorPosition(self.cursor)
        else:
            self.edit.setSelection(*self.selection)


def _monotonic_ms() -> int:
    return time.monotonic_ns() // 1_000_000


def _is_printable(event: QKeyEvent) -> bool:
    text = event.text()
    if len(text) != 1 or not text.isprintable() or event.isAutoRepeat():
        return False
    mods = event.modifiers()
    # Ctrl+Alt together is AltGr on Windows layouts and still types a character.
    return not (mods & _CTRL_ALT) or (mods & _CTRL_ALT) == _CTRL_ALT


class ScanFilter(QObject):
    """Recognises wedge-scanner input anywhere in the program and emits ``scanned`` once."""

    scanned = Signal(str)

    def __init__(self, config: ScanConfig | None = None, parent: QObject | None = None, *,
                 clock: Clock | None = None):
        super().__init__(parent)
        self.config = config or ScanConfig()
        self._pattern = re.compile(self.config.pattern)
        self._prefix = _prefix_combination(self.config.prefix_key)
        self._clock = clock
        self._capture: list[_Key] | None = None  # prefix mode: keys held back since the prefix
        self._capture_ms = 0
        self._burst: _Burst | None = None
        self._replaying = False

    def uninstall(self) -> None:
        """Stop watching keystrokes (sign-out, tests)."""
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.setParent(None)
        self._capture = None
        self._burst = None

    # ------------------------------------------------------------------ event filter

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._replaying or event.type() not in _KEY_EVENTS:
            return False
        # The same key event reaches the window, the focused widget and, if ignored, its
        # parents; only its first widget receiver is looked at, so a key is counted once.
        if not isinstance(watched, QWidget) or not _is_key_target(watched):
            return False
        assert isinstance(event, QKeyEvent)
        if event.type() == QEvent.Type.ShortcutOverride:
            return self._claim_shortcut(watched, event)
        if event.type() == QEvent.Type.KeyRelease:
            return self._capture is not None
        return self._key_press(watched, event)

    def _now(self, event: QKeyEvent) -> int:
        if self._clock is not None:
            return self._clock()
        # The window system's own time of the keystroke, when there is one: keys a person typed
        # while the program was busy arrive together but keep their real spacing.
        return event.timestamp() or _monotonic_ms()

    def _claim_shortcut(self, receiver: QWidget, event: QKeyEvent) -> bool:
        """Keys of a scan must not trigger shortcuts (F12, letters, Enter) on their way in."""
        claim = (self._capture is not None or self._is_prefix(event)
                 or (event.key() in _ENTER_KEYS and self._burst_code(receiver) is not None))
        if claim:
            event.accept()
        return claim

    def _key_press(self, receiver: QWidget, event: QKeyEvent) -> bool:
        now = self._now(event)
        if self._capture is not None:
            if 0 <= now - self._capture_ms <= self.config.key_timeout_ms:
                return self._capture_key(event, now)
            log.debug("prefix seen but the keys stopped coming; typing them after all")
            self._give_back(self._capture)
        if self._is_prefix(event):
            self._capture, self._capture_ms, self._burst = [], now, None
            return True
        if self.config.timing_fallback:
            return self._burst_key(receiver, event, now)
        return False

    # ------------------------------------------------------------------ prefix mode

    def _is_prefix(self, event: QKeyEvent) -> bool:
        if self.config.prefix_char and event.text() == self.config.prefix_char:
            return True
        if self._prefix is None:
            return False
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        return (event.key() == self._prefix.key()
                and modifiers == self._prefix.keyboardModifiers())

    def _capture_key(self, event: QKeyEvent, now: int) -> bool:
        assert self._capture is not None
        self._capture_ms = now
        if event.key() in _ENTER_KEYS or (
                self.config.suffix_char and event.text() == self.config.suffix_char):
            keys, self._capture = self._capture, None
            code = "".join(key.text for key in keys)
            if self._pattern.match(code):
                self._emit(code, "prefix")
                return True
            log.debug("prefixed input is not a code (%d characters); typed as is", len(code))
            self._give_back(keys)
            return False  # and the Enter goes on after it, as it would have
        if event.key() in _MODIFIER_KEYS:
            return True
        if _is_printable(event):
            self._capture.append(_Key.of(event))
            return True
        # Escape, Tab, Backspace, arrows: not part of a code, so not a scan after all.
        keys, self._capture = self._capture, None
        self._give_back(keys)
        return False

    def _give_back(self, keys: list[_Key]) -> None:
        """Type held-back keys into the widget that has the keyboard, as if never filtered."""
        self._capture = None
        target = _key_target()
        if target is None or not keys:
            return
        self._replaying = True
        try:
            for key in keys:
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QCoreApplication.sendEvent(
                        target, QKeyEvent(kind, key.key, key.modifiers, key.text))
        finally:
            self._replaying = False

    # ------------------------------------------------------------------ timing mode

    def _burst_key(self, receiver: QWidget, event: QKeyEvent, now: int) -> bool:
        if event.key() in _ENTER_KEYS:
            burst, code = self._burst, self._burst_code(receiver)
            self._burst = None
            if burst is None or code is None or not self._recent(burst.last_ms, now):
                return False
            burst.restore()
            self._emit(code, "timing")
            return True
        if event.key() in _MODIFIER_KEYS:
            return False  # a scanner presses Shift for capitals; that does not end the burst
        if not _is_printable(event):
            self._burst = None
            return False
        burst = self._burst
        if burst is None or burst.receiver is not receiver or not self._recent(burst.last_ms, now):
            burst = self._burst = _Burst.at(receiver, now)
        burst.chars.append(event.text())
        burst.last_ms = now
        return False

    def _burst_code(self, receiver: QWidget) -> str | None:
        """The code the burst at ``receiver`` spells, if it is long enough and a code at all."""
        burst = self._burst
        if burst is None or burst.receiver is not receiver:
            return None
        code = "".join(burst.chars)
        if len(code) < self.config.min_burst or not self._pattern.match(code):
            return None
        return code

    def _recent(self, then: int, now: int) -> bool:
        return 0 <= now - then <= self.config.burst_gap_ms

    def _emit(self, code: str, how: str) -> None:
        log.debug("scan recognised (%s, %d characters)", how, len(code))
        self.scanned.emit(code)


def _key_target() -> QWidget | None:
    """The widget a key event goes to first: grabber, popup's focus, or the focus widget."""
    grabber = QWidget.keyboardGrabber()
    if grabber is not None:
        return grabber
    popup = QApplication.activePopupWidget()
    if popup is not None:
        return popup.focusWidget() or popup
    return QApplication.focusWidget()


def _is_key_target(widget: QWidget) -> bool:
    target = _key_target()
    return widget is target if target is not None else widget.isWindow()


def install(app: QCoreApplication, config: ScanConfig | None = None, *,
            clock: Clock | None = None) -> ScanFilter:
    """Put the one scan filter on ``app`` and return it; refuses a second one (RuntimeError)."""
    if installed(app) is not None:
        raise RuntimeError("a ScanFilter is already installed; connect to its scanned signal")
    scan_filter = ScanFilter(config, app, clock=clock)
    app.installEventFilter(scan_filter)
    return scan_filter


def installed(app: QCoreApplication) -> ScanFilter | None:
    """The scan filter on ``app``, for a screen that wants to connect to ``scanned``."""
    return app.findChild(ScanFilter)
