"""`/health` (open) and `/ready` (catalogs loaded)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from gapcheck import __version__
from gapcheck.api.deps import StateDep
from gapcheck.api.problems import problem_items, problem_response
from gapcheck.api.routes._common import errors
from gapcheck.api.schemas import Health, Ready

__all__ = ["open_router", "router"]

open_router = APIRouter(tags=["meta"])
router = APIRouter(tags=["meta"])


@open_router.get(
    "/health",
    summary="Liveness",
    description="Answers while the process runs. The only endpoint that needs no token.",
    response_model=Health,
)
async def health() -> Health:
    return Health(version=__version__)


@router.get(
    "/ready",
    summary="Readiness: the catalogs are loaded",
    response_model=Ready,
    responses=errors(401, 403, 503),
)
async def ready(request: Request, state: StateDep) -> Ready | Response:
    snap = await run_in_threadpool(state.catalog_snapshot)
    catalog = snap.catalog
    if catalog is None:
        items, total = problem_items(snap.problems)
        return problem_response(
            503,
            title="Not ready",
            detail="the catalogs do not load; fix the files listed in problems",
            slug="not-ready",
            instance=request.url.path,
            problems=items,
            problems_total=total,
        )
    return Ready(
        sources=len(catalog.sources()),
        versions=len(catalog.versions),
        requirements=sum(len(v.requirements) for v in catalog.versions),
        controls=len(catalog.controls),
        edges=len(catalog.edges),
        organisations=len(state.org_ids()),
        cached_analyses=len(state.cache),
    )
