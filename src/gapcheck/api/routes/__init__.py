"""The `/api/v1` routes. Everything but `/health` needs a token with the `read` scope."""

from __future__ import annotations

from fastapi import APIRouter, Security

from gapcheck.api.auth import authorize
from gapcheck.api.routes import analysis, controls, meta, orgs, report, requirements, sources

__all__ = ["open_router", "protected_router"]

open_router = APIRouter()
open_router.include_router(meta.open_router)

# Closed by default: the read check sits on the router, so a new route cannot forget it.
protected_router = APIRouter(dependencies=[Security(authorize, scopes=["read"])])
for _module in (meta, sources, requirements, controls, orgs, analysis, report):
    protected_router.include_router(_module.router)
