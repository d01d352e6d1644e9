"""The organisation's own data: profile, measures (åtgärder), risks, assessments, suppliers."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field, model_validator

from gapcheck.model.common import Date, Extent, Id, Lang, LocalizedText, StrictModel

__all__ = [
    "Assessment",
    "AssessmentResult",
    "ControlLink",
    "EntityType",
    "Measure",
    "MeasureStatus",
    "Nis2Class",
    "Organisation",
    "RequirementLink",
    "Risk",
    "Supplier",
]


class Nis2Class(StrEnum):
    ESSENTIAL = "essential"
    IMPORTANT = "important"
    NONE = "none"


class EntityType(StrEnum):
    MUNICIPALITY = "municipality"
    REGION = "region"
    STATE_AGENCY = "state_agency"
    COMPANY = "company"
    DIGITAL_INFRASTRUCTURE = "digital_infrastructure"
    OTHER = "other"


class Organisation(StrictModel):
    """The profile that decides which requirements apply."""

    id: Id
    name: str
    entity_type: EntityType
    nis2_class: Nis2Class
    cer_critical: bool = False
    processes_personal_data: bool = True
    transfers_outside_eea: bool = False
    trust_service_provider: bool = False
    healthcare_provider: bool = False
    county: str | None = None
    sector: str | None = None
    plan_years: list[int] = Field(default_factory=list)
    language: Lang = "sv"
    # Pin a source version by source id, e.g. {"csl": "sfs-2025-1506"}.
    source_versions: dict[str, Id] = Field(default_factory=dict)
    notes: str | None = None


class MeasureStatus(StrEnum):
    IMPLEMENTED = "implemented"
    PARTIALLY_IMPLEMENTED = "partially_implemented"
    IN_PROGRESS = "in_progress"
    PLANNED = "planned"
    NOT_STARTED = "not_started"
    CANCELLED = "cancelled"


class ControlLink(StrictModel):
    control: Id
    extent: Extent = Extent.FULL


class RequirementLink(StrictModel):
    requirement: Id
    extent: Extent = Extent.FULL
    # Source version this direct link was last reviewed against (for needs_review).
    reviewed_against: Id | None = None


class Measure(StrictModel):
    """An åtgärd: something the organisation does, has done or plans to do."""

    id: Id
    title: str
    description: str | None = None
    owner: str | None = None
    status: MeasureStatus
    due: Date | None = None
    plan_year: int | None = Field(default=None, ge=2000, le=2100)
    evidence: list[str] = Field(default_factory=list)
    controls: list[ControlLink] = Field(default_factory=list)
    requirements: list[RequirementLink] = Field(default_factory=list)

    @model_validator(mode="after")
    def _links_something(self) -> Measure:
        if not self.controls and not self.requirements:
            raise ValueError(
                "a measure must link at least one control (controls:) or requirement "
                "(requirements:); add the ISO 27001 control it implements"
            )
        return self

    @property
    def effective_due(self) -> dt.date | None:
        """The due date, or the end of the plan year when only a year is given."""
        if self.due is not None:
            return self.due
        if self.plan_year is not None:
            return dt.date(self.plan_year, 12, 31)
        return None


class Risk(StrictModel):
    """A risk from the organisation's analyses (RSA, VoR, LIS review)."""

    id: Id
    title: LocalizedText
    description: str | None = None
    origin: str | None = None
    likelihood: int = Field(ge=1, le=5)
    impact: int = Field(ge=1, le=5)
    concerns: list[Id] = Field(default_factory=list)

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


class AssessmentResult(StrEnum):
    COMPLIANT = "compliant"
    PARTIALLY_COMPLIANT = "partially_compliant"
    NON_COMPLIANT = "non_compliant"
    NOT_APPLICABLE = "not_applicable"


class Assessment(StrictModel):
    """A manual judgement on a requirement or control; it overrides the computed value."""

    target: Id
    result: AssessmentResult
    justification: str = Field(min_length=1)
    assessor: str
    date: Date
    # Source version the assessment was made against (kept when a law changes).
    version: Id | None = None


class Supplier(StrictModel):
    """A supplier that may process personal data outside the EU/EEA."""

    id: Id
    name: str
    country: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")
    personal_data: bool
    mechanism: str | None = None
    exit_plan: bool = False
    notes: str | None = None
