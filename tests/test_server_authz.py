"""Object-level authorization, proved route by route.

Every route of the FastAPI app is listed below, with what guards it; the first test fails
as soon as a route appears that this file does not cover. For the device routes: no
credential gets 401, a revoked credential gets 401, a device of another office or
district gets 403/404 or an answer that holds none of the victim office's data. Public
routes are listed with the reason they are public, and are checked to carry none of the
planted personal data (canaries).

Scope, by design (server.feed): offices of one district share their citizens, requests and
events (a citizen may go to either office); what is private to an office is its user
accounts and the forms published to it only. Another district sees nothing.
"""

from __future__ import annotations

import base64
import json

import pytest

from models import signing, wire

pytest_plugins = ("pg",)

PUBLIC = {
    ("GET", "/api/v1/health"): "liveness probe for monitors and PCs: status, protocol, time",
    ("GET", "/openapi.json"): "the API's own description (no data)",
    ("GET", "/docs"): "Swagger page over /openapi.json (no data)",
    ("GET", "/docs/oauth2-redirect"): "part of the Swagger page (no data)",
    ("GET", "/redoc"): "ReDoc page over /openapi.json (no data)",
    ("GET", "/open311/v2/services.json"): "Open311: the public service catalogue",
    ("GET", "/open311/v2/services/{service_code}.json"): "Open311: one catalogue entry",
    ("GET", "/open311/v2/requests.json"): "Open311: request status by tracking number, "
                                          "no personal data (server.open311)",
    ("GET", "/open311/v2/requests/{service_request_id}.json"): "Open311: one status",
    ("GET", "/transparency"): "open data: per-office KPIs, counts only",
    ("GET", "/transparency/kpis.csv"): "open data: the same KPIs as CSV",
}
#: Authenticated by a one-time token (not a device credential): checked separately.
TOKEN = {("POST", "/api/v1/devices/enroll")}
DEVICE = {("POST", "/api/v1/devices/rotate-key"), ("POST", "/api/v1/sync/push"),
          ("GET", "/api/v1/sync/pull")}

CANARY_NAME = "Zarghuna Canarywala"
CANARY_CNIC = "3520242424241"
CANARY_PHONE = "+923339876543"
CANARY_TEXT = "canary-description-7f3a"
CANARY_NOTE = "canary-note-91c2"
CANARY_USER = "canaryclerk"


def all_routes(routes, prefix: str = ""):
    """``(method, path)`` of every route, through included routers and mounts."""
    for route in routes:
        if hasattr(route, "original_router"):  # FastAPI's include_router wrapper
            yield from all_routes(route.original_router.routes,
                                  prefix + route.include_context.prefix)
        elif getattr(route, "methods", None):
            for method in sorted(route.methods - {"HEAD"}):
                yield method, prefix + route.path
        elif hasattr(route, "routes"):  # a Mount
            yield from all_routes(route.routes, prefix + route.path)
        else:
            raise AssertionError(f"a route of an unknown kind: {route!r}")


def test_every_route_is_covered(server_with):
    app, _ = server_with()
    found = set(all_routes(app.routes))
    covered = set(PUBLIC) | TOKEN | DEVICE
    assert found - covered == set(), "new routes: say who may call them and test it here"
    assert covered - found == set(), "routes listed here that the app no longer has"


@pytest.fixture
def world(server_with):
    """The victim PC A of LHR1 holds canary data; B is in another office of the same
    district (LHR2), D in another district (RWP1), R is a revoked PC of LHR1."""
    from server import admin, users

    app, new_pc = server_with()
    engine = app.state.engine
    admin.create_office(engine, code="LHR2", district="PK617", name="AC Model Town")
    a, b, d, r = new_pc("LHR1"), new_pc("LHR2"), new_pc("RWP1"), new_pc("LHR1")
    citizen = a.citizen(1, name=CANARY_NAME, cnic=CANARY_CNIC, phone=CANARY_PHONE)
    req = a.request(citizen, description=CANARY_TEXT)
    ops = [a.op("citizen", citizen), a.op("service_request", req),
           a.op("request_event", a.created(req)),
           a.op("request_event", a.event(req["id"], "note", {"text": CANARY_NOTE}))]
    pushed = a.push(ops)
    assert pushed.status_code == 200 and len(pushed.json()["accepted"]) == 4, pushed.text
    users.add_user(engine, office_code="LHR1", username=CANARY_USER,
                   display_name=CANARY_NAME, role="clerk", password="Sabz-Chai 2026")
    admin.revoke_device(engine, r.device_id)
    return {"app": app, "a": a, "b": b, "d": d, "r": r, "citizen": citizen, "request": req,
            "new_pc": new_pc}


