"""Every error the API answers is RFC 9457 `application/problem+json`.

`type` is `about:blank` for plain HTTP errors (the title is then the status phrase) and
`urn:gapcheck:problem:<slug>` for gapcheck's own; docs/api.md lists them. The handler for
`GapcheckError` is the one place that maps gapcheck's exception tree onto HTTP.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from gapcheck.api.workpool import PoolFull
from gapcheck.errors import (
    MAX_SHOWN,
    GapcheckError,
    InputError,
    NotFoundError,
    OutputError,
    Problem,
    StorageError,
)

__all__ = [
    "PROBLEM_JSON",
    "FieldError",
    "ProblemDetails",
    "ProblemItem",
    "install_handlers",
    "problem_items",
    "problem_response",
]

log = logging.getLogger("gapcheck.api")

PROBLEM_JSON = "application/problem+json"
_URN = "urn:gapcheck:problem:"


class ProblemItem(BaseModel):
    """One problem in an input file (catalog, organisation or config)."""

    model_config = ConfigDict(frozen=True)

    file: str
    line: int | None = None
    entry: str | None = None
    message: str
    hint: str = ""


def problem_items(problems: Iterable[Problem]) -> tuple[list[ProblemItem], int]:
    """The first MAX_SHOWN problems as items, and how many there are in all: a file of
    200,000 bad rows answers 50 of them and the count, not a body of megabytes."""
    listed = list(problems)
    items = [
        ProblemItem(file=p.file, line=p.line, entry=p.entry, message=p.message, hint=p.hint)
        for p in listed[:MAX_SHOWN]
    ]
    return items, len(listed)


class FieldError(BaseModel):
    """One invalid part of the request."""

    model_config = ConfigDict(frozen=True)

    loc: str = Field(description="where, e.g. `query.limit` or `path.org`")
    msg: str
    type: str


class ProblemDetails(BaseModel):
    """RFC 9457 problem details."""

    model_config = ConfigDict(
        frozen=True,
        json_schema_extra={
            "examples": [
                {
                    "type": "urn:gapcheck:problem:not-found",
                    "title": "Not found",
                    "status": 404,
                    "detail": "unknown requirement 'csl:2.3.p9' — did you mean csl:2.3.p1?",
                    "instance": "/api/v1/requirements/csl:2.3.p9",
                }
            ]
        },
    )

    type: str = Field(default="about:blank", description="URI reference naming the problem type")
    title: str = Field(description="short summary of the problem type")
    status: int = Field(ge=100, le=599, description="the HTTP status code")
    detail: str | None = Field(default=None, description="this occurrence, for people")
    instance: str | None = Field(default=None, description="the request path")
    problems: list[ProblemItem] | None = Field(
        default=None,
        description="the problems in the input files (invalid-input-files), the first "
        f"{MAX_SHOWN} when there are more",
    )
    problems_total: int | None = Field(
        default=None, ge=0, description="how many problems there are in all"
    )
    errors: list[FieldError] | None = Field(
        default=None, description="every invalid request part (invalid-request)"
    )


def problem_response(
    status: int,
    *,
    title: str | None = None,
    detail: str | None = None,
    instance: str | None = None,
    slug: str | None = None,
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> Response:
    """A problem+json response; `slug` makes the type `urn:gapcheck:problem:<slug>`."""
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    body = ProblemDetails(
        type=_URN + slug if slug else "about:blank",
        title=title or phrase,
        status=status,
        detail=detail,
        instance=instance,
        **extensions,
    )
    return Response(
        body.model_dump_json(exclude_none=True),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def _gapcheck_error(request: Request, exc: Exception) -> Response:
    """The one handler from gapcheck's exception tree to problem+json."""
    path = request.url.path
    if isinstance(exc, NotFoundError):
        return problem_response(
            404, title="Not found", detail=str(exc), instance=path, slug="not-found"
        )
    if isinstance(exc, InputError):
        items, count = problem_items(exc.problems)
        shown = f" (the first {len(items)} listed)" if count > len(items) else ""
        return problem_response(
            422,
            title="Invalid input files",
            detail=f"{count} problem{'s' if count != 1 else ''} in the catalog or "
            f"organisation files{shown}; fix them and reload",
            instance=path,
            slug="invalid-input-files",
            problems=items,
            problems_total=count,
        )
    if isinstance(exc, OutputError):
        log.error("output failed on %s: %s", path, exc)
        return problem_response(
            500, title="Output failed", detail=str(exc), instance=path, slug="output-failed"
        )
    if isinstance(exc, StorageError):  # the runs database: down or unusable, not a bad request
        log.error("runs database on %s: %s", path, exc)
        return problem_response(
            503, title="Storage unavailable", detail=str(exc), instance=path, slug="storage"
        )
    log.error("gapcheck error on %s: %s", path, exc)
    return problem_response(500, detail=str(exc), instance=path, slug="gapcheck-error")


async def _gapcheck_handler(request: Request, exc: Exception) -> Response:
    return _gapcheck_error(request, exc)


async def _validation_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [
        FieldError(
            loc=".".join(str(part) for part in err.get("loc", ())),
            msg=str(err.get("msg", "")),
            type=str(err.get("type", "")),
        )
        for err in exc.errors()
    ]
    detail = "; ".join(f"{e.loc}: {e.msg}" for e in errors[:5]) or "invalid request"
    return problem_response(
        422,
        title="Invalid request",
        detail=detail,
        instance=request.url.path,
        slug="invalid-request",
        errors=errors,
    )


async def _http_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    phrase = HTTPStatus(exc.status_code).phrase
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail != phrase else None
    return problem_response(
        exc.status_code,
        detail=detail,
        instance=request.url.path,
        headers=dict(exc.headers) if exc.headers else None,
    )


async def _busy_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PoolFull)
    return problem_response(
        503,
        title="Busy",
        detail="every workbook worker is busy and the queue is full; try again later",
        instance=request.url.path,
        slug="busy",
        headers={"Retry-After": str(exc.retry_after)},
    )


async def _unhandled_handler(request: Request, exc: Exception) -> Response:
    # The server logs the traceback (Starlette re-raises after this response is sent);
    # the client learns nothing about the inside.
    return problem_response(
        500, detail="unexpected error; the server log has the details", instance=request.url.path
    )


def install_handlers(app: FastAPI) -> None:
    """Make every error path answer problem+json."""
    app.add_exception_handler(GapcheckError, _gapcheck_handler)
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(StarletteHTTPException, _http_handler)
    app.add_exception_handler(PoolFull, _busy_handler)
    app.add_exception_handler(Exception, _unhandled_handler)
