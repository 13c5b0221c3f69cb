"""Batch Review: examining sorted filings against the statutes and deciding each one."""

from __future__ import annotations

from workstation.ui.tabs import WorkTab


class BatchReviewTab(WorkTab):
    OBJECT_NAME = "batchReviewTab"
    ICON = "batch-review"
    EMPTY_TITLE = "No batch is open for review"
    EMPTY_LINES = (
        "Batches of sorted filings (one service type, speed and work level each) are examined "
        "here against the statutes and the filing type's checklist.",
        "Each document is accepted, rejected with coded reasons, or put on hold; then the "
        "batch is quality-checked, balanced against its fees and closed for imaging.",
    )
