"""Ingesting a pushed batch: validate every op on its own, then store the batch in one
transaction.

The order of work is what makes a push safe on a bad link:

1. The HTTP layer has already read the *whole* body and decompressed it; nothing here
   runs while bytes are still arriving, so a cut upload never holds a transaction open.
2. :func:`check_ops` validates each record without the database: field names and types
   of :mod:`models.tables` (unknown fields refused), CNIC, phone, tracking number, dates,
   the event's payload, a survey response's answers and paradata, and that the record
   was made on the pushing device.
3. :func:`plan` reads what the batch refers to in one short read (records with the same
   ids, parents, offices, services, the device's chain) and decides every op: accepted,
   already held (same id, same content), or rejected with a code and a reason. A rejected
   op does not block the others; an op whose parent was refused is ``missing_parent``.
4. :func:`commit` opens the one write transaction: inserts with ``ON CONFLICT DO NOTHING``
   (a concurrent retry of the same batch is re-classified, never duplicated), one
   ``received_op`` row per op (kept for good), the refused records, the push log, and
   last, the change-feed rows (see :mod:`server.feed` for why last). Survey responses
   only go up: they get no change-feed row.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import Connection, Engine, any_, bindparam, case, select, text
from sqlalchemy.dialects.postgresql import ARRAY

from models import tracking, validation
from models.events import GENESIS, REQUEST_FIELDS, canonical, event_hash, record_hash
from models.wire import INT64_MAX, Op, PushBatch, PushResult, Rejected, seq_ranges
from models.workflow import Status
from server import db
from server.clock import iso, now_ms
from server.feed import append_changes, read_conn
from server.tables import (
    area,
    citizen,
    device,
    office,
    push_log,
    rejected_record,
    request_event,
    service,
    service_request,
    survey_response,
)

UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
TIMESTAMP_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
HASH_PATTERN = r"^[0-9a-f]{64}$"
HLC_PATTERN = r"^\d{13}\.\d{5}\..{1,60}$"
EVENT_KINDS = ("created", "status_changed", "note", "feedback", "document_added")
STATUSES = tuple(s.value for s in Status)
MAX_GAPS = 100

Uuid = Annotated[str, Field(pattern=UUID_PATTERN)]
Timestamp = Annotated[str, Field(pattern=TIMESTAMP_PATTERN)]


class WireRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class CitizenIn(WireRecord):
    id: Uuid
    cnic: str = Field(max_length=13)
    name: str = Field(max_length=100)
    phone: str | None = Field(default=..., max_length=16)
    created_at: Timestamp
    device_id: Uuid


class ServiceRequestIn(WireRecord):
    id: Uuid
    tracking_number: str = Field(max_length=40)
    citizen_id: Uuid
    service_code: str = Field(min_length=1, max_length=32)
    office_code: str = Field(min_length=2, max_length=8)
    description: str = Field(max_length=validation.DESCRIPTION_MAX)
    created_at: Timestamp
    due_date: str = Field(pattern=DATE_PATTERN)
    fee_pkr: int = Field(ge=0, le=INT64_MAX)
    device_id: Uuid


class RequestEventIn(WireRecord):
    """An event as sent: every column but ``hash``, which the server computes."""

    id: Uuid
    request_id: Uuid
    kind: str = Field(max_length=32)
    hlc: str = Field(max_length=80, pattern=HLC_PATTERN)
    actor_name: str = Field(min_length=1, max_length=100)
    actor_role: str = Field(min_length=1, max_length=32)
    device_id: Uuid
    device_seq: int = Field(ge=1, le=INT64_MAX)
    payload: str = Field(max_length=20_000)
    prev_hash: str = Field(pattern=HASH_PATTERN)
    created_at: Timestamp


QUESTION_NAME = r"^[A-Za-z_][A-Za-z0-9_.\-]{0,63}$"
Question = Annotated[str, Field(pattern=QUESTION_NAME)]
Number = Annotated[float, Field(allow_inf_nan=False)]
TEXT_ANSWER_MAX = 10_000
#: One answer: text (also dates and select_one choices), a number, the choices of a
#: select_multiple, or nothing. Strict: ``true`` is not the number 1.
Answer = (Annotated[str, Field(max_length=TEXT_ANSWER_MAX)] | int | Number
          | Annotated[list[Annotated[str, Field(max_length=200)]], Field(max_length=500)]
          | None)


class ParadataIn(WireRecord):
    """Time spent on one question and how many times its answer changed."""

    ms: int = Field(ge=0)
    changes: int = Field(ge=0)


class SurveyResponseIn(WireRecord):
    """A final survey response, as sent (frozen on the PC: it never changes).

    Forms the server does not know. A response names the form version it was collected
    with, and that version may never have been published here: an office can import a
    form locally (``daftar forms import``), or the server's form table may have been
    restored from an older backup. The response is still **accepted and stored**, with
    its form id and version as sent: responses are field work that cannot be redone, and
    a response refused for a missing form would sit on the PC as "rejected" with no fix
    the enumerator can make (it is immutable). Nothing is lost by accepting it; the
    response is checked here on its own terms (strict types, real timestamps, a real
    district) and ``daftar server stats`` lists the responses whose form version the
    server does not hold, so IT can publish that form (``daftar server publish-form``)
    and the answers can be interpreted.
    """

    id: Uuid
    form_id: str = Field(min_length=1, max_length=64)
    form_version: str = Field(min_length=1, max_length=32)
    enumerator: str = Field(min_length=1, max_length=100)
    device_id: Uuid
    language: str = Field(min_length=1, max_length=16)
    started_at: Timestamp
    finished_at: Timestamp
    answers: dict[Question, Answer] = Field(max_length=2000)
    paradata: dict[Question, ParadataIn] = Field(max_length=2000)
    district: str | None = Field(default=..., max_length=16)
    area: Literal["urban", "rural"] | None = Field(default=...)
    respondent_type: str | None = Field(default=..., max_length=32)


B64 = r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"


class SealedEnvelopeIn(WireRecord):
    """A sealed response's envelope (:mod:`models.sealing`). The server cannot open it
    (it has no private key); it checks that every part has the exact form and size a
    sealed response has, so nothing else can hide in the ``answers`` column."""

    v: Literal[1]
    alg: Literal["x25519-hkdf-sha256-chacha20poly1305"]
    kid: str = Field(pattern=r"^[0-9a-f]{16}$")
    epk: str = Field(pattern=r"^[A-Za-z0-9+/]{43}=$")  # 32 bytes
    key: str = Field(pattern=r"^[A-Za-z0-9+/]{64}$")  # 32-byte content key + 16-byte tag
    nonce: str = Field(pattern=r"^[A-Za-z0-9+/]{16}$")  # 12 bytes
    ct: str = Field(min_length=364, max_length=4_000_000, pattern=B64)


class SealedAnswersIn(WireRecord):
    sealed: SealedEnvelopeIn = Field(alias="$sealed")


class SealedSurveyResponseIn(SurveyResponseIn):
    """A final response sealed to the analysts' key: the answers object holds only the
    envelope, and the paradata are inside it (so ``paradata`` is empty). The clear
    details are checked as for any response."""

    answers: SealedAnswersIn
    paradata: dict[Question, ParadataIn] = Field(max_length=0)


def _schema(op: Op) -> type[WireRecord]:
    answers = op.record.get("answers")
    if op.kind == "survey_response" and isinstance(answers, dict) and "$sealed" in answers:
        return SealedSurveyResponseIn
    return SCHEMAS[op.kind]


SCHEMAS: dict[str, type[WireRecord]] = {
    "citizen": CitizenIn, "service_request": ServiceRequestIn, "request_event": RequestEventIn,
    "survey_response": SurveyResponseIn,
}
TABLES = {"citizen": citizen, "service_request": service_request,
          "request_event": request_event, "survey_response": survey_response}
# parents before children
KINDS = ("citizen", "service_request", "request_event", "survey_response")
#: Kinds that go into the pull feed (survey responses only go up to the server).
FEED_KINDS = ("citizen", "service_request", "request_event")
KIND_WORDS = {"citizen": "citizen", "service_request": "request", "request_event": "event",
              "survey_response": "survey response"}


@dataclass
class DeviceCtx:
    """The authenticated device a request comes from."""

    device_id: str
    office_code: str
    district_id: str
    device_number: int
    #: The public key that verified the request's signature: the device's current key,
    #: or (key rotation only, see server.admin.rotate_key) the key it rotated away from.
    signed_with: str = ""
    previous_key: bool = False


class Refused(Exception):
    """One op is refused: a machine code and a plain-words reason."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass
