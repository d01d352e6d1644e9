"""The city-wide portfolio: every organisation the server loaded, at one date (issue 12).

Both answers cover every organisation, so they need a token that reads all of them
(`orgs: ['*']`, `require_all_orgs`). Each organisation's analysis comes from (and goes into)
the same cache as `/orgs/{org}/analysis`; the portfolio of one date is cached by every
organisation's input fingerprint, and its pages by their query. The ETag changes when any
organisation's (or the catalogs') files do.

`compare=previous` adds `comparison`, as `gapcheck portfolio --compare --json`: each
organisation against its newest saved run (the runs database of `GAPCHECK_DATABASE_URL`, read
on every such request); the ETag then also covers which run that is for every organisation,
so saving a run changes it.

The routes, their query parameters and page models are here; how a portfolio is computed and
cached (`PortfolioKey`, each organisation's part from the shared analysis cache, the newest
saved runs) is in `gapcheck.api.routes._portfolio_run`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import Field
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from gapcheck import service
from gapcheck.api.auth import require_all_orgs
from gapcheck.api.cache import revalidates
from gapcheck.api.config import TokenSpec
from gapcheck.api.deps import ID_PATTERN, IfNoneMatch, StateDep
from gapcheck.api.params import AsOfQuery, parse_date
from gapcheck.api.routes._common import (
    ETAG_HEADERS,
    NOT_MODIFIED,
    cached_json,
    errors,
    not_modified,
)
from gapcheck.api.routes._portfolio_run import (
    PortfolioKey,
    compute_portfolio,
    newest_runs,
    portfolio_cache,
    portfolio_key,
)
from gapcheck.api.state import AppState
from gapcheck.model import OrgGroup
from gapcheck.model.common import OutputModel
from gapcheck.model.portfolio import (
    PORTFOLIO_SCHEMA_VERSION,
    PortfolioFilters,
    PortfolioResult,
    SharedGap,
)
from gapcheck.model.result import GapCategory
from gapcheck.service import PortfolioRun

__all__ = ["MAX_LIMIT", "PortfolioKey", "PortfolioPage", "SharedGapPage", "router"]

router = APIRouter(tags=["portfolio"])

MAX_LIMIT = 500

AllOrgs = Annotated[TokenSpec, Depends(require_all_orgs)]


class PortfolioPage(PortfolioResult):
    """`gapcheck portfolio --json` with `organisations` paginated."""

    total: int = Field(description="organisations analysed (after the group filter)")
    limit: int
    offset: int


class SharedGapPage(OutputModel):
    """One page of the shared gaps."""

    schema_version: str = PORTFOLIO_SCHEMA_VERSION
    as_of: dt.date
    filters: PortfolioFilters
    organisations: int = Field(description="organisations analysed (after the group filter)")
    total: int
    limit: int
    offset: int
    items: list[SharedGap]


GroupQuery = Annotated[OrgGroup | None, Query(description="Only organisations of this group.")]
SourceQuery = Annotated[
    str | None,
    Query(pattern=ID_PATTERN, max_length=120, description="Only this binding source."),
]
CategoryQuery = Annotated[GapCategory | None, Query(description="Only gaps of this category.")]
PriorityQuery = Annotated[
    int | None, Query(ge=0, le=100, description="Only gaps with at least this priority.")
]
LimitQuery = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size.")]
OffsetQuery = Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip.")]


_ANSWERS = {
    200: {"headers": ETAG_HEADERS, "description": "One page and the totals."},
    **NOT_MODIFIED,
    **errors(401, 403, 404, 422),
}


@router.get(
    "/portfolio",
    summary="Every organisation at one date: coverage, groups, shared gaps (paginated)",
    description="As `gapcheck portfolio --json` (docs/portfolio.md) with `organisations` "
    "paginated (`total`, `limit`, `offset`). Needs a token for every organisation (`*`).",
    response_model=PortfolioPage,
    responses=_ANSWERS,
)
async def get_portfolio(
    request: Request,
    state: StateDep,
    _token: AllOrgs,
    as_of: AsOfQuery = None,
    group: GroupQuery = None,
    source: SourceQuery = None,
    category: CategoryQuery = None,
    min_priority: PriorityQuery = None,
    limit: LimitQuery = 100,
    offset: OffsetQuery = 0,
    compare: Annotated[
        Literal["previous"] | None,
        Query(
            description="`previous`: add `comparison`, each organisation against its newest "
            "saved run (as `gapcheck portfolio --compare`; the ETag covers those runs)."
        ),
    ] = None,
    if_none_match: IfNoneMatch = None,
) -> Response:
    filters = PortfolioFilters(
        group=group, source=source, category=category, min_priority=min_priority
    )
    view = ("page", filters, limit, offset)
    return await _answer(request, state, as_of, if_none_match, view, compare == "previous")


@router.get(
    "/portfolio/shared-gaps",
    summary="The gaps most organisations share, with the measures that close them (paginated)",
    description="Requirements ranked by how many organisations have them as gaps, then by "
    "their summed priority; `min_orgs` keeps those of at least that many organisations. Needs "
    "a token for every organisation (`*`).",
    response_model=SharedGapPage,
    responses=_ANSWERS,
)
async def get_shared_gaps(
    request: Request,
    state: StateDep,
    _token: AllOrgs,
    as_of: AsOfQuery = None,
    group: GroupQuery = None,
    source: SourceQuery = None,
    category: CategoryQuery = None,
    min_priority: PriorityQuery = None,
    min_orgs: Annotated[
        int, Query(ge=1, le=100_000, description="Only gaps of at least this many organisations.")
    ] = 1,
    limit: LimitQuery = 100,
    offset: OffsetQuery = 0,
    if_none_match: IfNoneMatch = None,
) -> Response:
    filters = PortfolioFilters(
        group=group, source=source, category=category, min_priority=min_priority
    )
    view = ("shared", filters, min_orgs, limit, offset)
    return await _answer(request, state, as_of, if_none_match, view)


async def _answer(
    request: Request,
    state: AppState,
    as_of: str | None,
    if_none_match: str | None,
    view: tuple[object, ...],
    compare: bool = False,
) -> Response:
    date = parse_date(as_of, ("query", "as_of")) or dt.date.today()
    filters = view[1]
    assert isinstance(filters, PortfolioFilters)
    if filters.source is not None:
        catalog = state.peek_catalog()
        if catalog is None:
            catalog = await run_in_threadpool(state.catalog)
        service.find_source_versions(catalog, filters.source)  # 404 for an unknown one
    key = await run_in_threadpool(portfolio_key, state, date)
    previous = None
    if compare:
        previous = await run_in_threadpool(newest_runs, state)
        ids = tuple(sorted((org, p.run if p else None) for org, p in previous.items()))
        key = dataclasses.replace(key, previous=ids)
    if revalidates(if_none_match, key.etag):
        return not_modified(request, key.etag)
    cache = portfolio_cache(request)
    cached = cache.get(key)
    if cached is None:

        def compute() -> PortfolioRun:
            return compute_portfolio(state, key, previous)

        cached = await run_in_threadpool(cache.get_or_compute, key, compute)
    return await cached_json(request, cached, view, lambda run: _render(run, view))


def _render(run: PortfolioRun, view: tuple[object, ...]) -> bytes:
    kind, filters = view[0], view[1]
    assert isinstance(filters, PortfolioFilters)
    result = service.build_portfolio(run, filters)
    if kind == "page":
        limit, offset = int(str(view[2])), int(str(view[3]))
        page = PortfolioPage(
            **{
                **result.model_dump(),
                "organisations": result.organisations[offset : offset + limit],
            },
            total=len(result.organisations),
            limit=limit,
            offset=offset,
        )
        return page.model_dump_json().encode()
    min_orgs, limit, offset = (int(str(v)) for v in view[2:5])
    items = [s for s in result.shared_gaps if s.count >= min_orgs]
    return (
        SharedGapPage(
            as_of=result.as_of,
            filters=filters,
            organisations=result.totals.analysed,
            total=len(items),
            limit=limit,
            offset=offset,
            items=items[offset : offset + limit],
        )
        .model_dump_json()
        .encode()
    )
