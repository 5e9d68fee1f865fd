"""Local backups of the store, and restoring one.

Backups are taken with SQLite's online backup API from one read snapshot, so the clerk can
keep working while one is made. A backup is encrypted with the same SQLCipher key as the
database (:mod:`store.keys`): useless without this PC's keyring or an office admin's
password. Each backup is written under a temporary name, converted
to a single self-contained file (rollback journal, no ``-wal``), fsynced, **verified**
(``PRAGMA integrity_check``, Daftar's tables and schema revision, the same device id and
office as the database it came from) and only then renamed to its final name::

    <data folder>/backups/daftar-YYYYMMDD-HHMMSS-<reason>.sqlite3     (local time)

A crash or power cut while a backup is written leaves at most a ``.partial`` file, which
no listing shows and :func:`restore` refuses.

When backups are made, and how long they are kept (:func:`prune`):

* ``daily``: at start, in the background, when the newest backup is older than 24 hours.
  Kept: the newest backup of each of the last 7 days that have one, plus the newest of
  each of the last 4 ISO weeks that have one (the same rule as restic's
  ``--keep-daily 7 --keep-weekly 4``).
* ``premigration``: before every migration that changes the schema of an existing
  database. The newest 3 are kept.
* ``manual`` (``daftar backup``) and ``prerestore`` (made by :func:`restore` just before it
  replaces the database) are never deleted automatically.

Restore (:func:`restore`) refuses a file that is not a Daftar database, a damaged one, one
made by a newer Daftar, and one from another PC or office (unless ``force``: see its
documentation for what that means for sync).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from models.i18n import N_
from store import db, keys, paths
from store.db import DatabaseError
from store.errors import CTX, KnownError, StoreError

log = logging.getLogger(__name__)

BACKUP_DIR = "backups"
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_PREMIGRATION = 3
DAILY_EVERY = timedelta(hours=24)
#: Pages copied per step (4 KiB each): small enough to report progress, and the snapshot
#: is held for the whole copy, so other connections' writes never restart it.
STEP_PAGES = 4096

_NAME_RE = re.compile(r"^daftar-(\d{8})-(\d{6})(?:-([a-z0-9]+))?(?:-(\d+))?\.sqlite3$")
_PARTIAL = ".partial"


class DamagedDatabase(KnownError):
    """The database file failed its integrity check; :attr:`backup` is the newest good one."""

    def __init__(self, message: str, *, backup: Path | None = None, **args: object) -> None:
        super().__init__(message, backup=backup, **args)
        self.backup = backup


class RestoreRefused(StoreError):
    """The file given to restore is not a backup this PC may use."""


class BackupFailed(KnownError):
    """A backup could not be written or did not verify; nothing was replaced."""


@dataclass(frozen=True)
class Identity:
    """What makes a database this PC's Daftar database."""

    revision: str
    device_id: str
    office_code: str
    chain_seq: int = 0  # how many audited steps this PC had taken


@dataclass(frozen=True)
class BackupFile:
    """One finished backup in the backups folder."""

    path: Path
    taken_at: datetime
    reason: str

    @property
    def size(self) -> int:
        return self.path.stat().st_size


@dataclass(frozen=True)
class Restored:
    """What :func:`restore` did."""

    source: Path
    saved_current: Path | None  # backup (or copy of the damaged file) of what was replaced
    forced: bool
    #: This PC's audited steps in the replaced database that the backup lacks (see
    #: :func:`restore`); 0 when unknown (the replaced database could not be read).
    steps_not_in_backup: int = 0


# -- small helpers ----------------------------------------------------------------------------
def backups_dir(folder: Path) -> Path:
    return Path(folder) / BACKUP_DIR


def db_path(folder: Path) -> Path:
    return Path(folder) / paths.DB_NAME


