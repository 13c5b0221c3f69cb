"""Mail Sort: opening the day's trays, logging each envelope and its money, sorting the paper."""

from __future__ import annotations

from workstation.ui.tabs import WorkTab


class MailSortTab(WorkTab):
    OBJECT_NAME = "mailSortTab"
    ICON = "mail-sort"
    EMPTY_TITLE = "No mail session is open"
    EMPTY_LINES = (
        "Trays from USPS, courier, drop box and walk-in intake are opened here: each envelope "
        "is date-stamped, its checks logged, and its documents sorted by service type "
        "(Corporate, UCC, Certification) and speed (Regular, Expedite 1/2/3).",
        "Every envelope gets a control number and keeps the time it arrived; mail that arrives "
        "after hours counts as received on the next business day.",
    )
