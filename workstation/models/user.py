"""A person who signs in: clerk, senior clerk, lead, supervisor or admin."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from workstation.domain.roles import Role
from workstation.models.base import Base, Versioned
from workstation.models.types import UTCDateTime

_ROLE_VALUES = ", ".join(f"'{r.value}'" for r in Role)


class User(Versioned, Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(f"role IN ({_ROLE_VALUES})", name="role_known"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Stored case-folded: "JSmith" and "jsmith" are one account.
    username: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    full_name: Mapped[str] = mapped_column(String(200), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    @property
    def role_enum(self) -> Role:
        return Role(self.role)
