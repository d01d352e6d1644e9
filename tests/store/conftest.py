"""Fixtures for the runs database tests: every test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.databases import ENGINES, fresh_database

DATA = Path(__file__).parents[1] / "data"


@pytest.fixture(params=ENGINES)
def db_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """A fresh, empty runs database (SQLite file or PostgreSQL database) as the default."""
    with fresh_database(request.param, tmp_path) as url:
        monkeypatch.setenv("GAPCHECK_DATABASE_URL", url)
        yield url


@pytest.fixture
def tiny(tmp_path: Path) -> tuple[Path, Path]:
    """Copies of the tiny catalog and organisation: (catalog root, organisation folder)."""
    catalog = tmp_path / "catalog"
    org = tmp_path / "org"
    shutil.copytree(DATA / "catalog_tiny", catalog)
    shutil.copytree(DATA / "org_tiny", org)
    return catalog, org
