"""The store's side of sync (``store.sync_ops``) on real stores in a temporary folder.

"Pulled" changes here are the real rows of a second store (another PC of the same office,
device number 2), exported as the server's feed would carry them; no server is involved.
Failures are injected with SQLite triggers, as in ``test_atomicity.py``.
"""

from __future__ import annotations

import json

import pytest

from conftest import CLERK, SUPERVISOR, register
from models.events import event_hash
from store import audit, db, sync_ops
from store.db import connect as db_connect
from store.store import RequestFilter, Store


@pytest.fixture
def other(tmp_path):
    """A second PC of the same office (device number 2)."""
    s = Store.open(tmp_path / "other", device_number=2)
    yield s
    s.close()


def rows(store, sql, **params):
    con = db_connect(store.folder / "daftar.sqlite3")
    con.row_factory = db.Row
    out = [dict(r) for r in con.execute(sql, params)]
    con.close()
    return out


def export(store, *, since_seq: int = 0) -> list[dict]:
    """This store's own records as pull changes (events with their hash, as the feed
    sends them), parents first; *since_seq* skips events up to that device_seq."""
    device = store.device().device_id
    out = [{"kind": "citizen", "record": r} for r in rows(
        store, "SELECT * FROM citizen WHERE device_id = :d ORDER BY id", d=device)]
    out += [{"kind": "service_request", "record": r} for r in rows(
        store, "SELECT * FROM service_request WHERE device_id = :d ORDER BY id", d=device)]
    out += [{"kind": "request_event", "record": r} for r in rows(
        store, "SELECT * FROM request_event WHERE device_id = :d AND device_seq > :s "
               "ORDER BY device_seq", d=device, s=since_seq)]
    return out


