"""Inquiry Queue: the questions, complaints and requests the division must answer, on the clock."""

from __future__ import annotations

from workstation.ui.tabs import WorkTab


class InquiryQueueTab(WorkTab):
    OBJECT_NAME = "inquiryQueueTab"
    ICON = "inquiry-queue"
    EMPTY_TITLE = "No inquiries are waiting"
    EMPTY_LINES = (
        "Questions, complaints and requests that come in by mail, e-mail, phone, fax or in "
        "person are queued here, each linked to the receipt, filing or business it is about.",
        "Each inquiry runs on its clocks (acknowledge, first response, resolve, and any "
        "statutory deadline), counted in business days; the most overdue come first, and one "
        "inquiry is worked by one clerk at a time.",
    )
