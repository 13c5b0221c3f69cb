"""What Mail Sort offers while no tray is shown: Open tray…, a Resume button for each tray this
clerk left open (after a restart or a sign-out), for the tray just closed its cash list and the
verifier's sign-off (then the verified cash list), and a Sign off button for every other closed
tray of this person's still waiting for its verifier (the opener may have gone home)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import tzinfo
from functools import partial
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


def pending_text(info: SessionInfo, sources: dict[str, Source],
                 zone: tzinfo | None = None) -> str:
    source = sources[info.source].label if info.source in sources else info.source
    closed = local_time(info.closed_at or info.opened_at, zone)
    return (f"Sign off tray {info.number} ({source}, closed {closed}; "
            f"verifier {info.verifier})…")


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
        self.resume_column = QVBoxLayout()
        self.resume_column.setSpacing(4)
        self.pending_buttons: list[QPushButton] = []  # closed trays waiting for a sign-off
        self.pending_column = QVBoxLayout()
        self.pending_column.setSpacing(4)
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
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addLayout(self.pending_column)

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
        """Ask which trays this clerk left open (a Resume button for each) and which closed
        trays still wait for their verifier (a Sign off button for each)."""
        if self._looking:
            return
        self._looking = True
        db, actor = self.backend.db, self.actor
        self.tasks.run(lambda: (intake.open_sessions(db, actor),
                                intake.awaiting_sign_off(db, actor)),
                       lambda found: self._found(*found),
                       lambda _error: self._found([], []),  # a role that logs no mail
                       on_finally=self._found_done, owner=self)

    def _found_done(self) -> None:
        self._looking = False

    def _found(self, trays: list[SessionInfo], pending: list[SessionInfo]) -> None:
        # A tray this clerk only verifies is theirs to sign off, never to log envelopes in.
        self.show_resumable([t for t in trays if t.opener_username == self.actor.username])
        just_closed = self.closed[0] if self.closed is not None else None
        self.show_pending([t for t in pending if t.id != just_closed])

    def show_resumable(self, trays: Sequence[SessionInfo]) -> None:
        """One Resume button per open tray, oldest first (replacing those shown before)."""
        zone = self.profile.calendar.zone
        self.resume_buttons = self._buttons(
            self.resume_column, "resumeTray",
            [(resume_text(info, self.sources, n == 0, zone), info.number,
              partial(self.resume_requested.emit, info)) for n, info in enumerate(trays)])

    def show_pending(self, trays: Sequence[SessionInfo]) -> None:
        """One Sign off button per closed tray still waiting for its verifier."""
        zone = self.profile.calendar.zone
        self.pending_buttons = self._buttons(
            self.pending_column, "pendingSignOff",
            [(pending_text(info, self.sources, zone), info.number,
              partial(self._sign_off, info.id, info.number, info.verifier_username or ""))
             for info in trays])

    @staticmethod
    def _buttons(column: QVBoxLayout, name: str,
                 specs: Sequence[tuple[str, str, Callable[[], object]]]) -> list[QPushButton]:
        """Replace the buttons in ``column`` with one centred row per (text, session, slot)."""
        while column.count():
            item = column.takeAt(0)
            holder = item.widget() if item is not None else None
            if holder is not None:
                holder.hide()
                holder.deleteLater()
        buttons = []
        for text, number, slot in specs:
            button = QPushButton(text)
            button.setObjectName(name)
            button.setProperty("session", number)
            button.clicked.connect(lambda _c=False, act=slot: act())
            column.addWidget(centred(button))
            buttons.append(button)
        return buttons

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
        self._sign_off(session_id, cash.session_number, cash.verified_by or "")

    def _sign_off(self, session_id: int, number: str, verifier: str) -> None:
        dialog = SignOffDialog(self.backend, self.tasks, self.profile, session_id, number,
                               verifier, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.verified.connect(self._verified)
        dialog.open()

    def _verified(self, cash: CashList, verifier: Actor) -> None:
        self.sign_off_row.hide()
        self.find_open_trays()  # a tray signed off from the waiting list leaves it
        self.verified_label.setText(f"Tray {cash.session_number} verified by "
                                    f"{verifier.full_name} ({verifier.username}). {WRITING}")
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
