"""Device key rotation: signed by the current key, the old key stops working at once, and
a rotation whose answer was lost can be repeated (server and real client on loopback)."""

from __future__ import annotations

import base64

import httpx
import pytest
from sqlalchemy import text

from models import signing, wire

pytest_plugins = ("pg",)

ROTATE = "/api/v1/devices/rotate-key"


def rotation_body(device_id: str, new_key) -> bytes:
    public = signing.public_text(new_key)
    proof = base64.b64encode(new_key.sign(wire.rotation_proof_input(device_id, public)))
    return wire.RotateKeyRequest(public_key=public, proof=proof.decode()) \
        .model_dump_json().encode()


def rotate(pc, body: bytes, key=None):
    headers = {"Content-Type": "application/json",
               **pc.headers("POST", ROTATE, body, key=key)}
    return pc.client.post(ROTATE, content=body, headers=headers)


def stored_key(app, device_id: str) -> str:
    with app.state.engine.connect() as conn:
        return conn.execute(text("SELECT public_key FROM device WHERE device_id = :d"),
                            {"d": device_id}).scalar_one()


def test_rotation_replaces_the_key_and_the_old_one_stops_working(server_app, new_pc):
    pc, other = new_pc(), new_pc()
    old, new = pc.key, signing.new_private_key()
    body = rotation_body(pc.device_id, new)
    first = rotate(pc, body)
    assert first.status_code == 200, first.text
    assert first.json()["device_id"] == pc.device_id
    assert stored_key(server_app, pc.device_id) == signing.public_text(new)
    # the old key: refused everywhere (pull, push), at once
    assert pc.pull(key=old).status_code == 401
    assert pc.pull(key=old).json()["code"] == "bad_signature"
    pc.key = old
    assert pc.push(pc.new_request_ops(1)[0]).status_code == 401
    pc.key = new
    assert pc.pull().status_code == 200
    assert pc.push(pc.new_request_ops(2)[0]).status_code == 200
    # the answer was lost: the same request, signed again with the old key, gets the same
    # answer and changes nothing
    again = rotate(pc, body, key=old)
    assert again.status_code == 200, again.text
    assert again.json()["rotated_at"] == first.json()["rotated_at"]
    assert stored_key(server_app, pc.device_id) == signing.public_text(new)
    # ...but the old key can do nothing else: not rotate elsewhere, not pull
    elsewhere = rotate(pc, rotation_body(pc.device_id, signing.new_private_key()), key=old)
    assert elsewhere.status_code == 401
    assert stored_key(server_app, pc.device_id) == signing.public_text(new)
    assert pc.pull(key=old).status_code == 401
    # another device is untouched
    assert other.pull().status_code == 200
    # a second rotation retires the first old key for good (no retry with it any more)
    newer = signing.new_private_key()
    assert rotate(pc, rotation_body(pc.device_id, newer), key=new).status_code == 200
    assert rotate(pc, body, key=old).status_code == 401
    assert rotate(pc, rotation_body(pc.device_id, newer), key=new).status_code == 200
    assert pc.pull(key=newer).status_code == 200


def test_rotation_refusals(server_app, new_pc):
    from server import admin

    pc = new_pc()
    # the new key must prove itself: a proof made by another key is refused
    impostor = signing.new_private_key()
    public = signing.public_text(signing.new_private_key())
    proof = base64.b64encode(impostor.sign(wire.rotation_proof_input(pc.device_id, public)))
    bad = rotate(pc, wire.RotateKeyRequest(public_key=public, proof=proof.decode())
                 .model_dump_json().encode())
    assert bad.status_code == 422 and bad.json()["code"] == "bad_proof"
    # the same key again is no rotation
    same = rotate(pc, rotation_body(pc.device_id, pc.key))
    assert same.status_code == 422 and same.json()["code"] == "same_key"
    # a proof for another device does not transfer
    other = new_pc()
    stolen = rotate(pc, rotation_body(other.device_id, signing.new_private_key()))
    assert stolen.status_code == 422
    # unsigned, and signed by a key the server never knew
    assert pc.client.post(ROTATE, content=rotation_body(pc.device_id, impostor),
                          headers={"Content-Type": "application/json"}).status_code == 401
    assert rotate(pc, rotation_body(pc.device_id, impostor), key=impostor).status_code == 401
    # revoked: no rotation (a thief cannot swap in a key of their own)
    admin.revoke_device(server_app.state.engine, pc.device_id)
    revoked = rotate(pc, rotation_body(pc.device_id, signing.new_private_key()))
    assert revoked.status_code == 401 and revoked.json()["code"] == "revoked"
    assert stored_key(server_app, pc.device_id) == pc.public_key


