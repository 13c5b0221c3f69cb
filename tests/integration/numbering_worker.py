"""A separate process taking numbers, for the multi-process gapless test (SQLite and PostgreSQL).

Run as ``python -m tests.integration.numbering_worker URL SERIES COUNT``; prints one number a line.
"""

from __future__ import annotations

import sys

from sqlalchemy import make_url

from workstation.db.engine import DatabaseTarget, make_engine
from workstation.db.uow import Database, UnitOfWork
from workstation.services import audit, numbering


def main(url: str, series: str, count: int) -> None:
    target = DatabaseTarget(make_url(url))
    db = Database.open(make_engine(target), target, "worker")
    taken = []
    for _ in range(count):
        def work(uow: UnitOfWork) -> int:
            number = numbering.next_number(uow, series)
            audit.record(uow, "worker", "number.take", series, number)
            uow.commit()
            return number
        taken.append(db.run(work))
    db.dispose()
    print("\n".join(map(str, taken)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
