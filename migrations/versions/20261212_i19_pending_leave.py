"""The bell's counts read from indexes on PostgreSQL: the leave requests waiting for a
decision (a partial index: PostgreSQL read every request to find the few hundred pending,
12 ms on every page of an HR officer), and the last weeks' submitted reports with their
id (a PostgreSQL index does not hold the row's id, so each report's row was read to
test it for a comment).

Revision ID: 20261212_i19_pending_leave
Revises: 20261211_i19_list_orders
Create Date: 2026-12-12 00:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '20261212_i19_pending_leave'
down_revision = '20261211_i19_list_orders'
branch_labels = None
depends_on = None

PENDING = sa.text("status = 'pending'")


def upgrade():
    op.create_index(
        'ix_leave_request_pending',
        'leave_request',
        ['id', 'posting_id'],
        postgresql_where=PENDING,
        sqlite_where=PENDING,
    )
    op.drop_index('ix_reflection_log_submitted', table_name='reflection_log')
    op.create_index(
        'ix_reflection_log_submitted',
        'reflection_log',
        ['submitted_at', 'status', 'posting_id', 'id'],
    )


def downgrade():
    op.drop_index('ix_reflection_log_submitted', table_name='reflection_log')
    op.create_index(
        'ix_reflection_log_submitted', 'reflection_log', ['submitted_at', 'status', 'posting_id']
    )
    op.drop_index('ix_leave_request_pending', table_name='leave_request')
