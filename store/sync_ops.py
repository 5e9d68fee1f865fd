"""The store's side of sync: reading the outbox, settling it, applying what was pulled.

Everything here is one SQLite transaction per call and knows nothing of HTTP (the
``sync`` package drives it). The rules it keeps:

* an outbox entry leaves only when the server said it holds the record
  (:func:`acknowledge`); a refused entry stays, marked ``rejected`` with the reason
  (:func:`mark_rejected`), until it is sent again (:func:`resend`);
* a pulled page and the cursor after it are saved in the same transaction
  (:func:`apply_pulled`): a crash leaves both as they were, and the page is pulled again;
* pulled records are only ever *added* (insert if absent) — records are immutable and
  state is folded from events — so nothing pulled can overwrite a local record, sent or
  not. Reference data (areas, offices, services) is the server's and is upserted;
* a pulled survey form version is handed to ``store.surveys.apply_form`` (in the same
  transaction) unless this PC already holds that version: form versions are immutable, a
  local version is never replaced; a pulled one with other content is parked with the
  reason.

>>> batch = next_batch(store, max_bytes=64_000, max_ops=500)      # doctest: +SKIP
>>> acknowledge(store, [item.record_id for item in batch])         # doctest: +SKIP
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select, text
from sqlalchemy.exc import DataError, IntegrityError, InterfaceError, ProgrammingError

from models import hlc as hlc_mod
from models.events import event_hash
from models.tables import Area, Citizen, Office, RequestEvent, Service, ServiceRequest
from store import records
from store.accounts import Accounts
from store.errors import KnownError, StoreError
from store.schema import DeviceState
from store.schema_surveys import SurveyResponse
from store.schema_sync import SyncParked, SyncRun, SyncState

log = logging.getLogger(__name__)

#: SQLite allows many bound variables, but smaller IN lists keep statements cheap.
_CHUNK = 500
#: Kinds of pulled change, parents before children.
APPLY_ORDER = ("area", "office", "service", "user_account", "form", "citizen",
               "service_request", "request_event")
_RECORD_TABLES = {"citizen": Citizen.__table__, "service_request": ServiceRequest.__table__,
                  "request_event": RequestEvent.__table__}
#: Where the outbox's records live: the pulled kinds, and what only goes up.
_OUTBOX_TABLES = {**_RECORD_TABLES, "survey_response": SurveyResponse.__table__}
_REFERENCE_TABLES = {"area": (Area.__table__, "id"), "office": (Office.__table__, "code"),
                     "service": (Service.__table__, "code")}
#: Sync rounds kept in the history table.
RUN_HISTORY = 500


def now_iso() -> str:
    return records.iso_utc(datetime.now(UTC))


def _chunks(seq: Sequence, size: int = _CHUNK) -> Iterable[Sequence]:
    for i in range(0, len(seq), size):
        yield seq[i:i + size]


# -- pushing ------------------------------------------------------------------------------
@dataclass(frozen=True)
class OutboxItem:
    """One outbox entry with its record as sent on the wire (a ``models.wire.Op``)."""

    op_seq: int
    kind: str
    record_id: str
    record: dict[str, Any]
    size: int  # bytes of the op's compact JSON

    def as_op(self) -> dict[str, Any]:
        return {"op_seq": self.op_seq, "kind": self.kind, "record": self.record}


#: Columns of a local survey response that are the PC's own business (not sent).
_RESPONSE_LOCAL_COLUMNS = ("status", "updated_at")


def wire_record(kind: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """A stored row as the wire carries it: an event without its ``hash`` (the server
    recomputes it and checks the chain); a survey response with its answers and paradata
    as JSON objects, paradata as ``{"ms", "changes"}``, without its local status columns
    (see :mod:`models.wire`)."""
    record = dict(row)
    if kind == "request_event":
        record.pop("hash", None)
    elif kind == "survey_response":
        for name in _RESPONSE_LOCAL_COLUMNS:
            record.pop(name, None)
        for name in ("answers", "paradata"):
            if isinstance(record.get(name), str):
                record[name] = json.loads(record[name])
        record["paradata"] = {
            q: {"ms": p.get("ms", p.get("time_ms", 0)), "changes": p.get("changes", 0)}
            if isinstance(p, dict) else p
            for q, p in (record.get("paradata") or {}).items()}
    return record


def op_size(op: Mapping[str, Any]) -> int:
    return len(json.dumps(op, ensure_ascii=False, separators=(",", ":")).encode())


def next_batch(store, max_bytes: int, max_ops: int, *, after_op_seq: int = 0
               ) -> list[OutboxItem]:
    """Pending outbox entries in ``op_seq`` order, as many as fit in *max_bytes* of JSON
    (at least one, however large, so an oversized record cannot block the queue) and at
    most *max_ops*. *after_op_seq* skips entries already sent in this round.

    Rejected entries are left out: they wait for :func:`resend` and never hold up the rest.
    """
    items: list[OutboxItem] = []
    total = 0
    with store._read() as conn:
        cursor = after_op_seq
        while len(items) < max_ops:
            # Read a window at a time: the byte budget decides how many are used.
            window = conn.execute(text(
                "SELECT op_seq, record_kind, record_id FROM outbox "
                "WHERE state = 'pending' AND op_seq > :after ORDER BY op_seq LIMIT :n"),
                {"after": cursor, "n": min(max_ops - len(items), 200)}).all()
            if not window:
                break
            rows = _load_records(conn, window)
            for entry in window:
                cursor = entry.op_seq
                row = rows.get((entry.record_kind, entry.record_id))
                if row is None:
                    # An outbox entry without its record is our bug; say so, skip it.
                    log.error("outbox entry %s: %s %s is missing", entry.op_seq,
                              entry.record_kind, entry.record_id)
                    continue
                record = wire_record(entry.record_kind, row)
                op = {"op_seq": entry.op_seq, "kind": entry.record_kind, "record": record}
                size = op_size(op)
                if items and total + size > max_bytes:
                    return items
                items.append(OutboxItem(entry.op_seq, entry.record_kind, entry.record_id,
                                        record, size))
                total += size
                if len(items) >= max_ops or total >= max_bytes:
                    return items
    return items


def _load_records(conn: Connection, entries) -> dict[tuple[str, str], dict]:
    wanted: dict[str, list[str]] = {}
    for e in entries:
        wanted.setdefault(e.record_kind, []).append(e.record_id)
    out: dict[tuple[str, str], dict] = {}
    for kind, ids in wanted.items():
        table = _OUTBOX_TABLES.get(kind)
        if table is None:
            continue
        for chunk in _chunks(ids):
            for r in conn.execute(select(table).where(table.c.id.in_(chunk))):
                out[(kind, r.id)] = dict(r._mapping)
    return out


def acknowledge(store, record_ids: Iterable[str]) -> int:
    """Drop the outbox entries of records the server holds (``accepted`` or
    ``already_held``), in one transaction. Returns how many entries were dropped."""
    ids = sorted(set(record_ids))
    dropped = 0
    with store._write() as conn:
        for chunk in _chunks(ids):
            params = {f"i{n}": v for n, v in enumerate(chunk)}
            marks = ", ".join(f":{k}" for k in params)
            dropped += conn.execute(text(
                f"DELETE FROM outbox WHERE record_id IN ({marks})"), params).rowcount
            conn.execute(text(f"DELETE FROM sync_rejection WHERE record_id IN ({marks})"),
                         params)
    return dropped


@dataclass(frozen=True)
class Rejection:
    """A record the server refused, as the rejected-records screen shows it."""

    op_seq: int
    kind: str
    record_id: str
    code: str
    reason: str
    rejected_at: str
    attempts: int


def mark_rejected(store, rejected: Iterable[Any]) -> int:
    """Mark refused entries ``rejected`` with the server's reason; they stay in the
    outbox (never dropped) and no longer block the queue. *rejected* holds
    ``models.wire.Rejected`` objects (or mappings with ``id``, ``code``, ``reason``)."""
    moment = now_iso()
    changed = 0
    with store._write() as conn:
        for item in rejected:
            get = item.get if isinstance(item, Mapping) else lambda k, i=item: getattr(i, k)
            entry = conn.execute(text(
                "SELECT op_seq, record_kind FROM outbox WHERE record_id = :id"),
                {"id": get("id")}).first()
            if entry is None:
                continue  # already acknowledged in an earlier answer
            reason = get("reason") or get("code")
            conn.execute(text(
                "UPDATE outbox SET state = 'rejected', last_error = :reason, "
                "attempts = attempts + 1 WHERE record_id = :id"),
                {"id": get("id"), "reason": reason})
            conn.execute(text(
                "INSERT INTO sync_rejection(record_id, op_seq, record_kind, code, reason, "
                "rejected_at) VALUES (:id, :op_seq, :kind, :code, :reason, :at) "
                "ON CONFLICT(record_id) DO UPDATE SET code = excluded.code, "
                "reason = excluded.reason, rejected_at = excluded.rejected_at"),
                {"id": get("id"), "op_seq": entry.op_seq, "kind": entry.record_kind,
                 "code": get("code"), "reason": reason, "at": moment})
            changed += 1
    return changed


def record_failure(store, op_seqs: Iterable[int], error: str) -> None:
    """Note a failed attempt (no answer from the server) on entries that stay pending."""
    seqs = sorted(set(op_seqs))
    with store._write() as conn:
        for chunk in _chunks(seqs):
            params = {f"s{n}": v for n, v in enumerate(chunk)}
            marks = ", ".join(f":{k}" for k in params)
            conn.execute(text(
                f"UPDATE outbox SET attempts = attempts + 1, last_error = :error "
                f"WHERE op_seq IN ({marks}) AND state = 'pending'"), {**params, "error": error})


def rejected_records(store) -> list[Rejection]:
    """Every refused entry with the server's reason, oldest first."""
    with store._read() as conn:
        rows = conn.execute(text(
            "SELECT o.op_seq, o.record_kind, o.record_id, o.attempts, "
            "coalesce(r.code, 'invalid') AS code, "
            "coalesce(r.reason, o.last_error, '') AS reason, "
            "coalesce(r.rejected_at, o.created_at) AS rejected_at "
            "FROM outbox o LEFT JOIN sync_rejection r ON r.record_id = o.record_id "
            "WHERE o.state = 'rejected' ORDER BY o.op_seq")).all()
    return [Rejection(r.op_seq, r.record_kind, r.record_id, r.code, r.reason, r.rejected_at,
                      r.attempts) for r in rows]


