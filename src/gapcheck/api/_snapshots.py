"""The immutable snapshots the server hands out: one load of the catalogs, of an organisation.

`CatalogSnapshot` and `OrgEntry` are what one load read (the result or its problems, the
fingerprint of exactly the bytes parsed, the file signature that tells it is stale);
`OrgContext` is what one request about an organisation works with, a catalog and an
organisation that belong together. `gapcheck.api.state.AppState` makes, refreshes and hands
them out; it re-exports all three (import them from there).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from gapcheck.api.orgfiles import Signature
from gapcheck.errors import CatalogError, Problem
from gapcheck.model import Catalog, OrgData

__all__ = ["CatalogSnapshot", "OrgContext", "OrgEntry"]


@dataclass(frozen=True)
class CatalogSnapshot:
    """One load of the catalogs: the result or its problems, and how to tell it is stale."""

    catalog: Catalog | None
    problems: tuple[Problem, ...]
    fingerprint: str
    paths: tuple[Path, ...]
    signature: Signature
    reads: tuple[tuple[str, bytes], ...] = field(default=(), repr=False)  # the bytes parsed

    def require(self) -> Catalog:
        """The catalog, or CatalogError with the problems that stopped it loading."""
        if self.catalog is None:
            raise CatalogError(self.problems)
        return self.catalog


@dataclass(frozen=True)
class OrgEntry:
    """One load of one organisation folder against one catalog snapshot."""

    id: str
    folder: Path
    data: OrgData | None
    problems: tuple[Problem, ...]
    fingerprint: str
    catalog_fingerprint: str
    signature: Signature
    reads: tuple[tuple[str, bytes], ...] = field(default=(), repr=False)  # the bytes parsed


@dataclass(frozen=True)
class OrgContext:
    """What a request about one organisation works with: matching catalog and data."""

    id: str
    catalog: Catalog
    data: OrgData
    fingerprint: str  # sha256 over the catalog's and the organisation's file bytes
    # Where they came from and the very bytes parsed (for saved-run follow-up: `captured`).
    folder: Path | None = None
    catalog_root: Path | None = None
    reads: tuple[tuple[str, bytes], ...] = field(default=(), repr=False)
    catalog_reads: tuple[tuple[str, bytes], ...] = field(default=(), repr=False)
