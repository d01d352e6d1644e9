"""Legal sources, their versions, requirements, controls and the edges between them."""

from __future__ import annotations

from enum import StrEnum

from pydantic import ConfigDict, Field, model_validator

from gapcheck.model.common import (
    Date,
    Id,
    Lang,
    LocalizedOrEnglish,
    LocalizedText,
    StrictModel,
    Weight,
)
from gapcheck.model.org import ProfileCondition, ProfileEvent

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
    "Start",
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


# A source's or requirement's `applies_if`: the one profile-condition model.
Applicability = ProfileCondition


class Start(StrictModel):
    """A duty that starts with an event in the organisation's situation, not with the act:
    e.g. CER art. 12 applies from the notification of identification (art. 6(3)), with the risk
    assessment due nine months later."""

    after: ProfileEvent
    months: int = Field(default=0, ge=0, le=120)


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
    # The reference as the act's Swedish language version cites it ("Artikel 15.1" for
    # "Art. 15(1)"), where it differs from `ref`; Swedish acts need none.
    ref_sv: str | None = None
    parent: Id | None = None
    assessable: bool = True
    title: LocalizedText | None = None
    text: LocalizedText | None = None
    applies_if: Applicability | None = None
    deadline: Deadline | None = None
    in_force: Date | None = None
    # Applies only once this event has happened for the organisation (inherited by the
    # requirement's descendants); `months` is the time the act gives to comply.
    starts: Start | None = None

    def ref_in(self, lang: Lang) -> str:
        """The reference as cited in `lang`."""
        return self.ref_sv if lang == "sv" and self.ref_sv else self.ref


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
    """Set-theory relationship per NIST IR 8477 / OSCAL, the edge's `from` end as the source:
    `subset` says the source lies wholly within the target."""

    EQUAL = "equal"
    EQUIVALENT = "equivalent"
    SUBSET = "subset"
    SUPERSET = "superset"
    INTERSECTS = "intersects"

    @property
    def source_within_target(self) -> bool:
        """Meeting the target meets the whole source (equal, equivalent, subset)."""
        return self in _SOURCE_WITHIN

    @property
    def target_within_source(self) -> bool:
        """Meeting the source meets the whole target (equal, equivalent, superset)."""
        return self in _TARGET_WITHIN


_SOURCE_WITHIN = frozenset({Relationship.EQUAL, Relationship.EQUIVALENT, Relationship.SUBSET})
_TARGET_WITHIN = frozenset({Relationship.EQUAL, Relationship.EQUIVALENT, Relationship.SUPERSET})


class Edge(StrictModel):
    """A mapping fact between a requirement and a control or another requirement."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    source: Id = Field(alias="from")
    target: Id = Field(alias="to")
    type: EdgeType
    relationship: Relationship = Relationship.INTERSECTS
    weight: Weight = 1.0
    rationale: LocalizedOrEnglish | None = None
    citation: str | None = None
    # The source version whose text this edge was last reviewed against (for needs_review).
    reviewed_against: Id | None = None
    # Who made the edge (e.g. ENISA, gapcheck); the loader fills in the file's mapping.source.
    mapped_by: str | None = None


class MappingSet(StrictModel):
    """A reviewed statement about the whole mapping of one requirement.

    `sufficient: false`: the mapped controls cannot show the duty is met (a report sent within
    a deadline, a registration made); no control edge can meet it, only a sufficient direct
    measure or a manual assessment. `sufficient: true`: the listed `controls` (maps_to targets
    of the requirement) are jointly sufficient: together they cover the whole requirement, so
    it is met when every one of them is fully implemented. A declaration names who reviewed it,
    when, and the source version whose text it was reviewed against.
    """

    requirement: Id
    sufficient: bool
    controls: list[Id] = Field(default_factory=list)
    rationale: LocalizedOrEnglish
    reviewer: str | None = None
    reviewed: Date | None = None
    reviewed_against: Id | None = None

    @model_validator(mode="after")
    def _declaration_complete(self) -> MappingSet:
        if self.sufficient:
            missing = [
                name
                for name, value in (
                    ("controls", self.controls),
                    ("reviewer", self.reviewer),
                    ("reviewed", self.reviewed),
                )
                if not value
            ]
            if missing:
                raise ValueError(
                    "a jointly sufficient mapping set needs "
                    + ", ".join(missing)
                    + ": list the controls that together cover the requirement, who reviewed "
                    "the claim and when"
                )
        elif self.controls:
            raise ValueError(
                "sufficient: false lists no controls (it says no control set can show the duty "
                "is met); remove controls or set sufficient: true"
            )
        return self
