"""Registry: entities, filings and their history, UCC records and parties, name search indexes.

Name search: on SQLite an FTS5 external-content table with the trigram tokenizer (substring
search at index speed), kept in step by triggers; on PostgreSQL a pg_trgm GIN index. Both serve
workstation/db/search.py. A SQLite built without FTS5 gets no table, and search falls back to LIKE.

Revision ID: 0002_registry
Revises: 0001_foundation
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

from workstation.db import search_ddl
from workstation.models.types import Cents, UTCDateTime

revision = "0002_registry"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('entities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('name_key', sa.String(length=500), nullable=False),
    sa.Column('name_sort', sa.String(length=500), nullable=False),
    sa.Column('entity_type', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('status_date', sa.Date(), nullable=True),
    sa.Column('formation_date', sa.Date(), nullable=True),
    sa.Column('expiry_date', sa.Date(), nullable=True),
    sa.Column('agent_name', sa.String(length=200), nullable=True),
    sa.Column('agent_street', sa.String(length=200), nullable=True),
    sa.Column('agent_city', sa.String(length=100), nullable=True),
    sa.Column('agent_state', sa.String(length=2), nullable=True),
    sa.Column('agent_zip', sa.String(length=10), nullable=True),
    sa.Column('principal_street', sa.String(length=200), nullable=True),
    sa.Column('principal_city', sa.String(length=100), nullable=True),
    sa.Column('principal_state', sa.String(length=2), nullable=True),
    sa.Column('principal_zip', sa.String(length=10), nullable=True),
    sa.Column('last_report_date', sa.Date(), nullable=True),
    sa.Column('next_report_due', sa.Date(), nullable=True),
    sa.Column('tax_cancellation', sa.Boolean(), nullable=False),
    sa.Column('agent_missing', sa.Boolean(), nullable=False),
    sa.Column('court_order', sa.Boolean(), nullable=False),
    sa.Column('administrative_hold', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entities')),
    sa.UniqueConstraint('number', name=op.f('uq_entities_number'))
    )
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.create_index('ix_entities_name_key_status', ['name_key', 'status'], unique=False)
        batch_op.create_index('ix_entities_name_sort', ['name_sort'], unique=False)

    op.create_table('ucc_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file_number', sa.String(length=24), nullable=False),
    sa.Column('record_type', sa.String(length=16), nullable=False),
    sa.Column('initial_id', sa.Integer(), nullable=True),
    sa.Column('filed_at', UTCDateTime(), nullable=False),
    sa.Column('lapse_kind', sa.String(length=24), nullable=False),
    sa.Column('lapse_date', sa.Date(), nullable=True),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['initial_id'], ['ucc_records.id'], name=op.f('fk_ucc_records_initial_id_ucc_records')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ucc_records')),
    sa.UniqueConstraint('file_number', name=op.f('uq_ucc_records_file_number'))
    )
    with op.batch_alter_table('ucc_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ucc_records_initial_id'), ['initial_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ucc_records_lapse_date'), ['lapse_date'], unique=False)

    op.create_table('filings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_number', sa.String(length=20), nullable=False),
    sa.Column('filing_type', sa.String(length=20), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('received_at', UTCDateTime(), nullable=False),
    sa.Column('filed_at', UTCDateTime(), nullable=True),
    sa.Column('effective_date', sa.Date(), nullable=True),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('fee_due_cents', Cents(), nullable=False),
    sa.Column('service_level', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], name=op.f('fk_filings_entity_id_entities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_filings')),
    sa.UniqueConstraint('document_number', name=op.f('uq_filings_document_number'))
    )
    with op.batch_alter_table('filings', schema=None) as batch_op:
        batch_op.create_index('ix_filings_entity_received', ['entity_id', 'received_at'], unique=False)

    op.create_table('ucc_parties',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('organization', sa.String(length=300), nullable=True),
    sa.Column('last_name', sa.String(length=100), nullable=True),
    sa.Column('first_name', sa.String(length=100), nullable=True),
    sa.Column('middle_name', sa.String(length=100), nullable=True),
    sa.Column('suffix', sa.String(length=10), nullable=True),
    sa.Column('search_key', sa.String(length=300), nullable=False),
    sa.Column('last_key', sa.String(length=100), nullable=True),
    sa.Column('first_key', sa.String(length=100), nullable=True),
    sa.Column('street', sa.String(length=200), nullable=True),
    sa.Column('city', sa.String(length=100), nullable=True),
    sa.Column('state', sa.String(length=2), nullable=True),
    sa.Column('zip', sa.String(length=10), nullable=True),
    sa.ForeignKeyConstraint(['record_id'], ['ucc_records.id'], name=op.f('fk_ucc_parties_record_id_ucc_records')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ucc_parties'))
    )
    with op.batch_alter_table('ucc_parties', schema=None) as batch_op:
        batch_op.create_index('ix_ucc_parties_individual', ['role', 'last_key', 'first_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_ucc_parties_record_id'), ['record_id'], unique=False)
        batch_op.create_index('ix_ucc_parties_search', ['role', 'search_key'], unique=False)

    op.create_table('filing_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('filing_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('at', UTCDateTime(), nullable=False),
    sa.Column('by_user', sa.String(length=64), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['filing_id'], ['filings.id'], name=op.f('fk_filing_events_filing_id_filings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_filing_events'))
    )
    with op.batch_alter_table('filing_events', schema=None) as batch_op:
        batch_op.create_index('ix_filing_events_filing_at', ['filing_id', 'at'], unique=False)
    _create_name_search()


def downgrade() -> None:
    _drop_name_search()
    with op.batch_alter_table('filing_events', schema=None) as batch_op:
        batch_op.drop_index('ix_filing_events_filing_at')

    op.drop_table('filing_events')
    with op.batch_alter_table('ucc_parties', schema=None) as batch_op:
        batch_op.drop_index('ix_ucc_parties_search')
        batch_op.drop_index(batch_op.f('ix_ucc_parties_record_id'))
        batch_op.drop_index('ix_ucc_parties_individual')

    op.drop_table('ucc_parties')
    with op.batch_alter_table('filings', schema=None) as batch_op:
        batch_op.drop_index('ix_filings_entity_received')

    op.drop_table('filings')
    with op.batch_alter_table('ucc_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ucc_records_lapse_date'))
        batch_op.drop_index(batch_op.f('ix_ucc_records_initial_id'))

    op.drop_table('ucc_records')
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.drop_index('ix_entities_name_sort')
        batch_op.drop_index('ix_entities_name_key_status')

    op.drop_table('entities')


SQLITE_FTS = [search_ddl.FTS_TABLE, *search_ddl.FTS_TRIGGERS.values()]
POSTGRES_TRGM = [search_ddl.TRGM_EXTENSION, search_ddl.TRGM_INDEX]


def _sqlite_has_fts5() -> bool:
    options = op.get_bind().exec_driver_sql("PRAGMA compile_options").scalars().all()
    return any(str(o).upper().startswith("ENABLE_FTS5") for o in options)


def _create_name_search() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        statements = POSTGRES_TRGM
    elif _sqlite_has_fts5():
        statements = SQLITE_FTS
    else:
        statements = []
    for statement in statements:
        op.execute(statement)


def _drop_name_search() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_entities_name_trgm")
        return
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS trg_entities_fts_{trigger}")
    op.execute("DROP TABLE IF EXISTS entity_names_fts")
