"""Local tables of the sync client (migration ``0002``); they never leave this PC.

Credentials are deliberately absent: the device's private key lives only in the OS
keyring (:mod:`sync.credentials`), never in this database.
"""

from __future__ import annotations

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel


class SyncState(SQLModel, table=True):
    """Where this PC syncs to and how the last attempts went (one row, ``id`` 1)."""

    __tablename__ = "sync_state"
    id: int = Field(default=1, primary_key=True)
    server_url: str = ""
    allow_insecure: bool = False  # plain HTTP to a non-loopback server, set explicitly
    enrolled: bool = False
    enrolled_at: str | None = None
    office_code: str | None = Field(default=None, max_length=8)
    district_id: str | None = Field(default=None, max_length=16)
    device_number: int | None = None
    pull_cursor: int = 0  # the server's change sequence this PC has applied up to
    clock_offset_ms: int = 0  # server clock minus this PC's clock, learnt from answers
    last_attempt_at: str | None = None
    last_success_at: str | None = None
    last_error: str | None = Field(default=None, sa_column=Column(Text))


class SyncRun(SQLModel, table=True):
    """One sync round, for the history screen and for support."""

    __tablename__ = "sync_run"
    id: int | None = Field(default=None, primary_key=True)
    started_at: str
    finished_at: str | None = None
    pushed: int = 0
    already_held: int = 0
    rejected: int = 0
    pulled: int = 0
    pending_after: int | None = None
    error: str | None = Field(default=None, sa_column=Column(Text))


class SyncRejection(SQLModel, table=True):
    """Why the server refused an outbox entry (the entry stays, state ``rejected``)."""

    __tablename__ = "sync_rejection"
    record_id: str = Field(primary_key=True, max_length=36)
    op_seq: int
    record_kind: str = Field(max_length=32)
    code: str = Field(max_length=32)  # invalid | conflict | out_of_scope | chain | missing_parent
    reason: str = Field(sa_column=Column(Text, nullable=False))
    rejected_at: str


class SyncParked(SQLModel, table=True):
    """A pulled record that could not be applied yet, kept rather than dropped.

    Either its parent has not arrived (an event before its request), it clashes with a
    local record (explained in ``reason``), or this version does not use its kind yet
    (survey forms). Parked records are tried again with every pulled page.
    """

    __tablename__ = "sync_parked"
    kind: str = Field(primary_key=True, max_length=32)
    key: str = Field(primary_key=True, max_length=64)
    record: str = Field(sa_column=Column(Text, nullable=False))
    reason: str = Field(sa_column=Column(Text, nullable=False))
    parked_at: str
