"""What a requirement's coverage is built from apart from its measures' statuses (its *plan*),
and the coverage record the engine computes from it.

A plan has two layers. The catalog's (`Shape`: the requirement's control edges and what may
meet it alone, its joint set, the provisions it inherits from through catalog edges, its
children) depends only on the catalog and the selected source versions: it is kept in the
index's catalog part and shared by every organisation analysed against it, and by the catalog
cache. The organisation's (`Plan`) filters it: controls assessed not applicable drop out, a
directive provision falls back on the national provisions that transpose it with members of
their own, and only the children that apply count.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from gapcheck.engine.applicability import Scope
from gapcheck.engine.index import Index
from gapcheck.engine.levels import CARRY_WEIGHT
from gapcheck.engine.parts import by_fields
from gapcheck.model import AssessmentResult, Edge, Relationship
from gapcheck.model.result import Basis, Rule, Via

__all__ = ["Coverage", "Plan", "Shape", "Sub", "plan"]


@dataclass(frozen=True, slots=True)
class Sub:
    """A requirement another one falls back on: inherited (`via`) or a child (`via` None)."""

    id: str
    via: Via | None
    relationship: Relationship | None
    whole: bool  # meeting it meets the whole dependent requirement

    def __reduce__(self) -> tuple[type[Sub], tuple[object, ...]]:
        return by_fields(self)


class Coverage(NamedTuple):
    """One requirement's coverage in every mode, with the structure behind it.

    A named tuple rather than a frozen dataclass: as immutable, and made three times faster
    (a frozen dataclass sets each of its 16 fields through `object.__setattr__`), which counts
    at one per requirement per analysis and per what-if."""

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


@dataclass(frozen=True, slots=True)
class Shape:
    """The catalog's layer of a requirement's plan (see the module docstring)."""

    edges: tuple[tuple[str, Edge], ...]  # own maps_to edges (of the controls given)
    ids: tuple[str, ...]  # their controls
    capped: bool  # mapping set `sufficient: false`: no control route
    carriers: frozenset[str]  # controls that may meet it alone
    joint: tuple[str, ...]  # the declared jointly sufficient set
    weights: tuple[tuple[str, float], ...]  # (control, edge weight) per edge
    joint_weights: tuple[tuple[str, float], ...]  # the same for the joint set's members
    controls: frozenset[str]  # every control whose level it reads
    heading: bool  # not assessable: the mean of its points
    inherits: tuple[Sub, ...]  # through the catalog's transposes/specified_by edges
    children: tuple[tuple[Sub, bool], ...]  # every child, with whether it is assessable

    def __reduce__(self) -> tuple[type[Shape], tuple[object, ...]]:
        return by_fields(self)

    @property
    def bare(self) -> bool:
        """Nothing in the catalog to build a value from: no edge, no inheritance, no child."""
        return not (self.edges or self.inherits or self.children)


class Plan(NamedTuple):
    """A requirement's plan for one organisation: the shape and what it falls back on."""

    shape: Shape
    inherited: tuple[Sub, ...]
    whole: tuple[str, ...]  # inherited requirements met whole through this one
    children: tuple[Sub, ...]  # the children that count


def plan(
    ix: Index,
    scopes: Mapping[str, Scope],
    levels: Mapping[str, tuple[float, ...]],
    done: Mapping[str, Coverage],
    req_id: str,
) -> Plan:
    """The requirement's plan, worked out once per index (the what-if computations share it
    through their copies of the index) from the catalog's shape, built once per catalog part.
    `levels` names the controls that count (those assessed not applicable are left out);
    `done` holds the coverage of everything the requirement depends on."""
    cached = ix.plans.get(req_id)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    shape = ix.shapes.get(req_id)
    if shape is None:
        shape = ix.shapes.setdefault(req_id, _shape(ix, req_id, None))
    if shape.controls and not levels.keys() >= shape.controls:
        # Controls assessed not applicable: this index's own shape.
        shape = _shape(ix, req_id, levels)
    # A dependency missing from `done` can only come from a cycle, which dependency_order
    # refuses; skipping it keeps this function total.
    if shape.edges:
        inherited: tuple[Sub, ...] = ()
    elif shape.inherits:
        inherited = tuple(s for s in shape.inherits if s.id in done)
    elif req_id in ix.transposed_by:
        inherited = tuple(s for s in _transposed(ix, req_id) if s.id in done)
    else:
        inherited = ()
    # Under an applicable parent only applicable children count; under a parent that is itself
    # out of scope (its value may still be inherited) all children count. A non-assessable
    # child (a sub-heading) counts when it has a path of its own.
    parent_holds = scopes[req_id].conditions_hold
    # (Each comprehension is a call of its own: made only where there is something to read.)
    children = (
        tuple(
            s
            for s, assessable in shape.children
            if s.id in done
            and (assessable or done[s.id].has_path)
            and (not parent_holds or scopes[s.id].conditions_hold)
        )
        if shape.children
        else ()
    )
    whole = tuple(s.id for s in inherited if s.whole) if inherited else ()
    made = Plan(shape, inherited, whole, children)
    ix.plans[req_id] = made
    return made


def _shape(ix: Index, req_id: str, levels: Mapping[str, object] | None) -> Shape:
    """The catalog's layer; with `levels`, only the edges and joint members of the controls
    it names."""
    edges = tuple((c, e) for c, e in ix.maps_to.get(req_id, []) if levels is None or c in levels)
    capped = req_id in ix.insufficient
    declared = ix.joint.get(req_id)
    joint = (
        tuple(c for c in declared.controls if levels is None or c in levels)
        if declared is not None and not capped
        else ()
    )
    # A joint set's members are edges of its requirement (the catalog loader checks it).
    weight = {c: e.weight for c, e in edges}
    return Shape(
        edges=edges,
        ids=tuple(c for c, _ in edges),
        capped=capped,
        carriers=frozenset(
            c
            for c, e in edges
            if not capped and e.relationship.source_within_target and e.weight >= CARRY_WEIGHT
        ),
        joint=joint,
        weights=tuple((c, e.weight) for c, e in edges),
        joint_weights=tuple((c, weight[c]) for c in joint),
        controls=frozenset(weight) | frozenset(joint),
        heading=not ix.reqs[req_id].requirement.assessable,
        inherits=tuple(
            Sub(t, Via(etype.value), edge.relationship, edge.relationship.source_within_target)
            for t, etype, edge in ix.inherits.get(req_id, [])
        ),
        children=tuple(
            (Sub(c, None, None, False), ix.reqs[c].requirement.assessable)
            for c in ix.children.get(req_id, [])
        ),
    )


def _transposed(ix: Index, req_id: str) -> tuple[Sub, ...]:
    # The edge runs national → directive: the directive provision is met whole through the
    # national one only when the national text covers all of it.
    return tuple(
        Sub(n, Via.TRANSPOSED_BY, edge.relationship, edge.relationship.target_within_source)
        for n, edge in ix.transposed_by.get(req_id, [])
    )
