"""The central server's schema: the shared tables plus the server's own bookkeeping.

``SQLModel.metadata`` is global and belongs to the desktop's local store (its Alembic
environment and schema test compare against it), so nothing here is registered there.
The server keeps its own :data:`METADATA`: a copy of the six shared tables of
:mod:`models.tables` (same columns, same constraints, so a record reads back byte for byte
the same on both sides) and the server-only tables declared below with plain SQLAlchemy
``Table`` objects. The server's Alembic environment uses :data:`METADATA` only.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from models import tables as shared

METADATA = MetaData()

#: The shared tables, copied into the server's metadata (the originals stay untouched).
area = shared.Area.__table__.to_metadata(METADATA)
office = shared.Office.__table__.to_metadata(METADATA)
service = shared.Service.__table__.to_metadata(METADATA)
citizen = shared.Citizen.__table__.to_metadata(METADATA)
service_request = shared.ServiceRequest.__table__.to_metadata(METADATA)
request_event = shared.RequestEvent.__table__.to_metadata(METADATA)
# A request's newest status change or feedback in one backward index seek (server.kpi,
# server.open311); migration 0003.
Index("ix_request_event_request_kind_hlc", request_event.c.request_id, request_event.c.kind,
      request_event.c.hlc)

#: A 64-bit integer that is SQLite's rowid (``INTEGER PRIMARY KEY``) on SQLite.
BigId = BigInteger().with_variant(Integer(), "sqlite")

device = Table(
    "device", METADATA,
    Column("device_id", String(36), primary_key=True),
    Column("office_code", String(8), ForeignKey("office.code"), nullable=False),
    Column("public_key", String(64), nullable=False),
    Column("device_number", Integer, nullable=False),
    Column("name", String(100), nullable=False, server_default=""),
    Column("enrolled_at", String(24), nullable=False),
    Column("revoked_at", String(24)),
    Column("last_seen_at", String(24)),
    Column("last_push_at", String(24)),
    # Every op_seq up to here has been received (gaps are only looked for above it).
    Column("op_watermark", BigInteger, nullable=False, server_default="0"),
    # The key this device rotated away from: accepted only to repeat that same rotation
    # (a lost answer), never for anything else (server.admin.rotate_key).
    Column("previous_public_key", String(64)),
    Column("key_rotated_at", String(24)),
    UniqueConstraint("office_code", "device_number", name="uq_device_office_number"),
    CheckConstraint("device_number BETWEEN 1 AND 99", name="ck_device_number"),
)

enroll_token = Table(
    "enroll_token", METADATA,
    # sha256 hex of the token; the token itself is never stored
    Column("token_hash", String(64), primary_key=True),
    Column("office_code", String(8), ForeignKey("office.code"), nullable=False),
    Column("created_at", String(24), nullable=False),
    Column("expires_at", String(24), nullable=False),
    Column("used_by_device", String(36)),
    Column("used_at", String(24)),
    Column("public_key", String(64)),
)

received_op = Table(
    "received_op", METADATA,
    Column("device_id", String(36), ForeignKey("device.device_id"), primary_key=True),
    Column("op_seq", BigInteger, primary_key=True, autoincrement=False),
    Column("record_kind", String(32), nullable=False),
    Column("record_id", String(64), nullable=False),
    Column("outcome", String(16), nullable=False),  # accepted | already_held | rejected
    Column("code", String(32)),  # the rejection code
    Column("received_at", String(24), nullable=False),
)

change_log = Table(
    "change_log", METADATA,
    Column("seq", BigId, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),
    Column("record_id", String(64), nullable=False),
    Column("district_id", String(16)),  # NULL: reference data every device receives
    Column("office_code", String(8)),
    Column("device_id", String(36)),  # the device the record came from (it is not sent back)
    Index("ix_change_log_district_seq", "district_id", "seq"),
    sqlite_autoincrement=True,
)

#: The append-only record of what each device sent: one row per push received (stored, or
#: refused before storing), never changed or deleted — the database refuses UPDATE and
#: DELETE (triggers, migration 0004). ``op_seqs``: JSON ``{"accepted": [[lo, hi], ...],
#: "already_held": [...], "rejected": [...]}`` (op_seq ranges; ``received_op`` maps an
#: op_seq to its record id).
push_log = Table(
    "push_log", METADATA,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("device_id", String(36), nullable=False, index=True),
    Column("received_at", String(24), nullable=False),
    Column("ops", Integer, nullable=False),
    Column("accepted", Integer, nullable=False),
    Column("held", Integer, nullable=False),
    Column("rejected", Integer, nullable=False),
    Column("body_bytes", Integer, nullable=False),
    Column("body_sha256", String(64), nullable=False),
    Column("result", String(16), nullable=False, server_default="stored"),  # | refused
    Column("code", String(32)),  # why a push was refused (the answer's Problem code)
    Column("op_seqs", Text, nullable=False, server_default="{}"),
    sqlite_autoincrement=True,
)

ROLES = ("clerk", "supervisor", "enumerator", "office_admin")

#: Office user accounts provisioned by the central admin (``daftar server users``); each
#: row goes to its own office's PCs through the change feed as a ``user_account`` record
#: with exactly these columns. ``password_hash`` is an argon2 PHC string.
office_user = Table(
    "office_user", METADATA,
    Column("user_id", String(36), primary_key=True),
    Column("office_code", String(8), ForeignKey("office.code"), nullable=False),
    Column("username", String(64), nullable=False),
    Column("display_name", String(100), nullable=False),
    Column("role", String(16), nullable=False),
    Column("password_hash", String(256), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("updated_at", String(24), nullable=False),
    CheckConstraint("role IN ('clerk', 'supervisor', 'enumerator', 'office_admin')",
                    name="ck_office_user_role"),
    UniqueConstraint("office_code", "username", name="uq_office_user_username"),
)

rejected_record = Table(
    "rejected_record", METADATA,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("device_id", String(36), nullable=False),
    Column("record_id", String(64), nullable=False),
    Column("op_seq", BigInteger, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("code", String(32), nullable=False),
    Column("reason", Text, nullable=False),
    Column("record", Text, nullable=False),  # the record as received (JSON)
    Column("content_sha256", String(64), nullable=False),
    # For a refused event whose hash could be computed: a later event of the same chain
    # may link to it, and the chain check must be able to follow that link.
    Column("device_seq", BigInteger),
    Column("hash", String(64)),
    Column("received_at", String(24), nullable=False),
    UniqueConstraint("device_id", "kind", "record_id", "content_sha256",
                     name="uq_rejected_content"),
    Index("ix_rejected_device_seq", "device_id", "device_seq"),
)

survey_response = Table(
    "survey_response", METADATA,
    Column("id", String(36), primary_key=True),
    Column("form_id", String(64), nullable=False),
    Column("form_version", String(32), nullable=False),
    Column("enumerator", String(100), nullable=False),
    Column("device_id", String(36), nullable=False),
    Column("language", String(16), nullable=False),
    Column("started_at", String(24), nullable=False),
    Column("finished_at", String(24), nullable=False),
    Column("answers", Text, nullable=False),  # canonical JSON, as sent
    Column("paradata", Text, nullable=False),  # canonical JSON, as sent
    Column("district", String(16)),  # the respondent's district (an answer)
    Column("area", String(8)),
    Column("respondent_type", String(32)),
    # Derived by the server from the pushing device (not sent): where it was collected.
    Column("office_code", String(8), nullable=False),
    Column("district_id", String(16), nullable=False),
    # No foreign key to survey_form: a response for a version the server was never
    # given is still kept (see server.ingest.SurveyResponseIn).
    Index("ix_survey_response_office", "office_code"),
    Index("ix_survey_response_form", "form_id", "form_version"),
)

survey_form = Table(
    "survey_form", METADATA,
    # sha256 of "form_id\nversion": one short key for the change feed
    Column("key", String(64), primary_key=True),
    Column("form_id", String(64), nullable=False),
    Column("version", String(32), nullable=False),
    Column("title", Text, nullable=False),  # JSON: language -> title
    Column("definition", Text, nullable=False),  # FormDefinition JSON
    Column("xlsx_sha256", String(64), nullable=False),
    Column("published_at", String(24), nullable=False),
    UniqueConstraint("form_id", "version", name="uq_survey_form_version"),
)

form_publication = Table(
    "form_publication", METADATA,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("form_key", String(64), ForeignKey("survey_form.key"), nullable=False),
    # "*": every office, also those created later
    Column("office_code", String(8), nullable=False),
    Column("published_at", String(24), nullable=False),
    UniqueConstraint("form_key", "office_code", name="uq_form_publication"),
    sqlite_autoincrement=True,
)

#: Which table holds each record kind, and its key column.
RECORD_TABLES: dict[str, tuple[Table, str]] = {
    "area": (area, "id"),
    "office": (office, "code"),
    "service": (service, "code"),
    "citizen": (citizen, "id"),
    "service_request": (service_request, "id"),
    "request_event": (request_event, "id"),
    "survey_response": (survey_response, "id"),
    "form": (survey_form, "key"),
    "user_account": (office_user, "user_id"),
}
