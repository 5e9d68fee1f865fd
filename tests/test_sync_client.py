"""The sync client's HTTP side and the device key, without a real server.

``httpx.MockTransport`` is used here ONLY for unit checks of what the client sends and
how it reads answers (signature, gzip, error words, the clock-skew retry, enrollment
retry); behaviour against the real server is tested end to end in ``test_sync_e2e.py``.

The OS keyring cannot run in the test environment (no desktop session, no secret
service), so it is replaced by :class:`MemoryKeyring`, set with ``keyring.set_keyring``.
"""

from __future__ import annotations

import gzip
import json
import ssl
import time

import httpx
import keyring
import keyring.backend
import keyring.errors
import pytest
from keyring.backends import fail

from models import signing, wire
from store import sync_ops
from sync import client as client_mod
from sync import credentials
from sync.client import SyncClient, check_server_url, enroll
from sync.credentials import MemoryKeyring
from sync.errors import (
    ClockSkew,
    InsecureServer,
    MissingCredential,
    NoConnection,
    NoKeyring,
    NotAuthorized,
    Refused,
    Revoked,
    ServerError,
)


class BrokenKeyring(MemoryKeyring):
    """A backend that exists but fails (locked wallet, D-Bus gone)."""

    def get_password(self, service, username):
        raise keyring.errors.KeyringLocked("the wallet is locked")

    def set_password(self, service, username, password):
        raise keyring.errors.PasswordSetError("the wallet is locked")


@pytest.fixture
def no_keyring():
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


DEVICE = "0190f000-0000-7000-8000-000000000001"


def server_now() -> int:
    return int(time.time() * 1000)


# -- addresses and TLS ------------------------------------------------------------------
@pytest.mark.parametrize("url", ["https://daftar.example.pk", "https://10.0.0.5:8443/",
                                 "http://127.0.0.1:8765", "http://localhost:8765/",
                                 "http://[::1]:8765", "http://127.0.0.2"])
def test_https_anywhere_and_http_to_loopback_allowed(url):
    assert check_server_url(url) == url.rstrip("/")


@pytest.mark.parametrize("url", ["http://daftar.example.pk", "http://10.0.0.5:8765",
                                 "http://192.168.1.10", "http://localhost.evil.pk"])
def test_plain_http_to_another_machine_needs_the_explicit_flag(url):
    with pytest.raises(InsecureServer, match="https://"):
        check_server_url(url)
    assert check_server_url(url, allow_insecure=True) == url


@pytest.mark.parametrize("url", ["", "daftar.example.pk", "ftp://x.pk", "file:///etc/passwd"])
def test_not_a_server_address(url):
    with pytest.raises(InsecureServer, match="not a server address"):
        check_server_url(url, allow_insecure=True)


def test_one_verifying_tls_context_from_certifi():
    ctx = client_mod.tls_context()
    assert ctx is client_mod.tls_context()
    assert ctx.verify_mode == ssl.CERT_REQUIRED and ctx.check_hostname
    assert ctx.get_ca_certs()  # certifi's bundle is loaded


# -- the device key ---------------------------------------------------------------------
def test_no_keyring_is_a_clear_error(no_keyring):
    assert not credentials.keyring_available()
    with pytest.raises(NoKeyring, match="no safe password store") as err:
        credentials.key_for_enrollment(DEVICE)
    assert "never writes it to a file" in str(err.value)
    with pytest.raises(NoKeyring):
        credentials.load_key(DEVICE)


def test_a_failing_keyring_is_a_clear_error():
    before = keyring.get_keyring()
    keyring.set_keyring(BrokenKeyring())
    try:
        with pytest.raises(NoKeyring, match="locked"):
            credentials.key_for_enrollment(DEVICE)
    finally:
        keyring.set_keyring(before)


def test_a_typed_key_works_without_keyring(no_keyring):
    text = credentials.new_key_text()
    key = credentials.key_for_enrollment(DEVICE, supplied=text)
    assert signing.private_to_text(key) == text
    assert signing.private_to_text(credentials.load_key(DEVICE, supplied=text)) == text
    with pytest.raises(MissingCredential, match="not valid"):
        credentials.load_key(DEVICE, supplied="not a key")


def test_key_lives_in_the_keyring_and_is_reused(memory_keyring):
    key = credentials.key_for_enrollment(DEVICE)
    assert list(memory_keyring.secrets) == [("daftar", DEVICE)]
    again = credentials.key_for_enrollment(DEVICE)
    assert signing.public_text(again) == signing.public_text(key)
    assert signing.public_text(credentials.load_key(DEVICE)) == signing.public_text(key)
    credentials.forget(DEVICE)
    with pytest.raises(MissingCredential, match="enroll this PC again"):
        credentials.load_key(DEVICE)