def resend(store, record_ids: Iterable[str] | None = None) -> int:
    """Put refused entries back in the queue (all of them when *record_ids* is None).

    Records are immutable and hash-bound, so "fixing" a refused record never edits it:
    what can be fixed is around it — reference data corrected on the server (an inactive
    service, an office moved), a parent record that was itself refused and is now resent
    (resend parents and children together: all of them, in ``op_seq`` order), or the
    device's scope. Then the same record is sent again as it is. A ``conflict`` (the
    server holds other content under this id) cannot be fixed by resending; it needs IT.
    """
    with store._write() as conn:
        if record_ids is None:
            ids = [r[0] for r in conn.execute(text(
                "SELECT record_id FROM outbox WHERE state = 'rejected'"))]
        else:
            ids = list(record_ids)
        changed = 0
        for chunk in _chunks(ids):
            params = {f"i{n}": v for n, v in enumerate(chunk)}
            marks = ", ".join(f":{k}" for k in params)
            changed += conn.execute(text(
                f"UPDATE outbox SET state = 'pending', last_error = NULL "
                f"WHERE state = 'rejected' AND record_id IN ({marks})"), params).rowcount
            conn.execute(text(f"DELETE FROM sync_rejection WHERE record_id IN ({marks})"),
                         params)
    return changed


