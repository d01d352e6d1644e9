"""Legal sources, their versions, requirements, controls and the edges between them."""

from __future__ import annotations

from enum import StrEnum

from pydantic import ConfigDict, Field

from gapcheck.model.common import Date, Id, LocalizedText, StrictModel, Weight
from gapcheck.model.org import EntityType, Nis2Class

__all__ = [
    "Applicability",
    "Control",
    "ControlTheme",
    "Deadline",
    "Edge",
    "EdgeType",
    "MappingSet",
    "Relationship",
    "Requirement",
    "Source",
    "SourceKind",
    "SourceVersion",
    "VersionStatus",
]


class SourceKind(StrEnum):
    EU_DIRECTIVE = "eu_directive"
    EU_REGULATION = "eu_regulation"
    EU_IMPLEMENTING_ACT = "eu_implementing_act"
    NATIONAL_LAW = "national_law"
    NATIONAL_ORDINANCE = "national_ordinance"
    AUTHORITY_REGULATION = "authority_regulation"
    STANDARD = "standard"


class VersionStatus(StrEnum):
    DRAFT = "draft"
    PROPOSAL = "proposal"
    FINAL = "final"
    CONSOLIDATED = "consolidated"


class Applicability(StrictModel):
    """Conditions on the organisation profile; all given conditions must hold."""

    nis2_class: list[Nis2Class] | None = None
    entity_types: list[EntityType] | None = None
    cer_critical: bool | None = None
    processes_personal_data: bool | None = None
    transfers_outside_eea: bool | None = None
    trust_service_provider: bool | None = None


class Source(StrictModel):
    """A legal act or standard, independent of version."""

    id: Id
    title: LocalizedText
    short: str
    kind: SourceKind
    jurisdiction: str = Field(pattern=r"^(EU|SE|INT)$")
    # A guidance source (e.g. IR 2024/2690 for a municipality) informs coverage through
    # `specified_by` but its own requirements are not reported as the organisation's gaps.
    binding: bool = True
    applies_if: Applicability = Applicability()


class SourceVersion(StrictModel):
    """One version of a source's text: a draft, a proposal, the final or a consolidated text."""

    id: Id
    status: VersionStatus
    published: Date | None = None
    in_force: Date | None = None
    supersedes: Id | None = None
    citation: str
    url: str | None = None
    retrieved: Date | None = None
    verified: bool = False
    notes: str | None = None


class Deadline(StrictModel):
    """A reporting or action deadline attached to a requirement."""

    hours: int | None = Field(default=None, ge=0)
    days: int | None = Field(default=None, ge=0)
    months: int | None = Field(default=None, ge=0)
    years: int | None = Field(default=None, ge=0)
    after: str = Field(
        description="what starts the clock, e.g. 'awareness' or 'incident_notification'"
    )
    recipient: str | None = None


class Requirement(StrictModel):
    """A provision of a source version: an article, paragraph, point or section."""

    id: Id
    ref: str
    parent: Id | None = None
    assessable: bool = True
    title: LocalizedText | None = None
    text: LocalizedText | None = None
    applies_if: Applicability | None = None
    deadline: Deadline | None = None
    in_force: Date | None = None


class ControlTheme(StrEnum):
    CLAUSE = "clause"
    ORGANIZATIONAL = "organizational"
    PEOPLE = "people"
    PHYSICAL = "physical"
    TECHNOLOGICAL = "technological"


class Control(StrictModel):
    """An ISO/IEC 27001:2022 clause or Annex A control: identifier and titles only."""

    id: Id
    ref: str
    parent: Id | None = None
    assessable: bool = True
    title: LocalizedText
    theme: ControlTheme
    attributes: dict[str, list[str]] = Field(default_factory=dict)


class EdgeType(StrEnum):
    MAPS_TO = "maps_to"  # requirement -> control
    TRANSPOSES = "transposes"  # national provision -> directive provision
    SPECIFIED_BY = "specified_by"  # directive provision -> implementing-act provision


class Relationship(StrEnum):
    """Set-theory relationship per NIST IR 8477 / OSCAL, requirement as the source."""

    EQUAL = "equal"
    SUBSET = "subset"
    SUPERSET = "superset"
    INTERSECTS = "intersects"


class Edge(StrictModel):
    """A mapping fact between a requirement and a control or another requirement."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    source: Id = Field(alias="from")
    target: Id = Field(alias="to")
    type: EdgeType
    relationship: Relationship = Relationship.INTERSECTS
    weight: Weight = 1.0
    rationale: str | None = None
    citation: str | None = None
    # The source version whose text this edge was last reviewed against (for needs_review).
    reviewed_against: Id | None = None


class MappingSet(StrictModel):
    """A statement about the whole mapping of one requirement."""

    requirement: Id
    sufficient: bool = True
    rationale: str
