"""Sync under faults: the real server behind our fault proxy, real stores, thousands of records.

The server (:func:`server.app.create_app`) runs with uvicorn on a loopback port — once on
SQLite, once on PostgreSQL (``server_db_url`` of ``tests/pg.py``) — and the PCs reach it
ONLY through :class:`faultproxy.FaultProxy`, which ruins about a third of the connections
(upload cut at a random byte, answer cut at a random byte, stall then close, 502). Every
request gets its own connection (no keep-alive), so every push and every pull meets the
dice. On top of that a server hook crashes every Nth push *after its transaction
committed, before the answer* — the device sees a 500 for records the server holds.

Two PCs of two offices of one district (LHR1, LHR2) register requests and move them
(their own and each other's, once pulled) through the workflow while background sync
rounds run; then rounds repeat until nothing is pending, faults are switched off, and a
final round pulls everything. Afterwards:

* the server holds exactly the records the PCs made — per kind, same ids, same content:
  0 lost, 0 duplicated, nothing extra;
* every device's audit chain verifies on the server, up to the head the PC recorded;
* no op_seq gap is left for any device; nothing was refused or parked;
* ``daftar audit verify`` passes on both PCs, which hold the same records and show the
  same status and timeline for every request;
* faults really happened (counted on the client, the proxy and the hook).

A second test shows that a cut or stalled upload never holds a server transaction open.
"""

from __future__ import annotations

import gzip
import random
import socket
import sqlite3
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import func, make_url, select, text
from test_sync_e2e import LiveServer, local_ids, timeline

from conftest import SUPERVISOR, register
from faultproxy import FaultProxy
from models.events import verify_chain
from models.workflow import TRANSITIONS
from server import admin
from server.tables import RECORD_TABLES
from store import audit, sync_ops
from store.errors import NotAllowed
from store.store import Store
from sync.client import enroll
from sync.engine import BatchSizer, SyncEngine
from sync.errors import SyncError

pytest_plugins = ("pg",)

KINDS = ("citizen", "service_request", "request_event")
#: Client timeouts: short, so a stalled connection costs seconds, not minutes.
SHORT = httpx.Timeout(2.5)
FAULTS = {"cut_up": 0.08, "cut_down": 0.08, "stall": 0.06, "bad_gateway": 0.08}  # 30 %
CRASH_EVERY = 6  # every 6th push crashes after its commit
PHASES = 10
REQUESTS_PER_PHASE = 35  # per PC: 2 PCs x 10 x 35 = 700 requests = 2,100 records + moves
MOVES_PER_PHASE = 15  # per PC, on its own and the other office's requests
MAX_DRAIN_ROUNDS = 300


class Flaky(httpx.HTTPTransport):
    """The PC's transport: a new connection per request (each one meets the proxy's dice)
    and short timeouts."""

    def __init__(self) -> None:
        super().__init__(retries=1, limits=httpx.Limits(max_keepalive_connections=0))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.extensions["timeout"] = SHORT.as_dict()
        return super().handle_request(request)


class CrashAfterCommit:
    """Server hook: every *every*-th push raises after its transaction committed, before
    its answer is sent (the PC gets a 500). Before raising it checks, on a connection of
    its own, that the batch's records are really committed."""

    def __init__(self, every: int) -> None:
        self.every = every
        self.engine = None  # the app's engine, set once the app exists
        self.enabled = True
        self.pushes = 0
        self.crashes: list[tuple[int, int]] = []  # (records in the batch, found committed)
        self._lock = threading.Lock()

    def after_commit(self, batch) -> None:
        with self._lock:
            self.pushes += 1
            crash = self.enabled and self.pushes % self.every == 0
        if not crash:
            return
        wanted: dict[str, set[str]] = {}
        for op in batch.ops:
            wanted.setdefault(op.kind, set()).add(op.record["id"])
        found = 0
        with self.engine.connect() as conn:
            for kind, ids in wanted.items():
                column = RECORD_TABLES[kind][0].c.id
                listed = sorted(ids)
                for i in range(0, len(listed), 500):
                    found += conn.execute(select(func.count()).where(
                        column.in_(listed[i:i + 500]))).scalar_one()
        with self._lock:
            self.crashes.append((sum(len(v) for v in wanted.values()), found))
        raise RuntimeError("crash after commit, before the answer (test hook)")


