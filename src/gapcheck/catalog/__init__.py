"""Catalog layer: read and validate YAML into the domain model (all problems at once)."""

from __future__ import annotations

from gapcheck.catalog._common import closest
from gapcheck.catalog.loader import collect_catalog, load_catalog
from gapcheck.catalog.org_loader import ORG_FILES, collect_org, load_org
from gapcheck.catalog.paths import default_catalog_root

__all__ = [
    "ORG_FILES",
    "closest",
    "collect_catalog",
    "collect_org",
    "default_catalog_root",
    "load_catalog",
    "load_org",
]
