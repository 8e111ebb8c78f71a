"""Indexes for an HR officer's bell, counted on every page: a posting's talks by side and
day, and its attendance sheets by status and month. The counts of talks and sheets due
read which periods hold a talk and which months have a submitted sheet from the indexes
alone, not from each talk and sheet.

Revision ID: 20261209_i19_bell_indexes
Revises: 20261208_i19_cadre_start
Create Date: 2026-12-09 00:00:00
"""

from alembic import op

revision = '20261209_i19_bell_indexes'
down_revision = '20261208_i19_cadre_start'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('talk', schema=None) as batch_op:
        batch_op.create_index(
            'ix_talk_posting_side_date', ['posting_id', 'side', 'talk_date'], unique=False
        )
        batch_op.drop_index('ix_talk_posting_date')
    with op.batch_alter_table('attendance_sheet', schema=None) as batch_op:
        batch_op.create_index(
            'ix_attendance_sheet_status', ['posting_id', 'status', 'month'], unique=False
        )


def downgrade():
    with op.batch_alter_table('attendance_sheet', schema=None) as batch_op:
        batch_op.drop_index('ix_attendance_sheet_status')
    with op.batch_alter_table('talk', schema=None) as batch_op:
        batch_op.create_index('ix_talk_posting_date', ['posting_id', 'talk_date'], unique=False)
        batch_op.drop_index('ix_talk_posting_side_date')
