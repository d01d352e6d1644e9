"""The audit trail: one JSON line per request, for the city's log platform.

Each line holds the time (UTC, ISO 8601), the token's name from the config (never the token),
the organisation asked about, the method, the route template (`/api/v1/orgs/{org}/gaps`, not
the raw path, so no request text reaches the log unquoted), the status and the duration in
milliseconds. Lines go to stderr or are appended to a file (`audit_log`), one `write` each, so
several workers can share one file.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
import threading
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["AuditLog", "AuditSink"]

log = logging.getLogger("gapcheck.api")


class AuditSink:
    """Where the lines go: `stderr`, `off`, or a file path (opened for appending)."""

    def __init__(self, target: str) -> None:
        self.target = target
        self._fd: int | None = None
        self._lock = threading.Lock()
        if target not in ("stderr", "off"):
            self._fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)

    @property
    def enabled(self) -> bool:
        return self.target != "off"

    def write(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
        with self._lock:
            try:
                if self._fd is not None:
                    os.write(self._fd, line.encode("utf-8"))
                else:
                    sys.stderr.write(line)
                    sys.stderr.flush()
            except OSError as exc:
                # A full disk must not turn every answer into a traceback in the server log;
                # the loss is said, once per request, where the operator looks.
                log.error("audit log %s: this request's line is lost: %s", self.target, exc)

    def close(self) -> None:
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None


class AuditLog:
    """ASGI middleware writing one audit record per HTTP request to `sink`."""

    def __init__(self, app: ASGIApp, sink: AuditSink, prefix: str) -> None:
        self.app = app
        self.sink = sink
        self.prefix = prefix  # the API routers' prefix, /api/v1

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.sink.enabled:
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        method = scope["method"]
        status = 500  # if the app fails before it answers

        async def record_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record_status)
        finally:
            self.sink.write(_record(scope, self.prefix, method, status, started))


def _record(scope: Scope, prefix: str, method: str, status: int, started: float) -> dict[str, Any]:
    template = getattr(scope.get("route"), "path", None)
    if (
        template is not None
        and not template.startswith(prefix)
        and scope["path"].startswith(prefix)
    ):
        # Recent FastAPI keeps an included router's routes without the router's prefix.
        template = prefix + template
    params = scope.get("path_params") or {}
    org = params.get("org")
    if isinstance(org, str):
        org = org[:64]
    if org is None and template is not None:
        org = _query_org(scope)
    state = scope.get("state") or {}
    return {
        "time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
        "token": state.get("token_name"),
        "org": org,
        "method": method,
        "route": template,
        "status": status,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
    }


def _query_org(scope: Scope) -> str | None:
    """`org=` from the query string (`/diff?org=`), if there is exactly one, short."""
    from urllib.parse import parse_qs

    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("org", [])
    return values[0][:64] if len(values) == 1 else None