def outbox_counts(store) -> dict[str, int]:
    """``{"pending": n, "rejected": m}``: what still has to reach the server."""
    with store._read() as conn:
        rows = conn.execute(text("SELECT state, count(*) FROM outbox GROUP BY state")).all()
    counts = {"pending": 0, "rejected": 0}
    counts.update({r[0]: r[1] for r in rows})
    return counts


# -- pulling ------------------------------------------------------------------------------
@dataclass
class ApplyResult:
    """What one pulled page changed locally."""

    inserted: int = 0  # citizens, requests and events new to this PC
    reference: int = 0  # areas, offices, services upserted
    existing: int = 0  # records this PC already held (nothing to do)
    parked: int = 0  # kept aside: parent missing, clash, or a kind not used yet
    requests_refolded: int = 0
    forms: int = 0  # survey form versions new to this PC


def _change_parts(change: Any) -> tuple[str, dict]:
    if isinstance(change, Mapping):
        return change["kind"], dict(change["record"])
    return change.kind, dict(change.record)


def _key_of(kind: str, record: Mapping[str, Any]) -> str:
    for field in ("id", "code", "user_id"):
        if record.get(field) is not None:
            return str(record[field])
    return json.dumps(record, sort_keys=True)[:64]


def apply_pulled(store, changes: Iterable[Any], next_cursor: int) -> ApplyResult:
    """Apply one pulled page and save *next_cursor*, all in ONE transaction.

    * areas, offices and services are upserted (reference data is the server's);
    * citizens, requests and events are inserted only if absent — never overwritten, so a
      local record (sent or still in the outbox) is never touched;
    * each request that got new events (or is new) has its list row re-folded from all its
      events, and a new request gets its full-text row;
    * this PC's hybrid logical clock moves past the foreign events' clocks;
    * a record whose parent is not here yet is parked and tried again with the next page;
      so is a request whose ``created`` event is not in this page (it comes with a later
      one): a request is never shown without its audit record.

    Survey form versions go through ``store.surveys.apply_form`` (which owns the form
    tables), in this same transaction, each inside a savepoint.

    Applying a page twice changes nothing the second time.
    """
    result = ApplyResult()
    changes = [_change_parts(c) for c in changes]
    with store._write() as conn:
        device = conn.execute(select(DeviceState)).one()
        parked = [(r.kind, json.loads(r.record)) for r in conn.execute(select(SyncParked))]
        forms = _apply_forms(conn, [r for k, r in parked if k == "form"]
                             + [r for k, r in changes if k == "form"])
        incoming = [(k, r) for k, r in parked + changes if k != "form"]
        for record, outcome in forms:
            key = _form_key(record)
            if outcome in ("inserted", "existing"):
                conn.execute(text("DELETE FROM sync_parked WHERE kind = 'form' AND key = :key"),
                             {"key": key})
                if outcome == "inserted":
                    result.forms += 1
                else:
                    result.existing += 1
            else:
                _park(conn, "form", key, record, outcome)
                result.parked += 1
        incoming.sort(key=lambda kr: APPLY_ORDER.index(kr[0])
                      if kr[0] in APPLY_ORDER else len(APPLY_ORDER))
        touched: set[str] = set()
        new_requests: list[dict] = []
        remote_hlcs: list[str] = []
        # A request is shown only together with its 'created' event: a page that ends
        # between the two (or a sync cut off there) must not leave a request without its
        # audit record, which `daftar audit verify` would rightly report as broken.
        # (Ids that are not text are malformed records: _apply_one parks them below.)
        with_created = {r.get("request_id") for k, r in incoming
                        if k == "request_event" and r.get("kind") == "created"
                        and isinstance(r.get("request_id"), str)}
        for kind, record in incoming:
            key = _key_of(kind, record)
            if kind == "service_request" and isinstance(record.get("id"), str) and \
                    record["id"] not in with_created and \
                    not _exists(conn, "SELECT 1 FROM service_request WHERE id = :id",
                                id=record.get("id")):
                _park(conn, kind, key, record, "waiting for its 'created' event (not on "
                                               "this PC yet)")
                result.parked += 1
                continue
            try:
                outcome = _apply_one(conn, device, kind, record)
            except _Park as why:
                _park(conn, kind, key, record, str(why))
                result.parked += 1
                continue
            except (IntegrityError, ProgrammingError, InterfaceError, DataError, TypeError,
                    ValueError, OverflowError) as exc:
                # A record of the wrong shape (a missing name, a list where text belongs):
                # SQLite undid just that statement. Kept aside, so that one bad record does
                # not stop every later pull. A full disk or a locked file (OperationalError)
                # and an abort that is not a constraint of the record still stop the round.
                if isinstance(exc, IntegrityError) and "constraint failed" not in str(exc):
                    raise
                _park(conn, kind, key, record, "the server sent it in a form this PC cannot "
                                               f"store ({getattr(exc, 'orig', exc)})")
                result.parked += 1
                continue
            conn.execute(text("DELETE FROM sync_parked WHERE kind = :k AND key = :key"),
                         {"k": kind, "key": key})
            if outcome == "reference":
                result.reference += 1
            elif outcome == "existing":
                result.existing += 1
            else:
                result.inserted += 1
                if kind == "service_request":
                    touched.add(record["id"])
                    new_requests.append({"description": "", **record})  # optional on the wire
                elif kind == "request_event":
                    touched.add(record["request_id"])
                    remote_hlcs.append(record["hlc"])
        for request_id in sorted(touched):
            _refold(conn, request_id)
        result.requests_refolded = len(touched)
        for request in new_requests:
            citizen = conn.execute(select(Citizen).where(
                Citizen.id == request["citizen_id"])).one()
            conn.execute(text(
                "INSERT INTO request_fts(rowid, tracking, name, cnic, phone, description) "
                "SELECT pos, :tracking, :name, :cnic, :phone, :description "
                "FROM request_state WHERE request_id = :request_id"),
                records.fts_row(request, dict(citizen._mapping)))
        if remote_hlcs:
            last = hlc_mod.HLC.decode(device.hlc) if device.hlc else None
            seen = hlc_mod.receive(last, hlc_mod.HLC.decode(max(remote_hlcs)), device.device_id)
            conn.execute(text("UPDATE device_state SET hlc = :h WHERE id = 1"),
                         {"h": seen.encode()})
        _ensure_state(conn)
        # Never backwards: a second process (the CLI beside the desktop) may have applied
        # later pages already; applying is idempotent, so the larger cursor is right.
        conn.execute(text("UPDATE sync_state SET pull_cursor = max(pull_cursor, :c) "
                          "WHERE id = 1"), {"c": next_cursor})
    return result