class OpOutcome:
    op_seq: int
    kind: str
    raw: dict[str, Any]
    record_id: str
    record: dict[str, Any] | None = None  # normalised, as stored (events with their hash)
    outcome: str = "accepted"  # accepted | already_held | rejected
    code: str | None = None
    reason: str | None = None
    hash: str | None = None  # an event's hash, when it could be computed
    district_id: str | None = None
    office_code: str | None = None
    same_as: OpOutcome | None = None  # the same record earlier in this batch: reported once

    def refuse(self, exc: Refused) -> None:
        self.outcome, self.code, self.reason = "rejected", exc.code, exc.reason


@dataclass
class Plan:
    device: DeviceCtx
    batch: PushBatch
    body_sha256: str
    body_bytes: int
    ops: list[OpOutcome] = field(default_factory=list)


# -- 1. each record on its own, no database ---------------------------------------------

def _field_words(loc: tuple) -> str:
    return ".".join(str(p) for p in loc) or "the record"


def describe_validation(exc: ValidationError, kind: str) -> str:
    """A pydantic error in plain words (the first three problems)."""
    parts = []
    for err in exc.errors()[:3]:
        name = _field_words(err["loc"])
        typ = err["type"]
        ctx = err.get("ctx") or {}
        if typ == "missing":
            parts.append(f"'{name}' is missing")
        elif typ == "extra_forbidden":
            word = KIND_WORDS.get(kind, kind)
            parts.append(f"'{name}' is not a field of {'an' if word[0] in 'aeiou' else 'a'} "
                         f"{word} record")
        elif typ == "string_too_long":
            parts.append(f"'{name}' is too long (at most {ctx.get('max_length')} characters)")
        elif typ == "string_too_short":
            parts.append(f"'{name}' is empty or too short")
        elif typ == "string_pattern_mismatch":
            parts.append(f"'{name}' is not in the expected form")
        elif typ in ("int_type", "int_parsing", "int_from_float"):
            parts.append(f"'{name}' must be a whole number")
        elif typ == "string_type":
            parts.append(f"'{name}' must be text")
        elif typ in ("greater_than_equal", "greater_than"):
            parts.append(f"'{name}' must be at least {ctx.get('ge', ctx.get('gt'))}")
        else:
            parts.append(f"'{name}': {err['msg']}")
    more = len(exc.errors()) - 3
    text_ = "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")
    return text_[0].upper() + text_[1:] + "."


