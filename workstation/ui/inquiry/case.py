"""The case side of an inquiry's window: the header (who asked, how, when, who owns it, who else
has it open) and the box with its category, status and linked records.

These widgets only show and ask; the window (detail.py) calls the services. Customer text goes
into plain-text labels, never rich text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.inquiry_rules import InquiryRules
from workstation.services.inquiry_dto import InquiryDetail
from workstation.ui import theme
from workstation.ui.widgets.field_error import FieldError

LINK_CHOICES = (("entity", "Entity"), ("filing", "Filing"), ("ucc", "UCC record"),
                ("envelope", "Envelope"))


def ask_reason(parent: QWidget, title: str, prompt: str) -> str | None:
    """A reason for a status change; None or "" when cancelled (tests patch this)."""
    text, ok = QInputDialog.getText(parent, title, prompt)
    return text.strip() if ok else None


def presence_words(detail: InquiryDetail) -> str:
    """"Also open: senior (viewing) · lead (writing an answer)", or "" when nobody else."""
    others = [f"{name} (viewing)" for name in detail.viewing]
    others += [f"{name} (writing an answer)" for name in detail.composing]
    return f"Also open: {' · '.join(others)}" if others else ""


def plain_label(name: str, style: str = "") -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)  # customer text is never markup
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if style:
        label.setStyleSheet(style)
    return label


def push_button(text: str, name: str, keys: str = "") -> QPushButton:
    """A button that Enter never presses by accident (no auto-default), with its shortcut."""
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAutoDefault(False)
    if keys:
        button.setShortcut(keys)
        button.setToolTip(keys)
    return button


class Header(QWidget):
    """Number, requester, contact, address, channel, received; owner, Claim / Hand back; the
    presence line (only when others have the inquiry open)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("inquiryHeader")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet("#inquiryHeader { background: #ffffff; border: 1px solid #d5d8dc; "
                           "border-radius: 4px; }")
        self.number_label = plain_label("inquiryNumber", "font-size: 15pt; font-weight: bold;")
        self.requester_label = plain_label("inquiryRequester", "font-size: 13pt;")
        self.facts_label = plain_label("inquiryFacts", f"color: {theme.MUTED_TEXT};")
        self.owner_label = plain_label("inquiryOwner")
        self.presence_label = plain_label("presenceLine", f"color: {theme.URGENT_TEXT};")
        self.presence_label.hide()
        self.claim_button = push_button("&Claim", "claimButton", "Ctrl+Shift+C")
        self.release_button = push_button("Hand &back", "releaseButton", "Ctrl+Shift+B")
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self.number_label)
        top.addWidget(self.requester_label)
        top.addStretch(1)
        top.addWidget(self.owner_label)
        top.addWidget(self.claim_button)
        top.addWidget(self.release_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.facts_label)
        layout.addWidget(self.presence_label)

    def show_detail(self, detail: InquiryDetail, my_id: int, channel: str, received: str) -> None:
        self.number_label.setText(detail.number)
        self.requester_label.setText(detail.requester)
        facts = [detail.contact or "no contact on file",
                 " ".join(detail.address.split()) or "no address on file",
                 channel, f"received {received}"]
        if detail.merged_into:
            facts.append(f"merged into {detail.merged_into}")
        self.facts_label.setText(" · ".join(facts))
        mine = detail.owner_id == my_id
        self.owner_label.setText(f"Owner: {'you' if mine else detail.owner or 'nobody'}")
        self.claim_button.setVisible(detail.owner_id is None and detail.status_kind != "done")
        self.release_button.setVisible(mine)
        self.presence_label.setText(presence_words(detail))
        self.presence_label.setVisible(bool(self.presence_label.text()))