def _enroll_through(proxy_url: str, token: str, store) -> int:
    """Enroll through the faulty link, retrying with the same token (retry-safe)."""
    for attempt in range(1, 60):
        try:
            enroll(proxy_url, token, store, transport=Flaky())
            return attempt
        except SyncError:
            time.sleep(0.02)
    raise AssertionError("enrollment never got through the proxy")


def _move(store, rng: random.Random, tracking_number: str) -> bool:
    """One random workflow step on a request (as a supervisor, who may take any step)."""
    status = store.get_request(tracking_number).status
    steps = [t for t in TRANSITIONS if t.source == status]
    if not steps:
        return False
    step = rng.choice(steps)
    try:
        store.change_status(
            tracking_number, step.target, actor=SUPERVISOR,
            reason="Documents incomplete" if step.needs_reason else None,
            outcome="resolved" if step.needs_outcome else None,
            note="Handed over at the counter" if step.needs_outcome else None)
    except NotAllowed:  # a pulled event moved it meanwhile
        return False
    return True


def _own(store, kind: str) -> dict[str, dict]:
    """The records of *kind* this PC made itself, by id."""
    device_id = store.device().device_id
    with store._read() as conn:
        return {r["id"]: dict(r) for r in conn.execute(
            text(f"SELECT * FROM {kind} WHERE device_id = :d"), {"d": device_id}).mappings()}


def _server_rows(engine, kind: str) -> list[dict]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(text(f"SELECT * FROM {kind}")).mappings()]


class Pcs:
    """The PCs, their sync rounds and what those rounds reported."""

    def __init__(self, stores: list[Store]) -> None:
        self.stores = stores
        self.sizers = {id(s): BatchSizer() for s in stores}
        self.errors: Counter = Counter()
        self.rounds = 0
        self.already_held = 0
        self._lock = threading.Lock()

    def round(self, store):
        report = SyncEngine(store, transport=Flaky(), sizer=self.sizers[id(store)]).run_once()
        with self._lock:
            self.rounds += 1
            self.already_held += report.already_held
            if report.error_kind:
                self.errors[report.error_kind] += 1
        return report

    def keep_syncing(self, store, stop: threading.Event) -> None:
        while not stop.is_set():
            self.round(store)
            time.sleep(0.005)


