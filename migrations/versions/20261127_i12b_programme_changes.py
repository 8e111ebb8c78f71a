"""Keep a change of a programme in force as a request that waits for every other member district's confirmation.

Revision ID: 20261127_i12b_programme_changes
Revises: 20261127_i12_term_changes
Create Date: 2026-11-27 18:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = "20261127_i12b_programme_changes"
down_revision = "20261127_i12_term_changes"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "programme_change_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("proposed_by_id", sa.Integer(), nullable=True),
        sa.Column("proposer_district_id", sa.Integer(), nullable=False),
        sa.Column("proposed_at", sa.DateTime(), nullable=False),
        sa.Column("programme_version", sa.Integer(), nullable=False),
        sa.Column("proposed", sa.JSON(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("party_ids", sa.JSON(), nullable=False),
        sa.Column("confirmations", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'applied', 'declined', 'withdrawn')",
            name=op.f("ck_programme_change_request_valid_status"),
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programme.id"],
            name=op.f("fk_programme_change_request_programme_id_programme"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_id"],
            ["user_account.id"],
            name=op.f("fk_programme_change_request_proposed_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["proposer_district_id"],
            ["district.id"],
            name=op.f("fk_programme_change_request_proposer_district_id_district"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user_account.id"],
            name=op.f("fk_programme_change_request_decided_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_change_request")),
    )
    with op.batch_alter_table("programme_change_request", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_programme_change_request_programme_id"), ["programme_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("programme_change_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_programme_change_request_programme_id"))

    op.drop_table("programme_change_request")
