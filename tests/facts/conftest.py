"""Fixtures for the facts tests: the shipped catalogs and the example organisation, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from gapcheck.catalog import default_catalog_root, load_catalog, load_org
from gapcheck.model import Catalog, OrgData

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "aldreforvaltningen"


@pytest.fixture(scope="session")
def shipped() -> Catalog:
    return load_catalog(default_catalog_root())


@pytest.fixture(scope="session")
def example(shipped: Catalog) -> OrgData:
    return load_org(EXAMPLE, shipped)
