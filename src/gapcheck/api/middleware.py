"""Request body size cap, as plain ASGI middleware (per request: one look at the headers)."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gapcheck.api.problems import PROBLEM_JSON, ProblemDetails

__all__ = ["BodySizeLimit"]


class _TooLarge(Exception):
    pass


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
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if started:
                raise
            await _problem(scope, send, 413, "Content Too Large", self._detail())

    def _detail(self) -> str:
        return f"the request body may hold at most {self.max_bytes} bytes"


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
