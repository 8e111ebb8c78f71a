"""Indexes for lists and counts that stay flat as the region grows.

The roster and the posting lists read by keyset in (start date, id); the report list in
(report date, id), the reports awaiting a comment or a 批示 by submission time, a report's versions by
their parent; the dashboard's counts read (start, status, programme, districts),
(programme, districts, status) and (planned end, status, start) alone, without the table; the
department filter and search find postings by either department.

Revision ID: 20261128_i19_list_indexes
Revises: 20261127_programme_drafts
Create Date: 2026-11-28 00:00:00
"""

from alembic import op


revision = '20261128_i19_list_indexes'
down_revision = '20261127_programme_drafts'
branch_labels = None
depends_on = None

INDEXES = [
    ('ix_posting_start_id', 'posting', ['start_date', 'id']),
    (
        'ix_posting_start_cover',
        'posting',
        ['start_date', 'status', 'programme_id', 'home_district_id', 'host_district_id'],
    ),
    (
        'ix_posting_directions',
        'posting',
        ['programme_id', 'home_district_id', 'host_district_id', 'status'],
    ),
    ('ix_posting_ends_status', 'posting', ['planned_end_date', 'status', 'start_date']),
    ('ix_posting_home_department', 'posting', ['home_department_id']),
    ('ix_posting_host_department', 'posting', ['host_department_id']),
    ('ix_reflection_log_report_date', 'reflection_log', ['report_date', 'id']),
    ('ix_reflection_log_submitted_at', 'reflection_log', ['submitted_at']),
    ('ix_reflection_log_parent_id', 'reflection_log', ['parent_id']),
]


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    # PostgreSQL's planner chooses by statistics: give it some for the new indexes. SQLite
    # gets none: with sqlite_stat1 its planner starts the roster's seven-way join from the
    # small tables and builds a temporary index on postings (550 ms a page at 100,000
    # postings, 1 ms without).
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ANALYZE')


def downgrade():
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
