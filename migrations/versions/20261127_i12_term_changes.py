"""Keep term changes of postings (延期, 提前结束, 召回) as requests that wait for the other side's consent; a term rule may limit how many extensions a posting has (可延期一次).

Revision ID: 20261127_i12_term_changes
Revises: 20261126_files
Create Date: 2026-11-27 09:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '20261127_i12_term_changes'
down_revision = '20261127_i15_roster_truth'
branch_labels = None
depends_on = None

OLD_KINDS = "'min_initial_term_months', 'max_initial_term_months', 'max_total_extension_months', 'max_career_months', 'min_gap_days', 'appraisal_window_days', 'annual_grade_by_host'"
# The CHECK written out as the model generates it (tests/test_enums.py reads them).
VALID_KIND = sa.CheckConstraint("kind IN ('min_initial_term_months', 'max_initial_term_months', 'max_total_extension_months', 'max_extensions', 'max_career_months', 'min_gap_days', 'appraisal_window_days', 'annual_grade_by_host')", name=op.f('ck_term_rule_valid_kind'))


def upgrade():
    with op.batch_alter_table("term_rule") as batch:
        batch.drop_constraint(op.f("ck_term_rule_valid_kind"), type_="check")
        batch.create_check_constraint(VALID_KIND.name, VALID_KIND.sqltext)

    op.create_table('term_change_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('posting_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('side', sa.String(length=8), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('previous_end_date', sa.Date(), nullable=False),
    sa.Column('new_end_date', sa.Date(), nullable=False),
    sa.Column('category', sa.String(length=24), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('decision_reason', sa.Text(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('applied_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('extension', 'early_end', 'recall')", name=op.f('ck_term_change_request_valid_kind')),
    sa.CheckConstraint("status IN ('pending', 'agreed', 'declined', 'withdrawn')", name=op.f('ck_term_change_request_valid_status')),
    sa.CheckConstraint("side IN ('home', 'host', 'admin')", name=op.f('ck_term_change_request_valid_side')),
    sa.CheckConstraint("category IS NULL OR category IN ('tasks_done', 'health', 'family', 'home_need', 'poor_performance')", name=op.f('ck_term_change_request_valid_category')),
    sa.CheckConstraint("(kind = 'extension') = (category IS NULL)", name=op.f('ck_term_change_request_category_for_ending')),
    sa.CheckConstraint("applied_at IS NULL OR status = 'agreed'", name=op.f('ck_term_change_request_applied_when_agreed')),
    sa.ForeignKeyConstraint(['posting_id'], ['posting.id'], name=op.f('fk_term_change_request_posting_id_posting')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user_account.id'], name=op.f('fk_term_change_request_requested_by_id_user_account')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_term_change_request_decided_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_term_change_request'))
    )
    with op.batch_alter_table('term_change_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_term_change_request_posting_id'), ['posting_id'], unique=False)


def downgrade():
    with op.batch_alter_table('term_change_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_term_change_request_posting_id'))

    op.drop_table('term_change_request')

    op.execute("DELETE FROM term_rule WHERE kind = 'max_extensions'")
    with op.batch_alter_table("term_rule") as batch:
        batch.drop_constraint(op.f("ck_term_rule_valid_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_term_rule_valid_kind"), f"kind IN ({OLD_KINDS})")