def secrets_of(world) -> list[str]:
    """What another district (or the public) must never see of office LHR1."""
    hashed = _user_hash(world["app"])
    return [CANARY_NAME, CANARY_CNIC, CANARY_PHONE, CANARY_TEXT, CANARY_NOTE, CANARY_USER,
            hashed, world["a"].public_key]


def _user_hash(app) -> str:
    from sqlalchemy import text

    with app.state.engine.connect() as conn:
        return conn.execute(text("SELECT password_hash FROM office_user")).scalar_one()


def assert_learns_nothing(resp, secrets) -> None:
    body = resp.content.decode("utf-8", "replace")
    leaked = [s for s in secrets if s in body]
    assert leaked == [], f"{resp.request.method} {resp.request.url.path} leaked {leaked}"


def rotation(pc, key=None, new_key=None, device_id=None):
    new_key = new_key or signing.new_private_key()
    public = signing.public_text(new_key)
    proof = base64.b64encode(new_key.sign(wire.rotation_proof_input(
        device_id or pc.device_id, public))).decode()
    body = json.dumps({"public_key": public, "proof": proof}).encode()
    path = "/api/v1/devices/rotate-key"
    headers = {"Content-Type": "application/json", **pc.headers("POST", path, body, key=key)}
    if device_id:
        headers[signing.HEADER_DEVICE] = device_id
    return pc.client.post(path, content=body, headers=headers)


def call_device_route(route, pc, *, signed: bool = True):
    """One ordinary call of a device route by *pc* (unsigned: headers stripped)."""
    _method, path = route
    if path.endswith("/pull"):
        resp = pc.pull() if signed else pc.client.get(path)
    elif path.endswith("/push"):
        ops, _ = pc.new_request_ops(9)
        resp = pc.push(ops) if signed else pc.client.post(path, content=pc.push_body(ops))
    else:
        resp = rotation(pc) if signed else pc.client.post(path, json={})
    return resp


def test_device_routes_refuse_no_credential_revoked_and_forged(world):
    secrets = secrets_of(world)
    for route in sorted(DEVICE):
        none = call_device_route(route, world["b"], signed=False)
        assert none.status_code == 401 and none.json()["code"] == "unauthenticated", route
        assert_learns_nothing(none, secrets)
        revoked = call_device_route(route, world["r"])
        assert revoked.status_code == 401 and revoked.json()["code"] == "revoked", route
        assert_learns_nothing(revoked, secrets)
        # another device's key, the victim's device id
        forged = world["b"]
        original, forged.device_id = forged.device_id, world["a"].device_id
        try:
            resp = call_device_route(route, forged)
        finally:
            forged.device_id = original
        assert resp.status_code == 401 and resp.json()["code"] == "bad_signature", route
        assert_learns_nothing(resp, secrets)
    assert world["a"].pull().status_code == 200, "the victim is unaffected"


def test_pull_is_scoped_to_district_and_office_and_public_routes_hold_no_personal_data(
        world):
    secrets = secrets_of(world)
    d_page = world["d"].pull(0, 5000)
    assert d_page.status_code == 200
    assert_learns_nothing(d_page, secrets)  # another district: nothing of LHR1
    b_page = world["b"].pull(0, 5000)
    kinds = {c["kind"] for c in b_page.json()["changes"]}
    assert "service_request" in kinds, "same district: requests are shared by design"
    assert_learns_nothing(b_page, [CANARY_USER, _user_hash(world["app"])])
    a_page = world["a"].pull(0, 5000).json()
    assert [c["record"]["username"] for c in a_page["changes"]
            if c["kind"] == "user_account"] == [CANARY_USER]  # it does reach its office
    _public_routes_expose_no_personal_data(world)


