"""The dashboard's overdue count, read from reports missing summarised by day.

``report_gap`` holds, per posting in post or finished with a report its term expects and
nobody filed, the days those reports fall due and the day the posting leaves the overdue
count (60 days after its end; none while in post); ``report_gap_day`` adds them up per
district and day (district 0: the whole region), so that the count on any day is two
sums over days (``exchange.reports.gaps``, which keeps both in step from then on). They
are filled here from the postings and their filed periods (``report_filed_periods``),
with the same arithmetic, written out so that this migration does not depend on the
app's code (tests/reports/test_gaps.py compares the two).

Revision ID: 20261206_i19_report_gaps
Revises: 20261205_i19_waiting_changes
Create Date: 2026-12-06 00:00:00
"""

import calendar
from collections import defaultdict
from datetime import timedelta

import sqlalchemy as sa
from alembic import op

revision = '20261206_i19_report_gaps'
down_revision = '20261205_i19_waiting_changes'
branch_labels = None
depends_on = None

FINAL_GRACE_DAYS = 15  # exchange.reports.schedule
OVERDUE_LOOKBACK_DAYS = 60
COUNTED = ('active', 'completed', 'ended_early')
BATCH = 5000

posting = sa.table(
    'posting',
    sa.column('id'),
    sa.column('programme_id'),
    sa.column('home_district_id'),
    sa.column('host_district_id'),
    sa.column('status'),
    sa.column('start_date', sa.Date),
    sa.column('planned_end_date', sa.Date),
    sa.column('actual_end_date', sa.Date),
)
programme = sa.table(
    'programme',
    sa.column('id'),
    sa.column('report_cadence_months'),
    sa.column('reports_required_from', sa.Date),
)
filed = sa.table(
    'report_filed_periods',
    sa.column('posting_id'),
    sa.column('periods'),
    sa.column('final_submitted', sa.Date),
)


def _offset(day, start):
    return (day.year - start.year) * 12 + day.month - start.month + (day.day > start.day)


def _add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1]))


def part_of(status, start, end, cadence, required_from, periods, final):
    """As ``exchange.reports.gaps.part_of`` (a test compares the two)."""
    if status not in COUNTED:
        return None
    cadence = int(cadence or 1)
    cadence = cadence if cadence > 1 else 1
    last = max((_offset(end, start) - 1) // cadence, 0)
    final_due = end + timedelta(days=FINAL_GRACE_DAYS)
    first, final_expected = 1, True
    if required_from is not None:
        first = max(1, -(-_offset(required_from, start) // cadence))
        final_expected = final_due >= required_from
    periods = periods or ''
    days = [
        _add_months(start, period * cadence)
        for period in range(first, last + 1)
        if period > len(periods) or periods[period - 1] == '0'
    ]
    if final_expected and final is None:
        days.append(final_due)
    if not days:
        return None
    leaves = None if status == 'active' else end + timedelta(days=OVERDUE_LOOKBACK_DAYS)
    return tuple(days), leaves


def backfill(connection, gaps, days_table):
    rows, totals = [], defaultdict(lambda: [0, 0])
    for posting_id, home, host, status, start, planned, actual, cadence, required, periods, final in connection.execute(
        sa.select(
            posting.c.id,
            posting.c.home_district_id,
            posting.c.host_district_id,
            posting.c.status,
            posting.c.start_date,
            posting.c.planned_end_date,
            posting.c.actual_end_date,
            programme.c.report_cadence_months,
            programme.c.reports_required_from,
            filed.c.periods,
            filed.c.final_submitted,
        )
        .join(programme, programme.c.id == posting.c.programme_id)
        .outerjoin(filed, filed.c.posting_id == posting.c.id)
        .where(posting.c.status.in_(COUNTED))
    ):
        part = part_of(status, start, actual or planned, cadence, required, periods, final)
        if part is None:
            continue
        days, leaves = part
        rows.append({
            'posting_id': posting_id,
            'home_district_id': home,
            'host_district_id': host,
            'due_days': ','.join(day.isoformat() for day in days),
            'leaves_on': leaves,
        })
        for district in (0, home, host):
            for day in days:
                totals[district, day][0] += 1
            if leaves is not None:
                totals[district, leaves][1] += len(days)
    for first in range(0, len(rows), BATCH):
        connection.execute(sa.insert(gaps), rows[first : first + BATCH])
    day_rows = [
        {'district_id': district, 'day': day, 'due': due, 'leaving': leaving}
        for (district, day), (due, leaving) in sorted(totals.items())
    ]
    for first in range(0, len(day_rows), BATCH):
        connection.execute(sa.insert(days_table), day_rows[first : first + BATCH])


def upgrade():
    gaps = op.create_table(
        'report_gap',
        sa.Column('posting_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('home_district_id', sa.Integer(), nullable=False),
        sa.Column('host_district_id', sa.Integer(), nullable=False),
        sa.Column('due_days', sa.Text(), nullable=False),
        sa.Column('leaves_on', sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint('posting_id', name=op.f('pk_report_gap')),
    )
    days_table = op.create_table(
        'report_gap_day',
        sa.Column('district_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('due', sa.Integer(), nullable=False),
        sa.Column('leaving', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('district_id', 'day', name=op.f('pk_report_gap_day')),
    )
    backfill(op.get_bind(), gaps, days_table)


def downgrade():
    op.drop_table('report_gap_day')
    op.drop_table('report_gap')
