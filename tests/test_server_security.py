"""Hardened API: security headers on every answer, per-client rate limits, no stack traces."""

from __future__ import annotations

import pytest

from server.app import Hooks
from server.security import CSP_DATA, CSP_HTML, TokenBuckets

pytest_plugins = ("pg",)

HEALTH = "/api/v1/health"


def assert_common(resp) -> None:
    assert resp.headers["x-content-type-options"] == "nosniff"
    assert resp.headers["x-frame-options"] == "DENY"
    assert resp.headers["referrer-policy"] == "no-referrer"
    assert "strict-transport-security" not in resp.headers  # plain http here


def test_health_has_security_headers(server_client):
    resp = server_client.get(HEALTH)
    assert resp.status_code == 200
    assert_common(resp)
    assert resp.headers["content-security-policy"] == CSP_DATA
    assert "default-src 'none'" in resp.headers["content-security-policy"]
    assert resp.headers["cache-control"] == "no-store"


def test_push_answer_and_errors_have_security_headers(new_pc):
    pc = new_pc()
    ops, _ = pc.new_request_ops(1, notes=40)  # big enough to come back gzipped
    resp = pc.push(ops)
    assert resp.status_code == 200, resp.text
    assert_common(resp)
    assert resp.headers["content-security-policy"] == CSP_DATA
    assert resp.headers["cache-control"] == "no-store"
    refused = pc.client.post("/api/v1/sync/push", content=b"{}")  # unsigned: 401
    assert refused.status_code == 401
    assert_common(refused)
    assert refused.headers["cache-control"] == "no-store"
    missing = pc.client.get("/no/such/address")
    assert missing.status_code == 404
    assert_common(missing)


def test_transparency_page_has_html_policy(server_client):
    resp = server_client.get("/transparency")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/html")
    assert_common(resp)
    csp = resp.headers["content-security-policy"]
    assert csp == CSP_HTML
    assert "default-src 'none'" in csp and "style-src 'unsafe-inline'" in csp
    assert "script-src" not in csp  # no script may run on the page
    assert "<style>" in resp.text  # the inline style the policy allows
    assert "cache-control" not in resp.headers  # public page: caching is fine
    csv = server_client.get("/transparency/kpis.csv")
    assert csv.status_code == 200 and csv.headers["content-security-policy"] == CSP_DATA


def test_hsts_only_over_https_and_forwarded_proto_only_from_a_trusted_proxy(server_with):
    from fastapi.testclient import TestClient

    app, _ = server_with()
    assert "strict-transport-security" not in TestClient(app).get(HEALTH).headers
    https = TestClient(app, base_url="https://testserver").get(HEALTH)
    assert https.headers["strict-transport-security"].startswith("max-age=")
    spoofed = TestClient(app).get(HEALTH, headers={"X-Forwarded-Proto": "https"})
    assert "strict-transport-security" not in spoofed.headers
    proxied_app, _ = server_with(trust_proxy=True)
    proxied = TestClient(proxied_app)
    assert "strict-transport-security" in proxied.get(
        HEALTH, headers={"X-Forwarded-Proto": "https"}).headers
    assert "strict-transport-security" not in proxied.get(
        HEALTH, headers={"X-Forwarded-Proto": "http"}).headers


def test_past_the_burst_the_device_gets_429_with_retry_after(server_with):
    _, new_pc = server_with(rate_limit=0.1, rate_burst=3)
    # enrollment is keyed by IP ("testclient"): it spends one of that address's tokens
    pc = new_pc()
    answers = [pc.pull().status_code for _ in range(4)]
    assert answers[:3] == [200, 200, 200]
    assert answers[3] == 429
    resp = pc.pull()
    assert resp.status_code == 429
    assert int(resp.headers["retry-after"]) >= 1
    assert set(resp.json()) == {"code", "detail"}  # the API's Problem shape
    assert resp.json()["code"] == "rate_limited"
    assert_common(resp)
    pushed = pc.push(pc.new_request_ops(1)[0])
    assert pushed.status_code == 429  # push shares the device's bucket


def test_one_device_at_its_limit_does_not_hold_up_another(server_with):
    _, new_pc = server_with(rate_limit=0.1, rate_burst=3)
    first, second = new_pc(), new_pc()  # two enrollments: two of the IP's three tokens
    for _ in range(3):
        assert first.pull().status_code == 200
    assert first.pull().status_code == 429
    for _ in range(3):
        assert second.pull().status_code == 200, "another PC is not slowed by the first"
    assert second.pull().status_code == 429


def test_unauthenticated_addresses_are_limited_by_ip(server_with):
    from fastapi.testclient import TestClient

    app, _ = server_with(rate_limit=0.1, rate_burst=2)
    client = TestClient(app)
    assert [client.get(HEALTH).status_code for _ in range(3)] == [200, 200, 429]
    assert client.get("/open311/v2/services.json").status_code == 429


def test_default_limit_is_generous(new_pc):
    pc = new_pc()
    assert all(pc.pull().status_code == 200 for _ in range(120))


def test_token_bucket_refills_at_its_rate():
    now = [100.0]
    buckets = TokenBuckets(rate=2.0, burst=2, clock=lambda: now[0])
    assert buckets.take("a") == 0 and buckets.take("a") == 0
    assert buckets.take("a") == pytest.approx(0.5)
    assert buckets.take("b") == 0  # keys are independent
    now[0] += 0.5
    assert buckets.take("a") == 0  # one token came back
    assert buckets.take("a") > 0
    now[0] += 60
    assert buckets.take("a") == 0 and buckets.take("a") == 0
    assert buckets.take("a") > 0  # never more than the burst saved up
    with pytest.raises(ValueError):
        TokenBuckets(rate=0, burst=1)


def test_bucket_memory_is_bounded():
    buckets = TokenBuckets(rate=1.0, burst=1, max_keys=3, clock=lambda: 0.0)
    for key in "abcd":
        buckets.take(key)
    assert len(buckets._buckets) == 3


def test_an_unexpected_error_answers_without_a_stack_trace(server_with):
    def boom(_batch):
        raise RuntimeError("secret detail from /srv/daftar/server/ingest.py line 42")

    _, new_pc = server_with(hooks=Hooks(after_commit=boom), raise_server_exceptions=False)
    pc = new_pc()
    resp = pc.push(pc.new_request_ops(2)[0])
    assert resp.status_code == 500
    assert resp.json()["code"] == "server_error"
    assert set(resp.json()) == {"code", "detail"}
    for leak in ("Traceback", "RuntimeError", "secret detail", ".py", "/srv/", 'File "'):
        assert leak not in resp.text
    assert_common(resp)
    assert resp.headers["content-security-policy"] == CSP_DATA
    assert resp.headers["cache-control"] == "no-store"
