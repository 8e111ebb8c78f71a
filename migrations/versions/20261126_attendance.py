"""Attendance: programmes' due day and minimum presence, monthly sheets.

Revision ID: 20261126_attendance
Revises: 20261126_leave
Create Date: 2026-11-26 13:41:01
"""

from alembic import op
import sqlalchemy as sa


revision = '20261126_attendance'
down_revision = '20261126_leave'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('attendance_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('due_day', sa.Integer(), nullable=False),
    sa.Column('due_source', sa.Text(), nullable=False),
    sa.Column('min_presence_percent', sa.Integer(), nullable=False),
    sa.Column('presence_source', sa.Text(), nullable=False),
    sa.CheckConstraint('due_day BETWEEN 1 AND 28', name=op.f('ck_attendance_rule_valid_due_day')),
    sa.CheckConstraint('min_presence_percent BETWEEN 0 AND 100', name=op.f('ck_attendance_rule_valid_min_presence')),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_attendance_rule_programme_id_programme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_rule')),
    sa.UniqueConstraint('programme_id', name=op.f('uq_attendance_rule_programme_id'))
    )
    op.create_table('attendance_sheet',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('posting_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('days_on_site', sa.Numeric(precision=4, scale=1), nullable=False),
    sa.Column('days_on_leave', sa.Numeric(precision=4, scale=1), nullable=False),
    sa.Column('days_travel', sa.Numeric(precision=4, scale=1), nullable=False),
    sa.Column('days_absent', sa.Numeric(precision=4, scale=1), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status <> 'submitted' OR submitted_at IS NOT NULL", name=op.f('ck_attendance_sheet_submitted_has_time')),
    sa.CheckConstraint("status IN ('draft', 'submitted')", name=op.f('ck_attendance_sheet_valid_status')),
    sa.CheckConstraint('days_on_site + days_on_leave + days_travel + days_absent <= 31', name=op.f('ck_attendance_sheet_fits_month')),
    sa.CheckConstraint('days_on_site >= 0 AND days_on_leave >= 0 AND days_travel >= 0 AND days_absent >= 0', name=op.f('ck_attendance_sheet_non_negative')),
    sa.ForeignKeyConstraint(['posting_id'], ['posting.id'], name=op.f('fk_attendance_sheet_posting_id_posting')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['user_account.id'], name=op.f('fk_attendance_sheet_submitted_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_sheet')),
    sa.UniqueConstraint('posting_id', 'month', name='uq_attendance_sheet_month')
    )
    with op.batch_alter_table('attendance_sheet', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_sheet_posting_id'), ['posting_id'], unique=False)


def downgrade():
    with op.batch_alter_table('attendance_sheet', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_sheet_posting_id'))

    op.drop_table('attendance_sheet')
    op.drop_table('attendance_rule')
