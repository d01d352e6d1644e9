"""An organisation's analysis, its gaps (filtered, paginated) and one requirement's explanation.

Bodies are the `gapcheck analyze --json` schema, rendered once per analysis and view and then
served from the cache with an ETag; If-None-Match answers 304 without any work. `/analysis`
also comes as any format of the output-format registry (`gapcheck.service.formats`), chosen
by `?format=` or the `Accept` header, as `gapcheck report --format` chooses it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from gapcheck import service
from gapcheck.api.deps import ID_PATTERN, AnalysisDep, IfNoneMatch
from gapcheck.api.problems import problem_response
from gapcheck.api.routes._common import (
    ETAG_HEADERS,
    NOT_MODIFIED,
    RequirementId,
    cached_json,
    errors,
    not_modified,
)
from gapcheck.api.routes.report import WORKBOOK_ANSWERS, LangQuery, workbook_answer
from gapcheck.api.schemas import GapPage, GapRow, RequirementExplanation
from gapcheck.model.result import AnalysisResult, GapCategory
from gapcheck.service.formats import FORMATS, FormatName, Output, negotiate, output_format

__all__ = ["MAX_LIMIT", "router"]

router = APIRouter(tags=["analysis"])

MAX_LIMIT = 500

# A page of gaps without `?explain=true`: the rows without their explanations, and so without
# the table of the measures the explanations name.
_BRIEF: Any = {"items": {"__all__": {"explanation"}}, "measures": True}


@router.get(
    "/orgs/{org}/analysis",
    summary="The whole analysis (as `gapcheck analyze --json`, or another format)",
    description="JSON by default; `?format=` or `Accept` choose another format of the "
    "output-format registry: "
    + ", ".join(f"`{f.name}` ({f.media_type}: {f.description})" for f in FORMATS.values())
    + ". `?format=` wins over `Accept`; an `Accept` that allows none of them is 406.",
    response_model=AnalysisResult,
    responses={
        200: {
            "headers": ETAG_HEADERS,
            "description": "The analysis result.",
            "content": {
                FORMATS["xlsx"].media_type: {"schema": {"type": "string", "format": "binary"}}
            },
        },
        **WORKBOOK_ANSWERS,
        **errors(406),
    },
)
async def get_analysis(
    request: Request,
    analysis: AnalysisDep,
    format: Annotated[
        FormatName | None,
        Query(description="The output format (default: from `Accept`, else json)."),
    ] = None,
    lang: LangQuery = None,
    if_none_match: IfNoneMatch = None,
) -> Response:
    fmt = output_format(format) if format else negotiate(request.headers.get("accept"))
    if fmt is None:
        return problem_response(
            406,
            detail="Accept allows none of: " + ", ".join(f.media_type for f in FORMATS.values()),
            instance=request.url.path,
        )
    if fmt.name == "xlsx":
        return await workbook_answer(request, analysis, lang, if_none_match)
    if analysis.not_modified(if_none_match):
        return not_modified(request, analysis.etag)
    cached = await analysis.get()
    ctx = analysis.ctx

    def render(result: AnalysisResult) -> bytes:
        return fmt.render(Output(result, ctx.catalog, ctx.data, ctx.data.organisation.language))

    answer = await cached_json(request, cached, ("analysis", fmt.name), render)
    answer.headers["Vary"] = "Accept, Accept-Encoding"
    return answer


@router.get(
    "/orgs/{org}/gaps",
    summary="The gaps, highest priority first (filtered, paginated)",
    description="Each gap's row as in `gapcheck analyze --json`, without its `explanation` "
    "unless `explain=true`: the explanation is most of a row's size, and one gap's is at "
    "`/orgs/{org}/requirements/{id}/explain`.",
    response_model=GapPage,
    responses={
        200: {"headers": ETAG_HEADERS, "description": "One page of gaps and their total."},
        **NOT_MODIFIED,
        **errors(401, 403, 404, 422),
    },
)
async def get_gaps(
    request: Request,
    analysis: AnalysisDep,
    category: Annotated[
        GapCategory | None, Query(description="Only gaps of this category.")
    ] = None,
    source: Annotated[
        str | None,
        Query(
            pattern=ID_PATTERN,
            max_length=120,
            description="Only requirements of this source.",
            examples=["csl"],
        ),
    ] = None,
    min_priority: Annotated[
        int | None, Query(ge=0, le=100, description="Only gaps with at least this priority.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size.")] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000, description="Gaps to skip.")] = 0,
    explain: Annotated[
        bool,
        Query(description="Include each gap's `explanation` (default false: the rows without it)."),
    ] = False,
    if_none_match: IfNoneMatch = None,
) -> Response:
    if source is not None:
        service.find_source_versions(analysis.ctx.catalog, source)  # 404 for an unknown one
    if analysis.not_modified(if_none_match):
        return not_modified(request, analysis.etag)
    cached = await analysis.get()
    view = ("gaps", category, source, min_priority, limit, offset, explain)

    def render(result: AnalysisResult) -> bytes:
        rows = service.filter_gaps(result, category, source, min_priority)
        items = rows[offset : offset + limit]
        page = GapPage(
            organisation=result.organisation,
            as_of=result.as_of,
            total=len(rows),
            limit=limit,
            offset=offset,
            items=[GapRow.model_validate(row, from_attributes=True) for row in items],
            # The paths name measures by id (schema 3.0): their entries come with them.
            measures=result.measures_of(items) if explain else None,
        )
        return page.model_dump_json(exclude=None if explain else _BRIEF).encode()

    return await cached_json(request, cached, view, render)


@router.get(
    "/orgs/{org}/requirements/{requirement_id}/explain",
    summary="Explain one requirement's coverage",
    description="The requirement's result row: coverage, category, priority with reasons, "
    "and the path requirement → (transposes/specified_by) → control → measure behind it, "
    "with the measures it references (`measures`, as in the result's table).",
    response_model=RequirementExplanation,
    responses={
        200: {"headers": ETAG_HEADERS, "description": "The requirement's result."},
        **NOT_MODIFIED,
        **errors(401, 403, 404, 422),
    },
)
async def explain(
    request: Request,
    analysis: AnalysisDep,
    requirement_id: RequirementId,
    if_none_match: IfNoneMatch = None,
) -> Response:
    cached = await analysis.get()
    view = ("explain", requirement_id)

    def render(result: AnalysisResult) -> bytes:
        row = service.find_requirement(result, requirement_id)  # 404 names the id
        answer = RequirementExplanation.model_validate(
            {**dict(row), "measures": result.measures_of([row])}
        )
        return answer.model_dump_json().encode()

    if cached.view(view) is None:
        cached.render(view, render)  # an unknown id is 404 even with a matching If-None-Match
    if analysis.not_modified(if_none_match):
        return not_modified(request, analysis.etag)
    return await cached_json(request, cached, view, render)
