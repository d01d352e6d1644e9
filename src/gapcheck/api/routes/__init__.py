"""The `/api/v1` routes. Everything but `/health` needs a token with the `read` scope.

`include_routes` mounts every router one level deep (nesting costs time on each request) and
puts the read check on every protected router, so a new route cannot forget it. Every route
also refuses query parameters it does not declare (`gapcheck.api.params`).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, FastAPI, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, SecurityScopes

from gapcheck.api.auth import BEARER, authorize
from gapcheck.api.config import TokenSpec
from gapcheck.api.params import reject_unknown_query
from gapcheck.api.routes import (
    analysis,
    controls,
    incidents,
    meta,
    orgs,
    portfolio,
    report,
    requirements,
    runs,
    sources,
    versions,
)

__all__ = ["include_routes"]

# The hot analysis routes first: routers are matched in order.
_PROTECTED = (
    analysis,
    orgs,
    report,
    runs,
    portfolio,
    sources,
    requirements,
    controls,
    versions,
    incidents,
    meta,
)


async def _read_and_strict(
    security_scopes: SecurityScopes,
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)],
) -> TokenSpec:
    """`authorize`, then `reject_unknown_query`, in this order (401 before 422), as one
    dependency: each dependency costs a cached answer measurable time (issue 12)."""
    spec = await authorize(security_scopes, request, credentials)
    await reject_unknown_query(request)
    return spec


def include_routes(app: FastAPI, prefix: str) -> None:
    """Mount `/health` open and every other route behind the read scope."""
    app.include_router(
        meta.open_router, prefix=prefix, dependencies=[Depends(reject_unknown_query)]
    )
    for module in _PROTECTED:
        app.include_router(
            module.router,
            prefix=prefix,
            dependencies=[Security(_read_and_strict, scopes=["read"])],
        )