def _connect_ro(path: Path, key: bytes | None = None):
    """A read-only keyed connection (*key*: the data folder's, by default)."""
    return db.connect(path, key, readonly=True, timeout=10)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR)  # Windows flushes only a handle open for writing
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":  # Windows has no directory handles to flush
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def identity(con) -> Identity | None:
    """The schema revision, device id and office of a Daftar database, or ``None``."""
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"alembic_version", "meta", "device_state"} <= tables:
            return None
        revision = con.execute("SELECT version_num FROM alembic_version").fetchone()
        device = con.execute(
            "SELECT device_id, office_code, chain_seq FROM device_state").fetchone()
    except DatabaseError:
        return None
    if not revision or not device:
        return None
    rev, device_id, office_code, seq = revision[0], device[0], device[1], device[2] or 0
    # A file whose identity is not of the right kinds (a doctored or foreign file) is not
    # a Daftar database: restoring it would replace good data by what the program cannot use.
    if not (isinstance(rev, str) and rev and isinstance(device_id, str) and device_id
            and isinstance(office_code, str) and isinstance(seq, int) and seq >= 0):
        return None
    return Identity(rev, device_id, office_code, seq)


def _integrity(con, pragma: str = "integrity_check") -> str:
    """``"ok"`` or the first problem SQLite reports."""
    try:
        first = con.execute(f"PRAGMA {pragma}(1)").fetchone()
    except DatabaseError as exc:
        return str(exc)
    return first[0] if first else "no answer"


def known_revisions() -> list[str]:
    """Every schema revision this program knows, oldest first."""
    versions = Path(__file__).resolve().parent / "migrations" / "versions"
    return sorted({p.name.split("_", 1)[0] for p in versions.glob("[0-9]*_*.py")})


# -- listing and retention --------------------------------------------------------------------
def list_backups(folder: Path) -> list[BackupFile]:
    """The finished backups of *folder*, newest first (``.partial`` files never appear)."""
    found = []
    bdir = backups_dir(folder)
    if not bdir.is_dir():
        return []
    for p in bdir.iterdir():
        m = _NAME_RE.match(p.name)
        if not m or not p.is_file():
            continue
        try:
            taken = datetime.strptime(m[1] + m[2], "%Y%m%d%H%M%S")
        except ValueError:
            continue
        found.append(BackupFile(p, taken, m[3] or "manual"))
    found.sort(key=lambda b: (b.taken_at, b.path.name), reverse=True)
    return found


def to_prune(backups: list[BackupFile]) -> list[BackupFile]:
    """Which automatic backups the retention rule (module documentation) lets go."""
    keep: set[Path] = set()
    daily = [b for b in backups if b.reason == "daily"]  # newest first
    for bucket_of, count in ((lambda b: b.taken_at.date(), KEEP_DAILY),
                             (lambda b: b.taken_at.isocalendar()[:2], KEEP_WEEKLY)):
        seen: list = []
        for b in daily:
            bucket = bucket_of(b)
            if bucket in seen:
                continue
            if len(seen) == count:
                break
            seen.append(bucket)
            keep.add(b.path)
    keep.update(b.path for b in [b for b in backups if b.reason == "premigration"]
                [:KEEP_PREMIGRATION])
    return [b for b in backups if b.reason in ("daily", "premigration") and b.path not in keep]


def prune(folder: Path) -> list[Path]:
    """Delete automatic backups beyond the retention rule, and stale ``.partial`` files."""
    removed = []
    for b in to_prune(list_backups(folder)):
        with contextlib.suppress(FileNotFoundError):
            b.path.unlink()
            removed.append(b.path)
    stale = datetime.now().timestamp() - 3600  # a backup in progress is younger
    leftovers = [*backups_dir(folder).glob(f".*{_PARTIAL}*"),
                 *Path(folder).glob(f".restore-*{_PARTIAL}*")]
    for p in leftovers:
        with contextlib.suppress(OSError):
            if p.stat().st_mtime < stale:
                p.unlink()
    return removed


