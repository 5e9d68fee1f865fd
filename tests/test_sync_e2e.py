"""End to end: real local stores sync with the real server over loopback HTTP.

The server (``server.app.create_app``) runs with uvicorn on a free loopback port in a
thread, on a SQLite database in ``tmp_path``. Two PCs of two offices of one district
(LHR1 and a new LHR2, both in Lahore, PK617) enroll with one-time tokens and sync through
``sync.engine`` exactly as ``daftar sync`` does. The OS keyring cannot run here, so an
in-memory backend replaces it.
"""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest
from sqlalchemy import text

from conftest import CLERK, SUPERVISOR, register
from store import audit, sync_ops
from store.store import Store
from sync.client import enroll
from sync.engine import SyncEngine

uvicorn = pytest.importorskip("uvicorn")


class LiveServer:
    """The real server app, served by uvicorn on 127.0.0.1 in a background thread."""

    def __init__(self, app) -> None:
        self.app = app
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        config = uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run,
                                       kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "the server did not start"
            assert self.thread.is_alive(), "the server thread died"
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(20)
        self.sock.close()

    def count(self, table: str, where: str = "1=1", **params) -> int:
        with self.app.state.engine.connect() as conn:
            return conn.execute(text(f"SELECT count(*) FROM {table} WHERE {where}"),
                                params).scalar_one()

    def ids(self, table: str) -> list[str]:
        with self.app.state.engine.connect() as conn:
            return [r[0] for r in conn.execute(text(f"SELECT id FROM {table}"))]


class FailOnce:
    """Server hook: the first push commits, then the request crashes before its answer
    (the device must resend a batch the server already holds)."""

    def __init__(self) -> None:
        self.armed = False  # a test arms it

    def after_commit(self, batch) -> None:
        if self.armed:
            self.armed = False
            raise RuntimeError("crash after commit, before the answer")


@pytest.fixture
def hooks():
    return FailOnce()


@pytest.fixture
def server(tmp_path, hooks, memory_keyring):
    from server import admin
    from server.app import create_app

    app = create_app(f"sqlite:///{tmp_path}/server.sqlite3", hooks=hooks)
    admin.create_office(app.state.engine, code="LHR2", district="PK617",
                        name="Assistant Commissioner Office, Model Town")
    try:
        with LiveServer(app) as live:
            yield live
    finally:
        app.state.engine.dispose()


@pytest.fixture
def pcs(tmp_path, server):
    """Two enrolled PCs: A in LHR1, B in LHR2 (B starts as a fresh store and takes the
    office the server enrolls it for)."""
    from server import admin

    a = Store.open(tmp_path / "pc_a")
    b = Store.open(tmp_path / "pc_b")
    try:
        enroll(server.url, admin.create_token(server.app.state.engine, "LHR1"), a)
        enroll(server.url, admin.create_token(server.app.state.engine, "LHR2"), b)
        yield a, b
    finally:
        a.close()
        b.close()


def local_ids(store, table: str) -> set[str]:
    with store._read() as conn:
        return {r[0] for r in conn.execute(text(f"SELECT id FROM {table}"))}


def timeline(store, tracking_number: str) -> list[tuple]:
    detail = store.get_request(tracking_number)
    return [(e["id"], e["kind"], e["hlc"], e["hash"]) for e in detail.events]


def test_enrollment_assigns_office_and_device_numbers(server, pcs):
    a, b = pcs
    assert (a.device().office_code, b.device().office_code) == ("LHR1", "LHR2")
    assert sync_ops.sync_info(b).district_id == "PK617"
    assert register(b, 1).tracking_number.startswith(
        f"LHR2-{b.today():%y%m%d}-{b.device().device_number:02d}")


def test_enrollment_retry_with_the_same_token_succeeds(server, tmp_path):
    from server import admin

    token = admin.create_token(server.app.state.engine, "LHR1")
    with Store.open(tmp_path / "pc") as pc:
        first = enroll(server.url, token, pc)
        again = enroll(server.url, token, pc)  # as if the first answer had been lost
        assert again.device_number == first.device_number
        assert again.device_id == pc.device().device_id


