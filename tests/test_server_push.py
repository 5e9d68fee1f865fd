"""Pushing batches: idempotency, conflicts, refusals with reasons, audit chains, limits."""

from __future__ import annotations

import gzip
import json
from datetime import date

from sqlalchemy import func, select, text

from models import tracking
from models.events import GENESIS, event_hash, verify_chain
from server.app import Hooks
from server.tables import received_op, rejected_record, request_event, service_request

pytest_plugins = ("pg",)


def ids(ops):
    return [o["record"]["id"] for o in ops]


def count(server_app, table) -> int:
    with server_app.state.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar()


def test_push_then_push_again_is_already_held(new_pc, server_app):
    pc = new_pc()
    ops, _ = pc.new_request_ops(1, notes=2)
    first = pc.push(ops)
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["accepted"] == ids(ops)
    assert body["already_held"] == [] and body["rejected"] == [] and body["gaps"] == []
    again = pc.push(ops)  # the answer was lost: the PC sends the same batch again
    assert again.status_code == 200
    assert again.json()["accepted"] == []
    assert again.json()["already_held"] == ids(ops)
    assert count(server_app, service_request) == 1 and count(server_app, request_event) == 3
    assert count(server_app, received_op) == len(ops)


def test_plain_json_body_is_accepted_too(new_pc):
    pc = new_pc()
    ops, _ = pc.new_request_ops(2)
    resp = pc.push(ops, compress=False)
    assert resp.status_code == 200, resp.text
    assert resp.json()["accepted"] == ids(ops)


def test_server_computes_and_stores_event_hash(new_pc, server_app):
    pc = new_pc()
    ops, _ = pc.new_request_ops(3, notes=3)
    assert pc.push(ops).json()["rejected"] == []
    with server_app.state.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(
            select(request_event).where(request_event.c.device_id == pc.device_id)
            .order_by(request_event.c.device_seq)).mappings()]
    assert [r["hash"] for r in rows][-1] == pc.chain_hash
    assert verify_chain(pc.device_id, rows, head=(pc.chain_seq, pc.chain_hash)) is None


def test_same_id_different_content_is_a_conflict(new_pc):
    pc = new_pc()
    cit = pc.citizen(4)
    assert pc.push([pc.op("citizen", cit)]).json()["accepted"] == [cit["id"]]
    changed = {**cit, "name": "Ayesha Bibi"}
    other = pc.citizen(5)
    resp = pc.push([pc.op("citizen", changed), pc.op("citizen", other)]).json()
    assert resp["accepted"] == [other["id"]]
    assert [(r["id"], r["code"]) for r in resp["rejected"]] == [(cit["id"], "conflict")]
    assert "different" in resp["rejected"][0]["reason"]


def test_a_bad_record_is_rejected_alone_with_its_reason(new_pc, server_app):
    pc = new_pc()
    good1, bad, good2 = pc.citizen(6), pc.citizen(7, cnic="3520212345"), pc.citizen(8)
    unknown_field = {**pc.citizen(9), "mother_name": "Zainab"}
    bad_phone = pc.citizen(10, phone="+923")
    ops = [pc.op("citizen", r) for r in (good1, bad, good2, unknown_field, bad_phone)]
    resp = pc.push(ops)
    assert resp.status_code == 200
    body = resp.json()
    assert body["accepted"] == [good1["id"], good2["id"]]
    rejected = {r["id"]: r for r in body["rejected"]}
    assert rejected[bad["id"]]["code"] == "invalid"
    assert "CNIC: A CNIC has 13 digits; this one has 10" in rejected[bad["id"]]["reason"]
    assert rejected[bad["id"]]["op_seq"] == ops[1]["op_seq"]
    assert "'mother_name' is not a field of a citizen record" in \
        rejected[unknown_field["id"]]["reason"]
    assert rejected[bad_phone["id"]]["reason"].startswith("Phone:")
    assert count(server_app, rejected_record) == 3
    # the refused op is recorded as received, so it is not reported as a gap
    assert body["gaps"] == []


