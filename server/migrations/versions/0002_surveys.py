"""Survey responses and published forms: survey_response, survey_form, form_publication.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "survey_response",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("form_id", sa.String(length=64), nullable=False),
        sa.Column("form_version", sa.String(length=32), nullable=False),
        sa.Column("enumerator", sa.String(length=100), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.String(length=24), nullable=False),
        sa.Column("finished_at", sa.String(length=24), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("paradata", sa.Text(), nullable=False),
        sa.Column("district", sa.String(length=16), nullable=True),
        sa.Column("area", sa.String(length=8), nullable=True),
        sa.Column("respondent_type", sa.String(length=32), nullable=True),
        sa.Column("office_code", sa.String(length=8), nullable=False),
        sa.Column("district_id", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_survey_response_office", "survey_response", ["office_code"])
    op.create_index("ix_survey_response_form", "survey_response",
                    ["form_id", "form_version"])
    op.create_table(
        "survey_form",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("form_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("xlsx_sha256", sa.String(length=64), nullable=False),
        sa.Column("published_at", sa.String(length=24), nullable=False),
        sa.PrimaryKeyConstraint("key"),
        sa.UniqueConstraint("form_id", "version", name="uq_survey_form_version"),
    )
    op.create_table(
        "form_publication",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("form_key", sa.String(length=64), nullable=False),
        sa.Column("office_code", sa.String(length=8), nullable=False),
        sa.Column("published_at", sa.String(length=24), nullable=False),
        sa.ForeignKeyConstraint(["form_key"], ["survey_form.key"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("form_key", "office_code", name="uq_form_publication"),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("form_publication")
    op.drop_table("survey_form")
    op.drop_index("ix_survey_response_form", table_name="survey_response")
    op.drop_index("ix_survey_response_office", table_name="survey_response")
    op.drop_table("survey_response")
