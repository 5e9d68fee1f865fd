"""Benchmarks of sync (issue 3). Prints figures; never pass/fail.

Everything runs in one go on loopback, with durable commits: the server (uvicorn, one
process, started as ``daftar server`` would be) on SQLite in WAL mode with
``synchronous=FULL`` in a temporary folder, and on PostgreSQL in a fresh database this
script creates and drops (``$DAFTAR_BENCH_PG``, default
``postgresql://postgres@127.0.0.1:5432/postgres``; its fsync/synchronous_commit settings
are printed). The PCs are real local stores filled by ``store.demo.generate`` (the rows a
clerk's work makes: citizens, requests, hash-chained events, outbox entries).

a. **Batched sync vs one POST per record.** The same records (one demo store, copied, so
   each run starts from the same outbox into a fresh server database) are sent

   * by ``SyncEngine.run_once`` — gzip batches sized by its ``BatchSizer``;
   * as OpenRosa clients send: one signed, uncompressed ``POST /api/v1/sync/push`` per
     record (a single-op batch), sequentially on a keep-alive connection, each outbox
     entry dropped once its answer came (as the engine does).

   Bytes on the wire are counted by :class:`faultproxy.FaultProxy` (no faults) between
   the PC and the server: the TCP payload in both directions — HTTP request and status
   lines, headers and bodies (TCP/IP framing not included). "raw JSON" is the records'
   uncompressed JSON as the batches carry it.
b. **Draining 1,000 requests over a bad link**: the proxy throttled to 64 kbit/s each way
   with 150 ms added each way (300 ms more per round trip); the time until the last
   batch is acknowledged, against the bound compressed bytes ÷ bandwidth.
c. **50 PCs at once** into PostgreSQL: 50 enrolled devices (threads), each with its own
   store, push their first 200 outbox records in batches of 50 ops, all starting
   together. Total records/s, push latency (request sent → answer read) p50/p99, errors.

Usage: ``python bench/bench_sync.py [--requests 2000] [--drain-requests 1000]
[--devices 50] [--per-device 200]``
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the fault proxy lives with the tests

import httpx  # noqa: E402
import keyring  # noqa: E402
import keyring.backend  # noqa: E402
import keyring.errors  # noqa: E402

from faultproxy import FaultProxy  # noqa: E402
from models import signing, wire  # noqa: E402
from server import admin  # noqa: E402
from server.db import open_database  # noqa: E402
from store import sync_ops  # noqa: E402
from store.demo import generate  # noqa: E402
from store.store import Store  # noqa: E402
from sync import credentials  # noqa: E402
from sync.client import SyncClient, enroll  # noqa: E402
from sync.credentials import MemoryKeyring  # noqa: E402
from sync.engine import SyncEngine  # noqa: E402

PG_ADMIN = os.environ.get("DAFTAR_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
PUSH = "/api/v1/sync/push"
BANDWIDTH_BPS = 64_000
LATENCY_S = 0.15

SERVE = """
import sys
import uvicorn
from server.app import create_app
uvicorn.run(create_app(sys.argv[1]), host="127.0.0.1", port=int(sys.argv[2]),
            log_level="warning", access_log=False)
"""


# -- plumbing -----------------------------------------------------------------------------

class _Counted:
    """A stream reader that adds what it reads to a counter."""

    def __init__(self, reader, counter: Counter, key: str) -> None:
        self.reader, self.counter, self.key = reader, counter, key

    async def read(self, n: int) -> bytes:
        chunk = await self.reader.read(n)
        self.counter[self.key] += len(chunk)
        return chunk


class Proxy(FaultProxy):
    """The fault proxy, counting the bytes it forwards each way (``self.bytes["up"]``,
    ``["down"]``)."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.bytes: Counter = Counter()
        self._client_readers: set = set()

    async def _serve(self, client_r, client_w) -> None:
        self._client_readers.add(client_r)
        try:
            await super()._serve(client_r, client_w)
        finally:
            self._client_readers.discard(client_r)

    async def _forward(self, reader, line, budget, mode) -> None:
        way = "up" if reader in self._client_readers else "down"
        await super()._forward(_Counted(reader, self.bytes, way), line, budget, mode)

    def total(self) -> int:
        return self.bytes["up"] + self.bytes["down"]


