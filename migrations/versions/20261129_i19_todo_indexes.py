"""Indexes for the bell's counts and the reports' compliance.

The approvers' queue starts from the leave steps still waiting (decision, leave); the reports
awaiting a comment or a 批示 are counted from the index of submissions alone (submitted_at,
status, posting), without reading each report's row and its text; whether a report has a
批示 is read from (report, kind); a posting's submitted reports and the days they speak for
(compliance, the overdue count) from (posting, status, kind, report date, period end), which
replaces (posting, status).

Revision ID: 20261129_i19_todo_indexes
Revises: 20261128_i19_list_indexes
Create Date: 2026-11-29 00:00:00
"""

from alembic import op


revision = '20261129_i19_todo_indexes'
down_revision = '20261128_i19_list_indexes'
branch_labels = None
depends_on = None


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
        ['posting_id', 'status', 'kind', 'report_date', 'period_end_date'],
    )
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ANALYZE leave_approval, reflection_log, comment')


def downgrade():
    op.drop_index('ix_reflection_log_filed', table_name='reflection_log')
    op.create_index(
        'ix_reflection_log_posting_status', 'reflection_log', ['posting_id', 'status']
    )
    op.drop_index('ix_comment_report_kind', table_name='comment')
    op.create_index('ix_comment_report_id', 'comment', ['report_id'])
    op.drop_index('ix_reflection_log_submitted', table_name='reflection_log')
    op.create_index('ix_reflection_log_submitted_at', 'reflection_log', ['submitted_at'])
    op.drop_index('ix_leave_approval_waiting', table_name='leave_approval')
