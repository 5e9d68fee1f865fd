"""Survey responses and forms through the real sync, end to end, on the SQLite default and
on PostgreSQL (``server_db_url`` runs each test on both; ``tests/pg.py``).

The server runs with uvicorn on a loopback port; real local stores enroll and sync with
``sync.engine`` as ``daftar sync`` does. Covered:

* a form published to an office reaches its PCs through the pull feed (and not the PCs
  of other offices), and a pulled version never replaces a local version of the same
  number imported from another file;
* responses finalized on a PC arrive exactly once, also when the server commits a push
  and crashes before answering (the PC resends; the server recognises what it holds);
* the wire form of a local response (``store.sync_ops.wire_record``).

Responses are made through ``store.surveys.Surveys`` (finalize queues them in the outbox
in the same transaction) and, in one test, by writing the rows and their outbox entries
directly in one transaction, the low-level path the survey store uses.
A pulled form is applied by ``store.surveys.apply_form`` (the survey store's own
function) inside the pulled page's transaction.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from test_server_surveys import FORM_ID, VERSION, make_form
from test_sync_e2e import FailOnce, LiveServer, local_ids

from conftest import ENUMERATOR, register
from models.ids import new_id
from server import admin
from store import surveys as surveys_mod
from store import sync_ops
from store.records import iso_utc
from store.store import Store
from sync.client import enroll
from sync.engine import SyncEngine

pytest_plugins = ("pg",)


@pytest.fixture
def hooks():
    return FailOnce()


@pytest.fixture
def server(server_db_url, hooks, memory_keyring):
    from server.app import create_app

    app = create_app(server_db_url, hooks=hooks)
    admin.create_office(app.state.engine, code="LHR2", district="PK617",
                        name="Assistant Commissioner Office, Model Town")
    try:
        with LiveServer(app) as live:
            yield live
    finally:
        app.state.engine.dispose()


@pytest.fixture
def pcs(tmp_path, server):
    """A and A2 in LHR1, B in LHR2 (one district, Lahore). All enrolled."""
    stores = {name: Store.open(tmp_path / f"pc_{name}") for name in ("a", "a2", "b")}
    try:
        for name, office in (("a", "LHR1"), ("a2", "LHR1"), ("b", "LHR2")):
            enroll(server.url, admin.create_token(server.app.state.engine, office),
                   stores[name])
        yield stores["a"], stores["a2"], stores["b"]
    finally:
        for store in stores.values():
            store.close()


def _sync(store):
    report = SyncEngine(store).run_once()
    assert report.error is None, report.error
    assert report.all_sent, report.as_dict()
    return report


def _local_forms(store) -> dict[tuple[str, str], str]:
    with store._read() as conn:
        return {(r.form_id, r.version): r.xlsx_sha256 for r in conn.execute(text(
            "SELECT form_id, version, xlsx_sha256 FROM survey_form"))}


def _final_ids(store) -> set[str]:
    with store._read() as conn:
        return {r[0] for r in conn.execute(text(
            "SELECT id FROM survey_response WHERE status = 'final'"))}


def _server_responses(server) -> dict[str, dict]:
    with server.app.state.engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM survey_response")).mappings().all()
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    return {r["id"]: dict(r) for r in rows}


def _interview(store, n: int) -> str:
    """One interview through the survey store: draft, answers, finalize (→ outbox)."""
    surveys = surveys_mod.Surveys(store)
    draft = surveys.start_draft(FORM_ID, "ur" if n % 2 else "en", ENUMERATOR)
    surveys.save_answer(draft, "consent", "yes", time_ms=1200 + n, actor=ENUMERATOR)
    surveys.save_answer(draft, "age", 20 + n % 50, time_ms=800, actor=ENUMERATOR)
    surveys.save_answer(draft, "used", ["domicile", "licence"][: 1 + n % 2], time_ms=300,
                        actor=ENUMERATOR)
    surveys.finalize(draft, actor=ENUMERATOR)
    return draft


def test_forms_reach_their_offices_and_responses_arrive_exactly_once(
        server, pcs, hooks, tmp_path):
    a, a2, b = pcs
    form = make_form(tmp_path / "gov.xlsx")
    done = admin.publish_form(server.app.state.engine, form, ["LHR1"])
    assert done["published_to"] == ["LHR1"]
    for store in (a, a2, b):
        _sync(store)
    assert set(_local_forms(a)) == set(_local_forms(a2)) == {(FORM_ID, VERSION)}
    assert _local_forms(a)[(FORM_ID, VERSION)] == done["xlsx_sha256"]
    assert _local_forms(b) == {}  # published to LHR1 only

    made = [_interview(a, n) for n in range(40)]
    tn = register(a, 1).tracking_number  # requests travel in the same batches
    made2 = [_interview(a2, n) for n in range(5)]
    pending = a.pending_outbox()
    assert pending == 40 + 3

    hooks.armed = True
    first = SyncEngine(a).run_once()  # committed on the server, then the answer is lost
    assert first.error_kind == "server_error" and first.pending > 0
    assert not hooks.armed
    committed = len(_server_responses(server)) + server.count("service_request") \
        + server.count("citizen") + server.count("request_event")
    assert committed > 0
    second = _sync(a)
    assert second.already_held == committed  # sent again, recognised, not stored twice
    assert second.pushed == pending - committed
    _sync(a2)
    _sync(b)
    _sync(a)

    held = _server_responses(server)
    assert set(held) == set(made) | set(made2) == _final_ids(a) | _final_ids(a2)
    assert a.pending_outbox() == 0 == a2.pending_outbox()
    one = surveys_mod.Surveys(a).get_response(made[3])
    row = held[made[3]]
    assert json.loads(row["answers"]) == one.answers
    assert (row["form_id"], row["form_version"]) == (FORM_ID, VERSION)
    assert (row["office_code"], row["district_id"]) == ("LHR1", "PK617")
    assert {k: v["changes"] for k, v in json.loads(row["paradata"]).items()} == \
        {k: v["changes"] for k, v in one.paradata.items()}
    # Responses stay on the PC that made them: the feed does not spread them.
    assert _final_ids(a2) == set(made2) and _final_ids(b) == set()
    assert b.get_request(tn).status == "submitted"  # requests still travel as before
    stats = admin.stats(server.app.state.engine)
    assert stats["totals"]["survey_responses"] == 45 and stats["unknown_forms"] == []
    assert [d["gaps"] for d in stats["devices"]] == [[], [], []]
    with server.app.state.engine.connect() as conn:
        outcomes = dict(conn.execute(text(
            "SELECT outcome, count(*) FROM received_op GROUP BY outcome")).all())
    assert set(outcomes) <= {"accepted", "already_held"}


def test_a_pulled_form_never_replaces_a_local_version(server, pcs, tmp_path):
    a, _, b = pcs
    published = make_form(tmp_path / "published.xlsx")
    admin.publish_form(server.app.state.engine, published)  # every office
    local = make_form(tmp_path / "local.xlsx", label="Your age in years")
    surveys_mod.Surveys(b).import_form(local)  # same version number, another file
    local_sha = _local_forms(b)[(FORM_ID, VERSION)]
    before = surveys_mod.Surveys(b).form(FORM_ID, VERSION).question("age").labels

    _sync(b)
    _sync(b)  # and again: still kept, still parked, nothing else stuck
    assert _local_forms(b) == {(FORM_ID, VERSION): local_sha}
    assert surveys_mod.Surveys(b).form(FORM_ID, VERSION).question("age").labels == before
    parked = [p for p in sync_ops.parked_records(b) if p["kind"] == "form"]
    assert len(parked) == 1 and "the PC's own version is kept" in parked[0]["reason"]
    _sync(a)
    assert set(_local_forms(a)) == {(FORM_ID, VERSION)}
    assert [p for p in sync_ops.parked_records(a) if p["kind"] == "form"] == []
    assert SyncEngine(a).run_once().pulled == 0  # the cursor moved past the form


def test_outbox_rows_written_directly_arrive_exactly_once(server, pcs, hooks):
    """The low-level path: a final response row and its outbox entry written in one
    transaction (as ``Surveys.finalize`` does), for a form the server was never given."""
    a, _, _ = pcs
    device = a.device()
    ids = [new_id() for _ in range(25)]
    now = iso_utc(datetime.now(UTC))
    with a._write() as conn:
        conn.execute(text(
            "INSERT INTO survey_form(form_id, version, title, definition, xlsx_sha256, "
            "imported_at) VALUES ('local_form', '7', '{}', '{}', :s, :t)"),
            {"s": "0" * 64, "t": now})
        seq = conn.execute(text("SELECT next_op_seq FROM device_state")).scalar_one()
        for n, rid in enumerate(ids):
            conn.execute(text(
                "INSERT INTO survey_response(id, form_id, form_version, enumerator, device_id,"
                " language, started_at, updated_at, finished_at, answers, paradata, status,"
                " district, area, respondent_type) VALUES (:id, 'local_form', '7', 'Kashif',"
                " :d, 'ur', :t, :t, :t, :ans, :para, 'final', 'PK617', 'rural', 'citizen')"),
                {"id": rid, "d": device.device_id, "t": now,
                 "ans": json.dumps({"q1": n, "q2": ["a", "b"], "q3": "جی ہاں", "q4": None}),
                 "para": json.dumps({"q1": {"time_ms": 1500, "changes": 2}})})
            conn.execute(text(
                "INSERT INTO outbox(op_seq, record_kind, record_id, created_at, state, "
                "attempts) VALUES (:s, 'survey_response', :id, :t, 'pending', 0)"),
                {"s": seq + n, "id": rid, "t": now})
        conn.execute(text("UPDATE device_state SET next_op_seq = :s"), {"s": seq + len(ids)})

    batch = sync_ops.next_batch(a, max_bytes=1_000_000, max_ops=1)
    assert batch[0].record == {
        "id": ids[0], "form_id": "local_form", "form_version": "7", "enumerator": "Kashif",
        "device_id": device.device_id, "language": "ur", "started_at": now,
        "finished_at": now, "answers": {"q1": 0, "q2": ["a", "b"], "q3": "جی ہاں", "q4": None},
        "paradata": {"q1": {"ms": 1500, "changes": 2}}, "district": "PK617", "area": "rural",
        "respondent_type": "citizen"}

    hooks.armed = True
    assert SyncEngine(a).run_once().error_kind == "server_error"
    second = _sync(a)
    assert second.already_held + second.pushed == 25
    assert set(_server_responses(server)) == set(ids)
    assert local_ids(a, "survey_response") == set(ids)
    unknown = admin.stats(server.app.state.engine)["unknown_forms"]
    assert unknown == [{"form_id": "local_form", "version": "7", "responses": 25}]


def test_an_unusable_pulled_form_is_parked_and_the_rest_of_the_page_applied(store, tmp_path):
    from models.forms import load_xlsform

    good = load_xlsform(make_form(tmp_path / "good.xlsx")).to_json()
    bad = {**load_xlsform(make_form(tmp_path / "bad.xlsx", version="2")).to_json(),
           "questions": [{"name": "x"}]}  # not a readable definition
    office = {"code": "LHR2", "name_en": "AC Office Model Town", "name_ur": "اے سی آفس",
              "district_id": "PK617", "address": "", "complaint_phone": "",
              "complaint_email": ""}

    def change(definition, sha):
        return {"kind": "form", "record": {
            "form_id": definition["form_id"], "version": definition["version"],
            "title": definition["title"], "definition": definition, "xlsx_sha256": sha,
            "published_at": "2026-11-30T10:00:00.000Z"}}

    page = [change(bad, "b" * 64), {"kind": "office", "record": office}, change(good, "a" * 64)]
    result = sync_ops.apply_pulled(store, page, next_cursor=9)
    assert (result.forms, result.reference, result.parked) == (1, 1, 1)
    assert _local_forms(store) == {(FORM_ID, VERSION): "a" * 64}
    [parked] = sync_ops.parked_records(store)
    assert parked["key"] == f"{FORM_ID}@2" and "could not be applied" in parked["reason"]
    assert sync_ops.sync_info(store).pull_cursor == 9
    again = sync_ops.apply_pulled(store, page, next_cursor=9)  # the same page again
    assert (again.forms, again.parked) == (0, 1) and again.existing == 1
    assert _local_forms(store) == {(FORM_ID, VERSION): "a" * 64}
