"""Catalog layer: read and validate YAML into the domain model (all problems at once)."""

from __future__ import annotations

from gapcheck.catalog._common import closest
from gapcheck.catalog.loader import collect_catalog, load_catalog
from gapcheck.catalog.org_loader import ORG_FILES, collect_org, load_org, org_language
from gapcheck.catalog.paths import MAX_ORG_ID_CHARS, ORG_ID_PATTERN, default_catalog_root

__all__ = [
    "MAX_ORG_ID_CHARS",
    "ORG_FILES",
    "ORG_ID_PATTERN",
    "closest",
    "collect_catalog",
    "collect_org",
    "default_catalog_root",
    "load_catalog",
    "load_org",
    "org_language",
]
