"""Every store operation is one transaction: a failure at any step leaves nothing of it.

Failures are injected with SQLite triggers that abort the insert into one table (a real
failure inside the real transaction, no mocks): the operation must then leave no row in
any table, and the device counters (chain head, outbox sequence, tracking number) must
be unchanged.
"""

from __future__ import annotations

import pytest

from conftest import CLERK, SUPERVISOR, register
from store.db import connect as db_connect

TABLES = ["citizen", "service_request", "request_event", "request_state", "outbox",
          "device_state"]


def snapshot(store):
    con = db_connect(store.folder / "daftar.sqlite3")
    out = {t: con.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}
    out["fts"] = con.execute("SELECT count(*) FROM request_fts").fetchone()
    con.close()
    return out


def plant_failure(store, table, op="INSERT"):
    con = db_connect(store.folder / "daftar.sqlite3")
    con.execute(f"CREATE TRIGGER fail_{table} BEFORE {op} ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'injected failure'); END")
    con.commit()
    con.close()


def remove_failure(store, table):
    con = db_connect(store.folder / "daftar.sqlite3")
    con.execute(f"DROP TRIGGER fail_{table}")
    con.commit()
    con.close()


@pytest.mark.parametrize("table,op", [
    ("citizen", "INSERT"), ("service_request", "INSERT"), ("request_event", "INSERT"),
    ("request_state", "INSERT"), ("outbox", "INSERT"), ("device_state", "UPDATE"),
])
def test_register_is_all_or_nothing(store, table, op):
    register(store, 1)  # something already there
    before = snapshot(store)
    plant_failure(store, table, op)
    with pytest.raises(Exception, match="injected failure"):
        register(store, 2)
    assert snapshot(store) == before
    remove_failure(store, table)
    r = register(store, 2)  # and the next attempt works, numbering continues
    assert r.tracking_number.split("-")[2].endswith("0002")


@pytest.mark.parametrize("table,op", [
    ("request_event", "INSERT"), ("request_state", "UPDATE"), ("outbox", "INSERT"),
    ("device_state", "UPDATE"),
])
@pytest.mark.parametrize("operation", ["status", "note", "feedback"])
def test_every_event_operation_is_all_or_nothing(store, table, op, operation):
    tn = register(store, 1).tracking_number
    if operation == "feedback":
        store.change_status(tn, "in_review", actor=CLERK)
        store.change_status(tn, "approved", actor=SUPERVISOR)
        store.change_status(tn, "completed", actor=CLERK)
    before = snapshot(store)
    plant_failure(store, table, op)
    with pytest.raises(Exception, match="injected failure"):
        if operation == "status":
            store.change_status(tn, "in_review", actor=CLERK)
        elif operation == "note":
            store.add_note(tn, "hello", actor=CLERK)
        else:
            store.record_feedback(tn, 5, actor=CLERK)
    assert snapshot(store) == before
    assert store.get_request(tn).status == ("completed" if operation == "feedback" else "submitted")
