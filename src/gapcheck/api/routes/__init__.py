"""The `/api/v1` routes. Everything but `/health` needs a token with the `read` scope.

`include_routes` mounts every router one level deep (nesting costs time on each request) and
puts the read check on every protected router, so a new route cannot forget it. Every route
also refuses query parameters it does not declare (`gapcheck.api.params`).
"""

from __future__ import annotations

from fastapi import Depends, FastAPI, Security

from gapcheck.api.auth import authorize
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


def include_routes(app: FastAPI, prefix: str) -> None:
    """Mount `/health` open and every other route behind the read scope."""
    strict = Depends(reject_unknown_query)
    app.include_router(meta.open_router, prefix=prefix, dependencies=[strict])
    for module in _PROTECTED:
        app.include_router(
            module.router,
            prefix=prefix,
            dependencies=[Security(authorize, scopes=["read"]), strict],
        )
