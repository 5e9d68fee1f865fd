"""Index request_event (request_id, kind, hlc) for KPIs and Open311 (server.kpi).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_request_event_request_kind_hlc", "request_event",
                    ["request_id", "kind", "hlc"])


def downgrade() -> None:
    op.drop_index("ix_request_event_request_kind_hlc", table_name="request_event")
