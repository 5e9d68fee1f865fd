"""Opening the local database: encryption, engine, durability pragmas, migrations.

The database is encrypted with **SQLCipher** (``sqlcipher3``, which bundles it): every
connection, the engine's and every other one (backups, checks, diagnostics), is made by
:func:`connect`, whose first statement is ``PRAGMA key`` with the folder's raw 256-bit key
(:mod:`store.keys`). A database made before encryption (plain SQLite) is converted at the
first open by :func:`encrypt_plaintext`.

Every connection is put in WAL mode with ``synchronous=FULL`` (with NORMAL, a power cut
can roll back a transaction the clerk already saw saved) and foreign keys on; the store
refuses to run if SQLite did not take these settings. Migrations use **Alembic**
(``store/migrations``), run at every start inside one transaction (SQLite's DDL is
transactional, so a migration interrupted by a crash leaves the old schema intact).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import QueuePool
from sqlcipher3 import dbapi2 as sqlcipher

from models.i18n import N_
from store.errors import CTX, KnownError, from_sqlite

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: The newest migration. A test checks it is Alembic's head; knowing it lets a normal
#: start skip importing Alembic (a quarter of a second) when there is nothing to do.
HEAD = "0005"
BUSY_TIMEOUT_MS = 10_000
PLAIN_HEADER = b"SQLite format 3\x00"
#: sqlite3's and SQLCipher's errors (two unrelated class trees), for ``except`` clauses.
DatabaseError = (sqlite3.DatabaseError, sqlcipher.DatabaseError)
OperationalError_ = (sqlite3.OperationalError, sqlcipher.OperationalError)
IntegrityError_ = (sqlite3.IntegrityError, sqlcipher.IntegrityError)
Row = sqlcipher.Row

log = logging.getLogger(__name__)


def connect(path: Path | str, key: bytes | None = None, *, readonly: bool = False,
            timeout: float = 10.0) -> sqlcipher.Connection:
    """A DB-API connection to the encrypted database at *path*, keyed.

    *key* defaults to the key of the data folder holding *path* (also for a file in its
    ``backups/``). The key is the very first statement; nothing is read before it.
    """
    path = Path(path)
    if key is None:
        from store import keys

        key = keys.database_key(_folder_of(path))
    if readonly:
        con = sqlcipher.connect(f"file:{quote(str(path))}?mode=ro", uri=True,
                                timeout=timeout, check_same_thread=False)
    else:
        con = sqlcipher.connect(str(path), timeout=timeout, check_same_thread=False)
    if key:  # b"": unencrypted, for bench/ only (Store.open(key=b""))
        con.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    # A wrong key is reported to the caller as "file is not a database"; SQLCipher would
    # also print its own lines on stderr, which a clerk must not see.
    con.execute("PRAGMA cipher_log_level = NONE")
    con.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
    # Sorts and temporary indexes stay in memory: no temporary file with a row in it.
    con.execute("PRAGMA temp_store = MEMORY")
    return con


def _folder_of(path: Path) -> Path:
    """The data folder a database file belongs to (its own folder, or the one above
    ``backups/``): the nearest with a key file."""
    from store import keys

    path = Path(path).resolve()
    for folder in (path.parent, path.parent.parent):
        if keys.has_key(folder):
            return folder
    return path.parent


def is_plaintext(path: Path) -> bool:
    """Is *path* an unencrypted SQLite file (made before encryption)?"""
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == PLAIN_HEADER
    except OSError:
        return False


def _on_connect(dbapi_conn: sqlcipher.Connection, _record) -> None:
    # Let SQLAlchemy's "begin" hook issue BEGIN itself (pysqlite's implicit transactions
    # would otherwise start late and deferred).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    mode = cur.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    sync = cur.execute("PRAGMA synchronous").fetchone()[0]
    fks = cur.execute("PRAGMA foreign_keys").fetchone()[0]
    cur.close()
    if mode.lower() != "wal" or sync != 2 or fks != 1:
        raise KnownError(N_(CTX, "The database could not be opened safely (journal mode {mode}, "
                                 "synchronous {sync}). Call IT; nothing was changed."),
                         mode=mode, sync=sync)


def _on_begin(conn) -> None:
    # Writers take the write lock up front (BEGIN IMMEDIATE): a deferred transaction that
    # later needs to write can fail with "database is locked" halfway through an operation.
    if conn.get_execution_options().get("write"):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def make_engine(db_path: Path, key: bytes | None = None) -> Engine:
    """The engine over the encrypted database *db_path*; *key* defaults to its folder's
    (made when the folder has none: a new database)."""
    db_path = Path(db_path)
    if key is None:
        from store import keys

        key = keys.key_for_open(_folder_of(db_path))

    def creator() -> sqlcipher.Connection:
        return connect(db_path, key, timeout=BUSY_TIMEOUT_MS / 1000)

    engine = create_engine(
        f"sqlite:///{db_path}",
        module=sqlcipher,  # SQLAlchemy maps SQLCipher's errors like sqlite3's
        creator=creator,
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=8,
        hide_parameters=True,  # an error's text never carries a CNIC, name or phone
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def alembic_config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        has_table = conn.execute(text(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")).first()
        if not has_table:
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision, in one transaction."""
    revision = current_revision(engine)
    if revision == HEAD:
        return
    if revision is not None:  # an existing database: keep a copy before changing its schema
        from store.backup import before_migration

        before_migration(Path(engine.url.database), revision)
    from alembic import command

    cfg = alembic_config()
    try:
        with engine.connect().execution_options(write=True) as conn, conn.begin():
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except OperationalError as exc:
        known = from_sqlite(exc)
        if known:
            raise known from exc
        raise


