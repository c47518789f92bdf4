"""Every failure becomes a JSON :class:`~.models.ErrorModel` response; nothing escapes.

Routes raise :class:`ApiError`. FastAPI's own errors (an unknown route, a bad query parameter)
are turned into the same body. :class:`ContainErrors` is the last line: an unexpected exception
is logged as one line (its type and where, never a traceback, never a header) and answered
with a 500, and it is not re-raised, so the server's own log gets no traceback either.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from offboard_policy import codes
from offboard_policy.errors import Diagnostic

log = logging.getLogger("offboard_policy.service")

_KINDS = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
          405: "method_not_allowed", 408: "timeout", 413: "too_large",
          415: "unsupported_media_type", 422: "invalid_case", 500: "internal",
          503: "busy"}


def diagnostic_json(d: Diagnostic) -> dict[str, Any]:
    """A diagnostic as JSON data: the fields the CLI prints (and the batch error records)."""
    return {"code": d.code, "message": d.message, "file": d.file, "line": d.line,
            "column": d.column, "field": d.field}


class ApiError(Exception):
    """An answer other than success: status, sentence, and the input's diagnostics."""

    def __init__(self, status: int, message: str, *,
                 diagnostics: Sequence[Diagnostic] = (), kind: str | None = None,
                 policies: list[str] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.diagnostics = list(diagnostics)
        self.kind = kind or _KINDS.get(status, "error")
        self.policies = policies
        self.headers = headers

    def body(self) -> dict[str, Any]:
        data: dict[str, Any] = {"error": self.kind, "message": self.message,
                                "diagnostics": [diagnostic_json(d) for d in self.diagnostics]}
        if self.policies is not None:
            data["policies"] = self.policies
        return data

    def response(self) -> Response:
        return error_response(self.status, self.body(), self.headers)


def error_response(status: int, body: dict[str, Any],
                   headers: dict[str, str] | None = None) -> Response:
    text = json.dumps(body, ensure_ascii=False) + "\n"
    return Response(text, status_code=status, media_type="application/json", headers=headers)


def install_handlers(app: FastAPI) -> None:
    """Map ApiError, HTTP errors and request-parameter errors to :class:`~.models.ErrorModel`."""

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return exc.response()

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        message = exc.detail if isinstance(exc.detail, str) else "request refused"
        return ApiError(exc.status_code, message,
                        headers=dict(exc.headers or {}) or None).response()

    async def params_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        diags = []
        for err in exc.errors():
            loc = [str(p) for p in err.get("loc", ())]
            where = loc[0] if loc else "request"
            field = ".".join(loc[1:]) or None
            diags.append(Diagnostic(str(err.get("msg", "invalid")), codes.REQUEST_PARAMETER,
                                    file=where, field=field))
        return ApiError(422, "invalid request parameters", diagnostics=diags,
                        kind="invalid_request").response()

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, params_error)


class ContainErrors:
    """ASGI middleware: an unexpected exception is a 500 with a JSON body and one log line."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:  # the last line of defence: no traceback anywhere
            where = _origin(exc)
            log.error("internal error on %s %s: %s at %s", scope.get("method"),
                      scope.get("path"), type(exc).__name__, where)
            if started:
                return  # a streamed response was cut short; the client sees it end early
            body = json.dumps({"error": "internal", "message": "internal error; the server "
                               "log names where", "diagnostics": []}).encode() + b"\n"
            await send({"type": "http.response.start", "status": 500,
                        "headers": [(b"content-type", b"application/json"),
                                    (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})


def _origin(exc: BaseException) -> str:
    """``module.py:123`` of the innermost frame, for the one-line log entry."""
    tb = exc.__traceback__
    if tb is None:
        return "?"
    while tb.tb_next is not None:
        tb = tb.tb_next
    code = tb.tb_frame.f_code
    return f"{code.co_filename.rsplit('/', 1)[-1]}:{tb.tb_lineno} in {code.co_name}"
