"""Security headers on every answer, and a per-client rate limit (both pure ASGI).

:class:`SecurityHeaders` adds to every HTTP response:

* ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY``,
  ``Referrer-Policy: no-referrer``;
* ``Content-Security-Policy``: for HTML (the public ``/transparency`` page, which has one
  inline ``<style>`` block and no script) :data:`CSP_HTML`; for everything else (JSON, CSV)
  :data:`CSP_DATA` (``default-src 'none'``). FastAPI's own ``/docs`` and ``/redoc`` pages
  load Swagger/ReDoc from a CDN and get no CSP (see :data:`CSP_EXEMPT`);
* ``Cache-Control: no-store`` on ``/api/`` answers (device data must not sit in a proxy
  or browser cache), unless the route already set one;
* ``Strict-Transport-Security`` only when the request came over https: the ASGI scheme,
  or — only when the app was told to trust its reverse proxy — ``X-Forwarded-Proto``.

:class:`RateLimit` is a token bucket per client key, in this process only (several server
processes each keep their own buckets). The key is the device id header
(:data:`models.signing.HEADER_DEVICE`) on ``/api/v1/sync/`` requests that carry it, else the
client's IP address (the last ``X-Forwarded-For`` entry when the proxy is trusted). The
device header is checked here *before* authentication, so somebody who knows a device id
could spend that device's bucket (a denial of service, never access); the defaults are
generous enough that a real PC never meets the limit. Past the limit the answer is 429
``Problem{code: "rate_limited", detail}`` with ``Retry-After`` (whole seconds), and the
request body is not read.

:class:`AuthFailureLimit` adds a much tighter budget of *failed* attempts per address on
the authentication endpoints (enrollment, key rotation): after
:data:`AUTH_FAIL_BURST` refused attempts, that address gets 429 for everything there until
the budget grows back (one attempt a minute).
"""

from __future__ import annotations

import json
import math
import time
from collections import OrderedDict

from models.signing import HEADER_DEVICE

CSP_HTML = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
CSP_DATA = "default-src 'none'; frame-ancestors 'none'"
CSP_EXEMPT = ("/docs", "/redoc")
HSTS = "max-age=31536000"

RATE_DEFAULT = 50.0  # requests per second, per client key
BURST_DEFAULT = 200
MAX_KEYS = 10_000

_STATIC = ((b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
           (b"referrer-policy", b"no-referrer"))


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or ():
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def is_https(scope, trust_proxy: bool) -> bool:
    """Whether the request reached us over TLS (the proxy's word only when trusted)."""
    if scope.get("scheme") == "https":
        return True
    if trust_proxy:
        forwarded = _header(scope, b"x-forwarded-proto")
        if forwarded:
            return forwarded.split(",")[0].strip().lower() == "https"
    return False


def client_ip(scope, trust_proxy: bool) -> str:
    if trust_proxy:
        forwarded = _header(scope, b"x-forwarded-for")
        if forwarded:
            last = forwarded.split(",")[-1].strip()
            if last:
                return last
    client = scope.get("client")
    return client[0] if client else "unknown"


def security_headers(scope, content_type: str, trust_proxy: bool = False,
                     existing: frozenset[bytes] = frozenset()) -> list[tuple[bytes, bytes]]:
    """The headers :class:`SecurityHeaders` adds to an answer of *content_type* to *scope*
    (those named in *existing*, lower-case, are left as the route set them)."""
    path = scope.get("path", "")
    out = list(_STATIC)
    if not path.startswith(CSP_EXEMPT):
        html = content_type.split(";")[0].strip().lower() == "text/html"
        out.append((b"content-security-policy", (CSP_HTML if html else CSP_DATA).encode()))
    if path.startswith("/api/"):
        out.append((b"cache-control", b"no-store"))
    if is_https(scope, trust_proxy):
        out.append((b"strict-transport-security", HSTS.encode()))
    return [(k, v) for k, v in out if k not in existing]


class SecurityHeaders:
    """Pure ASGI middleware: add :func:`security_headers` to every HTTP response."""

    def __init__(self, app, trust_proxy: bool = False) -> None:
        self.app = app
        self.trust_proxy = trust_proxy

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                names = frozenset(k.lower() for k, _ in headers)
                ctype = next((v.decode("latin-1") for k, v in headers
                              if k.lower() == b"content-type"), "")
                headers += security_headers(scope, ctype, self.trust_proxy, names)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class TokenBuckets:
    """Token buckets per key: *rate* tokens a second, at most *burst* saved up.
    At most *max_keys* buckets are kept (the least recently used go first)."""

    def __init__(self, rate: float, burst: int, max_keys: int = MAX_KEYS,
                 clock=time.monotonic) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be > 0 and burst >= 1")
        self.rate, self.burst, self.max_keys, self.clock = rate, burst, max_keys, clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, key: str, *, spend: bool = True) -> float:
        """0 when *key* may go ahead (one token spent, unless not *spend*), else the
        seconds until it may."""
        now = self.clock()
        tokens, last = self._buckets.pop(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.rate)
        wait = 0.0
        if tokens >= 1.0:
            if spend:
                tokens -= 1.0
        else:
            wait = (1.0 - tokens) / self.rate
        self._buckets[key] = (tokens, now)
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return wait

    def spend(self, key: str) -> None:
        """Spend one token of *key* (down to 0) after the fact."""
        now = self.clock()
        tokens, last = self._buckets.pop(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.rate)
        self._buckets[key] = (max(0.0, tokens - 1.0), now)
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)


