"""End to end on PostgreSQL: real local stores sync with the real server over loopback HTTP.

``test_sync_e2e.py`` runs the same stack on the SQLite default; here the server's database
is PostgreSQL (a fresh database per test session, a fresh schema per test: ``tests/pg.py``).
Three PCs: A in LHR1 and B in LHR2 (two offices of one district, Lahore PK617) and K in
KHI1 (Karachi South, another district). Covered:

* A and B change the same request while offline; after both sync, in either order, both
  show the same status and the same full timeline, and the server holds every record
  exactly once;
* exactly-once arrival when the server commits and then crashes before answering;
* K reads nothing of Lahore through the pull feed, and Lahore nothing of K's; K cannot
  push records of a Lahore office (refused alone, with the reason);
* a revoked PC gets 401 with the plain message, and keeps its records.
"""

from __future__ import annotations

import json
import time

import httpx
import pytest
from sqlalchemy import text
from test_sync_e2e import FailOnce, LiveServer, local_ids, timeline

from conftest import CLERK, SUPERVISOR, register
from models import signing, tracking, wire
from models.events import verify_chain
from server import admin
from store import audit, sync_ops
from store.store import Store
from sync import credentials
from sync.client import SyncClient, enroll
from sync.engine import SyncEngine
from sync.errors import Revoked

pytest_plugins = ("pg",)

KINDS = ("citizen", "service_request", "request_event")


@pytest.fixture
def hooks():
    return FailOnce()


@pytest.fixture
def server(server_pg_url, hooks, memory_keyring):
    from server.app import create_app

    app = create_app(server_pg_url, hooks=hooks)
    assert app.state.engine.dialect.name == "postgresql"
    admin.create_office(app.state.engine, code="LHR2", district="PK617",
                        name="Assistant Commissioner Office, Model Town")
    try:
        with LiveServer(app) as live:
            yield live
    finally:
        app.state.engine.dispose()


@pytest.fixture
def pcs(tmp_path, server):
    """A (LHR1) and B (LHR2), one district; K (KHI1), another district. All enrolled."""
    stores = {name: Store.open(tmp_path / f"pc_{name}") for name in "abk"}
    try:
        for name, office in (("a", "LHR1"), ("b", "LHR2"), ("k", "KHI1")):
            enroll(server.url, admin.create_token(server.app.state.engine, office),
                   stores[name])
        yield stores["a"], stores["b"], stores["k"]
    finally:
        for store in stores.values():
            store.close()


def _sync(store) -> None:
    report = SyncEngine(store).run_once()
    assert report.error is None, report.error
    assert report.all_sent, report.as_dict()


def _own_ids(store, kind: str) -> set[str]:
    device_id = store.device().device_id
    with store._read() as conn:
        return {r[0] for r in conn.execute(text(f"SELECT id FROM {kind} WHERE device_id = :d"),
                                           {"d": device_id})}


def _server_ids(server, kind: str) -> list[str]:
    return server.ids(kind)


def _exactly_once(server, stores) -> None:
    """The server holds exactly the records the PCs made: no loss, no duplicate, no extra."""
    for kind in KINDS:
        on_server = _server_ids(server, kind)
        assert len(on_server) == len(set(on_server)), kind
        made = set().union(*(_own_ids(s, kind) for s in stores))
        assert set(on_server) == made, kind


def _chains_verify(server, stores) -> None:
    with server.app.state.engine.connect() as conn:
        for store in stores:
            dev = store.device()
            events = [dict(r) for r in conn.execute(text(
                "SELECT * FROM request_event WHERE device_id = :d ORDER BY device_seq"),
                {"d": dev.device_id}).mappings()]
            problem = verify_chain(dev.device_id, events, (dev.chain_seq, dev.chain_hash))
            assert problem is None, problem.describe()


def _server_timeline(server, request_id: str) -> list[str]:
    with server.app.state.engine.connect() as conn:
        return [r[0] for r in conn.execute(text(
            "SELECT id FROM request_event WHERE request_id = :r ORDER BY hlc, id"),
            {"r": request_id})]


def _client(store) -> SyncClient:
    """A signed client for *store*'s device, as the sync engine makes it."""
    info = sync_ops.sync_info(store)
    return SyncClient(info.server_url, device_id=info.device_id,
                      key=credentials.load_key(info.device_id))


