"""Certificates on screen: Issue certificate… from the record card (good standing, the status
offered when good standing is refused, certified copies ticked in the entity's documents), what
the customer pays, Print… refused until paid then the print preview on the released PDF (sent to
a PDF printer here), the Certificates window's list and search, and Verify… answering a code."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from tests.integration.teller_support import P, cash, key, opened, person
from tests.integration.test_certified_copies import document
from tests.ui.conftest import wait_idle
from workstation.errors import UserError
from workstation.models import Entity
from workstation.services import certificates, registry, teller
from workstation.services.certificate_dto import IssuedCertificate
from workstation.services.dto import Actor
from workstation.services.teller_dto import LineInput, ReceiptInput
from workstation.startup import Backend
from workstation.ui.certificates.entity_dialog import EntityCertificateDialog
from workstation.ui.certificates.issued import IssuedDialog, pay_line
from workstation.ui.certificates.verify import VerifyDialog, parse_facts
from workstation.ui.certificates.window import CertificatesWindow
from workstation.ui.desk import Desk
from workstation.ui.lookup import LookupPanel
from workstation.ui.tasks import TaskRunner
from workstation.ui.widgets.pdf_preview import PdfPreview

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def registered(backend: Backend, name: str = "Maple Orchard Holdings LLC") -> tuple[int, str]:
    made = registry.register_entity(
        backend.db, P, person(backend, "senior"), name=name, entity_type="llc",
        formation_date=date(2024, 3, 4), agent_name="Pat Agent", agent_street="1 Main St",
        agent_city="Columbus", agent_zip="43215")
    return made.id, made.number


def pay(backend: Backend, issued: tuple[IssuedCertificate, ...], amount: str) -> None:
    clerk, _ = opened(backend, who="senior", code="D7")
    lines = tuple(LineInput("charge", line.reference) for c in issued for line in c.fee_lines)
    teller.post_receipt(backend.db, P, clerk, ReceiptInput("Harrowgate Law", lines,
                                                           (cash(amount),), key()))


@pytest.fixture
def panel(qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, lead: Actor) -> LookupPanel:
    dialog = LookupPanel(sqlite_backend, tasks, lead)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    return dialog


def open_card(qtbot: QtBot, panel: LookupPanel, tasks: TaskRunner, entity_id: int) -> None:
    panel.open_entity(entity_id)
    wait_idle(qtbot, tasks)
    assert panel.stack.currentWidget() is panel.entity_page


def issue_dialog(qtbot: QtBot, panel: LookupPanel, tasks: TaskRunner) -> EntityCertificateDialog:
    qtbot.keyClick(panel, Qt.Key.Key_I, CTRL_SHIFT)
    dialog = panel.findChild(EntityCertificateDialog)
    assert dialog is not None and dialog.isVisible()
    wait_idle(qtbot, tasks)  # the documents list
    return dialog


def only(parent: LookupPanel | CertificatesWindow | IssuedDialog, kind: type) -> object:
    found = [w for w in parent.findChildren(kind) if w.isVisible()]
    assert len(found) == 1, found
    return found[0]


def test_good_standing_from_the_card_prints_once_paid(
        qtbot: QtBot, panel: LookupPanel, tasks: TaskRunner, sqlite_backend: Backend,
        tmp_path: Path) -> None:
    entity_id, number = registered(sqlite_backend)
    open_card(qtbot, panel, tasks, entity_id)
    dialog = issue_dialog(qtbot, panel, tasks)
    assert dialog.radios["good_standing"].isChecked()  # the card shows it in good standing
    assert "$5.00" in dialog.radios["good_standing"].text()
    assert not dialog.table.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, tasks)
    issued_dialog = only(panel, IssuedDialog)
    assert isinstance(issued_dialog, IssuedDialog)
    (issued,) = issued_dialog.issued
    assert issued.kind == "good_standing" and issued.entity_number == number
    assert pay_line((issued,)) in panel.message.text()

    issued_dialog.print_button.click()  # not paid yet: refused, in the service's words
    wait_idle(qtbot, tasks)
    assert "paid at the drawer first" in issued_dialog.message.text()
    assert not issued_dialog.findChildren(PdfPreview)

    pay(sqlite_backend, (issued,), "5.00")
    issued_dialog.print_button.click()
    wait_idle(qtbot, tasks)
    preview = only(issued_dialog, PdfPreview)
    assert isinstance(preview, PdfPreview)
    assert preview.pages == 1 and "released" in preview.note.text()
    drawn = preview.page_labels[0].pixmap()
    assert not drawn.isNull() and drawn.width() == preview.drawn_width  # the page, on screen
    text = " ".join(PdfReader(io.BytesIO(preview.pdf)).pages[0].extract_text().split())
    assert "Maple Orchard Holdings LLC" in text and issued.code in text
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert preview.print_to(printer) == 1
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == 1
    kept = list((sqlite_backend.locations.data_dir / "print").glob(f"{issued.number}*.pdf"))
    assert [p.name for p in kept] == [f"{issued.number}.pdf"]
    assert preview.save_to(tmp_path / "copy.pdf")
    assert (tmp_path / "copy.pdf").read_bytes() == preview.pdf


def test_not_in_good_standing_offers_status_at_the_choice(
        qtbot: QtBot, panel: LookupPanel, tasks: TaskRunner, sqlite_backend: Backend) -> None:
    entity_id, number = registered(sqlite_backend)
    open_card(qtbot, panel, tasks, entity_id)
    dialog = issue_dialog(qtbot, panel, tasks)
    with sqlite_backend.db.uow() as uow:  # cancelled after the card was read
        uow.session.execute(update(Entity).where(Entity.number == number).values(
            status="cancelled", status_date=date(2025, 6, 30), tax_cancellation=True))
        uow.commit()
    dialog.ok_button.click()
    wait_idle(qtbot, tasks)
    assert dialog.isVisible()
    refusal = dialog.errors["entity"].text()
    assert "not in good standing" in refusal and "certificate of status" in refusal
    assert dialog.radios["status"].isChecked()  # Enter again issues what can be issued
    dialog.ok_button.click()
    wait_idle(qtbot, tasks)
    issued_dialog = only(panel, IssuedDialog)
    assert isinstance(issued_dialog, IssuedDialog)
    assert issued_dialog.issued[0].kind == "status"


def test_certified_copies_are_ticked_in_the_documents(
        qtbot: QtBot, panel: LookupPanel, tasks: TaskRunner, sqlite_backend: Backend) -> None:
    entity_id, number = registered(sqlite_backend)
    document(sqlite_backend, number, "202406400001", pages=4)
    document(sqlite_backend, number, "202633000004", status="rejected", filed=None)
    open_card(qtbot, panel, tasks, entity_id)
    dialog = issue_dialog(qtbot, panel, tasks)
    dialog.radios["certified_copy"].setChecked(True)
    assert dialog.table.isEnabled() and dialog.table.rowCount() == 2
    rejected = dialog.table.item(1, 0)
    assert rejected is not None and not rejected.flags() & Qt.ItemFlag.ItemIsEnabled
    assert "rejected" in rejected.toolTip()
    dialog.ok_button.click()  # nothing ticked: refused at the list, the choice kept
    wait_idle(qtbot, tasks)
    assert "Pick at least one" in dialog.documents_error.text()
    dialog.pick("202406400001")
    assert "$9.00 to pay" in dialog.total.text()  # $5 certification + 4 pages at $1
    dialog.ok_button.click()
    wait_idle(qtbot, tasks)
    issued_dialog = only(panel, IssuedDialog)
    assert isinstance(issued_dialog, IssuedDialog)
    (copy,) = issued_dialog.issued
    assert copy.kind == "certified_copy" and copy.amount_cents == 900
    assert len(copy.fee_lines) == 2
    cell = issued_dialog.table.item(0, 2)
    assert cell is not None and cell.text() == ", ".join(f.reference for f in copy.fee_lines)


def test_certificates_window_lists_prints_and_verifies(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, lead: Actor) -> None:
    _id, number = registered(sqlite_backend)
    clerk = person(sqlite_backend, "clerk")
    issued = certificates.issue_good_standing(sqlite_backend.db, P, clerk, number)
    other = certificates.issue_status(sqlite_backend.db, P, clerk, number)
    desk = Desk(sqlite_backend, tasks, P, lead)
    window = CertificatesWindow(desk)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, tasks)
    assert [r.number for r in window.model.rows] == [other.number, issued.number]
    window.search_edit.setText(issued.number)
    qtbot.waitUntil(lambda: [r.number for r in window.model.rows] == [issued.number])
    wait_idle(qtbot, tasks)
    assert "Fee due at the drawer" in window.model.texts(window.model.rows[0])
    assert issued.code in window.detail.text()
    window.print_current()
    wait_idle(qtbot, tasks)
    assert "paid at the drawer first" in window.message.text()

    pay(sqlite_backend, (issued,), "5.00")
    window.print_current()
    wait_idle(qtbot, tasks)
    assert isinstance(only(window, PdfPreview), PdfPreview)
    wait_idle(qtbot, tasks)  # the list read again
    assert window.model.rows[0].state == "released"

    verify = window.open_verify()
    assert isinstance(verify, VerifyDialog)
    verify.code_edit.setText(issued.code)
    verify.facts_edit.setPlainText("Charter number = " + number + "\nEntity name = Someone Else")
    verify.ok_button.click()
    wait_idle(qtbot, tasks)
    assert verify.isVisible() and verify.verification is not None
    assert verify.verification.outcome == "different_facts"
    assert "Someone Else" in verify.answer.text()
    assert verify.stated.rowCount() == len(verify.verification.facts)
    verify.facts_edit.setPlainText("")
    verify.ok_button.click()
    wait_idle(qtbot, tasks)
    assert verify.headline.text().startswith("Valid")
    verify.pdf_edit.setText(str(Path("/nonexistent/certificate.pdf")))
    verify.ok_button.click()
    wait_idle(qtbot, tasks)
    assert "could not be read" in verify.errors["pdf"].text()  # refused at the file, on the worker
    verify.pdf_edit.clear()
    verify.code_edit.setText("12")
    verify.ok_button.click()
    wait_idle(qtbot, tasks)
    assert verify.errors["code"].isVisible() and not verify.headline.isVisible()


def test_facts_are_typed_as_label_equals_value() -> None:
    assert parse_facts("Entity name = Maple LLC\n\n Charter number=42 ") == {
        "Entity name": "Maple LLC", "Charter number": "42"}
    with pytest.raises(UserError, match="Line 2 is not 'label = value'") as bad:
        parse_facts("Entity name = Maple\nMaple LLC")
    assert bad.value.field == "facts"
