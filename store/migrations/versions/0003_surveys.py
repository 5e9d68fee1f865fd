"""Survey tables: form versions, responses, quotas; final responses cannot be changed.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('survey_form',
    sa.Column('form_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.String(length=32), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('definition', sa.Text(), nullable=False),
    sa.Column('xlsx_sha256', sa.String(length=64), nullable=False),
    sa.Column('imported_at', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('form_id', 'version')
    )
    op.create_table('survey_response',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('form_id', sa.String(length=64), nullable=False),
    sa.Column('form_version', sa.String(length=32), nullable=False),
    sa.Column('enumerator', sa.String(length=100), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('started_at', sa.String(), nullable=False),
    sa.Column('updated_at', sa.String(), nullable=False),
    sa.Column('finished_at', sa.String(), nullable=True),
    sa.Column('answers', sa.Text(), nullable=False),
    sa.Column('paradata', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('district', sa.String(length=16), nullable=True),
    sa.Column('area', sa.String(length=8), nullable=True),
    sa.Column('respondent_type', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['form_id', 'form_version'], ['survey_form.form_id', 'survey_form.version'], name='fk_survey_response_form'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_survey_response_status_started', 'survey_response', ['status', 'started_at'], unique=False)
    op.create_index('ix_survey_response_stratum', 'survey_response', ['district', 'area', 'respondent_type'], unique=False)
    op.create_table('survey_quota',
    sa.Column('district', sa.String(length=16), nullable=False),
    sa.Column('area', sa.String(length=8), nullable=False),
    sa.Column('respondent_type', sa.String(length=32), nullable=False),
    sa.Column('target', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('district', 'area', 'respondent_type')
    )
    # A final response is evidence: the database itself refuses to change or delete it.
    op.execute("CREATE TRIGGER survey_response_final_frozen BEFORE UPDATE ON survey_response "
               "WHEN OLD.status = 'final' BEGIN "
               "SELECT RAISE(ABORT, 'a final survey response cannot be changed'); END")
    op.execute("CREATE TRIGGER survey_response_final_kept BEFORE DELETE ON survey_response "
               "WHEN OLD.status = 'final' BEGIN "
               "SELECT RAISE(ABORT, 'a final survey response cannot be deleted'); END")


def downgrade() -> None:
    op.execute("DROP TRIGGER survey_response_final_kept")
    op.execute("DROP TRIGGER survey_response_final_frozen")
    op.drop_table('survey_quota')
    op.drop_index('ix_survey_response_stratum', table_name='survey_response')
    op.drop_index('ix_survey_response_status_started', table_name='survey_response')
    op.drop_table('survey_response')
    op.drop_table('survey_form')