def _valid_timestamp(value: str, name: str) -> None:
    try:
        datetime.fromisoformat(value)  # the pattern has fixed the form already
    except ValueError:
        raise Refused("invalid", f"'{name}' is not a real date and time.") from None


# The same values come again and again (a resent batch, a family's phone); the checks are
# pure, so their verdicts are cached. Each returns None when fine, else the reason.
@lru_cache(maxsize=16_384)
def _cnic_problem(cnic: str) -> str | None:
    try:
        digits = validation.parse_cnic(cnic)
    except validation.InvalidInput as exc:
        return f"CNIC: {exc.text()}"
    return None if digits == cnic else "The CNIC must be sent as its 13 digits, without dashes."


@lru_cache(maxsize=16_384)
def _phone_problem(phone: str) -> str | None:
    try:
        e164 = validation.parse_mobile(phone)
    except validation.InvalidInput as exc:
        return f"Phone: {exc.text()}"
    return None if e164 == phone else "The phone number must be sent in the form +923001234567."


@lru_cache(maxsize=16_384)
def _name_problem(name: str) -> str | None:
    try:
        validation.parse_name(name)
    except validation.InvalidInput as exc:
        return f"Name: {exc.text()}"
    return None


def _check_citizen(rec: dict) -> None:
    problem = _cnic_problem(rec["cnic"]) or _name_problem(rec["name"]) or (
        _phone_problem(rec["phone"]) if rec["phone"] is not None else None)
    if problem:
        raise Refused("invalid", problem)
    _valid_timestamp(rec["created_at"], "created_at")


def _check_request(rec: dict) -> None:
    number = rec["tracking_number"]
    if not tracking.is_valid(number) or number.upper() != number or \
            number not in tracking.candidates(number):
        raise Refused("invalid", f"The tracking number {number!r} is not valid (wrong form or "
                                 "check character).")
    if number.split("-", 1)[0] != rec["office_code"]:
        raise Refused("invalid", f"The tracking number {number} does not belong to office "
                                 f"{rec['office_code']}.")
    try:
        validation.parse_description(rec["description"])
    except validation.InvalidInput as exc:
        raise Refused("invalid", f"Description: {exc.text()}") from None
    _valid_timestamp(rec["created_at"], "created_at")
    try:
        date.fromisoformat(rec["due_date"])
    except ValueError:
        raise Refused("invalid", "'due_date' is not a real date.") from None


def _check_event(rec: dict) -> None:
    if rec["kind"] not in EVENT_KINDS:
        raise Refused("invalid", f"Unknown event kind {rec['kind']!r}; the server knows "
                                 f"{', '.join(EVENT_KINDS)}.")
    try:
        payload = json.loads(rec["payload"])
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        raise Refused("invalid", "The event's payload must be a JSON object.")
    # What every node's fold reads must be readable, or the request breaks everywhere.
    if rec["kind"] == "status_changed" and payload.get("to") not in STATUSES:
        raise Refused("invalid", f"A status change must name the new status ('to'), one of "
                                 f"{', '.join(STATUSES)}.")
    if rec["kind"] == "feedback" and payload.get("rating") is not None and (
            type(payload["rating"]) is not int or not 1 <= payload["rating"] <= 5):
        raise Refused("invalid", "A feedback rating must be a whole number from 1 to 5.")
    _valid_timestamp(rec["created_at"], "created_at")


