"""Certificates (issue 8): certificates with the snapshot of what each states and its hash, the
charge the teller collects for it and its release (first print after payment, with the released
PDF's hash); every print appended (a reprint marked); the documents a certified copy or an
apostille covers; and the officials whose signatures apostilles and authentications certify.
One revision for the whole issue: certified copies, apostilles, authentications and minister
licences need no further schema.

Revision ID: 0007_certificates
Revises: 0006_teller_drawer
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

from workstation.models.types import UTCDateTime

revision = '0007_certificates'
down_revision = '0006_teller_drawer'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('officials',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('jurisdiction', sa.String(length=200), nullable=False),
    sa.Column('specimen_on', sa.Date(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_officials'))
    )
    with op.batch_alter_table('officials', schema=None) as batch_op:
        batch_op.create_index('ix_officials_name', ['name'], unique=False)

    op.create_table('certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=12), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('verification_code', sa.String(length=11), nullable=False),
    sa.Column('snapshot', sa.Text(), nullable=False),
    sa.Column('snapshot_sha256', sa.String(length=64), nullable=False),
    sa.Column('subject_key', sa.String(length=300), nullable=True),
    sa.Column('destination_country', sa.String(length=2), nullable=True),
    sa.Column('official_id', sa.Integer(), nullable=True),
    sa.Column('charge_id', sa.Integer(), nullable=False),
    sa.Column('issued_at', UTCDateTime(), nullable=False),
    sa.Column('issued_by', sa.Integer(), nullable=False),
    sa.Column('released_at', UTCDateTime(), nullable=True),
    sa.Column('released_by', sa.Integer(), nullable=True),
    sa.Column('pdf_sha256', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['charge_id'], ['charges.id'], name=op.f('fk_certificates_charge_id_charges')),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], name=op.f('fk_certificates_entity_id_entities')),
    sa.ForeignKeyConstraint(['issued_by'], ['users.id'], name=op.f('fk_certificates_issued_by_users')),
    sa.ForeignKeyConstraint(['official_id'], ['officials.id'], name=op.f('fk_certificates_official_id_officials')),
    sa.ForeignKeyConstraint(['released_by'], ['users.id'], name=op.f('fk_certificates_released_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificates')),
    sa.UniqueConstraint('charge_id', name=op.f('uq_certificates_charge_id')),
    sa.UniqueConstraint('number', name=op.f('uq_certificates_number')),
    sa.UniqueConstraint('verification_code', name=op.f('uq_certificates_verification_code'))
    )
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.create_index('ix_certificates_entity', ['entity_id'], unique=False)
        batch_op.create_index('ix_certificates_subject', ['subject_key'], unique=False)

    op.create_table('certificate_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('certificate_id', sa.Integer(), nullable=False),
    sa.Column('filing_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.String(length=300), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificates.id'], name=op.f('fk_certificate_items_certificate_id_certificates')),
    sa.ForeignKeyConstraint(['filing_id'], ['filings.id'], name=op.f('fk_certificate_items_filing_id_filings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_items'))
    )
    with op.batch_alter_table('certificate_items', schema=None) as batch_op:
        batch_op.create_index('ix_certificate_items_certificate', ['certificate_id', 'id'], unique=False)

    op.create_table('certificate_prints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('certificate_id', sa.Integer(), nullable=False),
    sa.Column('printed_at', UTCDateTime(), nullable=False),
    sa.Column('printed_by', sa.Integer(), nullable=False),
    sa.Column('reprint', sa.Boolean(), nullable=False),
    sa.Column('pdf_sha256', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificates.id'], name=op.f('fk_certificate_prints_certificate_id_certificates')),
    sa.ForeignKeyConstraint(['printed_by'], ['users.id'], name=op.f('fk_certificate_prints_printed_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_prints'))
    )
    with op.batch_alter_table('certificate_prints', schema=None) as batch_op:
        batch_op.create_index('ix_certificate_prints_certificate', ['certificate_id', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('certificate_prints', schema=None) as batch_op:
        batch_op.drop_index('ix_certificate_prints_certificate')

    op.drop_table('certificate_prints')
    with op.batch_alter_table('certificate_items', schema=None) as batch_op:
        batch_op.drop_index('ix_certificate_items_certificate')

    op.drop_table('certificate_items')
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_index('ix_certificates_subject')
        batch_op.drop_index('ix_certificates_entity')

    op.drop_table('certificates')
    with op.batch_alter_table('officials', schema=None) as batch_op:
        batch_op.drop_index('ix_officials_name')

    op.drop_table('officials')
