"""The few field and table shapes the receipt form and its payment box are made of, built one
way: a placeholder that is also the field's accessible name, amounts in a ``MoneyEdit`` (never a
float), and tables that select whole rows and keep one line a row."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView

from workstation.ui.teller.models import ChecksModel, LinesModel
from workstation.ui.widgets.money_edit import MoneyEdit


def line_edit(name: str, hint: str, chars: int = 0) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(hint)
    edit.setAccessibleName(hint)
    if chars:
        edit.setMaximumWidth(edit.fontMetrics().averageCharWidth() * chars)
    return edit


def money_edit(name: str, hint: str) -> MoneyEdit:
    edit = MoneyEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(hint)
    edit.setMaximumWidth(edit.fontMetrics().averageCharWidth() * 14)
    return edit


def row_table(model: LinesModel | ChecksModel, name: str, rows: int) -> QTableView:
    """A table of whole rows, at least ``rows`` high; Tab leaves it (no cell-to-cell walk)."""
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.setWordWrap(False)  # one line a row; the whole text is the cell's tooltip
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.setMinimumHeight(table.fontMetrics().height() * (rows + 2))
    table.setTabKeyNavigation(False)
    return table
