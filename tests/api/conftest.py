"""API test fixtures: apps over copies of the tiny data and over the real catalogs + example.

Tokens: `READ` has scope read, `WRITE` has write (which includes read), `WRONG` is unknown.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gapcheck.api.app import create_app
from gapcheck.api.config import Settings
from gapcheck.catalog import collect_catalog, collect_org, default_catalog_root
from tests.support.api_support import (
    DATA,
    EXAMPLE,
    TOKENS,
    MakeClient,
    TestClient,
)
from tests.support.databases import ENGINES, fresh_database


@pytest.fixture(params=ENGINES)
def db_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """A fresh runs database on each engine (PostgreSQL with GAPCHECK_TEST_DATABASE_URL),
    as GAPCHECK_DATABASE_URL."""
    with fresh_database(request.param, tmp_path) as url:
        monkeypatch.setenv("GAPCHECK_DATABASE_URL", url)
        yield url


@pytest.fixture
def tiny_dirs(tmp_path: Path) -> tuple[Path, Path]:
    """Fresh copies: (catalog root, orgs folder holding `tiny/`), safe to change."""
    catalog = tmp_path / "catalog"
    shutil.copytree(DATA / "catalog_tiny", catalog)
    orgs = tmp_path / "orgs"
    shutil.copytree(DATA / "org_tiny", orgs / "tiny")
    return catalog, orgs


@pytest.fixture
def make_client(tiny_dirs: tuple[Path, Path]) -> Iterator[MakeClient]:
    """`make_client(**settings)`: a TestClient over the tiny copies, settings overridable."""
    clients: list[TestClient] = []

    def make(raise_server_exceptions: bool = True, **overrides: Any) -> TestClient:
        catalog, orgs = tiny_dirs
        values: dict[str, Any] = {
            "catalog_dir": catalog,
            "orgs_dirs": [orgs],
            "tokens": TOKENS,
            "check_interval": 0,  # tests change files and expect the next request to see it
        }
        values.update(overrides)
        client = TestClient(
            create_app(Settings(**values)), raise_server_exceptions=raise_server_exceptions
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client(make_client: MakeClient) -> TestClient:
    """Tiny catalog and organisation `tiny`."""
    return make_client()


@pytest.fixture(scope="module")
def tiny_module_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One app over the tiny data for a whole module (for read-only tests)."""
    root = tmp_path_factory.mktemp("tiny")
    shutil.copytree(DATA / "catalog_tiny", root / "catalog")
    shutil.copytree(DATA / "org_tiny", root / "orgs" / "tiny")
    settings = Settings(catalog_dir=root / "catalog", orgs_dirs=[root / "orgs"], tokens=TOKENS)
    with TestClient(create_app(settings)) as client:
        yield client


def _real_ready() -> str | None:
    if not (EXAMPLE / "organisation.yaml").is_file():
        return "the example organisation is not written yet"
    catalog, problems = collect_catalog(default_catalog_root())
    if catalog is None or problems:
        return "the shipped catalogs do not load yet"
    _, problems = collect_org(EXAMPLE, catalog)
    if problems:
        return f"the example organisation does not load yet ({problems[0]})"
    return None


@pytest.fixture(scope="session")
def real_client() -> Iterator[TestClient]:
    """The shipped catalogs and examples/ (skips while they are not in place)."""
    reason = _real_ready()
    if reason:
        pytest.skip(reason)
    settings = Settings(orgs_dirs=[EXAMPLE.parent], tokens=TOKENS)
    with TestClient(create_app(settings)) as client:
        yield client
