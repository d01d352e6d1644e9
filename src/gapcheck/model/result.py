"""The analysis result: what the engine computes and every output (CLI, JSON, Excel, API) shows.

Serialised as JSON with `schema_version`; field-by-field documentation in docs/json-result.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from operator import attrgetter

from pydantic import Field, model_validator

from gapcheck.model.catalog import Relationship, SourceKind
from gapcheck.model.common import Extent, Lang, LocalizedOrEnglish, LocalizedText, OutputModel
from gapcheck.model.facts_result import AuthorityRole, TransferResult
from gapcheck.model.org import AssessmentResult, MeasureStatus, ProfileEvent

__all__ = [
    "SCHEMA_VERSION",
    "AnalysisResult",
    "AssessmentRef",
    "Basis",
    "Category",
    "ClosingMeasure",
    "ControlPath",
    "Explanation",
    "GapCategory",
    "InheritedPath",
    "JointSetRef",
    "MeasureEntry",
    "MeasureRef",
    "MeetKind",
    "NextStep",
    "NextStepKind",
    "PriorityReason",
    "RequirementResult",
    "Rule",
    "SourceRole",
    "SourceSummary",
    "ToMeet",
    "Totals",
    "Via",
    "referenced_measures",
]

# 2.0: coverage semantics v2 (docs/architecture.md "v1 → v2"): source roles and binding
# totals, relationship-aware rules, closing measures, realistic projections.
# 2.1: mapping rationales in Swedish and English ({sv, en} objects, where 2.0 had an English
# string; a string still reads as English), Swedish references (`ref_sv`) and who made each
# control edge (`mapped_by`). See docs/json-result.md "Changes".
# 3.0: explanations reference the measures (`id`, `extent`, `factor`) of one shared table,
# `AnalysisResult.measures`, instead of repeating each measure in full under every requirement
# mapped to its controls (at 100× the example's measures, 50 of 81 MB were those copies).
# Saved 2.x results are upgraded on read (`model.result_compat.upgrade_result`).
SCHEMA_VERSION = "3.0"


class SourceRole(StrEnum):
    """What a source is to the organisation (docs/architecture.md, "Binding vs. context")."""

    BINDING = "binding"  # its duties bind the organisation: counted in the headline figures
    LENS = "lens"  # a directive or guidance: shown for context, never counted
    WATCH = "watch"  # a draft or a proposal: kommande krav


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
    FACTS = "facts"  # a fact decides: a transfer without a valid mechanism
    MAPPED = "mapped"  # own maps_to edges and/or direct measure links
    INHERITED = "inherited"  # through transposes / specified_by
    AGGREGATED = "aggregated"  # mean of assessable children
    UNMAPPED = "unmapped"  # no path to any control or measure


class Via(StrEnum):
    """How an inherited coverage value reaches a requirement."""

    TRANSPOSES = "transposes"  # national provision ← the directive provision it transposes
    SPECIFIED_BY = "specified_by"  # directive provision ← implementing-act provision
    TRANSPOSED_BY = "transposed_by"  # directive provision ← national provisions implementing it


class Rule(StrEnum):
    """Which rule decided a requirement's computed value (docs/architecture.md)."""

    CONTROL = "control"  # one control whose edge covers the whole requirement
    JOINT_SET = "joint_set"  # a declared jointly sufficient set of controls
    INHERITED = "inherited"  # a requirement it inherits from that covers it whole
    DIRECT = "direct"  # a sufficient direct measure (linked with extent full)
    PARTIAL = "partial"  # capped partial credit: no route shows the whole requirement met
    AGGREGATE = "aggregate"  # the mean of a heading's points (and its own path)
    NONE = "none"  # no path to any control or measure


class MeetKind(StrEnum):
    """One way to bring a requirement that is not met to "met"."""

    IMPLEMENT = "implement"  # fully implement these controls/measures (the best route)
    DECLARE_SET = "declare_set"  # no edge covers the whole requirement: review the mapping
    DIRECT_MEASURE = "direct_measure"  # a measure linked to the requirement with extent full
    ASSESS = "assess"  # a manual assessment against the text


