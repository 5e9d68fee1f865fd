"""Opening the local database: engine, durability pragmas, migrations.

Every connection is put in WAL mode with ``synchronous=FULL`` (with NORMAL, a power cut
can roll back a transaction the clerk already saw saved) and foreign keys on; the store
refuses to run if SQLite did not take these settings. Migrations use **Alembic**
(``store/migrations``), run at every start inside one transaction (SQLite's DDL is
transactional, so a migration interrupted by a crash leaves the old schema intact).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import QueuePool

from models.i18n import N_
from store.errors import CTX, KnownError, from_sqlite

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: The newest migration. A test checks it is Alembic's head; knowing it lets a normal
#: start skip importing Alembic (a quarter of a second) when there is nothing to do.
HEAD = "0004"
BUSY_TIMEOUT_MS = 10_000


def _on_connect(dbapi_conn: sqlite3.Connection, _record) -> None:
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


def make_engine(db_path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{db_path}",
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=8,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
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
