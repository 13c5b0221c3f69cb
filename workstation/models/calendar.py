"""Recurring office work a lead puts on the calendar of due dates (issue 9), and the record of
each occurrence done.

A task says *when* it recurs (``rule``: weekly on a weekday, monthly on a day of the month, the
first or the last business day of each month); the occurrence dates themselves are worked out
from the office calendar by ``domain.due_dates``, never stored. A task is retired, not deleted
(``active`` false), so the record of what was done stays readable. An occurrence marked done is
an appended row, one per task and occurrence date (app role: INSERT and SELECT only,
``db.grants``); a mistaken mark is answered by a note, not an edit.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from workstation.models.base import Base, Versioned
from workstation.models.types import UTCDateTime, utcnow

RECURRENCE_RULES = ("weekly", "monthly", "first_business_day", "last_business_day")
_RULE_VALUES = ", ".join(f"'{rule}'" for rule in RECURRENCE_RULES)


class RecurringTask(Versioned, Base):
    """Work that comes back on a rule: "balance the suspense account every Monday", "send the
    UCC lapse list on the first business day of the month". ``assignee`` is a username, or None
    for the whole office (the team)."""

    __tablename__ = "recurring_tasks"
    __table_args__ = (
        CheckConstraint(f"rule IN ({_RULE_VALUES})", name="rule_known"),
        CheckConstraint("weekday IS NULL OR (weekday >= 0 AND weekday <= 6)",
                        name="weekday_range"),
        CheckConstraint("day_of_month IS NULL OR (day_of_month >= 1 AND day_of_month <= 31)",
                        name="day_of_month_range"),
        Index("ix_recurring_tasks_active", "active", "starts_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    rule: Mapped[str] = mapped_column(String(20), nullable=False)
    weekday: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 0 = Monday; weekly
    day_of_month: Mapped[int | None] = mapped_column(Integer, nullable=True)  # monthly
    assignee: Mapped[str | None] = mapped_column(String(64), nullable=True)  # None: the team
    starts_on: Mapped[date] = mapped_column(Date, nullable=False)
    ends_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)


class RecurringTaskDone(Base):
    """One occurrence of a recurring task marked done: by whom, when, with an optional note.
    Appended, never edited; the unique key keeps two workstations from marking one occurrence
    twice."""

    __tablename__ = "recurring_tasks_done"
    __table_args__ = (
        UniqueConstraint("task_id", "occurrence", name="uq_recurring_tasks_done_occurrence"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("recurring_tasks.id"), nullable=False)
    occurrence: Mapped[date] = mapped_column(Date, nullable=False)  # the day it fell due
    done_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    done_by: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
