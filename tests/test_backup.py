"""Backups and restore, on real files and real SQLite: damage, refusal, retention, crashes."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from store import backup, demo, keys
from store.audit import verify
from store.backup import DamagedDatabase, RestoreRefused
from store.db import HEAD, connect
from store.store import Store

ROOT = Path(__file__).resolve().parent.parent


def demo_store(folder: Path, n: int = 300, seed: int = 1) -> int:
    """A store in *folder* with *n* demo requests; returns its request count."""
    with Store.open(folder) as store:
        demo.generate(store, n, seed=seed)
        return store.count_requests()


def corrupt(path: Path, seed: int = 6) -> None:
    """Overwrite whole pages in the middle of *path* with noise."""
    size = path.stat().st_size
    rng = random.Random(seed)
    with open(path, "r+b") as fh:
        fh.seek((size // 2) // 4096 * 4096)
        fh.write(bytes(rng.randrange(256) for _ in range(4 * 4096)))
        fh.flush()
        os.fsync(fh.fileno())


def test_backup_then_damage_names_the_backup_and_restore_brings_the_data_back(tmp_path):
    folder = tmp_path / "data"
    count = demo_store(folder)
    made = backup.make_backup(folder)
    assert made.parent == folder / "backups" and made.name.endswith("-manual.sqlite3")
    assert not list(made.parent.glob("*.partial")) and not Path(f"{made}-wal").exists()

    corrupt(folder / "daftar.sqlite3")
    with pytest.raises(DamagedDatabase) as caught:
        Store.open(folder)
    assert caught.value.backup == made
    assert made.name in str(caught.value) and "damaged" in str(caught.value)

    done = backup.restore(folder, caught.value.backup, office_code="LHR1")
    assert done.saved_current is not None and done.saved_current.name.startswith("damaged-")
    assert not done.forced
    with Store.open(folder) as store:
        assert store.count_requests() == count
        assert verify(store).ok
    # The damaged copy is kept for IT but is never offered as a backup.
    assert [b.path for b in backup.list_backups(folder)] == [made]


def test_restore_of_a_healthy_database_keeps_a_backup_of_it_first(tmp_path):
    folder = tmp_path / "data"
    demo_store(folder, 20)
    made = backup.make_backup(folder)
    with Store.open(folder) as store:
        demo.generate(store, 5, seed=2)
        assert store.count_requests() == 25
    done = backup.restore(folder, made)
    assert done.saved_current and done.saved_current.name.endswith("-prerestore.sqlite3")
    con = connect(done.saved_current)
    extra_steps = con.execute("SELECT count(*) FROM request_event e JOIN device_state d "
                              "ON e.device_id = d.device_id").fetchone()[0]
    con.close()
    con = connect(made)
    extra_steps -= con.execute("SELECT count(*) FROM request_event").fetchone()[0]
    con.close()
    assert done.steps_not_in_backup == extra_steps > 5
    with Store.open(folder) as store:
        assert store.count_requests() == 20
    backup.restore(folder, done.saved_current)  # and back again
    with Store.open(folder) as store:
        assert store.count_requests() == 25
        assert verify(store).ok


@pytest.fixture
def good_backup(tmp_path) -> tuple[Path, Path]:
    folder = tmp_path / "data"
    demo_store(folder, 50)
    return folder, backup.make_backup(folder)


def test_restore_refuses_a_damaged_backup(good_backup, tmp_path):
    folder, made = good_backup
    bad = tmp_path / "bad.sqlite3"
    shutil.copy(made, bad)
    corrupt(bad)
    with pytest.raises(RestoreRefused, match="is damaged"):
        backup.restore(folder, bad)
    with Store.open(folder) as store:  # nothing was changed
        assert store.count_requests() == 50


def test_restore_refuses_what_is_not_a_daftar_database(good_backup, tmp_path):
    folder, _ = good_backup
    text = tmp_path / "notes.txt"
    text.write_text("not a database at all " * 100)
    with pytest.raises(RestoreRefused, match="not a Daftar backup"):
        backup.restore(folder, text)
    other = tmp_path / "other.sqlite3"  # a plain SQLite file of another program
    import sqlite3

    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t(x)")
    con.execute("INSERT INTO t VALUES (1)")
    con.commit()
    con.close()
    with pytest.raises(RestoreRefused, match="not a Daftar backup"):
        backup.restore(folder, other)
    with pytest.raises(RestoreRefused, match="no file"):
        backup.restore(folder, tmp_path / "missing.sqlite3")


def test_restore_refuses_a_backup_of_a_newer_daftar(good_backup, tmp_path):
    folder, made = good_backup
    newer = tmp_path / "newer.sqlite3"
    shutil.copy(made, newer)
    con = connect(newer, keys.database_key(folder))
    con.execute("UPDATE alembic_version SET version_num = '9001'")
    con.commit()
    con.close()
    with pytest.raises(RestoreRefused, match="newer version of Daftar"):
        backup.restore(folder, newer)


def test_restore_refuses_a_foreign_backup_unless_forced(good_backup, tmp_path):
    folder, _ = good_backup
    old_pc = tmp_path / "old-pc"
    demo_store(old_pc, 30, seed=9)
    con = connect(old_pc / "daftar.sqlite3")
    con.execute("INSERT INTO sync_state(id, server_url, allow_insecure, enrolled, pull_cursor, "
                "clock_offset_ms) VALUES (1, 'https://daftar.example.pk', 0, 1, 7, 0)")
    con.commit()
    con.close()
    keys.add_password_envelope(old_pc, keys.database_key(old_pc), "admin:old", "old office pw")
    foreign = backup.make_backup(old_pc)
    # Encrypted with the old PC's key: this PC's key cannot even read it.
    with pytest.raises(RestoreRefused, match="made on another PC"):
        backup.restore(folder, foreign)
    with pytest.raises(keys.WrongPassword):
        keys.unwrap_key_file(old_pc / keys.KEY_FILE, "not the password")
    old_key = keys.unwrap_key_file(old_pc / keys.KEY_FILE, "old office pw")
    with pytest.raises(RestoreRefused, match="another PC or office"):
        backup.restore(folder, foreign, source_key=old_key)
    with Store.open(folder) as store:
        assert store.count_requests() == 50

    # A replacement PC whose own database is damaged: the office setting decides.
    corrupt(folder / "daftar.sqlite3")
    with pytest.raises(RestoreRefused, match="another PC or office"):
        backup.restore(folder, foreign, office_code="KHI1", source_key=old_key)

    done = backup.restore(folder, foreign, force=True, source_key=old_key)
    assert done.forced
    with Store.open(folder) as store:
        assert store.count_requests() == 30
        assert verify(store).ok
        with store._read() as conn:
            enrolled, url = conn.exec_driver_sql(
                "SELECT enrolled, server_url FROM sync_state").one()
    assert not enrolled and url == "https://daftar.example.pk"
    con = connect(old_pc / "daftar.sqlite3")
    old_device = con.execute("SELECT device_id FROM device_state").fetchone()[0]
    con.close()
    with Store.open(folder) as store:
        assert store.device().device_id == old_device  # its audit chain continues


def test_restore_refuses_while_daftar_has_the_database_open(good_backup):
    folder, made = good_backup
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom store.store import Store\n"
         "s = Store.open(sys.argv[1]); s.pending_outbox(); print('OPEN', flush=True)\n"
         "time.sleep(60)", str(folder)],
        stdout=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)),
        cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "OPEN"
        with pytest.raises(RestoreRefused, match="still has the database open"):
            backup.restore(folder, made)
    finally:
        holder.kill()
        holder.communicate()
    assert [b.path for b in backup.list_backups(folder)] == [made]  # nothing made or changed
    assert not list(folder.glob(".restore-*"))
    backup.restore(folder, made)


def test_cli_backup_list_and_restore_messages(tmp_path):
    folder = tmp_path / "data"
    demo_store(folder, 10)

    def daftar(*args):
        return subprocess.run([sys.executable, str(ROOT / "daftar.py"), "--data-dir",
                               str(folder), *args], capture_output=True, text=True, cwd=ROOT)

    made = daftar("backup")
    assert made.returncode == 0, made.stderr
    path = Path(made.stdout.strip())
    assert path.exists() and path.parent == folder / "backups"
    out = tmp_path / "usb" / "office.sqlite3"
    assert daftar("backup", "--out", str(out)).stdout.strip() == str(out)
    listed = daftar("backup", "list").stdout
    assert path.name in listed and "manual" in listed and out.name not in listed
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"\0" * 10000)
    refused = daftar("restore", str(junk))
    assert refused.returncode == 2
    assert refused.stderr.strip().count("\n") == 0 and "not a Daftar backup" in refused.stderr
    ok = daftar("restore", str(out))
    assert ok.returncode == 0, ok.stderr
    assert "Restored office.sqlite3" in ok.stdout and "prerestore" in ok.stdout


def touch_backup(folder: Path, when: datetime, reason: str) -> Path:
    bdir = folder / "backups"
    bdir.mkdir(parents=True, exist_ok=True)
    p = bdir / f"daftar-{when:%Y%m%d-%H%M%S}-{reason}.sqlite3"
    p.write_bytes(b"x")
    return p


def test_retention_keeps_7_daily_4_weekly_3_premigration_and_every_manual(tmp_path):
    folder = tmp_path / "data"
    now = datetime(2026, 11, 30, 9, 0, 0)  # a Monday
    daily = [touch_backup(folder, now - timedelta(days=d), "daily") for d in range(60)]
    # Two backups on one day: only the newer of them is that day's.
    extra = touch_backup(folder, now - timedelta(days=1, hours=3), "daily")
    pre = [touch_backup(folder, now - timedelta(days=d, hours=1), "premigration")
           for d in range(5)]
    manual = [touch_backup(folder, now - timedelta(days=d, hours=2), "manual")
              for d in (0, 90)]
    backup.prune(folder)
    left = {p.name for p in (folder / "backups").iterdir()}
    kept_daily = set(daily[:7])
    # The newest of each of the last 4 ISO weeks: Mon 30 Nov (kept above), then the
    # Sundays 29, 22 and 15 Nov.
    kept_daily |= {daily[1], daily[8], daily[15]}
    assert {p.name for p in daily if p.name in left} == {p.name for p in kept_daily}
    assert extra.name not in left
    assert {p.name for p in pre if p.name in left} == {p.name for p in pre[:3]}
    assert all(p.name in left for p in manual)
    assert len(left) == len(kept_daily) + 3 + 2


def test_daily_backup_is_made_once_a_day(tmp_path):
    folder = tmp_path / "data"
    assert backup.daily_backup_if_due(folder) is None  # nothing to back up yet
    demo_store(folder, 5)
    now = datetime.now()
    first = backup.daily_backup_if_due(folder, now=now)
    assert first is not None and first.name.endswith("-daily.sqlite3")
    assert backup.daily_backup_if_due(folder, now=now + timedelta(hours=23)) is None
    second = backup.daily_backup_if_due(folder, now=now + timedelta(hours=25))
    assert second is not None and second != first
    assert backup.check_restorable(second).office_code == "LHR1"


def test_a_migration_of_an_existing_database_is_preceded_by_a_backup(tmp_path):
    from conftest import database_at

    fresh = tmp_path / "fresh"
    Store.open(fresh).close()
    assert backup.list_backups(fresh) == []  # a new database has nothing to lose

    folder = tmp_path / "data"
    database_at(folder, "0002")
    con = connect(folder / "daftar.sqlite3")
    con.execute("INSERT INTO device_state(id, device_id, office_code, device_number, "
                "next_op_seq, chain_seq, chain_hash, hlc, tracking_day, tracking_seq) "
                "VALUES (1, '0193a4b2-0000-7000-8000-000000000001', 'LHR1', 1, 1, 0, ?, '', "
                "'', 0)", ("0" * 64,))
    con.commit()
    con.close()

    Store.open(folder).close()  # migrates 0002 -> 0003
    made = backup.list_backups(folder)
    assert [b.reason for b in made] == ["premigration"]
    assert backup.check_restorable(made[0].path).revision == "0002"
    Store.open(folder).close()  # already at head: no further backup
    assert len(backup.list_backups(folder)) == 1

    # Restoring that 0002 backup: the next open migrates it again (after backing it up).
    backup.restore(folder, made[0].path)
    assert backup.check_restorable(folder / "daftar.sqlite3").revision == "0002"
    Store.open(folder).close()
    assert backup.check_restorable(folder / "daftar.sqlite3").revision == HEAD
    assert [b.reason for b in backup.list_backups(folder)].count("premigration") == 2


CRASH_WORKER = """
import sys, time
from pathlib import Path
from store import backup

