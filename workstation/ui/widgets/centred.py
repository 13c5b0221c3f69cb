"""A readable column in the middle of a large page.

Word-wrapped labels only get their right height when the layout gives them a width, which
an alignment flag on ``addWidget`` prevents (the label is squeezed to its one-line size hint
and the text is clipped). So the column is sized by stretch factors instead, and capped at a
comfortable reading measure.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget


def centred_page(page: QWidget, column: QWidget, measure_chars: int = 96) -> None:
    """Lay ``page`` out with ``column`` in the middle, a little above the vertical centre."""
    column.setMaximumWidth(page.fontMetrics().averageCharWidth() * measure_chars)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(column, 4)
    row.addStretch(1)
    outer = QVBoxLayout(page)
    outer.addStretch(2)
    outer.addLayout(row)
    outer.addStretch(3)
