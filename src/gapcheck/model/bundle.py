"""Loaded, validated input: the catalogs (all source versions) and one organisation's data.

Pure data with no I/O; `gapcheck.catalog` builds these, `gapcheck.engine` consumes them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from pydantic import Field

from gapcheck.model.catalog import (
    Control,
    Edge,
    MappingSet,
    Requirement,
    Source,
    SourceVersion,
    VersionStatus,
)
from gapcheck.model.common import OutputModel
from gapcheck.model.facts import Facts
from gapcheck.model.org import Assessment, Measure, Organisation, Risk, Supplier

__all__ = ["Catalog", "LoadedVersion", "OrgData", "select_versions"]

_FINAL = (VersionStatus.FINAL, VersionStatus.CONSOLIDATED)


class LoadedVersion(OutputModel):
    """One source version with its requirements, and the file it came from."""

    source: Source
    version: SourceVersion
    requirements: tuple[Requirement, ...]
    path: str


class Catalog(OutputModel):
    """Everything under `controls/` and `mappings/`."""

    versions: tuple[LoadedVersion, ...]
    controls: tuple[Control, ...]
    edges: tuple[Edge, ...]
    sets: tuple[MappingSet, ...] = ()
    # Transfer mechanisms, authorities and reporting events (mappings/facts/).
    facts: Facts = Facts()
    files: tuple[str, ...] = Field(default=(), description="files read, for fingerprints")

    def sources(self) -> dict[str, Source]:
        """Each source once, by id."""
        return {v.source.id: v.source for v in sorted(self.versions, key=_version_key)}

    def versions_of(self, source_id: str) -> list[LoadedVersion]:
        """A source's versions, oldest first (by published date, then id)."""
        return sorted((v for v in self.versions if v.source.id == source_id), key=_version_key)


def _version_key(v: LoadedVersion) -> tuple[dt.date, str]:
    return (v.version.published or dt.date.min, v.version.id)


def select_versions(
    catalog: Catalog, as_of: dt.date, pins: dict[str, str] | None = None
) -> dict[str, LoadedVersion]:
    """The version analysed for each source at `as_of`.

    Default: the newest final/consolidated version in force at `as_of`; if none is in force
    yet, the newest final one (so a law can be analysed before it applies); if there is no
    final text at all, the newest version. `pins` (source id → version id) override.
    Unknown pins are the caller's to report; they are ignored here.
    """
    pins = pins or {}
    chosen: dict[str, LoadedVersion] = {}
    for source_id in sorted(catalog.sources()):
        versions = catalog.versions_of(source_id)
        pinned = [v for v in versions if v.version.id == pins.get(source_id)]
        finals = [v for v in versions if v.version.status in _FINAL]
        in_force = [v for v in finals if v.version.in_force is None or v.version.in_force <= as_of]
        for candidates in (pinned, in_force, finals, versions):
            if candidates:
                chosen[source_id] = candidates[-1]
                break
    return chosen


class OrgData(OutputModel):
    """One organisation folder."""

    organisation: Organisation
    measures: tuple[Measure, ...] = ()
    risks: tuple[Risk, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    suppliers: tuple[Supplier, ...] = ()
    path: str = ""
    files: tuple[str, ...] = ()

    def version_pins(self, pins: Mapping[str, str] | None = None) -> dict[str, str]:
        """The source versions to analyse: the organisation's own pins
        (`organisation.source_versions`), overridden by `pins` (a command's `--version`)."""
        return {**self.organisation.source_versions, **(pins or {})}
