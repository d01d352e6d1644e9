"""Requirement coverage (semantics v2), today and projected, on the control levels of
`levels.py` (whose names are re-exported here for the callers that use both).

A requirement's value is the best of its *routes* — ways the mapping says it can be met on
its own — and of *partial credit*:

- routes: a control whose edge covers the whole requirement (`equal`/`equivalent`/`subset`,
  weight ≥ 1) at its level; a declared jointly sufficient set of controls at the weighted mean
  of their levels; a requirement it inherits from whole (transposes/specified_by with the
  source within the target) at that requirement's value; a direct measure linked with extent
  `full` at its factor;
- partial credit: CAP × the weighted mean `raw` of everything mapped (the plain level of the
  mapped controls, inherited `raw` values and the direct measures), so nothing reached only
  through `intersects`/`superset` edges ever reads as met.

A heading (not assessable) is the mean of its points and its own path. All modes (today, each
plan year's end, and the same with overdue measures counted) are computed in one pass over the
requirements in dependency order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from gapcheck.engine.applicability import Scope
from gapcheck.engine.index import Index
from gapcheck.engine.levels import (
    CAP,
    CARRY_WEIGHT,
    CURRENT,
    DIRECT_WEIGHT,
    MANUAL_VALUES,
    OPEN_STATUSES,
    Mode,
    analysis_modes,
    control_levels,
    is_overdue,
    measure_factor,
    output_value,
)
from gapcheck.model import AssessmentResult, Edge, Extent, Measure, Relationship
from gapcheck.model.result import Basis, Rule, Via

__all__ = [
    "CAP",
    "CARRY_WEIGHT",
    "CURRENT",
    "DIRECT_WEIGHT",
    "MANUAL_VALUES",
    "OPEN_STATUSES",
    "Coverage",
    "Mode",
    "Sub",
    "analysis_modes",
    "compute_coverage",
    "control_levels",
    "is_overdue",
    "measure_factor",
    "output_value",
    "requirement_coverage",
]

# Ties between routes of equal value are reported by this order.
_RULE_ORDER = (Rule.DIRECT, Rule.CONTROL, Rule.JOINT_SET, Rule.INHERITED, Rule.PARTIAL)


@dataclass(frozen=True, slots=True)
class Sub:
    """A requirement another one falls back on: inherited (`via`) or a child (`via` None)."""

    id: str
    via: Via | None
    relationship: Relationship | None
    whole: bool  # meeting it meets the whole dependent requirement


@dataclass(frozen=True, slots=True)
class Coverage:
    """One requirement's coverage in every mode, with the structure behind it."""

    values: tuple[float, ...]  # final, per mode (modes[0] is today)
    computed: tuple[float, ...]  # the graph's value per mode, before assessment/facts
    raw: tuple[float, ...]  # the uncapped weighted mean behind partial credit (as overridden)
    computed_raw: tuple[float, ...]  # the same from the graph, before assessment or facts
    basis: Basis
    rule: Rule  # what decided today's computed value
    manual: AssessmentResult | None  # an overriding assessment (never not_applicable)
    facts: tuple[str, ...]  # suppliers whose transfer without a mechanism decides it
    capped: bool  # mapping set `sufficient: false`: no control route
    has_path: bool  # some path reaches a control or measure (else "unmapped")
    aggregate: bool  # a heading: the mean of its points
    controls: tuple[str, ...]  # own maps_to members (controls assessed n/a left out)
    carriers: frozenset[str]  # controls that may meet it alone
    joint: tuple[str, ...]  # the declared jointly sufficient set, if any
    # What it falls back on (inherited, then children); its path is these, their paths and
    # the own controls: `engine.paths` walks it (no transitive set is stored per requirement).
    sub: tuple[Sub, ...]
    # The same value and raw in every mode: what depends only on it needs computing once.
    flat: bool = False


def _same(values: tuple[float, ...]) -> bool:
    return values.count(values[0]) == len(values)


def compute_coverage(
    ix: Index,
    scopes: Mapping[str, Scope],
    modes: Sequence[Mode],
    levels: Mapping[str, tuple[float, ...]],
    facts: Mapping[str, tuple[str, ...]] | None = None,
) -> dict[str, Coverage]:
    """Coverage of every selected requirement in every mode (modes[0] must be today);
    `levels` from `control_levels(ix, modes)`; `facts` maps a requirement to the suppliers whose
    transfer without a valid mechanism makes it non-compliant."""
    out: dict[str, Coverage] = {}
    for req_id in ix.order:
        out[req_id] = requirement_coverage(ix, scopes, modes, levels, out, req_id, facts)
    return out


