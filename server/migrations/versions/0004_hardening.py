"""Hardened API: key rotation, an append-only push log, office user accounts.

* ``device.previous_public_key`` / ``key_rotated_at``: the key a device rotated away from
  (accepted only to repeat that same rotation after a lost answer; see server.admin).
* ``push_log`` becomes the append-only record of what each device sent: one row per push
  received, stored or refused (``result``, ``code``, ``op_seqs``); UPDATE and DELETE (and
  TRUNCATE on PostgreSQL) are refused by triggers.
* ``office_user``: the office user accounts the central admin provisions (argon2 hashes).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

APPEND_ONLY = "push_log is append-only: its rows are never changed or deleted"


def upgrade() -> None:
    op.add_column("device", sa.Column("previous_public_key", sa.String(64), nullable=True))
    op.add_column("device", sa.Column("key_rotated_at", sa.String(24), nullable=True))

    op.add_column("push_log", sa.Column("result", sa.String(16), nullable=False,
                                        server_default="stored"))
    op.add_column("push_log", sa.Column("code", sa.String(32), nullable=True))
    op.add_column("push_log", sa.Column("op_seqs", sa.Text(), nullable=False,
                                        server_default="{}"))

    op.create_table(
        "office_user",
        sa.Column("user_id", sa.String(36), primary_key=True),
        sa.Column("office_code", sa.String(8), sa.ForeignKey("office.code"), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("display_name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(256), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.String(24), nullable=False),
        sa.CheckConstraint("role IN ('clerk', 'supervisor', 'enumerator', 'office_admin')",
                           name="ck_office_user_role"),
        sa.UniqueConstraint("office_code", "username", name="uq_office_user_username"),
    )

    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION push_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '{APPEND_ONLY}';
            END $$""")
        op.execute("CREATE TRIGGER push_log_no_update_delete BEFORE UPDATE OR DELETE ON "
                   "push_log FOR EACH ROW EXECUTE FUNCTION push_log_append_only()")
        op.execute("CREATE TRIGGER push_log_no_truncate BEFORE TRUNCATE ON push_log "
                   "FOR EACH STATEMENT EXECUTE FUNCTION push_log_append_only()")
    else:
        for action in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER push_log_no_{action.lower()} BEFORE {action} ON "
                       f"push_log BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER push_log_no_truncate ON push_log")
        op.execute("DROP TRIGGER push_log_no_update_delete ON push_log")
        op.execute("DROP FUNCTION push_log_append_only()")
    else:
        op.execute("DROP TRIGGER push_log_no_update")
        op.execute("DROP TRIGGER push_log_no_delete")
    op.drop_table("office_user")
    with op.batch_alter_table("push_log") as batch:
        batch.drop_column("op_seqs")
        batch.drop_column("code")
        batch.drop_column("result")
    with op.batch_alter_table("device") as batch:
        batch.drop_column("key_rotated_at")
        batch.drop_column("previous_public_key")
