"""Teller drawer: drawers and their change funds, clerks' drawer sessions with running totals
per tender, receipts with fee lines and tenders (a mail-logged check applied once), cash moves,
blind counts, sign-offs, adjustments after a close, and the office's close of day.

Revision ID: 0006_teller_drawer
Revises: 0005_batch_review
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

from workstation.models.types import Cents, UTCDateTime

revision = '0006_teller_drawer'
down_revision = '0005_batch_review'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('drawers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('change_fund_cents', Cents(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_drawers')),
    sa.UniqueConstraint('code', name=op.f('uq_drawers_code'))
    )
    op.create_table('drawer_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('drawer_id', sa.Integer(), nullable=False),
    sa.Column('clerk_id', sa.Integer(), nullable=False),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('live_drawer', sa.Integer(), nullable=True),
    sa.Column('live_clerk', sa.Integer(), nullable=True),
    sa.Column('opened_at', UTCDateTime(), nullable=False),
    sa.Column('change_fund_cents', Cents(), nullable=False),
    sa.Column('opening_cents', Cents(), nullable=False),
    sa.Column('opening_count', sa.Text(), nullable=False),
    sa.Column('opening_note', sa.Text(), nullable=False),
    sa.Column('closed_at', UTCDateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['clerk_id'], ['users.id'], name=op.f('fk_drawer_sessions_clerk_id_users')),
    sa.ForeignKeyConstraint(['drawer_id'], ['drawers.id'], name=op.f('fk_drawer_sessions_drawer_id_drawers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_drawer_sessions')),
    sa.UniqueConstraint('live_clerk', name=op.f('uq_drawer_sessions_live_clerk')),
    sa.UniqueConstraint('live_drawer', name=op.f('uq_drawer_sessions_live_drawer'))
    )
    with op.batch_alter_table('drawer_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_drawer_sessions_day', ['business_date', 'drawer_id'], unique=False)

    op.create_table('office_days',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('closed_at', UTCDateTime(), nullable=False),
    sa.Column('closed_by', sa.Integer(), nullable=False),
    sa.Column('deposit_number', sa.String(length=20), nullable=False),
    sa.Column('cash_cents', Cents(), nullable=False),
    sa.Column('checks_cents', Cents(), nullable=False),
    sa.Column('check_count', sa.Integer(), nullable=False),
    sa.Column('card_cents', Cents(), nullable=False),
    sa.Column('deposit_due_at', UTCDateTime(), nullable=False),
    sa.Column('summary_sha256', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['closed_by'], ['users.id'], name=op.f('fk_office_days_closed_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_office_days')),
    sa.UniqueConstraint('deposit_number', name=op.f('uq_office_days_deposit_number'))
    )
    with op.batch_alter_table('office_days', schema=None) as batch_op:
        batch_op.create_index('ix_office_days_date', ['business_date', 'id'], unique=False)

    op.create_table('drawer_adjustments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('tender', sa.String(length=12), nullable=False),
    sa.Column('cents', Cents(), nullable=False),
    sa.Column('items', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('by_user', sa.Integer(), nullable=False),
    sa.Column('at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['by_user'], ['users.id'], name=op.f('fk_drawer_adjustments_by_user_users')),
    sa.ForeignKeyConstraint(['session_id'], ['drawer_sessions.id'], name=op.f('fk_drawer_adjustments_session_id_drawer_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_drawer_adjustments'))
    )
    with op.batch_alter_table('drawer_adjustments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_drawer_adjustments_session_id'), ['session_id'], unique=False)

    op.create_table('drawer_counts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('counted_by', sa.Integer(), nullable=False),
    sa.Column('at', UTCDateTime(), nullable=False),
    sa.Column('cash_count', sa.Text(), nullable=False),
    sa.Column('checks', sa.Text(), nullable=False),
    sa.Column('money_orders', sa.Text(), nullable=False),
    sa.Column('card_cents', Cents(), nullable=False),
    sa.Column('card_items', sa.Integer(), nullable=False),
    sa.Column('comparison', sa.Text(), nullable=False),
    sa.Column('off_by_cents', Cents(), nullable=False),
    sa.Column('sign_off', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['counted_by'], ['users.id'], name=op.f('fk_drawer_counts_counted_by_users')),
    sa.ForeignKeyConstraint(['session_id'], ['drawer_sessions.id'], name=op.f('fk_drawer_counts_session_id_drawer_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_drawer_counts'))
    )
    with op.batch_alter_table('drawer_counts', schema=None) as batch_op:
        batch_op.create_index('ix_drawer_counts_session', ['session_id', 'id'], unique=False)

    op.create_table('drawer_moves',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('cents', Cents(), nullable=False),
    sa.Column('count', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('by_user', sa.Integer(), nullable=False),
    sa.Column('witness_id', sa.Integer(), nullable=True),
    sa.Column('at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['by_user'], ['users.id'], name=op.f('fk_drawer_moves_by_user_users')),
    sa.ForeignKeyConstraint(['session_id'], ['drawer_sessions.id'], name=op.f('fk_drawer_moves_session_id_drawer_sessions')),
    sa.ForeignKeyConstraint(['witness_id'], ['users.id'], name=op.f('fk_drawer_moves_witness_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_drawer_moves'))
    )
    with op.batch_alter_table('drawer_moves', schema=None) as batch_op:
        batch_op.create_index('ix_drawer_moves_session', ['session_id', 'id'], unique=False)

    op.create_table('drawer_totals',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('tender', sa.String(length=12), nullable=False),
    sa.Column('cents', Cents(), nullable=False),
    sa.Column('items', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['drawer_sessions.id'], name=op.f('fk_drawer_totals_session_id_drawer_sessions')),
    sa.PrimaryKeyConstraint('session_id', 'tender', name=op.f('pk_drawer_totals'))
    )
    op.create_table('receipts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('clerk_id', sa.Integer(), nullable=False),
    sa.Column('business_date', sa.Date(), nullable=False),
    sa.Column('posted_at', UTCDateTime(), nullable=False),
    sa.Column('customer_name', sa.String(length=200), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('total_cents', Cents(), nullable=False),
    sa.Column('change_cents', Cents(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('reverses_id', sa.Integer(), nullable=True),
    sa.Column('reason_code', sa.String(length=12), nullable=True),
    sa.Column('reason_note', sa.Text(), nullable=False),
    sa.Column('approved_by', sa.Integer(), nullable=True),
    sa.Column('idempotency_key', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['approved_by'], ['users.id'], name=op.f('fk_receipts_approved_by_users')),
    sa.ForeignKeyConstraint(['clerk_id'], ['users.id'], name=op.f('fk_receipts_clerk_id_users')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_receipts_customer_id_customers')),
    sa.ForeignKeyConstraint(['reverses_id'], ['receipts.id'], name=op.f('fk_receipts_reverses_id_receipts')),
    sa.ForeignKeyConstraint(['session_id'], ['drawer_sessions.id'], name=op.f('fk_receipts_session_id_drawer_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_receipts')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_receipts_idempotency_key')),
    sa.UniqueConstraint('number', name=op.f('uq_receipts_number')),
    sa.UniqueConstraint('reverses_id', name=op.f('uq_receipts_reverses_id'))
    )
    with op.batch_alter_table('receipts', schema=None) as batch_op:
        batch_op.create_index('ix_receipts_day', ['business_date', 'id'], unique=False)
        batch_op.create_index('ix_receipts_session', ['session_id', 'id'], unique=False)

    op.create_table('drawer_sign_offs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('count_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=10), nullable=False),
    sa.Column('by_user', sa.Integer(), nullable=False),
    sa.Column('at', UTCDateTime(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['by_user'], ['users.id'], name=op.f('fk_drawer_sign_offs_by_user_users')),
    sa.ForeignKeyConstraint(['count_id'], ['drawer_counts.id'], name=op.f('fk_drawer_sign_offs_count_id_drawer_counts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_drawer_sign_offs'))
    )
    with op.batch_alter_table('drawer_sign_offs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_drawer_sign_offs_count_id'), ['count_id'], unique=False)

    op.create_table('receipt_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('receipt_id', sa.Integer(), nullable=False),
    sa.Column('fee_code', sa.String(length=40), nullable=False),
    sa.Column('description', sa.String(length=300), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('amount_cents', Cents(), nullable=False),
    sa.Column('applies_to', sa.String(length=12), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=True),
    sa.Column('reference', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['receipt_id'], ['receipts.id'], name=op.f('fk_receipt_lines_receipt_id_receipts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_receipt_lines'))
    )
    with op.batch_alter_table('receipt_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_receipt_lines_receipt_id'), ['receipt_id'], unique=False)
        batch_op.create_index('ix_receipt_lines_target', ['applies_to', 'target_id'], unique=False)

    op.create_table('receipt_tenders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('receipt_id', sa.Integer(), nullable=False),
    sa.Column('tender', sa.String(length=12), nullable=False),
    sa.Column('amount_cents', Cents(), nullable=False),
    sa.Column('check_number', sa.String(length=20), nullable=True),
    sa.Column('payer', sa.String(length=200), nullable=True),
    sa.Column('bank', sa.String(length=100), nullable=True),
    sa.Column('remittance_id', sa.Integer(), nullable=True),
    sa.Column('card_brand', sa.String(length=20), nullable=True),
    sa.Column('card_last4', sa.String(length=4), nullable=True),
    sa.Column('auth_code', sa.String(length=12), nullable=True),
    sa.Column('terminal_ref', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['receipt_id'], ['receipts.id'], name=op.f('fk_receipt_tenders_receipt_id_receipts')),
    sa.ForeignKeyConstraint(['remittance_id'], ['remittances.id'], name=op.f('fk_receipt_tenders_remittance_id_remittances')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_receipt_tenders'))
    )
    with op.batch_alter_table('receipt_tenders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_receipt_tenders_receipt_id'), ['receipt_id'], unique=False)
        batch_op.create_index('uq_receipt_tenders_remittance', ['remittance_id'], unique=True, sqlite_where=sa.text('amount_cents > 0 AND remittance_id IS NOT NULL'), postgresql_where=sa.text('amount_cents > 0 AND remittance_id IS NOT NULL'))



def downgrade() -> None:
    with op.batch_alter_table('receipt_tenders', schema=None) as batch_op:
        batch_op.drop_index('uq_receipt_tenders_remittance', sqlite_where=sa.text('amount_cents > 0 AND remittance_id IS NOT NULL'), postgresql_where=sa.text('amount_cents > 0 AND remittance_id IS NOT NULL'))
        batch_op.drop_index(batch_op.f('ix_receipt_tenders_receipt_id'))

    op.drop_table('receipt_tenders')
    with op.batch_alter_table('receipt_lines', schema=None) as batch_op:
        batch_op.drop_index('ix_receipt_lines_target')
        batch_op.drop_index(batch_op.f('ix_receipt_lines_receipt_id'))

    op.drop_table('receipt_lines')
    with op.batch_alter_table('drawer_sign_offs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_drawer_sign_offs_count_id'))

    op.drop_table('drawer_sign_offs')
    with op.batch_alter_table('receipts', schema=None) as batch_op:
        batch_op.drop_index('ix_receipts_session')
        batch_op.drop_index('ix_receipts_day')

    op.drop_table('receipts')
    op.drop_table('drawer_totals')
    with op.batch_alter_table('drawer_moves', schema=None) as batch_op:
        batch_op.drop_index('ix_drawer_moves_session')

    op.drop_table('drawer_moves')
    with op.batch_alter_table('drawer_counts', schema=None) as batch_op:
        batch_op.drop_index('ix_drawer_counts_session')

    op.drop_table('drawer_counts')
    with op.batch_alter_table('drawer_adjustments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_drawer_adjustments_session_id'))

    op.drop_table('drawer_adjustments')
    with op.batch_alter_table('office_days', schema=None) as batch_op:
        batch_op.drop_index('ix_office_days_date')

    op.drop_table('office_days')
    with op.batch_alter_table('drawer_sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_drawer_sessions_day')

    op.drop_table('drawer_sessions')
    op.drop_table('drawers')
