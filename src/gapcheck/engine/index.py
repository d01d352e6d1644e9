"""Typed lookup tables read once from the graph, so the computation never scans it again."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from gapcheck.engine.graph import (
    CONTAINS,
    CONTROL,
    MAPS_TO,
    REQUIREMENT,
    Graph,
    catalog_graph,
    dependency_order,
)
from gapcheck.engine.order import natural_key
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
    Requirement,
    Risk,
    Source,
    SourceVersion,
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

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class ReqInfo:
    """A selected requirement with the source and version it belongs to."""

    requirement: Requirement
    source: Source
    version: SourceVersion


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


def build_index(catalog: Catalog, org: OrgData, versions: Mapping[str, LoadedVersion]) -> Index:
    """The engine's tables for `versions` and `org`, as `build_graph` would give them.

    The catalog part (requirements, controls, catalog edges, and the dependency order per set
    of settled requirements) depends only on the catalog and the selected versions: it is
    built once and shared, read-only, by the index of every organisation analysed against
    them (a portfolio of fifty organisations builds it once). The organisation's measures,
    risks and assessments are added here each time."""
    part = _catalog_part(catalog, versions)
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
    settled = frozenset(
        r for r, pairs in ix.maps_to.items() if any(c not in not_applicable for c, _ in pairs)
    )
    for source_id in sorted(settled & set(ix.inherits)):
        for target, etype, edge in ix.inherits[source_id]:
            if etype is EdgeType.TRANSPOSES:
                ix.transposed_by.setdefault(target, []).append((source_id, edge))
    _sort_pairs(ix.transposed_by)
    order = part.orders.get(settled)
    if order is None:
        extra = [(d, n) for d, ns in ix.transposed_by.items() for n, _ in ns]
        order = part.orders[settled] = dependency_order(_graph(part), extra, unused_from=settled)
        ix.graph = part.graph
    ix.order = list(order)
    return ix


def _graph(part: CatalogPart) -> Graph:
    if part.graph is None:  # a part from the catalog cache: built when first needed
        part.graph = catalog_graph(part.catalog, part.versions)
    return part.graph


@dataclass(slots=True)
class CatalogPart:
    """What every organisation's index shares for one catalog and selection of versions."""

    catalog: Catalog
    versions: dict[str, LoadedVersion]
    graph: Graph | None
    reqs: dict[str, ReqInfo] = field(default_factory=dict)
    controls: dict[str, Control] = field(default_factory=dict)
    parent: dict[str, str] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)
    maps_to: dict[str, list[tuple[str, Edge]]] = field(default_factory=dict)
    inherits: dict[str, list[tuple[str, EdgeType, Edge]]] = field(default_factory=dict)
    transposers: dict[str, list[str]] = field(default_factory=dict)
    control_children: dict[str, list[str]] = field(default_factory=dict)
    control_order: list[str] = field(default_factory=list)
    insufficient: dict[str, LocalizedText] = field(default_factory=dict)
    joint: dict[str, MappingSet] = field(default_factory=dict)
    # engine.plan's catalog layer and applicability's catalog facts per requirement, filled
    # as analyses need them.
    shapes: dict[str, Any] = field(default_factory=dict)
    scope_facts: dict[str, Any] = field(default_factory=dict)
    # Dependency order per set of settled requirements (most organisations share one).
    orders: dict[frozenset[str], list[str]] = field(default_factory=dict)


_PARTS: OrderedDict[tuple[object, ...], CatalogPart] = OrderedDict()
_PARTS_KEPT = 4
_PARTS_LOCK = threading.Lock()


def _part_key(catalog: Catalog, versions: Mapping[str, LoadedVersion]) -> tuple[object, ...]:
    # Keyed by identity (catalogs are immutable once loaded); the entry keeps its catalog, so
    # an id cannot be reused for another catalog while the entry lives.
    return (id(catalog), *sorted((s, id(v)) for s, v in versions.items()))


def _catalog_part(catalog: Catalog, versions: Mapping[str, LoadedVersion]) -> CatalogPart:
    key = _part_key(catalog, versions)
    with _PARTS_LOCK:
        part = _PARTS.get(key)
        if part is not None and part.catalog is catalog:
            _PARTS.move_to_end(key)
            return part
    part = _build_part(catalog, versions)
    _keep(key, part)
    return part


def _keep(key: tuple[object, ...], part: CatalogPart) -> None:
    with _PARTS_LOCK:
        _PARTS[key] = part
        while len(_PARTS) > _PARTS_KEPT:
            _PARTS.popitem(last=False)


def shared_parts(catalog: Catalog) -> list[CatalogPart]:
    """The catalog parts built so far for `catalog`, with their dependency orders but without
    their graphs: what the service's catalog cache keeps beside the catalog, so that a later
    process neither rebuilds them nor imports networkx for them."""
    with _PARTS_LOCK:
        parts = [p for p in _PARTS.values() if p.catalog is catalog]
        return [
            replace(
                p,
                graph=None,
                orders=dict(p.orders),
                shapes=dict(p.shapes),
                scope_facts=dict(p.scope_facts),
            )
            for p in parts
        ]


