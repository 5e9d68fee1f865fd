"""The HTTP side of sync: one signed, verified connection to the central server.

Speaks :mod:`models.wire` exactly. Rules kept here:

* **TLS is verified** against certifi's bundle through one :func:`tls_context`; plain
  ``http://`` is allowed only to this PC (loopback) or with an explicit
  ``allow_insecure=True`` (``daftar enroll --insecure``).
* **Every device request is signed** with the device key (:mod:`models.signing`) over the
  exact bytes sent (for a push: the gzip bytes), at this PC's clock corrected by the
  offset learnt from the server's answers. A ``401 clock_skew`` makes the client learn
  the server's time and try once more.
* **Errors become** :mod:`sync.errors` classes with plain-words messages.

>>> with SyncClient("https://daftar.example.pk", device_id=d, key=k) as c:  # doctest: +SKIP
...     page = c.pull(cursor=0, limit=500)
"""

from __future__ import annotations

import base64
import contextlib
import email.utils
import gzip
import ipaddress
import json
import logging
import ssl
import threading
import time
from typing import TypeVar
from urllib.parse import urlsplit

import certifi
import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import BaseModel, ValidationError

from models import signing, wire
from models.i18n import N_
from sync import credentials
from sync.errors import (
    CTX,
    CertificateError,
    ClockSkew,
    InsecureServer,
    NoConnection,
    NotAuthorized,
    Refused,
    Revoked,
    ServerError,
    SyncError,
    WrongOffice,
)

log = logging.getLogger(__name__)

HEALTH = "/api/v1/health"
ENROLL = "/api/v1/devices/enroll"
PUSH = "/api/v1/sync/push"
PULL = "/api/v1/sync/pull"
ROTATE = "/api/v1/devices/rotate-key"
#: Slow links: a 2 MB batch at 64 kbit/s takes minutes, so reads and writes wait long.
TIMEOUT = httpx.Timeout(connect=20.0, read=120.0, write=120.0, pool=10.0)
USER_AGENT = "daftar-sync/1"
LOOPBACK_NAMES = ("localhost",)

_tls_lock = threading.Lock()
_tls: ssl.SSLContext | None = None
M = TypeVar("M", bound=BaseModel)


def tls_context() -> ssl.SSLContext:
    """The one TLS context of the sync client: certificate and host name verified against
    the certifi bundle (also inside the frozen build, whatever the PC's own store holds)."""
    global _tls
    with _tls_lock:
        if _tls is None:
            _tls = ssl.create_default_context(cafile=certifi.where())
        return _tls


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_server_url(url: str, *, allow_insecure: bool = False) -> str:
    """The server address, normalised (no trailing slash); refuses plain HTTP to another
    machine unless *allow_insecure*, and anything that is not HTTP(S)."""
    raw = (url or "").strip()
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InsecureServer(N_(CTX, "\"{url}\" is not a server address. It should look like "
                                     "https://daftar.example.gov.pk"), url=raw)
    if parts.scheme == "http" and not allow_insecure and not is_loopback(parts.hostname):
        raise InsecureServer(N_(CTX, "The server address must start with https:// so that "
                                     "nobody on the way can read or change the records. "
                                     "(Plain http:// is allowed only to this PC, or with "
                                     "--insecure for testing.)"))
    return raw.rstrip("/")


def _problem(response: httpx.Response) -> wire.Problem:
    """The machine code and words of an error answer, read leniently: a ``Problem`` (the
    server may add fields such as ``server_time``), FastAPI's ``{"detail": ...}``, or text."""
    code, detail = f"http_{response.status_code}", response.reason_phrase
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        body = None
    if isinstance(body, dict):
        inner = body.get("detail")
        if "code" in body:
            code, detail = str(body["code"]), str(inner or "")
        elif isinstance(inner, dict) and "code" in inner:
            code, detail = str(inner["code"]), str(inner.get("detail", ""))
        elif inner is not None:
            detail = str(inner)
    return wire.Problem(code=code, detail=detail)