class ToMeet(OutputModel):
    kind: MeetKind
    ids: list[str] = Field(default_factory=list, description="controls or measures concerned")


class JointSetRef(OutputModel):
    controls: list[str]
    rationale: LocalizedOrEnglish
    reviewer: str
    reviewed: dt.date
    reviewed_against: str | None = None


class MeasureRef(OutputModel):
    """A measure on an explanation's path: what belongs to the link; the measure itself
    (title, status, due, owner, evidence) is `AnalysisResult.measures[id]`."""

    id: str = Field(description="key of the measure in the result's `measures`")
    extent: Extent
    factor: float = Field(ge=0, le=1, description="contribution today (status × extent)")


class MeasureEntry(OutputModel):
    """One of the organisation's measures, once per result: what is the measure's own."""

    id: str
    title: str
    status: MeasureStatus
    due: dt.date | None = Field(
        default=None, description="the due date, or the end of the plan year when only that is set"
    )
    owner: str | None = None
    evidence: list[str] = Field(default_factory=list, description="sorted")


class ControlPath(OutputModel):
    control: str
    title: LocalizedText
    relationship: Relationship
    weight: float
    level: float = Field(
        ge=0, le=1, description="max over implementing measures (and sub-clauses' mean)"
    )
    carries: bool = Field(
        default=False, description="the edge covers the whole requirement and may meet it alone"
    )
    joint: bool = Field(default=False, description="member of the declared jointly sufficient set")
    measures: list[MeasureRef] = Field(default_factory=list)
    mapped_by: str | None = Field(
        default=None, description="who made the edge, e.g. ENISA or gapcheck (the mapping's source)"
    )


class InheritedPath(OutputModel):
    via: Via | None = Field(
        description="transposes, specified_by, transposed_by, or null for a child"
    )
    requirement: str
    relationship: Relationship | None = Field(
        default=None, description="of the edge; null for a child"
    )
    whole: bool = Field(default=False, description="covers the whole requirement")
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
    rule: Rule = Field(description="the rule that decided the computed value today")
    partial_mean: float | None = Field(
        default=None, description="weighted mean of all members before the partial-credit cap"
    )
    joint_set: JointSetRef | None = None
    to_meet: list[ToMeet] = Field(
        default_factory=list, description="what is missing for the requirement to be met"
    )
    facts: list[str] = Field(
        default_factory=list, description="suppliers whose transfer has no valid mechanism"
    )
    controls: list[ControlPath] = Field(default_factory=list)
    direct_measures: list[MeasureRef] = Field(default_factory=list)
    inherited: list[InheritedPath] = Field(default_factory=list)
    assessment: AssessmentRef | None = None
    capped: bool = Field(default=False, description="mapping marked sufficient: false")
    cap_rationale: LocalizedOrEnglish | None = None
    computed_coverage: float | None = Field(
        default=None, description="what the graph gives, when a manual assessment overrides it"
    )


class PriorityReason(OutputModel):
    code: str = Field(description="translation key, e.g. 'priority.category'")
    points: int
    detail: str = Field(description="the value behind the points, e.g. 'overdue' or 'R-02 4×4'")


class ClosingMeasure(OutputModel):
    """An open measure on a gap's path and the coverage it would add if implemented today."""

    measure: str
    title: str
    status: MeasureStatus
    due: dt.date | None = None
    overdue: bool
    gain: float = Field(ge=0, le=1)
    material: bool = Field(description="gain at least the materiality threshold")


class NextStepKind(StrEnum):
    FOLLOW_UP = "follow_up"  # an overdue measure that materially closes the gap
    COMPLETE = "complete"  # the open measure that closes most of it
    PLAN = "plan"  # nothing planned closes it materially: plan a measure
    MAP = "map"  # no path: catalog work (map the requirement)
    ASSESS = "assess"  # a duty controls cannot show: assess it (or link a sufficient measure)


class NextStep(OutputModel):
    kind: NextStepKind
    measure: str | None = None
    due: dt.date | None = None


