"""The server's database: engine from a URL, durability settings, migrations at start.

The embedded default is a SQLite file in the data folder (``$DAFTAR_DATA_DIR`` or the
platform's data folder, ``server.sqlite3``); a real deployment uses PostgreSQL with a
``postgresql+psycopg://user@host/db`` URL.

SQLite connections are put in WAL mode with ``synchronous=FULL`` (these PCs lose power;
with NORMAL a committed batch, already acknowledged to the device, can vanish) and foreign
keys on, and write transactions begin with ``BEGIN IMMEDIATE`` so two writers never
deadlock halfway. Migrations use Alembic (``server/migrations``) and run at every start,
with the reference data load, in one transaction; on PostgreSQL that transaction first
takes an advisory lock, so several server processes starting together migrate once.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import QueuePool

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DB_NAME = "server.sqlite3"
BUSY_TIMEOUT_MS = 15_000
#: pg_advisory_xact_lock keys (any constants unique within Daftar).
MIGRATE_LOCK = 0x44414654_0001
CHANGE_LOG_LOCK = 0x44414654_0002


class DatabaseError(RuntimeError):
    """The database cannot be used; the message says why in plain words."""


def data_dir() -> Path:
    """The server's data folder: ``$DAFTAR_DATA_DIR``, else the platform's data folder."""
    chosen = os.environ.get("DAFTAR_DATA_DIR")
    if chosen:
        path = Path(chosen)
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir("Daftar", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_url(folder: str | os.PathLike | None = None) -> str:
    return f"sqlite:///{Path(folder) if folder else data_dir()}/{DB_NAME}"


def _sqlite_on_connect(dbapi_conn: sqlite3.Connection, _record) -> None:
    dbapi_conn.isolation_level = None  # SQLAlchemy's "begin" hook issues BEGIN itself
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    mode = cur.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    sync = cur.execute("PRAGMA synchronous").fetchone()[0]
    fks = cur.execute("PRAGMA foreign_keys").fetchone()[0]
    cur.close()
    if mode.lower() != "wal" or sync != 2 or fks != 1:
        raise DatabaseError(f"The server database could not be opened safely (journal mode "
                            f"{mode}, synchronous {sync}); nothing was changed.")


def _sqlite_on_begin(conn) -> None:
    if conn.get_execution_options().get("write"):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def make_engine(url: str | None = None) -> Engine:
    """An engine for *url* (default: the SQLite file in the data folder)."""
    url = url or default_url()
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            raise DatabaseError("The server needs a database file, not an in-memory database.")
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            parsed, poolclass=QueuePool, pool_size=8, max_overflow=16, hide_parameters=True,
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    if backend == "postgresql":
        if parsed.get_driver_name() != "psycopg":
            parsed = parsed.set(drivername="postgresql+psycopg")
        # hide_parameters: errors in the log never carry the pushed citizens' data.
        return create_engine(parsed, pool_size=10, max_overflow=20, pool_pre_ping=True,
                             hide_parameters=True)
    raise DatabaseError(f"Unsupported database URL {parsed.render_as_string()!r}: use "
                        "sqlite:///path/to/file or postgresql+psycopg://user@host/database.")


def write_conn(engine: Engine) -> Connection:
    """A connection whose transactions take the write lock up front (SQLite)."""
    return engine.connect().execution_options(write=True)


def alembic_config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def prepare(engine: Engine, *, load_reference: bool = True) -> None:
    """Bring the schema to the newest revision and load the bundled reference data,
    in one transaction."""
    from alembic import command

    from server import reference

    cfg = alembic_config()
    with write_conn(engine) as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATE_LOCK})
        if current_revision(conn) != head_revision():
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        if load_reference:
            reference.load(conn)


def open_database(url: str | None = None) -> Engine:
    """The engine for *url*, migrated and with the reference data loaded."""
    engine = make_engine(url)
    try:
        prepare(engine)
    except Exception:
        engine.dispose()
        raise
    return engine


def insert(conn: Connection, table):
    """``INSERT`` for *conn*'s dialect, so ``.on_conflict_do_nothing()`` etc. are available."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)


def _pg_json(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False)


def insert_new(conn: Connection, table, rows: list[dict]) -> set:
    """Insert *rows* into *table* (keyed by ``id``), skipping any that would collide with a
    row already there (``ON CONFLICT DO NOTHING``); returns the ids actually inserted.

    On PostgreSQL the rows travel as one JSON parameter
    (``jsonb_populate_recordset``): one short statement however many rows."""
    if not rows:
        return set()
    if conn.dialect.name == "postgresql":
        result = conn.execute(text(
            f"INSERT INTO {table.name} SELECT * FROM jsonb_populate_recordset("
            f"NULL::{table.name}, CAST(:rows AS jsonb)) ON CONFLICT DO NOTHING RETURNING id"),
            {"rows": _pg_json(rows)})
        return {r.id for r in result}
    stmt = insert(conn, table).on_conflict_do_nothing().returning(table.c.id)
    return {r.id for r in conn.execute(stmt, rows)}


def upsert_received(conn: Connection, rows: list[dict]) -> None:
    """Record ops as received; a row already there changes only if it was refused."""
    from server.tables import received_op

    if conn.dialect.name == "postgresql":
        conn.execute(text(
            "INSERT INTO received_op SELECT * FROM jsonb_populate_recordset("
            "NULL::received_op, CAST(:rows AS jsonb)) "
            "ON CONFLICT (device_id, op_seq) DO UPDATE SET record_kind = excluded.record_kind,"
            " record_id = excluded.record_id, outcome = excluded.outcome,"
            " code = excluded.code, received_at = excluded.received_at "
            "WHERE received_op.outcome = 'rejected'"), {"rows": _pg_json(rows)})
        return
    stmt = insert(conn, received_op)
    stmt = stmt.on_conflict_do_update(
        index_elements=[received_op.c.device_id, received_op.c.op_seq],
        set_={c: stmt.excluded[c] for c in ("record_kind", "record_id", "outcome", "code",
                                            "received_at")},
        where=received_op.c.outcome == "rejected")
    conn.execute(stmt, rows)


def insert_changes(conn: Connection, rows: list[dict]) -> None:
    """Append change-log rows in the given order (seq is assigned by the database)."""
    from server.tables import change_log

    if conn.dialect.name == "postgresql":
        conn.execute(text(
            "INSERT INTO change_log (kind, record_id, district_id, office_code, device_id) "
            "SELECT e->>'kind', e->>'record_id', e->>'district_id', e->>'office_code', "
            "e->>'device_id' FROM jsonb_array_elements(CAST(:rows AS jsonb)) "
            "WITH ORDINALITY AS x(e, n) ORDER BY n"), {"rows": _pg_json(rows)})
        return
    conn.execute(insert(conn, change_log), rows)
