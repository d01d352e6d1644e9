"""Shared pieces of the route modules: documented error responses and cached-body answers."""

from __future__ import annotations

import gzip
from collections.abc import Callable, Hashable
from typing import Annotated, Any, TypeVar

from fastapi import Path, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from gapcheck.api.cache import Cached, gzip_etag
from gapcheck.api.deps import ID_PATTERN
from gapcheck.api.problems import ProblemDetails

__all__ = [
    "CACHE_CONTROL",
    "ETAG_HEADERS",
    "NOT_MODIFIED",
    "ControlId",
    "RequirementId",
    "SourceId",
    "VersionId",
    "cached_json",
    "errors",
    "not_modified",
    "rendered",
    "wants_gzip",
]

R = TypeVar("R")

_DESCRIPTIONS = {
    401: "No bearer token, or one the server does not know (see `WWW-Authenticate`).",
    403: "The token lacks the scope this operation needs.",
    404: "An id in the path or query is not in the loaded data, or an organisation this "
    "token may not read; `detail` names it.",
    406: "`Accept` allows none of the formats this answer comes in.",
    422: "Invalid request parameters (`errors`), or input files that do not load (`problems`).",
    501: "Not available in this installation.",
    503: "The catalogs do not load.",
}

CACHE_CONTROL = "private, no-cache"
ETAG_HEADERS: dict[str, dict[str, Any]] = {
    "ETag": {
        "description": "Identifies the organisation's inputs, date and pins; send it back in "
        "If-None-Match to get 304 while nothing changed.",
        "schema": {"type": "string"},
    },
    "Cache-Control": {"schema": {"type": "string"}, "description": CACHE_CONTROL},
    "Content-Encoding": {
        "schema": {"type": "string"},
        "description": "gzip when the request's Accept-Encoding allows it (the ETag then ends "
        "in -gzip)",
    },
}
NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified: If-None-Match matched the current ETag."}
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for problem+json error answers (the content type is set in app.py)."""
    return {c: {"model": ProblemDetails, "description": _DESCRIPTIONS[c]} for c in codes}


def _id(what: str, example: str) -> Any:
    return Path(
        pattern=ID_PATTERN,
        min_length=1,
        max_length=120,
        description=f"{what} id",
        examples=[example],
    )


SourceId = Annotated[str, _id("Source", "csl")]
VersionId = Annotated[str, _id("Source version", "sfs-2025-1506")]
RequirementId = Annotated[str, _id("Requirement", "csl:2.3.p2")]
ControlId = Annotated[str, _id("Control", "iso27001:A.5.1")]


def wants_gzip(request: Request) -> bool:
    """Whether the client accepts a gzip body (and did not refuse it with q=0)."""
    for part in request.headers.get("accept-encoding", "").split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() == "gzip":
            q = params.replace(" ", "").lower()
            return q not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def _headers(request: Request, etag: str) -> tuple[dict[str, str], bool]:
    gz = wants_gzip(request)
    headers = {
        "ETag": gzip_etag(etag) if gz else etag,
        "Cache-Control": CACHE_CONTROL,
        "Vary": "Accept-Encoding",
    }
    if gz:
        headers["Content-Encoding"] = "gzip"
    return headers, gz


def not_modified(request: Request, etag: str) -> Response:
    """304 with the validator of the variant this client gets."""
    headers, _ = _headers(request, etag)
    headers.pop("Content-Encoding", None)
    return Response(status_code=304, headers=headers)


async def cached_json(
    request: Request,
    cached: Cached[Any, R],
    view: Hashable,
    render: Callable[[R], bytes],
) -> Response:
    """A JSON view from the cache, gzip-coded (also cached) when the client accepts it."""
    body = await rendered(cached, view, render)
    headers, gz = _headers(request, cached.etag)
    if gz:
        body = await rendered(cached, ("gzip", view), lambda _: gzip.compress(body, 6, mtime=0))
    return Response(body, media_type="application/json", headers=headers)


async def rendered(cached: Cached[Any, R], view: Hashable, render: Callable[[R], bytes]) -> bytes:
    """A view's bytes from the cache, rendered in a worker thread the first time."""
    body = cached.view(view)
    if body is None:
        body = await run_in_threadpool(cached.render, view, render)
    return body
