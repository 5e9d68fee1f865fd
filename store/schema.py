"""Tables that exist only in the desktop's local store (not on the server)."""

from __future__ import annotations

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

import models.tables  # noqa: F401 - registers the shared tables in the same metadata


class DeviceState(SQLModel, table=True):
    """This PC: its identity, its counters and the head of its audit chain (one row)."""

    __tablename__ = "device_state"
    id: int = Field(default=1, primary_key=True)
    device_id: str = Field(max_length=36)
    office_code: str = Field(max_length=8)
    device_number: int = 1
    next_op_seq: int = 1  # numbers every outbox operation, so the server can spot gaps
    chain_seq: int = 0  # last device_seq of this device's events
    chain_hash: str = Field(default="0" * 64, max_length=64)
    hlc: str = ""  # latest hybrid logical clock value seen or issued
    tracking_day: str = ""  # YYMMDD of the last tracking number handed out
    tracking_seq: int = 0


class Outbox(SQLModel, table=True):
    """A record waiting to be pushed to the central server."""

    __tablename__ = "outbox"
    __table_args__ = (UniqueConstraint("record_kind", "record_id", name="uq_outbox_record"),)
    op_seq: int = Field(primary_key=True)
    record_kind: str = Field(max_length=32)
    record_id: str = Field(max_length=36)
    created_at: str
    state: str = Field(default="pending", max_length=16, index=True)  # pending | rejected
    attempts: int = 0
    last_error: str | None = Field(default=None, sa_column=Column(Text))


class RequestState(SQLModel, table=True):
    """The list projection: one row per request with its folded state.

    Derived from the request and its events (``verify`` checks it matches the fold) and
    rewritten in the same transaction as every event. ``pos`` is a local, stable integer
    (an INTEGER PRIMARY KEY survives VACUUM) that orders the list newest first and is the
    rowid of the request's full-text entry.
    """

    __tablename__ = "request_state"
    __table_args__ = (
        Index("ix_request_state_status_pos", "status", "pos"),
        Index("ix_request_state_service_pos", "service_code", "pos"),
        Index("ix_request_state_open_due", "is_open", "due_date"),
    )
    pos: int | None = Field(default=None, primary_key=True)
    request_id: str = Field(foreign_key="service_request.id", unique=True, max_length=36)
    service_code: str = Field(max_length=32)
    status: str = Field(max_length=16)
    is_open: bool = True
    due_date: str
    status_changed_at: str
    outcome: str | None = None
    rating: int | None = None
    last_hlc: str = ""


class Meta(SQLModel, table=True):
    """Small key/value facts about the store (reference data version, …)."""

    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str = Field(sa_column=Column(Text, nullable=False))

from store import schema_accounts, schema_surveys, schema_sync  # noqa: E402,F401
