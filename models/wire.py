"""The sync protocol between a desktop PC and the central server (version 1).

Every body is JSON; pushes are gzip-compressed (``Content-Encoding: gzip``). Every model
forbids unknown fields. Authentication of device requests (all but enrollment and
health) is by signature with the device's own Ed25519 key (see :mod:`models.signing`).

Endpoints::

    GET  /api/v1/health                       -> Health
    POST /api/v1/devices/enroll               EnrollRequest -> EnrollResponse
    POST /api/v1/devices/rotate-key           RotateKeyRequest -> RotateKeyResponse
    POST /api/v1/sync/push    (gzip)          PushBatch -> PushResult
    GET  /api/v1/sync/pull?cursor=C&limit=N   -> PullPage

Push semantics: each op carries one immutable record, identified by its id. The server
answers for every op: *accepted* (new, stored), *already_held* (same id, same content),
or *rejected* (with a machine code and a plain-words reason; same id with different
content is rejected with code ``conflict``). The whole batch is validated before the
one transaction that stores it opens. A client drops an outbox entry only when its id
is in ``accepted`` or ``already_held``.

Records on the wire are the rows of ``models.tables`` minus what the server derives
itself: an event's ``hash`` is recomputed by the server, which then checks the chain.

A ``survey_response`` record is a final (frozen) interview::

    {"id": UUIDv7, "form_id": str, "form_version": str, "enumerator": str,
     "device_id": UUIDv7, "language": str, "started_at": ISO, "finished_at": ISO,
     "answers": {question: str | number | [str, ...] | null},
     "paradata": {question: {"ms": int, "changes": int}},
     "district": "PK617" | null, "area": "urban" | "rural" | null,
     "respondent_type": str | null}

A *sealed* response (its form has a ``public_key``; see :mod:`models.sealing`) has the
same clear fields, ``"paradata": {}`` and ``"answers": {"$sealed": {"v": 1, "alg":
"x25519-hkdf-sha256-chacha20poly1305", "kid", "epk", "key", "nonce", "ct"}}`` — the
answers and paradata are inside ``ct``; the server stores it as it came and cannot open
it. A form definition in the feed then carries ``public_key``.

Responses go up only; they are not in the pull feed. A ``form`` change in the pull feed
is a published form version: ``{"form_id", "version", "title": {lang: text},
"definition": FormDefinition JSON, "xlsx_sha256", "published_at"}``, sent only to the
offices it is published to.

A ``user_account`` change is an office user account provisioned by the central admin,
sent only to the PCs of that office: ``{"user_id": UUID, "office_code", "username",
"display_name", "role": "clerk" | "supervisor" | "enumerator" | "office_admin",
"password_hash": argon2 PHC string, "active": bool, "updated_at": ISO}``. The newest
``updated_at`` wins; a plaintext password never travels.

Key rotation (``/devices/rotate-key``) is signed with the current key and names the new
one. Repeating it after a lost answer is safe: the same request, still signed with the
old key, gets the same answer once the server holds the new key (the old key can do
nothing else from then on).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

PROTOCOL = 1
#: The largest integer a database column holds (SQLite INTEGER, PostgreSQL BIGINT): a
#: counter past it is refused as invalid, not answered with a server error.
INT64_MAX = 2**63 - 1
RECORD_KINDS = ("citizen", "service_request", "request_event", "survey_response")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Health(Strict):
    status: Literal["ok"] = "ok"
    protocol: int = PROTOCOL
    server_time: int  # unix milliseconds


class EnrollRequest(Strict):
    token: str = Field(min_length=8, max_length=128)
    device_id: str = Field(min_length=36, max_length=36)
    public_key: str = Field(min_length=40, max_length=64, description="base64 Ed25519 key")
    device_name: str = Field(default="", max_length=100)


class EnrollResponse(Strict):
    device_id: str
    office_code: str
    district_id: str
    device_number: int
    server_time: int


def rotation_proof_input(device_id: str, public_key: str) -> bytes:
    """What the *new* key signs in a :class:`RotateKeyRequest` (proof that the device
    holds it)."""
    return f"daftar rotate-key\n{device_id}\n{public_key}".encode()


class RotateKeyRequest(Strict):
    """Replace this device's key: signed (headers) with the current key; *proof* is the
    new key's signature of :func:`rotation_proof_input`."""

    public_key: str = Field(min_length=40, max_length=64, description="base64 Ed25519 key")
    proof: str = Field(min_length=80, max_length=100, description="base64 Ed25519 signature")


class RotateKeyResponse(Strict):
    device_id: str
    rotated_at: str  # ISO 8601 (UTC) of the rotation on the server
    server_time: int


class Op(Strict):
    op_seq: int = Field(ge=1, le=INT64_MAX)
    kind: Literal["citizen", "service_request", "request_event", "survey_response"]
    record: dict[str, Any]


class PushBatch(Strict):
    device_id: str = Field(min_length=36, max_length=36)
    ops: list[Op] = Field(max_length=5000)
    #: How the answer acknowledges: "ids" lists every accepted / already held record id;
    #: "seqs" gives op_seq ranges instead (a few bytes in place of ~40 per record — on a
    #: 64 kbit/s link the id lists cost about a seventh of the upload's time).
    ack: Literal["ids", "seqs"] = "ids"


class Rejected(Strict):
    id: str
    op_seq: int
    code: str  # invalid | conflict | out_of_scope | chain | missing_parent
    reason: str


class PushResult(Strict):
    accepted: list[str] = []
    already_held: list[str] = []
    #: With ``ack="seqs"``: the op_seq ranges (inclusive) of the batch's accepted and
    #: already-held ops, in place of the id lists above.
    accepted_seqs: list[tuple[int, int]] = []
    already_held_seqs: list[tuple[int, int]] = []
    rejected: list[Rejected] = []
    gaps: list[tuple[int, int]] = []  # op_seq ranges this device never sent
    server_time: int


def seq_ranges(seqs) -> list[tuple[int, int]]:
    """``[1, 2, 3, 7, 9, 10]`` → ``[(1, 3), (7, 7), (9, 10)]``."""
    out: list[tuple[int, int]] = []
    for n in sorted(set(seqs)):
        if out and n == out[-1][1] + 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out


def in_ranges(n: int, ranges) -> bool:
    return any(lo <= n <= hi for lo, hi in ranges)


class Change(Strict):
    kind: Literal["area", "office", "service", "citizen", "service_request", "request_event",
                  "form", "user_account"]
    record: dict[str, Any]


class PullPage(Strict):
    changes: list[Change]
    next_cursor: int
    more: bool
    server_time: int


class Problem(Strict):
    """Every error answer: a machine code and a sentence a person can act on."""

    code: str
    detail: str