# -- making a backup --------------------------------------------------------------------------
def _copy(src, target: Path, progress: Callable[[int, int], None] | None,
          key: bytes) -> None:
    """Copy *src* (inside one read transaction) into a new file *target* encrypted with
    *key* (the source's: SQLCipher's backup API copies between connections keyed alike),
    fsynced."""
    dst = db.connect(target, key)
    try:
        def step(_status: int, remaining: int, total: int) -> None:
            if progress:
                progress(total - remaining, total)

        src.backup(dst, pages=STEP_PAGES, progress=step)
        # One self-contained file: no -wal beside a backup, whatever the source used.
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
    _fsync_file(target)


def _verify_copy(path: Path, expected: Identity, key: bytes) -> str | None:
    """Why the copy at *path* is not a good backup of *expected*, or ``None``."""
    con = _connect_ro(path, key)
    try:
        result = _integrity(con)
        if result != "ok":
            return f"integrity check: {result}"
        got = identity(con)
    finally:
        con.close()
    if got != expected:
        return f"identity {got} != {expected}"
    return None


def _final_name(bdir: Path, now: datetime, reason: str) -> Path:
    base = f"daftar-{now:%Y%m%d-%H%M%S}-{reason}"
    target = bdir / f"{base}.sqlite3"
    n = 2
    while target.exists():
        target = bdir / f"{base}-{n}.sqlite3"
        n += 1
    return target


def make_backup(folder: Path, *, reason: str = "manual", out: Path | None = None,
                now: datetime | None = None,
                progress: Callable[[int, int], None] | None = None) -> Path:
    """Back up the database of *folder*; returns the verified backup's path.

    >>> make_backup(Path("/data"))                                  # doctest: +SKIP
    PosixPath('/data/backups/daftar-20261130-184500-manual.sqlite3')

    *out* writes to that file instead of the backups folder (an existing file there is
    replaced only once the new backup has verified). Raises :class:`BackupFailed`.
    """
    folder = Path(folder)
    source = db_path(folder)
    if not source.exists():
        raise BackupFailed(N_(CTX, "There is no database to back up in {folder}."),
                           folder=folder)
    now = now or datetime.now()
    if out is None:
        bdir = backups_dir(folder)
        bdir.mkdir(parents=True, exist_ok=True)
        target = _final_name(bdir, now, reason)
    else:
        target = Path(out).resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.name}.{os.getpid()}{_PARTIAL}"
    key = keys.database_key(folder)
    src = db.connect(source, key, timeout=10)
    try:
        # Hold one read snapshot for the whole copy: the backup is one consistent moment
        # and writers (WAL) are never blocked by it nor restart it.
        src.execute("BEGIN")
        expected = identity(src)
        if expected is None:
            raise BackupFailed(N_(CTX, "The database in {folder} is not a Daftar database; "
                                       "nothing was backed up."), folder=folder)
        _copy(src, tmp, progress, key)
        src.execute("COMMIT")
    except DatabaseError as exc:
        tmp.unlink(missing_ok=True)
        raise BackupFailed(N_(CTX, "The backup could not be made ({error}). Nothing was "
                                   "changed; call IT if this repeats."), error=exc) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    problem = _verify_copy(tmp, expected, key)
    if problem:
        tmp.unlink(missing_ok=True)
        log.error("backup did not verify: %s", problem)
        raise BackupFailed(N_(CTX, "The backup did not verify; it was not kept. Call IT: "
                                   "the disk may be failing."))
    os.replace(tmp, target)
    _fsync_dir(target.parent)
    log.info("backup written: %s (%s)", target.name, reason)
    return target


def has_data(folder: Path) -> bool:
    """Is there an existing Daftar database (created by a migration) in *folder*?"""
    path = db_path(folder)
    if not path.exists() or path.stat().st_size == 0:
        return False
    try:
        con = _connect_ro(path)
    except DatabaseError:
        return False
    try:
        return identity(con) is not None
    finally:
        con.close()


