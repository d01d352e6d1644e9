"""The shape of each YAML file gapcheck reads (one pydantic model per file kind)."""

from __future__ import annotations

from pydantic import Field

from gapcheck.model import (
    Assessment,
    Control,
    Edge,
    MappingSet,
    Measure,
    Organisation,
    Requirement,
    Risk,
    Source,
    SourceVersion,
    StrictModel,
    Supplier,
)

__all__ = [
    "AssessmentsFile",
    "ControlCatalogFile",
    "ControlCatalogMeta",
    "MappingFile",
    "MappingMeta",
    "MeasuresFile",
    "OrganisationFile",
    "RisksFile",
    "SourceVersionFile",
    "SuppliersFile",
]


class SourceVersionFile(StrictModel):
    """`mappings/sources/<source>/<version>.yaml`: one version of one legal source."""

    source: Source
    version: SourceVersion
    requirements: list[Requirement] = Field(min_length=1)


class ControlCatalogMeta(StrictModel):
    id: str
    title: str
    version: str
    citation: str
    notes: str | None = None


class ControlCatalogFile(StrictModel):
    """`controls/<catalog>.yaml`: control identifiers and titles (never the standard's text)."""

    catalog: ControlCatalogMeta
    controls: list[Control] = Field(min_length=1)


class MappingMeta(StrictModel):
    id: str
    title: str
    source: str = Field(description="who made the mapping, e.g. ENISA or gapcheck")
    citation: str
    license: str | None = None
    changes: str | None = Field(default=None, description="what gapcheck changed, if anything")
    # Default source version each edge was reviewed against, by source id.
    reviewed_against: dict[str, str] = Field(default_factory=dict)


class MappingFile(StrictModel):
    """`mappings/edges/<name>.yaml`: edges between requirements and controls/requirements."""

    mapping: MappingMeta
    edges: list[Edge] = Field(default_factory=list)
    sets: list[MappingSet] = Field(default_factory=list)


class OrganisationFile(StrictModel):
    organisation: Organisation


class MeasuresFile(StrictModel):
    measures: list[Measure] = Field(default_factory=list)


class RisksFile(StrictModel):
    risks: list[Risk] = Field(default_factory=list)


class AssessmentsFile(StrictModel):
    assessments: list[Assessment] = Field(default_factory=list)


class SuppliersFile(StrictModel):
    suppliers: list[Supplier] = Field(default_factory=list)
