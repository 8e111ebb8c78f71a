"""Indexes for the bell's counts, HR's lists and the reports' compliance.

- The approvers' queue starts from the leave steps still waiting (decision, leave).
- The reports awaiting a comment or a 批示 are counted from the index of submissions alone
  (submitted_at, status, posting), without reading each report's row and its text;
  whether a report has a 批示 is read from (report, kind).
- A posting's submitted reports, the days they speak for and when they were submitted
  (compliance, the overdue count, the exports) come from (posting, status, kind, report
  date, period end, submitted at), which replaces (posting, status).
- The report list's order (report date, id) carries the status, so the drafts of the coming
  weeks, thousands at the top of a region's list, are passed over in the index.
- A district's postings come with what HR's lists and counts test (status, dates,
  programme, the other district), one index per side, replacing the single-column
  indexes of the two districts.

Revision ID: 20261129_i19_todo_indexes
Revises: 20261128_i19_list_indexes
Create Date: 2026-11-29 00:00:00
"""

from alembic import op


revision = '20261129_i19_todo_indexes'
down_revision = '20261128_i19_list_indexes'
branch_labels = None
depends_on = None

DISTRICT_COVER = ['status', 'start_date', 'planned_end_date', 'actual_end_date', 'programme_id']


def upgrade():
    op.create_index('ix_leave_approval_waiting', 'leave_approval', ['decision', 'leave_id'])
    op.drop_index('ix_reflection_log_submitted_at', table_name='reflection_log')
    op.create_index(
        'ix_reflection_log_submitted', 'reflection_log', ['submitted_at', 'status', 'posting_id']
    )
    op.drop_index('ix_comment_report_id', table_name='comment')
    op.create_index('ix_comment_report_kind', 'comment', ['report_id', 'kind'])
    op.drop_index('ix_reflection_log_posting_status', table_name='reflection_log')
    op.create_index(
        'ix_reflection_log_filed',
        'reflection_log',
        ['posting_id', 'status', 'kind', 'report_date', 'period_end_date', 'submitted_at'],
    )
    op.drop_index('ix_reflection_log_report_date', table_name='reflection_log')
    op.create_index(
        'ix_reflection_log_report_date', 'reflection_log', ['report_date', 'id', 'status']
    )
    for side, other in (('home', 'host'), ('host', 'home')):
        op.drop_index(f'ix_posting_{side}_district_id', table_name='posting')
        op.create_index(
            f'ix_posting_{side}_cover',
            'posting',
            [f'{side}_district_id', *DISTRICT_COVER, f'{other}_district_id'],
        )
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ANALYZE posting, leave_approval, reflection_log, comment')


def downgrade():
    op.drop_index('ix_reflection_log_report_date', table_name='reflection_log')
    op.create_index('ix_reflection_log_report_date', 'reflection_log', ['report_date', 'id'])
    for side in ('home', 'host'):
        op.drop_index(f'ix_posting_{side}_cover', table_name='posting')
        op.create_index(f'ix_posting_{side}_district_id', 'posting', [f'{side}_district_id'])
    op.drop_index('ix_reflection_log_filed', table_name='reflection_log')
    op.create_index(
        'ix_reflection_log_posting_status', 'reflection_log', ['posting_id', 'status']
    )
    op.drop_index('ix_comment_report_kind', table_name='comment')
    op.create_index('ix_comment_report_id', 'comment', ['report_id'])
    op.drop_index('ix_reflection_log_submitted', table_name='reflection_log')
    op.create_index('ix_reflection_log_submitted_at', 'reflection_log', ['submitted_at'])
    op.drop_index('ix_leave_approval_waiting', table_name='leave_approval')