def _inherited(ix: Index, req_id: str) -> tuple[Sub, ...]:
    if req_id in ix.inherits:
        return tuple(
            Sub(t, Via(etype.value), edge.relationship, edge.relationship.source_within_target)
            for t, etype, edge in ix.inherits[req_id]
        )
    if req_id in ix.transposed_by:
        # The edge runs national → directive: the directive provision is met whole through the
        # national one only when the national text covers all of it.
        return tuple(
            Sub(n, Via.TRANSPOSED_BY, edge.relationship, edge.relationship.target_within_source)
            for n, edge in ix.transposed_by[req_id]
        )
    return ()


def _children(
    ix: Index, scopes: Mapping[str, Scope], done: Mapping[str, Coverage], req_id: str
) -> tuple[Sub, ...]:
    # Under an applicable parent only applicable children count; under a parent that is itself
    # out of scope (its value may still be inherited) all children count. A non-assessable
    # child (a sub-heading) counts when it has a path of its own.
    parent_holds = scopes[req_id].conditions_hold
    return tuple(
        Sub(c, None, None, False)
        for c in ix.children.get(req_id, [])
        if (ix.reqs[c].requirement.assessable or (c in done and done[c].has_path))
        and (scopes[c].conditions_hold or not parent_holds)
    )


def _mean(pairs: Sequence[tuple[float, float]]) -> float:
    total = sum(w for _, w in pairs)
    return sum(v * w for v, w in pairs) / total if total else 0.0


@dataclass(frozen=True, slots=True)
class _Plan:
    """What a requirement's coverage is built from, apart from measure statuses and direct
    links: the same in every mode and for every what-if, so it is worked out once per index."""

    edges: tuple[tuple[str, Edge], ...]
    capped: bool
    carriers: frozenset[str]
    joint: tuple[str, ...]
    inherited: tuple[Sub, ...]
    heading: bool
    children: tuple[Sub, ...]


def _plan(
    ix: Index,
    scopes: Mapping[str, Scope],
    levels: Mapping[str, tuple[float, ...]],
    done: Mapping[str, Coverage],
    req_id: str,
) -> _Plan:
    cached = ix.plans.get(req_id)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    edges = tuple((c, e) for c, e in ix.maps_to.get(req_id, []) if c in levels)
    capped = req_id in ix.insufficient
    declared = ix.joint.get(req_id)
    # A dependency missing from `done` can only come from a cycle, which dependency_order
    # refuses; skipping it keeps this function total.
    inherited = () if edges else tuple(s for s in _inherited(ix, req_id) if s.id in done)
    plan = _Plan(
        edges=edges,
        capped=capped,
        carriers=frozenset(
            c
            for c, e in edges
            if not capped and e.relationship.source_within_target and e.weight >= CARRY_WEIGHT
        ),
        joint=tuple(c for c in declared.controls if c in levels)
        if declared is not None and not capped
        else (),
        inherited=inherited,
        heading=not ix.reqs[req_id].requirement.assessable,
        children=tuple(s for s in _children(ix, scopes, done, req_id) if s.id in done),
    )
    ix.plans[req_id] = plan
    return plan


def requirement_coverage(
    ix: Index,
    scopes: Mapping[str, Scope],
    modes: Sequence[Mode],
    levels: Mapping[str, tuple[float, ...]],
    done: Mapping[str, Coverage],
    req_id: str,
    facts: Mapping[str, tuple[str, ...]] | None = None,
) -> Coverage:
    """One requirement's coverage, given `done` for everything it depends on."""
    plan = _plan(ix, scopes, levels, done, req_id)
    edges, capped, carriers, joint, inherited = (
        plan.edges,
        plan.capped,
        plan.carriers,
        plan.joint,
        plan.inherited,
    )
    direct = [(ix.measures[m], extent) for m, extent in ix.direct.get(req_id, [])]
    own_path = bool(edges or direct or inherited)
    children = plan.children if plan.heading or not own_path else ()
    aggregate = bool(children)

    values, computed, raws = [], [], []
    rules: list[Rule] = []
    # When nothing it rests on changes between the modes (most requirements: no measure on
    # their path changes status in the plan years), every mode has today's value.
    steady = len(modes) > 1 and _steady(
        modes, edges, joint, direct, inherited + children, levels, done
    )
    for m, mode in enumerate(modes[:1] if steady else modes):
        value, raw, rule = _own_value(
            m, mode, edges, direct, carriers, joint, inherited, levels, done, own_path
        )
        if aggregate:
            value, raw = _aggregate(
                [(done[s.id].values[m], done[s.id].raw[m]) for s in children],
                (value, raw) if own_path else None,
                catalog_path=bool(edges or inherited),
            )
            rule = Rule.AGGREGATE
        value = min(1.0, max(0.0, value))
        computed.append(value)
        raws.append(raw)
        rules.append(rule)

    if steady:
        computed, raws, rules = computed * len(modes), raws * len(modes), rules * len(modes)
    computed_raw = tuple(raws)
    assessment = ix.assessments.get(req_id)
    manual = (
        assessment.result if assessment is not None and assessment.result in MANUAL_VALUES else None
    )
    decided_by = tuple((facts or {}).get(req_id, ()))
    if decided_by:
        # A transfer without a valid mechanism at as_of is unlawful whatever else is in place.
        values = [0.0] * len(modes)
        raws = [0.0] * len(modes)
        basis = Basis.FACTS
    elif manual is not None:
        floor = MANUAL_VALUES[manual]
        values = [floor, *(max(floor, v) for v in computed[1:])]
        raws = [floor, *(max(floor, r) for r in raws[1:])]
        basis = Basis.MANUAL
    else:
        values = list(computed)
        basis = _basis(rules[0], own_path, aggregate, inherited)

    control_ids = tuple(c for c, _ in edges)
    subs = inherited + children
    return Coverage(
        values=tuple(values),
        computed=tuple(computed),
        raw=tuple(raws),
        computed_raw=computed_raw,
        basis=basis,
        rule=rules[0],
        manual=manual,
        facts=decided_by,
        capped=capped,
        has_path=bool(edges or direct or any(done[s.id].has_path for s in subs)),
        aggregate=aggregate,
        controls=control_ids,
        carriers=carriers,
        joint=joint,
        sub=subs,
        flat=_same(tuple(values)) and _same(tuple(raws)),
    )