class _Park(Exception):
    """This pulled record cannot be applied now; the message says why."""


def _form_key(record: Mapping[str, Any]) -> str:
    return f"{record.get('form_id')}@{record.get('version')}"[:64]


def _apply_forms(conn: Connection, pulled: list[dict]) -> list[tuple[dict, str]]:
    """Apply pulled form versions (those parked earlier first), each through
    ``store.surveys.apply_form`` on *conn*. Returns ``(record, outcome)`` pairs:
    ``inserted``, ``existing`` (this PC holds this version from this file), or the reason
    to park it.

    A version this PC already holds is never handed over again: versions are immutable,
    and one with other content (a local import of a different file under the same
    version) stays as it is here, and the pulled one is parked with the reason.
    """
    todo: dict[str, dict] = {}
    for record in pulled:
        todo[_form_key(record)] = record  # the newest copy of each version
    if not todo:
        return []
    try:
        from store.surveys import apply_form
    except ImportError:
        apply_form = None
    out: list[tuple[dict, str]] = []
    for record in todo.values():
        try:
            form_id, version = record["form_id"], record["version"]
            sha, definition = record["xlsx_sha256"], record["definition"]
        except KeyError as exc:
            out.append((record, f"the server sent it without {exc.args[0]}"))
            continue
        if not all(isinstance(v, str) for v in (form_id, version, sha)):
            out.append((record, "the server sent it with a form id, version or file hash "
                                "that is not text"))
            continue
        held = conn.execute(text(
            "SELECT xlsx_sha256 FROM survey_form WHERE form_id = :f AND version = :v"),
            {"f": form_id, "v": version}).scalar()
        if held is not None:
            out.append((record, "existing" if held == sha else
                        f"this PC already has version {version} of form {form_id} from "
                        "another file; the PC's own version is kept"))
            continue
        if apply_form is None:
            out.append((record, "this version of Daftar cannot take survey forms yet"))
            continue
        try:
            with conn.begin_nested():  # a refused form leaves nothing behind
                apply_form(definition, sha, conn=conn)
        except KnownError:
            raise  # the PC's environment (disk full, locked): the round stops and says so
        except (StoreError, ValueError, KeyError, TypeError) as exc:
            words = exc.text() if isinstance(exc, StoreError) else str(exc)
            out.append((record, f"the form could not be applied: {words}"))
            continue
        out.append((record, "inserted"))
    return out


