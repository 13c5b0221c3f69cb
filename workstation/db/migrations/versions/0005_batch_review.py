"""Batch review: examiners' decisions (appended, the newest standing), quality checks by a
second person, the batch's history (closed with pages and balance, reopened with a reason), and
on filings the examiner who has taken the document.

Revision ID: 0005_batch_review
Revises: 0004_inquiry_queue
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

from workstation.models.types import Cents, UTCDateTime

revision = '0005_batch_review'
down_revision = '0004_inquiry_queue'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('batch_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('at', UTCDateTime(), nullable=False),
    sa.Column('by_user', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=True),
    sa.Column('totals', sa.Text(), nullable=False),
    sa.Column('report_sha256', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['batches.id'], name=op.f('fk_batch_events_batch_id_batches')),
    sa.ForeignKeyConstraint(['by_user'], ['users.id'], name=op.f('fk_batch_events_by_user_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_batch_events'))
    )
    with op.batch_alter_table('batch_events', schema=None) as batch_op:
        batch_op.create_index('ix_batch_events_batch', ['batch_id', 'id'], unique=False)

    op.create_table('examinations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('filing_id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=10), nullable=False),
    sa.Column('reasons', sa.String(length=400), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('follow_up_on', sa.Date(), nullable=True),
    sa.Column('would_be_filed_at', UTCDateTime(), nullable=True),
    sa.Column('money', sa.String(length=8), nullable=True),
    sa.Column('refund_cents', Cents(), nullable=False),
    sa.Column('credit_cents', Cents(), nullable=False),
    sa.Column('held_cents', Cents(), nullable=False),
    sa.Column('answers', sa.Text(), nullable=False),
    sa.Column('started_at', UTCDateTime(), nullable=True),
    sa.Column('decided_by', sa.Integer(), nullable=False),
    sa.Column('decided_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['batches.id'], name=op.f('fk_examinations_batch_id_batches')),
    sa.ForeignKeyConstraint(['decided_by'], ['users.id'], name=op.f('fk_examinations_decided_by_users')),
    sa.ForeignKeyConstraint(['filing_id'], ['filings.id'], name=op.f('fk_examinations_filing_id_filings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_examinations'))
    )
    with op.batch_alter_table('examinations', schema=None) as batch_op:
        batch_op.create_index('ix_examinations_batch', ['batch_id', 'id'], unique=False)
        batch_op.create_index('ix_examinations_examiner', ['decided_by', 'decided_at'], unique=False)
        batch_op.create_index('ix_examinations_filing', ['filing_id', 'id'], unique=False)

    op.create_table('quality_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('filing_id', sa.Integer(), nullable=False),
    sa.Column('result', sa.String(length=10), nullable=False),
    sa.Column('fields', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('checked_by', sa.Integer(), nullable=False),
    sa.Column('checked_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['batches.id'], name=op.f('fk_quality_checks_batch_id_batches')),
    sa.ForeignKeyConstraint(['checked_by'], ['users.id'], name=op.f('fk_quality_checks_checked_by_users')),
    sa.ForeignKeyConstraint(['filing_id'], ['filings.id'], name=op.f('fk_quality_checks_filing_id_filings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quality_checks'))
    )
    with op.batch_alter_table('quality_checks', schema=None) as batch_op:
        batch_op.create_index('ix_quality_checks_batch', ['batch_id', 'filing_id'], unique=False)

    with op.batch_alter_table('filings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('examiner_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('taken_at', UTCDateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_filings_examiner_id_users'), 'users', ['examiner_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('filings', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_filings_examiner_id_users'), type_='foreignkey')
        batch_op.drop_column('taken_at')
        batch_op.drop_column('examiner_id')

    with op.batch_alter_table('quality_checks', schema=None) as batch_op:
        batch_op.drop_index('ix_quality_checks_batch')

    op.drop_table('quality_checks')
    with op.batch_alter_table('examinations', schema=None) as batch_op:
        batch_op.drop_index('ix_examinations_filing')
        batch_op.drop_index('ix_examinations_examiner')
        batch_op.drop_index('ix_examinations_batch')

    op.drop_table('examinations')
    with op.batch_alter_table('batch_events', schema=None) as batch_op:
        batch_op.drop_index('ix_batch_events_batch')

    op.drop_table('batch_events')
