"""The sync round's rules (backoff, batch sizing, what is dropped from the outbox), the
scheduler's triggers, and the ``daftar enroll`` / ``daftar sync`` commands.

Against the real server these run end to end in ``test_sync_e2e.py``. Here,
``httpx.MockTransport`` answers are used only as unit checks of how the engine reads an
answer (which ids it drops, how errors are worded) — not as a stand-in for the server.
The OS keyring cannot run here, so an in-memory backend replaces it.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import random
import threading
import time

import httpx
import keyring
import pytest
from keyring.backends import fail

from conftest import register
from store import sync_ops
from sync import cli as sync_cli
from sync import credentials
from sync.engine import BatchSizer, SyncEngine, SyncReport
from sync.scheduler import Backoff, SyncScheduler


@pytest.fixture
def enrolled(store, memory_keyring):
    credentials.key_for_enrollment(store.device().device_id)
    sync_ops.save_enrollment(store, server_url="http://127.0.0.1:9", office_code="LHR1",
                             district_id="PK617", device_number=1)
    return store


def now_ms() -> int:
    return int(time.time() * 1000)


# -- backoff ----------------------------------------------------------------------------
def test_backoff_full_jitter_bounds_and_reset():
    top = Backoff(base=5, cap=300, rng=lambda: 1.0)
    assert [top.next_delay() for _ in range(8)] == [5, 10, 20, 40, 80, 160, 300, 300]
    top.reset()
    assert top.next_delay() == 5
    jitter = Backoff(rng=random.Random(7).random)
    for n in range(40):
        ceiling = min(300.0, 5.0 * 2 ** n)
        assert 0.0 <= jitter.next_delay() <= ceiling
    assert Backoff(rng=lambda: 0.0).next_delay() == 0.0
    assert jitter.ceiling() == 300.0


# -- batch sizing -----------------------------------------------------------------------
def test_batch_sizer_grows_on_a_fast_link_up_to_2_mb():
    sizer = BatchSizer()
    assert sizer.budget == 64 * 1024
    budgets = [sizer.observe(sizer.budget, 0.05) for _ in range(8)]
    assert budgets[:3] == [128 * 1024, 256 * 1024, 512 * 1024]  # at most ×2 per push
    assert budgets[-1] == 2 * 1024 * 1024


def test_batch_sizer_aims_for_three_seconds_on_a_slow_link():
    sizer = BatchSizer()
    # 64 KB took 16 s (4 KB/s): the next batch is ~12 KB, so it takes ~3 s.
    assert sizer.observe(64 * 1024, 16.0) == 12 * 1024
    # Never below 8 KB, however slow.
    assert sizer.observe(12 * 1024, 60.0) == 8 * 1024
    # A small batch (the outbox ran out) does not make it grow.
    sizer.budget = 64 * 1024
    assert sizer.observe(2 * 1024, 0.3) == 64 * 1024
    assert sizer.failed() == 32 * 1024
    sizer.budget = 8 * 1024
    assert sizer.failed() == 8 * 1024


# -- one round (MockTransport answers: unit checks of the engine's reading) -------------
def push_handler(decide):
    """A transport answering pushes with ``decide(ops) -> PushResult dict``."""
    batches: list[list[dict]] = []

    def handler(request: httpx.Request):
        if request.url.path.endswith("/push"):
            ops = json.loads(gzip.decompress(request.content))["ops"]
            batches.append(ops)
            return httpx.Response(200, json={**decide(ops), "server_time": now_ms()})
        return httpx.Response(200, json={"changes": [], "next_cursor": 0, "more": False,
                                         "server_time": now_ms()})

    return handler, batches


def test_round_drops_only_what_the_server_holds(enrolled):
    store = enrolled
    for n in range(3):
        register(store, n)  # 9 entries

    def decide(ops):
        ids = [o["record"]["id"] for o in ops]
        bad = [o for o in ops if o["kind"] == "service_request"][-1]  # op 8, after ids[:6]
        return {"accepted": ids[:4], "already_held": ids[4:6],
                "rejected": [{"id": bad["record"]["id"], "op_seq": bad["op_seq"],
                              "code": "invalid", "reason": "The service is closed."}]}
        # the rest is left unanswered

    handler, batches = push_handler(decide)
    report = SyncEngine(store, transport=httpx.MockTransport(handler)).run_once()
    assert len(batches) == 1 and len(batches[0]) == 9
    assert (report.pushed, report.already_held, report.rejected) == (4, 2, 1)
    left = {r.record_id for r in sync_ops.rejected_records(store)}
    assert len(left) == 1
    # Unanswered entries stay pending (and were not resent within the round).
    assert report.pending == 9 - 6 - 1 == store.pending_outbox()
    assert report.rejected_waiting == 1 and not report.all_sent
    assert report.error is None


def test_a_record_that_makes_the_whole_batch_refused_is_isolated(enrolled):
    store = enrolled
    for n in range(6):
        register(store, n, name="Poison Pill" if n == 3 else "Ayesha Khan")

    def handler(request: httpx.Request):
        if request.url.path.endswith("/push"):
            ops = json.loads(gzip.decompress(request.content))["ops"]
            if any(o["record"].get("name") == "Poison Pill" for o in ops):
                return httpx.Response(422, json={"code": "invalid",
                                                 "detail": "'ops.0.record' is not readable"})
            return httpx.Response(200, json={"accepted": [o["record"]["id"] for o in ops],
                                             "server_time": now_ms()})
        return httpx.Response(200, json={"changes": [], "next_cursor": 0, "more": False,
                                         "server_time": now_ms()})

    report = SyncEngine(store, transport=httpx.MockTransport(handler)).run_once()
    assert report.error is None
    [refused] = sync_ops.rejected_records(store)
    assert refused.kind == "citizen" and "not readable" in refused.reason
    assert report.rejected == 1 and report.pushed == 17 and report.pending == 0


def test_round_without_connection_keeps_everything(enrolled):
    store = enrolled
    register(store, 1)

    def handler(request):
        raise httpx.ConnectError("network unreachable")

    report = SyncEngine(store, transport=httpx.MockTransport(handler)).run_once()
    assert report.error_kind == "no_connection"
    assert report.error.startswith("No connection to the server")
    assert report.pending == 3 == store.pending_outbox()
    info = sync_ops.sync_info(store)
    assert info.last_error == report.error and info.last_success_at is None
    assert sync_ops.sync_runs(store)[0]["error"] == report.error


def test_revoked_device_is_told_plainly(enrolled):
    register(enrolled, 1)
    handler = lambda r: httpx.Response(401, json={"code": "revoked", "detail": "revoked"})  # noqa: E731
    report = SyncEngine(enrolled, transport=httpx.MockTransport(handler)).run_once()
    assert report.error_kind == "revoked"
    assert "revoked by the central admin" in report.error
    assert enrolled.pending_outbox() == 3


def test_round_on_a_pc_not_enrolled(store):
    register(store, 1)
    report = SyncEngine(store).run_once()
    assert report.error_kind == "not_enrolled" and report.pending == 3
    assert "not enrolled" in report.error


def test_round_without_keyring_is_reported(enrolled):
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        report = SyncEngine(enrolled).run_once()
    finally:
        keyring.set_keyring(before)
    assert report.error_kind == "no_keyring"


# -- the scheduler ----------------------------------------------------------------------
class Rounds:
    """Scripted round results; records when each round ran."""

    def __init__(self, *reports: SyncReport) -> None:
        self.reports = list(reports)
        self.done = threading.Semaphore(0)
        self.count = 0

    def __call__(self) -> SyncReport:
        self.count += 1
        report = self.reports.pop(0) if self.reports else SyncReport()
        return report

    def on_report(self, report: SyncReport) -> None:
        self.done.release()

    def wait(self, n: int = 1, timeout: float = 5.0) -> None:
        for _ in range(n):
            assert self.done.acquire(timeout=timeout), "no sync round happened"


def run_scheduler(rounds, **kw) -> SyncScheduler:
    sched = SyncScheduler(rounds, on_report=rounds.on_report, **kw)
    sched.start()
    return sched


def test_scheduler_syncs_at_start_and_on_local_writes():
    rounds = Rounds()
    sched = run_scheduler(rounds, interval=3600, debounce=0.01)
    try:
        rounds.wait()  # at start
        assert 3500 < sched.seconds_to_next() <= 3600  # then the timer
        sched.poke()  # a record was saved
        rounds.wait()
        assert rounds.count == 2
    finally:
        sched.stop()


def test_scheduler_timer():
    rounds = Rounds()
    sched = run_scheduler(rounds, interval=0.05)
    try:
        rounds.wait(3)
    finally:
        sched.stop()


def test_scheduler_probes_until_the_network_is_back():
    offline = SyncReport(error="No connection to the server.", error_kind="no_connection")
    rounds = Rounds(offline)
    answers = iter([False, False, True])
    probed = threading.Event()

    def probe():
        ok = next(answers)
        if ok:
            probed.set()
        return ok

    sched = run_scheduler(rounds, probe=probe, interval=3600, probe_interval=0.02,
                          backoff=Backoff(base=0.01, cap=0.02))
    try:
        rounds.wait()  # offline
        rounds.wait()  # the probe answered: a full round at once
        assert probed.is_set() and sched.probes == 3 and rounds.count == 2
        assert not sched.offline
    finally:
        sched.stop()


def test_scheduler_backs_off_after_server_errors_and_resets_on_success():
    broken = SyncReport(error="The server had a problem (error 500).",
                        error_kind="server_error")
    rounds = Rounds(broken, broken)
    backoff = Backoff(base=0.02, cap=0.05, rng=lambda: 1.0)
    sched = run_scheduler(rounds, interval=3600, debounce=0.0, backoff=backoff)
    try:
        rounds.wait()
        assert backoff.failures == 1
        sched.poke()  # a write during the backoff does not cut it short
        assert sched.seconds_to_next() > 0
        rounds.wait(2)
        assert backoff.failures == 0  # the success reset it
    finally:
        sched.stop()


def test_scheduler_stops_when_revoked_until_the_user_acts():
    revoked = SyncReport(error="This PC was revoked.", error_kind="revoked")
    rounds = Rounds(revoked)
    sched = run_scheduler(rounds, interval=0.01, debounce=0.0)
    try:
        rounds.wait()
        assert sched.stopped_reason == "This PC was revoked."
        assert sched.seconds_to_next() is None
        sched.poke()
        assert not rounds.done.acquire(timeout=0.2)  # nothing runs by itself
        sched.sync_now()
        rounds.wait()
        assert sched.stopped_reason is None
    finally:
        sched.stop()


def test_scheduler_survives_a_bug_in_a_round():
    calls = []

    def round_():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("bug")
        return SyncReport()

    reports = []
    done = threading.Semaphore(0)
    sched = SyncScheduler(round_, on_report=lambda r: (reports.append(r), done.release()),
                          interval=3600, backoff=Backoff(base=0.01, cap=0.01))
    sched.start()
    try:
        assert done.acquire(timeout=5) and done.acquire(timeout=5)
        assert reports[0].error_kind == "bug" and reports[1].ok
    finally:
        sched.stop()


# -- the commands -----------------------------------------------------------------------
def parse(argv):
    parser = argparse.ArgumentParser(prog="daftar")
    parser.add_argument("--data-dir")
    sync_cli.register(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def test_cli_sync_not_enrolled_says_so_and_fails(store, capsys):
    register(store, 1)
    store.close()
    args = parse(["--data-dir", str(store.folder), "sync"])
    assert args.func(args) == 1
    out, err = capsys.readouterr()
    assert "pending:      3" in out
    assert err.count("\n") == 1 and "not enrolled" in err


def test_cli_sync_json(store, capsys):
    store.close()
    args = parse(["--data-dir", str(store.folder), "sync", "--json"])
    assert args.func(args) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["pending"] == 0 and data["error_kind"] == "not_enrolled"
    assert data["all_sent"] is False


def test_cli_enroll_refuses_plain_http_to_another_machine(store, capsys, memory_keyring):
    store.close()
    args = parse(["--data-dir", str(store.folder), "enroll", "--server",
                  "http://daftar.example.pk", "--token", "token-123456"])
    assert args.func(args) == 2
    assert "https://" in capsys.readouterr().err
    assert memory_keyring.secrets == {}


def test_cli_enroll_without_keyring_and_no_terminal(store, capsys, monkeypatch):
    store.close()
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no terminal to ask on
    try:
        args = parse(["--data-dir", str(store.folder), "enroll", "--server",
                      "http://127.0.0.1:9", "--token", "token-123456"])
        assert args.func(args) == 3
    finally:
        keyring.set_keyring(before)
    assert "no safe password store" in capsys.readouterr().err
