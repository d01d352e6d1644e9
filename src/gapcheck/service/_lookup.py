"""Look-ups of catalog entries by id, with 'did you mean' hints."""

from __future__ import annotations

from collections.abc import Iterable

from gapcheck.engine import natural_sorted
from gapcheck.errors import Msg, NotFoundError
from gapcheck.model import (
    Catalog,
    Control,
    Edge,
    LoadedVersion,
    Requirement,
)

__all__ = [
    "edges_of",
    "find_control",
    "find_requirement_versions",
    "find_source_versions",
    "find_version",
]


def _near(ids: Iterable[str], wanted: str, example: str) -> Msg:
    prefix = wanted.rsplit(".", 1)[0]
    near = natural_sorted(i for i in set(ids) if prefix and i.startswith(prefix))[:5]
    if near:
        return Msg.of("fix.did_you_mean_ids", near=", ".join(near))
    return Msg.of("fix.id_form", examples=example)


def find_source_versions(catalog: Catalog, source_id: str) -> list[LoadedVersion]:
    """A source's versions, oldest first, or NotFoundError listing the known sources."""
    versions = catalog.versions_of(source_id)
    if not versions:
        known = ", ".join(sorted(catalog.sources()))
        raise NotFoundError("source", source_id, Msg.of("fix.known", known=known))
    return versions


def find_version(catalog: Catalog, source_id: str, version_id: str) -> LoadedVersion:
    """One version of one source, or NotFoundError listing that source's versions."""
    versions = find_source_versions(catalog, source_id)
    for loaded in versions:
        if loaded.version.id == version_id:
            return loaded
    known = ", ".join(v.version.id for v in versions)
    raise NotFoundError(f"version of {source_id}", version_id, Msg.of("fix.known", known=known))


def find_requirement_versions(
    catalog: Catalog, requirement_id: str
) -> list[tuple[LoadedVersion, Requirement]]:
    """Every source version that has the requirement (oldest first), or NotFoundError."""
    found = [
        (loaded, req)
        for source_id in sorted(catalog.sources())
        for loaded in catalog.versions_of(source_id)
        for req in loaded.requirements
        if req.id == requirement_id
    ]
    if not found:
        ids = (r.id for v in catalog.versions for r in v.requirements)
        raise NotFoundError(
            "requirement", requirement_id, _near(ids, requirement_id, "csl:2.3.p2, nis2:21.2.b")
        )
    return found


def find_control(catalog: Catalog, control_id: str) -> Control:
    """One control by id, or NotFoundError naming close matches."""
    for control in catalog.controls:
        if control.id == control_id:
            return control
    ids = (c.id for c in catalog.controls)
    raise NotFoundError("control", control_id, _near(ids, control_id, "iso27001:A.5.1"))


def edges_of(catalog: Catalog, ident: str) -> list[Edge]:
    """The mapping edges that start or end at `ident` (a requirement or a control)."""
    return [e for e in catalog.edges if ident in (e.source, e.target)]