@pytest.mark.slow
def test_no_loss_no_duplicates_under_random_faults(server_db_url, tmp_path, memory_keyring):
    from server.app import create_app

    started = time.monotonic()
    rng = random.Random(20261128)
    hook = CrashAfterCommit(CRASH_EVERY)
    app = create_app(server_db_url, hooks=hook)
    hook.engine = engine = app.state.engine
    admin.create_office(engine, code="LHR2", district="PK617",
                        name="Assistant Commissioner Office, Model Town")
    a = Store.open(tmp_path / "pc_a")
    b = Store.open(tmp_path / "pc_b")
    stores = [a, b]
    try:
        with LiveServer(app) as live:
            proxy = FaultProxy("127.0.0.1", int(live.url.rsplit(":", 1)[1]), seed=7,
                               stall_seconds=0.3, max_cut_bytes=4000, **FAULTS)
            proxy.start()
            try:
                tries = [_enroll_through(proxy.url, admin.create_token(engine, office), s)
                         for s, office in ((a, "LHR1"), (b, "LHR2"))]
                pcs = Pcs(stores)

                # Clerks work while sync runs in the background, through the faults.
                stop = threading.Event()
                moves = Counter()
                with ThreadPoolExecutor(len(stores)) as pool:
                    workers = [pool.submit(pcs.keep_syncing, s, stop) for s in stores]
                    try:
                        for phase in range(PHASES):
                            for i, store in enumerate(stores):
                                for n in range(REQUESTS_PER_PHASE):
                                    register(store, (i * PHASES + phase) * 1000 + n)
                                known = [r.tracking_number
                                         for r in store.list_requests(limit=100_000)]
                                for tn in rng.sample(known, min(MOVES_PER_PHASE, len(known))):
                                    moves["own" if tn.startswith(store.device().office_code)
                                          else "other office's"] += _move(store, rng, tn)
                            time.sleep(0.2)
                    finally:
                        stop.set()
                        for w in workers:
                            w.result()

                # Sync (still through the faults) until nothing is pending anywhere.
                for _ in range(MAX_DRAIN_ROUNDS):
                    for store in stores:
                        pcs.round(store)
                    if all(sync_ops.outbox_counts(s) == {"pending": 0, "rejected": 0}
                           for s in stores):
                        break
                else:
                    raise AssertionError(f"still pending after {MAX_DRAIN_ROUNDS} rounds: "
                                         f"{[sync_ops.outbox_counts(s) for s in stores]}")
                faulty_rounds = sum(pcs.errors.values())
                rounds_with_faults = pcs.rounds

                # Faults off; final rounds push nothing and pull everything.
                proxy.enabled = False
                hook.enabled = False
                for store in (a, b, a, b):
                    report = pcs.round(store)
                    assert report.all_sent, report.as_dict()
                    assert report.pushed == 0  # everything had arrived already
                assert pcs.round(a).pulled == pcs.round(b).pulled == 0
                fault_stats = dict(proxy.stats)
            finally:
                proxy.stop()

        created = {k: {} for k in KINDS}
        for store in stores:
            for kind in KINDS:
                created[kind].update(_own(store, kind))
        n_created = sum(len(v) for v in created.values())
        print(f"\n[{make_url(server_db_url).get_backend_name()}] records created: "
              f"{ {k: len(v) for k, v in created.items()} } = {n_created}; moves {dict(moves)};"
              f" enrollment tries {tries}; sync rounds {rounds_with_faults} under faults, "
              f"{faulty_rounds} broken {dict(pcs.errors)}; resent and recognised "
              f"{pcs.already_held}; proxy {fault_stats}; pushes {hook.pushes}, crashes after "
              f"commit {len(hook.crashes)}; {time.monotonic() - started:.1f} s")
        assert n_created >= 2000
        assert moves["other office's"] > 0

        # 0 lost, 0 duplicated, nothing extra — and byte-for-byte the same content.
        for kind in KINDS:
            rows = _server_rows(engine, kind)
            ids = [r["id"] for r in rows]
            assert len(ids) == len(set(ids)), f"{kind}: duplicated on the server"
            lost = created[kind].keys() - set(ids)
            extra = set(ids) - created[kind].keys()
            assert not lost and not extra, (kind, len(lost), len(extra))
            on_server = {r["id"]: r for r in rows}
            differ = [i for i, rec in created[kind].items()
                      if {k: on_server[i][k] for k in rec} != rec]
            assert not differ, f"{kind}: {len(differ)} records differ from the PC's"

        # Every device's chain verifies on the server, up to the head the PC recorded.
        with engine.connect() as conn:
            for store in stores:
                dev = store.device()
                events = [dict(r) for r in conn.execute(text(
                    "SELECT * FROM request_event WHERE device_id = :d ORDER BY device_seq"),
                    {"d": dev.device_id}).mappings()]
                assert events, "no events of this PC on the server"
                problem = verify_chain(dev.device_id, events, (dev.chain_seq, dev.chain_hash))
                assert problem is None, problem.describe()
                # Every op number arrived; none was refused.
                received = conn.execute(text(
                    "SELECT count(*), max(op_seq), "
                    "sum(CASE WHEN outcome = 'rejected' THEN 1 ELSE 0 END) "
                    "FROM received_op WHERE device_id = :d"), {"d": dev.device_id}).one()
                assert tuple(received) == (dev.next_op_seq - 1, dev.next_op_seq - 1, 0)
        stats = admin.stats(engine)
        assert [d["gaps"] for d in stats["devices"]] == [[], []]
        assert stats["totals"]["requests"] == len(created["service_request"])

        for store in stores:
            assert sync_ops.rejected_records(store) == []
            assert sync_ops.parked_records(store) == []
            report = audit.verify(store)
            assert report.ok, [p.describe() for p in report.problems]
        # Both PCs hold everything, and show the same status and timeline everywhere.
        for kind in KINDS:
            assert local_ids(a, kind) == local_ids(b, kind) == created[kind].keys()
        for req in created["service_request"].values():
            tn = req["tracking_number"]
            assert a.get_request(tn).status == b.get_request(tn).status, tn
            assert timeline(a, tn) == timeline(b, tn), tn

        # The faults really happened, and the crashes came after real commits.
        assert faulty_rounds >= 20, pcs.errors
        assert pcs.errors["no_connection"] >= 5 and pcs.errors["server_error"] >= 3
        assert len(hook.crashes) >= 3
        assert all(n == found for n, found in hook.crashes), hook.crashes
        assert pcs.already_held > 0  # batches the server held were sent again, recognised
        # Connections dealt a stall (a short exchange may end before the stall bites, so
        # how many actually stalled depends on timing; the next test stalls on purpose).
        assert fault_stats["stall"] >= 1 and fault_stats["cut_bytes"] > 0
        assert sum(fault_stats.get(m, 0) for m in FAULTS) >= 20
    finally:
        for store in stores:
            store.close()
        engine.dispose()


