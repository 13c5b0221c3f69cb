"""What the Teller Drawer shows of the clerk's own drawer, read in one go on the worker, and the
header line that says it: never an expected total (the service sends none for the clerk's own
open session, and this line would not show one if it did)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo

from workstation.domain.calendar_explain import format_clock
from workstation.services import teller_close, teller_read
from workstation.services.dto import Actor
from workstation.services.teller_dto import CountResult, ReceiptView, SessionView
from workstation.services.teller_read import DrawerRow
from workstation.startup import Backend


@dataclass(frozen=True)
class Reading:
    session: SessionView | None
    receipts: list[ReceiptView] = field(default_factory=list)
    drawers: list[DrawerRow] = field(default_factory=list)  # with no session: to open one
    result: CountResult | None = None  # once counted


def read(backend: Backend, actor: Actor) -> Reading:
    """The clerk's session and its receipts (or the drawers to open), its count if in."""
    db = backend.db
    mine = teller_read.my_session(db, actor)
    if mine is None:
        return Reading(None, drawers=teller_read.drawers(db, actor))
    result = teller_close.count_result(db, actor, mine.id) if mine.status != "open" else None
    return Reading(mine, teller_read.session_receipts(db, actor, mine.id), result=result)


def state_text(view: SessionView | None, zone: tzinfo | None) -> str:
    """``Drawer D1 · clerk · opened 8:02 a.m. · 12 receipts``."""
    if view is None:
        return "No drawer open"
    opened = format_clock(view.opened_at.astimezone(zone).time())
    count = f"{view.receipts} receipt{'' if view.receipts == 1 else 's'}"
    text = f"Drawer {view.drawer} · {view.clerk} · opened {opened} · {count}"
    return text + (" · counted, waiting for its sign-off" if view.status == "counted" else "")
