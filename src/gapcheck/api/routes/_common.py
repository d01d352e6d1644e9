"""Shared pieces of the route modules: documented error responses and cached-body answers."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Annotated, Any

from fastapi import Path
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from gapcheck.api.cache import CachedAnalysis
from gapcheck.api.deps import ID_PATTERN
from gapcheck.api.problems import ProblemDetails
from gapcheck.model.result import AnalysisResult

__all__ = [
    "CACHE_CONTROL",
    "ETAG_HEADERS",
    "NOT_MODIFIED",
    "ControlId",
    "RequirementId",
    "SourceId",
    "VersionId",
    "errors",
    "json_bytes",
    "not_modified",
    "rendered",
]

_DESCRIPTIONS = {
    401: "No bearer token, or one the server does not know (see `WWW-Authenticate`).",
    403: "The token lacks the scope this operation needs.",
    404: "An id in the path or query is not in the loaded data; `detail` names it.",
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


def json_bytes(body: bytes, etag: str, media_type: str = "application/json") -> Response:
    """A cached, already rendered body with its validators."""
    return Response(
        body, media_type=media_type, headers={"ETag": etag, "Cache-Control": CACHE_CONTROL}
    )


def not_modified(etag: str) -> Response:
    return Response(status_code=304, headers={"ETag": etag, "Cache-Control": CACHE_CONTROL})


async def rendered(
    cached: CachedAnalysis, view: Hashable, render: Callable[[AnalysisResult], bytes]
) -> bytes:
    """A view's bytes from the cache, rendered in a worker thread the first time."""
    body = cached.view(view)
    if body is None:
        body = await run_in_threadpool(cached.render, view, render)
    return body
