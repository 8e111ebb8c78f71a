"""A programme drafted by one member's HR is a draft until every other member confirms it.

Revision ID: 20261127_programme_drafts
Revises: 20261127_i12b_programme_changes
Create Date: 2026-11-27 00:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '20261127_programme_drafts'
down_revision = '20261127_i12b_programme_changes'
branch_labels = None
depends_on = None


def upgrade():
    # Every existing programme is in force: it was agreed before drafts existed.
    with op.batch_alter_table('programme', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('is_draft', sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table('programme', schema=None) as batch_op:
        batch_op.drop_column('is_draft')
