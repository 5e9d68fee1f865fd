"""Building the rows one operation writes, without touching the database.

The single-request operations of :mod:`store.store` and the bulk demo generator both
build their rows here, so a demo request is exactly what a clerk's request would be.
:class:`Device` is this PC's in-memory counters for one transaction; the caller saves it
back to ``device_state`` in the same transaction as the rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone

from models import hlc as hlc_mod
from models import sla, tracking
from models.events import (
    GENESIS,
    REQUEST_FIELDS,
    EventKind,
    canonical,
    event_hash,
    fold,
    record_hash,
)
from models.ids import new_id
from models.workflow import is_open

#: Pakistan Standard Time (UTC+5, no daylight saving since 2009): a request's date,
#: due date and tracking number follow the office's calendar, not UTC.
PKT = timezone(timedelta(hours=5), "PKT")


def iso_utc(moment: datetime) -> str:
    """``2026-11-28T10:15:02.123Z``: the one timestamp format stored and hashed."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + \
        f"{moment.microsecond // 1000:03d}Z"


def local_day(moment: datetime) -> date:
    return moment.astimezone(PKT).date()


@dataclass(frozen=True)
class Actor:
    """Who takes a step: their name as recorded in the audit trail, and their role.

    An actor the store accepts is a *signed-in* one: ``token`` is the secret of a session
    that :meth:`store.accounts.Accounts.sign_in` opened. The store looks the session up in
    every operation and takes the name and role from the account, never from this object,
    so a hand-made ``Actor("x", "supervisor")`` is refused.
    """

    name: str
    role: str
    token: str | None = field(default=None, repr=False, compare=False)
    user_id: str | None = field(default=None, compare=False)
    username: str | None = field(default=None, compare=False)


@dataclass
class Device:
    """This PC's counters during one transaction (a copy of the ``device_state`` row)."""

    device_id: str
    office_code: str
    device_number: int
    next_op_seq: int
    chain_seq: int
    chain_hash: str
    hlc: str
    tracking_day: str
    tracking_seq: int
    rows: dict[str, list[dict]] = field(default_factory=dict)

    @classmethod
    def from_row(cls, row) -> Device:
        m = row._mapping if hasattr(row, "_mapping") else row
        return cls(**{k: m[k] for k in (
            "device_id", "office_code", "device_number", "next_op_seq", "chain_seq",
            "chain_hash", "hlc", "tracking_day", "tracking_seq")})

    def as_row(self) -> dict:
        return {k: getattr(self, k) for k in (
            "device_id", "office_code", "device_number", "next_op_seq", "chain_seq",
            "chain_hash", "hlc", "tracking_day", "tracking_seq")}

    # -- pending rows, grouped by table so a bulk writer can use executemany ----------
    def add(self, table: str, row: dict) -> None:
        self.rows.setdefault(table, []).append(row)

    def take_rows(self) -> dict[str, list[dict]]:
        rows, self.rows = self.rows, {}
        return rows

    # -- counters ---------------------------------------------------------------------
    def next_hlc(self, moment: datetime) -> str:
        last = hlc_mod.HLC.decode(self.hlc) if self.hlc else None
        value = hlc_mod.tick(last, self.device_id, int(moment.timestamp() * 1000))
        self.hlc = value.encode()
        return self.hlc

    def outbox(self, kind: str, record_id: str, moment: datetime) -> None:
        self.add("outbox", {"op_seq": self.next_op_seq, "record_kind": kind,
                            "record_id": record_id, "created_at": iso_utc(moment),
                            "state": "pending", "attempts": 0, "last_error": None})
        self.next_op_seq += 1

    def tracking_number(self, day: date, max_seq_for_day) -> str:
        """The next tracking number for *day*; *max_seq_for_day(prefix)* asks the database
        when the day changes (the clock may also have been set back)."""
        key = f"{day:%y%m%d}"
        if key == self.tracking_day:
            self.tracking_seq += 1
        else:
            self.tracking_day = key
            self.tracking_seq = max_seq_for_day(day) + 1
        return tracking.make(self.office_code, day, self.device_number, self.tracking_seq)


def new_citizen(device: Device, *, cnic: str, name: str, phone: str | None,
                moment: datetime) -> dict:
    row = {"id": new_id(), "cnic": cnic, "name": name, "phone": phone,
           "created_at": iso_utc(moment), "device_id": device.device_id}
    device.add("citizen", row)
    device.outbox("citizen", row["id"], moment)
    return row


def append_event(device: Device, *, request_id: str, kind: str, payload: dict,
                 actor: Actor, moment: datetime) -> dict:
    """Add the next event of this device's chain (and its outbox entry)."""
    ev = {
        "id": new_id(), "request_id": request_id, "kind": kind,
        "hlc": device.next_hlc(moment), "actor_name": actor.name, "actor_role": actor.role,
        "device_id": device.device_id, "device_seq": device.chain_seq + 1,
        "payload": canonical(payload).decode(), "prev_hash": device.chain_hash or GENESIS,
        "created_at": iso_utc(moment),
    }
    ev["hash"] = event_hash(ev)
    device.chain_seq = ev["device_seq"]
    device.chain_hash = ev["hash"]
    device.add("request_event", ev)
    device.outbox("request_event", ev["id"], moment)
    return ev


def new_request(device: Device, *, citizen: dict, service, description: str,
                actor: Actor, moment: datetime, max_seq_for_day) -> tuple[dict, dict]:
    """Rows for a new request and its ``created`` event. Returns (request, event)."""
    day = local_day(moment)
    request = {
        "id": new_id(),
        "tracking_number": device.tracking_number(day, max_seq_for_day),
        "citizen_id": citizen["id"],
        "service_code": service.code,
        "office_code": device.office_code,
        "description": description,
        "created_at": iso_utc(moment),
        "due_date": sla.add_working_days(day, service.sla_days).isoformat(),
        "fee_pkr": service.fee_pkr,
        "device_id": device.device_id,
    }
    device.add("service_request", request)
    device.outbox("service_request", request["id"], moment)
    created = append_event(
        device, request_id=request["id"], kind=EventKind.CREATED, actor=actor, moment=moment,
        payload={"record_hash": record_hash(request, REQUEST_FIELDS),
                 "tracking_number": request["tracking_number"],
                 "service_code": service.code},
    )
    device.add("request_fts", fts_row(request, citizen))
    return request, created


def fts_row(request: dict, citizen: dict) -> dict:
    """What the search box can find a request by (``pos`` filled in by the writer)."""
    phone = citizen.get("phone") or ""
    national = "0" + phone[3:] if phone.startswith("+92") else ""
    return {
        "request_id": request["id"],
        "tracking": f"{request['tracking_number']} {tracking.compact(request['tracking_number'])}",
        "name": citizen["name"],
        "cnic": citizen["cnic"],
        "phone": f"{phone.lstrip('+')} {national}".strip(),
        "description": request["description"],
    }


def state_row(request: dict, events: list[dict]) -> dict:
    """The list projection of a request, folded from its events."""
    st = fold(events)
    return {
        "request_id": request["id"], "service_code": request["service_code"],
        "status": str(st.status), "is_open": is_open(st.status),
        "due_date": request["due_date"],
        "status_changed_at": st.status_changed_at or request["created_at"],
        "outcome": st.outcome, "rating": st.rating, "last_hlc": st.last_hlc,
    }


def payload_of(event: dict) -> dict:
    return json.loads(event["payload"]) if isinstance(event["payload"], str) else event["payload"]
