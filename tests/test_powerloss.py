"""Simulated power loss on the application's real write paths (``tests/powerloss.py``).

Each write path — opening an empty folder (migrations, reference data), upgrading a
database of an older schema revision, requests (register, status changes, notes,
feedback), surveys (form import, quota, drafts saved answer by answer, finalize,
discard), the sync side of the store (enrollment, pulled pages with their cursor,
acknowledgements, refusals, resend, sync history) and closing —
is run once on a real store while its statements are captured, then replayed through
APSW on a VFS that records every write and sync. A power cut is simulated at every write
and sync (several patterns of unsynced writes kept, dropped, reordered or torn); each
disk image is opened with ``sqlite3`` and checked.

The proof that the harness measures something: the same harness, on the same statements,
finds acknowledged transactions lost under ``synchronous=NORMAL`` and corrupt files under
``synchronous=OFF`` once checkpoints run. I/O errors, a full disk and failed fsyncs are
injected by the same VFS (and a refused write once by the kernel: a file size limit on a
real store in a child process). Nothing is mocked; the power cut itself is simulated (it cannot be pulled here).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import people
import powerloss as pl
from store.store import Store

#: Workload sizes for CI (bench/bench_powerloss.py runs larger ones).
SIZES = {"open_migrate": 1, "migrate_upgrade": 1, "requests": 1, "surveys": 1, "sync": 2}
#: A small WAL (pages) before an automatic checkpoint, so that short workloads checkpoint:
#: used for OFF *and* for FULL, so the comparison is fair.
SMALL_WAL = 8


@pytest.fixture(scope="module")
def work():
    folder = pl.scratch_dir()
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def scripts(work) -> dict[str, pl.Script]:
    """Each write path run once on a real store, its statements captured."""
    return {name: pl.capture_workload(name, work / "capture" / name / "data", size)
            for name, size in SIZES.items()}


def test_the_replay_is_the_application_s_workload(scripts, work):
    """Replaying a captured script gives exactly the database the application made, with
    the application's WAL + FULL settings (a sync per commit), writing the same pages:
    before every statement, the replay's -wal file has the size the application's had
    (the same number of frames), through every commit and checkpoint."""
    for name, script in scripts.items():
        expected = pl.read_store_state(work / "capture" / name / "data")
        replayer = pl.Replayer(script, work / "check" / name)
        result = replayer.run(reference=True)
        assert pl.digest(result.states[-1]) == pl.digest(expected), name
        assert result.wal_compared > 50 and result.wal_mismatches == [], name
        replayed = sqlite3.connect(replayer.path)
        assert pl.digest(pl.read_state(replayed)) == pl.digest(expected), name
        assert replayed.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        replayed.close()
        pragmas = [p.replace(" ", "").lower() for s in script.steps if s.kind == "connect"
                   for p in s.pragmas]
        assert "pragmajournal_mode=wal" in pragmas and "pragmasynchronous=full" in pragmas
        ops = Counter(op.kind for op in replayer.vfs.tracker.ops)
        writing = sum(1 for a, b in zip([0, *result.acks], result.acks, strict=False) if b > a)
        assert ops["sync"] >= writing > 0, (name, ops)  # every writing commit synced


@pytest.mark.slow
def test_full_keeps_every_acknowledged_transaction_at_every_cut_point(scripts, work):
    """WAL + synchronous=FULL (the application's settings): a power cut before any write
    or sync of any write path loses no acknowledged transaction, duplicates nothing and
    never corrupts the file — with SQLite's default checkpoints and with a small WAL
    that checkpoints every few pages."""
    total = pl.Tally()
    runs = [(name, None) for name in scripts] + [("requests", SMALL_WAL)]
    for name, wal in runs:
        tally = pl.run_cases(scripts[name], work / "full", sync="FULL", autocheckpoint=wal,
                             patterns=pl.rotating(2), seed=len(total.by_path))
        assert tally.failures == 0, (name, wal, dict(tally.outcomes), dict(tally.examples))
        assert tally.cut_points > 100, (name, tally.cut_points)
        total.merge(tally)
    print(f"\nFULL: {total.cases} cases, {total.cut_points} cut points, {total.images} "
          f"images; {dict(total.outcomes)}")
    assert total.cases >= 2500
    assert total.outcomes["ok"] == total.cases
    every_pattern = {p for p, c in total.by_pattern.items() if sum(c.values())}
    assert every_pattern == set(pl.PATTERNS)
    assert set(total.by_path) >= {"open_migrate", "migrate_upgrade", "register_request", "change_status",
                                  "add_note", "record_feedback", "save_answer", "finalize",
                                  "apply_pulled", "acknowledge", "close"}


def test_normal_loses_transactions_the_user_saw_saved(scripts, work):
    """The same harness under synchronous=NORMAL: a commit returns before the WAL is
    synced, and a power cut takes acknowledged transactions away."""
    tally = pl.run_cases(scripts["requests"], work / "normal", sync="NORMAL",
                         patterns=("drop_all", "subset"),
                         cut_points=lambda n: range(0, n + 1, 5))
    print(f"\nNORMAL: {tally.cases} cases; {dict(tally.outcomes)}; "
          f"{tally.lost_transactions} acknowledged transactions lost")
    assert tally.outcomes["lost"] > 0 and tally.lost_transactions > 0
    assert tally.outcomes["corrupt"] == 0  # NORMAL loses, but WAL never corrupts


def test_off_corrupts_the_file_once_a_checkpoint_runs(scripts, work):
    """synchronous=OFF: nothing is ever synced; a checkpoint copies pages into the
    database file while the WAL they came from may not be on disk, and the file is left
    with pages of different transactions: integrity_check fails. (The same WAL size
    under FULL is in the test above: 0 corrupt.)"""
    tally = pl.run_cases(scripts["requests"], work / "off", sync="OFF",
                         autocheckpoint=SMALL_WAL, patterns=("subset", "reorder", "torn"),
                         cut_points=lambda n: range(0, n + 1, 5))
    print(f"\nOFF: {tally.cases} cases; {dict(tally.outcomes)}")
    assert tally.outcomes["corrupt"] > 0
    assert any("integrity_check" in e or "malformed" in e for e in tally.examples["corrupt"])
    assert tally.outcomes["lost"] > 0


# SQLite's own wording for the two errors (sqlite3_errstr), as the application's sqlite3
# module would carry them in OperationalError.
SQLITE_WORDS = {"ioerr": "disk I/O error", "full": "database or disk is full"}


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["ioerr", "full"])
def test_io_errors_and_a_full_disk_leave_no_partial_record(scripts, work, kind):
    """The n-th write fails (an I/O error once, or a disk that stays full), for n at
    every 13th write of every write path: the operation reports the failure (never a
    false "saved"), and after reopening the database holds exactly the transactions that
    reported success — nothing partial, nothing lost."""
    from store.errors import KnownError, from_sqlite

    cases = []
    for script in scripts.values():
        cases += pl.run_faults(script, work / "faults", kind=kind, every=13)
    outcomes = Counter(c.outcome for c in cases)
    print(f"\n{kind}: {len(cases)} injected faults; {dict(outcomes)}")
    assert len(cases) > 60
    assert outcomes == {"ok": len(cases)}, [c for c in cases if c.outcome != "ok"][:5]
    assert all(c.reported for c in cases)
    assert {c.error.split(":")[0] for c in cases} == {
        "IOError" if kind == "ioerr" else "FullError"}
    # What the clerk reads: the store turns SQLite's error (as the application's sqlite3
    # carries it) into a plain message that says the step was not saved.
    known = from_sqlite(sqlite3.OperationalError(SQLITE_WORDS[kind]))
    assert isinstance(known, KnownError)
    assert "Nothing was saved from this step" in known.text()
    assert "damaged" not in known.text()  # nothing to restore: the file is fine


@pytest.mark.slow
def test_a_failed_fsync_is_reported_and_may_come_back(scripts, work):
    """The n-th sync fails (fsync returns an error), for every sync of the request and
    sync paths: the operation always reports the failure; afterwards the database holds
    either exactly the acknowledged transactions or those plus the failed one (its WAL
    frames were written; had Daftar been killed before anything overwrote them, the
    next start finds it). Never anything partial, lost or corrupt. So the clerk is not
    told "nothing was saved" but to look the step up before entering it again."""
    from store.errors import from_sqlite

    cases = []
    for name in ("requests", "sync"):
        cases += pl.run_faults(scripts[name], work / "fsync", kind="fsync")
    outcomes = Counter(c.outcome for c in cases)
    print(f"\nfsync: {len(cases)} injected faults; {dict(outcomes)}")
    assert all(c.reported for c in cases) and len(cases) > 10
    assert set(outcomes) <= {"ok", "false_failure"}
    assert outcomes["false_failure"] > 0  # it happens: the message must allow for it
    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorname = "SQLITE_IOERR_FSYNC"  # as sqlite3 sets it (Python 3.11+)
    words = from_sqlite(error).text()
    assert "may or may not have been saved" in words and "Look it up" in words


CHILD = """
import os, resource, signal, sys
import people
from conftest import register
from store.errors import KnownError
from store.store import Store

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead
folder = sys.argv[1]
store = Store.open(folder)
people.seed(store)
print("SAVED", register(store, 1).tracking_number, flush=True)
wal = os.path.getsize(os.path.join(folder, "daftar.sqlite3-wal"))
resource.setrlimit(resource.RLIMIT_FSIZE, (wal, wal))  # no file may grow any more
try:
    r = register(store, 2)
    print("SAVED", r.tracking_number, flush=True)
except KnownError as exc:
    print("REFUSED", exc.text(), flush=True)
store.close()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_write_the_disk_refuses_reaches_the_clerk_as_not_saved(tmp_path):
    """The whole application stack, no VFS: a real store in a child process whose file
    size limit stops the WAL from growing (the kernel refuses the write, as with a full
    disk): registering raises the plain "nothing was saved" message, and after reopening
    only the first request is there, nothing of the second."""
    root = Path(__file__).resolve().parent.parent
    folder = tmp_path / "data"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(root), str(root / "tests")]))
    out = subprocess.run([sys.executable, "-c", CHILD, str(folder)], env=env, cwd=root,
                         capture_output=True, text=True, timeout=120)
    lines = out.stdout.splitlines()
    assert len(lines) == 2 and lines[0].startswith("SAVED"), out.stdout + out.stderr
    assert lines[1].startswith("REFUSED"), lines
    assert "Nothing was saved from this step" in lines[1]
    from store.db import connect

    con = connect(folder / pl.DB_NAME)  # keyed (the database is SQLCipher-encrypted)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    with Store.open(folder) as store:
        people.seed(store)
        assert store.count_requests() == 1
        assert store.pending_outbox() == 3  # the first request's citizen, request, event
        assert store.find_citizen("35202-0000002-1") is None