# -- requests and answers (MockTransport: parsing and signing only) --------------------
def signed_by(key, request: httpx.Request) -> bool:
    return signing.verify(signing.public_text(key), request.headers[signing.HEADER_SIGNATURE],
                          request.method, request.url.raw_path.decode(),
                          int(request.headers[signing.HEADER_TIME]), request.content)


def test_push_is_gzip_and_signed_over_the_bytes_sent():
    key = signing.new_private_key()
    seen = []

    def handler(request):
        seen.append(request)
        assert request.headers["content-encoding"] == "gzip"
        assert signed_by(key, request)
        batch = wire.PushBatch.model_validate_json(gzip.decompress(request.content))
        return httpx.Response(200, json={"accepted": [batch.ops[0].record["id"]],
                                         "already_held": [], "rejected": [],
                                         "server_time": server_now()})

    batch = wire.PushBatch(device_id=DEVICE, ops=[wire.Op(op_seq=1, kind="citizen",
                                                          record={"id": "c1"})])
    with SyncClient("http://127.0.0.1:9", device_id=DEVICE, key=key,
                    transport=httpx.MockTransport(handler)) as c:
        answer = c.push(batch)
    assert answer.accepted == ["c1"]
    assert seen[0].headers[signing.HEADER_DEVICE] == DEVICE


def test_pull_signs_path_and_query():
    key = signing.new_private_key()

    def handler(request):
        assert request.url.raw_path == b"/api/v1/sync/pull?cursor=41&limit=7"
        assert signed_by(key, request)
        return httpx.Response(200, json={"changes": [], "next_cursor": 41, "more": False,
                                         "server_time": server_now()})

    with SyncClient("http://localhost:9", device_id=DEVICE, key=key,
                    transport=httpx.MockTransport(handler)) as c:
        page = c.pull(41, 7)
    assert (page.next_cursor, page.more) == (41, False)


def test_clock_skew_is_learnt_and_retried_once():
    key = signing.new_private_key()
    ahead = 3_600_000  # the server's clock is an hour ahead of this PC's
    calls = []

    def handler(request):
        calls.append(int(request.headers[signing.HEADER_TIME]))
        server_time = server_now() + ahead
        if abs(calls[-1] - server_time) > signing.MAX_SKEW_MS:
            return httpx.Response(401, json={"code": "clock_skew", "detail": "clock"},
                                  headers={signing.HEADER_TIME: str(server_time)})
        return httpx.Response(200, json={"changes": [], "next_cursor": 0, "more": False,
                                         "server_time": server_time})

    with SyncClient("http://127.0.0.1:9", device_id=DEVICE, key=key,
                    transport=httpx.MockTransport(handler)) as c:
        c.pull(0)
        assert len(calls) == 2
        assert abs(c.clock_offset_ms - ahead) < 5_000
        c.pull(0)  # signed right the first time now
        assert len(calls) == 3


def test_clock_skew_that_persists_is_reported():
    def handler(request):
        return httpx.Response(401, json={"code": "clock_skew", "detail": "clock"},
                              headers={signing.HEADER_TIME: str(server_now())})

    with SyncClient("http://127.0.0.1:9", device_id=DEVICE, key=signing.new_private_key(),
                    transport=httpx.MockTransport(handler)) as c, \
            pytest.raises(ClockSkew, match="date or time"):
        c.pull(0)


@pytest.mark.parametrize("status,body,error,words", [
    (401, {"code": "revoked", "detail": "revoked"}, Revoked, "revoked by the central admin"),
    (401, {"code": "unknown_device", "detail": "unknown device"}, NotAuthorized,
     "unknown device"),
    (502, "<html>Bad Gateway</html>", ServerError, "error 502"),
    (503, {"code": "busy", "detail": "busy"}, ServerError, "busy"),
    (403, {"detail": {"code": "out_of_scope", "detail": "not your office"}}, Refused,
     "not your office"),
    (200, {"unexpected": True}, ServerError, "could not be read"),
])
def test_error_answers_in_plain_words(status, body, error, words):
    def handler(request):
        if isinstance(body, str):
            return httpx.Response(status, text=body)
        return httpx.Response(status, json=body)

    with SyncClient("http://127.0.0.1:9", device_id=DEVICE, key=signing.new_private_key(),
                    transport=httpx.MockTransport(handler)) as c, \
            pytest.raises(error, match=words):
        c.pull(0)


@pytest.mark.parametrize("exc", [httpx.ConnectError("refused"), httpx.ReadTimeout("slow"),
                                 httpx.RemoteProtocolError("cut")])
def test_transport_failures_are_no_connection(exc):
    def handler(request):
        raise exc

    with SyncClient("http://127.0.0.1:9", transport=httpx.MockTransport(handler)) as c, \
            pytest.raises(NoConnection, match="No connection to the server"):
        c.health()


