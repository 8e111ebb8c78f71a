"""Appraisals as the rules require, the cadre data the forms need, appraisal settings.

Adds the annual and end-of-term appraisals (two-sided, with earlier versions), moves
each old single ``evaluation`` into an end-of-term appraisal signed by the host side
only (the home side signs it afterwards), adds the cadre fields of the 干部任免审批表
(birth month instead of the full date of birth), and two programme settings.

Revision ID: 20261126_appraisals
Revises: 20261126_pinyin_surnames
Create Date: 2026-11-26 14:00:00
"""

from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "20261126_appraisals"
down_revision = "20261126_inbox"
branch_labels = None
depends_on = None

GRADES = "('excellent', 'competent', 'basically_competent', 'not_competent')"
OLD_KINDS = (
    "'min_initial_term_months', 'max_initial_term_months', 'max_total_extension_months', "
    "'max_career_months', 'min_gap_days'"
)
# The CHECKs are written out as the models generate them (tests/test_enums.py reads them).
VALID_KIND = sa.CheckConstraint("kind IN ('min_initial_term_months', 'max_initial_term_months', 'max_total_extension_months', 'max_career_months', 'min_gap_days', 'appraisal_window_days', 'annual_grade_by_host')", name=op.f('ck_term_rule_valid_kind'))
MONTH_COLUMNS = ("party_joined_month", "work_started_month", "home_position_month")
TEXT_COLUMNS = (
    ("ethnicity", 20),
    ("native_place", 60),
    ("education", 40),
    ("degree", 40),
)