def _storable(text_: str) -> str:
    """*text_* with lone surrogates (valid in JSON as ``\\ud800``, not in UTF-8) replaced."""
    return text_.encode("utf-8", "replace").decode("utf-8")


def _park(conn: Connection, kind: str, key: str, record: dict, reason: str) -> None:
    kind, key, reason = _storable(str(kind)), _storable(key), _storable(reason)
    log.warning("pulled %s %s kept aside: %s", kind, key, reason)
    try:
        as_text = json.dumps(record, ensure_ascii=False).encode("utf-8").decode("utf-8")
    except UnicodeEncodeError:  # keep it exactly, escaped
        as_text = json.dumps(record)
    conn.execute(text(
        "INSERT INTO sync_parked(kind, key, record, reason, parked_at) "
        "VALUES (:kind, :key, :record, :reason, :at) ON CONFLICT(kind, key) DO UPDATE SET "
        "record = excluded.record, reason = excluded.reason"),  # keeps the first parked_at
        {"kind": kind, "key": key, "record": as_text,
         "reason": reason, "at": now_iso()})


def _exists(conn: Connection, sql: str, **params) -> bool:
    return conn.execute(text(sql), params).first() is not None


def _columns(table, record: Mapping[str, Any], *, optional: Iterable[str] = ()) -> dict:
    allowed = set(optional)
    missing = [c.name for c in table.columns if c.name not in record and c.name not in allowed]
    if missing:
        raise _Park(f"the server sent it without {', '.join(missing)}")
    return {c.name: record[c.name] for c in table.columns if c.name in record}