def test_exactly_once_arrival_despite_a_lost_answer(server, pcs, hooks):
    a, b = pcs
    for n in range(40):
        register(a, n)
    for n in range(5):
        register(b, 100 + n)
    events_a = len(local_ids(a, "request_event"))
    hooks.armed = True

    first = SyncEngine(a).run_once()  # the server commits, then the answer is lost
    assert first.error_kind == "server_error" and first.pending > 0
    assert not hooks.armed
    second = SyncEngine(a).run_once()
    assert second.error is None and second.pending == 0 and second.all_sent
    assert second.already_held > 0  # the resent batch was recognised, not duplicated
    assert sync_ops.outbox_counts(a) == {"pending": 0, "rejected": 0}

    assert SyncEngine(b).run_once().all_sent
    # Exactly once: every local record is on the server, and nothing else.
    assert set(server.ids("service_request")) == \
        local_ids(a, "service_request") | local_ids(b, "service_request")
    assert server.count("service_request") == 45
    assert server.count("request_event") == events_a + 5
    assert server.count("citizen") == 45

    # Each PC pulled the other's requests (one district), applied exactly once.
    a_again = SyncEngine(a).run_once()
    assert a_again.pulled >= 15  # B's citizens, requests, events (+ reference data)
    assert local_ids(a, "service_request") == local_ids(b, "service_request")
    assert local_ids(a, "request_event") == local_ids(b, "request_event")
    assert SyncEngine(a).run_once().pulled == 0  # nothing new: the cursor was saved
    for store in (a, b):
        report = audit.verify(store)
        assert report.ok, [p.describe() for p in report.problems]


@pytest.mark.parametrize("order", ["a_first", "b_first"])
def test_both_offices_change_one_request_offline_and_converge(server, pcs, order):
    a, b = pcs
    tn = register(a, 1).tracking_number
    assert SyncEngine(a).run_once().all_sent
    assert SyncEngine(b).run_once().pulled > 0
    assert b.get_request(tn).status == "submitted"

    # Offline, both move the same request on.
    a.change_status(tn, "in_review", actor=CLERK)
    a.add_note(tn, "Documents checked at LHR1", actor=CLERK)
    b.change_status(tn, "in_review", actor=CLERK)
    b.change_status(tn, "approved", actor=SUPERVISOR)
    b.add_note(tn, "Approved at LHR2", actor=SUPERVISOR)

    first, second = (a, b) if order == "a_first" else (b, a)
    for store in (first, second, first):
        report = SyncEngine(store).run_once()
        assert report.error is None, report.error
    assert first.pending_outbox() == second.pending_outbox() == 0

    assert a.get_request(tn).status == b.get_request(tn).status
    assert timeline(a, tn) == timeline(b, tn)
    assert len(timeline(a, tn)) == 6  # created + 2 from A + 3 from B
    assert [r.status for r in a.list_requests() if r.tracking_number == tn] == \
        [r.status for r in b.list_requests() if r.tracking_number == tn]
    for store in (a, b):
        report = audit.verify(store)
        assert report.ok, [p.describe() for p in report.problems]


def test_a_bad_record_is_rejected_alone_and_kept_with_its_reason(server, pcs):
    a, _ = pcs
    good = register(a, 1)
    # A service this PC knows but the server does not: the server must refuse it.
    with a._write() as conn:
        conn.execute(text(
            "INSERT INTO service(code, category, department_en, department_ur, name_en, "
            "name_ur, sla_days, fee_pkr, documents_en, documents_ur, active) VALUES "
            "('BOGUS', 'x', 'x', 'x', 'Bogus', 'Bogus', 5, 0, '[]', '[]', 1)"))
    bad = register(a, 2, service_code="BOGUS")
    after = register(a, 3)
    report = SyncEngine(a).run_once()
    assert report.error is None
    assert report.rejected >= 1 and not report.all_sent
    refused = {r.record_id: r for r in sync_ops.rejected_records(a)}
    assert bad.request_id in refused and refused[bad.request_id].reason
    on_server = set(server.ids("service_request"))
    assert {good.request_id, after.request_id} <= on_server
    assert bad.request_id not in on_server


def test_a_revoked_pc_is_told_and_keeps_its_records(server, pcs):
    from server import admin

    a, _ = pcs
    admin.revoke_device(server.app.state.engine, a.device().device_id)
    register(a, 1)
    report = SyncEngine(a).run_once()
    assert report.error_kind == "revoked"
    assert report.pending == 3 == a.pending_outbox()


def test_the_probe_sees_the_server(server, pcs):
    a, _ = pcs
    assert SyncEngine(a).probe()


def test_cli_enroll_and_sync(server, tmp_path, capsys):
    from test_sync_engine import parse

    from server import admin

    folder = str(tmp_path / "cli_pc")
    token = admin.create_token(server.app.state.engine, "LHR1")
    args = parse(["--data-dir", folder, "enroll", "--server", server.url, "--token", token])
    assert args.func(args) == 0
    assert "Enrolled: office LHR1" in capsys.readouterr().out
    with Store.open(folder) as pc:
        register(pc, 1)
    args = parse(["--data-dir", folder, "sync"])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "pushed:       3" in out and "pending:      0" in out
    args = parse(["--data-dir", folder, "sync", "--json"])
    assert args.func(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["all_sent"] and data["pushed"] == 0
