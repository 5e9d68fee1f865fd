"""Enrollment and request authentication of the central server (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from models import signing
from server import admin
from server.clock import now_ms

pytest_plugins = ("pg",)


def test_health_and_openapi(server_client):
    health = server_client.get("/api/v1/health")
    assert health.status_code == 200
    assert health.json()["status"] == "ok" and health.json()["protocol"] == 1
    spec = server_client.get("/openapi.json").json()
    assert {"/api/v1/health", "/api/v1/devices/enroll",
                                           "/api/v1/sync/push", "/api/v1/sync/pull"} <= \
        set(spec["paths"])
    assert "PushBatch" in spec["components"]["schemas"]


def test_unknown_address_is_a_problem(server_client):
    resp = server_client.get("/api/v1/nothing-here")
    assert resp.status_code == 404
    assert resp.json() == {"code": "not_found",
                           "detail": "There is no such address on this server."}


def test_enroll_gives_numbers_in_order(new_pc, make_token):
    a = new_pc(enroll=False)
    first = a.enroll(make_token())
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["device_id"] == a.device_id
    assert body["office_code"] == "LHR1" and body["district_id"] == "PK617"
    assert body["device_number"] == 1
    b = new_pc()
    assert b.device_number == 2
    other_office = new_pc("KHI1")
    assert other_office.device_number == 1


def test_lost_answer_retry_gets_the_same_answer(new_pc, make_token):
    pc = new_pc(enroll=False)
    token = make_token()
    first = pc.enroll(token)
    assert first.status_code == 200
    again = pc.enroll(token)  # the first answer was lost on the way
    assert again.status_code == 200
    strip = lambda d: {k: v for k, v in d.items() if k != "server_time"}  # noqa: E731
    assert strip(again.json()) == strip(first.json())
    # and the credential works
    assert pc.pull().status_code == 200


def test_used_token_refuses_another_device_or_key(new_pc, make_token):
    pc = new_pc(enroll=False)
    token = make_token()
    assert pc.enroll(token).status_code == 200
    thief = new_pc(enroll=False)
    resp = thief.enroll(token)
    assert resp.status_code == 409
    assert resp.json()["code"] == "token_used"
    assert "already used" in resp.json()["detail"]
    other_key = new_pc(enroll=False)
    other_key.device_id = pc.device_id  # same id, another key pair
    resp = other_key.enroll(token)
    assert resp.status_code == 409


def test_expired_and_unknown_tokens(new_pc, make_token):
    old = make_token(now=now_ms() - 73 * 3600_000)
    resp = new_pc(enroll=False).enroll(old)
    assert resp.status_code == 401
    assert resp.json()["code"] == "token_expired"
    resp = new_pc(enroll=False).enroll("not-a-real-token")
    assert resp.status_code == 401
    assert resp.json()["code"] == "bad_token"


def test_enroll_request_is_checked(server_client, new_pc, make_token):
    pc = new_pc(enroll=False)
    enroll = "/api/v1/devices/enroll"
    resp = server_client.post(enroll, json=pc.enroll_request(make_token(), public_key="x" * 44))
    assert resp.status_code == 422
    assert resp.json()["code"] == "invalid"
    resp = server_client.post(enroll, json={**pc.enroll_request(make_token()), "role": "admin"})
    assert resp.status_code == 422
    assert set(resp.json()) == {"code", "detail"}
    assert "'role' is not a field" in resp.json()["detail"]


def test_unsigned_and_badly_signed_requests(server_client, new_pc):
    pc = new_pc()
    resp = server_client.get("/api/v1/sync/pull")
    assert resp.status_code == 401 and resp.json()["code"] == "unauthenticated"
    resp = pc.pull(key=signing.new_private_key())
    assert resp.status_code == 401 and resp.json()["code"] == "bad_signature"
    stranger = new_pc(enroll=False)
    resp = stranger.pull()
    assert resp.status_code == 401 and resp.json()["code"] == "unknown_device"
    # a signature over another body does not pass
    path = "/api/v1/sync/push"
    headers = pc.headers("POST", path, b"{}")
    resp = server_client.post(path, content=b'{"x": 1}', headers=headers)
    assert resp.status_code == 401 and resp.json()["code"] == "bad_signature"


def test_clock_skew_answers_server_time(new_pc):
    pc = new_pc()
    resp = pc.pull(time_ms=now_ms() - signing.MAX_SKEW_MS - 60_000)
    assert resp.status_code == 401
    body = resp.json()
    assert body["code"] == "clock_skew"
    assert abs(body["server_time"] - now_ms()) < 60_000
    pc.clock_offset = 0
    assert pc.pull().status_code == 200


def test_revoked_device_is_refused_with_a_clear_message(server_app, new_pc, make_token):
    pc = new_pc()
    token = make_token()
    second = new_pc(enroll=False)
    assert second.enroll(token).status_code == 200
    admin.revoke_device(server_app.state.engine, pc.device_id)
    for resp in (pc.pull(), pc.push([])):
        assert resp.status_code == 401
        assert resp.json() == {
            "code": "revoked",
            "detail": "This PC's access was withdrawn by the central office; ask IT to enroll "
                      "it again."}
    assert second.pull().status_code == 200
    admin.revoke_device(server_app.state.engine, second.device_id)
    assert second.enroll(token).status_code == 401  # retrying the token does not revive it


def test_admin_refusals(server_app):
    from server.errors import AdminError

    with pytest.raises(AdminError, match="no office"):
        admin.create_token(server_app.state.engine, "NOPE")
    with pytest.raises(AdminError, match="not a district"):
        admin.create_office(server_app.state.engine, code="LHR2", district="PK6", name="x")
    with pytest.raises(AdminError, match="already exists"):
        admin.create_office(server_app.state.engine, code="LHR1", district="PK617", name="x")
    with pytest.raises(AdminError, match="No device"):
        admin.revoke_device(server_app.state.engine, "0" * 36)


def test_revoked_pc_enrolled_again_keeps_its_identity(new_pc, make_token):
    from models import signing as sig

    pc = new_pc()
    ops, _ = pc.new_request_ops(1)
    assert pc.push(ops).json()["accepted"]
    stolen_key = pc.key
    # a working PC's identity cannot be taken with a new token and another key
    thief = new_pc(enroll=False)
    thief.device_id = pc.device_id
    resp = thief.enroll(make_token())
    assert resp.status_code == 409 and "revoke" in resp.json()["detail"]
    # IT revokes it, then enrolls the PC again: new key, same number, chain goes on
    from server import admin as adm

    adm.revoke_device(pc.client.app.state.engine, pc.device_id)
    pc.key = sig.new_private_key()
    pc.public_key = sig.public_text(pc.key)
    resp = pc.enroll(make_token())
    assert resp.status_code == 200 and resp.json()["device_number"] == 1
    more, _ = pc.new_request_ops(2)
    assert pc.push(more).json()["accepted"] == [o["record"]["id"] for o in more]
    assert pc.pull(key=stolen_key).status_code == 401  # the old key is dead
    # a token of another office cannot move it
    resp = pc.enroll(make_token("KHI1"))
    assert resp.status_code == 409 and "LHR1" in resp.json()["detail"]


def test_tokens_can_be_typed_on_the_command_line():
    """A URL-safe token began with "-" about one time in 32, and `daftar enroll --token
    -Xq…` was then read as an option (CI found it). Tokens are letters and digits that
    cannot be mixed up, and the PC's command line takes every one of them."""
    import daftar
    from server import admin

    tokens = {admin.new_token() for _ in range(2000)}
    assert len(tokens) == 2000
    assert all(len(t) == admin.TOKEN_LENGTH and set(t) <= set(admin.TOKEN_ALPHABET)
               for t in tokens)
    assert not set("-_0O1lI") & set(admin.TOKEN_ALPHABET)
    parser = daftar.build_parser()
    for token in list(tokens)[:200]:
        args = parser.parse_args(["enroll", "--server", "https://x.example", "--token", token])
        assert args.token == token
