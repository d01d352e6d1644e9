"""The traceability graph: requirements, controls, measures and risks in one networkx DiGraph.

Nodes are `(kind, id)` tuples so that ids of different kinds can never merge; each node carries
`kind`, `id` and the model object (`requirement` + `source` + `version`, `control`, `measure`
or `risk`). Edges carry `type` (one of `EDGE_TYPES`) and, where relevant, `edge` (the catalog
`Edge`, for maps_to/transposes/specified_by) or `extent` (implements/addresses).

networkx has no type stubs, so every use of it stays in this module and in `index.py`; the rest
of the engine works on typed indices. It is imported only where a graph is built.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING, TypeAlias

from gapcheck.engine.order import natural_key
from gapcheck.errors import GapcheckError
from gapcheck.model import Edge, EdgeType, Extent, Measure
from gapcheck.model.bundle import Catalog, LoadedVersion, OrgData

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "ADDRESSES",
    "CONCERNS",
    "CONTAINS",
    "CONTROL",
    "EDGE_TYPES",
    "IMPLEMENTS",
    "MAPS_TO",
    "MEASURE",
    "REQUIREMENT",
    "RISK",
    "SPECIFIED_BY",
    "TRANSPOSES",
    "Graph",
    "GraphCycleError",
    "Node",
    "build_graph",
    "catalog_graph",
    "dependency_order",
]

# Node kinds.
REQUIREMENT = "requirement"
CONTROL = "control"
MEASURE = "measure"
RISK = "risk"

# Edge types. The first three are catalog edges (model.EdgeType); the rest come from the
# requirement hierarchy (contains: parent → child) and from the organisation's data.
MAPS_TO = EdgeType.MAPS_TO.value
TRANSPOSES = EdgeType.TRANSPOSES.value
SPECIFIED_BY = EdgeType.SPECIFIED_BY.value
CONTAINS = "contains"
IMPLEMENTS = "implements"
ADDRESSES = "addresses"
CONCERNS = "concerns"
EDGE_TYPES = (MAPS_TO, TRANSPOSES, SPECIFIED_BY, CONTAINS, IMPLEMENTS, ADDRESSES, CONCERNS)

# Edge types a requirement's coverage depends on; they must form a DAG.
_DEPENDENCY_TYPES = frozenset({TRANSPOSES, SPECIFIED_BY, CONTAINS})

# When two catalog edges join the same pair of nodes, the first in this order wins, so the
# result never depends on file order: catalog type, then the heaviest weight.
_TYPE_RANK = {EdgeType.MAPS_TO: 0, EdgeType.TRANSPOSES: 1, EdgeType.SPECIFIED_BY: 2}

Node = tuple[str, str]
# The traceability graph: nodes (kind, id), attributes as described in the module docstring.
Graph: TypeAlias = "nx.DiGraph[Node]"


class GraphCycleError(GapcheckError):
    """transposes/specified_by/contains edges form a cycle (the loader should have refused it)."""

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids
        super().__init__("cycle in transposes/specified_by/contains: " + " → ".join(ids))


def build_graph(catalog: Catalog, org: OrgData, versions: Mapping[str, LoadedVersion]) -> Graph:
    """The networkx DiGraph of the selected `versions` (see `select_versions`), all controls,
    and the organisation's measures and risks.

    Edges whose endpoints are not selected requirements / known controls are left out, as are
    duplicates (the first by a fixed order wins), so the graph does not depend on input order.
    """
    g = catalog_graph(catalog, versions)
    for measure in sorted(org.measures, key=lambda m: natural_key(m.id)):
        _add_measure(g, measure)
    _add_risks(g, org)
    return g


def catalog_graph(catalog: Catalog, versions: Mapping[str, LoadedVersion]) -> Graph:
    """The part of `build_graph` that is the same for every organisation: the selected
    requirements, all controls and the catalog edges between them."""
    # Imported here: an analysis whose catalog part comes from the catalog cache (see
    # index.adopt_parts) builds no graph, and importing networkx costs some 0.1 s.
    import networkx as nx

    g: Graph = nx.DiGraph()
    _add_requirements(g, versions)
    for control in sorted(catalog.controls, key=lambda c: natural_key(c.id)):
        _add_node(g, (CONTROL, control.id), control=control)
    _add_catalog_edges(g, catalog.edges)
    return g


def _add_node(g: Graph, node: Node, **attrs: object) -> bool:
    # First definition of an id wins; later duplicates are the loader's to report.
    if node in g:
        return False
    g.add_node(node, kind=node[0], id=node[1], **attrs)
    return True


def _add_requirements(g: Graph, versions: Mapping[str, LoadedVersion]) -> None:
    for source_id in sorted(versions, key=natural_key):
        loaded = versions[source_id]
        own: set[str] = set()
        for req in sorted(loaded.requirements, key=lambda r: natural_key(r.id)):
            if _add_node(
                g,
                (REQUIREMENT, req.id),
                requirement=req,
                source=loaded.source,
                version=loaded.version,
            ):
                own.add(req.id)
        # contains: only within the same version, so a parent is never taken from another act.
        for req in sorted(loaded.requirements, key=lambda r: natural_key(r.id)):
            if req.id in own and req.parent in own and req.parent != req.id:
                g.add_edge((REQUIREMENT, req.parent), (REQUIREMENT, req.id), type=CONTAINS)


def _edge_key(e: Edge) -> tuple[object, ...]:
    return (
        natural_key(e.source),
        natural_key(e.target),
        _TYPE_RANK[e.type],
        -e.weight,
        e.relationship.value,
        e.citation or "",
        (e.rationale.en or "") if e.rationale else "",
        (e.rationale.sv or "") if e.rationale else "",
        e.mapped_by or "",
        e.reviewed_against or "",
    )


def _add_catalog_edges(g: Graph, edges: tuple[Edge, ...]) -> None:
    for e in sorted(edges, key=_edge_key):
        u = (REQUIREMENT, e.source)
        v = (CONTROL if e.type is EdgeType.MAPS_TO else REQUIREMENT, e.target)
        if u in g and v in g and u != v and not g.has_edge(u, v):
            g.add_edge(u, v, type=e.type.value, edge=e)


def _add_measure(g: Graph, measure: Measure) -> None:
    node = (MEASURE, measure.id)
    if not _add_node(g, node, measure=measure):
        return
    # A measure that names a target twice counts once, with its widest extent.
    links = [(CONTROL, IMPLEMENTS, c.control, c.extent) for c in measure.controls] + [
        (REQUIREMENT, ADDRESSES, r.requirement, r.extent) for r in measure.requirements
    ]
    for kind, etype, target, extent in links:
        v = (kind, target)
        if v not in g:
            continue
        if g.has_edge(node, v):
            if extent is Extent.FULL:
                g.edges[node, v]["extent"] = Extent.FULL
            continue
        g.add_edge(node, v, type=etype, extent=extent)


def _add_risks(g: Graph, org: OrgData) -> None:
    # A risk may name a requirement, control or measure; an unknown id simply links nothing.
    by_id: dict[str, list[Node]] = {}
    for n in g.nodes:
        by_id.setdefault(n[1], []).append(n)
    for risk in sorted(org.risks, key=lambda r: natural_key(r.id)):
        node = (RISK, risk.id)
        if not _add_node(g, node, risk=risk):
            continue
        for target in risk.concerns:
            for v in by_id.get(target, []):
                g.add_edge(node, v, type=CONCERNS)


def dependency_order(
    g: Graph, extra: Iterable[tuple[str, str]] = (), unused_from: Collection[str] = ()
) -> list[str]:
    """Requirement ids, each after every requirement its coverage depends on
    (transposes/specified_by targets, children, and `extra` (dependent, dependency) pairs).
    Inheritance and child edges from `unused_from` (requirements with own members, which never use
    them) are not dependencies. Raises GraphCycleError on a cycle."""
    import networkx as nx

    deps: Graph = nx.DiGraph()
    deps.add_nodes_from(n for n in g.nodes if n[0] == REQUIREMENT)
    deps.add_edges_from(
        (u, v)
        for u, v, data in g.edges(data=True)
        if data["type"] in _DEPENDENCY_TYPES and u[1] not in unused_from
    )
    deps.add_edges_from(((REQUIREMENT, u), (REQUIREMENT, v)) for u, v in extra)
    try:
        # Lexicographic tie-breaking keeps the order (not only the values) reproducible.
        order: list[Node] = list(nx.lexicographical_topological_sort(deps, key=lambda n: n[1]))
    except nx.NetworkXUnfeasible:
        cycle = nx.find_cycle(deps)
        raise GraphCycleError([u[1] for u, _ in cycle] + [cycle[0][0][1]]) from None
    return [n[1] for n in reversed(order)]
