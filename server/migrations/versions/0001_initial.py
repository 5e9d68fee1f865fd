"""Initial server schema: the shared tables (area, office, service, citizen,
service_request, request_event) and the server's own: device, enroll_token, received_op,
change_log, push_log, rejected_record.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

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
    op.create_table('change_log',
    sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('record_id', sa.String(length=64), nullable=False),
    sa.Column('district_id', sa.String(length=16), nullable=True),
    sa.Column('office_code', sa.String(length=8), nullable=True),
    sa.Column('device_id', sa.String(length=36), nullable=True),
    sa.PrimaryKeyConstraint('seq'),
    sqlite_autoincrement=True
    )
    op.create_index('ix_change_log_district_seq', 'change_log', ['district_id', 'seq'], unique=False)
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
    op.create_table('push_log',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('received_at', sa.String(length=24), nullable=False),
    sa.Column('ops', sa.Integer(), nullable=False),
    sa.Column('accepted', sa.Integer(), nullable=False),
    sa.Column('held', sa.Integer(), nullable=False),
    sa.Column('rejected', sa.Integer(), nullable=False),
    sa.Column('body_bytes', sa.Integer(), nullable=False),
    sa.Column('body_sha256', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    op.create_index(op.f('ix_push_log_device_id'), 'push_log', ['device_id'], unique=False)
    op.create_table('rejected_record',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('record_id', sa.String(length=64), nullable=False),
    sa.Column('op_seq', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('record', sa.Text(), nullable=False),
    sa.Column('content_sha256', sa.String(length=64), nullable=False),
    sa.Column('device_seq', sa.BigInteger(), nullable=True),
    sa.Column('hash', sa.String(length=64), nullable=True),
    sa.Column('received_at', sa.String(length=24), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('device_id', 'kind', 'record_id', 'content_sha256', name='uq_rejected_content')
    )
    op.create_index('ix_rejected_device_seq', 'rejected_record', ['device_id', 'device_seq'], unique=False)
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
    op.create_table('device',
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('office_code', sa.String(length=8), nullable=False),
    sa.Column('public_key', sa.String(length=64), nullable=False),
    sa.Column('device_number', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), server_default='', nullable=False),
    sa.Column('enrolled_at', sa.String(length=24), nullable=False),
    sa.Column('revoked_at', sa.String(length=24), nullable=True),
    sa.Column('last_seen_at', sa.String(length=24), nullable=True),
    sa.Column('last_push_at', sa.String(length=24), nullable=True),
    sa.Column('op_watermark', sa.BigInteger(), server_default='0', nullable=False),
    sa.CheckConstraint('device_number BETWEEN 1 AND 99', name='ck_device_number'),
    sa.ForeignKeyConstraint(['office_code'], ['office.code'], ),
    sa.PrimaryKeyConstraint('device_id'),
    sa.UniqueConstraint('office_code', 'device_number', name='uq_device_office_number')
    )
    op.create_table('enroll_token',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('office_code', sa.String(length=8), nullable=False),
    sa.Column('created_at', sa.String(length=24), nullable=False),
    sa.Column('expires_at', sa.String(length=24), nullable=False),
    sa.Column('used_by_device', sa.String(length=36), nullable=True),
    sa.Column('used_at', sa.String(length=24), nullable=True),
    sa.Column('public_key', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['office_code'], ['office.code'], ),
    sa.PrimaryKeyConstraint('token_hash')
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
    op.create_table('received_op',
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('op_seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('record_kind', sa.String(length=32), nullable=False),
    sa.Column('record_id', sa.String(length=64), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=True),
    sa.Column('received_at', sa.String(length=24), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['device.device_id'], ),
    sa.PrimaryKeyConstraint('device_id', 'op_seq')
    )
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


def downgrade() -> None:
    op.drop_index('ix_request_event_request_hlc', table_name='request_event')
    op.drop_table('request_event')
    op.drop_table('received_op')
    op.drop_index(op.f('ix_service_request_service_code'), table_name='service_request')
    op.drop_index(op.f('ix_service_request_office_code'), table_name='service_request')
    op.drop_index(op.f('ix_service_request_due_date'), table_name='service_request')
    op.drop_index(op.f('ix_service_request_created_at'), table_name='service_request')
    op.drop_index(op.f('ix_service_request_citizen_id'), table_name='service_request')
    op.drop_table('service_request')
    op.drop_table('enroll_token')
    op.drop_table('device')
    op.drop_table('service')
    op.drop_index('ix_rejected_device_seq', table_name='rejected_record')
    op.drop_table('rejected_record')
    op.drop_index(op.f('ix_push_log_device_id'), table_name='push_log')
    op.drop_table('push_log')
    op.drop_index(op.f('ix_office_district_id'), table_name='office')
    op.drop_table('office')
    op.drop_index(op.f('ix_citizen_cnic'), table_name='citizen')
    op.drop_table('citizen')
    op.drop_index('ix_change_log_district_seq', table_name='change_log')
    op.drop_table('change_log')
    op.drop_index(op.f('ix_area_parent_id'), table_name='area')
    op.drop_table('area')
