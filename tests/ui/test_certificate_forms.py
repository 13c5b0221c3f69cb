"""The certificates window's product forms: New apostille… (the destination said as the country is
typed, refusals at their fields, the product issued with its fee), New minister licence… (earlier
licences shown as the name is typed, the duplicate refused, the licence printed once only) and
Officials… (a lead adds, records a new specimen and retires; a clerk is refused in words)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.integration.teller_support import P, cash, key, opened, person
from tests.ui.conftest import wait_idle
from workstation.services import officials, teller
from workstation.services.certificate_dto import IssuedCertificate
from workstation.services.dto import Actor
from workstation.services.teller_dto import LineInput, ReceiptInput
from workstation.startup import Backend
from workstation.ui.certificates.apostille import ApostilleDialog
from workstation.ui.certificates.issued import IssuedDialog
from workstation.ui.certificates.minister import MinisterDialog
from workstation.ui.certificates.officials import (
    AddOfficialDialog,
    OfficialsDialog,
    RetireDialog,
)
from workstation.ui.certificates.window import CertificatesWindow
from workstation.ui.desk import Desk
from workstation.ui.tasks import TaskRunner
from workstation.ui.widgets.pdf_preview import PdfPreview

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner,
           lead: Actor) -> CertificatesWindow:
    shown = CertificatesWindow(Desk(sqlite_backend, tasks, P, lead))
    qtbot.addWidget(shown)
    shown.show()
    shown.activateWindow()
    qtbot.waitActive(shown)
    wait_idle(qtbot, tasks)
    return shown


def issued_of(window: CertificatesWindow) -> IssuedCertificate:
    shown = [d for d in window.findChildren(IssuedDialog) if d.isVisible()]
    assert len(shown) == 1
    (issued,) = shown[0].issued
    return issued


def pay(backend: Backend, issued: IssuedCertificate, amount: str) -> None:
    clerk, _ = opened(backend, who="senior", code="D8")
    teller.post_receipt(backend.db, P, clerk, ReceiptInput(
        "Walk-in", (LineInput("charge", issued.charge_reference),), (cash(amount),), key()))


def test_an_apostille_is_issued_for_a_party_and_refused_for_home_use(
        qtbot: QtBot, window: CertificatesWindow, tasks: TaskRunner,
        sqlite_backend: Backend, lead: Actor) -> None:
    notary = officials.add_official(sqlite_backend.db, lead, "Jane Roe", "Notary Public",
                                    "Franklin County, Ohio", date(2024, 1, 8))
    qtbot.keyClick(window, Qt.Key.Key_A, CTRL_SHIFT)
    dialog = window.findChild(ApostilleDialog)
    assert isinstance(dialog, ApostilleDialog) and dialog.isVisible()
    wait_idle(qtbot, tasks)  # the officials on file
    assert dialog.official_combo.count() == 1
    dialog.country_edit.setText("Holland")
    assert "Netherlands: an apostille" in dialog.destination.text()
    dialog.country_edit.setText("United Arab Emirates")
    assert "certificate of authentication" in dialog.destination.text()
    dialog.country_edit.setText("Puerto Rico")
    assert "within the United States" in dialog.destination.text()

    dialog.ok_button.click()  # no official picked: refused by the form, at the field
    assert "Pick the official" in dialog.errors["official"].text()
    dialog.choose_official(notary.id)
    dialog.document_edit.setText("Power of attorney of Ana Lopez")
    dialog.ok_button.click()
    wait_idle(qtbot, tasks)
    assert "cover letter" in dialog.errors["cover_letter"].text()
    dialog.cover_box.setChecked(True)
    dialog.ok_button.click()
    wait_idle(qtbot, tasks)
    assert "within the United States" in dialog.errors["country"].text()
    assert dialog.document_edit.text() == "Power of attorney of Ana Lopez"  # nothing lost
    dialog.country_edit.setText("Germany")
    dialog.ok_button.click()
    wait_idle(qtbot, tasks)
    issued = issued_of(window)
    assert (issued.kind, issued.amount_cents) == ("apostille", 500)
    wait_idle(qtbot, tasks)
    assert window.current_number() == issued.number


def test_a_minister_licence_shows_earlier_ones_and_prints_once(
        qtbot: QtBot, window: CertificatesWindow, tasks: TaskRunner,
        sqlite_backend: Backend) -> None:
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL_SHIFT)
    dialog = window.findChild(MinisterDialog)
    assert isinstance(dialog, MinisterDialog) and dialog.isVisible()
    dialog.name_edit.setText("Grace Okafor")
    dialog.look_up_earlier()
    wait_idle(qtbot, tasks)
    assert dialog.earlier.text() == "No licence on file for this name."
    dialog.credentials_edit.setText("Grace Okafor-Smith")
    dialog.body_edit.setText("First Baptist Church of Columbus")
    dialog.address_edit.setText("12 High St, Columbus, OH 43215")
    dialog.official_box.setChecked(True)
    dialog.ok_button.click()
    wait_idle(qtbot, tasks)
    assert "Grace Okafor-Smith" in dialog.errors["credentials_name"].text()
    dialog.credentials_edit.setText("GRACE  OKAFOR")  # case and spacing are forgiven
    dialog.ok_button.click()
    wait_idle(qtbot, tasks)
    licence = issued_of(window)
    assert (licence.kind, licence.amount_cents) == ("minister_licence", 1000)

    pay(sqlite_backend, licence, "10.00")
    wait_idle(qtbot, tasks)
    window.select(licence.number)
    window.print_current()
    wait_idle(qtbot, tasks)
    assert [p for p in window.findChildren(PdfPreview) if p.isVisible()]
    window.print_current()  # a second print: no duplicates are issued
    wait_idle(qtbot, tasks)
    assert "never printed again" in window.message.text()

    again = window.new_minister()
    again.name_edit.setText("grace okafor")
    again.look_up_earlier()
    wait_idle(qtbot, tasks)
    assert licence.number in again.earlier.text()


def test_a_lead_keeps_the_officials_and_a_clerk_is_refused(
        qtbot: QtBot, window: CertificatesWindow, tasks: TaskRunner,
        sqlite_backend: Backend) -> None:
    table = window.open_officials()
    assert isinstance(table, OfficialsDialog)
    wait_idle(qtbot, tasks)
    add = table.add()
    assert isinstance(add, AddOfficialDialog)
    add.name_edit.setText("Jane Roe")
    add.title_edit.setText("Notary Public")
    add.ok_button.click()
    wait_idle(qtbot, tasks)
    assert "Type where they hold office" in add.errors["jurisdiction"].text()
    add.place_edit.setText("Franklin County, Ohio")
    add.ok_button.click()
    wait_idle(qtbot, tasks)
    assert [o.name for o in table.model.rows] == ["Jane Roe"]
    table.table.setCurrentIndex(table.model.index(0, 0))
    retire = table.retire()
    assert isinstance(retire, RetireDialog)
    retire.ok_button.click()
    wait_idle(qtbot, tasks)
    assert retire.errors["reason"].isVisible()
    retire.reason_edit.setText("Commission expired")
    retire.ok_button.click()
    wait_idle(qtbot, tasks)
    assert table.model.rows == []
    table.retired_box.setChecked(True)
    wait_idle(qtbot, tasks)
    assert [o.active for o in table.model.rows] == [False]

    clerk_desk = Desk(sqlite_backend, tasks, P, person(sqlite_backend, "clerk"))
    clerks = OfficialsDialog(None, clerk_desk)
    qtbot.addWidget(clerks)
    wait_idle(qtbot, tasks)
    form = clerks.add()
    form.name_edit.setText("John Doe")
    form.title_edit.setText("Notary Public")
    form.place_edit.setText("Delaware County, Ohio")
    form.ok_button.click()
    wait_idle(qtbot, tasks)
    assert form.isVisible() and form.error.isVisible()  # the service refused the clerk
