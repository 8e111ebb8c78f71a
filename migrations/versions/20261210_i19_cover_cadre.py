"""A district's postings indexed with their official: an HR officer's cadre list (the
officials of any posting touching the district) reads their ids from the district
indexes alone, not from each posting.

Revision ID: 20261210_i19_cover_cadre
Revises: 20261209_i19_bell_indexes
Create Date: 2026-12-10 00:00:00
"""

from alembic import op

revision = '20261210_i19_cover_cadre'
down_revision = '20261209_i19_bell_indexes'
branch_labels = None
depends_on = None

DISTRICT_COVER = ['status', 'start_date', 'planned_end_date', 'actual_end_date', 'programme_id']


def _covers(extra: list[str]) -> None:
    for side, other in (('home', 'host'), ('host', 'home')):
        op.drop_index(f'ix_posting_{side}_cover', table_name='posting')
        op.create_index(
            f'ix_posting_{side}_cover',
            'posting',
            [f'{side}_district_id', *DISTRICT_COVER, f'{other}_district_id', *extra],
        )


def upgrade():
    _covers(['cadre_id'])


def downgrade():
    _covers([])
