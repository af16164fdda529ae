"""What every request passes first: the protocol and body-size checks, the access log line,
and the caller's address (behind trusted proxies).

A plain ASGI middleware rather than `@app.middleware("http")`: Starlette's
`BaseHTTPMiddleware` runs each request in a task group with memory streams between the
middleware and the app, a cost every push paid under the interpreter lock.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import time
from typing import Any

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from advisor_desk.sync.protocol import MAX_BODY_BYTES, PROTOCOL_HEADER, PROTOCOL_MIN

log = logging.getLogger("advisor_desk.server")
access_log = logging.getLogger("advisor_desk.server.access")

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
WITH_BODY = frozenset({"POST", "PUT", "PATCH"})


def networks(text: str) -> list[Network] | None:
    """The trusted proxies' networks; None for `*` (any peer)."""
    found: list[Network] = []
    for part in text.split(","):
        part = part.strip()
        if part == "*":
            return None
        if part:
            found.append(ipaddress.ip_network(part, strict=False))
    return found


def _trusted(address: str, trusted: list[Network] | None) -> bool:
    if trusted is None:
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def client_address(request: Request, trusted: list[Network] | None) -> str:
    """Who is calling: the peer, or (only when the peer is a trusted proxy) the nearest
    address in X-Forwarded-For that is not itself a trusted proxy."""
    peer = request.client.host if request.client else "?"
    if trusted == [] or not _trusted(peer, trusted):
        return peer
    hops = [
        hop.strip()
        for header in request.headers.getlist("x-forwarded-for")
        for hop in header.split(",")
        if hop.strip()
    ]
    for hop in reversed(hops):
        if not _trusted(hop, trusted):
            return hop[:64]
    return hops[0][:64] if hops else peer


def problem(status: int, detail: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"detail": detail, **extra}, status_code=status)


class _BodyTooLarge(Exception):
    pass


class Guard:
    """ASGI middleware: refuses an old protocol (426) or a body over MAX_BODY_BYTES (413),
    answers an unexpected error with a 500 in the API's shape, and logs one JSON line per
    request."""

    def __init__(self, app: ASGIApp, trusted: list[Network] | None) -> None:
        self.app = app
        self.trusted = trusted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        sent_start = False

        async def send_noting_status(message: Message) -> None:
            nonlocal status, sent_start
            if message["type"] == "http.response.start":
                status, sent_start = message["status"], True
            await send(message)

        headers = Headers(scope=scope)
        refusal = _refusal(headers)
        try:
            chunked = scope["method"] in WITH_BODY and "content-length" not in headers
            if refusal is None and chunked:
                receive = await _read_whole(receive)  # counted as it comes
            if refusal is not None:
                await refusal(scope, receive, send_noting_status)
            else:
                await self.app(scope, receive, send_noting_status)
        except _BodyTooLarge:
            await problem(413, _too_large())(scope, receive, send_noting_status)
        except Exception:
            log.exception("unexpected error in %s %s", scope["method"], scope["path"])
            if sent_start:
                raise  # the answer has begun: the server closes the connection
            await problem(500, "internal error")(scope, receive, send_noting_status)
        access_log.info(
            json.dumps(
                {
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                    "client": client_address(Request(scope), self.trusted),
                }
            )
        )


def _too_large() -> str:
    return f"the request body is larger than {MAX_BODY_BYTES} bytes"


def _refusal(headers: Headers) -> JSONResponse | None:
    declared = headers.get(PROTOCOL_HEADER)
    if declared is not None and (not declared.isdigit() or int(declared) < PROTOCOL_MIN):
        return problem(
            426, f"update Advisor Desk: this server needs protocol {PROTOCOL_MIN} or newer"
        )
    length = headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
        return problem(413, _too_large())
    return None


async def _read_whole(receive: Receive) -> Receive:
    """Read a body sent without a length, refusing it past MAX_BODY_BYTES; the app then
    receives it as one message."""
    body = b""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return _replay(message)
        body += message.get("body", b"")
        if len(body) > MAX_BODY_BYTES:
            raise _BodyTooLarge
        if not message.get("more_body", False):
            break
    return _replay({"type": "http.request", "body": body, "more_body": False}, then=receive)


def _replay(first: Message, then: Receive | None = None) -> Receive:
    pending: list[Message] = [first]

    async def receive_again() -> Message:
        if pending:
            return pending.pop()
        if then is None:
            return {"type": "http.disconnect"}
        return await then()

    return receive_again


__all__ = ["Guard", "Network", "client_address", "networks", "problem"]
