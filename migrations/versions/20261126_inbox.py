"""The inbox's delivery log and the districts' webhooks.

Revision ID: 20261126_inbox
Revises: 20261126_talks
Create Date: 2026-11-26 13:41:01
"""

from alembic import op
import sqlalchemy as sa


revision = '20261126_inbox'
down_revision = '20261126_talks'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('inbox_delivery',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('item_key', sa.String(length=160), nullable=False),
    sa.Column('delivered_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("channel IN ('email', 'webhook')", name=op.f('ck_inbox_delivery_valid_channel')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_inbox_delivery_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inbox_delivery')),
    sa.UniqueConstraint('user_id', 'channel', 'item_key', name='uq_inbox_delivery_item')
    )
    with op.batch_alter_table('inbox_delivery', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inbox_delivery_user_id'), ['user_id'], unique=False)

    op.create_table('district_webhook',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('secret', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("url LIKE 'http://%' OR url LIKE 'https://%'", name=op.f('ck_district_webhook_http_url')),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_district_webhook_district_id_district'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_district_webhook')),
    sa.UniqueConstraint('district_id', name=op.f('uq_district_webhook_district_id'))
    )


def downgrade():
    op.drop_table('district_webhook')
    with op.batch_alter_table('inbox_delivery', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inbox_delivery_user_id'))

    op.drop_table('inbox_delivery')
