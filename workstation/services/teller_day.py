"""The office's close of day, by a lead: every drawer closed and signed off; the money
reconciled against the documents (receipts = fee lines = filings + charges paid + deposits held
in suspense; tenders less change = receipts); every check logged in Mail Sort that day applied on
a receipt; no card orphans (the terminal's settlement total equals what the receipts recorded,
drawer by drawer); then the deposit (cash above the floats, drops from the safe, each check
listed) with its deadline from the office profile, and the papers: a slip per drawer, the office
summary, the deposit slip and the finance export.

Anything that keeps the day from closing is listed, all of it at once, so the lead can work
down the list; nothing closes half-way.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, func, select

from workstation.db.uow import Database, UnitOfWork
from workstation.domain import drawer as arithmetic
from workstation.domain.money import format_cents
from workstation.errors import UserError
from workstation.models import (
    Drawer,
    DrawerMove,
    DrawerSession,
    Envelope,
    LineVoid,
    OfficeDay,
    Receipt,
    ReceiptLine,
    ReceiptTender,
    Remittance,
    User,
)
from workstation.models.types import utcnow
from workstation.printing.teller_data import (
    DaySummary,
    DepositSlip,
    DrawerLinePrint,
    DrawerSlip,
    FinanceRow,
)
from workstation.services import audit, numbering, teller_papers
from workstation.services.authz import authorize
from workstation.services.dto import Actor
from workstation.services.profile import Profile

RECONCILED_AS = (("filing", "Filings paid"), ("charge", "Certificates, copies and records paid"),
                 ("suspense", "Deposits held in suspense"))


@dataclass(frozen=True)
class DayClosed:
    summary: DaySummary
    slips: tuple[DrawerSlip, ...]
    finance: tuple[FinanceRow, ...]


def deposit_number(n: int) -> str:
    return f"D{n:07d}"


def close_day(db: Database, profile: Profile, actor: Actor, day: date) -> DayClosed:
    def work(uow: UnitOfWork) -> DayClosed:
        authorize(uow, actor, "teller.close_day")
        if uow.session.execute(select(OfficeDay.id).where(
                OfficeDay.business_date == day)).first():
            raise UserError(f"The day {day:%a %d %b %Y} is closed already.", field="day")
        sessions = list(uow.session.execute(select(DrawerSession).where(
            DrawerSession.business_date == day).order_by(DrawerSession.id)).scalars())
        if not sessions:
            raise UserError(f"No drawer was open on {day:%a %d %b %Y}.", field="day")
        slips = tuple(teller_papers.drawer_slip(uow, profile, s) for s in sessions)
        problems = [*_open_drawers(uow, sessions), *_card_orphans(slips),
                    *_mail_checks_not_receipted(uow, profile, day)]
        summary_parts = _money(uow, day)
        if summary_parts["receipts"] != summary_parts["tenders"]:
            problems.append(f"Tenders less change come to {format_cents(summary_parts['tenders'])}"
                            f", receipts to {format_cents(summary_parts['receipts'])}.")
        if problems:
            raise UserError("The day cannot close: " + " ".join(problems), field="day",
                            code="not_reconciled")
        now = utcnow()
        deposit = _deposit(uow, profile, actor, day, sessions, slips, now)
        summary = _summary(uow, profile, actor.username, day, slips, deposit, summary_parts,
                           now)
        digest = hashlib.sha256(json.dumps(asdict(summary), sort_keys=True, default=str)
                                .encode("utf-8")).hexdigest()
        uow.session.add(OfficeDay(
            business_date=day, closed_at=now, closed_by=actor.user_id,
            deposit_number=deposit.number, cash_cents=deposit.cash_cents,
            checks_cents=deposit.checks_cents, check_count=len(deposit.checks),
            card_cents=summary.card_recorded_cents, deposit_due_at=deposit.due_at,
            summary_sha256=digest))
        audit.record(uow, actor, "teller.close_day", "office_day", day.isoformat(),
                     after={"deposit": deposit.number, "total": deposit.total_cents,
                            "due": deposit.due_at.isoformat()})
        uow.commit()
        finance = teller_papers.finance_rows(uow, profile, day, deposit.number, None)
        return DayClosed(summary, slips, tuple(finance))

    return db.run(work)


def _open_drawers(uow: UnitOfWork, sessions: list[DrawerSession]) -> list[str]:
    found = []
    for row in sessions:
        if row.status != "closed":
            drawer = uow.session.get(Drawer, row.drawer_id)
            clerk = uow.session.get(User, row.clerk_id)
            words = "is still open" if row.status == "open" else "waits for its sign-off"
            found.append(f"Drawer {drawer.code if drawer else '?'} "
                         f"({clerk.username if clerk else '?'}) {words}.")
    return found


def _card_orphans(slips: tuple[DrawerSlip, ...]) -> list[str]:
    found = []
    for slip in slips:
        for line in slip.tenders:
            if line.tender == "card" and line.counted_cents != line.expected_cents:
                found.append(
                    f"Drawer {slip.drawer}: the card terminal settled "
                    f"{format_cents(line.counted_cents)}, the receipts recorded "
                    f"{format_cents(line.expected_cents)} (card orphans: find the payment "
                    "without a receipt, or the receipt without a payment).")
    return found


def _mail_checks_not_receipted(uow: UnitOfWork, profile: Profile, day: date) -> list[str]:
    zone = profile.calendar.zone
    start = datetime.combine(day, time(0), tzinfo=zone)
    voided = select(LineVoid.line_id).where(LineVoid.line_kind == "remittance")
    applied = select(ReceiptTender.remittance_id).where(ReceiptTender.remittance_id.is_not(None))
    rows = uow.session.execute(
        select(Remittance, Envelope.control_number)
        .join(Envelope, Envelope.id == Remittance.envelope_id)
        .where(Envelope.received_at >= start, Envelope.received_at < start + timedelta(days=1),
               Remittance.instrument.in_(("check", "money_order")),
               Remittance.id.not_in(voided), Remittance.id.not_in(applied))
        .order_by(Remittance.id)).all()
    return [f"Mail check {r.check_number or '?'} from {r.payer} for "
            f"{format_cents(r.amount_cents)} (envelope {control}) is not on a receipt."
            for r, control in rows]


def _money(uow: UnitOfWork, day: date) -> dict[str, int]:
    """The day's sums, each by its own query: receipts, lines by kind, tenders less change."""
    on_day = Receipt.business_date == day
    found = {"receipts": _sum(uow, select(func.sum(Receipt.total_cents)).where(on_day))}
    for kind, _ in RECONCILED_AS:
        found[kind] = _sum(uow, select(func.sum(ReceiptLine.amount_cents))
                           .join(Receipt, Receipt.id == ReceiptLine.receipt_id)
                           .where(on_day, ReceiptLine.applies_to == kind))
    found["lines"] = sum(found[kind] for kind, _ in RECONCILED_AS)
    tenders = _sum(uow, select(func.sum(ReceiptTender.amount_cents))
                   .join(Receipt, Receipt.id == ReceiptTender.receipt_id).where(on_day))
    found["tenders"] = tenders - _sum(uow, select(func.sum(Receipt.change_cents)).where(on_day))
    for tender in ("cash", "check", "money_order", "card", "refund_check"):
        found[f"tender:{tender}"] = _sum(
            uow, select(func.sum(ReceiptTender.amount_cents))
            .join(Receipt, Receipt.id == ReceiptTender.receipt_id)
            .where(on_day, ReceiptTender.tender == tender))
    found["tender:cash"] -= _sum(uow, select(func.sum(Receipt.change_cents)).where(on_day))
    return found


