"""Gapless number series: control, receipt, batch, certificate numbers (DESIGN.md section 3).

A number is taken by ``UPDATE number_series SET last_value = last_value + 1 ... RETURNING`` in the
same transaction that uses it: the row lock serialises takers, and a rollback gives the number
back, so the series has no gaps and no duplicates.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from workstation.models.base import Base


class NumberSeries(Base):
    __tablename__ = "number_series"

    series: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_value: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
