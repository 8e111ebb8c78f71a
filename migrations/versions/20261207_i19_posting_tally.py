"""The dashboard's flows, quota table and postings per month, read from counts.

``posting_tally`` counts the postings of each programme, home and host district, status
and month of start (``exchange.postings.tally`` keeps it in step from then on); it is
filled here from the postings.

Revision ID: 20261207_i19_posting_tally
Revises: 20261206_i19_report_gaps
Create Date: 2026-12-07 00:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '20261207_i19_posting_tally'
down_revision = '20261206_i19_report_gaps'
branch_labels = None
depends_on = None

KEYS = ['programme_id', 'home_district_id', 'host_district_id', 'status', 'start_month']


def upgrade():
    tally = op.create_table(
        'posting_tally',
        sa.Column('programme_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('home_district_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('host_district_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('start_month', sa.Date(), nullable=False),
        sa.Column('postings', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*KEYS, name=op.f('pk_posting_tally')),
        sqlite_with_rowid=False,
    )
    op.create_index(
        'ix_posting_tally_month',
        'posting_tally',
        ['start_month', 'status', 'programme_id', 'home_district_id', 'host_district_id', 'postings'],
    )
    posting = sa.table(
        'posting',
        sa.column('programme_id'),
        sa.column('home_district_id'),
        sa.column('host_district_id'),
        sa.column('status'),
        sa.column('start_date'),
    )
    if op.get_bind().dialect.name == 'sqlite':
        month = sa.func.substr(posting.c.start_date, 1, 8).op('||')('01')
    else:
        month = sa.cast(sa.func.date_trunc('month', posting.c.start_date), sa.Date)
    columns = [posting.c.programme_id, posting.c.home_district_id, posting.c.host_district_id, posting.c.status, month]
    op.execute(
        sa.insert(tally).from_select(
            [*KEYS, 'postings'], sa.select(*columns, sa.func.count()).group_by(*columns)
        )
    )


def downgrade():
    op.drop_index('ix_posting_tally_month', table_name='posting_tally')
    op.drop_table('posting_tally')
