"""Teller Drawer: the clerk's cash drawer from the opening float to the close of day."""

from __future__ import annotations

from workstation.ui.tabs import WorkTab


class TellerDrawerTab(WorkTab):
    OBJECT_NAME = "tellerDrawerTab"
    ICON = "teller-drawer"
    EMPTY_TITLE = "No drawer is open at this workstation"
    EMPTY_LINES = (
        "A drawer is opened here with a counted float; fees are then taken in cash, check or "
        "card, each payment tied to the receipt and the documents it pays for.",
        "At the end of the shift the clerk counts the drawer blind, a lead approves any over or "
        "short, and the drawers are balanced for the close of day and the deposit.",
    )
