"""Coverage: measure factors, control levels and requirement coverage, today and projected.

All modes (today, and the end of each plan year) are computed in one pass over the
requirements in dependency order, so each value is computed once (memoised by construction)
and no recursion is needed however deep the transposes/specified_by/contains chains run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from gapcheck.engine.applicability import Scope
from gapcheck.engine.index import Index
from gapcheck.model import AssessmentResult, Extent, Measure, MeasureStatus
from gapcheck.model.result import Basis, Via

__all__ = [
    "CAP",
    "CURRENT",
    "DIRECT_WEIGHT",
    "MANUAL_VALUES",
    "Coverage",
    "Mode",
    "compute_coverage",
    "control_levels",
    "measure_factor",
    "output_value",
    "requirement_coverage",
]

# Today's factor per measure status; every status not listed counts 0.
CURRENT_FACTORS: dict[MeasureStatus, float] = {
    MeasureStatus.IMPLEMENTED: 1.0,
    MeasureStatus.PARTIALLY_IMPLEMENTED: 0.5,
}
# A link with extent `partial` contributes this share of the measure's factor.
PARTIAL_EXTENT = 0.5
# Direct measure→requirement links form one member of this weight (brief §4: "fully weighted").
DIRECT_WEIGHT = 1.0
# A mapping set marked `sufficient: false` caps computed coverage at "partial".
CAP = 0.5
# A manual assessment's value; not_applicable is not a value (it removes the target).
MANUAL_VALUES: dict[AssessmentResult, float] = {
    AssessmentResult.COMPLIANT: 1.0,
    AssessmentResult.PARTIALLY_COMPLIANT: 0.5,
    AssessmentResult.NON_COMPLIANT: 0.0,
}
# Output floats are rounded so that JSON is stable across platforms and runs.
ROUND_DIGITS = 4


@dataclass(frozen=True, slots=True)
class Mode:
    """How measure statuses are read: today (`projected_to` None) or as projected to a date,
    when every measure due on or before it counts as implemented."""

    projected_to: dt.date | None = None


CURRENT = Mode()


@dataclass(frozen=True, slots=True)
class Coverage:
    """One requirement's coverage in every mode, with the structure behind it."""

    values: tuple[float, ...]  # final, per mode (modes[0] is today)
    computed: tuple[float, ...]  # the graph's value per mode, before a manual assessment
    basis: Basis  # the rule that produced today's value
    manual: AssessmentResult | None  # an overriding assessment (never not_applicable)
    capped: bool
    has_path: bool  # some path reaches a control or measure (else "unmapped")
    controls: tuple[str, ...]  # own maps_to members (controls assessed n/a left out)
    # Requirements the value falls back on: transposes/specified_by targets, or children (None).
    sub: tuple[tuple[str, Via | None], ...]
    path_requirements: frozenset[str]
    path_controls: frozenset[str]
    path_measures: frozenset[str]


def output_value(x: float) -> float:
    """A coverage value as written to the result: clamped to [0, 1] and rounded."""
    return round(min(1.0, max(0.0, x)), ROUND_DIGITS)


def measure_factor(measure: Measure, extent: Extent, mode: Mode = CURRENT) -> float:
    """How much one measure contributes through one link (status × extent) in `mode`."""
    status = measure.status
    due = measure.effective_due
    if (
        mode.projected_to is not None
        and status is not MeasureStatus.CANCELLED
        and (status is MeasureStatus.IMPLEMENTED or (due is not None and due <= mode.projected_to))
    ):
        # Projected: anything not cancelled and due by the date counts as implemented.
        base = 1.0
    else:
        base = CURRENT_FACTORS.get(status, 0.0)
    return base * (PARTIAL_EXTENT if extent is Extent.PARTIAL else 1.0)


def control_levels(ix: Index, modes: Sequence[Mode]) -> dict[str, tuple[float, ...]]:
    """Level per control and mode: the best implementing measure, unless a manual assessment
    on the control overrides it. Controls assessed not_applicable are left out."""
    levels: dict[str, tuple[float, ...]] = {}
    for control_id in ix.controls:
        assessment = ix.assessments.get(control_id)
        if assessment is not None and assessment.result is AssessmentResult.NOT_APPLICABLE:
            continue
        links = [(ix.measures[m], extent) for m, extent in ix.implementers.get(control_id, [])]
        computed = tuple(
            max((measure_factor(m, extent, mode) for m, extent in links), default=0.0)
            for mode in modes
        )
        if assessment is not None:
            # Today the judgement stands; in a projection it is a floor that planned measures
            # may raise, as for a requirement's manual assessment (docs/architecture.md).
            manual = MANUAL_VALUES[assessment.result]
            computed = (manual, *(max(manual, v) for v in computed[1:]))
        levels[control_id] = computed
    return levels


