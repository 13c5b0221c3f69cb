"""What a tab shows before there is anything in it: an icon, a title and what will appear there.

An empty tab should still teach: a new clerk reads, in the office's own words, what this screen
is for and what fills it, instead of staring at a blank table.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from workstation.ui import theme
from workstation.ui.widgets.centred import centred_page


class EmptyState(QWidget):
    """A centred icon, a bold title and a few lines of explanation."""

    def __init__(self, icon: QIcon, title: str, lines: Sequence[str],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.title_label = self._label(title, "emptyStateTitle")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title_label.setFont(font)
        self.line_labels = [self._label(text, "emptyStateLine") for text in lines]
        for label in self.line_labels:
            label.setStyleSheet(f"color: {theme.MUTED_TEXT};")
            body = label.font()
            body.setPointSizeF(body.pointSizeF() * 1.1)  # read from arm's length at the counter
            label.setFont(body)

        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setSpacing(self.fontMetrics().height() // 2)
        layout.addWidget(self._icon_label(icon))
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addWidget(self.title_label)
        for label in self.line_labels:
            layout.addWidget(label)
        centred_page(self, column)

    def _icon_label(self, icon: QIcon) -> QLabel:
        # Sized from the font, so the picture grows with the clerk's display scaling.
        side = self.fontMetrics().height() * 5
        label = QLabel()
        label.setObjectName("emptyStateIcon")
        label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        label.setPixmap(icon.pixmap(QSize(side, side), self.devicePixelRatioF()))
        return label

    @staticmethod
    def _label(text: str, name: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        return label

    @property
    def title(self) -> str:
        return self.title_label.text()