def _check_response(rec: dict) -> None:
    _valid_timestamp(rec["started_at"], "started_at")
    _valid_timestamp(rec["finished_at"], "finished_at")
    sealed = rec["answers"].get("$sealed")
    if isinstance(sealed, dict):  # a sealed content is padded to 256 bytes, plus its tag
        size = len(base64.b64decode(sealed["ct"]))
        if size < 272 or (size - 16) % 256:
            raise Refused("invalid", "The sealed answers are not of the size a sealed "
                                     "response has; the seal is damaged.")
    if rec["respondent_type"] == "":
        raise Refused("invalid", "'respondent_type' is empty; send null when it is not known.")
    # Stored as canonical JSON text: the same response sent again compares byte for byte.
    rec["answers"] = canonical(rec["answers"]).decode()
    rec["paradata"] = canonical(rec["paradata"]).decode()


CHECKS = {"citizen": _check_citizen, "service_request": _check_request,
          "request_event": _check_event, "survey_response": _check_response}


def check_op(op: Op, me: DeviceCtx) -> OpOutcome:
    """Validate one op's record by itself; the outcome is accepted or rejected for now.

    An event's hash is computed as soon as its fields have the right types, even if a
    later check refuses it: the next event of the chain links to it all the same.
    """
    raw = op.record
    rid = raw.get("id")
    out = OpOutcome(op.op_seq, op.kind, raw, rid if isinstance(rid, str) else "")
    try:
        try:
            rec = _schema(op).model_validate(raw).model_dump(mode="json", by_alias=True)
        except ValidationError as exc:
            raise Refused("invalid", describe_validation(exc, op.kind)) from None
        digest = None
        if op.kind == "request_event":
            try:
                rec["payload"] = canonical(json.loads(rec["payload"])).decode()
                digest = rec["hash"] = event_hash(rec)
            except ValueError:
                pass  # not JSON: refused below, and no hash to link to
        out.record = rec
        if rec["device_id"] != me.device_id:
            raise Refused("out_of_scope", f"This {KIND_WORDS[op.kind]} was made on another PC "
                                          "(its device_id is not this PC's); a PC sends only "
                                          "its own records.")
        out.hash = digest
        if op.kind == "survey_response":
            # The server's own columns (not sent): where the response was collected. A
            # device never changes office, so a resend compares equal.
            rec["office_code"], rec["district_id"] = me.office_code, me.district_id
        CHECKS[op.kind](rec)
    except Refused as exc:
        out.refuse(exc)
    return out


def check_ops(batch: PushBatch, me: DeviceCtx) -> list[OpOutcome]:
    return [check_op(op, me) for op in batch.ops]


# -- 2. decisions that need the database ------------------------------------------------

def _chunks(values: Iterable, size: int = 900):
    values = sorted(set(values))
    for i in range(0, len(values), size):
        yield values[i:i + size]


def _in(conn: Connection, column, values: list):
    """``column IN values``; on PostgreSQL as ``= ANY(array)``: one parameter, not
    thousands (psycopg parses every placeholder of every distinct statement)."""
    if conn.dialect.name == "postgresql":
        return column == any_(bindparam(None, values, type_=ARRAY(column.type)))
    return column.in_(values)


def _rows_by(conn: Connection, table, column: str, values: Iterable) -> dict[Any, dict]:
    out = {}
    for chunk in _chunks(values, 10_000 if conn.dialect.name == "postgresql" else 900):
        for row in conn.execute(select(table).where(_in(conn, table.c[column], chunk))) \
                .mappings():
            out[row[column]] = dict(row)
    return out


@dataclass
class Known:
    """What the database holds that the batch refers to (read before the write)."""

    existing: dict[str, dict[str, dict]]  # kind -> id -> row
    citizens: dict[str, dict]  # referenced citizens, with "district_id"
    requests: dict[str, dict]  # referenced requests
    offices: dict[str, dict]
    services: set[str]
    tracking: dict[str, str]  # tracking number -> request id
    held_seq: dict[int, tuple[str, str]]  # this device's events: seq -> (id, hash)
    refused_seq: dict[int, set[str]]  # this device's refused events: seq -> hashes
    refused: dict[str, dict]  # record id -> a refusal on record
    districts: set[str] = field(default_factory=set)  # districts named by responses


