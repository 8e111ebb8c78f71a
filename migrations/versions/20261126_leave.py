"""Leave: programmes' approval tiers, requests and their approval steps.

Revision ID: 20261126_leave
Revises: 20261126_workdays
Create Date: 2026-11-26 13:41:01
"""

from alembic import op
import sqlalchemy as sa


revision = '20261126_leave'
down_revision = '20261126_workdays'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('leave_tier',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('up_to_days', sa.Numeric(precision=4, scale=1), nullable=True),
    sa.Column('first_approver', sa.String(length=16), nullable=False),
    sa.Column('second_approver', sa.String(length=16), nullable=True),
    sa.Column('third_approver', sa.String(length=16), nullable=True),
    sa.Column('source', sa.Text(), nullable=False),
    sa.CheckConstraint("first_approver IN ('host', 'home', 'coordinator')", name=op.f('ck_leave_tier_valid_first')),
    sa.CheckConstraint("second_approver IS NULL OR second_approver IN ('host', 'home', 'coordinator')", name=op.f('ck_leave_tier_valid_second')),
    sa.CheckConstraint("third_approver IS NULL OR third_approver IN ('host', 'home', 'coordinator')", name=op.f('ck_leave_tier_valid_third')),
    sa.CheckConstraint('third_approver IS NULL OR second_approver IS NOT NULL', name=op.f('ck_leave_tier_steps_in_order')),
    sa.CheckConstraint('up_to_days IS NULL OR up_to_days > 0', name=op.f('ck_leave_tier_positive_limit')),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_leave_tier_programme_id_programme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leave_tier')),
    sa.UniqueConstraint('programme_id', 'up_to_days', name='uq_leave_tier_limit')
    )
    with op.batch_alter_table('leave_tier', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_leave_tier_programme_id'), ['programme_id'], unique=False)

    op.create_table('leave_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('posting_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('start_half', sa.Boolean(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('end_half', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('rule_source', sa.Text(), nullable=False),
    sa.Column('returned_date', sa.Date(), nullable=True),
    sa.Column('reported_back_at', sa.DateTime(), nullable=True),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('personal', 'sick', 'annual', 'family_visit', 'marriage_bereavement')", name=op.f('ck_leave_request_valid_kind')),
    sa.CheckConstraint("status <> 'returned' OR returned_date IS NOT NULL", name=op.f('ck_leave_request_returned_has_date')),
    sa.CheckConstraint("status IN ('pending', 'approved', 'declined', 'withdrawn', 'returned')", name=op.f('ck_leave_request_valid_status')),
    sa.CheckConstraint('NOT (start_date = end_date AND start_half AND end_half)', name=op.f('ck_leave_request_not_empty')),
    sa.CheckConstraint('end_date >= start_date', name=op.f('ck_leave_request_valid_dates')),
    sa.CheckConstraint('returned_date IS NULL OR returned_date >= start_date', name=op.f('ck_leave_request_valid_return')),
    sa.ForeignKeyConstraint(['posting_id'], ['posting.id'], name=op.f('fk_leave_request_posting_id_posting')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user_account.id'], name=op.f('fk_leave_request_requested_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leave_request'))
    )
    with op.batch_alter_table('leave_request', schema=None) as batch_op:
        batch_op.create_index('ix_leave_request_posting_dates', ['posting_id', 'start_date'], unique=False)

    op.create_table('leave_approval',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('leave_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('side', sa.String(length=16), nullable=False),
    sa.Column('decision', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("decision <> 'declined' OR reason <> ''", name=op.f('ck_leave_approval_decline_has_reason')),
    sa.CheckConstraint("decision IN ('pending', 'approved', 'declined', 'skipped')", name=op.f('ck_leave_approval_valid_decision')),
    sa.CheckConstraint("decision IN ('pending', 'skipped') OR decided_at IS NOT NULL", name=op.f('ck_leave_approval_decided_has_time')),
    sa.CheckConstraint("side IN ('host', 'home', 'coordinator')", name=op.f('ck_leave_approval_valid_side')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_leave_approval_decided_by_id_user_account')),
    sa.ForeignKeyConstraint(['leave_id'], ['leave_request.id'], name=op.f('fk_leave_approval_leave_id_leave_request'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leave_approval')),
    sa.UniqueConstraint('leave_id', 'step', name='uq_leave_approval_step')
    )
    with op.batch_alter_table('leave_approval', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_leave_approval_leave_id'), ['leave_id'], unique=False)


def downgrade():
    with op.batch_alter_table('leave_approval', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_leave_approval_leave_id'))

    op.drop_table('leave_approval')
    with op.batch_alter_table('leave_request', schema=None) as batch_op:
        batch_op.drop_index('ix_leave_request_posting_dates')

    op.drop_table('leave_request')
    with op.batch_alter_table('leave_tier', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_leave_tier_programme_id'))

    op.drop_table('leave_tier')
