"""Logging: a rotating file in the user log dir, a ring buffer for the crash dialog, faulthandler.

Named loggers per subsystem (``workstation.db``, ``workstation.auth``, ``workstation.qt`` ...).
Qt's own messages are routed here by ``workstation.ui.logbridge``.
"""

from __future__ import annotations

import collections
import faulthandler
import logging
import logging.handlers
from typing import IO

from workstation.paths import Locations

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
_fault_file: IO[str] | None = None


class RingBuffer(logging.Handler):
    """The last ``capacity`` formatted log lines, kept in memory for the crash report."""

    def __init__(self, capacity: int = 500):
        super().__init__(logging.DEBUG)
        self._lines: collections.deque[str] = collections.deque(maxlen=capacity)
        self.setFormatter(logging.Formatter(FORMAT))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._lines.append(self.format(record))
        except Exception:  # a logging handler must never raise
            self.handleError(record)

    def lines(self) -> list[str]:
        return list(self._lines)


_ring = RingBuffer()


def ring_buffer() -> RingBuffer:
    return _ring


def setup_logging(locations: Locations, level: str = "INFO", *,
                  console: bool = False) -> RingBuffer:
    """Install the file, ring-buffer (and optionally console) handlers on the root logger."""
    locations.log_dir.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    root.setLevel(logging.DEBUG)
    for handler in list(root.handlers):
        if getattr(handler, "_workstation", False):
            root.removeHandler(handler)
            handler.close()
    file_handler = logging.handlers.RotatingFileHandler(
        locations.log_file, maxBytes=5_000_000, backupCount=5, encoding="utf-8")
    file_handler.setFormatter(logging.Formatter(FORMAT))
    file_handler.setLevel(getattr(logging, level.upper(), logging.INFO))
    handlers: list[logging.Handler] = [file_handler, _ring]
    if console:
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        stream.setLevel(logging.WARNING)
        handlers.append(stream)
    for handler in handlers:
        handler._workstation = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    _enable_faulthandler(locations)
    return _ring


def _enable_faulthandler(locations: Locations) -> None:
    """Hard crashes (segfaults in Qt, say) leave a traceback in faulthandler.log."""
    global _fault_file  # noqa: PLW0603 - the file must outlive this call for faulthandler
    if _fault_file is not None:
        return
    _fault_file = open(locations.faulthandler_file, "a", encoding="utf-8")  # noqa: SIM115
    faulthandler.enable(_fault_file)


def previous_crash(locations: Locations) -> str:
    """What faulthandler wrote during an earlier run (shown once at the next start), then clear."""
    path = locations.faulthandler_file
    if _fault_file is not None or not path.is_file():
        return ""
    text = path.read_text(encoding="utf-8", errors="replace").strip()
    path.write_text("", encoding="utf-8")
    return text