def daily_backup_if_due(folder: Path, *, now: datetime | None = None) -> Path | None:
    """The automatic daily backup: made (and old ones pruned) when the newest backup is
    older than 24 hours. Slow on a big database: the desktop runs it in the background."""
    now = now or datetime.now()
    newest = list_backups(folder)
    if newest and now - newest[0].taken_at < DAILY_EVERY:
        return None
    if not has_data(folder):
        return None
    path = make_backup(folder, reason="daily", now=now)
    prune(folder)
    return path


def before_migration(database: Path, revision: str) -> Path | None:
    """Called by :func:`store.db.migrate` before it changes the schema of *database*."""
    folder = Path(database).parent
    if not has_data(folder):
        return None
    path = make_backup(folder, reason="premigration")
    log.info("backup before migrating from revision %s: %s", revision, path.name)
    prune(folder)
    return path


# -- checking at open -------------------------------------------------------------------------
def newest_good_backup(folder: Path) -> Path | None:
    """The newest backup in *folder* that passes a quick check and is a Daftar database."""
    for b in list_backups(folder):
        try:
            con = _connect_ro(b.path)
            try:
                if _integrity(con, "quick_check") == "ok" and identity(con) is not None:
                    return b.path
            finally:
                con.close()
        except DatabaseError:
            continue
    return None


def check_database(folder: Path, key: bytes | None = None) -> None:
    """A fast ``PRAGMA quick_check`` of an existing database; raises :class:`DamagedDatabase`
    (also for an emptied file when backups show there was a database).

    The key has been checked against the key file (:mod:`store.keys`), so a file that
    does not open with it is damaged, not locked."""
    path = db_path(folder)
    if not path.exists():
        return
    try:
        with open(path, "rb") as fh:
            header = fh.read(16)
        wal = Path(f"{path}-wal")
        if not header and list_backups(folder) and not (wal.exists() and wal.stat().st_size):
            # Emptied (a file system that lost it in a crash): SQLite would take it for a
            # new database, and the office would start again from nothing. An empty file
            # is only new where there was never anything to back up. (An encrypted file
            # has no readable header: only opening it with the key tells it is good.)
            result = "the file is empty"
        else:
            con = _connect_ro(path, key)  # read only: the check itself changes nothing
            try:
                result = _integrity(con, "quick_check")
            finally:
                con.close()
    except DatabaseError as exc:
        result = str(exc)
    if result == "ok":
        return
    log.error("the database failed its integrity check: %s", result)
    backup = newest_good_backup(folder)
    if backup is None:
        raise DamagedDatabase(N_(CTX, "The database file is damaged and there is no good "
                                      "backup on this PC. Stop and call IT; nothing was "
                                      "changed."))
    raise DamagedDatabase(N_(CTX, "The database file is damaged. The newest good backup is "
                                  "{backup}. Restore it (daftar restore \"{backup}\") or call "
                                  "IT; nothing was changed."), backup=backup)


# -- restore ----------------------------------------------------------------------------------
def _refuse(message: str, **args: object) -> RestoreRefused:
    return RestoreRefused(message, **args)


def _open_source(source: Path, key: bytes):
    """A read-only connection to a backup: keyed, or plain for one made before encryption."""
    if db.is_plaintext(source):
        from urllib.parse import quote

        from sqlcipher3 import dbapi2 as sqlcipher

        return sqlcipher.connect(f"file:{quote(str(source))}?mode=ro", uri=True, timeout=10)
    return _connect_ro(source, key)


