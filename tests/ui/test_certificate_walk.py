"""Issue 8's "done when", walked on the screens: from the record card a clerk issues a certificate
of good standing and a certified copy; from Records > Certificates an apostille and a minister
licence; each is paid at the Teller Drawer by its charge numbers on one receipt; each is then
printed (the preview on the released PDF) and later verified by its code, valid."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.integration.teller_support import FLOAT, P
from tests.integration.test_certified_copies import document
from tests.ui.conftest import LONG_IDLE_MS, wait_idle
from tests.ui.mail_helpers import QT_LOG_IGNORE
from tests.ui.teller_helpers import add_drawers, own_screen, person, type_count
from workstation.services import officials, registry
from workstation.services.certificate_dto import IssuedCertificate
from workstation.startup import Backend
from workstation.ui.certificates.entity_dialog import EntityCertificateDialog
from workstation.ui.certificates.issued import IssuedDialog
from workstation.ui.main_window import MainWindow
from workstation.ui.tasks import TaskRunner
from workstation.ui.widgets.pdf_preview import PdfPreview

pytestmark = pytest.mark.qt_log_ignore(*QT_LOG_IGNORE, extend=True)
CTRL = Qt.KeyboardModifier.ControlModifier


def last_issued(parent: object) -> tuple[IssuedCertificate, ...]:
    shown = [d for d in parent.findChildren(IssuedDialog)  # type: ignore[attr-defined]
             if d.isVisible()]
    assert shown, "no certificate was issued"
    issued = shown[-1].issued
    shown[-1].close()
    return issued


def test_four_products_issued_paid_printed_and_verified(
        qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner) -> None:
    b = sqlite_backend
    clerk = person(b, "clerk")
    made = registry.register_entity(
        b.db, P, person(b, "senior"), name="Østergaard & Søn Trading LLC", entity_type="llc",
        formation_date=date(2024, 3, 4), agent_name="Pat Agent", agent_street="1 Main St",
        agent_city="Columbus", agent_zip="43215")
    document(b, made.number, "202406400001", pages=3)
    notary = officials.add_official(b.db, person(b, "lead"), "Jane Roe", "Notary Public",
                                    "Franklin County, Ohio", date(2023, 2, 14))
    window = MainWindow(b, tasks, clerk, idle_interval_ms=LONG_IDLE_MS)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)

    # The record card: Ctrl+F, the entity, Ctrl+Shift+I.
    window.find_action.trigger()  # Ctrl+F (the keys are test_lookup's)
    panel = window.lookup_panel
    assert panel is not None
    panel.open_entity(made.id)
    wait_idle(qtbot, tasks)
    issued: list[IssuedCertificate] = []
    for kind in ("good_standing", "certified_copy"):
        dialog = panel.issue_certificate()  # Ctrl+Shift+I (the keys are test_certificates_ui's)
        assert isinstance(dialog, EntityCertificateDialog)
        wait_idle(qtbot, tasks)
        dialog.radios[kind].setChecked(True)
        if kind == "certified_copy":
            dialog.pick("202406400001")
        dialog.ok_button.click()
        wait_idle(qtbot, tasks)
        issued += last_issued(panel)
    panel.close()

    # Records > Certificates (Ctrl+E): the apostille and the minister licence.
    window.certificates_action.trigger()
    desk = window.certificates_window
    assert desk is not None
    wait_idle(qtbot, tasks)
    apostille = desk.new_apostille("Power of attorney of Ana Lopez")
    wait_idle(qtbot, tasks)
    apostille.choose_official(notary.id)
    apostille.country_edit.setText("Japan")
    apostille.cover_box.setChecked(True)
    apostille.ok_button.click()
    wait_idle(qtbot, tasks)
    issued += last_issued(desk)
    minister = desk.new_minister()
    for edit, text in ((minister.name_edit, "Grace Okafor"),
                       (minister.credentials_edit, "Grace Okafor"),
                       (minister.body_edit, "First Baptist Church of Columbus"),
                       (minister.address_edit, "12 High St, Columbus, OH 43215")):
        qtbot.keyClicks(edit, text)
    minister.official_box.setChecked(True)
    minister.ok_button.click()
    wait_idle(qtbot, tasks)
    issued += last_issued(desk)
    assert [c.kind for c in issued] == ["good_standing", "certified_copy", "apostille",
                                        "minister_licence"]
    total = sum(c.amount_cents for c in issued)
    assert total == 500 + (500 + 300) + 500 + 1000

    # The Teller Drawer: the clerk opens D1 and takes every fee line on one receipt.
    add_drawers(b, "D1")
    tab = own_screen(qtbot, b, tasks, clerk)
    tab.open_panel.drawer_combo.setCurrentIndex(tab.open_panel.drawer_combo.findData("D1"))
    type_count(qtbot, tab.open_panel.count, FLOAT)
    qtbot.keyClick(tab.open_panel.note_edit, Qt.Key.Key_Return, CTRL)
    wait_idle(qtbot, tasks)
    form = tab.form
    qtbot.keyClicks(form.customer_edit, "Ana Lopez")
    form.kind_combo.setCurrentIndex(form.kind_combo.findData("charge"))
    for line in (line for cert in issued for line in cert.fee_lines):
        form.reference_edit.clear()
        qtbot.keyClicks(form.reference_edit, line.reference)
        qtbot.keyClick(form.reference_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(form.payment.cash_edit, f"{total // 100}.{total % 100:02d}")
    qtbot.keyClick(form.payment.cash_edit, Qt.Key.Key_Return, CTRL)
    wait_idle(qtbot, tasks)
    [receipt] = tab.receipts.model.rows
    assert receipt.total_cents == total

    # Back at the certificates: each prints (once paid) and is verified by its code.
    desk.refresh()
    wait_idle(qtbot, tasks)
    assert {r.state for r in desk.model.rows} == {"paid"}
    texts: dict[str, str] = {}
    for cert in issued:
        desk.select(cert.number)
        wait_idle(qtbot, tasks)
        desk.print_current()
        wait_idle(qtbot, tasks)
        previews = [p for p in desk.findChildren(PdfPreview) if p.isVisible()]
        assert len(previews) == 1, cert.number
        texts[cert.kind] = " ".join(
            PdfReader(io.BytesIO(previews[0].pdf)).pages[0].extract_text().split())
        assert cert.number in texts[cert.kind] and cert.code in texts[cert.kind]
        previews[0].close()
        wait_idle(qtbot, tasks)
    for kind in ("good_standing", "certified_copy"):  # the name's Danish letters are printed
        assert "Østergaard & Søn Trading LLC" in texts[kind]
    verify = desk.open_verify()
    for cert in issued:
        verify.code_edit.setText(cert.code)
        verify.ok_button.click()
        wait_idle(qtbot, tasks)
        assert verify.verification is not None and verify.verification.valid, cert.number
        assert verify.headline.text() == f"Valid · {cert.code}"
    assert {r.state for r in desk.model.rows} == {"released"}