def _sum(uow: UnitOfWork, query: Select[Any]) -> int:
    return int(uow.session.execute(query).scalar_one() or 0)


def _deposit(uow: UnitOfWork, profile: Profile, actor: Actor, day: date,
             sessions: list[DrawerSession], slips: tuple[DrawerSlip, ...],
             now: datetime) -> DepositSlip:
    """Cash counted above each drawer's float, plus the drops in the safe; every check."""
    counted_cash = sum(line.counted_cents for slip in slips for line in slip.tenders
                       if line.tender == "cash")
    floats = sum(s.change_fund_cents for s in sessions)
    drops = _sum(uow, select(func.sum(DrawerMove.cents)).where(
        DrawerMove.session_id.in_([s.id for s in sessions]), DrawerMove.kind == "drop"))
    checks = tuple(c for slip in slips for c in slip.checks)
    cash = counted_cash - floats + drops
    total = cash + sum(c.cents for c in checks)
    rule = profile.teller.deposit
    return DepositSlip(
        number=deposit_number(numbering.next_number(uow, "deposit")),
        office=profile.calendar.name, payee=rule.payee, business_date=day,
        prepared_by=actor.username, prepared_at=now, cash_cents=cash, checks=checks,
        due_at=arithmetic.deposit_due(rule, profile.calendar, day, total, now),
        rule=rule.source)