def test_refused_record_fixed_and_sent_again_is_accepted(new_pc, server_app):
    pc = new_pc()
    bad = pc.citizen(11, phone="12")
    op = pc.op("citizen", bad)
    assert pc.push([op]).json()["rejected"][0]["code"] == "invalid"
    fixed = {**op, "record": {**bad, "phone": "+923001234567"}}
    assert pc.push([fixed]).json()["accepted"] == [bad["id"]]
    with server_app.state.engine.connect() as conn:
        outcome = conn.execute(select(received_op.c.outcome).where(
            received_op.c.device_id == pc.device_id)).scalar()
    assert outcome == "accepted"


def test_children_of_a_refused_record_are_missing_parent(new_pc):
    pc = new_pc()
    cit = pc.citizen(12, name="123")  # a name needs letters
    req = pc.request(cit)
    ops = [pc.op("citizen", cit), pc.op("service_request", req),
           pc.op("request_event", pc.created(req))]
    ok_ops, _ = pc.new_request_ops(13)
    body = pc.push(ops + ok_ops).json()
    codes = [(r["id"], r["code"]) for r in body["rejected"]]
    assert codes == [(cit["id"], "invalid"), (req["id"], "missing_parent"),
                     (ops[2]["record"]["id"], "missing_parent")]
    assert "was refused in this batch" in body["rejected"][1]["reason"]
    assert body["accepted"] == ids(ok_ops)  # the chain goes on past the refused event


def test_request_whose_citizen_never_arrived(new_pc):
    pc = new_pc()
    ghost = pc.citizen(14)
    req = pc.request(ghost)
    body = pc.push([pc.op("service_request", req)]).json()
    assert body["rejected"][0]["code"] == "missing_parent"
    assert "has not reached the server" in body["rejected"][0]["reason"]


def test_business_rules_of_a_request(new_pc):
    pc = new_pc()
    cit = pc.citizen(15)
    assert pc.push([pc.op("citizen", cit)]).json()["accepted"]
    cases = {
        "bad check character": pc.request(cit, tracking_number="LHR1-261128-010001-X"),
        "another office's number": pc.request(
            cit, tracking_number=tracking.make("KHI1", date(2026, 11, 28), 1, 77)),
        "unknown service": pc.request(cit, service_code="NO_SUCH_SERVICE"),
        "unknown office": pc.request(cit, office_code="ZZZ9"),
        "bad date": pc.request(cit, due_date="2026-02-30"),
        "fee as text": pc.request(cit, fee_pkr="550"),
        "description too long": pc.request(cit, description="x" * 2001),
    }
    ops = [pc.op("service_request", r) for r in cases.values()]
    body = pc.push(ops).json()
    assert body["accepted"] == []
    reasons = {r["id"]: r["reason"] for r in body["rejected"]}
    got = {name: reasons[rec["id"]] for name, rec in cases.items()}
    assert "not valid" in got["bad check character"]
    assert "service catalogue" in got["unknown service"]
    assert "ZZZ9" in got["unknown office"]
    assert "not a real date" in got["bad date"]
    assert "'fee_pkr' must be a whole number" in got["fee as text"]
    assert "does not belong to office LHR1" in got["another office's number"]
    assert "too long" in got["description too long"]


def test_duplicate_tracking_number_is_a_conflict(new_pc):
    pc = new_pc()
    ops, req = pc.new_request_ops(16)
    assert pc.push(ops).json()["rejected"] == []
    cit = ops[0]["record"]
    twin = pc.request(cit, tracking_number=req["tracking_number"])
    body = pc.push([pc.op("service_request", twin)]).json()
    assert body["rejected"][0]["code"] == "conflict"
    assert req["tracking_number"] in body["rejected"][0]["reason"]


def test_event_hash_must_not_be_sent(new_pc):
    pc = new_pc()
    ops, req = pc.new_request_ops(17)
    ev = pc.event(req["id"])
    ops.append(pc.op("request_event", {**ev, "hash": event_hash(ev)}))
    body = pc.push(ops).json()
    assert [r["code"] for r in body["rejected"]] == ["invalid"]
    assert "'hash' is not a field of an event record" in body["rejected"][0]["reason"]


