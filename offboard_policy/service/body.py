"""Reading a request body within a size limit and a time limit.

A body longer than the limit is refused with 413 as soon as it is known (from
``Content-Length``, else while it streams in), without reading the rest; a client that sends
its body too slowly gets 408 after ``timeout`` seconds.
"""

from __future__ import annotations

import asyncio

from fastapi import Request

from .errors import ApiError


async def read_body(request: Request, limit: int, timeout: float) -> bytes:
    """The whole body, or :class:`ApiError` 413 (too large) / 408 (too slow)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            size = int(declared)
        except ValueError:
            raise ApiError(400, "Content-Length is not a number") from None
        if size > limit:
            raise _too_large(limit)
    try:
        return await asyncio.wait_for(_collect(request, limit), timeout)
    except TimeoutError:
        raise ApiError(408, f"the request body did not arrive within {timeout:g} s",
                       headers={"Connection": "close"}) from None


async def _collect(request: Request, limit: int) -> bytes:
    parts: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        parts.append(chunk)
    return b"".join(parts)


def _too_large(limit: int) -> ApiError:
    return ApiError(413, f"the request body is larger than the limit of {limit:,} bytes",
                    headers={"Connection": "close"})


def media_type(request: Request) -> str:
    """The Content-Type without parameters, lower case (``application/json`` when absent)."""
    raw = request.headers.get("content-type", "application/json")
    return raw.split(";", 1)[0].strip().lower() or "application/json"