def _summary(uow: UnitOfWork, profile: Profile, closed_by: str, day: date,
             slips: tuple[DrawerSlip, ...], deposit: DepositSlip, sums: dict[str, int],
             now: datetime) -> DaySummary:
    on_day = Receipt.business_date == day
    head_seq, head_hash = audit.chain_head(uow)
    card = [line for slip in slips for line in slip.tenders if line.tender == "card"]
    return DaySummary(
        office=profile.calendar.name, business_date=day, closed_at=now, closed_by=closed_by,
        drawers=tuple(DrawerLinePrint(
            s.drawer, s.clerk, s.receipts, sum(t.expected_cents for t in s.tenders),
            sum(t.counted_cents for t in s.tenders), s.signed_off_by) for s in slips),
        fees=teller_papers.fees_of(uow, profile, on_day),
        tenders=tuple((t, sums[f"tender:{t}"]) for t in
                      ("cash", "check", "money_order", "card", "refund_check")
                      if sums[f"tender:{t}"]),
        reconciliation=tuple((label, sums[kind]) for kind, label in RECONCILED_AS),
        receipts_cents=sums["receipts"], lines_cents=sums["lines"],
        voids=teller_papers.voids_of(uow, on_day),
        card_terminal_cents=sum(line.counted_cents for line in card),
        card_recorded_cents=sum(line.expected_cents for line in card),
        deposit=deposit, audit_head=f"{head_seq}:{head_hash}")


def day_papers(db: Database, profile: Profile, actor: Actor, day: date) -> DayClosed:
    """The papers of a day closed before, drawn again from what was stored (the close commits
    first; a printer jam or a full disk afterwards must not lose them)."""
    def work(uow: UnitOfWork) -> DayClosed:
        authorize(uow, actor, "teller.close_day")
        office = uow.session.execute(select(OfficeDay).where(OfficeDay.business_date == day)
                                     .order_by(OfficeDay.id.desc()).limit(1)).scalar_one_or_none()
        if office is None:
            raise UserError(f"The day {day:%a %d %b %Y} is not closed.", field="day")
        sessions = list(uow.session.execute(select(DrawerSession).where(
            DrawerSession.business_date == day).order_by(DrawerSession.id)).scalars())
        slips = tuple(teller_papers.drawer_slip(uow, profile, s) for s in sessions)
        closer = uow.session.get(User, office.closed_by)
        name = closer.username if closer else "?"
        deposit = DepositSlip(
            number=office.deposit_number, office=profile.calendar.name,
            payee=profile.teller.deposit.payee, business_date=day, prepared_by=name,
            prepared_at=office.closed_at, cash_cents=office.cash_cents,
            checks=tuple(c for slip in slips for c in slip.checks), due_at=office.deposit_due_at,
            rule=profile.teller.deposit.source)
        summary = _summary(uow, profile, name, day, slips, deposit, _money(uow, day),
                           office.closed_at)
        finance = teller_papers.finance_rows(uow, profile, day, office.deposit_number, None)
        return DayClosed(summary, slips, tuple(finance))

    return db.run(work, read_only=True)
