"""The central server SIGKILLed in the middle of a sync, then restarted on its database.

The server is the real one, ``daftar server run`` in its own process, once on SQLite and
once on PostgreSQL (``server_db_url`` of ``tests/pg.py``). A PC pushes its outbox in small
batches and the server is killed at a random instant of the round, twice,
restarted each time on the same database; then a PC of another office pulls everything
in small pages and the server is killed under it twice. After a last round each:

* every record of the pushing PC is on the server exactly once, its audit chain verifies
  on the server up to the head the PC recorded, and the server knows of no op gap;
* the pulling PC holds every record of the server, nothing parked, and its audit trail
  verifies.

Seeds are fixed; the kill times are printed on failure.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from models.events import verify_chain
from server import admin
from server.db import open_database
from store import audit, demo, sync_ops
from store.store import Store
from sync.client import enroll
from sync.credentials import new_key_text
from sync.engine import BatchSizer, SyncEngine

pytest_plugins = ("pg",)

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("citizen", "service_request", "request_event")
KILLS = 2  # per direction and database
PER_PHASE = 80  # requests added before each push that gets killed


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """``daftar server run`` on *url* and *port*, in its own process."""

    def __init__(self, url: str, port: int, log: Path) -> None:
        self.url, self.port, self.log = url, port, log
        self.proc: subprocess.Popen | None = None
        self.kills = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, str(ROOT / "daftar.py"), "server", "run", "--database-url",
                 self.url, "--port", str(self.port)], stdout=out, stderr=out, env=env,
                cwd=ROOT)
        deadline = time.monotonic() + 60
        while True:
            assert self.proc.poll() is None, self.log.read_text()[-3000:]
            try:
                if httpx.get(f"{self.base}/api/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.kills += 1
        if self.proc:
            self.proc.wait()

    def kill_after(self, delay: float) -> threading.Timer:
        timer = threading.Timer(delay, self.kill)
        timer.start()
        return timer


def _ids(conn, kind: str, where: str = "", **params) -> list[str]:
    return [r[0] for r in conn.execute(text(f"SELECT id FROM {kind} {where}"), params)]


def _open(folder: Path) -> Store:
    import people

    store = Store.open(folder)
    people.seed(store)
    return store


@pytest.mark.slow
def test_server_killed_while_a_pc_pushes_and_while_one_pulls(server_db_url, tmp_path):
    rng = random.Random(20261130)
    engine = open_database(server_db_url)
    admin.create_office(engine, code="LHR2", district="PK617",
                        name="Assistant Commissioner Office, Model Town")
    server = ServerProcess(server_db_url, _free_port(), tmp_path / "server.log")
    server.start()
    a, b = _open(tmp_path / "pc_a"), _open(tmp_path / "pc_b")
    key_a, key_b = new_key_text(), new_key_text()
    delays: list[float] = []
    try:
        enroll(server.base, admin.create_token(engine, "LHR1"), a, supplied_key=key_a)
        enroll(server.base, admin.create_token(engine, "LHR2"), b, supplied_key=key_b)

        # 1. PC A pushes its records in small batches; the server dies under it.
        def sync_a(small: bool = True):  # small batches: the kill lands inside a round
            sizer = BatchSizer(start=8_192, low=4_096, high=8_192) if small else None
            return SyncEngine(a, supplied_key=key_a, sizer=sizer).run_once()

        for k in range(KILLS):
            demo.generate(a, PER_PHASE, seed=k + 1)
            before = sync_ops.outbox_counts(a)["pending"]
            delays.append(round(rng.uniform(0.05, 0.6), 3))
            timer = server.kill_after(delays[-1])
            report = sync_a()
            timer.join()
            server.kill()
            assert report.error_kind in ("no_connection", None), report.as_dict()
            print(f"push {k}: killed after {delays[-1]} s; pushed {report.pushed} of "
                  f"{before}, pending {report.pending}")
            server.start()
        assert server.kills == KILLS
        report = sync_a(small=False)
        assert report.all_sent, report.as_dict()

        device = a.device()
        with engine.connect() as conn:
            for kind in KINDS:
                on_server = _ids(conn, kind, "WHERE device_id = :d", d=device.device_id)
                with a._read() as local:
                    mine = _ids(local, kind, "WHERE device_id = :d", d=device.device_id)
                assert len(on_server) == len(set(on_server)), (kind, "duplicated", delays)
                assert set(on_server) == set(mine), (kind, "lost or extra", delays)
            events = [dict(r) for r in conn.execute(text(
                "SELECT * FROM request_event WHERE device_id = :d ORDER BY device_seq"),
                {"d": device.device_id}).mappings()]
        problem = verify_chain(device.device_id, events, (device.chain_seq, device.chain_hash))
        assert problem is None, (problem.describe(), delays)
        gaps = {d["device_id"]: d["gaps"] for d in admin.stats(engine)["devices"]}
        assert gaps[device.device_id] == [], (gaps, delays)

        # 2. PC B pulls all of it in small pages; the server dies under it.
        def sync_b(small: bool = True):
            return SyncEngine(b, supplied_key=key_b, pull_limit=25 if small else 500).run_once()

        for k in range(KILLS):
            delays.append(round(rng.uniform(0.05, 0.6), 3))
            timer = server.kill_after(delays[-1])
            report = sync_b()
            timer.join()
            server.kill()
            print(f"pull {k}: killed after {delays[-1]} s; pulled {report.pulled} "
                  f"({report.error_kind})")
            server.start()
        report = sync_b(small=False)
        assert report.ok, report.as_dict()
        with engine.connect() as conn, b._read() as local:
            for kind in KINDS:
                missing = set(_ids(conn, kind)) - set(_ids(local, kind))
                assert not missing, (kind, len(missing), "not pulled", delays)
        assert sync_ops.parked_records(b) == []
        for store in (a, b):
            verified = audit.verify(store)
            assert verified.ok, [p.describe() for p in verified.problems]
        assert b.count_requests() == a.count_requests() == KILLS * PER_PHASE
    finally:
        server.kill()
        a.close()
        b.close()
        engine.dispose()
