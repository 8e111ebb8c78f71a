"""Keep import runs (a spreadsheet's preview until it is confirmed) and attachments of postings, programmes and reports.

Revision ID: 20261126_files
Revises: 0001_initial
Create Date: 2026-11-26 13:39:51.904600
"""

from alembic import op
import sqlalchemy as sa


revision = '20261126_files'
down_revision = '20261126_appraisals'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('import_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('staged_key', sa.String(length=80), nullable=True),
    sa.Column('file_problems', sa.JSON(), nullable=False),
    sa.Column('rows', sa.JSON(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("kind IN ('cadres', 'postings')", name=op.f('ck_import_run_valid_kind')),
    sa.CheckConstraint("status IN ('previewed', 'refused', 'imported', 'discarded')", name=op.f('ck_import_run_valid_status')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_import_run_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_import_run_district_id_district')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_run'))
    )
    with op.batch_alter_table('import_run', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_run_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_import_run_sha256'), ['sha256'], unique=False)

    op.create_table('attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('posting_id', sa.Integer(), nullable=True),
    sa.Column('programme_id', sa.Integer(), nullable=True),
    sa.Column('report_id', sa.Integer(), nullable=True),
    sa.Column('previous_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('doc_number', sa.String(length=80), nullable=False),
    sa.Column('doc_date', sa.Date(), nullable=True),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('storage_key', sa.String(length=80), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('dispatch_letter', 'appointment_notice', 'agreement', 'appraisal_form', 'summary', 'programme_agreement', 'batch_notice', 'photo', 'signed_copy', 'other')", name=op.f('ck_attachment_valid_kind')),
    sa.CheckConstraint('(CASE WHEN posting_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN programme_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN report_id IS NULL THEN 0 ELSE 1 END) = 1', name=op.f('ck_attachment_one_record')),
    sa.CheckConstraint('size >= 0', name=op.f('ck_attachment_non_negative_size')),
    sa.ForeignKeyConstraint(['posting_id'], ['posting.id'], name=op.f('fk_attachment_posting_id_posting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['previous_id'], ['attachment.id'], name=op.f('fk_attachment_previous_id_attachment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_attachment_programme_id_programme'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['report_id'], ['reflection_log.id'], name=op.f('fk_attachment_report_id_reflection_log'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], name=op.f('fk_attachment_uploaded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachment')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_attachment_storage_key'))
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachment_posting_id'), ['posting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_previous_id'), ['previous_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_programme_id'), ['programme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_report_id'), ['report_id'], unique=False)



def downgrade():
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachment_report_id'))
        batch_op.drop_index(batch_op.f('ix_attachment_programme_id'))
        batch_op.drop_index(batch_op.f('ix_attachment_previous_id'))
        batch_op.drop_index(batch_op.f('ix_attachment_posting_id'))

    op.drop_table('attachment')
    with op.batch_alter_table('import_run', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_run_sha256'))
        batch_op.drop_index(batch_op.f('ix_import_run_created_by_id'))

    op.drop_table('import_run')
