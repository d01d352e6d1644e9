"""Typed dependencies: settings, state, access checks, the organisation and its analysis.

Dependencies are `async def` so cheap ones (a cache hit, a stat of the input files) run on the
event loop; anything that reads files or computes runs in the thread pool.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Path, Query, Request, Security
from pydantic import StringConstraints
from starlette.concurrency import run_in_threadpool

from gapcheck import service
from gapcheck.api.auth import authorize
from gapcheck.api.cache import AnalysisKey, CachedAnalysis, revalidates
from gapcheck.api.config import Settings, TokenSpec
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

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:\-]*$"
_PIN_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:\-]*=[A-Za-z0-9][A-Za-z0-9._:\-]*$"


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.gapcheck
    return state


SettingsDep = Annotated[Settings, Depends(get_settings)]
StateDep = Annotated[AppState, Depends(get_state)]
ReadAccess = Annotated[TokenSpec, Security(authorize, scopes=["read"])]
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
PinStr = Annotated[str, StringConstraints(pattern=_PIN_PATTERN, max_length=241)]


async def get_catalog(state: StateDep) -> Catalog:
    """The loaded catalog, re-read first (in a worker thread) if its files changed."""
    catalog = state.peek_catalog()
    return catalog if catalog is not None else await run_in_threadpool(state.catalog)


async def catalog_snapshot(state: AppState) -> CatalogSnapshot:
    """The catalog load with its fingerprint, re-read first (in a worker thread) if changed."""
    snap = state.peek_catalog_snapshot()
    return snap if snap is not None else await run_in_threadpool(state.catalog_snapshot)


async def org_context(state: AppState, org: str) -> OrgContext:
    """One organisation with its catalog, re-read first (in a worker thread) if its files
    changed; NotFoundError (404) for an id not discovered."""
    ctx = state.peek_org(org)
    return ctx if ctx is not None else await run_in_threadpool(state.org, org)


async def get_org(org: OrgId, request: Request) -> OrgContext:
    """One organisation with its catalog; 404 for an id not discovered."""
    state: AppState = request.app.state.gapcheck  # not StateDep: one dependency less per call
    return await org_context(state, org)


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
    ctx: OrgDep,
    request: Request,
    as_of: Annotated[
        dt.date | None,
        Query(
            description="Analysis date, YYYY-MM-DD (default: today).",
            examples=["2026-11-28"],
        ),
    ] = None,
    pin: Annotated[
        list[PinStr] | None,
        Query(
            max_length=20,
            description="Pin a source version, SOURCE=VERSION (repeatable); "
            "overrides the organisation's own pins.",
            examples=[["csl=sfs-2025-1506"]],
        ),
    ] = None,
) -> Analysis:
    """The analysis handle for this request's organisation, date and pins."""
    date = as_of or dt.date.today()
    pins = service.resolve_pins(ctx.catalog, ctx.data, service.parse_pins(pin or []))
    key = AnalysisKey.of(ctx.id, date, pins, ctx.fingerprint)
    return Analysis(request.app.state.gapcheck, ctx, date, pins, key)


AnalysisDep = Annotated[Analysis, Depends(get_analysis)]
