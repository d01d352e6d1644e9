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
from gapcheck.engine.plan import Coverage, Plan, Shape, Sub, plan
from gapcheck.model import Extent, Measure
from gapcheck.model.result import Basis, Rule

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
_RANK = {rule: i for i, rule in enumerate(_RULE_ORDER)}


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


def _mean(pairs: Sequence[tuple[float, float]]) -> float:
    # One pass, adding in order from zero as `sum` does (same floats on CPython 3.11).
    total = weighted = 0.0
    for v, w in pairs:
        total += w
        weighted += v * w
    return weighted / total if total else 0.0


_ZEROS: dict[int, tuple[float, ...]] = {}
_UNMAPPED: dict[tuple[int, bool], Coverage] = {}


def _unmapped(n: int, capped: bool) -> Coverage:
    """The coverage of a requirement with no path and nothing overriding, in `n` modes (what
    the general computation gives it, made once: a test compares the two)."""
    known = _UNMAPPED.get((n, capped))
    if known is None:
        zeros = (0.0,) * n
        known = _UNMAPPED.setdefault(
            (n, capped),
            Coverage(
                values=zeros,
                computed=zeros,
                raw=zeros,
                computed_raw=zeros,
                basis=Basis.UNMAPPED,
                rule=Rule.NONE,
                manual=None,
                facts=(),
                capped=capped,
                has_path=False,
                aggregate=False,
                controls=(),
                carriers=frozenset(),
                joint=(),
                sub=(),
                flat=True,
            ),
        )
    return known


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
    shape = ix.shapes.get(req_id)
    if (
        shape is not None
        and shape.bare
        and req_id not in ix.direct
        and req_id not in ix.transposed_by
        and req_id not in ix.assessments
        and not (facts and req_id in facts)
    ):
        # No path and nothing overriding (about a third of the requirements): zero in every
        # mode, the same record for every organisation.
        return _unmapped(len(modes), shape.capped)
    made = plan(ix, scopes, levels, done, req_id)
    shape, inherited = made.shape, made.inherited
    edges = shape.edges
    links = ix.direct.get(req_id)
    direct = [(ix.measures[m], extent) for m, extent in links] if links else []
    own_path = bool(edges or direct or inherited)
    children = made.children if shape.heading or not own_path else ()
    aggregate = bool(children)
    subs = inherited + children
    n = len(modes)

    if not own_path and not aggregate:
        # Nothing to compute: no path of its own and no points to average.
        computed = raws = _ZEROS.get(n) or _ZEROS.setdefault(n, (0.0,) * n)
        rules = [Rule.NONE]
    else:
        # When nothing it rests on changes between the modes (most requirements: no measure
        # on their path changes status in the plan years), every mode has today's value.
        steady = n > 1 and _steady(modes, shape, direct, subs, levels, done)
        values_: list[float] = []
        raws_: list[float] = []
        rules = []
        for m, mode in enumerate(modes[:1] if steady else modes):
            value, raw, rule = _own_value(m, mode, made, direct, levels, done, own_path)
            if aggregate:
                value, raw = _aggregate(
                    [(done[s.id].values[m], done[s.id].raw[m]) for s in children],
                    (value, raw) if own_path else None,
                    catalog_path=bool(edges or inherited),
                )
                rule = Rule.AGGREGATE
            values_.append(min(1.0, max(0.0, value)))
            raws_.append(raw)
            rules.append(rule)
        computed, raws = tuple(values_), tuple(raws_)
        if steady:
            computed, raws = computed * n, raws * n

    assessment = ix.assessments.get(req_id)
    manual = (
        assessment.result if assessment is not None and assessment.result in MANUAL_VALUES else None
    )
    decided_by = tuple(facts.get(req_id, ())) if facts else ()
    values = computed
    final_raw = raws
    if decided_by:
        # A transfer without a valid mechanism at as_of is unlawful whatever else is in place.
        values = final_raw = (0.0,) * n
        basis = Basis.FACTS
    elif manual is not None:
        floor = MANUAL_VALUES[manual]
        values = (floor, *(max(floor, v) for v in computed[1:]))
        final_raw = (floor, *(max(floor, r) for r in raws[1:]))
        basis = Basis.MANUAL
    else:
        basis = _basis(rules[0], own_path, aggregate, inherited)

    return Coverage(
        values,
        computed,
        final_raw,
        raws,
        basis,
        rules[0],
        manual,
        decided_by,
        shape.capped,
        bool(edges or direct) or any(done[s.id].has_path for s in subs),
        aggregate,
        shape.ids,
        shape.carriers,
        shape.joint,
        subs,
        _same(values) and _same(final_raw),
    )


def _steady(
    modes: Sequence[Mode],
    shape: Shape,
    direct: Sequence[tuple[Measure, Extent]],
    subs: tuple[Sub, ...],
    levels: Mapping[str, tuple[float, ...]],
    done: Mapping[str, Coverage],
) -> bool:
    """Whether every input of a requirement's value is the same in every mode: the levels of
    its controls, what it inherits or aggregates, and its direct measures' factors."""
    for c in shape.controls:
        lv = levels[c]
        if lv.count(lv[0]) != len(lv):
            return False
    for s in subs:
        if not done[s.id].flat:
            return False
    return all(_same(tuple(measure_factor(ms, ext, mode) for mode in modes)) for ms, ext in direct)


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
    made: Plan,
    direct: Sequence[tuple[Measure, Extent]],
    levels: Mapping[str, tuple[float, ...]],
    done: Mapping[str, Coverage],
    own_path: bool,
) -> tuple[float, float, Rule]:
    """(value, raw, rule) of the requirement's own path in mode `m`."""
    if not own_path:
        return 0.0, 0.0, Rule.NONE
    shape = made.shape
    members = [(levels[c][m], w) for c, w in shape.weights]
    members += [(done[s.id].raw[m], 1.0) for s in made.inherited]
    raw = _mean(members) if members else 0.0
    factors = [(measure_factor(ms, ext, mode), ext) for ms, ext in direct]
    if factors:
        best = max(f for f, _ in factors)
        with_direct = _mean([*members, (best, DIRECT_WEIGHT)])
        # The direct member counts only where it does not lower the mean, so linking or
        # improving a measure can never lower coverage.
        raw = max(raw, with_direct)
    # The best route; ties go to the earlier rule of _RULE_ORDER (the order tried here).
    value, rule = CAP * raw, Rule.PARTIAL
    for f, ext in factors:
        if ext is Extent.FULL and (f > value or (f == value and _RANK[Rule.DIRECT] < _RANK[rule])):
            value, rule = f, Rule.DIRECT
    for c in shape.carriers:
        v = levels[c][m]
        if v > value or (v == value and _RANK[Rule.CONTROL] < _RANK[rule]):
            value, rule = v, Rule.CONTROL
    if shape.joint_weights:
        v = _mean([(levels[c][m], w) for c, w in shape.joint_weights])
        if v > value or (v == value and _RANK[Rule.JOINT_SET] < _RANK[rule]):
            value, rule = v, Rule.JOINT_SET
    for r in made.whole:
        v = done[r].values[m]
        if v > value or (v == value and _RANK[Rule.INHERITED] < _RANK[rule]):
            value, rule = v, Rule.INHERITED
    return value, raw, rule
