"""`/docs` works offline: Swagger UI comes from the installed package (issue 10 item 11)."""

from __future__ import annotations

import re

from tests.support.api_support import TestClient


def test_docs_reference_no_external_url(tiny_module_client: TestClient) -> None:
    page = tiny_module_client.get("/docs")
    assert page.status_code == 200
    urls = re.findall(r"""(?:src|href|url)\s*[:=]\s*["']([^"']+)["']""", page.text)
    assert urls, page.text
    for url in urls:
        assert url.startswith("/"), f"/docs loads {url} from elsewhere"
        assert "//" not in url
    assert '"validatorUrl": null' in page.text  # no call to validator.swagger.io


def test_docs_assets_are_served_from_the_package(tiny_module_client: TestClient) -> None:
    page = tiny_module_client.get("/docs").text
    for asset in re.findall(r"""(?:src|href)="(/docs/assets/[^"]+)\"""", page):
        r = tiny_module_client.get(asset)
        assert r.status_code == 200, asset
        assert len(r.content) > 1000
    js = tiny_module_client.get("/docs/assets/swagger-ui-bundle.js")
    assert "SwaggerUIBundle" in js.text


def test_docs_point_at_the_openapi_document(tiny_module_client: TestClient) -> None:
    assert "/api/v1/openapi.json" in tiny_module_client.get("/docs").text
