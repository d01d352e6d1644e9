"""Plain ASGI middleware: the request body cap, and HEAD answered wherever GET is.

Body cap: a declared `Content-Length` over the limit is refused at once; otherwise the body is
read (chunked transfer too) before the route runs, up to the limit, so a route that never reads
its body (`/reload`) cannot let an oversized one through. Bodies are small here (64 KiB by
default), so holding one in memory is cheaper than streaming.

HEAD: RFC 9110 §9.3.2 — the same status and headers as GET, no body. FastAPI registers GET
routes for GET only; this runs them and drops the body.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gapcheck.api.problems import PROBLEM_JSON, ProblemDetails

__all__ = ["BodySizeLimit", "HeadAsGet"]


class BodySizeLimit:
    """Answer 413 problem+json to a body larger than `max_bytes` (declared or streamed)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await _problem(scope, send, 400, "Bad Request", "invalid Content-Length")
                    return
                if declared > self.max_bytes:
                    await _problem(scope, send, 413, "Content Too Large", self._detail())
                    return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await _problem(scope, send, 413, "Content Too Large", self._detail())
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # http.disconnect, when it comes

        await self.app(scope, replay, send)

    def _detail(self) -> str:
        return f"the request body may hold at most {self.max_bytes} bytes"


class HeadAsGet:
    """Run a HEAD request as GET and send the headers only."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        scope["method"] = "GET"  # in place: the audit log outside reads the route from scope
        await self.app(scope, receive, headers_only)


async def _problem(scope: Scope, send: Send, status: int, title: str, detail: str) -> None:
    body = (
        ProblemDetails(title=title, status=status, detail=detail, instance=scope.get("path"))
        .model_dump_json(exclude_none=True)
        .encode()
    )
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", PROBLEM_JSON.encode()),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
