"""Talks: programmes' cadence rules and the talks and visits recorded.

Revision ID: 20261126_talks
Revises: 20261126_attendance
Create Date: 2026-11-26 13:41:01
"""

from alembic import op
import sqlalchemy as sa


revision = '20261126_talks'
down_revision = '20261126_attendance'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('talk_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.String(length=8), nullable=False),
    sa.Column('every_months', sa.Integer(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.CheckConstraint("side IN ('home', 'host')", name=op.f('ck_talk_rule_valid_side')),
    sa.CheckConstraint('every_months BETWEEN 1 AND 12 AND 12 % every_months = 0', name=op.f('ck_talk_rule_divides_year')),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_talk_rule_programme_id_programme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_talk_rule')),
    sa.UniqueConstraint('programme_id', 'side', name='uq_talk_rule_side')
    )
    with op.batch_alter_table('talk_rule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_talk_rule_programme_id'), ['programme_id'], unique=False)

    op.create_table('talk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('posting_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.String(length=8), nullable=False),
    sa.Column('talk_date', sa.Date(), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('participants', sa.String(length=300), nullable=False),
    sa.Column('topics', sa.Text(), nullable=False),
    sa.Column('issues', sa.Text(), nullable=False),
    sa.Column('follow_up', sa.Text(), nullable=False),
    sa.Column('shared', sa.Boolean(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("mode IN ('in_person', 'phone', 'site_visit')", name=op.f('ck_talk_valid_mode')),
    sa.CheckConstraint("side IN ('home', 'host')", name=op.f('ck_talk_valid_side')),
    sa.ForeignKeyConstraint(['posting_id'], ['posting.id'], name=op.f('fk_talk_posting_id_posting')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_talk_recorded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_talk'))
    )
    with op.batch_alter_table('talk', schema=None) as batch_op:
        batch_op.create_index('ix_talk_posting_date', ['posting_id', 'talk_date'], unique=False)


def downgrade():
    with op.batch_alter_table('talk', schema=None) as batch_op:
        batch_op.drop_index('ix_talk_posting_date')

    op.drop_table('talk')
    with op.batch_alter_table('talk_rule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_talk_rule_programme_id'))

    op.drop_table('talk_rule')
