"""Survey tables of the local store: form versions, responses (drafts and final), quotas
and the log of their changes."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKeyConstraint, Index, Text
from sqlmodel import Field, SQLModel


class SurveyForm(SQLModel, table=True):
    """One imported version of a form; a new version is a new row, never a replacement."""

    __tablename__ = "survey_form"
    form_id: str = Field(primary_key=True, max_length=64)
    version: str = Field(primary_key=True, max_length=32)
    title: str = Field(sa_column=Column(Text, nullable=False))  # JSON: language → title
    definition: str = Field(sa_column=Column(Text, nullable=False))  # FormDefinition JSON
    xlsx_sha256: str = Field(max_length=64)
    imported_at: str


class SurveyResponse(SQLModel, table=True):
    """One interview: a draft saved at every change, then final (frozen) and queued."""

    __tablename__ = "survey_response"
    __table_args__ = (
        ForeignKeyConstraint(["form_id", "form_version"],
                             ["survey_form.form_id", "survey_form.version"],
                             name="fk_survey_response_form"),
        Index("ix_survey_response_status_started", "status", "started_at"),
        Index("ix_survey_response_stratum", "district", "area", "respondent_type"),
    )
    id: str = Field(primary_key=True, max_length=36)
    form_id: str = Field(max_length=64)
    form_version: str = Field(max_length=32)
    enumerator: str = Field(max_length=100)
    device_id: str = Field(max_length=36)
    language: str = Field(max_length=16)
    started_at: str
    updated_at: str
    finished_at: str | None = None
    answers: str = Field(sa_column=Column(Text, nullable=False))  # JSON: question → value
    paradata: str = Field(sa_column=Column(Text, nullable=False))  # JSON: question → {…}
    status: str = Field(max_length=8)  # draft | final
    district: str | None = Field(default=None, max_length=16)
    area: str | None = Field(default=None, max_length=8)  # urban | rural
    respondent_type: str | None = Field(default=None, max_length=32)


class SurveyQuota(SQLModel, table=True):
    """A supervisor's target of final responses for one stratum."""

    __tablename__ = "survey_quota"
    district: str = Field(primary_key=True, max_length=16)
    area: str = Field(primary_key=True, max_length=8)
    respondent_type: str = Field(primary_key=True, max_length=32)
    target: int
    updated_at: str


class SurveyQuotaLog(SQLModel, table=True):
    """Who set, changed or removed a stratum's target, and when (append-only)."""

    __tablename__ = "survey_quota_log"
    id: int | None = Field(default=None, primary_key=True)
    at: str
    district: str = Field(max_length=16)
    area: str = Field(max_length=8)
    respondent_type: str = Field(max_length=32)
    target: int  # 0: the target was removed
    previous: int | None = None  # None: the stratum had no target
    user_id: str = Field(max_length=36)
    actor_name: str = Field(max_length=100)
    actor_role: str = Field(max_length=16)
