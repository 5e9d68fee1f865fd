"""The server's database: migrations, durability settings, and a change feed that never
skips a change, even when transactions commit out of order."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text

from models.wire import PushBatch
from server import db, ingest
from server.feed import read_conn
from server.tables import METADATA

pytest_plugins = ("pg",)


def test_server_tables_stay_out_of_the_store_metadata(server_app):
    from sqlmodel import SQLModel

    import store.schema  # noqa: F401 - the local store's tables

    server_only = {"device", "enroll_token", "received_op", "change_log", "push_log",
                   "rejected_record"}
    assert server_only.isdisjoint(SQLModel.metadata.tables)
    assert server_only <= set(METADATA.tables)
    assert {"outbox", "device_state", "meta"}.isdisjoint(METADATA.tables)


def test_migration_is_at_head_and_schema_matches_tables(server_app):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with server_app.state.engine.connect() as conn:
        assert db.current_revision(conn) == db.head_revision()
        ctx = MigrationContext.configure(conn, opts={
            "include_name": lambda name, kind, _p: not (kind == "table"
                                                       and name == "alembic_version")})
        assert compare_metadata(ctx, METADATA) == []


def test_opening_again_changes_nothing(server_app, server_db_url):
    with server_app.state.engine.connect() as conn:
        before = conn.execute(text("SELECT count(*), max(seq) FROM change_log")).one()
    engine = db.open_database(server_db_url)
    try:
        with engine.connect() as conn:
            after = conn.execute(text("SELECT count(*), max(seq) FROM change_log")).one()
    finally:
        engine.dispose()
    assert tuple(after) == tuple(before)


def test_sqlite_is_durable(tmp_path):
    engine = db.open_database(f"sqlite:///{tmp_path}/s.sqlite3")
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()


def test_unsupported_url_is_refused_in_plain_words():
    with pytest.raises(db.DatabaseError, match="Unsupported database URL"):
        db.make_engine("mysql://localhost/daftar")


def _write_without_commit(engine, pc, n):
    """Start transaction "A": store one citizen of *pc* and hold the transaction open."""
    me = ingest.DeviceCtx(pc.device_id, pc.office, pc.district_id, pc.device_number)
    batch = PushBatch(device_id=pc.device_id, ops=[pc.op("citizen", pc.citizen(n))])
    with read_conn(engine) as conn, conn.begin():
        plan = ingest.plan(conn, me, batch)
    conn = db.write_conn(engine)
    tx = conn.begin()
    result = ingest.write(conn, plan)  # ends by appending to the change log
    assert result.accepted == [batch.ops[0].record["id"]]
    return conn, tx, batch.ops[0].record["id"]


def test_feed_never_skips_a_transaction_that_commits_late(server_db_url, server_app, new_pc):
    """A holds its change rows uncommitted; B pushes meanwhile; a reader pulls between.
    With seqs allocated in commit order, the reader sees both once both commit."""
    reader, pc_a, pc_b = new_pc(), new_pc(), new_pc()
    _, cursor = reader.pull_all()
    conn_a, tx_a, id_a = _write_without_commit(server_app.state.engine, pc_a, 1)
    b_ops = [pc_b.op("citizen", pc_b.citizen(2))]
    b_answer = {}
    thread_b = threading.Thread(target=lambda: b_answer.setdefault("r", pc_b.push(b_ops)))
    thread_b.start()
    try:
        time.sleep(0.5)
        assert thread_b.is_alive()  # B waits for A (PostgreSQL: the change-log lock)
        page = reader.pull(cursor).json()
        assert page["changes"] == [] and page["next_cursor"] == cursor
        tx_a.commit()
    finally:
        if tx_a.is_active:
            tx_a.rollback()
        conn_a.close()
    thread_b.join(30)
    assert b_answer["r"].status_code == 200, b_answer["r"].text
    got, _ = reader.pull_all(cursor)
    assert [c["record"]["id"] for c in got] == [id_a, b_ops[0]["record"]["id"]]


def test_the_hazard_is_real_without_the_lock(server_pg_url):
    """Control: paging a plain PostgreSQL sequence skips the late committer."""
    engine = db.make_engine(server_pg_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE naive (seq bigserial PRIMARY KEY, v text)"))
        a, b = engine.connect(), engine.connect()
        ta, tb = a.begin(), b.begin()
        a.execute(text("INSERT INTO naive(v) VALUES ('a')"))  # takes seq 1
        b.execute(text("INSERT INTO naive(v) VALUES ('b')"))  # takes seq 2
        tb.commit()
        with engine.connect() as r:
            cursor = r.execute(text("SELECT max(seq) FROM naive")).scalar()
        ta.commit()
        a.close()
        b.close()
        with engine.connect() as r:
            after = r.execute(text("SELECT v FROM naive WHERE seq > :c"), {"c": cursor}).all()
        assert after == []  # 'a' committed, but a reader at cursor 2 never sees it
    finally:
        engine.dispose()


def test_change_seqs_follow_commit_order_under_concurrent_pushes(server_db_url, server_app, new_pc):
    """Many devices push at once; every pulled page is gap-free in commit order and the
    union of what a reader pulled while they pushed is everything."""
    from concurrent.futures import ThreadPoolExecutor

    pcs = [new_pc() for _ in range(6)]
    reader = new_pc()
    _, cursor = reader.pull_all()
    seen: list[str] = []
    stop = threading.Event()

    def poll():
        nonlocal cursor
        while not stop.is_set():
            got, cursor = reader.pull_all(cursor, limit=7)
            seen.extend(c["record"]["id"] for c in got)

    def work(pc, k):
        for i in range(5):
            ops, _ = pc.new_request_ops(k * 100 + i, notes=1)
            assert pc.push(ops).json()["rejected"] == []

    poller = threading.Thread(target=poll)
    poller.start()
    with ThreadPoolExecutor(6) as pool:
        for f in [pool.submit(work, pc, k) for k, pc in enumerate(pcs)]:
            f.result()
    stop.set()
    poller.join()
    got, _ = reader.pull_all(cursor)
    seen.extend(c["record"]["id"] for c in got)
    with server_app.state.engine.connect() as conn:
        expected = conn.execute(text(
            "SELECT record_id FROM change_log WHERE device_id IS NOT NULL ORDER BY seq")
        ).scalars().all()
    assert len(expected) == 6 * 5 * 4
    assert seen == expected  # nothing skipped, nothing twice, in feed order
