"""The Excel workbook of an analysis, built by `gapcheck.report` (loaded on first use).

A workbook not yet rendered is generated in the app's bounded pool (`gapcheck.api.workpool`):
`report_workers` at once and `report_queue` waiting; beyond that the answer is 503 with
`Retry-After`. A rendered workbook is kept with its analysis and served without the pool.

When the organisation has saved runs, the workbook has the Uppföljning sheet, as
`gapcheck report` writes it (`gapcheck.service.runs.followup`: the trend over every saved run
and the comparison with the newest one that is not this very analysis), made from exactly the
bytes the analysis was parsed from. Which runs exist is part of the ETag and of the cached
view, so saving or pruning a run gives a new workbook.
"""

from __future__ import annotations

import hashlib
import importlib
from typing import Annotated, Any, cast

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from gapcheck.api.cache import etag_matches
from gapcheck.api.deps import Analysis, AnalysisDep, IfNoneMatch
from gapcheck.api.problems import ProblemDetails, problem_response
from gapcheck.api.routes._common import CACHE_CONTROL, NOT_MODIFIED, errors
from gapcheck.api.state import OrgContext
from gapcheck.api.workpool import WorkPool
from gapcheck.model import Lang
from gapcheck.model.result import AnalysisResult
from gapcheck.service.formats import FORMATS, Output, WorkbookWriter

__all__ = ["WORKBOOK_ANSWERS", "XLSX", "router", "workbook_answer"]

XLSX = FORMATS["xlsx"].media_type

router = APIRouter(tags=["reports"])

WORKBOOK_ANSWERS: dict[int | str, dict[str, Any]] = {
    **NOT_MODIFIED,
    **errors(401, 403, 404, 422, 501),
    503: {
        "model": ProblemDetails,
        "description": "Every workbook worker is busy and the queue is full: try again after "
        "`Retry-After` seconds (`busy`); or the runs database the Uppföljning sheet needs "
        "cannot be read (`storage`).",
        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
    },
}


def _writer() -> WorkbookWriter | None:
    """`gapcheck.report.write_workbook`, or None when this installation lacks it."""
    try:
        module = importlib.import_module("gapcheck.report")
    except ImportError:
        return None
    writer = getattr(module, "write_workbook", None)
    return cast(WorkbookWriter, writer) if callable(writer) else None


async def workbook_answer(
    request: Request, analysis: Analysis, lang: Lang | None, if_none_match: str | None
) -> Response:
    """The workbook of `analysis` (304, 501, 503 as documented in WORKBOOK_ANSWERS)."""
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
    ctx = analysis.ctx
    runs = await run_in_threadpool(_saved_runs, ctx)
    # Its own validator: the JSON of the same analysis is another representation.
    etag = f'W/{analysis.etag[:-1]}-xlsx-{language}{runs}"'
    if etag_matches(if_none_match, etag):
        return Response(status_code=304, headers={"ETag": etag, "Cache-Control": CACHE_CONTROL})
    cached = await analysis.get()
    fmt = FORMATS["xlsx"]

    def render(result: AnalysisResult) -> bytes:
        followup = _followup(ctx, result, analysis.requested_pins) if runs else None
        out = Output(result, ctx.catalog, ctx.data, language, workbook=writer, followup=followup)
        return fmt.render(out)

    view = ("xlsx", language, runs)
    body = cached.view(view)
    if body is None:
        pool: WorkPool = request.app.state.report_pool
        body = await pool.run(lambda: cached.render(view, render))
    filename = f"{ctx.id}-{analysis.as_of.isoformat()}-{language}{fmt.suffix}"
    return Response(
        body,
        media_type=fmt.media_type,
        headers={
            "ETag": etag,
            "Cache-Control": CACHE_CONTROL,
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )


def _saved_runs(ctx: OrgContext) -> str:
    """Which runs the organisation has saved, as an ETag part ("" for none, and while no runs
    database exists): its Uppföljning sheet shows every one of them."""
    from gapcheck.service import runs  # loads SQLAlchemy on first use, not at start-up

    page = runs.list_runs(ctx.data.organisation.id)
    if not page.items:
        return ""
    ids = ",".join(run.id for run in page.items)
    return "-runs-" + hashlib.sha256(ids.encode()).hexdigest()[:16]


def _followup(ctx: OrgContext, result: AnalysisResult, pins: dict[str, str]) -> Any:
    """The Uppföljning sheet's data (`FollowUp`), as `gapcheck report` makes it, from the very
    bytes this analysis was parsed from (never a second read of files that may have changed)."""
    from gapcheck.service import runs

    assert ctx.folder is not None
    assert ctx.catalog_root is not None
    captured = runs.captured_from(
        ctx.catalog, ctx.catalog_root, ctx.catalog_reads, ctx.data, ctx.folder, ctx.reads
    )
    return runs.followup(captured, result, None, pins)


LangQuery = Annotated[
    Lang | None, Query(description="sv or en (default: the organisation's language).")
]


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
        **WORKBOOK_ANSWERS,
    },
)
async def get_report(
    request: Request,
    analysis: AnalysisDep,
    lang: LangQuery = None,
    if_none_match: IfNoneMatch = None,
) -> Response:
    return await workbook_answer(request, analysis, lang, if_none_match)
