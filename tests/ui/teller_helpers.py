"""Helpers shared by the Teller Drawer UI tests (plain functions; fixtures stay in the modules)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.helpers import demo_password
from tests.ui.conftest import wait_idle
from workstation.models.types import utcnow
from workstation.services import auth, intake, profile, teller, teller_read
from workstation.services.dto import Actor
from workstation.services.intake_rules import DocumentInput, EnvelopeInput, RemittanceInput
from workstation.services.teller_read import MailPayment
from workstation.startup import Backend
from workstation.ui.tabs.teller_drawer import TellerDrawerTab
from workstation.ui.tasks import TaskRunner
from workstation.ui.teller.count import AmountList, CountWidget

P = profile.load()
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
# The Ohio change fund, $200.00, as a drawer's float is counted.
FLOAT = {"bill_20": 4, "bill_10": 4, "bill_5": 8, "bill_1": 20, "coin_25": 40, "coin_10": 50,
         "coin_5": 40, "coin_1": 300}


def person(backend: Backend, who: str) -> Actor:
    return auth.sign_in(backend.db, backend.policy, who, demo_password(who))


def add_drawers(backend: Backend, *codes: str) -> None:
    lead = person(backend, "lead")
    for code in codes:
        teller.add_drawer(backend.db, P, lead, code, f"Counter {code}")


def log_mail(backend: Backend, amount: str = "99.00", check: str = "5001",
             payer: str = "Harrowgate Law") -> MailPayment:
    """Articles of organization and their check, logged in Mail Sort today."""
    clerk = person(backend, "clerk")
    session_id, _ = intake.open_session(backend.db, P, clerk, "usps", "senior")
    slip = intake.log_envelope(backend.db, P, clerk, session_id, EnvelopeInput(
        arrived_at=utcnow(), customer_name=payer,
        remittances=(RemittanceInput(amount, payer, "check", check, "Huntington"),),
        documents=(DocumentInput("610", "2"),)))
    return teller_read.mail_payment(backend.db, P, clerk, slip.control_number)


def own_screen(qtbot: QtBot, backend: Backend, tasks: TaskRunner, actor: Actor
               ) -> TellerDrawerTab:
    """The tab on its own, as this person's screen (shown and active, for its shortcuts)."""
    tab = TellerDrawerTab(backend, tasks, actor)
    qtbot.addWidget(tab)
    tab.resize(1280, 760)
    tab.show()
    activate(qtbot, tab)
    wait_idle(qtbot, tasks)
    return tab


def activate(qtbot: QtBot, widget: QWidget) -> None:
    window = widget.window()
    if QApplication.activeWindow() is window:
        return
    with qtbot.waitActive(window):
        window.activateWindow()


def press(qtbot: QtBot, tab: TellerDrawerTab, tasks: TaskRunner, key: Qt.Key,
          modifiers: Qt.KeyboardModifier = CTRL_SHIFT) -> None:
    """A tab shortcut, pressed where the focus is, then the worker's answer."""
    activate(qtbot, tab)
    target = QApplication.focusWidget() or tab
    qtbot.keyClick(target, key, modifiers)
    wait_idle(qtbot, tasks)


def type_count(qtbot: QtBot, count: CountWidget, quantities: dict[str, int]) -> int:
    """Every row from the first, its quantity typed (or none) and Enter; returns the keys.
    Keys go where the count's window has its focus (a dialog's, even while not active)."""
    count.focus_first()
    keys = 0
    for denomination in count.denominations:
        focused = count.window().focusWidget()
        assert isinstance(focused, QLineEdit) and focused.objectName().endswith(
            denomination.code)
        text = str(quantities.get(denomination.code, "")) if quantities.get(
            denomination.code) else ""
        qtbot.keyClicks(focused, text)
        qtbot.keyClick(focused, Qt.Key.Key_Return)
        keys += len(text) + 1
    return keys


def type_amounts(qtbot: QtBot, amounts: AmountList, texts: list[str]) -> int:
    """Each amount typed into the list's field and Enter; returns the keys."""
    keys = 0
    for text in texts:
        qtbot.keyClicks(amounts.entry, text)
        qtbot.keyClick(amounts.entry, Qt.Key.Key_Return)
        keys += len(text) + 1
    return keys


def visible_texts(root: QWidget) -> Iterator[str]:
    """Everything a person can read on ``root``: labels, buttons, fields and table cells."""
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, (QLabel, QAbstractButton, QLineEdit)):
            yield widget.text()
        elif isinstance(widget, QTableView):
            model = widget.model()
            for column in range(model.columnCount()):
                yield str(model.headerData(column, Qt.Orientation.Horizontal))
                for row in range(model.rowCount()):
                    yield str(model.data(model.index(row, column)))


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