def _lookup(conn: Connection, me: DeviceCtx, ops: list[OpOutcome]) -> Known:
    valid = [o for o in ops if o.record is not None]
    ids = {k: {o.record_id for o in ops if o.kind == k and o.record_id}
           for k in KINDS}
    existing = {k: _rows_by(conn, TABLES[k], "id", v) for k, v in ids.items()}
    reqs = [o.record for o in valid if o.kind == "service_request"]
    events = [o.record for o in valid if o.kind == "request_event"]
    citizen_ids = {r["citizen_id"] for r in reqs}
    citizens = _rows_by(conn, citizen, "id", citizen_ids)
    owners = _rows_by(conn, device, "device_id", {c["device_id"] for c in citizens.values()})
    request_ids = {e["request_id"] for e in events}
    requests = _rows_by(conn, service_request, "id", request_ids)
    office_codes = {r["office_code"] for r in reqs} | {r["office_code"] for r in requests.values()}
    office_codes |= {d["office_code"] for d in owners.values()}
    offices = _rows_by(conn, office, "code", office_codes)
    for c in citizens.values():
        owner = owners.get(c["device_id"])
        owner_office = offices.get(owner["office_code"]) if owner else None
        c["district_id"] = owner_office["district_id"] if owner_office else None
    services = set(_rows_by(conn, service, "code", {r["service_code"] for r in reqs}))
    tracking_ids = {n: r["id"] for n, r in _rows_by(
        conn, service_request, "tracking_number", {r["tracking_number"] for r in reqs}).items()}
    seqs = {e["device_seq"] for e in events} | {e["device_seq"] - 1 for e in events}
    seqs.discard(0)
    held_seq: dict[int, tuple[str, str]] = {}
    refused_seq: dict[int, set[str]] = {}
    for chunk in _chunks(seqs):
        for row in conn.execute(
                select(request_event.c.device_seq, request_event.c.id, request_event.c.hash)
                .where(request_event.c.device_id == me.device_id,
                       _in(conn, request_event.c.device_seq, chunk))):
            held_seq[row.device_seq] = (row.id, row.hash)
        for row in conn.execute(
                select(rejected_record.c.device_seq, rejected_record.c.hash)
                .where(rejected_record.c.device_id == me.device_id,
                       rejected_record.c.kind == "request_event",
                       _in(conn, rejected_record.c.device_seq, chunk),
                       rejected_record.c.hash.is_not(None))):
            refused_seq.setdefault(row.device_seq, set()).add(row.hash)
    missing_parents = (citizen_ids - set(citizens)) | (request_ids - set(requests))
    refused = {}
    for chunk in _chunks(missing_parents):
        for row in conn.execute(
                select(rejected_record.c.record_id, rejected_record.c.code,
                       rejected_record.c.reason)
                .where(_in(conn, rejected_record.c.record_id, chunk))
                .order_by(rejected_record.c.id)).mappings():
            refused[row["record_id"]] = dict(row)
    named = {o.record["district"] for o in valid
             if o.kind == "survey_response" and o.record["district"]}
    districts = {a for a, row in _rows_by(conn, area, "id", named).items() if row["level"] == 2}
    return Known(existing, citizens, requests, offices, services, tracking_ids, held_seq,
                 refused_seq, refused, districts)


def _same(stored: dict, record: dict) -> bool:
    return all(stored.get(k) == v for k, v in record.items())


def _missing(what: str, parent_id: str, known: Known) -> Refused:
    earlier = known.refused.get(parent_id)
    if earlier:
        return Refused("missing_parent", f"Its {what} {parent_id} was refused earlier "
                                         f"({earlier['code']}: {earlier['reason']})")
    return Refused("missing_parent", f"Its {what} {parent_id} has not reached the server; "
                                     "send it first.")


def plan(conn: Connection, me: DeviceCtx, batch: PushBatch, *, body_sha256: str = "",
         body_bytes: int = 0) -> Plan:
    """Decide every op of *batch* (one read of the database, no writes)."""
    ops = check_ops(batch, me)
    known = _lookup(conn, me, ops)
    result = Plan(me, batch, body_sha256, body_bytes, ops)
    seen: dict[tuple[str, str], OpOutcome] = {}  # earlier ops of this batch, by (kind, id)
    batch_tracking: dict[str, str] = {}
    batch_seq: dict[int, tuple[str, set[str]]] = {}  # event seq -> (id, hashes)

    for out in ops:
        key = (out.kind, out.record_id)
        first = seen.get(key) if out.record_id else None
        if out.outcome == "rejected":  # refused on its own
            if out.record_id and first is None:
                seen[key] = out
            if out.hash:  # the chain goes on past a refused event
                batch_seq.setdefault(out.record["device_seq"], (out.record_id, set()))[1] \
                    .add(out.hash)
            continue
        rec = out.record
        try:
            if first is not None:
                if first.record != rec:
                    raise Refused("conflict", "The same record id was sent twice in this batch "
                                              "with different content.")
                out.same_as = first
                out.outcome, out.code, out.reason = first.outcome, first.code, first.reason
                continue
            seen[key] = out
            stored = known.existing[out.kind].get(out.record_id)
            if stored is not None:
                if not _same(stored, rec):
                    raise Refused("conflict", f"The server already holds a different "
                                              f"{KIND_WORDS[out.kind]} with this id; records "
                                              "never change once sent.")
                out.outcome = "already_held"
                if out.kind == "request_event":
                    batch_seq.setdefault(rec["device_seq"], (rec["id"], set()))[1].add(out.hash)
                continue
            if out.kind == "citizen":
                out.district_id = me.district_id
            elif out.kind == "service_request":
                _decide_request(out, me, known, seen, batch_tracking)
            elif out.kind == "survey_response":
                _decide_response(out, me, known)
            else:
                _decide_event(out, me, known, seen, batch_seq)
        except Refused as exc:
            out.refuse(exc)
    return result


