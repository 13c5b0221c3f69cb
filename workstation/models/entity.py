"""A business entity on the register: corporation, LLC, partnership, trade name, reservation."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from workstation.models.base import Base, Versioned

NAME_MAX = 500  # longer names are refused at the service with a message, never truncated


class Entity(Versioned, Base):
    __tablename__ = "entities"
    __table_args__ = (
        Index("ix_entities_name_key_status", "name_key", "status"),
        Index("ix_entities_name_sort", "name_sort"),
        Index("ix_entities_expiry", "expiry_date"),  # the calendar's renewals and expiries
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The charter / entity number: an optional letter prefix and digits, e.g. "4412345".
    number: Mapped[str] = mapped_column(String(20), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(NAME_MAX), nullable=False)
    # The distinguishability key (designators, articles, punctuation... folded): availability.
    name_key: Mapped[str] = mapped_column(String(NAME_MAX), nullable=False)
    # Case-folded name for alphabetical listing and prefix search.
    name_sort: Mapped[str] = mapped_column(String(NAME_MAX), nullable=False)
    entity_type: Mapped[str] = mapped_column(String(40), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    status_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    formation_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    expiry_date: Mapped[date | None] = mapped_column(Date, nullable=True)  # reservations, licences
    agent_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    agent_street: Mapped[str | None] = mapped_column(String(200), nullable=True)
    agent_city: Mapped[str | None] = mapped_column(String(100), nullable=True)
    agent_state: Mapped[str | None] = mapped_column(String(2), nullable=True)
    agent_zip: Mapped[str | None] = mapped_column(String(10), nullable=True)
    principal_street: Mapped[str | None] = mapped_column(String(200), nullable=True)
    principal_city: Mapped[str | None] = mapped_column(String(100), nullable=True)
    principal_state: Mapped[str | None] = mapped_column(String(2), nullable=True)
    principal_zip: Mapped[str | None] = mapped_column(String(10), nullable=True)
    last_report_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    next_report_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    tax_cancellation: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    agent_missing: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    court_order: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    administrative_hold: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    @property
    def flags(self) -> frozenset[str]:
        names = ("tax_cancellation", "agent_missing", "court_order", "administrative_hold")
        return frozenset(n for n in names if getattr(self, n))
