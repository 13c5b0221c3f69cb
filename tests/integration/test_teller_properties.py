"""Generated counter days through the services (hypothesis, SQLite): any sequence of receipts in
any tenders, voids (money handed back), refunds by check, and drops keeps the drawer's running
totals equal to the journal's recomputation after every step; a drop or refund the drawer cannot
cover is refused and changes nothing; money stays whole cents; and the exact count closes the
drawer with the slip printing what the database holds."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import make_settings
from tests.integration.teller_support import FLOAT, P, card, cash, check, deposit, person
from workstation import paths
from workstation.domain.drawer import Count, Total
from workstation.errors import UserError
from workstation.models import DrawerSession
from workstation.services import demo, teller, teller_close, teller_papers, teller_voids
from workstation.services.dto import Actor
from workstation.services.teller_journal import checked_expected
from workstation.startup import Backend, open_backend


@dataclass(frozen=True)
class Sale:
    fee_cents: int
    tender: str  # cash / check / card / split
    over_cents: int  # cash handed over beyond the fee (change)


@dataclass(frozen=True)
class Void:
    which: int  # index into the receipts posted so far
    reason: str  # KEY (money back) or WDR (a refund)


@dataclass(frozen=True)
class Drop:
    cents: int


def dollars(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


sales = st.builds(Sale, st.integers(1, 30_000), st.sampled_from(("cash", "check", "card",
                                                                   "split")),
                  st.integers(0, 5_000))
steps = st.lists(st.one_of(sales, st.builds(Void, st.integers(0, 40),
                                            st.sampled_from(("KEY", "WDR"))),
                           st.builds(Drop, st.integers(1, 60_000))), min_size=1, max_size=25)


def _tenders(sale: Sale) -> tuple:  # type: ignore[type-arg]
    fee = sale.fee_cents
    if sale.tender == "cash":
        return (cash(dollars(fee + sale.over_cents)),)
    if sale.tender == "check":
        return (check(dollars(fee), number=str(fee)),)
    if sale.tender == "card":
        return (card(dollars(fee)),)
    half = fee // 2
    if half == 0:
        return (cash(dollars(fee + sale.over_cents)),)
    return (check(dollars(half), number=str(fee)), cash(dollars(fee - half + sale.over_cents)))


class Day:
    """One generated day in the shared database: a drawer session per example."""

    def __init__(self, backend: Backend, clerk: Actor, lead: Actor):
        self.backend, self.clerk, self.lead = backend, clerk, lead
        self.session_id = teller.open_session(backend.db, P, clerk, "PROP", FLOAT)
        self.numbers: list[str] = []

    def totals(self) -> dict[str, Total]:
        with self.backend.db.uow(read_only=True) as uow:
            session = uow.session.get(DrawerSession, self.session_id)
            assert session is not None
            found = checked_expected(uow, session)  # raises on any disagreement
        assert all(isinstance(t.cents, int) and isinstance(t.items, int) for t in found.values())
        return found

    def run(self, step: Sale | Void | Drop) -> None:
        before = self.totals()
        try:
            self._apply(step)
        except UserError:
            assert self.totals() == before  # a refusal changes nothing
            return
        after = self.totals()
        assert after["cash"].cents >= 0  # never a negative drawer without an error

    def _apply(self, step: Sale | Void | Drop) -> None:
        db = self.backend.db
        if isinstance(step, Sale):
            posted = teller.post_receipt(db, P, self.clerk,
                                         deposit(dollars(step.fee_cents), *_tenders(step)))
            self.numbers.append(posted.number)
        elif isinstance(step, Void) and self.numbers:
            number = self.numbers[step.which % len(self.numbers)]
            teller_voids.void_receipt(db, P, self.clerk, number, step.reason, "generated",
                                      self.lead)
        elif isinstance(step, Drop):
            teller.drop(db, P, self.clerk, {"coin_1": step.cents}, self.lead)

    def close_exactly(self) -> None:
        totals = self.totals()
        count = Count({"coin_1": totals["cash"].cents},
                      checks=_held_checks(self.backend, self.session_id),
                      card_cents=totals["card"].cents, card_items=totals["card"].items)
        result = teller_close.submit_count(self.backend.db, P, self.clerk, self.session_id,
                                           count)
        assert (result.off_by_cents, result.status) == (0, "closed")
        with self.backend.db.uow(read_only=True) as uow:
            session = uow.session.get(DrawerSession, self.session_id)
            assert session is not None
            slip = teller_papers.drawer_slip(uow, P, session)
        printed = {line.tender: (line.expected_cents, line.expected_items)
                   for line in slip.tenders}
        assert printed == {t: (v.cents, v.items) for t, v in totals.items()}


def _held_checks(backend: Backend, session_id: int) -> tuple[int, ...]:
    with backend.db.uow(read_only=True) as uow:
        session = uow.session.get(DrawerSession, session_id)
        assert session is not None
        slip = teller_papers.drawer_slip(uow, P, session)
    return tuple(c.cents for c in slip.checks)


@contextmanager
def fresh_counter(template: Path, where: Path) -> Iterator[tuple[Backend, Actor, Actor]]:
    """A database of its own for one generated day (copied from the migrated template)."""
    where.mkdir(parents=True)
    shutil.copyfile(template, where / "day.sqlite3")
    backend = open_backend(paths.locations(where / "home"),
                           make_settings(db_url=f"sqlite+pysqlite:///{where / 'day.sqlite3'}"))
    try:
        demo.refresh(backend.db, backend.policy)
        lead = person(backend, "lead")
        teller.add_drawer(backend.db, P, lead, "PROP", "Generated days")
        yield backend, person(backend, "clerk"), lead
    finally:
        backend.close()


_days = itertools.count()


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # paths only
@given(steps)
def test_generated_days_keep_the_drawer_equal_to_its_journal(
        sqlite_template: Path, tmp_path: Path, day_steps: list[Sale | Void | Drop]) -> None:
    with fresh_counter(sqlite_template, tmp_path / f"day{next(_days)}") as counter:
        day = Day(*counter)
        for step in day_steps:
            day.run(step)
        day.close_exactly()