def test_real_connection_refused_is_no_connection():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nobody listens there
    with SyncClient(f"http://127.0.0.1:{port}") as c, pytest.raises(NoConnection):
        c.health()


# -- enrollment -------------------------------------------------------------------------
def enroll_answer(request, device_number=3, office="LHR1"):
    body = wire.EnrollRequest.model_validate_json(request.content)
    return httpx.Response(200, json={"device_id": body.device_id, "office_code": office,
                                     "district_id": "PK617", "device_number": device_number,
                                     "server_time": server_now()})


def test_enroll_stores_the_key_first_and_is_retry_safe(store, memory_keyring):
    seen: list[wire.EnrollRequest] = []

    def handler(request):
        body = wire.EnrollRequest.model_validate_json(request.content)
        # The key is in the keyring before the server hears of it.
        stored = memory_keyring.get_password("daftar", body.device_id)
        assert signing.public_text(signing.private_from_text(stored)) == body.public_key
        seen.append(body)
        if len(seen) == 1:
            raise httpx.ReadTimeout("the answer was lost")  # the server did enroll it
        return enroll_answer(request)

    transport = httpx.MockTransport(handler)
    with pytest.raises(NoConnection):
        enroll("http://127.0.0.1:9", "token-123456", store, transport=transport)
    assert not sync_ops.sync_info(store).enrolled
    answer = enroll("http://127.0.0.1:9", "token-123456", store, transport=transport)
    assert answer.device_number == 3
    first, second = seen
    assert first.device_id == second.device_id == store.device().device_id
    assert first.public_key == second.public_key
    assert first.token == second.token
    info = sync_ops.sync_info(store)
    assert (info.enrolled, info.office_code, info.district_id, info.device_number) == \
        (True, "LHR1", "PK617", 3)
    assert store.device().device_number == 3
    assert len(memory_keyring.secrets) == 1


def test_enroll_refused_token_in_plain_words(store, memory_keyring):
    def handler(request):
        return httpx.Response(403, json={"code": "bad_token",
                                         "detail": "This token was already used."})

    with pytest.raises(Refused, match="refused the enrollment: This token was already used"):
        enroll("http://127.0.0.1:9", "token-123456", store,
               transport=httpx.MockTransport(handler))
    assert not sync_ops.sync_info(store).enrolled


def test_enroll_insecure_address_refused_before_anything(store, memory_keyring):
    with pytest.raises(InsecureServer):
        enroll("http://daftar.example.pk", "token-123456", store)
    assert memory_keyring.secrets == {}


def test_enroll_without_keyring_uses_the_typed_key(store, no_keyring):
    text = credentials.new_key_text()
    keys = []

    def handler(request):
        keys.append(wire.EnrollRequest.model_validate_json(request.content).public_key)
        return enroll_answer(request)

    enroll("http://127.0.0.1:9", "token-123456", store, supplied_key=text,
           transport=httpx.MockTransport(handler))
    assert keys == [signing.public_text(signing.private_from_text(text))]
    # Nothing about the key was written to the database.
    raw = (store.folder / "daftar.sqlite3").read_bytes()
    assert text.encode() not in raw


def test_enroll_for_another_office_than_the_records(store, memory_keyring):
    from conftest import register
    from sync.errors import WrongOffice

    register(store, 1)
    with pytest.raises(WrongOffice, match="office LHR1"):
        enroll("http://127.0.0.1:9", "token-123456", store,
               transport=httpx.MockTransport(lambda r: enroll_answer(r, office="KHI1")))


def test_health_parses_and_learns_the_clock():
    def handler(request):
        assert signing.HEADER_SIGNATURE not in request.headers  # health is not signed
        return httpx.Response(200, json={"status": "ok", "protocol": 1,
                                         "server_time": server_now() - 60_000})

    with SyncClient("http://127.0.0.1:9", transport=httpx.MockTransport(handler)) as c:
        assert c.health().protocol == wire.PROTOCOL
        assert -65_000 < c.clock_offset_ms < -55_000


def test_problem_reading_is_lenient():
    r = httpx.Response(401, json={"code": "revoked", "detail": "gone", "server_time": 5})
    assert client_mod._problem(r).code == "revoked"
    assert client_mod._problem(httpx.Response(500, text="oops")).code == "http_500"
    assert json.loads(client_mod._problem(httpx.Response(422, json={"detail": [1]}))
                      .model_dump_json())["code"] == "http_422"


def test_the_in_memory_keyring_is_never_picked_by_itself():
    """A PC without an OS keyring must be asked for the device key, not keep it in a dict
    that is gone at exit: keyring must never choose MemoryKeyring on its own."""
    import keyring.backend

    assert not MemoryKeyring.viable
    assert not any(isinstance(k, MemoryKeyring) for k in keyring.backend.get_all_keyring())
    assert "in memory" in str(MemoryKeyring())
