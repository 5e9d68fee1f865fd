"""The pull feed and authorization: what a device may read and write."""

from __future__ import annotations

import json
from collections import Counter

from models.events import event_hash, fold
from server import admin
from server.reference import read_files

pytest_plugins = ("pg",)


def kinds(changes) -> Counter:
    return Counter(c["kind"] for c in changes)


def test_new_device_pulls_the_reference_data_in_pages(new_pc):
    pc = new_pc()
    files = read_files()
    changes, cursor = pc.pull_all(limit=50)
    assert kinds(changes) == {"area": len(files["area"]), "office": len(files["office"]),
                              "service": len(files["service"])}
    first_page = pc.pull(0, 50).json()
    assert first_page["more"] is True and len(first_page["changes"]) == 50
    assert first_page["next_cursor"] > 0
    service = next(c["record"] for c in changes if c["kind"] == "service")
    assert isinstance(json.loads(service["documents_en"]), list)
    assert service["active"] is True
    # nothing new: an empty page, the cursor stays
    again = pc.pull(cursor).json()
    assert again == {**again, "changes": [], "next_cursor": cursor, "more": False}


def test_district_colleague_gets_records_but_not_own(new_pc):
    a, b = new_pc(), new_pc()
    _, start_a = a.pull_all()
    _, start_b = b.pull_all()
    ops, req = a.new_request_ops(1, notes=1)
    assert a.push(ops).json()["rejected"] == []
    mine, _ = a.pull_all(start_a)
    assert mine == []  # it has them already
    theirs, _ = b.pull_all(start_b)
    assert [c["kind"] for c in theirs] == ["citizen", "service_request", "request_event",
                                           "request_event"]
    assert theirs[1]["record"] == req
    events = [c["record"] for c in theirs if c["kind"] == "request_event"]
    assert all(ev["hash"] == event_hash(ev) for ev in events)
    assert events[-1]["hash"] == a.chain_hash


def test_other_district_reads_nothing_of_it(new_pc):
    lahore, karachi = new_pc("LHR1"), new_pc("KHI1")
    _, cursor = karachi.pull_all()
    ops, _ = lahore.new_request_ops(2, notes=2)
    assert lahore.push(ops).json()["rejected"] == []
    seen, _ = karachi.pull_all(cursor)
    assert seen == []
    everything, _ = karachi.pull_all(0)
    assert set(kinds(everything)) == {"area", "office", "service"}


def test_other_district_cannot_write_into_it(new_pc):
    lahore, karachi = new_pc("LHR1"), new_pc("KHI1")
    ops, req = lahore.new_request_ops(3)
    assert lahore.push(ops).json()["rejected"] == []
    # an event on Lahore's request, from Karachi
    ev = karachi.event(req["id"])
    body = karachi.push([karachi.op("request_event", ev)]).json()
    assert [r["code"] for r in body["rejected"]] == ["out_of_scope"]
    # a request registered under Lahore's office, from Karachi
    cit = karachi.citizen(4)
    forged = karachi.request(cit, office_code="LHR1")
    body = karachi.push([karachi.op("citizen", cit),
                         karachi.op("service_request", forged)]).json()
    assert body["accepted"] == [cit["id"]]
    assert [r["code"] for r in body["rejected"]] == ["out_of_scope"]
    assert "another district" in body["rejected"][0]["reason"]
    # a record claiming to come from a Lahore PC
    stolen = karachi.citizen(5, device_id=lahore.device_id)
    body = karachi.push([karachi.op("citizen", stolen)]).json()
    assert body["rejected"][0]["code"] == "out_of_scope"
    # a request on a Lahore citizen
    on_theirs = karachi.request(ops[0]["record"], office_code="KHI1")
    body = karachi.push([karachi.op("service_request", on_theirs)]).json()
    assert body["rejected"][0]["code"] == "out_of_scope"


def test_two_offices_of_one_district_share_a_request(new_pc, server_app):
    admin.create_office(server_app.state.engine, code="LHR2", district="PK617",
                        name="Assistant Commissioner Office, Model Town")
    first, second = new_pc("LHR1"), new_pc("LHR2")
    _, cursor1 = first.pull_all()
    ops, req = first.new_request_ops(6)
    assert first.push(ops).json()["rejected"] == []
    got, _ = second.pull_all()
    assert req["id"] in {c["record"].get("id") for c in got}
    assert "LHR2" in {c["record"]["code"] for c in got if c["kind"] == "office"}
    # both change it while offline
    a = first.event(req["id"], "status_changed", {"to": "in_review"})
    b = second.event(req["id"], "status_changed", {"to": "approved"})
    assert second.push([second.op("request_event", b)]).json()["accepted"] == [b["id"]]
    assert first.push([first.op("request_event", a)]).json()["accepted"] == [a["id"]]
    from_second, _ = first.pull_all(cursor1)
    assert [c["record"]["id"] for c in from_second if c["kind"] == "request_event"] == [b["id"]]
    timeline_first = [ops[2]["record"], a] + [c["record"] for c in from_second
                                              if c["kind"] == "request_event"]
    from_first, _ = second.pull_all()
    timeline_second = [b] + [c["record"] for c in from_first if c["kind"] == "request_event"]
    assert fold(timeline_first).status == fold(timeline_second).status


def test_pull_parameters_are_checked(new_pc):
    pc = new_pc()
    for query in ("cursor=-1", "limit=0", "limit=100000", "cursor=abc"):
        path = f"/api/v1/sync/pull?{query}"
        resp = pc.client.get(path, headers=pc.headers("GET", path, b""))
        assert resp.status_code == 422, query
        assert set(resp.json()) == {"code", "detail"}
