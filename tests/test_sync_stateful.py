"""A Hypothesis state machine over the outbox and the sync loop, against the real server.

Random interleavings of local writes on two PCs of one office, sync rounds, answers lost
after the server committed, rounds cut by a dropped connection, and pulls. After every
step:

* nothing is shown as sent that the server lacks (a record whose outbox entry is gone is
  on the server);
* nothing is duplicated or invented (the server holds of each PC only that PC's records,
  and each record once);
* and at the end, after rounds until nothing is pending, the server holds exactly every
  PC's records, both PCs hold the same requests with the same timelines, and every audit
  chain verifies.

The server runs with uvicorn on a loopback port (SQLite in a temporary folder), once for
the whole test; each example enrolls two new PCs. The OS keyring cannot run here, so an
in-memory backend replaces it.
"""

from __future__ import annotations

import httpx
import keyring
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import text
from test_sync_client import MemoryKeyring
from test_sync_e2e import FailOnce, LiveServer

from conftest import CLERK, SUPERVISOR
from store import audit
from store.store import Store
from sync.client import enroll
from sync.engine import SyncEngine

#: The next step of a request's workflow, and who takes it.
NEXT = {"submitted": ("in_review", CLERK), "in_review": ("approved", SUPERVISOR),
        "approved": ("completed", CLERK)}


class CutAfter(httpx.BaseTransport):
    """A transport that drops the connection after *n* requests (uploads included: the
    request may or may not have reached the server — here it has, and the answer is lost)."""

    def __init__(self, n: int) -> None:
        self.inner = httpx.HTTPTransport()
        self.left = n

    def handle_request(self, request):
        if self.left <= 0:
            self.inner.handle_request(request).close()  # delivered, answer lost
            raise httpx.ReadError("connection cut")
        self.left -= 1
        return self.inner.handle_request(request)

    def close(self):
        self.inner.close()


@pytest.fixture
def live(tmp_path):
    from server import admin
    from server.app import create_app

    before = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    hooks = FailOnce()
    app = create_app(f"sqlite:///{tmp_path}/server.sqlite3", hooks=hooks)
    try:
        with LiveServer(app) as server:
            server.hooks = hooks
            server.token = lambda: admin.create_token(app.state.engine, "LHR1")
            yield server
    finally:
        app.state.engine.dispose()
        keyring.set_keyring(before)


def test_outbox_and_sync_loop_state_machine(live, tmp_path_factory):
    class SyncMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            folder = tmp_path_factory.mktemp("pcs")
            self.pcs = [Store.open(folder / "a"), Store.open(folder / "b")]
            for pc in self.pcs:
                enroll(live.url, live.token(), pc)
            self.tracking: list[str] = []
            self.citizens = 0

        def teardown(self) -> None:
            for pc in self.pcs:
                pc.close()

        # -- steps ------------------------------------------------------------------------
        @rule(pc=st.integers(0, 1), n=st.integers(1, 3))
        def register(self, pc, n):
            for _ in range(n):
                self.citizens += 1
                r = self.pcs[pc].register_request(
                    cnic=f"35202{self.citizens:07d}1", name="Ayesha Khan",
                    phone="0300-1234567", service_code="DOMICILE_CERTIFICATE",
                    description="", actor=CLERK)
                self.tracking.append(r.tracking_number)

        @rule(pc=st.integers(0, 1), which=st.integers(0, 10_000), note=st.booleans())
        def change(self, pc, which, note):
            store = self.pcs[pc]
            here = [t for t in self.tracking if _has(store, t)]
            if not here:
                return
            tn = here[which % len(here)]
            if note:
                store.add_note(tn, "called the citizen", actor=CLERK)
                return
            step = NEXT.get(str(store.get_request(tn).status))
            if step:
                store.change_status(tn, step[0], actor=step[1])

        @rule(pc=st.integers(0, 1))
        def sync(self, pc):
            SyncEngine(self.pcs[pc]).run_once()

        @rule(pc=st.integers(0, 1))
        def sync_answer_lost_after_commit(self, pc):
            live.hooks.armed = True
            report = SyncEngine(self.pcs[pc]).run_once()
            live.hooks.armed = False
            assert report.error is None or report.error_kind == "server_error"

        @rule(pc=st.integers(0, 1), after=st.integers(0, 3))
        def sync_connection_cut(self, pc, after):
            report = SyncEngine(self.pcs[pc], transport=CutAfter(after)).run_once()
            assert report.error is None or report.error_kind == "no_connection"

        # -- invariants -------------------------------------------------------------------
        @invariant()
        def nothing_shown_sent_that_the_server_lacks(self):
            for pc in self.pcs:
                sent = _own_records(pc) - _outbox(pc)
                assert sent <= _server_records(live, pc.device().device_id)

        @invariant()
        def nothing_duplicated_or_invented(self):
            for pc in self.pcs:
                device = pc.device().device_id
                on_server = _server_records(live, device)
                assert on_server <= _own_records(pc)
                assert _server_count(live, device) == len(on_server)

        # -- the end ----------------------------------------------------------------------
        def check_end(self):
            for _ in range(3):
                reports = [SyncEngine(pc).run_once() for pc in self.pcs]
            assert all(r.all_sent for r in reports), [r.error for r in reports]
            for pc in self.pcs:
                assert _server_records(live, pc.device().device_id) == _own_records(pc)
                report = audit.verify(pc)
                assert report.ok, [p.describe() for p in report.problems]
            a, b = self.pcs
            for tn in self.tracking:
                da, db = a.get_request(tn), b.get_request(tn)
                assert da.status == db.status
                assert [e["id"] for e in da.events] == [e["id"] for e in db.events]

    class Checked(SyncMachine):
        def teardown(self) -> None:
            try:
                self.check_end()
            finally:
                super().teardown()

    run_state_machine_as_test(Checked, settings=settings(
        max_examples=8, stateful_step_count=12, deadline=None,
        suppress_health_check=[HealthCheck.too_slow]))


def _has(store, tn: str) -> bool:
    with store._read() as conn:
        return conn.execute(text("SELECT 1 FROM service_request WHERE tracking_number = :t"),
                            {"t": tn}).first() is not None


def _own_records(store) -> set[str]:
    device = store.device().device_id
    out: set[str] = set()
    with store._read() as conn:
        for table in ("citizen", "service_request", "request_event"):
            out |= {r[0] for r in conn.execute(
                text(f"SELECT id FROM {table} WHERE device_id = :d"), {"d": device})}
    return out


def _outbox(store) -> set[str]:
    with store._read() as conn:
        return {r[0] for r in conn.execute(text("SELECT record_id FROM outbox"))}


def _server_records(live, device_id: str) -> set[str]:
    out: set[str] = set()
    with live.app.state.engine.connect() as conn:
        for table in ("citizen", "service_request", "request_event"):
            out |= {r[0] for r in conn.execute(
                text(f"SELECT id FROM {table} WHERE device_id = :d"), {"d": device_id})}
    return out


def _server_count(live, device_id: str) -> int:
    with live.app.state.engine.connect() as conn:
        return sum(conn.execute(text(f"SELECT count(*) FROM {t} WHERE device_id = :d"),
                                {"d": device_id}).scalar_one()
                   for t in ("citizen", "service_request", "request_event"))
