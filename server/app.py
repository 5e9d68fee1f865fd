"""The central server's HTTP API (protocol of :mod:`models.wire`).

``create_app(database_url)`` opens the database (migrating it and loading the bundled
reference data) and returns the FastAPI application. Every error answer is a JSON
``Problem{code, detail}`` whose detail a person can act on — never a stack trace.

Body handling: the whole request body is read into memory first (at most
:data:`MAX_BODY` bytes as sent, :data:`MAX_INFLATED` once decompressed; more is answered
413) and only then looked at. A gzip body is measured before it is inflated, a chunk at a
time, so a gzip bomb costs one chunk of memory, not the limit. A push is decompressed, parsed and validated completely
before its one write transaction opens, so a connection cut mid-upload never holds a
transaction or a lock.

Test hook: ``create_app(..., hooks=obj)`` where *obj* may have an ``after_commit(batch)``
callable (see :class:`Hooks`). It runs after a push's transaction has committed and
before the answer is sent, with the :class:`~models.wire.PushBatch`; fault tests use it
to crash the request at the worst moment (raise, or ``os._exit`` in a server process),
so that the device must resend a batch the server already holds.
"""

from __future__ import annotations

import hashlib
import logging
import zlib
from collections.abc import Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from pydantic.json_schema import models_json_schema
from sqlalchemy import text
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from models.wire import (
    INT64_MAX,
    PROTOCOL,
    EnrollRequest,
    EnrollResponse,
    Health,
    Problem,
    PullPage,
    PushBatch,
    PushResult,
    RotateKeyRequest,
    RotateKeyResponse,
)
from server import admin, apidoc, auth, feed, ingest, open311, security, transparency
from server.clock import now_ms
from server.db import open_database
from server.errors import ApiError
from server.ingest import DeviceCtx

log = logging.getLogger("daftar.server")

MAX_BODY = 8 * 1024 * 1024  # as sent (compressed)
MAX_INFLATED = 64 * 1024 * 1024  # once decompressed
INFLATE_CHUNK = 1024 * 1024  # a gzip body is measured this much at a time
PULL_LIMIT_DEFAULT = 500
PULL_LIMIT_MAX = 5000


@dataclass
class Hooks:
    """Test hooks (all optional). ``after_commit(batch)``: called after a push committed,
    before its answer is sent."""

    after_commit: Callable[[PushBatch], Any] | None = None


def _problem(status: int, code: str, detail: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"code": code, "detail": detail, **extra}, status_code=status)


