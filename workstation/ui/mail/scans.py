"""A scanned control slip or cover sheet, wherever the clerk is in the program.

The main window's ``ScanDesk`` listens to the application's one ``ScanFilter`` (installed by
``app.main_gui``): a code starting "M" is an envelope (``intake.envelope_slip``), "B" a batch
(``intake.batch_cover``); either opens a small window with a Print button. Anything else, or a
number nobody has, is said on the status bar. While the screen is locked a scan does nothing,
and a window it opened closes when the screen locks (it shows somebody's work).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication

from workstation.errors import UserError
from workstation.services import intake, profile
from workstation.services.intake_dto import BatchCover, EnvelopeSlip
from workstation.services.intake_rules import rules
from workstation.ui.mail import printouts
from workstation.ui.mail.scan_dialogs import BatchDialog, EnvelopeDialog, ScanDialog
from workstation.ui.mail.void_line import Voiding
from workstation.ui.widgets import scanner

if TYPE_CHECKING:
    from workstation.ui.main_window import MainWindow

STATUS_MS = 15_000
NOT_FOUND = ("control", "batch")  # the fields of "no such number" refusals


class ScanDesk(QObject):
    """Turns scans into windows for the main window ``window``."""

    def __init__(self, window: MainWindow):
        super().__init__(window)  # the window is only ever reached as the parent: no cycle
        self.profile = profile.load()
        self.dialog: ScanDialog | None = None  # the one window a scan opened
        app = QApplication.instance()
        found = scanner.installed(app) if app is not None else None
        if found is not None:
            found.scanned.connect(self.scanned)
        window.locked_changed.connect(self._locked_changed)

    @property
    def window(self) -> MainWindow:
        return cast("MainWindow", self.parent())

    def scanned(self, code: str) -> None:
        if self.window.locked:
            return
        number = code.strip().upper()
        w, b, found, actor = self.window, self.window.backend, self.profile, self.window.actor
        if number.startswith("M"):
            self.window.tasks.run(lambda: intake.envelope_slip(b.db, found, actor, number),
                                  self._envelope, lambda e: self._refused(number, e), owner=w)
        elif number.startswith("B"):
            self.window.tasks.run(lambda: intake.batch_cover(b.db, found, actor, number),
                                  self._batch, lambda e: self._refused(number, e), owner=w)
        else:
            self._unknown(number)

    def _unknown(self, number: str) -> None:
        self.window.statusBar().showMessage(
            f"No envelope or batch has the number {number}.", STATUS_MS)

    def _refused(self, number: str, error: UserError) -> None:
        if error.field in NOT_FOUND:
            self._unknown(number)
        else:
            self.window.statusBar().showMessage(error.message, STATUS_MS)

    def _envelope(self, slip: EnvelopeSlip) -> None:
        locations = self.window.backend.locations
        voiding = Voiding(self.window.backend, self.profile, self.window.actor)
        self._show(EnvelopeDialog(self.window.tasks, slip, rules(self.profile.code).exceptions,
                                  lambda shown: printouts.write_slip(locations, shown),
                                  self.profile.calendar.zone, self.window, voiding))

    def _batch(self, cover: BatchCover) -> None:
        locations = self.window.backend.locations
        self._show(BatchDialog(self.window.tasks, cover,
                               lambda: printouts.write_cover(locations, cover),
                               self.profile.calendar.zone, self.window))

    def _show(self, dialog: ScanDialog) -> None:
        self.close_dialog()
        if self.window.locked:  # the screen locked while the answer was on its way
            dialog.deleteLater()
            return
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r, d=dialog: self._closed(d))
        self.dialog = dialog
        dialog.show()
        dialog.activateWindow()

    def _closed(self, dialog: ScanDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog = None

    def _locked_changed(self, locked: bool) -> None:
        if locked:
            self.close_dialog()