def _decide_request(out: OpOutcome, me: DeviceCtx, known: Known, seen: dict,
                    batch_tracking: dict[str, str]) -> None:
    rec = out.record
    off = known.offices.get(rec["office_code"])
    if off is None:
        raise Refused("invalid", f"Office {rec['office_code']} is not known to the server.")
    if off["district_id"] != me.district_id:
        raise Refused("out_of_scope", f"Office {rec['office_code']} is in another district; "
                                      "this PC may only register requests of its own district.")
    if rec["service_code"] not in known.services:
        raise Refused("invalid", f"Service {rec['service_code']} is not in the server's "
                                 "service catalogue.")
    parent = seen.get(("citizen", rec["citizen_id"]))
    if parent is not None:
        if parent.outcome == "rejected":
            raise Refused("missing_parent", f"Its citizen record {rec['citizen_id']} was refused "
                                            f"in this batch ({parent.code}: {parent.reason})")
    else:
        holder = known.citizens.get(rec["citizen_id"])
        if holder is None:
            raise _missing("citizen record", rec["citizen_id"], known)
        if holder["district_id"] != me.district_id:
            raise Refused("out_of_scope", "Its citizen record belongs to another district.")
    number = rec["tracking_number"]
    other = known.tracking.get(number) or batch_tracking.get(number)
    if other and other != rec["id"]:
        raise Refused("conflict", f"Another request already has tracking number {number}.")
    batch_tracking[number] = rec["id"]
    out.district_id, out.office_code = off["district_id"], off["code"]


def _decide_response(out: OpOutcome, me: DeviceCtx, known: Known) -> None:
    """Scope: a PC sends the interviews of its own office's district. The respondent's
    district (an answer) must be that district when it is given."""
    rec = out.record
    district = rec["district"]
    if district is not None:
        if district not in known.districts:
            raise Refused("invalid", f"'district' {district!r} is not a district the server "
                                     "knows (e.g. PK617 for Lahore).")
        if district != me.district_id:
            raise Refused("out_of_scope", f"The respondent's district {district} is another "
                                          "district than this PC's office's; this PC may only "
                                          "send survey responses of its own district.")
    out.district_id, out.office_code = me.district_id, me.office_code


def _decide_event(out: OpOutcome, me: DeviceCtx, known: Known, seen: dict,
                  batch_seq: dict[int, tuple[str, set[str]]]) -> None:
    rec = out.record
    seq = rec["device_seq"]
    # The chain first: even a refused event must be placed in it.
    held = known.held_seq.get(seq)
    in_batch = batch_seq.get(seq)
    if (held and held[0] != rec["id"]) or (in_batch and in_batch[0] != rec["id"]):
        batch_seq.setdefault(seq, (rec["id"], set()))[1].add(out.hash)
        raise Refused("conflict", f"This PC already sent a different event number {seq} of "
                                  "its audit chain.")
    batch_seq.setdefault(seq, (rec["id"], set()))[1].add(out.hash)
    if seq == 1:
        if rec["prev_hash"] != GENESIS:
            raise Refused("chain", "This is the first event of the PC's audit chain, so it must "
                                   "link to the start of the chain; it does not.")
    else:
        links = set(known.refused_seq.get(seq - 1, set()))
        if seq - 1 in known.held_seq:
            links.add(known.held_seq[seq - 1][1])
        if seq - 1 in batch_seq:
            links |= batch_seq[seq - 1][1]
        if not links:
            raise Refused("chain", f"Event {seq - 1} of this PC's audit chain has not reached "
                                   f"the server, so event {seq} cannot be checked; send the "
                                   "events in order.")
        if rec["prev_hash"] not in links:
            raise Refused("chain", f"It does not link to event {seq - 1} of this PC's audit "
                                   "chain (the chain is broken: an event was changed, deleted "
                                   "or reordered).")
    parent_op = seen.get(("service_request", rec["request_id"]))
    if parent_op is not None:
        if parent_op.outcome == "rejected":
            raise Refused("missing_parent", f"Its request {rec['request_id']} was refused in "
                                            f"this batch ({parent_op.code}: {parent_op.reason})")
        request = parent_op.record
    else:
        request = known.requests.get(rec["request_id"])
        if request is None:
            raise _missing("request", rec["request_id"], known)
    off = known.offices.get(request["office_code"])
    if off is None or off["district_id"] != me.district_id:
        raise Refused("out_of_scope", "Its request belongs to an office of another district.")
    if rec["kind"] == "created":
        bound = json.loads(rec["payload"]).get("record_hash")
        if bound != record_hash(request, REQUEST_FIELDS):
            raise Refused("chain", "The 'created' event does not match its request record "
                                   "(record_hash differs: was the request changed?).")
    out.district_id, out.office_code = off["district_id"], off["code"]