def snapshot(store):
    tables = ["citizen", "service_request", "request_event", "request_state", "outbox",
              "device_state", "sync_state", "sync_parked"]
    con = db_connect(store.folder / "daftar.sqlite3")
    out = {t: con.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
    out["fts"] = con.execute("SELECT count(*) FROM request_fts").fetchone()
    con.close()
    return out


def plant_failure(store, table, op="INSERT"):
    con = db_connect(store.folder / "daftar.sqlite3")
    con.execute(f"CREATE TRIGGER fail_{table} BEFORE {op} ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'injected failure'); END")
    con.commit()
    con.close()


# -- the outbox -------------------------------------------------------------------------
def test_next_batch_in_op_seq_order_with_wire_records(store):
    register(store, 1)
    batch = sync_ops.next_batch(store, max_bytes=1_000_000, max_ops=100)
    assert [i.op_seq for i in batch] == [1, 2, 3]
    assert [i.kind for i in batch] == ["citizen", "service_request", "request_event"]
    event = batch[2].record
    assert "hash" not in event  # the server recomputes it
    stored = rows(store, "SELECT * FROM request_event")[0]
    assert event_hash(event) == stored["hash"]
    assert batch[1].record["tracking_number"].startswith("LHR1-")
    assert all(i.size == sync_ops.op_size(i.as_op()) for i in batch)


def test_next_batch_respects_the_byte_budget_and_max_ops(store):
    for n in range(10):
        register(store, n)  # 30 entries
    everything = sync_ops.next_batch(store, max_bytes=10_000_000, max_ops=1000)
    assert len(everything) == 30
    budget = sum(i.size for i in everything[:7])
    batch = sync_ops.next_batch(store, max_bytes=budget, max_ops=1000)
    assert [i.op_seq for i in batch] == [i.op_seq for i in everything[:7]]
    assert sum(i.size for i in sync_ops.next_batch(store, max_bytes=budget - 1,
                                                   max_ops=1000)) <= budget - 1
    assert len(sync_ops.next_batch(store, max_bytes=10_000_000, max_ops=4)) == 4
    # One record larger than the budget still goes alone (it must not block the queue).
    assert len(sync_ops.next_batch(store, max_bytes=10, max_ops=1000)) == 1
    # A round continues after what it has sent.
    rest = sync_ops.next_batch(store, max_bytes=10_000_000, max_ops=1000, after_op_seq=25)
    assert [i.op_seq for i in rest] == [26, 27, 28, 29, 30]


def test_acknowledge_drops_only_acknowledged_entries(store):
    register(store, 1)
    register(store, 2)
    batch = sync_ops.next_batch(store, max_bytes=1_000_000, max_ops=100)
    acked = [batch[0].record_id, batch[2].record_id, "0190aaaa-0000-7000-8000-000000000000"]
    assert sync_ops.acknowledge(store, acked) == 2
    left = [r["op_seq"] for r in rows(store, "SELECT op_seq FROM outbox ORDER BY op_seq")]
    assert left == [2, 4, 5, 6]
    assert store.pending_outbox() == 4
    assert sync_ops.acknowledge(store, acked) == 0  # a repeated answer is harmless


def test_rejected_are_kept_with_reason_skipped_and_resendable(store):
    register(store, 1)
    register(store, 2)
    batch = sync_ops.next_batch(store, max_bytes=1_000_000, max_ops=100)
    bad = batch[1]
    sync_ops.acknowledge(store, [i.record_id for i in batch if i is not bad])
    assert sync_ops.mark_rejected(store, [{"id": bad.record_id, "op_seq": bad.op_seq,
                                           "code": "invalid",
                                           "reason": "The service is not offered any more."}])
    assert store.pending_outbox() == 0
    assert sync_ops.outbox_counts(store) == {"pending": 0, "rejected": 1}
    assert sync_ops.next_batch(store, max_bytes=1_000_000, max_ops=100) == []
    [r] = sync_ops.rejected_records(store)
    assert (r.record_id, r.kind, r.code) == (bad.record_id, "service_request", "invalid")
    assert r.reason == "The service is not offered any more."
    assert r.attempts == 1
    # New records are not held up by the refused one.
    register(store, 3)
    assert [i.kind for i in sync_ops.next_batch(store, 1_000_000, 100)] == [
        "citizen", "service_request", "request_event"]
    assert sync_ops.resend(store, [bad.record_id]) == 1
    assert sync_ops.rejected_records(store) == []
    assert bad.record_id in [i.record_id for i in sync_ops.next_batch(store, 1_000_000, 100)]
    # Once the server holds it, it leaves like any other.
    sync_ops.acknowledge(store, [bad.record_id])
    assert bad.record_id not in [i.record_id for i in sync_ops.next_batch(store, 1_000_000, 100)]


def test_resend_all_and_record_failure(store):
    register(store, 1)
    batch = sync_ops.next_batch(store, 1_000_000, 100)
    sync_ops.record_failure(store, [i.op_seq for i in batch], "No connection")
    assert {r["attempts"] for r in rows(store, "SELECT attempts FROM outbox")} == {1}
    sync_ops.mark_rejected(store, [{"id": i.record_id, "code": "chain", "reason": "x"}
                                   for i in batch])
    assert sync_ops.resend(store) == 3
    assert store.pending_outbox() == 3


# -- pulling ----------------------------------------------------------------------------
def test_pulled_request_appears_in_list_search_and_audit(store, other):
    r = register(other, 7, name="Bilal Ahmed")
    result = sync_ops.apply_pulled(store, export(other), next_cursor=10)
    assert (result.inserted, result.parked) == (3, 0)
    assert sync_ops.sync_info(store).pull_cursor == 10
    detail = store.get_request(r.tracking_number)
    assert detail.status == "submitted"
    assert [row.tracking_number for row in store.list_requests(
        RequestFilter(query="Bilal"))] == [r.tracking_number]
    assert store.pending_outbox() == 0  # pulled records are not sent back
    report = audit.verify(store)
    assert report.ok, [p.describe() for p in report.problems]
    assert report.devices == 2


def test_pulled_events_from_another_device_change_the_folded_status(store, other):
    mine = register(store, 1)
    # The other PC receives this PC's request, then moves it on while offline.
    sync_ops.apply_pulled(other, export(store), next_cursor=1)
    other.change_status(mine.tracking_number, "in_review", actor=CLERK)
    other.change_status(mine.tracking_number, "approved", actor=SUPERVISOR)
    before_hlc = store.device().hlc
    sync_ops.apply_pulled(store, export(other), next_cursor=2)
    assert store.get_request(mine.tracking_number).status == "approved"
    [row] = store.list_requests(RequestFilter(status="approved"))
    assert row.request_id == mine.request_id
    # The pulled events kept their hash and the chains still verify.
    theirs = rows(store, "SELECT * FROM request_event WHERE device_id = :d",
                  d=other.device().device_id)
    assert all(event_hash(e) == e["hash"] for e in theirs)
    assert audit.verify(store).ok
    # This PC's clock moved past the foreign events: its next event sorts after them.
    assert store.device().hlc > max(e["hlc"] for e in theirs) > before_hlc
    store.change_status(mine.tracking_number, "completed", actor=CLERK)
    assert store.get_request(mine.tracking_number).status == "completed"
    assert audit.verify(store).ok


def test_apply_pulled_is_idempotent(store, other):
    register(other, 1)
    register(other, 2)
    changes = export(other)
    sync_ops.apply_pulled(store, changes, next_cursor=5)
    before = snapshot(store)
    again = sync_ops.apply_pulled(store, changes, next_cursor=5)
    assert (again.inserted, again.existing) == (0, len(changes))
    assert snapshot(store) == before


def test_a_local_record_with_unsent_changes_is_never_touched(store):
    mine = register(store, 1)
    local = rows(store, "SELECT * FROM service_request")[0]
    citizen = rows(store, "SELECT * FROM citizen")[0]
    tampered = {**local, "description": "changed elsewhere", "due_date": "2099-01-01"}
    other_name = {**citizen, "name": "Someone Else"}
    before = snapshot(store)
    result = sync_ops.apply_pulled(store, [{"kind": "citizen", "record": other_name},
                                           {"kind": "service_request", "record": tampered}],
                                   next_cursor=3)
    assert result.existing == 2 and result.inserted == 0
    after = snapshot(store)
    assert after.pop("sync_state") != before.pop("sync_state")  # only the cursor moved
    assert after == before
    assert store.get_request(mine.tracking_number).request["description"] == \
        "for a job application"
    assert store.pending_outbox() == 3


@pytest.mark.parametrize("table,op", [
    ("request_event", "INSERT"), ("request_state", "INSERT"), ("sync_state", "UPDATE"),
    ("device_state", "UPDATE"),
])
def test_apply_pulled_is_atomic_with_its_cursor(store, other, table, op):
    sync_ops.apply_pulled(store, [], next_cursor=4)
    r = register(other, 1)
    before = snapshot(store)
    plant_failure(store, table, op)
    with pytest.raises(Exception, match="injected failure"):
        sync_ops.apply_pulled(store, export(other), next_cursor=9)
    assert snapshot(store) == before
    assert sync_ops.sync_info(store).pull_cursor == 4
    con = db_connect(store.folder / "daftar.sqlite3")
    con.execute(f"DROP TRIGGER fail_{table}")
    con.commit()
    con.close()
    sync_ops.apply_pulled(store, export(other), next_cursor=9)  # the page comes again
    assert store.get_request(r.tracking_number).status == "submitted"
    assert sync_ops.sync_info(store).pull_cursor == 9


def test_children_before_parents_are_parked_then_applied(store, other):
    r = register(other, 1)
    other.change_status(r.tracking_number, "in_review", actor=CLERK)
    changes = export(other)
    events = [c for c in changes if c["kind"] == "request_event"]
    parents = [c for c in changes if c["kind"] != "request_event"]
    first = sync_ops.apply_pulled(store, events, next_cursor=1)
    assert first.parked == 2 and first.inserted == 0
    assert {p["kind"] for p in sync_ops.parked_records(store)} == {"request_event"}
    assert "waiting for request" in sync_ops.parked_records(store)[0]["reason"]
    second = sync_ops.apply_pulled(store, parents, next_cursor=2)
    assert second.inserted == 4 and second.parked == 0
    assert sync_ops.parked_records(store) == []
    assert store.get_request(r.tracking_number).status == "in_review"
    assert audit.verify(store).ok


def test_an_event_that_does_not_match_its_hash_is_kept_aside(store, other):
    r = register(other, 1)
    other.change_status(r.tracking_number, "in_review", actor=CLERK)
    changes = export(other)
    forged = changes[-1]["record"]
    forged["payload"] = json.dumps({"from": "submitted", "to": "approved"})
    result = sync_ops.apply_pulled(store, changes, next_cursor=1)
    assert result.parked == 1
    [parked] = sync_ops.parked_records(store)
    assert parked["reason"] == "its content does not match its hash"
    assert store.get_request(r.tracking_number).status == "submitted"
    assert audit.verify(store).ok


def test_pulled_event_without_hash_gets_it_computed(store, other):
    r = register(other, 1)
    changes = export(other)
    for c in changes:
        c["record"].pop("hash", None)
    sync_ops.apply_pulled(store, changes, next_cursor=1)
    assert store.get_request(r.tracking_number).status == "submitted"
    assert audit.verify(store).ok


def test_reference_data_is_upserted_and_unknown_kinds_are_kept(store):
    services = store.services(active_only=False)
    svc = dict(services[0])
    svc.update(fee_pkr=999, documents_en=["CNIC copy"], active=False)
    office = {"code": "LHR2", "name_en": "Assistant Commissioner Office, Model Town",
              "name_ur": "اسسٹنٹ کمشنر آفس ماڈل ٹاؤن", "district_id": "PK617", "address": "",
              "complaint_phone": "", "complaint_email": ""}
    form = {"id": "household_survey_v1", "title": "Household survey"}  # not a form record
    later = {"id": "0190e6f5-0000-7000-8000-00000000000a"}  # a kind of a later version
    result = sync_ops.apply_pulled(store, [{"kind": "service", "record": svc},
                                           {"kind": "office", "record": office},
                                           {"kind": "form", "record": form},
                                           {"kind": "attachment", "record": later}],
                                   next_cursor=3)
    assert result.reference == 2 and result.parked == 2
    changed = next(s for s in store.services(active_only=False) if s["code"] == svc["code"])
    assert changed["fee_pkr"] == 999 and not changed["active"]
    assert json.loads(changed["documents_en"]) == ["CNIC copy"]
    assert rows(store, "SELECT name_en FROM office WHERE code = 'LHR2'")[0]["name_en"] \
        == office["name_en"]
    parked = {p["kind"]: p["reason"] for p in sync_ops.parked_records(store)}
    assert "does not use" in parked["attachment"]
    assert "without form_id" in parked["form"]


def test_this_pcs_own_events_are_not_taken_from_the_feed(store):
    r = register(store, 1)
    own = export(store)
    assert sync_ops.apply_pulled(store, own, next_cursor=1).existing == 3
    # An event of this PC's chain that this PC does not hold (a restored backup?) would
    # break its own chain: it is kept aside, not inserted.
    stray = dict(own[-1]["record"], id="0190aaaa-0000-7000-8000-00000000000a",
                 device_seq=99)
    stray["hash"] = event_hash(stray)
    result = sync_ops.apply_pulled(store, [{"kind": "request_event", "record": stray}],
                                   next_cursor=2)
    assert result.parked == 1
    assert "does not have" in sync_ops.parked_records(store)[0]["reason"]
    assert audit.verify(store).ok
    assert store.get_request(r.tracking_number).status == "submitted"


# -- sync state -------------------------------------------------------------------------
def test_sync_state_holds_no_credentials_and_defaults(store):
    info = sync_ops.sync_info(store)
    assert (info.enrolled, info.pull_cursor, info.server_url) == (False, 0, "")
    assert info.device_id == store.device().device_id
    cols = [r["name"] for r in rows(store, "PRAGMA table_info(sync_state)")]
    assert not any(word in c for c in cols for word in ("key", "secret", "token", "password"))


def test_save_enrollment_takes_the_servers_device_number(store):
    sync_ops.save_enrollment(store, server_url="https://daftar.example.pk", office_code="LHR1",
                             district_id="PK617", device_number=7)
    info = sync_ops.sync_info(store)
    assert (info.enrolled, info.office_code, info.device_number) == (True, "LHR1", 7)
    assert store.device().device_number == 7
    r = register(store, 1)
    assert r.tracking_number.split("-")[2].startswith("07")


def test_save_enrollment_adopts_the_office_only_while_empty(store, tmp_path):
    sync_ops.save_enrollment(store, server_url="http://127.0.0.1:1", office_code="LHR2",
                             district_id="PK617", device_number=1)
    assert store.device().office_code == "LHR2"
    assert store.office()["district_id"] == "PK617"
    assert register(store, 1).tracking_number.startswith("LHR2-")
    with Store.open(tmp_path / "busy") as busy:
        register(busy, 1)
        with pytest.raises(sync_ops.OfficeMismatch, match="LHR1"):
            sync_ops.save_enrollment(busy, server_url="http://127.0.0.1:1",
                                     office_code="KHI1", district_id="PK721", device_number=1)
        assert busy.device().office_code == "LHR1"
        assert not sync_ops.sync_info(busy).enrolled


def test_a_new_server_restarts_the_feed(store):
    sync_ops.save_enrollment(store, server_url="https://a.example.pk", office_code="LHR1",
                             district_id="PK617", device_number=1)
    sync_ops.apply_pulled(store, [], next_cursor=40)
    sync_ops.save_enrollment(store, server_url="https://a.example.pk", office_code="LHR1",
                             district_id="PK617", device_number=1)
    assert sync_ops.sync_info(store).pull_cursor == 40
    sync_ops.save_enrollment(store, server_url="https://b.example.pk", office_code="LHR1",
                             district_id="PK617", device_number=1)
    assert sync_ops.sync_info(store).pull_cursor == 0


def test_sync_run_history(store):
    run = sync_ops.start_run(store)
    sync_ops.finish_run(store, run, pushed=3, already_held=1, rejected=0, pulled=2,
                        pending_after=0, error=None, clock_offset_ms=120)
    failed = sync_ops.start_run(store)
    sync_ops.finish_run(store, failed, pushed=0, already_held=0, rejected=0, pulled=0,
                        pending_after=5, error="No connection to the server.")
    latest, first = sync_ops.sync_runs(store)
    assert (first["pushed"], first["pulled"], first["error"]) == (3, 2, None)
    assert latest["error"] == "No connection to the server."
    info = sync_ops.sync_info(store)
    assert info.last_error == "No connection to the server."
    assert info.last_success_at == first["finished_at"]
    assert info.clock_offset_ms == 120


def test_the_cursor_never_goes_backwards(store):
    # Another process (the CLI beside the desktop) may apply a later page first.
    sync_ops.apply_pulled(store, [], next_cursor=10)
    sync_ops.apply_pulled(store, [], next_cursor=5)
    assert sync_ops.sync_info(store).pull_cursor == 10


def test_a_pulled_request_with_an_id_that_is_not_text_is_parked(store):
    """Found by Hypothesis after the 'created event' rule was added: a request whose id is
    an object (and an event whose request_id is a list) raised TypeError for the page."""
    from store.sync_ops import apply_pulled

    bad_request = {"id": {}, "tracking_number": "LHR1-261128-010001-M",
                   "citizen_id": "01a22ea7-4393-71bd-a4a4-f9cb41ec4a2f",
                   "service_code": "DOMICILE_CERTIFICATE", "office_code": "LHR1"}
    bad_event = {"id": "e1", "request_id": ["x"], "kind": "created"}
    result = apply_pulled(store, [{"kind": "service_request", "record": bad_request},
                                  {"kind": "request_event", "record": bad_event}], 3)
    assert result.parked == 2 and result.inserted == 0
