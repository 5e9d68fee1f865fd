"""Account tables of the local store: people, their sign-in sessions, the sign-in log.

The tables are written by ``store.accounts`` with plain SQL; these models exist so the
schema test can compare the migrations with one declared schema.
"""

from __future__ import annotations

from sqlalchemy import Column, Text, text
from sqlmodel import Field, SQLModel


class UserAccount(SQLModel, table=True):
    """One person who may sign in on this PC (made here or provisioned by the server)."""

    __tablename__ = "user_account"
    user_id: str = Field(primary_key=True, max_length=36)
    office_code: str = Field(max_length=16)
    username: str = Field(max_length=64, unique=True)
    display_name: str = Field(max_length=100)
    role: str = Field(max_length=16)
    password_hash: str = Field(sa_column=Column(Text, nullable=False))  # argon2id PHC string
    active: bool
    source: str = Field(max_length=8)  # local | server
    updated_at: str
    failed_count: int = Field(sa_column_kwargs={"server_default": text("0")})
    locked_until: str | None = None


class UserSession(SQLModel, table=True):
    """A sign-in: only the SHA-256 of its token is kept."""

    __tablename__ = "user_session"
    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: str = Field(foreign_key="user_account.user_id", max_length=36)
    created_at: str
    expires_at: str
    ended_at: str | None = None


class SignInLog(SQLModel, table=True):
    """Who signed in, failed, was locked out or signed out, and when (append-only)."""

    __tablename__ = "sign_in_log"
    id: int | None = Field(default=None, primary_key=True)
    at: str
    username: str = Field(max_length=64)
    event: str = Field(max_length=24)
