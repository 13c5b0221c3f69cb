"""The clocks strip of an inquiry's window: one label per clock (acknowledge, first response,
resolve, statutory), its due time and what is left of it in business time.

"First response · due Tue 1 Dec 10:00 a.m. · in 6 business days". Colour never says a thing
alone: an overdue clock says "overdue", a paused one "paused", a stopped one "met". Hovering a
clock shows its explanation (``ClockState.explanation``): why it is due then.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from workstation.domain.calendar import OfficeCalendar
from workstation.domain.calendar_explain import format_moment
from workstation.domain.inquiry_clocks import ClockState
from workstation.ui import theme

# (text, background, border) per state of a clock.
STYLES = {
    "running": ("#1f2328", "#eef3fa", "#c5d3e6"),
    "overdue": (theme.ERROR_TEXT, "#fdecea", "#f1b5b0"),
    "paused": (theme.URGENT_TEXT, "#fff6e5", "#f0d29a"),
    "met": (theme.MUTED_TEXT, "#f1f3f4", "#d5d8dc"),
    "late": (theme.ERROR_TEXT, "#f1f3f4", "#e3b7b3"),
}


def business_day_length(calendar: OfficeCalendar) -> timedelta:
    """The longest business day of the week (Ohio's 9 hours): what "a business day" counts."""
    longest = timedelta()
    for frames in calendar.hours:
        total = sum((datetime.combine(datetime.min, f.end) - datetime.combine(datetime.min,
                                                                             f.start)
                     for f in frames), timedelta())
        longest = max(longest, total)
    return longest


def span_words(span: timedelta, day: timedelta) -> str:
    """Business time in words: "6 business days", "1 business day", "3 h 10 min", "20 min"."""
    if day > timedelta() and span >= day:
        days = int(span // day)
        return f"{days} business day{'s' if days != 1 else ''}"
    minutes = max(0, int(span.total_seconds() // 60))
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"


def clock_state(state: ClockState) -> str:
    """One of STYLES' keys."""
    if not state.running:
        return "late" if state.breached else "met"
    if state.breached:
        return "overdue"
    return "paused" if state.paused else "running"


def clock_text(state: ClockState, now: datetime, calendar: OfficeCalendar) -> str:
    """The label's words, the countdown counted in business time from ``now``."""
    due = format_moment(state.due_at.astimezone(calendar.zone))
    day = business_day_length(calendar)
    kind = clock_state(state)
    if kind in ("met", "late") and state.stopped_at is not None:
        stopped = format_moment(state.stopped_at.astimezone(calendar.zone))
        if kind == "late":
            return f"{state.label} · met late {stopped} · was due {due}"
        return f"{state.label} · met {stopped}"
    if kind == "overdue":
        late = calendar.business_time_between(state.due_at, now)
        by = f" by {span_words(late, day)}" if late >= timedelta(minutes=1) else ""
        return f"{state.label} · due {due} · overdue{by}"
    left = span_words(calendar.business_time_between(now, state.due_at), day)
    if kind == "paused":
        return f"{state.label} · paused · {left} left"
    return f"{state.label} · due {due} · in {left}"


class ClocksStrip(QWidget):
    """A row of clock labels; ``labels`` by clock role, for the tests and the screen reader."""

    def __init__(self, calendar: OfficeCalendar, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("inquiryClocks")
        self.calendar = calendar
        self.labels: dict[str, QLabel] = {}
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(6)
        self.none = QLabel("No clock runs for this inquiry.")
        self.none.setStyleSheet(f"color: {theme.MUTED_TEXT};")
        self.row.addWidget(self.none)
        self.row.addStretch(1)

    def show_clocks(self, states: Sequence[ClockState], now: datetime) -> None:
        """One label per clock; the labels are kept while the clocks are the same ones, so a
        heartbeat's reload does not take a tooltip away from under the mouse."""
        if [s.role for s in states] != list(self.labels):
            for old in self.labels.values():
                self.row.removeWidget(old)
                old.deleteLater()
            self.labels = {}
            for index, state in enumerate(states):
                label = QLabel()
                label.setObjectName(f"clock_{state.role}")
                label.setTextFormat(Qt.TextFormat.PlainText)
                self.row.insertWidget(index + 1, label)
                self.labels[state.role] = label
        self.none.setVisible(not states)
        for state in states:
            label, kind = self.labels[state.role], clock_state(state)
            label.setText(clock_text(state, now, self.calendar))
            label.setProperty("state", kind)
            label.setToolTip(self._tooltip(state))
            text, back, border = STYLES[kind]
            label.setStyleSheet(f"QLabel {{ color: {text}; background: {back}; border: 1px solid "
                                f"{border}; border-radius: 3px; padding: 2px 6px; }}")

    def _tooltip(self, state: ClockState) -> str:
        kind = "a deadline" if state.kind == "deadline" else "a target"
        return f"{state.label} ({kind}): {state.explanation}"
