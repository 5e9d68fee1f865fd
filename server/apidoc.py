"""The error answers of the OpenAPI document, as the server really gives them.

FastAPI documents only what a route declares, and its default 422 body
(``HTTPValidationError``) is not what this server sends (:func:`server.app.create_app`
answers every error as a ``Problem``). :func:`document_errors` fixes the document in
place so that a client, or the API fuzzer (``tests/test_fuzz_api.py``), can rely on it:

* every operation: 400 (a body or header that cannot be read), 413 (body over the size
  limit, :class:`server.app.BodyLimit`), 422 (a parameter or body not in the expected
  form) and 429 (rate limit, :class:`server.security.RateLimit`), all ``Problem``;
* the answers particular to one operation (:data:`SPECIFIC`); the Open311 routes answer
  their errors in the GeoReport v2 form, a list of ``{code, description}``.
"""

from __future__ import annotations

from typing import Any

PROBLEM = {"$ref": "#/components/schemas/Problem"}
#: A refused signature: a Problem, with the server's clock when the device's was off.
UNAUTHENTICATED = {"type": "object", "required": ["code", "detail"], "additionalProperties": False,
                   "properties": {"code": {"type": "string"}, "detail": {"type": "string"},
                                  "server_time": {"type": "integer"}}}
GEOREPORT_ERRORS = {"type": "array", "items": {
    "type": "object", "required": ["code", "description"],
    "properties": {"code": {"type": "integer"}, "description": {"type": "string"}}}}

COMMON = {
    "400": "The request cannot be read (a damaged body or header).",
    "413": "The body is larger than the server accepts.",
    "422": "A parameter or the body is not in the form the server expects.",
    "429": "Too many requests from this client; wait as Retry-After says.",
}

#: (method, path) -> {status: (description, schema)}
SPECIFIC: dict[tuple[str, str], dict[str, tuple[str, dict]]] = {
    ("post", "/api/v1/sync/push"): {
        "401": ("Not signed by an enrolled, non-revoked device (server_time: the "
                "server's clock, when the device's is off).", UNAUTHENTICATED),
        "403": ("The batch names another device than the one that signed it.", PROBLEM),
        "415": ("The body is compressed in a way the server does not accept.", PROBLEM),
    },
    ("get", "/api/v1/sync/pull"): {
        "401": ("Not signed by an enrolled, non-revoked device (server_time: the "
                "server's clock, when the device's is off).", UNAUTHENTICATED),
    },
    ("get", "/open311/v2/services/{service_code}.json"): {
        "404": ("There is no such service.", GEOREPORT_ERRORS),
    },
    ("get", "/open311/v2/requests.json"): {
        "400": ("A parameter is not valid (GeoReport v2 error list).", GEOREPORT_ERRORS),
    },
    ("get", "/open311/v2/requests/{service_request_id}.json"): {
        "404": ("There is no request with this tracking number.", GEOREPORT_ERRORS),
    },
}


def _answer(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """*schema* (an OpenAPI document made by FastAPI) with the error answers completed."""
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            responses = operation.setdefault("responses", {})
            for status, description in COMMON.items():
                responses[status] = _answer(description, PROBLEM)
            for status, (description, body) in SPECIFIC.get((method, path), {}).items():
                responses[status] = _answer(description, body)
    schema.get("components", {}).get("schemas", {}).pop("HTTPValidationError", None)
    schema.get("components", {}).get("schemas", {}).pop("ValidationError", None)
    return schema
