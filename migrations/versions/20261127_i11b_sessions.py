"""Accounts whose password someone else chose must change it; refused requests are folded into one audit row per hour; leaders hold no district.

Revision ID: 20261127_i11b_sessions
Revises: 20261126_files
Create Date: 2026-11-27 09:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '20261127_i11b_sessions'
down_revision = '20261127_i16_annual_results'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('must_change_password', sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('repeat_count', sa.Integer(), nullable=False, server_default='1')
        )
    # A leader's district meant nothing (leadership reads every district): drop it.
    op.execute("UPDATE user_account SET district_id = NULL WHERE role = 'leader'")


def downgrade():
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_column('repeat_count')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')
