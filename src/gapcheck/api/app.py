"""The FastAPI application: `create_app(settings)`; `create_app_from_env()` for uvicorn workers."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Security
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse

from gapcheck import __version__
from gapcheck.api.audit import AuditLog, AuditSink
from gapcheck.api.auth import authorize
from gapcheck.api.config import Settings, load_settings
from gapcheck.api.docs import mount_docs
from gapcheck.api.middleware import BodySizeLimit, HeadAsGet
from gapcheck.api.problems import PROBLEM_JSON, install_handlers
from gapcheck.api.routes import include_routes
from gapcheck.api.state import AppState
from gapcheck.api.workpool import WorkPool

__all__ = ["API_PREFIX", "OPENAPI_URL", "create_app", "create_app_from_env"]

API_PREFIX = "/api/v1"
OPENAPI_URL = f"{API_PREFIX}/openapi.json"

_DESCRIPTION = """\
Coverage and gaps of NIS2, Cybersäkerhetslagen, CER and GDPR against ISO/IEC 27001:2022 and an
organisation's own measures, as JSON — the same schemas as `gapcheck analyze --json`,
`gapcheck diff --json` and `gapcheck deadlines --json`.

**Tokens.** Every endpoint but `/health` needs `Authorization: Bearer <token>`. Make a token
with `gapcheck token --org ORG`; the server's config holds only its `sha256:` hash. Scope `read`
covers every GET, `write` (which includes read) also allows `POST /orgs/{org}/reload`. A token
reads only the organisations it names (`*` for all): any other is 404, as if it did not exist.

**Strict parameters.** Dates are `YYYY-MM-DD` in 2000–2099; a query parameter an operation
does not declare is 422, naming the allowed ones. HEAD is answered wherever GET is.

**Errors** are RFC 9457 `application/problem+json`: `type`, `title`, `status`, `detail`,
`instance`, plus `errors` (invalid request) or `problems` (input files that do not load).

**Caching.** Analysis and diff answers carry an `ETag` derived from the organisation's and
catalogs' file bytes and the query (date, pins, versions, prefixes); send it back in
`If-None-Match` for a 304. Changed files are
noticed on the next request; `POST /orgs/{org}/reload` forces a re-read.
"""

TAGS: list[dict[str, Any]] = [
    {"name": "meta", "description": "Liveness and readiness."},
    {"name": "catalog", "description": "Legal sources, versions, requirements and controls."},
    {"name": "organisations", "description": "The organisations found, and reloading one."},
    {
        "name": "analysis",
        "description": "Coverage, gaps and explanations (cached; ETag and If-None-Match).",
    },
    {"name": "reports", "description": "The Excel workbook for management."},
    {
        "name": "portfolio",
        "description": "Every organisation at once: coverage, groups and the gaps they share "
        "(a token for all organisations; cached; ETag and If-None-Match).",
    },
    {
        "name": "versions",
        "description": "What changed between two versions of a legal source, and what that "
        "does to an organisation's gaps (cached; ETag and If-None-Match).",
    },
    {
        "name": "runs",
        "description": "Saved runs (the database of GAPCHECK_DATABASE_URL), what moved between "
        "two, and the coverage trend; saving one needs the write scope.",
    },
    {
        "name": "incidents",
        "description": "Reports due after an incident: deadlines as timestamps, and where "
        "each report goes.",
    },
]


class _GapcheckAPI(FastAPI):
    def openapi(self) -> dict[str, Any]:
        """The OpenAPI document, with every error answer typed application/problem+json."""
        if self.openapi_schema:
            return self.openapi_schema
        schema = get_openapi(
            title=self.title,
            version=self.version,
            summary=self.summary,
            description=self.description,
            routes=self.routes,
            tags=self.openapi_tags,
        )
        for path_item in schema.get("paths", {}).values():
            for operation in path_item.values():
                for code, answer in operation.get("responses", {}).items():
                    content = answer.get("content", {})
                    if code.isdigit() and int(code) >= 400 and "application/json" in content:
                        answer["content"] = {PROBLEM_JSON: content["application/json"]}
        self.openapi_schema = schema
        return schema


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app: load the catalogs and organisations, wire routes, errors and limits.

    Loading problems do not stop the app: `/ready` and the affected endpoints report them.
    """
    settings = settings if settings is not None else load_settings()
    public_docs = settings.public_docs
    app = _GapcheckAPI(
        title="gapcheck API",
        version=__version__,
        summary="Compliance gap analysis over HTTP",
        description=_DESCRIPTION,
        openapi_url=OPENAPI_URL if public_docs else None,
        docs_url=None,  # mount_docs serves /docs from the installed package, no CDN
        redoc_url=None,
        openapi_tags=TAGS,
    )
    app.state.settings = settings
    app.state.gapcheck = AppState(settings)
    app.state.report_pool = WorkPool(settings.report_workers, settings.report_queue)
    install_handlers(app)
    # Innermost first: HEAD runs as GET, bodies are capped, and every request is audited.
    app.add_middleware(HeadAsGet)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(AuditLog, sink=AuditSink(settings.audit_log), prefix=API_PREFIX)
    include_routes(app, API_PREFIX)
    if public_docs:
        mount_docs(app, OPENAPI_URL)
    if not public_docs:

        @app.get(
            OPENAPI_URL,
            include_in_schema=False,
            dependencies=[Security(authorize, scopes=["read"])],
        )
        async def openapi_document() -> JSONResponse:
            return JSONResponse(app.openapi())

    return app


def create_app_from_env() -> FastAPI:
    """uvicorn factory (`--factory gapcheck.api.app:create_app_from_env`): settings from the
    environment and GAPCHECK_CONFIG, as `gapcheck serve` sets them for every worker."""
    return create_app(load_settings())
