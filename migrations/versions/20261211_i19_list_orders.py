"""The attendance sheet list and the talk list read a page in their order from an index:
an administrator's list sorted every sheet (65 ms) or talk (43 ms) of the region to show
one page.

Revision ID: 20261211_i19_list_orders
Revises: 20261210_i19_cover_cadre
Create Date: 2026-12-11 00:00:00
"""

from alembic import op

revision = '20261211_i19_list_orders'
down_revision = '20261210_i19_cover_cadre'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_attendance_sheet_month_id', 'attendance_sheet', ['month', 'id'])
    op.create_index('ix_talk_date_id', 'talk', ['talk_date', 'id'])


def downgrade():
    op.drop_index('ix_talk_date_id', table_name='talk')
    op.drop_index('ix_attendance_sheet_month_id', table_name='attendance_sheet')
