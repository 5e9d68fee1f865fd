"""The survey quota log: who set, changed or removed a stratum's target, and when.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "survey_quota_log",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.String(), nullable=False),
        sa.Column("district", sa.String(16), nullable=False),
        sa.Column("area", sa.String(8), nullable=False),
        sa.Column("respondent_type", sa.String(32), nullable=False),
        sa.Column("target", sa.Integer(), nullable=False),  # 0: the target was removed
        sa.Column("previous", sa.Integer(), nullable=True),  # None: there was no target
        sa.Column("user_id", sa.String(36), nullable=False),
        sa.Column("actor_name", sa.String(100), nullable=False),
        sa.Column("actor_role", sa.String(16), nullable=False),
    )
    # The quota log is evidence: the database refuses to change or delete its lines.
    op.execute("CREATE TRIGGER survey_quota_log_no_update BEFORE UPDATE ON survey_quota_log "
               "BEGIN SELECT RAISE(ABORT, 'the quota log cannot be changed'); END")
    op.execute("CREATE TRIGGER survey_quota_log_no_delete BEFORE DELETE ON survey_quota_log "
               "BEGIN SELECT RAISE(ABORT, 'the quota log cannot be changed'); END")


def downgrade() -> None:
    op.execute("DROP TRIGGER survey_quota_log_no_delete")
    op.execute("DROP TRIGGER survey_quota_log_no_update")
    op.drop_table("survey_quota_log")
