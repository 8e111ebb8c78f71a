"""The holiday table (calendar_day), seeded with the State Council arrangements for 2020–2026.

Revision ID: 20261126_workdays
Revises: 20261126_pinyin_surnames
Create Date: 2026-11-26 13:41:01
"""

from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


revision = '20261126_workdays'
down_revision = '20261126_pinyin_surnames'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_day',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('holiday', 'workday')", name=op.f('ck_calendar_day_valid_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_day')),
    sa.UniqueConstraint('day', name=op.f('uq_calendar_day_day'))
    )

    # The official arrangements, as they stood when this revision was written (see
    # exchange/workdays/official.py); later years are added on the holiday page.
    from exchange.workdays.official import official_days

    table = sa.table(
        'calendar_day',
        sa.column('day', sa.Date),
        sa.column('kind', sa.String),
        sa.column('name', sa.String),
        sa.column('source', sa.String),
        sa.column('created_at', sa.DateTime),
    )
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    op.bulk_insert(
        table,
        [
            {'day': day, 'kind': kind, 'name': name, 'source': source, 'created_at': now}
            for day, kind, name, source in official_days()
        ],
    )


def downgrade():
    op.drop_table('calendar_day')
