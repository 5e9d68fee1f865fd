"""Errors the API answers with: an HTTP status, a machine code and plain words."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """Answered as ``Problem{code, detail}`` (plus any *extra* fields) with *status*."""

    def __init__(self, status: int, code: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"code": self.code, "detail": self.detail, **self.extra}


class AdminError(Exception):
    """A refused admin step (``daftar server …``); the message says what to do."""