def check_restorable(source: Path, key: bytes | None = None) -> Identity:
    """The identity of a restorable file, or :class:`RestoreRefused` saying why not.
    *key*: the data folder's (default: the one the file lies in)."""
    source = Path(source)
    if not source.is_file():
        raise _refuse(N_(CTX, "There is no file {file}."), file=source)
    if key is None:
        key = keys.database_key(db._folder_of(source))
    try:
        con = _open_source(source, key)
        try:
            result = _integrity(con)
            found = identity(con) if result == "ok" else None
        finally:
            con.close()
    except DatabaseError as exc:
        result = str(exc)
        found = None
    if "not a database" in result:
        raise _refuse(N_(CTX, "{file} cannot be read with this PC's key: it is not a Daftar "
                              "backup, it is damaged, or it was made on another PC (IT can "
                              "restore that one with --force --key-file and that PC's office "
                              "admin password). Nothing was changed."), file=source.name)
    if result != "ok":
        raise _refuse(N_(CTX, "{file} is damaged (integrity check failed); it cannot be "
                              "restored. Nothing was changed; try an older backup."),
                      file=source.name)
    if found is None:
        raise _refuse(N_(CTX, "{file} is not a Daftar backup. Nothing was changed."),
                      file=source.name)
    if found.revision not in known_revisions():
        raise _refuse(N_(CTX, "{file} was made by a newer version of Daftar (schema {rev}). "
                              "Install that version first; nothing was changed."),
                      file=source.name, rev=found.revision)
    return found


def _current_state(folder: Path) -> tuple[Identity | None, bool]:
    """The current database's identity (if it can be read) and whether it is healthy."""
    path = db_path(folder)
    if not path.exists():
        return None, False
    try:
        con = _connect_ro(path)
        try:
            return identity(con), _integrity(con, "quick_check") == "ok"
        finally:
            con.close()
    except DatabaseError:
        return None, False


def restore(folder: Path, source: Path, *, force: bool = False,
            office_code: str | None = None, source_key: bytes | None = None) -> Restored:
    """Replace the database of *folder* by the backup *source*. Close Daftar first.

    Refuses (:class:`RestoreRefused`) a damaged file, a file that is not a Daftar
    database, one whose schema is newer than this program, and one from **another PC or
    office**: its device id differs from the current database's, or (when the current
    database cannot be read) its office differs from *office_code* (this PC's setting).

    ``force=True`` is for IT moving a failed PC's backup onto a replacement PC: the
    restored database keeps the old PC's device id, so its audit chain and unsent outbox
    continue unchanged, but it is marked **not enrolled** (the old PC's sync key stayed
    in that PC's keyring): IT must enroll the new PC again before it syncs, and the old PC
    must never be used again with its own database (two PCs with one device id would fork
    the audit chain).

    Before replacing, the current database is backed up (``prerestore``) if it can be
    read, or copied as ``backups/damaged-….sqlite3`` if it cannot. The replacement is an
    atomic rename; the old ``-wal``/``-shm`` files are removed first (after a checkpoint),
    so no stale log is ever applied to the restored file. Migrations run at the next open.

    A backup is older than the database it replaces: the steps this PC took since then
    (:attr:`Restored.steps_not_in_backup`) are only in the saved copy, and if they were
    already synced the server holds them while this PC's audit chain restarts from the
    backup's head. The sync then parks those events ("restored backup?") and would refuse
    new steps that reuse their numbers; the command line tells IT so.

    *source_key*: the key of another PC's backup (:func:`store.keys.unwrap_key_file`); the
    restored copy is encrypted again with this folder's key. A backup made before
    encryption (plain SQLite) is encrypted on the way in.
    """
    folder = Path(folder)
    source = Path(source).resolve()
    key = keys.database_key(folder)
    source_key = source_key or key
    found = check_restorable(source, source_key)
    current, healthy = _current_state(folder)
    foreign = ((current is not None and current.device_id != found.device_id)
               or (current is None and office_code is not None
                   and office_code.upper() != found.office_code.upper()))
    if foreign and not force:
        raise _refuse(N_(CTX, "{file} is from another PC or office (office {office}); it was "
                              "not restored. IT can move a failed PC's data with --force, "
                              "then enroll this PC again."),
                      file=source.name, office=found.office_code)
    live = db_path(folder)
    tmp = folder / f".restore-{os.getpid()}{_PARTIAL}"
    if db.is_plaintext(source):  # a backup made before encryption: encrypted on the way
        db._export_encrypted(source, tmp, key)
    elif source_key != key:  # another PC's backup: encrypted again with this PC's key
        db._export_encrypted(source, tmp, key, source_key)
    else:
        src = _connect_ro(source, key)
        try:
            src.execute("BEGIN")
            _copy(src, tmp, None, key)
        finally:
            src.close()
    if force and foreign:
        _mark_not_enrolled(tmp, key)
    problem = _verify_copy(tmp, found, key)
    if problem:
        tmp.unlink(missing_ok=True)
        raise BackupFailed(N_(CTX, "The copy of {file} did not verify; nothing was changed. "
                                   "Call IT: the disk may be failing."), file=source.name)
    try:
        _take_over(live)
        saved = _save_current(folder, current is not None and healthy)
        # The old file's logs go first: a stale -wal beside the new file would be replayed
        # into it. A crash between these steps leaves the old database, already saved.
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{live}{suffix}").unlink(missing_ok=True)
        os.replace(tmp, live)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(folder)
    behind = 0
    if current is not None and current.device_id == found.device_id:
        behind = max(0, current.chain_seq - found.chain_seq)
    log.info("restored %s (forced: %s, steps not in it: %d)", source.name,
             bool(force and foreign), behind)
    return Restored(source, saved, bool(force and foreign), behind)


