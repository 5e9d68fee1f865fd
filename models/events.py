"""Request events: canonical encoding, the hash chain, and the fold that derives state.

Each device's events form one chain: event *n* of a device carries the hash of event
*n − 1* (``prev_hash``) and its own hash, SHA-256 over a canonical JSON encoding of every
field that matters (sorted keys, no spaces, UTF-8). Editing an event changes its hash;
deleting or reordering events breaks the ``prev_hash`` links or the device sequence; the
device's chain head (its last sequence number and hash) is kept apart, so deleting the
newest event is caught too. A ``created`` event also carries the hash of the request
record itself, so editing the request row is caught as well.

A request's current state is a fold over its events ordered by hybrid-logical-clock
timestamp, then by event id — the same on every node, whatever order the events arrived in.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from models.workflow import RESOLVED_OUTCOME, Status

GENESIS = "0" * 64

#: Fields of an event covered by its hash, in the wire/storage names.
HASHED_FIELDS = (
    "id", "request_id", "kind", "hlc", "actor_name", "actor_role", "device_id",
    "device_seq", "payload", "prev_hash", "created_at",
)

#: Fields of a service-request record bound into its ``created`` event.
REQUEST_FIELDS = (
    "id", "tracking_number", "citizen_id", "service_code", "office_code", "description",
    "created_at", "due_date", "fee_pkr", "device_id",
)


class EventKind:
    CREATED = "created"
    STATUS_CHANGED = "status_changed"
    NOTE = "note"
    FEEDBACK = "feedback"
    DOCUMENT_ADDED = "document_added"


def canonical(obj: Any) -> bytes:
    """Canonical JSON bytes: sorted keys, no whitespace, UTF-8 (Urdu kept as is)."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def event_hash(event: Mapping[str, Any]) -> str:
    """The hash of an event over :data:`HASHED_FIELDS` (its ``payload`` as a dict)."""
    body = {k: event[k] for k in HASHED_FIELDS}
    if isinstance(body["payload"], str):
        body["payload"] = json.loads(body["payload"])
    return sha256_hex(canonical(body))


def record_hash(record: Mapping[str, Any], fields: Iterable[str]) -> str:
    """The hash of a record's listed fields, bound into the event that created it."""
    return sha256_hex(canonical({k: record[k] for k in fields}))


@dataclass
class ChainProblem:
    """The first thing wrong in one device's chain."""

    device_id: str
    event_id: str | None
    request_id: str | None
    device_seq: int | None
    reason: str

    def describe(self) -> str:
        where = f"event {self.event_id} (request {self.request_id}, seq {self.device_seq})" \
            if self.event_id else "end of chain"
        return f"device {self.device_id}: {where}: {self.reason}"


def verify_chain(device_id: str, events: list[Mapping[str, Any]],
                 head: tuple[int, str] | None = None) -> ChainProblem | None:
    """Check one device's events, given in ``device_seq`` order as stored.

    Returns the first problem found, or ``None`` when the chain is whole. *head* is the
    ``(last_seq, last_hash)`` the device recorded, when known.
    """
    prev = GENESIS
    expected_seq = 1
    for ev in events:
        def problem(reason: str, ev=ev) -> ChainProblem:
            return ChainProblem(device_id, ev["id"], ev["request_id"], ev["device_seq"], reason)

        if ev["device_seq"] != expected_seq:
            if ev["device_seq"] > expected_seq:
                return problem(f"events {expected_seq}..{ev['device_seq'] - 1} are missing (deleted?)")
            return problem("sequence number repeats or goes backwards (reordered?)")
        if ev["prev_hash"] != prev:
            return problem("does not link to the event before it (deleted or reordered?)")
        if event_hash(ev) != ev["hash"]:
            return problem("its content does not match its hash (edited?)")
        prev = ev["hash"]
        expected_seq += 1
    if head is not None:
        last_seq, last_hash = head
        if last_seq != expected_seq - 1 or (last_seq and last_hash != prev):
            return ChainProblem(device_id, None, None, last_seq,
                                f"the chain should end at event {last_seq} but ends at "
                                f"{expected_seq - 1} (newest events deleted?)")
    return None


@dataclass
class RequestState:
    """What the events of one request add up to."""

    status: Status = Status.SUBMITTED
    status_hlc: str = ""
    status_changed_at: str = ""
    outcome: str | None = None
    resolved: bool = False
    rating: int | None = None
    notes: int = 0
    last_hlc: str = ""
    history: list[str] = field(default_factory=list)


def sort_key(ev: Mapping[str, Any]) -> tuple[str, str]:
    return (ev["hlc"], ev["id"])


def fold(events: Iterable[Mapping[str, Any]]) -> RequestState:
    """Derive a request's state from its events (any order in; HLC, then id, order used).

    The newest status change by HLC wins, so two offices that changed the same request
    offline end up showing the same status once both have each other's events.
    """
    state = RequestState()
    for ev in sorted(events, key=sort_key):
        payload = ev["payload"]
        if isinstance(payload, str):
            payload = json.loads(payload)
        kind = ev["kind"]
        state.last_hlc = ev["hlc"]
        if kind == EventKind.CREATED:
            if not state.status_hlc:
                state.status = Status.SUBMITTED
                state.status_changed_at = ev["created_at"]
        elif kind == EventKind.STATUS_CHANGED:
            state.status = Status(payload["to"])
            state.status_hlc = ev["hlc"]
            state.status_changed_at = ev["created_at"]
            state.history.append(payload["to"])
            if state.status == Status.CLOSED:
                state.outcome = payload.get("outcome")
                state.resolved = state.outcome == RESOLVED_OUTCOME
            elif state.status == Status.REOPENED:
                state.outcome = None
                state.resolved = False
        elif kind == EventKind.NOTE:
            state.notes += 1
        elif kind == EventKind.FEEDBACK:
            state.rating = payload.get("rating")
    return state
