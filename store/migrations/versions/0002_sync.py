"""Sync client tables: sync state, round history, rejections, parked pulled records.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('server_url', sa.String(), nullable=False),
    sa.Column('allow_insecure', sa.Boolean(), nullable=False),
    sa.Column('enrolled', sa.Boolean(), nullable=False),
    sa.Column('enrolled_at', sa.String(), nullable=True),
    sa.Column('office_code', sa.String(length=8), nullable=True),
    sa.Column('district_id', sa.String(length=16), nullable=True),
    sa.Column('device_number', sa.Integer(), nullable=True),
    sa.Column('pull_cursor', sa.Integer(), nullable=False),
    sa.Column('clock_offset_ms', sa.Integer(), nullable=False),
    sa.Column('last_attempt_at', sa.String(), nullable=True),
    sa.Column('last_success_at', sa.String(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('sync_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.String(), nullable=False),
    sa.Column('finished_at', sa.String(), nullable=True),
    sa.Column('pushed', sa.Integer(), nullable=False),
    sa.Column('already_held', sa.Integer(), nullable=False),
    sa.Column('rejected', sa.Integer(), nullable=False),
    sa.Column('pulled', sa.Integer(), nullable=False),
    sa.Column('pending_after', sa.Integer(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('sync_rejection',
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('op_seq', sa.Integer(), nullable=False),
    sa.Column('record_kind', sa.String(length=32), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('rejected_at', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('record_id')
    )
    op.create_table('sync_parked',
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('record', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('parked_at', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'key')
    )


def downgrade() -> None:
    for table in ("sync_parked", "sync_rejection", "sync_run", "sync_state"):
        op.drop_table(table)
