"""SIGKILL at random instants on every write path: nothing acknowledged is lost.

Workers (``tests/faults_worker.py``, forked warm by ``tests/faults_harness.py``) run one
write path in a loop and acknowledge each operation only after its call returned; the
test kills them at a random instant, reopens the data and checks (``tests/faults_checks``)
every acknowledged record is there exactly once, ``PRAGMA integrity_check`` is ok, no
record is half written and the audit chains verify. Paths: request operations (register,
change status, note, feedback), survey autosave and finalize, sync (a real server on
loopback; the PC process killed while pushing and applying pulled pages), migrations
(a database at revision 0001 with data, killed while ``Store.open`` migrates it) and
backups. Seeds are fixed (``SEED`` + the kill's number) and printed on failure;
``DAFTAR_CRASH_KILLS`` scales the number of kills (``bench/bench_crash.py`` sets it).

Two planted bugs prove the harness can fail: a note acknowledged before its commit, and
a pull cursor committed before its page.
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest
from faults_checks import Found, check_backups, check_requests, check_surveys
from faults_harness import kill_at_random

from conftest import SUPERVISOR
from store import backup, demo, keys
from store.store import Store
from store.surveys import Surveys

SCALE = int(os.environ.get("DAFTAR_CRASH_KILLS", "0")) or None
SEED = 20261130


def kills(default: int) -> int:
    """Kills of one path: *default* in CI; ``DAFTAR_CRASH_KILLS`` scales the suite (50 is
    the CI level of the first crash test, so each path gets default × that / 50)."""
    return default if SCALE is None else max(1, default * SCALE // 50)


def _fail(path: str, seed: int, found: Found) -> str:
    return f"{path}: after the kill with seed {seed}: {found.describe()}"


def tally(path: str, kills_done: int, acked: list[list[str]], found: Found) -> None:
    """Append this path's figures to ``$DAFTAR_CRASH_TALLY`` (bench/bench_crash.py)."""
    out = os.environ.get("DAFTAR_CRASH_TALLY")
    if out:
        import json

        with open(out, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"path": path, "kills": kills_done, "acknowledged": len(acked),
                                 "lost": len(found.lost),
                                 "duplicated": len(found.duplicated),
                                 "corrupt": len(found.corrupt)}) + "\n")


def open_seeded(folder: Path) -> Store:
    import people

    store = Store.open(folder)
    people.seed(store)
    return store


# -- request operations -----------------------------------------------------------------------
def test_sigkill_during_request_operations_loses_nothing(tmp_path):
    folder = tmp_path / "data"
    open_seeded(folder).close()
    rng = random.Random(SEED)
    acked: list[list[str]] = []
    n = kills(140)
    for i in range(n):
        seed = SEED + i
        killed = kill_at_random("requests", folder, seed, rng.uniform(0.0, 0.2))
        acked += killed.lines
        found = check_requests(folder, acked)
        if not found.ok:
            tally("requests", i + 1, acked, found)
        assert found.ok, _fail("requests", seed, found)
    tally("requests", n, acked, found)
    kinds = {w[0] for w in acked}
    if n >= 50:
        assert kinds == {"R", "S", "N", "F"}, kinds  # every operation was exercised
    assert len(acked) >= 3 * n  # the workers did real work between the kills


def test_harness_catches_a_note_acknowledged_before_its_commit(tmp_path):
    """Planted bug: the worker says "saved" before ``add_note`` runs. Killed between the
    two, the note is missing: the same check must report it lost."""
    folder = tmp_path / "data"
    open_seeded(folder).close()
    rng = random.Random(SEED)
    acked: list[list[str]] = []
    for i in range(60):
        acked += kill_at_random("requests", folder, 9000 + i, rng.uniform(0.0, 0.12),
                                flags=("bug-early-ack",)).lines
        found = check_requests(folder, acked)
        if found.lost:
            assert all(w.startswith("N ") for w in found.lost), found.lost
            assert not found.corrupt and not found.duplicated
            return
    pytest.fail("the harness never saw an acknowledged note go missing")


