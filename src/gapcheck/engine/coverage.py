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
_DIRECT, _CONTROL, _JOINT_SET, _INHERITED = (
    _RANK[r] for r in (Rule.DIRECT, Rule.CONTROL, Rule.JOINT_SET, Rule.INHERITED)
)


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


_new_record = tuple.__new__

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
    # A requirement with a plan was computed in full before on this index (a what-if
    # recomputing it needs no shortcut test: the general computation gives the same).
    made = ix.plans.get(req_id)
    if made is None:
        shape = ix.shapes.get(req_id)
        if (
            shape is not None
            and shape.bare
            and req_id not in ix.direct
            and req_id not in ix.transposed_by
            and req_id not in ix.assessments
            and not (facts and req_id in facts)
        ):
            # No path and nothing overriding (about a third of the requirements): zero in
            # every mode, the same record for every organisation.
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

    # Whether the computed value and raw are known the same in every mode.
    flat = True
    if not own_path and not aggregate:
        # Nothing to compute: no path of its own and no points to average.
        computed = raws = _ZEROS.get(n) or _ZEROS.setdefault(n, (0.0,) * n)
        rules = [Rule.NONE]
    else:
        # When nothing it rests on changes between the modes (most requirements: no measure
        # on their path changes status in the plan years), every mode has today's value.
        steady = n > 1 and _steady(modes, shape, direct, subs, levels, done)
        computed, raws, rules = _mode_values(
            modes[:1] if steady else modes, made, direct, levels, done, own_path, children
        )
        if steady:
            computed, raws = computed * n, raws * n
        else:
            flat = n == 1

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
        flat = True
    elif manual is not None:
        floor = MANUAL_VALUES[manual]
        values = (floor, *(max(floor, v) for v in computed[1:]))
        final_raw = (floor, *(max(floor, r) for r in raws[1:]))
        basis = Basis.MANUAL
        flat = n == 1
    elif aggregate:
        basis = Basis.AGGREGATED
    elif not own_path:
        basis = Basis.UNMAPPED
    else:
        basis = Basis.INHERITED if inherited else Basis.MAPPED

    # Made as the named tuple's generated __new__ makes it, without that Python-level call
    # (one per requirement and per what-if recomputation): every field, in Coverage's order.
    return _new_record(
        Coverage,
        (
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
            flat or (_same(values) and _same(final_raw)),
        ),
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
    return not direct or all(
        _same(tuple(measure_factor(ms, ext, mode) for mode in modes)) for ms, ext in direct
    )


def _mode_values(
    modes: Sequence[Mode],
    made: Plan,
    direct: Sequence[tuple[Measure, Extent]],
    levels: Mapping[str, tuple[float, ...]],
    done: Mapping[str, Coverage],
    own_path: bool,
    children: tuple[Sub, ...],
) -> tuple[tuple[float, ...], tuple[float, ...], list[Rule]]:
    """(value, raw, rule) of the requirement in each of `modes`, in one pass: its inputs (the
    level tuples of its controls, what it inherits or aggregates, its direct measures'
    factors) are looked up once, then read mode by mode.

    The own path: partial credit is CAP × the weighted mean `raw` of its members; a direct
    member joins the mean only where it does not lower it (linking or improving a measure can
    never lower coverage); the best route wins, ties going to the earlier rule of
    _RULE_ORDER (the order tried here). A heading is the mean of its points and its own path;
    an own path made only of direct measures joins that mean only where it raises it."""
    shape = made.shape
    count = len(modes)
    # (Each comprehension is a call of its own: made only where there is something to read.)
    members = [(levels[c], w) for c, w in shape.weights] if shape.weights else []
    if made.inherited:
        members += [(done[s.id].raw, 1.0) for s in made.inherited]
    factors = (
        [
            (tuple(measure_factor(ms, ext, mode) for mode in modes), ext is Extent.FULL)
            for ms, ext in direct
        ]
        if direct
        else ()
    )
    carriers = [levels[c] for c in shape.carriers] if shape.carriers else ()
    joint = [(levels[c], w) for c, w in shape.joint_weights] if shape.joint_weights else ()
    whole = [done[r].values for r in made.whole] if made.whole else ()
    kids = [done[s.id] for s in children] if children else ()
    catalog_path = bool(shape.edges or made.inherited)
    values: list[float] = []
    raws: list[float] = []
    rules: list[Rule] = []
    for m in range(count):
        if own_path:
            # The weighted means add in order from zero, as `sum` does.
            total = weighted = 0.0
            for lv, w in members:
                total += w
                weighted += lv[m] * w
            raw = weighted / total if total else 0.0
            if factors:
                best = max(f[m] for f, _ in factors)
                raw = max(raw, (weighted + best * DIRECT_WEIGHT) / (total + DIRECT_WEIGHT))
            value, rule, rank = CAP * raw, Rule.PARTIAL, _RANK[Rule.PARTIAL]
            for f, full in factors:
                v = f[m]
                if full and (v > value or (v == value and rank > _DIRECT)):
                    value, rule, rank = v, Rule.DIRECT, _DIRECT
            for lv in carriers:
                v = lv[m]
                if v > value or (v == value and rank > _CONTROL):
                    value, rule, rank = v, Rule.CONTROL, _CONTROL
            if joint:
                v = _joint_mean(joint, m)
                if v > value or (v == value and rank > _JOINT_SET):
                    value, rule, rank = v, Rule.JOINT_SET, _JOINT_SET
            for vs in whole:
                v = vs[m]
                if v > value or (v == value and rank > _INHERITED):
                    value, rule, rank = v, Rule.INHERITED, _INHERITED
        else:
            value = raw = 0.0
            rule = Rule.NONE
        if kids:
            points = [k.values[m] for k in kids]
            point_raws = [k.raw[m] for k in kids]
            k = len(kids)
            if not own_path:
                value, raw = sum(points) / k, sum(point_raws) / k
            else:
                with_own = sum([*points, value]) / (k + 1), sum([*point_raws, raw]) / (k + 1)
                if catalog_path:
                    value, raw = with_own
                else:
                    value, raw = max(with_own, (sum(points) / k, sum(point_raws) / k))
            rule = Rule.AGGREGATE
        # Clamped to [0, 1] as min(1.0, max(0.0, value)) would, without the two calls.
        value = value if value > 0.0 else 0.0
        values.append(value if value < 1.0 else 1.0)
        raws.append(raw)
        rules.append(rule)
    return tuple(values), tuple(raws), rules


def _joint_mean(joint: Sequence[tuple[tuple[float, ...], float]], m: int) -> float:
    """The weighted mean of the joint set's members' levels in mode `m`, added in order from
    zero as the own path's mean is (a call of its own: few requirements declare a set)."""
    total = weighted = 0.0
    for lv, w in joint:
        total += w
        weighted += lv[m] * w
    return weighted / total if total else 0.0
