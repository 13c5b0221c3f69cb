"""The lead's money reports (issue 9): receipts by fee code and tender per day or month, and the
voids with who approved them. Over and short by drawer, and the deposits against their deadlines,
are in ``report_money_drawers`` and re-exported here (the catalogue names this module).

Receipts are counted by their business day (the drawer session's office day), so a receipt
posted a minute after midnight in a session still open from the day before counts with that day,
as the close of day counts it. Sales are counted apart from voids: the fee and tender columns are
what was taken; a void (a reversing receipt) is in its own columns, so "net" is what the day's
close and deposit reconcile to. Every sum is the database's, grouped by day; a month is the sum
of its days.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from workstation.db.uow import Database, UnitOfWork
from workstation.domain.money import format_cents
from workstation.domain.teller_rules import TENDERS
from workstation.errors import UserError
from workstation.models import Drawer, DrawerSession, Receipt, ReceiptLine, ReceiptTender, User
from workstation.models.types import utcnow
from workstation.services.authz import authorize
from workstation.services.dto import Actor
from workstation.services.profile import Profile
from workstation.services.report_dto import (
    Cell,
    Cents,
    Chart,
    Column,
    Figure,
    Report,
    ReportRange,
    share_text,
)
from workstation.services.report_money_drawers import deposit_report, drawer_report, narrowing
from workstation.services.report_time import check_range
from workstation.services.teller_dto import REFUND_CHECK

__all__ = ["deposit_report", "drawer_report", "money_report", "void_report"]

GROUPS = ("day", "month")
TENDER_LABELS = {"cash": "Cash less change", "check": "Check", "money_order": "Money order",
                 "card": "Card"}
_R, _L, _T = Receipt, ReceiptLine, ReceiptTender

MONEY_NOTES = (
    "Receipts are counted on their business day (the drawer session's day), as the close of day "
    "counts them.",
    "Fee and tender columns are sales (receipts taken), each fee code's lines and each tender "
    "as received, cash less the change handed back; the two add up to the same amount.",
    "Voids are reversing receipts, counted apart: their amount is negative and net is sales "
    "plus voids. Approved by: who approved the day's voids, with how many.",
)
VOID_NOTES = (
    "One row per void (a reversing receipt) posted on the business days chosen; the drawer and "
    "clerk filters choose the drawer and clerk that posted the void.",
    "Refund: the void reason gives the money back to the customer (teller.toml void reasons). "
    "By check: the part refunded by a check finance sends (a check already deposited or a "
    "mail check).",
    "Separate approver: approved by someone who neither posted the void nor took the money.",
)


def money_report(db: Database, profile: Profile, actor: Actor, first: date, last: date, *,
                 group: str = "day", drawer: str | None = None,
                 clerk: str | None = None) -> Report:
    """Receipts on the business days [first, last] by fee code and tender, per day or month,
    with the voids apart. Refused: an unknown grouping, drawer or clerk."""
    check_range(first, last)
    if group not in GROUPS:
        raise UserError(f"Rows are by day or by month, not {group!r}.", field="group")

    def work(uow: UnitOfWork) -> Report:
        authorize(uow, actor, "report.read")
        where, words = narrowing(uow, drawer, clerk, _R.session_id, _R.clerk_id)
        where += [_R.business_date >= first, _R.business_date <= last]
        sale, void = (*where, _R.kind == "sale"), (*where, _R.kind == "reversal")
        period = (lambda d: d) if group == "day" else (lambda d: f"{d:%Y-%m}")
        sums: dict[date | str, Counter[str]] = defaultdict(Counter)
        for d, n, total, change in uow.session.execute(
                select(_R.business_date, func.count(), func.sum(_R.total_cents),
                       func.sum(_R.change_cents)).where(*sale).group_by(_R.business_date)):
            sums[period(d)].update(receipts=int(n), sales=int(total or 0),
                                   **{"tender:cash": -int(change or 0)})
        for d, code, cents in uow.session.execute(
                select(_R.business_date, _L.fee_code, func.sum(_L.amount_cents))
                .join(_R, _R.id == _L.receipt_id).where(*sale)
                .group_by(_R.business_date, _L.fee_code)):
            sums[period(d)][f"fee:{code}"] += int(cents or 0)
        for d, tender, cents in uow.session.execute(
                select(_R.business_date, _T.tender, func.sum(_T.amount_cents))
                .join(_R, _R.id == _T.receipt_id).where(*sale)
                .group_by(_R.business_date, _T.tender)):
            sums[period(d)][f"tender:{tender}"] += int(cents or 0)
        for d, n, total in uow.session.execute(
                select(_R.business_date, func.count(), func.sum(_R.total_cents))
                .where(*void).group_by(_R.business_date)):
            sums[period(d)].update(voids=int(n), voided=int(total or 0))
        for d, cents in uow.session.execute(
                select(_R.business_date, func.sum(_T.amount_cents))
                .join(_R, _R.id == _T.receipt_id).where(*void, _T.tender == REFUND_CHECK)
                .group_by(_R.business_date)):
            sums[period(d)]["refund_check"] += -int(cents or 0)
        approvers: dict[date | str, Counter[str]] = defaultdict(Counter)
        for d, name, n in uow.session.execute(
                select(_R.business_date, User.username, func.count())
                .join(User, User.id == _R.approved_by).where(*void)
                .group_by(_R.business_date, User.username)):
            approvers[period(d)][str(name)] += int(n)
        return _money(actor, first, last, group, words, sums, approvers)

    return db.run(work, read_only=True)


def _money(actor: Actor, first: date, last: date, group: str,
           words: tuple[tuple[str, str], ...], sums: dict[date | str, Counter[str]],
           approvers: dict[date | str, Counter[str]]) -> Report:
    fees = sorted({k for c in sums.values() for k in c if k.startswith("fee:")})
    columns = (Column("period", "Day" if group == "day" else "Month", numeric=False),
               Column("receipts", "Receipts", total=True),
               *(Column(k, k[4:], total=True) for k in fees),
               *(Column(f"tender:{t}", TENDER_LABELS.get(t, t), total=True) for t in TENDERS),
               Column("sales", "Sales", total=True), Column("voids", "Voids", total=True),
               Column("voided", "Voided", total=True), Column("net", "Net", total=True),
               Column("approved_by", "Voids approved by", numeric=False))
    every: Counter[str] = Counter()
    for found in sums.values():
        every.update(found)
    everyone: Counter[str] = Counter()
    for names in approvers.values():
        everyone.update(names)
    rows = tuple((key, *_money_cells(sums[key], fees), _names(approvers.get(key, Counter())))
                 for key in sorted(sums, key=str))
    net = every["sales"] + every["voided"]
    return Report(
        name="money", title="Receipts and drawers", range=ReportRange(first, last),
        filters=(("Rows by", group.capitalize()), *words), columns=columns, rows=rows,
        totals=(None, *_money_cells(every, fees), _names(everyone)),
        charts=(Chart("Receipts by tender", "stacked", "period",
                      tuple(f"tender:{t}" for t in TENDERS)),
                Chart("Net receipts", "bar", "period", ("net",))),
        figures=(Figure("Receipts", f"{every['receipts']:,}"),
                 Figure("Sales", format_cents(every["sales"])),
                 Figure("Voids", f"{every['voids']:,} ({format_cents(every['voided'])})"),
                 Figure("Net", format_cents(net)),
                 Figure("Refunds by check requested", format_cents(every["refund_check"]))),
        notes=MONEY_NOTES, made_at=utcnow(), made_by=actor.username)


def _money_cells(found: Counter[str], fees: Iterable[str]) -> tuple[Cell, ...]:
    return (found["receipts"], *(Cents(found[k]) for k in fees),
            *(Cents(found[f"tender:{t}"]) for t in TENDERS), Cents(found["sales"]),
            found["voids"], Cents(found["voided"]), Cents(found["sales"] + found["voided"]))


def _names(counted: Counter[str]) -> str:
    return ", ".join(f"{name} {n}" for name, n in sorted(counted.items()))


# ---------------------------------------------------------------------- voids

def void_report(db: Database, profile: Profile, actor: Actor, first: date, last: date, *,
                drawer: str | None = None, clerk: str | None = None) -> Report:
    """Every void posted on the business days [first, last], with its reason, the money handed
    back and who approved it. Refused: an unknown drawer or clerk."""
    check_range(first, last)

    def work(uow: UnitOfWork) -> Report:
        authorize(uow, actor, "report.read")
        where, words = narrowing(uow, drawer, clerk, _R.session_id, _R.clerk_id)
        original = aliased(Receipt)
        voider, taker, approver = aliased(User), aliased(User), aliased(User)
        by_check = (select(func.coalesce(func.sum(_T.amount_cents), 0))
                    .where(_T.receipt_id == _R.id, _T.tender == REFUND_CHECK).scalar_subquery())
        rows = uow.session.execute(
            select(_R.business_date, _R.number, original.number, original.business_date,
                   Drawer.code, _R.total_cents, _R.reason_code, _R.reason_note, by_check,
                   voider.username, taker.username, approver.username)
            .join(original, original.id == _R.reverses_id)
            .join(DrawerSession, DrawerSession.id == _R.session_id)
            .join(Drawer, Drawer.id == DrawerSession.drawer_id)
            .join(voider, voider.id == _R.clerk_id)
            .join(taker, taker.id == original.clerk_id)
            .outerjoin(approver, approver.id == _R.approved_by)
            .where(*where, _R.kind == "reversal", _R.business_date >= first,
                   _R.business_date <= last).order_by(_R.business_date, _R.id)).all()
        return _voids(profile, actor, first, last, words, [_Void(
            r[0], str(r[1]), str(r[2]), r[3], str(r[4]), int(r[5]), str(r[6] or ""),
            str(r[7] or ""), -int(r[8] or 0), str(r[9]), str(r[10]),
            None if r[11] is None else str(r[11])) for r in rows])

    return db.run(work, read_only=True)


@dataclass(frozen=True)
class _Void:
    day: date
    number: str
    original: str
    taken_on: date
    drawer: str
    cents: int  # the reversing receipt's total: negative
    reason: str
    note: str
    by_check: int  # refunded by a check finance sends: positive
    voided_by: str
    taken_by: str
    approved_by: str | None

    @property
    def separate(self) -> bool:
        return self.approved_by is not None and self.approved_by not in (self.voided_by,
                                                                         self.taken_by)


def _voids(profile: Profile, actor: Actor, first: date, last: date,
           words: tuple[tuple[str, str], ...], found: list[_Void]) -> Report:
    refunds = sum(_refunds(profile, v.reason) for v in found)
    apart = sum(v.separate for v in found)
    amount, by_check = -sum(v.cents for v in found), sum(v.by_check for v in found)
    rows = tuple((v.day, v.number, v.original, v.taken_on, v.drawer, Cents(-v.cents),
                  _reason(profile, v.reason), v.note,
                  "yes" if _refunds(profile, v.reason) else "no", Cents(v.by_check),
                  v.voided_by, v.taken_by, v.approved_by or "", "yes" if v.separate else "NO")
                 for v in found)
    columns = (Column("day", "Day", numeric=False), Column("receipt", "Void", numeric=False),
               Column("original", "Voids receipt", numeric=False),
               Column("taken_on", "Taken on", numeric=False),
               Column("drawer", "Drawer", numeric=False),
               Column("amount", "Amount voided", total=True),
               Column("reason", "Reason", numeric=False), Column("note", "Note", numeric=False),
               Column("refund", "Refund", numeric=False),
               Column("by_check", "Refunded by check", total=True),
               Column("voided_by", "Voided by", numeric=False),
               Column("taken_by", "Taken by", numeric=False),
               Column("approved_by", "Approved by", numeric=False),
               Column("separate", "Separate approver", numeric=False))
    return Report(
        name="voids", title="Voids and refunds with approvers", range=ReportRange(first, last),
        filters=words, columns=columns, rows=rows,
        totals=(None, None, None, None, None, Cents(amount), None, None, None,
                Cents(by_check), None, None, None, None),
        charts=(Chart("Voided by day", "bar", "day", ("amount",)),),
        figures=(Figure("Voids", f"{len(rows):,} ({format_cents(amount)})"),
                 Figure("Of them refunds", f"{refunds:,}"),
                 Figure("Refunded by check", format_cents(by_check)),
                 Figure("Approved by a separate person",
                        f"{share_text(apart, len(rows))} ({apart:,} of {len(rows):,})")),
        notes=VOID_NOTES, made_at=utcnow(), made_by=actor.username)


def _refunds(profile: Profile, code: str) -> int:
    try:
        return int(profile.teller.void_reason(code).refund)
    except KeyError:
        return 0


def _reason(profile: Profile, code: str) -> str:
    try:
        return f"{code}: {profile.teller.void_reason(code).label}"
    except KeyError:
        return code