# -- survey autosave and finalize -------------------------------------------------------------
def test_sigkill_during_survey_autosave_and_finalize_loses_nothing(tmp_path):
    folder = tmp_path / "data"
    with open_seeded(folder) as store:
        Surveys(store).import_form(Path(__file__).resolve().parent.parent / "resources" /
                                   "forms" / "daftar_governance.xlsx")
    rng = random.Random(SEED + 1)
    acked: list[list[str]] = []
    n = kills(40)
    for i in range(n):
        seed = SEED + 1000 + i
        # Finalizing takes a fresh worker 0.2-0.6 s: every third kill comes later, so some
        # interviews get through it as well as many being killed inside it.
        delay = rng.uniform(0.0, 0.6) if i % 3 else rng.uniform(0.6, 1.5)
        killed = kill_at_random("surveys", folder, seed, delay)
        acked += killed.lines
        found = check_surveys(folder, acked)
        if not found.ok:
            tally("surveys", i + 1, acked, found)
        assert found.ok, _fail("surveys", seed, found)
    tally("surveys", n, acked, found)
    assert sum(w[0] == "F" for w in acked) >= 2  # responses were finalized
    assert sum(w[0] == "A" for w in acked) >= 5 * n


# -- backups ----------------------------------------------------------------------------------
def _ballast(store: Store, megabytes: int) -> None:
    """Make the database *megabytes* bigger, so a backup takes several steps."""
    from sqlalchemy import text

    with store._write() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS ballast(b BLOB)"))
        for _ in range(megabytes):
            conn.execute(text("INSERT INTO ballast VALUES (randomblob(1000000))"))


def test_sigkill_during_backups_leaves_only_good_backups(tmp_path):
    folder = tmp_path / "data"
    with open_seeded(folder) as store:
        demo.generate(store, 100, seed=3)
        _ballast(store, 3)
    rng = random.Random(SEED + 2)
    acked: list[list[str]] = []
    checked: set[str] = set()
    n = kills(24)
    for i in range(n):
        seed = SEED + 2000 + i
        killed = kill_at_random("backup", folder, seed, rng.uniform(0.0, 0.8))
        acked += killed.lines
        found = check_requests(folder, acked)
        check_backups(folder, acked, found, checked)
        if not found.ok:
            tally("backup", i + 1, acked, found)
        assert found.ok, _fail("backup", seed, found)
    tally("backup", n, acked, found)
    made = sum(w[0] == "B" for w in acked)
    assert made >= 3, made
    partial = list(backup.backups_dir(folder).glob(".*.partial"))
    assert partial, "no kill landed inside a backup"


# -- migrations -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def old_database(tmp_path_factory) -> tuple[Path, dict]:
    """A database with 150 requests, taken back to revision 0001 (before sync and
    surveys); returns its file and what it holds."""
    from alembic import command
    from sqlalchemy import text

    from store.db import alembic_config

    folder = tmp_path_factory.mktemp("old") / "data"
    with open_seeded(folder) as store:
        demo.generate(store, 150, seed=4)
        with store._read() as conn:
            held = {t: {r[0] for r in conn.execute(text(f"SELECT id FROM {t}"))}
                    for t in ("citizen", "service_request", "request_event")}
        cfg = alembic_config()
        with store.engine.connect().execution_options(write=True) as conn, conn.begin():
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0001")
    return folder / "daftar.sqlite3", held


