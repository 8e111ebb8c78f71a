"""The report periods each posting has filed, for the dashboard's overdue count.

``report_filed_periods`` holds, per posting with a submitted periodic report, one text
with "1" at k - 1 when period k is filed (``exchange.reports.filing`` keeps it in step
from then on). It is filled here from the reports already submitted, with the same
arithmetic, written out so that this migration does not depend on the app's code.

Revision ID: 20261201_i19_filed_periods
Revises: 20261130_i19_cadre_search
Create Date: 2026-12-01 00:00:00
"""

from collections import defaultdict

import sqlalchemy as sa
from alembic import op


revision = '20261201_i19_filed_periods'
down_revision = '20261130_i19_cadre_search'
branch_labels = None
depends_on = None

posting = sa.table(
    'posting', sa.column('id'), sa.column('programme_id'), sa.column('start_date', sa.Date)
)
programme = sa.table('programme', sa.column('id'), sa.column('report_cadence_months'))
report = sa.table(
    'reflection_log',
    sa.column('posting_id'),
    sa.column('status'),
    sa.column('kind'),
    sa.column('report_date', sa.Date),
    sa.column('period_end_date', sa.Date),
)


def periods_text(start, cadence, days):
    """As ``exchange.reports.filing.periods_text`` (a test compares the two)."""
    cadence = max(int(cadence or 1), 1)
    filed = set()
    for day in days:
        if day < start:
            continue
        offset = (day.year - start.year) * 12 + day.month - start.month + (day.day > start.day)
        filed.add(-(-offset // cadence) or 1)
    if not filed:
        return ''
    marks = ['0'] * max(filed)
    for period in filed:
        marks[period - 1] = '1'
    return ''.join(marks)


def backfill(connection, table):
    terms = {
        posting_id: (start, cadence)
        for posting_id, start, cadence in connection.execute(
            sa.select(posting.c.id, posting.c.start_date, programme.c.report_cadence_months)
            .join(programme, programme.c.id == posting.c.programme_id)
        )
    }
    days = defaultdict(list)
    for posting_id, day in connection.execute(
        sa.select(
            report.c.posting_id, sa.func.coalesce(report.c.period_end_date, report.c.report_date)
        ).where(report.c.status == 'submitted', report.c.kind == 'monthly')
    ):
        days[posting_id].append(day)
    rows = [
        {'posting_id': posting_id, 'periods': text}
        for posting_id, reported in days.items()
        if (text := periods_text(*terms[posting_id], reported))
    ]
    for first in range(0, len(rows), 5000):
        connection.execute(sa.insert(table), rows[first : first + 5000])


def upgrade():
    table = op.create_table(
        'report_filed_periods',
        sa.Column('posting_id', sa.Integer(), nullable=False),
        sa.Column('periods', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ['posting_id'],
            ['posting.id'],
            name=op.f('fk_report_filed_periods_posting_id_posting'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('posting_id', name=op.f('pk_report_filed_periods')),
    )
    backfill(op.get_bind(), table)


def downgrade():
    op.drop_table('report_filed_periods')
