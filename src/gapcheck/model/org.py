"""The organisation's own data: profile, measures (åtgärder), risks, assessments, suppliers.

The measures, risks, assessments and suppliers are defined here; the profile (`Organisation`,
`ProfileCondition`, `ProfileEvent` and the closed vocabularies: `Nis2Class`, `EntityType`,
`County`, `Nis2Sector`, `OrgGroup`, `TransferGround`) is defined in `gapcheck.model._profile`
and re-exported here, so every name of `__all__` imports from this module as before.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from gapcheck.model._profile import (
    County,
    EntityType,
    Nis2Class,
    Nis2Sector,
    Organisation,
    OrgGroup,
    ProfileCondition,
    ProfileEvent,
    TransferGround,
)
from gapcheck.model.common import Date, Extent, Id, LocalizedText, StrictModel

__all__ = [
    "Assessment",
    "AssessmentResult",
    "ControlLink",
    "County",
    "EntityType",
    "Measure",
    "MeasureStatus",
    "Nis2Class",
    "Nis2Sector",
    "OrgGroup",
    "Organisation",
    "ProfileCondition",
    "ProfileEvent",
    "RequirementLink",
    "Risk",
    "Supplier",
    "TransferGround",
]


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
            raise PydanticCustomError(
                "measure_links_nothing",
                "a measure must link at least one control (controls:) or requirement "
                "(requirements:); add the ISO 27001 control it implements",
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

    @model_validator(mode="after")
    def _due_in_plan_year(self) -> Measure:
        # The plan groups a measure by its plan year and projects coverage by its due date:
        # a due date in another year would count it in two different years.
        if self.due is not None and self.plan_year is not None and self.due.year != self.plan_year:
            raise ValueError(
                f"plan_year {self.plan_year} and due {self.due.isoformat()} disagree: the due "
                f"date falls in {self.due.year}; make them the same year, or remove plan_year"
            )
        return self


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
    # Id of a transfer mechanism in mappings/facts/transfer-mechanisms.yaml, e.g. eu-us-dpf.
    mechanism: str | None = None  # an id; free text is reported with the known ids
    exit_plan: bool = False
    # A transfer impact assessment is documented (needed where the mechanism requires one).
    transfer_impact_assessment: bool = False
    notes: str | None = None