def _steady(
    modes: Sequence[Mode],
    edges: Sequence[tuple[str, Edge]],
    joint: tuple[str, ...],
    direct: Sequence[tuple[Measure, Extent]],
    subs: tuple[Sub, ...],
    levels: Mapping[str, tuple[float, ...]],
    done: Mapping[str, Coverage],
) -> bool:
    """Whether every input of a requirement's value is the same in every mode: the levels of
    its controls, what it inherits or aggregates, and its direct measures' factors."""
    return (
        all(_same(levels[c]) for c, _ in edges)
        and all(_same(levels[c]) for c in joint)
        and all(done[s.id].flat for s in subs)
        and all(_same(tuple(measure_factor(ms, ext, mode) for mode in modes)) for ms, ext in direct)
    )


def _aggregate(
    points: list[tuple[float, float]], own: tuple[float, float] | None, *, catalog_path: bool
) -> tuple[float, float]:
    """(value, raw) of a heading: the mean of its points and of its own path. An own path made
    only of direct measures joins the mean only where it raises it, so linking a measure to a
    heading can never lower it."""

    def mean(items: list[tuple[float, float]]) -> tuple[float, float]:
        return sum(v for v, _ in items) / len(items), sum(r for _, r in items) / len(items)

    if own is None:
        return mean(points)
    with_own = mean([*points, own])
    if catalog_path:
        return with_own
    without = mean(points)
    return max(with_own, without)


def _basis(rule: Rule, own_path: bool, aggregate: bool, inherited: tuple[Sub, ...]) -> Basis:
    if aggregate:
        return Basis.AGGREGATED
    if not own_path:
        return Basis.UNMAPPED
    return Basis.INHERITED if inherited else Basis.MAPPED


def _own_value(
    m: int,
    mode: Mode,
    edges: Sequence[tuple[str, Edge]],
    direct: Sequence[tuple[Measure, Extent]],
    carriers: frozenset[str],
    joint: tuple[str, ...],
    inherited: tuple[Sub, ...],
    levels: Mapping[str, tuple[float, ...]],
    done: Mapping[str, Coverage],
    own_path: bool,
) -> tuple[float, float, Rule]:
    """(value, raw, rule) of the requirement's own path in mode `m`."""
    if not own_path:
        return 0.0, 0.0, Rule.NONE
    weights = {c: e.weight for c, e in edges}
    members = [(levels[c][m], weights[c]) for c, _ in edges]
    members += [(done[s.id].raw[m], 1.0) for s in inherited]
    raw = _mean(members) if members else 0.0
    factors = [(measure_factor(ms, ext, mode), ext) for ms, ext in direct]
    if factors:
        best = max(f for f, _ in factors)
        with_direct = _mean([*members, (best, DIRECT_WEIGHT)])
        # The direct member counts only where it does not lower the mean, so linking or
        # improving a measure can never lower coverage.
        raw = max(raw, with_direct)
    routes: list[tuple[float, Rule]] = [(CAP * raw, Rule.PARTIAL)]
    routes += [(levels[c][m], Rule.CONTROL) for c in carriers]
    if joint:
        routes.append((_mean([(levels[c][m], weights[c]) for c in joint]), Rule.JOINT_SET))
    routes += [(done[s.id].values[m], Rule.INHERITED) for s in inherited if s.whole]
    routes += [(f, Rule.DIRECT) for f, ext in factors if ext is Extent.FULL]
    value, rule = max(routes, key=lambda r: (r[0], -_RULE_ORDER.index(r[1])))
    return value, raw, rule