def _apply_one(conn: Connection, device, kind: str, record: dict) -> str:
    """Apply one pulled record; returns ``reference``, ``existing`` or ``inserted``."""
    if kind in _REFERENCE_TABLES:
        table, key = _REFERENCE_TABLES[kind]
        _upsert_reference(conn, table, key, record)
        return "reference"
    if kind == "user_account":  # an office account provisioned by the server
        outcome = Accounts.apply_provisioned(conn, record)
        if outcome in ("applied", "stale", "other_office"):
            return "reference"
        raise _Park(f"account not applied: {outcome}")
    if kind not in _RECORD_TABLES:
        raise _Park(f"this version of Daftar does not use '{kind}' records yet")
    table = _RECORD_TABLES[kind]
    if _exists(conn, f"SELECT 1 FROM {table.name} WHERE id = :id", id=record.get("id")):
        # Immutable: whatever this PC holds under the id stays as it is.
        return "existing"
    if kind == "citizen":
        row = _columns(table, record, optional=("phone",))
        if not (isinstance(row["name"], str) and isinstance(row["cnic"], str)
                and isinstance(row.get("phone"), str | None)):
            raise _Park("its name, CNIC or phone is not text")
    elif kind == "service_request":
        row = _columns(table, record, optional=("description",))
        row.setdefault("description", "")
        if not all(isinstance(row[k], str) for k in ("tracking_number", "description")):
            raise _Park("its tracking number or description is not text")
        for sql, what in (
                ("SELECT 1 FROM citizen WHERE id = :v", row["citizen_id"]),
                ("SELECT 1 FROM service WHERE code = :v", row["service_code"]),
                ("SELECT 1 FROM office WHERE code = :v", row["office_code"])):
            if not _exists(conn, sql, v=what):
                raise _Park(f"waiting for {what} (not on this PC yet)")
        if _exists(conn, "SELECT 1 FROM service_request WHERE tracking_number = :t",
                   t=row["tracking_number"]):
            raise _Park(f"another request here already has tracking number "
                        f"{row['tracking_number']}")
    else:  # request_event
        row = _columns(table, record, optional=("hash",))
        if isinstance(row["payload"], dict):
            row["payload"] = json.dumps(row["payload"], sort_keys=True, separators=(",", ":"),
                                        ensure_ascii=False)
        computed = event_hash(row)
        if row.setdefault("hash", computed) != computed:
            raise _Park("its content does not match its hash")
        if row["device_id"] == device.device_id:
            # This PC's own chain is only ever written by this PC.
            raise _Park("an event of this PC that this PC does not have (restored backup?)")
        if not _exists(conn, "SELECT 1 FROM service_request WHERE id = :v",
                       v=row["request_id"]):
            raise _Park(f"waiting for request {row['request_id']} (not on this PC yet)")
        if _exists(conn, "SELECT 1 FROM request_event WHERE device_id = :d AND device_seq = :s",
                   d=row["device_id"], s=row["device_seq"]):
            raise _Park(f"another event of device {row['device_id']} has number "
                        f"{row['device_seq']}")
    conn.execute(table.insert().values(**row))
    return "inserted"


