"""Typed lookup tables read once from the graph, so the computation never scans it again."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from gapcheck.engine.graph import (
    ADDRESSES,
    CONCERNS,
    CONTAINS,
    CONTROL,
    IMPLEMENTS,
    MAPS_TO,
    MEASURE,
    REQUIREMENT,
    RISK,
    Graph,
    build_graph,
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
    "Index",
    "ReqInfo",
    "build_index",
    "insufficient_sets",
    "joint_sets",
    "latest_assessments",
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

    graph: Graph
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
    # Per requirement, what coverage is built from apart from measures (coverage._plan):
    # computed once and shared by the copies the what-if computations make of the index.
    plans: dict[str, Any] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)


def build_index(catalog: Catalog, org: OrgData, versions: Mapping[str, LoadedVersion]) -> Index:
    """Build the graph for `versions` and read it into typed tables."""
    g = build_graph(catalog, org, versions)
    ix = Index(graph=g)
    for (kind, node_id), data in g.nodes(data=True):
        if kind == REQUIREMENT:
            ix.reqs[node_id] = ReqInfo(data["requirement"], data["source"], data["version"])
        elif kind == CONTROL:
            ix.controls[node_id] = data["control"]
        elif kind == MEASURE:
            ix.measures[node_id] = data["measure"]
        elif kind == RISK:
            ix.risks[node_id] = data["risk"]
    for (_, u), (_, v), data in g.edges(data=True):
        etype = data["type"]
        if etype == CONTAINS:
            ix.parent[v] = u
            ix.children.setdefault(u, []).append(v)
        elif etype == MAPS_TO:
            ix.maps_to.setdefault(u, []).append((v, data["edge"]))
        elif etype == IMPLEMENTS:
            ix.implementers.setdefault(v, []).append((u, data["extent"]))
        elif etype == ADDRESSES:
            ix.direct.setdefault(v, []).append((u, data["extent"]))
        elif etype == CONCERNS:
            ix.risks_by_target.setdefault(v, []).append(u)
        else:  # transposes / specified_by
            ix.inherits.setdefault(u, []).append((v, EdgeType(etype), data["edge"]))
            if etype == EdgeType.TRANSPOSES.value:
                ix.transposers.setdefault(v, []).append(u)
    # Graph iteration order is insertion order; sort anyway so no caller relies on that.
    _sort_pairs(ix.maps_to)
    _sort_pairs(ix.inherits)
    _sort_pairs(ix.implementers)
    _sort_pairs(ix.direct)
    _sort_pairs(ix.transposed_by)
    for ids in (*ix.children.values(), *ix.risks_by_target.values(), *ix.transposers.values()):
        ids.sort(key=natural_key)
    _index_controls(ix)
    ix.assessments = latest_assessments(org.assessments)
    ix.insufficient = insufficient_sets(catalog.sets)
    ix.joint = joint_sets(catalog.sets)
    # A requirement with own control members (not all assessed not_applicable) never uses its
    # transposes/specified_by edges, so it can safely be what a directive provision inherits
    # from: the directive duty is met through the national provision.
    not_applicable = {
        t for t, a in ix.assessments.items() if a.result is AssessmentResult.NOT_APPLICABLE
    }
    settled = {
        r for r, pairs in ix.maps_to.items() if any(c not in not_applicable for c, _ in pairs)
    }
    for source_id in sorted(settled & set(ix.inherits)):
        for target, etype, edge in ix.inherits[source_id]:
            if etype is EdgeType.TRANSPOSES:
                ix.transposed_by.setdefault(target, []).append((source_id, edge))
    _sort_pairs(ix.transposed_by)
    extra = [(d, n) for d, ns in ix.transposed_by.items() for n, _ in ns]
    ix.order = dependency_order(g, extra, unused_from=settled)
    return ix


def _sort_pairs(table: Mapping[str, list[_T]]) -> None:
    # Each entry is a tuple whose first element is an id.
    for pairs in table.values():
        pairs.sort(key=lambda p: natural_key(p[0]))  # type: ignore[index]


def _index_controls(ix: Index) -> None:
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
