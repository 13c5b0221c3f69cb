"""What a tab shows before there is anything in it: an icon, a title and what will appear there.

An empty tab should still teach: a new clerk reads, in the office's own words, what this screen
is for and what fills it, instead of staring at a blank table.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from workstation.ui import theme


class EmptyState(QWidget):
    """A centred icon, a bold title and a few lines of explanation."""

    def __init__(self, icon: QIcon, title: str, lines: Sequence[str],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.title_label = QLabel(title)
        self.title_label.setObjectName("emptyStateTitle")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.title_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self._icon_label(icon), 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(self.fontMetrics().height())
        layout.addWidget(self.title_label, 0, Qt.AlignmentFlag.AlignHCenter)
        self.line_labels = [self._line_label(text) for text in lines]
        for label in self.line_labels:
            layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)

    def _icon_label(self, icon: QIcon) -> QLabel:
        # Sized from the font, so the picture grows with the clerk's display scaling.
        side = self.fontMetrics().height() * 5
        label = QLabel()
        label.setObjectName("emptyStateIcon")
        label.setPixmap(icon.pixmap(QSize(side, side), self.devicePixelRatioF()))
        return label

    def _line_label(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        label.setStyleSheet(f"color: {theme.MUTED_TEXT};")
        # Long lines read badly across a wide monitor: keep a paragraph to a comfortable measure.
        label.setMaximumWidth(self.fontMetrics().averageCharWidth() * 90)
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        return label

    @property
    def title(self) -> str:
        return self.title_label.text()
