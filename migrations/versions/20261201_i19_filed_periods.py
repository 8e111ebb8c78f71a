"""Each posting's submitted reports, summarised, for the counts lists and the dashboard show.

``report_filed_periods`` holds, per posting with a submitted periodic report or final
summary, one text with, at k - 1, "2" when period k has a report submitted by its due
date, "1" when only late ones, "0" when none, and the local day the first final summary
was submitted (``exchange.reports.filing`` keeps it in step from then on). It is filled
here from the reports already submitted, with the same arithmetic, written out so that
this migration does not depend on the app's code.

Revision ID: 20261201_i19_filed_periods
Revises: 20261130_i19_cadre_search
Create Date: 2026-12-01 00:00:00
"""

from collections import defaultdict
from datetime import UTC
from zoneinfo import ZoneInfo

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
    sa.column('submitted_at', sa.DateTime),
)
LOCAL = ZoneInfo('Asia/Shanghai')  # exchange.clock.TZ


def _offset(day, start):
    return (day.year - start.year) * 12 + day.month - start.month + (day.day > start.day)


def periods_text(start, cadence, reports):
    """As ``exchange.reports.filing.periods_text`` (a test compares the two)."""
    cadence = max(int(cadence or 1), 1)
    marks = {}
    for speaks_for, submitted in reports:
        if speaks_for < start:
            continue
        period = -(-_offset(speaks_for, start) // cadence) or 1
        if _offset(submitted, start) <= period * cadence:
            marks[period] = '2'
        else:
            marks.setdefault(period, '1')
    if not marks:
        return ''
    return ''.join(marks.get(k, '0') for k in range(1, max(marks) + 1))


def backfill(connection, table):
    terms = {
        posting_id: (start, cadence)
        for posting_id, start, cadence in connection.execute(
            sa.select(posting.c.id, posting.c.start_date, programme.c.report_cadence_months)
            .join(programme, programme.c.id == posting.c.programme_id)
        )
    }
    periodic, finals = defaultdict(list), defaultdict(list)
    for posting_id, kind, speaks_for, submitted_at in connection.execute(
        sa.select(
            report.c.posting_id,
            report.c.kind,
            sa.func.coalesce(report.c.period_end_date, report.c.report_date),
            report.c.submitted_at,
        ).where(report.c.status == 'submitted', report.c.kind.in_(('monthly', 'final')))
    ):
        # Stored as naive UTC; the local day it was submitted.
        day = submitted_at.replace(tzinfo=UTC).astimezone(LOCAL).date()
        if kind == 'final':
            finals[posting_id].append(day)
        else:
            periodic[posting_id].append((speaks_for, day))
    rows = []
    for posting_id in sorted(set(periodic) | set(finals)):
        periods = periods_text(*terms[posting_id], periodic.get(posting_id, ()))
        final = min(finals[posting_id]) if finals.get(posting_id) else None
        rows.append({'posting_id': posting_id, 'periods': periods, 'final_submitted': final})
    for first in range(0, len(rows), 5000):
        connection.execute(sa.insert(table), rows[first : first + 5000])


def upgrade():
    table = op.create_table(
        'report_filed_periods',
        sa.Column('posting_id', sa.Integer(), nullable=False),
        sa.Column('periods', sa.Text(), nullable=False),
        sa.Column('final_submitted', sa.Date(), nullable=True),
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