# -- a cut upload never holds a transaction open ----------------------------------------

def _write_lock_free(engine) -> bool:
    """Whether a writer could start right now (nobody holds a write transaction)."""
    if engine.dialect.name == "sqlite":
        probe = sqlite3.connect(engine.url.database, timeout=0)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError:
            return False
        finally:
            probe.close()
    with engine.connect() as conn:
        stuck = conn.execute(text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND backend_type = 'client backend' AND pid <> pg_backend_pid() AND (state LIKE 'idle in transaction%' "
            "OR (state = 'active' AND xact_start IS NOT NULL))")).scalar_one()
    return stuck == 0


def test_a_cut_or_stalled_upload_never_holds_a_transaction(server_db_url):
    from pg import Pc  # the helper class; the fixtures come through pytest_plugins

    from server.app import create_app

    app = create_app(server_db_url)
    engine = app.state.engine
    try:
        with LiveServer(app) as live:
            port = int(live.url.rsplit(":", 1)[1])
            proxy = FaultProxy("127.0.0.1", port, seed=3, cut_up=1.0, max_cut_bytes=30_000)
            proxy.start()
            try:
                with httpx.Client(base_url=live.url, timeout=10) as direct, \
                        httpx.Client(base_url=proxy.url, timeout=10) as cut:
                    first, second = Pc(direct), Pc(direct)
                    for pc in (first, second):
                        assert pc.enroll(admin.create_token(engine, "LHR1")).status_code == 200
                    ops = []
                    for i in range(150):
                        more, _ = first.new_request_ops(i, notes=1)
                        ops += more
                    body = first.push_body(ops)
                    assert len(body) > 100_000  # sent plain: the cut lands inside the body

                    # 1. Uploads cut at random bytes by the proxy.
                    first.client = cut
                    for _ in range(3):
                        before = proxy.stats["cut_bytes"]
                        with pytest.raises(httpx.TransportError):
                            first.push_raw(body, compress=False)
                        assert proxy.stats["cut_bytes"] - before > 1000  # past the headers
                        assert _write_lock_free(engine)
                        ops2, _ = second.new_request_ops(10_000 + proxy.stats["cut_up"])
                        t0 = time.monotonic()
                        answer = second.push(ops2)
                        assert answer.status_code == 200, answer.text
                        assert len(answer.json()["accepted"]) == 3
                        assert time.monotonic() - t0 < 2.0  # nothing to wait for
                    assert live.count("citizen", "device_id = :d", d=first.device_id) == 0

                    # 2. An upload that stalls half way, its connection left open.
                    gz = gzip.compress(body)
                    half = len(gz) // 2
                    headers = {"Content-Type": "application/json", "Content-Encoding": "gzip",
                               **first.headers("POST", "/api/v1/sync/push", gz)}
                    head = (f"POST /api/v1/sync/push HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                            f"Content-Length: {len(gz)}\r\n"
                            + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n")
                    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
                        raw.sendall(head.encode() + gz[:half])
                        time.sleep(0.5)
                        assert _write_lock_free(engine)
                        ops3, _ = second.new_request_ops(20_000)
                        t0 = time.monotonic()
                        assert second.push(ops3).json()["accepted"] == \
                            [o["record"]["id"] for o in ops3]
                        assert time.monotonic() - t0 < 2.0
                        assert _write_lock_free(engine)
                    # the stalled one went away without its second half: nothing stored,
                    # and the whole batch, sent again, is taken as it is
                    assert live.count("citizen", "device_id = :d", d=first.device_id) == 0
                    first.client = direct
                    again = first.push_raw(body).json()
                    assert again["rejected"] == [] and again["already_held"] == []
                    assert sorted(again["accepted"]) == sorted(o["record"]["id"] for o in ops)
                    assert _write_lock_free(engine)
            finally:
                proxy.stop()
    finally:
        engine.dispose()
