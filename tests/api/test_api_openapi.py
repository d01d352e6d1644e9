"""The OpenAPI document is complete, and the API keeps its promises (schemathesis)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from conftest import DATA, READ, TOKENS, WRITE, TestClient, bearer
from hypothesis import HealthCheck, settings

from gapcheck.api.app import create_app
from gapcheck.api.config import Settings


def test_openapi_is_complete(tiny_module_client: TestClient) -> None:
    doc = tiny_module_client.get("/api/v1/openapi.json").json()
    assert doc["info"]["title"] == "gapcheck API"
    assert doc["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": doc["components"]["securitySchemes"]["bearer"]["description"],
    }
    tags = {t["name"] for t in doc["tags"]}
    for path, item in doc["paths"].items():
        for method, op in item.items():
            where = f"{method.upper()} {path}"
            assert op.get("summary"), where
            assert set(op["tags"]) <= tags, where
            assert "200" in op["responses"], where
            for code, answer in op["responses"].items():
                if int(code) >= 400:
                    assert list(answer["content"]) == ["application/problem+json"], where
            if path != "/api/v1/health":
                assert op["security"], where
                assert "401" in op["responses"] and "403" in op["responses"], where
            else:
                assert "security" not in op
    schemas = doc["components"]["schemas"]
    assert "examples" in schemas["ProblemDetails"]
    assert "AnalysisResult" in schemas and "GapPage" in schemas


def test_docs_page(tiny_module_client: TestClient) -> None:
    r = tiny_module_client.get("/docs")
    assert r.status_code == 200
    assert "/api/v1/openapi.json" in r.text


def test_docs_can_be_closed(make_client: Any) -> None:
    client = make_client(public_docs=False)
    assert client.get("/docs").status_code == 404
    assert client.get("/api/v1/openapi.json").status_code == 401
    assert client.get("/api/v1/openapi.json", headers=bearer(READ)).json()["paths"]


# ------------------------------------------------------------------------ schemathesis
# A fixed copy of the tiny data: property tests must not see files change under them.
_ROOT = Path(__file__).parent / ".schemathesis-data"


def _app() -> Any:
    shutil.rmtree(_ROOT, ignore_errors=True)
    shutil.copytree(DATA / "catalog_tiny", _ROOT / "catalog")
    shutil.copytree(DATA / "org_tiny", _ROOT / "orgs" / "tiny")
    return create_app(
        Settings(catalog_dir=_ROOT / "catalog", orgs_dirs=[_ROOT / "orgs"], tokens=TOKENS)
    )


def _load_schema() -> Any:
    try:
        return schemathesis.openapi.from_asgi("/api/v1/openapi.json", _app())
    finally:
        pass


SCHEMA = _load_schema()


@pytest.fixture(scope="module", autouse=True)
def _cleanup() -> Any:
    yield
    shutil.rmtree(_ROOT, ignore_errors=True)


@SCHEMA.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_conforms_to_its_schema(case: Any) -> None:
    """No 5xx, every answer matches the documented status, content type and schema."""
    token = WRITE if case.method == "POST" else READ
    case.call_and_validate(headers=bearer(token))
