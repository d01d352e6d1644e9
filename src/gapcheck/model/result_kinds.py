"""The closed vocabularies of the analysis result (roles, categories, rules, kinds of step)."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "Basis",
    "Category",
    "GapCategory",
    "MeetKind",
    "NextStepKind",
    "Rule",
    "SourceRole",
    "Via",
]


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


class NextStepKind(StrEnum):
    FOLLOW_UP = "follow_up"  # an overdue measure that materially closes the gap
    COMPLETE = "complete"  # the open measure that closes most of it
    PLAN = "plan"  # nothing planned closes it materially: plan a measure
    MAP = "map"  # no path: catalog work (map the requirement)
    ASSESS = "assess"  # a duty controls cannot show: assess it (or link a sufficient measure)
