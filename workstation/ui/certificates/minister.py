"""New minister licence… (Ctrl+Shift+L in the certificates window): the application as it came in
(the name as on the application and as on the credentials, the religious society, the address),
whether the credentials are an official certificate or letter, and whether it replaces a lost
licence. The minister's earlier licences are looked up as the name is typed, so the clerk sees a
duplicate before pressing Issue; the service refuses it regardless (no duplicates are issued).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QWidget

from workstation.errors import UserError
from workstation.services import minister_licences
from workstation.services.minister_licences import LicenceRow, MinisterApplication
from workstation.ui import theme
from workstation.ui.desk import Desk
from workstation.ui.service_form import ServiceForm

LOOKUP_PAUSE_MS = 400


def earlier_text(licences: tuple[LicenceRow, ...]) -> str:
    if not licences:
        return "No licence on file for this name."
    return "On file: " + "; ".join(
        f"{row.number} for {row.religious_body}, issued {row.issued_on.isoformat()}"
        f"{' (voided)' if row.void else '' if row.released else ' (not yet printed)'}"
        for row in licences)


class MinisterDialog(ServiceForm):
    """``recorded`` carries the licence issued (unpaid: the drawer takes the fee first)."""

    def __init__(self, parent: QWidget | None, desk: Desk):
        super().__init__(parent, desk, "ministerDialog", "New minister licence", "&Issue")
        self.name_edit = self._edit("ministerName", "As on the application")
        self.credentials_edit = self._edit("ministerCredentialsName", "As on the credentials")
        self.body_edit = self._edit("ministerBody", "The religious society or congregation")
        self.address_edit = self._edit("ministerAddress", "Street, city, state and ZIP")
        self.official_box = QCheckBox("The credentials are an &official certificate or letter "
                                      "(not an unofficial copy)")
        self.official_box.setObjectName("ministerCredentialsOfficial")
        self.lost_box = QCheckBox("This application replaces a lo&st licence")
        self.lost_box.setObjectName("ministerReplacesLost")
        self.earlier = QLabel()
        self.earlier.setObjectName("ministerEarlier")
        self.earlier.setWordWrap(True)
        self.earlier.setStyleSheet(f"color: {theme.MUTED_TEXT};")
        self.add_field("&Name", self.name_edit, "name")
        self.form.addRow("", self.earlier)
        self.add_field("Name on &credentials", self.credentials_edit, "credentials_name")
        self.add_field("&Religious body", self.body_edit, "religious_body")
        self.add_field("&Address", self.address_edit, "address")
        self.add_field("", self.official_box, "credentials_official")
        self.add_field("", self.lost_box, "replaces_lost")
        self._pause = QTimer(self, singleShot=True, interval=LOOKUP_PAUSE_MS)
        self._pause.timeout.connect(self.look_up_earlier)
        self.name_edit.textChanged.connect(lambda _text: self._pause.start())
        self.finish()

    def _edit(self, name: str, hint: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(hint)
        return edit

    def look_up_earlier(self) -> None:
        name = self.name_edit.text()
        if not name.strip():
            self.earlier.clear()
            return
        db, found, actor = self.desk.backend.db, self.desk.profile, self.desk.actor

        def done(licences: tuple[LicenceRow, ...]) -> None:
            if self.name_edit.text() == name:  # an answer for a name since changed is dropped
                self.earlier.setText(earlier_text(licences))

        def failed(error: UserError) -> None:
            self.earlier.setText(error.message)

        self.desk.tasks.run(lambda: minister_licences.licences_of(db, found, actor, name), done,
                            failed, owner=self)

    def work(self) -> Callable[[], Any] | None:
        application = MinisterApplication(
            name=self.name_edit.text(), credentials_name=self.credentials_edit.text(),
            religious_body=self.body_edit.text(), address=self.address_edit.text(),
            credentials_official=self.official_box.isChecked(),
            replaces_lost=self.lost_box.isChecked())
        db, found, actor = self.desk.backend.db, self.desk.profile, self.desk.actor
        return lambda: (minister_licences.issue_minister_licence(db, found, actor, application),)