def upgrade():
    # Plain ALTER TABLE (SQLite 3.35+ and PostgreSQL): a batch copy of ``cadre`` would drop
    # the table that postings and accounts refer to, which SQLite refuses once rows exist.
    op.add_column("cadre", sa.Column("birth_month", sa.Date(), nullable=True))
    for name, length in TEXT_COLUMNS:
        op.add_column(
            "cadre", sa.Column(name, sa.String(length), nullable=False, server_default="")
        )
    op.add_column(
        "cadre",
        sa.Column(
            "political_status",
            sa.String(20),
            sa.CheckConstraint("political_status IS NULL OR political_status IN ('cpc_member', 'cpc_probationary', 'league_member', 'democratic_party', 'non_partisan', 'masses')", name=op.f('ck_cadre_valid_political_status')),
            nullable=True,
        ),
    )
    for name in MONTH_COLUMNS:
        op.add_column("cadre", sa.Column(name, sa.Date(), nullable=True))
    cadre = sa.table("cadre", sa.column("id"), sa.column("birth_date"), sa.column("birth_month"))
    conn = op.get_bind()
    for cadre_id, born in conn.execute(
        sa.select(cadre.c.id, cadre.c.birth_date).where(cadre.c.birth_date.is_not(None))
    ):
        if isinstance(born, str):  # SQLite hands back the stored text
            born = date.fromisoformat(born[:10])
        conn.execute(
            cadre.update()
            .where(cadre.c.id == cadre_id)
            .values(birth_month=date(born.year, born.month, 1))
        )
    op.execute("ALTER TABLE cadre DROP COLUMN birth_date")

    with op.batch_alter_table("term_rule") as batch:
        batch.drop_constraint(op.f("ck_term_rule_valid_kind"), type_="check")
        batch.create_check_constraint(VALID_KIND.name, VALID_KIND.sqltext)

    op.create_table(
        "appraisal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("posting_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("proposed_grade", sa.String(24), nullable=False),
        sa.Column("work_record", sa.Text(), nullable=False),
        sa.Column("performance", sa.Text(), nullable=False),
        sa.Column("achievements", sa.Text(), nullable=False),
        sa.Column("shortcomings", sa.Text(), nullable=False),
        sa.Column("expectations", sa.Text(), nullable=False),
        sa.Column("host_signed_by_id", sa.Integer(), nullable=True),
        sa.Column("host_signed_at", sa.DateTime(), nullable=False),
        sa.Column("home_opinion", sa.Text(), nullable=False),
        sa.Column("final_grade", sa.String(24), nullable=True),
        sa.Column("home_signed_by_id", sa.Integer(), nullable=True),
        sa.Column("home_signed_at", sa.DateTime(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('annual', 'end_of_term')", name=op.f('ck_appraisal_valid_kind')),
        sa.CheckConstraint("status IN ('host_signed', 'locked')", name=op.f('ck_appraisal_valid_status')),
        sa.CheckConstraint("proposed_grade IN ('excellent', 'competent', 'basically_competent', 'not_competent')", name=op.f('ck_appraisal_valid_proposed_grade')),
        sa.CheckConstraint("final_grade IS NULL OR final_grade IN ('excellent', 'competent', 'basically_competent', 'not_competent')", name=op.f('ck_appraisal_valid_final_grade')),
        sa.CheckConstraint("(kind = 'annual') = (year IS NOT NULL)", name=op.f('ck_appraisal_year_for_annual')),
        sa.CheckConstraint("status <> 'locked' OR (final_grade IS NOT NULL AND home_signed_at IS NOT NULL)", name=op.f('ck_appraisal_locked_when_both_signed')),
        sa.ForeignKeyConstraint(
            ["posting_id"], ["posting.id"], name=op.f("fk_appraisal_posting_id_posting")
        ),
        sa.ForeignKeyConstraint(
            ["host_signed_by_id"],
            ["user_account.id"],
            name=op.f("fk_appraisal_host_signed_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["home_signed_by_id"],
            ["user_account.id"],
            name=op.f("fk_appraisal_home_signed_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisal")),
        sa.UniqueConstraint("posting_id", "kind", "year", name="uq_appraisal_year"),
    )
    op.create_index(op.f("ix_appraisal_posting_id"), "appraisal", ["posting_id"])
    op.create_index(
        "uq_appraisal_end_of_term",
        "appraisal",
        ["posting_id"],
        unique=True,
        sqlite_where=sa.text("kind = 'end_of_term'"),
        postgresql_where=sa.text("kind = 'end_of_term'"),
    )
    op.create_table(
        "appraisal_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("appraisal_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("host_signed_by_id", sa.Integer(), nullable=True),
        sa.Column("host_signed_at", sa.DateTime(), nullable=True),
        sa.Column("home_signed_by_id", sa.Integer(), nullable=True),
        sa.Column("home_signed_at", sa.DateTime(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("corrected_by_id", sa.Integer(), nullable=True),
        sa.Column("corrected_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["appraisal_id"],
            ["appraisal.id"],
            name=op.f("fk_appraisal_version_appraisal_id_appraisal"),
        ),
        sa.ForeignKeyConstraint(
            ["host_signed_by_id"],
            ["user_account.id"],
            name=op.f("fk_appraisal_version_host_signed_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["home_signed_by_id"],
            ["user_account.id"],
            name=op.f("fk_appraisal_version_home_signed_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["corrected_by_id"],
            ["user_account.id"],
            name=op.f("fk_appraisal_version_corrected_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisal_version")),
        sa.UniqueConstraint("appraisal_id", "revision", name="uq_appraisal_version_revision"),
    )
    op.create_index(
        op.f("ix_appraisal_version_appraisal_id"), "appraisal_version", ["appraisal_id"]
    )

    # Each old evaluation becomes an end-of-term appraisal signed by the host side only.
    op.execute(
        "INSERT INTO appraisal (posting_id, kind, year, status, proposed_grade, work_record, "
        "performance, achievements, shortcomings, expectations, host_signed_by_id, "
        "host_signed_at, home_opinion, final_grade, revision, version, created_at) "
        "SELECT posting_id, 'end_of_term', NULL, 'host_signed', grade, '', comments, '', '', '', "
        "evaluated_by_id, created_at, '', NULL, 1, 1, created_at FROM evaluation"
    )
    op.drop_table("evaluation")


def downgrade():
    op.create_table(
        "evaluation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("posting_id", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=24), nullable=False),
        sa.Column("comments", sa.Text(), nullable=False),
        sa.Column("evaluated_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(f"grade IN {GRADES}", name=op.f("ck_evaluation_valid_grade")),
        sa.ForeignKeyConstraint(
            ["evaluated_by_id"],
            ["user_account.id"],
            name=op.f("fk_evaluation_evaluated_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["posting_id"], ["posting.id"], name=op.f("fk_evaluation_posting_id_posting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation")),
        sa.UniqueConstraint("posting_id", name=op.f("uq_evaluation_posting_id")),
    )
    op.execute(
        "INSERT INTO evaluation (posting_id, grade, comments, evaluated_by_id, created_at) "
        "SELECT posting_id, COALESCE(final_grade, proposed_grade), performance, "
        "host_signed_by_id, created_at FROM appraisal WHERE kind = 'end_of_term'"
    )
    op.drop_index(op.f("ix_appraisal_version_appraisal_id"), table_name="appraisal_version")
    op.drop_table("appraisal_version")
    op.drop_index("uq_appraisal_end_of_term", table_name="appraisal")
    op.drop_index(op.f("ix_appraisal_posting_id"), table_name="appraisal")
    op.drop_table("appraisal")

    op.execute(
        "DELETE FROM term_rule WHERE kind IN ('appraisal_window_days', 'annual_grade_by_host')"
    )
    with op.batch_alter_table("term_rule") as batch:
        batch.drop_constraint(op.f("ck_term_rule_valid_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_term_rule_valid_kind"), f"kind IN ({OLD_KINDS})")

    with op.batch_alter_table("cadre") as batch:
        batch.add_column(sa.Column("birth_date", sa.Date(), nullable=True))
    op.execute("UPDATE cadre SET birth_date = birth_month")
    with op.batch_alter_table("cadre") as batch:
        batch.drop_constraint(op.f("ck_cadre_valid_political_status"), type_="check")
        for name in ("birth_month", "political_status", *MONTH_COLUMNS):
            batch.drop_column(name)
        for name, _length in TEXT_COLUMNS:
            batch.drop_column(name)
