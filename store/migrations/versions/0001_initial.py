"""Initial schema: reference data, citizens, requests, hash-chained events, outbox,
the list projection and the full-text index.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('area',
    sa.Column('id', sa.String(length=16), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('name_en', sa.String(), nullable=False),
    sa.Column('name_ur', sa.String(), nullable=False),
    sa.Column('parent_id', sa.String(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_area_parent_id'), 'area', ['parent_id'], unique=False)
    op.create_table('citizen',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('cnic', sa.String(length=13), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('phone', sa.String(length=16), nullable=True),
    sa.Column('created_at', sa.String(), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_citizen_cnic'), 'citizen', ['cnic'], unique=False)
    op.create_table('device_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('office_code', sa.String(length=8), nullable=False),
    sa.Column('device_number', sa.Integer(), nullable=False),
    sa.Column('next_op_seq', sa.Integer(), nullable=False),
    sa.Column('chain_seq', sa.Integer(), nullable=False),
    sa.Column('chain_hash', sa.String(length=64), nullable=False),
    sa.Column('hlc', sa.String(), nullable=False),
    sa.Column('tracking_day', sa.String(), nullable=False),
    sa.Column('tracking_seq', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('meta',
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('office',
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('name_en', sa.String(), nullable=False),
    sa.Column('name_ur', sa.String(), nullable=False),
    sa.Column('district_id', sa.String(), nullable=False),
    sa.Column('address', sa.String(), nullable=False),
    sa.Column('complaint_phone', sa.String(), nullable=False),
    sa.Column('complaint_email', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_index(op.f('ix_office_district_id'), 'office', ['district_id'], unique=False)
    op.create_table('outbox',
    sa.Column('op_seq', sa.Integer(), nullable=False),
    sa.Column('record_kind', sa.String(length=32), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.String(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('op_seq'),
    sa.UniqueConstraint('record_kind', 'record_id', name='uq_outbox_record')
    )
    op.create_index(op.f('ix_outbox_state'), 'outbox', ['state'], unique=False)
    op.create_table('service',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('category', sa.String(), nullable=False),
    sa.Column('department_en', sa.String(), nullable=False),
    sa.Column('department_ur', sa.String(), nullable=False),
    sa.Column('name_en', sa.String(), nullable=False),
    sa.Column('name_ur', sa.String(), nullable=False),
    sa.Column('sla_days', sa.Integer(), nullable=False),
    sa.Column('fee_pkr', sa.Integer(), nullable=False),
    sa.Column('documents_en', sa.Text(), nullable=False),
    sa.Column('documents_ur', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('service_request',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('tracking_number', sa.String(length=40), nullable=False),
    sa.Column('citizen_id', sa.String(), nullable=False),
    sa.Column('service_code', sa.String(), nullable=False),
    sa.Column('office_code', sa.String(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('created_at', sa.String(), nullable=False),
    sa.Column('due_date', sa.String(), nullable=False),
    sa.Column('fee_pkr', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizen.id'], ),
    sa.ForeignKeyConstraint(['office_code'], ['office.code'], ),
    sa.ForeignKeyConstraint(['service_code'], ['service.code'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tracking_number')
    )
    op.create_index(op.f('ix_service_request_citizen_id'), 'service_request', ['citizen_id'], unique=False)
    op.create_index(op.f('ix_service_request_created_at'), 'service_request', ['created_at'], unique=False)
    op.create_index(op.f('ix_service_request_due_date'), 'service_request', ['due_date'], unique=False)
    op.create_index(op.f('ix_service_request_office_code'), 'service_request', ['office_code'], unique=False)
    op.create_index(op.f('ix_service_request_service_code'), 'service_request', ['service_code'], unique=False)
    op.create_table('request_event',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('request_id', sa.String(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('hlc', sa.String(length=80), nullable=False),
    sa.Column('actor_name', sa.String(length=100), nullable=False),
    sa.Column('actor_role', sa.String(length=32), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('device_seq', sa.Integer(), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['service_request.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('device_id', 'device_seq', name='uq_event_device_seq')
    )
    op.create_index('ix_request_event_request_hlc', 'request_event', ['request_id', 'hlc'], unique=False)
    op.create_table('request_state',
    sa.Column('pos', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.String(length=36), nullable=False),
    sa.Column('service_code', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('is_open', sa.Boolean(), nullable=False),
    sa.Column('due_date', sa.String(), nullable=False),
    sa.Column('status_changed_at', sa.String(), nullable=False),
    sa.Column('outcome', sa.String(), nullable=True),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('last_hlc', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['service_request.id'], ),
    sa.PrimaryKeyConstraint('pos'),
    sa.UniqueConstraint('request_id')
    )
    op.create_index('ix_request_state_open_due', 'request_state', ['is_open', 'due_date'], unique=False)
    op.create_index('ix_request_state_service_pos', 'request_state', ['service_code', 'pos'], unique=False)
    op.create_index('ix_request_state_status_pos', 'request_state', ['status', 'pos'], unique=False)

    # Full-text search over tracking number, citizen name, CNIC, phone and description.
    # Contentless: only the rowid (request_state.pos) comes back; the text lives in its
    # tables. Rows are never updated (requests and citizens are immutable).
    op.execute(
        "CREATE VIRTUAL TABLE request_fts USING fts5("
        "tracking, name, cnic, phone, description, "
        "content='', tokenize='unicode61 remove_diacritics 2')"
    )


def downgrade() -> None:
    op.execute("DROP TABLE request_fts")
    for table in ("request_state", "request_event", "service_request", "service", "outbox",
                  "office", "meta", "device_state", "citizen", "area"):
        op.drop_table(table)