# -- 3. the one write transaction -------------------------------------------------------

def _reclassify(conn: Connection, kind: str, outs: list[OpOutcome]) -> None:
    """Ops that were new when planned but not inserted: someone else (a concurrent retry)
    stored the id or the unique value first. Same content → held; else conflict."""
    table = TABLES[kind]
    rows = _rows_by(conn, table, "id", [o.record_id for o in outs])
    for out in outs:
        stored = rows.get(out.record_id)
        if stored is not None and _same(stored, out.record):
            out.outcome = "already_held"
        elif stored is not None:
            out.refuse(Refused("conflict", f"The server already holds a different "
                                           f"{KIND_WORDS[kind]} with this id."))
        elif kind == "survey_response":  # only its id is unique: cannot happen
            out.refuse(Refused("conflict", "The server already holds a different survey "
                                           "response with this id."))
        elif kind == "service_request":
            out.refuse(Refused("conflict", "Another request already has tracking number "
                                           f"{out.record['tracking_number']}."))
        else:
            out.refuse(Refused("conflict", f"This PC already sent a different event number "
                                           f"{out.record['device_seq']} of its audit chain."))


#: The parent an op of each kind needs: (parent kind, field of the record naming it).
_PARENT = {"service_request": ("citizen", "citizen_id"),
           "request_event": ("service_request", "request_id")}


def _refuse_orphans(ops: list[OpOutcome], kind: str, refused_now: dict[str, set[str]]) -> None:
    """Ops of *kind* whose parent in this batch was refused at insert time (a concurrent
    push from another PC took its tracking number first): refused as missing_parent
    rather than inserted against a parent that is not there."""
    parent_kind, field_name = _PARENT.get(kind, (None, None))
    if parent_kind is None or not refused_now[parent_kind]:
        return
    for o in ops:
        if o.kind == kind and o.outcome == "accepted" and o.same_as is None and \
                o.record.get(field_name) in refused_now[parent_kind]:
            o.refuse(Refused("missing_parent", f"Its {KIND_WORDS[parent_kind]} "
                                               f"{o.record[field_name]} was refused in this "
                                               f"batch (see its reason); this goes again "
                                               f"with it."))
            refused_now[kind].add(o.record_id)


def gaps(conn: Connection, device_id: str, watermark: int) -> tuple[list[tuple[int, int]], int]:
    """Ranges of op_seq below the device's highest received op_seq that never arrived,
    and the new watermark (every op_seq up to it has arrived)."""
    rows = conn.execute(text(
        "SELECT prev + 1 AS first, op_seq - 1 AS last FROM ("
        " SELECT op_seq, LAG(op_seq, 1, :w) OVER (ORDER BY op_seq) AS prev"
        " FROM received_op WHERE device_id = :d AND op_seq > :w) t "
        "WHERE op_seq > prev + 1 ORDER BY op_seq"), {"d": device_id, "w": watermark}).all()
    found = [(int(r.first), int(r.last)) for r in rows]
    if found:
        return found[:MAX_GAPS], found[0][0] - 1
    top = conn.execute(text("SELECT MAX(op_seq) FROM received_op WHERE device_id = :d"),
                       {"d": device_id}).scalar()
    return [], max(watermark, int(top or 0))