def progress(done, total):
    print("COPYING", done, total, flush=True)
    time.sleep(30)  # a slow disk: the parent kills us here

backup.make_backup(Path(sys.argv[1]), reason="daily", progress=progress)
print("DONE", flush=True)
"""


@pytest.mark.slow
def test_a_backup_killed_halfway_leaves_nothing_restore_would_accept(tmp_path):
    folder = tmp_path / "data"
    demo_store(folder, 20)
    con = connect(folder / "daftar.sqlite3")
    con.execute("CREATE TABLE ballast(b BLOB)")  # ~48 MB: several backup steps
    con.executemany("INSERT INTO ballast VALUES (randomblob(1000000))", [()] * 48)
    con.commit()
    con.close()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen([sys.executable, "-c", CRASH_WORKER, str(folder)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=env, cwd=ROOT)
    line = child.stdout.readline()
    assert line.startswith("COPYING"), child.stderr.read()
    done, total = map(int, line.split()[1:])
    assert 0 < done < total
    child.send_signal(signal.SIGKILL)
    child.communicate()
    assert child.returncode == -signal.SIGKILL

    assert backup.list_backups(folder) == []
    left = [p for p in (folder / "backups").iterdir() if p.suffix != ".partial-journal"]
    assert left and all(".partial" in p.name for p in left)
    for p in left:
        with pytest.raises(RestoreRefused):
            backup.restore(folder, p)
    with Store.open(folder) as store:  # the database itself is untouched
        assert store.count_requests() == 20
    # A stale half backup is cleaned up by the next pruning.
    for p in (folder / "backups").iterdir():
        os.utime(p, (0, 0))
    backup.prune(folder)
    assert list((folder / "backups").iterdir()) == []


# The offscreen platform cannot propagate size hints; harmless for a message box.
@pytest.mark.qt_log_ignore(r"^This plugin does not support ")
def test_start_offers_the_backup_and_restores_it(qtbot, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop import app
    from store.settings import Settings

    folder = tmp_path / "data"
    count = demo_store(folder, 40)
    made = backup.make_backup(folder)
    corrupt(folder / "daftar.sqlite3")
    with pytest.raises(DamagedDatabase) as caught:
        Store.open(folder)
    seen = []

    def answer_yes():
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, answer_yes)
            return
        seen.append(box.text())
        box.button(QMessageBox.StandardButton.Yes).click()

    QTimer.singleShot(0, answer_yes)
    store = app.offer_restore(folder, Settings(folder), caught.value)
    assert store is not None
    try:
        assert made.name in seen[0]
        assert store.count_requests() == count
        assert verify(store).ok
    finally:
        store.close()