def _error_for(response: httpx.Response, *, enrolling: bool = False) -> SyncError:
    status = response.status_code
    problem = _problem(response)
    if status == 401:
        if problem.code == "revoked":
            return Revoked(N_(CTX, "This PC was revoked by the central admin and can no longer "
                                   "sync. Its records stay on this PC; ask IT to enroll it "
                                   "again."))
        if problem.code == "clock_skew":
            return ClockSkew(N_(CTX, "This PC's date or time is wrong, so the server refuses "
                                     "it. Set the correct date and time, then sync again."))
        return NotAuthorized(N_(CTX, "The server does not accept this PC ({detail}). Ask IT to "
                                     "enroll it again."), detail=problem.detail or problem.code)
    if status in (429, 503):
        return ServerError(N_(CTX, "The server is busy. Sync will try again shortly."))
    if status >= 500:
        return ServerError(N_(CTX, "The server had a problem (error {status}). Records stay on "
                                   "this PC and are sent on the next try."), status=status)
    if enrolling:
        err: SyncError = Refused(N_(CTX, "The server refused the enrollment: {detail}"),
                                 detail=problem.detail or problem.code)
    else:
        err = Refused(N_(CTX, "The server refused the request: {detail}"),
                      detail=problem.detail or problem.code)
    err.status = status  # type: ignore[attr-defined]
    err.code = problem.code  # type: ignore[attr-defined]
    return err


def _transport_error(exc: httpx.TransportError) -> SyncError:
    text = str(exc)
    if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text.lower():
        return CertificateError(N_(CTX, "The server's certificate could not be verified, so "
                                        "nothing was sent. Check the server address, the PC's "
                                        "date, or ask IT."))
    log.info("no connection: %s: %s", type(exc).__name__, text)
    return NoConnection()