class Timing(httpx.HTTPTransport):
    """Times each push (request sent → answer read) and notes its body sizes."""

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self.pushes: list[tuple[float, int, int]] = []  # (seconds, sent bytes, raw bytes)
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        started = time.perf_counter()
        response = super().handle_request(request)
        response.read()
        elapsed = time.perf_counter() - started
        if request.url.path == PUSH:
            sent = request.content
            raw = gzip.decompress(sent) if request.headers.get("content-encoding") == "gzip" \
                else sent
            with self._lock:
                self.pushes.append((elapsed, len(sent), len(raw)))
        return response


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The real server in its own process (so the PCs' Python does not share its GIL)."""

    def __init__(self, url: str, log: Path) -> None:
        self.db_url = url
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.engine = open_database(url)  # migrated here once; admin commands use it
        self._log = open(log, "ab")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen([sys.executable, "-c", SERVE, url, str(self.port)],
                                     cwd=ROOT, stdout=self._log, stderr=self._log)
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{self.url}/api/v1/health", timeout=1, trust_env=False)
                return
            except httpx.TransportError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not start; see {log}") from None
                time.sleep(0.1)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
        self.proc.wait(30)
        self._log.close()
        self.engine.dispose()


class Databases:
    """A fresh server database per run: a SQLite file, or a schema in this run's
    PostgreSQL database (created here, dropped at the end)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.n = 0
        self.pg_name: str | None = None
        self.pg_settings = ""
        try:
            import psycopg

            with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
                self.pg_name = f"daftar_bench_{secrets.token_hex(4)}"
                conn.execute(f'CREATE DATABASE "{self.pg_name}"')
                settings = {s: conn.execute(f"SHOW {s}").fetchone()[0]
                            for s in ("fsync", "synchronous_commit", "server_version")}
            self.pg_settings = ", ".join(f"{k}={v}" for k, v in settings.items())
        except Exception as exc:  # no PostgreSQL: its half is skipped, and said so
            print(f"PostgreSQL not reachable at {PG_ADMIN}: {exc}")
            self.pg_name = None

    def url(self, kind: str) -> str:
        self.n += 1
        if kind == "sqlite":
            return f"sqlite:///{self.folder}/server-{self.n}.sqlite3"
        import psycopg

        base = PG_ADMIN.rsplit("/", 1)[0]
        with psycopg.connect(f"{base}/{self.pg_name}", autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA s{self.n}")
        sa_base = base.replace("postgresql://", "postgresql+psycopg://", 1)
        return f"{sa_base}/{self.pg_name}?options={quote(f'-csearch_path=s{self.n}')}"

    def drop(self) -> None:
        if self.pg_name:
            import psycopg

            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')


def make_template(folder: Path, requests: int, seed: int) -> Path:
    """A PC's data folder holding *requests* demo requests, all waiting in the outbox."""
    with Store.open(folder) as store:
        generate(store, requests, seed=seed)
    return folder


def outbox_records(folder: Path) -> int:
    with Store.open(folder) as store:
        return sync_ops.outbox_counts(store)["pending"]


def enrolled_copy(template: Path, folder: Path, server: Server) -> Store:
    """A copy of *template*, enrolled with *server* (directly) and holding the reference
    data already (so the runs measure pushing, not the first pull)."""
    shutil.copytree(template, folder)
    store = Store.open(folder)
    enroll(server.url, admin.create_token(server.engine, "LHR1"), store)
    info = sync_ops.sync_info(store)
    with SyncClient(server.url, device_id=info.device_id,
                    key=credentials.load_key(info.device_id)) as client:
        cursor = info.pull_cursor
        while True:
            page = client.pull(cursor, 5000)
            sync_ops.apply_pulled(store, page.changes, page.next_cursor)
            cursor = page.next_cursor
            if not page.more:
                break
    return store


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


# -- a. batched vs one POST per record ----------------------------------------------------

def run_batched(store: Store, proxy: Proxy) -> dict:
    sync_ops.update_sync_state(store, server_url=proxy.url)
    timing = Timing()
    last_push = [0.0]
    batches = [0]

    def progress(report) -> None:
        if report.batches != batches[0]:
            batches[0] = report.batches
            last_push[0] = time.perf_counter()

    started = time.perf_counter()
    report = SyncEngine(store, transport=timing).run_once(progress)
    assert report.all_sent, report.as_dict()
    return {"records": report.pushed, "seconds": last_push[0] - started,
            "batches": report.batches, "body": sum(p[1] for p in timing.pushes),
            "raw": sum(p[2] for p in timing.pushes), "wire": proxy.total(),
            "up": proxy.bytes["up"], "down": proxy.bytes["down"]}


def run_one_per_record(store: Store, proxy: Proxy) -> dict:
    """One signed, uncompressed POST per record, sequentially (keep-alive)."""
    info = sync_ops.sync_info(store)
    key = credentials.load_key(info.device_id)
    sent = raw = records = 0
    started = time.perf_counter()
    with httpx.Client(base_url=proxy.url, trust_env=False, timeout=30) as http:
        while True:
            batch = sync_ops.next_batch(store, 1, 1)
            if not batch:
                break
            body = json.dumps({"device_id": info.device_id, "ops": [batch[0].as_op()]},
                              ensure_ascii=False, separators=(",", ":")).encode()
            moment = int(time.time() * 1000)
            response = http.post(PUSH, content=body, headers={
                "Content-Type": "application/json",
                signing.HEADER_DEVICE: info.device_id, signing.HEADER_TIME: str(moment),
                signing.HEADER_SIGNATURE: signing.sign(key, "POST", PUSH, moment, body)})
            response.raise_for_status()
            answer = wire.PushResult.model_validate_json(response.content)
            held = set(answer.accepted) | set(answer.already_held)
            assert held == {batch[0].record_id}, answer
            sync_ops.acknowledge(store, held)
            records += 1
            sent += len(body)
            raw += batch[0].size
    return {"records": records, "seconds": time.perf_counter() - started, "batches": records,
            "body": sent, "raw": raw, "wire": proxy.total(), "up": proxy.bytes["up"],
            "down": proxy.bytes["down"]}


def bench_batched_vs_single(dbs: Databases, kind: str, template: Path, work: Path,
                            logs: Path) -> dict[str, dict]:
    out = {}
    for mode, run in (("batched", run_batched), ("one POST per record", run_one_per_record)):
        server = Server(dbs.url(kind), logs / "server.log")
        try:
            store = enrolled_copy(template, work / f"{kind}-{mode.split()[0]}", server)
            proxy = Proxy("127.0.0.1", server.port)
            proxy.start()
            try:
                out[mode] = run(store, proxy)
            finally:
                proxy.stop()
                store.close()
        finally:
            server.stop()
    return out


# -- b. draining over 64 kbit/s with 300 ms more round trip --------------------------------

def bench_drain(dbs: Databases, kind: str, template: Path, work: Path, logs: Path) -> dict:
    server = Server(dbs.url(kind), logs / "server.log")
    try:
        store = enrolled_copy(template, work / f"drain-{kind}", server)
        proxy = Proxy("127.0.0.1", server.port, bandwidth_bps=BANDWIDTH_BPS,
                      latency_s=LATENCY_S)
        proxy.start()
        try:
            result = run_batched(store, proxy)
        finally:
            proxy.stop()
            store.close()
    finally:
        server.stop()
    result["bound"] = result["body"] * 8 / BANDWIDTH_BPS
    result["bound_wire"] = result["up"] * 8 / BANDWIDTH_BPS + \
        result["down"] * 8 / BANDWIDTH_BPS + 2 * LATENCY_S * result["batches"]
    return result


# -- c. 50 PCs pushing at once into PostgreSQL ---------------------------------------------

def bench_devices(dbs: Databases, work: Path, logs: Path, devices: int, per_device: int
                  ) -> dict:
    from concurrent.futures import ThreadPoolExecutor

    server = Server(dbs.url("postgres"), logs / "server.log")
    stores: list[Store] = []
    try:
        requests = max(1, per_device // 4)  # a demo request makes ~5.5 records

        def build(i: int) -> Store:
            store = Store.open(work / f"pc-{i:02d}")
            # Enrolled first, as IT does: the PC's device number goes into its tracking
            # numbers, so fifty PCs of one office never hand out the same number.
            enroll(server.url, admin.create_token(server.engine, "LHR1"), store)
            made = 0
            while sync_ops.outbox_counts(store)["pending"] < per_device:
                generate(store, requests, seed=1000 + i * 10 + made)
                made += 1
            return store

        # One after another: Alembic's migration context is process-global, so stores
        # must not be created (migrated) from several threads at once. Only the pushes
        # below run concurrently.
        stores = [build(i) for i in range(devices)]
        timings: list[Timing] = []
        gate = threading.Barrier(devices + 1)
        errors: list[str] = []
        done_at: list[float] = []

        def device(store: Store) -> int:
            info = sync_ops.sync_info(store)
            key = credentials.load_key(info.device_id)
            pushed = 0
            timing = Timing()
            timings.append(timing)
            with SyncClient(server.url, device_id=info.device_id, key=key,
                            transport=timing) as client:
                # Built before the start: what is timed is the sending.
                batches = []
                after = 0
                while pushed < per_device:
                    batch = sync_ops.next_batch(store, 10 * 1024 * 1024,
                                                min(50, per_device - pushed),
                                                after_op_seq=after)
                    if not batch:
                        break
                    batches.append(batch)
                    after = batch[-1].op_seq
                    pushed += len(batch)
                gate.wait()
                held_total = 0
                for batch in batches:
                    body = json.dumps({"device_id": info.device_id,
                                       "ops": [i.as_op() for i in batch]},
                                      ensure_ascii=False, separators=(",", ":")).encode()
                    try:
                        answer, _ = client.push_raw(body)
                    except Exception as exc:
                        errors.append(f"{type(exc).__name__}: {exc}")
                        continue
                    held = set(answer.accepted) | set(answer.already_held)
                    if answer.rejected or held != {i.record_id for i in batch}:
                        errors.append(f"{len(answer.rejected)} rejected")
                    sync_ops.acknowledge(store, held)
                    held_total += len(held)
            done_at.append(time.perf_counter())
            return held_total

        with ThreadPoolExecutor(devices) as pool:
            futures = [pool.submit(device, s) for s in stores]
            gate.wait()
            started = time.perf_counter()
            held = sum(f.result() for f in futures)
        seconds = max(done_at) - started
        latencies = [p[0] for t in timings for p in t.pushes]
        with server.engine.connect() as conn:
            from sqlalchemy import text

            on_server = sum(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                            for t in ("citizen", "service_request", "request_event"))
        return {"devices": devices, "records": held, "on_server": on_server,
                "seconds": seconds, "pushes": len(latencies),
                "p50": pct(latencies, 50), "p99": pct(latencies, 99),
                "max": max(latencies), "errors": len(errors), "first_errors": errors[:3]}
    finally:
        for store in stores:
            store.close()
        server.stop()


# -- main -----------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--drain-requests", type=int, default=1000)
    parser.add_argument("--devices", type=int, default=50)
    parser.add_argument("--per-device", type=int, default=200)
    parser.add_argument("--parts", default="abc", help="which parts to run (default abc)")
    args = parser.parse_args()

    import logging

    logging.disable(logging.WARNING)  # the engine's info lines are not figures
    keyring.set_keyring(MemoryKeyring())
    began = time.perf_counter()
    temp = Path(tempfile.mkdtemp(prefix="daftar-bench-sync-"))
    logs = temp
    dbs = Databases(temp)
    try:
        kinds = ["sqlite"] + (["postgres"] if dbs.pg_name else [])
        print(f"server: uvicorn (1 process) on 127.0.0.1; SQLite WAL synchronous=FULL in "
              f"{temp}; PostgreSQL database {dbs.pg_name or '-'} ({dbs.pg_settings or '-'})")
        t0 = time.perf_counter()
        template = make_template(temp / "template-a", args.requests, seed=1)
        drain_template = make_template(temp / "template-b", args.drain_requests, seed=2)
        n_a, n_b = outbox_records(template), outbox_records(drain_template)
        print(f"demo data: {args.requests} requests = {n_a} records; {args.drain_requests} "
              f"requests = {n_b} records ({time.perf_counter() - t0:.1f} s)")

        # a.
        if "a" in args.parts:
            bench_a(args, dbs, kinds, template, temp, logs, n_a)
        if "b" in args.parts:
            bench_b(args, dbs, drain_template, temp, logs, n_b)
        if "c" in args.parts:
            bench_c(args, dbs, temp, logs)
    finally:
        dbs.drop()
        with contextlib.suppress(OSError):
            shutil.rmtree(temp)
    print(f"\n(total {time.perf_counter() - began:.0f} s)")


def bench_a(args, dbs, kinds, template, temp, logs, n_a) -> None:
    print(f"\na. {n_a} records, batched (SyncEngine, gzip) vs one uncompressed POST per "
          f"record; bytes = TCP payload both ways at the proxy (headers included)")
    header = (f"{'server':<9} {'mode':<20} {'records':>7} {'secs':>7} {'rec/s':>8} "
              f"{'pushes':>6} {'raw B/rec':>9} {'body B/rec':>10} {'wire B/rec':>10} "
              f"{'up/dn B/rec':>12} {'wire/raw':>8}")
    print(header)
    print("-" * len(header))
    ratios = {}
    for kind in kinds:
        res = bench_batched_vs_single(dbs, kind, template, temp, logs)
        for mode, r in res.items():
            n = r["records"]
            print(f"{kind:<9} {mode:<20} {n:>7} {r['seconds']:>7.2f} "
                  f"{n / r['seconds']:>8.0f} {r['batches']:>6} {r['raw'] / n:>9.0f} "
                  f"{r['body'] / n:>10.1f} {r['wire'] / n:>10.1f} "
                  f"{r['up'] / n:>6.0f}/{r['down'] / n:<5.0f} "
                  f"{r['wire'] / r['raw']:>7.0%}")
        b, s = res["batched"], res["one POST per record"]
        ratios[kind] = ((b["records"] / b["seconds"]) / (s["records"] / s["seconds"]),
                        b["body"] / b["raw"], b["wire"] / b["raw"],
                        b["wire"] / s["wire"])
    for kind, (speed, body, wire_, vs) in ratios.items():
        print(f"{kind:<9} batched: {speed:.0f}x the records/s of one POST per record "
              f"(target >= 10x); gzip body = {body:.0%} of the raw JSON, everything on "
              f"the wire = {wire_:.0%} (target <= 35%); wire bytes {vs:.0%} of the "
              f"baseline's")


def bench_b(args, dbs, drain_template, temp, logs, n_b) -> None:
    print(f"\nb. drain {args.drain_requests} requests ({n_b} records) through the proxy "
          f"at {BANDWIDTH_BPS // 1000} kbit/s each way, +{2 * LATENCY_S * 1000:.0f} ms "
          f"per round trip")
    kind = "postgres" if dbs.pg_name else "sqlite"
    d = bench_drain(dbs, kind, drain_template, temp, logs)
    print(f"{'server':<9} {'records':>7} {'pushes':>6} {'gzip KB':>8} {'up KB':>7} "
          f"{'down KB':>8} {'drain s':>8} {'bound s':>8} {'ratio':>6} {'wire bound s':>12}")
    print(f"{kind:<9} {d['records']:>7} {d['batches']:>6} {d['body'] / 1000:>8.1f} "
          f"{d['up'] / 1000:>7.1f} {d['down'] / 1000:>8.1f} {d['seconds']:>8.1f} "
          f"{d['bound']:>8.1f} {d['seconds'] / d['bound']:>5.2f}x "
          f"{d['bound_wire']:>12.1f}")
    print(f"  bound = gzip bodies x 8 / {BANDWIDTH_BPS} bit/s (target drain <= 1.3x "
          f"bound); 'wire bound' = all bytes up and down at that rate + 300 ms per push")


def bench_c(args, dbs, temp, logs) -> None:
    if dbs.pg_name:
        print(f"\nc. {args.devices} PCs (threads, each its own store and device) push "
              f"{args.per_device} records each into PostgreSQL, batches of 50 ops, all "
              f"at once")
        c = bench_devices(dbs, temp, logs, args.devices, args.per_device)
        print(f"{'devices':>7} {'records':>8} {'on server':>9} {'secs':>6} {'rec/s':>7} "
              f"{'pushes':>6} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7} {'errors':>6}")
        print(f"{c['devices']:>7} {c['records']:>8} {c['on_server']:>9} "
              f"{c['seconds']:>6.2f} {c['records'] / c['seconds']:>7.0f} "
              f"{c['pushes']:>6} {c['p50'] * 1000:>7.0f} {c['p99'] * 1000:>7.0f} "
              f"{c['max'] * 1000:>7.0f} {c['errors']:>6}")
        if c["first_errors"]:
            print("  errors:", c["first_errors"])
            log = (logs / "server.log").read_text(errors="replace").splitlines()
            problems = [line for line in log if "Error" in line or "error" in line]
            print("  server log:", *problems[-12:], sep="\n    ")
    else:
        print("\nc. skipped: no PostgreSQL")


if __name__ == "__main__":
    main()