def test_push_rotation_and_enrollment_cannot_touch_another_device(world):
    d, a = world["d"], world["a"]
    secrets = secrets_of(world)
    # a batch in the victim's name
    resp = d.push_raw(d.push_body([], device_id=a.device_id))
    assert resp.status_code == 403 and resp.json()["code"] == "wrong_device"
    assert_learns_nothing(resp, secrets)
    # an event on the victim's request, a request for the victim's office, the victim's
    # citizen id with other content, a record claiming the victim's device
    req = world["request"]
    cit = d.citizen(5)
    ops = [d.op("request_event", d.event(req["id"], "note", {"text": "x"})),
           d.op("citizen", cit),
           d.op("service_request", d.request(cit, office_code="LHR1")),
           d.op("citizen", {**world["citizen"], "device_id": d.device_id, "name": "X"}),
           d.op("citizen", d.citizen(6, device_id=a.device_id))]
    resp = d.push(ops)
    assert resp.status_code == 200
    rejected = {r["op_seq"]: r["code"] for r in resp.json()["rejected"]}
    first = ops[0]["op_seq"]
    assert rejected == {first: "out_of_scope", first + 2: "out_of_scope",
                        first + 3: "conflict", first + 4: "out_of_scope"}
    assert_learns_nothing(resp, secrets)
    # and the victim's records are as they were
    changes, _ = world["new_pc"]("LHR1").pull_all()
    names = [c["record"]["name"] for c in changes if c["kind"] == "citizen"]
    assert names == [CANARY_NAME]
    _rotation_acts_on_the_signer_only(world)
    _enrollment_cannot_take_over_another_device(world)


def _rotation_acts_on_the_signer_only(world):
    a, b = world["a"], world["b"]
    # B's key, A's device id in the header: not A's signature
    resp = rotation(b, device_id=a.device_id)
    assert resp.status_code == 401
    assert_learns_nothing(resp, secrets_of(world))
    assert a.pull().status_code == 200, "A's key still works"


def _enrollment_cannot_take_over_another_device(world):
    from pg import token_for

    a = world["a"]
    intruder = world["new_pc"]("RWP1", enroll=False)
    intruder.device_id = a.device_id  # a fresh key, the victim's id, a valid token
    resp = intruder.enroll(token_for(world["app"], "RWP1"))
    assert resp.status_code == 409 and resp.json()["code"] == "device_exists"
    assert_learns_nothing(resp, secrets_of(world))
    same_office = world["new_pc"]("LHR1", enroll=False)
    same_office.device_id = a.device_id
    resp = same_office.enroll(token_for(world["app"], "LHR1"))
    assert resp.status_code == 409  # a working PC's identity is never taken over
    assert a.pull().status_code == 200


def _public_routes_expose_no_personal_data(world):
    client = world["a"].client
    tracking = world["request"]["tracking_number"]
    paths = {
        "/api/v1/health": None, "/openapi.json": None, "/docs": None,
        "/docs/oauth2-redirect": None, "/redoc": None,
        "/open311/v2/services.json": None,
        "/open311/v2/services/{service_code}.json": "/open311/v2/services/"
                                                    "DOMICILE_CERTIFICATE.json",
        "/open311/v2/requests.json": f"/open311/v2/requests.json?service_request_id="
                                     f"{tracking}",
        "/open311/v2/requests/{service_request_id}.json": f"/open311/v2/requests/"
                                                          f"{tracking}.json",
        "/transparency": "/transparency", "/transparency/kpis.csv": None,
    }
    assert {("GET", p) for p in paths} == set(PUBLIC)
    secrets = secrets_of(world)
    for path, concrete in paths.items():
        resp = client.get(concrete or path)
        assert resp.status_code == 200, (path, resp.text[:200])
        assert_learns_nothing(resp, secrets)
    # the status of the request is public (that is the point), its personal data is not
    one = client.get(paths["/open311/v2/requests/{service_request_id}.json"]).json()
    assert one[0]["service_request_id"] == tracking
