"""A database file damaged on disk: detected at start, the newest good backup offered.

Damage patterns, each on a real database with a good backup: the file truncated (to half,
to its first page, to nothing), a page of garbage in the middle, the header zeroed. Each
time ``Store.open`` must refuse with :class:`DamagedDatabase` naming the newest good backup
(nothing is changed, nothing is created in its place), and restoring that backup brings
every request back with its audit trail intact. The desktop's start (``desktop.app``)
turns the same exception into the "restore this backup?" question
(tests/test_backup.py::test_start_offers_the_backup_and_restores_it).
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from store import audit, backup, demo
from store.backup import DamagedDatabase
from store.store import Store

PAGE = 4096


def _truncate(path: Path, size: int) -> None:
    with open(path, "r+b") as fh:
        fh.truncate(size)
        os.fsync(fh.fileno())


def _overwrite(path: Path, offset: int, data: bytes) -> None:
    with open(path, "r+b") as fh:
        fh.seek(offset)
        fh.write(data)
        os.fsync(fh.fileno())


def truncated_half(path: Path) -> None:
    _truncate(path, path.stat().st_size // 2 // PAGE * PAGE)


def truncated_to_first_page(path: Path) -> None:
    _truncate(path, PAGE)


def truncated_to_nothing(path: Path) -> None:
    _truncate(path, 0)


def garbage_page_in_the_middle(path: Path) -> None:
    rng = random.Random(11)
    middle = path.stat().st_size // 2 // PAGE * PAGE
    _overwrite(path, middle, bytes(rng.randrange(256) for _ in range(PAGE)))


def zeroed_header(path: Path) -> None:
    _overwrite(path, 0, bytes(100))


PATTERNS = [truncated_half, truncated_to_first_page, truncated_to_nothing,
            garbage_page_in_the_middle, zeroed_header]


@pytest.mark.parametrize("damage", PATTERNS, ids=lambda f: f.__name__)
def test_damage_is_detected_at_start_and_the_backup_restores_everything(tmp_path, damage):
    import people

    folder = tmp_path / "data"
    with Store.open(folder) as store:
        people.seed(store)
        demo.generate(store, 400, seed=5)
        count = store.count_requests()
        tracking = {r.tracking_number for r in store.list_requests(limit=10_000)}
    made = backup.make_backup(folder)
    db = folder / "daftar.sqlite3"
    assert not Path(f"{db}-wal").exists()  # closed cleanly: the file holds everything
    damage(db)
    size = db.stat().st_size

    with pytest.raises(DamagedDatabase) as caught:
        Store.open(folder)
    assert caught.value.backup == made
    assert "damaged" in str(caught.value) and made.name in str(caught.value)
    assert db.stat().st_size == size  # nothing was changed, nothing created in its place
    assert backup.newest_good_backup(folder) == made

    done = backup.restore(folder, caught.value.backup, office_code="LHR1")
    assert done.saved_current is not None and done.saved_current.name.startswith("damaged-")
    with Store.open(folder) as store:
        assert store.count_requests() == count
        assert {r.tracking_number for r in store.list_requests(limit=10_000)} == tracking
        report = audit.verify(store)
        assert report.ok, [p.describe() for p in report.problems]


def test_an_empty_file_without_backups_is_a_new_database(tmp_path):
    """A first start killed before it wrote anything leaves an empty file: that is not
    damage, and the next start simply creates the database."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "daftar.sqlite3").write_bytes(b"")
    with Store.open(folder) as store:
        assert store.count_requests() == 0
