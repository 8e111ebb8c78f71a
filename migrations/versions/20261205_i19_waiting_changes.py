"""The bell's count of term changes waiting for consent reads the waiting ones.

An HR officer's bell counted the requests waiting for their district's consent by reading
every posting of the district (some 3,300 in a busy district at 100,000 postings) and
each one's requests. The waiting ones are a few hundred in a region: read by status, then
their postings by key (SQLite 2.3 → 0.6 ms).

Revision ID: 20261205_i19_waiting_changes
Revises: 20261204_i19_cadre_grams
Create Date: 2026-12-05 00:00:00
"""

from alembic import op


revision = '20261205_i19_waiting_changes'
down_revision = '20261204_i19_cadre_grams'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_term_change_request_status', 'term_change_request', ['status', 'posting_id']
    )


def downgrade():
    op.drop_index('ix_term_change_request_status', table_name='term_change_request')