class SyncClient:
    """One connection to the central server for this device (a context manager)."""

    def __init__(self, server_url: str, *, device_id: str | None = None,
                 key: Ed25519PrivateKey | None = None, clock_offset_ms: int = 0,
                 allow_insecure: bool = False, transport: httpx.BaseTransport | None = None,
                 timeout: httpx.Timeout = TIMEOUT) -> None:
        self.base_url = check_server_url(server_url, allow_insecure=allow_insecure)
        self.device_id = device_id
        self.key = key
        self.clock_offset_ms = clock_offset_ms
        local = is_loopback(urlsplit(self.base_url).hostname or "")
        if transport is None:
            # One retry of a failed connect; a request that was sent is never repeated
            # here (the engine decides, and resending is harmless anyway).
            transport = httpx.HTTPTransport(verify=tls_context(), retries=1)
        self._http = httpx.Client(base_url=self.base_url, transport=transport,
                                  verify=tls_context(), timeout=timeout,
                                  trust_env=not local,  # no proxy between us and loopback
                                  headers={"User-Agent": USER_AGENT})

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- clock ----------------------------------------------------------------------------
    def now_ms(self) -> int:
        """This PC's clock corrected by the offset learnt from the server."""
        return int(time.time() * 1000) + self.clock_offset_ms

    def learn_time(self, server_time_ms: int, sent_at: float, received_at: float) -> None:
        """Take the server's clock as read halfway through the exchange."""
        midpoint_ms = int((sent_at + received_at) * 500)
        self.clock_offset_ms = int(server_time_ms) - midpoint_ms

    def _learn_from_answer(self, response: httpx.Response, sent_at: float,
                           received_at: float) -> bool:
        server_ms = None
        header = response.headers.get(signing.HEADER_TIME)
        if header and header.strip().isdigit():
            server_ms = int(header)
        if server_ms is None:
            try:
                body = response.json()
                value = body.get("server_time") if isinstance(body, dict) else None
                if isinstance(value, int):
                    server_ms = value
            except (json.JSONDecodeError, UnicodeDecodeError):
                pass
        if server_ms is None and response.headers.get("date"):
            with contextlib.suppress(TypeError, ValueError):
                server_ms = int(email.utils.parsedate_to_datetime(
                    response.headers["date"]).timestamp() * 1000)
        if server_ms is None:
            return False
        self.learn_time(server_ms, sent_at, received_at)
        return True

    # -- requests -------------------------------------------------------------------------
    def _send(self, method: str, path: str, *, params: dict | None = None,
              content: bytes | None = None, headers: dict | None = None,
              signed: bool = True, enrolling: bool = False) -> tuple[httpx.Response, float,
                                                                     float]:
        for attempt in (1, 2):
            request = self._http.build_request(method, path, params=params, content=content,
                                               headers=headers)
            if signed:
                self._sign(request, content or b"")
            sent_at = time.time()
            try:
                response = self._http.send(request)
            except httpx.TransportError as exc:
                raise _transport_error(exc) from exc
            received_at = time.time()
            if response.status_code == 401 and signed and attempt == 1 \
                    and _problem(response).code == "clock_skew" \
                    and (self._learn_from_answer(response, sent_at, received_at)
                         or self._learn_from_health()):
                log.info("clock offset corrected to %d ms; signing again",
                         self.clock_offset_ms)
                continue
            if response.status_code >= 400:
                raise _error_for(response, enrolling=enrolling)
            return response, sent_at, received_at
        raise AssertionError("unreachable")

    def _learn_from_health(self) -> bool:
        try:
            self.health()
        except SyncError:
            return False
        return True

    def _sign(self, request: httpx.Request, body: bytes) -> None:
        if self.key is None or self.device_id is None:
            raise NotAuthorized(N_(CTX, "This PC has no device key loaded ({detail})."),
                                detail="not enrolled")
        path_qs = request.url.raw_path.decode("ascii")
        moment = self.now_ms()
        request.headers[signing.HEADER_DEVICE] = self.device_id
        request.headers[signing.HEADER_TIME] = str(moment)
        request.headers[signing.HEADER_SIGNATURE] = signing.sign(
            self.key, request.method, path_qs, moment, body)

    def _parse(self, model: type[M], response: httpx.Response, sent_at: float,
               received_at: float) -> M:
        try:
            answer = model.model_validate_json(response.content)
        except ValidationError as exc:
            log.error("unreadable %s from %s: %s", model.__name__, response.url, exc)
            raise ServerError(N_(CTX, "The server's answer could not be read (is the address "
                                      "right, and the server up to date?). Records stay on "
                                      "this PC.")) from None
        server_time = getattr(answer, "server_time", None)
        if isinstance(server_time, int):
            self.learn_time(server_time, sent_at, received_at)
        return answer

    # -- the protocol ---------------------------------------------------------------------
    def health(self) -> wire.Health:
        """``GET /api/v1/health``: a cheap probe that the server is reachable."""
        return self._parse(wire.Health, *self._send("GET", HEALTH, signed=False))

    def enroll(self, request: wire.EnrollRequest) -> wire.EnrollResponse:
        body = request.model_dump_json().encode()
        return self._parse(wire.EnrollResponse, *self._send(
            "POST", ENROLL, content=body, headers={"Content-Type": "application/json"},
            signed=False, enrolling=True))

    def push_raw(self, body_json: bytes) -> tuple[wire.PushResult, int]:
        """Push a ``PushBatch`` already encoded as JSON; gzip-compressed on the wire.
        Returns the server's answer and the bytes sent."""
        compressed = gzip.compress(body_json, compresslevel=6)
        answer = self._parse(wire.PushResult, *self._send(
            "POST", PUSH, content=compressed,
            headers={"Content-Type": "application/json", "Content-Encoding": "gzip"}))
        return answer, len(compressed)

    def push(self, batch: wire.PushBatch) -> wire.PushResult:
        return self.push_raw(batch.model_dump_json().encode())[0]

    def rotate_key(self, new_key: Ed25519PrivateKey) -> wire.RotateKeyResponse:
        """Ask the server to replace this device's key (signed with the current one)."""
        public = signing.public_text(new_key)
        proof = base64.b64encode(new_key.sign(
            wire.rotation_proof_input(self.device_id or "", public))).decode()
        body = wire.RotateKeyRequest(public_key=public, proof=proof).model_dump_json().encode()
        return self._parse(wire.RotateKeyResponse, *self._send(
            "POST", ROTATE, content=body, headers={"Content-Type": "application/json"}))

    def pull(self, cursor: int, limit: int = 500) -> wire.PullPage:
        return self._parse(wire.PullPage, *self._send(
            "GET", PULL, params={"cursor": cursor, "limit": limit}))