def write(conn: Connection, p: Plan) -> PushResult:
    """Store the planned batch on *conn*, inside the caller's open write transaction."""
    me = p.device
    stamp = iso(now_ms())
    inserted: list[OpOutcome] = []
    refused_now: dict[str, set[str]] = {k: set() for k in KINDS}
    for kind in KINDS:  # parents first
        _refuse_orphans(p.ops, kind, refused_now)
        todo = [o for o in p.ops if o.kind == kind and o.outcome == "accepted"
                and o.same_as is None]
        if not todo:
            continue
        # Rows in id order: two pushes that share rows lock them in the same order, so
        # they wait for each other instead of deadlocking.
        rows = sorted((o.record for o in todo), key=lambda r: r["id"])
        got = db.insert_new(conn, TABLES[kind], rows)
        inserted += [o for o in todo if o.record_id in got]
        lost = [o for o in todo if o.record_id not in got]
        if lost:
            _reclassify(conn, kind, lost)
            refused_now[kind].update(o.record_id for o in lost if o.outcome == "rejected")
    for o in p.ops:  # a repeat within the batch follows the op it repeats
        if o.same_as is not None:
            o.outcome, o.code, o.reason = o.same_as.outcome, o.same_as.code, o.same_as.reason
    reported = [o for o in p.ops if o.same_as is None]

    if p.ops:  # kept for good; a refused op may come again, fixed, and be accepted
        db.upsert_received(conn, [
            {"device_id": me.device_id, "op_seq": o.op_seq, "record_kind": o.kind,
             "record_id": o.record_id[:64], "outcome": o.outcome, "code": o.code,
             "received_at": stamp} for o in sorted(p.ops, key=lambda o: o.op_seq)])
    refused = [o for o in reported if o.outcome == "rejected"]
    if refused:
        rows = []
        for o in refused:
            body = canonical(o.raw).decode()
            rows.append({
                "device_id": me.device_id, "record_id": o.record_id[:64],
                "op_seq": o.op_seq, "kind": o.kind, "code": o.code, "reason": o.reason,
                "record": body, "content_sha256": hashlib.sha256(body.encode()).hexdigest(),
                "device_seq": o.record["device_seq"] if o.hash else None,
                "hash": o.hash, "received_at": stamp})
        conn.execute(db.insert(conn, rejected_record).on_conflict_do_nothing(), rows)
    counts = {k: sum(1 for o in reported if o.outcome == k)
              for k in ("accepted", "already_held", "rejected")}
    conn.execute(push_log.insert().values(  # the append-only record, in this transaction
        device_id=me.device_id, received_at=stamp, ops=len(p.ops),
        accepted=counts["accepted"], held=counts["already_held"],
        rejected=counts["rejected"], body_bytes=p.body_bytes, body_sha256=p.body_sha256,
        result="stored", op_seqs=json.dumps({
            k: seq_ranges(o.op_seq for o in p.ops if o.outcome == k)
            for k in ("accepted", "already_held", "rejected")})))
    watermark = conn.execute(select(device.c.op_watermark).where(
        device.c.device_id == me.device_id)).scalar() or 0
    found, mark = gaps(conn, me.device_id, watermark)
    conn.execute(device.update().where(device.c.device_id == me.device_id).values(
        last_push_at=stamp, last_seen_at=stamp,
        op_watermark=case((device.c.op_watermark < mark, mark), else_=device.c.op_watermark)))
    order = {id(o): i for i, o in enumerate(p.ops)}
    inserted.sort(key=lambda o: (KINDS.index(o.kind), order[id(o)]))  # parents first
    append_changes(conn, [  # last: see server.feed
        {"kind": o.kind, "record_id": o.record_id, "district_id": o.district_id,
         "office_code": o.office_code, "device_id": me.device_id} for o in inserted
        if o.kind in FEED_KINDS])
    if p.batch.ack == "seqs":  # every op of the batch, repeats included, by op_seq
        return PushResult(
            accepted_seqs=seq_ranges(o.op_seq for o in p.ops if o.outcome == "accepted"),
            already_held_seqs=seq_ranges(o.op_seq for o in p.ops
                                         if o.outcome == "already_held"),
            rejected=[Rejected(id=o.record_id, op_seq=o.op_seq, code=o.code or "invalid",
                               reason=o.reason or "") for o in refused],
            gaps=found, server_time=now_ms())
    return PushResult(
        accepted=[o.record_id for o in reported if o.outcome == "accepted"],
        already_held=[o.record_id for o in reported if o.outcome == "already_held"],
        rejected=[Rejected(id=o.record_id, op_seq=o.op_seq, code=o.code or "invalid",
                           reason=o.reason or "") for o in refused],
        gaps=found, server_time=now_ms())


def log_refused(engine: Engine, me: DeviceCtx, *, body_sha256: str, body_bytes: int,
                code: str) -> None:
    """Add a refused push of the authenticated device *me* to the append-only push log
    (its own small transaction: nothing of the push was stored)."""
    with db.write_conn(engine) as conn, conn.begin():
        conn.execute(push_log.insert().values(
            device_id=me.device_id, received_at=iso(now_ms()), ops=0, accepted=0, held=0,
            rejected=0, body_bytes=body_bytes, body_sha256=body_sha256, result="refused",
            code=code[:32], op_seqs="{}"))


def commit(engine: Engine, p: Plan) -> PushResult:
    """Store the planned batch in one write transaction."""
    with db.write_conn(engine) as conn, conn.begin():
        return write(conn, p)


def push(engine: Engine, me: DeviceCtx, batch: PushBatch, *, body_sha256: str = "",
         body_bytes: int = 0) -> PushResult:
    """Plan (one consistent read) and commit (one write transaction) a pushed batch."""
    with read_conn(engine) as conn, conn.begin():
        decided = plan(conn, me, batch, body_sha256=body_sha256, body_bytes=body_bytes)
    return commit(engine, decided)
