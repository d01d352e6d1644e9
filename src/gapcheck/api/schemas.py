"""Response models of the API that are not the domain's own.

Analysis answers reuse `gapcheck.model.result` unchanged (the schema of `gapcheck analyze
--json`); catalog answers reuse `gapcheck.model.catalog`. These wrap them.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from gapcheck.api.problems import ProblemItem
from gapcheck.errors import MAX_SHOWN
from gapcheck.model import (
    Control,
    Edge,
    LocalizedText,
    MappingSet,
    Requirement,
    SourceKind,
    SourceVersion,
    VersionStatus,
)
from gapcheck.model.result import SCHEMA_VERSION, Explanation, MeasureEntry, RequirementResult

__all__ = [
    "ControlDetail",
    "GapPage",
    "GapRow",
    "Health",
    "OrgSummary",
    "Ready",
    "ReloadResult",
    "RequirementDetail",
    "RequirementExplanation",
    "RequirementVersion",
    "SourceOut",
    "VersionOut",
]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class Health(_Out):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"status": "ok", "version": "0.1.0"}]}
    )

    status: Literal["ok"] = "ok"
    version: str


class Ready(_Out):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "status": "ready",
                    "sources": 7,
                    "versions": 9,
                    "requirements": 412,
                    "controls": 123,
                    "edges": 640,
                    "organisations": 1,
                    "cached_analyses": 2,
                }
            ]
        }
    )

    status: Literal["ready"] = "ready"
    sources: int
    versions: int
    requirements: int
    controls: int
    edges: int
    organisations: int
    cached_analyses: int


class SourceOut(_Out):
    """A legal source and the ids of its loaded versions, oldest first."""

    id: str
    short: str
    title: LocalizedText
    kind: SourceKind
    jurisdiction: str
    binding: bool
    versions: list[str]


class VersionOut(SourceVersion):
    """A source version as in the catalog file, with its source and requirement count."""

    source: str
    requirements: int = Field(ge=0)


class RequirementVersion(_Out):
    """A requirement's text as one version of its source has it."""

    source: str
    version: str
    status: VersionStatus
    requirement: Requirement


class RequirementDetail(_Out):
    """A requirement in every loaded version, and the mapping edges touching it."""

    id: str
    versions: list[RequirementVersion]
    mappings: list[Edge] = Field(description="edges from or to this requirement")
    sets: list[MappingSet] = Field(description="statements about its mapping as a whole")


class ControlDetail(_Out):
    """A control and the mapping edges that lead to it."""

    control: Control
    mappings: list[Edge]


class OrgSummary(_Out):
    """An organisation the server found; `problems` lists why it does not load, if it does not."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "aldreforvaltningen",
                    "name": "Äldreförvaltningen, Stockholms stad",
                    "valid": True,
                    "problems": [],
                    "problems_total": 0,
                }
            ]
        }
    )

    id: str = Field(description="the folder name, used in URLs")
    name: str | None
    valid: bool
    problems: list[ProblemItem] = Field(
        description=f"why it does not load: the first {MAX_SHOWN} problems when there are more"
    )
    problems_total: int = Field(default=0, ge=0, description="how many problems there are in all")


class GapRow(RequirementResult):
    """A gap's requirement row as in `gapcheck analyze --json`; `explanation` only on request."""

    # Optional here only: `/gaps` leaves it out unless `?explain=true` (most of a row's bytes).
    explanation: Explanation | None = Field(  # type: ignore[assignment]
        default=None,
        description="the path requirement → control → measure behind the coverage; only with "
        "`explain=true` (one gap's: `/orgs/{org}/requirements/{id}/explain`)",
    )


class GapPage(_Out):
    """One page of an organisation's gaps, highest priority first."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "schema_version": SCHEMA_VERSION,
                    "organisation": "aldreforvaltningen",
                    "as_of": "2026-11-28",
                    "total": 57,
                    "limit": 2,
                    "offset": 0,
                    "items": [],
                }
            ]
        }
    )

    schema_version: str = SCHEMA_VERSION
    organisation: str
    as_of: dt.date
    total: int = Field(ge=0, description="gaps matching the filters, on all pages")
    limit: int
    offset: int
    items: list[GapRow] = Field(
        description="as in `gapcheck analyze --json`, without `explanation` unless `explain=true`"
    )
    measures: dict[str, MeasureEntry] | None = Field(
        default=None,
        description="with `explain=true`: the measures the items reference (explanations, "
        "closing), by id, as in the result's `measures` (schema 3.0); left out otherwise",
    )


class RequirementExplanation(RequirementResult):
    """One requirement's result row with the measures it references."""

    measures: dict[str, MeasureEntry] = Field(
        default_factory=dict,
        description="the measures the row references (explanation, closing), by id, as in "
        "the result's `measures` (schema 3.0)",
    )


class ReloadResult(_Out):
    """What a reload found."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "aldreforvaltningen",
                    "name": "Äldreförvaltningen, Stockholms stad",
                    "changed": True,
                    "fingerprint": "3f1c…",
                }
            ]
        }
    )

    id: str
    name: str
    changed: bool = Field(description="whether the files differ from what was loaded before")
    fingerprint: str = Field(description="sha256 of the organisation's and catalog's files")