def _take_over(live: Path) -> None:
    """Make sure no other program has *live* open, and fold its ``-wal`` into it.

    Leaving WAL mode needs the only connection to the file, so it fails while Daftar (or
    anything else) still has the database open. Replacing the file under a running Daftar
    would let it keep writing into the old one, and those steps would be lost.
    """
    if not live.exists():
        return
    try:
        con = db.connect(live, timeout=2)
        try:
            con.execute("PRAGMA journal_mode=DELETE").fetchone()
        finally:
            con.close()
    except db.OperationalError_ as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise _refuse(N_(CTX, "Daftar (or another program) still has the database open. "
                                  "Close it and try again; nothing was changed.")) from exc
    except DatabaseError:
        pass  # a damaged file: nobody can be using it; it is copied aside next


def _mark_not_enrolled(path: Path, key: bytes) -> None:
    con = db.connect(path, key)
    try:
        if con.execute("SELECT 1 FROM sqlite_master WHERE name='sync_state'").fetchone():
            con.execute("UPDATE sync_state SET enrolled=0, enrolled_at=NULL, "
                        "last_error='restored from another PC: enroll again'")
        con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('restored_at', ?)",
                    (datetime.now().isoformat(timespec="seconds"),))
        con.commit()
    finally:
        con.close()
    _fsync_file(path)


def _save_current(folder: Path, readable: bool) -> Path | None:
    """Keep what is about to be replaced: a verified backup, or a raw copy if damaged."""
    live = db_path(folder)
    if not live.exists():
        return None
    if readable:
        try:
            saved = make_backup(folder, reason="prerestore")
        except BackupFailed:
            saved = None
        if saved is not None:
            # Fold the WAL into the file and close cleanly, so nothing is left in -wal.
            with contextlib.suppress(*DatabaseError):
                con = db.connect(live, timeout=10)
                con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                con.close()
            return saved
    bdir = backups_dir(folder)
    bdir.mkdir(parents=True, exist_ok=True)
    copy = bdir / f"damaged-{datetime.now():%Y%m%d-%H%M%S}.sqlite3"
    shutil.copy2(live, copy)
    wal = Path(f"{live}-wal")
    if wal.exists():
        shutil.copy2(wal, Path(f"{copy}-wal"))
    return copy
