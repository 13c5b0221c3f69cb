"""Which refusal shows where, and when.

A refusal from the live preview appears at its field once the clerk has left that field or
tried to save; never while they are still typing in it. A refusal from Save that the preview
cannot see (a check already logged, an entity not on the register) stays until its field is
edited. A path with no field of its own goes to its section ("documents[0].shares" under the
documents), and one with no section to the line under Save.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QWidget

from workstation.ui.mail.lines import LineSection
from workstation.ui.widgets.field_error import FieldError

Problems = list[tuple[str, str]]


class Refusals:
    def __init__(self, general: FieldError, sections: Iterable[LineSection]):
        self.general = general
        self.sections = tuple(sections)
        self.errors: dict[QWidget, FieldError] = {}  # the form's own fields (not the lines')
        self.touched: set[QWidget] = set()
        self.save_tried = False
        self.paths: dict[str, QWidget] = {}  # field path of the last reading -> its widget
        self._sticky: set[QWidget] = set()

    def add(self, widget: QWidget, error: FieldError) -> None:
        self.errors[widget] = error

    def edited(self, widget: QWidget) -> None:
        """The clerk is changing ``widget``: a refusal Save left there goes."""
        if widget in self._sticky:
            self._sticky.discard(widget)
            self.error_for(widget).clear_message()

    def forget(self, widgets: Iterable[QWidget]) -> None:
        """A line was removed."""
        gone = set(widgets)
        self.touched -= gone
        self._sticky -= gone

    def widget_for(self, path: str) -> QWidget | None:
        if path in self.paths:
            return self.paths[path]
        return next((s for s in self.sections if path.startswith(s.objectName())), None)

    def error_for(self, widget: QWidget) -> FieldError:
        if widget in self.errors:
            return self.errors[widget]
        for section in self.sections:
            line = section.line_of(widget)
            if line is not None:
                return next(line.errors[k] for k, w in line.fields.items() if w is widget)
        return self.general

    def _slots(self) -> list[tuple[QWidget, FieldError]]:
        slots = list(self.errors.items())
        for section in self.sections:
            for line in section.lines:
                slots += [(w, line.errors[k]) for k, w in line.fields.items()]
        return slots

    def _may_show(self, widget: QWidget) -> bool:
        if self.save_tried or widget in self.touched:
            return True
        if isinstance(widget, LineSection):  # a whole-section refusal: once a line was left
            return any(w in self.touched for line in widget.lines for w in line.fields.values())
        return False

    def show_preview(self, problems: Problems) -> None:
        """The preview's refusals at the fields the clerk may hear about now; the others go,
        except those Save left."""
        wanted: dict[QWidget, str] = {}
        for path, message in problems:
            widget = self.widget_for(path)
            if widget is not None and self._may_show(widget):
                wanted.setdefault(widget, message)
        for widget, error in self._slots():
            if widget in self._sticky:
                continue
            if widget in wanted:
                error.show_message(wanted[widget])
            elif error.text():
                error.clear_message()

    def show_save(self, problems: Problems, sticky: set[str]) -> QWidget | None:
        """Save's refusals, each at its field; those on ``sticky`` paths stay until edited.
        Returns the first field refused, for the focus."""
        self.save_tried = True
        self.general.clear_message()
        first: QWidget | None = None
        for path, message in problems:
            widget = self.widget_for(path)
            error = self.error_for(widget) if widget is not None else self.general
            shown = message
            if error is self.general and self.general.text():
                shown = f"{self.general.text()}\n{message}"
            error.show_message(shown)
            if widget is not None and path in sticky:
                self._sticky.add(widget)
            if first is None and widget is not None:
                first = widget
        return first

    def reset(self) -> None:
        """A new envelope: nothing touched, nothing refused."""
        self.touched.clear()
        self._sticky.clear()
        self.save_tried = False
        for _, error in self._slots():
            error.clear_message()
        self.general.clear_message()
