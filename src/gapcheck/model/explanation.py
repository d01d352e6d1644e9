"""The explanation behind a requirement's number: its path to controls and measures, the rule
that decided it and what is missing (part of the analysis result, docs/json-result.md)."""

from __future__ import annotations

import datetime as dt

from pydantic import ConfigDict, Field

from gapcheck.model.catalog import Relationship
from gapcheck.model.common import Extent, LocalizedOrEnglish, LocalizedText, OutputModel
from gapcheck.model.org import AssessmentResult, MeasureStatus
from gapcheck.model.result_kinds import Basis, Category, MeetKind, Rule, Via
from gapcheck.model.trusted import trusted

__all__ = [
    "AssessmentRef",
    "ControlPath",
    "Explanation",
    "InheritedPath",
    "JointSetRef",
    "MeasureEntry",
    "MeasureRef",
    "ToMeet",
    "inherited_path",
    "make_explanation",
]


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

    # Its validator is built on first use: the engine builds explanations with
    # `make_explanation`, and `gapcheck analyze` never validates one.
    model_config = ConfigDict(defer_build=True)

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


def make_explanation(
    *,
    basis: Basis,
    rule: Rule,
    partial_mean: float | None,
    joint_set: JointSetRef | None,
    to_meet: list[ToMeet],
    facts: list[str],
    controls: list[ControlPath],
    direct_measures: list[MeasureRef],
    inherited: list[InheritedPath],
    assessment: AssessmentRef | None,
    capped: bool,
    cap_rationale: LocalizedText | None,
    computed_coverage: float | None,
) -> Explanation:
    """`Explanation(...)` without pydantic's validation (`model.trusted`). Lists become the
    explanation's own, as validation makes."""
    return trusted(
        Explanation,
        {
            "basis": basis,
            "rule": rule,
            "partial_mean": partial_mean,
            "joint_set": joint_set,
            "to_meet": list(to_meet),
            "facts": list(facts),
            "controls": list(controls),
            "direct_measures": list(direct_measures),
            "inherited": list(inherited),
            "assessment": assessment,
            "capped": capped,
            "cap_rationale": cap_rationale,
            "computed_coverage": computed_coverage,
        },
    )


def inherited_path(
    *,
    via: Via | None,
    requirement: str,
    relationship: Relationship | None,
    whole: bool,
    coverage: float,
    category: Category,
) -> InheritedPath:
    """`InheritedPath(...)` without pydantic's validation (`model.trusted`): one per link an
    explanation falls back on (441 in a city organisation, seldom the same twice)."""
    return trusted(
        InheritedPath,
        {
            "via": via,
            "requirement": requirement,
            "relationship": relationship,
            "whole": whole,
            "coverage": coverage,
            "category": category,
        },
    )
