"""Annual appraisal results of the years outside postings (imported), and the appraisal import.

Revision ID: 20261127_i16_annual_results
Revises: 20261126_files
Create Date: 2026-11-27 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "20261127_i16_annual_results"
down_revision = "20261126_files"
branch_labels = None
depends_on = None

# The CHECKs are written out as the models generate them (tests/test_enums.py reads them).
VALID_IMPORT_KIND = sa.CheckConstraint(
    "kind IN ('cadres', 'postings', 'appraisals')", name=op.f('ck_import_run_valid_kind')
)
OLD_IMPORT_KIND = "kind IN ('cadres', 'postings')"


def upgrade():
    op.create_table(
        "annual_result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cadre_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=24), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "grade IN ('excellent', 'competent', 'basically_competent', 'not_competent')",
            name=op.f('ck_annual_result_valid_grade'),
        ),
        sa.ForeignKeyConstraint(
            ["cadre_id"], ["cadre.id"], name=op.f("fk_annual_result_cadre_id_cadre")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user_account.id"],
            name=op.f("fk_annual_result_recorded_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annual_result")),
        sa.UniqueConstraint("cadre_id", "year", name="uq_annual_result_year"),
    )
    with op.batch_alter_table("annual_result") as batch:
        batch.create_index(batch.f("ix_annual_result_cadre_id"), ["cadre_id"], unique=False)
    with op.batch_alter_table("import_run") as batch:
        batch.drop_constraint(op.f("ck_import_run_valid_kind"), type_="check")
        batch.create_check_constraint(VALID_IMPORT_KIND.name, VALID_IMPORT_KIND.sqltext)


def downgrade():
    op.execute("DELETE FROM import_run WHERE kind = 'appraisals'")
    with op.batch_alter_table("import_run") as batch:
        batch.drop_constraint(op.f("ck_import_run_valid_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_import_run_valid_kind"), OLD_IMPORT_KIND)
    with op.batch_alter_table("annual_result") as batch:
        batch.drop_index(batch.f("ix_annual_result_cadre_id"))
    op.drop_table("annual_result")
