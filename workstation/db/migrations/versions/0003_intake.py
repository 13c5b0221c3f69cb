"""Mail sort intake: customers, mail sessions, envelopes with their remittances and documents,
line voids, work batches with their items, and inquiries made from correspondence.

Revision ID: 0003_intake
Revises: 0002_registry
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

from workstation.models.types import Cents, UTCDateTime

revision = "0003_intake"
down_revision = "0002_registry"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('customers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_sort', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customers'))
    )
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customers_name_sort'), ['name_sort'], unique=False)

    op.create_table('batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('service_type', sa.String(length=20), nullable=False),
    sa.Column('service_level', sa.String(length=20), nullable=False),
    sa.Column('work_level', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('opened_at', UTCDateTime(), nullable=False),
    sa.Column('due_at', UTCDateTime(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_batches_owner_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_batches')),
    sa.UniqueConstraint('number', name=op.f('uq_batches_number'))
    )
    with op.batch_alter_table('batches', schema=None) as batch_op:
        batch_op.create_index('ix_batches_class_status', ['service_type', 'service_level', 'work_level', 'status'], unique=False)

    op.create_table('mail_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('opened_at', UTCDateTime(), nullable=False),
    sa.Column('opened_by', sa.Integer(), nullable=False),
    sa.Column('verifier_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('closed_at', UTCDateTime(), nullable=True),
    sa.Column('verified_at', UTCDateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['opened_by'], ['users.id'], name=op.f('fk_mail_sessions_opened_by_users')),
    sa.ForeignKeyConstraint(['verifier_id'], ['users.id'], name=op.f('fk_mail_sessions_verifier_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_sessions')),
    sa.UniqueConstraint('number', name=op.f('uq_mail_sessions_number'))
    )
    op.create_table('batch_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('filing_id', sa.Integer(), nullable=False),
    sa.Column('added_at', UTCDateTime(), nullable=False),
    sa.Column('added_by', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['added_by'], ['users.id'], name=op.f('fk_batch_items_added_by_users')),
    sa.ForeignKeyConstraint(['batch_id'], ['batches.id'], name=op.f('fk_batch_items_batch_id_batches')),
    sa.ForeignKeyConstraint(['filing_id'], ['filings.id'], name=op.f('fk_batch_items_filing_id_filings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_batch_items'))
    )
    with op.batch_alter_table('batch_items', schema=None) as batch_op:
        batch_op.create_index('ix_batch_items_batch', ['batch_id', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_batch_items_filing_id'), ['filing_id'], unique=False)

    op.create_table('envelopes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('control_number', sa.String(length=20), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('arrived_at', UTCDateTime(), nullable=False),
    sa.Column('received_at', UTCDateTime(), nullable=False),
    sa.Column('postmark', sa.Date(), nullable=True),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('customer_name', sa.String(length=200), nullable=False),
    sa.Column('correspondence_only', sa.Boolean(), nullable=False),
    sa.Column('exceptions', sa.String(length=200), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('outcome_note', sa.Text(), nullable=False),
    sa.Column('logged_by', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_envelopes_customer_id_customers')),
    sa.ForeignKeyConstraint(['logged_by'], ['users.id'], name=op.f('fk_envelopes_logged_by_users')),
    sa.ForeignKeyConstraint(['session_id'], ['mail_sessions.id'], name=op.f('fk_envelopes_session_id_mail_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_envelopes')),
    sa.UniqueConstraint('control_number', name=op.f('uq_envelopes_control_number'))
    )
    with op.batch_alter_table('envelopes', schema=None) as batch_op:
        batch_op.create_index('ix_envelopes_session', ['session_id', 'id'], unique=False)

    op.create_table('envelope_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('envelope_id', sa.Integer(), nullable=False),
    sa.Column('filing_id', sa.Integer(), nullable=False),
    sa.Column('requested_level', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['envelope_id'], ['envelopes.id'], name=op.f('fk_envelope_documents_envelope_id_envelopes')),
    sa.ForeignKeyConstraint(['filing_id'], ['filings.id'], name=op.f('fk_envelope_documents_filing_id_filings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_envelope_documents')),
    sa.UniqueConstraint('filing_id', name=op.f('uq_envelope_documents_filing_id'))
    )
    with op.batch_alter_table('envelope_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_envelope_documents_envelope_id'), ['envelope_id'], unique=False)

    op.create_table('inquiries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('arrived_at', UTCDateTime(), nullable=False),
    sa.Column('received_at', UTCDateTime(), nullable=False),
    sa.Column('requester', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=30), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('envelope_id', sa.Integer(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['envelope_id'], ['envelopes.id'], name=op.f('fk_inquiries_envelope_id_envelopes')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_inquiries_owner_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inquiries')),
    sa.UniqueConstraint('number', name=op.f('uq_inquiries_number'))
    )
    with op.batch_alter_table('inquiries', schema=None) as batch_op:
        batch_op.create_index('ix_inquiries_status_received', ['status', 'received_at'], unique=False)

    op.create_table('line_voids',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('envelope_id', sa.Integer(), nullable=False),
    sa.Column('line_kind', sa.String(length=16), nullable=False),
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('voided_by', sa.Integer(), nullable=False),
    sa.Column('approved_by', sa.Integer(), nullable=True),
    sa.Column('at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['approved_by'], ['users.id'], name=op.f('fk_line_voids_approved_by_users')),
    sa.ForeignKeyConstraint(['envelope_id'], ['envelopes.id'], name=op.f('fk_line_voids_envelope_id_envelopes')),
    sa.ForeignKeyConstraint(['voided_by'], ['users.id'], name=op.f('fk_line_voids_voided_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_line_voids'))
    )
    with op.batch_alter_table('line_voids', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_line_voids_envelope_id'), ['envelope_id'], unique=False)

    op.create_table('remittances',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('envelope_id', sa.Integer(), nullable=False),
    sa.Column('instrument', sa.String(length=16), nullable=False),
    sa.Column('check_number', sa.String(length=20), nullable=True),
    sa.Column('payer', sa.String(length=200), nullable=False),
    sa.Column('payer_key', sa.String(length=200), nullable=False),
    sa.Column('bank', sa.String(length=100), nullable=True),
    sa.Column('amount_cents', Cents(), nullable=False),
    sa.Column('payable_to_ok', sa.Boolean(), nullable=False),
    sa.Column('endorsed', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['envelope_id'], ['envelopes.id'], name=op.f('fk_remittances_envelope_id_envelopes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_remittances'))
    )
    with op.batch_alter_table('remittances', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_remittances_envelope_id'), ['envelope_id'], unique=False)
        batch_op.create_index('ix_remittances_payer_check', ['payer_key', 'check_number'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('remittances', schema=None) as batch_op:
        batch_op.drop_index('ix_remittances_payer_check')
        batch_op.drop_index(batch_op.f('ix_remittances_envelope_id'))

    op.drop_table('remittances')
    with op.batch_alter_table('line_voids', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_line_voids_envelope_id'))

    op.drop_table('line_voids')
    with op.batch_alter_table('inquiries', schema=None) as batch_op:
        batch_op.drop_index('ix_inquiries_status_received')

    op.drop_table('inquiries')
    with op.batch_alter_table('envelope_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_envelope_documents_envelope_id'))

    op.drop_table('envelope_documents')
    with op.batch_alter_table('envelopes', schema=None) as batch_op:
        batch_op.drop_index('ix_envelopes_session')

    op.drop_table('envelopes')
    with op.batch_alter_table('batch_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_batch_items_filing_id'))
        batch_op.drop_index('ix_batch_items_batch')

    op.drop_table('batch_items')
    op.drop_table('mail_sessions')
    with op.batch_alter_table('batches', schema=None) as batch_op:
        batch_op.drop_index('ix_batches_class_status')

    op.drop_table('batches')
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customers_name_sort'))

    op.drop_table('customers')
