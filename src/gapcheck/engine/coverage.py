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
requirements in dependency order; `engine._modes` works out each requirement's value mode by
mode from what this module gathers for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from gapcheck.engine._modes import is_steady, mode_values, same
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
from gapcheck.engine.plan import Coverage, Sub, plan
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
        steady = n > 1 and is_steady(modes, shape, direct, subs, levels, done)
        computed, raws, rules = mode_values(
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
            flat or (same(values) and same(final_raw)),
        ),
    )
