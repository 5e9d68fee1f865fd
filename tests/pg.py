"""Fixtures for the central-server tests; a test module uses ``pytest_plugins = ("pg",)``
(and does not import this module, so pytest can rewrite its asserts).

* ``server_db_url``: a fresh, empty server database for one test, once on SQLite (a file in
  ``tmp_path``) and once on PostgreSQL. For PostgreSQL one database
  ``daftar_test_<random>`` is created per test session on ``$DAFTAR_TEST_PG`` (default
  ``postgresql://postgres@127.0.0.1:5432/postgres``) and dropped at the end; each test
  gets its own schema in it. Without a reachable PostgreSQL the postgres half is skipped
  (or fails, when ``DAFTAR_REQUIRE_PG=1``).
* ``server_app`` / ``server_client``: :func:`server.app.create_app` on that database, and a
  TestClient; ``server_pg_url``: a PostgreSQL-only ``server_db_url``;
  ``server_with(**create_app_options)``: another app on the same database.
* ``new_pc`` / ``make_token``: :class:`Pc`, a simulated desktop PC (its own Ed25519 key,
  enrollment, signed requests, records built the way ``store.records`` builds them, hash
  chain included), and enrollment tokens.
"""

from __future__ import annotations

import gzip
import json
import os
import secrets
import warnings
from datetime import date
from urllib.parse import quote

import pytest
from starlette.exceptions import StarletteDeprecationWarning

from models import signing, tracking
from models.events import GENESIS, REQUEST_FIELDS, canonical, event_hash, record_hash
from models.ids import new_id

