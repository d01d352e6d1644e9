"""A requirement's value in each mode, from its routes and its partial credit (the rules are
in `engine.coverage`'s docstring): `mode_values` reads, mode by mode, what the coverage step
gathered once per requirement; `is_steady` says when every mode would give the same value, so it
is computed once. Private to `engine.coverage`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from gapcheck.engine.levels import CAP, DIRECT_WEIGHT, Mode, measure_factor
from gapcheck.engine.plan import Coverage, Plan, Shape, Sub
from gapcheck.model import Extent, Measure
from gapcheck.model.result import Rule

__all__ = ["is_steady", "mode_values", "same"]

# Ties between routes of equal value are reported by this order.
_RULE_ORDER = (Rule.DIRECT, Rule.CONTROL, Rule.JOINT_SET, Rule.INHERITED, Rule.PARTIAL)
_RANK = {rule: i for i, rule in enumerate(_RULE_ORDER)}
_DIRECT, _CONTROL, _JOINT_SET, _INHERITED = (
    _RANK[r] for r in (Rule.DIRECT, Rule.CONTROL, Rule.JOINT_SET, Rule.INHERITED)
)


def same(values: tuple[float, ...]) -> bool:
    return values.count(values[0]) == len(values)


def is_steady(
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
        same(tuple(measure_factor(ms, ext, mode) for mode in modes)) for ms, ext in direct
    )


def mode_values(
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