def test_sigkill_during_a_migration_keeps_the_data_and_reaches_head(tmp_path, old_database):
    from sqlalchemy import text

    from store.db import HEAD, current_revision

    template, held = old_database
    rng = random.Random(SEED + 3)
    n = kills(30)
    interrupted = 0
    acked: list[list[str]] = []
    for i in range(n):
        seed = SEED + 3000 + i
        folder = tmp_path / f"data{i}"
        folder.mkdir()
        shutil.copy(template, folder / "daftar.sqlite3")
        shutil.copy(keys.key_file(template.parent), keys.key_file(folder))  # its key
        # Opening with the migration takes a warm worker 0.1-0.5 s (backup, then DDL).
        killed = kill_at_random("migrate", folder, seed, rng.uniform(0.0, 0.25))
        interrupted += not any(w[0] == "O" for w in killed.lines)
        acked += killed.lines
        found = check_requests(folder, killed.lines)
        check_backups(folder, killed.lines, found)
        with Store.open(folder) as store:
            assert current_revision(store.engine) == HEAD, seed
            with store._read() as conn:
                for table, ids in held.items():
                    now = {r[0] for r in conn.execute(text(f"SELECT id FROM {table}"))}
                    found.lost += [f"{table} {x}" for x in ids - now]
        premigration = [b for b in backup.list_backups(folder) if b.reason == "premigration"]
        # Backed up before migrating — again by the next open if the kill came after the
        # backup but before the migration's commit; always of the old schema.
        if not premigration:
            found.corrupt.append("no premigration backup")
        if any(backup.check_restorable(b.path).revision != "0001" for b in premigration):
            found.corrupt.append("a premigration backup is not of revision 0001")
        if not found.ok:
            tally("migrate", i + 1, acked, found)
        assert found.ok, _fail("migrate", seed, found)
        shutil.rmtree(folder)
    tally("migrate", n, acked, found)
    assert interrupted >= n // 4, interrupted  # many kills landed before the open returned


# -- sync: push acknowledgements and pulled pages ---------------------------------------------
class SyncSetup:
    """A real server on loopback (uvicorn in a thread, SQLite), PC A in *folder* (run by
    the workers) and PC B in this process, each of its own office, enrolled with device
    keys given as text (no OS keyring runs here, and a worker could not share one)."""

    KINDS = ("citizen", "service_request", "request_event")

    def __init__(self, tmp_path: Path) -> None:
        from test_sync_e2e import LiveServer

        from server import admin
        from server.app import create_app
        from sync.client import enroll
        from sync.credentials import new_key_text
        from sync.engine import SyncEngine

        self.app = create_app(f"sqlite:///{tmp_path}/server.sqlite3")
        self.engine = self.app.state.engine
        admin.create_office(self.engine, code="LHR2", district="PK617",
                            name="Assistant Commissioner Office, Model Town")
        self.live = LiveServer(self.app).__enter__()
        self.folder = tmp_path / "pc_a"
        self.key_a, key_b = new_key_text(), new_key_text()
        with open_seeded(self.folder) as a:
            enroll(self.live.url, admin.create_token(self.engine, "LHR1"), a,
                   supplied_key=self.key_a)
        self.b = open_seeded(tmp_path / "pc_b")
        enroll(self.live.url, admin.create_token(self.engine, "LHR2"), self.b,
               supplied_key=key_b)
        self.sync_b = SyncEngine(self.b, supplied_key=key_b)
        self.n = 0
        assert self.sync_a().all_sent  # the reference data: the workers pull only news

    def close(self) -> None:
        self.b.close()
        self.live.__exit__(None, None, None)
        self.engine.dispose()

    def work_on_b(self, rng: random.Random, requests: int) -> None:
        """PC B registers and moves requests and pushes them: A has pages to pull."""
        from conftest import register

        for _ in range(requests):
            self.n += 1
            tn = register(self.b, 500_000 + self.n).tracking_number
            if rng.random() < 0.5:
                self.b.change_status(tn, "in_review", actor=SUPERVISOR)
        assert self.sync_b.run_once().all_sent

    def sync_a(self):
        from sync.engine import SyncEngine

        with open_seeded(self.folder) as a:
            return SyncEngine(a, supplied_key=self.key_a).run_once()

    def server_ids(self, kind: str) -> list[str]:
        from sqlalchemy import text

        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(text(f"SELECT id FROM {kind}"))]

    def missing_on_a(self) -> dict[str, int]:
        """Server records PC A does not hold (after a clean pull), per kind."""
        from sqlalchemy import text

        with open_seeded(self.folder) as a, a._read() as conn:
            out = {}
            for kind in self.KINDS:
                held = {r[0] for r in conn.execute(text(f"SELECT id FROM {kind}"))}
                out[kind] = len(set(self.server_ids(kind)) - held)
        return out


