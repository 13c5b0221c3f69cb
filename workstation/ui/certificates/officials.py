"""Officials… (Ctrl+Shift+O in the certificates window): the public officials whose specimen
signatures are on file, which apostilles and authentications certify. Every counter role reads
the table (the apostille desk picks the signer from it); leads keep it: Add…, New specimen… (a
new Office Holder Authentication Update filed) and Retire… (left office), each with its form.
The service decides who may change it; a clerk's attempt is refused in words at the form.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation import APP_NAME
from workstation.errors import UserError
from workstation.services import officials
from workstation.services.officials import OfficialView
from workstation.ui.desk import Desk
from workstation.ui.service_form import ServiceForm
from workstation.ui.widgets.field_error import FieldError
from workstation.ui.widgets.rows_model import RowsModel


class OfficialModel(RowsModel[OfficialView]):
    HEADINGS = ("Name", "Capacity", "Jurisdiction", "Specimen on file since", "On file")

    def texts(self, row: OfficialView) -> tuple[str, ...]:
        return (row.name, row.title, row.jurisdiction, row.specimen_on.isoformat(),
                "Yes" if row.active else "Retired")


def date_edit(name: str) -> QDateEdit:
    edit = QDateEdit(QDate.currentDate())
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def day_of(edit: QDateEdit) -> date:
    chosen = edit.date()
    return date(chosen.year(), chosen.month(), chosen.day())


class AddOfficialDialog(ServiceForm):
    def __init__(self, parent: QWidget | None, desk: Desk):
        super().__init__(parent, desk, "addOfficialDialog", "Add an official", "&Add")
        self.name_edit, self.title_edit, self.place_edit = (QLineEdit(), QLineEdit(),
                                                            QLineEdit())
        self.title_edit.setPlaceholderText("Notary Public, County Clerk of Courts …")
        self.place_edit.setPlaceholderText("Franklin County, Ohio")
        self.specimen_edit = date_edit("officialSpecimen")
        for text, edit, field in (("&Name", self.name_edit, "name"),
                                  ("&Capacity", self.title_edit, "title"),
                                  ("&Jurisdiction", self.place_edit, "jurisdiction"),
                                  ("&Specimen filed on", self.specimen_edit, "specimen_on")):
            edit.setObjectName(f"official_{field}")
            self.add_field(text, edit, field)
        self.finish()

    def work(self) -> Callable[[], Any] | None:
        db, actor = self.desk.backend.db, self.desk.actor
        said = (self.name_edit.text(), self.title_edit.text(), self.place_edit.text(),
                day_of(self.specimen_edit))
        return lambda: officials.add_official(db, actor, *said)


class SpecimenDialog(ServiceForm):
    def __init__(self, parent: QWidget | None, desk: Desk, official: OfficialView):
        super().__init__(parent, desk, "specimenDialog", f"New specimen of {official.name}",
                         "&Record")
        self.official = official
        self.specimen_edit = date_edit("newSpecimen")
        self.add_field("&Filed on", self.specimen_edit, "specimen_on")
        self.field_error("official", self.specimen_edit)
        self.finish()

    def work(self) -> Callable[[], Any] | None:
        db, actor, chosen = self.desk.backend.db, self.desk.actor, self.official.id
        day = day_of(self.specimen_edit)
        return lambda: officials.record_specimen(db, actor, chosen, day)


class RetireDialog(ServiceForm):
    def __init__(self, parent: QWidget | None, desk: Desk, official: OfficialView):
        super().__init__(parent, desk, "retireDialog", f"Retire {official.name}", "&Retire")
        self.official = official
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("retireReason")
        self.reason_edit.setPlaceholderText("Left office on …")
        self.add_field("&Why", self.reason_edit, "reason")
        self.field_error("official", self.reason_edit)
        self.finish()

    def work(self) -> Callable[[], Any] | None:
        db, actor, chosen = self.desk.backend.db, self.desk.actor, self.official.id
        reason = self.reason_edit.text()
        return lambda: officials.retire_official(db, actor, chosen, reason)


class OfficialsDialog(QDialog):
    """The table, with the lead's three forms; refreshed after each."""

    def __init__(self, parent: QWidget | None, desk: Desk):
        super().__init__(parent)
        self.setObjectName("officialsDialog")
        self.setWindowTitle(f"Officials with signatures on file — {APP_NAME}")
        self.desk = desk
        self.model = OfficialModel(self)
        self.table = QTableView()
        self.table.setObjectName("officialsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.retired_box = QCheckBox("Show re&tired officials")
        self.retired_box.toggled.connect(lambda _on: self.refresh())
        self.message = FieldError("officialsMessage")
        row = QHBoxLayout()
        for text, name, slot in (("&Add…", "addOfficial", self.add),
                                 ("New &specimen…", "newSpecimen", self.new_specimen),
                                 ("&Retire…", "retireOfficial", self.retire)):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.retired_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(row)
        self.resize(self.fontMetrics().averageCharWidth() * 120,
                    self.fontMetrics().lineSpacing() * 24)
        self.refresh()

    def refresh(self) -> None:
        db, actor, every = self.desk.backend.db, self.desk.actor, self.retired_box.isChecked()

        def done(rows: tuple[OfficialView, ...]) -> None:
            self.model.set_rows(rows)
            self.table.resizeColumnsToContents()

        self.desk.tasks.run(lambda: officials.list_officials(db, actor, include_inactive=every),
                            done, self._refused, owner=self)

    def current(self) -> OfficialView | None:
        return self.model.row_at(self.table.currentIndex())

    def add(self) -> ServiceForm:
        return self._open(AddOfficialDialog(self, self.desk))

    def new_specimen(self) -> ServiceForm | None:
        chosen = self._chosen()
        return self._open(SpecimenDialog(self, self.desk, chosen)) if chosen else None

    def retire(self) -> ServiceForm | None:
        chosen = self._chosen()
        return self._open(RetireDialog(self, self.desk, chosen)) if chosen else None

    def _chosen(self) -> OfficialView | None:
        chosen = self.current()
        if chosen is None:
            self.message.show_message("Choose an official in the table first.")
        return chosen

    def _open(self, form: ServiceForm) -> ServiceForm:
        self.message.clear_message()
        form.recorded.connect(lambda _view: self.refresh())
        form.open()
        return form

    def _refused(self, error: UserError) -> None:
        self.message.show_message(error.message)