# -- the real client and CLI against the real server on loopback -------------------------

class LoseRotationRequest(httpx.HTTPTransport):
    """Fault injection: the rotation request never reaches the server."""

    def handle_request(self, request):
        if request.url.path == ROTATE:
            raise httpx.ConnectError("network down", request=request)
        return super().handle_request(request)


class LoseRotationAnswer(httpx.HTTPTransport):
    """Fault injection: the rotation request reaches the server, then the connection is
    cut before the answer arrives (the client sees a read error)."""

    def __init__(self) -> None:
        super().__init__()
        self.armed = True

    def handle_request(self, request):
        response = super().handle_request(request)
        if self.armed and request.url.path == ROTATE:
            self.armed = False
            response.read()
            response.close()
            raise httpx.ReadError("connection cut before the answer", request=request)
        return response


@pytest.fixture
def live(tmp_path, memory_keyring):
    from test_sync_e2e import LiveServer

    from server.app import create_app

    app = create_app(f"sqlite:///{tmp_path}/server.sqlite3")
    try:
        with LiveServer(app) as server:
            yield server
    finally:
        app.state.engine.dispose()


@pytest.fixture
def enrolled_pc(tmp_path, live):
    import people
    from server import admin
    from store.store import Store
    from sync.client import enroll

    pc = Store.open(tmp_path / "pc")
    people.seed(pc)
    enroll(live.url, admin.create_token(live.app.state.engine, "LHR1"), pc)
    yield pc
    pc.close()


def test_cli_rotate_key_then_sync(live, enrolled_pc, tmp_path, memory_keyring, capsys):
    from test_sync_engine import parse

    from conftest import register
    from sync import credentials

    device_id = enrolled_pc.device().device_id
    before = signing.public_text(credentials.find_key(device_id))
    register(enrolled_pc, 1)
    args = parse(["--data-dir", str(tmp_path / "pc"), "sync", "rotate-key"])
    assert args.func(args) == 0
    assert "New device key in use" in capsys.readouterr().out
    after = signing.public_text(credentials.find_key(device_id))
    assert after != before
    assert stored_key(live.app, device_id) == after
    assert credentials.find_pending(device_id) is None
    device_secrets = {k for k in memory_keyring.secrets if k[0] == "daftar"}
    assert device_secrets == {("daftar", device_id)}  # no pending key left
    args = parse(["--data-dir", str(tmp_path / "pc"), "sync"])
    assert args.func(args) == 0
    assert "pushed:       3" in capsys.readouterr().out


def test_lost_rotation_answer_is_finished_by_a_retry_or_by_the_next_sync(live, enrolled_pc):
    from conftest import register
    from sync import credentials
    from sync.client import rotate_key
    from sync.engine import SyncEngine
    from sync.errors import NoConnection

    device_id = enrolled_pc.device().device_id
    old = signing.public_text(credentials.find_key(device_id))

    # 1. lost answer, then `rotate-key` again: the same new key, the same rotation
    lose = LoseRotationAnswer()
    with pytest.raises(NoConnection):
        rotate_key(enrolled_pc, transport=lose)
    pending = signing.public_text(credentials.find_pending(device_id))
    assert stored_key(live.app, device_id) == pending, "the server took the new key"
    assert signing.public_text(credentials.find_key(device_id)) == old, "not promoted yet"
    answer = rotate_key(enrolled_pc)
    assert answer.device_id == device_id
    assert signing.public_text(credentials.find_key(device_id)) == pending
    assert credentials.find_pending(device_id) is None
    assert stored_key(live.app, device_id) == pending

    # 2. lost answer, then an ordinary sync round: it finishes the rotation first
    register(enrolled_pc, 1)
    with pytest.raises(NoConnection):
        rotate_key(enrolled_pc, transport=LoseRotationAnswer())
    second = signing.public_text(credentials.find_pending(device_id))
    assert stored_key(live.app, device_id) == second
    report = SyncEngine(enrolled_pc).run_once()
    assert report.error is None, report.error
    assert report.pushed == 3 and report.pending == 0
    assert signing.public_text(credentials.find_key(device_id)) == second
    assert credentials.find_pending(device_id) is None

    # 3. the request itself was lost: nothing changed on the server; the retry rotates to
    #    the key kept as pending
    with pytest.raises(NoConnection):
        rotate_key(enrolled_pc, transport=LoseRotationRequest())
    third = signing.public_text(credentials.find_pending(device_id))
    assert stored_key(live.app, device_id) == second
    rotate_key(enrolled_pc)
    assert stored_key(live.app, device_id) == third
    assert signing.public_text(credentials.find_key(device_id)) == third
    assert SyncEngine(enrolled_pc).run_once().error is None
