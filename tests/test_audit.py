"""The audit trail: status derived from events, hash chains, and tampering detected."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import CLERK, SUPERVISOR, register
from models.events import GENESIS, event_hash, fold
from store import db
from store.audit import verify
from store.db import connect as db_connect


def lifecycle(store, n=0):
    tn = register(store, n).tracking_number
    store.change_status(tn, "in_review", actor=CLERK)
    store.add_note(tn, "Documents checked", actor=CLERK)
    store.change_status(tn, "approved", actor=SUPERVISOR)
    return tn


def raw(store):
    con = db_connect(store.folder / "daftar.sqlite3")
    con.isolation_level = None
    return con


def test_intact_store_verifies(store):
    for n in range(3):
        lifecycle(store, n)
    report = verify(store)
    assert report.ok, [p.describe() for p in report.problems]
    assert report.events == 12 and report.requests == 3


def test_edited_event_is_caught(store):
    lifecycle(store)
    con = raw(store)
    con.execute("UPDATE request_event SET payload = replace(payload, 'checked', 'forged') "
                "WHERE kind = 'note'")
    report = verify(store)
    assert not report.ok
    assert "edited" in report.problems[0].reason
    assert report.problems[0].device_seq == 3


def test_edited_actor_is_caught(store):
    lifecycle(store)
    raw(store).execute("UPDATE request_event SET actor_name='Someone else' WHERE device_seq=4")
    assert "edited" in verify(store).problems[0].reason


def test_deleted_event_is_caught(store):
    lifecycle(store)
    lifecycle(store, 1)
    con = raw(store)
    con.execute("PRAGMA foreign_keys=OFF")
    con.execute("DELETE FROM request_event WHERE device_seq = 2")
    problem = verify(store).problems[0]
    assert "missing" in problem.reason and problem.device_seq == 3


def test_deleted_newest_event_is_caught_by_the_chain_head(store):
    lifecycle(store)
    raw(store).execute("DELETE FROM request_event WHERE device_seq = 4")
    report = verify(store)
    assert not report.ok
    assert "newest events deleted" in report.problems[0].reason


def test_swapped_events_are_caught(store):
    lifecycle(store)
    con = raw(store)
    # Swap the chain positions of events 2 and 3 (their ids keep their content).
    con.execute("UPDATE request_event SET device_seq = -1 WHERE device_seq = 2")
    con.execute("UPDATE request_event SET device_seq = 2 WHERE device_seq = 3")
    con.execute("UPDATE request_event SET device_seq = 3 WHERE device_seq = -1")
    problem = verify(store).problems[0]
    assert problem.device_seq == 2
    assert "link" in problem.reason or "edited" in problem.reason


def test_a_rechained_forgery_still_breaks_at_the_head(store):
    """Even someone who recomputes every hash after deleting an event is caught,
    because the device's recorded chain head no longer matches."""
    lifecycle(store)
    con = raw(store)
    con.row_factory = db.Row
    con.execute("DELETE FROM request_event WHERE device_seq = 3")
    prev = GENESIS
    for i, row in enumerate(con.execute("SELECT * FROM request_event ORDER BY device_seq")
                            .fetchall(), start=1):
        ev = dict(row) | {"device_seq": i, "prev_hash": prev}
        ev["hash"] = event_hash(ev)
        con.execute("UPDATE request_event SET device_seq=?, prev_hash=?, hash=? WHERE id=?",
                    (i, ev["prev_hash"], ev["hash"], ev["id"]))
        prev = ev["hash"]
    assert "newest events deleted" in verify(store).problems[0].reason


def test_edited_request_row_is_caught(store):
    lifecycle(store)
    raw(store).execute("UPDATE service_request SET fee_pkr = 99999")
    assert "changed after it was created" in verify(store).problems[0].reason


def test_projection_disagreeing_with_events_is_caught(store):
    lifecycle(store)
    raw(store).execute("UPDATE request_state SET status = 'closed', is_open = 0")
    assert "events say" in verify(store).problems[0].reason


def test_cli_exit_code_and_report(store, tmp_path):
    lifecycle(store)
    folder = str(store.folder)
    ok = subprocess.run([sys.executable, "daftar.py", "--data-dir", folder, "audit", "verify"],
                        capture_output=True, text=True)
    assert ok.returncode == 0 and "intact" in ok.stdout
    raw(store).execute("UPDATE request_event SET actor_role='supervisor' WHERE device_seq=2")
    bad = subprocess.run([sys.executable, "daftar.py", "--data-dir", folder, "audit", "verify"],
                         capture_output=True, text=True)
    assert bad.returncode == 1
    assert "BROKEN" in bad.stdout and "seq 2" in bad.stdout
    assert "Traceback" not in bad.stderr


@given(st.randoms(use_true_random=False))
def test_fold_does_not_depend_on_arrival_order(rnd):
    events = [
        {"id": "a", "hlc": "0000000000001.00000.d1", "kind": "created", "payload": {},
         "created_at": "t1"},
        {"id": "b", "hlc": "0000000000002.00000.d1", "kind": "status_changed",
         "payload": {"from": "submitted", "to": "in_review"}, "created_at": "t2"},
        {"id": "c", "hlc": "0000000000003.00000.d2", "kind": "status_changed",
         "payload": {"from": "in_review", "to": "approved"}, "created_at": "t3"},
        {"id": "d", "hlc": "0000000000003.00000.d2", "kind": "feedback",
         "payload": {"rating": 5}, "created_at": "t3"},
        {"id": "e", "hlc": "0000000000003.00001.d1", "kind": "status_changed",
         "payload": {"from": "in_review", "to": "rejected", "reason": "x"}, "created_at": "t4"},
    ]
    shuffled = events[:]
    rnd.shuffle(shuffled)
    state = fold(shuffled)
    assert state.status == "rejected" and state.rating == 5
    assert state.history == ["in_review", "approved", "rejected"]


def test_status_is_derived_not_stored(store):
    tn = lifecycle(store)
    d = store.get_request(tn)
    assert d.status == fold(d.events).status == "approved"


@pytest.mark.parametrize("seed", range(3))
def test_random_tampering_is_always_caught(store, seed):
    rng = random.Random(seed)
    for n in range(4):
        lifecycle(store, n)
    con = raw(store)
    con.execute("PRAGMA foreign_keys=OFF")
    seq = rng.randint(1, 16)
    action = rng.choice(["edit", "delete", "rehash-edit"])
    if action == "edit":
        con.execute("UPDATE request_event SET created_at = '2020-01-01T00:00:00.000Z' "
                    "WHERE device_seq = ?", (seq,))
    elif action == "delete":
        con.execute("DELETE FROM request_event WHERE device_seq = ?", (seq,))
    else:  # edit and recompute this event's own hash: the next link breaks
        con.row_factory = db.Row
        ev = dict(con.execute("SELECT * FROM request_event WHERE device_seq=?", (seq,)).fetchone())
        ev["actor_name"] = "Forger"
        con.execute("UPDATE request_event SET actor_name=?, hash=? WHERE id=?",
                    ("Forger", event_hash(ev), ev["id"]))
    assert not verify(store).ok, (action, seq)
