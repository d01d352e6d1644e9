"""The analysis result: what the engine computes and every output (CLI, JSON, Excel, API) shows.

Serialised as JSON with `schema_version`; field-by-field documentation in docs/json-result.md.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from gapcheck.model.catalog import Relationship
from gapcheck.model.common import Extent, LocalizedText, OutputModel
from gapcheck.model.facts_result import AuthorityRole, TransferResult
from gapcheck.model.org import AssessmentResult, MeasureStatus

__all__ = [
    "SCHEMA_VERSION",
    "AnalysisResult",
    "AssessmentRef",
    "Basis",
    "Category",
    "ControlPath",
    "Explanation",
    "GapCategory",
    "InheritedPath",
    "MeasureRef",
    "PriorityReason",
    "RequirementResult",
    "SourceSummary",
    "Via",
]

SCHEMA_VERSION = "1.0"


class GapCategory(StrEnum):
    """Why a requirement is not (fully) covered; design brief §5."""

    NON_COMPLIANT = "non_compliant"
    UNMAPPED = "unmapped"
    OVERDUE = "overdue"
    NO_MEASURE = "no_measure"
    PLANNED_ONLY = "planned_only"
    PARTIAL = "partial"


class Category(StrEnum):
    """A requirement's overall state: a gap category, covered, or not applicable."""

    NON_COMPLIANT = "non_compliant"
    UNMAPPED = "unmapped"
    OVERDUE = "overdue"
    NO_MEASURE = "no_measure"
    PLANNED_ONLY = "planned_only"
    PARTIAL = "partial"
    COVERED = "covered"
    NOT_APPLICABLE = "not_applicable"


class Basis(StrEnum):
    """Which rule produced a requirement's coverage."""

    MANUAL = "manual"  # an assessment overrides
    MAPPED = "mapped"  # own maps_to edges and/or direct measure links
    INHERITED = "inherited"  # through transposes / specified_by
    AGGREGATED = "aggregated"  # mean of assessable children
    UNMAPPED = "unmapped"  # no path to any control or measure


class Via(StrEnum):
    """How an inherited coverage value reaches a requirement."""

    TRANSPOSES = "transposes"  # national provision ← the directive provision it transposes
    SPECIFIED_BY = "specified_by"  # directive provision ← implementing-act provision
    TRANSPOSED_BY = "transposed_by"  # directive provision ← national provisions implementing it


class MeasureRef(OutputModel):
    id: str
    title: str
    status: MeasureStatus
    extent: Extent
    factor: float = Field(ge=0, le=1, description="contribution today (status × extent)")
    due: dt.date | None = None
    owner: str | None = None
    evidence: list[str] = Field(default_factory=list)


class ControlPath(OutputModel):
    control: str
    title: LocalizedText
    relationship: Relationship
    weight: float
    level: float = Field(ge=0, le=1, description="max over implementing measures")
    measures: list[MeasureRef] = Field(default_factory=list)


class InheritedPath(OutputModel):
    via: Via | None = Field(
        description="transposes, specified_by, transposed_by, or null for a child"
    )
    requirement: str
    coverage: float = Field(ge=0, le=1)
    category: Category


class AssessmentRef(OutputModel):
    result: AssessmentResult
    justification: str
    assessor: str
    date: dt.date


class Explanation(OutputModel):
    """The path behind a number: requirement → (transposes/specified_by) → control → measure."""

    basis: Basis
    controls: list[ControlPath] = Field(default_factory=list)
    direct_measures: list[MeasureRef] = Field(default_factory=list)
    inherited: list[InheritedPath] = Field(default_factory=list)
    assessment: AssessmentRef | None = None
    capped: bool = Field(default=False, description="mapping marked sufficient: false")
    cap_rationale: str | None = None
    computed_coverage: float | None = Field(
        default=None, description="what the graph gives, when a manual assessment overrides it"
    )


class PriorityReason(OutputModel):
    code: str = Field(description="translation key, e.g. 'priority.category'")
    points: int
    detail: str = Field(description="the value behind the points, e.g. 'overdue' or 'R-02 4×4'")


class RequirementResult(OutputModel):
    id: str
    source: str
    version: str
    ref: str
    title: LocalizedText | None = None
    parent: str | None = None
    assessable: bool
    applicable: bool
    in_force: bool
    coverage: float = Field(ge=0, le=1)
    projected: dict[str, float] = Field(
        default_factory=dict, description="coverage at the end of each plan year, key 'YYYY'"
    )
    category: Category
    priority: int | None = Field(default=None, ge=0, le=100)
    reasons: list[PriorityReason] = Field(default_factory=list)
    next_due: dt.date | None = Field(default=None, description="earliest due open measure")
    risks: list[str] = Field(default_factory=list)
    needs_review: list[str] = Field(
        default_factory=list, description="edges/links to review after a text change"
    )
    explanation: Explanation


class SourceSummary(OutputModel):
    source: str
    short: str
    title: LocalizedText
    version: str
    version_status: str
    binding: bool
    requirements: int = Field(description="applicable assessable requirements")
    coverage: float = Field(ge=0, le=1)
    projected: dict[str, float] = Field(default_factory=dict)
    gaps: int


class AnalysisResult(OutputModel):
    schema_version: str = SCHEMA_VERSION
    organisation: str
    organisation_name: str
    as_of: dt.date
    source_versions: dict[str, str]
    plan_years: list[int]
    sources: list[SourceSummary]
    gap_counts: dict[str, int]
    requirements: list[RequirementResult] = Field(description="sorted by id")
    gaps: list[str] = Field(description="requirement ids with a gap, highest priority first")
    authorities: list[AuthorityRole] = Field(
        default_factory=list, description="who supervises, where to register and report"
    )
    transfers: list[TransferResult] = Field(
        default_factory=list, description="the supplier/transfer register evaluated at as_of"
    )
    transfer_gaps: list[str] = Field(
        default_factory=list, description="supplier ids with a transfer gap, highest first"
    )
