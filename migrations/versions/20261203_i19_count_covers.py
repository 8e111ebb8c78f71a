"""Counts that read one index: the report list's and the dashboard's headline.

The report list counts the submitted reports a reader may see (up to 1,001, then
"1,000+"). Through (submitted_at, status, posting_id) it passed over every draft first,
and a region has tens of thousands: 0.5 ms at 100,000 reports, 1.6 ms at 1,000,000.
(status, posting_id) finds the submitted ones directly: 0.12 ms at both.

The dashboard's "in post" and "ending soon" counts test the planned and actual ends, the
status, the start and (for a district's officers) the two districts: with all of them in
``ix_posting_ends_status`` the counts read the index alone (SQLite: 15 → 5 ms for the
14,000 postings in post at 100,000).

Revision ID: 20261203_i19_count_covers
Revises: 20261202_i19_leave_waiting_side
Create Date: 2026-12-03 00:00:00
"""

from alembic import op


revision = '20261203_i19_count_covers'
down_revision = '20261202_i19_leave_waiting_side'
branch_labels = None
depends_on = None

ENDS = ['planned_end_date', 'status', 'start_date']
ENDS_COVER = [*ENDS, 'actual_end_date', 'home_district_id', 'host_district_id']


def upgrade():
    op.create_index(
        'ix_reflection_log_status_posting', 'reflection_log', ['status', 'posting_id']
    )
    op.drop_index('ix_posting_ends_status', table_name='posting')
    op.create_index('ix_posting_ends_status', 'posting', ENDS_COVER)
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ANALYZE posting')
        op.execute('ANALYZE reflection_log')


def downgrade():
    op.drop_index('ix_posting_ends_status', table_name='posting')
    op.create_index('ix_posting_ends_status', 'posting', ENDS)
    op.drop_index('ix_reflection_log_status_posting', table_name='reflection_log')
