"""Calendar of due dates (issue 9): recurring office work set up by a lead (weekly, monthly,
first or last business day of the month) and each occurrence marked done, appended. Every other
due date on the calendar is worked out from records that already exist.

Revision ID: 0008_calendar
Revises: 0007_certificates
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from workstation.models.types import UTCDateTime

revision = '0008_calendar'
down_revision = '0007_certificates'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('recurring_tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('rule', sa.String(length=20), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=True),
    sa.Column('day_of_month', sa.Integer(), nullable=True),
    sa.Column('assignee', sa.String(length=64), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.CheckConstraint("rule IN ('weekly', 'monthly', 'first_business_day', 'last_business_day')",
                       name=op.f('ck_recurring_tasks_rule_known')),
    sa.CheckConstraint('weekday IS NULL OR (weekday >= 0 AND weekday <= 6)',
                       name=op.f('ck_recurring_tasks_weekday_range')),
    sa.CheckConstraint('day_of_month IS NULL OR (day_of_month >= 1 AND day_of_month <= 31)',
                       name=op.f('ck_recurring_tasks_day_of_month_range')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_recurring_tasks_created_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recurring_tasks'))
    )
    with op.batch_alter_table('recurring_tasks', schema=None) as batch_op:
        batch_op.create_index('ix_recurring_tasks_active', ['active', 'starts_on'], unique=False)

    op.create_table('recurring_tasks_done',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('occurrence', sa.Date(), nullable=False),
    sa.Column('done_at', UTCDateTime(), nullable=False),
    sa.Column('done_by', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['done_by'], ['users.id'], name=op.f('fk_recurring_tasks_done_done_by_users')),
    sa.ForeignKeyConstraint(['task_id'], ['recurring_tasks.id'], name=op.f('fk_recurring_tasks_done_task_id_recurring_tasks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recurring_tasks_done')),
    sa.UniqueConstraint('task_id', 'occurrence', name='uq_recurring_tasks_done_occurrence')
    )
    # The calendar's and the reports' cuts on the register (issue 9).
    op.create_index('ix_filings_status_received', 'filings', ['status', 'received_at'])
    op.create_index('ix_entities_expiry', 'entities', ['expiry_date'])


def downgrade() -> None:
    op.drop_index('ix_entities_expiry', table_name='entities')
    op.drop_index('ix_filings_status_received', table_name='filings')
    op.drop_table('recurring_tasks_done')
    with op.batch_alter_table('recurring_tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_recurring_tasks_active')

    op.drop_table('recurring_tasks')