class BodyLimit:
    """Pure ASGI middleware: read the whole body (up to *limit* bytes) before the app runs.

    A declared ``Content-Length`` above the limit is refused at once; a chunked body is
    refused as soon as it passes the limit. The app then gets the body from memory.
    """

    def __init__(self, app, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_big = _problem(413, "too_large", f"The request is larger than the server accepts "
                                             f"({self.limit // (1024 * 1024)} MB); send fewer "
                                             "records per batch.")
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                if int(declared) > self.limit:
                    await too_big(scope, receive, send)
                    return
            except ValueError:
                await _problem(400, "bad_request", "The Content-Length header is not a number.")(
                    scope, receive, send)
                return
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the client went away mid-upload: nothing was started
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await too_big(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        delivered = False

        async def replay():
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def _path_qs(request: Request) -> str:
    raw = request.scope.get("raw_path")
    path = raw.decode("latin-1") if raw else request.url.path
    query = request.scope.get("query_string", b"").decode("latin-1")
    return f"{path}?{query}" if query else path


async def current_device(request: Request) -> DeviceCtx:
    """Dependency: the enrolled, non-revoked device whose signature this request carries."""
    body = await request.body()
    return await run_in_threadpool(
        auth.authenticate, request.app.state.engine, method=request.method,
        path_qs=_path_qs(request), headers=request.headers, body=body)


AuthedDevice = Annotated[DeviceCtx, Depends(current_device)]


async def rotating_device(request: Request) -> DeviceCtx:
    """Dependency of key rotation: like :func:`current_device`, but a signature by the key
    the device rotated away from is accepted too (to repeat that rotation only)."""
    body = await request.body()
    return await run_in_threadpool(
        auth.authenticate, request.app.state.engine, method=request.method,
        path_qs=_path_qs(request), headers=request.headers, body=body, previous_ok=True)


def inflate(body: bytes, encoding: str, limit: int) -> bytes:
    """The body decompressed according to its Content-Encoding (gzip or identity)."""
    encoding = (encoding or "identity").strip().lower()
    if encoding == "identity":
        return body
    if encoding not in ("gzip", "x-gzip"):
        raise ApiError(415, "unsupported_encoding", f"The server accepts gzip-compressed or "
                                                    f"plain bodies, not {encoding!r}.")
    # First pass: measure, keeping at most one chunk in memory, so that a gzip bomb is
    # refused after `limit` bytes without ever holding them. Second pass (the size now
    # known and allowed): inflate into one buffer of exactly that size.
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    size, pending = 0, body
    try:
        while True:
            size += len(inflater.decompress(pending, INFLATE_CHUNK))
            if size > limit:
                raise ApiError(413, "too_large", f"The batch is larger than the server "
                                                 f"accepts once uncompressed ({limit // 2**20}"
                                                 " MB); send fewer records per batch.")
            pending = inflater.unconsumed_tail
            if not pending:
                break
        if not inflater.eof:
            raise ApiError(400, "bad_body", "The upload was cut short (the compressed body "
                                            "is incomplete); send it again.")
        if inflater.unused_data:
            raise ApiError(400, "bad_body", "The compressed body has bytes after its end; "
                                            "send it again.")
        return zlib.decompress(body, 16 + zlib.MAX_WBITS, max(size, 1))
    except zlib.error:
        raise ApiError(400, "bad_body", "The compressed body is damaged; send it again.") \
            from None


def decode_batch(raw: bytes, encoding: str, limit: int, me: DeviceCtx) -> PushBatch:
    """The whole push body, decompressed and validated as a batch of *me* (no database)."""
    body = inflate(raw, encoding, limit)
    try:
        batch = PushBatch.model_validate_json(body)
    except ValidationError as exc:
        raise ApiError(422, "invalid", _validation_words(exc.errors())) from None
    if batch.device_id != me.device_id:
        raise ApiError(403, "wrong_device", "The batch names another PC than the one that "
                                            "signed it.")
    seqs = [op.op_seq for op in batch.ops]
    if len(set(seqs)) != len(seqs):
        raise ApiError(422, "invalid", "The same op_seq appears twice in the batch.")
    return batch


def _validation_words(errors: list[dict]) -> str:
    parts = []
    for err in errors[:3]:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body",)]
        where = ".".join(loc)
        if err["type"] == "extra_forbidden":
            parts.append(f"'{where}' is not a field the server knows")
        elif err["type"] == "missing":
            parts.append(f"'{where}' is missing")
        elif err["type"] == "json_invalid":
            parts.append("the body is not valid JSON")
        else:
            parts.append(f"'{where}': {err.get('msg', 'not valid')}" if where
                         else err.get("msg", "not valid"))
    more = len(errors) - 3
    words = "; ".join(parts) + (f" (and {more} more problems)" if more > 0 else "")
    return "The request is not in the form the server expects: " + words + "."


def create_app(database_url: str | None = None, *, hooks: Any = None,
               max_body: int = MAX_BODY, max_inflated: int = MAX_INFLATED,
               rate_limit: float | None = security.RATE_DEFAULT,
               rate_burst: int = security.BURST_DEFAULT,
               auth_fail_rate: float | None = security.AUTH_FAIL_RATE,
               auth_fail_burst: int = security.AUTH_FAIL_BURST,
               trust_proxy: bool = False) -> FastAPI:
    """The server application on the database at *database_url* (default: the SQLite
    file in the data folder). *hooks*: see :class:`Hooks` (tests only).

    *rate_limit* requests a second (``None``: no limit) with bursts of *rate_burst*, per
    device on the sync endpoints and per IP address elsewhere (:mod:`server.security`);
    on enrollment and key rotation, *auth_fail_burst* failed attempts per IP address, one
    more every 1 / *auth_fail_rate* seconds (``None``: no such limit).
    *trust_proxy*: believe ``X-Forwarded-Proto``/``X-Forwarded-For`` (only behind a
    reverse proxy that sets them)."""
    engine = open_database(database_url)

    @asynccontextmanager
    async def lifespan(_app):
        yield
        engine.dispose()

    app = FastAPI(title="Daftar central server", version=str(PROTOCOL),
                  description="Sync protocol of Daftar: enrollment, push, pull.",
                  lifespan=lifespan)
    app.state.engine = engine
    app.state.hooks = hooks
    app.add_middleware(BodyLimit, limit=max_body)
    if auth_fail_rate:
        app.add_middleware(security.AuthFailureLimit, rate=auth_fail_rate,
                           burst=auth_fail_burst, trust_proxy=trust_proxy)
    if rate_limit:  # outside BodyLimit: a refused client's body is never read
        app.add_middleware(security.RateLimit, rate=rate_limit, burst=rate_burst,
                           trust_proxy=trust_proxy)
    # Answers gzip too when the PC accepts it (httpx does): a push answer lists every
    # acknowledged id, about a third of the upload's size, on the same slow link.
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)
    app.add_middleware(security.SecurityHeaders, trust_proxy=trust_proxy)  # outermost

    @app.exception_handler(ApiError)
    async def _api_error(_request, exc: ApiError):
        return JSONResponse(exc.body(), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request, exc: RequestValidationError):
        return _problem(422, "invalid", _validation_words(list(exc.errors())))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request, exc: StarletteHTTPException):
        words = {404: ("not_found", "There is no such address on this server."),
                 405: ("method_not_allowed", "This address does not accept that method.")}
        code, detail = words.get(exc.status_code, ("http_error", str(exc.detail)))
        response = _problem(exc.status_code, code, detail)
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception):
        log.exception("unexpected error", exc_info=exc)
        response = _problem(500, "server_error", "Something went wrong on the server. Nothing "
                                                 "sent is lost: the PC will send it again.")
        # Answered outside the middleware stack (Starlette's ServerErrorMiddleware): add the
        # security headers here.
        for key, value in security.security_headers(request.scope, "application/json",
                                                    trust_proxy):
            response.headers[key.decode()] = value.decode()
        return response

    problems = {401: {"model": Problem}, 409: {"model": Problem}, 413: {"model": Problem},
                422: {"model": Problem}, 429: {"model": Problem}}

    @app.get("/api/v1/health", response_model=Health)
    def health() -> Health:
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception as exc:
            log.warning("health check: database unreachable: %s", exc)
            raise ApiError(503, "database_unavailable", "The server cannot reach its "
                                                        "database.") from None
        return Health(server_time=now_ms())

    @app.post("/api/v1/devices/enroll", response_model=EnrollResponse, responses=problems)
    def enroll(req: EnrollRequest) -> EnrollResponse:
        return admin.enroll(engine, req)

    def _log_refused(me: DeviceCtx, digest: str, size: int, code: str) -> None:
        try:
            ingest.log_refused(engine, me, body_sha256=digest, body_bytes=size, code=code)
        except Exception:  # the refusal is answered anyway; the log line says why not kept
            log.exception("could not record a refused push of device %s", me.device_id)

    @app.post("/api/v1/devices/rotate-key", response_model=RotateKeyResponse,
              responses=problems)
    async def rotate_key(req: RotateKeyRequest,
                         me: Annotated[DeviceCtx, Depends(rotating_device)]) -> RotateKeyResponse:
        return await run_in_threadpool(admin.rotate_key, engine, me, req)

    @app.post("/api/v1/sync/push", response_model=PushResult, responses=problems,
              openapi_extra={"requestBody": {"required": True, "content": {
                  "application/json": {"schema": {"$ref": "#/components/schemas/PushBatch"}}}}})
    async def push(request: Request, me: AuthedDevice) -> PushResult:
        raw = await request.body()  # all of it, already in memory (BodyLimit)
        encoding = request.headers.get("content-encoding", "")

        def run() -> PushResult:  # in a worker thread: inflating and parsing take CPU
            digest = hashlib.sha256(raw).hexdigest()
            try:
                batch = decode_batch(raw, encoding, max_inflated, me)
                result = ingest.push(engine, me, batch, body_sha256=digest,
                                     body_bytes=len(raw))
            except ApiError as exc:  # refused as a whole: recorded, then answered
                _log_refused(me, digest, len(raw), exc.code)
                raise
            except Exception:
                _log_refused(me, digest, len(raw), "server_error")
                raise
            after = getattr(app.state.hooks, "after_commit", None)
            if after is not None:
                after(batch)
            return result

        return await run_in_threadpool(run)

    @app.get("/api/v1/sync/pull", response_model=PullPage, responses=problems)
    async def pull(me: AuthedDevice, cursor: Annotated[int, Query(ge=0, le=INT64_MAX)] = 0,
                   limit: Annotated[int, Query(ge=1, le=PULL_LIMIT_MAX)] = PULL_LIMIT_DEFAULT,
                   ) -> PullPage:
        def run() -> PullPage:
            with feed.read_conn(engine) as conn, conn.begin():
                changes, next_cursor, more = feed.page(
                    conn, device_id=me.device_id, district_id=me.district_id, cursor=cursor,
                    limit=limit, office_code=me.office_code)
            return PullPage(changes=changes, next_cursor=next_cursor, more=more,
                            server_time=now_ms())

        return await run_in_threadpool(run)

    # Public, read-only open data (no authentication, no personal data).
    app.include_router(open311.router)
    app.include_router(transparency.router)

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version,
                                 description=app.description, routes=app.routes)
            _, defs = models_json_schema([(PushBatch, "validation")],
                                         ref_template="#/components/schemas/{model}")
            schema.setdefault("components", {}).setdefault("schemas", {}).update(
                defs.get("$defs", {}))
            app.openapi_schema = apidoc.document_errors(schema)
        return app.openapi_schema

    app.openapi = openapi
    return app