def compute_coverage(
    ix: Index,
    scopes: Mapping[str, Scope],
    modes: Sequence[Mode],
    levels: Mapping[str, tuple[float, ...]],
) -> dict[str, Coverage]:
    """Coverage of every selected requirement in every mode (modes[0] must be CURRENT);
    `levels` comes from `control_levels(ix, modes)`."""
    out: dict[str, Coverage] = {}
    for req_id in ix.order:
        out[req_id] = requirement_coverage(ix, scopes, modes, levels, out, req_id)
    return out


def _sub_requirements(
    ix: Index, scopes: Mapping[str, Scope], done: Mapping[str, Coverage], req_id: str
) -> tuple[tuple[str, Via | None], ...]:
    """What a requirement without own controls falls back on: inheritance, else children."""
    if req_id in ix.inherits:
        return tuple((t, Via(via.value)) for t, via in ix.inherits[req_id])
    if req_id in ix.transposed_by:
        return tuple((t, Via.TRANSPOSED_BY) for t in ix.transposed_by[req_id])
    parent_holds = scopes[req_id].conditions_hold
    # Under an applicable parent only applicable children count; under a parent that is
    # itself out of scope (its value may still be inherited) all children count. A
    # non-assessable child (a heading such as IR annex 3.1) counts when it has a path of its
    # own, so a section aggregates its points through its sub-headings.
    return tuple(
        (c, None)
        for c in ix.children.get(req_id, [])
        if (ix.reqs[c].requirement.assessable or (c in done and done[c].has_path))
        and (scopes[c].conditions_hold or not parent_holds)
    )


def requirement_coverage(
    ix: Index,
    scopes: Mapping[str, Scope],
    modes: Sequence[Mode],
    levels: Mapping[str, tuple[float, ...]],
    done: Mapping[str, Coverage],
    req_id: str,
) -> Coverage:
    members = [(c, e.weight) for c, e in ix.maps_to.get(req_id, []) if c in levels]
    direct = [(ix.measures[m], extent) for m, extent in ix.direct.get(req_id, [])]
    sub = () if members else _sub_requirements(ix, scopes, done, req_id)
    # A dependency missing from `done` can only come from a cycle, which dependency_order
    # refuses; skipping it keeps this function total.
    subs = [done[t] for t, _ in sub if t in done]
    assessment = ix.assessments.get(req_id)
    manual = None
    if assessment is not None and assessment.result in MANUAL_VALUES:
        manual = assessment.result
    cap = req_id in ix.insufficient

    total_weight = sum(w for _, w in members)
    values: list[float] = []
    computed: list[float] = []
    today_basis = Basis.UNMAPPED
    for m, mode in enumerate(modes):
        weighted = sum(w * levels[c][m] for c, w in members)
        if members:
            value, basis = weighted / total_weight, Basis.MAPPED
        elif subs:
            value = sum(s.values[m] for s in subs) / len(subs)
            basis = Basis.INHERITED if sub[0][1] is not None else Basis.AGGREGATED
        else:
            value, basis = 0.0, Basis.UNMAPPED
        best = max((measure_factor(ms, extent, mode) for ms, extent in direct), default=0.0)
        if direct:
            with_direct = (weighted + DIRECT_WEIGHT * best) / (total_weight + DIRECT_WEIGHT)
            # The direct member counts unless the requirement does better without it, so
            # linking a measure (or improving one) can never lower coverage (brief §4).
            if with_direct >= value:
                value, basis = with_direct, Basis.MAPPED
        # The cap says ISO controls cannot show the duty is met; a measure linked directly to
        # the requirement, fully and implemented, can (e.g. the registration was made).
        if cap and best < 1.0:
            value = min(value, CAP)
        value = min(1.0, max(0.0, value))
        computed.append(value)
        if m == 0:
            today_basis = basis
        if manual is None:
            values.append(value)
        elif m == 0:
            values.append(MANUAL_VALUES[manual])
        else:
            # Planned measures may improve on today's judgement; never below it.
            values.append(max(MANUAL_VALUES[manual], value))

    control_ids = tuple(c for c, _ in members)
    own_measures = {m for c in control_ids for m, _ in ix.implementers.get(c, [])}
    own_measures.update(ms.id for ms, _ in direct)
    return Coverage(
        values=tuple(values),
        computed=tuple(computed),
        basis=Basis.MANUAL if manual is not None else today_basis,
        manual=manual,
        capped=cap,
        has_path=bool(members or direct or any(s.has_path for s in subs)),
        controls=control_ids,
        sub=sub,
        path_requirements=frozenset(t for t, _ in sub).union(*(s.path_requirements for s in subs)),
        path_controls=frozenset(control_ids).union(*(s.path_controls for s in subs)),
        path_measures=frozenset(own_measures).union(*(s.path_measures for s in subs)),
    )
