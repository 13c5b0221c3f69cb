"""Saving a file where the clerk chooses (a PDF copy, a report's CSV, the calendar's .ics): the
save dialog starts in the home folder with the file's own name, and a disk that refuses is said
on the window's message line; the clerk picks another place and nothing else is lost."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from workstation.ui.widgets.field_error import FieldError


def choose_path(parent: QWidget, title: str, file_name: str, kinds: str) -> Path | None:
    """Where to save ``file_name`` (``kinds``: the dialog's filter, "CSV (*.csv)"); None when
    the clerk cancels."""
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(Path.home() / file_name), kinds)
    return Path(chosen) if chosen else None


def write_chosen(path: Path, data: bytes, what: str, message: FieldError,
                 done: str = "") -> bool:
    """``data`` at ``path``; ``what`` names it for a refusal ("The CSV could not be written
    ..."), ``done`` is said when written (nothing: the message line is cleared)."""
    try:
        path.write_bytes(data)
    except OSError as exc:
        message.show_message(f"The {what} could not be written to {path}: "
                             f"{exc.strerror or exc}.")
        return False
    if done:
        message.show_message(done)
    else:
        message.clear_message()
    return True
