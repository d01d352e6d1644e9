"""Typed dependencies: settings, state, access checks, the organisation and its analysis.

Dependencies are `async def` so cheap ones (a cache hit, a stat of the input files) run on the
event loop; anything that reads files or computes runs in the thread pool.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Header, Path, Request, Security
from pydantic import StringConstraints
from starlette.concurrency import run_in_threadpool

from gapcheck import service
from gapcheck.api.auth import authorize, check_org, current_token
from gapcheck.api.cache import AnalysisKey, CachedAnalysis, revalidates
from gapcheck.api.config import Settings, TokenSpec
from gapcheck.api.params import ID_CHARS, AsOfQuery, PinQuery, PinStr, parse_date, parse_pin_list
from gapcheck.api.state import ORG_ID_PATTERN, AppState, CatalogSnapshot, OrgContext
from gapcheck.model import Catalog
from gapcheck.model.result import AnalysisResult

__all__ = [
    "ID_PATTERN",
    "Analysis",
    "AnalysisDep",
    "CatalogDep",
    "IfNoneMatch",
    "ItemId",
    "OrgDep",
    "OrgId",
    "PinStr",
    "ReadAccess",
    "SettingsDep",
    "StateDep",
    "WriteAccess",
    "catalog_snapshot",
    "org_context",
]

ID_PATTERN = f"^{ID_CHARS}$"


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.gapcheck
    return state


SettingsDep = Annotated[Settings, Depends(get_settings)]
StateDep = Annotated[AppState, Depends(get_state)]
# The read check itself is on every protected router (`gapcheck.api.routes`); a route reads
# the token it accepted.
ReadAccess = Annotated[TokenSpec, Depends(current_token)]
WriteAccess = Annotated[TokenSpec, Security(authorize, scopes=["write"])]

ItemId = Annotated[str, StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=120)]
OrgId = Annotated[
    str,
    Path(
        pattern=ORG_ID_PATTERN,
        max_length=64,
        description="The organisation's folder name (see `GET /orgs`).",
        examples=["aldreforvaltningen"],
    ),
]
IfNoneMatch = Annotated[
    str | None,
    Header(
        alias="If-None-Match",
        max_length=2048,
        description="ETag(s) from an earlier answer; a match gives 304 Not Modified.",
    ),
]


async def get_catalog(state: StateDep) -> Catalog:
    """The loaded catalog, re-read first (in a worker thread) if its files changed."""
    catalog = state.peek_catalog()
    return catalog if catalog is not None else await run_in_threadpool(state.catalog)


async def catalog_snapshot(state: AppState) -> CatalogSnapshot:
    """The catalog load with its fingerprint, re-read first (in a worker thread) if changed."""
    snap = state.peek_catalog_snapshot()
    return snap if snap is not None else await run_in_threadpool(state.catalog_snapshot)


async def org_context(state: AppState, org: str, token: TokenSpec) -> OrgContext:
    """One organisation with its catalog, re-read first (in a worker thread) if its files
    changed; NotFoundError (404) for an id not discovered or one `token` may not read."""
    check_org(token, org)
    ctx = state.peek_org(org)
    return ctx if ctx is not None else await run_in_threadpool(state.org, org)


async def get_org(org: OrgId, request: Request, token: ReadAccess) -> OrgContext:
    """One organisation with its catalog; 404 for an id not discovered or not readable."""
    state: AppState = request.app.state.gapcheck  # not StateDep: one dependency less per call
    return await org_context(state, org, token)


CatalogDep = Annotated[Catalog, Depends(get_catalog)]
OrgDep = Annotated[OrgContext, Depends(get_org)]


@dataclass(frozen=True)
class Analysis:
    """An organisation's analysis at one date with pins: its key and ETag now, result on demand."""

    state: AppState
    ctx: OrgContext
    as_of: dt.date
    pins: dict[str, str]
    key: AnalysisKey
    requested_pins: dict[str, str] = field(default_factory=dict)  # `pin=` only (saved runs)

    @property
    def etag(self) -> str:
        return self.key.etag

    def not_modified(self, if_none_match: str | None) -> bool:
        """Whether If-None-Match names this analysis (either coding of it)."""
        return revalidates(if_none_match, self.etag)

    async def get(self) -> CachedAnalysis:
        """The cached analysis, computed in a worker thread on a miss."""
        cached = self.state.cache.get(self.key)
        if cached is not None:
            return cached
        return await run_in_threadpool(self.state.cache.get_or_compute, self.key, self._compute)

    def _compute(self) -> AnalysisResult:
        return service.analyze_loaded(self.ctx.catalog, self.ctx.data, self.as_of, self.pins)


async def get_analysis(
    org: OrgId, request: Request, as_of: AsOfQuery = None, pin: PinQuery = None
) -> Analysis:
    """The analysis handle for this request's organisation, date and pins."""
    # The organisation is resolved here, not through OrgDep: every dependency costs the
    # cached answers measurable time (benchmarks/api_load.py).
    state: AppState = request.app.state.gapcheck
    ctx = await org_context(state, org, await current_token(request))
    date = parse_date(as_of, ("query", "as_of")) or dt.date.today()
    requested = parse_pin_list(pin, ("query", "pin"))
    pins = service.resolve_pins(ctx.catalog, ctx.data, requested)
    key = AnalysisKey.of(ctx.id, date, pins, ctx.fingerprint)
    return Analysis(state, ctx, date, pins, key, requested)


AnalysisDep = Annotated[Analysis, Depends(get_analysis)]
