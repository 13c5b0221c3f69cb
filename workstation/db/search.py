"""Read-side queries for record lookup: one interface, two back ends (DESIGN.md section 2).

Every query is an index lookup or a bounded range scan, so its cost does not grow with the
register: exact name key (availability), name prefix (alphabetical, from the case-folded name),
"contains these words" (SQLite FTS5 trigram table / PostgreSQL pg_trgm GIN index), numbers.
Rows come back as plain tuples; the services turn them into DTOs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Select, and_, bindparam, func, literal_column, or_, select, text
from sqlalchemy.orm import Session

from workstation.models import Entity, Filing, UccParty, UccRecord

_E = Entity.__table__.c  # Core columns: lookups skip the ORM's per-statement work
ENTITY_COLUMNS = (_E.id, _E.number, _E.name, _E.entity_type, _E.status, _E.status_date)
MIN_TERM = 3  # trigram indexes cannot use a shorter term
_fts_available: dict[int, bool] = {}
# Built once: these run on every keystroke of a lookup, and building a statement costs more
# than an indexed read of a few rows.
_BY_KEY = (select(*ENTITY_COLUMNS).where(_E.name_key == bindparam("key"))
           .limit(bindparam("limit")))
_BY_NUMBER = select(*ENTITY_COLUMNS).where(_E.number == bindparam("number"))


def _entities() -> Select[*tuple[Any, ...]]:
    return select(*ENTITY_COLUMNS)


def by_name_key(session: Session, key: str, limit: int = 50) -> Sequence[Row[*tuple[Any, ...]]]:
    """Entities whose distinguishability key is exactly ``key`` (name availability)."""
    return session.connection().execute(_BY_KEY, {"key": key, "limit": limit}).all()


def by_number(session: Session, number: str) -> Row[*tuple[Any, ...]] | None:
    return session.connection().execute(_BY_NUMBER, {"number": number}).first()


_BY_PREFIX = (select(*ENTITY_COLUMNS)
              .where(_E.name_sort >= bindparam("low"), _E.name_sort < bindparam("high"))
              .order_by(_E.name_sort, _E.id).limit(bindparam("limit")).offset(bindparam("skip")))


def by_name_prefix(session: Session, prefix: str, limit: int, offset: int = 0
                   ) -> Sequence[Row[*tuple[Any, ...]]]:
    """Entities whose case-folded name starts with ``prefix``, alphabetically (index range)."""
    return session.connection().execute(_BY_PREFIX, {
        "low": prefix, "high": prefix + "\uffff", "limit": limit, "skip": offset}).all()


def containing_words(session: Session, words: Sequence[str], limit: int, offset: int = 0
                     ) -> Sequence[Row[*tuple[Any, ...]]]:
    """Entities whose name contains every word (as a substring, any case). Words shorter than
    three characters narrow nothing on a trigram index and are dropped; none left -> no rows."""
    terms = [w.casefold() for w in words if len(w) >= MIN_TERM]
    if not terms:
        return []
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite" and _has_fts(session):
        return _fts_containing(session, terms, limit, offset)
    likes = [_E.name_sort.like(f"%{_escape_like(t)}%", escape="\\") for t in terms]
    stmt = _entities().where(and_(*likes)).limit(limit).offset(offset)
    return session.connection().execute(stmt).all()


_FTS_IDS = (select(literal_column("rowid").label("entity_id"))
            .select_from(text("entity_names_fts")).where(text("entity_names_fts MATCH :q"))
            .limit(bindparam("limit")).offset(bindparam("skip")).subquery())
_FTS_CONTAINING = select(*ENTITY_COLUMNS).join(_FTS_IDS, _E.id == _FTS_IDS.c.entity_id)


def _fts_containing(session: Session, terms: Sequence[str], limit: int, offset: int
                    ) -> Sequence[Row[*tuple[Any, ...]]]:
    query = " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)
    return session.connection().execute(
        _FTS_CONTAINING, {"q": query, "limit": limit, "skip": offset}).all()


def _has_fts(session: Session) -> bool:
    """Whether the migration could make the FTS5 table (SQLite builds without FTS5 exist)."""
    bind = session.get_bind()
    key = id(bind)
    if key not in _fts_available:
        found = session.execute(text(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'entity_names_fts'"
        )).first()
        _fts_available[key] = found is not None
    return _fts_available[key]


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_F = Filing.__table__.c
_U = UccRecord.__table__.c
_P = UccParty.__table__.c
_FILING_BY_NUMBER = select(Filing.__table__).where(_F.document_number == bindparam("number"))
_UCC_BY_NUMBER = select(UccRecord.__table__).where(_U.file_number == bindparam("number"))
_FIRST_DEBTOR = (select(UccParty.__table__).where(_P.record_id == bindparam("record_id"),
                                                  _P.role == "debtor")
                 .order_by(_P.id).limit(1))


def filing_by_number(session: Session, document_number: str) -> Row[*tuple[Any, ...]] | None:
    """The filing row (attribute access like the mapped class) with this document number."""
    return session.connection().execute(_FILING_BY_NUMBER, {"number": document_number}).first()


def first_debtor(session: Session, record_id: int) -> Row[*tuple[Any, ...]] | None:
    return session.connection().execute(_FIRST_DEBTOR, {"record_id": record_id}).first()


def filings_of(session: Session, entity_id: int, limit: int = 200) -> Sequence[Filing]:
    return session.execute(
        select(Filing).where(Filing.entity_id == entity_id)
        .order_by(Filing.received_at.desc()).limit(limit)).scalars().all()


def ucc_by_file_number(session: Session, file_number: str) -> Row[*tuple[Any, ...]] | None:
    return session.connection().execute(_UCC_BY_NUMBER, {"number": file_number}).first()


# A debtor with its record in one flat row: the record's columns, and the party's name parts.
_DEBTOR_ROW = (_U.id, _U.file_number, _U.record_type, _U.filed_at, _U.lapse_date, _U.initial_id,
               _P.kind, _P.organization, _P.last_name, _P.first_name, _P.middle_name,
               _P.suffix)
_ORG_DEBTORS = (select(*_DEBTOR_ROW).join(UccRecord.__table__, _U.id == _P.record_id)
                .where(_P.role == "debtor", _P.kind == "organization",
                       _P.search_key == bindparam("key"))
                .order_by(_U.filed_at, _U.id).limit(bindparam("limit"))
                .offset(bindparam("skip")))


def ucc_debtors_by_key(session: Session, key: str, limit: int, offset: int = 0
                       ) -> Sequence[Row[*tuple[Any, ...]]]:
    """Organisation debtors whose standard-search-logic key is exactly ``key``, each a flat
    row of its record and its name."""
    return session.connection().execute(
        _ORG_DEBTORS, {"key": key, "limit": limit, "skip": offset}).all()


def ucc_individual_debtors(session: Session, last_key: str, first_initial: str | None,
                           limit: int) -> Sequence[Row[*tuple[Any, ...]]]:
    """Individual debtors with this surname key (and first initial, when given); the caller
    applies the initial-matching rule to the middle name."""
    # Ordered by the index (role, last_key, first_key, rowid), not by filing time: a common
    # surname has thousands of debtors, and sorting them all for one page is the slow part.
    conditions = [_P.role == "debtor", _P.last_key == last_key, _P.kind == "individual"]
    if first_initial:
        conditions.append(_P.first_key.like(f"{_escape_like(first_initial)}%", escape="\\"))
    stmt = (select(*_DEBTOR_ROW).join(UccRecord.__table__, _U.id == _P.record_id)
            .where(*conditions).order_by(_P.first_key, _P.id).limit(limit))
    return session.connection().execute(stmt).all()


def ucc_related(session: Session, initial_id: int) -> Sequence[UccRecord]:
    """The initial statement and every record linked to it, in filing order."""
    return session.execute(
        select(UccRecord).where(or_(UccRecord.id == initial_id,
                                    UccRecord.initial_id == initial_id))
        .order_by(UccRecord.filed_at, UccRecord.id)).scalars().all()


def count_entities(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(Entity)).scalar_one())