def _upsert_reference(conn: Connection, table, key: str, record: dict) -> None:
    from sqlalchemy.dialects.sqlite import insert

    row = dict(record)
    for name in ("documents_en", "documents_ur"):
        if isinstance(row.get(name), list):
            row[name] = json.dumps(row[name], ensure_ascii=False)
    row = {c.name: row[c.name] for c in table.columns if c.name in row}
    if key not in row:
        raise _Park(f"the server sent it without its {key}")
    stmt = insert(table).values(**row)
    updates = {k: stmt.excluded[k] for k in row if k != key}
    conn.execute(stmt.on_conflict_do_update(index_elements=[key], set_=updates)
                 if updates else stmt.on_conflict_do_nothing())


def _refold(conn: Connection, request_id: str) -> None:
    request = dict(conn.execute(select(ServiceRequest).where(
        ServiceRequest.id == request_id)).one()._mapping)
    events = [dict(r._mapping) for r in conn.execute(
        select(RequestEvent).where(RequestEvent.request_id == request_id))]
    conn.execute(text(
        "INSERT INTO request_state(request_id, service_code, status, is_open, due_date, "
        "status_changed_at, outcome, rating, last_hlc) VALUES (:request_id, :service_code, "
        ":status, :is_open, :due_date, :status_changed_at, :outcome, :rating, :last_hlc) "
        "ON CONFLICT(request_id) DO UPDATE SET status=excluded.status, "
        "is_open=excluded.is_open, status_changed_at=excluded.status_changed_at, "
        "outcome=excluded.outcome, rating=excluded.rating, last_hlc=excluded.last_hlc"),
        records.state_row(request, events))


def parked_records(store) -> list[dict]:
    """Pulled records kept aside, with the reason (for support and the sync screen)."""
    with store._read() as conn:
        return [dict(r._mapping) for r in conn.execute(
            select(SyncParked).order_by(SyncParked.parked_at))]


# -- sync state and history ---------------------------------------------------------------
@dataclass
class SyncInfo:
    """This PC's sync settings and last results (never a credential)."""

    server_url: str = ""
    allow_insecure: bool = False
    enrolled: bool = False
    enrolled_at: str | None = None
    office_code: str | None = None
    district_id: str | None = None
    device_number: int | None = None
    pull_cursor: int = 0
    clock_offset_ms: int = 0
    last_attempt_at: str | None = None
    last_success_at: str | None = None
    last_error: str | None = None
    device_id: str = ""


def _ensure_state(conn: Connection) -> None:
    conn.execute(text(
        "INSERT INTO sync_state(id, server_url, allow_insecure, enrolled, pull_cursor, "
        "clock_offset_ms) VALUES (1, '', 0, 0, 0, 0) ON CONFLICT(id) DO NOTHING"))


def sync_info(store) -> SyncInfo:
    with store._read() as conn:
        row = conn.execute(select(SyncState)).first()
        device_id = conn.execute(select(DeviceState.device_id)).scalar_one()
    if row is None:
        return SyncInfo(device_id=device_id)
    m = row._mapping
    fields = {k: m[k] for k in SyncInfo.__dataclass_fields__ if k in m}
    fields["allow_insecure"] = bool(fields["allow_insecure"])
    fields["enrolled"] = bool(fields["enrolled"])
    return SyncInfo(**fields, device_id=device_id)


def update_sync_state(store, **values: Any) -> None:
    """Change fields of the sync state row (creating it when needed)."""
    allowed = set(SyncState.__table__.columns.keys()) - {"id"}
    unknown = set(values) - allowed
    if unknown:
        raise KeyError(f"not sync state fields: {sorted(unknown)}")
    with store._write() as conn:
        _ensure_state(conn)
        if values:
            conn.execute(SyncState.__table__.update().where(SyncState.id == 1).values(**values))