def test_the_disk_model():
    """The power-cut model itself: a sync makes that file's earlier writes durable (and
    no other file's); unsynced writes are kept or dropped per pattern; a torn write
    keeps part of its sectors; an unlink counts only after a directory sync."""
    ops = [pl.Op("write", "db", 0, b"A" * 1024), pl.Op("write", "wal", 0, b"W" * 1024),
           pl.Op("sync", "db"), pl.Op("write", "db", 0, b"B" * 1024),
           pl.Op("delete", "journal"), pl.Op("dirsync", "wal"),
           pl.Op("write", "wal", 1024, b"X" * 1024)]
    disk = pl.Disk({"journal": b"J" * 512}, ops)
    disk.advance(3)
    assert disk.image([])["db"] == b"A" * 1024 and disk.image([])["wal"] is None
    assert disk.image([1])["wal"] == b"W" * 1024
    disk.advance(5)
    assert disk.image([])["journal"] == b"J" * 512  # unlinked, not yet durable
    assert disk.image([4])["journal"] is None
    disk.advance(7)
    assert disk.image([])["journal"] is None
    assert disk.image([3])["db"] == b"B" * 1024
    import random

    torn = pl.torn_data(ops[3], b"A" * 1024, random.Random(1))
    assert torn != b"B" * 1024 and torn != b"A" * 1024
    assert all(torn[i:i + 512] in (b"A" * 512, b"B" * 512) for i in (0, 512))
    rng = random.Random(2)
    keep, _ = pl.choose("reorder", disk, rng)
    assert len(keep) == len(disk.pending) - 1 and keep[-1] == disk.pending[-1]


def test_the_store_refuses_to_run_without_wal(tmp_path):
    """store.db checks at every connect that WAL + FULL took effect: an in-memory
    database cannot be in WAL mode, and opening it is refused with a plain message."""
    from store.db import make_engine
    from store.errors import KnownError

    engine = make_engine(Path(":memory:"), key=bytes(32))
    with pytest.raises(KnownError, match="could not be opened safely"):
        engine.connect()
    engine.dispose()
