"""A cadre's postings indexed with their start: a searched roster sorts its matches
into the roster's order from the index, without reading each posting.

Revision ID: 20261208_i19_cadre_start
Revises: 20261207_i19_posting_tally
Create Date: 2026-12-08 00:00:00
"""

from alembic import op

revision = '20261208_i19_cadre_start'
down_revision = '20261207_i19_posting_tally'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('posting', schema=None) as batch_op:
        batch_op.create_index(
            'ix_posting_cadre_start_status', ['cadre_id', 'start_date', 'status'], unique=False
        )
        batch_op.drop_index('ix_posting_cadre_status')


def downgrade():
    with op.batch_alter_table('posting', schema=None) as batch_op:
        batch_op.create_index('ix_posting_cadre_status', ['cadre_id', 'status'], unique=False)
        batch_op.drop_index('ix_posting_cadre_start_status')