class CaseBox(QGroupBox):
    """Category, status and linked records. The signals say what the clerk asked for; a status
    that pauses the clocks, or reopens a finished inquiry, comes with a reason."""

    category_chosen = Signal(str)
    status_chosen = Signal(str, str)  # status, reason
    link_requested = Signal(str, str)  # kind, number
    record_requested = Signal(str, int, str)  # kind, target id, key

    def __init__(self, rules: InquiryRules, parent: QWidget | None = None):
        super().__init__("Inquiry", parent)
        self.rules = rules
        self.detail: InquiryDetail | None = None
        self._links_shown: list[tuple[str, int, str]] | None = None
        self.category_combo = QComboBox()
        self.category_combo.setObjectName("categoryCombo")
        for category in rules.categories:
            self.category_combo.addItem(category.label, category.code)
        self.category_combo.activated.connect(self._category_picked)
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("statusCombo")
        for status in rules.statuses:
            if status.code != "merged":  # merging is its own action, with the other inquiry
                self.status_combo.addItem(status.label, status.code)
        self.status_combo.activated.connect(self._status_picked)
        self.error = FieldError("caseError")
        self.links_list = QListWidget()
        self.links_list.setObjectName("linksList")
        self.links_list.setToolTip("Enter or double-click opens the record")
        self.links_list.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        self.links_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.links_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.links_list.itemActivated.connect(self._link_activated)
        self.link_kind = QComboBox()
        self.link_kind.setObjectName("linkKind")
        for kind, words in LINK_CHOICES:
            self.link_kind.addItem(words, kind)
        self.link_edit = QLineEdit()
        self.link_edit.setObjectName("linkNumber")
        self.link_edit.setPlaceholderText("its number")
        self.link_edit.returnPressed.connect(self.add_link)
        self.link_button = push_button("Add", "addLink")
        self.link_button.clicked.connect(self.add_link)
        self.link_error = FieldError("linkError")
        row = QHBoxLayout()
        row.addWidget(self.link_kind)
        row.addWidget(self.link_edit, 1)
        row.addWidget(self.link_button)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Cate&gory", self.category_combo)
        form.addRow("&Status", self.status_combo)
        form.addRow(self.error)
        form.addRow("Linked &records", self.links_list)
        form.addRow("Lin&k", row)
        form.addRow(self.link_error)

    def show_detail(self, detail: InquiryDetail) -> None:
        self.detail = detail
        self.category_combo.setCurrentIndex(self.category_combo.findData(detail.category))
        if self.status_combo.findData(detail.status) < 0:  # merged: shown, not offered
            self.status_combo.addItem(self.rules.status(detail.status).label, detail.status)
        self.status_combo.setCurrentIndex(self.status_combo.findData(detail.status))
        wanted = [(lk.kind, lk.target_id, lk.key) for lk in detail.links]
        if wanted == self._links_shown:
            return  # a heartbeat's reload keeps the clerk's place in the list
        self._links_shown = wanted
        row = self.links_list.currentRow()
        self.links_list.clear()
        for link, data in zip(detail.links, wanted, strict=True):
            item = QListWidgetItem(link.label)
            item.setData(Qt.ItemDataRole.UserRole, data)
            item.setToolTip(f"{link.label}\nEnter or double-click opens the record")
            self.links_list.addItem(item)
        if not detail.links:
            self.links_list.addItem(QListWidgetItem("No records linked yet."))
            self.links_list.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        self.links_list.setCurrentRow(min(max(row, 0), len(detail.links) - 1))

    def _category_picked(self, index: int) -> None:
        code = self.category_combo.itemData(index)
        if self.detail is not None and code != self.detail.category:
            self.category_chosen.emit(code)

    def _status_picked(self, index: int) -> None:
        code, detail = self.status_combo.itemData(index), self.detail
        if detail is None or code == detail.status:
            return
        kind = self.rules.status(code).kind
        prompt = ("What are we waiting for from the customer?" if kind == "paused" else
                  "Why is the finished inquiry reopened?"
                  if detail.status_kind == "done" and kind != "done" else "")
        reason = ask_reason(self, self.status_combo.itemText(index), prompt) if prompt else ""
        if reason is None or (prompt and not reason):
            self.status_combo.setCurrentIndex(self.status_combo.findData(detail.status))
            return
        self.status_chosen.emit(code, reason)

    def add_link(self) -> None:
        key = self.link_edit.text().strip()
        if not key:
            self.link_error.show_message("Type the record's number.")
            self.link_edit.setFocus()
            return
        self.link_requested.emit(str(self.link_kind.currentData()), key)

    def _link_activated(self, item: QListWidgetItem) -> None:
        data = item.data(Qt.ItemDataRole.UserRole)
        if data is not None:
            kind, target_id, key = data
            self.record_requested.emit(kind, target_id, key)