def adopt_parts(parts: Iterable[CatalogPart]) -> None:
    """Use `parts` (from `shared_parts`, read back with their catalog) as if built here. Each
    part's versions must be the catalog's own `LoadedVersion` objects (as `select_versions`
    returns them), which unpickling the catalog and its parts together keeps."""
    for part in parts:
        _keep(_part_key(part.catalog, part.versions), part)


def _build_part(catalog: Catalog, versions: Mapping[str, LoadedVersion]) -> CatalogPart:
    g = catalog_graph(catalog, versions)
    part = CatalogPart(catalog=catalog, versions=dict(versions), graph=g)
    for (kind, node_id), data in g.nodes(data=True):
        if kind == REQUIREMENT:
            part.reqs[node_id] = ReqInfo(data["requirement"], data["source"], data["version"])
        elif kind == CONTROL:
            part.controls[node_id] = data["control"]
    for (_, u), (_, v), data in g.edges(data=True):
        etype = data["type"]
        if etype == CONTAINS:
            part.parent[v] = u
            part.children.setdefault(u, []).append(v)
        elif etype == MAPS_TO:
            part.maps_to.setdefault(u, []).append((v, data["edge"]))
        else:  # transposes / specified_by
            part.inherits.setdefault(u, []).append((v, EdgeType(etype), data["edge"]))
            if etype == EdgeType.TRANSPOSES.value:
                part.transposers.setdefault(v, []).append(u)
    # Graph iteration order is insertion order; sort anyway so no caller relies on that.
    _sort_pairs(part.maps_to)
    _sort_pairs(part.inherits)
    for ids in (*part.children.values(), *part.transposers.values()):
        ids.sort(key=natural_key)
    _index_controls(part)
    part.insufficient = insufficient_sets(catalog.sets)
    part.joint = joint_sets(catalog.sets)
    return part


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
    _sort_pairs(ix.implementers)
    _sort_pairs(ix.direct)


def _add_risks(ix: Index, org: OrgData) -> None:
    """Risks and what they concern, as `graph._add_risks` links them: a concerned id names
    every requirement, control and measure of that id; an unknown id links nothing."""
    kinds: dict[str, int] = {}
    for table in (ix.reqs, ix.controls, ix.measures):
        for ident in table:
            kinds[ident] = kinds.get(ident, 0) + 1
    for risk in sorted(org.risks, key=lambda r: natural_key(r.id)):
        if risk.id in ix.risks:
            continue
        ix.risks[risk.id] = risk
        for target in set(risk.concerns):
            for _ in range(kinds.get(target, 0)):  # once per node of that id
                ix.risks_by_target.setdefault(target, []).append(risk.id)
    for ids in ix.risks_by_target.values():
        ids.sort(key=natural_key)


def _sort_pairs(table: Mapping[str, list[_T]]) -> None:
    # Each entry is a tuple whose first element is an id.
    for pairs in table.values():
        pairs.sort(key=lambda p: natural_key(p[0]))  # type: ignore[index]


def _index_controls(ix: Index | CatalogPart) -> None:
    """Sub-clauses per control, and an order with every sub-clause before its parent (control
    parents are acyclic: the loader checks it; a cycle's members simply come last)."""
    for cid, control in ix.controls.items():
        if control.parent is not None and control.parent in ix.controls:
            ix.control_children.setdefault(control.parent, []).append(cid)
    for kids in ix.control_children.values():
        kids.sort(key=natural_key)

    def depth(cid: str) -> int:
        d, seen, node = 0, {cid}, ix.controls[cid].parent
        while node is not None and node in ix.controls and node not in seen:
            seen.add(node)
            d, node = d + 1, ix.controls[node].parent
        return d

    ix.control_order = sorted(ix.controls, key=lambda c: (-depth(c), natural_key(c)))


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


def joint_sets(sets: Iterable[MappingSet]) -> dict[str, MappingSet]:
    """Requirement id → its declared jointly sufficient mapping set (`sufficient: true`)."""
    return {s.requirement: s for s in sets if s.sufficient}


def insufficient_sets(sets: Iterable[MappingSet]) -> dict[str, LocalizedText]:
    """Requirement id → rationale for mapping sets marked `sufficient: false` (several
    statements about one requirement are joined, in sorted order, in each language)."""
    rationales: dict[str, set[tuple[str, str]]] = {}
    for s in sets:
        if not s.sufficient:
            pair = (s.rationale.sv or "", s.rationale.en or "")
            rationales.setdefault(s.requirement, set()).add(pair)
    return {
        req: LocalizedText(
            sv=" / ".join(sorted({sv for sv, _ in pairs} - {""})) or None,
            en=" / ".join(sorted({en for _, en in pairs} - {""})) or None,
        )
        for req, pairs in rationales.items()
    }
