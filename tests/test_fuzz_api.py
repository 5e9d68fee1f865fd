"""API fuzzing: schemathesis generates requests from the server's own OpenAPI document and
checks every answer — no 5xx, the body matches the documented schema, the status code is
one the document lists.

The server is the real application (``server.app.create_app``) on a temporary SQLite
database, called in-process through schemathesis' ASGI transport. Before fuzzing, one PC
enrolls and pushes a few real records (so pulls, Open311 and the transparency pages have
something to show), and every generated request is signed with that PC's Ed25519 key
(:class:`SignedByPc`, over the exact bytes sent), so the fuzzer reaches the push and pull
handlers instead of stopping at 401. Half the generated push bodies name that PC as their
``device_id`` (the other half another one: 403) so that the batch goes on to ingest.

Bounded: at most ``MAX_EXAMPLES`` examples per operation, no shrinking-heavy phases; the
whole module runs in about half a minute here.
"""

from __future__ import annotations

import hashlib
import os
import warnings

import pytest
import requests.auth
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from models import signing
from server.clock import now_ms

MAX_EXAMPLES = 20 * max(1, int(os.environ.get("DAFTAR_FUZZ_SCALE", "1")))  # make fuzz
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]

with warnings.catch_warnings():
    from starlette.exceptions import StarletteDeprecationWarning

    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`",
                            category=StarletteDeprecationWarning)
    from fastapi.testclient import TestClient


class SignedByPc(requests.auth.AuthBase):
    """Signs a prepared request as the device does (:mod:`models.signing`): method, path
    with its query exactly as sent, the time, and the SHA-256 of the body bytes."""

    def __init__(self, device_id: str, key) -> None:
        self.device_id = device_id
        self.key = key

    def __call__(self, r):
        body = r.body or b""
        if isinstance(body, str):
            body = body.encode()
        t = now_ms()
        r.headers[signing.HEADER_DEVICE] = self.device_id
        r.headers[signing.HEADER_TIME] = str(t)
        r.headers[signing.HEADER_SIGNATURE] = signing.sign(self.key, r.method, r.path_url, t,
                                                           body)
        return r


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    """``(app, pc)``: the server on a fresh SQLite file and one enrolled PC that pushed a
    citizen, two requests with their events. One for the module: the fuzzing adds at most
    a few records, which the checks do not depend on."""
    tmp_path = tmp_path_factory.mktemp("fuzz-api")
    import pg  # registered as a plugin by the server tests; imported here, at run time

    from server.app import create_app

    # No rate limit: a fuzzer sends hundreds of requests a second from one address, and
    # a 429 would stop it before the handlers (the limiter has its own tests).
    # No rate limits: the fuzzer sends hundreds of requests (and failed enrollments) from
    # one address on purpose; the limits have their own tests (test_server_security.py).
    app = create_app(f"sqlite:///{tmp_path}/server.sqlite3", rate_limit=None,
                     auth_fail_rate=None)
    client = TestClient(app)
    pc = pg.enrolled(client, app)
    ops, _ = pc.new_request_ops(1, notes=2)
    more, _ = pc.new_request_ops(2)
    resp = pc.push(ops + more)
    assert resp.status_code == 200 and resp.json()["rejected"] == [], resp.text
    yield app, pc
    app.state.engine.dispose()


#: Every operation of the OpenAPI document (checked against it below, so a new endpoint
#: cannot stay unfuzzed).
OPERATIONS = [
    ("GET", "/api/v1/health"),
    ("POST", "/api/v1/devices/enroll"),
    ("POST", "/api/v1/devices/rotate-key"),
    ("POST", "/api/v1/sync/push"),
    ("GET", "/api/v1/sync/pull"),
    ("GET", "/open311/v2/services.json"),
    ("GET", "/open311/v2/services/{service_code}.json"),
    ("GET", "/open311/v2/requests.json"),
    ("GET", "/open311/v2/requests/{service_request_id}.json"),
    ("GET", "/transparency/kpis.csv"),
    ("GET", "/transparency"),
]


@pytest.fixture(scope="module")
def api_schema(api):
    app, _ = api
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_every_operation_is_fuzzed(api_schema):
    found = {(op.ok().method.upper(), op.ok().path) for op in api_schema.get_all_operations()}
    assert found == set(OPERATIONS)


#: Operations with something a generator can make invalid (the others take no body and no
#: parameter but free strings: there is no invalid request to make of them).
NEGATABLE = [op for op in OPERATIONS if op not in {
    ("GET", "/api/v1/health"), ("GET", "/open311/v2/services.json"),
    ("GET", "/open311/v2/services/{service_code}.json")}]
CASES = ([(m, p, GenerationMode.POSITIVE) for m, p in OPERATIONS]
         + [(m, p, GenerationMode.NEGATIVE) for m, p in NEGATABLE])


@pytest.mark.parametrize(("method", "path", "mode"), CASES,
                         ids=[f"{m} {p} {'valid' if g == GenerationMode.POSITIVE else 'invalid'}"
                              for m, p, g in CASES])
def test_api_answers_as_documented(api, api_schema, method, path, mode):
    _, pc = api
    auth = SignedByPc(pc.device_id, pc.key)
    strategy = api_schema[path][method].as_strategy(generation_mode=mode)

    @given(strategy)
    @settings(max_examples=MAX_EXAMPLES, deadline=None,
              phases=[Phase.explicit, Phase.generate, Phase.shrink],
              suppress_health_check=list(HealthCheck))
    def check(case):
        body = case.body
        if (path == "/api/v1/sync/push" and isinstance(body, dict)
                and int(hashlib.sha256(repr(body).encode()).hexdigest(), 16) % 2 == 0):
            body["device_id"] = pc.device_id
        case.call_and_validate(auth=auth, checks=CHECKS)

    check()


# -- what the fuzzer found, pinned down ---------------------------------------------------

def client_of(app) -> TestClient:
    return TestClient(app, raise_server_exceptions=False)


def test_integers_past_64_bits_are_refused_not_a_server_error(api):
    """Found by the fuzzer: a counter past 2**63 - 1 crashed the insert (OverflowError on
    SQLite, out of range on PostgreSQL) and answered 500, so a PC would resend the batch
    for ever. Now the batch (op_seq) or the query (cursor) is invalid, or the one record
    (fee, event sequence) is rejected with its reason and the others are stored."""
    import pg

    app, _ = api
    pc = pg.enrolled(client_of(app), app)
    huge = 2**63
    cit = pc.citizen(11)
    req = pc.request(cit, fee_pkr=huge)
    resp = pc.push([pc.op("citizen", cit), pc.op("service_request", req)])
    assert resp.status_code == 200, resp.text
    assert resp.json()["accepted"] == [cit["id"]]
    assert [r["id"] for r in resp.json()["rejected"]] == [req["id"]]
    assert "fee_pkr" in resp.json()["rejected"][0]["reason"]

    ops, req = pc.new_request_ops(12)
    pc.chain_seq = huge - 1
    ops.append(pc.op("request_event", pc.event(req["id"])))
    resp = pc.push(ops)
    assert resp.status_code == 200, resp.text
    assert [r["id"] for r in resp.json()["rejected"]] == [ops[-1]["record"]["id"]]
    assert len(resp.json()["accepted"]) == 3

    pc.op_seq = huge - 1
    resp = pc.push([pc.op("citizen", pc.citizen(13))])
    assert resp.status_code == 422 and "op_seq" in resp.json()["detail"]
    resp = pc.pull(cursor=huge)
    assert resp.status_code == 422 and "cursor" in resp.json()["detail"]
    assert pc.pull(cursor=huge - 1).status_code == 200


@given(day=st.dates(), other=st.dates(), moment=st.datetimes(timezones=st.timezones()))
@settings(max_examples=2 * MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_any_date_in_the_calendar_is_answered_not_a_server_error(api, day, other, moment):
    """Found by the fuzzer: a period near year 1 or 9999 overflowed the date arithmetic
    (500). Every date now gets a page or a 400 that says which dates are allowed."""
    app, _ = api
    client = client_of(app)
    for url in (f"/transparency?from={day}", f"/transparency?to={day}",
                f"/transparency/kpis.csv?from={day}&to={other}",
                f"/transparency?from={other}&to={day}"):
        resp = client.get(url)
        assert resp.status_code in (200, 400), (url, resp.text)
        if resp.status_code == 400:
            assert resp.json()["code"] in ("bad_date", "bad_period")
    stamp = moment.isoformat().replace("+", "%2B")
    for url in (f"/open311/v2/requests.json?start_date={stamp}",
                f"/open311/v2/requests.json?end_date={stamp}",
                f"/open311/v2/requests.json?start_date={day}&end_date={other}"):
        resp = client.get(url)
        assert resp.status_code in (200, 400), (url, resp.text)
        if resp.status_code == 400:
            assert resp.json()[0]["code"] == 400 and resp.json()[0]["description"]


def test_clock_skew_answer_is_documented(api, api_schema):
    """The 401 for a PC whose clock is off carries ``server_time``: the document says so
    (it said ``Problem``, which forbids the field)."""
    _, pc = api
    resp = pc.pull(time_ms=now_ms() - 3600_000)
    assert resp.status_code == 401 and resp.json()["code"] == "clock_skew"
    case = api_schema["/api/v1/sync/pull"]["GET"].Case(query={"cursor": 0, "limit": 500})
    case.validate_response(resp, checks=CHECKS)
