"""The Excel workbook of an analysis, built by `gapcheck.report` (loaded on first use)."""

from __future__ import annotations

import importlib
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, cast

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from gapcheck.api.deps import AnalysisDep, IfNoneMatch
from gapcheck.api.problems import problem_response
from gapcheck.api.routes._common import (
    CACHE_CONTROL,
    NOT_MODIFIED,
    errors,
    rendered,
)
from gapcheck.model import Lang
from gapcheck.model.result import AnalysisResult

__all__ = ["XLSX", "router"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

router = APIRouter(tags=["reports"])

Writer = Callable[..., Any]


def _writer() -> Writer | None:
    """`gapcheck.report.write_workbook`, or None when this installation lacks it."""
    try:
        module = importlib.import_module("gapcheck.report")
    except ImportError:
        return None
    writer = getattr(module, "write_workbook", None)
    return cast(Writer, writer) if callable(writer) else None


@router.get(
    "/orgs/{org}/report.xlsx",
    summary="Download the Excel workbook",
    response_class=Response,
    responses={
        200: {
            "description": "The workbook (Swedish by default: the organisation's language).",
            "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
            "headers": {
                "ETag": {"schema": {"type": "string"}, "description": "weak validator"},
                "Content-Disposition": {"schema": {"type": "string"}},
            },
        },
        **NOT_MODIFIED,
        **errors(401, 403, 404, 422, 501),
    },
)
async def get_report(
    request: Request,
    analysis: AnalysisDep,
    lang: Annotated[
        Lang | None, Query(description="sv or en (default: the organisation's language).")
    ] = None,
    if_none_match: IfNoneMatch = None,
) -> Response:
    writer = _writer()
    if writer is None:
        return problem_response(
            501,
            title="Workbook not available",
            detail="this installation has no Excel report (install gapcheck[excel])",
            slug="report-unavailable",
            instance=request.url.path,
        )
    language: Lang = lang or analysis.ctx.data.organisation.language
    etag = "W/" + analysis.etag
    if analysis.not_modified(if_none_match):
        return Response(status_code=304, headers={"ETag": etag, "Cache-Control": CACHE_CONTROL})
    cached = await analysis.get()
    ctx = analysis.ctx

    def render(result: AnalysisResult) -> bytes:
        with tempfile.TemporaryDirectory(prefix="gapcheck-report-") as tmp:
            path = Path(tmp) / "report.xlsx"
            writer(result, ctx.catalog, ctx.data, path, language)
            return path.read_bytes()

    view = ("xlsx", language)
    body = await rendered(cached, view, render)
    filename = f"{ctx.id}-{analysis.as_of.isoformat()}-{language}.xlsx"
    return Response(
        body,
        media_type=XLSX,
        headers={
            "ETag": etag,
            "Cache-Control": CACHE_CONTROL,
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )
