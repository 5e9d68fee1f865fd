"""Strict request schemas (mass assignment), body size limits (also once decompressed:
a gzip bomb), and 429 on the authentication endpoints past a threshold of failures."""

from __future__ import annotations

import base64
import json
import tracemalloc
import zlib

import pytest

from models import signing, wire

pytest_plugins = ("pg",)
# Schemas, body limits and rate limits are the app's, the same on either database:
# SQLite only, to keep the suite short.
pytestmark = pytest.mark.parametrize("server_db_url", ["sqlite"], indirect=True)

EXTRA = "is_admin"
#: Free-form objects inside request bodies, and what checks them instead.
FREE_FORM = {("Op", "record"): "validated per kind by server.ingest's models (extra=forbid)"}


def resolve(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def object_schemas(spec: dict, schema: dict, name: str = "", seen=None):
    """``(name, schema)`` of every object schema reachable from *schema*."""
    seen = set() if seen is None else seen
    if "$ref" in schema:
        ref = schema["$ref"].rsplit("/", 1)[1]
        if ref in seen:
            return
        seen.add(ref)
        yield from object_schemas(spec, resolve(spec, schema), ref, seen)
        return
    if schema.get("type") == "object" or "properties" in schema:
        yield name, schema
        for prop, sub in schema.get("properties", {}).items():
            if (name, prop) in FREE_FORM:
                continue
            yield from object_schemas(spec, sub, f"{name}.{prop}", seen)
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield from object_schemas(spec, schema[key], name, seen)
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        for sub in schema.get(key, []):
            yield from object_schemas(spec, sub, name, seen)


def request_bodies(spec: dict) -> dict[tuple[str, str], dict]:
    return {(method.upper(), path): op["requestBody"]["content"]["application/json"]["schema"]
            for path, item in spec["paths"].items() for method, op in item.items()
            if "requestBody" in op}


def test_every_request_model_forbids_unknown_fields(server_client):
    from server import ingest

    spec = server_client.get("/openapi.json").json()
    bodies = request_bodies(spec)
    assert set(bodies) == set(BUILDERS), "a new request body: add it to BUILDERS below"
    checked = []
    for route, schema in bodies.items():
        for name, obj in object_schemas(spec, schema):
            assert obj.get("additionalProperties") is False, f"{route}: {name} allows extras"
            checked.append(name)
    assert {"EnrollRequest", "RotateKeyRequest", "PushBatch", "Op"} <= set(checked)
    records = [ingest.CitizenIn, ingest.ServiceRequestIn, ingest.RequestEventIn,
               ingest.SurveyResponseIn, ingest.ParadataIn]
    assert all(m.model_config.get("extra") == "forbid" for m in records)


# -- mass assignment: every request body, every object in it, one unknown field ----------

def _enroll(world, extra_at):
    pc = world["new_pc"](enroll=False)
    body = pc.enroll_request(world["token"]())
    if extra_at == "":
        body[EXTRA] = True
    return pc, "/api/v1/devices/enroll", json.dumps(body).encode(), {}


def _rotate(world, extra_at):
    pc = world["pc"]
    new = signing.new_private_key()
    public = signing.public_text(new)
    proof = base64.b64encode(new.sign(wire.rotation_proof_input(pc.device_id, public)))
    body = {"public_key": public, "proof": proof.decode()}
    world["next_key"] = new
    if extra_at == "":
        body[EXTRA] = True
    raw = json.dumps(body).encode()
    return pc, "/api/v1/devices/rotate-key", raw, pc.headers(
        "POST", "/api/v1/devices/rotate-key", raw)


def _push(world, extra_at):
    pc = world["pc"]
    ops, _ = pc.new_request_ops(pc.op_seq)
    body = {"device_id": pc.device_id, "ops": ops}
    if extra_at == "":
        body[EXTRA] = True
    elif extra_at == "ops.1":
        ops[1][EXTRA] = True
    raw = json.dumps(body).encode()
    return pc, "/api/v1/sync/push", raw, pc.headers("POST", "/api/v1/sync/push", raw)


#: (method, path) -> (builder, where an unknown field can go: "" top level, "ops.1" ...)
BUILDERS = {("POST", "/api/v1/devices/enroll"): (_enroll, ["", None]),
            ("POST", "/api/v1/devices/rotate-key"): (_rotate, ["", None]),
            ("POST", "/api/v1/sync/push"): (_push, ["", "ops.1", None])}


def test_mass_assignment_is_refused_with_422_every_time(server_with):
    from pg import token_for

    app, new_pc = server_with(auth_fail_rate=None)  # only the schema answers here
    world = {"pc": new_pc(), "new_pc": new_pc, "token": lambda: token_for(app)}
    attempts = refused = 0
    for route, (build, places) in BUILDERS.items():
        for place in places:
            pc, path, raw, headers = build(world, place)
            resp = pc.client.post(path, content=raw, headers={
                "Content-Type": "application/json", **headers})
            if place is None:  # the same body without the extra field is accepted
                assert resp.status_code == 200, (route, resp.text)
                if path.endswith("rotate-key"):
                    pc.key = world["next_key"]
                continue
            attempts += 1
            where = f"{place}.{EXTRA}" if place else EXTRA
            if resp.status_code == 422:
                refused += 1
            assert resp.status_code == 422, (route, place, resp.text)
            assert resp.json()["code"] == "invalid"
            assert f"'{where}' is not a field the server knows" in resp.json()["detail"]
    assert attempts == refused == 4, "100% of mass-assignment attempts refused"
    # inside a record (the device's own data), the op is refused alone, saying why
    pc = world["pc"]
    ops, _ = pc.new_request_ops(99)
    ops[1]["record"]["office_code_override"] = "KHI1"
    answer = pc.push(ops).json()
    assert [r["code"] for r in answer["rejected"]][:1] == ["invalid"]
    assert "'office_code_override' is not a field of a request record" in \
        answer["rejected"][0]["reason"]


# -- size limits ---------------------------------------------------------------------------

def gzip_bomb(inflated: int) -> bytes:
    """*inflated* bytes of zeros, gzip-compressed (made chunk by chunk: little memory)."""
    packer = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    head = b'{"device_id": "x", "ops": [], "pad": "'
    chunk = b"0" * (1 << 20)
    out = [packer.compress(head)]
    for _ in range(inflated // len(chunk)):
        out.append(packer.compress(chunk))
    out.append(packer.compress(b'"}'))
    out.append(packer.flush())
    return b"".join(out)


def test_gzip_bomb_is_413_without_inflating_it(server_with):
    from server.app import MAX_INFLATED

    _, new_pc = server_with()  # the default limits
    pc = new_pc()
    bomb = gzip_bomb(256 << 20)  # 256 MB once inflated, 4 times the limit
    assert len(bomb) < 1 << 20  # a quarter of a megabyte as sent
    tracemalloc.start()
    try:
        resp = pc.push_raw(bomb, compress=False, headers={"Content-Encoding": "gzip"})
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert resp.status_code == 413 and resp.json()["code"] == "too_large"
    assert "once uncompressed" in resp.json()["detail"]
    # measured a chunk at a time: a few MB, not the bomb's 256 MB, not even the 64 MB limit
    assert peak < 16 << 20, f"peak {peak / 2**20:.0f} MB"
    assert MAX_INFLATED > 32 << 20
    print(f"gzip bomb 256 MB -> {len(bomb)} B sent; peak memory {peak / 2**20:.1f} MB")


def test_bodies_over_the_limit_are_413_declared_or_streamed(server_with):
    _, new_pc = server_with(max_body=64_000)
    pc = new_pc()
    big = json.dumps({"token": "x" * 100_000}).encode()
    resp = pc.client.post("/api/v1/devices/enroll", content=big,
                          headers={"Content-Type": "application/json"})
    assert resp.status_code == 413 and resp.json()["code"] == "too_large"

    def chunks():  # no Content-Length: the limit counts the bytes as they come
        for _ in range(20):
            yield b" " * 10_000

    resp = pc.client.post("/api/v1/sync/push", content=chunks(),
                          headers={"Content-Type": "application/json"})
    assert resp.status_code == 413


# -- 429 on the authentication endpoints ---------------------------------------------------

def test_enrollment_answers_429_past_ten_failures_per_address(server_with):
    from fastapi.testclient import TestClient
    from pg import token_for

    app, new_pc = server_with()  # the default thresholds
    for _ in range(12):  # successes spend nothing: IT can enroll a whole office
        new_pc()
    pc = new_pc(enroll=False)
    answers = [pc.enroll(f"wrong-token-{i:04d}").status_code for i in range(10)]
    assert answers == [401] * 10
    resp = pc.enroll(token_for(app))  # even the right token, from this address, now
    assert resp.status_code == 429 and resp.json()["code"] == "rate_limited"
    assert 1 <= int(resp.headers["retry-after"]) <= 60
    assert "failed attempts" in resp.json()["detail"]
    # another address is not held up
    other = TestClient(app, client=("192.0.2.7", 50000))
    pc.client = other
    assert pc.enroll(token_for(app)).status_code == 200


def test_key_rotation_answers_429_past_ten_failures(server_with):
    _, new_pc = server_with()
    pc = new_pc()
    path = "/api/v1/devices/rotate-key"
    bad = json.dumps({"public_key": signing.public_text(signing.new_private_key()),
                      "proof": base64.b64encode(b"\0" * 64).decode()}).encode()
    codes = [pc.client.post(path, content=bad, headers={
        "Content-Type": "application/json", **pc.headers("POST", path, bad)}).status_code
        for _ in range(11)]
    assert codes == [422] * 10 + [429]
    assert pc.pull().status_code == 200  # sync itself is not an authentication endpoint