class RequirementResult(OutputModel):
    id: str
    source: str
    role: SourceRole
    version: str
    ref: str
    ref_sv: str | None = Field(
        default=None, description="the reference as the Swedish text cites it, where it differs"
    )
    title: LocalizedText | None = None
    parent: str | None = None
    assessable: bool
    applicable: bool
    counted: bool = Field(
        description="a duty of the organisation: counted in the headline figures, may be a gap"
    )
    pending: ProfileEvent | None = Field(
        default=None, description="applies once this event happens (e.g. CER identification)"
    )
    in_force: bool
    coverage: float = Field(ge=0, le=1)
    projected: dict[str, float] = Field(
        default_factory=dict, description="coverage at the end of each plan year, key 'YYYY'"
    )
    category: Category
    priority: int | None = Field(default=None, ge=0, le=100)
    reasons: list[PriorityReason] = Field(default_factory=list)
    next_due: dt.date | None = Field(
        default=None, description="earliest due open measure that materially closes the gap"
    )
    closing: list[ClosingMeasure] = Field(
        default_factory=list, description="open measures that would raise coverage, largest first"
    )
    next_step: NextStep | None = None
    risks: list[str] = Field(default_factory=list)
    needs_review: list[str] = Field(
        default_factory=list, description="edges/links to review after a text change"
    )
    explanation: Explanation

    def ref_in(self, lang: Lang) -> str:
        """The reference as cited in `lang`."""
        return self.ref_sv if lang == "sv" and self.ref_sv else self.ref


class SourceSummary(OutputModel):
    source: str
    short: str
    title: LocalizedText
    kind: SourceKind
    version: str
    version_status: str
    role: SourceRole
    requirements: int = Field(description="applicable assessable requirements (no headings)")
    coverage: float = Field(ge=0, le=1)
    projected: dict[str, float] = Field(default_factory=dict)
    overdue_cost: dict[str, float] = Field(
        default_factory=dict,
        description="coverage the projections lack because overdue measures count in none",
    )
    gaps: int = Field(description="gaps (binding sources only; 0 for lenses and watch)")
    pending: int = Field(default=0, description="requirements awaiting an event")


class Totals(OutputModel):
    """The headline figures: binding sources only, each requirement once."""

    sources: list[str]
    requirements: int
    coverage: float = Field(ge=0, le=1)
    projected: dict[str, float] = Field(default_factory=dict)
    overdue_cost: dict[str, float] = Field(default_factory=dict)
    gaps: int


class AnalysisResult(OutputModel):
    schema_version: str = SCHEMA_VERSION
    organisation: str
    organisation_name: str
    as_of: dt.date
    source_versions: dict[str, str]
    plan_years: list[int]
    sources: list[SourceSummary]
    totals: Totals
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
    measures: dict[str, MeasureEntry] = Field(
        default_factory=dict,
        description="every measure the requirements reference (explanations, closing), by id",
    )

    @model_validator(mode="after")
    def _measures_resolve(self) -> AnalysisResult:
        # A reference without its entry would leave a consumer with an id and nothing else.
        missing = sorted(referenced_measures(self.requirements) - self.measures.keys())
        if missing:
            raise ValueError(f"measures referenced but not in `measures`: {', '.join(missing)}")
        return self

    def measures_of(self, rows: Iterable[RequirementResult]) -> dict[str, MeasureEntry]:
        """The entries of the measures `rows` reference (a page of gaps, one explanation)."""
        return {m: self.measures[m] for m in sorted(referenced_measures(rows))}


def referenced_measures(rows: Iterable[RequirementResult]) -> set[str]:
    """Ids of the measures `rows` reference: explanation paths, direct links and closing."""
    found: set[str] = set()
    for row in rows:
        ex = row.explanation
        for c in ex.controls:
            found.update(map(_ID, c.measures))  # (at city scale: 137,500 references)
        found.update(map(_ID, ex.direct_measures))
        found.update(map(_MEASURE, row.closing))
    return found


_ID = attrgetter("id")
_MEASURE = attrgetter("measure")
