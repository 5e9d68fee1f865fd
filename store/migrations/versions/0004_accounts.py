"""Local user accounts, sign-in sessions and the sign-in log.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_account",
        sa.Column("user_id", sa.String(36), primary_key=True),
        sa.Column("office_code", sa.String(16), nullable=False),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("display_name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(8), nullable=False),  # local | server
        sa.Column("updated_at", sa.String(), nullable=False),
        sa.Column("failed_count", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("locked_until", sa.String(), nullable=True),
    )
    op.create_table(
        "user_session",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.String(36), sa.ForeignKey("user_account.user_id"),
                  nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("expires_at", sa.String(), nullable=False),
        sa.Column("ended_at", sa.String(), nullable=True),
    )
    op.create_table(
        "sign_in_log",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.String(), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("event", sa.String(24), nullable=False),
    )
    # The sign-in log is evidence: the database refuses to change or delete its lines.
    op.execute("CREATE TRIGGER sign_in_log_no_update BEFORE UPDATE ON sign_in_log BEGIN "
               "SELECT RAISE(ABORT, 'the sign-in log cannot be changed'); END")
    op.execute("CREATE TRIGGER sign_in_log_no_delete BEFORE DELETE ON sign_in_log BEGIN "
               "SELECT RAISE(ABORT, 'the sign-in log cannot be changed'); END")


def downgrade() -> None:
    op.execute("DROP TRIGGER sign_in_log_no_delete")
    op.execute("DROP TRIGGER sign_in_log_no_update")
    op.drop_table("sign_in_log")
    op.drop_table("user_session")
    op.drop_table("user_account")