# -- converting a database made before encryption ---------------------------------------------
ENCRYPTING = ".encrypting"  # being written: deleted and redone after a crash
ENCRYPTED = ".encrypted"  # complete and fsynced: replaces the database after a crash


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _wipe(path: Path) -> None:
    """Overwrite *path* with zeros (fsynced) before it is unlinked or replaced: its blocks
    are freed with no readable data left in them (as far as the file system lets us)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    with open(path, "r+b") as fh:
        chunk = b"\x00" * 65536
        left = size
        while left > 0:
            n = min(left, len(chunk))
            fh.write(chunk[:n])
            left -= n
        fh.flush()
        os.fsync(fh.fileno())


def _export_encrypted(source: Path, target: Path, key: bytes,
                      source_key: bytes | None = None) -> None:
    """Write a copy of the database *source* (plain, or encrypted with *source_key*)
    encrypted with *key* to *target* (fsynced) and check it; *source*'s ``-wal`` is folded
    into it first (unless it is read only)."""
    target.unlink(missing_ok=True)
    if source_key is None:
        plain = sqlcipher.connect(str(source), timeout=BUSY_TIMEOUT_MS / 1000)  # plain
    else:
        plain = connect(source, source_key, readonly=True)
    try:
        plain.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if source_key is None:
            plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        plain.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"",
                      (str(target),))
        plain.execute("SELECT sqlcipher_export('encrypted')")
        version = plain.execute("PRAGMA main.user_version").fetchone()[0]
        plain.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        plain.execute("DETACH DATABASE encrypted")
    finally:
        plain.close()
    _fsync(target)
    con = connect(target, key)
    try:
        result = con.execute("PRAGMA integrity_check(1)").fetchone()[0]
    finally:
        con.close()
    if result != "ok":
        raise sqlcipher.DatabaseError(f"encrypted copy failed its check: {result}")


def _finish(live: Path, done: Path) -> None:
    """The last step: the plain file (and its -wal/-shm) wiped, the encrypted one in."""
    for suffix in ("-wal", "-shm", "-journal"):
        side = Path(f"{live}{suffix}")
        if side.exists():
            _wipe(side)
            side.unlink()
    if live.exists() and is_plaintext(live):
        _wipe(live)
    os.replace(done, live)
    _fsync_dir(live.parent)


def encrypt_plaintext(db_path: Path, key: bytes) -> bool:
    """Encrypt the plain SQLite database *db_path* in place (``True`` when it did).

    Crash-safe at every step: the encrypted copy is written as ``.encrypting`` (a
    leftover one is deleted and redone), fsynced, checked and renamed ``.encrypted``; only
    then is the plain file wiped and replaced by it. A leftover ``.encrypted`` is a
    complete copy, so the next open finishes the job with it. There is always exactly
    one good database, and no plaintext is left once this returns.
    """
    db_path = Path(db_path)
    pending = db_path.with_name(f".{db_path.name}{ENCRYPTING}")
    done = db_path.with_name(f".{db_path.name}{ENCRYPTED}")
    for leftover in (pending, *(Path(f"{pending}{s}") for s in ("-journal", "-wal", "-shm"))):
        # An interrupted attempt: its journal must never meet the next attempt's file.
        leftover.unlink(missing_ok=True)
    if done.exists():
        log.warning("finishing the encryption of the database interrupted earlier")
        _finish(db_path, done)
        return True
    if not is_plaintext(db_path):
        return False
    log.info("encrypting the database made before encryption (%d bytes)",
             db_path.stat().st_size)
    _export_encrypted(db_path, pending, key)
    os.replace(pending, done)
    _fsync_dir(db_path.parent)
    _finish(db_path, done)
    return True


def encrypt_plaintext_backups(folder: Path, key: bytes) -> int:
    """Encrypt the backups made before encryption, one at a time (same crash safety)."""
    bdir = Path(folder) / "backups"
    if not bdir.is_dir():
        return 0
    n = 0
    for p in sorted(bdir.glob("*.sqlite3")):
        with contextlib.suppress(FileNotFoundError):
            if is_plaintext(p) or p.with_name(f".{p.name}{ENCRYPTED}").exists():
                try:
                    n += encrypt_plaintext(p, key)
                except sqlcipher.DatabaseError as exc:  # a damaged old backup stays as is
                    log.error("an old backup %s could not be encrypted: %s", p.name, exc)
    for p in bdir.glob(f".*{ENCRYPTING}*"):  # interrupted attempts (and their journals)
        p.unlink(missing_ok=True)
    return n