with warnings.catch_warnings():
    # starlette >= 1.x prefers the httpx2 package for its TestClient and warns once, at
    # import, when only httpx is installed (our pyproject pins httpx).
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`",
                            category=StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

PG_ADMIN = os.environ.get("DAFTAR_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
PUSH = "/api/v1/sync/push"
PULL = "/api/v1/sync/pull"
ENROLL = "/api/v1/devices/enroll"


# -- PostgreSQL -------------------------------------------------------------------------

def _pg_connect(dbname: str | None = None):
    import psycopg

    url = PG_ADMIN if dbname is None else PG_ADMIN.rsplit("/", 1)[0] + "/" + dbname
    return psycopg.connect(url, autocommit=True, connect_timeout=3)


@pytest.fixture(scope="session")
def pg_database():
    """``(name, sqlalchemy base URL)`` of this session's PostgreSQL database, or None."""
    import psycopg

    try:
        admin = _pg_connect()
    except psycopg.OperationalError as exc:
        if os.environ.get("DAFTAR_REQUIRE_PG") == "1":
            pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN}: {exc}")
        yield None
        return
    name = f"daftar_test_{secrets.token_hex(4)}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN.replace("postgresql://", "postgresql+psycopg://", 1).rsplit("/", 1)[0]
    try:
        yield name, f"{base}/{name}"
    finally:
        with _pg_connect() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


_schemas = iter(range(1, 1_000_000))


def pg_url(pg_database) -> str:
    """A new empty schema in the session database, as a URL whose search_path is it."""
    if pg_database is None:
        pytest.skip("PostgreSQL is not reachable (set DAFTAR_TEST_PG)")
    name, url = pg_database
    schema = f"t{next(_schemas)}"
    with _pg_connect(name) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    return f"{url}?options={quote(f'-csearch_path={schema}')}"


@pytest.fixture(params=["sqlite", "postgres"])
def server_db_url(request, tmp_path, pg_database):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/server.sqlite3"
    return pg_url(pg_database)


@pytest.fixture
def server_pg_url(pg_database):
    return pg_url(pg_database)


@pytest.fixture
def server_app(server_db_url):
    from server.app import create_app

    application = create_app(server_db_url)
    yield application
    application.state.engine.dispose()


@pytest.fixture
def server_client(server_app):
    return TestClient(server_app)


# -- a simulated PC ---------------------------------------------------------------------

def token_for(app, office: str = "LHR1", **kw) -> str:
    from server import admin

    return admin.create_token(app.state.engine, office, **kw)


class Pc:
    """One desktop PC as the server sees it: key, counters, chain, signed requests."""

    def __init__(self, client: TestClient, office: str = "LHR1") -> None:
        self.client = client
        self.office = office
        self.device_id = new_id()
        self.key = signing.new_private_key()
        self.public_key = signing.public_text(self.key)
        self.device_number = 1
        self.district_id = ""
        self.op_seq = 0
        self.chain_seq = 0
        self.chain_hash = GENESIS
        self.hlc_ms = 1_790_000_000_000
        self.tracking_seq = 0
        self.clock_offset = 0

    # enrollment and signed requests
    def enroll_request(self, token: str, **over) -> dict:
        return {"token": token, "device_id": self.device_id, "public_key": self.public_key,
                "device_name": "Front desk", **over}

    def enroll(self, token: str):
        resp = self.client.post(ENROLL, json=self.enroll_request(token))
        if resp.status_code == 200:
            self.device_number = resp.json()["device_number"]
            self.district_id = resp.json()["district_id"]
        return resp

    def headers(self, method: str, path_qs: str, body: bytes, time_ms: int | None = None,
                key=None) -> dict:
        from server.clock import now_ms

        t = now_ms() + self.clock_offset if time_ms is None else time_ms
        return {signing.HEADER_DEVICE: self.device_id, signing.HEADER_TIME: str(t),
                signing.HEADER_SIGNATURE: signing.sign(key or self.key, method, path_qs, t,
                                                       body)}

    def push_body(self, ops: list[dict], *, device_id: str | None = None) -> bytes:
        return json.dumps({"device_id": device_id or self.device_id, "ops": ops}).encode()

    def push_raw(self, body: bytes, *, compress: bool = True, headers: dict | None = None,
                 **sign_kw):
        sent = gzip.compress(body) if compress else body
        h = {"Content-Type": "application/json", **self.headers("POST", PUSH, sent, **sign_kw)}
        if compress:
            h["Content-Encoding"] = "gzip"
        h.update(headers or {})
        return self.client.post(PUSH, content=sent, headers=h)

    def push(self, ops: list[dict], **kw):
        return self.push_raw(self.push_body(ops), **kw)

    def pull(self, cursor: int = 0, limit: int = 500, **sign_kw):
        path = f"{PULL}?cursor={cursor}&limit={limit}"
        return self.client.get(path, headers=self.headers("GET", path, b"", **sign_kw))

    def pull_all(self, cursor: int = 0, limit: int = 500) -> tuple[list[dict], int]:
        changes = []
        while True:
            page = self.pull(cursor, limit)
            assert page.status_code == 200, page.text
            data = page.json()
            changes += data["changes"]
            assert data["next_cursor"] >= cursor
            cursor = data["next_cursor"]
            if not data["more"]:
                return changes, cursor

    # records, built like store.records builds them
    def op(self, kind: str, record: dict) -> dict:
        self.op_seq += 1
        return {"op_seq": self.op_seq, "kind": kind, "record": record}

    def citizen(self, n: int = 0, **over) -> dict:
        return {"id": new_id(), "cnic": f"35202{n:07d}1", "name": "Ayesha Khan",
                "phone": "+923001234567", "created_at": "2026-11-28T10:15:02.123Z",
                "device_id": self.device_id, **over}

    def request(self, citizen: dict, **over) -> dict:
        self.tracking_seq += 1
        office = over.get("office_code", self.office)
        rec = {"id": new_id(),
               "tracking_number": tracking.make(office, date(2026, 11, 28),
                                                self.device_number, self.tracking_seq),
               "citizen_id": citizen["id"], "service_code": "DOMICILE_CERTIFICATE",
               "office_code": office, "description": "for a job application",
               "created_at": "2026-11-28T10:15:02.456Z", "due_date": "2026-12-05",
               "fee_pkr": 550, "device_id": self.device_id}
        rec.update(over)
        return rec

    def event(self, request_id: str, kind: str = "note", payload: dict | None = None,
              **over) -> dict:
        """The next event of this PC's chain, as sent (no ``hash``)."""
        self.hlc_ms += 1
        ev = {"id": new_id(), "request_id": request_id, "kind": kind,
              "hlc": f"{self.hlc_ms:013d}.00000.{self.device_id}",
              "actor_name": "Sana Iqbal", "actor_role": "clerk", "device_id": self.device_id,
              "device_seq": self.chain_seq + 1,
              "payload": canonical(payload if payload is not None else {"text": "called"})
              .decode(),
              "prev_hash": self.chain_hash, "created_at": "2026-11-28T10:16:00.000Z"}
        ev.update(over)
        self.chain_seq = ev["device_seq"]
        self.chain_hash = event_hash(ev)
        return ev

    def created(self, request: dict) -> dict:
        return self.event(request["id"], "created", {
            "record_hash": record_hash(request, REQUEST_FIELDS),
            "tracking_number": request["tracking_number"],
            "service_code": request["service_code"]})

    def new_request_ops(self, n: int = 0, *, citizen: dict | None = None,
                        notes: int = 0) -> tuple[list[dict], dict]:
        """Ops for a citizen (unless given), a request, its created event and *notes*."""
        ops = []
        if citizen is None:
            citizen = self.citizen(n)
            ops.append(self.op("citizen", citizen))
        req = self.request(citizen)
        ops.append(self.op("service_request", req))
        ops.append(self.op("request_event", self.created(req)))
        for i in range(notes):
            ops.append(self.op("request_event", self.event(req["id"], "note",
                                                            {"text": f"note {i}"})))
        return ops, req


def enrolled(client: TestClient, app, office: str = "LHR1") -> Pc:
    pc = Pc(client, office)
    resp = pc.enroll(token_for(app, office))
    assert resp.status_code == 200, resp.text
    return pc


@pytest.fixture
def server_with(server_db_url):
    """``server_with(**create_app_options, raise_server_exceptions=True)``: another app on
    this test's database, as ``(app, new_pc)``; disposed at the end of the test."""
    from server.app import create_app

    made = []

    def make(*, raise_server_exceptions: bool = True, **options):
        application = create_app(server_db_url, **options)
        made.append(application)
        client = TestClient(application, raise_server_exceptions=raise_server_exceptions)

        def new_pc(office: str = "LHR1", *, enroll: bool = True) -> Pc:
            return enrolled(client, application, office) if enroll else Pc(client, office)

        return application, new_pc

    yield make
    for application in made:
        application.state.engine.dispose()


@pytest.fixture
def make_token(server_app):
    """``make_token(office="LHR1", hours=72, now=None)``: a new enrollment token."""
    return lambda office="LHR1", **kw: token_for(server_app, office, **kw)


@pytest.fixture
def new_pc(server_app, server_client):
    """``new_pc(office="LHR1", enroll=True)``: a simulated PC, enrolled unless told."""

    def make(office: str = "LHR1", *, enroll: bool = True) -> Pc:
        if enroll:
            return enrolled(server_client, server_app, office)
        return Pc(server_client, office)

    return make
