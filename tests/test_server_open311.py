"""Open311 GeoReport v2 read endpoints: the specification's field names, the filters,
GeoReport error lists, and no personal data in any public answer."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from test_server_transparency import SECRETS, make_specs, push_specs, stamp

from models.events import fold
from models.workflow import OUTCOMES, STATUS_LABELS, is_open
from server import open311

pytest_plugins = ("pg",)

# GeoReport v2 (https://wiki.open311.org/GeoReport_v2), the fields of each answer.
SERVICE_LIST_FIELDS = {"service_code", "service_name", "description", "metadata", "type",
                       "keywords", "group"}
SERVICE_DEFINITION_FIELDS = {"service_code", "attributes"}
GEOREPORT_REQUEST_FIELDS = {"service_request_id", "status", "status_notes", "service_name",
                  "service_code", "description", "agency_responsible", "service_notice",
                  "requested_datetime", "updated_datetime", "expected_datetime", "address",
                  "address_id", "zipcode", "lat", "long", "media_url"}
ALL_TIME = "start_date=2026-01-01T00:00:00Z&end_date=2027-12-31T00:00:00Z"


@pytest.fixture
def seeded(new_pc, server_app, server_client):
    specs = make_specs(seed=11, n=60)
    push_specs(new_pc, specs)
    return server_client, specs


def expected_status(spec) -> str:
    events = [{"id": f"{i:04d}", "hlc": f"{i:04d}", "kind": k, "payload": p,
               "created_at": stamp(m)} for i, (k, p, m) in enumerate(spec.events, 1)]
    return "open" if is_open(fold(events).status) else "closed"


def get_list(client, query: str = ALL_TIME) -> list[dict]:
    resp = client.get(f"/open311/v2/requests.json?{query}")
    assert resp.status_code == 200, resp.text
    return resp.json()


def assert_error_list(resp, status: int) -> None:
    assert resp.status_code == status
    body = resp.json()
    assert isinstance(body, list) and len(body) == 1
    assert set(body[0]) == {"code", "description"} and body[0]["code"] == status
    assert body[0]["description"]


def test_service_list_has_the_spec_fields(server_client):
    services = server_client.get("/open311/v2/services.json").json()
    assert len(services) >= 20
    for s in services:
        assert set(s) == SERVICE_LIST_FIELDS
        assert s["metadata"] is False and s["type"] == "realtime"
        assert isinstance(s["keywords"], str) and s["group"]
    codes = [s["service_code"] for s in services]
    assert "DOMICILE_CERTIFICATE" in codes and len(set(codes)) == len(codes)


def test_service_definition(server_client):
    resp = server_client.get("/open311/v2/services/DOMICILE_CERTIFICATE.json")
    assert resp.status_code == 200
    assert set(resp.json()) == SERVICE_DEFINITION_FIELDS
    assert resp.json() == {"service_code": "DOMICILE_CERTIFICATE", "attributes": []}
    assert_error_list(server_client.get("/open311/v2/services/NO_SUCH.json"), 404)


def test_requests_have_the_spec_fields_and_values(seeded):
    client, specs = seeded
    got = get_list(client)
    assert len(got) == len(specs)
    by_id = {s.tracking_number: s for s in specs}
    notes = {str(v) for v in STATUS_LABELS.values()} | {
        f"{STATUS_LABELS['closed']}. {o}" for o in OUTCOMES.values()}
    for req in got:
        assert set(req) == GEOREPORT_REQUEST_FIELDS
        spec = by_id[req["service_request_id"]]
        assert req["status"] == expected_status(spec)
        assert req["status_notes"] in notes
        assert req["service_code"] == spec.service
        assert req["requested_datetime"] == spec.created.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert req["expected_datetime"] == f"{spec.due.isoformat()}T23:59:59+05:00"
        last = max([m for _, _, m in spec.events], default=spec.created)
        assert req["updated_datetime"] == last.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert req["media_url"] == "" and req["zipcode"] == ""
        for stamp_field in ("requested_datetime", "updated_datetime", "expected_datetime"):
            datetime.fromisoformat(req[stamp_field])
    lahore = next(r for r in got if r["service_request_id"].startswith("LHR1-"))
    assert lahore["agency_responsible"] == "Deputy Commissioner Office, Lahore"
    assert lahore["address"] == "Lahore" and lahore["address_id"] == "PK617"
    assert isinstance(lahore["lat"], float) and isinstance(lahore["long"], float)
    # newest first
    times = [r["requested_datetime"] for r in got]
    assert times == sorted(times, reverse=True)


def test_one_request_and_unknown_ids(seeded):
    client, specs = seeded
    spec = specs[0]
    resp = client.get(f"/open311/v2/requests/{spec.tracking_number}.json")
    assert resp.status_code == 200
    body = resp.json()
    assert isinstance(body, list) and len(body) == 1
    assert set(body[0]) == GEOREPORT_REQUEST_FIELDS
    assert body[0]["service_request_id"] == spec.tracking_number
    assert body[0]["status"] == expected_status(spec)
    lower = client.get(f"/open311/v2/requests/{spec.tracking_number.lower()}.json")
    assert lower.json() == body
    assert_error_list(client.get("/open311/v2/requests/LHR1-261128-019999-Z.json"), 404)
    assert_error_list(client.get("/open311/v2/requests/nonsense.json"), 404)


def test_filters(seeded):
    client, specs = seeded
    # service_request_id: a comma list; it overrides the other filters
    some = [s.tracking_number for s in specs[:3]]
    got = get_list(client, f"service_request_id={quote(','.join(some))}&status=open"
                           "&start_date=2030-01-01")
    assert sorted(r["service_request_id"] for r in got) == sorted(some)
    # service_code
    got = get_list(client, f"{ALL_TIME}&service_code=BIRTH_REGISTRATION")
    assert {r["service_code"] for r in got} == {"BIRTH_REGISTRATION"}
    assert len(got) == sum(s.service == "BIRTH_REGISTRATION" for s in specs)
    # status
    for status in ("open", "closed"):
        got = get_list(client, f"{ALL_TIME}&status={status}")
        want = {s.tracking_number for s in specs if expected_status(s) == status}
        assert {r["service_request_id"] for r in got} == want and want
    assert len(get_list(client, f"{ALL_TIME}&status=open,closed")) == len(specs)
    # start_date / end_date (a zone-less time is Pakistan time)
    start, end = "2026-11-05T00:00:00+05:00", "2026-11-20T00:00:00+05:00"
    got = get_list(client, f"start_date={quote(start)}&end_date={quote(end)}")
    lo, hi = datetime.fromisoformat(start), datetime.fromisoformat(end)
    want = {s.tracking_number for s in specs if lo <= s.created <= hi}
    assert {r["service_request_id"] for r in got} == want and want
    assert get_list(client, "start_date=2026-11-05T00:00:00&end_date=2026-11-20T00:00:00") \
        == got


def test_default_window_is_the_last_90_days(seeded, server_app):
    _, specs = seeded
    now = datetime(2026, 11, 20, tzinfo=UTC)
    with server_app.state.engine.connect() as conn:
        got = open311.find_requests(conn, now=now)
    want = {s.tracking_number for s in specs if s.created <= now}
    assert {r["service_request_id"] for r in got} == want
    with server_app.state.engine.connect() as conn:
        assert open311.find_requests(conn, now=datetime(2027, 6, 1, tzinfo=UTC)) == []


def test_at_most_1000_results(seeded, monkeypatch):
    client, _ = seeded
    monkeypatch.setattr(open311, "MAX_REQUESTS", 7)
    assert len(get_list(client)) == 7


def test_bad_filters_are_georeport_errors(server_client):
    for query in ("start_date=yesterday", "status=pending",
                  "start_date=2026-11-10T00:00:00Z&end_date=2026-11-01T00:00:00Z"):
        assert_error_list(server_client.get(f"/open311/v2/requests.json?{query}"), 400)


def test_no_personal_data_in_any_public_answer(seeded):
    client, specs = seeded
    urls = ["/transparency", "/transparency?from=2026-10-01&to=2026-12-31",
            "/open311/v2/services.json", f"/open311/v2/requests.json?{ALL_TIME}",
            f"/open311/v2/requests.json?{ALL_TIME}&status=open",
            f"/open311/v2/requests.json?{ALL_TIME}&status=closed",
            "/open311/v2/requests.json"]
    for level in ("office", "district", "province"):
        urls += [f"/transparency/kpis.csv?level={level}",
                 f"/transparency/kpis.csv?level={level}&from=2026-10-01&to=2026-12-31"]
    urls += [f"/open311/v2/requests/{s.tracking_number}.json" for s in specs]
    codes = {r["service_code"] for r in client.get("/open311/v2/services.json").json()}
    urls += [f"/open311/v2/services/{c}.json" for c in codes]
    seen = 0
    for url in urls:
        resp = client.get(url)
        assert resp.status_code == 200, (url, resp.text)
        text = resp.text.lower()
        # JSON may escape non-ASCII; compare the decoded text as well
        if resp.headers["content-type"].startswith("application/json"):
            text += json.dumps(resp.json(), ensure_ascii=False).lower()
        for secret in SECRETS:
            assert secret.lower() not in text, (url, secret)
        seen += len(text)
    assert seen > 10_000  # the answers were not empty