def test_chain_break_is_rejected_and_the_chain_links_past_it(new_pc):
    pc = new_pc()
    ops, req = pc.new_request_ops(18, notes=1)
    assert pc.push(ops).json()["rejected"] == []
    # event 3 claims to follow something else than event 2 (an event was deleted?)
    forged = pc.event(req["id"], prev_hash="f" * 64)
    after = pc.event(req["id"])  # links to the forged one, as the PC's chain does
    body = pc.push([pc.op("request_event", forged), pc.op("request_event", after)]).json()
    assert [(r["id"], r["code"]) for r in body["rejected"]] == [(forged["id"], "chain")]
    assert "does not link to event 2" in body["rejected"][0]["reason"]
    assert body["accepted"] == [after["id"]]
    # and in a later batch too
    later = pc.event(req["id"])
    assert pc.push([pc.op("request_event", later)]).json()["accepted"] == [later["id"]]


def test_first_event_must_start_the_chain(new_pc):
    pc = new_pc()
    ops, _ = pc.new_request_ops(19)
    ops[2]["record"]["prev_hash"] = "1" * 64
    body = pc.push(ops).json()
    assert [r["code"] for r in body["rejected"]] == ["chain"]


def test_event_whose_predecessor_never_arrived(new_pc):
    pc = new_pc()
    ops, req = pc.new_request_ops(20)
    assert pc.push(ops).json()["rejected"] == []
    pc.event(req["id"])  # event 2: lost
    third = pc.event(req["id"])
    body = pc.push([pc.op("request_event", third)]).json()
    assert body["rejected"][0]["code"] == "chain"
    assert "Event 2" in body["rejected"][0]["reason"]


def test_created_event_must_match_its_request(new_pc):
    pc = new_pc()
    cit = pc.citizen(21)
    req = pc.request(cit)
    created = pc.created({**req, "description": "something else"})
    body = pc.push([pc.op("citizen", cit), pc.op("service_request", req),
                    pc.op("request_event", created)]).json()
    assert [(r["id"], r["code"]) for r in body["rejected"]] == [(created["id"], "chain")]


def test_two_events_with_one_sequence_number(new_pc):
    pc = new_pc()
    ops, req = pc.new_request_ops(22)
    assert pc.push(ops).json()["rejected"] == []
    twin = pc.event(req["id"], device_seq=1, prev_hash=GENESIS)
    body = pc.push([pc.op("request_event", twin)]).json()
    assert body["rejected"][0]["code"] == "conflict"


def test_gaps_are_reported(new_pc):
    pc = new_pc()
    cits = [pc.citizen(30 + i) for i in range(9)]
    ops = [pc.op("citizen", c) for c in cits]  # op_seq 1..9
    first = pc.push([ops[i] for i in (0, 1, 4, 5, 8)]).json()
    assert first["gaps"] == [[3, 4], [7, 8]]
    second = pc.push([ops[2], ops[3]]).json()
    assert second["gaps"] == [[7, 8]]
    third = pc.push([ops[6], ops[7]]).json()
    assert third["gaps"] == []


def test_whole_batch_format_errors_are_422_problems(new_pc):
    pc = new_pc()
    resp = pc.push_raw(json.dumps({"device_id": pc.device_id, "ops": [], "extra": 1}).encode())
    assert resp.status_code == 422
    assert set(resp.json()) == {"code", "detail"}
    assert "'extra' is not a field the server knows" in resp.json()["detail"]
    op = {"op_seq": 1, "kind": "citizen", "record": pc.citizen(40), "retries": 3}
    resp = pc.push_raw(json.dumps({"device_id": pc.device_id, "ops": [op]}).encode())
    assert resp.status_code == 422 and "retries" in resp.json()["detail"]
    resp = pc.push_raw(b"{not json")
    assert resp.status_code == 422 and "not valid JSON" in resp.json()["detail"]
    op = {"op_seq": 1, "kind": "survey", "record": {}}
    resp = pc.push_raw(json.dumps({"device_id": pc.device_id, "ops": [op]}).encode())
    assert resp.status_code == 422
    two = [pc.op("citizen", pc.citizen(41)), pc.op("citizen", pc.citizen(42))]
    two[1]["op_seq"] = two[0]["op_seq"]
    resp = pc.push(two)
    assert resp.status_code == 422 and "op_seq" in resp.json()["detail"]