class OfficeMismatch(Exception):
    """The server enrolled this PC for another office than the one its records belong to."""

    def __init__(self, local: str, server: str) -> None:
        super().__init__(f"This PC already holds requests of office {local}, but the "
                         f"enrollment token is for office {server}. Ask the central admin "
                         f"for a token for {local}.")
        self.local = local
        self.server = server


def save_enrollment(store, *, server_url: str, office_code: str, district_id: str,
                    device_number: int, allow_insecure: bool = False) -> None:
    """Record what the server assigned at enrollment, in one transaction.

    The device number the server gives goes into ``device_state`` too: tracking numbers
    made from now on use it. A PC that has not written anything yet also takes the
    server's office (a placeholder office row is written when the office is not known
    here; the first pull brings the real one); a PC that already holds its own records
    for another office is refused (:class:`OfficeMismatch`).
    """
    with store._write() as conn:
        device = conn.execute(select(DeviceState)).one()
        if device.office_code != office_code:
            if device.next_op_seq > 1:
                raise OfficeMismatch(device.office_code, office_code)
            conn.execute(text(
                "INSERT INTO office(code, name_en, name_ur, district_id, address, "
                "complaint_phone, complaint_email) VALUES (:c, :c, :c, :d, '', '', '') "
                "ON CONFLICT(code) DO NOTHING"), {"c": office_code, "d": district_id})
        conn.execute(DeviceState.__table__.update().where(DeviceState.id == 1).values(
            office_code=office_code, device_number=device_number))
        _ensure_state(conn)
        before = conn.execute(select(SyncState.server_url)).scalar_one()
        if before and before != server_url:
            # Another server's change sequence means nothing here: start its feed afresh
            # (applying is idempotent, so what is already here is simply skipped).
            conn.execute(text("UPDATE sync_state SET pull_cursor = 0 WHERE id = 1"))
        conn.execute(SyncState.__table__.update().where(SyncState.id == 1).values(
            server_url=server_url, allow_insecure=allow_insecure, enrolled=True,
            enrolled_at=now_iso(), office_code=office_code, district_id=district_id,
            device_number=device_number, last_error=None))


def start_run(store) -> int:
    """Open a row in the sync history; returns its id."""
    moment = now_iso()
    with store._write() as conn:
        _ensure_state(conn)
        conn.execute(text("UPDATE sync_state SET last_attempt_at = :t WHERE id = 1"),
                     {"t": moment})
        return conn.execute(SyncRun.__table__.insert().values(started_at=moment)
                            ).inserted_primary_key[0]


def finish_run(store, run_id: int, *, pushed: int, already_held: int, rejected: int,
               pulled: int, pending_after: int, error: str | None,
               clock_offset_ms: int | None = None) -> None:
    """Close a history row and update the last success / last problem, in one transaction."""
    moment = now_iso()
    with store._write() as conn:
        conn.execute(SyncRun.__table__.update().where(SyncRun.id == run_id).values(
            finished_at=moment, pushed=pushed, already_held=already_held, rejected=rejected,
            pulled=pulled, pending_after=pending_after, error=error))
        values: dict[str, Any] = {"last_error": error}
        if error is None:
            values["last_success_at"] = moment
        if clock_offset_ms is not None:
            values["clock_offset_ms"] = clock_offset_ms
        conn.execute(SyncState.__table__.update().where(SyncState.id == 1).values(**values))
        conn.execute(text("DELETE FROM sync_run WHERE id <= :old"),
                     {"old": run_id - RUN_HISTORY})


def sync_runs(store, limit: int = 20) -> list[dict]:
    """The latest sync rounds, newest first."""
    with store._read() as conn:
        return [dict(r._mapping) for r in conn.execute(
            select(SyncRun).order_by(SyncRun.id.desc()).limit(limit))]


__all__ = [
    "ApplyResult", "OfficeMismatch", "OutboxItem", "Rejection", "SyncInfo", "acknowledge",
    "apply_pulled", "finish_run", "mark_rejected", "next_batch", "outbox_counts",
    "parked_records", "record_failure", "rejected_records", "resend", "save_enrollment",
    "start_run", "sync_info", "sync_runs", "update_sync_state", "wire_record",
]
