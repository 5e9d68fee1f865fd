"""SQLModel tables shared by the desktop's local store and the central server.

Timestamps are ISO 8601 strings in UTC with milliseconds (``2026-11-28T10:15:02.123Z``)
and dates are ``YYYY-MM-DD``: the exact text is hashed into the audit chain, so it must
read back byte for byte the same from SQLite and PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class Area(SQLModel, table=True):
    """A province/territory (level 1) or district (level 2) of Pakistan."""

    __tablename__ = "area"
    id: str = Field(primary_key=True, max_length=16)
    level: int
    name_en: str
    name_ur: str
    parent_id: str | None = Field(default=None, index=True)
    lat: float | None = None
    lon: float | None = None


class Office(SQLModel, table=True):
    """A district office that registers requests (e.g. the Deputy Commissioner's office)."""

    __tablename__ = "office"
    code: str = Field(primary_key=True, max_length=8)
    name_en: str
    name_ur: str
    district_id: str = Field(index=True)
    address: str = ""
    complaint_phone: str = ""
    complaint_email: str = ""


class Service(SQLModel, table=True):
    """One entry of the service catalogue."""

    __tablename__ = "service"
    code: str = Field(primary_key=True, max_length=32)
    category: str
    department_en: str
    department_ur: str
    name_en: str
    name_ur: str
    sla_days: int
    fee_pkr: int
    documents_en: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    documents_ur: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    active: bool = True


class Citizen(SQLModel, table=True):
    """A citizen, found again by CNIC. Names are kept exactly as typed (Urdu or English).

    The CNIC is indexed but not unique: two offices that register the same person while
    offline each create a record, and both must sync without either being lost. A PC
    reuses the oldest record it knows for a CNIC.
    """

    __tablename__ = "citizen"
    id: str = Field(primary_key=True, max_length=36)
    cnic: str = Field(max_length=13, index=True)
    name: str = Field(max_length=100)
    phone: str | None = Field(default=None, max_length=16)
    created_at: str
    device_id: str = Field(max_length=36)


class ServiceRequest(SQLModel, table=True):
    """A citizen's request for a service. Immutable once written; its state lives in events."""

    __tablename__ = "service_request"
    id: str = Field(primary_key=True, max_length=36)
    tracking_number: str = Field(unique=True, max_length=40)
    citizen_id: str = Field(foreign_key="citizen.id", index=True)
    service_code: str = Field(foreign_key="service.code", index=True)
    office_code: str = Field(foreign_key="office.code", index=True)
    description: str = Field(default="", sa_column=Column(Text, nullable=False))
    created_at: str = Field(index=True)
    due_date: str = Field(index=True)
    fee_pkr: int
    device_id: str = Field(max_length=36)


class RequestEvent(SQLModel, table=True):
    """One append-only step in a request's life; hash-chained per device."""

    __tablename__ = "request_event"
    __table_args__ = (
        UniqueConstraint("device_id", "device_seq", name="uq_event_device_seq"),
        Index("ix_request_event_request_hlc", "request_id", "hlc"),
    )
    id: str = Field(primary_key=True, max_length=36)
    request_id: str = Field(foreign_key="service_request.id")
    kind: str = Field(max_length=32)
    hlc: str = Field(max_length=80)
    actor_name: str = Field(max_length=100)
    actor_role: str = Field(max_length=32)
    device_id: str = Field(max_length=36)
    device_seq: int
    payload: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    created_at: str