@pytest.mark.parametrize("order", ["a_first", "b_first"])
def test_two_offices_change_one_request_offline_and_converge(server, pcs, order):
    a, b, _ = pcs
    reg = register(a, 1)
    tn = reg.tracking_number
    _sync(a)
    _sync(b)
    assert b.get_request(tn).status == "submitted"

    # Offline, both move the same request on, each in its own way.
    a.change_status(tn, "in_review", actor=CLERK)
    a.add_note(tn, "Documents checked at LHR1", actor=CLERK)
    a.change_status(tn, "rejected", actor=SUPERVISOR, reason="Photo missing")
    b.change_status(tn, "in_review", actor=CLERK)
    b.change_status(tn, "approved", actor=SUPERVISOR)
    b.add_note(tn, "Approved at LHR2", actor=SUPERVISOR)
    own_b = register(b, 2).tracking_number  # and B registers one of its own

    first, second = (a, b) if order == "a_first" else (b, a)
    for store in (first, second, first):
        _sync(store)

    for ref in (tn, own_b):
        assert a.get_request(ref).status == b.get_request(ref).status
        assert timeline(a, ref) == timeline(b, ref)  # ids, kinds, clocks and hashes
    assert len(timeline(a, tn)) == 7  # created + 3 from A + 3 from B
    assert [e[0] for e in timeline(a, tn)] == _server_timeline(server, reg.request_id)
    # the newest status change by HLC wins, the same everywhere
    last = max((e for e in a.get_request(tn).events if e["kind"] == "status_changed"),
               key=lambda e: (e["hlc"], e["id"]))
    assert a.get_request(tn).status == last["payload"]["to"]

    _exactly_once(server, (a, b))
    _chains_verify(server, (a, b))
    for kind in KINDS:
        assert local_ids(a, kind) == local_ids(b, kind)
    for store in (a, b):
        report = audit.verify(store)
        assert report.ok, [p.describe() for p in report.problems]
    assert SyncEngine(a).run_once().pulled == 0  # the cursor was saved with the changes


def test_exactly_once_when_the_server_crashes_after_committing(server, pcs, hooks):
    a, b, _ = pcs
    for n in range(60):
        register(a, n)
    tn = register(b, 500).tracking_number
    hooks.armed = True

    first = SyncEngine(a).run_once()  # committed on the server, then the answer is lost
    assert first.error_kind == "server_error" and first.pending > 0
    assert not hooks.armed
    committed = sum(server.count(kind) for kind in KINDS)
    assert committed > 0  # the batch was committed before the crash
    second = SyncEngine(a).run_once()
    assert second.all_sent
    assert second.already_held == committed  # sent again, recognised, not stored twice
    assert second.pushed == 180 - committed
    _sync(b)
    b.change_status(tn, "in_review", actor=CLERK)
    _sync(b)
    _sync(a)

    _exactly_once(server, (a, b))
    assert server.count("service_request") == 61 and server.count("citizen") == 61
    assert server.count("request_event") == 62
    _chains_verify(server, (a, b))
    with server.app.state.engine.connect() as conn:
        outcomes = dict(conn.execute(text(
            "SELECT outcome, count(*) FROM received_op GROUP BY outcome")).all())
    assert set(outcomes) <= {"accepted", "already_held"}
    assert [d["gaps"] for d in admin.stats(server.app.state.engine)["devices"]] == [[], [], []]
    for kind in KINDS:
        assert local_ids(a, kind) == local_ids(b, kind)


