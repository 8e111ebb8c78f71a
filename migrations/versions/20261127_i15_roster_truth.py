"""Let a programme say from when reports are required, and districts and departments carry a display order (显示顺序) and a pinyin reading to sort by.

Revision ID: 20261127_i15_roster_truth
Revises: 20261126_files
Create Date: 2026-11-27 00:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '20261127_i15_roster_truth'
down_revision = '20261127_i17_api_tokens'
branch_labels = None
depends_on = None

def _fill_readings(table: str) -> None:
    from exchange.text import sort_reading

    rows = sa.table(table, sa.column('id', sa.Integer), sa.column('name', sa.String),
                    sa.column('sort_name', sa.String))
    connection = op.get_bind()
    for row in connection.execute(sa.select(rows.c.id, rows.c.name)).all():
        connection.execute(
            rows.update().where(rows.c.id == row.id).values(sort_name=sort_reading(row.name))
        )


# The same rule on both tables (spelt out, so tests/test_enums.py reads each CHECK's SQL).
ORDER_CHECKS = {
    'district': sa.CheckConstraint(
        'display_order BETWEEN 0 AND 9999', name=op.f('ck_district_display_order_range')
    ),
    'department': sa.CheckConstraint(
        'display_order BETWEEN 0 AND 9999', name=op.f('ck_department_display_order_range')
    ),
}


def upgrade():
    with op.batch_alter_table('programme', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reports_required_from', sa.Date(), nullable=True))
    for table, check in ORDER_CHECKS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column('display_order', sa.Integer(), server_default='0', nullable=False)
            )
            batch_op.add_column(
                sa.Column('sort_name', sa.String(length=200), server_default='', nullable=False)
            )
            batch_op.create_check_constraint(check.name, check.sqltext)
        _fill_readings(table)


def downgrade():
    for table in ('department', 'district'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f'ck_{table}_display_order_range'), type_='check')
            batch_op.drop_column('sort_name')
            batch_op.drop_column('display_order')
    with op.batch_alter_table('programme', schema=None) as batch_op:
        batch_op.drop_column('reports_required_from')
