"""Look and feel: Fusion with a light palette, and the SVG icons from resources/icons.

Fusion looks the same on every Windows version and under the offscreen platform the tests and
screenshots use, so what a reviewer sees in a screenshot is what a clerk sees at the counter.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from workstation.paths import resources_dir

# Colours with a meaning, used by more than one screen.
ERROR_TEXT = "#b3261e"  # a refusal shown under the field it concerns
MUTED_TEXT = "#5f6368"  # help lines and explanations
URGENT_TEXT = "#9a3c00"  # expedite work (always with the word EXPEDITE: never colour alone)

_LIGHT = {
    QPalette.ColorRole.Window: "#f3f4f6",
    QPalette.ColorRole.WindowText: "#1f2328",
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#eef1f5",
    QPalette.ColorRole.ToolTipBase: "#ffffe1",
    QPalette.ColorRole.ToolTipText: "#1f2328",
    QPalette.ColorRole.PlaceholderText: "#80868b",
    QPalette.ColorRole.Text: "#1f2328",
    QPalette.ColorRole.Button: "#e9ebef",
    QPalette.ColorRole.ButtonText: "#1f2328",
    QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.Highlight: "#1f5fa8",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#1f5fa8",
}


def light_palette() -> QPalette:
    palette = QPalette()
    for role, colour in _LIGHT.items():
        palette.setColor(role, QColor(colour))
    disabled = QColor("#9aa0a6")
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def apply(app: QApplication) -> None:
    """Fusion and the light palette, for the whole application."""
    app.setStyle("Fusion")
    app.setPalette(light_palette())


def icon(name: str) -> QIcon:
    """The icon ``resources/icons/<name>.svg`` (an empty icon if it is missing: never fatal)."""
    path = resources_dir() / "icons" / f"{name}.svg"
    return QIcon(str(path)) if path.is_file() else QIcon()