def enroll(server_url: str, token: str, store, *, allow_insecure: bool = False,
           supplied_key: str | None = None, device_name: str = "",
           transport: httpx.BaseTransport | None = None) -> wire.EnrollResponse:
    """Enroll this PC with a one-time token from the central admin.

    The device id is the store's own; its key is created and stored in the keyring
    *before* the server is asked. Running it again with the same token after a lost
    answer reuses the same id and key, which the server accepts. What the server assigned
    (office, district, device number) is saved in one transaction; tracking numbers use
    the assigned device number from then on.
    """
    from store import sync_ops

    url = check_server_url(server_url, allow_insecure=allow_insecure)
    device_id = store.device().device_id
    key = credentials.key_for_enrollment(device_id, supplied_key)
    request = wire.EnrollRequest(token=token.strip(), device_id=device_id,
                                 public_key=signing.public_text(key),
                                 device_name=device_name[:100])
    with SyncClient(url, device_id=device_id, key=key, allow_insecure=allow_insecure,
                    transport=transport) as client:
        answer = client.enroll(request)
        offset = client.clock_offset_ms
    if answer.device_id != device_id:
        raise ServerError(N_(CTX, "The server enrolled another device id than this PC's. "
                                  "Nothing was changed here; ask IT."))
    try:
        sync_ops.save_enrollment(store, server_url=url, office_code=answer.office_code,
                                 district_id=answer.district_id,
                                 device_number=answer.device_number,
                                 allow_insecure=allow_insecure)
    except sync_ops.OfficeMismatch as exc:
        raise WrongOffice(N_(CTX, "This PC already holds requests of office {local}, but the "
                                  "token is for office {server}. Ask the central admin for a "
                                  "token for {local}."), local=exc.local,
                          server=exc.server) from None
    sync_ops.update_sync_state(store, clock_offset_ms=offset)
    return answer


def rotate_key(store, *, transport: httpx.BaseTransport | None = None
               ) -> wire.RotateKeyResponse:
    """Give this PC a new device key (``daftar sync rotate-key``).

    The new key is kept in the keyring (as pending) *before* the server is asked, and the
    request is signed with the current key. When the answer is lost, the server may or may
    not hold the new key; running this again sends the same request (same new key, signed
    with the old one), which the server answers the same way in both cases. Only then does
    the new key replace the old one here. A sync round finishes a pending rotation first
    (:func:`finish_rotation`), so a lost answer never locks the PC out.
    """
    from store import sync_ops
    from sync.errors import NotEnrolled

    info = sync_ops.sync_info(store)
    if not info.enrolled or not info.server_url:
        raise NotEnrolled()
    current = credentials.load_key(info.device_id)
    pending = credentials.find_pending(info.device_id)
    if pending is not None and signing.public_text(pending) == signing.public_text(current):
        credentials.forget(info.device_id + credentials.PENDING_SUFFIX)  # finished before
    pending = credentials.pending_for_rotation(info.device_id)
    return _rotate(store, info, current, pending, transport)


def _rotate(store, info, current: Ed25519PrivateKey, pending: Ed25519PrivateKey,
            transport) -> wire.RotateKeyResponse:
    from store import sync_ops

    with SyncClient(info.server_url, device_id=info.device_id, key=current,
                    clock_offset_ms=info.clock_offset_ms, allow_insecure=info.allow_insecure,
                    transport=transport) as client:
        answer = client.rotate_key(pending)
        offset = client.clock_offset_ms
    credentials.promote_pending(info.device_id, pending)
    sync_ops.update_sync_state(store, clock_offset_ms=offset)
    log.info("device key rotated (server time of the rotation %s)", answer.rotated_at)
    return answer


def finish_rotation(store, info, *, transport: httpx.BaseTransport | None = None) -> bool:
    """Finish a key rotation whose answer was lost (a pending key in the keyring); True if
    one was finished. Called before a sync round signs anything."""
    pending = credentials.find_pending(info.device_id)
    if pending is None:
        return False
    current = credentials.find_key(info.device_id)
    if current is None or signing.public_text(current) == signing.public_text(pending):
        credentials.promote_pending(info.device_id, pending)
        return True
    _rotate(store, info, current, pending, transport)
    return True
