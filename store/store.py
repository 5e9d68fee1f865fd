"""The local store: every operation a clerk can take, each in one SQLite transaction.

>>> store = Store.open("/tmp/daftar-demo")                       # doctest: +SKIP
>>> r = store.register_request(cnic="35202-1234567-1", name="Ayesha Khan",
...                            phone="0300-1234567", service_code="DOMICILE",
...                            description="", actor=Actor("Sana", "clerk"))
>>> r.tracking_number                                            # doctest: +SKIP
'LHR1-261128-010001-Q'

A request's status is never stored as a fact: it is folded from its append-only events
(``models.events.fold``). ``request_state`` only caches that fold for fast lists, and is
rewritten in the same transaction as each event.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from models import tracking, validation
from models.events import EventKind, fold
from models.i18n import N_
from models.ids import new_id
from models.sla import is_overdue
from models.tables import Citizen, RequestEvent, Service, ServiceRequest
from models.validation import InvalidInput
from models.workflow import OUTCOMES, Status, find_transition, is_open
from store import keys, paths, records
from store.accounts import authorize
from store.backup import check_database
from store.db import (
    DatabaseError,
    encrypt_plaintext,
    encrypt_plaintext_backups,
    make_engine,
    migrate,
)
from store.errors import CTX, KnownError, NotAllowed, NotFound, from_sqlite
from store.records import PKT, Actor, Device, local_day
from store.reference import load_reference
from store.schema import DeviceState, Outbox, RequestState

log = logging.getLogger(__name__)

_UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

#: Insert order inside one transaction (parents before children, for foreign keys).
_TABLE_ORDER = ("citizen", "service_request", "request_event", "request_state",
                "request_fts", "outbox")


@dataclass(frozen=True)
class Registered:
    """What the clerk hands the citizen after registering a request."""

    request_id: str
    tracking_number: str
    due_date: date
    citizen_id: str
    new_citizen: bool


@dataclass(frozen=True)
class RequestFilter:
    """What the request list shows. Empty fields do not filter."""

    status: str | None = None
    service_code: str | None = None
    overdue: bool = False
    query: str = ""


@dataclass(frozen=True)
class RequestRow:
    """One line of the request list."""

    pos: int
    request_id: str
    tracking_number: str
    citizen_name: str
    service_code: str
    status: str
    due_date: date
    created_at: str
    overdue: bool


@dataclass
class RequestDetail:
    """Everything the detail view and ``daftar requests show`` need about one request."""

    request: dict
    citizen: dict
    service: dict
    status: Status
    outcome: str | None
    rating: int | None
    overdue: bool
    events: list[dict] = field(default_factory=list)

    @property
    def tracking_number(self) -> str:
        return self.request["tracking_number"]


class Store:
    """One office PC's database. Safe to share between threads; writes are serialised."""

    def __init__(self, folder: Path, engine: Engine) -> None:
        self.folder = folder
        self.engine = engine
        #: Who reads citizens' requests here (:meth:`set_reader`); checked on every such read.
        self._reader: Actor | None = None

    # -- opening ------------------------------------------------------------------------
    @classmethod
    def open(cls, data_dir: str | Path | None = None, *, office_code: str | None = None,
             device_number: int = 1, key: bytes | None = None) -> Store:
        """Open (creating and migrating as needed) the store in *data_dir*.

        The database key comes from :mod:`store.keys` (:class:`~store.keys.KeyLocked` when
        an office admin must unlock first). ``key=b""`` opens an unencrypted database:
        for ``bench/`` to measure what encryption costs, never for data."""
        folder = paths.data_dir(data_dir)
        if key is None:
            key = keys.key_for_open(folder)  # KeyLocked: an office admin must unlock
        try:
            if key:
                encrypt_plaintext(folder / paths.DB_NAME, key)  # made before encryption
                encrypt_plaintext_backups(folder, key)
        except OSError as exc:
            raise KnownError(N_(CTX, "The database could not be encrypted ({error}). Nothing "
                                     "was lost; free some disk space or call IT."),
                             error=exc.strerror or exc) from exc
        except DatabaseError as exc:  # a damaged plain file: check_database says so next
            log.error("the database could not be encrypted: %s", exc)
        check_database(folder, key)  # a damaged file: say so and name the backup, change nothing
        engine = make_engine(folder / paths.DB_NAME, key)
        try:
            migrate(engine)
            store = cls(folder, engine)
            with store._write() as conn:
                load_reference(conn, paths.resources_dir())
                store._ensure_device(conn, office_code, device_number)
        except DBAPIError as exc:
            engine.dispose()
            known = from_sqlite(exc)
            if known:
                raise known from exc
            raise
        except Exception:
            engine.dispose()
            raise
        return store

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def set_reader(self, actor: Actor | None) -> None:
        """Bind the signed-in person who reads this store's requests and citizens (the
        desktop after each sign-in, the CLI for one command; ``None`` when they leave).

        Every read of citizens' personal data checks this person's session and role in its
        own transaction: an enumerator sees surveys, not requests, whichever screen or
        command asks. The sync engine, backups and the audit check read below this and
        need no reader."""
        self._reader = actor

    def _ensure_device(self, conn: Connection, office_code: str | None,
                       device_number: int) -> None:
        row = conn.execute(select(DeviceState)).first()
        if row is None:
            code = (office_code or "LHR1").upper()
            if not conn.execute(text("SELECT 1 FROM office WHERE code=:c"), {"c": code}).first():
                raise NotFound(N_(CTX, "There is no office with code {code}."), code=code)
            conn.execute(DeviceState.__table__.insert().values(
                id=1, device_id=new_id(), office_code=code, device_number=device_number,
                next_op_seq=1, chain_seq=0, chain_hash="0" * 64, hlc="", tracking_day="",
                tracking_seq=0))

    # -- transactions -------------------------------------------------------------------
    @contextlib.contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction (BEGIN IMMEDIATE … COMMIT); environment errors become
        :class:`KnownError`, and nothing of a failed operation remains."""
        try:
            with self.engine.connect().execution_options(write=True) as conn, conn.begin():
                yield conn
        except (OperationalError, IntegrityError) as exc:
            known = from_sqlite(exc)
            if known:
                raise known from exc
            raise

    @contextlib.contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn, conn.begin():
                yield conn
        except OperationalError as exc:
            known = from_sqlite(exc)
            if known:
                raise known from exc
            raise

    @contextlib.contextmanager
    def _read_requests(self) -> Iterator[Connection]:
        """A read transaction over citizens' requests, for the bound reader only: a
        missing or ended session raises ``SignInFailed``, a role that does not handle
        service requests ``NotAllowed``."""
        with self._read() as conn:
            self._require_staff(conn, self._reader)
            yield conn

    def _device(self, conn: Connection) -> Device:
        return Device.from_row(conn.execute(select(DeviceState)).one())

    def _flush(self, conn: Connection, device: Device) -> None:
        """Write the rows *device* collected, then its counters, in this transaction."""
        rows = device.take_rows()
        for table in _TABLE_ORDER:
            batch = rows.pop(table, None)
            if not batch:
                continue
            if table == "request_fts":
                # The full-text rowid is the request's stable list position.
                conn.execute(text(
                    "INSERT INTO request_fts(rowid, tracking, name, cnic, phone, description) "
                    "SELECT pos, :tracking, :name, :cnic, :phone, :description "
                    "FROM request_state WHERE request_id = :request_id"), batch)
            elif table == "request_state":
                conn.execute(text(
                    "INSERT INTO request_state(request_id, service_code, status, is_open, "
                    "due_date, status_changed_at, outcome, rating, last_hlc) VALUES "
                    "(:request_id, :service_code, :status, :is_open, :due_date, "
                    ":status_changed_at, :outcome, :rating, :last_hlc) "
                    "ON CONFLICT(request_id) DO UPDATE SET status=excluded.status, "
                    "is_open=excluded.is_open, status_changed_at=excluded.status_changed_at, "
                    "outcome=excluded.outcome, rating=excluded.rating, "
                    "last_hlc=excluded.last_hlc"), batch)
            else:
                conn.execute(_TABLES[table].insert(), batch)
        assert not rows, f"rows for unknown tables: {list(rows)}"
        conn.execute(DeviceState.__table__.update().where(DeviceState.id == 1)
                     .values(**device.as_row()))

    def _max_seq_for_day(self, conn: Connection, device: Device):
        def ask(day: date) -> int:
            prefix = f"{device.office_code}-{day:%y%m%d}-{device.device_number:02d}"
            rows = conn.execute(text(
                "SELECT tracking_number FROM service_request "
                "WHERE tracking_number >= :lo AND tracking_number < :hi"),
                {"lo": prefix, "hi": prefix + "~"}).scalars()
            seqs = [int(t[len(prefix):].split("-")[0]) for t in rows]
            return max(seqs, default=0)
        return ask

    # -- operations ---------------------------------------------------------------------
    def register_request(self, *, cnic: str, name: str, phone: str | None, service_code: str,
                         description: str = "", actor: Actor,
                         now: datetime | None = None) -> Registered:
        """Register a citizen's request: finds the citizen by CNIC or creates them, writes
        the request, its ``created`` event and their outbox entries — all or nothing."""
        values = validation.collect(
            cnic=(validation.parse_cnic, cnic),
            name=(validation.parse_name, name),
            phone=(lambda v: validation.parse_mobile(v, required=False), phone),
            description=(validation.parse_description, description),
        )
        moment = now or datetime.now(UTC)
        with self._write() as conn:
            device = self._device(conn)
            actor = self._require_staff(conn, actor)
            service = conn.execute(select(Service).where(Service.code == service_code,
                                                         Service.active)).first()
            if service is None:
                raise InvalidInput("service", N_("validation", "Please choose a service from the list."))
            found = conn.execute(select(Citizen).where(Citizen.cnic == values["cnic"])
                                 .order_by(Citizen.created_at, Citizen.id)).first()
            if found:
                citizen = dict(found._mapping)
            else:
                citizen = records.new_citizen(device, cnic=values["cnic"], name=values["name"],
                                              phone=values["phone"], moment=moment)
            request, created = records.new_request(
                device, citizen=citizen, service=service, description=values["description"],
                actor=actor, moment=moment, max_seq_for_day=self._max_seq_for_day(conn, device))
            device.add("request_state", records.state_row(request, [created]))
            self._flush(conn, device)
        return Registered(request["id"], request["tracking_number"],
                          date.fromisoformat(request["due_date"]), citizen["id"], not found)

    def change_status(self, ref: str, to: str, *, actor: Actor, reason: str | None = None,
                      outcome: str | None = None, note: str | None = None,
                      now: datetime | None = None) -> Status:
        """Move a request to status *to*, if the workflow and the actor's role allow it."""
        try:
            target = Status(to)
        except ValueError:
            raise InvalidInput("status", N_("validation", "There is no status called {name}."),
                               {"name": to}) from None
        moment = now or datetime.now(UTC)
        with self._write() as conn:
            request = self._resolve(conn, ref)
            events = self._events(conn, request["id"])
            current = fold(events).status
            step = find_transition(current, target)
            if step is None:
                raise NotAllowed(N_(CTX, "A request that is \"{current}\" cannot become \"{target}\"."),
                                 current=str(current), target=str(target))
            actor = authorize(conn, actor)
            if actor.role not in step.roles:
                raise NotAllowed(N_(CTX, "Your role ({role}) may not do this step; ask a supervisor."),
                                 role=actor.role)
            payload: dict = {"from": str(current), "to": str(target)}
            if step.needs_reason:
                payload["reason"] = validation.parse_note(
                    reason, field="reason", label=N_("validation", "the reason"))
            if step.needs_outcome:
                if outcome not in OUTCOMES:
                    raise InvalidInput("outcome", N_("validation", "Please choose how the request ended."))
                payload["outcome"] = outcome
                payload["note"] = validation.parse_note(note, field="note")
            elif note:
                payload["note"] = validation.parse_note(note, field="note")
            self._append(conn, request, events, EventKind.STATUS_CHANGED, payload, actor, moment)
        return target

    def add_note(self, ref: str, note: str, *, actor: Actor, now: datetime | None = None) -> None:
        """Add a note to a request's timeline."""
        body = validation.parse_note(note)
        with self._write() as conn:
            request = self._resolve(conn, ref)
            actor = self._require_staff(conn, actor)
            self._append(conn, request, self._events(conn, request["id"]), EventKind.NOTE,
                         {"text": body}, actor, now or datetime.now(UTC))

    def record_feedback(self, ref: str, rating: int, comment: str = "", *, actor: Actor,
                        now: datetime | None = None) -> None:
        """Record the citizen's rating (1 = very bad … 5 = very good) of a finished request."""
        if not isinstance(rating, int) or not 1 <= rating <= 5:
            raise InvalidInput("rating", N_("validation", "The rating must be a number from 1 to 5."))
        text_ = validation.clean_text(comment, field="comment", required=False,
                                      max_length=validation.NOTE_MAX,
                                      label=N_("validation", "the comment"))
        with self._write() as conn:
            request = self._resolve(conn, ref)
            actor = self._require_staff(conn, actor)
            events = self._events(conn, request["id"])
            if is_open(fold(events).status):
                raise NotAllowed(N_(CTX, "Feedback can be recorded once the request is done, rejected or closed."))
            self._append(conn, request, events, EventKind.FEEDBACK,
                         {"rating": rating, "comment": text_}, actor, now or datetime.now(UTC))

    @staticmethod
    def _require_staff(conn: Connection, actor: Actor | None) -> Actor:
        """The signed-in person behind *actor*, if their role handles service requests."""
        actor = authorize(conn, actor)
        if actor.role not in ("clerk", "supervisor", "office_admin"):
            raise NotAllowed(N_(CTX, "Your role ({role}) does not handle service requests."),
                             role=actor.role)
        return actor

    def _append(self, conn: Connection, request: dict, events: list[dict], kind: str,
                payload: dict, actor: Actor, moment: datetime) -> dict:
        device = self._device(conn)
        ev = records.append_event(device, request_id=request["id"], kind=kind,
                                  payload=payload, actor=actor, moment=moment)
        device.add("request_state", records.state_row(request, [*events, ev]))
        self._flush(conn, device)
        return ev

    # -- reading ------------------------------------------------------------------------
    def _resolve(self, conn: Connection, ref: str) -> dict:
        ref = (ref or "").strip()
        if _UUID_RE.match(ref.lower()):
            row = conn.execute(select(ServiceRequest).where(ServiceRequest.id == ref.lower())).first()
        else:
            numbers = tracking.candidates(ref)
            if not numbers:
                raise InvalidInput("tracking", N_("validation", "{ref} is not a tracking number, or it has a typo. Check it against the receipt."),
                                   {"ref": ref})
            row = conn.execute(select(ServiceRequest)
                               .where(ServiceRequest.tracking_number.in_(numbers))).first()
        if row is None:
            raise NotFound(N_(CTX, "No request {ref} on this PC."), ref=ref)
        return dict(row._mapping)

    def _events(self, conn: Connection, request_id: str) -> list[dict]:
        rows = conn.execute(select(RequestEvent).where(RequestEvent.request_id == request_id)
                            .order_by(RequestEvent.hlc, RequestEvent.id))
        return [dict(r._mapping) for r in rows]

    def get_request(self, ref: str, *, today: date | None = None) -> RequestDetail:
        """A request with its citizen, service, derived state and timeline (oldest first)."""
        with self._read_requests() as conn:
            request = self._resolve(conn, ref)
            citizen = dict(conn.execute(select(Citizen).where(
                Citizen.id == request["citizen_id"])).one()._mapping)
            service = dict(conn.execute(select(Service).where(
                Service.code == request["service_code"])).one()._mapping)
            events = self._events(conn, request["id"])
        for ev in events:
            ev["payload"] = json.loads(ev["payload"])
        state = fold(events)
        due = date.fromisoformat(request["due_date"])
        return RequestDetail(request, citizen, service, state.status, state.outcome,
                             state.rating, is_overdue(due, today or self.today(),
                                                      is_open(state.status)), events)

    def find_citizen(self, cnic: str) -> dict | None:
        """The citizen with this CNIC, if one is known here (to fill in the form)."""
        digits = validation.parse_cnic(cnic)
        with self._read_requests() as conn:
            row = conn.execute(select(Citizen).where(Citizen.cnic == digits)
                               .order_by(Citizen.created_at, Citizen.id)).first()
        return dict(row._mapping) if row else None

    def services(self, *, active_only: bool = True) -> list[dict]:
        with self._read() as conn:
            q = select(Service).order_by(Service.category, Service.name_en)
            if active_only:
                q = q.where(Service.active)
            return [dict(r._mapping) for r in conn.execute(q)]

    def office(self) -> dict:
        """This PC's office."""
        with self._read() as conn:
            device = self._device(conn)
            row = conn.execute(text("SELECT * FROM office WHERE code=:c"),
                               {"c": device.office_code}).one()
        return dict(row._mapping)

    def device(self) -> Device:
        with self._read() as conn:
            return self._device(conn)

    def offices(self) -> list[dict]:
        """Every office this PC knows (the reference list), by code."""
        with self._read() as conn:
            return [dict(r._mapping) for r in conn.execute(
                text("SELECT * FROM office ORDER BY code"))]

    def choose_office(self, code: str) -> None:
        """Make this PC belong to office *code* — only while it has written nothing: its
        records, tracking numbers and audit chain belong to one office. (Enrolling with
        the server also sets the office, from the token.)"""
        code = (code or "").strip().upper()
        with self._write() as conn:
            if not conn.execute(text("SELECT 1 FROM office WHERE code = :c"),
                                {"c": code}).first():
                raise NotFound(N_(CTX, "There is no office with code {code}."), code=code)
            device = conn.execute(select(DeviceState)).one()
            if device.office_code == code:
                return
            if device.next_op_seq > 1:
                raise NotAllowed(N_(CTX, "This PC already holds records of office {office}; "
                                         "it cannot be moved to another office."),
                                 office=device.office_code)
            conn.execute(DeviceState.__table__.update().where(DeviceState.id == 1)
                         .values(office_code=code))

    @staticmethod
    def today() -> date:
        return local_day(datetime.now(PKT))

    def _where(self, flt: RequestFilter, today: date, *, paging: bool = False
               ) -> tuple[str, str, dict]:
        """FROM and WHERE clauses (and parameters) for a request filter.

        When *paging*, the overdue condition is kept off its index (unary ``+``): walking
        the list newest first and skipping what is not overdue finds a page of 200 in a
        few thousand rows, while the index would make SQLite sort every overdue request.
        """
        params: dict = {}
        clauses = []
        source = "request_state s"
        match = fts_query(flt.query)
        if match:
            source = "request_fts f JOIN request_state s ON s.pos = f.rowid"
            clauses.append("request_fts MATCH :match")
            params["match"] = match
        if flt.status:
            clauses.append("s.status = :status")
            params["status"] = flt.status
        if flt.service_code:
            clauses.append("s.service_code = :service")
            params["service"] = flt.service_code
        if flt.overdue:
            plus = "+" if paging else ""
            clauses.append(f"{plus}s.is_open = 1 AND {plus}s.due_date < :today")
            params["today"] = today.isoformat()
        return source, " AND ".join(clauses), params

    def list_requests(self, flt: RequestFilter = RequestFilter(), *, before: int | None = None,
                      limit: int = 200, today: date | None = None) -> list[RequestRow]:
        """One page of the request list, newest first; pass the last row's ``pos`` as
        *before* for the next page (keyset paging: as fast on page 5,000 as on page 1)."""
        today = today or self.today()
        source, where, params = self._where(flt, today, paging=True)
        # With a search, walk the full-text index in rowid (= pos) order: FTS5 then stops
        # after one page instead of sorting every match (750 ms → 20 ms for a common name
        # at a million requests).
        key = "f.rowid" if "request_fts" in source else "s.pos"
        if before is not None:
            where = f"{where} AND {key} < :before" if where else f"{key} < :before"
            params["before"] = before
        params["limit"] = limit
        sql = (f"SELECT s.pos, s.request_id, s.status, s.due_date, s.is_open, s.service_code, "
               f"r.tracking_number, r.created_at, c.name FROM {source} "
               f"JOIN service_request r ON r.id = s.request_id "
               f"JOIN citizen c ON c.id = r.citizen_id "
               f"{'WHERE ' + where if where else ''} ORDER BY {key} DESC LIMIT :limit")
        with self._read_requests() as conn:
            rows = conn.execute(text(sql), params).all()
        out = []
        for r in rows:
            due = date.fromisoformat(r.due_date)
            out.append(RequestRow(r.pos, r.request_id, r.tracking_number, r.name,
                                  r.service_code, r.status, due, r.created_at,
                                  is_overdue(due, today, bool(r.is_open))))
        return out

    def count_requests(self, flt: RequestFilter = RequestFilter(), *,
                       today: date | None = None) -> int:
        source, where, params = self._where(flt, today or self.today())
        sql = f"SELECT count(*) FROM {source} {'WHERE ' + where if where else ''}"
        with self._read_requests() as conn:
            return conn.execute(text(sql), params).scalar_one()

    def pending_outbox(self) -> int:
        """How many records wait to be sent to the central server."""
        with self._read() as conn:
            return conn.execute(text(
                "SELECT count(*) FROM outbox WHERE state = 'pending'")).scalar_one()


_TABLES = {
    "citizen": Citizen.__table__,
    "service_request": ServiceRequest.__table__,
    "request_event": RequestEvent.__table__,
    "outbox": Outbox.__table__,
    "request_state": RequestState.__table__,
}

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def fts_query(query: str) -> str | None:
    """Turn what a clerk typed into an FTS5 query: every word must match as a prefix.

    A CNIC or phone typed with dashes or Urdu digits is reduced to its digits; a tracking
    number to its compact form, so ``lhr1-261128-010001-q`` finds it.
    """
    raw = validation.ascii_digits((query or "").strip())
    if not raw:
        return None
    compact = tracking.compact(raw)
    digits = re.sub(r"[\s\-+]", "", raw)
    if digits.isdigit() and len(digits) >= 4:
        if digits.startswith("92") and len(digits) == 12:
            digits = "0" + digits[2:]
        return f'"{digits}"*'
    if tracking.is_valid(compact) or re.fullmatch(r"[A-Z0-9]{2,8}\d{6}\d*", compact):
        return f'"{compact}"*'
    tokens = _TOKEN_RE.findall(raw)
    if not tokens:
        return None
    return " AND ".join(f'"{t}"*' for t in tokens)
