"""Inquiry queue: the thread of entries and attachments, status changes (the clocks' history),
links to the register, presence heartbeats, charges for records requests, and on inquiries the
queue's columns (owner claim, priority, stored due time, breach, merge, e-mail Message-ID).

Revision ID: 0004_inquiry_queue
Revises: 0003_intake
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

from workstation.models.types import Cents, UTCDateTime

revision = '0004_inquiry_queue'
down_revision = '0003_intake'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('charges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_kind', sa.String(length=12), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('fee_code', sa.String(length=40), nullable=False),
    sa.Column('description', sa.String(length=300), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('amount_cents', Cents(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_charges_created_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_charges'))
    )
    with op.batch_alter_table('charges', schema=None) as batch_op:
        batch_op.create_index('ix_charges_source', ['source_kind', 'source_id'], unique=False)
        batch_op.create_index('ix_charges_status', ['status'], unique=False)

    op.create_table('inquiry_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inquiry_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('at', UTCDateTime(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('idempotency_key', sa.String(length=64), nullable=True),
    sa.Column('template', sa.String(length=40), nullable=True),
    sa.Column('mailed_on', sa.Date(), nullable=True),
    sa.Column('mailed_at', UTCDateTime(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_inquiry_entries_author_id_users')),
    sa.ForeignKeyConstraint(['inquiry_id'], ['inquiries.id'], name=op.f('fk_inquiry_entries_inquiry_id_inquiries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inquiry_entries')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_inquiry_entries_idempotency_key'))
    )
    with op.batch_alter_table('inquiry_entries', schema=None) as batch_op:
        batch_op.create_index('ix_inquiry_entries_inquiry', ['inquiry_id', 'id'], unique=False)

    op.create_table('inquiry_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inquiry_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('added_at', UTCDateTime(), nullable=False),
    sa.Column('added_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['added_by'], ['users.id'], name=op.f('fk_inquiry_links_added_by_users')),
    sa.ForeignKeyConstraint(['inquiry_id'], ['inquiries.id'], name=op.f('fk_inquiry_links_inquiry_id_inquiries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inquiry_links')),
    sa.UniqueConstraint('inquiry_id', 'kind', 'target_id', name='uq_inquiry_links_target')
    )
    with op.batch_alter_table('inquiry_links', schema=None) as batch_op:
        batch_op.create_index('ix_inquiry_links_target', ['kind', 'target_id'], unique=False)

    op.create_table('inquiry_presence',
    sa.Column('inquiry_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('heartbeat_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['inquiry_id'], ['inquiries.id'], name=op.f('fk_inquiry_presence_inquiry_id_inquiries')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_inquiry_presence_user_id_users')),
    sa.PrimaryKeyConstraint('inquiry_id', 'user_id', name=op.f('pk_inquiry_presence'))
    )
    op.create_table('inquiry_status_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inquiry_id', sa.Integer(), nullable=False),
    sa.Column('at', UTCDateTime(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('changed_by', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['changed_by'], ['users.id'], name=op.f('fk_inquiry_status_changes_changed_by_users')),
    sa.ForeignKeyConstraint(['inquiry_id'], ['inquiries.id'], name=op.f('fk_inquiry_status_changes_inquiry_id_inquiries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inquiry_status_changes'))
    )
    with op.batch_alter_table('inquiry_status_changes', schema=None) as batch_op:
        batch_op.create_index('ix_inquiry_status_changes_inquiry', ['inquiry_id', 'at'], unique=False)

    op.create_table('inquiry_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['inquiry_entries.id'], name=op.f('fk_inquiry_attachments_entry_id_inquiry_entries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inquiry_attachments'))
    )
    with op.batch_alter_table('inquiry_attachments', schema=None) as batch_op:
        batch_op.create_index('ix_inquiry_attachments_entry', ['entry_id'], unique=False)

    with op.batch_alter_table('inquiries', schema=None) as batch_op:
        # Inquiries made by Mail Sort before this revision get the defaults; their clocks are
        # worked out the first time the queue touches them.
        batch_op.add_column(sa.Column('subject', sa.String(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('requester_contact', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('requester_address', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('status_kind', sa.String(length=8), nullable=False, server_default='open'))
        batch_op.add_column(sa.Column('priority', sa.Integer(), nullable=False, server_default='5'))
        batch_op.add_column(sa.Column('claimed_at', UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('last_activity_at', UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('due_at', UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('breached', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('closed_at', UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('message_id', sa.String(length=300), nullable=True))
        batch_op.create_index('ix_inquiries_next', ['status_kind', 'owner_id', 'priority', 'received_at'], unique=False)
        batch_op.create_index('ix_inquiries_owner_queue', ['owner_id', 'status_kind', 'due_at'], unique=False)
        batch_op.create_index('ix_inquiries_queue', ['status_kind', 'due_at', 'id'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_inquiries_message_id'), ['message_id'])
        batch_op.create_foreign_key(batch_op.f('fk_inquiries_merged_into_id_inquiries'), 'inquiries', ['merged_into_id'], ['id'])
    op.execute("UPDATE inquiries SET last_activity_at = received_at")
    with op.batch_alter_table('inquiries', schema=None) as batch_op:
        batch_op.alter_column('last_activity_at', existing_type=UTCDateTime(), nullable=False)



def downgrade() -> None:
    with op.batch_alter_table('inquiries', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_inquiries_merged_into_id_inquiries'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_inquiries_message_id'), type_='unique')
        batch_op.drop_index('ix_inquiries_queue')
        batch_op.drop_index('ix_inquiries_owner_queue')
        batch_op.drop_index('ix_inquiries_next')
        batch_op.drop_column('message_id')
        batch_op.drop_column('merged_into_id')
        batch_op.drop_column('closed_at')
        batch_op.drop_column('breached')
        batch_op.drop_column('due_at')
        batch_op.drop_column('last_activity_at')
        batch_op.drop_column('claimed_at')
        batch_op.drop_column('priority')
        batch_op.drop_column('status_kind')
        batch_op.drop_column('requester_address')
        batch_op.drop_column('requester_contact')
        batch_op.drop_column('subject')

    with op.batch_alter_table('inquiry_attachments', schema=None) as batch_op:
        batch_op.drop_index('ix_inquiry_attachments_entry')

    op.drop_table('inquiry_attachments')
    with op.batch_alter_table('inquiry_status_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_inquiry_status_changes_inquiry')

    op.drop_table('inquiry_status_changes')
    op.drop_table('inquiry_presence')
    with op.batch_alter_table('inquiry_links', schema=None) as batch_op:
        batch_op.drop_index('ix_inquiry_links_target')

    op.drop_table('inquiry_links')
    with op.batch_alter_table('inquiry_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_inquiry_entries_inquiry')

    op.drop_table('inquiry_entries')
    with op.batch_alter_table('charges', schema=None) as batch_op:
        batch_op.drop_index('ix_charges_status')
        batch_op.drop_index('ix_charges_source')

    op.drop_table('charges')
