"""What Mail Sort offers while no tray is shown: Open tray…, a Resume button for each tray this
clerk left open (after a restart or a sign-out), and for the tray just closed its cash list and
the verifier's sign-off (then the verified cash list)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from workstation.domain.money import format_cents
from workstation.services import intake
from workstation.services.dto import Actor
from workstation.services.intake_dto import CashList, SessionInfo
from workstation.services.intake_rules import Source
from workstation.services.profile import Profile
from workstation.startup import Backend
from workstation.ui import theme
from workstation.ui.mail import printouts
from workstation.ui.mail.batches import local_time
from workstation.ui.mail.session_bar import plural
from workstation.ui.mail.sign_off import SignOffDialog
from workstation.ui.tasks import TaskRunner

WRITING = "Writing the verified cash list…"


def centred(widget: QWidget) -> QWidget:
    """``widget`` in the middle of a row of its own. The row is a widget, shown and hidden as
    one: a layout row whose only widget is hidden throws the column's height-for-width off,
    and the wrapped notes under it are clipped."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.addStretch(1)
    row.addWidget(widget)
    row.addStretch(1)
    return holder


def resume_text(info: SessionInfo, sources: dict[str, Source], first: bool,
                zone: tzinfo | None = None) -> str:
    source = sources[info.source].label if info.source in sources else info.source
    opened = local_time(info.opened_at, zone)
    return f"{'&' if first else ''}Resume tray {info.number} ({source}, opened {opened})"


class NoTrayPanel(QWidget):
    """Under the empty state's text. Opening and resuming are the tab's to do; the trays left
    open, the closed tray's cash list and its sign-off are looked after here."""

    open_requested = Signal()
    resume_requested = Signal(object)  # SessionInfo

    def __init__(self, backend: Backend, tasks: TaskRunner, actor: Actor, profile: Profile,
                 sources: dict[str, Source], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("noTrayPanel")
        self.backend, self.tasks, self.actor, self.profile = backend, tasks, actor, profile
        self.sources = sources
        self.closed: tuple[int, CashList] | None = None  # the tray just closed: id, cash list
        self.cash_list_path: Path | None = None
        self.verified_path: Path | None = None
        self._looking = False  # open_sessions is on its way
        self.open_button = QPushButton("&Open tray… (Ctrl+Shift+O)")
        self.open_button.setObjectName("openTray")
        self.open_button.clicked.connect(self.open_requested)
        self.resume_buttons: list[QPushButton] = []
        self._resume_rows: list[QWidget] = []
        self.resume_column = QVBoxLayout()
        self.resume_column.setSpacing(4)
        self.closed_label = self._note("closedTray")
        self.sign_off_button = QPushButton("&Verifier sign-off…")
        self.sign_off_button.setObjectName("signOff")
        self.sign_off_button.setToolTip("The second person named for the tray checks the "
                                        "cash list against the checks and signs it off")
        self.sign_off_button.clicked.connect(self.sign_off)
        self.sign_off_row = centred(self.sign_off_button)
        self.sign_off_row.hide()
        self.verified_label = self._note("verifiedTray")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(centred(self.open_button))
        layout.addLayout(self.resume_column)
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addWidget(self.closed_label)
        layout.addWidget(self.sign_off_row)
        layout.addWidget(self.verified_label)

    @staticmethod
    def _note(name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setStyleSheet(f"color: {theme.MUTED_TEXT};")
        label.hide()
        return label

    # ------------------------------------------------------------------ trays left open

    def find_open_trays(self) -> None:
        """Ask which trays this clerk opened and left open; a Resume button for each."""
        if self._looking:
            return
        self._looking = True
        db, actor = self.backend.db, self.actor
        self.tasks.run(lambda: intake.open_sessions(db, actor), self._found,
                       lambda _error: self.show_resumable([]),  # a role that logs no mail
                       on_finally=self._found_done, owner=self)

    def _found_done(self) -> None:
        self._looking = False

    def _found(self, trays: list[SessionInfo]) -> None:
        # A tray this clerk only verifies is theirs to sign off, never to log envelopes in.
        self.show_resumable([t for t in trays if t.opened_by == self.actor.full_name])

    def show_resumable(self, trays: Sequence[SessionInfo]) -> None:
        """One Resume button per open tray, oldest first (replacing those shown before)."""
        for holder in self._resume_rows:
            self.resume_column.removeWidget(holder)
            holder.hide()
            holder.deleteLater()
        self.resume_buttons, self._resume_rows = [], []
        for n, info in enumerate(trays):
            button = QPushButton(resume_text(info, self.sources, n == 0,
                                             self.profile.calendar.zone))
            button.setObjectName("resumeTray")
            button.setProperty("session", info.number)
            button.clicked.connect(lambda _c=False, i=info: self.resume_requested.emit(i))
            holder = centred(button)
            self.resume_column.addWidget(holder)
            self.resume_buttons.append(button)
            self._resume_rows.append(holder)

    # ------------------------------------------------------------------ the tray just closed

    def show_closed(self, session_id: int, cash: CashList) -> None:
        """The tray's totals; its cash list is written, then the sign-off is offered."""
        self.closed = (session_id, cash)
        self.cash_list_path = self.verified_path = None
        self.closed_label.setText(
            f"Tray {cash.session_number} closed: {plural(cash.envelopes, 'envelope')}, "
            f"{plural(len(cash.lines), 'payment')}, {format_cents(cash.total_cents)}.")
        self.closed_label.show()
        self.sign_off_row.hide()
        self.verified_label.hide()
        locations = self.backend.locations
        self.tasks.run(lambda: printouts.write_cash_list(locations, cash),
                       self._cash_list_written,
                       lambda error: self._add_line(self.closed_label, error.message),
                       owner=self)

    def _cash_list_written(self, path: Path) -> None:
        self.cash_list_path = path
        self._add_line(self.closed_label, f"Cash list: {path}")
        verifier = self.closed[1].verified_by if self.closed is not None else None
        if verifier:  # a tray where no money was expected may have no verifier
            self.sign_off_button.setText(f"&Verifier sign-off ({verifier})…")
            self.sign_off_row.show()

    @staticmethod
    def _add_line(label: QLabel, text: str) -> None:
        label.setText(f"{label.text()}\n{text}")

    def clear_closed(self) -> None:
        self.closed = None
        for label in (self.closed_label, self.verified_label):
            label.clear()
            label.hide()
        self.sign_off_row.hide()

    def sign_off(self) -> None:
        """Verifier sign-off…: the named verifier signs the closed tray's cash list off."""
        if self.closed is None:
            return
        session_id, cash = self.closed
        dialog = SignOffDialog(self.backend, self.tasks, self.profile, session_id,
                               cash.session_number, cash.verified_by or "", self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.verified.connect(self._verified)
        dialog.open()

    def _verified(self, cash: CashList, verifier: Actor) -> None:
        self.sign_off_row.hide()
        self.verified_label.setText(f"Verified by {verifier.full_name} ({verifier.username}). "
                                    f"{WRITING}")
        self.verified_label.setStyleSheet("")
        self.verified_label.show()
        self.open_button.setFocus()
        locations = self.backend.locations
        self.tasks.run(lambda: printouts.write_cash_list(locations, cash, verified=True),
                       self._verified_written,
                       lambda error: self._add_line(self.verified_label, error.message),
                       owner=self)

    def _verified_written(self, path: Path) -> None:
        self.verified_path = path
        self.verified_label.setText(self.verified_label.text().replace(
            WRITING, f"\nVerified cash list: {path}"))
