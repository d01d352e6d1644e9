"""Typed lookup tables read once from the graph, so the computation never scans it again:
the catalog part shared by every organisation (`engine.parts`) and the organisation's own
measures, risks and assessments."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from gapcheck.engine.graph import CONTROL, REQUIREMENT, Graph, dependency_order
from gapcheck.engine.order import natural_key, natural_sorted
from gapcheck.engine.parts import (
    CatalogPart,
    ReqInfo,
    adopt_parts,
    catalog_part,
    insufficient_sets,
    joint_sets,
    part_graph,
    shared_parts,
    sort_pairs,
)
from gapcheck.model import (
    Assessment,
    AssessmentResult,
    Control,
    Edge,
    EdgeType,
    Extent,
    LocalizedText,
    MappingSet,
    Measure,
    Risk,
)
from gapcheck.model.bundle import Catalog, LoadedVersion, OrgData

__all__ = [
    "CatalogPart",
    "Index",
    "ReqInfo",
    "adopt_parts",
    "build_index",
    "insufficient_sets",
    "joint_sets",
    "latest_assessments",
    "shared_parts",
]


@dataclass(slots=True)
class Index:
    """Everything the engine looks up, keyed by id, each list in natural id order."""

    # The catalog part's graph; None when the part came from the catalog cache and no
    # dependency order had to be computed (see `adopt_parts`).
    graph: Graph | None
    reqs: dict[str, ReqInfo] = field(default_factory=dict)
    controls: dict[str, Control] = field(default_factory=dict)
    measures: dict[str, Measure] = field(default_factory=dict)
    risks: dict[str, Risk] = field(default_factory=dict)
    parent: dict[str, str] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)
    maps_to: dict[str, list[tuple[str, Edge]]] = field(default_factory=dict)
    inherits: dict[str, list[tuple[str, EdgeType, Edge]]] = field(default_factory=dict)
    # Directive provision -> national provisions transposing it that have own members
    # (maps_to edges), with the transposes edge: the directive duty is met through them.
    transposed_by: dict[str, list[tuple[str, Edge]]] = field(default_factory=dict)
    # Directive provision -> every national provision transposing it (for in-force dates).
    transposers: dict[str, list[str]] = field(default_factory=dict)
    # Control -> its sub-clauses; controls in an order that puts sub-clauses first.
    control_children: dict[str, list[str]] = field(default_factory=dict)
    control_order: list[str] = field(default_factory=list)
    implementers: dict[str, list[tuple[str, Extent]]] = field(default_factory=dict)
    direct: dict[str, list[tuple[str, Extent]]] = field(default_factory=dict)
    risks_by_target: dict[str, list[str]] = field(default_factory=dict)
    assessments: dict[str, Assessment] = field(default_factory=dict)
    insufficient: dict[str, LocalizedText] = field(default_factory=dict)
    joint: dict[str, MappingSet] = field(default_factory=dict)
    # Per requirement, what coverage is built from apart from measures (engine.plan): the
    # catalog's layer, shared with the catalog part (and so with every organisation's index),
    # and this index's own layer, shared by the copies the what-if computations make of it.
    shapes: dict[str, Any] = field(default_factory=dict)
    plans: dict[str, Any] = field(default_factory=dict)
    # Per requirement, what the catalog alone says of its scope (applicability._static):
    # shared with the catalog part like `shapes`.
    scope_facts: dict[str, Any] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    # The requirements in natural id order, shared with the catalog part (read, never change;
    # empty in an index built otherwise: sort `reqs` then).
    natural_order: list[str] = field(default_factory=list)


def build_index(catalog: Catalog, org: OrgData, versions: Mapping[str, LoadedVersion]) -> Index:
    """The engine's tables for `versions` and `org`, as `build_graph` would give them.

    The catalog part (requirements, controls, catalog edges, and the dependency order per set
    of settled requirements) depends only on the catalog and the selected versions: it is
    built once and shared, read-only, by the index of every organisation analysed against
    them (a portfolio of fifty organisations builds it once). The organisation's measures,
    risks and assessments are added here each time."""
    part = catalog_part(catalog, versions)
    ix = Index(
        graph=part.graph,
        reqs=dict(part.reqs),
        controls=dict(part.controls),
        parent=dict(part.parent),
        children=dict(part.children),
        maps_to=dict(part.maps_to),
        inherits=dict(part.inherits),
        transposers=dict(part.transposers),
        control_children=dict(part.control_children),
        control_order=list(part.control_order),
        insufficient=dict(part.insufficient),
        joint=dict(part.joint),
        # Shared, not copied: filled once for every organisation.
        shapes=part.shapes,
        scope_facts=part.scope_facts,
    )
    _add_measures(ix, org)
    _add_risks(ix, org)
    ix.assessments = latest_assessments(org.assessments)
    # A requirement with own control members (not all assessed not_applicable) never uses its
    # transposes/specified_by edges, so it can safely be what a directive provision inherits
    # from: the directive duty is met through the national provision.
    not_applicable = {
        t for t, a in ix.assessments.items() if a.result is AssessmentResult.NOT_APPLICABLE
    }
    settled = (
        frozenset(
            r for r, pairs in ix.maps_to.items() if any(c not in not_applicable for c, _ in pairs)
        )
        if not_applicable
        else frozenset(r for r, pairs in ix.maps_to.items() if pairs)
    )
    for source_id in sorted(settled & set(ix.inherits)):
        for target, etype, edge in ix.inherits[source_id]:
            if etype is EdgeType.TRANSPOSES:
                ix.transposed_by.setdefault(target, []).append((source_id, edge))
    sort_pairs(ix.transposed_by)
    order = part.orders.get(settled)
    if order is None:
        extra = [(d, n) for d, ns in ix.transposed_by.items() for n, _ in ns]
        order = part.orders[settled] = dependency_order(
            part_graph(part), extra, unused_from=settled
        )
        ix.graph = part.graph
    ix.order = list(order)
    if not part.natural_order:
        part.natural_order = natural_sorted(part.reqs)
    ix.natural_order = part.natural_order
    return ix


def _add_measures(ix: Index, org: OrgData) -> None:
    """Implementing and direct links, as `graph._add_measure` makes them: the first measure
    of an id wins, links to unknown targets are left out, a target named twice counts once
    with its widest extent."""
    for measure in sorted(org.measures, key=lambda m: natural_key(m.id)):
        if measure.id in ix.measures:
            continue
        ix.measures[measure.id] = measure
        links: dict[tuple[str, str], Extent] = {}
        targets = [(CONTROL, c.control, c.extent) for c in measure.controls]
        targets += [(REQUIREMENT, r.requirement, r.extent) for r in measure.requirements]
        for kind, target, extent in targets:
            known = ix.controls if kind == CONTROL else ix.reqs
            if target not in known:
                continue
            if (kind, target) not in links or extent is Extent.FULL:
                links[(kind, target)] = extent
        for (kind, target), extent in links.items():
            table = ix.implementers if kind == CONTROL else ix.direct
            table.setdefault(target, []).append((measure.id, extent))
    sort_pairs(ix.implementers)
    sort_pairs(ix.direct)


def _add_risks(ix: Index, org: OrgData) -> None:
    """Risks and what they concern, as `graph._add_risks` links them: a concerned id names
    every requirement, control and measure of that id; an unknown id links nothing."""
    tables = (ix.reqs, ix.controls, ix.measures)
    for risk in sorted(org.risks, key=lambda r: natural_key(r.id)):
        if risk.id in ix.risks:
            continue
        ix.risks[risk.id] = risk
        for target in set(risk.concerns):
            nodes = sum(target in table for table in tables)
            for _ in range(nodes):  # once per node of that id
                ix.risks_by_target.setdefault(target, []).append(risk.id)
    for ids in ix.risks_by_target.values():
        ids.sort(key=natural_key)


def latest_assessments(assessments: Iterable[Assessment]) -> dict[str, Assessment]:
    """The assessment in force per target: the latest by date. Ties on the date are broken by
    result, assessor and justification so that the choice never depends on file order."""
    latest: dict[str, Assessment] = {}
    for a in assessments:
        best = latest.get(a.target)
        if best is None or _assessment_key(a) > _assessment_key(best):
            latest[a.target] = a
    return latest


def _assessment_key(a: Assessment) -> tuple[object, ...]:
    return (a.date, a.result.value, a.assessor, a.justification, a.version or "")