class RateLimit:
    """Pure ASGI middleware: 429 with ``Retry-After`` for a client past its bucket."""

    def __init__(self, app, rate: float = RATE_DEFAULT, burst: int = BURST_DEFAULT,
                 trust_proxy: bool = False) -> None:
        self.app = app
        self.buckets = TokenBuckets(rate, burst)
        self.trust_proxy = trust_proxy

    def key(self, scope) -> str:
        if scope.get("path", "").startswith("/api/v1/sync/"):
            device = _header(scope, HEADER_DEVICE.lower().encode())
            if device:
                return "device:" + device[:64]
        return "ip:" + client_ip(scope, self.trust_proxy)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        wait = self.buckets.take(self.key(scope))
        if wait <= 0:
            await self.app(scope, receive, send)
            return
        await too_many(send, wait, "Too many requests from this PC or address")


async def too_many(send, wait: float, what: str) -> None:
    """Answer 429 ``Problem{code: "rate_limited"}`` with ``Retry-After``."""
    seconds = max(1, math.ceil(wait))
    body = json.dumps({"code": "rate_limited",
                       "detail": f"{what}; wait {seconds} s and try again."}).encode()
    await send({"type": "http.response.start", "status": 429,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"retry-after", str(seconds).encode())]})
    await send({"type": "http.response.body", "body": body})


#: The authentication endpoints: each failed attempt spends one of the address's tokens.
AUTH_PATHS = ("/api/v1/devices/enroll", "/api/v1/devices/rotate-key")
AUTH_FAIL_RATE = 1 / 60  # one more failed attempt allowed per minute...
AUTH_FAIL_BURST = 10  # ...after ten in a row
AUTH_FAILURES = frozenset({401, 403, 409, 422})


class AuthFailureLimit:
    """Pure ASGI middleware: a much tighter budget of *failed* attempts per IP address on
    the authentication endpoints (:data:`AUTH_PATHS`). Each refused attempt (401, 403,
    409, 422) spends a token; once the address has none left, every attempt from it —
    right or wrong — is answered 429 with ``Retry-After`` until a token grows back.
    Successful enrollments spend nothing, so IT can enroll a whole office from one
    address; someone trying tokens is stopped after :data:`AUTH_FAIL_BURST`."""

    def __init__(self, app, rate: float = AUTH_FAIL_RATE, burst: int = AUTH_FAIL_BURST,
                 trust_proxy: bool = False) -> None:
        self.app = app
        self.buckets = TokenBuckets(rate, burst)
        self.trust_proxy = trust_proxy

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope.get("path") not in AUTH_PATHS:
            await self.app(scope, receive, send)
            return
        key = "ip:" + client_ip(scope, self.trust_proxy)
        wait = self.buckets.take(key, spend=False)
        if wait > 0:
            await too_many(send, wait, "Too many failed attempts from this address")
            return

        async def watch(message) -> None:
            if message["type"] == "http.response.start" \
                    and message.get("status") in AUTH_FAILURES:
                self.buckets.spend(key)
            await send(message)

        await self.app(scope, receive, watch)