def test_another_district_neither_reads_nor_writes_lahore(server, pcs):
    a, b, k = pcs
    lahore = register(a, 1)
    register(b, 2)
    karachi = register(k, 3)
    for store in (a, b, k, a, b, k):
        _sync(store)

    # Through the pull feed, each district gets only its own records.
    assert local_ids(k, "service_request") == {karachi.request_id}
    assert local_ids(k, "citizen") == _own_ids(k, "citizen")
    assert local_ids(k, "request_event") == _own_ids(k, "request_event")
    for store in (a, b):
        assert karachi.request_id not in local_ids(store, "service_request")
        assert not local_ids(store, "citizen") & _own_ids(k, "citizen")
    with _client(k) as client:
        everything, cursor = [], 0
        while True:
            page = client.pull(cursor, 500)
            everything += page.changes
            cursor = page.next_cursor
            if not page.more:
                break
    assert {c.kind for c in everything} == {"area", "office", "service"}

    # K pushes records of a Lahore office: each refused alone, with its reason.
    detail = a.get_request(lahore.tracking_number)
    kdev = k.device()
    citizen = {**detail.citizen, "id": "0190e6f5-0000-7000-8000-000000000001",
               "device_id": kdev.device_id}
    forged_request = {**detail.request, "id": "0190e6f5-0000-7000-8000-000000000002",
                      "citizen_id": citizen["id"], "device_id": kdev.device_id,
                      "tracking_number": tracking.make("LHR1", k.today(), 77, 1)}
    event_on_lahore = {**sync_ops.wire_record("request_event", detail.events[0]),
                       "id": "0190e6f5-0000-7000-8000-000000000003",
                       "device_id": kdev.device_id, "kind": "note",
                       "payload": json.dumps({"text": "from Karachi"}),
                       "device_seq": kdev.chain_seq + 1, "prev_hash": kdev.chain_hash}
    stolen = {**detail.citizen, "id": "0190e6f5-0000-7000-8000-000000000004"}  # A's device
    ops = [{"op_seq": 1000 + i, "kind": kind, "record": rec} for i, (kind, rec) in enumerate(
        [("citizen", citizen), ("service_request", forged_request),
         ("request_event", event_on_lahore), ("citizen", stolen)])]
    with _client(k) as client:
        answer = client.push(wire.PushBatch(device_id=kdev.device_id, ops=ops))
    assert answer.accepted == [citizen["id"]]  # a citizen of K's own district: fine
    refused = {r.id: r for r in answer.rejected}
    assert set(refused) == {forged_request["id"], event_on_lahore["id"], stolen["id"]}
    assert {r.code for r in refused.values()} == {"out_of_scope"}
    assert "another district" in refused[forged_request["id"]].reason
    assert "another district" in refused[event_on_lahore["id"]].reason
    assert "another PC" in refused[stolen["id"]].reason
    # Nothing of it reached Lahore's PCs.
    for store in (a, b):
        _sync(store)
        assert forged_request["id"] not in local_ids(store, "service_request")
        assert event_on_lahore["id"] not in local_ids(store, "request_event")
        assert citizen["id"] not in local_ids(store, "citizen")
        assert a.get_request(lahore.tracking_number).status == "submitted"


def test_a_revoked_pc_gets_401_with_the_plain_message(server, pcs):
    a, b, _ = pcs
    register(a, 1)
    _sync(a)
    admin.revoke_device(server.app.state.engine, a.device().device_id)
    register(a, 2)

    report = SyncEngine(a).run_once()
    assert report.error_kind == "revoked"
    assert "revoked" in report.error and "ask IT to enroll it again" in report.error
    assert report.pending == 3 == a.pending_outbox()  # kept on the PC

    with _client(a) as client, pytest.raises(Revoked):
        client.pull(0)
    # On the wire: 401 with the server's plain words, for every device endpoint.
    dev = a.device().device_id
    key = credentials.load_key(dev)
    url = sync_ops.sync_info(a).server_url
    with httpx.Client(base_url=url) as http:
        for method, path, body in (("GET", "/api/v1/sync/pull?cursor=0&limit=10", b""),
                                   ("POST", "/api/v1/sync/push",
                                    json.dumps({"device_id": dev, "ops": []}).encode())):
            moment = int(time.time() * 1000)
            headers = {signing.HEADER_DEVICE: dev, signing.HEADER_TIME: str(moment),
                       signing.HEADER_SIGNATURE: signing.sign(key, method, path, moment, body),
                       "Content-Type": "application/json"}
            resp = http.request(method, path, content=body or None, headers=headers)
            assert resp.status_code == 401, path
            assert resp.json() == {"code": "revoked", "detail": admin.REVOKED}
    assert server.count("service_request") == 1  # the second one never arrived
    _sync(b)  # others carry on
