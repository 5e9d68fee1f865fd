"""``daftar audit verify``: check the whole audit trail of this PC's database.

Checks, and reports the first problem of each kind with the record it concerns:

* every device's chain of events: hashes, links, sequence (this PC's own chain also
  against its recorded head, so deleting the newest events is caught);
* every request has exactly one ``created`` event, and the request row still matches the
  hash that event recorded (an edited request row is caught);
* the list projection (``request_state``) equals the fold of the events.

Nothing is ever repaired: a broken chain is evidence.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import text

from models.events import REQUEST_FIELDS, ChainProblem, event_hash, fold, record_hash, verify_chain
from models.workflow import is_open


@dataclass
class AuditReport:
    events: int = 0
    requests: int = 0
    devices: int = 0
    problems: list[ChainProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


_EVENT_COLS = ("id, request_id, kind, hlc, actor_name, actor_role, device_id, device_seq, "
               "payload, prev_hash, hash, created_at")


def verify(store) -> AuditReport:
    """Verify everything; see the module documentation for what is checked."""
    report = AuditReport()
    with store._read() as conn:
        head = conn.execute(text("SELECT device_id, chain_seq, chain_hash FROM device_state")).one()
        devices = [r[0] for r in conn.execute(text(
            "SELECT DISTINCT device_id FROM request_event"))]
        if head.device_id not in devices:
            devices.append(head.device_id)
        report.devices = len(devices)
        for device_id in devices:
            rows = [dict(r._mapping) for r in conn.execute(text(
                f"SELECT {_EVENT_COLS} FROM request_event WHERE device_id = :d "
                "ORDER BY device_seq"), {"d": device_id})]
            report.events += len(rows)
            if device_id == head.device_id:
                problem = verify_chain(device_id, rows, (head.chain_seq, head.chain_hash))
            else:
                problem = _verify_foreign(device_id, rows)
            if problem:
                report.problems.append(problem)

        # Requests against their created events, and the projection against the fold.
        current: str | None = None
        events: list[dict] = []
        request_rows = conn.execute(text(
            "SELECT r.*, s.status AS s_status, s.is_open AS s_open, s.outcome AS s_outcome "
            "FROM service_request r LEFT JOIN request_state s ON s.request_id = r.id "
            "ORDER BY r.id"))
        event_rows = conn.execute(text(
            f"SELECT {_EVENT_COLS} FROM request_event ORDER BY request_id, hlc, id"))
        ev_iter = iter(event_rows)
        pending = next(ev_iter, None)
        for req in request_rows:
            report.requests += 1
            r = dict(req._mapping)
            current, events = r["id"], []
            while pending is not None and pending.request_id < current:
                pending = next(ev_iter, None)
            while pending is not None and pending.request_id == current:
                events.append(dict(pending._mapping))
                pending = next(ev_iter, None)
            report.problems.extend(_check_request(r, events))
    return report


def _verify_foreign(device_id: str, rows: list[dict]) -> ChainProblem | None:
    """Events of another device: this PC may hold only part of that chain, so check each
    event's own hash and the links between consecutive events."""
    prev = None
    for ev in rows:
        if event_hash(ev) != ev["hash"]:
            return ChainProblem(device_id, ev["id"], ev["request_id"], ev["device_seq"],
                                "its content does not match its hash (edited?)")
        if prev is not None and ev["device_seq"] == prev["device_seq"] + 1 \
                and ev["prev_hash"] != prev["hash"]:
            return ChainProblem(device_id, ev["id"], ev["request_id"], ev["device_seq"],
                                "does not link to the event before it (reordered?)")
        prev = ev
    return None


def _check_request(req: dict, events: list[dict]) -> list[ChainProblem]:
    def problem(reason: str, ev: dict | None = None) -> ChainProblem:
        return ChainProblem(req["device_id"], ev["id"] if ev else None, req["id"],
                            ev["device_seq"] if ev else None,
                            f"request {req['tracking_number']}: {reason}")

    created = [e for e in events if e["kind"] == "created"]
    if len(created) != 1:
        return [problem(f"has {len(created)} 'created' events instead of 1")]
    payload = json.loads(created[0]["payload"])
    if payload.get("record_hash") != record_hash(req, REQUEST_FIELDS):
        return [problem("the request record was changed after it was created", created[0])]
    state = fold(events)
    if req["s_status"] is not None and (req["s_status"] != state.status
                                        or bool(req["s_open"]) != is_open(state.status)):
        return [problem(f"the list shows '{req['s_status']}' but its events say "
                        f"'{state.status}'")]
    return []
