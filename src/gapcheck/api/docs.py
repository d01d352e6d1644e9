"""`/docs`: Swagger UI from the installed package, so it works on a network without internet.

FastAPI's own page loads Swagger UI from a CDN and is blank offline. The assets here come from
the `fastapi-offline` package (Swagger UI 5, which reads OpenAPI 3.1), served under
`/docs/assets/`; the page names no external URL (the validator badge is off: it would call
out to validator.swagger.io).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.staticfiles import StaticFiles
from starlette.responses import HTMLResponse

__all__ = ["ASSETS_URL", "DOCS_URL", "assets_dir", "mount_docs"]

DOCS_URL = "/docs"
ASSETS_URL = "/docs/assets"


def assets_dir() -> Path:
    """The folder of the Swagger UI files shipped by `fastapi-offline`."""
    return Path(str(files("fastapi_offline") / "static"))


def mount_docs(app: FastAPI, openapi_url: str) -> None:
    """Serve Swagger UI at `/docs`, its assets under `/docs/assets/`."""
    app.mount(ASSETS_URL, StaticFiles(directory=assets_dir()), name="docs-assets")

    @app.get(DOCS_URL, include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}{openapi_url}",
            title=f"{app.title} — documentation",
            swagger_js_url=f"{root}{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{root}{ASSETS_URL}/favicon.png",
            swagger_ui_parameters={"validatorUrl": None},
        )