@pytest.fixture
def sync_setup(tmp_path):
    setup = SyncSetup(tmp_path)
    yield setup
    setup.close()


def test_sigkill_during_sync_push_and_pull_loses_nothing(sync_setup):
    from sqlalchemy import text

    from models.events import verify_chain
    from server import admin
    from store import sync_ops

    s = sync_setup
    rng = random.Random(SEED + 4)
    acked: list[list[str]] = []
    n = kills(30)
    for i in range(n):
        seed = SEED + 4000 + i
        s.work_on_b(rng, rng.randint(1, 4))
        # A worker's first round (TLS context, key, first pull) takes it 0.5-2 s here.
        delay = rng.uniform(0.05, 1.0) if i % 3 else rng.uniform(1.0, 2.5)
        killed = kill_at_random("sync", s.folder, seed, delay,
                                args={"key": s.key_a})
        acked += killed.lines
        found = check_requests(s.folder, acked, synced=True)
        if not found.ok:
            tally("sync", i + 1, acked, found)
        assert found.ok, _fail("sync", seed, found)
    tally("sync", n, acked, found)
    rounds = [w for w in acked if w[0] == "Y"]
    assert rounds, "no sync round ever finished before its kill"
    assert all(w[4] == "-" for w in rounds), rounds  # no round failed by itself

    # Afterwards one clean round: everything on the server once, and on both PCs.
    report = s.sync_a()
    assert report.all_sent, report.as_dict()
    assert s.sync_b.run_once().all_sent
    assert s.missing_on_a() == dict.fromkeys(SyncSetup.KINDS, 0)
    with open_seeded(s.folder) as a:
        device = a.device()
        assert sync_ops.rejected_records(a) == [] and sync_ops.parked_records(a) == []
        with a._read() as conn:
            own = {k: {r[0] for r in conn.execute(text(
                f"SELECT id FROM {k} WHERE device_id = :d"), {"d": device.device_id})}
                for k in SyncSetup.KINDS}
    for kind in SyncSetup.KINDS:
        ids = s.server_ids(kind)
        assert len(ids) == len(set(ids)), f"{kind} duplicated on the server"
        assert own[kind] <= set(ids), f"{kind} of PC A lost on the server"
    with s.engine.connect() as conn:
        events = [dict(r) for r in conn.execute(text(
            "SELECT * FROM request_event WHERE device_id = :d ORDER BY device_seq"),
            {"d": device.device_id}).mappings()]
    problem = verify_chain(device.device_id, events, (device.chain_seq, device.chain_hash))
    assert problem is None, problem.describe()
    assert [d["gaps"] for d in admin.stats(s.engine)["devices"]] == [[], []]
    acked_tn = {w[1] for w in acked if w[0] == "R"}
    with s.engine.connect() as conn:
        on_server = {r[0] for r in conn.execute(text(
            "SELECT tracking_number FROM service_request"))}
    assert acked_tn <= on_server


def test_harness_catches_a_pull_cursor_saved_before_its_page(sync_setup):
    """Planted bug: the worker's sync commits the pull cursor in its own transaction
    before applying the page. A kill in between skips that page for good — after a clean
    round PC A still lacks records the server holds, and the harness must say so."""
    s = sync_setup
    rng = random.Random(SEED + 5)
    for i in range(40):
        s.work_on_b(rng, 12)
        kill_at_random("sync", s.folder, 9500 + i, rng.uniform(0.0, 0.5),
                       flags=("bug-cursor-first",), args={"key": s.key_a, "pull_limit": 10})
        assert s.sync_a().ok  # a clean round, with the real apply_pulled
        missing = s.missing_on_a()
        if any(missing.values()):
            return
    pytest.fail("the harness never saw a pulled page go missing")
