"""Cross-file checks of the catalogs: edge endpoints, duplicate edges, cycles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gapcheck.catalog._common import duplicates
from gapcheck.catalog.yamlio import YamlDoc
from gapcheck.errors import Problem, ProblemCode
from gapcheck.model import Edge, EdgeType, LoadedVersion, MappingSet

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["EdgeAt", "SetAt", "check_cycles", "check_edges", "parent_cycles"]

C = ProblemCode
EdgeAt = tuple[Edge, str, int | None]
SetAt = tuple[MappingSet, str, int | None]


def check_edges(
    edges: list[EdgeAt],
    sets: list[SetAt],
    files: list[str],
    req_ids: set[str],
    control_ids: set[str],
) -> list[Problem]:
    problems: list[Problem] = []
    for edge, f, line in edges:
        ident = f"{edge.source} -> {edge.target}"
        if edge.source not in req_ids:
            problems.append(
                Problem.of(
                    C.UNKNOWN_REQUIREMENT, f, line, ident, "fix.edge_from", ident=edge.source
                )
            )
        if edge.type is EdgeType.MAPS_TO and edge.target not in control_ids:
            problems.append(
                Problem.of(
                    C.UNKNOWN_CONTROL, f, line, ident, "fix.edge_to_control", ident=edge.target
                )
            )
        if edge.type is not EdgeType.MAPS_TO and edge.target not in req_ids:
            problems.append(
                Problem.of(
                    C.UNKNOWN_REQUIREMENT,
                    f,
                    line,
                    ident,
                    "fix.edge_to_requirement",
                    ident=edge.target,
                    type=edge.type.value,
                )
            )
    problems += duplicates(
        ((f"{e.source} -{e.type.value}-> {e.target}", f, line) for e, f, line in edges),
        "edge",
        "fix.duplicate_edge",
    )
    for mset, f, line in sets:
        if mset.requirement not in req_ids:
            problems.append(
                Problem.of(
                    C.UNKNOWN_REQUIREMENT,
                    f,
                    line,
                    mset.requirement,
                    "fix.set_requirement",
                    ident=mset.requirement,
                )
            )
    targets: dict[str, set[str]] = {}
    for edge, _, _ in edges:
        if edge.type is EdgeType.MAPS_TO:
            targets.setdefault(edge.source, set()).add(edge.target)
    for mset, f, line in sets:
        unmapped = [c for c in mset.controls if c not in targets.get(mset.requirement, set())]
        if unmapped:
            problems.append(
                Problem(
                    f,
                    line,
                    mset.requirement,
                    "jointly sufficient set names controls the requirement is not mapped to: "
                    + ", ".join(unmapped),
                    "list only controls of the requirement's maps_to edges (or add the edges)",
                )
            )
    problems += duplicates(
        ((s.requirement, f, line) for s, f, line in sets),
        "mapping_set",
        "fix.duplicate_set",
    )
    return problems


def parent_cycles(items: list[tuple[str, str | None, str, int | None]]) -> list[Problem]:
    """Cycles among control parents."""
    import networkx as nx  # only when the catalogs are loaded, not when they come from the cache

    graph: nx.DiGraph[str] = nx.DiGraph([(p, i) for i, p, _, _ in items if p])
    where = {ident: (f, line) for ident, _, f, line in items}
    problems = []
    for component in sorted(nx.strongly_connected_components(graph), key=min):
        if len(component) > 1 or graph.has_edge(*(2 * [next(iter(component))])):
            first = min(component)
            f, line = where.get(first, ("controls", None))
            ids = " -> ".join(sorted(component))
            problems.append(Problem.of(C.CYCLE_PARENTS, f, line, first, ids=ids))
    return problems


def check_cycles(
    versions: list[tuple[LoadedVersion, YamlDoc]], edges: list[EdgeAt]
) -> list[Problem]:
    """transposes, specified_by and contains (parent) must not form a cycle.

    Parents are taken one version of a source at a time (with one version of every
    other source): a law restructured between versions (v1 `2` ⊃ `2.1`, v2 the reverse) has
    no cycle in any single text and must load.
    """
    other: dict[str, tuple[LoadedVersion, YamlDoc]] = {}
    for loaded, doc in versions:
        other[loaded.source.id] = (loaded, doc)  # any one version of each source
    seen: set[tuple[str, ...]] = set()
    problems: list[Problem] = []
    checked: set[tuple[int, ...]] = set()
    for loaded, doc in versions:
        chosen = {**other, loaded.source.id: (loaded, doc)}
        # A source with one version gives the same choice as any other such source: checked
        # once (the shipped catalogs have one version per source: one check, not ten).
        combination = tuple(sorted(id(v) for v, _ in chosen.values()))
        if combination in checked:
            continue
        checked.add(combination)
        for problem, key in _cycles_in(list(chosen.values()), edges):
            if key not in seen:
                seen.add(key)
                problems.append(problem)
    return problems


def _cycles_in(
    versions: list[tuple[LoadedVersion, YamlDoc]], edges: list[EdgeAt]
) -> list[tuple[Problem, tuple[str, ...]]]:
    import networkx as nx

    graph: nx.DiGraph[str] = nx.DiGraph()
    where: dict[tuple[str, str], tuple[str, int | None]] = {}
    for loaded, doc in versions:
        for i, req in enumerate(loaded.requirements):
            if req.parent:
                graph.add_edge(req.parent, req.id)
                where[(req.parent, req.id)] = (doc.path, doc.line_of(("requirements", i)))
    for edge, f, line in edges:
        if edge.type is not EdgeType.MAPS_TO:
            graph.add_edge(edge.source, edge.target)
            where[(edge.source, edge.target)] = (f, line)
    found = []
    for component in sorted(nx.strongly_connected_components(graph), key=min):
        if len(component) == 1 and not graph.has_edge(*(2 * [next(iter(component))])):
            continue
        cycle = nx.find_cycle(graph.subgraph(component), source=min(component))
        ids = [u for u, _ in cycle] + [cycle[0][0]]
        f, line = where[(cycle[0][0], cycle[0][1])]
        problem = Problem.of(C.CYCLE_LINKS, f, line, ids[0], ids=" -> ".join(ids))
        found.append((problem, tuple(sorted(component))))
    return found