def test_batch_of_another_device_is_refused(new_pc):
    pc, other = new_pc(), new_pc()
    resp = pc.push_raw(pc.push_body([], device_id=other.device_id))
    assert resp.status_code == 403 and resp.json()["code"] == "wrong_device"


def test_damaged_or_cut_compressed_body(new_pc):
    pc = new_pc()
    sent = gzip.compress(pc.push_body([pc.op("citizen", pc.citizen(43))]))
    cut = sent[: len(sent) // 2]
    headers = {"Content-Encoding": "gzip", **pc.headers("POST", "/api/v1/sync/push", cut)}
    resp = pc.client.post("/api/v1/sync/push", content=cut, headers=headers)
    assert resp.status_code == 400 and resp.json()["code"] == "bad_body"
    resp = pc.push_raw(b"{}", compress=False, headers={"Content-Encoding": "br"})
    assert resp.status_code == 415


def test_too_large_bodies_are_413(server_with):
    _, new_pc = server_with(max_body=20_000, max_inflated=100_000)
    pc = new_pc()
    big = pc.push_body([pc.op("citizen", pc.citizen(50 + i)) for i in range(200)])
    resp = pc.push_raw(big, compress=False)  # ~40 kB as sent
    assert resp.status_code == 413 and resp.json()["code"] == "too_large"
    bomb = json.dumps({"device_id": pc.device_id, "ops": [], "pad": " " * 1_000_000}).encode()
    resp = pc.push_raw(bomb)  # small compressed, 1 MB inflated
    assert resp.status_code == 413
    assert "uncompressed" in resp.json()["detail"]
    assert pc.push([pc.op("citizen", pc.citizen(99))]).status_code == 200


def test_crash_after_commit_then_resend_is_already_held(server_with):
    crashes = []

    def boom(batch):
        crashes.append(len(batch.ops))
        raise RuntimeError("power cut after commit")

    server_app, new_pc = server_with(hooks=Hooks(after_commit=boom), raise_server_exceptions=False)
    pc = new_pc()
    ops, _ = pc.new_request_ops(60, notes=1)
    resp = pc.push(ops)
    assert resp.status_code == 500
    assert resp.json()["code"] == "server_error"
    assert "Traceback" not in resp.text and "power cut" not in resp.text
    server_app.state.hooks = None
    again = pc.push(ops).json()
    assert again["already_held"] == ids(ops) and again["accepted"] == []
    assert crashes == [4]


def test_same_batch_pushed_concurrently_is_stored_once(new_pc, server_app):
    from concurrent.futures import ThreadPoolExecutor

    pc = new_pc()
    ops = []
    for i in range(20):
        more, _ = pc.new_request_ops(100 + i, notes=2)
        ops += more
    with ThreadPoolExecutor(4) as pool:
        answers = [f.result().json() for f in [pool.submit(pc.push, ops) for _ in range(4)]]
    for a in answers:
        assert a["rejected"] == [], a["rejected"][:2]
        assert sorted(a["accepted"] + a["already_held"]) == sorted(ids(ops))
    accepted = [i for a in answers for i in a["accepted"]]
    assert sorted(accepted) == sorted(ids(ops))  # each id accepted by exactly one push
    assert count(server_app, request_event) == 60 and count(server_app, service_request) == 20
    with server_app.state.engine.connect() as conn:
        changes = conn.execute(text("SELECT count(*) FROM change_log WHERE device_id = :d"),
                               {"d": pc.device_id}).scalar()
    assert changes == len(ops)


def test_event_payloads_every_node_folds_are_checked(new_pc):
    pc = new_pc()
    ops, req = pc.new_request_ops(70)
    assert pc.push(ops).json()["rejected"] == []
    bad = [pc.event(req["id"], "status_changed", {"to": "teleported"}),
           pc.event(req["id"], "feedback", {"rating": 9}),
           pc.event(req["id"], "renamed", {}),
           pc.event(req["id"], "note", [1, 2])]
    good = pc.event(req["id"], "status_changed", {"from": "submitted", "to": "in_review"})
    body = pc.push([pc.op("request_event", e) for e in [*bad, good]]).json()
    assert [r["code"] for r in body["rejected"]] == ["invalid"] * 4
    assert body["accepted"] == [good["id"]]  # linked past the four refused events


def test_seq_acknowledgement_gives_op_seq_ranges_instead_of_ids(new_pc):
    """``ack="seqs"``: the answer names op_seq ranges — accepted, already held — and
    still lists refusals with their ids and reasons."""
    from models.wire import in_ranges, seq_ranges

    assert seq_ranges([3, 1, 2, 7, 9, 10, 10]) == [(1, 3), (7, 7), (9, 10)]
    assert in_ranges(8, [(1, 3), (7, 9)]) and not in_ranges(4, [(1, 3), (7, 9)])
    pc = new_pc()
    held = [pc.op("citizen", pc.citizen(1))]
    assert pc.push(held).status_code == 200
    bad = pc.op("citizen", pc.citizen(2, cnic="3520212345"))
    fresh = [pc.op("citizen", pc.citizen(n)) for n in (3, 4, 5)]
    ops = [*held, *fresh[:2], bad, fresh[2]]
    body = json.loads(pc.push_body(ops))
    body["ack"] = "seqs"
    resp = pc.push_raw(json.dumps(body).encode())
    assert resp.status_code == 200, resp.text
    answer = resp.json()
    assert answer["accepted"] == [] and answer["already_held"] == []
    seq = [o["op_seq"] for o in ops]
    assert [tuple(r) for r in answer["already_held_seqs"]] == [(seq[0], seq[0])]
    accepted = {n for lo, hi in answer["accepted_seqs"] for n in range(lo, hi + 1)}
    assert accepted == {seq[1], seq[2], seq[4]}
    assert [r["id"] for r in answer["rejected"]] == [bad["record"]["id"]]


def test_a_tracking_number_taken_by_a_concurrent_push_refuses_its_events_too(new_pc,
                                                                              server_app):
    """Two PCs push requests with one tracking number at the same moment: both plans see
    the number free; the second commit loses it. Its request is a conflict and its events
    are missing_parent — refused with reasons, never a 500 (the foreign key would fail)."""
    from models.wire import PushBatch
    from server import ingest
    from server.ingest import read_conn

    engine = server_app.state.engine
    a, b = new_pc(), new_pc()
    ops_a, req_a = a.new_request_ops(31, notes=1)
    cit_b = b.citizen(32)
    req_b = b.request(cit_b, tracking_number=req_a["tracking_number"])
    ops_b = [b.op("citizen", cit_b), b.op("service_request", req_b),
             b.op("request_event", b.created(req_b))]

    def ctx(pc):
        with engine.connect() as conn:
            row = conn.execute(text(
                "SELECT d.device_id, d.office_code, d.device_number, o.district_id FROM device d "
                "JOIN office o ON o.code = d.office_code WHERE d.device_id = :d"),
                {"d": pc.device_id}).mappings().one()
        return ingest.DeviceCtx(**row)

    plans = []
    for pc, ops in ((a, ops_a), (b, ops_b)):
        with read_conn(engine) as conn, conn.begin():
            plans.append(ingest.plan(conn, ctx(pc), PushBatch(device_id=pc.device_id,
                                                              ops=ops)))
    assert all(o.outcome == "accepted" for p in plans for o in p.ops)  # both saw it free
    first, second = (ingest.commit(engine, p) for p in plans)
    assert sorted(first.accepted) == sorted(ids(ops_a))
    refused = {r.id: r for r in second.rejected}
    assert refused[req_b["id"]].code == "conflict"
    assert req_a["tracking_number"] in refused[req_b["id"]].reason
    assert refused[ops_b[2]["record"]["id"]].code == "missing_parent"
    assert second.accepted == [cit_b["id"]]
    assert count(server_app, service_request) == 1
